//! One Stripe request on the wire: form encoding, headers, bounded bodies, and the retry loop.
//!
//! The key is only ever handed to reqwest's `bearer_auth`, which marks the header sensitive;
//! nothing here formats it into a string, a log line or an error.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::errors::ApiError;
use super::retry::{RetryPolicy, Verdict, judge_response, parse_should_retry};

/// The pinned API version: the last one before Stripe's dated release trains ("acacia",
/// "basil"), whose Checkout Session and PaymentIntent shapes are what this module parses.
/// Pinning means an account upgraded in the dashboard cannot change what Maya receives.
pub const STRIPE_API_VERSION: &str = "2024-06-20";

/// Error bodies and objects we read are a few kilobytes; anything past this is not Stripe.
const MAX_BODY: usize = 1 << 20;

/// No single attempt waits longer than this, so a hung connection still leaves time for a
/// retry within the overall budget.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(8);

/// An `application/x-www-form-urlencoded` body with Stripe's bracket keys
/// (`line_items[0][price_data][currency]=usd`). Pairs keep their order, so a body is
/// byte-for-byte reproducible — what Stripe's idempotency check compares on a retry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn new() -> Self {
        Form::default()
    }

    pub fn push(&mut self, key: impl Into<String>, value: impl ToString) -> &mut Self {
        self.pairs.push((key.into(), value.to_string()));
        self
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Keys keep their brackets literal, as Stripe's own SDKs send them; everything else
    /// outside the unreserved set is percent-encoded (UTF-8), spaces as `+`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_into(&mut out, k, true);
            out.push('=');
            encode_into(&mut out, v, false);
        }
        out
    }
}

fn encode_into(out: &mut String, s: &str, is_key: bool) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b'[' | b']' if is_key => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
}

/// Why a request ended without a 2xx answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No HTTP answer at all (connect, TLS, timeout, reset). `detail` names the cause.
    Transport { detail: String, attempts: u32 },
    /// Stripe answered with an error; `verdict` says whether retries were exhausted
    /// (`Retry`), not allowed (`GiveUp`) or forbidden because the request is wrong (`Bug`).
    Api {
        status: u16,
        error: ApiError,
        verdict: Verdict,
        attempts: u32,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
}

/// One attempt's result.
enum Attempt {
    Ok(String),
    Http {
        status: u16,
        should_retry: Option<bool>,
        retry_after: Option<Duration>,
        error: ApiError,
    },
    Transport(String),
}

pub(crate) struct Transport {
    client: reqwest::Client,
    base: String,
    key: SecretString,
    pub policy: RetryPolicy,
}

impl Transport {
    pub fn new(client: reqwest::Client, base: String, key: SecretString) -> Self {
        Transport {
            client,
            base,
            key,
            policy: RetryPolicy::default(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The key, for hiding it in text that came back from the server. Never for display.
    pub fn key_for_redaction(&self) -> &str {
        self.key.expose_secret()
    }

    /// Send with retries. POSTs carry `idempotency_key` unchanged on every attempt.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        form: Option<&Form>,
        idempotency_key: Option<&str>,
    ) -> Result<String, Failure> {
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let attempts = retry + 1;
            let remaining = self.policy.overall.saturating_sub(started.elapsed());
            let timeout = remaining.min(ATTEMPT_TIMEOUT);
            let failure = match self
                .attempt(method, path, form, idempotency_key, timeout)
                .await
            {
                Attempt::Ok(body) => return Ok(body),
                Attempt::Transport(detail) => Failure::Transport { detail, attempts },
                Attempt::Http {
                    status,
                    should_retry,
                    retry_after,
                    error,
                } => Failure::Api {
                    status,
                    verdict: judge_response(status, should_retry, &error),
                    error,
                    attempts,
                    retry_after,
                },
            };
            let retryable = match &failure {
                // No answer: the request may or may not have reached Stripe. Retrying is safe
                // for GETs and for POSTs because they carry their idempotency key.
                Failure::Transport { .. } => true,
                Failure::Api { verdict, .. } => *verdict == Verdict::Retry,
            };
            if !retryable || retry >= self.policy.max_retries {
                return Err(failure);
            }
            // The server's own `Retry-After` is believed; one that does not fit in the time
            // budget (a minute, or an absurd 1e300 s) is not waited for: give up now.
            let wait = match &failure {
                Failure::Api {
                    retry_after: Some(hint),
                    ..
                } => *hint,
                _ => self.policy.delay(retry),
            };
            if started.elapsed().saturating_add(wait) >= self.policy.overall {
                return Err(failure);
            }
            tracing::warn!(
                method = ?method,
                path,
                attempt = attempts,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                reason = %describe_for_log(&failure),
                "Stripe request failed; retrying with the same idempotency key"
            );
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// One attempt, no retry: for the availability probe.
    pub async fn send_once(
        &self,
        method: Method,
        path: &str,
        timeout: Duration,
    ) -> Result<String, Failure> {
        match self.attempt(method, path, None, None, timeout).await {
            Attempt::Ok(body) => Ok(body),
            Attempt::Transport(detail) => Err(Failure::Transport {
                detail,
                attempts: 1,
            }),
            Attempt::Http {
                status,
                should_retry,
                retry_after,
                error,
            } => Err(Failure::Api {
                status,
                verdict: judge_response(status, should_retry, &error),
                error,
                attempts: 1,
                retry_after,
            }),
        }
    }

    async fn attempt(
        &self,
        method: Method,
        path: &str,
        form: Option<&Form>,
        idempotency_key: Option<&str>,
        timeout: Duration,
    ) -> Attempt {
        if timeout.is_zero() {
            return Attempt::Transport("the 15 s time budget for this request ran out".into());
        }
        let url = format!("{}{}", self.base, path);
        let mut request = match method {
            Method::Get => self.client.get(&url),
            Method::Post => self.client.post(&url),
        }
        .bearer_auth(self.key.expose_secret())
        .header("Stripe-Version", STRIPE_API_VERSION)
        .timeout(timeout);
        if method == Method::Post {
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form.map(Form::encode).unwrap_or_default());
            if let Some(key) = idempotency_key {
                request = request.header("Idempotency-Key", key);
            }
        }
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Transport(transport_detail(&e)),
        };
        let status = response.status().as_u16();
        // Redirects are never followed (crate::net); one is reported, not retried.
        if let Some(target) = crate::net::redirect_target(&response) {
            return Attempt::Http {
                status,
                should_retry: Some(false),
                retry_after: None,
                error: ApiError {
                    message: Some(format!("a redirect to {target}")),
                    ..ApiError::default()
                },
            };
        }
        let should_retry = parse_should_retry(
            response
                .headers()
                .get("Stripe-Should-Retry")
                .and_then(|v| v.to_str().ok()),
        );
        // The one Retry-After parser, shared with the model providers.
        let retry_after = crate::net::hint_from_headers(response.headers());
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = MAX_BODY.saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if room <= chunk.len() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => return Attempt::Transport(transport_detail(&e)),
            }
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        if (200..300).contains(&status) {
            Attempt::Ok(body)
        } else {
            Attempt::Http {
                status,
                should_retry,
                retry_after,
                error: ApiError::parse(&body),
            }
        }
    }
}

/// A transport error's cause chain, without the URL (which the caller names itself).
fn transport_detail(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "connection failed"
    };
    let mut detail = kind.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    detail
}

fn describe_for_log(f: &Failure) -> String {
    match f {
        Failure::Transport { detail, .. } => detail.clone(),
        Failure::Api { status, error, .. } => format!(
            "HTTP {status} {}",
            error.kind.as_deref().unwrap_or("(no error type)")
        ),
    }
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
