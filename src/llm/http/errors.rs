//! Provider errors in words: a provider's own message out of its body, the common judgement of
//! an HTTP error status, redirects and connection errors, all cleaned for the terminal.

use reqwest::header::HeaderMap;

use super::Failure;
use crate::llm::ProviderErrorKind;
use crate::security::redact;
use crate::terminal;

/// A redirect answer, which no client follows (see [`crate::net::client_builder`]): where it
/// pointed and what to do about it.
pub fn redirected(provider: &str, status: u16, target: &str) -> String {
    format!(
        "{provider} answered with a redirect ({status}) to {target}; Maya does not follow \
         redirects, so neither the request nor the key went there. If that is the right \
         address, put it in [provider] base_url"
    )
}

/// A reqwest error with its causes ("error sending request: connection refused").
pub fn error_chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// Safe for the terminal and free of secrets.
pub fn clean(s: &str) -> String {
    redact::redact(&terminal::sanitize(s)).into_owned()
}

/// A provider's own error message out of a JSON body: `error.message` (OpenAI, Gemini,
/// Anthropic, OpenRouter), `message` (vLLM), else the body itself, shortened.
pub fn body_message(body: &str) -> String {
    let v: Option<serde_json::Value> = serde_json::from_str(body.trim()).ok();
    let found = v.as_ref().and_then(|v| {
        let v = if v.is_array() { v.get(0)? } else { v };
        v.pointer("/error/message")
            .or_else(|| v.get("message"))
            .or_else(|| v.get("error").filter(|e| e.is_string()))
            .and_then(|m| m.as_str())
            .map(str::to_string)
    });
    let text = found.unwrap_or_else(|| body.trim().to_string());
    shorten(&text, 300)
}

fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The usual judgement of an HTTP error for providers without special cases: 401/403 a
/// rejected key, 429/5xx retryable, anything else a server error with the provider's message.
/// `fix_key` names the command that replaces the key.
pub fn classify_common(
    provider: &str,
    status: u16,
    headers: &HeaderMap,
    body: &str,
    fix_key: &str,
) -> Failure {
    let msg = body_message(body);
    // An empty body says nothing, so it is not shown as "(404: )".
    let status_msg = if msg.is_empty() {
        status.to_string()
    } else {
        format!("{status}: {msg}")
    };
    match status {
        401 | 403 => Failure::new(
            ProviderErrorKind::Auth,
            format!("your {provider} key was rejected ({status_msg}); set a new one: {fix_key}"),
        ),
        s if crate::llm::retry::retryable_status(s) => Failure::new(
            if s == 429 || s == 529 {
                ProviderErrorKind::RateLimited
            } else {
                ProviderErrorKind::Server
            },
            format!("{provider} is busy or failing ({status_msg}); try again with /retry"),
        )
        .retryable(crate::llm::retry::hint_from_headers(headers)),
        // Mostly a wrong base_url (a path the server does not have) or an unknown model.
        404 => Failure::new(
            ProviderErrorKind::Server,
            format!(
                "{provider} refused the request ({status_msg}); check base_url and model in \
                 [provider] of the config (maya doctor shows them)"
            ),
        ),
        _ => Failure::new(
            ProviderErrorKind::Server,
            format!("{provider} refused the request ({status_msg})"),
        ),
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
