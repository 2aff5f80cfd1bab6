use super::*;
use crate::money::Cents;

#[test]
fn delays_back_off_from_two_to_ten_seconds() {
    let got: Vec<u64> = poll_delays()
        .take(7)
        .map(|d| d.as_millis() as u64)
        .collect();
    assert_eq!(got, [2000, 3000, 4500, 6750, 10_000, 10_000, 10_000]);
}

#[test]
fn poller_clips_the_last_wait_to_the_deadline_then_stops() {
    let deadline = Instant::now() + Duration::from_millis(300);
    let mut p = Poller::with_delays([Duration::from_secs(5)], deadline);
    let wait = p.next_wait().expect("before the deadline");
    assert!(wait <= Duration::from_millis(300), "{wait:?}");
    assert_eq!(p.next_wait(), None, "delays used up");
    let mut late = Poller::with_delays(poll_delays(), Instant::now());
    assert_eq!(late.next_wait(), None, "deadline passed");
}

#[test]
fn transient_errors_continue_and_are_reported_at_the_deadline() {
    let mut p = Poller::new(Instant::now());
    let e = PaymentError::Unreachable("down".into());
    assert_eq!(p.observe(Err(e.clone())), Step::Continue);
    assert_eq!(
        p.timed_out(),
        PollOutcome::DeadlineReached {
            last_error: Some(e)
        }
    );
    assert_eq!(
        p.observe(Err(PaymentError::NotFound("x".into()))),
        Step::Done(PollOutcome::Failed(PaymentError::NotFound("x".into())))
    );
    assert_eq!(
        p.observe(Ok(RemoteStatus::Expired)),
        Step::Done(PollOutcome::Settled(RemoteStatus::Expired))
    );
}

#[test]
fn deadline_follows_the_checkout_expiry() {
    let checkout = Checkout {
        id: "cs".into(),
        url: "u".into(),
        amount: Cents(100),
        expires_at: Some(1_000 + 1_800),
    };
    let left = deadline_for(&checkout, 1_000) - Instant::now();
    assert!(
        left <= Duration::from_secs(1_800) + EXPIRY_GRACE,
        "{left:?}"
    );
    assert!(left > Duration::from_secs(1_800), "{left:?}");
    let unknown = Checkout {
        expires_at: None,
        ..checkout
    };
    let left = deadline_for(&unknown, 0) - Instant::now();
    assert!(left > DEFAULT_WATCH - Duration::from_secs(5), "{left:?}");
}
