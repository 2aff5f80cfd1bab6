use super::*;
use crate::session::journal::{self, Journal};

type J = Journal<serde_json::Value>;

fn rec(n: u32) -> serde_json::Value {
    serde_json::json!({ "n": n })
}

/// A sessions "directory" that is a plain file: nothing can be created in it, like a
/// read-only disk (also for root, whom permissions do not stop).
fn blocked(dir: &Path) -> PathBuf {
    let sessions = dir.join("sessions");
    std::fs::write(&sessions, "not a directory").unwrap();
    sessions
}

#[test]
fn a_new_session_waits_for_the_disk_and_then_saves_everything() {
    let d = tempfile::tempdir().unwrap();
    let sessions = blocked(d.path());
    let storage = SessionStorage::new_session(&sessions, "1122-gin-0001");
    let path = storage.path().to_path_buf();
    let mut j = J::start(
        &path,
        serde_json::json!({"provider": "house"}),
        Box::new(storage),
    );
    assert!(j.reason().is_some(), "the warning is there from the start");
    j.append(&rec(1));
    j.sync();
    assert!(j.reason().is_some());
    // The disk comes back.
    std::fs::remove_file(&sessions).unwrap();
    j.append(&rec(2));
    j.sync();
    assert_eq!(j.reason(), None);
    let r = journal::replay::<serde_json::Value>(&path).unwrap();
    assert_eq!(r.header.meta["provider"], "house");
    assert_eq!(r.records, [rec(1), rec(2)]);
    // Taken late, the lock is still ours, and released with the journal.
    assert_eq!(
        SessionLock::holder(&sessions, "1122-gin-0001"),
        Some(std::process::id())
    );
    drop(j);
    assert_eq!(SessionLock::holder(&sessions, "1122-gin-0001"), None);
}

#[test]
fn a_resumed_session_takes_its_lock_before_it_writes() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("sessions");
    let path = catalog::journal_path(&sessions, "s");
    let mut j = J::create(&path, serde_json::json!({})).unwrap();
    j.append(&rec(1));
    j.sync();
    drop(j);
    let r = journal::replay::<serde_json::Value>(&path).unwrap();
    // Someone else holds the session: nothing is written, and the reason says who.
    let other = SessionLock::acquire(&sessions, "s").unwrap();
    let storage = SessionStorage::resume(&sessions, "s", r.good_len, r.file_len, None);
    let mut j = J::with_storage(&path, Box::new(storage), r.good_len);
    j.append(&rec(2));
    j.sync();
    let why = j.reason().expect("not saving");
    assert!(why.contains("open in another maya"), "{why}");
    assert_eq!(
        journal::replay::<serde_json::Value>(&path).unwrap().records,
        [rec(1)]
    );
    // Once it is free, the lines that waited are saved.
    drop(other);
    j.sync();
    assert_eq!(j.reason(), None);
    assert_eq!(
        journal::replay::<serde_json::Value>(&path).unwrap().records,
        [rec(1), rec(2)]
    );
}

#[test]
fn a_file_changed_meanwhile_is_never_written_over() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("sessions");
    let path = catalog::journal_path(&sessions, "s");
    drop(J::create(&path, serde_json::json!({})).unwrap());
    let r = journal::replay::<serde_json::Value>(&path).unwrap();
    let other = SessionLock::acquire(&sessions, "s").unwrap();
    let storage = SessionStorage::resume(&sessions, "s", r.good_len, r.file_len, None);
    let mut j = J::with_storage(&path, Box::new(storage), r.good_len);
    // The other maya writes and leaves.
    let mut theirs = J::resume(&path, r.good_len).unwrap();
    theirs.append(&rec(7));
    theirs.sync();
    drop(other);
    j.append(&rec(2));
    j.sync();
    assert!(j.reason().unwrap().contains("changed by another maya"));
    assert_eq!(
        journal::replay::<serde_json::Value>(&path).unwrap().records,
        [rec(7)]
    );
}

#[test]
fn a_new_session_file_and_its_directories_are_synced_into_place() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("data/sessions");
    let storage = SessionStorage::new_session(&sessions, "s");
    let path = storage.path().to_path_buf();
    crate::durable::DIR_SYNCS.with(|s| s.borrow_mut().clear());
    let j = J::start(&path, serde_json::json!({}), Box::new(storage));
    assert_eq!(j.reason(), None);
    let synced = crate::durable::DIR_SYNCS.with(|s| s.borrow().clone());
    for parent in [d.path().to_path_buf(), d.path().join("data"), sessions] {
        assert!(
            synced.contains(&parent),
            "{parent:?} not synced: {synced:?}"
        );
    }
}

#[test]
fn a_rewrite_reopens_puts_the_bytes_back_and_appending_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("sessions");
    let mut storage = SessionStorage::new_session(&sessions, "s");
    let path = storage.path().to_path_buf();
    storage.append(b"header\none\ntwo\n").unwrap();
    storage.sync().unwrap();
    // As after a failed fsync: "one" and "two" written again from offset 7.
    storage.rewrite(7, b"one\ntwo\n").unwrap();
    storage.append(b"three\n").unwrap();
    storage.sync().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"header\none\ntwo\nthree\n");
    // A shorter rewrite cuts what came after (a partial write that was undone).
    storage.rewrite(7, b"one\n").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"header\none\n");
}

#[test]
fn never_writes() {
    let d = tempfile::tempdir().unwrap();
    let sessions = d.path().join("sessions");
    let path = catalog::journal_path(&sessions, "s");
    drop(J::create(&path, serde_json::json!({})).unwrap());
    let before = std::fs::read(&path).unwrap();
    let storage = SessionStorage::never(&sessions, "s", "it must stay as it is".into());
    let mut j = J::with_storage(&path, Box::new(storage), before.len() as u64);
    j.append(&rec(1));
    j.sync();
    assert_eq!(j.reason().as_deref(), Some("it must stay as it is"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!sessions.join("s.lock").exists());
}
