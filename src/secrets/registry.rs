//! Which vaults use which keyring master version, so an old version is removed only once no
//! vault needs it.
//!
//! A vault may be anywhere (another `MAYA_DATA_DIR`, a copy), so the record lives where the
//! masters do: in the keyring, as one more entry (`<account>.vaults`) holding JSON — version →
//! the vault files known to use it. Versions are recorded when `keys rotate` makes them, and a
//! vault is added whenever it is opened with one. Only versions made by `keys rotate` are
//! recorded and ever removed; the first master (`<account>` itself) may be used by vaults no
//! Maya has opened since (and by older Maya versions), so it always stays.
//!
//! Removing version `v` needs proof: its record must go back to when it was made (`complete`),
//! and no recorded vault — nor its `.bak` copies, nor an unfinished `.rotating` beside it — may
//! name `v` or be unreadable. Anything uncertain keeps the master. Changes to the record are
//! serialised by a file lock in the user's runtime (or cache) directory; without one, nothing
//! is recorded and nothing removed.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fsio::rotating_path;
use super::master::{Keyring, MasterConfig, MasterKind};
use super::vault::Vault;

const FORMAT: &str = "maya-keyring-masters";
/// The registry's keyring entry, beside the masters.
const ENTRY: &str = "vaults";

#[derive(Default, Serialize, Deserialize)]
struct Record {
    format: String,
    versions: BTreeMap<String, Users>,
}

#[derive(Default, Serialize, Deserialize)]
struct Users {
    /// Recorded since the version was made, so `vaults` can be trusted to be all of them.
    complete: bool,
    vaults: Vec<PathBuf>,
}

/// What became of an old master version.
#[derive(Debug, PartialEq, Eq)]
pub enum Retired {
    /// Removed from the keyring: nothing needs it.
    Removed,
    /// Kept, and why.
    Kept(String),
}

struct Registry<'a> {
    base: &'a dyn Keyring,
    lock_path: PathBuf,
}

impl<'a> Registry<'a> {
    fn new(master: &'a MasterConfig) -> Option<Registry<'a>> {
        let base = master.keyring()?;
        let dir = master.registry_dir()?;
        // One lock per keyring entry (tests use entries of their own).
        let digest = Sha256::digest(base.describe().as_bytes());
        let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Some(Registry {
            base,
            lock_path: dir.join(format!("keyring-{name}.lock")),
        })
    }

    /// The lock over reading and changing the record, held until dropped.
    fn lock(&self) -> Result<File, String> {
        if let Some(dir) = self.lock_path.parent() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&self.lock_path)
            .map_err(|e| format!("cannot open {}: {e}", self.lock_path.display()))?;
        file.lock()
            .map_err(|e| format!("cannot lock {}: {e}", self.lock_path.display()))?;
        Ok(file)
    }

    /// The record; an empty one when there is none yet. A record that cannot be read is an
    /// error, never replaced: it may be the only account of who uses what.
    fn load(&self) -> Result<Record, String> {
        let entry = self.base.entry(ENTRY);
        match entry.get() {
            Ok(None) => Ok(Record {
                format: FORMAT.into(),
                versions: BTreeMap::new(),
            }),
            Ok(Some(text)) => serde_json::from_str::<Record>(&text)
                .ok()
                .filter(|r| r.format == FORMAT)
                .ok_or_else(|| format!("{} does not hold Maya's record", entry.describe())),
            Err(e) => Err(format!("{e:?}")),
        }
    }

    fn save(&self, record: &Record) -> Result<(), String> {
        let text = serde_json::to_string(record).map_err(|e| e.to_string())?;
        self.base
            .entry(ENTRY)
            .set(&text)
            .map_err(|e| format!("{e:?}"))
    }
}

/// A vault's path as recorded: absolute, its directory resolved, so one vault is one entry.
fn normal(vault: &Path) -> PathBuf {
    let name = vault.file_name().unwrap_or_default();
    vault
        .parent()
        .and_then(|d| std::fs::canonicalize(d).ok())
        .map(|d| d.join(name))
        .or_else(|| std::path::absolute(vault).ok())
        .unwrap_or_else(|| vault.to_path_buf())
}

