//! When a model request is tried again, and how long to wait first.
//!
//! Only before the first token: 429, 5xx, 529 (Anthropic's "overloaded") and connection errors
//! are retried, with exponential backoff and jitter, honouring the server's own hint
//! (`retry-after-ms`, `Retry-After` in seconds or as an HTTP date, Gemini's `RetryInfo`). A bad
//! key, an exhausted billing quota and other 4xx are never retried: the same request would fail
//! the same way. Waiting is a `tokio::time::sleep` inside the provider's stream, so dropping the
//! stream (Esc) cancels the wait.

use std::time::Duration;

use rand::Rng;

// How long a server asks us to wait is read where every HTTP client lives (Stripe reads it too).
pub use crate::net::{LONGEST_SERVER_DELAY, hint_from_headers, server_delay};

/// The defaults are the issue's: base 0.5 s, cap 8 s, at most 4 attempts in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub cap: Duration,
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// A server that asks for a longer wait than this (a daily quota, say) is not waited for.
    pub longest_hint: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(8),
            max_attempts: 4,
            longest_hint: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The same shape scaled down, for tests that must not sleep for seconds.
    pub fn fast() -> Self {
        RetryPolicy {
            base: Duration::from_millis(5),
            cap: Duration::from_millis(80),
            ..RetryPolicy::default()
        }
    }

    /// The wait after failed attempt number `attempt` (1 for the first): `base · 2^(attempt-1)`,
    /// capped, with "equal jitter" (between half and all of it) so clients that failed together
    /// do not return together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(16);
        let full = self.base.saturating_mul(1 << exp).min(self.cap);
        let ms = u64::try_from(full.as_millis()).unwrap_or(u64::MAX);
        if ms < 2 {
            return full;
        }
        Duration::from_millis(rand::rng().random_range(ms / 2..=ms))
    }

    /// How long to wait before the next attempt, or `None` to give up: out of attempts, or the
    /// server asked for longer than we are willing to wait.
    pub fn next_wait(&self, attempt: u32, hint: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match hint {
            Some(h) if h > self.longest_hint => None,
            Some(h) => Some(h),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// Whether an HTTP status is worth another attempt (before the first token).
pub fn retryable_status(status: u16) -> bool {
    status == 429 || status == 529 || (500..=599).contains(&status) || status == 408
}

/// A protobuf-JSON duration such as Gemini's `RetryInfo.retryDelay`: "37s", "1.5s".
pub fn parse_proto_duration(s: &str) -> Option<Duration> {
    server_delay(s.trim().strip_suffix('s')?.parse().ok()?)
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
