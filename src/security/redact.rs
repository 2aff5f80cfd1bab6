//! Redaction: nothing shaped like a key (or equal to a key we hold) reaches a log line or an
//! error shown to the guest.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use regex::Regex;

const MARK: &str = "[redacted]";

/// Every key shape we know, in one pass. Header names keep their name and lose their value.
#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<hdr>(?i:\b(?:x-goog-api-key|x-api-key|api[_-]?key|authorization)\b)",
            r#"["']?\s*[:=]\s*["']?)(?:(?i:bearer|basic)\s+)?[^\s"',;&}]+"#,
            r"|(?i:\bbearer\s+)[A-Za-z0-9._~+/-]{8,}=*",
            r"|AIza[0-9A-Za-z_-]{30,}",
            r"|\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}",
            r"|\b(?:sk|rk|pk)_(?:test|live)_[0-9A-Za-z]{8,}",
            r"|\bsk_car_[0-9A-Za-z_-]{8,}",
            r"|\bwhsec_[0-9A-Za-z]{8,}",
            r"|\bgAAAAA[0-9A-Za-z_-]{20,}={0,2}",
        ))
        .expect("the redaction pattern is valid")
    })
}

/// Cheap test before the regex: every pattern contains one of these, compared without regard
/// to ASCII case (header names come as `X-Api-Key`, `API_KEY`, `Authorization` alike).
const HINTS: &[&str] = &[
    "AIza",
    "sk-",
    "sk_",
    "rk_",
    "pk_",
    "whsec_",
    "bearer",
    "pi-key",
    "pi_key",
    "pikey",
    "authorization",
    "gAAAAA",
    "goog-api",
];

/// `haystack` contains `needle`, ASCII letters compared case-insensitively.
fn contains_ascii_ci(haystack: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// Bumped whenever a secret is registered, so the streaming guard knows to pick it up.
static GENERATION: AtomicU64 = AtomicU64::new(0);

fn registry() -> &'static RwLock<Vec<String>> {
    static SECRETS: OnceLock<RwLock<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| RwLock::new(Vec::new()))
}

/// Remember a secret value (a key loaded from the vault or the environment) so that it is
/// redacted wherever it appears, whatever its shape. Values under 8 characters are ignored:
/// redacting them would mangle ordinary text.
pub fn register_secret(value: &str) {
    let value = value.trim();
    if value.len() < 8 {
        return;
    }
    let mut list = registry().write().unwrap_or_else(|e| e.into_inner());
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
        GENERATION.fetch_add(1, Ordering::Release);
    }
}

/// Which registry state [`stream_shapes`] last saw; changes when a secret is registered.
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// `redact(s) != s` restated as "does any of these match somewhere in `s`", which is what the
/// streaming guard can decide a byte at a time with a DFA:
/// `secrets` (literals) match, or both `hints` and `keys` do.
pub(crate) struct StreamShapes {
    pub generation: u64,
    /// The [`HINTS`] prefilter, as one alternation: [`redact`] looks for key shapes only when one
    /// of these occurs (anywhere).
    pub hints: String,
    /// A key shape whose redaction changes the text. Differs from [`pattern`] only where the
    /// difference cannot change whether a match exists: `\b` before a literal becomes "start or
    /// a non-word character" (no look-around, so a lazy DFA never gives up on non-ASCII);
    /// `{n,}` becomes `{n}`; and a header value must not be exactly the redaction mark, which
    /// `redact` replaces with itself (the value runs to the next stop character or the end).
    pub keys: String,
    /// Registered secrets as escaped literals (one that equals the mark changes nothing).
    pub secrets: Vec<String>,
}

/// The characters a header value stops at, as a class body (see [`pattern`]).
const STOP: &str = r#"\s"',;&}"#;

pub(crate) fn stream_shapes() -> StreamShapes {
    let list = registry().read().unwrap_or_else(|e| e.into_inner());
    let generation = generation();
    // A value other than the mark: it leaves the mark's spelling somewhere in its first 11
    // characters, or it is a proper prefix of the mark followed by a stop or the end.
    let mut value = Vec::new();
    let mark: Vec<char> = MARK.chars().collect();
    for i in 0..=mark.len() {
        let prefix: String = mark[..i]
            .iter()
            .map(|c| regex_syntax::escape(&c.to_string()))
            .collect();
        let deviate = match mark.get(i) {
            Some(c) => format!("[^{STOP}{}]", regex_syntax::escape(&c.to_string())),
            None => format!("[^{STOP}]"),
        };
        value.push(format!("{prefix}{deviate}"));
        if (1..mark.len()).contains(&i) {
            value.push(format!("{prefix}(?:[{STOP}]|$)"));
        }
    }
    let value = value.join("|");
    let keys = format!(
        concat!(
            r"(?:^|[^\w])(?:",
            r#"(?i:x-goog-api-key|x-api-key|api[_-]?key|authorization)["']?\s*[:=]\s*["']?(?:{value})"#,
            r"|(?i:bearer\s+)[A-Za-z0-9._~+/-]{{8}}",
            r"|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{{16}}",
            r"|(?:sk|rk|pk)_(?:test|live)_[0-9A-Za-z]{{8}}",
            r"|sk_car_[0-9A-Za-z_-]{{8}}",
            r"|whsec_[0-9A-Za-z]{{8}}",
            r"|gAAAAA[0-9A-Za-z_-]{{20}}",
            r")|AIza[0-9A-Za-z_-]{{30}}",
        ),
        value = value
    );
    StreamShapes {
        generation,
        // ASCII-only case folding, as `contains_ascii_ci` does (Unicode folding would also
        // take the Kelvin sign for a `k`).
        hints: format!(
            "(?i-u:{})",
            HINTS
                .iter()
                .map(|h| regex_syntax::escape(h))
                .collect::<Vec<_>>()
                .join("|")
        ),
        keys,
        secrets: list
            .iter()
            .filter(|s| s.as_str() != MARK)
            .map(|s| regex_syntax::escape(s))
            .collect(),
    }
}

pub fn redact(s: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(s);
    {
        let list = registry().read().unwrap_or_else(|e| e.into_inner());
        for secret in list.iter() {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), MARK));
            }
        }
    }
    if !HINTS.iter().any(|h| contains_ascii_ci(&out, h)) {
        return out;
    }
    let replaced = pattern().replace_all(&out, |c: &regex::Captures| match c.name("hdr") {
        Some(h) => format!("{}{MARK}", h.as_str()),
        None => MARK.to_string(),
    });
    match replaced {
        Cow::Borrowed(_) => out,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

#[cfg(test)]
#[path = "redact_tests.rs"]
mod tests;
