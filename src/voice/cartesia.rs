//! Cartesia, the engine of the web app Maya re-imagines: `POST {base_url}/tts/bytes` with the
//! sentence, the audio comes back whole as a WAV.
//!
//! Wire facts, from Cartesia's API reference (docs.cartesia.ai, "Text to Speech (Bytes)" and
//! "API conventions"): every request names the API version in a `Cartesia-Version` header (a
//! date, e.g. 2025-04-16); the key goes in `Authorization: Bearer <key>` (older versions took
//! `X-API-Key`); keys look like `sk_car_…`. The body is
//! `{model_id, transcript, voice: {mode: "id", id}, output_format: {container: "wav",
//! encoding: "pcm_s16le", sample_rate}, language}`. `GET /voices` lists voices and costs no
//! credits, which is how a key is checked.
//!
//! Sending, timeouts, retries (429/5xx/network, honouring Retry-After) and the cleaning of
//! error text are the LLM providers' own (`llm::http::Wire`, `llm::retry`).

use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::engine::{Engine, VoiceError};
use crate::config::{ProviderConfig, VoiceConfig};
use crate::llm::KeyCheck;
use crate::llm::ProviderErrorKind;
use crate::llm::http::{Failure, Wire, classify_common, clean, error_chain};
use crate::llm::retry::RetryPolicy;

const FIX_KEY: &str = "maya keys set cartesia";
/// Largest clip accepted (a sentence is a few hundred KiB).
const AUDIO_LIMIT: usize = 32 * 1024 * 1024;

pub struct Cartesia {
    wire: Wire,
    /// Without a trailing slash.
    base: String,
    /// `Authorization` (marked sensitive, so it is never printed) and `Cartesia-Version`.
    headers: HeaderMap,
    cfg: VoiceConfig,
    timeout: Duration,
}

impl std::fmt::Debug for Cartesia {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cartesia")
            .field("base", &self.base)
            .field("key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SetupError(String);

impl Cartesia {
    pub fn new(cfg: &VoiceConfig, key: SecretString) -> Result<Cartesia, SetupError> {
        let base = cfg.base_url.trim().trim_end_matches('/').to_string();
        match reqwest::Url::parse(&base) {
            // The providers' rule (llm::endpoint): the key never crosses the network in clear.
            Ok(url) if url.scheme() == "http" && !crate::net::is_loopback(&url) => {
                return Err(SetupError(clean(&format!(
                    "the Cartesia base_url `{base}` is plain http to another machine: the key \
                     would cross the network unencrypted, so it is never sent there; use \
                     https:// or a server on this machine in [voice] base_url"
                ))));
            }
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => {
                return Err(SetupError(clean(&format!(
                    "the Cartesia base_url `{base}` is not an http(s) URL; fix base_url in [voice] of the config"
                ))));
            }
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", key.expose_secret().trim()))
            .map_err(|_| {
                SetupError(format!(
                    "the Cartesia key has characters a header cannot carry; set it again: {FIX_KEY}"
                ))
            })?;
        auth.set_sensitive(true);
        let version = HeaderValue::from_str(cfg.cartesia_version.trim()).map_err(|_| {
            SetupError("[voice] cartesia_version must be a date such as 2025-04-16".into())
        })?;
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::AUTHORIZATION, auth);
        headers.insert("Cartesia-Version", version);
        let timeout = Duration::from_secs(cfg.timeout_secs);
        let http = ProviderConfig {
            first_byte_timeout_secs: cfg.timeout_secs,
            idle_timeout_secs: cfg.timeout_secs,
            ..ProviderConfig::default()
        };
        let wire = Wire::new("Cartesia", &http).map_err(|e| {
            SetupError(clean(&format!(
                "cannot set up HTTP for Cartesia: {}",
                error_chain(&e)
            )))
        })?;
        Ok(Cartesia {
            wire,
            base,
            headers,
            cfg: cfg.clone(),
            timeout,
        })
    }

    /// Replace the retry policy (tests use [`RetryPolicy::fast`]).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.wire.policy = policy;
        self
    }

    fn body(&self, text: &str) -> Vec<u8> {
        serde_json::json!({
            "model_id": self.cfg.model_id,
            "transcript": text,
            "voice": {"mode": "id", "id": self.cfg.voice_id},
            "output_format": {
                "container": "wav",
                "encoding": "pcm_s16le",
                "sample_rate": self.cfg.sample_rate,
            },
            "language": self.cfg.language,
        })
        .to_string()
        .into_bytes()
    }

    /// One sentence, retried like a model request that has not produced anything yet.
    async fn synthesize(&self, text: &str) -> Result<Vec<u8>, Failure> {
        let url = format!("{}/tts/bytes", self.base);
        let body = self.body(text);
        let build = |client: &reqwest::Client| {
            client
                .post(&url)
                .headers(self.headers.clone())
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone())
        };
        let classify = |status: u16, headers: &HeaderMap, body: &str| {
            classify_common("Cartesia", status, headers, body, FIX_KEY)
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match self.wire.attempt(&build, &classify).await {
                Ok(response) => self.read_audio(response).await,
                Err(f) => Err(f),
            };
            let failure = match result {
                Ok(audio) => return Ok(audio),
                Err(f) => f,
            };
            match failure.retryable {
                true => match self.wire.policy.next_wait(attempt, failure.hint) {
                    Some(delay) => {
                        tracing::info!(attempt, ?delay, "retrying a Cartesia request");
                        tokio::time::sleep(delay).await;
                    }
                    None => return Err(failure),
                },
                false => return Err(failure),
            }
        }
    }

