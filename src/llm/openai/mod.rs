//! The OpenAI-compatible provider: OpenAI itself, and the servers that speak its
//! chat-completions API (Ollama, llama.cpp, vLLM, OpenRouter).
//!
//! `POST {base}/chat/completions` with `stream: true`; the key, when there is one, goes only in
//! the `Authorization` header, marked sensitive. Local servers need no key: then no header is
//! sent. [`request`] translates the history and [`stream`] reads the answer; this file holds
//! the connection, the judgement of HTTP errors and the key check.

mod request;
pub mod stream;

#[cfg(test)]
#[path = "openai_tests.rs"]
mod tests;

use std::sync::Arc;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::http::{Failure, Wire, body_message, classify_common, clean, error_chain};
use super::retry::RetryPolicy;
use super::{ChatRequest, KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderStream};
use crate::config::ProviderConfig;

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";
/// The command that replaces the key, named in every key error.
const FIX_KEY: &str = "maya keys set openai";

pub struct OpenAi {
    wire: Wire,
    model: String,
    temperature: f32,
    max_tokens: u32,
    /// `Bearer <key>`, marked sensitive; `None` for a local server without a key.
    auth: Option<HeaderValue>,
    judge: Arc<Judge>,
}

/// What an HTTP error answer is judged against.
struct Judge {
    label: &'static str,
    model: String,
    /// The base URL without a trailing slash.
    base: String,
    has_key: bool,
    /// The command that replaces the key that was sent (`maya keys set openai:openrouter`).
    fix_key: String,
}

impl std::fmt::Debug for OpenAi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAi")
            .field("model", &self.model)
            .field("base_url", &self.judge.base)
            .field("key", &if self.auth.is_some() { "set" } else { "none" })
            .finish_non_exhaustive()
    }
}

impl OpenAi {
    /// A provider for `cfg` (empty model / base_url = OpenAI's defaults). `key` may be `None`
    /// for a server that needs none.
    pub fn new(cfg: &ProviderConfig, key: Option<SecretString>) -> Result<OpenAi, ProviderError> {
        let base = if cfg.base_url.trim().is_empty() {
            DEFAULT_BASE_URL
        } else {
            cfg.base_url.trim()
        }
        .trim_end_matches('/')
        .to_string();
        let carries_key = key
            .as_ref()
            .is_some_and(|k| !k.expose_secret().trim().is_empty());
        super::endpoint::check_base("openai", &base, carries_key)?;
        let model = match cfg.model.trim() {
            "" => DEFAULT_MODEL.to_string(),
            m => m.to_string(),
        };
        let auth = match key.as_ref().map(|k| k.expose_secret().trim()) {
            None | Some("") => None,
            Some(k) => {
                let mut v = HeaderValue::from_str(&format!("Bearer {k}")).map_err(|_| {
                    ProviderError::new(
                        ProviderErrorKind::Auth,
                        format!(
                            "the stored OpenAI key has characters an HTTP header cannot carry; set it again: {FIX_KEY}"
                        ),
                    )
                })?;
                v.set_sensitive(true);
                Some(v)
            }
        };
        let label = label_for(&base);
        let wire = Wire::new(label, cfg).map_err(|e| {
            ProviderError::new(
                ProviderErrorKind::Network,
                clean(&format!(
                    "cannot set up the HTTP client: {}",
                    error_chain(&e)
                )),
            )
        })?;
        Ok(OpenAi {
            wire,
            temperature: cfg.temperature,
            max_tokens: cfg.max_output_tokens,
            judge: Arc::new(Judge {
                label,
                model: model.clone(),
                base,
                has_key: auth.is_some(),
                fix_key: FIX_KEY.to_string(),
            }),
            model,
            auth,
        })
    }

    /// Name the stored key this provider was given (`openai:openrouter`), so an error about
    /// it says which key to replace.
    pub fn with_key_name(mut self, name: &str) -> Self {
        if let Some(judge) = Arc::get_mut(&mut self.judge) {
            judge.fix_key = format!("maya keys set {name}");
        }
        self
    }

    /// Replace the retry policy (tests use [`RetryPolicy::fast`]).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.wire.policy = policy;
        self
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.judge.base
    }

    /// Ask `GET {base}/models` whether the key is accepted, spending no tokens.
    pub async fn check(&self) -> KeyCheck {
        let j = &self.judge;
        let mut request = self.wire.client.get(format!("{}/models", j.base));
        if let Some(auth) = &self.auth {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        let wait = self.wire.timeouts.first_byte;
        let response = match tokio::time::timeout(wait, request.send()).await {
            Err(_) => {
                return KeyCheck::Unreachable(format!(
                    "{} at {} did not answer within {} s",
                    j.label,
                    j.base,
                    wait.as_secs()
                ));
            }
            Ok(Err(e)) => {
                return KeyCheck::Unreachable(clean(&format!(
                    "cannot reach {} at {}: {}",
                    j.label,
                    j.base,
                    error_chain(&e)
                )));
            }
            Ok(Ok(r)) => r,
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return KeyCheck::Accepted;
        }
        if let Some(target) = crate::net::redirect_target(&response) {
            return KeyCheck::Unreachable(clean(&super::http::redirected(
                j.label, status, &target,
            )));
        }
        let headers = response.headers().clone();
        let body = super::http::read_limited(response, self.wire.timeouts.idle).await;
        let failure = j.classify(status, &headers, &body);
        match (status, failure.kind) {
            (404, _) => KeyCheck::Unreachable(clean(&format!(
                "{} at {} has no /models (404: {}); check [provider] base_url",
                j.label,
                j.base,
                body_message(&body)
            ))),
            (_, ProviderErrorKind::Auth | ProviderErrorKind::Quota) => {
                KeyCheck::Rejected(clean(&failure.message))
            }
            _ => KeyCheck::Unreachable(clean(&failure.message)),
        }
    }
}

/// How the server is named in messages.
fn label_for(base: &str) -> &'static str {
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
    fn classify(&self, status: u16, headers: &HeaderMap, body: &str) -> Failure {
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
            super::endpoint::how_to_name(crate::config::ProviderKind::Openai, &host)
        }
    }
}

impl Provider for OpenAi {
    fn id(&self) -> &str {
        "openai"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn stream(&self, request: ChatRequest) -> ProviderStream {
        let body = request::request_body(&self.model, self.temperature, self.max_tokens, &request);
        let body = body.to_string().into_bytes();
        let url = format!("{}/chat/completions", self.judge.base);
        let auth = self.auth.clone();
        let judge = self.judge.clone();
        let label = self.judge.label;
        self.wire.stream(
            move |client| {
                let request = client
                    .post(&url)
                    .header(CONTENT_TYPE, "application/json")
                    .header(ACCEPT, "text/event-stream")
                    .body(body.clone());
                match &auth {
                    Some(a) => request.header(AUTHORIZATION, a.clone()),
                    None => request,
                }
            },
            move |status, headers, body| judge.classify(status, headers, body),
            move || stream::ChunkReader::new(label),
        )
    }
}
