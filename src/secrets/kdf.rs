//! The vault key: base64url(PBKDF2-HMAC-SHA256(master secret, salt, iterations, 32 bytes)), used
//! as a Fernet key (16 bytes signing ‖ 16 bytes encryption).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use fernet::Fernet;
use sha2::Sha256;
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

/// PBKDF2-HMAC-SHA256 with a 32-byte output (a single PBKDF2 block), zeroized when dropped.
///
/// Written over SHA-256's raw compression function rather than through the generic `pbkdf2` /
/// `hmac` crates: generic code is compiled in the calling crate, so in debug and test builds the
/// RustCrypto stack ran unoptimised and one 600,000-iteration derivation took ~2.7 s here. The
/// HMAC inner and outer states are keyed once, and each iteration is exactly two compressions
/// of a block whose padding never changes. Checked against RFC 7914's vectors, Python's
/// `hashlib`, and the `pbkdf2` crate (unit tests).
pub fn pbkdf2_sha256(secret: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; KEY_LEN]> {
    use hmac::{Hmac, Mac};
    use sha2::Digest;
    use sha2::digest::generic_array::GenericArray;
    use zeroize::Zeroize;

    const IV: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    // HMAC key block: keys longer than a block are hashed first (RFC 2104).
    let mut key = Zeroizing::new([0u8; 64]);
    if secret.len() > 64 {
        key[..32].copy_from_slice(&Sha256::digest(secret));
    } else {
        key[..secret.len()].copy_from_slice(secret);
    }
    let mut inner = Zeroizing::new(IV);
    let mut outer = Zeroizing::new(IV);
    let mut block = GenericArray::<u8, sha2::digest::typenum::U64>::default();
    for (pad, state) in [(0x36u8, &mut inner), (0x5cu8, &mut outer)] {
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b = k ^ pad;
        }
        sha2::compress256(state, std::slice::from_ref(&block));
    }

    // U1 = HMAC(secret, salt ‖ INT(1)): arbitrary length, so the ordinary HMAC once.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let mut u = mac.finalize().into_bytes();

    // Every later U is HMAC over 32 bytes: one block holding U ‖ 0x80 ‖ 0… ‖ bit length of
    // (64-byte key block + 32 bytes).
    block.fill(0);
    block[..32].copy_from_slice(&u);
    block[32] = 0x80;
    block[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
    u.zeroize();
    let mut acc = Zeroizing::new([0u32; 8]);
    for (a, chunk) in acc.iter_mut().zip(block[..32].chunks_exact(4)) {
        *a = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    // Plain locals in the loop: tests run this at opt-level 0, where every iterator adapter and
    // `Deref` is a call, and the loop body is all the time not spent in `compress256`.
    let inner_state: &[u32; 8] = &inner;
    let outer_state: &[u32; 8] = &outer;
    let acc_words: &mut [u32; 8] = &mut acc;
    let mut state = Zeroizing::new([0u32; 8]);
    let st: &mut [u32; 8] = &mut state;
    let blocks = std::slice::from_mut(&mut block);
    for _ in 1..iterations {
        *st = *inner_state;
        sha2::compress256(st, blocks);
        write_words(&mut blocks[0], st);
        *st = *outer_state;
        sha2::compress256(st, blocks);
        write_words(&mut blocks[0], st);
        acc_words[0] ^= st[0];
        acc_words[1] ^= st[1];
        acc_words[2] ^= st[2];
        acc_words[3] ^= st[3];
        acc_words[4] ^= st[4];
        acc_words[5] ^= st[5];
        acc_words[6] ^= st[6];
        acc_words[7] ^= st[7];
    }
    block.as_mut_slice().zeroize();

    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    for (o, a) in out.chunks_exact_mut(4).zip(acc.iter()) {
        o.copy_from_slice(&a.to_be_bytes());
    }
    out
}

/// The first 32 bytes of `block` become `words`, big-endian.
#[inline(always)]
fn write_words(block: &mut [u8], words: &[u32; 8]) {
    let b: &mut [u8; 32] = (&mut block[..32])
        .try_into()
        .unwrap_or_else(|_| unreachable!());
    b[0..4].copy_from_slice(&words[0].to_be_bytes());
    b[4..8].copy_from_slice(&words[1].to_be_bytes());
    b[8..12].copy_from_slice(&words[2].to_be_bytes());
    b[12..16].copy_from_slice(&words[3].to_be_bytes());
    b[16..20].copy_from_slice(&words[4].to_be_bytes());
    b[20..24].copy_from_slice(&words[5].to_be_bytes());
    b[24..28].copy_from_slice(&words[6].to_be_bytes());
    b[28..32].copy_from_slice(&words[7].to_be_bytes());
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
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn pbkdf2_matches_rfc7914_vectors() {
        // RFC 7914 §11, PBKDF2-HMAC-SHA256 test vectors (first 32 bytes of the 64-byte outputs).
        let out = pbkdf2_sha256(b"passwd", b"salt", 1);
        assert_eq!(
            hex(out.as_ref()),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
        let out = pbkdf2_sha256(b"Password", b"NaCl", 80_000);
        assert_eq!(
            hex(out.as_ref()),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
        );
    }

    proptest::proptest! {
        #[test]
        fn pbkdf2_agrees_with_the_pbkdf2_crate(
            secret in proptest::collection::vec(proptest::num::u8::ANY, 0..150),
            salt in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
            iterations in 1u32..40,
        ) {
            let mut expected = [0u8; KEY_LEN];
            pbkdf2::pbkdf2_hmac::<Sha256>(&secret, &salt, iterations, &mut expected);
            proptest::prop_assert_eq!(*pbkdf2_sha256(&secret, &salt, iterations), expected);
        }
    }

    #[test]
    fn vault_key_is_base64url_of_the_derivation() {
        let salt = [7u8; SALT_LEN];
        let raw = pbkdf2_sha256(b"master", &salt, 1000);
        let expected = URL_SAFE.encode(raw.as_ref());
        let by_text = VaultKey::from_fernet_key(&expected).unwrap();
        let derived = VaultKey::derive(b"master", &salt, 1000).unwrap();
        let token = derived.encrypt(b"hello");
        assert_eq!(by_text.decrypt(&token).unwrap().as_slice(), b"hello");
    }

    #[test]
    fn other_master_or_salt_does_not_open() {
        let salt = [1u8; SALT_LEN];
        let a = VaultKey::derive(b"one", &salt, 1000).unwrap();
        let b = VaultKey::derive(b"two", &salt, 1000).unwrap();
        let c = VaultKey::derive(b"one", &[2u8; SALT_LEN], 1000).unwrap();
        let token = a.encrypt(b"sk-secret");
        assert!(b.decrypt(&token).is_none());
        assert!(c.decrypt(&token).is_none());
        assert_eq!(a.decrypt(&token).unwrap().as_slice(), b"sk-secret");
    }

    #[test]
    fn bounds_are_enforced() {
        assert!(VaultKey::derive(b"m", &[0u8; SALT_LEN], 0).is_err());
        assert!(VaultKey::derive(b"m", &[0u8; SALT_LEN], MAX_ITERATIONS + 1).is_err());
        assert!(VaultKey::derive(b"m", &[0u8; 8], 1000).is_err());
    }

    #[test]
    fn debug_does_not_show_key_material() {
        let k = VaultKey::derive(b"m", &[0u8; SALT_LEN], 10).unwrap();
        assert_eq!(format!("{k:?}"), "VaultKey(<redacted>)");
    }
}
