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
mod tests {
    use super::*;

    fn err(kind: &str) -> ApiError {
        ApiError {
            kind: Some(kind.into()),
            ..ApiError::default()
        }
    }

    #[test]
    fn retries_the_transient_statuses_only() {
        let e = ApiError::default();
        for status in [409, 429, 500, 502, 503, 504] {
            assert_eq!(judge_response(status, None, &e), Verdict::Retry, "{status}");
        }
        for status in [400, 401, 402, 403, 404] {
            assert_eq!(
                judge_response(status, None, &e),
                Verdict::GiveUp,
                "{status}"
            );
        }
    }

    #[test]
    fn the_header_overrides_the_status() {
        let e = ApiError::default();
        assert_eq!(judge_response(500, Some(false), &e), Verdict::GiveUp);
        assert_eq!(judge_response(400, Some(true), &e), Verdict::Retry);
    }

    #[test]
    fn idempotency_errors_are_bugs_even_when_told_to_retry() {
        let e = err("idempotency_error");
        assert_eq!(judge_response(400, None, &e), Verdict::Bug);
        assert_eq!(judge_response(409, Some(true), &e), Verdict::Bug);
    }

    #[test]
    fn parses_the_header() {
        assert_eq!(parse_should_retry(Some("true")), Some(true));
        assert_eq!(parse_should_retry(Some(" False ")), Some(false));
        assert_eq!(parse_should_retry(Some("maybe")), None);
        assert_eq!(parse_should_retry(None), None);
    }

    #[test]
    fn delays_grow_are_capped_and_jittered_within_bounds() {
        let p = RetryPolicy::default();
        for (retry, full_ms) in [
            (0, 500),
            (1, 1000),
            (2, 2000),
            (3, 4000),
            (4, 5000),
            (30, 5000),
        ] {
            for _ in 0..50 {
                let d = p.delay(retry).as_millis() as u64;
                assert!(
                    (full_ms / 2..=full_ms).contains(&d),
                    "retry {retry}: {d} ms not in {}..={full_ms}",
                    full_ms / 2
                );
            }
        }
        let fast = RetryPolicy::with_base(Duration::from_millis(1));
        assert!(fast.delay(10) <= Duration::from_millis(10));
    }
}
