//! The vault key: base64url(PBKDF2-HMAC-SHA256(master secret, salt, iterations, 32 bytes)), used
//! as a Fernet key (16 bytes signing ‖ 16 bytes encryption).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use fernet::Fernet;
use zeroize::Zeroizing;

use super::SecretsError;

/// OWASP's floor for PBKDF2-HMAC-SHA256 (2023). The CLI never derives with fewer.
pub const ITERATIONS: u32 = 600_000;
/// Anything above this in a vault header did not come from Maya, and would stall the process for
/// minutes; refuse it rather than obey a tampered header.
pub const MAX_ITERATIONS: u32 = 20_000_000;
pub const SALT_LEN: usize = 16;
pub const KEY_LEN: usize = 32;

/// The fewest iterations a vault may declare. Unit tests (`cfg(test)`, which only this crate's
/// own `#[cfg(test)]` modules can see) may go lower to stay fast; integration tests, benches and
/// the binary link the library without `cfg(test)` and always get the real floor.
pub(crate) fn min_iterations() -> u32 {
    if cfg!(test) { 1 } else { ITERATIONS }
}

/// PBKDF2-HMAC-SHA256 with a 32-byte output, zeroized when dropped.
///
/// The derivation is the RustCrypto `pbkdf2` crate's `pbkdf2_hmac::<Sha256>`, reached through
/// the workspace crate `maya-kdf` so that it is compiled optimised even in debug and test
/// builds (see `crates/kdf/Cargo.toml`). Checked against RFC 7914's vectors (unit tests) and
/// Python's `hashlib` (tests/secrets_fernet.rs).
pub fn pbkdf2_sha256(secret: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; KEY_LEN]> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    maya_kdf::pbkdf2_hmac_sha256(secret, salt, iterations, out.as_mut());
    out
}

/// A derived Fernet key. `fernet::Fernet` zeroizes its key halves on drop; the intermediate
/// byte and text forms are `Zeroizing` and gone before this returns.
pub struct VaultKey {
    fernet: Fernet,
}

impl VaultKey {
    /// Derive from a master secret. Refuses iteration counts below the floor or above the cap.
    pub fn derive(secret: &[u8], salt: &[u8], iterations: u32) -> Result<VaultKey, SecretsError> {
        if iterations < min_iterations() || iterations > MAX_ITERATIONS {
            return Err(SecretsError::KdfParams(format!(
                "{iterations} PBKDF2 iterations is outside the accepted range \
                 {ITERATIONS}..={MAX_ITERATIONS}"
            )));
        }
        if salt.len() < SALT_LEN {
            return Err(SecretsError::KdfParams(format!(
                "the salt is {} bytes; at least {SALT_LEN} are required",
                salt.len()
            )));
        }
        let raw = pbkdf2_sha256(secret, salt, iterations);
        Ok(Self::from_raw(&raw))
    }

    fn from_raw(raw: &[u8; KEY_LEN]) -> VaultKey {
        let mut text = Zeroizing::new(String::with_capacity(44));
        URL_SAFE.encode_string(raw, &mut text);
        // A 32-byte input always encodes to a valid Fernet key.
        let fernet = Fernet::new(&text).unwrap_or_else(|| unreachable!("32-byte Fernet key"));
        VaultKey { fernet }
    }

    /// Use an existing base64url Fernet key (tests of the Fernet layer; the spec's vectors).
    pub fn from_fernet_key(key: &str) -> Option<VaultKey> {
        Fernet::new(key).map(|fernet| VaultKey { fernet })
    }

    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        self.fernet.encrypt(plaintext)
    }

    /// Decrypt a token (no TTL: stored keys do not expire). `None` for a wrong key or a
    /// damaged token; Fernet does not say which, and neither can we.
    pub fn decrypt(&self, token: &str) -> Option<Zeroizing<Vec<u8>>> {
        self.fernet.decrypt(token).ok().map(Zeroizing::new)
    }
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(<redacted>)")
    }
}

#[cfg(test)]
#[path = "kdf_tests.rs"]
mod tests;
