//! The OpenAI-compatible provider streaming against real HTTP servers on 127.0.0.1 (wiremock,
//! and one hand-written chunked server) replaying the chat-completions wire format. Every test
//! also checks what went out: the system prompt, the history with its tool results, the tool
//! schemas, and the key in its header and nowhere else. Errors and retries are in
//! provider_openai_errors.rs.

use crate::support::openai;

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use maya::llm::{FinishReason, ProviderErrorKind, ProviderEvent, Usage};
use openai::*;

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
