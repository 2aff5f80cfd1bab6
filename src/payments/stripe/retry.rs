//! When a Stripe request is tried again, and how long to wait first.
//!
//! Follows Stripe's guidance and its SDKs: connection errors, 409 (a concurrent request with
//! the same key, not a parameter mismatch), 429 and 5xx are retried with exponential backoff
//! and jitter, always with the same `Idempotency-Key`; a `Stripe-Should-Retry` header from
//! Stripe overrides the status heuristics either way; an `idempotency_error` is never retried
//! because the same request would be refused again — it is a bug to report.

use std::time::Duration;

use rand::Rng;

use super::errors::ApiError;

/// Limits for retrying one Stripe request. The defaults are the issue's: 0.5 s base, 5 s cap,
/// at most 3 retries, 15 s overall. Tests shrink `base` so they run in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait before the first retry; doubles each time.
    pub base: Duration,
    /// No single wait is longer than this.
    pub cap: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Time budget for all attempts and waits together.
    pub overall: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(5),
            max_retries: 3,
            overall: Duration::from_secs(15),
        }
    }
}

impl RetryPolicy {
    /// Same limits with a different base delay (the cap scales with it, so a fast test policy
    /// keeps the same shape).
    pub fn with_base(base: Duration) -> Self {
        RetryPolicy {
            base,
            cap: base.saturating_mul(10),
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (0 for the first): `base · 2^retry`, capped, then
    /// "equal jitter" — somewhere between half and all of it — so many clients that failed
    /// together do not come back together, yet no wait collapses to nothing.
    pub fn delay(&self, retry: u32) -> Duration {
        let full = self
            .base
            .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
            .min(self.cap);
        let full_ms = u64::try_from(full.as_millis()).unwrap_or(u64::MAX);
        if full_ms < 2 {
            return full;
        }
        Duration::from_millis(rand::rng().random_range(full_ms / 2..=full_ms))
    }
}

/// What a failed attempt means for the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Retry,
    GiveUp,
    /// An `idempotency_error`: never retried, reported as a bug.
    Bug,
}

/// Decide from an HTTP answer. `should_retry` is the parsed `Stripe-Should-Retry` header.
pub(crate) fn judge_response(status: u16, should_retry: Option<bool>, error: &ApiError) -> Verdict {
    if error.is_idempotency_error() {
        return Verdict::Bug;
    }
    match should_retry {
        Some(true) => return Verdict::Retry,
        Some(false) => return Verdict::GiveUp,
        None => {}
    }
    match status {
        409 | 429 => Verdict::Retry,
        s if s >= 500 => Verdict::Retry,
        _ => Verdict::GiveUp,
    }
}

/// `Stripe-Should-Retry: true|false`; anything else is no opinion.
pub(crate) fn parse_should_retry(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
