//! The credentials file: a JSON header (format version, KDF parameters, which kind of master
//! locked it, a check token) and one Fernet token per key. Key names are in the clear so that
//! "is a gemini key stored?" and `keys rm` need no derivation; key values never are.
//!
//! Writes go to a temporary file that is fsynced and renamed over the old one, under an
//! exclusive lock on a sibling `.lock` file (the vault itself is replaced by each write, so it
//! cannot carry the lock). Readers need no lock: a rename is atomic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::SecretsError;
use super::fsio::write_atomic;
pub use super::fsio::{WriteLock, backup_path, ensure_dir, rename_into_place, rotating_path};
use super::kdf::{self, VaultKey};
use super::master::{MasterKind, MasterSecret};
use crate::terminal::sanitize_line;

pub const FORMAT: &str = "maya-credentials";
/// The newest format this build reads and writes. Version 2 adds `master_version` (which
/// keyring entry holds the master); a vault without one is still written as version 1, which
/// every Maya reads.
pub const VERSION: u64 = 2;
const ALGORITHM: &str = "pbkdf2-hmac-sha256";
/// Encrypted into every vault so a wrong master is caught even when no key is stored yet, and
/// before anything is written under the wrong key.
const CHECK_PLAINTEXT: &[u8] = b"maya-credentials-check:1";

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VaultFile {
    format: String,
    version: u64,
    kdf: KdfHeader,
    master: MasterKind,
    /// For a keyring vault whose master is not the first one (`keys rotate` made a new one):
    /// the version, whose entry is the keyring account `<account>.<version>`. None: the
    /// account itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    master_version: Option<String>,
    check: String,
    keys: BTreeMap<String, StoredKey>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfHeader {
    algorithm: String,
    iterations: u32,
    /// base64url, no padding.
    salt: String,
    length: u32,
}

/// One stored key's public metadata and its token.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredKey {
    /// Fernet token of `<name>\n<key>`: the name inside stops a token being moved to another
    /// provider's entry.
    token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub stored_at: OffsetDateTime,
}

/// A parsed vault file. Holding one says nothing about being able to decrypt it.
#[derive(Clone, Debug)]
pub struct Vault {
    path: PathBuf,
    file: VaultFile,
    salt: Vec<u8>,
}

/// Fresh KDF parameters: a random salt and the full iteration count.
pub struct KdfParams {
    pub salt: [u8; kdf::SALT_LEN],
    pub iterations: u32,
}

impl KdfParams {
    pub fn generate() -> Result<KdfParams, SecretsError> {
        let mut salt = [0u8; kdf::SALT_LEN];
        rand::rngs::OsRng
            .try_fill_bytes(&mut salt)
            .map_err(|e| SecretsError::KdfParams(format!("no random salt: {e}")))?;
        Ok(KdfParams {
            salt,
            iterations: kdf::ITERATIONS,
        })
    }

    /// Cheap parameters for this crate's unit tests; not compiled into anything else.
    #[cfg(test)]
    pub(crate) fn for_unit_tests() -> KdfParams {
        KdfParams {
            salt: [9u8; kdf::SALT_LEN],
            iterations: 1_000,
        }
    }
}

impl Vault {
    /// A new, empty vault locked with `key` (derived from `params`).
    pub fn create(path: &Path, kind: MasterKind, params: &KdfParams, key: &VaultKey) -> Vault {
        Vault {
            path: path.to_path_buf(),
            salt: params.salt.to_vec(),
            file: VaultFile {
                format: FORMAT.into(),
                version: VERSION,
                kdf: KdfHeader {
                    algorithm: ALGORITHM.into(),
                    iterations: params.iterations,
                    salt: URL_SAFE_NO_PAD.encode(params.salt),
                    length: kdf::KEY_LEN as u32,
                },
                master: kind,
                master_version: None,
                check: key.encrypt(CHECK_PLAINTEXT),
                keys: BTreeMap::new(),
            },
        }
    }

