//! The append-only JSONL journal: a header line, then one JSON line per record.
//!
//! A line is serialized into a reused buffer and written whole with one write; it is flushed
//! to the OS when it happens and fsynced when the caller says so (end of turn, payment
//! events). Writing never fails the caller: a full or read-only disk turns into a `problem()`
//! the UI shows, the unsaved lines wait in memory (bounded), and saving resumes by itself.
//! A failed fsync is different: the kernel may have dropped what was written since the last
//! good one while a later fsync still succeeds, so the failure stays until those bytes are
//! written again and synced (they are kept, bounded, for that); if they could not be kept the
//! file stays marked unsafe.
//! Replay (`replay.rs`) drops a torn last line with a notice and skips damaged lines; replaying
//! to resume keeps the original file aside first (once), while [`read`] only reads, for
//! commands that look at sessions. Nothing is silently rewritten or lost.
//! How a line reaches the storage (in pieces, with the copy kept to write again and the
//! part-way syncs) is `pieces.rs`; here is the journal's API and its failure bookkeeping.

use std::fs::File;
use std::io::{self, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::durable::{ensure_private_dir, private_options, sync_dir};

mod pieces;
mod replay;

#[cfg(test)]
use pieces::{LINE_KEEP, SYNC_EVERY};
use pieces::{Pieces, keep_for_rewrite};
pub use replay::{read, replay};

/// The journal format this build writes and reads. A newer one is refused, never guessed at.
pub const FORMAT_VERSION: u32 = 1;

/// Lines that could not be written wait in memory up to this many bytes.
const MAX_UNSAVED: usize = 8 * 1024 * 1024;
/// Said of a failed sync whose lost part is more than [`MAX_REWRITE`](pieces::MAX_REWRITE).
const TOO_LARGE: &str = " and what it may have lost is too large to write again, so this session \
                         file stays unsafe; start a new session to be sure of what is saved";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The format version; its presence also marks the file as a Maya journal.
    pub maya_journal: u32,
    /// RFC 3339.
    pub created: String,
    pub app_version: String,
    /// Whatever the app wants to know before replaying (provider, starting balance, …).
    #[serde(default)]
    pub meta: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    // The cause is in the message and deliberately not an error `source`: a report that
    // prints the whole chain (`{:#}`) would say it twice.
    #[error("cannot open session file {path}: {cause}")]
    Io { path: PathBuf, cause: io::Error },
    #[error("{path} is not a Maya session journal (its first line is not a journal header)")]
    NotAJournal { path: PathBuf },
    #[error(
        "{path} was written by a newer Maya (journal format {found}, this one reads up to {FORMAT_VERSION}); \
         upgrade Maya to resume it — the file was left untouched"
    )]
    FutureVersion { path: PathBuf, found: u32 },
    #[error("session file {path} already exists")]
    Exists { path: PathBuf },
}

