//! Where the master secret comes from: the OS keyring, `MAYA_MASTER_KEY`, or a passphrase typed
//! at the terminal. The vault header records which kind locked it (keyring or passphrase), so
//! opening asks the right source instead of guessing, and errors can say what is missing.
//!
//! Keyring masters are versioned. New vaults share the first one (account `master`); `keys
//! rotate` makes a new one under its own account (`master.<version>`) for the vault it
//! rotates and never overwrites an existing entry, so other vaults and backups keep theirs.
//! The vault header names the version it needs; `registry` retires old ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::SecretsError;
pub use super::os::{
    KEYRING_ACCOUNT, KEYRING_SERVICE, Keyring, KeyringError, OsKeyring, Prompter, TtyPrompter,
};

pub const MASTER_LEN: usize = 32;
/// Passphrases chosen when a vault is created must be at least this long.
pub const MIN_PASSPHRASE: usize = 8;

/// The master secret's bytes: 32 random bytes from the keyring, or an NFC-normalised passphrase.
pub struct MasterSecret(Zeroizing<Vec<u8>>);

impl MasterSecret {
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    fn random() -> Result<MasterSecret, SecretsError> {
        let mut bytes = Zeroizing::new(vec![0u8; MASTER_LEN]);
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|e| SecretsError::Keyring {
                keyring: "OS random source".into(),
                reason: e.to_string(),
            })?;
        Ok(MasterSecret(bytes))
    }

    /// Normalised so the same passphrase typed through different input methods unlocks.
    fn from_passphrase(p: &str) -> MasterSecret {
        let normalised: Zeroizing<String> = Zeroizing::new(p.nfc().collect());
        MasterSecret(Zeroizing::new(normalised.as_bytes().to_vec()))
    }
}

impl std::fmt::Debug for MasterSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterSecret(<redacted>)")
    }
}

/// What kind of master locked a vault; stored in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MasterKind {
    Keyring,
    Passphrase,
}

impl MasterKind {
    pub fn describe(self) -> &'static str {
        match self {
            MasterKind::Keyring => "the master secret in the OS keyring",
            MasterKind::Passphrase => "a passphrase",
        }
    }
}

/// The source actually used this time, for "using …" notices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MasterSource {
    /// The OS keyring, with a description such as `Secret Service (service "maya", account "master")`.
    Keyring(String),
    /// `MAYA_MASTER_KEY`.
    EnvPassphrase,
    /// `MAYA_NEW_MASTER_KEY`, the new passphrase of `keys rotate`.
    NewEnvPassphrase,
    /// Typed at the terminal.
    PromptedPassphrase,
}

impl std::fmt::Display for MasterSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MasterSource::Keyring(d) => write!(f, "the OS keyring ({d})"),
            MasterSource::EnvPassphrase => f.write_str("the passphrase in MAYA_MASTER_KEY"),
            MasterSource::NewEnvPassphrase => {
                f.write_str("the new passphrase from MAYA_NEW_MASTER_KEY")
            }
            MasterSource::PromptedPassphrase => f.write_str("the passphrase typed at the terminal"),
        }
    }
}

/// Which master sources this process may use. [`MasterConfig::from_env`] is the CLI's.
pub struct MasterConfig {
    keyring: Option<Box<dyn Keyring>>,
    /// Why the keyring is not offered, when it is not.
    keyring_off: String,
    env_passphrase: Option<SecretString>,
    new_env_passphrase: Option<SecretString>,
    prompter: Option<Box<dyn Prompter>>,
    /// Where the lock over the keyring's registry of master versions lives (shared by every
    /// Maya of this user); `None`: no registry, so old masters are never removed.
    registry_dir: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for MasterConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterConfig")
            .field("keyring", &self.keyring.as_ref().map(|k| k.describe()))
            .field("env_passphrase", &self.env_passphrase.is_some())
            .field("new_env_passphrase", &self.new_env_passphrase.is_some())
            .field("prompter", &self.prompter.is_some())
            .finish()
    }
}

