//! The agent's events applied to the view-model: the turn's progress, the guest's input coming
//! back, the tab and its payment, and the session's own news. Nothing here awaits or sends.

use std::time::{Duration, Instant};

use super::app::App;
use super::keymap;
use super::overlay::{Overlay, Payment};
use super::panel::Changed;
use super::queued::Queued;
use crate::agent::{Event, PaymentProgress};
use crate::bar::{Receipt, TabView};
use crate::money::Cents;
use crate::transcript::{Entry, ReplyState};

const PULSE: Duration = Duration::from_millis(700);

impl App {
    /// An event from the agent: the turn's progress, the guest's input coming back, the tab
    /// and its payment, and the session's own news.
    pub fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Ready {
                info,
                transcript,
                input_history,
                tab,
            } => {
                self.info = Some(info);
                self.conversation.extend(transcript);
                self.composer.set_history(input_history);
                self.tab = tab;
            }
            // The turn.
            Event::TurnStarted { user_text } => self.turn_started(user_text),
            Event::RetryStarted => self.retry_started(),
            Event::GreetingStarted => self.busy = true,
            Event::AssistantDelta(t) => self.reply_delta(&t),
            Event::AssistantDone(state) => self.reply_done(state),
            Event::ToolRan { summary, ok } => self.conversation.push(Entry::Tool { summary, ok }),
            Event::Retrying {
                attempt,
                max_attempts,
                delay_ms,
                ..
            } => self.retrying(attempt, max_attempts, delay_ms),
            Event::Error { message, hint } => {
                let text = match hint {
                    Some(h) => format!("{message} — {}", keymap::say(h)),
                    None => message,
                };
                self.conversation.push(Entry::Error { text });
                self.can_retry = true;
                self.retry_key = true;
            }
            Event::TurnFinished => self.turn_finished(),
            // The guest's input.
            Event::Queue { texts, held } => self.queued = Queued::said(texts, held),
            Event::Refused { reason } => {
                self.queued.settle();
                self.notice(reason);
            }
            Event::RestoreInput(text) => self.restore_input(&text),
            Event::InputBlocked { text, family } => {
                self.queued.settle();
                self.conversation.push(Entry::User {
                    text,
                    blocked: Some(family.into()),
                });
            }
            // The tab and its payment.
            Event::TabChanged(tab) => self.tab_changed(tab),
            Event::ConsentRequest { prompt } => {
                self.typeahead.window_opened(Instant::now());
                self.overlay = Some(Overlay::Consent { prompt });
            }
            Event::PaymentLink {
                url,
                amount,
                simulated,
                note,
            } => self.payment_link(url, amount, simulated, note),
            Event::PaymentStatus(status) => self.payment_status(status),
            Event::Receipt(receipt) => self.receipt(receipt),
            // The session.
            Event::Usage(u) => self.usage = Some(u),
            Event::Notice(n) => self.notice(n),
            Event::Saving { problem } => self.not_saving = problem,
            Event::Voice { engine } => self.voice = engine,
            Event::SpeechDone => {}
            Event::Closed => self.quit = true,
        }
    }

    // The composer was emptied when Enter was pressed (the words come back with
    // `RestoreInput` if they cannot go), so a turn starting, maybe from the queue,
    // never touches what the guest is typing now.
    fn turn_started(&mut self, user_text: String) {
        self.queued.settle();
        if self.conversation.is_streaming() {
            self.conversation.finish(ReplyState::Complete);
        }
        self.conversation.push(Entry::User {
            text: user_text,
            blocked: None,
        });
        self.conversation.to_bottom();
        self.busy = true;
        self.can_retry = false;
        self.retry_key = false;
    }

    fn retry_started(&mut self) {
        self.busy = true;
        self.can_retry = false;
        self.retry_key = false;
        self.notice("trying again…");
    }

    fn reply_delta(&mut self, t: &str) {
        // Text streaming means a turn is running, whatever started it (the greeting
        // has no TurnStarted): Esc must stop it, until TurnFinished.
        self.busy = true;
        self.retrying = None;
        self.conversation.append(t);
    }

    fn reply_done(&mut self, state: ReplyState) {
        if self.conversation.is_streaming() {
            self.conversation.finish(state);
        } else if state == ReplyState::Cancelled {
            self.notice("stopped");
        }
    }

    /// The provider is retrying: the status bar counts down to the next attempt.
    fn retrying(&mut self, attempt: u32, max_attempts: u32, delay_ms: u64) {
        self.retrying = Some((
            attempt,
            max_attempts,
            Instant::now() + Duration::from_millis(delay_ms),
        ));
    }

    fn turn_finished(&mut self) {
        self.busy = false;
        self.retrying = None;
        if self.conversation.is_streaming() {
            self.conversation.finish(ReplyState::Complete);
        }
    }

    /// Words that could not go: ahead of anything typed since, so nothing is lost and the
    /// order is kept.
    fn restore_input(&mut self, text: &str) {
        let typed = self.composer.text();
        if typed.trim().is_empty() {
            self.composer.set(text);
        } else if typed != text {
            let both = format!("{text}\n{typed}");
            self.composer.set(&both);
        }
    }

    fn tab_changed(&mut self, tab: TabView) {
        let changed = Changed::between(&self.tab, &tab);
        if changed.any() {
            self.pulse = Some((changed, Instant::now() + PULSE));
        }
        self.tab = tab;
    }

    fn payment_link(&mut self, url: String, amount: Cents, simulated: bool, note: Option<String>) {
        let p = Payment {
            url,
            amount,
            simulated,
            note,
            status: PaymentProgress::Waiting,
            copied: false,
        };
        self.payment = Some(p.clone());
        self.typeahead.window_opened(Instant::now());
        self.overlay = Some(Overlay::Payment(p));
    }

    fn payment_status(&mut self, status: PaymentProgress) {
        if let Some(p) = self.payment.as_mut() {
            p.status = status.clone();
        }
        if let Some(Overlay::Payment(p)) = self.overlay.as_mut() {
            p.status = status.clone();
        }
        if matches!(
            status,
            PaymentProgress::Cancelled | PaymentProgress::Expired
        ) {
            self.payment = None;
            self.checkout_cancelled = status == PaymentProgress::Cancelled;
        }
    }

    fn receipt(&mut self, receipt: Receipt) {
        self.payment = None;
        if matches!(self.overlay, Some(Overlay::Payment(_))) {
            self.overlay = None;
        }
        self.conversation.push(Entry::Receipt {
            receipt: Box::new(receipt),
        });
        self.conversation.to_bottom();
    }
}
