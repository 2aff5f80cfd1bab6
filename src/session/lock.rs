//! One process per session: an exclusive OS file lock (`flock`, through std's `File::try_lock`)
//! on `<id>.lock`, held for the whole session. The kernel releases it when the process ends,
//! however it ends, so a crash leaves nothing to detect or take over. The file also holds the
//! owner's pid and start time, only to name it in "open in another maya (pid …)" — and to
//! respect a lock left by an older Maya that wrote the pid without locking.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("session {id} is open in another maya{}", pid_note(*pid))]
    Held {
        id: String,
        /// 0 when the owner has not written it yet.
        pid: u32,
    },
    // The cause is part of the message and deliberately not an error `source`, so a report
    // that prints the whole chain (`{:#}`) does not say it twice.
    #[error("cannot lock session {id} ({path}): {cause}")]
    Io {
        id: String,
        path: PathBuf,
        cause: io::Error,
    },
}

fn pid_note(pid: u32) -> String {
    if pid == 0 {
        String::new()
    } else {
        format!(" (pid {pid})")
    }
}

/// Held for as long as this value lives; dropping it releases the lock and removes the file.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
    file: File,
}

/// "pid starttime": the start time (clock ticks since boot, /proc/<pid>/stat field 22) tells a
/// live process from a new one that got the same pid.
fn stamp_of(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; fields follow the last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    let start = after.split_whitespace().nth(19)?;
    Some(format!("{pid} {start}"))
}

fn own_stamp() -> String {
    let pid = std::process::id();
    stamp_of(pid).unwrap_or_else(|| pid.to_string())
}

/// The pid in a lock file's stamp, if that process is still the one that wrote it. Only asked
/// about a file nobody holds a lock on: an older Maya's lock, which was the pid alone.
fn live_owner(content: &str) -> Option<u32> {
    let mut parts = content.split_whitespace();
    let pid: u32 = parts.next()?.parse().ok()?;
    if pid == 0 || pid == std::process::id() {
        return None;
    }
    match (parts.next(), stamp_of(pid)) {
        // Recorded with a start time: the same pid must have the same start time.
        (Some(start), Some(now)) => (now.split_whitespace().nth(1) == Some(start)).then_some(pid),
        (None, Some(_)) => Some(pid),
        (_, None) => None,
    }
}

/// The pid named in the lock file, 0 when there is none (yet).
fn recorded_pid(file: &File) -> u32 {
    let mut text = String::new();
    let _ = file.take(64).read_to_string(&mut text);
    text.split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
}

/// Whether `path` still names the file `file` has open (a holder removes the file as it lets
/// go, and a lock on a removed file guards nothing).
fn still_named(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

impl SessionLock {
    pub fn acquire(sessions_dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        let path = sessions_dir.join(format!("{id}.lock"));
        let io_err = |cause| LockError::Io {
            id: id.to_string(),
            path: path.clone(),
            cause,
        };
        // Rounds: the file may be removed by its holder between our open and our lock.
        for round in 0..100 {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&path)
                .map_err(io_err)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    // `holder` takes a shared lock for an instant; only a lock that stays is
                    // another owner.
                    if round < 3 {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                    return Err(LockError::Held {
                        id: id.to_string(),
                        pid: recorded_pid(&file),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_err(e)),
            }
            if !still_named(&file, &path) {
                continue;
            }
            let mut content = String::new();
            let _ = (&file).take(64).read_to_string(&mut content);
            if let Some(pid) = live_owner(&content) {
                return Err(LockError::Held {
                    id: id.to_string(),
                    pid,
                });
            }
            // Only to name the owner in messages: a failure here does not weaken the lock.
            let stamp = own_stamp();
            let _ = file
                .set_len(0)
                .and_then(|()| file.write_all_at(stamp.as_bytes(), 0));
            return Ok(SessionLock { path, file });
        }
        Err(io_err(io::Error::other("the lock file keeps changing")))
    }

    /// Whether a session is locked by a live process right now (for prune and rm), and its pid
    /// (0 when it has not written it yet).
    pub fn holder(sessions_dir: &Path, id: &str) -> Option<u32> {
        let file = File::open(sessions_dir.join(format!("{id}.lock"))).ok()?;
        match file.try_lock_shared() {
            Ok(()) => {
                let mut content = String::new();
                let _ = (&file).take(64).read_to_string(&mut content);
                live_owner(&content)
            }
            Err(std::fs::TryLockError::WouldBlock) => Some(recorded_pid(&file)),
            Err(std::fs::TryLockError::Error(_)) => None,
        }
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Removed while still locked, and only if the name is still ours; the lock goes with
        // the file handle right after.
        if still_named(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
#[path = "lock_tests.rs"]
mod tests;
