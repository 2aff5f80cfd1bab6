//! Messages the guest sends while Maya is answering wait here, oldest first, and go to her the
//! moment her reply ends: a message never bounces because she is busy.
//!
//! The queue lives in the agent, not in the UI's view-model, because it is state that matters
//! (DESIGN.md: the agent owns it, the UI shows it):
//! - only the agent knows the moment a turn really ends (tool rounds, a spending question, a
//!   payment or a retry wait can keep it going after the text stops), so it sends the next
//!   message right then, with no round trip to the UI in which a key could slip between;
//! - it alone decides between "start now" and "queue", and between "send the next one" and
//!   "↑ takes it back", one command at a time, so a message is never both sent and taken back,
//!   and never sent twice or out of order;
//! - it journals the queue, so what was queued when the guest quit (or the terminal died)
//!   comes back with `--resume` instead of vanishing.

use std::collections::VecDeque;

use tokio::time::Instant;

use super::Agent;
use super::protocol::Event;

/// At most this many messages wait; one more is refused with its text back in the composer.
pub(super) const MAX_QUEUED: usize = 20;

#[derive(Default)]
pub(super) struct Queue {
    texts: VecDeque<String>,
    /// They wait for the guest's word, not for Maya: after a failed turn (a retry sends them
    /// after it), or left from an earlier visit. Enter on an empty line or a new message
    /// sends them.
    held: bool,
    /// The message rate limit said wait: the next one goes at this moment.
    wake: Option<Instant>,
}

impl Queue {
    /// Messages from an earlier visit, held until the guest says so.
    pub(super) fn restored(texts: Vec<String>) -> Queue {
        Queue {
            held: !texts.is_empty(),
            texts: texts.into(),
            wake: None,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Messages that go as soon as Maya is free.
    pub(super) fn flowing(&self) -> bool {
        !self.texts.is_empty() && !self.held
    }

    /// When the rate limit lets the next one go, if it is waiting for that.
    pub(super) fn wake(&self) -> Option<Instant> {
        self.wake.filter(|_| self.flowing())
    }
}

impl Agent {
    /// A guest message that cannot start now: it joins the end of the queue, and a held queue
    /// moves again (a new message means "carry on", and order is kept).
    pub(super) fn enqueue(&mut self, text: String) {
        if self.queue.texts.len() >= MAX_QUEUED {
            self.emit(Event::RestoreInput(text));
            self.emit(Event::Refused {
                reason: format!(
                    "{MAX_QUEUED} messages are already waiting for Maya; this one is back in \
                     the composer."
                ),
            });
            return;
        }
        self.queue.texts.push_back(text);
        self.queue.held = false;
        self.show_queue();
        self.record_queue();
    }

    /// ↑ on an empty composer: the last queued message goes back to be edited.
    pub(super) fn take_back(&mut self) {
        let Some(text) = self.queue.texts.pop_back() else {
            self.emit(Event::Notice(
                "Nothing is waiting to be taken back: it has gone to Maya already.".into(),
            ));
            return;
        };
        if self.queue.texts.is_empty() {
            self.queue.held = false;
            self.queue.wake = None;
        }
        self.show_queue();
        self.record_queue();
        self.emit(Event::RestoreInput(text));
    }

    /// Enter on an empty composer, `/retry`: a held queue moves again.
    pub(super) fn release_queue(&mut self) {
        if self.queue.held {
            self.queue.held = false;
            self.show_queue();
        }
    }

    /// A turn failed: what is queued waits for the guest (a retry, Enter, a new message)
    /// rather than running into the same failure. True when anything is held.
    pub(super) fn hold_queue(&mut self) -> bool {
        if self.queue.is_empty() {
            return false;
        }
        if !self.queue.held {
            self.queue.held = true;
            self.show_queue();
        }
        true
    }

    /// Called after everything the loop does: with Maya free, the next message goes now.
    /// A blocked message is answered at once, so the loop goes on to the one after it.
    pub(super) fn pump_queue(&mut self) {
        while self.turn.is_none() && self.queue.flowing() {
            if self.queue.wake.is_some_and(|at| at > Instant::now()) {
                return;
            }
            self.queue.wake = None;
            if let Err(wait) = self.safety.check_rate() {
                self.queue.wake = Some(Instant::now() + wait);
                let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
                self.emit(Event::Notice(format!(
                    "Easy there, one message at a time: the next one goes to Maya in {secs} s."
                )));
                return;
            }
            let Some(text) = self.queue.texts.pop_front() else {
                return;
            };
            self.show_queue();
            self.start_message(text);
            // Journaled after the message itself: a crash in between repeats it on resume
            // rather than losing it.
            self.record_queue();
        }
    }

    /// The queue as the UI shows it.
    pub(super) fn show_queue(&mut self) {
        self.emit(Event::Queue {
            texts: self.queue.texts.iter().cloned().collect(),
            held: self.queue.held,
        });
    }

    fn record_queue(&mut self) {
        let texts: Vec<String> = self.queue.texts.iter().cloned().collect();
        self.recorder.queue(&texts);
    }
}
