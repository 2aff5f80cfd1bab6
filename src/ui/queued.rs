//! The guest's queued messages as the screen shows them: dimmed under Maya's reply, with a
//! line saying what happens to them next. The agent owns the queue (see `agent/queue.rs`);
//! this is its view-model, replaced whole by each `Event::Queue`.

use ratatui::text::Line;

use super::conversation::{indented, label};
use super::theme::Theme;

#[derive(Debug, Default)]
pub struct Queued {
    pub texts: Vec<String>,
    /// They wait for the guest's word (after an error, or from an earlier visit).
    pub held: bool,
}

impl Queued {
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
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
        if self.texts.is_empty() {
            return Vec::new();
        }
        let mut rows = vec![Line::default()];
        for text in &self.texts {
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
