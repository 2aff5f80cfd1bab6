//! What a Maya session journals, and how a journal becomes a running session again.
//!
//! The journal holds the model-side messages, the conversation entries that are not messages
//! (tool one-liners, notices, errors, receipts, blocked inputs) and the Bar's events. Resume
//! replays the events through the Bar and rebuilds the screen from the rest; no state is
//! stored twice.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::journal::{EncodesAs, Journal, Replay};
use super::recorder::Recorder;
use crate::bar::{Bar, BarEvent, Menu};
use crate::llm::ChatMessage;
use crate::money::Cents;
use crate::payments::GatewayKind;
use crate::transcript::{Entry, ReplyState};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Record {
    Message {
        message: ChatMessage,
    },
    Entry {
        entry: Entry,
    },
    /// How the last assistant message ended, when not plainly complete.
    Reply {
        state: ReplyState,
    },
    /// `/retry` dropped the last assistant message from the model's history.
    Retracted,
    Bar {
        events: Vec<BarEvent>,
    },
    /// Which gateway a checkout went to, written before its first request.
    Gateway {
        idempotency_key: String,
        kind: GatewayKind,
    },
    /// The guest's messages waiting for Maya, whole, each time they change: the last one is
    /// what was still unsent when the session was left.
    Queue {
        texts: Vec<String>,
    },
}

/// A [`Record`] that borrows its message or entry, for writing them without a copy. It
/// encodes exactly as the `Record` it stands for (tested).
#[derive(Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
enum RecordRef<'a> {
    Message { message: &'a ChatMessage },
    Entry { entry: &'a Entry },
}

impl EncodesAs<Record> for RecordRef<'_> {}

/// What the header remembers about a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMeta {
    pub provider: String,
    pub model: String,
    pub starting_balance: Cents,
}

/// The agent's recorder, writing to a journal.
pub struct JournalRecorder {
    journal: Journal<Record>,
}

impl JournalRecorder {
    pub fn new(journal: Journal<Record>) -> Self {
        JournalRecorder { journal }
    }
}

impl Recorder for JournalRecorder {
    fn message(&mut self, message: &ChatMessage) {
        self.journal.append(&RecordRef::Message { message });
    }

    fn entry(&mut self, entry: &Entry) {
        self.journal.append(&RecordRef::Entry { entry });
    }

    fn reply_state(&mut self, state: ReplyState) {
        self.journal.append(&Record::Reply { state });
    }

    fn retracted(&mut self) {
        self.journal.append(&Record::Retracted);
    }

    fn bar(&mut self, events: &[BarEvent]) {
        let record = Record::Bar {
            events: events.to_vec(),
        };
        // A checkout's idempotency key must be on disk before its request leaves.
        if events.iter().any(BarEvent::is_payment) {
            self.journal.append_durable(&record);
        } else {
            self.journal.append(&record);
        }
    }

    fn checkout_gateway(&mut self, idempotency_key: &str, kind: GatewayKind) {
        self.journal.append_durable(&Record::Gateway {
            idempotency_key: idempotency_key.to_string(),
            kind,
        });
    }

    fn queue(&mut self, texts: &[String]) {
        self.journal.append(&Record::Queue {
            texts: texts.to_vec(),
        });
    }

    fn sync(&mut self) {
        self.journal.sync();
    }

    fn problem(&self) -> Option<String> {
        self.journal.reason()
    }
}

/// A session rebuilt from its journal.
pub struct Restored {
    pub meta: SessionMeta,
    pub created: String,
    pub bar: Bar,
    pub history: Vec<ChatMessage>,
    pub transcript: Vec<Entry>,
    pub input_history: Vec<String>,
    /// Messages that were queued but not sent when the session was left.
    pub queued: Vec<String>,
    pub notices: Vec<String>,
    /// The gateway of the pending checkout, when one is pending and its gateway is known
    /// (from its link, or journaled before its first request).
    pub pending_gateway: Option<GatewayKind>,
}

/// Guest messages that were typed (not the agent's bracketed notes).
fn typed(text: &str) -> bool {
    !text.starts_with("[session start]") && !text.starts_with("[guest action]")
}

