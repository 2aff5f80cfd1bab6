//! The Stripe gateway against a stateful Stripe fake on 127.0.0.1: the wire format, retries,
//! idempotency across retries, crashes and double presses, errors, and test mode only.

#[path = "support/stripe_fake.rs"]
mod stripe_fake;

use std::time::{Duration, Instant};

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
async fn client_errors_are_not_retried_and_show_stripes_message_cleaned() {
    let fake = StripeFake::start().await;
    fake.inject(Injected {
        status: 400,
        should_retry: None,
        body: json!({"error": {"type": "invalid_request_error", "param": "currency",
            "message": format!("Bad \u{1b}[31mvalue\u{1b}]0;pwned\u{7} for {KEY}\u{202e}")}}),
    });
    let err = gateway(&fake)
        .create_checkout(&request(&fresh_key()))
        .await
        .unwrap_err();
    assert_eq!(fake.requests().len(), 1);
    let PaymentError::Gateway(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("Bad [31mvalue]0;pwned for [redacted key]"),
        "{msg}"
    );
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
        .with_clock(|| now())
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
    gw.expire(&c.id).await.unwrap();
    assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Expired);
    gw.expire(&c.id).await.unwrap();
    let expires: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/expire"))
        .collect();
    assert_eq!(expires.len(), 2);
    assert!(expires[0].idempotency_key.is_some());
    assert_eq!(expires[0].idempotency_key, expires[1].idempotency_key);

    let paid = gw
        .create_checkout(&request(&checkout_key("s", 2, 0, now())))
        .await
        .unwrap();
    fake.complete(&paid.id);
    let err = gw.expire(&paid.id).await.unwrap_err();
    assert!(err.to_string().contains("already paid"), "{err}");

    let timed_out = gw
        .create_checkout(&request(&checkout_key("s", 3, 0, now())))
        .await
        .unwrap();
    fake.expire_now(&timed_out.id);
    gw.expire(&timed_out.id)
        .await
        .expect("an expired checkout is already cancelled");
}

#[tokio::test]
async fn test_card_payments_on_the_fake() {
    let fake = StripeFake::start().await;
    let gw = gateway(&fake);
    let key = fresh_key();
    let paid = gw
        .pay_with_test_card(&request(&key), "pm_card_visa")
        .await
        .unwrap();
    assert!(
        matches!(&paid, RemoteStatus::Paid { reference } if reference.starts_with("pi_")),
        "{paid:?}"
    );
    let r = &fake.requests()[0];
    assert_eq!(r.path, "/v1/payment_intents");
    assert_eq!(
        r.idempotency_key.as_deref(),
        Some(format!("{key}:card:pm_card_visa").as_str())
    );
    let expected: Vec<(String, String)> = [
        ("amount", "2850"),
        ("currency", "usd"),
        ("payment_method", "pm_card_visa"),
        ("payment_method_types[0]", "card"),
        ("confirm", "true"),
        ("metadata[session_id]", "sess-42"),
        ("metadata[tab_version]", "7"),
        ("metadata[description]", "MOK 5-ha tab · 3 drinks (+ tip)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(r.form, expected);

    let err = gw
        .pay_with_test_card(&request(&key), "pm_card_chargeDeclined")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        PaymentError::Declined("Your card was declined.".into())
    );
    // Paying again after the decline is a different request, not an idempotency error.
    assert!(
        gw.pay_with_test_card(&request(&key), "pm_card_visa")
            .await
            .is_ok()
    );

    let before = fake.requests().len();
    assert!(matches!(
        gw.pay_with_test_card(&request(&key), "pm card visa").await,
        Err(PaymentError::Refused(_))
    ));
    assert_eq!(fake.requests().len(), before);
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
        gw.pay_with_test_card(&zero, "pm_card_visa").await,
        Err(PaymentError::Refused(_))
    ));
    assert!(fake.requests().is_empty());
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
