//! Keys typed ahead must not act in a window that opens under the guest's fingers. A guest
//! typing "two martinis" while Maya's spending question or the payment window pops up would
//! otherwise answer it with their letters: `t` pays with the test card, `x` cancels the
//! check, `y` allows the spend, Enter pays. So while a window that opened mid-typing is new,
//! the guest's letters, Backspace and Enter keep going to the composer (Enter sends or
//! queues the message), until they pause for a moment; Esc and Ctrl+C act on the window at
//! once. A guest who starts typing into a window already open (a letter it does not take) is
//! writing too: "ignore" must not decline at its `n`.

use std::time::{Duration, Instant};

/// A key this recent means the guest is typing.
const TYPING: Duration = Duration::from_millis(1000);
/// How long a window opened mid-typing ignores its action keys.
const GRACE: Duration = Duration::from_millis(600);

#[derive(Debug, Default)]
pub struct TypeAhead {
    last_key: Option<Instant>,
    until: Option<Instant>,
}

impl TypeAhead {
    /// A key went into the composer (or Enter sent it). Typing on keeps a new window's keys
    /// held: a long sentence must not reach it letter by letter once the grace runs out.
    pub fn typed(&mut self, now: Instant) {
        self.last_key = Some(now);
        if self.holds(now) {
            self.until = Some(now + GRACE);
        }
    }

    /// The guest asked for a window on purpose (Ctrl+P, `/pay`): what opens next is expected.
    pub fn deliberate(&mut self) {
        self.last_key = None;
    }

    /// Maya opened a window (not the guest's own key).
    pub fn window_opened(&mut self, now: Instant) {
        if self
            .last_key
            .is_some_and(|at| now.duration_since(at) <= TYPING)
        {
            self.until = Some(now + GRACE);
        }
    }

    /// The guest typed a letter that the open window does not take: they are writing, not
    /// answering, so the window's keys wait as if it had opened under their fingers.
    pub fn writing_under_window(&mut self, now: Instant) {
        self.last_key = Some(now);
        self.until = Some(now + GRACE);
    }

    /// The window's action keys are ignored now.
    pub fn holds(&self, now: Instant) -> bool {
        self.until.is_some_and(|until| now < until)
    }

    /// True once, when the grace ends (the footer's hints change then).
    pub fn lapsed(&mut self, now: Instant) -> bool {
        if self.until.is_some_and(|until| now >= until) {
            self.until = None;
            return true;
        }
        false
    }
}

/// Keys typed before the bar took the terminal arrive all at once, in the first moments of raw
/// mode; the terminal's cooked mode had already turned their Enter into a line feed, which raw
/// mode reads as Ctrl+J (a new line in the composer). Within this window a Ctrl+J is that
/// Enter: no person presses Ctrl+J this soon after the bar appears.
pub const BEFORE_THE_BAR: Duration = Duration::from_millis(300);

/// `key`, read `since_raw` after raw mode began, as the guest meant it.
pub fn as_typed_before_the_bar(
    key: crossterm::event::KeyEvent,
    since_raw: Duration,
) -> crossterm::event::KeyEvent {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    if since_raw < BEFORE_THE_BAR
        && key.code == KeyCode::Char('j')
        && key.modifiers == KeyModifiers::CONTROL
    {
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    } else {
        key
    }
}

#[cfg(test)]
#[path = "typeahead_tests.rs"]
mod tests;
