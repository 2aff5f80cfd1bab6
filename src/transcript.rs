//! The transcript's vocabulary: the conversation as shown on screen ([`Entry`], [`ReplyState`])
//! and the tokens a reply cost ([`Usage`]). The agent produces these, the UI shows them and the
//! session journal stores them, so they live below all three: what is saved on disk is not
//! defined by the agent. `agent::protocol` re-exports them for the UI.

use serde::{Deserialize, Serialize};

use crate::bar::Receipt;

/// How many of the guest's typed lines ↑ can bring back (the newest ones), like a shell's
/// history size: a long session's older lines stay in the transcript and the journal, not in a
/// second copy for the composer.
pub const INPUT_HISTORY_MAX: usize = 1000;

/// How an assistant message ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyState {
    Streaming,
    Complete,
    /// The guest pressed Esc.
    Cancelled,
    /// The provider failed after some text had arrived.
    Interrupted,
    /// The safety scanner stopped the reply; Maya's safe line replaced the rest.
    Blocked,
}

/// One entry of the conversation as shown on screen. A resumed session starts with these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    User {
        text: String,
        /// Set when the scanner blocked the input: the family that matched. A `Box<str>`
        /// keeps every entry of a long transcript 16 bytes smaller.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blocked: Option<Box<str>>,
    },
    Assistant {
        text: String,
        state: ReplyState,
    },
    /// A dim one-liner: "added 2× Martini (dirty) · $26.00".
    Tool {
        summary: String,
        ok: bool,
    },
    Notice {
        text: String,
    },
    Error {
        text: String,
    },
    /// Boxed: a long conversation holds thousands of entries, and receipts are few but large.
    Receipt {
        receipt: Box<Receipt>,
    },
}

/// Tokens one model round used, as the provider reported them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}
