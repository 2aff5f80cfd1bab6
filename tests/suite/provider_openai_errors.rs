//! The OpenAI-compatible provider's faults against wiremock: retries before the first token
//! (Retry-After honoured, at most 4 attempts), answers never retried (a rejected key, a used-up
//! quota, an unknown model), and the key check. Every test checks what went out, and how often.

use crate::support::openai;

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use maya::llm::{FinishReason, KeyCheck, ProviderErrorKind, ProviderEvent};
use openai::*;

#[tokio::test]
async fn rate_limited_with_retry_after_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(
                    json!({"error": {"message": "Rate limit reached for gpt-test",
                    "type": "requests", "code": "rate_limit_exceeded"}}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(stream_answer(sse(&[
            chunk(json!({"content": "Here you go."}), None),
            chunk(json!({}), Some("stop")),
        ])))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(events.len(), 3, "{events:?}");
    match &events[0] {
        ProviderEvent::Retrying {
            attempt,
            max_attempts,
            delay,
            reason,
        } => {
            assert_eq!((*attempt, *max_attempts), (2, 4));
            assert_eq!(*delay, Duration::from_secs(1));
            assert_eq!(
                reason,
                "the OpenAI-compatible server is busy or failing (429: Rate limit reached for gpt-test); try again with /retry"
            );
        }
        other => panic!("expected Retrying, got {other:?}"),
    }
    assert_eq!(
        events[1..],
        [
            text("Here you go."),
            ProviderEvent::Finish(FinishReason::Stop)
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn a_rejected_key_is_not_retried() {
    // OpenAI echoes (part of) the key in its message; it must not reach the guest.
    let answer = ResponseTemplate::new(401).set_body_json(json!({"error": {
        "message": format!("Incorrect API key provided: {KEY}. You can find your API key at https://platform.openai.com/account/api-keys."),
        "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}));
    let server = server_with(answer).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert!(events.is_empty(), "{events:?}");
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Auth);
    assert!(!err.after_first_token);
    assert!(
        err.message.starts_with(
            "your OpenAI key was rejected by the OpenAI-compatible server (401: Incorrect API key provided: "
        ),
        "{}",
        err.message
    );
    assert!(
        err.message
            .ends_with("; set a new one: maya keys set openai"),
        "{}",
        err.message
    );
    assert!(!err.message.contains(KEY), "{}", err.message);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn a_used_up_quota_is_not_retried() {
    let answer = ResponseTemplate::new(429).set_body_json(json!({"error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}));
    let server = server_with(answer).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert!(events.is_empty(), "{events:?}");
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Quota);
    assert_eq!(
        err.message,
        "the billing quota of this key is used up at the OpenAI-compatible server (429: You exceeded your current quota, please check your plan and billing details.); add credit there or set another key: maya keys set openai"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn a_server_error_is_retried_four_times_then_reported() {
    let answer = ResponseTemplate::new(503).set_body_json(json!({"error": {
        "message": "The server is overloaded", "type": "server_error"}}));
    let server = server_with(answer).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    let attempts: Vec<u32> = events
        .iter()
        .map(|e| match e {
            ProviderEvent::Retrying { attempt, .. } => *attempt,
            other => panic!("only Retrying before the error, got {other:?}"),
        })
        .collect();
    assert_eq!(attempts, [2, 3, 4]);
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert_eq!(
        err.message,
        "the OpenAI-compatible server is busy or failing (503: The server is overloaded); try again with /retry"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn an_unknown_model_names_the_model_and_the_base_url() {
    let answer = ResponseTemplate::new(404).set_body_json(json!({"error": {
        "message": "model \"gpt-test\" not found, try pulling it first", "type": "api_error"}}));
    let server = server_with(answer).await;
    let (_, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert_eq!(
        err.message,
        format!(
            "model gpt-test not found at {}/v1 (404: model \"gpt-test\" not found, try pulling it first); set [provider] model (or check [provider] base_url)",
            server.uri()
        )
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn a_local_server_that_wants_a_key_says_so() {
    let server = server_with(ResponseTemplate::new(401).set_body_string("Unauthorized")).await;
    let (_, err) = collect(&provider(&server.uri(), None)).await;
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Auth);
    assert_eq!(
        err.message,
        format!(
            "the OpenAI-compatible server at {}/v1 wants an API key (401: Unauthorized); to send a key to 127.0.0.1, \
             store one with `maya keys set openai:local` and set [provider] key = \"openai:local\" in config.toml \
             (or MAYA_KEY=openai:local); to send your OpenAI key there, key = \"openai\"",
            server.uri()
        )
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_requests(&requests, None);
}

async fn models_server(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

fn assert_model_requests(requests: &[Request]) {
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "GET");
    assert_eq!(r.url.path(), "/v1/models");
    assert_eq!(r.url.query(), None);
    assert_eq!(
        r.headers.get("authorization").unwrap(),
        &format!("Bearer {KEY}")
    );
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn key_check() {
    let ok = models_server(
        ResponseTemplate::new(200).set_body_json(json!({"object": "list",
        "data": [{"id": "gpt-test", "object": "model", "owned_by": "openai"}]})),
    )
    .await;
    assert_eq!(
        provider(&ok.uri(), Some(KEY)).check().await,
        KeyCheck::Accepted
    );
    assert_model_requests(&ok.received_requests().await.unwrap());

    let bad = models_server(ResponseTemplate::new(401).set_body_json(json!({"error": {
        "message": "Incorrect API key provided", "code": "invalid_api_key"}})))
    .await;
    assert_eq!(
        provider(&bad.uri(), Some(KEY)).check().await,
        KeyCheck::Rejected(
            "your OpenAI key was rejected by the OpenAI-compatible server (401: Incorrect API key provided); set a new one: maya keys set openai".into()
        )
    );
    assert_model_requests(&bad.received_requests().await.unwrap());

    let down = models_server(ResponseTemplate::new(503).set_body_string("upstream down")).await;
    assert_eq!(
        provider(&down.uri(), Some(KEY)).check().await,
        KeyCheck::Unreachable(
            "the OpenAI-compatible server is busy or failing (503: upstream down); try again with /retry".into()
        )
    );
    assert_model_requests(&down.received_requests().await.unwrap());

    // Nobody listening.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    match provider(&closed, Some(KEY)).check().await {
        KeyCheck::Unreachable(msg) => {
            assert!(
                msg.starts_with(&format!(
                    "cannot reach the OpenAI-compatible server at {closed}/v1: "
                )),
                "{msg}"
            );
            assert!(!msg.contains(KEY));
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}