    /// Read and validate `path`; `None` when there is no file. Any damage is `Corrupt` with the
    /// path, and the file is not touched.
    pub fn load(path: &Path) -> Result<Option<Vault>, SecretsError> {
        let bytes = match crate::read_limit::read(path, crate::read_limit::VAULT) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SecretsError::io("read", path, e)),
        };
        Self::parse(path, &bytes).map(Some)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Vault, SecretsError> {
        let corrupt = |reason: String| SecretsError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(corrupt(
                "the file is empty; a write may have been cut short".into(),
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            corrupt(match e.classify() {
                serde_json::error::Category::Eof => format!(
                    "it ends early at line {}, column {}: the file is truncated",
                    e.line(),
                    e.column()
                ),
                _ => format!("invalid JSON at line {}, column {}", e.line(), e.column()),
            })
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(corrupt("it is not a Maya credentials file".into()));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(1..=VERSION) => {}
            Some(found) if found > VERSION => {
                return Err(SecretsError::NewerVersion {
                    path: path.to_path_buf(),
                    found,
                    supported: VERSION,
                });
            }
            _ => return Err(corrupt("its format version is missing or unknown".into())),
        }
        // Parser messages and header fields quote the file: one clean line each.
        let file: VaultFile = serde_json::from_value(value).map_err(|e| {
            corrupt(format!(
                "unexpected content: {}",
                sanitize_line(&e.to_string())
            ))
        })?;
        if file.kdf.algorithm != ALGORITHM || file.kdf.length != kdf::KEY_LEN as u32 {
            return Err(corrupt(format!(
                "unsupported key derivation {} with length {}",
                sanitize_line(&file.kdf.algorithm),
                file.kdf.length
            )));
        }
        if let Some(v) = &file.master_version {
            let plain = !v.is_empty()
                && v.len() <= 32
                && v.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if !plain || file.master != MasterKind::Keyring {
                return Err(corrupt(
                    "its master_version is not a keyring master version".into(),
                ));
            }
        }
        let salt = URL_SAFE_NO_PAD
            .decode(&file.kdf.salt)
            .ok()
            .filter(|s| s.len() >= kdf::SALT_LEN)
            .ok_or_else(|| corrupt("the salt is not 16 or more bytes of base64url".into()))?;
        Ok(Vault {
            path: path.to_path_buf(),
            file,
            salt,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn master_kind(&self) -> MasterKind {
        self.file.master
    }

    /// Which keyring master this vault needs (see [`VaultFile::master_version`]).
    pub fn master_version(&self) -> Option<&str> {
        self.file.master_version.as_deref()
    }

    /// Lock this (new, keyring) vault with master version `version`.
    pub fn set_master_version(&mut self, version: Option<String>) {
        self.file.master_version = version;
    }

    /// Whether `other` is this same vault as written (same parameters, master and check
    /// token): nothing has replaced it meanwhile.
    pub fn same_as(&self, other: &Vault) -> bool {
        self.same_kdf(other) && self.file.check == other.file.check
    }

    pub fn iterations(&self) -> u32 {
        self.file.kdf.iterations
    }

    /// Whether `other` derives its key from the same parameters (so a derived key carries over).
    pub fn same_kdf(&self, other: &Vault) -> bool {
        self.salt == other.salt
            && self.file.kdf.iterations == other.file.kdf.iterations
            && self.file.master == other.file.master
            && self.file.master_version == other.file.master_version
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.file.keys.keys().map(String::as_str)
    }

    pub fn entry(&self, name: &str) -> Option<&StoredKey> {
        self.file.keys.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.file.keys.is_empty()
    }

    /// Derive the vault key from `master` and prove it with the check token. The one place the
    /// 600,000 iterations are spent.
    pub fn unlock(&self, master: &MasterSecret) -> Result<VaultKey, SecretsError> {
        let key = VaultKey::derive(master.expose(), &self.salt, self.file.kdf.iterations)?;
        match key.decrypt(&self.file.check) {
            Some(p) if p.as_slice() == CHECK_PLAINTEXT => Ok(key),
            _ => Err(SecretsError::MasterMismatch {
                path: self.path.clone(),
                kind: self.file.master.describe(),
            }),
        }
    }

    /// The stored key `name`, decrypted with an unlocked `key`.
    pub fn decrypt(
        &self,
        key: &VaultKey,
        name: &str,
    ) -> Result<Option<SecretString>, SecretsError> {
        let Some(stored) = self.file.keys.get(name) else {
            return Ok(None);
        };
        let damaged = || SecretsError::Corrupt {
            path: self.path.clone(),
            reason: format!(
                "the entry for `{}` does not decrypt with this vault's key",
                sanitize_line(name)
            ),
        };
        let plain = key.decrypt(&stored.token).ok_or_else(damaged)?;
        let text = std::str::from_utf8(&plain).map_err(|_| damaged())?;
        let (inner_name, value) = text.split_once('\n').ok_or_else(damaged)?;
        if inner_name != name {
            return Err(damaged());
        }
        Ok(Some(SecretString::from(value)))
    }

    /// Store (or replace) `name`.
    pub fn put(&mut self, key: &VaultKey, name: &str, value: &SecretString) {
        let mut plain = Zeroizing::new(Vec::with_capacity(
            name.len() + 1 + value.expose_secret().len(),
        ));
        plain.extend_from_slice(name.as_bytes());
        plain.push(b'\n');
        plain.extend_from_slice(value.expose_secret().as_bytes());
        self.file.keys.insert(
            name.to_string(),
            StoredKey {
                token: key.encrypt(&plain),
                stored_at: OffsetDateTime::now_utc(),
            },
        );
    }

    /// Carry an entry over unchanged (its `stored_at` too) under a new key, for rotation.
    pub fn put_rekeyed(
        &mut self,
        key: &VaultKey,
        name: &str,
        value: &SecretString,
        stored_at: OffsetDateTime,
    ) {
        self.put(key, name, value);
        if let Some(e) = self.file.keys.get_mut(name) {
            e.stored_at = stored_at;
        }
    }

    pub fn remove(&mut self, name: &str) -> bool {
        self.file.keys.remove(name).is_some()
    }

    /// Write to this vault's own path, atomically.
    pub fn save(&self) -> Result<(), SecretsError> {
        self.save_to(&self.path)
    }

    /// Write to `path` atomically: temp file (0600) → fsync → rename → fsync the directory.
    pub fn save_to(&self, path: &Path) -> Result<(), SecretsError> {
        let mut file = self.file.clone();
        // Version 1 when it holds nothing newer, so an older Maya still reads it.
        file.version = if file.master_version.is_some() { 2 } else { 1 };
        let mut text = serde_json::to_vec_pretty(&file)
            .map_err(|e| SecretsError::io("encode", path, std::io::Error::other(e)))?;
        text.push(b'\n');
        write_atomic(path, &text)
    }
}

#[cfg(test)]
#[path = "vault_tests.rs"]
mod tests;
