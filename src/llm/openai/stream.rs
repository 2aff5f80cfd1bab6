//! The OpenAI chat-completions stream: `chat.completion.chunk`s back as canonical events (the
//! request is request.rs).
//!
//! The same format is spoken, with small differences, by OpenAI, Ollama, llama.cpp, vLLM and
//! OpenRouter; the reader here takes the union of what they send:
//! - tool-call fragments are joined per `index`, but a fragment with a new `id` on an index that
//!   already holds another id opens a new call (Ollama numbers every parallel call 0), and a
//!   fragment without an index opens a new call when it brings an id;
//! - calls are emitted whole when the choice finishes or the stream ends, never trusting
//!   `finish_reason` alone (some servers say `stop` with calls present);
//! - errors can arrive as a data event (`{"error":{…}}` from OpenRouter, `{"object":"error"}`
//!   from vLLM) or as a raw JSON tail after the events;
//! - a server that ignores `stream: true` sends one whole `chat.completion`, read as if streamed.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Value, json};

use crate::llm::http::{Dialect, Failure, body_message};
use crate::llm::retry::retryable_status;
use crate::llm::sse::{SseEnd, SseEvent};
use crate::llm::{FinishReason, ProviderErrorKind, ProviderEvent, ToolCall, Usage};

use super::request::arguments_or_empty_object;

/// A tool call being assembled from fragments.
#[derive(Debug, Default)]
struct Partial {
    id: String,
    name: String,
    arguments: String,
}

/// The reader of one streamed round.
pub struct ChunkReader {
    /// "OpenAI", "OpenRouter", "the server": for messages.
    label: &'static str,
    calls: Vec<Partial>,
    /// Where the latest call of each `index` is in `calls`, so a fragment finds its call
    /// without a search however many calls a server opens.
    by_index: HashMap<u64, usize>,
    /// Calls emitted so far (also numbers the ids made up for calls that came without one).
    emitted: usize,
    /// The first choice's `finish_reason`, once it came.
    finish: Option<String>,
    /// `[DONE]` came: everything after it is ignored.
    done: bool,
}

impl ChunkReader {
    pub fn new(label: &'static str) -> Self {
        ChunkReader {
            label,
            calls: Vec::new(),
            by_index: HashMap::new(),
            emitted: 0,
            finish: None,
            done: false,
        }
    }

    fn chunk(&mut self, v: &Value, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if let Some(f) = stream_error(self.label, v) {
            return Err(f);
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            let n = |k: &str| u.get(k).and_then(Value::as_u64).unwrap_or(0);
            out.push(ProviderEvent::Usage(Usage {
                input_tokens: n("prompt_tokens"),
                output_tokens: n("completion_tokens"),
            }));
        }
        let choices = v.get("choices").and_then(Value::as_array);
        for choice in choices.into_iter().flatten() {
            // One reply is asked for; a server that sends more choices has them ignored.
            if choice.get("index").and_then(Value::as_u64).unwrap_or(0) != 0 {
                continue;
            }
            if let Some(delta) = choice.get("delta") {
                if let Some(text) = delta.get("content").and_then(Value::as_str)
                    && !text.is_empty()
                {
                    out.push(ProviderEvent::TextDelta(text.to_string()));
                }
                let fragments = delta.get("tool_calls").and_then(Value::as_array);
                for f in fragments.into_iter().flatten() {
                    self.fragment(f);
                }
            }
            if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
                self.finish = Some(reason.to_string());
                self.flush(out);
            }
        }
        Ok(())
    }

    fn fragment(&mut self, f: &Value) {
        let index = f.get("index").and_then(Value::as_u64);
        let id = f
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let function = f.get("function");
        let name = function
            .and_then(|x| x.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        // Arguments are a string of JSON text; a few servers send the object itself.
        let arguments: Cow<str> = match function.and_then(|x| x.get("arguments")) {
            Some(Value::String(s)) => Cow::Borrowed(s),
            None | Some(Value::Null) => Cow::Borrowed(""),
            Some(other) => Cow::Owned(other.to_string()),
        };
        let found = match (index, id) {
            (Some(i), _) => self.by_index.get(&i).copied(),
            // No index: an id opens a new call unless it repeats the current one's.
            (None, Some(id)) => self
                .calls
                .len()
                .checked_sub(1)
                .filter(|&last| self.calls[last].id == id),
            (None, None) => self.calls.len().checked_sub(1),
        };
        let slot = match found {
            Some(at)
                if id.is_none_or(|id| self.calls[at].id.is_empty() || self.calls[at].id == id) =>
            {
                at
            }
            _ => {
                if let Some(i) = index {
                    self.by_index.insert(i, self.calls.len());
                }
                self.calls.push(Partial::default());
                self.calls.len() - 1
            }
        };
        let call = &mut self.calls[slot];
        if let Some(id) = id
            && call.id.is_empty()
        {
            call.id = id.to_string();
        }
        // The name comes once; servers that repeat it on every fragment are not doubled.
        if call.name.is_empty() {
            call.name = name.to_string();
        } else if !name.is_empty() && name != call.name {
            call.name.push_str(name);
        }
        call.arguments.push_str(&arguments);
    }

    /// Emit the calls gathered so far, whole, in arrival order.
    fn flush(&mut self, out: &mut Vec<ProviderEvent>) {
        self.by_index.clear();
        for p in self.calls.drain(..) {
            self.emitted += 1;
            let id = if p.id.is_empty() {
                format!("call_{}", self.emitted)
            } else {
                p.id
            };
            let arguments = arguments_or_empty_object(&p.arguments).to_string();
            out.push(ProviderEvent::ToolCall(ToolCall {
                id,
                name: p.name,
                arguments,
            }));
        }
    }

    /// A non-streamed `chat.completion`: its message as if it had been streamed.
    fn whole(&mut self, v: &Value, message: &Value, out: &mut Vec<ProviderEvent>) {
        if let Some(text) = message.get("content").and_then(Value::as_str)
            && !text.is_empty()
        {
            out.push(ProviderEvent::TextDelta(text.to_string()));
        }
        let calls = message.get("tool_calls").and_then(Value::as_array);
        for (i, c) in calls.into_iter().flatten().enumerate() {
            let mut c = c.clone();
            c["index"] = json!(i);
            self.fragment(&c);
        }
        self.flush(out);
        let usage = json!({"usage": v.get("usage").cloned().unwrap_or(Value::Null)});
        // Cannot fail: the error check ran on `v` already, and `usage` has no error.
        let _ = self.chunk(&usage, out);
        self.finish = v
            .pointer("/choices/0/finish_reason")
            .and_then(Value::as_str)
            .map(str::to_string);
        self.close(out);
    }

    /// Any chunk, read as a `Value`: what [`super::text_chunk`] leaves.
    fn general(&mut self, data: &str, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        let v: Value = serde_json::from_str(data).map_err(|e| {
            Failure::new(
                ProviderErrorKind::Server,
                format!(
                    "{} sent a stream chunk that is not JSON ({e}): {}",
                    self.label,
                    body_message(data)
                ),
            )
        })?;
        self.chunk(&v, out)
    }

    fn close(&mut self, out: &mut Vec<ProviderEvent>) {
        self.flush(out);
        let reason = match self.finish.as_deref() {
            Some("length") => FinishReason::MaxTokens,
            Some("content_filter") => FinishReason::Safety("content filter".into()),
            None | Some("stop" | "tool_calls" | "function_call") => FinishReason::Stop,
            Some(other) => FinishReason::Other(other.to_string()),
        };
        let reason = match reason {
            FinishReason::Stop | FinishReason::Other(_) if self.emitted > 0 => {
                FinishReason::ToolCalls
            }
            r => r,
        };
        out.push(ProviderEvent::Finish(reason));
    }
}

