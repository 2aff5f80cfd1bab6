//! The safety pipeline of one turn, built from `crate::security`: the guest's text is checked
//! (rate, injection, toxicity) before the model sees it, and the model's reply is released
//! through the streaming guard (terminal sanitizer + output scanner) before it reaches the UI
//! or the journal. Every other string from outside passes [`Safety::clean`].

use std::sync::Arc;
use std::time::Duration;

use crate::config::{RateConfig, SecurityConfig};
use crate::security::guard::Guard;
use crate::security::rate::Limiter;
use crate::security::redact;
use crate::security::scanner::{Scanner, decline_line};
use crate::terminal;

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
    pub score: f32,
    /// Maya's in-character answer to a blocked input.
    pub decline: String,
}

#[derive(Clone)]
pub struct Safety {
    scanner: Arc<Scanner>,
    messages: Arc<Limiter>,
}

impl Safety {
    pub fn new(security: &SecurityConfig, rate: &RateConfig) -> Self {
        let mut scanner = Scanner::new(security);
        scanner.set_protected(super::prompt::protected_phrases());
        Safety {
            scanner: Arc::new(scanner),
            messages: Arc::new(Limiter::messages(rate)),
        }
    }

    /// Ok, or how long the guest must wait before the next message.
    pub fn check_rate(&self) -> Result<(), Duration> {
        self.messages.check()
    }

    /// `Some` when the input must not reach the model.
    pub fn check_input(&self, text: &str) -> Option<InputVerdict> {
        let v = self.scanner.scan_input(text);
        let family = v.family.filter(|_| v.blocked)?;
        Some(InputVerdict {
            family: family.as_str().to_string(),
            score: v.score,
            decline: decline_line(family).to_string(),
        })
    }

    pub fn reply_filter(&self) -> ReplyFilter {
        ReplyFilter {
            guard: Guard::new(self.scanner.clone()),
        }
    }

    /// Maya's safe line when a reply is stopped.
    pub fn safe_line(&self) -> &'static str {
        decline_line(crate::security::scanner::Family::Toxicity)
    }

    /// Clean a one-off string from outside (tool summaries, error bodies, URLs): no terminal
    /// controls, no secrets.
    pub fn clean(&self, s: &str) -> String {
        let s = terminal::sanitize(s);
        redact::redact(&s).into_owned()
    }
}

/// Per-round reply filter.
pub struct ReplyFilter {
    guard: Guard,
}

/// [`Released`], lending the text (see [`ReplyFilter::step`]).
pub struct ReleasedRef<'a> {
    pub text: &'a str,
    pub blocked: Option<String>,
}

impl ReplyFilter {
    /// Judge the next chunk; the released text is lent until the next call, so a stream of
    /// small deltas costs no allocation per delta.
    pub fn step(&mut self, chunk: &str) -> ReleasedRef<'_> {
        let step = self.guard.step(chunk);
        ReleasedRef {
            text: step.release,
            blocked: step
                .hit
                .and_then(|v| v.family)
                .map(|f| f.as_str().to_string()),
        }
    }

    pub fn push(&mut self, chunk: &str) -> Released {
        let step = self.guard.push(chunk);
        Released {
            text: step.release,
            blocked: step
                .hit
                .and_then(|v| v.family)
                .map(|f| f.as_str().to_string()),
        }
    }

    pub fn finish(&mut self) -> Released {
        let step = self.guard.finish();
        Released {
            text: step.release,
            blocked: step
                .hit
                .and_then(|v| v.family)
                .map(|f| f.as_str().to_string()),
        }
    }

    /// How many terminal control sequences were removed so far.
    pub fn removed(&self) -> usize {
        self.guard.removed()
    }
}