    /// The whole body, within the idle deadline between chunks and [`AUDIO_LIMIT`].
    async fn read_audio(&self, response: reqwest::Response) -> Result<Vec<u8>, Failure> {
        let idle = self.wire.timeouts.idle;
        let mut body = response.bytes_stream();
        let mut audio = Vec::new();
        loop {
            match tokio::time::timeout(idle, body.next()).await {
                Err(_) => {
                    return Err(Failure::new(
                        ProviderErrorKind::Network,
                        format!("Cartesia sent nothing for {} s", idle.as_secs()),
                    )
                    .retryable(None));
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => {
                    return Err(Failure::new(
                        ProviderErrorKind::Network,
                        format!("the connection to Cartesia broke: {}", error_chain(&e)),
                    )
                    .retryable(None));
                }
                Ok(Some(Ok(chunk))) => {
                    if audio.len() + chunk.len() > AUDIO_LIMIT {
                        return Err(Failure::new(
                            ProviderErrorKind::Server,
                            "Cartesia sent more audio than one sentence can take",
                        ));
                    }
                    audio.extend_from_slice(&chunk);
                }
            }
        }
        super::wav::parse(&audio).map_err(|e| {
            Failure::new(
                ProviderErrorKind::Server,
                format!("Cartesia's answer is not audio Maya can play: {e}"),
            )
        })?;
        Ok(audio)
    }

    /// Whether Cartesia accepts the key: `GET /voices?limit=1`, which costs no credits.
    pub async fn check(&self) -> KeyCheck {
        let url = format!("{}/voices?limit=1", self.base);
        let build = |client: &reqwest::Client| client.get(&url).headers(self.headers.clone());
        let classify = |status: u16, headers: &HeaderMap, body: &str| {
            classify_common("Cartesia", status, headers, body, FIX_KEY)
        };
        match self.wire.attempt(&build, &classify).await {
            Ok(_) => KeyCheck::Accepted,
            Err(f) if f.kind == ProviderErrorKind::Auth => KeyCheck::Rejected(clean(&f.message)),
            Err(f) => KeyCheck::Unreachable(clean(&f.message)),
        }
    }
}

#[async_trait]
impl Engine for Cartesia {
    fn name(&self) -> &str {
        "cartesia"
    }

    async fn speak(&self, text: &str) -> Result<Vec<u8>, VoiceError> {
        match tokio::time::timeout(self.timeout, self.synthesize(text)).await {
            Err(_) => Err(VoiceError::Failed(format!(
                "Cartesia gave no audio within {} s ([voice] timeout_secs)",
                self.timeout.as_secs()
            ))),
            Ok(Ok(audio)) => Ok(audio),
            Ok(Err(f)) => {
                tracing::warn!(kind = ?f.kind, "Cartesia request failed: {}", clean(&f.message));
                // A refusal that is not about load (the key, the voice, the model) would
                // refuse every sentence.
                Err(if f.retryable {
                    VoiceError::Failed(clean(&f.message))
                } else {
                    VoiceError::Fatal(clean(&f.message))
                })
            }
        }
    }
}
