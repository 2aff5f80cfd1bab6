//! Anthropic's Messages API (`POST /v1/messages`, streamed), behind the common [`Provider`].
//!
//! `request` turns our history into Anthropic's strictly alternating messages; `stream` reads
//! the named SSE events back into canonical events; `errors` judges a failed answer (HTTP, an
//! `error` event, a JSON tail). Sending, retrying, deadlines and error cleaning are the shared
//! driver's ([`Wire`]); this file holds the connection and the key check.

mod errors;
mod request;
mod stream;

use std::fmt;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

pub use request::{RAW_TAG, Settings};
pub use stream::MessagesStream;

use super::http::{Wire, body_message, clean, error_chain};
use super::retry::RetryPolicy;
use super::{ChatRequest, KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderStream};
use crate::config::ProviderConfig;
use errors::FIX_KEY;
pub use errors::classify;

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const DEFAULT_MODEL: &str = "claude-sonnet-4-5";
/// The API version every request names.
pub const API_VERSION: &str = "2023-06-01";

pub struct Anthropic {
    wire: Wire,
    /// Without a trailing slash.
    base: String,
    settings: Settings,
    /// `x-api-key` (marked sensitive) and `anthropic-version`.
    headers: HeaderMap,
}

impl fmt::Debug for Anthropic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Anthropic")
            .field("base", &self.base)
            .field("model", &self.settings.model)
            .field("key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl Anthropic {
    /// A provider for `cfg` (empty `model` / `base_url` = Anthropic's defaults) using `key`.
    /// Fails on a key that cannot be sent in a header or a base URL that is not http(s).
    pub fn new(cfg: &ProviderConfig, key: SecretString) -> Result<Anthropic, ProviderError> {
        let base = match cfg.base_url.trim() {
            "" => DEFAULT_BASE_URL,
            b => b,
        }
        .trim_end_matches('/');
        // The docs' URLs include `/v1`, which the paths below add again.
        let base = base.strip_suffix("/v1").unwrap_or(base).to_string();
        super::endpoint::check_base("anthropic", &base, true)?;
        let key = key.expose_secret().trim();
        if key.is_empty() {
            return Err(ProviderError::new(
                ProviderErrorKind::Auth,
                format!("there is no Anthropic key; set one: {FIX_KEY}"),
            ));
        }
        let mut key_value = HeaderValue::from_str(key).map_err(|_| {
            ProviderError::new(
                ProviderErrorKind::Auth,
                format!("the Anthropic key has characters a header cannot carry; set it again: {FIX_KEY}"),
            )
        })?;
        key_value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", key_value);
        headers.insert("anthropic-version", HeaderValue::from_static(API_VERSION));
        let wire = Wire::new("Anthropic", cfg).map_err(|e| {
            ProviderError::new(
                ProviderErrorKind::Network,
                clean(&format!(
                    "cannot set up HTTP for Anthropic: {}",
                    error_chain(&e)
                )),
            )
        })?;
        let model = match cfg.model.trim() {
            "" => DEFAULT_MODEL,
            m => m,
        };
        Ok(Anthropic {
            wire,
            base,
            settings: Settings {
                model: model.to_string(),
                max_tokens: cfg.max_output_tokens,
                temperature: cfg.temperature,
            },
            headers,
        })
    }

    /// Replace the retry policy (tests use [`RetryPolicy::fast`]).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.wire.policy = policy;
        self
    }

    /// Ask whether the key is accepted without spending tokens: `GET /v1/models`.
    pub async fn check(&self) -> KeyCheck {
        let url = format!("{}/v1/models", self.base);
        let wait = self.wire.timeouts.first_byte;
        let send = self
            .wire
            .client
            .get(&url)
            .headers(self.headers.clone())
            .send();
        let response = match tokio::time::timeout(wait, send).await {
            Err(_) => {
                return KeyCheck::Unreachable(format!(
                    "Anthropic did not answer within {} s",
                    wait.as_secs()
                ));
            }
            Ok(Err(e)) => {
                return KeyCheck::Unreachable(clean(&format!(
                    "cannot reach Anthropic: {}; check the network, a proxy (HTTPS_PROXY) or base_url",
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
                "Anthropic",
                status,
                &target,
            )));
        }
        let msg = body_message(&super::http::read_limited(response, self.wire.timeouts.idle).await);
        match status {
            401 | 403 => KeyCheck::Rejected(clean(&format!(
                "Anthropic rejected the key ({status}: {msg}); set a new one: {FIX_KEY}"
            ))),
            _ => KeyCheck::Unreachable(clean(&format!(
                "Anthropic could not check the key ({status}: {msg})"
            ))),
        }
    }
}

impl Provider for Anthropic {
    fn id(&self) -> &str {
        "anthropic"
    }

    fn model(&self) -> &str {
        &self.settings.model
    }

    fn stream(&self, request: ChatRequest) -> ProviderStream {
        let body = request::body(&self.settings, &request)
            .to_string()
            .into_bytes();
        let url = format!("{}/v1/messages", self.base);
        let headers = self.headers.clone();
        self.wire.stream(
            move |client| {
                client
                    .post(&url)
                    .headers(headers.clone())
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone())
            },
            classify,
            MessagesStream::new,
        )
    }
}
