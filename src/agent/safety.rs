//! The safety pipeline of one turn: the guest's text is checked before the model sees it, and
//! the model's reply is released through a streaming filter (hold back what is not yet judged,
//! strip terminal control sequences) before it reaches the UI or the journal.

/// A judged piece of reply text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Released {
    /// Text that may be shown now (already sanitized for the terminal).
    pub text: String,
    /// Set when the reply was stopped: the family that matched. Nothing more will be released.
    pub blocked: Option<String>,
}

pub struct InputVerdict {
    pub family: String,
    /// Maya's in-character answer to a blocked input.
    pub decline: String,
}

#[derive(Clone, Default)]
pub struct Safety {}

impl Safety {
    pub fn new() -> Self {
        Safety {}
    }

    /// `Some` when the input must not reach the model.
    pub fn check_input(&self, _text: &str) -> Option<InputVerdict> {
        None
    }

    pub fn reply_filter(&self) -> ReplyFilter {
        ReplyFilter { removed: 0 }
    }

    /// Maya's safe line when a reply is stopped.
    pub fn safe_line(&self) -> &'static str {
        "Let's keep things friendly at the bar. What can I pour for you?"
    }

    /// Clean a one-off string from outside (tool summaries, error bodies, URLs).
    pub fn clean(&self, s: &str) -> String {
        s.chars()
            .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
            .collect()
    }
}

/// Per-round reply filter.
pub struct ReplyFilter {
    removed: usize,
}

impl ReplyFilter {
    pub fn push(&mut self, chunk: &str) -> Released {
        let text: String = chunk
            .chars()
            .filter(|c| {
                let keep = *c == '\n' || *c == '\t' || !c.is_control();
                if !keep {
                    self.removed += 1;
                }
                keep
            })
            .collect();
        Released {
            text,
            blocked: None,
        }
    }

    pub fn finish(&mut self) -> Released {
        Released::default()
    }

    /// How many control sequences or characters were removed so far.
    pub fn removed(&self) -> usize {
        self.removed
    }
}
