//! The writer a journal line goes through: it hands the storage the encoded line in pieces
//! of up to [`LINE_KEEP`] bytes (a long reply is never copied whole into a buffer), keeps
//! what went out since the last good fsync to write again should a sync fail, and syncs a
//! long line part-way so that copy stays small.

use std::io;

use super::Storage;

/// A record goes to the file in pieces of up to this many bytes.
pub(super) const LINE_KEEP: usize = 64 << 10;
/// Bytes written since the last good fsync are kept up to this many, to write again after a
/// failed one.
pub(super) const MAX_REWRITE: usize = 8 * 1024 * 1024;
/// A line that keeps more than this many bytes to write again is synced part-way, so that copy
/// stays small: without it a long reply sat in memory twice more while it was written (the
/// copy, grown by doubling). Below 256 KiB less a piece, so the copy never grows past that.
pub(super) const SYNC_EVERY: usize = 192 << 10;

/// A writer that hands the storage what it is given in pieces of up to [`LINE_KEEP`] bytes.
pub(super) struct Pieces<'a> {
    pub(super) storage: &'a mut dyn Storage,
    pub(super) buf: &'a mut Vec<u8>,
    /// The journal's copy of what was written since the last good fsync.
    pub(super) since_sync: &'a mut Option<Vec<u8>>,
    pub(super) written: u64,
    /// Whether the line may be synced part-way (not while an earlier failed sync is pending:
    /// that needs everything since the last good one written again first).
    pub(super) may_sync: bool,
    /// Bytes of this line known to be on disk after a part-way sync.
    pub(super) synced: Option<u64>,
    /// A part-way sync that failed.
    pub(super) sync_error: Option<io::Error>,
}

impl Pieces<'_> {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.storage.append(bytes)?;
        keep_for_rewrite(self.since_sync, bytes);
        self.written += bytes.len() as u64;
        if self.may_sync
            && let Some(kept) = self.since_sync.as_mut()
            && kept.len() >= SYNC_EVERY
        {
            match self.storage.sync() {
                Ok(()) => {
                    kept.clear();
                    self.synced = Some(self.written);
                }
                Err(e) => {
                    self.may_sync = false;
                    self.sync_error = Some(e);
                }
            }
        }
        Ok(())
    }
}

impl io::Write for Pieces<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buf.len() + bytes.len() > LINE_KEEP {
            self.flush()?;
            if bytes.len() >= LINE_KEEP {
                // In pieces too, so the copy kept to write again is synced away as it grows.
                for piece in bytes.chunks(LINE_KEEP) {
                    self.append(piece)?;
                }
                return Ok(bytes.len());
            }
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let buf = std::mem::take(self.buf);
            let result = self.append(&buf);
            *self.buf = buf;
            self.buf.clear();
            result?;
        }
        Ok(())
    }
}

/// Keep `bytes` (just written) to write again after a failed sync, up to [`MAX_REWRITE`].
pub(super) fn keep_for_rewrite(since_sync: &mut Option<Vec<u8>>, bytes: &[u8]) {
    if let Some(kept) = since_sync {
        if kept.len() + bytes.len() > MAX_REWRITE {
            *since_sync = None;
        } else {
            kept.extend_from_slice(bytes);
        }
    }
}
