use super::*;

#[test]
fn a_live_lock_is_refused_with_the_pid() {
    let d = tempfile::tempdir().unwrap();
    let lock = SessionLock::acquire(d.path(), "1122-negroni-7f3a").unwrap();
    let err = SessionLock::acquire(d.path(), "1122-negroni-7f3a").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "session 1122-negroni-7f3a is open in another maya (pid {})",
            std::process::id()
        )
    );
    assert_eq!(
        SessionLock::holder(d.path(), "1122-negroni-7f3a"),
        Some(std::process::id())
    );
    drop(lock);
    assert!(!d.path().join("1122-negroni-7f3a.lock").exists());
    SessionLock::acquire(d.path(), "1122-negroni-7f3a").unwrap();
}

#[cfg(unix)]
#[test]
fn the_lock_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let _lock = SessionLock::acquire(d.path(), "s").unwrap();
    let mode = std::fs::metadata(d.path().join("s.lock"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_lock_that_cannot_be_made_says_why_once() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("sessions");
    std::fs::write(&sessions, "a file, not a directory").unwrap();
    let err = SessionLock::acquire(&sessions, "s").unwrap_err();
    assert!(matches!(err, LockError::Io { .. }), "{err}");
    // The cause is said once, also when the whole chain is printed.
    let text = format!("{:#}", anyhow::Error::from(err));
    assert_eq!(text.matches("os error 20").count(), 1, "{text}");
}

#[test]
fn a_dead_owner_is_taken_over() {
    let d = tempfile::tempdir().unwrap();
    // A child that has exited: its pid is free (or recycled with another start time).
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    std::fs::write(d.path().join("s.lock"), format!("{pid} 1")).unwrap();
    let _lock = SessionLock::acquire(d.path(), "s").unwrap();
    assert_eq!(SessionLock::holder(d.path(), "s"), Some(std::process::id()));
}

#[test]
fn a_recycled_pid_is_not_the_owner() {
    let d = tempfile::tempdir().unwrap();
    // Our own pid but a start time that is not ours: a previous process that had our pid.
    std::fs::write(d.path().join("s.lock"), format!("{} 1", std::process::id())).unwrap();
    SessionLock::acquire(d.path(), "s").unwrap();
}

#[test]
fn garbage_in_a_lock_file_is_stale() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("s.lock"), "not a pid").unwrap();
    SessionLock::acquire(d.path(), "s").unwrap();
}

#[test]
fn a_live_owner_is_refused_even_before_it_wrote_its_pid() {
    let d = tempfile::tempdir().unwrap();
    // Another process's lock, taken an instant ago: the file is still empty.
    let theirs = std::fs::File::create(d.path().join("s.lock")).unwrap();
    theirs.lock().unwrap();
    let err = SessionLock::acquire(d.path(), "s").unwrap_err();
    assert!(matches!(err, LockError::Held { .. }), "{err}");
    assert_eq!(err.to_string(), "session s is open in another maya");
    assert!(SessionLock::holder(d.path(), "s").is_some());
    drop(theirs);
    SessionLock::acquire(d.path(), "s").unwrap();
}

#[test]
fn locking_and_letting_go_in_a_tight_race_never_gives_two_owners() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let d = tempfile::tempdir().unwrap();
    let inside = AtomicUsize::new(0);
    let wins = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                for _ in 0..300 {
                    if let Ok(lock) = SessionLock::acquire(d.path(), "s") {
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two owners");
                        wins.fetch_add(1, Ordering::Relaxed);
                        std::thread::yield_now();
                        inside.fetch_sub(1, Ordering::SeqCst);
                        // Dropping removes the file while others may hold it open.
                        drop(lock);
                    }
                }
            });
        }
    });
    assert!(wins.load(Ordering::Relaxed) > 0);
    assert!(!d.path().join("s.lock").exists());
}

/// Entry point of the child process in `a_killed_owner_releases_the_lock`.
#[test]
#[ignore = "run by a_killed_owner_releases_the_lock"]
fn child_holds_the_lock() {
    let Ok(dir) = std::env::var("MAYA_LOCK_CHILD_DIR") else {
        return;
    };
    let _lock = SessionLock::acquire(Path::new(&dir), "s").unwrap();
    println!("LOCKED");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn a_killed_owner_releases_the_lock() {
    use std::io::BufRead;
    let d = tempfile::tempdir().unwrap();
    // This very binary, even if a rebuild has replaced the file meanwhile.
    let exe = Path::new("/proc/self/exe");
    let exe = if exe.exists() {
        exe.to_path_buf()
    } else {
        std::env::current_exe().unwrap()
    };
    let mut child = std::process::Command::new(exe)
        .args([
            "--exact",
            "session::lock::tests::child_holds_the_lock",
            "--ignored",
            "--nocapture",
        ])
        .env("MAYA_LOCK_CHILD_DIR", d.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let locked = std::io::BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("LOCKED"));
    assert!(locked, "the child never took the lock");
    let err = SessionLock::acquire(d.path(), "s").unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("open in another maya (pid {})", child.id())),
        "{err}"
    );
    child.kill().unwrap(); // SIGKILL: no destructor runs, the file stays behind
    child.wait().unwrap();
    assert!(d.path().join("s.lock").exists());
    assert_eq!(SessionLock::holder(d.path(), "s"), None);
    let _lock = SessionLock::acquire(d.path(), "s").unwrap();
    assert_eq!(SessionLock::holder(d.path(), "s"), Some(std::process::id()));
}

#[test]
fn racing_takeovers_of_one_stale_lock_leave_one_owner() {
    for _ in 0..20 {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("s.lock"), "0").unwrap();
        let start = std::sync::Barrier::new(6);
        let won = std::thread::scope(|scope| {
            let tries: Vec<_> = (0..6)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        // Hold on to a won lock until every thread has tried.
                        SessionLock::acquire(d.path(), "s").ok()
                    })
                })
                .collect();
            tries
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect::<Vec<_>>()
        });
        let owners = won.iter().filter(|l| l.is_some()).count();
        assert_eq!(owners, 1, "{owners} threads hold the session");
    }
}
