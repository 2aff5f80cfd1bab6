//! History → the Messages API request body.
//!
//! Anthropic wants strict alternation (user, assistant, user, …) starting with a user message,
//! no empty text blocks, and every tool result of one round in a single user message right after
//! the assistant message that asked for them. Our history is looser (a guest note can follow tool
//! results; a trimmed window can start mid-round), so messages are first turned into blocks and
//! then consecutive blocks of the same role are merged into one message.

use serde_json::{Map, Value, json};

use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall, ToolSpec};

/// The `provider` tag of the raw turns this provider records and accepts back.
pub const RAW_TAG: &str = "anthropic";

/// Generation settings that are the same for every round.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub model: String,
    pub max_tokens: u32,
    pub temperature: f32,
}

/// The whole JSON body of `POST /v1/messages`.
pub fn body(settings: &Settings, request: &ChatRequest) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(settings.model));
    body.insert("max_tokens".into(), json!(settings.max_tokens.max(1)));
    body.insert("temperature".into(), temperature(settings.temperature));
    if !request.system.is_empty() {
        body.insert("system".into(), json!(request.system));
    }
    body.insert("stream".into(), json!(true));
    if !request.tools.is_empty() {
        body.insert(
            "tools".into(),
            Value::Array(request.tools.iter().map(tool).collect()),
        );
    }
    body.insert("messages".into(), Value::Array(messages(&request.messages)));
    Value::Object(body)
}

/// Anthropic takes 0.0–1.0 (the shared config allows OpenAI's 0–2). Written through its shortest
/// decimal form so 0.7f32 goes out as 0.7, not 0.699999988079071.
fn temperature(t: f32) -> Value {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let decimal: f64 = t.to_string().parse().unwrap_or(1.0);
    json!(decimal)
}

fn tool(spec: &ToolSpec) -> Value {
    json!({
        "name": spec.name,
        "description": spec.description,
        "input_schema": spec.parameters,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    User,
    Assistant,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// The `messages` array: alternating roles, user first, no empty messages.
pub fn messages(history: &[ChatMessage]) -> Vec<Value> {
    // A window cut from a longer history can start with an assistant round or its tool results,
    // whose tool_use is gone: Anthropic refuses both. Start at the first thing the guest said.
    let start = history
        .iter()
        .position(|m| matches!(m, ChatMessage::User { .. }))
        .unwrap_or(0);
    let mut out: Vec<(Role, Vec<Value>)> = Vec::new();
    for message in &history[start..] {
        let (role, blocks) = match message {
            ChatMessage::User { text } => (Role::User, text_block(text).into_iter().collect()),
            ChatMessage::Assistant {
                text,
                tool_calls,
                raw,
            } => (Role::Assistant, assistant_blocks(text, tool_calls, raw)),
            ChatMessage::ToolResult {
                call_id, content, ..
            } => (Role::User, vec![tool_result(call_id, content)]),
        };
        if blocks.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((last, content)) if *last == role => content.extend(blocks),
            _ => out.push((role, blocks)),
        }
    }
    out.into_iter()
        .map(|(role, mut content)| {
            if role == Role::User {
                // Tool results must open the message; a guest note merged in goes after them.
                content
                    .sort_by_key(|b| b.get("type").and_then(Value::as_str) != Some("tool_result"));
            }
            json!({"role": role.as_str(), "content": content})
        })
        .collect()
}

/// Anthropic refuses text blocks that are empty or only whitespace.
fn text_block(text: &str) -> Option<Value> {
    (!text.trim().is_empty()).then(|| json!({"type": "text", "text": text}))
}

/// Our own record of the turn when we have it (thinking blocks and their signatures must go
/// back unchanged), else the turn rebuilt from its text and tool calls.
fn assistant_blocks(text: &str, calls: &[ToolCall], raw: &Option<RawTurn>) -> Vec<Value> {
    if let Some(RawTurn { provider, value }) = raw
        && provider == RAW_TAG
        && let Some(blocks) = value.as_array()
    {
        return blocks
            .iter()
            .filter(|b| !is_empty_text(b))
            .cloned()
            .collect();
    }
    let mut blocks: Vec<Value> = text_block(text).into_iter().collect();
    blocks.extend(calls.iter().map(|c| {
        json!({
            "type": "tool_use",
            "id": c.id,
            "name": c.name,
            "input": tool_input(&c.arguments),
        })
    }));
    blocks
}

/// A text block Anthropic would refuse: empty or only whitespace.
pub(super) fn is_empty_text(block: &Value) -> bool {
    block.get("type").and_then(Value::as_str) == Some("text")
        && block
            .get("text")
            .and_then(Value::as_str)
            .is_none_or(|t| t.trim().is_empty())
}

/// The arguments as the JSON object Anthropic wants; `{}` when the model's text was not one.
pub fn tool_input(arguments: &str) -> Value {
    match serde_json::from_str::<Value>(arguments) {
        Ok(v @ Value::Object(_)) => v,
        _ => json!({}),
    }
}

/// One tool result. The content goes as JSON text; a bare string result goes as itself.
fn tool_result(call_id: &str, content: &Value) -> Value {
    let text = match content {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let is_error = content.get("ok") == Some(&Value::Bool(false));
    json!({
        "type": "tool_result",
        "tool_use_id": call_id,
        "content": text,
        "is_error": is_error,
    })
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
