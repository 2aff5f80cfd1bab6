//! The Messages stream → canonical events.
//!
//! Anthropic sends named events: `message_start`, then per content block `content_block_start`,
//! `content_block_delta`s and `content_block_stop`, then `message_delta` (stop reason, output
//! tokens) and `message_stop`. `ping` can come anywhere; an `error` event can replace the rest.
//!
//! Every block is kept as the JSON object Anthropic would return in a non-streamed reply, deltas
//! applied, so the finished turn can be sent back verbatim (thinking blocks must keep their
//! signatures). Only text reaches the guest; thinking is recorded, never shown. A tool call is
//! emitted whole at its block's stop, with the joined `partial_json` exactly as the model wrote it.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::errors::stream_error;
use super::request::{RAW_TAG, is_empty_text, tool_input};
use crate::llm::http::{Dialect, Failure, body_message};
use crate::llm::sse::{SseEnd, SseEvent};
use crate::llm::{FinishReason, ProviderErrorKind, ProviderEvent, RawTurn, ToolCall, Usage};

/// One content block as it is being streamed.
struct Block {
    /// The block object (`{"type":"text","text":…}`, `{"type":"thinking",…}`, …).
    value: Value,
    /// `input_json_delta` fragments, joined.
    json: String,
}

impl Block {
    fn kind(&self) -> &str {
        self.value.get("type").and_then(Value::as_str).unwrap_or("")
    }

    /// Append a streamed piece to a string field of the block.
    fn append(&mut self, field: &str, piece: &str) {
        if let Some(obj) = self.value.as_object_mut() {
            match obj.get_mut(field) {
                Some(Value::String(s)) => s.push_str(piece),
                _ => {
                    obj.insert(field.into(), Value::String(piece.into()));
                }
            }
        }
    }
}

/// The reader of one attempt.
#[derive(Default)]
pub struct MessagesStream {
    blocks: Vec<Block>,
    /// Where the latest block of each index is in `blocks`: a stream of a million blocks and
    /// deltas aimed at the first must not make every delta a search.
    by_index: HashMap<u64, usize>,
    usage: Usage,
    stop_reason: Option<String>,
    done: bool,
}

impl MessagesStream {
    pub fn new() -> Self {
        Self::default()
    }

    fn block(&mut self, index: u64) -> Option<&mut Block> {
        let at = *self.by_index.get(&index)?;
        self.blocks.get_mut(at)
    }

