//! One turn: the model streams, tools run, the model streams again, in bounded rounds. The
//! turn is a state machine driven by the agent's loop, so keys and payments keep working while
//! the model talks.

use std::collections::VecDeque;

use super::Agent;
use super::prompt::{self, Phase};
use super::protocol::{Entry, Event, NextStep, ReplyState};
use super::safety::ReplyFilter;
use crate::bar::{Action, BarEvent};
use crate::llm::{
    ChatMessage, ChatRequest, FinishReason, ProviderError, ProviderEvent, RawTurn, ToolCall,
};
use crate::tools::{self, Plan, ToolOutput, TurnSpend};

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
    round: u32,
    /// Text released in this round.
    text: String,
    calls: Vec<ToolCall>,
    raw: Option<RawTurn>,
    filter: ReplyFilter,
    /// Tool calls of the finished round still to run, in order.
    queue: VecDeque<ToolCall>,
    pub(super) awaiting: Option<Awaiting>,
    /// Something was ordered in this turn (resets the small-talk count).
    ordered: bool,
    /// What the model's calls have added since the guest spoke: the spending guard judges
    /// the whole turn, so many small orders cannot add up unasked.
    spend: TurnSpend,
    used_tools: bool,
    blocked: bool,
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

    fn start_round(&mut self) {
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

    pub(super) fn on_provider(&mut self, item: Option<Result<ProviderEvent, ProviderError>>) {
        if self.turn.is_none() {
            self.stream = None;
            return;
        }
        match item {
            None => self.finish_round(FinishReason::Stop),
            Some(Ok(ProviderEvent::TextDelta(t))) => self.release(&t),
            Some(Ok(ProviderEvent::ToolCall(c))) => {
                if let Some(turn) = self.turn.as_mut() {
                    turn.calls.push(c);
                }
            }
            Some(Ok(ProviderEvent::Raw(r))) => {
                if let Some(turn) = self.turn.as_mut() {
                    turn.raw = Some(r);
                }
            }
            Some(Ok(ProviderEvent::Usage(u))) => self.emit(Event::Usage(u)),
            Some(Ok(ProviderEvent::Retrying {
                attempt,
                max_attempts,
                delay,
                reason,
            })) => self.emit(Event::Retrying {
                attempt,
                max_attempts,
                delay_ms: delay.as_millis().try_into().unwrap_or(u64::MAX),
                reason: self.safety.clean(&reason),
            }),
            Some(Ok(ProviderEvent::Finish(reason))) => self.finish_round(reason),
            Some(Err(e)) => self.fail_round(e),
        }
    }

    /// Pass model text through the reply filter and show what it releases.
    fn release(&mut self, delta: &str) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        if turn.blocked {
            return;
        }
        let step = turn.filter.step(delta);
        if !step.text.is_empty() {
            turn.text.push_str(step.text);
            self.unsent.push_str(step.text);
            // Speech hears exactly what the guard released, when the guest sees it.
            if let Some(speaker) = super::voice::live(&mut self.voice) {
                speaker.released(step.text);
            }
        }
        if let Some(family) = step.blocked {
            self.block_reply(&family);
        }
    }

    fn show_released(&mut self, released: super::safety::Released) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        if !released.text.is_empty() {
            turn.text.push_str(&released.text);
            // Speech hears exactly what the guard released, when the guest sees it.
            self.voice_released(&released.text);
            self.emit_text(released.text);
        }
        if let Some(family) = released.blocked {
            self.block_reply(&family);
        }
    }

    /// The scanner stopped the reply mid-stream: stop the model, keep what was already shown,
    /// and let Maya finish with her safe line.
    fn block_reply(&mut self, family: &str) {
        tracing::warn!(family, "reply stopped by the output scanner");
        self.stream = None;
        // Nothing after the stop is said, and what was queued is dropped; the safe line that
        // follows is not spoken either.
        self.voice_stop();
        let line = self.safety.safe_line().to_string();
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        turn.blocked = true;
        let sep = if turn.text.is_empty() { "" } else { "\n\n" };
        let added = format!("{sep}{line}");
        turn.text.push_str(&added);
        let text = std::mem::take(&mut turn.text);
        turn.calls.clear();
        self.emit(Event::AssistantDelta(added));
        self.emit(Event::AssistantDone(ReplyState::Blocked));
        self.push_message(ChatMessage::Assistant {
            text,
            tool_calls: vec![],
            raw: None,
        });
        self.recorder.reply_state(ReplyState::Blocked);
        self.end_turn();
    }

    fn finish_round(&mut self, reason: FinishReason) {
        self.stream = None;
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let tail = turn.filter.finish();
        let removed = turn.filter.removed();
        self.show_released(tail);
        let Some(turn) = self.turn.as_mut() else {
            return; // the tail was blocked
        };
        let text = std::mem::take(&mut turn.text);
        let calls = std::mem::take(&mut turn.calls);
        let raw = turn.raw.take();
        self.voice_round_done();
        // Notes about the reply go under it, so they are said after it is done.
        let mut notes = Vec::new();
        if removed > 0 {
            notes.push(format!(
                "removed {removed} terminal control sequence{} from Maya's reply",
                if removed == 1 { "" } else { "s" }
            ));
        }
        match &reason {
            FinishReason::Safety(why) => notes.push(format!(
                "The provider's safety filter stopped the reply ({}).",
                self.safety.clean(why)
            )),
            FinishReason::MaxTokens => {
                notes.push("Maya's reply was cut short (provider.max_output_tokens).".to_string())
            }
            _ => {}
        }
        let had_text = !text.is_empty();
        if had_text || !calls.is_empty() {
            self.push_message(ChatMessage::Assistant {
                text,
                tool_calls: calls.clone(),
                raw,
            });
        }
        if had_text {
            self.emit(Event::AssistantDone(ReplyState::Complete));
        }
        for note in notes {
            self.emit(Event::Notice(note.clone()));
            self.record_entry(Entry::Notice { text: note });
        }
        if calls.is_empty() {
            self.end_turn();
            return;
        }
        if let Some(turn) = self.turn.as_mut() {
            turn.used_tools = true;
            turn.queue = calls.into();
        }
        self.run_queue();
    }

    fn fail_round(&mut self, e: ProviderError) {
        self.stream = None;
        self.voice_cut();
        let message = self.safety.clean(&e.message);
        tracing::warn!(kind = ?e.kind, "provider failed: {message}");
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        // The unreleased tail was never judged, so it is dropped.
        let partial = std::mem::take(&mut turn.text);
        let mut restored = false;
        // Messages queued behind this one wait for a retry of it, so they keep their order;
        // its words stay in the history for that retry rather than coming back to be re-sent.
        let held = self.hold_queue();
        if !partial.is_empty() {
            self.push_message(ChatMessage::Assistant {
                text: partial,
                tool_calls: vec![],
                raw: None,
            });
            self.recorder.reply_state(ReplyState::Interrupted);
            self.emit(Event::AssistantDone(ReplyState::Interrupted));
        } else if !held
            && let Some(ChatMessage::User { text }) = self.history.last()
            && !text.starts_with('[')
        {
            self.emit(Event::RestoreInput(text.clone()));
            restored = true;
        }
        // With the guest's words back in the composer, r would type a letter.
        let hint = Some(if held {
            NextStep::RetryThenQueue
        } else if restored {
            NextStep::Resend
        } else {
            NextStep::Retry
        });
        self.record_entry(Entry::Error {
            text: message.clone(),
        });
        self.emit(Event::Error { message, hint });
        self.end_turn();
        self.can_retry = true;
    }

    /// Run the queued tool calls in order until one has to wait.
    pub(super) fn run_queue(&mut self) {
        loop {
            let Some(turn) = self.turn.as_mut() else {
                return;
            };
            if turn.awaiting.is_some() {
                return;
            }
            let Some(call) = turn.queue.pop_front() else {
                break;
            };
            let plan = tools::dispatch_in_turn(
                &mut self.bar,
                &call,
                &self.guard,
                &mut turn.spend,
                turn.queue.make_contiguous(),
            );
            match plan {
                Plan::Done(out) => self.tool_done(&call, out),
                Plan::Confirm { action, prompt } => {
                    let prompt = self.safety.clean(&prompt);
                    if let Some(turn) = self.turn.as_mut() {
                        turn.awaiting = Some(Awaiting::Consent { call, action });
                    }
                    self.emit(Event::ConsentRequest { prompt });
                }
                Plan::Checkout => self.checkout(Some(call)),
                Plan::CancelCheckout => self.cancel_checkout(Some(call)),
                Plan::PaymentStatus => {
                    let out = self.payment_status_output();
                    self.tool_done(&call, out);
                }
            }
        }
        self.start_round();
    }

    /// A tool call finished: record, show, and tell the model.
    pub(super) fn tool_done(&mut self, call: &ToolCall, out: ToolOutput) {
        let out = out.said(&*self.say);
        self.record_bar(&out.events);
        if !out.events.is_empty() {
            self.emit(Event::TabChanged(self.bar.view()));
        }
        if let Some(turn) = self.turn.as_mut()
            && out
                .events
                .iter()
                .any(|e| matches!(e, BarEvent::ItemAdded { .. }))
        {
            turn.ordered = true;
        }
        let ok = out.result["ok"].as_bool().unwrap_or(false);
        let summary = self.safety.clean(&out.summary);
        if ok {
            tracing::info!(tool = %call.name, "{summary}");
        } else {
            tracing::info!(tool = %call.name, "refused: {summary}");
        }
        // An empty summary has nothing to show (the rest of a batch the guest declined).
        if !summary.is_empty() {
            self.record_entry(Entry::Tool {
                summary: summary.clone(),
                ok,
            });
            self.emit(Event::ToolRan { summary, ok });
        }
        self.push_message(ChatMessage::ToolResult {
            call_id: call.id.clone(),
            name: call.name.clone(),
            content: out.result,
        });
    }

    /// A tool call that waited for the gateway has its answer.
    pub(super) fn resume_payment_call(&mut self, op: PayOp, out: ToolOutput) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let waiting_for_this =
            matches!(&turn.awaiting, Some(Awaiting::Payment { op: o, .. }) if *o == op);
        if !waiting_for_this {
            return;
        }
        if let Some(Awaiting::Payment { call, .. }) = turn.awaiting.take() {
            self.tool_done(&call, out);
            self.run_queue();
        }
    }

    pub(super) fn answer_consent(&mut self, allow: bool) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let Some(Awaiting::Consent { call, action }) = turn.awaiting.take() else {
            return;
        };
        let out = tools::answer_consent(&mut self.bar, action, allow, &mut turn.spend);
        self.tool_done(&call, out);
        self.run_queue();
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
