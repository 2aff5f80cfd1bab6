//! Streamed chat-completions chunks → events without a network, fed through the one SSE parser
//! with chunk boundaries anywhere. The whole path over HTTP is in tests/provider_openai*.rs.

use serde_json::json;

use super::ChunkReader;
use crate::llm::http::{Dialect, Failure};
use crate::llm::sse::SseParser;
use crate::llm::{FinishReason, ToolCall, Usage};
use crate::llm::{ProviderErrorKind as K, ProviderEvent as E};

/// Feed `chunks` through the one SSE parser and the reader, as the HTTP driver does.
fn read(chunks: &[&[u8]]) -> (Vec<E>, Result<(), Failure>) {
    let mut parser = SseParser::new();
    let mut reader = ChunkReader::new("OpenAI");
    let mut out = Vec::new();
    let mut events = Vec::new();
    for c in chunks {
        parser.push(c, &mut events);
        for ev in events.drain(..) {
            if let Err(f) = reader.event(ev, &mut out) {
                return (out, Err(f));
            }
        }
    }
    let end = parser.finish();
    let r = reader.end(end, &mut out);
    (out, r)
}

fn read_all(body: &str) -> (Vec<E>, Result<(), Failure>) {
    read(&[body.as_bytes()])
}

fn call(id: &str, name: &str, arguments: &str) -> E {
    E::ToolCall(ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    })
}

fn text(s: &str) -> E {
    E::TextDelta(s.into())
}

fn sse(chunks: &[serde_json::Value]) -> String {
    let mut s: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    s.push_str("data: [DONE]\n\n");
    s
}

#[test]
fn plain_text_with_usage_after_the_finish() {
    let body = sse(&[
        json!({"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}),
        json!({"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}),
        json!({"choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}),
        json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}),
        json!({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}),
    ]);
    let (ev, r) = read_all(&body);
    r.unwrap();
    assert_eq!(
        ev,
        [
            text("Hello"),
            text(" there"),
            E::Usage(Usage {
                input_tokens: 12,
                output_tokens: 3
            }),
            E::Finish(FinishReason::Stop),
        ]
    );
}

/// OpenAI's own shape: the id and name on the first fragment, arguments in pieces.
const PARALLEL: &str = concat!(
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"add_to_tab\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"item\\\": \\\"Negr\"}}]},\"finish_reason\":null}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"oni\\\", \\\"modifiers\\\": [\\\"caf\u{e9} \u{1f378}\\\"]}\"}}]},\"finish_reason\":null}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"view_tab\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
    "data: [DONE]\n\n",
);

fn parallel_events() -> Vec<E> {
    vec![
        call(
            "call_1",
            "add_to_tab",
            "{\"item\": \"Negroni\", \"modifiers\": [\"caf\u{e9} \u{1f378}\"]}",
        ),
        call("call_2", "view_tab", "{}"),
        E::Finish(FinishReason::ToolCalls),
    ]
}

#[test]
fn parallel_tool_calls_are_joined_per_index() {
    let (ev, r) = read_all(PARALLEL);
    r.unwrap();
    assert_eq!(ev, parallel_events());
}

#[test]
fn every_split_point_gives_the_same_calls() {
    // Every cut lands somewhere hostile in turn: mid-line, mid-JSON, inside é and 🍸.
    let bytes = PARALLEL.as_bytes();
    for cut in 0..=bytes.len() {
        let (ev, r) = read(&[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(r, Ok(()), "cut at {cut}");
        assert_eq!(ev, parallel_events(), "cut at {cut}");
    }
    // And one byte at a time.
    let singles: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(read(&singles).0, parallel_events());
}

#[test]
fn crlf_framing() {
    let body = PARALLEL.replace("\n", "\r\n");
    let (ev, r) = read_all(&body);
    r.unwrap();
    assert_eq!(ev, parallel_events());
}

#[test]
fn ollama_reuses_index_zero_for_parallel_calls() {
    let body = sse(&[
        json!({"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[
            {"id":"call_x1","index":0,"type":"function","function":{"name":"add_to_tab","arguments":"{\"item\":\"Negroni\"}"}}]},"finish_reason":null}]}),
        json!({"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[
            {"id":"call_x2","index":0,"type":"function","function":{"name":"add_to_tab","arguments":"{\"item\":\"Martini\"}"}}]},"finish_reason":null}]}),
        json!({"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}),
    ]);
    let (ev, r) = read_all(&body);
    r.unwrap();
    assert_eq!(
        ev,
        [
            call("call_x1", "add_to_tab", r#"{"item":"Negroni"}"#),
            call("call_x2", "add_to_tab", r#"{"item":"Martini"}"#),
            // "stop" with calls present is not believed.
            E::Finish(FinishReason::ToolCalls),
        ]
    );
}

#[test]
fn fragments_without_an_index_and_without_an_id() {
    let body = sse(&[
        // No index, an id: a new call; the same id again continues it.
        json!({"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"get_menu","arguments":"{\"cat"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"get_menu","arguments":"egory\":\"beer\"}"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"id":"b","function":{"name":"view_tab"}}]}}]}),
        // Neither: it continues the last call.
        json!({"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}"}}]}}]}),
        // No id at all on this one: an id is made up.
        json!({"choices":[{"delta":{"tool_calls":[{"index":5,"function":{"name":"view_tab","arguments":{"x":1}}}]}}]}),
        json!({"choices":[{"delta":{},"finish_reason":"tool_calls"}]}),
    ]);
    let (ev, r) = read_all(&body);
    r.unwrap();
    assert_eq!(
        ev,
        [
            call("a", "get_menu", r#"{"category":"beer"}"#),
            call("b", "view_tab", "{}"),
            call("call_3", "view_tab", r#"{"x":1}"#),
            E::Finish(FinishReason::ToolCalls),
        ]
    );
}

#[test]
fn finish_reasons_and_other_choices() {
    let one = |reason: &str| {
        let body = sse(&[
            json!({"choices":[{"index":1,"delta":{"content":"other choice"}}]}),
            json!({"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":reason}]}),
        ]);
        read_all(&body).0
    };
    assert_eq!(
        one("length"),
        [text("x"), E::Finish(FinishReason::MaxTokens)]
    );
    assert_eq!(
        one("content_filter"),
        [
            text("x"),
            E::Finish(FinishReason::Safety("content filter".into()))
        ]
    );
    assert_eq!(
        one("eos"),
        [text("x"), E::Finish(FinishReason::Other("eos".into()))]
    );
}