impl Dialect for ChunkReader {
    fn event(&mut self, event: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if self.done {
            return Ok(());
        }
        if event.is_done() {
            self.done = true;
            self.close(out);
            return Ok(());
        }
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(());
        }
        if let Some(text) = super::text_chunk::plain_text(data) {
            if !text.is_empty() {
                out.push(ProviderEvent::TextDelta(text.into_owned()));
            }
            return Ok(());
        }
        self.general(data, out)
    }

    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if let Some(pending) = end.pending {
            self.event(pending, out)?;
        }
        if self.done {
            return Ok(());
        }
        if self.finish.is_some() {
            self.close(out);
            return Ok(());
        }
        let raw = end.raw.trim();
        if !raw.is_empty() {
            let parsed = serde_json::from_str::<Value>(raw).ok();
            // A server that ignored `stream: true` answers with one whole completion.
            if let Some(v) = &parsed
                && stream_error(self.label, v).is_none()
                && let Some(message) = v.pointer("/choices/0/message")
            {
                self.whole(v, message, out);
                return Ok(());
            }
            return Err(parsed
                .as_ref()
                .and_then(|v| stream_error(self.label, v))
                .unwrap_or_else(|| {
                    Failure::new(
                        ProviderErrorKind::Server,
                        format!("{} ended the reply with: {}", self.label, body_message(raw)),
                    )
                }));
        }
        Err(Failure::new(
            ProviderErrorKind::Network,
            format!(
                "the reply from {} was cut off before its end; try again with /retry",
                self.label
            ),
        )
        .retryable(None))
    }
}

/// An error reported inside a 200 stream: `{"error": {...}}` (OpenRouter, OpenAI) or
/// `{"object": "error", "message": ...}` (vLLM).
fn stream_error(label: &str, v: &Value) -> Option<Failure> {
    let err = match v.get("error") {
        Some(e) if e.is_object() || e.is_string() => e,
        _ if v.get("object").and_then(Value::as_str) == Some("error") => v,
        _ => return None,
    };
    let field = |k: &str| err.get(k).filter(|x| !x.is_null());
    let message = field("message")
        .and_then(Value::as_str)
        .or_else(|| err.as_str())
        .unwrap_or("no message");
    let code = field("code")
        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
        .or_else(|| field("type").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    let kind_text = format!(
        "{code} {}",
        field("type").and_then(Value::as_str).unwrap_or("")
    )
    .to_ascii_lowercase();
    let shown = if code.is_empty() {
        String::new()
    } else {
        format!("{code}: ")
    };
    let text = format!(
        "{label} reported an error in the reply ({shown}{})",
        shorten(message)
    );
    if kind_text.contains("insufficient_quota") {
        return Some(Failure::new(ProviderErrorKind::Quota, text));
    }
    let status: Option<u16> = code.trim().parse().ok();
    let rate = status == Some(429) || kind_text.contains("rate_limit");
    let busy = ["overloaded", "server_error", "unavailable", "timeout"]
        .iter()
        .any(|w| kind_text.contains(w));
    if rate || busy || status.is_some_and(retryable_status) {
        let kind = if rate || kind_text.contains("overloaded") {
            ProviderErrorKind::RateLimited
        } else {
            ProviderErrorKind::Server
        };
        return Some(Failure::new(kind, format!("{text}; try again with /retry")).retryable(None));
    }
    Some(Failure::new(ProviderErrorKind::Server, text))
}

/// A provider's message, cut to a length an error line can show.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
