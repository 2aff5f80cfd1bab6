//! Watching a pending checkout until it settles.
//!
//! A terminal app has no webhook endpoint, so a checkout is polled (reference/protocols.md §4):
//! every 2 s at first, backing off to every 10 s, which keeps a whole bar of guests far under
//! Stripe's 25 requests a second in test mode. The agent either hands the loop to
//! [`poll_until_settled`] or drives a [`Poller`] from its own `select!`.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::{Checkout, Gateway, PaymentError, RemoteStatus};

pub const FIRST_POLL: Duration = Duration::from_secs(2);
pub const MAX_POLL: Duration = Duration::from_secs(10);

/// How long after a checkout's own `expires_at` it is still watched: Stripe may flip a
/// session to `expired` a little late, and a payment made at the last second must be seen.
pub const EXPIRY_GRACE: Duration = Duration::from_secs(120);

/// Used when a gateway does not say when its checkout expires (the simulated one).
pub const DEFAULT_WATCH: Duration = Duration::from_secs(35 * 60);

/// 2 s, 3 s, 4.5 s, 6.75 s, then 10 s for ever.
pub fn poll_delays() -> impl Iterator<Item = Duration> + Clone + Send + 'static {
    std::iter::successors(Some(FIRST_POLL), |d| Some((*d * 3 / 2).min(MAX_POLL)))
}

/// When to stop watching `checkout`: its expiry plus [`EXPIRY_GRACE`], measured from
/// `now_unix` (the wall clock, since `expires_at` is one), or [`DEFAULT_WATCH`] from now.
pub fn deadline_for(checkout: &Checkout, now_unix: i64) -> Instant {
    let watch = match checkout.expires_at {
        Some(at) => Duration::from_secs(u64::try_from(at.saturating_sub(now_unix)).unwrap_or(0))
            .saturating_add(EXPIRY_GRACE),
        None => DEFAULT_WATCH,
    };
    Instant::now() + watch.min(Duration::from_secs(48 * 3600))
}

/// How watching a checkout ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollOutcome {
    /// Paid, Expired or Failed: the gateway's final word.
    Settled(RemoteStatus),
    /// Still open at the deadline (or the delays ran out). `last_error` is the most recent
    /// transient failure, if the gateway was unreachable at the end.
    DeadlineReached { last_error: Option<PaymentError> },
    /// The cancel future resolved (overlay closed with `x`, session ending).
    Cancelled,
    /// An error polling again cannot fix (unknown checkout, key refused, live mode).
    Failed(PaymentError),
}

/// What one status answer means for the watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Still open, or a transient error: wait and ask again.
    Continue,
    Done(PollOutcome),
}

/// The polling schedule and its deadline, for an agent that runs its own loop:
/// `poller.observe(gw.status(id).await)`, then sleep `poller.next_wait()` (stop on `None`).
pub struct Poller {
    delays: Box<dyn Iterator<Item = Duration> + Send>,
    deadline: Instant,
    last_error: Option<PaymentError>,
}

impl Poller {
    /// The standard schedule ([`poll_delays`]) until `deadline`.
    pub fn new(deadline: Instant) -> Self {
        Poller::with_delays(poll_delays(), deadline)
    }

    pub fn with_delays(
        delays: impl IntoIterator<Item = Duration, IntoIter: Send + 'static>,
        deadline: Instant,
    ) -> Self {
        Poller {
            delays: Box::new(delays.into_iter()),
            deadline,
            last_error: None,
        }
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Judge one status answer. Unreachable is transient (remembered for the report at the
    /// deadline); other errors end the watch.
    pub fn observe(&mut self, answer: Result<RemoteStatus, PaymentError>) -> Step {
        match answer {
            Ok(RemoteStatus::Open) => {
                self.last_error = None;
                Step::Continue
            }
            Ok(settled) => Step::Done(PollOutcome::Settled(settled)),
            Err(e @ PaymentError::Unreachable(_)) => {
                tracing::debug!(error = %e, "checkout status unavailable; polling on");
                self.last_error = Some(e);
                Step::Continue
            }
            Err(e) => Step::Done(PollOutcome::Failed(e)),
        }
    }

    /// How long to wait before the next status request: the next delay, cut short at the
    /// deadline so the last look happens right at it. `None` once the deadline has passed or
    /// the delays are used up.
    pub fn next_wait(&mut self) -> Option<Duration> {
        let now = Instant::now();
        if now >= self.deadline {
            return None;
        }
        let delay = self.delays.next()?;
        Some(delay.min(self.deadline - now))
    }

    /// The outcome when the watch stops without a settled status.
    pub fn timed_out(&mut self) -> PollOutcome {
        PollOutcome::DeadlineReached {
            last_error: self.last_error.take(),
        }
    }
}

/// Ask `gateway` about `checkout_id` now, then after each delay, until the checkout settles,
/// the deadline passes (with one last look at it), a non-transient error occurs, or `cancel`
/// resolves (e.g. `token.cancelled()`, or a oneshot receiver mapped to `()`).
pub async fn poll_until_settled<C>(
    gateway: &dyn Gateway,
    checkout_id: &str,
    mut poller: Poller,
    cancel: C,
) -> PollOutcome
where
    C: Future<Output = ()>,
{
    tokio::pin!(cancel);
    loop {
        let answer = tokio::select! {
            biased;
            () = &mut cancel => return PollOutcome::Cancelled,
            answer = gateway.status(checkout_id) => answer,
        };
        if let Step::Done(outcome) = poller.observe(answer) {
            return outcome;
        }
        let Some(wait) = poller.next_wait() else {
            return poller.timed_out();
        };
        tokio::select! {
            biased;
            () = &mut cancel => return PollOutcome::Cancelled,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

#[cfg(test)]
#[path = "poll_tests.rs"]
mod tests;