#[test]
fn a_finish_without_done_is_complete_and_after_done_nothing_counts() {
    let body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}";
    let (ev, r) = read_all(body);
    r.unwrap();
    assert_eq!(ev, [text("hi"), E::Finish(FinishReason::Stop)]);

    let body = "data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n";
    assert_eq!(read_all(body).0, [E::Finish(FinishReason::Stop)]);
}

#[test]
fn keep_alive_comments_are_ignored() {
    let body = ": OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n: keep-alive\n\ndata: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    let (ev, r) = read_all(body);
    r.unwrap();
    assert_eq!(ev, [text("ok"), E::Finish(FinishReason::Stop)]);
}

#[test]
fn an_openrouter_error_event_mid_stream() {
    let body = concat!(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half\"}}]}\n\n",
        "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n",
    );
    let (ev, r) = read_all(body);
    assert_eq!(ev, [text("Half")]);
    let f = r.unwrap_err();
    assert_eq!(f.kind, K::Server);
    assert!(f.retryable);
    assert_eq!(
        f.message,
        "OpenAI reported an error in the reply (502: Provider disconnected); try again with /retry"
    );
}

#[test]
fn vllm_errors_and_quota_errors_in_the_stream() {
    let (_, r) = read_all(
        "data: {\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}\n\n",
    );
    let f = r.unwrap_err();
    assert_eq!(f.kind, K::Server);
    assert!(!f.retryable);
    assert_eq!(
        f.message,
        "OpenAI reported an error in the reply (400: max_tokens too large)"
    );

    let (_, r) = read_all(
        "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}\n\n",
    );
    let f = r.unwrap_err();
    assert_eq!((f.kind, f.retryable), (K::RateLimited, true));

    let (_, r) = read_all(
        "data: {\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}\n\n",
    );
    let f = r.unwrap_err();
    assert_eq!((f.kind, f.retryable), (K::Quota, false));
}

