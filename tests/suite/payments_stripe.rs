//! The Stripe gateway against a stateful Stripe fake on 127.0.0.1: the wire format, retries,
//! idempotency across retries, crashes and double presses, errors, and test mode only.

use crate::support::stripe_fake;

use std::time::Duration;

use maya::money::Cents;
use maya::payments::idempotency::checkout_key;
use maya::payments::stripe::{RetryPolicy, STRIPE_API_VERSION, StripeGateway};
use maya::payments::{CheckoutRequest, Gateway, PaymentError, RemoteStatus};
use secrecy::SecretString;
use serde_json::json;
use stripe_fake::{Injected, StripeFake, now};

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
async fn happy_path_creates_an_open_checkout_that_becomes_paid() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let checkout = gw.create_checkout(&request(&fresh_key())).await.unwrap();
    assert!(checkout.id.starts_with("cs_test_"), "{checkout:?}");
    assert_eq!(
        checkout.url,
        format!("https://checkout.stripe.com/c/pay/{}", checkout.id)
    );
    assert_eq!(checkout.amount, Cents(2850));
    let expires = checkout.expires_at.expect("Stripe says when it expires");
    assert!(
        (now() + 1800..=now() + 1800 + 120).contains(&expires),
        "{expires}"
    );

    assert_eq!(gw.status(&checkout.id).await.unwrap(), RemoteStatus::Open);
    let pi = fake.complete(&checkout.id);
    assert_eq!(
        gw.status(&checkout.id).await.unwrap(),
        RemoteStatus::Paid { reference: pi }
    );
    assert_eq!(fake.session_count(), 1);
}

