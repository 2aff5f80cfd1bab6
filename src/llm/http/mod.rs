//! The HTTP half every streaming provider shares: send, retry before the first token, read the
//! body under first-byte, idle and whole-reply deadlines and under size caps, feed the SSE
//! parser, and hand each event to the provider's [`Dialect`]. A provider only describes its wire
//! format; faults are handled once, here, the same way for all of them. [`reader`] holds one
//! attempt's body, [`errors`] the words for what went wrong.
//!
//! The stream is an `async_stream` generator: dropping it (Esc) drops the in-flight request or
//! the retry sleep with it, so cancelling needs no extra plumbing.

use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use reqwest::header::HeaderMap;
use tokio::time::Instant;

mod errors;
#[cfg(test)]
mod fuzz_tests;
mod reader;

pub use errors::{body_message, classify_common, clean, error_chain, redirected};

use super::retry::RetryPolicy;
use super::sse::{SseEnd, SseEvent, SseLimits};
use super::{ProviderError, ProviderErrorKind, ProviderEvent, ProviderStream};
use crate::config::ProviderConfig;
use reader::Reader;

/// Largest error body read from a failed response.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What went wrong with one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: ProviderErrorKind,
    /// For people: the provider, the status, its own message and the fix. Sanitized and
    /// redacted before it leaves this module.
    pub message: String,
    /// Worth another attempt if nothing was shown yet.
    pub retryable: bool,
    /// The server's own wait hint.
    pub hint: Option<Duration>,
}

impl Failure {
    pub fn new(kind: ProviderErrorKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            retryable: false,
            hint: None,
        }
    }

    pub fn retryable(mut self, hint: Option<Duration>) -> Self {
        self.retryable = true;
        self.hint = hint;
        self
    }
}

/// A provider's wire format.
pub trait Dialect: Send + 'static {
    /// One SSE event; canonical events go to `out`.
    fn event(&mut self, event: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure>;
    /// The body ended. Emit what is left (`Raw`, `Finish`), or fail: a raw error tail, a stream
    /// cut before its end marker.
    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure>;
}

#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// From sending the request to the response headers, and to the first body bytes.
    pub first_byte: Duration,
    /// Between two chunks of the body.
    pub idle: Duration,
    /// For the whole answer, retries included: a server that drips a byte at a time keeps the
    /// idle timer happy for ever, this one not.
    pub reply: Duration,
}

/// What one answer may hold: the parser's caps and the body as a whole, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub sse: SseLimits,
    pub reply: usize,
}

/// Everything a provider needs to talk HTTP.
#[derive(Clone)]
pub struct Wire {
    /// "Gemini", "OpenAI", "Anthropic": for messages.
    pub provider: &'static str,
    pub client: reqwest::Client,
    pub timeouts: Timeouts,
    pub limits: Limits,
    pub policy: RetryPolicy,
}

