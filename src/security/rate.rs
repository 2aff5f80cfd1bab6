//! Rate limits with governor (GCRA): the guest's messages per session, and the process's
//! requests to the model provider. A limited message is refused with the time to wait; GCRA
//! refills continuously, unlike the original app's limiter, which never refilled at all.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock, FakeRelativeClock};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

use crate::config::RateConfig;

type Direct<C> = RateLimiter<NotKeyed, InMemoryState, C, NoOpMiddleware<<C as Clock>::Instant>>;

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

/// `messages_per_minute` sustained, with up to `message_burst` at once: with the defaults
/// (10 a minute, burst 5) five quick messages go through, then one every six seconds.
fn message_quota(cfg: &RateConfig) -> Quota {
    Quota::per_minute(nonzero(cfg.messages_per_minute)).allow_burst(nonzero(cfg.message_burst))
}

pub struct Limiter<C: Clock = DefaultClock> {
    inner: Direct<C>,
    clock: C,
}

impl Limiter {
    /// The guest's messages in one session.
    pub fn messages(cfg: &RateConfig) -> Self {
        let clock = DefaultClock::default();
        Limiter {
            inner: RateLimiter::direct_with_clock(message_quota(cfg), clock.clone()),
            clock,
        }
    }

    /// Requests to the provider from this process, spread evenly with a small burst.
    pub fn provider(cfg: &RateConfig) -> Self {
        let per_minute = nonzero(cfg.provider_requests_per_minute);
        let burst = nonzero(cfg.provider_requests_per_minute.clamp(1, 10));
        let clock = DefaultClock::default();
        Limiter {
            inner: RateLimiter::direct_with_clock(
                Quota::per_minute(per_minute).allow_burst(burst),
                clock.clone(),
            ),
            clock,
        }
    }
}

impl Limiter<FakeRelativeClock> {
    /// A message limiter on a clock the test moves by hand.
    pub fn messages_with_clock(cfg: &RateConfig, clock: FakeRelativeClock) -> Self {
        Limiter {
            inner: RateLimiter::direct_with_clock(message_quota(cfg), clock.clone()),
            clock,
        }
    }
}

impl<C: Clock> Limiter<C> {
    /// Ok, or how long until the next message is allowed.
    pub fn check(&self) -> Result<(), Duration> {
        self.inner
            .check()
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

impl Limiter {
    /// Wait until a request may go (cancelled by dropping the future).
    pub async fn until_ready(&self) {
        self.inner.until_ready().await;
    }
}

/// "try again in 4 s"
pub fn retry_message(wait: Duration) -> String {
    let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    format!("Easy there, one message at a time: try again in {secs} s.")
}

#[cfg(test)]
#[path = "rate_tests.rs"]
mod tests;
