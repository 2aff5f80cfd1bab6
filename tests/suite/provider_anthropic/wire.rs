//! Anthropic's wire format for the provider tests: SSE bodies written the way the Messages API
//! sends them, and the one check every outgoing request must pass.

use std::time::Duration;

use futures::StreamExt;
use maya::config::ProviderConfig;
use maya::llm::anthropic::Anthropic;
use maya::llm::retry::RetryPolicy;
use maya::llm::{
    ChatMessage, ChatRequest, FinishReason, ProviderError, ProviderEvent, RawTurn, ToolCall, Usage,
};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const KEY: &str = "sk-ant-api03-mayaTEST0123456789abcdefghijklmnop";
pub const SYSTEM: &str = "You are Maya, the bartender of MOK 5-ha. The tab is empty.";

pub fn ev(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

pub fn start(input_tokens: u64) -> String {
    ev(
        "message_start",
        &format!(
            r#"{{"type":"message_start","message":{{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{{"input_tokens":{input_tokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}}}}"#
        ),
    )
}

pub fn block_start(index: u32, block: &str) -> String {
    ev(
        "content_block_start",
        &format!(r#"{{"type":"content_block_start","index":{index},"content_block":{block}}}"#),
    )
}

pub fn text_start(index: u32) -> String {
    block_start(index, r#"{"type":"text","text":""}"#)
}

pub fn tool_start(index: u32, id: &str, name: &str) -> String {
    block_start(
        index,
        &format!(r#"{{"type":"tool_use","id":"{id}","name":"{name}","input":{{}}}}"#),
    )
}

pub fn delta(index: u32, delta: Value) -> String {
    ev(
        "content_block_delta",
        &json!({"type": "content_block_delta", "index": index, "delta": delta}).to_string(),
    )
}

pub fn text(index: u32, t: &str) -> String {
    delta(index, json!({"type": "text_delta", "text": t}))
}

pub fn json_part(index: u32, part: &str) -> String {
    delta(
        index,
        json!({"type": "input_json_delta", "partial_json": part}),
    )
}

pub fn block_stop(index: u32) -> String {
    ev(
        "content_block_stop",
        &format!(r#"{{"type":"content_block_stop","index":{index}}}"#),
    )
}

pub fn finish(reason: &str, output_tokens: u64) -> String {
    ev(
        "message_delta",
        &format!(
            r#"{{"type":"message_delta","delta":{{"stop_reason":"{reason}","stop_sequence":null}},"usage":{{"output_tokens":{output_tokens}}}}}"#
        ),
    ) + &ev("message_stop", r#"{"type":"message_stop"}"#)
}

pub const PING: &str = "event: ping\ndata: {\"type\": \"ping\"}\n\n";

pub fn error_event(kind: &str, message: &str) -> String {
    ev(
        "error",
        &json!({"type": "error", "error": {"type": kind, "message": message}}).to_string(),
    )
}

/// A whole text reply.
pub fn text_reply(parts: &[&str]) -> String {
    let mut body = start(812) + &text_start(0);
    for p in parts {
        body += &text(0, p);
    }
    body + &block_stop(0) + &finish("end_turn", 21)
}

pub fn provider_at(base: &str) -> Anthropic {
    let cfg = ProviderConfig {
        base_url: base.to_string(),
        first_byte_timeout_secs: 5,
        idle_timeout_secs: 5,
        ..ProviderConfig::default()
    };
    Anthropic::new(&cfg, SecretString::from(KEY))
        .expect("a provider")
        .with_retry_policy(RetryPolicy::fast())
}

pub fn user(text: &str) -> ChatMessage {
    ChatMessage::User { text: text.into() }
}

pub fn chat(messages: Vec<ChatMessage>) -> ChatRequest {
    ChatRequest {
        system: SYSTEM.into(),
        messages,
        tools: maya::tools::specs(),
    }
}

pub fn call(id: &str, name: &str, arguments: &str) -> ToolCall {
    ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    }
}

pub fn raw(value: Value) -> ProviderEvent {
    ProviderEvent::Raw(RawTurn {
        provider: "anthropic".into(),
        value,
    })
}

/// Everything the stream yields, and the error that ended it if one did.
pub async fn collect(
    stream: maya::llm::ProviderStream,
) -> (Vec<ProviderEvent>, Option<ProviderError>) {
    let mut events = Vec::new();
    let mut stream = stream;
    while let Some(item) = stream.next().await {
        match item {
            Ok(e) => events.push(e),
            Err(e) => {
                assert!(stream.next().await.is_none(), "nothing after an error");
                return (events, Some(e));
            }
        }
    }
    (events, None)
}

/// The events without the `Retrying` notices, which carry jittered delays.
pub fn without_retrying(events: &[ProviderEvent]) -> Vec<ProviderEvent> {
    events
        .iter()
        .filter(|e| !matches!(e, ProviderEvent::Retrying { .. }))
        .cloned()
        .collect()
}

/// The tools every request carries, in Anthropic's shape.
pub fn expected_tools() -> Value {
    Value::Array(
        maya::tools::specs()
            .into_iter()
            .map(|s| json!({"name": s.name, "description": s.description, "input_schema": s.parameters}))
            .collect(),
    )
}

/// One outgoing `POST /v1/messages`: the path, the headers, the key in `x-api-key` and nowhere
/// else, and the exact body (default model and settings, the system prompt, every tool schema,
/// and `messages`).
pub fn assert_messages_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    messages: &Value,
) {
    assert_eq!(method, "POST");
    assert!(url.ends_with("/v1/messages"), "{url}");
    assert!(!url.contains('?'), "no query: {url}");
    assert!(!url.contains(KEY), "the key is not in the URL");
    let header = |name: &str| {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(header("x-api-key"), [KEY]);
    assert_eq!(header("anthropic-version"), ["2023-06-01"]);
    assert_eq!(header("content-type"), ["application/json"]);
    for (name, value) in headers {
        if !name.eq_ignore_ascii_case("x-api-key") {
            assert!(!value.contains(KEY), "the key leaked into header {name}");
        }
    }
    let text = std::str::from_utf8(body).expect("a UTF-8 body");
    assert!(!text.contains(KEY), "the key is not in the body");
    let body: Value = serde_json::from_str(text).expect("a JSON body");
    let names: Vec<&str> = body["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "get_menu",
            "recommend",
            "add_to_tab",
            "remove_from_tab",
            "view_tab",
            "set_tip",
            "checkout",
            "payment_status",
            "cancel_checkout"
        ]
    );
    assert_eq!(
        body,
        json!({
            "model": "claude-sonnet-4-5",
            "max_tokens": 1024,
            "temperature": 0.7,
            "system": SYSTEM,
            "stream": true,
            "tools": expected_tools(),
            "messages": messages,
        })
    );
}

/// [`assert_messages_request`] on everything a wiremock server received: one request per entry
/// of `each`, with those `messages`.
pub async fn assert_received(server: &wiremock::MockServer, each: &[Value]) {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), each.len(), "requests received");
    for (r, messages) in requests.iter().zip(each) {
        let headers: Vec<(String, String)> = r
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        assert_messages_request(
            r.method.as_str(),
            r.url.as_str(),
            &headers,
            &r.body,
            messages,
        );
    }
}

pub fn sse(body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), "text/event-stream")
}