    fn on_event(
        &mut self,
        data: &Value,
        name: &str,
        out: &mut Vec<ProviderEvent>,
    ) -> Result<(), Failure> {
        match name {
            "ping" => {}
            "message_start" => {
                if let Some(usage) = data.pointer("/message/usage") {
                    self.take_usage(usage);
                }
            }
            "content_block_start" => self.block_start(data, out)?,
            "content_block_delta" => self.block_delta(data, out)?,
            "content_block_stop" => self.block_stop(data, out)?,
            "message_delta" => {
                if let Some(reason) = data.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    self.stop_reason = Some(reason.to_string());
                }
                if let Some(usage) = data.get("usage") {
                    self.take_usage(usage);
                }
            }
            "message_stop" => self.message_stop(out),
            "error" => return Err(stream_error(data.get("error").unwrap_or(&Value::Null))),
            _ => {} // new event types are ignored, as Anthropic's versioning policy asks
        }
        Ok(())
    }

    /// A new block; a text block may start with text already in it.
    fn block_start(&mut self, data: &Value, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        let index = index_of(data)?;
        let value = data
            .get("content_block")
            .filter(|b| b.is_object())
            .cloned()
            .ok_or_else(|| malformed("a content_block_start without its block"))?;
        let block = Block {
            value,
            json: String::new(),
        };
        if block.kind() == "text"
            && let Some(text) = block.value.get("text").and_then(Value::as_str)
            && !text.is_empty()
        {
            out.push(ProviderEvent::TextDelta(text.to_string()));
        }
        self.by_index.insert(index, self.blocks.len());
        self.blocks.push(block);
        Ok(())
    }

    /// A piece of a block, applied to it; only text goes on to the guest.
    fn block_delta(&mut self, data: &Value, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        let index = index_of(data)?;
        let delta = data.get("delta").unwrap_or(&Value::Null);
        let text = |field: &str| delta.get(field).and_then(Value::as_str).unwrap_or("");
        let kind = delta.get("type").and_then(Value::as_str).unwrap_or("");
        let block = self
            .block(index)
            .ok_or_else(|| malformed("a delta for a block that never started"))?;
        match kind {
            "text_delta" => {
                let piece = text("text");
                block.append("text", piece);
                if !piece.is_empty() {
                    out.push(ProviderEvent::TextDelta(piece.to_string()));
                }
            }
            "input_json_delta" => block.json.push_str(text("partial_json")),
            "thinking_delta" => block.append("thinking", text("thinking")),
            "signature_delta" => block.append("signature", text("signature")),
            "citations_delta" => {
                if let (Some(citation), Some(obj)) =
                    (delta.get("citation"), block.value.as_object_mut())
                {
                    let list = obj.entry("citations").or_insert_with(|| json!([]));
                    if let Some(list) = list.as_array_mut() {
                        list.push(citation.clone());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A block's end: a tool call is complete now, and is emitted whole.
    fn block_stop(&mut self, data: &Value, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        let index = index_of(data)?;
        let block = self
            .block(index)
            .ok_or_else(|| malformed("a stop for a block that never started"))?;
        if !matches!(block.kind(), "tool_use" | "server_tool_use") {
            return Ok(());
        }
        let start_input = block.value.get("input").cloned().unwrap_or(json!({}));
        // Some gateways send the whole input in the start and no deltas.
        let arguments = if !block.json.is_empty() {
            std::mem::take(&mut block.json)
        } else if start_input.as_object().is_some_and(|o| !o.is_empty()) {
            start_input.to_string()
        } else {
            "{}".to_string()
        };
        if let Some(obj) = block.value.as_object_mut() {
            obj.insert("input".into(), tool_input(&arguments));
        }
        if block.kind() == "tool_use" {
            let field = |f: &str| {
                block
                    .value
                    .get(f)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            out.push(ProviderEvent::ToolCall(ToolCall {
                id: field("id"),
                name: field("name"),
                arguments,
            }));
        }
        Ok(())
    }

    /// The end of the message: its usage, the turn as Anthropic would return it, and why it
    /// stopped.
    fn message_stop(&mut self, out: &mut Vec<ProviderEvent>) {
        self.done = true;
        out.push(ProviderEvent::Usage(self.usage));
        self.by_index.clear();
        let blocks = std::mem::take(&mut self.blocks)
            .into_iter()
            .map(|b| b.value)
            .filter(|b| !is_empty_text(b))
            .collect();
        out.push(ProviderEvent::Raw(RawTurn {
            provider: RAW_TAG.to_string(),
            value: Value::Array(blocks),
        }));
        out.push(ProviderEvent::Finish(finish_reason(
            self.stop_reason.as_deref(),
        )));
    }

    fn take_usage(&mut self, usage: &Value) {
        let n = |f: &str| usage.get(f).and_then(Value::as_u64);
        if let Some(input) = n("input_tokens") {
            self.usage.input_tokens = input
                + n("cache_creation_input_tokens").unwrap_or(0)
                + n("cache_read_input_tokens").unwrap_or(0);
        }
        if let Some(output) = n("output_tokens") {
            self.usage.output_tokens = output;
        }
    }
}

impl Dialect for MessagesStream {
    fn event(&mut self, event: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if self.done {
            return Ok(());
        }
        let data: Value = match serde_json::from_str(&event.data) {
            Ok(v) => v,
            Err(_) if event.event.as_deref() == Some("ping") => return Ok(()),
            Err(_) => return Err(malformed("an event that is not JSON")),
        };
        // The data carries its own type; the SSE event name is the fallback.
        let name = data
            .get("type")
            .and_then(Value::as_str)
            .or(event.event.as_deref())
            .unwrap_or("")
            .to_string();
        self.on_event(&data, &name, out)
    }

    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if let Some(pending) = end.pending {
            self.event(pending, out)?;
        }
        if self.done {
            return Ok(());
        }
        let raw = end.raw.trim();
        if !raw.is_empty() {
            if let Ok(v) = serde_json::from_str::<Value>(raw)
                && let Some(error) = v.get("error").filter(|e| e.is_object())
            {
                return Err(stream_error(error));
            }
            return Err(Failure::new(
                ProviderErrorKind::Network,
                format!(
                    "Anthropic ended the stream early: the reply was cut off ({}); try again with /retry",
                    body_message(raw)
                ),
            )
            .retryable(None));
        }
        Err(Failure::new(
            ProviderErrorKind::Network,
            "Anthropic ended the stream early: the reply was cut off; try again with /retry",
        )
        .retryable(None))
    }
}

fn index_of(data: &Value) -> Result<u64, Failure> {
    data.get("index")
        .and_then(Value::as_u64)
        .ok_or_else(|| malformed("a content block event without an index"))
}

fn malformed(what: &str) -> Failure {
    Failure::new(
        ProviderErrorKind::Server,
        format!("Anthropic sent {what}; the reply was abandoned"),
    )
}

pub fn finish_reason(stop_reason: Option<&str>) -> FinishReason {
    match stop_reason {
        Some("end_turn") => FinishReason::Stop,
        Some("tool_use") => FinishReason::ToolCalls,
        Some("max_tokens") => FinishReason::MaxTokens,
        Some("refusal") => FinishReason::Safety("Claude declined".to_string()),
        Some(other) => FinishReason::Other(other.to_string()),
        None => FinishReason::Other("no stop reason".to_string()),
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
