//! Hostile servers on 127.0.0.1 against every provider and the Stripe client: redirects that
//! try to take the key elsewhere, wait hints no clock can hold, and streams that never end.
//! Nothing may panic, follow the key off its endpoint, grow without bound or hang; each fault
//! ends the reply with one line that says what happened.
use crate::support::cli;
#[path = "net_hostile/drip.rs"]
mod drip;
#[path = "net_hostile/streams.rs"]
mod streams;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use maya::config::ProviderConfig;
use maya::llm::anthropic::Anthropic;
use maya::llm::gemini::Gemini;
use maya::llm::openai::OpenAi;
use maya::llm::retry::RetryPolicy;
use maya::llm::{
    ChatMessage, ChatRequest, KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderEvent,
};

const GEMINI_KEY: &str = "AIzaSyD-maya-hostile-0123456789abcdefgh";
const OPENAI_KEY: &str = "sk-proj-hostileHOSTILE0123456789abcdef";
const ANTHROPIC_KEY: &str = "sk-ant-api03-hostile0123456789abcdefghij";

/// No test here may take longer than this; a stream that outlives it has hung.
const HANG: Duration = Duration::from_secs(30);

fn cfg(base: &str) -> ProviderConfig {
    ProviderConfig {
        base_url: base.to_string(),
        first_byte_timeout_secs: 5,
        idle_timeout_secs: 5,
        ..ProviderConfig::default()
    }
}

fn secret(k: &str) -> SecretString {
    SecretString::from(k.to_string())
}

/// The three streaming providers at `base`, each with its key.
fn providers_with(cfg: &ProviderConfig) -> Vec<(&'static str, Arc<dyn Provider>)> {
    vec![
        (
            "Gemini",
            Arc::new(
                Gemini::new(cfg, secret(GEMINI_KEY))
                    .unwrap()
                    .with_retry_policy(RetryPolicy::fast()),
            ),
        ),
        (
            "OpenAI",
            Arc::new(
                OpenAi::new(cfg, Some(secret(OPENAI_KEY)))
                    .unwrap()
                    .with_retry_policy(RetryPolicy::fast()),
            ),
        ),
        (
            "Anthropic",
            Arc::new(
                Anthropic::new(cfg, secret(ANTHROPIC_KEY))
                    .unwrap()
                    .with_retry_policy(RetryPolicy::fast()),
            ),
        ),
    ]
}

fn providers(base: &str) -> Vec<(&'static str, Arc<dyn Provider>)> {
    providers_with(&cfg(base))
}

fn request() -> ChatRequest {
    ChatRequest {
        system: "You are Maya.".into(),
        messages: vec![ChatMessage::User {
            text: "a negroni please".into(),
        }],
        tools: vec![],
    }
}

/// Every event until the stream ends, and the error that ended it.
async fn collect(p: &dyn Provider) -> (Vec<ProviderEvent>, Option<ProviderError>) {
    let run = async {
        let mut stream = p.stream(request());
        let mut events = Vec::new();
        while let Some(item) = stream.next().await {
            match item {
                Ok(ev) => events.push(ev),
                Err(e) => return (events, Some(e)),
            }
        }
        (events, None)
    };
    tokio::time::timeout(HANG, run)
        .await
        .expect("the reply hung")
}

/// A server that answers anything with 200 and remembers what it was sent.
async fn elsewhere() -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("data: {}\n\n"))
        .mount(&s)
        .await;
    s
}

/// A server that redirects every request to `target`.
async fn redirecting(status: u16, target: &str) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", target))
        .mount(&s)
        .await;
    s
}

#[tokio::test]
async fn a_redirect_is_an_error_that_names_the_url_and_the_key_stays_home() {
    let thief = elsewhere().await;
    for status in [301, 302, 307, 308] {
        let target = format!("{}/steal?from={status}", thief.uri());
        let origin = redirecting(status, &target).await;
        for (name, p) in providers(&origin.uri()) {
            let (events, err) = collect(p.as_ref()).await;
            let err = err.unwrap_or_else(|| panic!("{name} {status}: a redirect is an error"));
            assert!(events.is_empty(), "{name}: {events:?}");
            assert_eq!(err.kind, ProviderErrorKind::Server, "{name}: {err:?}");
            assert!(
                err.message.contains("redirect") && err.message.contains(&target),
                "{name} {status}: {}",
                err.message
            );
            assert!(err.message.contains("base_url"), "{}", err.message);
            assert_eq!(
                origin.received_requests().await.unwrap().len(),
                1,
                "{name}: a redirect is not retried"
            );
            origin.reset().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(status).insert_header("location", &*target))
                .mount(&origin)
                .await;
        }
    }
    let stolen = thief.received_requests().await.unwrap();
    assert!(
        stolen.is_empty(),
        "a redirect took requests elsewhere, headers: {:?}",
        stolen.iter().map(|r| &r.headers).collect::<Vec<_>>()
    );
}

