//! [`KeyStore`]: what providers and payments call to get their keys. Environment first; the
//! vault only when a stored key is actually needed, and its key derived at most once.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use secrecy::{ExposeSecret, SecretString};

use super::SecretsError;
use super::kdf::VaultKey;
use super::master::{MasterConfig, MasterSecret, MasterSource};
use super::shape::KeyName;
use super::vault::{self, Vault, WriteLock};
use crate::config::Paths;

/// Called with each key as it is loaded, so the log redactor learns it.
pub type LoadHook = Box<dyn Fn(&str) + Send + Sync>;

/// An environment lookup: the process environment in the binary, a map in tests.
pub type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where a key came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// This environment variable.
    Env(&'static str),
    /// The encrypted vault.
    Vault,
}

struct Unlocked {
    vault: Vault,
    key: VaultKey,
    source: MasterSource,
}

pub struct KeyStore {
    path: PathBuf,
    env: EnvLookup,
    master: MasterConfig,
    hooks: Vec<LoadHook>,
    unlocked: Mutex<Option<Unlocked>>,
    derivations: AtomicUsize,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore")
            .field("path", &self.path)
            .field("master", &self.master)
            .field("derivations", &self.derivations())
            .finish_non_exhaustive()
    }
}

impl KeyStore {
    /// The real store: process environment, OS keyring / `MAYA_MASTER_KEY` / terminal.
    /// Call [`get`](Self::get) before the TUI takes the terminal: a passphrase vault may prompt.
    pub fn new(paths: &Paths) -> KeyStore {
        Self::with(paths, MasterConfig::from_env(), |k| std::env::var(k).ok())
    }