impl MasterConfig {
    /// The real configuration: the OS keyring unless `MAYA_KEYRING=off`, `MAYA_MASTER_KEY`,
    /// `MAYA_NEW_MASTER_KEY`, and the terminal when there is one.
    pub fn from_env() -> MasterConfig {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// As [`from_env`](Self::from_env) with a given environment (the OS keyring and terminal
    /// are still the real ones).
    pub fn from_lookup(env: impl Fn(&str) -> Option<String>) -> MasterConfig {
        let non_empty = |k: &str| env(k).filter(|v| !v.is_empty());
        let keyring_off = non_empty("MAYA_KEYRING").is_some_and(|v| {
            matches!(
                v.to_ascii_lowercase().as_str(),
                "off" | "0" | "no" | "false"
            )
        });
        let mut config = MasterConfig {
            keyring: None,
            keyring_off: "MAYA_KEYRING=off".into(),
            env_passphrase: non_empty("MAYA_MASTER_KEY").map(SecretString::from),
            new_env_passphrase: non_empty("MAYA_NEW_MASTER_KEY").map(SecretString::from),
            prompter: TtyPrompter::detect().map(|p| Box::new(p) as Box<dyn Prompter>),
            registry_dir: default_registry_dir(&env),
        };
        if !keyring_off {
            config.keyring = Some(Box::new(OsKeyring::maya()));
        }
        config
    }

    /// No sources at all; add them with the `with_*` methods.
    pub fn none() -> MasterConfig {
        MasterConfig {
            keyring: None,
            keyring_off: "no keyring configured".into(),
            env_passphrase: None,
            new_env_passphrase: None,
            prompter: None,
            registry_dir: None,
        }
    }

    /// Keep the registry of keyring master versions, locked through a file in `dir`.
    pub fn with_registry_dir(mut self, dir: &std::path::Path) -> Self {
        self.registry_dir = Some(dir.to_path_buf());
        self
    }

    pub(crate) fn keyring(&self) -> Option<&dyn Keyring> {
        self.keyring.as_deref()
    }

    pub(crate) fn registry_dir(&self) -> Option<&std::path::Path> {
        self.registry_dir.as_deref()
    }

    pub fn with_keyring(mut self, keyring: Box<dyn Keyring>) -> Self {
        self.keyring = Some(keyring);
        self
    }

    pub fn with_passphrase(mut self, passphrase: SecretString) -> Self {
        self.env_passphrase = Some(passphrase);
        self
    }

    pub fn with_new_passphrase(mut self, passphrase: SecretString) -> Self {
        self.new_env_passphrase = Some(passphrase);
        self
    }

    pub fn with_prompter(mut self, prompter: Box<dyn Prompter>) -> Self {
        self.prompter = Some(prompter);
        self
    }

    pub fn without_prompter(mut self) -> Self {
        self.prompter = None;
        self
    }

    /// Whether `MAYA_MASTER_KEY` (or a given passphrase) is available.
    pub fn has_passphrase(&self) -> bool {
        self.env_passphrase.is_some()
    }

    pub(crate) fn prompter(&self) -> Option<&dyn Prompter> {
        self.prompter.as_deref()
    }

    /// The master for an existing vault locked with `kind` (the first keyring master).
    pub fn open(&self, kind: MasterKind) -> Result<(MasterSecret, MasterSource), SecretsError> {
        self.open_version(kind, None)
    }

    /// The master for an existing vault locked with `kind`, keyring master `version` (from the
    /// vault header; `None` is the first one).
    pub fn open_version(
        &self,
        kind: MasterKind,
        version: Option<&str>,
    ) -> Result<(MasterSecret, MasterSource), SecretsError> {
        match kind {
            MasterKind::Keyring => {
                let Some(base) = &self.keyring else {
                    return Err(SecretsError::KeyringUnavailable {
                        reason: self.keyring_off.clone(),
                    });
                };
                let versioned = version.map(|v| base.entry(v));
                let keyring = versioned.as_deref().unwrap_or(base.as_ref());
                match keyring.get() {
                    Ok(Some(text)) => Ok((
                        decode_keyring_secret(&text, keyring)?,
                        MasterSource::Keyring(keyring.describe()),
                    )),
                    Ok(None) => Err(SecretsError::KeyringNoMaster {
                        keyring: keyring.describe(),
                    }),
                    Err(KeyringError::Unavailable(reason)) => {
                        Err(SecretsError::KeyringUnavailable { reason })
                    }
                    Err(KeyringError::Failed(reason)) => Err(SecretsError::Keyring {
                        keyring: keyring.describe(),
                        reason,
                    }),
                }
            }
            MasterKind::Passphrase => {
                if let Some(p) = &self.env_passphrase {
                    return Ok((
                        MasterSecret::from_passphrase(p.expose_secret()),
                        MasterSource::EnvPassphrase,
                    ));
                }
                let Some(prompter) = &self.prompter else {
                    return Err(SecretsError::NoPassphrase);
                };
                let p = prompter
                    .ask_hidden("Maya credentials passphrase: ")
                    .map_err(SecretsError::Prompt)?;
                Ok((
                    MasterSecret::from_passphrase(&p),
                    MasterSource::PromptedPassphrase,
                ))
            }
        }
    }

    /// The master for a new vault: the keyring's existing secret (other vaults may use it) or
    /// a new random one stored there; else `MAYA_MASTER_KEY`; else a passphrase typed twice.
    pub fn create(&self) -> Result<(MasterSecret, MasterKind, MasterSource), SecretsError> {
        let mut keyring_reason = self.keyring_off.clone();
        if let Some(keyring) = &self.keyring {
            match keyring_master(keyring.as_ref()) {
                Ok(secret) => {
                    return Ok((
                        secret,
                        MasterKind::Keyring,
                        MasterSource::Keyring(keyring.describe()),
                    ));
                }
                Err(KeyringError::Unavailable(r)) => keyring_reason = r,
                Err(KeyringError::Failed(reason)) => {
                    return Err(SecretsError::Keyring {
                        keyring: keyring.describe(),
                        reason,
                    });
                }
            }
        }
        let (secret, source) = self
            .new_passphrase(
                self.env_passphrase.as_ref(),
                MasterSource::EnvPassphrase,
                "MAYA_MASTER_KEY",
            )?
            .ok_or_else(|| SecretsError::NoMasterSource {
                reason: format!(
                    "no OS keyring ({keyring_reason}), MAYA_MASTER_KEY is not set, and there is no \
                 terminal to ask for a passphrase"
                ),
            })?;
        Ok((secret, MasterKind::Passphrase, source))
    }

    /// A fresh master of the same kind for `keys rotate`. For the keyring it is a new version
    /// under an account of its own, returned with a commit step that stores it; the caller runs
    /// that only once the new vault is safely on disk beside the old one.
    pub fn rotate(&self, kind: MasterKind) -> Result<Rotation, SecretsError> {
        match kind {
            MasterKind::Keyring => {
                let base =
                    self.keyring
                        .as_deref()
                        .ok_or_else(|| SecretsError::KeyringUnavailable {
                            reason: self.keyring_off.clone(),
                        })?;
                let version = new_version()?;
                let keyring = base.entry(&version);
                Ok(Rotation {
                    secret: MasterSecret::random()?,
                    source: MasterSource::Keyring(keyring.describe()),
                    keyring: Some(keyring),
                    version: Some(version),
                    kept_passphrase: false,
                })
            }
            MasterKind::Passphrase => {
                if let Some((secret, source)) = self.new_passphrase(
                    self.new_env_passphrase.as_ref(),
                    MasterSource::NewEnvPassphrase,
                    "MAYA_NEW_MASTER_KEY",
                )? {
                    return Ok(Rotation {
                        secret,
                        source,
                        keyring: None,
                        version: None,
                        kept_passphrase: false,
                    });
                }
                // Headless without a new passphrase: keep it, still a new salt and new tokens.
                let (secret, source) = self.open(MasterKind::Passphrase)?;
                Ok(Rotation {
                    secret,
                    source,
                    keyring: None,
                    version: None,
                    kept_passphrase: true,
                })
            }
        }
    }

    /// A new passphrase: from `env` when given, else typed twice at the terminal, else `None`.
    fn new_passphrase(
        &self,
        env: Option<&SecretString>,
        env_source: MasterSource,
        var: &str,
    ) -> Result<Option<(MasterSecret, MasterSource)>, SecretsError> {
        if let Some(p) = env {
            check_new_passphrase(p.expose_secret(), var)?;
            return Ok(Some((
                MasterSecret::from_passphrase(p.expose_secret()),
                env_source,
            )));
        }
        let Some(prompter) = &self.prompter else {
            return Ok(None);
        };
        let first = prompter
            .ask_hidden("New passphrase for Maya's stored keys: ")
            .map_err(SecretsError::Prompt)?;
        check_new_passphrase(&first, "the passphrase")?;
        let second = prompter
            .ask_hidden("Type it again: ")
            .map_err(SecretsError::Prompt)?;
        if *first != *second {
            return Err(SecretsError::Passphrase(
                "the two passphrases differ; nothing was stored".into(),
            ));
        }
        Ok(Some((
            MasterSecret::from_passphrase(&first),
            MasterSource::PromptedPassphrase,
        )))
    }
}

/// A new master secret waiting to be committed.
pub struct Rotation {
    pub secret: MasterSecret,
    pub source: MasterSource,
    /// The new version's own keyring entry.
    keyring: Option<Box<dyn Keyring>>,
    /// The new keyring master's version, for the vault header.
    pub version: Option<String>,
    /// True when a passphrase vault is re-salted under the same passphrase.
    pub kept_passphrase: bool,
}

impl Rotation {
    /// Store the new secret where it lives (a new keyring entry, which nothing else uses); a
    /// no-op for passphrases.
    pub fn commit(&self) -> Result<(), SecretsError> {
        let Some(keyring) = &self.keyring else {
            return Ok(());
        };
        keyring
            .set(&encode_keyring_secret(&self.secret))
            .map_err(|e| SecretsError::Keyring {
                keyring: keyring.describe(),
                reason: match e {
                    KeyringError::Unavailable(r) | KeyringError::Failed(r) => r,
                },
            })
    }
}

fn check_new_passphrase(p: &str, what: &str) -> Result<(), SecretsError> {
    if p.chars().count() < MIN_PASSPHRASE {
        return Err(SecretsError::Passphrase(format!(
            "{what} is too short for a new vault: use at least {MIN_PASSPHRASE} characters"
        )));
    }
    Ok(())
}

/// The existing keyring master, or a new one stored there.
fn keyring_master(keyring: &dyn Keyring) -> Result<MasterSecret, KeyringError> {
    if let Some(text) = keyring.get()? {
        return decode_keyring_secret(&text, keyring)
            .map_err(|e| KeyringError::Failed(e.to_string()));
    }
    let secret = MasterSecret::random().map_err(|e| KeyringError::Failed(e.to_string()))?;
    keyring.set(&encode_keyring_secret(&secret))?;
    Ok(secret)
}

/// A new keyring master version: 48 random bits as 12 hex digits, so two vaults rotating at
/// once (in other Maya folders) never pick the same account.
fn new_version() -> Result<String, SecretsError> {
    let mut bytes = [0u8; 6];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| SecretsError::Keyring {
            keyring: "OS random source".into(),
            reason: e.to_string(),
        })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Where the keyring registry's lock lives by default: the user's runtime directory (private,
/// cleared at logout), else their cache directory. Shared by every Maya of the user whatever
/// its `MAYA_*_DIR`s, like the keyring itself.
fn default_registry_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<std::path::PathBuf> {
    let runtime = env("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from);
    runtime
        .or_else(|| directories::BaseDirs::new().map(|b| b.cache_dir().to_path_buf()))
        .map(|d| d.join("maya"))
}

/// Kept as base64url text so the entry reads as a password in keyring GUIs and `secret-tool`.
fn encode_keyring_secret(secret: &MasterSecret) -> Zeroizing<String> {
    let mut s = Zeroizing::new(String::new());
    URL_SAFE_NO_PAD.encode_string(secret.expose(), &mut s);
    s
}

fn decode_keyring_secret(text: &str, keyring: &dyn Keyring) -> Result<MasterSecret, SecretsError> {
    let bytes = Zeroizing::new(URL_SAFE_NO_PAD.decode(text.trim()).unwrap_or_default());
    if bytes.len() != MASTER_LEN {
        return Err(SecretsError::Keyring {
            keyring: keyring.describe(),
            reason: "the entry does not hold a Maya master secret (32 bytes, base64url)".into(),
        });
    }
    Ok(MasterSecret(bytes))
}

#[cfg(test)]
#[path = "master_tests.rs"]
mod tests;
