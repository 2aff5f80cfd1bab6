//! Where the agent writes down what happens. The session journal implements this; tests and
//! `maya ask` without a session use [`NoRecord`].

use crate::bar::BarEvent;
use crate::llm::ChatMessage;
use crate::transcript::{Entry, ReplyState};

pub trait Recorder: Send {
    /// A message of the model-side history.
    fn message(&mut self, message: &ChatMessage);
    /// Something shown in the conversation that is not a model message (tool one-liners,
    /// notices, errors, receipts, blocked inputs).
    fn entry(&mut self, entry: &Entry);
    /// How the last assistant message ended, when not plainly complete.
    fn reply_state(&mut self, state: ReplyState);
    /// `/retry` dropped the last (interrupted) assistant message from the model's history.
    fn retracted(&mut self) {}
    /// The events of one applied Bar action. Payment events must be durable on return.
    fn bar(&mut self, events: &[crate::bar::BarEvent]);
    /// The checkout with `idempotency_key` goes to a `kind` gateway. Durable on return: it is
    /// written before the checkout's first request leaves.
    fn checkout_gateway(&mut self, idempotency_key: &str, kind: crate::payments::GatewayKind) {
        let _ = (idempotency_key, kind);
    }
    /// The guest's messages waiting for Maya, whenever they change (the last one written is
    /// what `--resume` brings back).
    fn queue(&mut self, texts: &[String]) {
        let _ = texts;
    }
    /// End of a turn: make everything so far durable.
    fn sync(&mut self);
    /// Why saving is not working, if it is not ("the disk is full"), for a persistent warning.
    /// The agent asks after everything it does, so this must be cheap.
    fn problem(&self) -> Option<String> {
        None
    }
    /// Why what was written so far may not be on disk, or `None` when it is (synced). A real
    /// payment request leaves only while this is `None`: its record must survive a crash.
    fn not_durable(&self) -> Option<String> {
        self.problem()
    }
}

pub struct NoRecord;

impl Recorder for NoRecord {
    fn message(&mut self, _: &ChatMessage) {}
    fn entry(&mut self, _: &Entry) {}
    fn reply_state(&mut self, _: ReplyState) {}
    fn bar(&mut self, _: &[BarEvent]) {}
    fn sync(&mut self) {}
    fn not_durable(&self) -> Option<String> {
        Some("this session has no journal".into())
    }
}
