//! The Gemini provider against real HTTP servers on 127.0.0.1 replaying Gemini's wire format:
//! `data: <GenerateContentResponse>` records with CRLF framing, google.rpc error bodies
//! pretty-printed the way Google sends them.

#[path = "provider_gemini/chunked.rs"]
mod chunked;
#[path = "provider_gemini/errors.rs"]
mod errors;
#[path = "provider_gemini/fixtures.rs"]
mod fixtures;

use maya::config::ProviderConfig;
use maya::llm::gemini::Gemini;
use maya::llm::{ChatMessage, FinishReason, Provider, ProviderErrorKind, ProviderEvent, ToolCall};
use secrecy::SecretString;
use serde_json::{Value, json};

use fixtures::*;

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
