//! Each provider's wire format for the property tests: valid streams built from a [`Script`],
//! and "token soup" — pieces of the format in random order — for hostile ones.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

use super::{Decoded, decode};
use crate::llm::ToolCall;
use crate::llm::anthropic::MessagesStream;
use crate::llm::gemini::stream::GeminiStream;
use crate::llm::http::Limits;
use crate::llm::openai::stream::ChunkReader;

#[derive(Clone, Copy, Debug)]
pub enum Format {
    Gemini,
    OpenAi,
    Anthropic,
}

impl Format {
    pub fn decode(self, limits: Limits, parts: &[&[u8]]) -> Decoded {
        match self {
            Format::Gemini => decode(GeminiStream::new("gemini-fuzz".into()), limits, parts),
            Format::OpenAi => decode(ChunkReader::new("Fuzz"), limits, parts),
            Format::Anthropic => decode(MessagesStream::new(), limits, parts),
        }
    }
}

/// What a valid reply says: text deltas, then whole tool calls whose arguments are streamed in
/// pieces (cut at `cuts`) where the format streams them.
#[derive(Clone, Debug)]
pub struct Script {
    pub texts: Vec<String>,
    pub calls: Vec<(String, Value)>,
    pub cuts: Vec<Index>,
}

impl Script {
    pub fn expected_calls(&self) -> Vec<ToolCall> {
        self.calls
            .iter()
            .enumerate()
            .map(|(i, (name, args))| ToolCall {
                id: format!("call_{i}"),
                name: name.clone(),
                arguments: args.to_string(),
            })
            .collect()
    }

    /// A call's arguments as the pieces a server streams them in, cut on char boundaries.
    fn pieces(&self, args: &str) -> Vec<String> {
        let bounds: Vec<usize> = (0..=args.len())
            .filter(|&i| args.is_char_boundary(i))
            .collect();
        let mut at: Vec<usize> = self
            .cuts
            .iter()
            .map(|c| bounds[c.index(bounds.len())])
            .collect();
        at.sort_unstable();
        at.dedup();
        let mut out = Vec::new();
        let mut prev = 0;
        for c in at.into_iter().chain([args.len()]) {
            if c > prev {
                out.push(args[prev..c].to_string());
                prev = c;
            }
        }
        out
    }
}

pub fn script() -> impl Strategy<Value = Script> {
    let text = "[a-zé🍸 \"\\\\{}<>\n\u{1b}]{1,12}";
    let args = proptest::collection::btree_map("[a-z]{1,5}", "[a-z0-9 é\"\\\\]{0,8}", 0..3)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k, json!(v))).collect()));
    (
        proptest::collection::vec(text, 0..6),
        proptest::collection::vec(("[a-z_]{1,10}", args), 0..3),
        proptest::collection::vec(any::<Index>(), 0..4),
    )
        .prop_map(|(texts, calls, cuts)| Script { texts, calls, cuts })
}

