//! Redaction: nothing shaped like a key (or equal to a key we hold) reaches a log line or an
//! error shown to the guest.

use std::borrow::Cow;
use std::sync::{OnceLock, RwLock};

use regex::Regex;

const MARK: &str = "[redacted]";

/// Every key shape we know, in one pass. Header names keep their name and lose their value.
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
            r"|\bwhsec_[0-9A-Za-z]{8,}",
            r"|\bgAAAAA[0-9A-Za-z_-]{20,}={0,2}",
        ))
        .expect("the redaction pattern is valid")
    })
}

/// Cheap test before the regex: every pattern contains one of these.
const HINTS: &[&str] = &[
    "AIza",
    "sk-",
    "sk_",
    "rk_",
    "pk_",
    "whsec_",
    "earer",
    "EARER",
    "pi-key",
    "PI-KEY",
    "pi_key",
    "piKey",
    "uthorization",
    "UTHORIZATION",
    "gAAAAA",
    "oog-api",
    "OOG-API",
];

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
    if !HINTS.iter().any(|h| out.contains(h)) {
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
mod tests {
    use super::*;

    #[test]
    fn every_key_shape_is_redacted() {
        let keys = [
            "AIzaSyA1234567890abcdefghijklmnopqrstuv",
            "sk-proj-abcdefghijklmnopqrstuvwxyz123456",
            "sk-abcdefghijklmnopqrstuvwx",
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz-0123",
            "sk_test_51HxYzAbCdEfGhIjKlMnOp",
            "sk_live_51HxYzAbCdEfGhIjKlMnOp",
            "rk_test_51HxYzAbCdEfGhIjKl",
            "pk_live_51HxYzAbCdEfGhIjKl",
            "whsec_abcdefghijklmnop",
            "gAAAAABlZ2V0dGluZ19zZWNyZXRzX2lzX2hhcmRfMTIzNDU2Nzg5MA==",
        ];
        for k in keys {
            let line = format!("request failed with key {k} at 10:00");
            let r = redact(&line);
            assert!(!r.contains(k), "{k} survived: {r}");
            assert!(
                r.contains(MARK) && r.starts_with("request failed with key "),
                "{r}"
            );
        }
    }

    #[test]
    fn header_values_and_bearer_tokens() {
        for line in [
            "x-goog-api-key: abc123secretvalue",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
            "\"authorization\":\"Bearer tok_123456789\"",
            "x-api-key=verysecretvalue",
            "curl -H 'Authorization: Basic dXNlcjpwYXNz'",
        ] {
            let r = redact(line);
            for secret in [
                "abc123secretvalue",
                "eyJhbGci",
                "tok_123456789",
                "verysecretvalue",
                "dXNlcjpwYXNz",
            ] {
                assert!(!r.contains(secret), "{line} -> {r}");
            }
        }
        assert_eq!(
            redact("Authorization: Bearer eyJabc.def.ghi"),
            "Authorization: [redacted]"
        );
    }

    #[test]
    fn registered_secrets_of_any_shape() {
        register_secret("my-own-weird-token-1234");
        register_secret("short");
        let r = redact("token=my-own-weird-token-1234; user short");
        assert_eq!(r, "token=[redacted]; user short");
    }

    #[test]
    fn ordinary_text_is_untouched_and_borrowed() {
        for s in [
            "two martinis please",
            "a risk-free tab",
            "the sk-ipper",
            "Bearer of good news",
        ] {
            let r = redact(s);
            assert_eq!(r, s);
        }
        assert!(matches!(redact("no keys here at all"), Cow::Borrowed(_)));
    }
}