impl Wire {
    /// A client with the configured connect timeout. reqwest reads `HTTPS_PROXY`, `HTTP_PROXY`
    /// and `NO_PROXY` from the environment by itself.
    pub fn new(provider: &'static str, cfg: &ProviderConfig) -> Result<Wire, reqwest::Error> {
        let client = crate::net::client_builder()
            .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs.max(1)))
            .user_agent(concat!("maya/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Wire {
            provider,
            client,
            timeouts: Timeouts {
                first_byte: Duration::from_secs(cfg.first_byte_timeout_secs.max(1)),
                idle: Duration::from_secs(cfg.idle_timeout_secs.max(1)),
                reply: Duration::from_secs(cfg.reply_timeout_secs.max(1)),
            },
            limits: Limits {
                sse: SseLimits {
                    line: cfg.max_line_bytes.max(1),
                    event: cfg.max_event_bytes.max(1),
                },
                reply: cfg.max_reply_bytes.max(1),
            },
            policy: RetryPolicy::default(),
        })
    }

    /// Stream one model round. `build` makes the request afresh for each attempt; `classify`
    /// judges an HTTP error answer (status, headers, body); `dialect` makes a fresh reader per
    /// attempt.
    pub fn stream<B, C, D, M>(&self, build: B, classify: C, dialect: M) -> ProviderStream
    where
        B: Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync + 'static,
        C: Fn(u16, &HeaderMap, &str) -> Failure + Send + Sync + 'static,
        D: Dialect,
        M: Fn() -> D + Send + Sync + 'static,
    {
        let wire = self.clone();
        Box::pin(async_stream::stream! {
            let deadline = Instant::now() + wire.timeouts.reply;
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                let mut produced = false;
                let failure = match wire.attempt_until(&build, &classify, deadline).await {
                    Err(f) => f,
                    Ok(response) => {
                        let mut reader = Reader::new(dialect(), wire.provider, wire.limits);
                        let mut body = response.bytes_stream();
                        let mut wait = wire.timeouts.first_byte;
                        // Events read before a fault in the same chunk are delivered first:
                        // text already produced must reach the guest, and must not be retried.
                        loop {
                            let (mut events, mut failed, ended, read) =
                                match wire.bounded(wait, deadline, body.next()).await {
                                    Err(f) => (Vec::new(), Some(f), false, None),
                                    Ok(None) => {
                                        let (events, failed) = reader.end();
                                        (events, failed, true, None)
                                    }
                                    Ok(Some(Err(e))) => {
                                        (Vec::new(), Some(wire.dropped(&e)), false, None)
                                    }
                                    Ok(Some(Ok(bytes))) => (Vec::new(), None, false, Some(bytes)),
                                };
                            // A read is parsed a step at a time, each step's events delivered
                            // before the next is parsed: a fast server's read holds thousands.
                            let mut unread: &[u8] = read.as_deref().unwrap_or_default();
                            loop {
                                for ev in events.drain(..) {
                                    produced |= matches!(
                                        ev,
                                        ProviderEvent::TextDelta(_) | ProviderEvent::ToolCall(_)
                                    );
                                    yield Ok(ev);
                                }
                                if failed.is_some() || unread.is_empty() {
                                    break;
                                }
                                let (piece, rest) =
                                    unread.split_at(unread.len().min(reader::PARSE_STEP));
                                unread = rest;
                                (events, failed) = reader.push(piece);
                            }
                            if let Some(f) = failed {
                                break f;
                            }
                            if ended {
                                return;
                            }
                            wait = wire.timeouts.idle;
                        }
                    }
                };
                if failure.retryable && !produced
                    && let Some(delay) = wire.policy.next_wait(attempt, failure.hint)
                    && Instant::now() + delay < deadline
                {
                    tracing::info!(provider = wire.provider, attempt, ?delay, "retrying a model request");
                    yield Ok(ProviderEvent::Retrying {
                        attempt: attempt + 1,
                        max_attempts: wire.policy.max_attempts,
                        delay,
                        reason: clean(&failure.message),
                    });
                    tokio::time::sleep(delay).await;
                    continue;
                }
                tracing::warn!(provider = wire.provider, attempt, kind = ?failure.kind, "model request failed");
                yield Err(ProviderError {
                    kind: failure.kind,
                    message: clean(&failure.message),
                    after_first_token: produced,
                });
                return;
            }
        })
    }

    /// Send once and wait for the headers; an error status is read and classified. The whole
    /// of it is bounded by `reply_timeout_secs` (the voice engine sends one request this way).
    pub(crate) async fn attempt<B, C>(
        &self,
        build: &B,
        classify: &C,
    ) -> Result<reqwest::Response, Failure>
    where
        B: Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        C: Fn(u16, &HeaderMap, &str) -> Failure,
    {
        let deadline = Instant::now() + self.timeouts.reply;
        self.attempt_until(build, classify, deadline).await
    }

    /// [`attempt`](Self::attempt), never past `deadline`.
    async fn attempt_until<B, C>(
        &self,
        build: &B,
        classify: &C,
        deadline: Instant,
    ) -> Result<reqwest::Response, Failure>
    where
        B: Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        C: Fn(u16, &HeaderMap, &str) -> Failure,
    {
        let sent = build(&self.client).send();
        let response = match self
            .bounded(self.timeouts.first_byte, deadline, sent)
            .await?
        {
            Err(e) => return Err(self.unreachable(&e)),
            Ok(r) => r,
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(response);
        }
        if let Some(target) = crate::net::redirect_target(&response) {
            return Err(Failure::new(
                ProviderErrorKind::Server,
                redirected(self.provider, status, &target),
            ));
        }
        let headers = response.headers().clone();
        let left = deadline.saturating_duration_since(Instant::now());
        let body = read_limited(response, self.timeouts.idle.min(left)).await;
        Err(classify(status, &headers, &body))
    }

    /// `fut`, given at most `wait` and never past `deadline`: whichever runs out first is the
    /// failure.
    async fn bounded<F: Future>(
        &self,
        wait: Duration,
        deadline: Instant,
        fut: F,
    ) -> Result<F::Output, Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait.min(left), fut).await {
            Ok(v) => Ok(v),
            Err(_) if left <= wait => Err(self.too_slow()),
            Err(_) => Err(self.stalled(wait)),
        }
    }

    fn too_slow(&self) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "{}'s reply did not finish within {} s, so it was stopped there (the limit is \
                 reply_timeout_secs in [provider] of the config)",
                self.provider,
                self.timeouts.reply.as_secs()
            ),
        )
    }

    fn stalled(&self, wait: Duration) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "{} sent nothing for {} s; the connection was given up (timeouts are in [provider] of the config)",
                self.provider,
                wait.as_secs()
            ),
        )
        .retryable(None)
    }

    fn unreachable(&self, e: &reqwest::Error) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "cannot reach {}: {}; check the network, a proxy (HTTPS_PROXY) or base_url",
                self.provider,
                error_chain(e)
            ),
        )
        .retryable(None)
    }

    fn dropped(&self, e: &reqwest::Error) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "the connection to {} broke mid-reply: {}",
                self.provider,
                error_chain(e)
            ),
        )
        .retryable(None)
    }
}

/// An error body, at most [`ERROR_BODY_LIMIT`] bytes, never waiting longer than `wait`. Also
/// what the key checks read: no body from a server is read whole.
pub(crate) async fn read_limited(response: reqwest::Response, wait: Duration) -> String {
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    let read = async {
        while let Some(Ok(chunk)) = body.next().await {
            let room = ERROR_BODY_LIMIT.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if bytes.len() >= ERROR_BODY_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(wait, read).await;
    String::from_utf8_lossy(&bytes).into_owned()
}
