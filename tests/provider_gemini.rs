//! The Gemini provider against real HTTP servers on 127.0.0.1 replaying Gemini's wire format:
//! `data: <GenerateContentResponse>` records with CRLF framing, google.rpc error bodies
//! pretty-printed the way Google sends them.

#[path = "provider_gemini/chunked.rs"]
mod chunked;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::StreamExt;
use maya::config::ProviderConfig;
use maya::llm::gemini::Gemini;
use maya::llm::retry::RetryPolicy;
use maya::llm::{
    ChatMessage, ChatRequest, FinishReason, KeyCheck, Provider, ProviderError, ProviderErrorKind,
    ProviderEvent, RawTurn, ToolCall, Usage,
};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Shaped like an AI Studio key, so the redactor knows it too.
const KEY: &str = "AIzaSyD-maya-test-key-0123456789abcdefg";
const SYSTEM: &str = "You are Maya, the bartender of MOK 5-ha.";
const STREAM_PATH: &str = "/models/gemini-2.5-flash:streamGenerateContent";

fn gemini(base: &str) -> Gemini {
    let cfg = ProviderConfig {
        base_url: base.to_string(),
        ..ProviderConfig::default()
    };
    Gemini::new(&cfg, SecretString::from(KEY))
        .unwrap()
        .with_retry_policy(RetryPolicy::fast())
}

fn request(messages: Vec<ChatMessage>) -> ChatRequest {
    ChatRequest {
        system: SYSTEM.into(),
        messages,
        tools: maya::tools::specs(),
    }
}

fn user(text: &str) -> ChatMessage {
    ChatMessage::User { text: text.into() }
}

/// Events until the stream ends, and the error that ended it, if any.
async fn run(p: &Gemini, req: ChatRequest) -> (Vec<ProviderEvent>, Option<ProviderError>) {
    let mut stream = p.stream(req);
    let mut events = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(ev) => events.push(ev),
            Err(e) => {
                assert!(stream.next().await.is_none(), "nothing after an error");
                return (events, Some(e));
            }
        }
    }
    (events, None)
}

/// Gemini's framing: every record is `data: <json>` and a CRLF blank line.
fn sse(records: &[Value]) -> String {
    records
        .iter()
        .map(|r| format!("data: {r}\r\n\r\n"))
        .collect()
}

fn text_record(text: &str, finish: Option<&str>) -> Value {
    let mut candidate =
        json!({"content": {"parts": [{"text": text}], "role": "model"}, "index": 0});
    if let Some(f) = finish {
        candidate["finishReason"] = json!(f);
    }
    json!({"candidates": [candidate],
           "usageMetadata": {"promptTokenCount": 250, "candidatesTokenCount": 9, "totalTokenCount": 259},
           "modelVersion": "gemini-2.5-flash", "responseId": "resp-1"})
}

fn calls_record(parts: Value) -> Value {
    json!({"candidates": [{"content": {"parts": parts, "role": "model"}, "finishReason": "STOP", "index": 0}],
           "usageMetadata": {"promptTokenCount": 300, "candidatesTokenCount": 20, "totalTokenCount": 320},
           "modelVersion": "gemini-2.5-flash"})
}

fn ok_sse(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")
}

fn error_json(code: u16, status: &str, message: &str, details: Value) -> String {
    serde_json::to_string_pretty(&json!({"error": {
        "code": code, "message": message, "status": status, "details": details}}))
    .unwrap()
}

fn error_response(code: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_raw(body, "application/json; charset=UTF-8")
}

/// Answers the n-th request with the n-th template (the last one repeats).
struct Sequence {
    answers: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        self.answers[n.min(self.answers.len() - 1)].clone()
    }
}

async fn server(answers: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(STREAM_PATH))
        .respond_with(Sequence {
            answers,
            next: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The outgoing request: where it went, the key in its header and nowhere else, and the body:
/// system prompt, every tool schema, generation settings and exactly `contents`.
fn assert_request(req: &Request, contents: Value) {
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), STREAM_PATH);
    assert_eq!(req.url.query(), Some("alt=sse"));
    assert_key_only_in_header(req);
    assert_eq!(req.headers["content-type"], "application/json");
    let body: Value = req.body_json().unwrap();
    let tools: Vec<Value> = maya::tools::specs()
        .into_iter()
        .map(|t| json!({"name": t.name, "description": t.description, "parametersJsonSchema": t.parameters}))
        .collect();
    assert_eq!(
        body,
        json!({
            "systemInstruction": {"parts": [{"text": SYSTEM}]},
            "contents": contents,
            "tools": [{"functionDeclarations": tools}],
            "generationConfig": {"temperature": 0.7, "maxOutputTokens": 1024}
        })
    );
}

