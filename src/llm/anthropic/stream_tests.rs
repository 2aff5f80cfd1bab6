//! The Messages stream through the real SSE parser, including every chunk boundary.

use serde_json::{Value, json};

use super::{MessagesStream, finish_reason};
use crate::llm::http::{Dialect, Failure};
use crate::llm::sse::SseParser;
use crate::llm::{FinishReason, ProviderErrorKind, ProviderEvent, RawTurn, ToolCall, Usage};

fn ev(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn start(input_tokens: u64) -> String {
    ev(
        "message_start",
        &format!(
            r#"{{"type":"message_start","message":{{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{{"input_tokens":{input_tokens},"output_tokens":1}}}}}}"#
        ),
    )
}

fn block_start(index: u32, block: &str) -> String {
    ev(
        "content_block_start",
        &format!(r#"{{"type":"content_block_start","index":{index},"content_block":{block}}}"#),
    )
}

fn delta(index: u32, delta: Value) -> String {
    ev(
        "content_block_delta",
        &json!({"type": "content_block_delta", "index": index, "delta": delta}).to_string(),
    )
}

fn text(index: u32, t: &str) -> String {
    delta(index, json!({"type": "text_delta", "text": t}))
}

fn json_part(index: u32, part: &str) -> String {
    delta(
        index,
        json!({"type": "input_json_delta", "partial_json": part}),
    )
}

fn block_stop(index: u32) -> String {
    ev(
        "content_block_stop",
        &format!(r#"{{"type":"content_block_stop","index":{index}}}"#),
    )
}

fn finish(reason: &str, output_tokens: u64) -> String {
    ev(
        "message_delta",
        &format!(
            r#"{{"type":"message_delta","delta":{{"stop_reason":"{reason}","stop_sequence":null}},"usage":{{"output_tokens":{output_tokens}}}}}"#
        ),
    ) + &ev("message_stop", r#"{"type":"message_stop"}"#)
}

const PING: &str = "event: ping\ndata: {\"type\": \"ping\"}\n\n";

fn run(chunks: &[&[u8]]) -> (Vec<ProviderEvent>, Result<(), Failure>) {
    let mut parser = SseParser::new();
    let mut dialect = MessagesStream::new();
    let mut out = Vec::new();
    let mut events = Vec::new();
    for chunk in chunks {
        parser.push(chunk, &mut events);
        for e in events.drain(..) {
            if let Err(f) = dialect.event(e, &mut out) {
                return (out, Err(f));
            }
        }
    }
    let result = dialect.end(parser.finish(), &mut out);
    (out, result)
}

fn run_ok(body: &str) -> Vec<ProviderEvent> {
    let (events, result) = run(&[body.as_bytes()]);
    result.expect("the stream ends well");
    events
}

fn raw(value: Value) -> ProviderEvent {
    ProviderEvent::Raw(RawTurn {
        provider: "anthropic".into(),
        value,
    })
}

fn call(id: &str, name: &str, arguments: &str) -> ProviderEvent {
    ProviderEvent::ToolCall(ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    })
}

fn usage(input_tokens: u64, output_tokens: u64) -> ProviderEvent {
    ProviderEvent::Usage(Usage {
        input_tokens,
        output_tokens,
    })
}

#[test]
fn plain_text_with_pings_anywhere() {
    let body = [
        PING.to_string(),
        start(25),
        block_start(0, r#"{"type":"text","text":""}"#),
        PING.to_string(),
        text(0, "Hello"),
        text(0, " there"),
        block_stop(0),
        PING.to_string(),
        finish("end_turn", 15),
    ]
    .concat();
    assert_eq!(
        run_ok(&body),
        vec![
            ProviderEvent::TextDelta("Hello".into()),
            ProviderEvent::TextDelta(" there".into()),
            usage(25, 15),
            raw(json!([{"type": "text", "text": "Hello there"}])),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
}

fn text_then_tool_body() -> String {
    [
        start(472),
        block_start(0, r#"{"type":"text","text":""}"#),
        text(0, "One negroni, coming up."),
        block_stop(0),
        block_start(
            1,
            r#"{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"add_to_tab","input":{}}"#,
        ),
        json_part(1, ""),
        json_part(1, r#"{"drink": "negr"#),
        json_part(1, r#"oni", "modifiers": ["caf"#),
        json_part(1, "é 🍸\"]}"),
        block_stop(1),
        finish("tool_use", 89),
    ]
    .concat()
}

const NEGRONI_ARGS: &str = r#"{"drink": "negroni", "modifiers": ["café 🍸"]}"#;

fn text_then_tool_events() -> Vec<ProviderEvent> {
    vec![
        ProviderEvent::TextDelta("One negroni, coming up.".into()),
        call("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "add_to_tab", NEGRONI_ARGS),
        usage(472, 89),
        raw(json!([
            {"type": "text", "text": "One negroni, coming up."},
            {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "add_to_tab",
             "input": {"drink": "negroni", "modifiers": ["café 🍸"]}},
        ])),
        ProviderEvent::Finish(FinishReason::ToolCalls),
    ]
}

#[test]
fn a_text_block_then_a_tool_use_block() {
    assert_eq!(run_ok(&text_then_tool_body()), text_then_tool_events());
}

#[test]
fn every_chunk_boundary_gives_the_same_events() {
    let body = text_then_tool_body();
    let bytes = body.as_bytes();
    let expected = text_then_tool_events();
    for cut in 0..=bytes.len() {
        let (events, result) = run(&[&bytes[..cut], &bytes[cut..]]);
        assert!(result.is_ok(), "cut at {cut}: {result:?}");
        assert_eq!(events, expected, "cut at {cut}");
    }
    let singles: Vec<&[u8]> = bytes.chunks(1).collect();
    let (events, result) = run(&singles);
    assert!(result.is_ok());
    assert_eq!(events, expected, "byte by byte");
}

#[test]
fn crlf_and_cr_framing_read_the_same() {
    let body = text_then_tool_body();
    for nl in ["\r\n", "\r"] {
        let framed = body.replace('\n', nl);
        assert_eq!(run_ok(&framed), text_then_tool_events(), "{nl:?}");
    }
}

#[test]
fn two_tool_use_blocks_and_an_empty_input() {
    let body = [
        start(10),
        block_start(
            0,
            r#"{"type":"tool_use","id":"toolu_a","name":"add_to_tab","input":{}}"#,
        ),
        json_part(0, r#"{"drink":"beer","qty":2}"#),
        block_stop(0),
        block_start(
            1,
            r#"{"type":"tool_use","id":"toolu_b","name":"show_tab","input":{}}"#,
        ),
        block_stop(1),
        finish("tool_use", 40),
    ]
    .concat();
    assert_eq!(
        run_ok(&body),
        vec![
            call("toolu_a", "add_to_tab", r#"{"drink":"beer","qty":2}"#),
            call("toolu_b", "show_tab", "{}"),
            usage(10, 40),
            raw(json!([
                {"type": "tool_use", "id": "toolu_a", "name": "add_to_tab",
                 "input": {"drink": "beer", "qty": 2}},
                {"type": "tool_use", "id": "toolu_b", "name": "show_tab", "input": {}},
            ])),
            ProviderEvent::Finish(FinishReason::ToolCalls),
        ]
    );
}

#[test]
fn thinking_is_kept_in_raw_and_never_shown() {
    let body = [
        start(30),
        block_start(0, r#"{"type":"thinking","thinking":"","signature":""}"#),
        delta(
            0,
            json!({"type": "thinking_delta", "thinking": "The guest wants "}),
        ),
        delta(
            0,
            json!({"type": "thinking_delta", "thinking": "something sour."}),
        ),
        delta(
            0,
            json!({"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}),
        ),
        block_stop(0),
        block_start(
            1,
            r#"{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}"#,
        ),
        block_stop(1),
        block_start(2, r#"{"type":"text","text":""}"#),
        text(2, "A whiskey sour?"),
        block_stop(2),
        finish("end_turn", 50),
    ]
    .concat();
    assert_eq!(
        run_ok(&body),
        vec![
            ProviderEvent::TextDelta("A whiskey sour?".into()),
            usage(30, 50),
            raw(json!([
                {"type": "thinking", "thinking": "The guest wants something sour.",
                 "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
                {"type": "text", "text": "A whiskey sour?"},
            ])),
            ProviderEvent::Finish(FinishReason::Stop),
        ]
    );
}

#[test]
fn stop_reasons() {
    assert_eq!(finish_reason(Some("end_turn")), FinishReason::Stop);
    assert_eq!(finish_reason(Some("tool_use")), FinishReason::ToolCalls);
    assert_eq!(finish_reason(Some("max_tokens")), FinishReason::MaxTokens);
    assert_eq!(
        finish_reason(Some("refusal")),
        FinishReason::Safety("Claude declined".into())
    );
    assert_eq!(
        finish_reason(Some("pause_turn")),
        FinishReason::Other("pause_turn".into())
    );
    let body = [start(1), finish("refusal", 2)].concat();
    assert_eq!(
        run_ok(&body).last(),
        Some(&ProviderEvent::Finish(FinishReason::Safety(
            "Claude declined".into()
        )))
    );
}

#[test]
fn cached_input_tokens_count_as_input() {
    let body = ev(
        "message_start",
        r#"{"type":"message_start","message":{"usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":20,"output_tokens":1}}}"#,
    ) + &finish("end_turn", 7);
    assert_eq!(run_ok(&body)[0], usage(125, 7));
}

fn error_event(kind: &str, message: &str) -> String {
    ev(
        "error",
        &json!({"type": "error", "error": {"type": kind, "message": message}}).to_string(),
    )
}

#[test]
fn error_events_are_judged_by_their_type() {
    let cases = [
        (
            "overloaded_error",
            "Overloaded",
            ProviderErrorKind::RateLimited,
            true,
        ),
        (
            "rate_limit_error",
            "slow down",
            ProviderErrorKind::RateLimited,
            true,
        ),
        (
            "api_error",
            "Internal server error",
            ProviderErrorKind::Server,
            true,
        ),
        (
            "invalid_request_error",
            "messages: bad",
            ProviderErrorKind::Server,
            false,
        ),
        (
            "authentication_error",
            "invalid x-api-key",
            ProviderErrorKind::Auth,
            false,
        ),
        (
            "invalid_request_error",
            "Your credit balance is too low to access the Anthropic API.",
            ProviderErrorKind::Quota,
            false,
        ),
    ];
    for (kind, message, want, retryable) in cases {
        let body = [start(1), PING.to_string(), error_event(kind, message)].concat();
        let (events, result) = run(&[body.as_bytes()]);
        assert!(events.is_empty(), "{kind}: {events:?}");
        let f = result.expect_err(kind);
        assert_eq!((f.kind, f.retryable), (want, retryable), "{kind}");
        assert!(f.message.contains(message), "{}", f.message);
    }
}

#[test]
fn an_error_after_text_keeps_the_text_before_it() {
    let body = [
        start(1),
        block_start(0, r#"{"type":"text","text":""}"#),
        text(0, "Shaking your"),
        error_event("overloaded_error", "Overloaded"),
        text(0, " never seen"),
    ]
    .concat();
    let (events, result) = run(&[body.as_bytes()]);
    assert_eq!(
        events,
        vec![ProviderEvent::TextDelta("Shaking your".into())]
    );
    let f = result.unwrap_err();
    assert_eq!(f.kind, ProviderErrorKind::RateLimited);
    assert_eq!(
        f.message,
        "Anthropic is busy (overloaded_error: Overloaded); try again with /retry"
    );
}

#[test]
fn a_stream_without_message_stop_was_cut_off() {
    let body = [
        start(1),
        block_start(0, r#"{"type":"text","text":""}"#),
        text(0, "Hal"),
    ]
    .concat();
    let (events, result) = run(&[body.as_bytes()]);
    assert_eq!(events, vec![ProviderEvent::TextDelta("Hal".into())]);
    let f = result.unwrap_err();
    assert_eq!((f.kind, f.retryable), (ProviderErrorKind::Network, true));
    assert_eq!(
        f.message,
        "Anthropic ended the stream early: the reply was cut off; try again with /retry"
    );
}

#[test]
fn a_raw_json_error_tail_names_the_error() {
    let body = start(1)
        + "{\n  \"type\": \"error\",\n  \"error\": {\"type\": \"api_error\", \"message\": \"upstream reset\"}\n}\n";
    let (_, result) = run(&[body.as_bytes()]);
    let f = result.unwrap_err();
    assert_eq!((f.kind, f.retryable), (ProviderErrorKind::Server, true));
    assert!(f.message.contains("upstream reset"), "{}", f.message);
    let (_, result) = run(&[b"<html>Bad Gateway</html>\n"]);
    let f = result.unwrap_err();
    assert_eq!(f.kind, ProviderErrorKind::Network);
    assert!(
        f.message.contains("<html>Bad Gateway</html>"),
        "{}",
        f.message
    );
}

#[test]
fn a_last_event_without_its_blank_line_still_counts() {
    let body = [start(3), finish("end_turn", 4)].concat();
    let trimmed = body.trim_end_matches('\n');
    assert_eq!(
        run_ok(trimmed).last(),
        Some(&ProviderEvent::Finish(FinishReason::Stop))
    );
}

#[test]
fn malformed_events_and_events_after_the_end() {
    let (_, result) = run(&[b"event: content_block_delta\ndata: {\"type\":\n\n"]);
    let f = result.unwrap_err();
    assert_eq!((f.kind, f.retryable), (ProviderErrorKind::Server, false));
    let (_, result) = run(&[text(3, "orphan").as_bytes()]);
    assert_eq!(result.unwrap_err().kind, ProviderErrorKind::Server);
    let after = [
        start(1),
        finish("end_turn", 1),
        text(0, "late"),
        error_event("api_error", "x"),
    ]
    .concat();
    let events = run_ok(&after);
    assert_eq!(events.len(), 3, "{events:?}");
}
