//! The append-only JSONL journal: a header line, then one JSON line per record.
//!
//! A line is serialized into a reused buffer and written whole with one write; it is flushed
//! to the OS when it happens and fsynced when the caller says so (end of turn, payment
//! events). Writing never fails the caller: a full or read-only disk turns into a `problem()`
//! the UI shows, the unsaved lines wait in memory (bounded), and saving resumes by itself.
//! Replay drops a torn last line with a notice and stops at a corrupt middle line; replaying to
//! resume keeps the original file aside first (once), while [`read`] only reads, for commands
//! that look at sessions. Nothing is silently rewritten or lost.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The journal format this build writes and reads. A newer one is refused, never guessed at.
pub const FORMAT_VERSION: u32 = 1;

/// A record goes to the file in pieces of up to this many bytes.
const LINE_KEEP: usize = 64 << 10;
/// Lines that could not be written wait in memory up to this many bytes.
const MAX_UNSAVED: usize = 8 * 1024 * 1024;

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
    /// Why the last write or sync failed, until one succeeds.
    failure: Option<String>,
    _records: PhantomData<fn(T)>,
}

/// A writer that hands the storage what it is given in pieces of up to [`LINE_KEEP`] bytes.
struct Pieces<'a> {
    storage: &'a mut dyn Storage,
    buf: &'a mut Vec<u8>,
    written: u64,
}

impl io::Write for Pieces<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buf.len() + bytes.len() > LINE_KEEP {
            self.flush()?;
            if bytes.len() >= LINE_KEEP {
                self.storage.append(bytes)?;
                self.written += bytes.len() as u64;
                return Ok(bytes.len());
            }
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.storage.append(self.buf)?;
            self.written += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }
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

/// Create `path`'s directory 0700 if missing.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

