//! How Anthropic says something went wrong: an HTTP error answer, an `error` event in the
//! stream, or a JSON error body at its tail; and which of them are about credit.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::llm::ProviderErrorKind;
use crate::llm::http::{Failure, body_message, classify_common};

/// Anthropic's HTTP errors: a 400 about credit is billing (never retried); the rest as usual
/// (401/403 the key, 429/529/5xx retried honouring `retry-after`, other 4xx refused).
pub fn classify(status: u16, headers: &HeaderMap, body: &str) -> Failure {
    let msg = body_message(body);
    if matches!(status, 400 | 402) && is_quota(&msg) {
        return quota(&format!("{status}: {msg}"));
    }
    classify_common("Anthropic", status, headers, body, FIX_KEY)
}

/// An `error` event (or a JSON error body at the tail of a 200 stream).
pub fn stream_error(error: &Value) -> Failure {
    let kind = error.get("type").and_then(Value::as_str).unwrap_or("error");
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("no message");
    match kind {
        "overloaded_error" | "rate_limit_error" => Failure::new(
            ProviderErrorKind::RateLimited,
            format!("Anthropic is busy ({kind}: {message}); try again with /retry"),
        )
        .retryable(None),
        "api_error" => Failure::new(
            ProviderErrorKind::Server,
            format!("Anthropic failed ({kind}: {message}); try again with /retry"),
        )
        .retryable(None),
        "authentication_error" | "permission_error" => Failure::new(
            ProviderErrorKind::Auth,
            format!(
                "your Anthropic key was rejected ({kind}: {message}); set a new one: {FIX_KEY}"
            ),
        ),
        _ if is_quota(message) => quota(&format!("{kind}: {message}")),
        _ => Failure::new(
            ProviderErrorKind::Server,
            format!("Anthropic stopped the reply ({kind}: {message})"),
        ),
    }
}

/// The command that replaces a rejected key.
pub const FIX_KEY: &str = "maya keys set anthropic";

/// Whether Anthropic's message is about money rather than the request: "Your credit balance is
/// too low to access the Anthropic API…", "You have reached your specified API usage limits…".
pub fn is_quota(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("credit balance")
        || m.contains("billing")
        || m.contains("purchase credits")
        || m.contains("usage limits")
}

/// Out of credit: retrying cannot help.
pub fn quota(detail: &str) -> Failure {
    Failure::new(
        ProviderErrorKind::Quota,
        format!(
            "your Anthropic account is out of credit or over its spend limit ({detail}); \
             add credits under Plans & Billing at console.anthropic.com, or switch provider"
        ),
    )
}