pub fn error_body(kind: &str, message: &str) -> String {
    json!({"type": "error", "error": {"type": kind, "message": message},
           "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"})
    .to_string()
}

pub async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// `first` answers the first request only, `then` every later one.
pub async fn serve_twice(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .respond_with(then)
        .mount(&server)
        .await;
    server
}

pub fn guest_asks() -> (Vec<ChatMessage>, Value) {
    (
        vec![user("Something citrusy, please")],
        json!([{"role": "user", "content": [{"type": "text", "text": "Something citrusy, please"}]}]),
    )
}

pub fn hello_events() -> Vec<ProviderEvent> {
    vec![
        ProviderEvent::TextDelta("A gin fizz, ".into()),
        ProviderEvent::TextDelta("bright and café-fresh 🍸".into()),
        ProviderEvent::Usage(Usage {
            input_tokens: 812,
            output_tokens: 21,
        }),
        raw(json!([{"type": "text", "text": "A gin fizz, bright and café-fresh 🍸"}])),
        ProviderEvent::Finish(FinishReason::Stop),
    ]
}

pub fn hello_body() -> String {
    text_reply(&["A gin fizz, ", "bright and café-fresh 🍸"])
}

/// What the raw socket server read: the request line + headers, and the body.
pub struct Recorded {
    pub head: String,
    pub body: Vec<u8>,
}

/// A one-shot HTTP/1.1 server that answers with `chunks`, each its own chunked-encoding chunk,
/// written and flushed separately with a pause between (wiremock sends a body at once).
pub async fn serve_in_chunks(chunks: Vec<Vec<u8>>) -> (String, tokio::task::JoinHandle<Recorded>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        sock.set_nodelay(true).unwrap();
        let mut buf = Vec::new();
        let mut tmp = [0u8; 4096];
        let head_end = loop {
            let n = sock.read(&mut tmp).await.unwrap();
            assert!(n > 0, "the request ended early");
            buf.extend_from_slice(&tmp[..n]);
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().unwrap())
            })
            .expect("a content-length");
        while buf.len() < head_end + length {
            let n = sock.read(&mut tmp).await.unwrap();
            assert!(n > 0, "the body ended early");
            buf.extend_from_slice(&tmp[..n]);
        }
        let out = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        sock.write_all(out).await.unwrap();
        for c in chunks {
            sock.write_all(format!("{:x}\r\n", c.len()).as_bytes())
                .await
                .unwrap();
            sock.write_all(&c).await.unwrap();
            sock.write_all(b"\r\n").await.unwrap();
            sock.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        sock.write_all(b"0\r\n\r\n").await.unwrap();
        sock.flush().await.unwrap();
        Recorded {
            head,
            body: buf[head_end..head_end + length].to_vec(),
        }
    });
    (base, task)
}
