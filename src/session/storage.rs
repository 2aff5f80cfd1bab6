//! Where a session's journal lines go: its file in the sessions directory, guarded by its lock.
//!
//! The file is opened lazily, and again after every failure, so a disk that is full or
//! read-only when the bar opens does not cost the session: it still has an id, the journal
//! keeps the lines in memory (see `journal/`), and the first write that the disk accepts
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
#[path = "storage_tests.rs"]
mod tests;
