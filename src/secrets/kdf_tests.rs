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