/// How a message the model saw shows on screen: what the guest typed, and Maya's replies.
fn shown(message: &ChatMessage) -> Option<Entry> {
    match message {
        ChatMessage::User { text } if typed(text) => Some(Entry::User {
            text: text.clone(),
            blocked: None,
        }),
        ChatMessage::Assistant { text, .. } if !text.is_empty() => Some(Entry::Assistant {
            text: text.clone(),
            state: ReplyState::Complete,
        }),
        _ => None,
    }
}

/// Which gateway the pending checkout (if any) went to: its link says; before its link, the
/// last gateway journaled for its idempotency key.
fn pending_gateway(bar: &Bar, last_gateway: Option<(String, GatewayKind)>) -> Option<GatewayKind> {
    bar.state().payment.pending().and_then(|p| match &p.link {
        Some(link) if link.simulated => Some(GatewayKind::Simulated),
        Some(_) => Some(GatewayKind::Stripe),
        None => last_gateway
            .filter(|(key, _)| *key == p.idempotency_key)
            .map(|(_, kind)| kind),
    })
}

pub fn restore(replay: Replay<Record>, menu: Arc<Menu>, fallback_balance: Cents) -> Restored {
    let meta: SessionMeta =
        serde_json::from_value(replay.header.meta.clone()).unwrap_or(SessionMeta {
            provider: "unknown".into(),
            model: String::new(),
            starting_balance: fallback_balance,
        });
    let mut bar = Bar::new(menu, meta.starting_balance);
    let mut history = Vec::new();
    let mut transcript = Vec::new();
    let mut input_history = Vec::new();
    let mut queued = Vec::new();
    let mut last_gateway: Option<(String, GatewayKind)> = None;
    for record in replay.records {
        match record {
            Record::Message { message } => {
                if let Some(entry) = shown(&message) {
                    if let Entry::User { text, .. } = &entry {
                        input_history.push(text.clone());
                    }
                    transcript.push(entry);
                }
                history.push(message);
            }
            Record::Entry { entry } => {
                if let Entry::User { text, .. } = &entry {
                    input_history.push(text.clone());
                }
                transcript.push(entry);
            }
            Record::Reply { state } => {
                if let Some(Entry::Assistant { state: s, .. }) = transcript
                    .iter_mut()
                    .rev()
                    .find(|e| matches!(e, Entry::Assistant { .. }))
                {
                    *s = state;
                }
            }
            Record::Retracted => {
                if matches!(history.last(), Some(ChatMessage::Assistant { .. })) {
                    history.pop();
                }
            }
            Record::Bar { events } => bar.replay(&events),
            Record::Gateway {
                idempotency_key,
                kind,
            } => last_gateway = Some((idempotency_key, kind)),
            Record::Queue { texts } => queued = texts,
        }
    }
    let pending_gateway = pending_gateway(&bar, last_gateway);
    Restored {
        meta,
        created: replay.header.created,
        bar,
        history,
        transcript,
        input_history,
        queued,
        notices: replay.notices,
        pending_gateway,
    }
}

/// Rebuild a session file without writing anything (for `maya sessions list` / `show`).
pub fn read(
    path: &Path,
    menu: Arc<Menu>,
    fallback_balance: Cents,
) -> Result<Restored, super::journal::JournalError> {
    let replay = super::journal::read::<Record>(path)?;
    Ok(restore(replay, menu, fallback_balance))
}

/// Where appending to a replayed session file continues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendAt {
    /// The length of the file's good part: appending resumes there.
    pub good_len: u64,
    /// The file's length when it was read.
    pub file_len: u64,
    /// Why the file must not be written at all, if so (see [`super::journal::Replay`]).
    pub keep_as_is: Option<String>,
}

/// Read and rebuild a session file to resume it, and where appending continues. A damaged
/// file is kept aside first.
pub fn load(
    path: &Path,
    menu: Arc<Menu>,
    fallback_balance: Cents,
) -> Result<(Restored, AppendAt), super::journal::JournalError> {
    let replay = super::journal::replay::<Record>(path)?;
    let at = AppendAt {
        good_len: replay.good_len,
        file_len: replay.file_len,
        keep_as_is: replay.keep_as_is.clone(),
    };
    Ok((restore(replay, menu, fallback_balance), at))
}

#[cfg(test)]
#[path = "record_tests.rs"]
mod tests;