#[test]
fn a_raw_json_tail_is_the_providers_error() {
    let body = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n{\n  \"error\": {\n    \"message\": \"The server had an error while processing your request.\",\n    \"type\": \"server_error\"\n  }\n}\n";
    let (ev, r) = read_all(body);
    assert_eq!(ev, [text("Hi")]);
    let f = r.unwrap_err();
    assert_eq!(f.kind, K::Server);
    assert!(f.retryable);
    assert_eq!(
        f.message,
        "OpenAI reported an error in the reply (server_error: The server had an error while processing your request.); try again with /retry"
    );

    let (_, r) = read_all("<html>Bad Gateway</html>\n");
    assert_eq!(
        r.unwrap_err().message,
        "OpenAI ended the reply with: <html>Bad Gateway</html>"
    );
}

#[test]
fn a_stream_cut_before_its_end() {
    let (ev, r) = read_all("data: {\"choices\":[{\"delta\":{\"content\":\"Hal\"}}]}\n\n");
    assert_eq!(ev, [text("Hal")]);
    let f = r.unwrap_err();
    assert_eq!(f.kind, K::Network);
    assert!(f.retryable);
    assert_eq!(
        f.message,
        "the reply from OpenAI was cut off before its end; try again with /retry"
    );
    // A tool call whose finish never came is not emitted.
    let (ev, r) = read_all(
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"view_tab\",\"arguments\":\"{}\"}}]}}]}\n\n",
    );
    assert!(ev.is_empty() && r.is_err());
}

#[test]
fn a_chunk_that_is_not_json() {
    let (_, r) = read_all("data: {\"choices\": [\n\n");
    let f = r.unwrap_err();
    assert_eq!(f.kind, K::Server);
    assert!(
        f.message
            .starts_with("OpenAI sent a stream chunk that is not JSON"),
        "{}",
        f.message
    );
}

#[test]
fn a_server_that_ignores_stream_true() {
    let body = r#"{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,
"message":{"role":"assistant","content":"On it.","tool_calls":[
{"id":"call_w","type":"function","function":{"name":"add_to_tab","arguments":"{\"item\":\"Negroni\"}"}}]},
"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}"#;
    let (ev, r) = read_all(body);
    r.unwrap();
    assert_eq!(
        ev,
        [
            text("On it."),
            call("call_w", "add_to_tab", r#"{"item":"Negroni"}"#),
            E::Usage(Usage {
                input_tokens: 5,
                output_tokens: 7
            }),
            E::Finish(FinishReason::ToolCalls),
        ]
    );
}

/// Each chunk read by `event` (the plain-text fast path first) and by the general reader
/// alone, on two readers with the same history: the same events and the same outcome.
fn same_as_the_general_reader(chunks: &[String]) {
    let (mut fast, mut general) = (ChunkReader::new("OpenAI"), ChunkReader::new("OpenAI"));
    for data in chunks {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let event = crate::llm::sse::SseEvent {
            event: None,
            data: data.clone(),
        };
        let ra = fast.event(event, &mut a);
        let rb = general.general(data.trim(), &mut b);
        assert_eq!((a, ra), (b, rb), "{data}");
    }
}

#[test]
fn the_plain_text_path_reads_every_chunk_as_the_general_reader_does() {
    let chunks = [
        r#"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"esc\"aped \u00e9 \n"}}]}"#,
        r#"{"choices":[{"delta":{"content":"no index"}}]}"#,
        r#"{"choices":[{"index":1,"delta":{"content":"other choice"}},{"index":0,"delta":{"content":"mine"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"one"}},{"index":0,"delta":{"content":"two"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":null}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":5}}]}"#,
        r#"{"choices":[{"index":0,"delta":null}]}"#,
        r#"{"choices":[{"index":0,"delta":"text"}]}"#,
        r#"{"choices":[{"index":"0","delta":{"content":"string index"}}]}"#,
        r#"{"choices":[{"index":-1,"delta":{"content":"negative index"}}]}"#,
        r#"{"choices":null}"#,
        r#"{"choices":{}}"#,
        r#"{}"#,
        r#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#,
        r#"{"choices":[],"usage":7}"#,
        r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"x","tool_calls":null}}]}"#,
        r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"after the finish"}}]}"#,
        r#"{"error":null,"choices":[{"index":0,"delta":{"content":"null error"}}]}"#,
        r#"{"error":5,"choices":[{"index":0,"delta":{"content":"numeric error"}}]}"#,
        r#"{"object":"error","message":"vllm says no","type":"BadRequestError"}"#,
        r#"{"object":5,"choices":[{"index":0,"delta":{"content":"numeric object"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"a"}}],"choices":[{"index":0,"delta":{"content":"b"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"trailing"}}]} x"#,
        r#"not json"#,
        r#"{"error":{"message":"Rate limit","code":429}}"#,
    ];
    for split in 0..chunks.len() {
        // Each chunk after every history of the ones before it (finishes and calls included).
        let seq: Vec<String> = chunks[split..].iter().map(|c| c.to_string()).collect();
        same_as_the_general_reader(&seq);
    }
}

proptest::proptest! {
    #[test]
    fn generated_chunks_read_alike(chunks in proptest::collection::vec(chunk(), 1..6)) {
        same_as_the_general_reader(&chunks);
    }
}

/// Chunks made of the fields both readers look at, with values of every JSON type.
fn chunk() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let value = prop_oneof![
        Just("null".to_string()),
        Just("0".to_string()),
        Just("1".to_string()),
        Just(r#""""#.to_string()),
        Just(r#""text""#.to_string()),
        Just(r#""stop""#.to_string()),
        Just(r#""error""#.to_string()),
        Just("{}".to_string()),
        Just("[]".to_string()),
        Just(r#"[{"index":0,"id":"c","function":{"name":"f","arguments":"{}"}}]"#.to_string()),
    ];
    let field = |names: &'static [&'static str]| {
        (proptest::sample::select(names), value.clone()).prop_map(|(k, v)| format!(r#""{k}":{v}"#))
    };
    let delta = proptest::collection::vec(field(&["content", "tool_calls", "role"]), 0..3)
        .prop_map(|f| format!("{{{}}}", f.join(",")));
    let choice = (
        proptest::collection::vec(field(&["index", "finish_reason", "delta"]), 0..2),
        proptest::option::of(delta),
    )
        .prop_map(|(mut f, d)| {
            f.extend(d.map(|d| format!(r#""delta":{d}"#)));
            format!("{{{}}}", f.join(","))
        });
    (
        proptest::collection::vec(choice, 0..3),
        proptest::collection::vec(field(&["error", "usage", "object", "choices"]), 0..2),
    )
        .prop_map(|(choices, mut f)| {
            f.push(format!(r#""choices":[{}]"#, choices.join(",")));
            format!("{{{}}}", f.join(","))
        })
}
