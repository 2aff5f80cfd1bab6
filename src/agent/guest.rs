//! What the guest sends: each [`Command`] from the UI handled in turn, a message sent to
//! Maya (or queued, or refused), the greeting, and the keys that change the tab directly.

use super::Agent;
use super::prompt;
use super::protocol::{Command, Entry, Event, ReplyState};
use crate::bar::{Action, BarEvent};
use crate::llm::ChatMessage;

impl Agent {
    /// Returns false when the agent should stop.
    pub(super) fn on_command(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::Submit(text) => self.submit(text),
            Command::TakeBack => self.take_back(),
            Command::SendQueue => self.release_queue(),
            Command::CancelReply => {
                if self.turn.is_some() {
                    self.cancel_turn();
                } else {
                    // The reply is finished but may still be being read aloud.
                    self.voice_stop();
                }
            }
            Command::ToggleTip(p) => self.guest_action(Action::ToggleTipPercent(p)),
            Command::SetTip(tip) => self.guest_action(Action::SetTip(tip)),
            Command::ClearTip => self.guest_action(Action::ClearTip),
            Command::Checkout => self.guest_checkout(),
            Command::CancelCheckout => self.guest_cancel(),
            Command::ConfirmSimulatedPayment => self.confirm_simulated(),
            Command::PayWithTestCard => self.pay_with_test_card(),
            Command::AnswerConsent { allow } => self.answer_consent(allow),
            Command::Retry => self.retry(),
            Command::ToggleVoice => self.toggle_voice(),
            Command::AwaitSpeech => self.await_speech(),
            Command::Quit => return false,
        }
        true
    }

    fn submit(&mut self, text: String) {
        let text = self.safety.clean(text.trim_end());
        if text.trim().is_empty() {
            self.emit(Event::Refused {
                reason: "Type something first.".into(),
            });
            return;
        }
        // While Maya answers, or behind messages already waiting: in order, after her reply.
        if self.turn.is_some() || !self.queue.is_empty() {
            self.enqueue(text);
            return;
        }
        if let Err(wait) = self.safety.check_rate() {
            self.emit(Event::RestoreInput(text));
            self.emit(Event::Refused {
                reason: crate::security::rate::retry_message(wait),
            });
            return;
        }
        self.start_message(text);
    }

    /// The guest's message goes to Maya now (the rate limit has passed it): the input scan,
    /// then a turn. A blocked message is answered at once and the turn is over.
    pub(super) fn start_message(&mut self, text: String) {
        if let Some(verdict) = self.safety.check_input(&text) {
            tracing::warn!(family = %verdict.family, score = verdict.score, "blocked guest input");
            self.emit(Event::InputBlocked {
                text: text.clone(),
                family: verdict.family.clone(),
            });
            self.recorder.entry(&Entry::User {
                text,
                blocked: Some(verdict.family.into()),
            });
            self.say_directly(&verdict.decline);
            return;
        }
        self.can_retry = false;
        self.emit(Event::TurnStarted {
            user_text: text.clone(),
        });
        self.flush_notes();
        self.push_message(ChatMessage::User { text });
        self.start_turn();
    }

    /// Maya says a fixed line without the model (a declined input).
    fn say_directly(&mut self, line: &str) {
        self.emit(Event::AssistantDelta(line.to_string()));
        self.emit(Event::AssistantDone(ReplyState::Complete));
        self.recorder.entry(&Entry::Assistant {
            text: line.to_string(),
            state: ReplyState::Complete,
        });
        self.recorder.sync();
        self.emit(Event::TurnFinished);
    }

    pub(super) fn greet(&mut self) {
        self.emit(Event::GreetingStarted);
        self.push_message(ChatMessage::User {
            text: prompt::SESSION_START.into(),
        });
        self.start_turn();
    }

    /// A tip or similar action taken with keys: same Bar code, and Maya hears about it.
    fn guest_action(&mut self, action: Action) {
        match self.bar.apply(action) {
            Ok(events) => {
                self.record_bar(&events);
                let view = self.bar.view();
                for e in &events {
                    if let BarEvent::TipChanged { tip } = e {
                        self.notes.push(match tip {
                            crate::bar::Tip::None => "Guest removed the tip".to_string(),
                            t => format!("Guest set a {} tip ({})", t.label(), view.tip_amount),
                        });
                    }
                }
                self.emit(Event::TabChanged(view));
            }
            Err(e) => self.emit(Event::Notice(self.safety.clean(&e.said(&*self.say)))),
        }
    }
}
