//! The OpenAI-compatible provider against real HTTP servers on 127.0.0.1 (wiremock, and one
//! hand-written chunked server) replaying the chat-completions wire format. Every test that
//! sends a request also checks what went out: the system prompt, the history with its tool
//! results, the tool schemas, and the key in its header and nowhere else.

use std::time::Duration;

use futures::StreamExt;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use maya::config::ProviderConfig;
use maya::llm::openai::OpenAi;
use maya::llm::retry::RetryPolicy;
use maya::llm::{
    ChatMessage, ChatRequest, FinishReason, KeyCheck, Provider, ProviderError, ProviderErrorKind,
    ProviderEvent, ToolCall, Usage,
};

const KEY: &str = "sk-test-abcdefghijklmnopqrstuvwxyz0123";
const SYSTEM: &str = "You are Maya, the bartender of MOK 5-ha.";

fn provider(server_uri: &str, key: Option<&str>) -> OpenAi {
    let cfg = ProviderConfig {
        base_url: format!("{server_uri}/v1/"),
        model: "gpt-test".into(),
        ..ProviderConfig::default()
    };
    OpenAi::new(&cfg, key.map(|k| SecretString::from(k.to_string())))
        .expect("provider")
        .with_retry_policy(RetryPolicy::fast())
}

/// A second round: the guest asked, the model called a tool, here is its result.
fn request() -> ChatRequest {
    ChatRequest {
        system: SYSTEM.into(),
        messages: vec![
            ChatMessage::User {
                text: "a negroni please".into(),
            },
            ChatMessage::Assistant {
                text: "One moment.".into(),
                tool_calls: vec![ToolCall {
                    id: "call_prev".into(),
                    name: "add_to_tab".into(),
                    arguments: r#"{"item":"Negroni"}"#.into(),
                }],
                raw: None,
            },
            ChatMessage::ToolResult {
                call_id: "call_prev".into(),
                name: "add_to_tab".into(),
                content: json!({"ok": true, "subtotal": "$11.00"}),
            },
        ],
        tools: maya::tools::specs(),
    }
}

fn expected_messages() -> Value {
    json!([
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "a negroni please"},
        {"role": "assistant", "content": "One moment.", "tool_calls": [
            {"id": "call_prev", "type": "function",
             "function": {"name": "add_to_tab", "arguments": "{\"item\":\"Negroni\"}"}}]},
        {"role": "tool", "tool_call_id": "call_prev", "content": "{\"ok\":true,\"subtotal\":\"$11.00\"}"}
    ])
}

/// What must have gone out, for every request the server saw.
fn assert_requests(requests: &[Request], key: Option<&str>) {
    assert!(!requests.is_empty());
    for r in requests {
        assert_eq!(r.method.as_str(), "POST");
        assert_eq!(r.url.path(), "/v1/chat/completions");
        assert_eq!(r.url.query(), None);
        let auth = r.headers.get("authorization").map(|v| v.to_str().unwrap());
        assert_eq!(auth, key.map(|k| format!("Bearer {k}")).as_deref());
        assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
        let body: Value = serde_json::from_slice(&r.body).expect("a JSON body");
        assert_eq!(body["model"], "gpt-test");
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"], json!({"include_usage": true}));
        assert_eq!(body["temperature"], 0.7);
        assert_eq!(body["max_tokens"], 1024);
        assert_eq!(body["messages"], expected_messages());
        assert_eq!(body["tool_choice"], "auto");
        let tools = body["tools"].as_array().unwrap();
        let specs = maya::tools::specs();
        assert_eq!(tools.len(), specs.len());
        for (t, s) in tools.iter().zip(&specs) {
            assert_eq!(
                t,
                &json!({"type": "function", "function": {
                    "name": s.name, "description": s.description, "parameters": s.parameters}})
            );
        }
        let add = tools
            .iter()
            .find(|t| t["function"]["name"] == "add_to_tab")
            .unwrap();
        assert_eq!(add["function"]["parameters"]["required"], json!(["item"]));
        // The key is in its header and nowhere else.
        assert!(!r.url.as_str().contains("sk-test"));
        assert!(!String::from_utf8_lossy(&r.body).contains("sk-test"));
        let elsewhere = r
            .headers
            .iter()
            .filter(|(n, _)| n.as_str() != "authorization")
            .any(|(_, v)| v.to_str().unwrap_or("").contains("sk-test"));
        assert!(!elsewhere);
    }
}

