//! Gemini's wire format as the tests replay it, and the checks every request must pass.

use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;
use maya::config::ProviderConfig;
use maya::llm::gemini::Gemini;
use maya::llm::retry::RetryPolicy;
use maya::llm::{
    ChatMessage, ChatRequest, FinishReason, Provider, ProviderError, ProviderEvent, RawTurn, Usage,
};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Shaped like an AI Studio key, so the redactor knows it too.
pub const KEY: &str = "AIzaSyD-maya-test-key-0123456789abcdefg";
pub const SYSTEM: &str = "You are Maya, the bartender of MOK 5-ha.";
pub const STREAM_PATH: &str = "/models/gemini-2.5-flash:streamGenerateContent";

pub fn gemini(base: &str) -> Gemini {
    let cfg = ProviderConfig {
        base_url: base.to_string(),
        ..ProviderConfig::default()
    };
    Gemini::new(&cfg, SecretString::from(KEY))
        .unwrap()
        .with_retry_policy(RetryPolicy::fast())
}

pub fn request(messages: Vec<ChatMessage>) -> ChatRequest {
    ChatRequest {
        system: SYSTEM.into(),
        messages,
        tools: maya::tools::specs(),
    }
}

pub fn user(text: &str) -> ChatMessage {
    ChatMessage::User { text: text.into() }
}

/// Events until the stream ends, and the error that ended it, if any.
pub async fn run(p: &Gemini, req: ChatRequest) -> (Vec<ProviderEvent>, Option<ProviderError>) {
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
pub fn sse(records: &[Value]) -> String {
    records
        .iter()
        .map(|r| format!("data: {r}\r\n\r\n"))
        .collect()
}

pub fn text_record(text: &str, finish: Option<&str>) -> Value {
    let mut candidate =
        json!({"content": {"parts": [{"text": text}], "role": "model"}, "index": 0});
    if let Some(f) = finish {
        candidate["finishReason"] = json!(f);
    }
    json!({"candidates": [candidate],
           "usageMetadata": {"promptTokenCount": 250, "candidatesTokenCount": 9, "totalTokenCount": 259},
           "modelVersion": "gemini-2.5-flash", "responseId": "resp-1"})
}

pub fn calls_record(parts: Value) -> Value {
    json!({"candidates": [{"content": {"parts": parts, "role": "model"}, "finishReason": "STOP", "index": 0}],
           "usageMetadata": {"promptTokenCount": 300, "candidatesTokenCount": 20, "totalTokenCount": 320},
           "modelVersion": "gemini-2.5-flash"})
}

pub fn ok_sse(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")
}

pub fn error_json(code: u16, status: &str, message: &str, details: Value) -> String {
    serde_json::to_string_pretty(&json!({"error": {
        "code": code, "message": message, "status": status, "details": details}}))
    .unwrap()
}

pub fn error_response(code: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_raw(body, "application/json; charset=UTF-8")
}

/// Answers the n-th request with the n-th template (the last one repeats).
pub struct Sequence {
    answers: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        self.answers[n.min(self.answers.len() - 1)].clone()
    }
}

pub async fn server(answers: Vec<ResponseTemplate>) -> MockServer {
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

pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The outgoing request: where it went, the key in its header and nowhere else, and the body:
/// system prompt, every tool schema, generation settings and exactly `contents`.
pub fn assert_request(req: &Request, contents: Value) {
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

pub fn assert_key_only_in_header(req: &Request) {
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

pub fn first_turn() -> Value {
    json!([{"role": "user", "parts": [{"text": "Something citrusy, please"}]}])
}

pub fn text(s: &str) -> ProviderEvent {
    ProviderEvent::TextDelta(s.into())
}

pub fn usage(input: u64, output: u64) -> ProviderEvent {
    ProviderEvent::Usage(Usage {
        input_tokens: input,
        output_tokens: output,
    })
}

pub fn raw(parts: Value) -> ProviderEvent {
    ProviderEvent::Raw(RawTurn {
        provider: "gemini".into(),
        value: json!({"role": "model", "parts": parts}),
    })
}

pub const REPLY: [&str; 3] = [
    "How about ",
    "a gimlet? Fresh lime, ",
    "gin, a little sugar 🍋",
];

pub fn reply_body() -> String {
    sse(&[
        text_record(REPLY[0], None),
        text_record(REPLY[1], None),
        text_record(REPLY[2], Some("STOP")),
    ])
}

pub fn reply_events() -> Vec<ProviderEvent> {
    vec![
        text(REPLY[0]),
        text(REPLY[1]),
        text(REPLY[2]),
        raw(json!([{"text": REPLY.concat()}])),
        usage(250, 9),
        ProviderEvent::Finish(FinishReason::Stop),
    ]
}
