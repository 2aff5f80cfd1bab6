//! The OpenAI-compatible provider: OpenAI itself, and the servers that speak its
//! chat-completions API (Ollama, llama.cpp, vLLM, OpenRouter).
//!
//! `POST {base}/chat/completions` with `stream: true`; the key, when there is one, goes only in
//! the `Authorization` header, marked sensitive. Local servers need no key: then no header is
//! sent. [`request`] translates the history, [`stream`] reads the answer and `errors` judges
//! HTTP error answers; this file holds the connection and the key check.

mod errors;
mod request;
pub mod stream;
mod text_chunk;

#[cfg(test)]
#[path = "openai_tests.rs"]
mod tests;

use std::sync::Arc;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::http::{Wire, body_message, clean, error_chain};
use super::retry::RetryPolicy;
use super::{ChatRequest, KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderStream};
use crate::config::ProviderConfig;
use errors::{FIX_KEY, Judge, label_for};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

pub struct OpenAi {
    wire: Wire,
    model: String,
    temperature: f32,
    max_tokens: u32,
    /// `Bearer <key>`, marked sensitive; `None` for a local server without a key.
    auth: Option<HeaderValue>,
    judge: Arc<Judge>,
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
