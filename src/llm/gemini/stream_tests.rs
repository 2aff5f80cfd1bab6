//! The stream reader, fed through the one SSE parser the way the HTTP driver feeds it.

use std::sync::Arc;

use serde_json::json;

use super::GeminiStream;
use crate::llm::http::{Dialect, Failure};
use crate::llm::sse::SseParser;
use crate::llm::{FinishReason, ProviderErrorKind, ProviderEvent, RawTurn, ToolCall, Usage};

/// Events until the end or the first failure, with the body split into `chunks`.
fn read(chunks: &[&[u8]]) -> (Vec<ProviderEvent>, Option<Failure>) {
    let mut parser = SseParser::new();
    let mut dialect = GeminiStream::new(Arc::from("gemini-2.5-flash"));
    let mut out = Vec::new();
    let mut sse = Vec::new();
    for chunk in chunks {
        parser.push(chunk, &mut sse);
        for ev in sse.drain(..) {
            if let Err(f) = dialect.event(ev, &mut out) {
                return (out, Some(f));
            }
        }
    }
    let failure = dialect.end(parser.finish(), &mut out).err();
    (out, failure)
}

fn read_ok(body: &str) -> Vec<ProviderEvent> {
    let (events, failure) = read(&[body.as_bytes()]);
    assert_eq!(failure, None, "events so far: {events:?}");
    events
}

/// Records the way Gemini frames them: `data: <json>` and a CRLF blank line.
fn sse(records: &[&str]) -> String {
    records
        .iter()
        .map(|r| format!("data: {r}\r\n\r\n"))
        .collect()
}

fn text(s: &str) -> ProviderEvent {
    ProviderEvent::TextDelta(s.into())
}

fn raw(parts: serde_json::Value) -> ProviderEvent {
    ProviderEvent::Raw(RawTurn {
        provider: "gemini".into(),
        value: json!({"role": "model", "parts": parts}),
    })
}

fn usage(input: u64, output: u64) -> ProviderEvent {
    ProviderEvent::Usage(Usage {
        input_tokens: input,
        output_tokens: output,
    })
}

const HELLO: &str = r#"{"candidates": [{"content": {"parts": [{"text": "A gin "}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 120,"candidatesTokenCount": 2,"totalTokenCount": 122},"modelVersion": "gemini-2.5-flash","responseId": "r1"}"#;
const HELLO_END: &str = r#"{"candidates": [{"content": {"parts": [{"text": "fizz, caf\u00e9 style \ud83c\udf78"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 120,"candidatesTokenCount": 14,"totalTokenCount": 134},"modelVersion": "gemini-2.5-flash","responseId": "r1"}"#;