    pub fn with(
        paths: &Paths,
        master: MasterConfig,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> KeyStore {
        KeyStore {
            path: paths.credentials_file(),
            env: Box::new(env),
            master,
            hooks: Vec::new(),
            unlocked: Mutex::new(None),
            derivations: AtomicUsize::new(0),
        }
    }

    /// Register a hook called with every key this store hands out (for the redactor).
    pub fn on_load(&mut self, hook: LoadHook) {
        self.hooks.push(hook);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key `name` (`gemini`, `openai:router`, …): from its environment variable when set,
    /// else from the vault, else `None`.
    pub fn get(&self, name: &str) -> Result<Option<SecretString>, SecretsError> {
        Ok(self.get_with_source(name)?.map(|(k, _)| k))
    }

    pub fn get_with_source(
        &self,
        name: &str,
    ) -> Result<Option<(SecretString, KeySource)>, SecretsError> {
        let name = KeyName::parse(name)?;
        if let Some((var, value)) = env_override(&name, &*self.env) {
            self.loaded(&value);
            return Ok(Some((value, KeySource::Env(var))));
        }
        // Names are in the clear: a key that is not stored costs no derivation and no keyring.
        let Some(current) = Vault::load(&self.path)? else {
            return Ok(None);
        };
        let name = name.to_string();
        if current.entry(&name).is_none() {
            return Ok(None);
        }
        let mut guard = self.unlocked.lock().unwrap_or_else(|p| p.into_inner());
        let reuse = guard.as_ref().is_some_and(|u| u.vault.same_kdf(&current));
        if reuse {
            if let Some(u) = guard.as_mut() {
                u.vault = current;
            }
        } else {
            let (vault, key, source) = open_vault(current, &self.master, &self.derivations, false)?;
            *guard = Some(Unlocked { vault, key, source });
        }
        let Some(u) = guard.as_ref() else {
            return Ok(None);
        };
        let value = u.vault.decrypt(&u.key, &name)?;
        if let Some(v) = &value {
            self.loaded(v);
        }
        Ok(value.map(|v| (v, KeySource::Vault)))
    }

    /// Whether a key named `name` exists (environment or vault), without opening the vault:
    /// names are stored in the clear.
    pub fn is_stored(&self, name: &str) -> bool {
        let Ok(name) = KeyName::parse(name) else {
            return false;
        };
        env_override(&name, &*self.env).is_some()
            || Vault::load(&self.path)
                .ok()
                .flatten()
                .is_some_and(|v| v.entry(&name.to_string()).is_some())
    }

    /// Whether getting `name` would ask for a passphrase at the terminal: it is stored in a
    /// passphrase vault that is not unlocked yet, and no `MAYA_MASTER_KEY` is set. Callers that
    /// will not own the terminal later (the TUI) get such a key now, or never.
    pub fn needs_prompt(&self, name: &str) -> bool {
        let Ok(name) = KeyName::parse(name) else {
            return false;
        };
        if env_override(&name, &*self.env).is_some() || self.master.has_passphrase() {
            return false;
        }
        let Ok(Some(current)) = Vault::load(&self.path) else {
            return false;
        };
        if current.entry(&name.to_string()).is_none()
            || current.master_kind() != super::master::MasterKind::Passphrase
            || self.master.prompter().is_none()
        {
            return false;
        }
        let guard = self.unlocked.lock().unwrap_or_else(|p| p.into_inner());
        !guard.as_ref().is_some_and(|u| u.vault.same_kdf(&current))
    }

    /// [`get`](Self::get), but never a prompt: a key that would need a typed passphrase is an
    /// error ([`SecretsError::NoPassphrase`]) instead.
    pub fn get_without_prompt(&self, name: &str) -> Result<Option<SecretString>, SecretsError> {
        if self.needs_prompt(name) {
            return Err(SecretsError::NoPassphrase);
        }
        self.get(name)
    }

    /// Which master unlocked the vault, once one has.
    pub fn master_source(&self) -> Option<MasterSource> {
        let guard = self.unlocked.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(|u| u.source.clone())
    }

    /// How many PBKDF2 derivations this store has run (0 or 1 in normal use).
    pub fn derivations(&self) -> usize {
        self.derivations.load(Ordering::Relaxed)
    }

    fn loaded(&self, key: &SecretString) {
        for hook in &self.hooks {
            hook(key.expose_secret());
        }
    }
}

/// The first non-empty environment variable that overrides `name`.
pub(crate) fn env_override(
    name: &KeyName,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<(&'static str, SecretString)> {
    name.env_vars().iter().find_map(|var| {
        let v = zeroize::Zeroizing::new(env(var)?);
        let trimmed = v.trim();
        (!trimmed.is_empty()).then(|| (*var, SecretString::from(trimmed)))
    })
}

/// Unlock a loaded vault with its kind of master (and keyring version). If the master does not
/// fit but an interrupted rotation left a new vault that it does fit, finish the rotation.
/// `locked`: the caller already holds the vault's [`WriteLock`] (flock conflicts even within
/// one process).
pub(crate) fn open_vault(
    vault: Vault,
    master: &MasterConfig,
    derivations: &AtomicUsize,
    locked: bool,
) -> Result<(Vault, VaultKey, MasterSource), SecretsError> {
    let (secret, source) = master.open_version(vault.master_kind(), vault.master_version())?;
    derivations.fetch_add(1, Ordering::Relaxed);
    let (vault, key) = match vault.unlock(&secret) {
        Ok(key) => (vault, key),
        Err(SecretsError::MasterMismatch { path, kind }) => {
            match finish_rotation(&vault, &secret, master, derivations, locked)? {
                Some(done) => done,
                None => return Err(SecretsError::MasterMismatch { path, kind }),
            }
        }
        Err(e) => return Err(e),
    };
    if let Some(version) = vault.master_version() {
        super::registry::used(master, version, vault.path());
    }
    Ok((vault, key, source))
}

/// Finish a rotation that was cut off after the new vault was written beside `old` (which
/// `secret` does not open). The new vault is checked first without the lock (no waiting when
/// there is nothing to finish), then everything again under it: another process may have
/// finished, changed or replaced either file meanwhile.
fn finish_rotation(
    old: &Vault,
    secret: &MasterSecret,
    master: &MasterConfig,
    derivations: &AtomicUsize,
    locked: bool,
) -> Result<Option<(Vault, VaultKey)>, SecretsError> {
    let pending = vault::rotating_path(old.path());
    let Ok(Some(new)) = Vault::load(&pending) else {
        return Ok(None);
    };
    if new.master_kind() != old.master_kind() {
        return Ok(None);
    }
    // A keyring rotation puts the new vault under a master version of its own.
    let other;
    let new_secret = if new.master_version() == old.master_version() {
        secret
    } else {
        match master.open_version(new.master_kind(), new.master_version()) {
            Ok((s, _)) => {
                other = s;
                &other
            }
            Err(_) => return Ok(None),
        }
    };
    derivations.fetch_add(1, Ordering::Relaxed);
    let Ok(key) = new.unlock(new_secret) else {
        return Ok(None);
    };
    let _lock = if locked {
        None
    } else {
        Some(WriteLock::acquire(old.path())?)
    };
    let Some(now) = Vault::load(old.path())? else {
        return Ok(None);
    };
    if now.same_as(&new) {
        // Someone finished it meanwhile (and may have changed the vault since): take it as is.
        return Ok(Some((now, key)));
    }
    let still_pending = Vault::load(&pending).ok().flatten();
    if !now.same_as(old) || !still_pending.is_some_and(|p| p.same_as(&new)) {
        return Ok(None);
    }
    vault::rename_into_place(&pending, old.path())?;
    tracing::info!(vault = %old.path().display(), "finished an interrupted `maya keys rotate`");
    let new = Vault::load(old.path())?.ok_or_else(|| SecretsError::Corrupt {
        path: old.path().to_path_buf(),
        reason: "it vanished while finishing a rotation".into(),
    })?;
    Ok(Some((new, key)))
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
