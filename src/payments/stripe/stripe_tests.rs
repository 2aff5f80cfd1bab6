//! Unit tests of what the gateway refuses before any request; the wire behaviour is tested
//! against a stateful fake and localstripe in tests/payments_*.rs.

use super::*;

fn cfg() -> StripeConfig {
    StripeConfig::default()
}

fn refusal(key: &str) -> String {
    match StripeGateway::new(SecretString::from(key.to_string()), &cfg()) {
        Err(PaymentError::Refused(msg)) => msg,
        other => panic!(
            "expected a refusal for a key shaped like {:?}, got {other:?}",
            &key[..3]
        ),
    }
}

#[test]
fn live_keys_are_refused_with_the_reason_and_without_the_key() {
    for key in ["sk_live_51Hsecretsecret", "rk_live_51Hsecretsecret"] {
        let msg = refusal(key);
        assert!(msg.contains("live"), "{msg}");
        assert!(
            msg.contains("test mode") || msg.contains("test-mode"),
            "{msg}"
        );
        assert!(!msg.contains("51Hsecret"), "{msg}");
    }
}

#[test]
fn only_test_secret_and_restricted_keys_are_accepted() {
    assert!(check_test_key("sk_test_abc123").is_ok());
    assert!(check_test_key("rk_test_abc123").is_ok());
    assert!(check_test_key(" sk_test_abc123\n").is_ok());
    for bad in [
        "pk_test_abc",
        "sk_test_",
        "sk_test_ab\ncd",
        "sk-proj-abc",
        "",
        "whsec_x",
    ] {
        assert!(check_test_key(bad).is_err(), "{bad:?}");
    }
    assert!(refusal("pk_test_abc").contains("publishable"));
}

#[test]
fn plain_http_is_only_allowed_to_this_machine() {
    for ok in [
        "https://api.stripe.com",
        "http://127.0.0.1:8420",
        "http://localhost:1/",
        "http://[::1]:9",
    ] {
        assert!(check_api_base(ok).is_ok(), "{ok}");
    }
    for bad in [
        "http://api.stripe.com",
        "ftp://x",
        "not a url",
        "https://u@x.test",
        "https://x.test/?a=1",
    ] {
        assert!(
            matches!(check_api_base(bad), Err(PaymentError::Refused(_))),
            "{bad}"
        );
    }
    assert_eq!(
        check_api_base("https://api.stripe.com/").unwrap(),
        "https://api.stripe.com"
    );
}

#[test]
fn bad_config_is_refused_before_any_request() {
    let key = || SecretString::from("sk_test_abc".to_string());
    let mut c = cfg();
    c.currency = "dollars".into();
    assert!(matches!(
        StripeGateway::new(key(), &c),
        Err(PaymentError::Refused(_))
    ));
    let mut c = cfg();
    c.success_url = "javascript:alert(1)".into();
    assert!(matches!(
        StripeGateway::new(key(), &c),
        Err(PaymentError::Refused(_))
    ));
    let mut c = cfg();
    c.currency = " EUR ".into();
    let gw = StripeGateway::new(key(), &c).expect("EUR is fine");
    assert_eq!(gw.currency, "eur");
}

#[test]
fn debug_output_hides_the_key() {
    let gw = StripeGateway::new(
        SecretString::from("sk_test_supersecret1".to_string()),
        &cfg(),
    )
    .expect("a test key");
    let shown = format!("{gw:?}");
    assert!(!shown.contains("supersecret1"), "{shown}");
    assert!(shown.contains("api.stripe.com"), "{shown}");
}

#[test]
fn checkout_ids_are_checked_before_they_reach_a_url() {
    assert!(checked_id("cs_test_a1B2", "").is_ok());
    for bad in ["", "../v1/balance", "cs?x=1", "cs/expire", "cs test"] {
        assert!(
            matches!(checked_id(bad, ""), Err(PaymentError::NotFound(_))),
            "{bad}"
        );
    }
}

#[test]
fn failures_are_worded_for_people_and_never_show_the_key() {
    let key = "sk_test_abcdef123456";
    let api = |status: u16, body: &str, verdict| Failure::Api {
        status,
        error: errors::ApiError::parse(body),
        verdict,
        attempts: 4,
        retry_after: None,
    };
    let e = map_failure(
        api(
            401,
            &format!(r#"{{"error":{{"message":"Invalid API Key provided: {key}"}}}}"#),
            Verdict::GiveUp,
        ),
        Ctx::Create,
        "https://api.stripe.com",
        key,
    );
    let text = e.to_string();
    assert!(
        text.contains("maya keys set stripe") && !text.contains("abcdef123456"),
        "{text}"
    );

    let e = map_failure(
        api(
            400,
            r#"{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters"}}"#,
            Verdict::Bug,
        ),
        Ctx::Create,
        "b",
        key,
    );
    assert!(
        matches!(&e, PaymentError::Gateway(m) if m.contains("bug")),
        "{e}"
    );

    let e = map_failure(
        api(
            402,
            r#"{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}"#,
            Verdict::GiveUp,
        ),
        Ctx::Card("pm_card_chargeDeclined"),
        "b",
        key,
    );
    assert_eq!(e, PaymentError::Declined("Your card was declined.".into()));

    let e = map_failure(
        api(404, "{}", Verdict::GiveUp),
        Ctx::Checkout("cs_1"),
        "b",
        key,
    );
    assert_eq!(e, PaymentError::NotFound("cs_1".into()));

    let e = map_failure(api(503, "", Verdict::Retry), Ctx::Create, "b", key);
    assert!(
        matches!(&e, PaymentError::Unreachable(m) if m.contains("503") && m.contains("4 attempts")),
        "{e}"
    );

    let e = map_failure(
        Failure::Transport {
            detail: "could not connect: refused".into(),
            attempts: 1,
        },
        Ctx::Probe,
        "http://127.0.0.1:9",
        key,
    );
    assert!(
        matches!(&e, PaymentError::Unreachable(m) if m.contains("127.0.0.1:9") && m.contains("1 attempt)")),
        "{e}"
    );
}