#[tokio::test]
async fn the_form_body_is_exactly_what_stripe_expects() {
    let fake = StripeFake::start().await;
    let issued = now();
    let key = checkout_key("sess-42", 7, 0, issued);
    gateway(&fake)
        .create_checkout(&request(&key))
        .await
        .unwrap();

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/checkout/sessions")
    );
    assert_eq!(
        r.authorization.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.stripe_version.as_deref(), Some(STRIPE_API_VERSION));
    assert_eq!(STRIPE_API_VERSION, "2024-06-20");
    assert_eq!(r.idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(
        r.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let expected: Vec<(String, String)> = [
        ("mode", "payment".to_string()),
        ("line_items[0][price_data][currency]", "usd".into()),
        ("line_items[0][price_data][unit_amount]", "2850".into()),
        (
            "line_items[0][price_data][product_data][name]",
            "MOK 5-ha tab · 3 drinks (+ tip)".into(),
        ),
        ("line_items[0][quantity]", "1".into()),
        ("client_reference_id", "sess-42".into()),
        ("metadata[session_id]", "sess-42".into()),
        ("metadata[tab_version]", "7".into()),
        ("expires_at", (issued + 31 * 60).to_string()),
        (
            "success_url",
            "https://example.com/mok5ha/paid?session_id={CHECKOUT_SESSION_ID}".into(),
        ),
        ("cancel_url", "https://example.com/mok5ha/cancelled".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(r.form, expected);
    // Bracket keys go out literally, the way Stripe's SDKs send them.
    assert!(
        r.raw_body
            .starts_with("mode=payment&line_items[0][price_data][currency]=usd&"),
        "{}",
        r.raw_body
    );
}

#[tokio::test]
async fn a_key_without_an_issue_time_uses_the_clock_for_expiry() {
    let fake = StripeFake::start().await;
    let t = now() + 5;
    let gw = gateway(&fake).with_clock(move || t);
    gw.create_checkout(&request("plain-uuid-like-key"))
        .await
        .unwrap();
    assert_eq!(
        fake.requests()[0].field("expires_at"),
        Some((t + 1860).to_string().as_str())
    );
}

#[tokio::test]
async fn client_errors_are_not_retried_and_show_stripes_message_cleaned() {
    let fake = StripeFake::start().await;
    fake.inject(Injected {
        status: 400,
        should_retry: None,
        body: json!({"error": {"type": "invalid_request_error", "param": "currency",
            "message": format!("Bad \u{1b}[31mvalue\u{1b}]0;pwned\u{7} for {KEY}\u{202e}")}}),
        retry_after: None,
    });
    let err = gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    assert_eq!(fake.requests().len(), 1);
    let PaymentError::Gateway(msg) = &err else {
        panic!("{err:?}")
    };
    // Whole sequences go, not just their ESC byte (the terminal sanitizer, not a char filter).
    assert!(msg.contains("Bad value for [redacted key]"), "{msg}");
    assert!(
        msg.contains("parameter: currency") && msg.contains("config.toml"),
        "{msg}"
    );
    assert!(
        !msg.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{msg:?}"
    );
    assert!(!msg.contains("fake0key"), "{msg}");
}

#[tokio::test]
async fn live_keys_never_send_a_request() {
    let fake = StripeFake::start().await;
    for key in [
        "sk_live_51Habcdef",
        "rk_live_51Habcdef",
        "pk_test_abc",
        "garbage",
    ] {
        let err =
            StripeGateway::new(SecretString::from(key.to_string()), &fake.config()).unwrap_err();
        assert!(matches!(err, PaymentError::Refused(_)), "{err:?}");
        assert!(!err.to_string().contains("51Habcdef"), "{err}");
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

#[tokio::test]
async fn live_mode_answers_are_refused() {
    let fake = StripeFake::start().await;
    fake.set_livemode(true);
    let err = gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PaymentError::Refused(m) if m.contains("live mode")),
        "{err:?}"
    );
}

#[tokio::test]
async fn status_maps_expired_unpaid_and_unknown() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let a = gw.create_checkout(&request(&fresh_key())).await.unwrap();
    fake.complete_unpaid(&a.id);
    assert_eq!(
        gw.status(&a.id).await.unwrap(),
        RemoteStatus::Open,
        "complete but unpaid is not paid"
    );
    let b = gw
        .create_checkout(&request(&checkout_key("s", 1, 1, now())))
        .await
        .unwrap();
    fake.expire_now(&b.id);
    assert_eq!(gw.status(&b.id).await.unwrap(), RemoteStatus::Expired);
    assert_eq!(
        gw.status("cs_test_nope").await.unwrap_err(),
        PaymentError::NotFound("cs_test_nope".into())
    );
    let before = fake.requests().len();
    assert!(matches!(
        gw.status("../v1/balance").await,
        Err(PaymentError::NotFound(_))
    ));
    assert_eq!(
        fake.requests().len(),
        before,
        "a hostile id never reaches the network"
    );
}

#[tokio::test]
async fn expire_cancels_open_checkouts_and_is_safe_to_repeat() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let c = gw.create_checkout(&request(&fresh_key())).await.unwrap();
    assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
    assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Expired);
    assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
    let expires: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/expire"))
        .collect();
    assert_eq!(expires.len(), 2);
    assert!(expires[0].idempotency_key.is_some());
    assert_eq!(expires[0].idempotency_key, expires[1].idempotency_key);

    // Paid first: closing it says so, with the payment's id.
    let paid = gw
        .create_checkout(&request(&checkout_key("s", 2, 0, now())))
        .await
        .unwrap();
    let pi = fake.complete(&paid.id);
    assert_eq!(
        gw.expire(&paid.id).await.unwrap(),
        RemoteStatus::Paid { reference: pi }
    );

    let timed_out = gw
        .create_checkout(&request(&checkout_key("s", 3, 0, now())))
        .await
        .unwrap();
    fake.expire_now(&timed_out.id);
    assert_eq!(
        gw.expire(&timed_out.id).await.unwrap(),
        RemoteStatus::Expired,
        "an expired checkout is already closed"
    );

    // Completed with a payment still clearing: it cannot be closed, and it is not "expired".
    let clearing = gw
        .create_checkout(&request(&checkout_key("s", 4, 0, now())))
        .await
        .unwrap();
    fake.complete_unpaid(&clearing.id);
    let err = gw.expire(&clearing.id).await.unwrap_err();
    assert!(err.to_string().contains("still being processed"), "{err}");
}

