//! Where a session's journal lines go: its file in the sessions directory, guarded by its lock.
//!
//! The file is opened lazily, and again after every failure, so a disk that is full or
//! read-only when the bar opens does not cost the session: it still has an id, the journal
//! keeps the lines in memory (see `journal.rs`), and the first write that the disk accepts
//! takes the lock, opens the file and saves everything. The lock always comes first, so two
//! processes never write one journal, also when it is taken late.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::catalog;
use super::journal::Storage;
use super::lock::{LockError, SessionLock};
use crate::durable::{ensure_private_dir, private_options, sync_dir};

enum Mode {
    /// A new session: the file must not exist yet.
    New,
    /// A replayed session: appending continues after its good part (`good_len`), provided the
    /// file is still the `file_len` bytes that were replayed (nobody wrote to it meanwhile).
    Resume { good_len: u64, file_len: u64 },
    /// The file must stay as it is (why): nothing is ever written.
    Never(String),
    /// Opened once already: opening again (after a failed sync) appends to it as it is.
    Opened,
}

pub struct SessionStorage {
    sessions_dir: PathBuf,
    id: String,
    path: PathBuf,
    mode: Mode,
    lock: Option<SessionLock>,
    file: Option<File>,
}

impl SessionStorage {
    /// Storage for a new session `id` (nothing is touched until the journal writes).
    pub fn new_session(sessions_dir: &Path, id: &str) -> SessionStorage {
        Self::with_mode(sessions_dir, id, Mode::New, None)
    }

    /// Storage that continues a replayed session. `lock` is the session's lock when it could be
    /// taken already; otherwise it is taken before the first write.
    pub fn resume(
        sessions_dir: &Path,
        id: &str,
        good_len: u64,
        file_len: u64,
        lock: Option<SessionLock>,
    ) -> SessionStorage {
        Self::with_mode(sessions_dir, id, Mode::Resume { good_len, file_len }, lock)
    }

    /// Storage that never writes (a damaged file that must stay as it is, and why).
    pub fn never(sessions_dir: &Path, id: &str, why: String) -> SessionStorage {
        Self::with_mode(sessions_dir, id, Mode::Never(why), None)
    }

    fn with_mode(
        sessions_dir: &Path,
        id: &str,
        mode: Mode,
        lock: Option<SessionLock>,
    ) -> SessionStorage {
        SessionStorage {
            sessions_dir: sessions_dir.to_path_buf(),
            id: id.to_string(),
            path: catalog::journal_path(sessions_dir, id),
            mode,
            lock,
            file: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file, opening it (lock first) if it is not yet.
    fn file(&mut self) -> io::Result<&mut File> {
        if self.file.is_none() {
            let file = self.open()?;
            self.file = Some(file);
            if !matches!(self.mode, Mode::Never(_)) {
                self.mode = Mode::Opened;
            }
        }
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the session file is not open"))
    }

    fn open(&mut self) -> io::Result<File> {
        if let Mode::Never(why) = &self.mode {
            return Err(io::Error::other(why.clone()));
        }
        if matches!(self.mode, Mode::New) {
            ensure_private_dir(&self.sessions_dir)?;
        }
        if self.lock.is_none() {
            self.lock = Some(SessionLock::acquire(&self.sessions_dir, &self.id).map_err(
                |e| match e {
                    // Keep the OS error so the journal can name it ("the disk is full").
                    LockError::Io { cause, .. } => cause,
                    held @ LockError::Held { .. } => io::Error::other(held.to_string()),
                },
            )?);
        }
        match self.mode {
            Mode::New => {
                let file = private_options()
                    .append(true)
                    .create_new(true)
                    .open(&self.path)?;
                // The new file is on disk only once its directory entry is.
                sync_dir(&self.sessions_dir)?;
                Ok(file)
            }
            Mode::Opened => private_options().append(true).open(&self.path),
            Mode::Resume { good_len, file_len } => {
                let file = private_options().append(true).open(&self.path)?;
                let now = file.metadata()?.len();
                if now != file_len {
                    return Err(io::Error::other(
                        "the session file was changed by another maya since it was opened \
                         here; not writing over it",
                    ));
                }
                if now != good_len {
                    // Cut a torn or damaged tail (already reported, and kept aside) away.
                    file.set_len(good_len)?;
                }
                Ok(file)
            }
            Mode::Never(_) => unreachable!("handled above"),
        }
    }
}

impl Storage for SessionStorage {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file()?.write_all(bytes)
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.set_len(len),
            // Nothing was written, so there is nothing to undo.
            None => Ok(()),
        }
    }

    fn sync(&mut self) -> io::Result<()> {
        self.file()?.sync_data()
    }

    /// After a failed sync: a fresh descriptor (the old one carried the error), the bytes put
    /// back in place (never cut first, so nothing that may be on disk disappears meanwhile),
    /// then synced.
    fn rewrite(&mut self, from: u64, bytes: &[u8]) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.file = None;
        if let Mode::Never(why) = &self.mode {
            return Err(io::Error::other(why.clone()));
        }
        let file = private_options().write(true).open(&self.path)?;
        file.write_all_at(bytes, from)?;
        file.set_len(from + bytes.len() as u64)?;
        file.sync_data()?;
        self.file = Some(private_options().append(true).open(&self.path)?);
        Ok(())
    }

    fn ready(&mut self) -> io::Result<()> {
        self.file().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
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
}