async fn collect(p: &OpenAi) -> (Vec<ProviderEvent>, Option<ProviderError>) {
    let mut stream = p.stream(request());
    let mut events = Vec::new();
    let mut error = None;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the stream ends")
    {
        match item {
            Ok(ev) => events.push(ev),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    (events, error)
}

fn sse(chunks: &[Value]) -> String {
    let mut s: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    s.push_str("data: [DONE]\n\n");
    s
}

fn chunk(delta: Value, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

fn usage(input: u64, output: u64) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
           "choices": [], "usage": {"prompt_tokens": input, "completion_tokens": output,
                                    "total_tokens": input + output}})
}

fn stream_answer(body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into().into_bytes(), "text/event-stream")
}

async fn server_with(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

fn tool(id: &str, name: &str, arguments: &str) -> ProviderEvent {
    ProviderEvent::ToolCall(ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    })
}

fn text(s: &str) -> ProviderEvent {
    ProviderEvent::TextDelta(s.into())
}

#[tokio::test]
async fn plain_text() {
    let body = sse(&[
        chunk(json!({"role": "assistant", "content": ""}), None),
        chunk(json!({"content": "A Negroni, "}), None),
        chunk(json!({"content": "stirred. \u{1f378}"}), None),
        chunk(json!({}), Some("stop")),
        usage(812, 9),
    ]);
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [
            text("A Negroni, "),
            text("stirred. \u{1f378}"),
            ProviderEvent::Usage(Usage {
                input_tokens: 812,
                output_tokens: 9
            }),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn one_tool_call() {
    let body = sse(&[
        chunk(
            json!({"role": "assistant", "content": null, "tool_calls": [{"index": 0, "id": "call_abc",
                "type": "function", "function": {"name": "add_to_tab", "arguments": ""}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": "{\"item\":"}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": " \"Negroni\", \"quantity\": 2}"}}]}),
            None,
        ),
        chunk(json!({}), Some("tool_calls")),
        usage(900, 20),
    ]);
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [
            tool(
                "call_abc",
                "add_to_tab",
                r#"{"item": "Negroni", "quantity": 2}"#
            ),
            ProviderEvent::Usage(Usage {
                input_tokens: 900,
                output_tokens: 20
            }),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
    assert_requests(&server.received_requests().await.unwrap(), Some(KEY));
}

#[tokio::test]
async fn parallel_tool_calls() {
    let body = sse(&[
        chunk(
            json!({"role": "assistant", "content": "Two drinks coming. ", "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function", "function": {"name": "add_to_tab", "arguments": ""}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": "{\"item\": \"Negroni\"}"}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 1, "id": "call_2", "type": "function",
                "function": {"name": "add_to_tab", "arguments": "{\"item\": \"Martini\", "}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 1, "function": {"arguments": "\"modifiers\": [\"dirty\"]}"}}]}),
            None,
        ),
        // Some servers say "stop" with calls present: not believed.
        chunk(json!({}), Some("stop")),
    ]);
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [
            text("Two drinks coming. "),
            tool("call_1", "add_to_tab", r#"{"item": "Negroni"}"#),
            tool(
                "call_2",
                "add_to_tab",
                r#"{"item": "Martini", "modifiers": ["dirty"]}"#
            ),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
    assert_requests(&server.received_requests().await.unwrap(), Some(KEY));
}

/// A tool call in many small fragments, cut mid-JSON and inside multi-byte characters.
fn split_body() -> (String, String) {
    let arguments =
        "{\"item\": \"Negroni\", \"modifiers\": [\"caf\u{e9} \u{1f378} on the rocks\"]}";
    let pieces: Vec<String> = arguments
        .chars()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.iter().collect())
        .collect();
    let mut chunks = vec![chunk(
        json!({"role": "assistant", "tool_calls": [{"index": 0, "id": "call_split", "type": "function",
            "function": {"name": "add_to_tab", "arguments": ""}}]}),
        None,
    )];
    for p in &pieces {
        chunks.push(chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}),
            None,
        ));
    }
    chunks.push(chunk(json!({}), Some("tool_calls")));
    (sse(&chunks), arguments.to_string())
}

#[tokio::test]
async fn a_tool_call_split_over_many_chunks() {
    let (body, arguments) = split_body();
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [
            tool("call_split", "add_to_tab", &arguments),
            ProviderEvent::Finish(FinishReason::ToolCalls)
        ]
    );
    assert_requests(&server.received_requests().await.unwrap(), Some(KEY));
}