/// Record that `keys rotate` made `version` for `vault`. Failing to record only means the
/// version is never removed.
pub fn made(master: &MasterConfig, version: &str, vault: &Path) {
    let Some(reg) = Registry::new(master) else {
        return;
    };
    let result = reg.lock().and_then(|_lock| {
        let mut record = reg.load()?;
        record.versions.insert(
            version.to_string(),
            Users {
                complete: true,
                vaults: vec![normal(vault)],
            },
        );
        reg.save(&record)
    });
    if let Err(e) = result {
        tracing::warn!("could not record keyring master {version}: {e}");
    }
}

/// Record that `vault` uses `version` (it was just opened with it). Costs one keyring read
/// when it is already recorded.
pub fn used(master: &MasterConfig, version: &str, vault: &Path) {
    let Some(reg) = Registry::new(master) else {
        return;
    };
    let path = normal(vault);
    let known = |r: &Record| {
        r.versions
            .get(version)
            .is_some_and(|u| u.vaults.contains(&path))
    };
    if reg.load().is_ok_and(|r| known(&r)) {
        return;
    }
    let result = reg.lock().and_then(|_lock| {
        let mut record = reg.load()?;
        if known(&record) {
            return Ok(());
        }
        // A version first seen here (its record was lost, or it predates the record) cannot
        // be trusted to list every vault.
        let users = record.versions.entry(version.to_string()).or_default();
        users.vaults.push(path.clone());
        reg.save(&record)
    });
    if let Err(e) = result {
        tracing::warn!(
            "could not record that {} uses keyring master {version}: {e}",
            path.display()
        );
    }
}

/// `vault` no longer uses `version`: remove that master if nothing needs it, and any other
/// recorded one nothing needs any more (kept earlier for a backup since deleted, say). Says
/// what became of `version`.
pub fn retire(master: &MasterConfig, version: &str, vault: &Path) -> Retired {
    let Some(reg) = Registry::new(master) else {
        return Retired::Kept("no record of which vaults use it is kept here".into());
    };
    let result = reg.lock().and_then(|_lock| {
        let mut record = reg.load()?;
        if let Some(users) = record.versions.get_mut(version) {
            let this = normal(vault);
            if !users.vaults.contains(&this) {
                users.vaults.push(this);
            }
        }
        let mut outcome = Retired::Kept("there is no record of which vaults use it".into());
        let mut changed = false;
        for (v, users) in record.versions.iter_mut() {
            if !users.complete {
                if v == version {
                    outcome = Retired::Kept("not every vault that may use it is known".into());
                }
                continue;
            }
            let before = users.vaults.len();
            users.vaults.retain(|p| may_need(p, v));
            changed |= users.vaults.len() != before;
            if v == version && !users.vaults.is_empty() {
                let names: Vec<String> = users
                    .vaults
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                outcome = Retired::Kept(format!(
                    "{} still need it (or a backup beside it does)",
                    names.join(", ")
                ));
            }
        }
        let unused: Vec<String> = record
            .versions
            .iter()
            .filter(|(_, u)| u.complete && u.vaults.is_empty())
            .map(|(v, _)| v.clone())
            .collect();
        for v in unused {
            reg.base.entry(&v).delete().map_err(|e| format!("{e:?}"))?;
            record.versions.remove(&v);
            changed = true;
            if v == version {
                outcome = Retired::Removed;
            }
        }
        if changed {
            reg.save(&record)?;
        }
        Ok(outcome)
    });
    result.unwrap_or_else(|e| Retired::Kept(format!("its record could not be checked ({e})")))
}

/// Whether `vault`, its `.bak` copies or an unfinished `.rotating` beside it may need keyring
/// master `version`. An unreadable one may.
fn may_need(vault: &Path, version: &str) -> bool {
    let mut files = vec![vault.to_path_buf(), rotating_path(vault)];
    if let (Some(dir), Some(name)) = (vault.parent(), vault.file_name()) {
        let prefix = format!("{}.bak", name.to_string_lossy());
        if let Ok(rd) = std::fs::read_dir(dir) {
            files.extend(
                rd.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .map(|e| e.path()),
            );
        }
    }
    files.iter().any(|f| match Vault::load(f) {
        Ok(None) => false,
        Ok(Some(v)) => {
            v.master_kind() == MasterKind::Keyring && v.master_version() == Some(version)
        }
        Err(_) => f.exists(),
    })
}
