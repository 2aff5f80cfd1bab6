//! Reading `streamGenerateContent?alt=sse`: every `data:` record is a whole
//! `GenerateContentResponse` carrying the next parts of candidate 0.
//!
//! Text parts are deltas (thought summaries are not shown); a `functionCall` part is always
//! whole, so it becomes a [`ToolCall`] at once. Every model part is also kept, signatures and
//! all, for the [`RawTurn`] sent back on the next request. The body has no end marker: the last
//! record carries `finishReason`, and a body that ends without one was cut.

use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};

use super::errors::{RpcStatus, classify};
use super::request::RAW_TAG;
use crate::llm::http::{Dialect, Failure, body_message};
use crate::llm::sse::{SseEnd, SseEvent};
use crate::llm::{FinishReason, ProviderErrorKind, ProviderEvent, RawTurn, ToolCall, Usage};

/// Gemini 2.x often sends function calls without an id; the agent needs one to pair results.
/// Seeded at random so ids from an earlier run of a resumed session are not handed out again.
static NEXT_CALL: LazyLock<AtomicU64> =
    LazyLock::new(|| AtomicU64::new(u64::from(rand::random::<u32>())));

fn next_call_id() -> String {
    format!("gemini-call-{}", NEXT_CALL.fetch_add(1, Ordering::Relaxed))
}

/// The reader of one attempt.
pub(crate) struct GeminiStream {
    model: Arc<str>,
    /// The model turn so far: plain text merged, every other part as it came.
    parts: Vec<Value>,
    calls: usize,
    finish: Option<String>,
    usage: Option<Usage>,
}

impl GeminiStream {
    pub(crate) fn new(model: Arc<str>) -> Self {
        GeminiStream {
            model,
            parts: Vec::new(),
            calls: 0,
            finish: None,
            usage: None,
        }
    }

    fn record(
        &mut self,
        v: &Value,
        text: &str,
        out: &mut Vec<ProviderEvent>,
    ) -> Result<(), Failure> {
        if let Value::Array(items) = v {
            return items
                .iter()
                .try_for_each(|item| self.record(item, text, out));
        }
        if let Some(rpc) = RpcStatus::parse(v) {
            return Err(self.error(&rpc, text));
        }
        if let Some(u) = v.get("usageMetadata") {
            let count = |name: &str| u.get(name).and_then(Value::as_u64).unwrap_or(0);
            self.usage = Some(Usage {
                input_tokens: count("promptTokenCount"),
                output_tokens: count("candidatesTokenCount"),
            });
        }
        let Some(candidate) = v
            .get("candidates")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
        else {
            if let Some(reason) = v
                .pointer("/promptFeedback/blockReason")
                .and_then(Value::as_str)
            {
                return Err(Failure::new(
                    ProviderErrorKind::Blocked,
                    format!("Gemini blocked the message ({reason}); rephrase it and try again"),
                ));
            }
            return Ok(());
        };
        let parts = candidate
            .pointer("/content/parts")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for part in parts {
            self.part(part, out);
        }
        if let Some(reason) = candidate.get("finishReason").and_then(Value::as_str)
            && !reason.is_empty()
        {
            self.finish = Some(reason.to_string());
        }
        Ok(())
    }

    fn part(&mut self, part: &Value, out: &mut Vec<ProviderEvent>) {
        let Some(obj) = part.as_object() else {
            return;
        };
        if let Some(call) = obj.get("functionCall") {
            let name = call.get("name").and_then(Value::as_str).unwrap_or_default();
            let args = match call.get("args") {
                None | Some(Value::Null) => json!({}),
                Some(args) => args.clone(),
            };
            let id = call
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
                .map_or_else(next_call_id, str::to_string);
            out.push(ProviderEvent::ToolCall(ToolCall {
                id,
                name: name.to_string(),
                arguments: args.to_string(),
            }));
            self.calls += 1;
            self.parts.push(part.clone());
            return;
        }
        let thought = obj.get("thought").and_then(Value::as_bool) == Some(true);
        if let Some(text) = obj.get("text").and_then(Value::as_str) {
            if !thought && !text.is_empty() {
                out.push(ProviderEvent::TextDelta(text.to_string()));
            }
            if is_plain_text(obj) {
                self.keep_text(text);
                return;
            }
        }
        self.parts.push(part.clone());
    }

