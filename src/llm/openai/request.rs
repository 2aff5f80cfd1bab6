//! The OpenAI chat-completions request: the history as the body of one streamed round, as
//! OpenAI, Ollama, llama.cpp, vLLM and OpenRouter all read it.

use serde_json::{Value, json};

use crate::llm::{ChatMessage, ChatRequest};

/// OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…) refuse `max_tokens` ("use
/// `max_completion_tokens`") and any temperature but the default, so neither is sent as is.
/// Local servers and older models keep `max_tokens`, which is all that many of them read.
/// A router's `vendor/` prefix (OpenRouter's `openai/o3`) is looked through.
fn is_reasoning_model(model: &str) -> bool {
    let name = model
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase();
    let family = |f: &str| {
        name.strip_prefix(f)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '.']))
    };
    ["o1", "o3", "o4", "gpt-5"].iter().any(|f| family(f))
}

/// The request body of one streamed round.
pub fn request_body(model: &str, temperature: f32, max_tokens: u32, req: &ChatRequest) -> Value {
    let mut messages = Vec::with_capacity(req.messages.len() + 1);
    if !req.system.is_empty() {
        messages.push(json!({"role": "system", "content": req.system}));
    }
    for m in &req.messages {
        match m {
            ChatMessage::User { text } => messages.push(json!({"role": "user", "content": text})),
            ChatMessage::Assistant {
                text, tool_calls, ..
            } => {
                // An assistant message with neither text nor calls is refused by OpenAI
                // ("content is required"); it said nothing, so it is left out.
                if text.is_empty() && tool_calls.is_empty() {
                    continue;
                }
                let mut msg = json!({
                    "role": "assistant",
                    "content": if text.is_empty() { Value::Null } else { json!(text) },
                });
                if !tool_calls.is_empty() {
                    msg["tool_calls"] = tool_calls
                        .iter()
                        .map(|c| {
                            json!({"id": c.id, "type": "function", "function": {
                                "name": c.name, "arguments": arguments_or_empty_object(&c.arguments)}})
                        })
                        .collect();
                }
                messages.push(msg);
            }
            ChatMessage::ToolResult {
                call_id, content, ..
            } => {
                // Tool messages carry text; a result is JSON, so it goes as its JSON text.
                let content = match content {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                messages.push(json!({"role": "tool", "tool_call_id": call_id, "content": content}));
            }
        }
    }
    let mut body = json!({
        "model": model,
        "stream": true,
        "stream_options": {"include_usage": true},
        "messages": messages,
    });
    let reasoning = is_reasoning_model(model);
    if !reasoning {
        // f32 → f64 keeps the binary error (0.7 → 0.699999988…); round it back to what was meant.
        body["temperature"] = json!((f64::from(temperature) * 1e6).round() / 1e6);
    }
    if max_tokens > 0 {
        let key = if reasoning {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body[key] = json!(max_tokens);
    }
    if !req.tools.is_empty() {
        body["tools"] = req
            .tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters}})
            })
            .collect();
        body["tool_choice"] = json!("auto");
    }
    body
}

/// A call without arguments is `{}` on the wire: OpenAI refuses an empty `arguments` string.
pub(super) fn arguments_or_empty_object(arguments: &str) -> &str {
    if arguments.trim().is_empty() {
        "{}"
    } else {
        arguments
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
