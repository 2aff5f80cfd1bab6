//! Retries and idempotency of the Stripe gateway against the stateful Stripe fake: what is
//! retried and how often, one session whatever happens (5xx, crash-and-resume, double press),
//! idempotency errors reported as bugs, and logs without the key.

use crate::support::stripe_fake;

use std::time::{Duration, Instant};

use maya::money::Cents;
use maya::payments::idempotency::checkout_key;
use maya::payments::stripe::{RetryPolicy, StripeGateway};
use maya::payments::{CheckoutRequest, Gateway, PaymentError};
use secrecy::SecretString;
use stripe_fake::{StripeFake, now};

const KEY: &str = "sk_test_maya0fake0key0abcdefghij";

fn gateway(fake: &StripeFake) -> StripeGateway {
    StripeGateway::new(SecretString::from(KEY.to_string()), &fake.config())
        .expect("a test key and a local fake are accepted")
        .with_retry_policy(RetryPolicy::with_base(Duration::from_millis(5)))
}

fn request(key: &str) -> CheckoutRequest {
    CheckoutRequest {
        amount: Cents(2850),
        description: "MOK 5-ha tab · 3 drinks (+ tip)".into(),
        session_id: "sess-42".into(),
        tab_version: 7,
        idempotency_key: key.into(),
    }
}

fn fresh_key() -> String {
    checkout_key("sess-42", 7, 0, now())
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_key_and_one_session_exists() {
    let fake = StripeFake::start().await;
    fake.fail_next(500, None);
    fake.fail_next(500, None);
    let key = fresh_key();
    let checkout = gateway(&fake)
        .create_checkout(&request(&key))
        .await
        .unwrap();
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 3, "500, 500, then 200");
    for r in &reqs {
        assert_eq!(r.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(
            r.raw_body, reqs[0].raw_body,
            "a retry sends the very same body"
        );
    }
    assert_eq!(fake.session_count(), 1);
    assert!(fake.session(&checkout.id).is_some());
}

#[tokio::test]
async fn rate_limits_and_conflicts_are_retried() {
    let fake = StripeFake::start().await;
    fake.fail_next(429, None);
    fake.fail_next(409, None);
    fake.fail_next(503, None);
    gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap();
    assert_eq!(fake.requests().len(), 4);
    assert_eq!(fake.session_count(), 1);
}

#[tokio::test]
async fn stripe_should_retry_overrides_the_status() {
    let fake = StripeFake::start().await;
    fake.fail_next(500, Some(false));
    let err = gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Unreachable(_)), "{err:?}");
    assert_eq!(fake.requests().len(), 1, "told not to retry");

    let fake = StripeFake::start().await;
    fake.fail_next(400, Some(true));
    gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap();
    assert_eq!(fake.requests().len(), 2, "told to retry a 400");
}

#[tokio::test]
async fn retries_stop_after_three() {
    let fake = StripeFake::start().await;
    for _ in 0..10 {
        fake.fail_next(500, None);
    }
    let err = gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    assert_eq!(fake.requests().len(), 4, "one attempt and three retries");
    let PaymentError::Unreachable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("HTTP 500") && msg.contains("4 attempts"),
        "{msg}"
    );
    assert_eq!(fake.session_count(), 0);
}

#[tokio::test]
async fn retries_stop_when_the_time_budget_is_spent() {
    let fake = StripeFake::start().await;
    for _ in 0..20 {
        fake.fail_next(503, None);
    }
    let gw = gateway(&fake).with_retry_policy(RetryPolicy {
        base: Duration::from_millis(60),
        cap: Duration::from_millis(60),
        max_retries: 10,
        overall: Duration::from_millis(150),
    });
    let started = Instant::now();
    assert!(gw.create_checkout(&request(&fresh_key())).await.is_err());
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    let n = fake.requests().len();
    assert!((2..=5).contains(&n), "{n} attempts in a 150 ms budget");
}

/// Item 7: a server that says when to come back is believed, within the time budget.
#[tokio::test]
async fn retry_after_is_honoured() {
    let fake = StripeFake::start().await;
    fake.fail_next_retry_after(503, "1");
    let started = Instant::now();
    gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(fake.requests().len(), 2);
    assert!(
        waited >= Duration::from_millis(950),
        "retried after {waited:?}, not after the 1 s asked for"
    );
    // A date in the past means "now": the usual backoff.
    let fake = StripeFake::start().await;
    fake.fail_next_retry_after(429, "Wed, 21 Oct 2015 07:28:00 GMT");
    let started = Instant::now();
    gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(900));
}

