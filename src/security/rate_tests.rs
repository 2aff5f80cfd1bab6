use super::*;

fn cfg() -> RateConfig {
    RateConfig::default()
}

#[test]
fn a_burst_then_a_steady_rate_and_it_refills() {
    let clock = FakeRelativeClock::default();
    let l = Limiter::messages_with_clock(&cfg(), clock.clone());
    for i in 0..5 {
        assert!(l.check().is_ok(), "message {i} of the burst was refused");
    }
    let wait = l.check().expect_err("the sixth quick message must wait");
    assert!(
        wait <= Duration::from_secs(6) && wait > Duration::from_secs(5),
        "{wait:?}"
    );
    clock.advance(Duration::from_secs(6));
    assert!(l.check().is_ok(), "the limiter did not refill");
    assert!(l.check().is_err());
    // After a quiet minute the whole burst is back.
    clock.advance(Duration::from_secs(60));
    for _ in 0..5 {
        assert!(l.check().is_ok());
    }
}

#[test]
fn ten_a_minute_sustained() {
    let clock = FakeRelativeClock::default();
    let l = Limiter::messages_with_clock(&cfg(), clock.clone());
    let mut allowed = 0;
    for _ in 0..120 {
        if l.check().is_ok() {
            allowed += 1;
        }
        clock.advance(Duration::from_secs(1));
    }
    // Two minutes: the burst of 5 plus one every 6 s.
    assert!((20..=25).contains(&allowed), "{allowed}");
}

#[test]
fn the_message_says_when() {
    assert!(retry_message(Duration::from_millis(3200)).contains("try again in 4 s"));
    assert!(retry_message(Duration::from_millis(10)).contains("1 s"));
}
