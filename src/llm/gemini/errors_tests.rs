//! Gemini's google.rpc error answers, judged.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;

use super::{classify, key_check};
use crate::llm::{KeyCheck, ProviderErrorKind};

fn pretty(v: serde_json::Value) -> String {
    serde_json::to_string_pretty(&v).unwrap()
}

fn key_invalid_body() -> String {
    pretty(json!({"error": {
        "code": 400,
        "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT",
        "details": [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"}
        }]
    }}))
}

fn quota_body(quota_id: &str, retry: &str) -> String {
    pretty(json!([{"error": {
        "code": 429,
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "status": "RESOURCE_EXHAUSTED",
        "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
             "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                             "quotaId": quota_id,
                             "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                             "quotaValue": "10"}]},
            {"@type": "type.googleapis.com/google.rpc.Help",
             "links": [{"description": "Learn more about Gemini API quotas",
                        "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry}
        ]
    }}]))
}

fn status_body(code: u16, status: &str, message: &str) -> String {
    pretty(json!({"error": {"code": code, "message": message, "status": status}}))
}

#[test]
fn a_bad_key_is_auth_and_names_the_fix() {
    let f = classify(
        "gemini-2.5-flash",
        400,
        &HeaderMap::new(),
        &key_invalid_body(),
    );
    assert_eq!(f.kind, ProviderErrorKind::Auth);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "your Gemini key was rejected (API key not valid. Please pass a valid API key.); set a new one: maya keys set gemini"
    );
    let f = classify(
        "m",
        403,
        &HeaderMap::new(),
        &status_body(
            403,
            "PERMISSION_DENIED",
            "Method doesn't allow unregistered callers.",
        ),
    );
    assert_eq!(f.kind, ProviderErrorKind::Auth);
    assert!(!f.retryable);
    assert!(f.message.contains("403 PERMISSION_DENIED"), "{}", f.message);
    assert!(f.message.ends_with("maya keys set gemini"), "{}", f.message);
}

#[test]
fn rate_limits_wait_for_retry_info_then_retry_after() {
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("3"));
    let minute = "GenerateRequestsPerMinutePerProjectPerModel-FreeTier";
    let f = classify("m", 429, &headers, &quota_body(minute, "37s"));
    assert_eq!(f.kind, ProviderErrorKind::RateLimited);
    assert!(f.retryable);
    assert_eq!(f.hint, Some(Duration::from_secs(37)));
    let f = classify(
        "m",
        429,
        &headers,
        &status_body(429, "RESOURCE_EXHAUSTED", "slow down"),
    );
    assert!(f.retryable);
    assert_eq!(f.hint, Some(Duration::from_secs(3)));
    let f = classify("m", 429, &HeaderMap::new(), "");
    assert!(f.retryable);
    assert_eq!(f.hint, None);
}

#[test]
fn a_daily_quota_is_not_retried() {
    let f = classify(
        "m",
        429,
        &HeaderMap::new(),
        &quota_body("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "20s"),
    );
    assert_eq!(f.kind, ProviderErrorKind::Quota);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "the daily Gemini quota of this key is used up (GenerateRequestsPerDayPerProjectPerModel-FreeTier); it resets tomorrow, or use a key with billing: maya keys set gemini"
    );
}

#[test]
fn region_unknown_model_server_errors_and_the_rest() {
    let h = HeaderMap::new();
    let f = classify(
        "m",
        400,
        &h,
        &status_body(
            400,
            "FAILED_PRECONDITION",
            "User location is not supported for the API use.",
        ),
    );
    assert_eq!(f.kind, ProviderErrorKind::Quota);
    assert!(!f.retryable);
    assert!(f.message.contains("region"), "{}", f.message);
    assert!(f.message.contains("billing"), "{}", f.message);

    let f = classify(
        "gemini-9-ultra",
        404,
        &h,
        &status_body(
            404,
            "NOT_FOUND",
            "models/gemini-9-ultra is not found for API version v1beta",
        ),
    );
    assert_eq!(f.kind, ProviderErrorKind::Server);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "Gemini model \"gemini-9-ultra\" not found (404 NOT_FOUND: models/gemini-9-ultra is not found for API version v1beta); set [provider] model in the config to a model your key can use"
    );

    for (code, status) in [
        (500, "INTERNAL"),
        (503, "UNAVAILABLE"),
        (504, "DEADLINE_EXCEEDED"),
    ] {
        let f = classify("m", code, &h, &status_body(code, status, "try later"));
        assert_eq!(f.kind, ProviderErrorKind::Server, "{code}");
        assert!(f.retryable, "{code}");
        assert_eq!(
            f.message,
            format!(
                "Gemini is busy or failing ({code} {status}: try later); try again with /retry"
            )
        );
    }

    let f = classify(
        "m",
        400,
        &h,
        &status_body(400, "INVALID_ARGUMENT", "Invalid JSON payload received."),
    );
    assert_eq!(f.kind, ProviderErrorKind::Server);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "Gemini refused the request (400 INVALID_ARGUMENT: Invalid JSON payload received.)"
    );
}

#[test]
fn key_checks() {
    let rejected = |status, body: &str| match key_check(status, body) {
        KeyCheck::Rejected(m) => m,
        other => panic!("{status}: {other:?}"),
    };
    assert!(rejected(400, &key_invalid_body()).ends_with("maya keys set gemini"));
    assert!(rejected(401, "").contains("rejected"));
    assert!(rejected(403, &status_body(403, "PERMISSION_DENIED", "no")).contains("403"));
    for status in [500, 503] {
        assert!(
            matches!(key_check(status, ""), KeyCheck::Unreachable(_)),
            "{status}"
        );
    }
    assert!(
        matches!(key_check(404, "Not Found"), KeyCheck::Unreachable(m) if m.contains("base_url"))
    );
}
