//! Error answers, retries and key checks.

use std::time::Duration;

use maya::config::ProviderConfig;
use maya::llm::gemini::Gemini;
use maya::llm::retry::RetryPolicy;
use maya::llm::{KeyCheck, ProviderErrorKind, ProviderEvent};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::fixtures::*;

fn rate_limited(details: Value) -> String {
    error_json(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
        details,
    )
}

fn quota_failure(quota_id: &str) -> Value {
    json!({"@type": "type.googleapis.com/google.rpc.QuotaFailure",
           "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                           "quotaId": quota_id,
                           "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                           "quotaValue": "10"}]})
}

fn retrying(events: &[ProviderEvent]) -> Vec<(u32, u32, Duration)> {
    events
        .iter()
        .filter_map(|e| match e {
            ProviderEvent::Retrying {
                attempt,
                max_attempts,
                delay,
                ..
            } => Some((*attempt, *max_attempts, *delay)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn rate_limited_with_retry_after_then_the_reply() {
    let s = server(vec![
        error_response(429, rate_limited(json!([]))).insert_header("Retry-After", "1"),
        ok_sse(reply_body()),
    ])
    .await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(err, None);
    assert_eq!(retrying(&events), [(2, 4, Duration::from_secs(1))]);
    assert_eq!(events[1..], reply_events());
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_request(r, first_turn());
    }
}

#[tokio::test]
async fn the_retry_info_delay_is_honoured() {
    let details = json!([
        quota_failure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.05s"}
    ]);
    let s = server(vec![
        error_response(429, rate_limited(details)),
        ok_sse(reply_body()),
    ])
    .await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(err, None);
    assert_eq!(retrying(&events), [(2, 4, Duration::from_millis(50))]);
    assert_eq!(events[1..], reply_events());
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2);
    assert_request(&reqs[1], first_turn());
}

#[tokio::test]
async fn a_daily_quota_is_not_retried() {
    let details = json!([
        quota_failure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.05s"}
    ]);
    let s = server(vec![
        error_response(429, rate_limited(details)),
        ok_sse(reply_body()),
    ])
    .await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(events, []);
    let err = err.unwrap();
    assert_eq!(err.kind, ProviderErrorKind::Quota);
    assert!(!err.after_first_token);
    assert!(err.message.contains("PerDay"), "{}", err.message);
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_request(&reqs[0], first_turn());
}

#[tokio::test]
async fn a_rejected_key_is_not_retried_and_names_the_fix() {
    let details = json!([{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
        "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]);
    // Even if a server echoed the key back, it must not reach the message.
    let message = format!("API key not valid. Please pass a valid API key. ({KEY})");
    let s = server(vec![error_response(
        400,
        error_json(400, "INVALID_ARGUMENT", &message, details),
    )])
    .await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(events, []);
    let err = err.unwrap();
    assert_eq!(err.kind, ProviderErrorKind::Auth);
    assert!(
        err.message.starts_with("your Gemini key was rejected"),
        "{}",
        err.message
    );
    assert!(
        err.message.ends_with("set a new one: maya keys set gemini"),
        "{}",
        err.message
    );
    assert!(!err.message.contains(KEY), "{}", err.message);
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_request(&reqs[0], first_turn());
}

#[tokio::test]
async fn a_5xx_is_tried_four_times_then_reported() {
    let body = error_json(
        503,
        "UNAVAILABLE",
        "The model is overloaded. Please try again later.",
        json!([]),
    );
    let s = server(vec![error_response(503, body)]).await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(
        retrying(&events)
            .iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [(2, 4), (3, 4), (4, 4)]
    );
    assert_eq!(events.len(), 3);
    let err = err.unwrap();
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert!(!err.after_first_token);
    assert_eq!(
        err.message,
        "Gemini is busy or failing (503 UNAVAILABLE: The model is overloaded. Please try again later.); try again with /retry"
    );
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 4);
    for r in &reqs {
        assert_request(r, first_turn());
    }
}

async fn check_with(answer: ResponseTemplate) -> (KeyCheck, Vec<Request>) {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/models"))
        .respond_with(answer)
        .mount(&s)
        .await;
    let outcome = gemini(&s.uri()).check().await;
    (outcome, received(&s).await)
}

#[tokio::test]
async fn key_checks() {
    let models = json!({"models": [{"name": "models/gemini-2.5-flash"}], "nextPageToken": "x"});
    let (outcome, reqs) = check_with(ResponseTemplate::new(200).set_body_json(models)).await;
    assert_eq!(outcome, KeyCheck::Accepted);
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method.as_str(), "GET");
    assert_eq!(reqs[0].url.path(), "/models");
    assert_eq!(reqs[0].url.query(), Some("pageSize=1"));
    assert_key_only_in_header(&reqs[0]);

    let details =
        json!([{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]);
    let bad = error_json(
        400,
        "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.",
        details,
    );
    let (outcome, reqs) = check_with(error_response(400, bad)).await;
    assert_eq!(
        outcome,
        KeyCheck::Rejected(
            "your Gemini key was rejected (API key not valid. Please pass a valid API key.); set a new one: maya keys set gemini".into()
        )
    );
    assert_eq!(reqs.len(), 1);

    let denied = error_json(
        403,
        "PERMISSION_DENIED",
        "Requests to this API are blocked.",
        json!([]),
    );
    let (outcome, _) = check_with(error_response(403, denied)).await;
    assert!(
        matches!(&outcome, KeyCheck::Rejected(m) if m.contains("403 PERMISSION_DENIED")),
        "{outcome:?}"
    );

    let (outcome, reqs) = check_with(error_response(
        503,
        error_json(503, "UNAVAILABLE", "busy", json!([])),
    ))
    .await;
    assert!(
        matches!(&outcome, KeyCheck::Unreachable(m) if m.contains("503")),
        "{outcome:?}"
    );
    assert_eq!(reqs.len(), 1, "a check is not retried");

    // Nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let outcome = gemini(&format!("http://127.0.0.1:{port}")).check().await;
    assert!(
        matches!(&outcome, KeyCheck::Unreachable(m) if m.starts_with("cannot reach Gemini")),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn the_configured_model_is_in_the_path_and_named_when_unknown() {
    let s = MockServer::start().await;
    let body = error_json(
        404,
        "NOT_FOUND",
        "models/gemini-9-ultra is not found for API version v1beta",
        json!([]),
    );
    Mock::given(method("POST"))
        .and(path("/models/gemini-9-ultra:streamGenerateContent"))
        .respond_with(error_response(404, body))
        .mount(&s)
        .await;
    let cfg = ProviderConfig {
        model: "gemini-9-ultra".into(),
        base_url: s.uri(),
        ..ProviderConfig::default()
    };
    let p = Gemini::new(&cfg, SecretString::from(KEY))
        .unwrap()
        .with_retry_policy(RetryPolicy::fast());
    let (events, err) = run(&p, request(vec![user("Something citrusy, please")])).await;
    assert_eq!(events, []);
    let err = err.unwrap();
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert!(
        err.message
            .starts_with("Gemini model \"gemini-9-ultra\" not found (404 NOT_FOUND"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("set [provider] model"),
        "{}",
        err.message
    );
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].url.query(), Some("alt=sse"));
    assert_key_only_in_header(&reqs[0]);
    assert_eq!(
        reqs[0].body_json::<Value>().unwrap()["contents"],
        first_turn()
    );
}
