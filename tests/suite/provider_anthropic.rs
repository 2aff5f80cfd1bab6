//! The Anthropic provider against real HTTP servers on 127.0.0.1 replaying the Messages API's
//! wire format. Every test that sends a request also checks what went out: the path, the key in
//! `x-api-key` and nowhere else, the system prompt, every tool schema and the history.
//!
//! This file holds the replies that stream; `faults.rs` the errors, retries and the key check;
//! `wire.rs` the wire format and the servers.

#[path = "provider_anthropic/faults.rs"]
mod faults;
#[path = "provider_anthropic/wire.rs"]
mod wire;

use maya::llm::{ChatMessage, FinishReason, Provider, ProviderEvent, RawTurn, Usage};
use serde_json::{Value, json};
use wire::*;

#[tokio::test]
async fn plain_text() {
    let server = serve(sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let p = provider_at(&server.uri());
    assert_eq!((p.id(), p.model()), ("anthropic", "claude-sonnet-4-5"));
    let (events, error) = collect(p.stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(events, hello_events());
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn a_base_url_copied_with_v1_is_not_doubled() {
    // The docs show `https://api.anthropic.com/v1/messages`; a guest who pastes the `/v1`
    // base must still reach `/v1/messages`, not `/v1/v1/messages`.
    let server = serve(sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let p = provider_at(&format!("{}/v1/", server.uri()));
    let (events, error) = collect(p.stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(events, hello_events());
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn crlf_framing() {
    let server = serve(sse(hello_body().replace('\n', "\r\n"))).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(events, hello_events());
    assert_received(&server, &[sent]).await;
}

/// A round after tools ran: the assistant turn goes back as its raw blocks (thinking with its
/// signature), the results as one user message with the guest's note merged in after them.
fn history_after_tools() -> (Vec<ChatMessage>, Value) {
    let raw_blocks = json!([
        {"type": "thinking", "thinking": "Sour means citrus.", "signature": "EqQBCkgIARABGAIiQL5p"},
        {"type": "text", "text": "Let me see what we have."},
        {"type": "tool_use", "id": "toolu_01A", "name": "recommend", "input": {"preference": "sour"}},
    ]);
    let history = vec![
        user("I'd like something sour"),
        ChatMessage::Assistant {
            text: "Let me see what we have.".into(),
            tool_calls: vec![call("toolu_01A", "recommend", r#"{"preference":"sour"}"#)],
            raw: Some(RawTurn {
                provider: "anthropic".into(),
                value: raw_blocks.clone(),
            }),
        },
        ChatMessage::ToolResult {
            call_id: "toolu_01A".into(),
            name: "recommend".into(),
            content: json!({"ok": true, "drinks": ["Whiskey Sour"]}),
        },
        user("Guest set a 15 % tip ($0.00)"),
        ChatMessage::Assistant {
            text: "A Whiskey Sour, then?".into(),
            tool_calls: vec![],
            raw: None,
        },
        user("Yes, one please"),
    ];
    let sent = json!([
        {"role": "user", "content": [{"type": "text", "text": "I'd like something sour"}]},
        {"role": "assistant", "content": raw_blocks},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_01A",
             "content": r#"{"drinks":["Whiskey Sour"],"ok":true}"#, "is_error": false},
            {"type": "text", "text": "Guest set a 15 % tip ($0.00)"},
        ]},
        {"role": "assistant", "content": [{"type": "text", "text": "A Whiskey Sour, then?"}]},
        {"role": "user", "content": [{"type": "text", "text": "Yes, one please"}]},
    ]);
    (history, sent)
}

#[tokio::test]
async fn one_tool_call_with_tool_results_and_raw_parts_in_the_history() {
    let body = [
        start(900),
        PING.to_string(),
        tool_start(0, "toolu_01B", "add_to_tab"),
        json_part(0, ""),
        json_part(0, r#"{"item": "Whiskey Sour","#),
        json_part(0, r#" "qty": 1}"#),
        block_stop(0),
        finish("tool_use", 33),
    ]
    .concat();
    let server = serve(sse(body)).await;
    let (history, sent) = history_after_tools();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(
        events,
        vec![
            ProviderEvent::ToolCall(call(
                "toolu_01B",
                "add_to_tab",
                r#"{"item": "Whiskey Sour", "qty": 1}"#
            )),
            ProviderEvent::Usage(Usage {
                input_tokens: 900,
                output_tokens: 33
            }),
            raw(
                json!([{"type": "tool_use", "id": "toolu_01B", "name": "add_to_tab",
                        "input": {"item": "Whiskey Sour", "qty": 1}}])
            ),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn parallel_tool_calls_after_text_with_pings_between() {
    let body = [
        start(640),
        text_start(0),
        text(0, "Two coming up."),
        PING.to_string(),
        block_stop(0),
        tool_start(1, "toolu_01C", "add_to_tab"),
        json_part(1, r#"{"item":"Negroni"}"#),
        block_stop(1),
        PING.to_string(),
        tool_start(2, "toolu_01D", "view_tab"),
        block_stop(2),
        finish("tool_use", 70),
    ]
    .concat();
    let server = serve(sse(body)).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&server.uri()).stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(
        events,
        vec![
            ProviderEvent::TextDelta("Two coming up.".into()),
            ProviderEvent::ToolCall(call("toolu_01C", "add_to_tab", r#"{"item":"Negroni"}"#)),
            ProviderEvent::ToolCall(call("toolu_01D", "view_tab", "{}")),
            ProviderEvent::Usage(Usage {
                input_tokens: 640,
                output_tokens: 70
            }),
            raw(json!([
                {"type": "text", "text": "Two coming up."},
                {"type": "tool_use", "id": "toolu_01C", "name": "add_to_tab", "input": {"item": "Negroni"}},
                {"type": "tool_use", "id": "toolu_01D", "name": "view_tab", "input": {}},
            ])),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
    assert_received(&server, &[sent]).await;
}

#[tokio::test]
async fn a_tool_call_split_over_many_chunks_mid_json_and_mid_utf8() {
    let args = r#"{"item": "Café Brûlot", "modifiers": ["flamed 🔥", "no sugar"], "qty": 2}"#;
    let mut body = start(700) + &tool_start(0, "toolu_01E", "add_to_tab");
    for piece in [
        "",
        r#"{"item": "Caf"#,
        r#"é Brûl"#,
        r#"ot", "modifiers": ["fla"#,
        "med 🔥",
        r#"", "no sugar"], "#,
        r#""qty": 2}"#,
    ] {
        body += &json_part(0, piece);
    }
    body += &(block_stop(0) + &finish("tool_use", 44));
    let bytes = body.as_bytes();
    // Cuts inside every multi-byte character and every 9 bytes (mid-field, mid-JSON).
    let mut cuts: Vec<usize> = (1..bytes.len())
        .filter(|&i| !body.is_char_boundary(i))
        .collect();
    cuts.extend((9..bytes.len()).step_by(9));
    cuts.sort_unstable();
    cuts.dedup();
    assert!(cuts.len() > 100);
    let mut chunks = Vec::new();
    let mut prev = 0;
    for c in cuts {
        chunks.push(bytes[prev..c].to_vec());
        prev = c;
    }
    chunks.push(bytes[prev..].to_vec());

    let (base, server) = serve_in_chunks(chunks).await;
    let (history, sent) = guest_asks();
    let (events, error) = collect(provider_at(&base).stream(chat(history))).await;
    assert_eq!(error, None);
    assert_eq!(
        events,
        vec![
            ProviderEvent::ToolCall(call("toolu_01E", "add_to_tab", args)),
            ProviderEvent::Usage(Usage {
                input_tokens: 700,
                output_tokens: 44
            }),
            raw(
                json!([{"type": "tool_use", "id": "toolu_01E", "name": "add_to_tab",
                        "input": serde_json::from_str::<Value>(args).unwrap()}])
            ),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
    let recorded = server.await.unwrap();
    let mut lines = recorded.head.lines();
    let request_line: Vec<&str> = lines.next().unwrap().split(' ').collect();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    assert_eq!(request_line[2], "HTTP/1.1");
    let url = format!("{base}{}", request_line[1]);
    assert_messages_request(request_line[0], &url, &headers, &recorded.body, &sent);
}

#[tokio::test]
async fn thinking_is_never_shown_and_goes_back_verbatim() {
    let thinking = [
        start(812),
        block_start(0, r#"{"type":"thinking","thinking":"","signature":""}"#),
        delta(
            0,
            json!({"type": "thinking_delta", "thinking": "Citrus: a gin fizz "}),
        ),
        delta(
            0,
            json!({"type": "thinking_delta", "thinking": "or a daiquiri."}),
        ),
        delta(
            0,
            json!({"type": "signature_delta", "signature": "EqQBCkgIARABGAIiQL5pZ=="}),
        ),
        block_stop(0),
        text_start(1),
        text(1, "A gin fizz?"),
        block_stop(1),
        finish("end_turn", 60),
    ]
    .concat();
    let server = serve_twice(sse(thinking), sse(hello_body())).await;
    let (history, sent) = guest_asks();
    let p = provider_at(&server.uri());
    let (events, error) = collect(p.stream(chat(history.clone()))).await;
    assert_eq!(error, None);
    let blocks = json!([
        {"type": "thinking", "thinking": "Citrus: a gin fizz or a daiquiri.",
         "signature": "EqQBCkgIARABGAIiQL5pZ=="},
        {"type": "text", "text": "A gin fizz?"},
    ]);
    assert_eq!(
        without_retrying(&events),
        vec![
            ProviderEvent::TextDelta("A gin fizz?".into()),
            ProviderEvent::Usage(Usage {
                input_tokens: 812,
                output_tokens: 60
            }),
            raw(blocks.clone()),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
    let ProviderEvent::Raw(turn) = events[2].clone() else {
        panic!("{events:?}")
    };
    let mut next = history;
    next.push(ChatMessage::Assistant {
        text: "A gin fizz?".into(),
        tool_calls: vec![],
        raw: Some(turn),
    });
    next.push(user("Make it two"));
    let (_, error) = collect(p.stream(chat(next))).await;
    assert_eq!(error, None);
    let mut sent_next = sent.as_array().unwrap().clone();
    sent_next.push(json!({"role": "assistant", "content": blocks}));
    sent_next.push(json!({"role": "user", "content": [{"type": "text", "text": "Make it two"}]}));
    assert_received(&server, &[sent, Value::Array(sent_next)]).await;
}
