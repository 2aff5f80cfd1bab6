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

/// Unlock a loaded vault with its kind of master. If the master does not fit but an
/// interrupted rotation left a new vault that it does fit, finish the rotation. `locked`: the
/// caller already holds the vault's [`WriteLock`] (flock conflicts even within one process).
pub(crate) fn open_vault(
    vault: Vault,
    master: &MasterConfig,
    derivations: &AtomicUsize,
    locked: bool,
) -> Result<(Vault, VaultKey, MasterSource), SecretsError> {
    let (secret, source) = master.open(vault.master_kind())?;
    derivations.fetch_add(1, Ordering::Relaxed);
    match vault.unlock(&secret) {
        Ok(key) => Ok((vault, key, source)),
        Err(SecretsError::MasterMismatch { path, kind }) => {
            match finish_rotation(&vault, &secret, derivations, locked)? {
                Some((v, k)) => Ok((v, k, source)),
                None => Err(SecretsError::MasterMismatch { path, kind }),
            }
        }
        Err(e) => Err(e),
    }
}

fn finish_rotation(
    old: &Vault,
    secret: &MasterSecret,
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
    derivations.fetch_add(1, Ordering::Relaxed);
    let Ok(key) = new.unlock(secret) else {
        return Ok(None);
    };
    let _lock = if locked {
        None
    } else {
        Some(WriteLock::acquire(old.path())?)
    };
    vault::rename_into_place(&pending, old.path())?;
    tracing::info!(vault = %old.path().display(), "finished an interrupted `maya keys rotate`");
    let new = Vault::load(old.path())?.ok_or_else(|| SecretsError::Corrupt {
        path: old.path().to_path_buf(),
        reason: "it vanished while finishing a rotation".into(),
    })?;
    Ok(Some((new, key)))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex as StdMutex};

    use super::*;
    use crate::secrets::master::MasterKind;
    use crate::secrets::vault::KdfParams;

    fn paths(dir: &Path) -> Paths {
        Paths {
            config_dir: dir.join("c"),
            data_dir: dir.join("d"),
            state_dir: dir.join("s"),
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    /// A vault with cheap KDF parameters, as only unit tests may make.
    fn seed(p: &Paths, pass: &str, keys: &[(&str, &str)]) {
        let cfg = MasterConfig::none().with_passphrase(pass.into());
        let (secret, _) = cfg.open(MasterKind::Passphrase).unwrap();
        let params = KdfParams::for_unit_tests();
        let key = VaultKey::derive(secret.expose(), &params.salt, params.iterations).unwrap();
        vault::ensure_dir(&p.credentials_file()).unwrap();
        let mut v = Vault::create(&p.credentials_file(), MasterKind::Passphrase, &params, &key);
        for (n, k) in keys {
            v.put(&key, n, &SecretString::from(*k));
        }
        v.save().unwrap();
    }

    #[test]
    fn the_store_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<KeyStore>();
    }

    #[test]
    fn env_wins_and_never_derives() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        seed(&p, "pass phrase", &[("gemini", "AIza-from-vault")]);
        let store = KeyStore::with(
            &p,
            MasterConfig::none(),
            env(&[("GOOGLE_API_KEY", "AIza-google"), ("OPENAI_API_KEY", "  ")]),
        );
        let (k, src) = store.get_with_source("gemini").unwrap().unwrap();
        assert_eq!(k.expose_secret(), "AIza-google");
        assert_eq!(src, KeySource::Env("GOOGLE_API_KEY"));
        // A blank variable does not count; openai is not stored, so still nothing to derive.
        assert!(store.get("openai").unwrap().is_none());
        assert_eq!(store.derivations(), 0);
        assert!(store.master_source().is_none());
    }

    #[test]
    fn vault_is_opened_lazily_and_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        assert!(
            KeyStore::with(&p, MasterConfig::none(), env(&[]))
                .get("gemini")
                .unwrap()
                .is_none()
        );
        seed(
            &p,
            "pass phrase",
            &[("gemini", "AIza-g"), ("stripe", "sk_test_s")],
        );
        let seen = Arc::new(StdMutex::new(Vec::<String>::new()));
        let mut store = KeyStore::with(
            &p,
            MasterConfig::none().with_passphrase("pass phrase".into()),
            env(&[]),
        );
        let sink = seen.clone();
        store.on_load(Box::new(move |k| sink.lock().unwrap().push(k.to_string())));
        assert!(store.get("anthropic").unwrap().is_none());
        assert_eq!(store.derivations(), 0, "an absent name must not derive");
        assert_eq!(
            store.get("gemini").unwrap().unwrap().expose_secret(),
            "AIza-g"
        );
        assert_eq!(
            store.get("stripe").unwrap().unwrap().expose_secret(),
            "sk_test_s"
        );
        assert_eq!(
            store.get("gemini").unwrap().unwrap().expose_secret(),
            "AIza-g"
        );
        assert_eq!(store.derivations(), 1);
        assert_eq!(store.master_source(), Some(MasterSource::EnvPassphrase));
        assert_eq!(*seen.lock().unwrap(), ["AIza-g", "sk_test_s", "AIza-g"]);
        assert!(!format!("{store:?}").contains("AIza-g"));
    }

    #[test]
    fn a_prompt_is_needed_only_for_a_stored_key_in_a_locked_passphrase_vault() {
        struct Never;
        impl crate::secrets::Prompter for Never {
            fn ask_hidden(&self, _: &str) -> std::io::Result<zeroize::Zeroizing<String>> {
                panic!("no prompt may be shown")
            }
            fn ask_line(&self, _: &str) -> std::io::Result<String> {
                panic!("no prompt may be shown")
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        seed(&p, "pass phrase", &[("stripe", "sk_test_s")]);
        let tty = || MasterConfig::none().with_prompter(Box::new(Never));
        let store = KeyStore::with(&p, tty(), env(&[]));
        assert!(store.is_stored("stripe") && !store.is_stored("gemini"));
        assert!(store.needs_prompt("stripe"));
        assert!(!store.needs_prompt("gemini"), "not stored: nothing to ask");
        assert!(matches!(
            store.get_without_prompt("stripe"),
            Err(SecretsError::NoPassphrase)
        ));
        assert_eq!(store.derivations(), 0);
        // MAYA_MASTER_KEY, or the key in the environment: no prompt.
        let with_pass = KeyStore::with(&p, tty().with_passphrase("pass phrase".into()), env(&[]));
        assert!(!with_pass.needs_prompt("stripe"));
        assert_eq!(
            with_pass
                .get_without_prompt("stripe")
                .unwrap()
                .unwrap()
                .expose_secret(),
            "sk_test_s"
        );
        let from_env = KeyStore::with(&p, tty(), env(&[("STRIPE_SECRET_KEY", "sk_test_env")]));
        assert!(from_env.is_stored("stripe") && !from_env.needs_prompt("stripe"));
        // No terminal: nothing can be asked either (get fails by itself).
        let headless = KeyStore::with(&p, MasterConfig::none(), env(&[]));
        assert!(!headless.needs_prompt("stripe"));
    }

    #[test]
    fn wrong_master_and_no_master_are_errors_not_none() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        seed(&p, "pass phrase", &[("gemini", "AIza-g")]);
        let store = KeyStore::with(
            &p,
            MasterConfig::none().with_passphrase("wrong one".into()),
            env(&[]),
        );
        let err = store.get("gemini").unwrap_err();
        assert!(matches!(err, SecretsError::MasterMismatch { .. }), "{err}");
        let store = KeyStore::with(&p, MasterConfig::none(), env(&[]));
        assert!(matches!(
            store.get("gemini").unwrap_err(),
            SecretsError::NoPassphrase
        ));
        assert!(
            KeyStore::with(&p, MasterConfig::none(), env(&[]))
                .get("gpt")
                .is_err()
        );
    }

    #[test]
    fn interrupted_rotation_is_finished_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        seed(&p, "old passphrase", &[("gemini", "AIza-old")]);
        // The new vault was written beside the old one, then the process died before renaming.
        let side = tempfile::tempdir().unwrap();
        let sp = paths(side.path());
        seed(&sp, "new passphrase", &[("gemini", "AIza-new")]);
        std::fs::rename(
            sp.credentials_file(),
            vault::rotating_path(&p.credentials_file()),
        )
        .unwrap();
        let store = KeyStore::with(
            &p,
            MasterConfig::none().with_passphrase("new passphrase".into()),
            env(&[]),
        );
        assert_eq!(
            store.get("gemini").unwrap().unwrap().expose_secret(),
            "AIza-new"
        );
        assert!(!vault::rotating_path(&p.credentials_file()).exists());
        // The old master no longer opens it; the new one does, from the main path.
        let old = KeyStore::with(
            &p,
            MasterConfig::none().with_passphrase("old passphrase".into()),
            env(&[]),
        );
        assert!(old.get("gemini").is_err());
    }
}