/// HTTP refuses control bytes in a header, but not UTF-8: a bidi override in a Location must
/// not reach the terminal, and a huge one must not fill the screen.
#[tokio::test]
async fn a_redirect_target_is_shown_sanitised_and_short() {
    let sneaky = "http://127.0.0.1:9/\u{202e}gnp.evil".to_string() + &"a".repeat(5000);
    let origin = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            reqwest::header::HeaderValue::from_bytes(sneaky.as_bytes()).unwrap(),
        ))
        .mount(&origin)
        .await;
    for (name, p) in providers(&origin.uri()) {
        let (_, err) = collect(p.as_ref()).await;
        let msg = err.expect(name).message;
        assert!(!msg.contains('\u{202e}'), "{name}: {msg:?}");
        assert!(msg.contains("redirect"), "{name}: {msg}");
        assert!(msg.len() < 1000, "{name}: {} bytes", msg.len());
    }
}

#[tokio::test]
async fn key_checks_do_not_follow_redirects() {
    let thief = elsewhere().await;
    let target = format!("{}/steal", thief.uri());
    let origin = redirecting(302, &target).await;
    let c = cfg(&origin.uri());
    let checks = [
        (
            "Gemini",
            Gemini::new(&c, secret(GEMINI_KEY)).unwrap().check().await,
        ),
        (
            "OpenAI",
            OpenAi::new(&c, Some(secret(OPENAI_KEY)))
                .unwrap()
                .check()
                .await,
        ),
        (
            "Anthropic",
            Anthropic::new(&c, secret(ANTHROPIC_KEY))
                .unwrap()
                .check()
                .await,
        ),
    ];
    for (name, check) in checks {
        match check {
            KeyCheck::Unreachable(m) => {
                assert!(m.contains("redirect") && m.contains(&target), "{name}: {m}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(thief.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn stripe_does_not_follow_redirects() {
    use maya::payments::stripe::{RetryPolicy, StripeGateway};
    use maya::payments::{CheckoutRequest, Gateway, PaymentError};
    let thief = elsewhere().await;
    let target = format!("{}/steal", thief.uri());
    let origin = redirecting(307, &target).await;
    let config = maya::config::StripeConfig {
        api_base: origin.uri(),
        ..maya::config::StripeConfig::default()
    };
    let gw = StripeGateway::new(secret("sk_test_maya0hostile0abcdefghij"), &config)
        .unwrap()
        .with_retry_policy(RetryPolicy::with_base(Duration::from_millis(1)));
    let created = gw
        .create_checkout(&CheckoutRequest {
            amount: maya::money::Cents(1100),
            description: "MOK 5-ha tab".into(),
            session_id: "sess-1".into(),
            tab_version: 1,
            idempotency_key: "maya-sess-1-v1-a0".into(),
        })
        .await;
    let err = created.expect_err("a redirect is an error");
    let text = err.to_string();
    assert!(
        text.contains("redirect") && text.contains(&target) && text.contains("api_base"),
        "{text}"
    );
    assert!(!matches!(err, PaymentError::Unreachable(_)), "{err:?}");
    assert_eq!(
        origin.received_requests().await.unwrap().len(),
        1,
        "a redirect is not retried"
    );
    let probe = gw
        .probe()
        .await
        .expect_err("the probe does not follow it either");
    assert!(probe.to_string().contains(&target), "{probe}");
    assert!(thief.received_requests().await.unwrap().is_empty());
}

/// `Retry-After: 99999999999999999999` once panicked in `Duration::from_secs_f64` and took the
/// agent task with it. Now it is a wait too long to honour: the error comes at once.
#[tokio::test]
async fn a_huge_retry_after_is_not_waited_for_and_never_panics() {
    for value in ["99999999999999999999", "1e30", "inf"] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", value)
                    .set_body_json(json!({"error": {"message": "slow down"}})),
            )
            .mount(&server)
            .await;
        for (name, p) in providers(&server.uri()) {
            if name == "Gemini" {
                continue; // below, with its own error shape
            }
            let (events, err) = collect(p.as_ref()).await;
            let err = err.unwrap_or_else(|| panic!("{name}"));
            assert_eq!(err.kind, ProviderErrorKind::RateLimited, "{name}: {err:?}");
            assert!(events.is_empty(), "{name} {value}: no retry: {events:?}");
        }
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_huge_gemini_retry_info_is_not_waited_for_and_never_panics() {
    for delay in ["1e30s", "99999999999999999999s", "1.7e308s"] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "99999999999999999999")
                    .set_body_json(json!({"error": {
                        "code": 429, "status": "RESOURCE_EXHAUSTED",
                        "message": "Resource has been exhausted (e.g. check quota).",
                        "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo",
                                     "retryDelay": delay}]
                    }})),
            )
            .mount(&server)
            .await;
        let gemini = Gemini::new(&cfg(&server.uri()), secret(GEMINI_KEY))
            .unwrap()
            .with_retry_policy(RetryPolicy::fast());
        let (events, err) = collect(&gemini).await;
        assert!(err.is_some(), "{delay}");
        assert!(events.is_empty(), "{delay}: no retry: {events:?}");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}
