//! Choosing the gateway: Stripe when a test key works and Stripe answers, the simulated
//! gateway (saying SIMULATED and why) otherwise, and what config forces.

use crate::support::stripe_fake;

use std::time::Duration;

use maya::config::{GatewayChoice, PaymentsConfig, StripeConfig};
use maya::payments::select::{GatewaySelector, choose_gateway};
use maya::payments::{GatewayKind, PaymentError};
use secrecy::SecretString;
use stripe_fake::StripeFake;

fn payments(choice: GatewayChoice) -> PaymentsConfig {
    PaymentsConfig { gateway: choice }
}

fn key(k: &str) -> Option<SecretString> {
    Some(SecretString::from(k.to_string()))
}

fn closed_port_config() -> StripeConfig {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    StripeConfig {
        api_base: format!("http://127.0.0.1:{port}"),
        ..Default::default()
    }
}

fn probes(fake: &StripeFake) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.path == "/v1/balance")
        .count()
}

#[tokio::test]
async fn auto_without_a_key_is_simulated_and_says_why() {
    let fake = StripeFake::start().await;
    let s = choose_gateway(&payments(GatewayChoice::Auto), &fake.config(), None)
        .await
        .unwrap();
    assert_eq!(s.kind, GatewayKind::Simulated);
    assert_eq!(s.gateway.kind(), GatewayKind::Simulated);
    let note = s.gateway.note().expect("the overlay explains");
    assert!(
        note.starts_with("SIMULATED") && note.contains("maya keys set stripe"),
        "{note}"
    );
    assert_eq!(note, s.why);
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn auto_with_a_working_key_uses_stripe() {
    let fake = StripeFake::start().await;
    let s = choose_gateway(
        &payments(GatewayChoice::Auto),
        &fake.config(),
        key("sk_test_abc"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Stripe);
    assert_eq!(s.gateway.kind(), GatewayKind::Stripe);
    assert!(s.why.contains(&fake.url()), "{}", s.why);
    assert_eq!(probes(&fake), 1);
}

#[tokio::test]
async fn auto_with_stripe_unreachable_is_simulated_and_says_why() {
    let s = choose_gateway(
        &payments(GatewayChoice::Auto),
        &closed_port_config(),
        key("sk_test_abc"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Simulated);
    let note = s.gateway.note().unwrap();
    assert!(
        note.starts_with("SIMULATED: Stripe could not be reached"),
        "{note}"
    );
    assert!(!note.contains("sk_test_abc"), "{note}");
}

#[tokio::test]
async fn auto_with_a_live_key_is_simulated_and_sends_nothing() {
    let fake = StripeFake::start().await;
    let s = choose_gateway(
        &payments(GatewayChoice::Auto),
        &fake.config(),
        key("sk_live_51Hzz"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Simulated);
    let note = s.gateway.note().unwrap();
    assert!(
        note.starts_with("SIMULATED") && note.contains("live"),
        "{note}"
    );
    assert!(!note.contains("51Hzz"), "{note}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn auto_with_a_rejected_key_is_simulated() {
    let fake = StripeFake::start().await;
    fake.inject(stripe_fake::Injected {
        status: 401,
        should_retry: None,
        body: serde_json::json!({"error": {"type": "invalid_request_error",
            "message": "Invalid API Key provided: sk_test_****wxyz"}}),
        retry_after: None,
    });
    let s = choose_gateway(
        &payments(GatewayChoice::Auto),
        &fake.config(),
        key("sk_test_abcwxyz"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Simulated);
    assert!(
        s.why.contains("401") && s.why.contains("maya keys set stripe"),
        "{}",
        s.why
    );
    assert!(!s.why.contains("sk_test_"), "{}", s.why);
}

#[tokio::test]
async fn forced_choices_are_obeyed() {
    let fake = StripeFake::start().await;
    let s = choose_gateway(
        &payments(GatewayChoice::Simulated),
        &fake.config(),
        key("sk_test_abc"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Simulated);
    assert!(
        s.why.starts_with("SIMULATED") && s.why.contains("gateway = \"simulated\""),
        "{}",
        s.why
    );

    // Forced Stripe does not probe: it is used even while Stripe is down.
    let s = choose_gateway(
        &payments(GatewayChoice::Stripe),
        &closed_port_config(),
        key("rk_test_abc"),
    )
    .await
    .unwrap();
    assert_eq!(s.kind, GatewayKind::Stripe);

    let err = choose_gateway(&payments(GatewayChoice::Stripe), &fake.config(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PaymentError::Refused(m) if m.contains("maya keys set stripe")),
        "{err:?}"
    );
    let err = choose_gateway(
        &payments(GatewayChoice::Stripe),
        &fake.config(),
        key("sk_live_x1"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, PaymentError::Refused(m) if m.contains("live")),
        "{err:?}"
    );
    assert!(fake.requests().is_empty(), "nothing forced ever probes");
}

#[tokio::test]
async fn the_probe_is_cached_then_repeated() {
    let fake = StripeFake::start().await;
    let selector = GatewaySelector::new(
        &payments(GatewayChoice::Auto),
        &fake.config(),
        key("sk_test_abc"),
    );
    for _ in 0..3 {
        assert_eq!(selector.choose().await.unwrap().kind, GatewayKind::Stripe);
    }
    assert_eq!(probes(&fake), 1, "cached for 30 s");

    let selector = GatewaySelector::new(
        &payments(GatewayChoice::Auto),
        &fake.config(),
        key("sk_test_abc"),
    )
    // Long enough that a loaded machine cannot outlast it between two calls.
    .with_probe_ttl(Duration::from_millis(500));
    fake.fail_next(503, None);
    assert_eq!(
        selector.choose().await.unwrap().kind,
        GatewayKind::Simulated,
        "Stripe is down"
    );
    assert_eq!(
        selector.choose().await.unwrap().kind,
        GatewayKind::Simulated,
        "still cached"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        selector.choose().await.unwrap().kind,
        GatewayKind::Stripe,
        "back after the cache"
    );
    assert_eq!(probes(&fake), 3);
}