/// A server that sends the body in pieces of `piece` bytes, each its own HTTP chunk, so the
/// boundaries really fall mid-UTF-8 and mid-JSON on the wire. Answers one request.
async fn chunked_server(body: String, piece: usize) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut req = Vec::new();
        let mut buf = [0u8; 8192];
        // Headers, then as much body as Content-Length says.
        let body_len = loop {
            let n = sock.read(&mut buf).await.unwrap();
            assert!(n > 0, "client closed early");
            req.extend_from_slice(&buf[..n]);
            if let Some(end) = req.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&req[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse().unwrap())
                    .unwrap_or(0);
                break end + 4 + len;
            }
        };
        while req.len() < body_len {
            let n = sock.read(&mut buf).await.unwrap();
            req.extend_from_slice(&buf[..n]);
        }
        sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        sock.set_nodelay(true).unwrap();
        for (i, p) in body.as_bytes().chunks(piece).enumerate() {
            let mut frame = format!("{:x}\r\n", p.len()).into_bytes();
            frame.extend_from_slice(p);
            frame.extend_from_slice(b"\r\n");
            sock.write_all(&frame).await.unwrap();
            sock.flush().await.unwrap();
            // Pause now and then so the client reads the pieces apart, not all at once.
            if i % 16 == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        sock.write_all(b"0\r\n\r\n").await.unwrap();
        String::from_utf8_lossy(&req).into_owned()
    });
    (uri, task)
}

#[tokio::test]
async fn hostile_chunk_boundaries_over_the_wire() {
    let (body, arguments) = split_body();
    for piece in [1, 7, 50] {
        let (uri, server) = chunked_server(body.clone(), piece).await;
        let (events, err) = collect(&provider(&uri, Some(KEY))).await;
        assert_eq!(err, None, "pieces of {piece}");
        assert_eq!(
            events,
            [
                tool("call_split", "add_to_tab", &arguments),
                ProviderEvent::Finish(FinishReason::ToolCalls)
            ],
            "pieces of {piece}"
        );
        let raw = server.await.unwrap();
        assert!(
            raw.starts_with("POST /v1/chat/completions HTTP/1.1\r\n"),
            "{raw}"
        );
        assert!(
            raw.contains(&format!("authorization: Bearer {KEY}\r\n")),
            "{raw}"
        );
        let body = &raw[raw.find("\r\n\r\n").unwrap() + 4..];
        let body: Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["messages"], expected_messages());
        assert_eq!(raw.matches(KEY).count(), 1, "the key only in its header");
    }
}

#[tokio::test]
async fn crlf_framing() {
    let body = sse(&[
        chunk(json!({"content": "Cheers"}), None),
        chunk(json!({}), Some("stop")),
    ])
    .replace('\n', "\r\n");
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [text("Cheers"), ProviderEvent::Finish(FinishReason::Stop)]
    );
    assert_requests(&server.received_requests().await.unwrap(), Some(KEY));
}

#[tokio::test]
async fn an_error_after_some_text() {
    // OpenRouter reports a failed upstream inside the 200 stream; nothing is retried after text.
    let mut body = String::from(": OPENROUTER PROCESSING\n\n");
    body.push_str(&format!(
        "data: {}\n\n",
        chunk(json!({"content": "Half a sen"}), None)
    ));
    body.push_str(
        "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"error\":{\"code\":502,\"message\":\"Upstream provider disconnected\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n",
    );
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    assert_eq!(events, [text("Half a sen")]);
    let err = err.expect("an error");
    assert!(err.after_first_token);
    assert_eq!(err.kind, ProviderErrorKind::Server);
    assert_eq!(
        err.message,
        "the OpenAI-compatible server reported an error in the reply (502: Upstream provider disconnected); try again with /retry"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "no retry after text");
    assert_requests(&requests, Some(KEY));
}

#[tokio::test]
async fn a_reply_cut_off_is_retried_then_reported() {
    let body = format!("data: {}\n\n", chunk(json!({"role": "assistant"}), None));
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), Some(KEY))).await;
    let err = err.expect("an error");
    assert_eq!(err.kind, ProviderErrorKind::Network);
    assert!(!err.after_first_token);
    assert_eq!(
        err.message,
        "the reply from the OpenAI-compatible server was cut off before its end; try again with /retry"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ProviderEvent::Retrying { .. }))
            .count(),
        3
    );
    assert_requests(&server.received_requests().await.unwrap(), Some(KEY));
}

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
async fn a_local_server_without_a_key_gets_no_authorization_header() {
    let body = sse(&[
        chunk(
            json!({"role": "assistant", "content": "Hi from Ollama"}),
            None,
        ),
        chunk(json!({}), Some("stop")),
    ]);
    let server = server_with(stream_answer(body)).await;
    let (events, err) = collect(&provider(&server.uri(), None)).await;
    assert_eq!(err, None);
    assert_eq!(
        events,
        [
            text("Hi from Ollama"),
            ProviderEvent::Finish(FinishReason::Stop)
        ]
    );
    assert_requests(&server.received_requests().await.unwrap(), None);
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
            "the OpenAI-compatible server at {}/v1 wants an API key (401: Unauthorized); set one: maya keys set openai",
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
