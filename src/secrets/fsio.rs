//! Private, durable file operations for the vault: its 0700 directory, atomic 0600 writes,
//! the write lock, and the names of its sibling files.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore;

use super::SecretsError;

/// Where an interrupted `keys rotate` leaves the new vault until it is renamed into place.
pub fn rotating_path(vault: &Path) -> PathBuf {
    sibling(vault, "rotating")
}

fn lock_path(vault: &Path) -> PathBuf {
    sibling(vault, "lock")
}

fn sibling(vault: &Path, suffix: &str) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    vault.with_file_name(name)
}

/// A free `.bak` name beside the vault: `credentials.json.bak`, then `.bak.2`, `.bak.3`, …
pub fn backup_path(vault: &Path) -> PathBuf {
    let first = sibling(vault, "bak");
    if !first.exists() {
        return first;
    }
    (2u32..)
        .map(|n| sibling(vault, &format!("bak.{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Create the vault's directory as 0700 when missing. For an existing directory open to
/// others, return a warning rather than change permissions the user may have chosen.
pub fn ensure_dir(vault: &Path) -> Result<Option<String>, SecretsError> {
    let Some(dir) = vault.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(None);
    };
    match fs::metadata(dir) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            Ok((mode & 0o077 != 0).then(|| {
                format!(
                    "{} is open to other users (mode {mode:03o}); the credentials file itself is \
                     private (0600), but `chmod 700 {}` keeps even its name private",
                    dir.display(),
                    dir.display()
                )
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| SecretsError::io("create the directory", dir, e))?;
            // The builder's mode is filtered by the umask; say exactly what we mean.
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(|e| SecretsError::io("set permissions on", dir, e))?;
            Ok(None)
        }
        Err(e) => Err(SecretsError::io("inspect", dir, e)),
    }
}

/// An exclusive lock over the vault's read-modify-write; released on drop.
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Block until no other Maya process is writing this vault.
    pub fn acquire(vault: &Path) -> Result<WriteLock, SecretsError> {
        let path = lock_path(vault);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| SecretsError::io("open the lock file", &path, e))?;
        file.lock()
            .map_err(|e| SecretsError::io("lock", &path, e))?;
        Ok(WriteLock { _file: file })
    }
}

/// Rename `from` to `to` and make the rename durable.
pub fn rename_into_place(from: &Path, to: &Path) -> Result<(), SecretsError> {
    fs::rename(from, to).map_err(|e| SecretsError::io("move into place", to, e))?;
    sync_dir(to)
}

fn sync_dir(path: &Path) -> Result<(), SecretsError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| SecretsError::io("flush the directory", dir, e))
}

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SecretsError> {
    let mut suffix = [0u8; 6];
    // A collision only makes create_new fail, so a weak fallback is harmless.
    let _ = rand::rngs::OsRng.try_fill_bytes(&mut suffix);
    let tmp = sibling(
        path,
        &format!(
            "tmp-{}-{}",
            std::process::id(),
            URL_SAFE_NO_PAD.encode(suffix)
        ),
    );
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| SecretsError::io("create", &tmp, e))?;
        f.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| SecretsError::io("set permissions on", &tmp, e))?;
        f.write_all(bytes)
            .map_err(|e| SecretsError::io("write", &tmp, e))?;
        f.sync_all()
            .map_err(|e| SecretsError::io("flush", &tmp, e))?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| SecretsError::io("replace", path, e))?;
        // The rename is durable only once the directory entry is.
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