pub(crate) fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
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
            _records: PhantomData,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one record as one line. Never fails: see [`Journal::problem`].
    pub fn append(&mut self, record: &T) {
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
    /// [`LINE_KEEP`] bytes, so a long reply is never copied whole into a buffer first.
    /// Returns the bytes written.
    fn write_through<R: Serialize + ?Sized>(&mut self, record: &R) -> serde_json::Result<u64> {
        let mut out = Pieces {
            storage: self.storage.as_mut(),
            buf: &mut self.line,
            written: 0,
        };
        out.buf.clear();
        serde_json::to_writer(&mut out, record)?;
        out.buf.push(b'\n');
        out.flush().map_err(serde_json::Error::io)?;
        Ok(out.written)
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
                self.unsaved.clear();
                self.failure = None;
            }
            Err(e) => {
                let _ = self.storage.truncate(self.len);
                self.failure = Some(describe(&e));
            }
        }
    }

    /// Make everything appended so far durable (and retry unsaved lines first).
    pub fn sync(&mut self) {
        if !self.unsaved.is_empty() {
            self.retry_unsaved();
        }
        match self.storage.sync() {
            Ok(()) if self.unsaved.is_empty() => self.failure = None,
            Ok(()) => {}
            Err(e) => self.failure = Some(describe(&e)),
        }
    }

    /// Why the session is not being saved right now ("the disk is full"), or `None` when
    /// everything appended is in the file.
    pub fn reason(&self) -> Option<String> {
        match (&self.failure, self.lost) {
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

/// Read a journal back to resume it. A torn last line is dropped with a notice; a corrupt line
/// in the middle ends the replay there, and the original file is copied aside as
/// `<file>.corrupt-<time>` before anything else happens to it (resuming cuts the file back to
/// its good part). A copy with the same bytes already there is reused, and an existing copy is
/// never overwritten.
pub fn replay<T: DeserializeOwned>(path: &Path) -> Result<Replay<T>, JournalError> {
    replay_with(path, true)
}

/// Read a journal without writing anything (`maya sessions list` / `show`): the same records and
/// notices as [`replay`], but a damaged file is only reported, not copied.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Replay<T>, JournalError> {
    replay_with(path, false)
}

fn replay_with<T: DeserializeOwned>(
    path: &Path,
    keep_copy: bool,
) -> Result<Replay<T>, JournalError> {
    let io_err = |cause| JournalError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let bytes = std::fs::read(path).map_err(io_err)?;
    let not_journal = || JournalError::NotAJournal {
        path: path.to_path_buf(),
    };
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(not_journal)?;
    let header_value: serde_json::Value =
        serde_json::from_slice(&bytes[..header_end]).map_err(|_| not_journal())?;
    let version = header_value
        .get("maya_journal")
        .and_then(|v| v.as_u64())
        .ok_or_else(not_journal)?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(JournalError::FutureVersion {
            path: path.to_path_buf(),
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    let header: Header = serde_json::from_value(header_value).map_err(|_| not_journal())?;

    let mut records = Vec::new();
    let mut notices = Vec::new();
    let mut keep_as_is = None;
    let mut pos = header_end + 1;
    while pos < bytes.len() {
        let Some(rel_end) = bytes[pos..].iter().position(|&b| b == b'\n') else {
            notices.push(format!(
                "The last entry of the session was cut off mid-write ({} bytes) and was dropped; everything before it is restored.",
                bytes.len() - pos
            ));
            break;
        };
        let line = &bytes[pos..pos + rel_end];
        match serde_json::from_slice::<T>(line) {
            Ok(r) => records.push(r),
            Err(e) if pos + rel_end + 1 == bytes.len() => {
                // The last line is complete but unreadable: the same as a torn write.
                tracing::warn!("dropping an unreadable last journal line: {e}");
                notices.push(
                    "The last entry of the session was damaged and was dropped; everything before it is restored."
                        .into(),
                );
                break;
            }
            Err(e) if keep_copy => {
                match keep_aside(path, &bytes) {
                    Ok(aside) => notices.push(format!(
                        "The session file is damaged at line {} ({e}); it was restored up to there and the original is kept as {}.",
                        records.len() + 2,
                        aside.display()
                    )),
                    Err(copy) => {
                        notices.push(format!(
                            "The session file is damaged at line {} ({e}); it was restored up to there. \
                             Its original could not be copied aside ({}), so the file is left as it is.",
                            records.len() + 2,
                            describe(&copy)
                        ));
                        keep_as_is = Some(format!(
                            "the damaged session file could not be copied aside ({})",
                            describe(&copy)
                        ));
                    }
                }
                break;
            }
            Err(e) => {
                notices.push(format!(
                    "The session file is damaged at line {} ({e}); this is the session up to there. \
                     Resuming it keeps the original aside as a .corrupt copy first.",
                    records.len() + 2,
                ));
                break;
            }
        }
        pos += rel_end + 1;
    }
    let good_len = good_length(&bytes, header_end, records.len());
    Ok(Replay {
        header,
        records,
        notices,
        good_len,
        file_len: bytes.len() as u64,
        keep_as_is,
    })
}

/// Bytes up to the end of the `n`-th record line.
fn good_length(bytes: &[u8], header_end: usize, n: usize) -> u64 {
    let mut end = header_end + 1;
    for _ in 0..n {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            Some(rel) => end += rel + 1,
            None => break,
        }
    }
    end as u64
}

/// Copy the damaged file's `bytes` aside as `<file>.corrupt-<time>`: reuse a copy that holds
/// the same bytes, and never overwrite one that does not (a second in the same second gets
/// `-2`, `-3`, …).
fn keep_aside(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!("{name}.corrupt-");
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(Result::ok) {
            let same_name = e.file_name().to_string_lossy().starts_with(&prefix);
            if same_name && std::fs::read(e.path()).is_ok_and(|b| b == bytes) {
                return Ok(e.path());
            }
        }
    }
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = dir.join(format!("{prefix}{stamp}{suffix}"));
        match private_options().write(true).create_new(true).open(&aside) {
            Ok(mut f) => {
                f.write_all(bytes)?;
                f.sync_data()?;
                return Ok(aside);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(
        "too many copies of the damaged session file",
    ))
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