#[tokio::test]
async fn test_card_payments_are_created_then_confirmed_once() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let key = format!("{}:card", fresh_key());
    let id = gw
        .create_card_payment(&request(&key), "pm_card_visa")
        .await
        .unwrap();
    assert!(id.starts_with("pi_"), "{id}");
    assert_eq!(fake.charges(), 0, "creating a payment never charges");
    let r = &fake.requests()[0];
    assert_eq!(r.path, "/v1/payment_intents");
    assert_eq!(r.idempotency_key.as_deref(), Some(key.as_str()));
    let expected: Vec<(String, String)> = [
        ("amount", "2850"),
        ("currency", "usd"),
        ("payment_method", "pm_card_visa"),
        ("payment_method_types[0]", "card"),
        ("metadata[session_id]", "sess-42"),
        ("metadata[tab_version]", "7"),
        ("metadata[description]", "MOK 5-ha tab · 3 drinks (+ tip)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(r.form, expected);
    // Created again with the same key (a crash before its id was journaled): the same one.
    assert_eq!(
        gw.create_card_payment(&request(&key), "pm_card_visa")
            .await
            .unwrap(),
        id
    );

    let paid = gw
        .settle_card_payment(&id, Cents(2850), &format!("{key}:confirm"))
        .await
        .unwrap();
    assert_eq!(
        paid,
        RemoteStatus::Paid {
            reference: id.clone()
        }
    );
    // Asked again (its answer was lost): read, never confirmed twice.
    assert_eq!(
        gw.settle_card_payment(&id, Cents(2850), &format!("{key}:confirm"))
            .await
            .unwrap(),
        paid
    );
    let confirms = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/confirm"))
        .count();
    assert_eq!((confirms, fake.charges()), (1, 1));
    // A payment that is not for the tab's amount is not believed.
    assert!(matches!(
        gw.settle_card_payment(&id, Cents(999), "other").await,
        Err(PaymentError::Gateway(_))
    ));
}

#[tokio::test]
async fn declined_and_three_d_secure_cards_are_final_answers() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let key = format!("{}:card", fresh_key());
    let id = gw
        .create_card_payment(&request(&key), "pm_card_chargeDeclined")
        .await
        .unwrap();
    let declined = PaymentError::Declined("Your card was declined.".into());
    assert_eq!(
        gw.settle_card_payment(&id, Cents(2850), "c1")
            .await
            .unwrap_err(),
        declined
    );
    // Read again later, it is still the decline.
    assert_eq!(
        gw.settle_card_payment(&id, Cents(2850), "c1")
            .await
            .unwrap_err(),
        declined
    );
    let key = checkout_key("sess-42", 8, 0, now());
    let id = gw
        .create_card_payment(&request(&key), "pm_card_threeDSecureRequired")
        .await
        .unwrap();
    let status = gw
        .settle_card_payment(&id, Cents(2850), "c2")
        .await
        .unwrap();
    assert!(
        matches!(&status, RemoteStatus::Failed { reason } if reason.contains("3-D Secure")),
        "{status:?}"
    );
    assert_eq!(fake.charges(), 0);

    let before = fake.requests().len();
    assert!(matches!(
        gw.create_card_payment(&request(&key), "pm card visa").await,
        Err(PaymentError::Refused(_))
    ));
    assert!(matches!(
        gw.settle_card_payment("../v1/balance", Cents(2850), "c3")
            .await,
        Err(PaymentError::NotFound(_))
    ));
    assert_eq!(fake.requests().len(), before, "refused before any request");
    assert!(matches!(
        gw.settle_card_payment("pi_nope", Cents(2850), "c4").await,
        Err(PaymentError::NotFound(_))
    ));
}

#[tokio::test]
async fn bad_amounts_and_keys_are_refused_before_any_request() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let mut zero = request(&fresh_key());
    zero.amount = Cents(0);
    assert!(matches!(
        gw.create_checkout(&zero).await,
        Err(PaymentError::Refused(_))
    ));
    assert!(matches!(
        gw.create_checkout(&request("two words")).await,
        Err(PaymentError::Refused(_))
    ));
    assert!(matches!(
        gw.create_card_payment(&zero, "pm_card_visa").await,
        Err(PaymentError::Refused(_))
    ));
    assert!(fake.requests().is_empty());
}