/// A complete, valid reply in `format` saying what `script` says.
pub fn body(format: Format, script: &Script) -> Vec<u8> {
    let mut out = String::new();
    match format {
        Format::Gemini => {
            let record = |out: &mut String, v: Value| out.push_str(&format!("data: {v}\r\n\r\n"));
            let parts = |parts: Value| json!({"candidates": [{"content": {"role": "model", "parts": parts}, "index": 0}]});
            for t in &script.texts {
                record(&mut out, parts(json!([{"text": t}])));
            }
            for (i, (name, args)) in script.calls.iter().enumerate() {
                let call = json!({"functionCall": {"id": format!("call_{i}"), "name": name, "args": args}});
                record(&mut out, parts(json!([call])));
            }
            record(
                &mut out,
                json!({"candidates": [{"content": {"role": "model", "parts": []},
                        "finishReason": "STOP", "index": 0}],
                       "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 5}}),
            );
        }
        Format::OpenAi => {
            let chunk = |out: &mut String, delta: Value, finish: Value| {
                let c = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk",
                               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
                out.push_str(&format!("data: {c}\n\n"));
            };
            for t in &script.texts {
                chunk(&mut out, json!({"content": t}), Value::Null);
            }
            for (i, (name, args)) in script.calls.iter().enumerate() {
                let open = json!({"tool_calls": [{"index": i, "id": format!("call_{i}"), "type": "function",
                                                  "function": {"name": name, "arguments": ""}}]});
                chunk(&mut out, open, Value::Null);
                for piece in script.pieces(&args.to_string()) {
                    let more =
                        json!({"tool_calls": [{"index": i, "function": {"arguments": piece}}]});
                    chunk(&mut out, more, Value::Null);
                }
            }
            let reason = if script.calls.is_empty() {
                "stop"
            } else {
                "tool_calls"
            };
            chunk(&mut out, json!({}), json!(reason));
            out.push_str("data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}\n\n");
            out.push_str("data: [DONE]\n\n");
        }
        Format::Anthropic => {
            let ev = |out: &mut String, v: Value| {
                let name = v["type"].as_str().unwrap_or("").to_string();
                out.push_str(&format!("event: {name}\ndata: {v}\n\n"));
            };
            ev(
                &mut out,
                json!({"type": "message_start", "message": {"id": "msg_1", "type": "message",
                       "role": "assistant", "content": [], "model": "claude-fuzz",
                       "stop_reason": null, "usage": {"input_tokens": 3, "output_tokens": 1}}}),
            );
            let mut index = 0;
            if !script.texts.is_empty() {
                ev(
                    &mut out,
                    json!({"type": "content_block_start", "index": 0,
                           "content_block": {"type": "text", "text": ""}}),
                );
                for t in &script.texts {
                    ev(
                        &mut out,
                        json!({"type": "content_block_delta", "index": 0,
                               "delta": {"type": "text_delta", "text": t}}),
                    );
                }
                ev(&mut out, json!({"type": "content_block_stop", "index": 0}));
                index = 1;
            }
            for (i, (name, args)) in script.calls.iter().enumerate() {
                ev(
                    &mut out,
                    json!({"type": "content_block_start", "index": index,
                           "content_block": {"type": "tool_use", "id": format!("call_{i}"),
                                             "name": name, "input": {}}}),
                );
                for piece in script.pieces(&args.to_string()) {
                    ev(
                        &mut out,
                        json!({"type": "content_block_delta", "index": index,
                               "delta": {"type": "input_json_delta", "partial_json": piece}}),
                    );
                }
                ev(
                    &mut out,
                    json!({"type": "content_block_stop", "index": index}),
                );
                index += 1;
            }
            let reason = if script.calls.is_empty() {
                "end_turn"
            } else {
                "tool_use"
            };
            ev(
                &mut out,
                json!({"type": "message_delta", "delta": {"stop_reason": reason},
                       "usage": {"output_tokens": 5}}),
            );
            ev(&mut out, json!({"type": "message_stop"}));
        }
    }
    out.into_bytes()
}

/// Framing and JSON pieces every format shares, the ones that break parsers.
const COMMON: &[&str] = &[
    "data: ",
    "data:",
    "event: ",
    ": ping",
    "id: 7",
    "retry: 5",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "[DONE]",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "null",
    "true",
    "0",
    "-1",
    "1e400",
    "18446744073709551616",
    "\"x\"",
    "é",
    "🍸",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{0}",
    "\u{feff}",
    "<html>",
    "{\"error\":{\"message\":\"boom\"}}",
    "[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]",
];

const GEMINI: &[&str] = &[
    "\"candidates\"",
    "\"content\"",
    "\"parts\"",
    "\"text\"",
    "\"functionCall\"",
    "\"args\"",
    "\"name\"",
    "\"id\"",
    "\"finishReason\"",
    "\"STOP\"",
    "\"SAFETY\"",
    "\"MAX_TOKENS\"",
    "\"usageMetadata\"",
    "\"promptFeedback\"",
    "\"blockReason\"",
    "\"thought\"",
    "\"thoughtSignature\"",
    "\"code\"",
    "\"status\"",
    "\"details\"",
    "\"@type\"",
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}]}\r\n\r\n",
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"order\",\"args\":{\"item\":1}}}]}}]}\n\n",
    "data: {\"candidates\":[{\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1}}\n\n",
    "data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}\n\n",
    "[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"slow\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1e30s\"}]}}]",
];

const OPENAI: &[&str] = &[
    "\"choices\"",
    "\"delta\"",
    "\"index\"",
    "\"tool_calls\"",
    "\"function\"",
    "\"arguments\"",
    "\"finish_reason\"",
    "\"usage\"",
    "\"object\"",
    "\"error\"",
    "\"message\"",
    "\"content\"",
    "\"id\"",
    "\"name\"",
    "\"stop\"",
    "\"length\"",
    "\"chat.completion\"",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"n\",\"arguments\":\"{\\\"a\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":99999999999,\"function\":{\"arguments\":\"1}\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
    "{\"choices\":[{\"message\":{\"content\":\"whole\",\"tool_calls\":[{\"function\":{\"name\":\"x\",\"arguments\":{}}}]},\"finish_reason\":\"stop\"}]}",
    "data: {\"object\":\"error\",\"message\":\"vllm\",\"code\":503}\n\n",
];

const ANTHROPIC: &[&str] = &[
    "event: message_start\n",
    "event: content_block_start\n",
    "event: content_block_delta\n",
    "event: content_block_stop\n",
    "event: message_delta\n",
    "event: message_stop\n",
    "event: ping\n",
    "event: error\n",
    "\"type\"",
    "\"index\"",
    "\"content_block\"",
    "\"delta\"",
    "\"tool_use\"",
    "\"text\"",
    "\"text_delta\"",
    "\"input_json_delta\"",
    "\"partial_json\"",
    "\"thinking_delta\"",
    "\"signature_delta\"",
    "\"citations_delta\"",
    "\"stop_reason\"",
    "\"message\"",
    "\"usage\"",
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}}\n\n",
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n",
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\"}}\n\n",
    "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\n\n",
    "data: {\"type\":\"message_stop\"}\n\n",
    "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n",
];

/// Up to a few hundred pieces of `format` (and the shared ones) in random order.
pub fn soup(format: Format) -> impl Strategy<Value = Vec<u8>> {
    let own = match format {
        Format::Gemini => GEMINI,
        Format::OpenAi => OPENAI,
        Format::Anthropic => ANTHROPIC,
    };
    let tokens: Vec<&'static str> = COMMON.iter().chain(own).copied().collect();
    proptest::collection::vec(proptest::sample::select(tokens), 0..300)
        .prop_map(|pieces| pieces.concat().into_bytes())
}
