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
}
