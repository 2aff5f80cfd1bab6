//! Private, durable places on disk: directories created 0700 and made durable in their parent,
//! files opened 0600, and directory syncs. The session journal and the log files both keep
//! their files this way, so it sits below both.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
#[cfg(test)]
use std::path::PathBuf;

#[cfg(test)]
thread_local! {
    /// Directories synced by this thread (see `sync_dir`), for tests that check durability.
    pub(crate) static DIR_SYNCS: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Create `dir` (and missing parents) 0700 if missing, each new directory made durable in its
/// parent.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        ensure_private_dir(parent)?;
    }
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    match b.create(dir) {
        Ok(()) => sync_dir(parent.unwrap_or(Path::new("."))),
        // Created meanwhile by someone else (another maya): fine.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Options that create files 0600: only the owner may read what Maya writes.
pub fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Make a directory's entries durable: a new journal, a new directory, a copy aside or a
/// rename is only on disk once its directory is synced.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(test)]
    DIR_SYNCS.with(|s| s.borrow_mut().push(dir.to_path_buf()));
    File::open(dir)?.sync_all()
}
