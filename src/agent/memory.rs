//! What the agent remembers and writes down: the model's history (pushed, trimmed to what a
//! request can reach, notes for Maya folded in) and the session's records (messages, screen
//! entries, bar events), with the guest told when saving fails and when it works again.

use tokio::time::Instant;

use super::{Agent, Entry, Event, SAVE_RETRY, prompt, turn};
use crate::bar::BarEvent;
use crate::llm::ChatMessage;

impl Agent {
    /// Tell the guest when saving starts failing (a persistent warning, until it recovers) and
    /// when it works again. Cheap: it compares the recorder's state with what was last told.
    pub(super) fn check_saving(&mut self) {
        let now = self.recorder.problem();
        self.save_retry = match (&now, self.save_retry) {
            (None, _) => None,
            (Some(_), Some(at)) if at > Instant::now() => Some(at),
            (Some(_), _) => Some(Instant::now() + SAVE_RETRY),
        };
        if now == self.not_saving {
            return;
        }
        match (&self.not_saving, &now) {
            (None, Some(why)) => self.emit(Event::Notice(format!(
                "This session is not being saved: {why}. Maya keeps what happens in memory and \
                 saves it as soon as the disk takes it again."
            ))),
            (Some(_), None) => self.emit(Event::Notice(
                "Saving again: everything so far is in the session file.".into(),
            )),
            _ => {}
        }
        self.emit(Event::Saving {
            problem: now.clone(),
        });
        self.not_saving = now;
    }

    pub(super) fn flush_notes(&mut self) {
        for note in std::mem::take(&mut self.notes) {
            self.push_message(ChatMessage::User {
                text: format!("{} {note}", prompt::GUEST_ACTION),
            });
        }
    }

    pub(super) fn push_message(&mut self, m: ChatMessage) {
        self.recorder.message(&m);
        self.history.push(m);
        self.trim_history();
    }

    /// Let go of messages no request can use any more: the model sees the last
    /// `context_messages` (see `turn::context_start`); the rest are in the journal and on the
    /// guest's screen, so a long session does not hold its text twice. Trimmed in steps, with
    /// a margin of another window, so `/retry` dropping the last message never reaches into
    /// what was let go.
    pub(super) fn trim_history(&mut self) {
        let keep = self.cfg.provider.context_messages.max(1);
        if self.history.len() < 3 * keep {
            return;
        }
        let start = turn::context_start(&self.history, 2 * keep);
        if start > 0 {
            self.guest_spoke |= self.history[..start].iter().any(turn::spoken_by_guest);
            self.history.drain(..start);
            // A resumed session's history had room for all its messages; keep room for a few
            // windows only.
            if self.history.capacity() > 4 * self.history.len() {
                self.history.shrink_to_fit();
            }
        }
    }

    pub(super) fn record_bar(&mut self, events: &[BarEvent]) {
        if !events.is_empty() {
            self.recorder.bar(events);
        }
    }

    pub(super) fn record_entry(&mut self, entry: Entry) {
        self.recorder.entry(&entry);
    }
}
