//! `tune` is process-wide, so what it does is observed in a child process of this test binary
//! that runs nothing else: once with the settings and once without, so the test can fail.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::process::Command;

const CHILD_TEST: &str = "allocator::tests::child_reports_what_malloc_did";

/// What the child saw, as `new_heap=BOOL mapped_grew=BOOL`.
fn child_report(tuned: bool) -> String {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args([
            CHILD_TEST,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(
            "MAYA_ALLOCATOR_CHILD",
            if tuned { "tuned" } else { "default" },
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .split_once("REPORT ")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or_else(|| panic!("no report in {stdout}"))
        .to_string()
}

#[test]
fn one_arena_serves_every_thread_and_large_blocks_stay_mapped() {
    assert_eq!(child_report(true), "new_heap=false mapped_grew=true");
    // Without the settings glibc behaves as the module says, or this test proves nothing.
    assert_eq!(child_report(false), "new_heap=true mapped_grew=false");
}

/// The child: whether a thread started after `tune` gets an arena of its own, and whether a
/// 256 KiB block is mapped on its own after a 4 MiB one was freed (which raises glibc's
/// dynamic threshold above it). The harness's own threads allocated before `tune`, so the
/// arenas are counted before and after, not in total.
#[test]
#[ignore = "run by one_arena_serves_every_thread_and_large_blocks_stay_mapped"]
fn child_reports_what_malloc_did() {
    let Ok(mode) = std::env::var("MAYA_ALLOCATOR_CHILD") else {
        return;
    };
    if mode == "tuned" {
        super::tune();
    }
    let heaps = || malloc_info().matches("<heap nr=").count();
    let heaps_before = heaps();
    let held = std::thread::spawn(|| std::hint::black_box(vec![1u8; 1000]))
        .join()
        .unwrap();
    let new_heap = heaps() > heaps_before;

    drop(std::hint::black_box(vec![1u8; 4 << 20]));
    // SAFETY: mallinfo2 only reads malloc's counters.
    let before = unsafe { libc::mallinfo2() }.hblkhd;
    let block = std::hint::black_box(vec![1u8; 256 * 1024]);
    let after = unsafe { libc::mallinfo2() }.hblkhd;
    let mapped_grew = after >= before + block.len();

    drop((held, block));
    println!("REPORT new_heap={new_heap} mapped_grew={mapped_grew}");
}

/// glibc's `malloc_info` XML, through a temporary file.
fn malloc_info() -> String {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("malloc.xml");
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path and mode; the FILE is closed before it is read.
    unsafe {
        let file = libc::fopen(c_path.as_ptr(), c"w".as_ptr());
        assert!(!file.is_null());
        assert_eq!(libc::malloc_info(0, file), 0);
        libc::fclose(file);
    }
    std::fs::read_to_string(path).unwrap()
}
