//! Errors, retries and the key check.

use std::time::Duration;

use maya::llm::anthropic::Anthropic;
use maya::llm::{KeyCheck, Provider, ProviderErrorKind, ProviderEvent};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::wire::*;

#[tokio::test]
async fn an_error_event_after_text_ends_the_turn_with_the_text_kept() {
    let body = [
        start(812),
        text_start(0),
        text(0, "Shaking your "),
        error_event("overloaded_error", "Overloaded"),
    ]
    .concat();
    let server = serve(sse(body)).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(
        events,
        vec![ProviderEvent::TextDelta("Shaking your ".into())]
    );
    let error = error.expect("an error");
    assert_eq!(error.kind, ProviderErrorKind::RateLimited);
    assert!(error.after_first_token);
    assert_eq!(
        error.message,
        "Anthropic is busy (overloaded_error: Overloaded); try again with /retry"
    );
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn an_overloaded_error_event_before_any_text_is_retried() {
    let first = [
        start(812),
        PING.to_string(),
        error_event("overloaded_error", "Overloaded"),
    ]
    .concat();
    let server = serve_twice(sse(first), sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    match &events[0] {
        ProviderEvent::Retrying {
            attempt: 2,
            max_attempts: 4,
            reason,
            ..
        } => assert_eq!(
            reason,
            "Anthropic is busy (overloaded_error: Overloaded); try again with /retry"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(events[1..].to_vec(), hello_events());
    assert_received(&server, &[sent.clone(), sent]).await;
}

#[tokio::test]
async fn a_429_with_retry_after_then_success() {
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_raw(
            error_body(
                "rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit",
            ),
            "application/json",
        );
    let server = serve_twice(limited, sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(
        events[0],
        ProviderEvent::Retrying {
            attempt: 2,
            max_attempts: 4,
            delay: Duration::from_secs(1),
            reason:
                "Anthropic is busy or failing (429: Number of request tokens has exceeded your \
                     per-minute rate limit); try again with /retry"
                    .into(),
        }
    );
    assert_eq!(events[1..].to_vec(), hello_events());
    assert_received(&server, &[sent.clone(), sent]).await;
}

#[tokio::test]
async fn a_529_overloaded_then_success() {
    let overloaded = ResponseTemplate::new(529).set_body_raw(
        error_body("overloaded_error", "Overloaded"),
        "application/json",
    );
    let server = serve_twice(overloaded, sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    assert!(
        matches!(&events[0], ProviderEvent::Retrying { attempt: 2, reason, .. }
            if reason == "Anthropic is busy or failing (529: Overloaded); try again with /retry"),
        "{events:?}"
    );
    assert_eq!(events[1..].to_vec(), hello_events());
    assert_received(&server, &[sent.clone(), sent]).await;
}

#[tokio::test]
async fn a_rejected_key_is_not_retried() {
    let server = serve(ResponseTemplate::new(401).set_body_raw(
        error_body("authentication_error", "invalid x-api-key"),
        "application/json",
    ))
    .await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(events, vec![]);
    let error = error.expect("an error");
    assert_eq!(error.kind, ProviderErrorKind::Auth);
    assert!(!error.after_first_token);
    assert_eq!(
        error.message,
        "your Anthropic key was rejected (401: invalid x-api-key); set a new one: maya keys set anthropic"
    );
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn a_5xx_is_tried_four_times_then_reported() {
    let server = serve(ResponseTemplate::new(500).set_body_raw(
        error_body("api_error", "Internal server error"),
        "application/json",
    ))
    .await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    let attempts: Vec<u32> = events
        .iter()
        .map(|e| match e {
            ProviderEvent::Retrying {
                attempt,
                max_attempts: 4,
                ..
            } => *attempt,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(attempts, [2, 3, 4]);
    let error = error.expect("an error");
    assert_eq!(error.kind, ProviderErrorKind::Server);
    assert_eq!(
        error.message,
        "Anthropic is busy or failing (500: Internal server error); try again with /retry"
    );
    assert_received(&server, &vec![sent; 4]).await;
}

#[tokio::test]
async fn no_credit_is_quota_and_another_4xx_is_anthropics_message() {
    let credit = "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.";
    let server = serve_twice(
        ResponseTemplate::new(400).set_body_raw(
            error_body("invalid_request_error", credit),
            "application/json",
        ),
        ResponseTemplate::new(400).set_body_raw(
            error_body(
                "invalid_request_error",
                "max_tokens: 100000 > 64000, which is the maximum",
            ),
            "application/json",
        ),
    )
    .await;
    let (history, sent) = guest_asks();
    let p = provider_at(&server.uri());
    let (events, error) = collect(p.stream(chat(history.clone()))).await;
    assert_eq!(events, vec![]);
    let error = error.expect("an error");
    assert_eq!(error.kind, ProviderErrorKind::Quota);
    assert!(error.message.contains(credit), "{}", error.message);
    assert!(
        error.message.contains("console.anthropic.com"),
        "{}",
        error.message
    );
    let (events, error) = collect(p.stream(chat(history))).await;
    assert_eq!(events, vec![]);
    let error = error.expect("an error");
    assert_eq!(error.kind, ProviderErrorKind::Server);
    assert_eq!(
        error.message,
        "Anthropic refused the request (400: max_tokens: 100000 > 64000, which is the maximum)"
    );
    assert_received(&server, &[sent.clone(), sent]).await;
}

#[tokio::test]
async fn a_reply_cut_off_after_text() {
    let body = [start(812), text_start(0), text(0, "Your gin")].concat();
    let server = serve(sse(body)).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(events, vec![ProviderEvent::TextDelta("Your gin".into())]);
    let error = error.expect("an error");
    assert_eq!(
        (error.kind, error.after_first_token),
        (ProviderErrorKind::Network, true)
    );
    assert_eq!(
        error.message,
        "Anthropic ended the stream early: the reply was cut off; try again with /retry"
    );
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn the_key_check() {
    let server = MockServer::start().await;
    for (status, body) in [
        (
            200,
            r#"{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929"}],"has_more":false}"#
                .to_string(),
        ),
        (401, error_body("authentication_error", "invalid x-api-key")),
        (503, error_body("api_error", "Service unavailable")),
    ] {
        Mock::given(method("GET"))
            .and(path("/v1/models"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .up_to_n_times(1)
            .with_priority(if status == 200 {
                1
            } else if status == 401 {
                2
            } else {
                3
            })
            .mount(&server)
            .await;
    }
    let p = provider_at(&server.uri());
    assert_eq!(p.check().await, KeyCheck::Accepted);
    assert_eq!(
        p.check().await,
        KeyCheck::Rejected(
            "Anthropic rejected the key (401: invalid x-api-key); set a new one: maya keys set anthropic".into()
        )
    );
    assert_eq!(
        p.check().await,
        KeyCheck::Unreachable(
            "Anthropic could not check the key (503: Service unavailable)".into()
        )
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.method.as_str(), "GET");
        assert_eq!(r.url.path(), "/v1/models");
        assert_eq!(r.url.query(), None);
        assert!(!r.url.as_str().contains(KEY));
        assert_eq!(r.headers.get("x-api-key").unwrap(), KEY);
        assert_eq!(r.headers.get("anthropic-version").unwrap(), "2023-06-01");
        assert!(r.body.is_empty());
    }

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    match provider_at(&base).check().await {
        KeyCheck::Unreachable(m) => assert!(m.starts_with("cannot reach Anthropic: "), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn defaults_overrides_and_a_debug_without_the_key() {
    use maya::config::ProviderConfig;
    use secrecy::SecretString;
    let cfg = ProviderConfig {
        model: "claude-haiku-4-5".into(),
        base_url: "http://127.0.0.1:9/".into(),
        ..ProviderConfig::default()
    };
    let p = Anthropic::new(&cfg, SecretString::from(KEY)).unwrap();
    assert_eq!(p.model(), "claude-haiku-4-5");
    let debug = format!("{p:?}");
    assert!(
        !debug.contains(KEY) && !debug.contains("mayaTEST"),
        "{debug}"
    );
    assert!(
        debug.contains("http://127.0.0.1:9") && debug.contains("claude-haiku-4-5"),
        "{debug}"
    );
    let bad = ProviderConfig {
        base_url: "ftp://example.com".into(),
        ..ProviderConfig::default()
    };
    let e = Anthropic::new(&bad, SecretString::from(KEY)).unwrap_err();
    assert_eq!(e.kind, ProviderErrorKind::Server);
    let e = Anthropic::new(
        &ProviderConfig::default(),
        SecretString::from("sk-ant-\nbad"),
    )
    .unwrap_err();
    assert_eq!(e.kind, ProviderErrorKind::Auth);
    assert!(
        e.message.contains("maya keys set anthropic") && !e.message.contains("bad"),
        "{}",
        e.message
    );
}
