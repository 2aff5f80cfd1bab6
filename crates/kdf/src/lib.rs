//! PBKDF2-HMAC-SHA256, as the RustCrypto `pbkdf2` crate computes it, behind a function that is
//! not generic: the instantiation lives (and is optimised) in this crate, not in its callers.
//! See `Cargo.toml` for why that matters.

/// Fill `out` with PBKDF2-HMAC-SHA256(`password`, `salt`, `rounds`).
///
/// `rounds` of 0 is not meaningful for PBKDF2; callers check their own bounds first.
#[inline(never)]
pub fn pbkdf2_hmac_sha256(password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, out);
}