/// Where journal bytes go. A real file in the app; tests inject failures (ENOSPC) here.
pub trait Storage: Send {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Cut the file back to `len` bytes (undo a partial write).
    fn truncate(&mut self, len: u64) -> io::Result<()>;
    fn sync(&mut self) -> io::Result<()>;
    /// After a failed sync: write `bytes` again at offset `from` (they are what the file held
    /// there), cut the file to `from + bytes.len()`, and sync. A file storage reopens its file
    /// first, so the new sync is not on the descriptor that reported the error.
    fn rewrite(&mut self, from: u64, bytes: &[u8]) -> io::Result<()> {
        self.truncate(from)?;
        self.append(bytes)?;
        self.sync()
    }
    /// Whether writes can go through now. A storage that opens its file lazily (see
    /// `session::storage`) tries here; the journal asks once when it starts, so a session that
    /// cannot be saved is known before anything is written.
    fn ready(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Storage for File {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
}

/// A type whose encoding is a `T`'s: `T` itself, or a form of it that borrows its large parts
/// so that a long reply is written from where it lives instead of being cloned into a record
/// first (the clone was a whole extra copy of the reply at the moment memory peaks).
pub trait EncodesAs<T>: Serialize {}

impl<T: Serialize> EncodesAs<T> for T {}

pub struct Journal<T> {
    path: PathBuf,
    storage: Box<dyn Storage>,
    /// Bytes known to be in the file.
    len: u64,
    line: Vec<u8>,
    /// Lines not yet in the file because writing failed.
    unsaved: Vec<u8>,
    /// Records that could not be kept at all (memory bound reached, or not encodable).
    lost: usize,
    /// Why the last write failed, until one succeeds.
    failure: Option<String>,
    /// Bytes known to be on disk (synced).
    synced: u64,
    /// The file's bytes after `synced`, to write again if a sync fails; `None` once they grew
    /// past [`MAX_REWRITE`](pieces::MAX_REWRITE).
    since_sync: Option<Vec<u8>>,
    /// Why a sync failed: sticky until everything since the last good sync is written again
    /// and synced.
    sync_failure: Option<String>,
    _records: PhantomData<fn(T)>,
}

/// What replay found.
#[derive(Debug)]
pub struct Replay<T> {
    pub header: Header,
    pub records: Vec<T>,
    /// Things the user should be told ("the last line was incomplete and was dropped").
    pub notices: Vec<String>,
    /// Bytes of the file that hold the header and the good records.
    pub good_len: u64,
    /// The file's length when it was read (appending later checks nobody changed it since).
    pub file_len: u64,
    /// Set when the file must stay exactly as it is: it is damaged and its original could not
    /// be kept aside, so cutting it back to `good_len` would lose the rest.
    pub keep_as_is: Option<String>,
}

impl<T: Serialize + DeserializeOwned> Journal<T> {
    /// Start a new journal at `path` with its header written and synced.
    pub fn create(path: &Path, meta: serde_json::Value) -> Result<Journal<T>, JournalError> {
        let io_err = |cause| JournalError::Io {
            path: path.to_path_buf(),
            cause,
        };
        if let Some(dir) = path.parent() {
            ensure_private_dir(dir).map_err(io_err)?;
        }
        let file = private_options()
            .append(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => JournalError::Exists {
                    path: path.to_path_buf(),
                },
                _ => io_err(e),
            })?;
        // The new file is on disk only once its directory entry is.
        if let Some(dir) = path.parent() {
            sync_dir(dir).map_err(io_err)?;
        }
        let j = Journal::start(path, meta, Box::new(file));
        if let Some(p) = j.reason() {
            return Err(io_err(io::Error::other(p)));
        }
        Ok(j)
    }

    /// Start a new journal in `storage` with its header. Never fails: when the storage refuses
    /// (a full or read-only disk), the header and everything after it wait in memory and
    /// [`reason`](Self::reason) says why.
    pub fn start(path: &Path, meta: serde_json::Value, storage: Box<dyn Storage>) -> Journal<T> {
        let header = Header {
            maya_journal: FORMAT_VERSION,
            created: now_rfc3339(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            meta,
        };
        let mut j = Journal::with_storage(path, storage, 0);
        j.write_line(&header);
        j.sync();
        j
    }

    /// Continue a replayed journal: the file is cut back to its good part (a torn or corrupt
    /// tail was already reported by replay) and appending resumes after it.
    pub fn resume(path: &Path, good_len: u64) -> Result<Journal<T>, JournalError> {
        let io_err = |cause| JournalError::Io {
            path: path.to_path_buf(),
            cause,
        };
        let file = private_options().append(true).open(path).map_err(io_err)?;
        if file.metadata().map_err(io_err)?.len() != good_len {
            file.set_len(good_len).map_err(io_err)?;
        }
        Ok(Journal::with_storage(path, Box::new(file), good_len))
    }

    /// A journal appending through any storage after its first `len` bytes (tests inject
    /// failures this way).
    pub fn with_storage(path: &Path, mut storage: Box<dyn Storage>, len: u64) -> Journal<T> {
        let failure = storage.ready().err().map(|e| describe(&e));
        Journal {
            path: path.to_path_buf(),
            storage,
            len,
            line: Vec::with_capacity(512),
            unsaved: Vec::new(),
            lost: 0,
            failure,
            synced: len,
            since_sync: Some(Vec::new()),
            sync_failure: None,
            _records: PhantomData,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one record as one line (a `T`, or a borrowed form of one: [`EncodesAs`]).
    /// Never fails: see [`Journal::problem`].
    pub fn append<R: EncodesAs<T> + ?Sized>(&mut self, record: &R) {
        self.write_line(record);
    }

    /// Append and fsync before returning (payment events).
    pub fn append_durable(&mut self, record: &T) {
        self.write_line(record);
        self.sync();
    }

    fn write_line<R: Serialize + ?Sized>(&mut self, record: &R) {
        if !self.unsaved.is_empty() {
            self.retry_unsaved();
        }
        if self.unsaved.is_empty() {
            match self.write_through(record) {
                Ok(written) => {
                    self.len += written;
                    self.failure = None;
                    return;
                }
                Err(e) => {
                    // Undo any part of the line that went out.
                    let _ = self.storage.truncate(self.len);
                    if !e.is_io() {
                        // Our own types always serialize; if one ever does not, say so
                        // rather than panic.
                        tracing::error!("a journal record could not be encoded: {e}");
                        self.lost += 1;
                        return;
                    }
                    self.failure = Some(describe(&io::Error::from(e)));
                }
            }
        }
        self.keep_unsaved(record);
    }

    /// Encode `record` as one line straight into the storage, in pieces of at most
    /// [`LINE_KEEP`](pieces::LINE_KEEP) bytes, so a long reply is never copied whole into a
    /// buffer first. Returns the bytes written.
    fn write_through<R: Serialize + ?Sized>(&mut self, record: &R) -> serde_json::Result<u64> {
        // What went out since the last good fsync is kept to write again should it fail; a
        // line that fails half-way takes its part back out of that copy too.
        let kept_before = self.since_sync.as_ref().map(Vec::len);
        let mut out = Pieces {
            storage: self.storage.as_mut(),
            buf: &mut self.line,
            since_sync: &mut self.since_sync,
            written: 0,
            may_sync: self.sync_failure.is_none(),
            synced: None,
            sync_error: None,
        };
        out.buf.clear();
        let result = serde_json::to_writer(&mut out, record).and_then(|()| {
            out.buf.push(b'\n');
            out.flush().map_err(serde_json::Error::io)
        });
        let (written, synced, sync_error) = (out.written, out.synced, out.sync_error);
        if let Some(e) = sync_error {
            self.sync_failure = Some(format!("a write to the disk failed ({})", describe(&e)));
        }
        match (&result, synced) {
            (Ok(()), Some(at)) => self.synced = self.len + at,
            // The line is taken back out of the file (by the caller) down to where it began,
            // and everything before it was synced part-way: nothing to write again.
            (Err(_), Some(_)) => {
                self.synced = self.len;
                self.since_sync = Some(Vec::new());
            }
            (Err(_), None) => {
                if let (Some(kept), Some(before)) = (self.since_sync.as_mut(), kept_before) {
                    kept.truncate(before);
                }
            }
            (Ok(()), None) => {}
        }
        result.map(|()| written)
    }

    fn keep_unsaved<R: Serialize + ?Sized>(&mut self, record: &R) {
        let before = self.unsaved.len();
        let encoded = serde_json::to_writer(&mut self.unsaved, record).is_ok();
        self.unsaved.push(b'\n');
        if !encoded || self.unsaved.len() > MAX_UNSAVED {
            self.unsaved.truncate(before);
            self.lost += 1;
        }
    }

    fn retry_unsaved(&mut self) {
        match self.storage.append(&self.unsaved) {
            Ok(()) => {
                self.len += self.unsaved.len() as u64;
                keep_for_rewrite(&mut self.since_sync, &self.unsaved);
                self.unsaved.clear();
                self.failure = None;
            }
            Err(e) => {
                let _ = self.storage.truncate(self.len);
                self.failure = Some(describe(&e));
            }
        }
    }

    /// Make everything appended so far durable (and retry unsaved lines first). After a failed
    /// sync, everything since the last good one is written again first.
    pub fn sync(&mut self) {
        if !self.unsaved.is_empty() {
            self.retry_unsaved();
        }
        let result = if self.sync_failure.is_some() {
            let Some(bytes) = &self.since_sync else {
                // Nothing to write again with: it stays unsafe, and says so.
                if let Some(failure) = &mut self.sync_failure
                    && !failure.ends_with(TOO_LARGE)
                {
                    failure.push_str(TOO_LARGE);
                }
                return;
            };
            self.storage.rewrite(self.synced, bytes)
        } else {
            self.storage.sync()
        };
        match result {
            Ok(()) => {
                self.synced = self.len;
                self.since_sync = Some(Vec::new());
                self.sync_failure = None;
                if self.unsaved.is_empty() {
                    self.failure = None;
                }
            }
            // Nothing written since the last good sync: nothing can have been lost.
            Err(e) if self.synced == self.len && self.sync_failure.is_none() => {
                self.failure = Some(describe(&e));
            }
            Err(e) => {
                self.sync_failure = Some(match self.since_sync {
                    Some(_) => format!("a write to the disk failed ({})", describe(&e)),
                    None => format!("a write to the disk failed ({}){TOO_LARGE}", describe(&e)),
                });
            }
        }
    }

    /// Why the session is not being saved right now ("the disk is full"), or `None` when
    /// everything appended is in the file.
    pub fn reason(&self) -> Option<String> {
        match (
            self.sync_failure.as_ref().or(self.failure.as_ref()),
            self.lost,
        ) {
            (None, 0) => None,
            (Some(f), 0) => Some(f.clone()),
            (Some(f), n) => Some(format!(
                "{f} — {n} record(s) could not be kept in memory either"
            )),
            (None, n) => Some(format!(
                "saving works again, but {n} record(s) from while it did not are lost; a resumed \
                 session will miss them"
            )),
        }
    }

    /// Why the session is not being saved right now, as a sentence for a persistent warning.
    pub fn problem(&self) -> Option<String> {
        self.reason()
            .map(|p| format!("this session is not being saved: {p}"))
    }
}

/// A failure in a few words for the status bar, without the "(os error N)" noise.
fn describe(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => "the disk is full".into(),
        Some(30) => "the disk is read-only".into(),
        Some(13) | Some(1) => "no permission to write the session file".into(),
        Some(122) => "the disk quota is used up".into(),
        Some(17) | Some(20) => "a file blocks the sessions folder".into(),
        _ => e.to_string(),
    }
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
#[path = "journal_sync_tests.rs"]
mod sync_tests;
#[cfg(test)]
#[path = "journal_tests.rs"]
pub(crate) mod tests;
