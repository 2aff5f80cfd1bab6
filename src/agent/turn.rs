//! One turn: the model streams, tools run, the model streams again, in bounded rounds. The
//! turn is a state machine driven by the agent's loop, so keys and payments keep working while
//! the model talks. Here: the turn's state, its start, end, cancel and retry; each round's
//! stream is in `round.rs`, its tool calls in `calls.rs`.

use std::collections::VecDeque;

use super::Agent;
use super::prompt::{self, Phase};
use super::protocol::{Event, ReplyState};
use super::safety::ReplyFilter;
use crate::bar::Action;
use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall};
use crate::tools::{self, TurnSpend};

/// Where the last `keep` messages of `history` start, moved back to a guest message so a tool
/// result is never sent without the call it answers.
pub(super) fn context_start(history: &[ChatMessage], keep: usize) -> usize {
    let mut start = history.len().saturating_sub(keep);
    while start > 0 && !matches!(history[start], ChatMessage::User { .. }) {
        start -= 1;
    }
    start
}

/// Something the guest said (not the session-start note).
pub(super) fn spoken_by_guest(m: &ChatMessage) -> bool {
    matches!(m, ChatMessage::User { text } if !text.starts_with(prompt::SESSION_START))
}

pub(crate) struct Turn {
    pub(super) round: u32,
    /// Text released in this round.
    pub(super) text: String,
    pub(super) calls: Vec<ToolCall>,
    pub(super) raw: Option<RawTurn>,
    pub(super) filter: ReplyFilter,
    /// Tool calls of the finished round still to run, in order.
    pub(super) queue: VecDeque<ToolCall>,
    pub(super) awaiting: Option<Awaiting>,
    /// Something was ordered in this turn (resets the small-talk count).
    pub(super) ordered: bool,
    /// What the model's calls have added since the guest spoke: the spending guard judges
    /// the whole turn, so many small orders cannot add up unasked.
    pub(super) spend: TurnSpend,
    pub(super) used_tools: bool,
    pub(super) blocked: bool,
}

/// A tool call waiting for something outside the loop.
pub(crate) enum Awaiting {
    /// The spending guard asked the guest.
    Consent { call: ToolCall, action: Action },
    /// A gateway request is out.
    Payment { call: ToolCall, op: PayOp },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PayOp {
    Checkout,
    Cancel,
}

impl Turn {
    fn new(filter: ReplyFilter) -> Turn {
        Turn {
            round: 0,
            text: String::new(),
            calls: Vec::new(),
            raw: None,
            filter,
            queue: VecDeque::new(),
            awaiting: None,
            ordered: false,
            spend: TurnSpend::default(),
            used_tools: false,
            blocked: false,
        }
    }
}

impl Agent {
    pub(super) fn start_turn(&mut self) {
        // A new reply interrupts what Maya is still saying of the last one.
        self.voice_stop();
        self.turn = Some(Turn::new(self.safety.reply_filter()));
        self.start_round();
    }

    pub(super) fn start_round(&mut self) {
        let max = self.cfg.agent.max_tool_rounds;
        let filter = self.safety.reply_filter();
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        turn.round += 1;
        if turn.round > max {
            self.emit(Event::Notice(format!(
                "Maya stopped after {max} rounds of tool calls in one turn."
            )));
            self.end_turn();
            return;
        }
        turn.text.clear();
        turn.calls.clear();
        turn.raw = None;
        turn.filter = filter;
        let request = ChatRequest {
            system: prompt::build(self.bar.menu(), &self.bar.view(), self.phase()),
            messages: self.context_window(),
            tools: tools::specs(),
        };
        self.stream = Some(self.provider.stream(request));
    }

    fn phase(&self) -> Phase {
        let guest_spoke = self.guest_spoke || self.history.iter().any(spoken_by_guest);
        if !guest_spoke {
            Phase::Greeting
        } else if self.small_talk == 0 || !self.bar.view().lines.is_empty() && self.small_talk < 4 {
            Phase::TakingOrders
        } else {
            Phase::SmallTalk(self.small_talk)
        }
    }

    /// The most recent `context_messages` of history, starting at a guest message so a tool
    /// result is never sent without the call it answers.
    fn context_window(&self) -> Vec<ChatMessage> {
        let keep = self.cfg.provider.context_messages.max(1);
        self.history[context_start(&self.history, keep)..].to_vec()
    }

    /// Esc: stop now, keep what was shown, and leave the history consistent for the model.
    pub(super) fn cancel_turn(&mut self) {
        self.stream = None;
        self.voice_stop();
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let partial = std::mem::take(&mut turn.text);
        let unanswered: Vec<ToolCall> = match turn.awaiting.take() {
            Some(Awaiting::Consent { call, .. }) | Some(Awaiting::Payment { call, .. }) => {
                std::iter::once(call).chain(turn.queue.drain(..)).collect()
            }
            None => turn.queue.drain(..).collect(),
        };
        for call in unanswered {
            self.push_message(ChatMessage::ToolResult {
                call_id: call.id.clone(),
                name: call.name.clone(),
                content: serde_json::json!({"ok": false, "error": "CANCELLED",
                    "message": "The guest interrupted before this ran."}),
            });
        }
        if !partial.is_empty() {
            self.push_message(ChatMessage::Assistant {
                text: partial,
                tool_calls: vec![],
                raw: None,
            });
            self.recorder.reply_state(ReplyState::Cancelled);
        } else if !self.queue.flowing()
            && let Some(turn) = self.turn.as_ref()
            && turn.round == 1
            && !turn.used_tools
            && let Some(ChatMessage::User { text }) = self.history.last()
            && !text.starts_with('[')
        {
            // Stopped before Maya said or did anything (a slow start, a retry wait): the guest
            // gets their words back to send again or change. Not when messages are queued:
            // they go next, and the model still reads these words before them.
            self.emit(Event::RestoreInput(text.clone()));
        }
        self.emit(Event::AssistantDone(ReplyState::Cancelled));
        self.end_turn();
    }

    pub(super) fn end_turn(&mut self) {
        self.stream = None;
        if let Some(turn) = self.turn.take() {
            if turn.ordered {
                self.small_talk = 0;
            } else if !turn.used_tools {
                self.small_talk += 1;
            }
        }
        self.recorder.sync();
        self.emit(Event::TurnFinished);
    }

    /// `/retry`: run the failed round again from the history as it stands.
    pub(super) fn retry(&mut self) {
        if self.turn.is_some() {
            self.emit(Event::Refused {
                reason: "Maya is still answering.".into(),
            });
            return;
        }
        if !self.can_retry {
            self.emit(Event::Notice("Nothing to retry.".into()));
            return;
        }
        // An interrupted partial reply is replaced by the new attempt.
        if matches!(self.history.last(), Some(ChatMessage::Assistant { tool_calls, .. }) if tool_calls.is_empty())
        {
            self.history.pop();
            self.recorder.retracted();
        }
        self.can_retry = false;
        self.release_queue();
        self.emit(Event::RetryStarted);
        self.start_turn();
    }
}