#[test]
fn plain_text_streams_and_is_kept_as_one_part() {
    let events = read_ok(&sse(&[HELLO, HELLO_END]));
    assert_eq!(
        events,
        [
            text("A gin "),
            text("fizz, café style 🍸"),
            raw(json!([{"text": "A gin fizz, café style 🍸"}])),
            usage(120, 14),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
}

#[test]
fn lf_framing_reads_the_same_as_crlf() {
    let lf: String = [HELLO, HELLO_END]
        .iter()
        .map(|r| format!("data: {r}\n\n"))
        .collect();
    assert_eq!(read_ok(&lf), read_ok(&sse(&[HELLO, HELLO_END])));
}

const TWO_CALLS: &str = r#"{"candidates": [{"content": {"parts": [{"functionCall": {"name": "add_to_tab","args": {"item": "Negroni","quantity": 2}},"thoughtSignature": "CiQB0e2Kb8sig/one=="},{"functionCall": {"name": "view_tab","args": {}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 300,"candidatesTokenCount": 21,"totalTokenCount": 321}}"#;

#[test]
fn parallel_calls_in_one_record_come_whole_with_fresh_ids() {
    let events = read_ok(&sse(&[TWO_CALLS]));
    assert_eq!(events.len(), 5, "{events:?}");
    let calls: Vec<&ToolCall> = events
        .iter()
        .filter_map(|e| match e {
            ProviderEvent::ToolCall(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].name, "add_to_tab");
    assert_eq!(calls[0].arguments, r#"{"item":"Negroni","quantity":2}"#);
    assert_eq!(calls[1].name, "view_tab");
    assert_eq!(calls[1].arguments, "{}");
    for c in &calls {
        let n = c.id.strip_prefix("gemini-call-").expect(&c.id);
        n.parse::<u64>().expect(&c.id);
    }
    assert_ne!(calls[0].id, calls[1].id);
    // The model parts go back exactly as they came, signature included.
    assert_eq!(
        events[2],
        raw(json!([
            {"functionCall": {"name": "add_to_tab", "args": {"item": "Negroni", "quantity": 2}},
             "thoughtSignature": "CiQB0e2Kb8sig/one=="},
            {"functionCall": {"name": "view_tab", "args": {}}}
        ]))
    );
    assert_eq!(events[3], usage(300, 21));
    assert_eq!(events[4], ProviderEvent::Finish(FinishReason::ToolCalls));
}

#[test]
fn a_call_id_from_gemini_is_kept() {
    let rec = r#"{"candidates": [{"content": {"parts": [{"functionCall": {"id": "fc-7x","name": "get_menu"}}],"role": "model"},"finishReason": "STOP"}]}"#;
    let events = read_ok(&sse(&[rec]));
    assert_eq!(
        events[0],
        ProviderEvent::ToolCall(ToolCall {
            id: "fc-7x".into(),
            name: "get_menu".into(),
            arguments: "{}".into(),
        })
    );
    assert_eq!(events[2], ProviderEvent::Finish(FinishReason::ToolCalls));
}

#[test]
fn thoughts_are_not_shown_but_are_kept_with_signatures() {
    let records = [
        r#"{"candidates": [{"content": {"parts": [{"text": "The guest wants citrus.","thought": true}],"role": "model"},"index": 0}]}"#,
        r#"{"candidates": [{"content": {"parts": [{"text": "Try a ","thoughtSignature": "sig-A"}],"role": "model"},"index": 0}]}"#,
        r#"{"candidates": [{"content": {"parts": [{"text": "gimlet."}],"role": "model"},"index": 0}]}"#,
        r#"{"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}]}"#,
    ];
    let events = read_ok(&sse(&records));
    assert_eq!(
        events,
        [
            text("Try a "),
            text("gimlet."),
            raw(json!([
                {"text": "The guest wants citrus.", "thought": true},
                {"text": "Try a ", "thoughtSignature": "sig-A"},
                {"text": "gimlet."}
            ])),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
}

/// Text with two- and four-byte characters, then a call whose arguments hold them too, with CRLF
/// framing: every byte position is tried as a chunk boundary.
#[test]
fn every_split_point_reads_like_the_whole_body() {
    let body = sse(&[
        r#"{"candidates": [{"content": {"parts": [{"text": "Un café ☕ pour 🍸"}],"role": "model"},"index": 0}]}"#,
        r#"{"candidates": [{"content": {"parts": [{"functionCall": {"id": "c1","name": "add_to_tab","args": {"item": "Café Brûlot 🍸","modifiers": ["flambé"]}},"thoughtSignature": "c2ln"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 8}}"#,
    ]);
    let expected = vec![
        text("Un café ☕ pour 🍸"),
        ProviderEvent::ToolCall(ToolCall {
            id: "c1".into(),
            name: "add_to_tab".into(),
            arguments: r#"{"item":"Café Brûlot 🍸","modifiers":["flambé"]}"#.into(),
        }),
        raw(json!([
            {"text": "Un café ☕ pour 🍸"},
            {"functionCall": {"id": "c1", "name": "add_to_tab",
                              "args": {"item": "Café Brûlot 🍸", "modifiers": ["flambé"]}},
             "thoughtSignature": "c2ln"}
        ])),
        usage(9, 8),
        ProviderEvent::Finish(FinishReason::ToolCalls),
    ];
    let bytes = body.as_bytes();
    for cut in 0..=bytes.len() {
        let (events, failure) = read(&[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(failure, None, "cut at {cut}");
        assert_eq!(events, expected, "cut at {cut}");
    }
    // And byte by byte.
    let singles: Vec<&[u8]> = bytes.chunks(1).collect();
    let (events, failure) = read(&singles);
    assert_eq!((events, failure), (expected, None));
}

#[test]
fn a_blocked_prompt_is_a_blocked_failure() {
    let rec = r#"{"promptFeedback": {"blockReason": "SAFETY","safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT","probability": "HIGH"}]},"usageMetadata": {"promptTokenCount": 12,"totalTokenCount": 12},"modelVersion": "gemini-2.5-flash"}"#;
    let (events, failure) = read(&[sse(&[rec]).as_bytes()]);
    assert_eq!(events, []);
    let f = failure.unwrap();
    assert_eq!(f.kind, ProviderErrorKind::Blocked);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "Gemini blocked the message (SAFETY); rephrase it and try again"
    );
}

#[test]
fn finish_reasons() {
    let cases = [
        ("MAX_TOKENS", FinishReason::MaxTokens),
        (
            "SAFETY",
            FinishReason::Safety("Gemini's safety filter stopped the reply (SAFETY)".into()),
        ),
        (
            "BLOCKLIST",
            FinishReason::Safety(
                "Gemini stopped the reply: it contained a blocklisted term (BLOCKLIST)".into(),
            ),
        ),
        (
            "PROHIBITED_CONTENT",
            FinishReason::Safety(
                "Gemini stopped the reply: it touched prohibited content (PROHIBITED_CONTENT)"
                    .into(),
            ),
        ),
        (
            "SPII",
            FinishReason::Safety(
                "Gemini stopped the reply: it contained sensitive personal information (SPII)"
                    .into(),
            ),
        ),
        (
            "RECITATION",
            FinishReason::Safety(
                "Gemini stopped the reply: it was reciting a source too closely (RECITATION)"
                    .into(),
            ),
        ),
        (
            "MALFORMED_FUNCTION_CALL",
            FinishReason::Other(
                "Gemini produced a tool call it could not complete (MALFORMED_FUNCTION_CALL)"
                    .into(),
            ),
        ),
        ("LANGUAGE", FinishReason::Other("LANGUAGE".into())),
    ];
    for (reason, expected) in cases {
        let rec = format!(
            r#"{{"candidates": [{{"content": {{"parts": [{{"text": "Hm"}}],"role": "model"}},"finishReason": "{reason}","index": 0}}]}}"#
        );
        let events = read_ok(&sse(&[&rec]));
        assert_eq!(
            events.last(),
            Some(&ProviderEvent::Finish(expected)),
            "{reason}"
        );
    }
}

#[test]
fn an_output_safety_stop_with_empty_content_has_no_raw_turn() {
    let rec = r#"{"candidates": [{"content": {"role": "model"},"finishReason": "SAFETY","index": 0,"safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT","probability": "HIGH","blocked": true}]}]}"#;
    assert_eq!(
        read_ok(&sse(&[rec])),
        [ProviderEvent::Finish(FinishReason::Safety(
            "Gemini's safety filter stopped the reply (SAFETY)".into()
        ))]
    );
}

#[test]
fn an_error_record_after_text_fails_after_the_text() {
    let err = r#"{"error": {"code": 503,"message": "The model is overloaded. Please try again later.","status": "UNAVAILABLE"}}"#;
    let (events, failure) = read(&[sse(&[HELLO, err]).as_bytes()]);
    assert_eq!(events, [text("A gin ")]);
    let f = failure.unwrap();
    assert_eq!(f.kind, ProviderErrorKind::Server);
    assert!(f.retryable);
    assert_eq!(
        f.message,
        "Gemini is busy or failing (503 UNAVAILABLE: The model is overloaded. Please try again later.); try again with /retry"
    );
}

#[test]
fn a_pretty_printed_error_tail_in_brackets_fails() {
    let tail = "[{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"An internal error has occurred.\",\n    \"status\": \"INTERNAL\"\n  }\n}\n]\n";
    let body = sse(&[HELLO]) + tail;
    let (events, failure) = read(&[body.as_bytes()]);
    assert_eq!(events, [text("A gin ")]);
    let f = failure.unwrap();
    assert_eq!(
        f.message,
        "Gemini is busy or failing (500 INTERNAL: An internal error has occurred.); try again with /retry"
    );
}

#[test]
fn a_body_cut_before_the_finish_reason_is_a_retryable_network_failure() {
    let (events, failure) = read(&[sse(&[HELLO]).as_bytes()]);
    assert_eq!(events, [text("A gin ")]);
    let f = failure.unwrap();
    assert_eq!(f.kind, ProviderErrorKind::Network);
    assert!(f.retryable);
}

#[test]
fn an_unterminated_last_record_still_counts() {
    let body = format!("data: {HELLO}\r\n\r\ndata: {HELLO_END}");
    assert_eq!(read_ok(&body), read_ok(&sse(&[HELLO, HELLO_END])));
}

#[test]
fn a_record_that_is_not_json_is_a_server_failure() {
    let (_, failure) = read(&[b"data: {\"candidates\": [\r\n\r\n"]);
    let f = failure.unwrap();
    assert_eq!(f.kind, ProviderErrorKind::Server);
    assert!(!f.retryable);
    assert!(
        f.message
            .starts_with("Gemini sent a stream record that is not JSON")
    );
}
