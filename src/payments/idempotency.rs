//! Idempotency keys for payment requests.
//!
//! Stripe compares every parameter of a request with the first one sent under the same key and
//! answers `idempotency_error` when they differ. A checkout carries `expires_at`, which depends
//! on the clock, so a create retried after a crash-and-resume would send a different
//! `expires_at` and be refused — unless the time the request was first issued travels with the
//! journaled key. That is why keys made here end in `-t<unix seconds>`: the Stripe gateway reads
//! the issue time back and derives the same `expires_at` in every process that ever retries it.
//! A key from elsewhere still works; it just cannot survive a restart across a clock second.

use sha2::{Digest, Sha256};

/// Stripe's limit on an `Idempotency-Key`.
pub const MAX_KEY_LEN: usize = 255;

const TIME_MARK: &str = "-t";

/// A fresh key for one checkout attempt: (session, tab version, attempt group), stamped with
/// the moment it is issued. Journal it before the request leaves; reuse it for every retry and
/// after a resume. A new attempt group (after an expiry or a decline) gets a new key.
pub fn checkout_key(
    session_id: &str,
    tab_version: u64,
    attempt: u32,
    issued_at_unix: i64,
) -> String {
    // Session ids are ours, but keep the key to a plain alphabet and a bounded length so it is
    // always a valid header value whatever the id looks like.
    let safe: String = session_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .take(64)
        .collect();
    let tag = short_hash(session_id);
    format!("mok5ha-{safe}-{tag}-v{tab_version}-a{attempt}{TIME_MARK}{issued_at_unix}")
}

/// The issue time stamped into a key made by [`checkout_key`]; `None` for any other key.
pub fn issued_at(key: &str) -> Option<i64> {
    let (_, tail) = key.rsplit_once(TIME_MARK)?;
    if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tail.parse().ok()
}

/// The tab version a key made by [`checkout_key`] was issued for; `None` for any other key.
pub fn tab_version(key: &str) -> Option<u64> {
    let (_, tail) = key.rsplit_once("-v")?;
    let (version, _) = tail.split_once("-a")?;
    version.parse().ok()
}

/// A key for a follow-up request that belongs to the same attempt (the in-terminal card
/// payment for a checkout): deterministic, so retries reuse it, and distinct per `suffix`, so
/// a declined test card followed by a good one are two different requests to Stripe.
pub fn derived_key(key: &str, suffix: &str) -> String {
    let candidate = format!("{key}:{suffix}");
    if candidate.len() <= MAX_KEY_LEN && is_header_safe(&candidate) {
        candidate
    } else {
        format!("mok5ha-derived-{}", full_hash(&candidate))
    }
}

/// Whether a key can go into an HTTP header as it is and Stripe will accept its length.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && is_header_safe(key)
}

fn is_header_safe(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_graphic())
}

fn short_hash(s: &str) -> String {
    full_hash(s)[..8].to_string()
}

fn full_hash(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
#[path = "idempotency_tests.rs"]
mod tests;
