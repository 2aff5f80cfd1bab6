//! Language-model providers behind one trait and one canonical event stream.
//!
//! Every provider (Gemini, OpenAI-compatible, Anthropic and the offline house bartender) turns a
//! [`ChatRequest`] into a stream of [`ProviderEvent`]s. The agent cannot tell them apart: text
//! arrives as deltas, tool calls arrive whole (arguments joined and complete), and the turn ends
//! with `Finish`. Dropping the stream cancels the request, including a retry wait.

pub mod anthropic;
pub mod endpoint;
pub mod gemini;
pub mod house;
pub mod http;
pub mod limited;
pub mod openai;
pub mod retry;
pub mod sse;

use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};

pub use crate::transcript::Usage;

/// The marker the agent sends as the first user message of a new session, so the model greets
/// (the house bartender reads it too).
pub const SESSION_START: &str = "[session start]";

/// One message of the model-side history. This is what the journal stores and what every
/// provider translates into its own wire format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ChatMessage {
    /// What the guest typed (already scanned), or a short note about a guest action taken with
    /// keys ("Guest set a 15 % tip ($3.90)").
    User { text: String },
    /// What the model said in one round: text and/or tool calls.
    Assistant {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<ToolCall>,
        /// The provider's own representation of this turn, sent back verbatim when the same
        /// provider continues the conversation (Gemini thought signatures need this).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        raw: Option<RawTurn>,
    },
    /// The result of one tool call, as JSON the model can read.
    ToolResult {
        call_id: String,
        name: String,
        content: serde_json::Value,
    },
}

/// Raw provider parts of one assistant turn, tagged with the provider that produced them so a
/// session resumed with another provider never sends them to the wrong API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RawTurn {
    pub provider: String,
    pub value: serde_json::Value,
}

/// A complete tool call. `arguments` is the JSON text exactly as the model produced it: it may
/// not parse, and the tool dispatcher answers such calls with an error result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// A tool the model may call: name, description and a JSON Schema for its arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// Everything a provider needs for one model round.
#[derive(Clone, Debug)]
pub struct ChatRequest {
    pub system: String,
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinishReason {
    Stop,
    ToolCalls,
    MaxTokens,
    /// The provider's safety system stopped the reply; the string says which rule, for people.
    Safety(String),
    Other(String),
}

/// The canonical stream every provider produces.
#[derive(Clone, Debug, PartialEq)]
pub enum ProviderEvent {
    TextDelta(String),
    /// A whole tool call, emitted once its arguments are complete.
    ToolCall(ToolCall),
    /// The raw provider form of the assistant turn so far (see [`RawTurn`]); sent at most once,
    /// before `Finish`.
    Raw(RawTurn),
    Usage(Usage),
    /// A retry is waiting (only before the first token): "retrying in 3 s (2/4)".
    Retrying {
        attempt: u32,
        max_attempts: u32,
        delay: std::time::Duration,
        reason: String,
    },
    Finish(FinishReason),
}

/// Why a provider failed. `message` is for people: already sanitized and redacted, naming the
/// provider, the status and the fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProviderError {
    pub kind: ProviderErrorKind,
    pub message: String,
    /// Whether any text had been produced when the error happened.
    pub after_first_token: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderErrorKind {
    /// The key was rejected (401/403, Gemini API_KEY_INVALID).
    Auth,
    /// Billing or hard quota: retrying will not help.
    Quota,
    /// Rate limited or overloaded, retries exhausted.
    RateLimited,
    /// Network: connect failure, timeout, stream cut.
    Network,
    /// The server answered with an error we do not retry (other 4xx, malformed stream, …).
    Server,
    /// The request was refused by the provider's safety system.
    Blocked,
}

impl ProviderError {
    pub fn new(kind: ProviderErrorKind, message: impl Into<String>) -> Self {
        ProviderError {
            kind,
            message: message.into(),
            after_first_token: false,
        }
    }
}

pub type ProviderStream = BoxStream<'static, Result<ProviderEvent, ProviderError>>;

/// A language model. Implementations must be cheap to call repeatedly; one call is one model
/// round (the agent loops rounds while the model calls tools).
pub trait Provider: Send + Sync {
    /// Short provider id: "house", "gemini", "openai", "anthropic".
    fn id(&self) -> &str;
    /// Model name for the status bar ("offline" for the house bartender).
    fn model(&self) -> &str;
    /// Start one streamed round. Dropping the stream cancels it.
    fn stream(&self, request: ChatRequest) -> ProviderStream;
}

/// What a key check (`maya doctor`, `maya keys set --check`) found, without spending tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyCheck {
    Accepted,
    /// The provider answered and refused the key; the message says why and what to do.
    Rejected(String),
    /// The provider could not be asked (network, timeout, 5xx).
    Unreachable(String),
}
