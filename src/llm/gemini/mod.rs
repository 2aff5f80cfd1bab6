//! Google Gemini (Generative Language API, AI Studio keys), streamed over SSE.
//!
//! `POST {base}/models/{model}:streamGenerateContent?alt=sse` with the key in the
//! `x-goog-api-key` header (never `?key=`: URLs end up in proxy logs and error messages). Every
//! `data:` record is a whole `GenerateContentResponse`; text parts are deltas, function calls
//! arrive whole. The model turn is kept part by part and handed back as a [`RawTurn`] so the next
//! request can return it verbatim, thought signatures included.
//!
//! The pieces: [`request`] turns our history into the request body, [`stream`] reads the records,
//! [`errors`] judges google.rpc error answers. Sending, retrying and deadlines are
//! [`super::http`]'s.
//!
//! [`RawTurn`]: super::RawTurn

mod errors;
mod request;
pub(crate) mod stream;

use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::http::{Wire, clean, error_chain};
use super::retry::RetryPolicy;
use super::{ChatRequest, KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderStream};
use crate::config::ProviderConfig;

pub const DEFAULT_BASE_URL: &str = "https://generativelanguage.googleapis.com/v1beta";
pub const DEFAULT_MODEL: &str = "gemini-2.5-flash";
/// The command that replaces a rejected key; every key error names it.
pub const FIX_KEY: &str = "maya keys set gemini";
const KEY_HEADER: &str = "x-goog-api-key";

pub struct Gemini {
    wire: Wire,
    model: String,
    base: String,
    /// The key as a header value, marked sensitive so neither reqwest nor our `Debug` shows it.
    key: HeaderValue,
    generation: request::Generation,
}

impl std::fmt::Debug for Gemini {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gemini")
            .field("model", &self.model)
            .field("base", &self.base)
            .field("key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl Gemini {
    pub fn new(cfg: &ProviderConfig, key: SecretString) -> Result<Gemini, ProviderError> {
        let mut key = HeaderValue::from_str(key.expose_secret().trim()).map_err(|_| {
            ProviderError::new(
                ProviderErrorKind::Auth,
                format!(
                    "the stored Gemini key contains characters an HTTP header cannot carry; set it again: {FIX_KEY}"
                ),
            )
        })?;
        key.set_sensitive(true);
        let wire = Wire::new("Gemini", cfg).map_err(|e| {
            ProviderError::new(
                ProviderErrorKind::Network,
                clean(&format!(
                    "cannot set up the HTTP client for Gemini: {}",
                    error_chain(&e)
                )),
            )
        })?;
        let model = cfg.model.trim();
        // "models/gemini-2.5-flash" is how the API lists models; accept it as written there.
        let model = model.strip_prefix("models/").unwrap_or(model);
        let model = if model.is_empty() {
            DEFAULT_MODEL
        } else {
            model
        };
        let base = cfg.base_url.trim().trim_end_matches('/');
        let base = if base.is_empty() {
            DEFAULT_BASE_URL
        } else {
            base
        };
        super::endpoint::check_base("gemini", base, true)?;
        Ok(Gemini {
            wire,
            model: model.to_string(),
            base: base.to_string(),
            key,
            generation: request::Generation {
                temperature: cfg.temperature,
                max_output_tokens: cfg.max_output_tokens,
            },
        })
    }

    /// Replace the retry policy (tests use [`RetryPolicy::fast`]).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.wire.policy = policy;
        self
    }

    fn stream_url(&self) -> String {
        format!(
            "{}/models/{}:streamGenerateContent?alt=sse",
            self.base, self.model
        )
    }

    /// Ask whether the key works without spending tokens: `GET {base}/models?pageSize=1`.
    pub async fn check(&self) -> KeyCheck {
        let url = format!("{}/models?pageSize=1", self.base);
        let send = self
            .wire
            .client
            .get(&url)
            .header(KEY_HEADER, self.key.clone())
            .send();
        let response = match tokio::time::timeout(self.wire.timeouts.first_byte, send).await {
            Err(_) => {
                return KeyCheck::Unreachable(format!(
                    "Gemini did not answer within {} s",
                    self.wire.timeouts.first_byte.as_secs()
                ));
            }
            Ok(Err(e)) => {
                return KeyCheck::Unreachable(clean(&format!(
                    "cannot reach Gemini: {}; check the network, a proxy (HTTPS_PROXY) or base_url",
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
                "Gemini", status, &target,
            )));
        }
        let body = super::http::read_limited(response, self.wire.timeouts.idle).await;
        errors::key_check(status, &body)
    }
}

impl Provider for Gemini {
    fn id(&self) -> &str {
        "gemini"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn stream(&self, req: ChatRequest) -> ProviderStream {
        let body: Arc<[u8]> = request::body(&self.generation, &req)
            .to_string()
            .into_bytes()
            .into();
        let url = self.stream_url();
        let key = self.key.clone();
        let model = Arc::<str>::from(self.model.as_str());
        let model_for_records = model.clone();
        self.wire.stream(
            move |client| {
                client
                    .post(&url)
                    .header(KEY_HEADER, key.clone())
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.to_vec())
            },
            move |status, headers, body| errors::classify(&model, status, headers, body),
            move || stream::GeminiStream::new(model_for_records.clone()),
        )
    }
}
