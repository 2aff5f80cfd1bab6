//! Gemini's error answers: a google.rpc `Status` (`{"error": {code, message, status, details}}`,
//! sometimes wrapped in `[...]`), judged by HTTP status, gRPC status and the typed `details`.
//!
//! The details matter more than the status: a bad key is 400 (not 401) with the `ErrorInfo`
//! reason `API_KEY_INVALID`; a 429 may be a per-minute limit worth waiting for (`RetryInfo`
//! says how long) or a per-day quota that will not reset today (`QuotaFailure`).

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

use super::FIX_KEY;
use crate::llm::http::{Failure, body_message, clean};
use crate::llm::retry::{hint_from_headers, parse_proto_duration, retryable_status};
use crate::llm::{KeyCheck, ProviderErrorKind};

/// What a google.rpc status says, as far as we need it.
#[derive(Debug, Default, PartialEq)]
pub(super) struct RpcStatus {
    /// `error.code`, the HTTP status the server meant (also inside a 200 stream).
    pub code: Option<u16>,
    /// `error.status`: "INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", …
    pub status: String,
    /// `ErrorInfo.reason` of every detail that has one.
    pub reasons: Vec<String>,
    /// `RetryInfo.retryDelay`.
    pub retry_delay: Option<Duration>,
    /// `QuotaFailure.violations[].quotaId`.
    pub quota_ids: Vec<String>,
}

impl RpcStatus {
    /// The `error` object of a body or a stream record (`{"error":…}` or `[{"error":…}]`).
    pub fn parse(v: &Value) -> Option<RpcStatus> {
        let v = match v {
            Value::Array(items) => items.first()?,
            v => v,
        };
        let error = v.get("error")?;
        let details = error.get("details").and_then(Value::as_array);
        let details = details.map(Vec::as_slice).unwrap_or_default();
        let typed = |suffix: &'static str| {
            details.iter().filter(move |d| {
                d.get("@type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.ends_with(suffix))
            })
        };
        Some(RpcStatus {
            code: error
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok()),
            status: error
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            reasons: details
                .iter()
                .filter_map(|d| d.get("reason").and_then(Value::as_str))
                .map(str::to_string)
                .collect(),
            retry_delay: typed("google.rpc.RetryInfo")
                .filter_map(|d| d.get("retryDelay").and_then(Value::as_str))
                .find_map(parse_proto_duration),
            quota_ids: typed("google.rpc.QuotaFailure")
                .filter_map(|d| d.get("violations").and_then(Value::as_array))
                .flatten()
                .filter_map(|v| v.get("quotaId").and_then(Value::as_str))
                .map(str::to_string)
                .collect(),
        })
    }

    fn key_invalid(&self) -> bool {
        self.reasons
            .iter()
            .any(|r| r == "API_KEY_INVALID" || r == "API_KEY_EXPIRED")
    }

    /// A per-day quota resets tomorrow: waiting a few seconds will not help.
    fn daily_quota(&self) -> Option<&str> {
        self.quota_ids
            .iter()
            .find(|q| q.contains("PerDay"))
            .map(String::as_str)
    }
}

/// Judge an HTTP error answer, or an `error` record inside a 200 stream (then `status` is its
/// `error.code` and `headers` are empty).
pub(super) fn classify(model: &str, status: u16, headers: &HeaderMap, body: &str) -> Failure {
    let rpc = serde_json::from_str::<Value>(body.trim())
        .ok()
        .as_ref()
        .and_then(RpcStatus::parse)
        .unwrap_or_default();
    let msg = body_message(body);
    let label = if rpc.status.is_empty() {
        status.to_string()
    } else {
        format!("{status} {}", rpc.status)
    };
    let hint = || rpc.retry_delay.or_else(|| hint_from_headers(headers));
    match status {
        401 => rejected(&msg),
        400 if rpc.key_invalid() => rejected(&msg),
        400 if rpc.status == "FAILED_PRECONDITION" => Failure::new(
            ProviderErrorKind::Quota,
            format!(
                "Gemini will not serve this key here ({label}: {msg}): the free tier may not be \
                 available in your region; enable billing for the key's project in Google AI \
                 Studio, or use another provider"
            ),
        ),
        403 => Failure::new(
            ProviderErrorKind::Auth,
            format!(
                "Gemini refused the key ({label}: {msg}): it may be restricted to other APIs or \
                 apps, or the Generative Language API is not enabled for its project; fix it in \
                 Google AI Studio or set another: {FIX_KEY}"
            ),
        ),
        404 => Failure::new(
            ProviderErrorKind::Server,
            format!(
                "Gemini model \"{model}\" not found ({label}: {msg}); set [provider] model in the \
                 config to a model your key can use"
            ),
        ),
        429 => match rpc.daily_quota() {
            Some(quota) => Failure::new(
                ProviderErrorKind::Quota,
                format!(
                    "the daily Gemini quota of this key is used up ({quota}); it resets \
                     tomorrow, or use a key with billing: {FIX_KEY}"
                ),
            ),
            None => Failure::new(
                ProviderErrorKind::RateLimited,
                format!("Gemini is rate limiting this key ({label}: {msg}); try again with /retry"),
            )
            .retryable(hint()),
        },
        s if retryable_status(s) => Failure::new(
            ProviderErrorKind::Server,
            format!("Gemini is busy or failing ({label}: {msg}); try again with /retry"),
        )
        .retryable(hint()),
        _ => Failure::new(
            ProviderErrorKind::Server,
            format!("Gemini refused the request ({label}: {msg})"),
        ),
    }
}

fn rejected(msg: &str) -> Failure {
    Failure::new(
        ProviderErrorKind::Auth,
        format!("your Gemini key was rejected ({msg}); set a new one: {FIX_KEY}"),
    )
}

/// What a failed `GET /models` says about the key.
pub(super) fn key_check(status: u16, body: &str) -> KeyCheck {
    let failure = classify("", status, &HeaderMap::new(), body);
    let message = clean(&failure.message);
    match status {
        _ if failure.kind == ProviderErrorKind::Auth => KeyCheck::Rejected(message),
        404 => KeyCheck::Unreachable(clean(&format!(
            "Gemini has no model list at this base_url (404: {}); check base_url in [provider]",
            body_message(body)
        ))),
        s if retryable_status(s) => KeyCheck::Unreachable(message),
        _ => KeyCheck::Rejected(message),
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
