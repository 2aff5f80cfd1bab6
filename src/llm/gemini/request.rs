//! Our history as a `generateContent` request body.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall, ToolSpec};

/// The provider tag of raw turns this module produced and will send back.
pub(super) const RAW_TAG: &str = "gemini";

/// `generationConfig` from the configuration.
#[derive(Clone, Copy, Debug)]
pub(super) struct Generation {
    pub temperature: f32,
    pub max_output_tokens: u32,
}

pub(super) fn body(generation: &Generation, req: &ChatRequest) -> Value {
    let mut body = Map::new();
    if !req.system.is_empty() {
        body.insert(
            "systemInstruction".into(),
            json!({"parts": [{"text": req.system}]}),
        );
    }
    body.insert("contents".into(), Value::Array(contents(&req.messages)));
    if !req.tools.is_empty() {
        let declarations: Vec<Value> = req.tools.iter().map(declaration).collect();
        body.insert(
            "tools".into(),
            json!([{"functionDeclarations": declarations}]),
        );
    }
    // f32 → f64 through the decimal text, so 0.7 is sent as 0.7 and not 0.699999988079071.
    let temperature: f64 = generation
        .temperature
        .to_string()
        .parse()
        .unwrap_or(f64::from(generation.temperature));
    body.insert(
        "generationConfig".into(),
        json!({"temperature": temperature, "maxOutputTokens": generation.max_output_tokens}),
    );
    Value::Object(body)
}

/// A tool as a function declaration. Our schemas are full JSON Schema (`additionalProperties`,
/// `minimum`, …). The classic `parameters` field takes only an OpenAPI subset and rejects
/// `additionalProperties`; `parametersJsonSchema` takes JSON Schema as it is. Sending the schema
/// unchanged keeps every constraint the tools rely on (no extra keys, quantity bounds) in front
/// of the model, and needs no list of allowed keywords to keep in step with Google's subset.
fn declaration(tool: &ToolSpec) -> Value {
    json!({
        "name": tool.name,
        "description": tool.description,
        "parametersJsonSchema": tool.parameters,
    })
}

/// The conversation as Gemini `contents`: roles `user` and `model` only; all results of one
/// round of tool calls in one user turn, in order.
pub(super) fn contents(messages: &[ChatMessage]) -> Vec<Value> {
    let ours = gemini_call_ids(messages);
    let mut out = Vec::with_capacity(messages.len());
    let mut results: Vec<Value> = Vec::new();
    for m in messages {
        if !matches!(m, ChatMessage::ToolResult { .. }) && !results.is_empty() {
            out.push(json!({"role": "user", "parts": std::mem::take(&mut results)}));
        }
        match m {
            ChatMessage::User { text } => {
                out.push(json!({"role": "user", "parts": [{"text": text}]}));
            }
            ChatMessage::Assistant {
                text,
                tool_calls,
                raw,
            } => {
                if let Some(turn) = raw.as_ref().and_then(raw_content) {
                    out.push(turn.clone());
                } else if let Some(turn) = rebuilt(text, tool_calls) {
                    out.push(turn);
                }
            }
            ChatMessage::ToolResult {
                call_id,
                name,
                content,
            } => {
                let response = match content {
                    Value::Object(_) => content.clone(),
                    other => json!({"result": other}),
                };
                let mut fr = json!({"name": name, "response": response});
                // Echo only ids Gemini itself gave; ours (and other providers') mean nothing to it.
                if ours.contains(call_id.as_str()) {
                    fr["id"] = json!(call_id);
                }
                results.push(json!({"functionResponse": fr}));
            }
        }
    }
    if !results.is_empty() {
        out.push(json!({"role": "user", "parts": results}));
    }
    out
}

/// The stored model content of a raw turn, if it is Gemini's and has parts to send.
fn raw_content(raw: &RawTurn) -> Option<&Value> {
    (raw.provider == RAW_TAG).then_some(&raw.value).filter(|v| {
        v.get("parts")
            .and_then(Value::as_array)
            .is_some_and(|parts| !parts.is_empty())
    })
}

/// A model turn from parsed fields, for history without Gemini's own parts (another provider's
/// turn, or an old session). `None` when there is nothing to say: Gemini rejects empty parts.
fn rebuilt(text: &str, calls: &[ToolCall]) -> Option<Value> {
    let mut parts = Vec::new();
    if !text.is_empty() {
        parts.push(json!({"text": text}));
    }
    for call in calls {
        let args = match serde_json::from_str::<Value>(&call.arguments) {
            Ok(v @ Value::Object(_)) => v,
            Ok(other) => json!({"value": other}),
            Err(_) => json!({}),
        };
        parts.push(json!({"functionCall": {"name": call.name, "args": args}}));
    }
    (!parts.is_empty()).then(|| json!({"role": "model", "parts": parts}))
}

/// Function-call ids that Gemini gave, as found in the raw turns we will send back.
fn gemini_call_ids(messages: &[ChatMessage]) -> HashSet<&str> {
    messages
        .iter()
        .filter_map(|m| match m {
            ChatMessage::Assistant { raw: Some(raw), .. } => raw_content(raw),
            _ => None,
        })
        .filter_map(|v| v.get("parts").and_then(Value::as_array))
        .flatten()
        .filter_map(|p| p.pointer("/functionCall/id").and_then(Value::as_str))
        .collect()
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
