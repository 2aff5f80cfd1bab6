//! Stripe's error bodies, and turning them into messages a guest can act on.
//!
//! Error text comes from the network, so before it goes anywhere near a screen or a log it is
//! stripped of control characters and of anything shaped like a Stripe key (Stripe echoes a
//! masked key in 401 messages; a hostile server could echo a real one).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// `{"error": {...}}`, Stripe's error envelope. Every field is optional because bodies from
/// proxies and stand-ins (localstripe) carry only some of them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorEnvelope {
    #[serde(default)]
    pub error: ApiError,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub(crate) struct ApiError {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub decline_code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub param: Option<String>,
}

impl ApiError {
    /// Parse an error body; a body that is not Stripe's JSON still yields its (cleaned) text
    /// as the message so the guest sees what the server said.
    pub fn parse(body: &str) -> ApiError {
        match serde_json::from_str::<ErrorEnvelope>(body) {
            Ok(envelope) => envelope.error,
            Err(_) => ApiError {
                message: (!body.trim().is_empty()).then(|| body.trim().to_string()),
                ..ApiError::default()
            },
        }
    }

    pub fn is_idempotency_error(&self) -> bool {
        self.kind.as_deref() == Some("idempotency_error")
    }

    /// A card decline. Stripe marks it with `type: card_error`; localstripe, which reports
    /// every error as `invalid_request_error`, only with `code: card_declined`.
    pub fn is_decline(&self) -> bool {
        self.kind.as_deref() == Some("card_error")
            || self.code.as_deref() == Some("card_declined")
            || self.decline_code.is_some()
    }

    /// Stripe's message, cleaned, with the parameter it blames when there is one.
    pub fn describe(&self, key: &str) -> String {
        let message = self
            .message
            .as_deref()
            .map(|m| clean(m, key))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "no message".to_string());
        match self.param.as_deref().map(|p| clean(p, key)) {
            Some(param) if !param.is_empty() && !message.contains(&param) => {
                format!("{message} (parameter: {param})")
            }
            _ => message,
        }
    }
}

/// The longest piece of server text shown to a guest.
const MAX_SHOWN: usize = 400;

#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
static KEY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:sk|rk|pk)_(?:test|live)_[0-9A-Za-z*]+|whsec_[0-9A-Za-z*]+")
        .expect("a literal pattern")
});

/// The one place Stripe's text is made safe to show: the terminal sanitizer (one line, no
/// control sequence, no bidi or separator tricks), then anything that looks like a key (and
/// the exact key in use) hidden, and the length bounded. Only this module knows the key.
pub(crate) fn clean(text: &str, key: &str) -> String {
    let mut out = crate::terminal::sanitize_line(text).into_owned();
    if !key.is_empty() && out.contains(key) {
        out = out.replace(key, "[redacted key]");
    }
    let mut out = KEY_SHAPE.replace_all(&out, "[redacted key]").into_owned();
    if out.chars().count() > MAX_SHOWN {
        out = out.chars().take(MAX_SHOWN).collect::<String>() + "…";
    }
    out.trim().to_string()
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