fn assert_key_only_in_header(req: &Request) {
    assert_eq!(req.headers["x-goog-api-key"], KEY);
    assert!(
        !req.url.as_str().contains(KEY),
        "key in the URL: {}",
        req.url
    );
    assert!(
        !req.url.as_str().contains("key="),
        "key parameter: {}",
        req.url
    );
    assert!(
        !String::from_utf8_lossy(&req.body).contains(KEY),
        "key in the body"
    );
    for (name, value) in &req.headers {
        if name != "x-goog-api-key" {
            assert!(!value.to_str().unwrap_or("").contains(KEY), "key in {name}");
        }
    }
}

fn first_turn() -> Value {
    json!([{"role": "user", "parts": [{"text": "Something citrusy, please"}]}])
}

fn text(s: &str) -> ProviderEvent {
    ProviderEvent::TextDelta(s.into())
}

fn usage(input: u64, output: u64) -> ProviderEvent {
    ProviderEvent::Usage(Usage {
        input_tokens: input,
        output_tokens: output,
    })
}

fn raw(parts: Value) -> ProviderEvent {
    ProviderEvent::Raw(RawTurn {
        provider: "gemini".into(),
        value: json!({"role": "model", "parts": parts}),
    })
}

const REPLY: [&str; 3] = [
    "How about ",
    "a gimlet? Fresh lime, ",
    "gin, a little sugar 🍋",
];

fn reply_body() -> String {
    sse(&[
        text_record(REPLY[0], None),
        text_record(REPLY[1], None),
        text_record(REPLY[2], Some("STOP")),
    ])
}

fn reply_events() -> Vec<ProviderEvent> {
    vec![
        text(REPLY[0]),
        text(REPLY[1]),
        text(REPLY[2]),
        raw(json!([{"text": REPLY.concat()}])),
        usage(250, 9),
        ProviderEvent::Finish(FinishReason::Stop),
    ]
}

#[tokio::test]
async fn plain_text_with_crlf_framing() {
    let body = reply_body();
    assert!(body.contains("}\r\n\r\ndata: "), "CRLF-framed like Gemini");
    let s = server(vec![ok_sse(body)]).await;
    let p = gemini(&s.uri());
    assert_eq!(p.id(), "gemini");
    assert_eq!(p.model(), "gemini-2.5-flash");
    let (events, err) = run(&p, request(vec![user("Something citrusy, please")])).await;
    assert_eq!(err, None);
    assert_eq!(events, reply_events());
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_request(&reqs[0], first_turn());
}

