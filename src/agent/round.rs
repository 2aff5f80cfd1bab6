//! One round of a turn: the model's stream as it arrives, its text released through the
//! reply filter (or stopped by it), and how the round ends: with tool calls to run
//! (`calls.rs`), with the reply done, or with a provider error the guest can retry.

use super::Agent;
use super::protocol::{Entry, Event, NextStep, ReplyState};
use crate::llm::{ChatMessage, FinishReason, ProviderError, ProviderEvent};

impl Agent {
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
}