    /// Plain text joins the plain text before it; one part per reply, not one per record.
    fn keep_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Value::Object(last)) = self.parts.last_mut()
            && is_plain_text(last)
            && let Some(Value::String(s)) = last.get_mut("text")
        {
            s.push_str(text);
            return;
        }
        self.parts.push(json!({"text": text}));
    }

    fn error(&self, rpc: &RpcStatus, text: &str) -> Failure {
        let code = rpc.code.unwrap_or(500);
        classify(&self.model, code, &Default::default(), text)
    }

    fn finish_reason(&self, reason: &str) -> FinishReason {
        if let Some(why) = safety(reason) {
            return FinishReason::Safety(why);
        }
        if self.calls > 0 {
            // Gemini says STOP after function calls; the calls are what the agent must act on.
            return FinishReason::ToolCalls;
        }
        match reason {
            "STOP" => FinishReason::Stop,
            "MAX_TOKENS" => FinishReason::MaxTokens,
            "MALFORMED_FUNCTION_CALL" => FinishReason::Other(
                "Gemini produced a tool call it could not complete (MALFORMED_FUNCTION_CALL)"
                    .into(),
            ),
            other => FinishReason::Other(other.to_string()),
        }
    }
}

/// A part with text and nothing else: no signature, not a thought.
fn is_plain_text(part: &Map<String, Value>) -> bool {
    part.len() == 1 && part.get("text").is_some_and(Value::is_string)
}

/// Why the safety system stopped a reply, for people; `None` if it did not.
fn safety(reason: &str) -> Option<String> {
    let why = match reason {
        "SAFETY" => "Gemini's safety filter stopped the reply",
        "BLOCKLIST" => "Gemini stopped the reply: it contained a blocklisted term",
        "PROHIBITED_CONTENT" => "Gemini stopped the reply: it touched prohibited content",
        "SPII" => "Gemini stopped the reply: it contained sensitive personal information",
        "RECITATION" => "Gemini stopped the reply: it was reciting a source too closely",
        _ => return None,
    };
    Some(format!("{why} ({reason})"))
}

impl Dialect for GeminiStream {
    fn event(&mut self, event: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(());
        }
        let v: Value = serde_json::from_str(data).map_err(|_| {
            Failure::new(
                ProviderErrorKind::Server,
                format!(
                    "Gemini sent a stream record that is not JSON: {}",
                    body_message(data)
                ),
            )
        })?;
        self.record(&v, data, out)
    }

    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if let Some(pending) = end.pending {
            self.event(pending, out)?;
        }
        let tail = end.raw.trim();
        if !tail.is_empty() {
            let rpc = serde_json::from_str::<Value>(tail)
                .ok()
                .as_ref()
                .and_then(RpcStatus::parse);
            return Err(match rpc {
                Some(rpc) => self.error(&rpc, tail),
                None => Failure::new(
                    ProviderErrorKind::Server,
                    format!(
                        "Gemini's reply ended with something that is not part of the stream: {}",
                        body_message(tail)
                    ),
                ),
            });
        }
        let Some(reason) = self.finish.take() else {
            return Err(Failure::new(
                ProviderErrorKind::Network,
                "the Gemini reply was cut off before it finished; try again with /retry",
            )
            .retryable(None));
        };
        if !self.parts.is_empty() {
            out.push(ProviderEvent::Raw(RawTurn {
                provider: RAW_TAG.to_string(),
                value: json!({"role": "model", "parts": std::mem::take(&mut self.parts)}),
            }));
        }
        if let Some(usage) = self.usage {
            out.push(ProviderEvent::Usage(usage));
        }
        out.push(ProviderEvent::Finish(self.finish_reason(&reason)));
        Ok(())
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