#[tokio::test]
async fn one_tool_call() {
    let part = json!({"functionCall": {"name": "add_to_tab", "args": {"item": "Gimlet", "quantity": 1}},
                      "thoughtSignature": "CiQB0e2Kb3Q2mJ9xvXcXbWF5YQ=="});
    let s = server(vec![ok_sse(sse(&[calls_record(json!([part.clone()]))]))]).await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(err, None);
    let ProviderEvent::ToolCall(call) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(call.name, "add_to_tab");
    assert_eq!(call.arguments, r#"{"item":"Gimlet","quantity":1}"#);
    assert!(call.id.starts_with("gemini-call-"), "{}", call.id);
    assert_eq!(
        events[1..],
        [
            raw(json!([part])),
            usage(300, 20),
            ProviderEvent::Finish(FinishReason::ToolCalls)
        ]
    );
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_request(&reqs[0], first_turn());
}

/// Two calls in one record, one with Gemini's own id; then the next round sends the model turn
/// back verbatim (signature and all) and both results in one user turn, in order.
#[tokio::test]
async fn parallel_calls_then_the_raw_turn_goes_back_verbatim() {
    let parts = json!([
        {"text": "Two coming up."},
        {"functionCall": {"id": "fc-a1", "name": "add_to_tab", "args": {"item": "Negroni", "quantity": 2}},
         "thoughtSignature": "CiQB0e2Kb3Q2mJ9xvXcXbWF5YQ=="},
        {"functionCall": {"name": "view_tab", "args": {}}}
    ]);
    let s = server(vec![
        ok_sse(sse(&[calls_record(parts.clone())])),
        ok_sse(reply_body()),
    ])
    .await;
    let p = gemini(&s.uri());
    let first = vec![user("Two negronis and the tab")];
    let (events, err) = run(&p, request(first.clone())).await;
    assert_eq!(err, None);
    assert_eq!(events[0], text("Two coming up."));
    let calls: Vec<ToolCall> = events
        .iter()
        .filter_map(|e| match e {
            ProviderEvent::ToolCall(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[0],
        ToolCall {
            id: "fc-a1".into(),
            name: "add_to_tab".into(),
            arguments: r#"{"item":"Negroni","quantity":2}"#.into(),
        }
    );
    assert_eq!(
        (calls[1].name.as_str(), calls[1].arguments.as_str()),
        ("view_tab", "{}")
    );
    assert!(calls[1].id.starts_with("gemini-call-"), "{}", calls[1].id);
    let Some(ProviderEvent::Raw(turn)) = events.iter().find(|e| matches!(e, ProviderEvent::Raw(_)))
    else {
        panic!("{events:?}")
    };
    assert_eq!(turn.value, json!({"role": "model", "parts": parts}));
    assert_eq!(
        events.last(),
        Some(&ProviderEvent::Finish(FinishReason::ToolCalls))
    );

    // The agent's next round: the turn as the agent journals it, then the results.
    let mut history = first;
    history.push(ChatMessage::Assistant {
        text: "Two coming up.".into(),
        tool_calls: calls.clone(),
        raw: Some(turn.clone()),
    });
    history.push(ChatMessage::ToolResult {
        call_id: calls[0].id.clone(),
        name: "add_to_tab".into(),
        content: json!({"ok": true, "subtotal": "$24.00"}),
    });
    history.push(ChatMessage::ToolResult {
        call_id: calls[1].id.clone(),
        name: "view_tab".into(),
        content: json!("Negroni x2  $24.00"),
    });
    let (events, err) = run(&p, request(history)).await;
    assert_eq!(err, None);
    assert_eq!(events, reply_events());

    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2);
    assert_request(
        &reqs[0],
        json!([{"role": "user", "parts": [{"text": "Two negronis and the tab"}]}]),
    );
    assert_request(
        &reqs[1],
        json!([
            {"role": "user", "parts": [{"text": "Two negronis and the tab"}]},
            {"role": "model", "parts": parts},
            {"role": "user", "parts": [
                {"functionResponse": {"id": "fc-a1", "name": "add_to_tab",
                                      "response": {"ok": true, "subtotal": "$24.00"}}},
                {"functionResponse": {"name": "view_tab",
                                      "response": {"result": "Negroni x2  $24.00"}}}
            ]}
        ]),
    );
    // Verbatim down to the signature's bytes.
    let sent = String::from_utf8_lossy(&reqs[1].body).into_owned();
    assert!(
        sent.contains(r#""thoughtSignature":"CiQB0e2Kb3Q2mJ9xvXcXbWF5YQ==""#),
        "{sent}"
    );
}

/// A tool call whose record reaches us in pieces cut mid-UTF-8, mid-JSON and between CR and LF,
/// over a real chunked HTTP response.
#[tokio::test]
async fn a_call_split_over_many_chunks() {
    let body = sse(&[
        text_record("Un café ☕, ", None),
        calls_record(json!([{"functionCall": {"id": "fc-9", "name": "add_to_tab",
            "args": {"item": "Café Brûlot 🍸", "modifiers": ["flambé"], "quantity": 1}}}])),
    ]);
    let bytes = body.into_bytes();
    let cuts = chunked::cuts(bytes.len(), &[3, 1, 4, 1, 5, 9, 2, 6]);
    let s = std::str::from_utf8(&bytes).unwrap();
    assert!(
        cuts.iter().any(|&c| !s.is_char_boundary(c)),
        "a cut inside a character"
    );
    assert!(
        cuts.iter()
            .any(|&c| bytes[c - 1] == b'\r' && bytes[c] == b'\n'),
        "a cut inside CRLF"
    );
    let args_at = s.find("\"args\"").unwrap();
    assert!(
        cuts.iter().any(|&c| c > args_at && c < args_at + 60),
        "a cut inside the arguments"
    );
    let (base, seen) = chunked::serve(chunked::pieces(&bytes, &cuts)).await;

    let (events, err) = run(
        &gemini(&base),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(err, None);
    assert_eq!(events[0], text("Un café ☕, "));
    assert_eq!(
        events[1],
        ProviderEvent::ToolCall(ToolCall {
            id: "fc-9".into(),
            name: "add_to_tab".into(),
            arguments: r#"{"item":"Café Brûlot 🍸","modifiers":["flambé"],"quantity":1}"#.into(),
        })
    );
    assert_eq!(
        events.last(),
        Some(&ProviderEvent::Finish(FinishReason::ToolCalls))
    );
    let req = seen.await.unwrap();
    assert_eq!(
        req.request_line,
        format!("POST {STREAM_PATH}?alt=sse HTTP/1.1")
    );
    assert_eq!(req.header("x-goog-api-key"), Some(KEY));
    assert_eq!(req.count_key(KEY), 1, "the key appears once: in its header");
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["contents"], first_turn());
    assert_eq!(body["systemInstruction"]["parts"][0]["text"], SYSTEM);
    assert_eq!(
        body["tools"][0]["functionDeclarations"]
            .as_array()
            .unwrap()
            .len(),
        maya::tools::specs().len()
    );
}

#[tokio::test]
async fn an_error_after_some_text_ends_the_turn_with_the_text_delivered() {
    let tail = format!(
        "[{}\n]\n",
        error_json(
            503,
            "UNAVAILABLE",
            "The model is overloaded. Please try again later.",
            json!([])
        )
    );
    let body = sse(&[text_record(REPLY[0], None)]) + &tail;
    let s = server(vec![ok_sse(body)]).await;
    let (events, err) = run(
        &gemini(&s.uri()),
        request(vec![user("Something citrusy, please")]),
    )
    .await;
    assert_eq!(events, [text(REPLY[0])]);
    let err = err.unwrap();
    assert!(err.after_first_token);
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert_eq!(
        err.message,
        "Gemini is busy or failing (503 UNAVAILABLE: The model is overloaded. Please try again later.); try again with /retry"
    );
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 1, "text was shown: no retry");
    assert_request(&reqs[0], first_turn());
}

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

#[tokio::test]
async fn a_blocked_prompt_and_a_safety_stop() {
    let blocked = json!({"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
        "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12}, "modelVersion": "gemini-2.5-flash"});
    let stopped = json!({"candidates": [{"content": {"role": "model"}, "finishReason": "SAFETY", "index": 0,
        "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "MEDIUM", "blocked": true}]}]});
    let s = server(vec![ok_sse(sse(&[blocked])), ok_sse(sse(&[stopped]))]).await;
    let p = gemini(&s.uri());
    let (events, err) = run(&p, request(vec![user("Something citrusy, please")])).await;
    assert_eq!(events, []);
    let err = err.unwrap();
    assert_eq!(err.kind, ProviderErrorKind::Blocked);
    assert_eq!(
        err.message,
        "Gemini blocked the message (SAFETY); rephrase it and try again"
    );

    let (events, err) = run(&p, request(vec![user("Something citrusy, please")])).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [ProviderEvent::Finish(FinishReason::Safety(
            "Gemini's safety filter stopped the reply (SAFETY)".into()
        ))]
    );
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2, "a block is not retried");
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

#[test]
fn defaults_overrides_and_a_debug_without_the_key() {
    let p = Gemini::new(&ProviderConfig::default(), SecretString::from(KEY)).unwrap();
    assert_eq!(p.model(), "gemini-2.5-flash");
    let shown = format!("{p:?}");
    assert!(
        shown.contains("https://generativelanguage.googleapis.com/v1beta"),
        "{shown}"
    );
    assert!(!shown.contains(KEY), "{shown}");
    let cfg = ProviderConfig {
        model: "models/gemini-2.5-pro".into(),
        base_url: "http://127.0.0.1:9/v1beta/".into(),
        ..ProviderConfig::default()
    };
    let p = Gemini::new(&cfg, SecretString::from(KEY)).unwrap();
    assert_eq!(p.model(), "gemini-2.5-pro");
    assert!(format!("{p:?}").contains("\"http://127.0.0.1:9/v1beta\""));
    let err = Gemini::new(&cfg, SecretString::from("AIza\nbroken")).unwrap_err();
    assert_eq!(err.kind, ProviderErrorKind::Auth);
    assert!(
        err.message.ends_with("maya keys set gemini"),
        "{}",
        err.message
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
