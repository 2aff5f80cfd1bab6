//! How an OpenAI-compatible server's HTTP error answers are judged: the key, the quota, a
//! missing model, and what to tell the guest, named after the server that said it.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::llm::ProviderErrorKind;
use crate::llm::http::{Failure, body_message, classify_common};

/// The command that replaces the key, named in every key error.
pub(super) const FIX_KEY: &str = "maya keys set openai";

/// What an HTTP error answer is judged against.
pub(super) struct Judge {
    pub(super) label: &'static str,
    pub(super) model: String,
    /// The base URL without a trailing slash.
    pub(super) base: String,
    pub(super) has_key: bool,
    /// The command that replaces the key that was sent (`maya keys set openai:openrouter`).
    pub(super) fix_key: String,
}

/// How the server is named in messages.
pub(super) fn label_for(base: &str) -> &'static str {
    let host = reqwest::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if host == "api.openai.com" {
        "OpenAI"
    } else if host == "openrouter.ai" || host.ends_with(".openrouter.ai") {
        "OpenRouter"
    } else {
        "the OpenAI-compatible server"
    }
}

impl Judge {
    /// An HTTP error answer: which kind, whether to retry, and what to tell the guest.
    pub(super) fn classify(&self, status: u16, headers: &HeaderMap, body: &str) -> Failure {
        let msg = body_message(body);
        let v: Option<Value> = serde_json::from_str(body.trim()).ok();
        let error_field = |k: &str| {
            v.as_ref()
                .and_then(|v| v.get("error"))
                .and_then(|e| e.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let quota = error_field("code") == "insufficient_quota"
            || error_field("type") == "insufficient_quota";
        let label = self.label;
        let fix = &self.fix_key;
        match status {
            401 | 403 if self.has_key => Failure::new(
                ProviderErrorKind::Auth,
                format!(
                    "your OpenAI key was rejected by {label} ({status}: {msg}); set a new one: {fix}"
                ),
            ),
            401 | 403 => Failure::new(
                ProviderErrorKind::Auth,
                format!(
                    "{label} at {} wants an API key ({status}: {msg}); {}",
                    self.base,
                    self.how_to_send_a_key()
                ),
            ),
            429 if quota => Failure::new(
                ProviderErrorKind::Quota,
                format!(
                    "the billing quota of this key is used up at {label} (429: {msg}); add credit there or set another key: {fix}"
                ),
            ),
            402 => Failure::new(
                ProviderErrorKind::Quota,
                format!(
                    "{label} says the account is out of credit (402: {msg}); add credit there or set another key: {fix}"
                ),
            ),
            404 => Failure::new(
                ProviderErrorKind::Server,
                format!(
                    "model {} not found at {} (404: {msg}); set [provider] model (or check [provider] base_url)",
                    self.model, self.base
                ),
            ),
            _ => classify_common(label, status, headers, body, fix),
        }
    }

    /// No key went out: at OpenAI, store one; elsewhere, store one for that host and name it.
    fn how_to_send_a_key(&self) -> String {
        let host = reqwest::Url::parse(&self.base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        if host == "api.openai.com" {
            format!("set one: {FIX_KEY}")
        } else {
            crate::llm::endpoint::how_to_name(crate::config::ProviderKind::Openai, &host)
        }
    }
}
