//! The guest's queued messages as the screen shows them: dimmed under Maya's reply, with a
//! line saying what happens to them next. The agent owns the queue (see `agent/queue.rs`);
//! this is its view-model, replaced whole by each `Event::Queue`.

use ratatui::text::Line;

use super::entry_rows::{indented, label};
use super::theme::Theme;

#[derive(Debug, Default)]
pub struct Queued {
    /// The queue as the agent last said.
    pub texts: Vec<String>,
    /// They wait for the guest's word (after an error, or from an earlier visit).
    pub held: bool,
    /// Sent with Enter while Maya was answering, before the agent's answer arrived: shown at
    /// once, and so ↑ pressed right after Enter takes it back rather than recalling it from
    /// history (which would send it twice). The agent's next word on the queue, or a turn
    /// starting, replaces these.
    pub pending: Vec<String>,
}

impl Queued {
    /// The queue as the agent said it; it replaces every guess.
    pub fn said(texts: Vec<String>, held: bool) -> Queued {
        Queued {
            texts,
            held,
            pending: Vec::new(),
        }
    }

    /// Every waiting message, oldest first, guesses last.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.texts.iter().chain(&self.pending)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.pending.is_empty()
    }

    /// The agent said what is queued (or started a message, or refused one): its word
    /// replaces the guesses.
    pub fn settle(&mut self) {
        self.pending.clear();
    }

    /// What happens to them next, given whether Maya is answering.
    pub fn note(&self, busy: bool) -> &'static str {
        if self.held {
            "not sent yet · Enter on an empty line sends · ↑ takes the last back"
        } else if busy {
            "sends when Maya finishes · Esc stops her now"
        } else {
            "sending…"
        }
    }

    /// The rows under the conversation at `width`: each message labelled like the guest's
    /// own, all dimmed, then the note. Nothing when nothing waits.
    pub fn rows(&self, width: usize, busy: bool, theme: &Theme) -> Vec<Line<'static>> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut rows = vec![Line::default()];
        for text in self.all() {
            for (k, line) in text.split('\n').enumerate() {
                let mut r = indented(line, theme.dim(), width);
                if k == 0 {
                    label(&mut r, "You", theme.dim());
                }
                rows.extend(r);
            }
        }
        rows.extend(indented(
            &format!("↳ {}", self.note(busy)),
            theme.dim(),
            width,
        ));
        rows
    }
}