/// Item 7: a wait longer than the budget (or absurdly long) is not waited for: the request
/// gives up at once, saying so, and nothing panics.
#[tokio::test]
async fn a_retry_after_beyond_the_budget_gives_up_at_once() {
    for value in ["60", "1e300", "18446744073709551616"] {
        let fake = StripeFake::start().await;
        fake.fail_next_retry_after(503, value);
        let started = Instant::now();
        let err = gateway(&fake)
            .create_checkout(&request(&fresh_key()))
            .await
            .unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{value}: {:?}",
            started.elapsed()
        );
        assert_eq!(fake.requests().len(), 1, "{value}");
        let PaymentError::Unreachable(msg) = &err else {
            panic!("{value}: {err:?}")
        };
        assert!(msg.contains("HTTP 503"), "{msg}");
    }
}

#[tokio::test]
async fn a_create_retried_after_a_crash_gets_the_same_session() {
    let fake = StripeFake::start().await;
    let key = checkout_key("sess-42", 7, 0, now() - 40);
    let first = {
        let gw = gateway(&fake).with_clock(|| 0);
        gw.create_checkout(&request(&key)).await.unwrap()
    }; // the process "crashes" here, before it could journal the checkout
    let resumed = gateway(&fake).with_clock(|| now() + 100);
    let again = resumed.create_checkout(&request(&key)).await.unwrap();
    assert_eq!(again, first);
    assert_eq!(fake.session_count(), 1);
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(reqs[1].raw_body, reqs[0].raw_body);
}

#[tokio::test]
async fn an_idempotency_error_is_reported_as_a_bug_and_never_retried() {
    let fake = StripeFake::start().await;
    // A key that does not carry its issue time, retried by a process whose clock moved on:
    // `expires_at` differs, and Stripe refuses the reuse.
    gateway(&fake)
        .with_clock(now)
        .create_checkout(&request("uuid-1"))
        .await
        .unwrap();
    let err = gateway(&fake)
        .with_clock(|| now() + 60)
        .create_checkout(&request("uuid-1"))
        .await
        .unwrap_err();
    assert_eq!(fake.requests().len(), 2, "the refused reuse is not retried");
    let PaymentError::Gateway(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("bug") && msg.contains("idempotency_error"),
        "{msg}"
    );
    assert!(msg.contains("Nothing was charged twice"), "{msg}");
    assert_eq!(fake.session_count(), 1);
}

#[tokio::test]
async fn a_double_checkout_press_creates_one_session() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let key = fresh_key();
    let (first, second) = (request(&key), request(&key));
    let (a, b) = tokio::join!(gw.create_checkout(&first), gw.create_checkout(&second));
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(fake.session_count(), 1);
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn a_key_issued_long_ago_that_never_reached_stripe_still_works() {
    let fake = StripeFake::start().await;
    let key = checkout_key("sess-42", 7, 0, now() - 7200);
    let checkout = gateway(&fake)
        .create_checkout(&request(&key))
        .await
        .unwrap();
    let reqs = fake.requests();
    assert_eq!(
        reqs.len(),
        2,
        "refused for its stale expiry, then sent with a fresh one"
    );
    assert_eq!(reqs[0].idempotency_key, reqs[1].idempotency_key);
    let fresh: i64 = reqs[1].field("expires_at").unwrap().parse().unwrap();
    assert!(fresh >= now() + 1800, "{fresh}");
    assert_eq!(checkout.expires_at, Some(fresh));
    assert_eq!(fake.session_count(), 1);
}

#[tokio::test]
async fn an_unreachable_stripe_says_where_and_what_to_do() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cfg = maya::config::StripeConfig {
        api_base: format!("http://127.0.0.1:{port}"),
        ..Default::default()
    };
    let gw = StripeGateway::new(SecretString::from(KEY.to_string()), &cfg)
        .unwrap()
        .with_retry_policy(RetryPolicy::with_base(Duration::from_millis(2)));
    let err = gw
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    let PaymentError::Unreachable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains(&format!("127.0.0.1:{port}")) && msg.contains("4 attempts"),
        "{msg}"
    );
    assert!(
        msg.contains("nothing is charged twice") && !msg.contains("fake0key"),
        "{msg}"
    );
}

#[test]
fn retries_are_logged_without_the_key() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // Global, not scoped: callsite interest is cached process-wide, and tests running in
    // parallel without a subscriber would otherwise hide these events. Only this test sets it,
    // and whatever the other tests log lands here too and must not show the key either.
    tracing::subscriber::set_global_default(subscriber).expect("only this test sets it");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let fake = StripeFake::start().await;
        fake.fail_next(500, None);
        fake.fail_next(429, None);
        gateway(&fake)
            .create_checkout(&request(&fresh_key()))
            .await
            .unwrap();
    });
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains(KEY) && !log.contains("fake0key"), "{log}");
}
