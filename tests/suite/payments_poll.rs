//! Watching a checkout until it settles, against the Stripe fake: polling stops on paid,
//! on expired, at the deadline, on cancel and on a hopeless error.

use crate::support::stripe_fake;

use std::time::Duration;

use maya::money::Cents;
use maya::payments::idempotency::checkout_key;
use maya::payments::poll::{PollOutcome, Poller, poll_until_settled};
use maya::payments::simulated::SimulatedGateway;
use maya::payments::stripe::{RetryPolicy, StripeGateway};
use maya::payments::{CheckoutRequest, Gateway, PaymentError, RemoteStatus};
use secrecy::SecretString;
use stripe_fake::{StripeFake, now};
use tokio::time::Instant;

fn gateway(api_base: &str) -> StripeGateway {
    let cfg = maya::config::StripeConfig {
        api_base: api_base.into(),
        ..Default::default()
    };
    StripeGateway::new(SecretString::from("sk_test_pollpoll".to_string()), &cfg)
        .unwrap()
        .with_retry_policy(RetryPolicy::with_base(Duration::from_millis(2)))
}

fn request() -> CheckoutRequest {
    CheckoutRequest {
        amount: Cents(1200),
        description: "MOK 5-ha tab · 1 drink".into(),
        session_id: "poll".into(),
        tab_version: 1,
        idempotency_key: checkout_key("poll", 1, 0, now()),
    }
}

fn fast(deadline: Duration) -> Poller {
    Poller::with_delays(
        std::iter::repeat(Duration::from_millis(20)),
        Instant::now() + deadline,
    )
}

fn status_calls(fake: &StripeFake) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/v1/checkout/sessions/"))
        .count()
}

#[tokio::test]
async fn polling_stops_when_paid() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake.url());
    let c = gw.create_checkout(&request()).await.unwrap();
    let started = Instant::now();
    let (outcome, pi) = tokio::join!(
        poll_until_settled(
            &gw,
            &c.id,
            fast(Duration::from_secs(10)),
            std::future::pending()
        ),
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            fake.complete(&c.id)
        }
    );
    assert_eq!(
        outcome,
        PollOutcome::Settled(RemoteStatus::Paid { reference: pi })
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let calls = status_calls(&fake);
    assert!((2..=12).contains(&calls), "{calls} status calls");
    // Nothing polls after it settled.
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(status_calls(&fake), calls);
}

#[tokio::test]
async fn polling_stops_when_expired() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake.url());
    let c = gw.create_checkout(&request()).await.unwrap();
    fake.expire_now(&c.id);
    let outcome = poll_until_settled(
        &gw,
        &c.id,
        fast(Duration::from_secs(10)),
        std::future::pending(),
    )
    .await;
    assert_eq!(outcome, PollOutcome::Settled(RemoteStatus::Expired));
    assert_eq!(status_calls(&fake), 1, "the first look already settles it");
}

#[tokio::test]
async fn polling_stops_at_the_deadline_after_a_last_look() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake.url());
    let c = gw.create_checkout(&request()).await.unwrap();
    let started = Instant::now();
    let poller = Poller::with_delays(
        std::iter::repeat(Duration::from_millis(70)),
        Instant::now() + Duration::from_millis(200),
    );
    let outcome = poll_until_settled(&gw, &c.id, poller, std::future::pending()).await;
    let took = started.elapsed();
    assert_eq!(outcome, PollOutcome::DeadlineReached { last_error: None });
    assert!(
        took >= Duration::from_millis(200) && took < Duration::from_secs(2),
        "{took:?}"
    );
    // At 0, 70, 140 and the clipped last look at 200 ms (one fewer if requests are slow).
    let calls = status_calls(&fake);
    assert!((3..=4).contains(&calls), "{calls} status calls");
}

#[tokio::test]
async fn polling_stops_when_cancelled() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake.url());
    let c = gw.create_checkout(&request()).await.unwrap();
    let started = Instant::now();
    let outcome = poll_until_settled(
        &gw,
        &c.id,
        fast(Duration::from_secs(30)),
        tokio::time::sleep(Duration::from_millis(90)),
    )
    .await;
    assert_eq!(outcome, PollOutcome::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn polling_gives_up_on_an_unknown_checkout_at_once() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake.url());
    let outcome = poll_until_settled(
        &gw,
        "cs_test_gone",
        fast(Duration::from_secs(10)),
        std::future::pending(),
    )
    .await;
    assert_eq!(
        outcome,
        PollOutcome::Failed(PaymentError::NotFound("cs_test_gone".into()))
    );
    assert_eq!(status_calls(&fake), 1);
}

#[tokio::test]
async fn an_unreachable_gateway_is_polled_until_the_deadline_and_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gw = gateway(&format!("http://127.0.0.1:{port}"));
    let outcome = poll_until_settled(
        &gw,
        "cs_test_x",
        fast(Duration::from_millis(150)),
        std::future::pending(),
    )
    .await;
    let PollOutcome::DeadlineReached {
        last_error: Some(PaymentError::Unreachable(msg)),
    } = &outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(msg.contains(&port.to_string()), "{msg}");
}

#[tokio::test]
async fn the_simulated_gateway_is_polled_the_same_way() {
    let gw = SimulatedGateway::new();
    let c = gw.create_checkout(&request()).await.unwrap();
    let (outcome, _) = tokio::join!(
        poll_until_settled(
            &gw,
            &c.id,
            fast(Duration::from_secs(5)),
            std::future::pending()
        ),
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            gw.confirm_simulated(&c.id).await.unwrap()
        }
    );
    assert!(
        matches!(outcome, PollOutcome::Settled(RemoteStatus::Paid { .. })),
        "{outcome:?}"
    );
}
