//! One process per session: `<id>.lock` holds the owner's pid (and its start time, so a
//! recycled pid is not mistaken for the owner). A lock whose process is gone is taken over.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("session {id} is open in another maya (pid {pid})")]
    Held { id: String, pid: u32 },
    // The cause is part of the message and deliberately not an error `source`, so a report
    // that prints the whole chain (`{:#}`) does not say it twice.
    #[error("cannot lock session {id} ({path}): {cause}")]
    Io {
        id: String,
        path: PathBuf,
        cause: io::Error,
    },
}

#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
    stamp: String,
}

/// "pid starttime": the start time (clock ticks since boot, /proc/<pid>/stat field 22) tells a
/// live owner from a new process that got the same pid.
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

/// The pid holding a lock file, if that process is still the one that wrote it.
fn live_owner(content: &str) -> Option<u32> {
    let mut parts = content.split_whitespace();
    let pid: u32 = parts.next()?.parse().ok()?;
    if pid == 0 {
        return None;
    }
    match (parts.next(), stamp_of(pid)) {
        // Recorded with a start time: the same pid must have the same start time.
        (Some(start), Some(now)) => (now.split_whitespace().nth(1) == Some(start)).then_some(pid),
        // No /proc to ask (not Linux): trust that the pid exists.
        (None, _) if !Path::new("/proc/self").exists() => Some(pid),
        (None, Some(_)) => Some(pid),
        (_, None) => None,
    }
}

/// A new file only its owner can read (like the journal it guards).
fn private_new_file(path: &Path) -> io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Creates `path` holding `stamp`, or fails with `AlreadyExists`, in one step: the stamp is
/// written to a private temporary file that is then hard-linked into place, so no other maya
/// can ever read a half-written (empty, hence "stale") lock and take it over.
fn create_stamped(
    path: &Path,
    stamp: &str,
    write: &impl Fn(&mut std::fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}-{n}", std::process::id()));
    let mut f = private_new_file(&tmp)?;
    let written = write(&mut f, stamp.as_bytes());
    drop(f);
    let placed = written.and_then(|()| match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            // A file system without hard links: create and write in two steps.
            let mut f = private_new_file(path)?;
            write(&mut f, stamp.as_bytes()).inspect_err(|_| {
                drop(f);
                let _ = std::fs::remove_file(path);
            })
        }
        other => other,
    });
    let _ = std::fs::remove_file(&tmp);
    placed
}

impl SessionLock {
    pub fn acquire(sessions_dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        Self::acquire_with(sessions_dir, id, |f, stamp| f.write_all(stamp))
    }

    /// [`acquire`](Self::acquire) with the stamp written by `write` (tests make it fail).
    fn acquire_with(
        sessions_dir: &Path,
        id: &str,
        write: impl Fn(&mut std::fs::File, &[u8]) -> io::Result<()>,
    ) -> Result<SessionLock, LockError> {
        let path = sessions_dir.join(format!("{id}.lock"));
        let io_err = |cause| LockError::Io {
            id: id.to_string(),
            path: path.clone(),
            cause,
        };
        let stamp = own_stamp();
        let mut takeover: Option<std::fs::File> = None;
        // Two rounds: the second after removing a stale lock.
        for _ in 0..2 {
            match create_stamped(&path, &stamp, &write) {
                Ok(()) => {
                    drop(takeover);
                    return Ok(SessionLock { path, stamp });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    // Takeovers are serialised by a lock on the sessions directory: two
                    // processes finding the same stale lock would otherwise both remove "it"
                    // (the second removing the first one's new lock) and both hold the session.
                    // The guard is held until this process has created its own lock file, and
                    // taken once: flock is per open file, so a second take would wait on itself.
                    if takeover.is_none() {
                        takeover = Some(
                            std::fs::File::open(sessions_dir)
                                .and_then(|d| d.lock().map(|()| d))
                                .map_err(io_err)?,
                        );
                    }
                    let content = std::fs::read_to_string(&path).unwrap_or_default();
                    if let Some(pid) = live_owner(&content) {
                        return Err(LockError::Held {
                            id: id.to_string(),
                            pid,
                        });
                    }
                    tracing::info!(id, "taking over a stale session lock ({content:?})");
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io_err(e)),
                    }
                }
                Err(e) => return Err(io_err(e)),
            }
        }
        Err(io_err(io::Error::other("the lock file keeps reappearing")))
    }

    /// Whether a session is locked by a live process right now (for prune and rm).
    pub fn holder(sessions_dir: &Path, id: &str) -> Option<u32> {
        let content = std::fs::read_to_string(sessions_dir.join(format!("{id}.lock"))).ok()?;
        live_owner(&content)
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Only remove the lock if it is still ours (never someone's who took over).
        if std::fs::read_to_string(&self.path).is_ok_and(|c| c == self.stamp) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
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
    fn a_failed_write_leaves_no_empty_lock_behind() {
        let d = tempfile::tempdir().unwrap();
        let err =
            SessionLock::acquire_with(d.path(), "s", |_, _| Err(io::Error::from_raw_os_error(28)))
                .unwrap_err();
        assert!(matches!(err, LockError::Io { .. }), "{err}");
        assert!(!d.path().join("s.lock").exists());
        let left: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        // The cause is said once, also when the whole chain is printed.
        let text = format!("{:#}", anyhow::Error::from(err));
        assert_eq!(text.matches("os error 28").count(), 1, "{text}");
        SessionLock::acquire(d.path(), "s").unwrap();
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
}
