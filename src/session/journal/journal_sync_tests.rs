//! Durability: a failed fsync is remembered until what it may have lost is written again, and
//! new files and directories are synced into their parents.

use std::io;
use std::sync::{Arc, Mutex};

use super::tests::{Rec, dir, sample, write};
use super::*;
use crate::durable::DIR_SYNCS;

/// A disk the way Linux treats a failed fsync: written bytes sit in the page cache; an fsync
/// that fails leaves them off the disk but marks them clean, so the next fsync can succeed
/// without ever writing them.
#[derive(Clone, Default)]
struct Disk {
    state: Arc<Mutex<DiskState>>,
}

#[derive(Default)]
struct DiskState {
    cache: Vec<u8>,
    disk: Vec<u8>,
    /// Where the dirty (not yet written back) part of the cache starts.
    dirty_from: usize,
    fail_syncs: usize,
}

impl Storage for Disk {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.state.lock().unwrap().cache.extend_from_slice(bytes);
        Ok(())
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        let mut s = self.state.lock().unwrap();
        s.cache.truncate(len as usize);
        s.dirty_from = s.dirty_from.min(len as usize);
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        let mut s = self.state.lock().unwrap();
        if s.fail_syncs > 0 {
            s.fail_syncs -= 1;
            s.dirty_from = s.cache.len(); // written back "failed": now clean, never on disk
            return Err(io::Error::from_raw_os_error(5));
        }
        let (from, len) = (s.dirty_from, s.cache.len());
        if s.disk.len() < len {
            s.disk.resize(len, 0); // what was lost reads back as zeros
        }
        s.disk.truncate(len);
        let fresh = s.cache[from..].to_vec();
        s.disk[from..].copy_from_slice(&fresh);
        s.dirty_from = len;
        Ok(())
    }
}

#[test]
fn a_failed_fsync_stays_a_problem_until_everything_is_written_again() {
    let disk = Disk::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(disk.clone()), 0);
    j.append(&Rec::User { text: "one".into() });
    j.sync();
    assert_eq!(j.reason(), None);
    j.append(&Rec::User { text: "two".into() });
    disk.state.lock().unwrap().fail_syncs = 1;
    j.sync();
    let why = j.reason().expect("the failed fsync is reported");
    assert!(
        why.contains("Input/output error") || why.contains("os error 5"),
        "{why}"
    );
    // The next fsync would succeed, but "two" never reached the disk: not saved yet.
    j.append(&Rec::User {
        text: "three".into(),
    });
    j.sync();
    assert_eq!(j.reason(), None, "written again and synced");
    let s = disk.state.lock().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&s.disk),
        String::from_utf8_lossy(&s.cache),
        "everything is on the disk"
    );
    let recs: Vec<Rec> = String::from_utf8(s.disk.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        recs,
        ["one", "two", "three"].map(|t| Rec::User { text: t.into() })
    );
}

#[test]
fn a_failed_fsync_whose_lost_part_cannot_be_kept_stays_unsafe() {
    let disk = Disk::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(disk.clone()), 0);
    j.append(&Rec::User { text: "one".into() });
    j.sync();
    // A failed fsync, then more than can be kept to write again (no line is synced part-way
    // while a failure is pending: the next sync must write everything since the good one).
    j.append(&Rec::User { text: "two".into() });
    disk.state.lock().unwrap().fail_syncs = 1;
    j.sync();
    let big = "x".repeat(1024 * 1024);
    for _ in 0..9 {
        j.append(&Rec::User { text: big.clone() });
    }
    for _ in 0..3 {
        j.sync();
        let why = j.reason().expect("still unsafe");
        assert!(why.contains("stays unsafe"), "{why}");
    }
}

/// The records a disk holds, read back.
fn on_disk(disk: &Disk) -> Vec<Rec> {
    let s = disk.state.lock().unwrap();
    assert_eq!(s.disk, s.cache, "everything is on the disk");
    String::from_utf8(s.disk.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_long_line_is_synced_part_way_so_its_copy_stays_small() {
    let disk = Disk::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(disk.clone()), 0);
    let long = "a long reply. ".repeat(50_000); // 700 KB
    j.append(&Rec::Assistant { text: long.clone() });
    let kept = j.since_sync.as_ref().map_or(usize::MAX, Vec::capacity);
    assert!(
        kept < 2 * SYNC_EVERY,
        "kept {kept} bytes of a 700 KB line to write again"
    );
    assert!(
        disk.state.lock().unwrap().dirty_from >= 512 << 10,
        "most of the line is on the disk already"
    );
    j.sync();
    assert_eq!(j.reason(), None);
    assert_eq!(on_disk(&disk), [Rec::Assistant { text: long }]);
}

#[test]
fn a_part_way_sync_that_fails_is_written_again() {
    let disk = Disk::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(disk.clone()), 0);
    j.append(&Rec::User { text: "one".into() });
    j.sync();
    disk.state.lock().unwrap().fail_syncs = 1;
    let long = "a long reply. ".repeat(50_000);
    j.append(&Rec::Assistant { text: long.clone() });
    assert!(
        j.reason().is_some(),
        "the failed sync is a problem at once, not at the next sync"
    );
    j.sync();
    assert_eq!(j.reason(), None, "written again and synced");
    assert_eq!(
        on_disk(&disk),
        [
            Rec::User { text: "one".into() },
            Rec::Assistant { text: long }
        ]
    );
}

#[test]
fn a_failed_sync_pending_is_not_hidden_by_a_part_way_sync() {
    let disk = Disk::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(disk.clone()), 0);
    j.append(&Rec::User { text: "one".into() });
    disk.state.lock().unwrap().fail_syncs = 1;
    j.sync(); // "one" is lost from the cache's point of view
    assert!(j.reason().is_some());
    let long = "a long reply. ".repeat(50_000);
    j.append(&Rec::Assistant { text: long.clone() });
    j.sync();
    assert_eq!(j.reason(), None);
    assert_eq!(
        on_disk(&disk),
        [
            Rec::User { text: "one".into() },
            Rec::Assistant { text: long }
        ]
    );
}

fn dir_syncs() -> Vec<PathBuf> {
    DIR_SYNCS.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

#[test]
fn creating_a_journal_and_its_directories_syncs_each_parent() {
    let d = dir();
    let p = d.path().join("data/sessions/s.jsonl");
    dir_syncs();
    write(&p, &sample());
    let synced = dir_syncs();
    for parent in [
        d.path().to_path_buf(),
        d.path().join("data"),
        d.path().join("data/sessions"),
    ] {
        assert!(
            synced.contains(&parent),
            "{parent:?} not synced: {synced:?}"
        );
    }
}
