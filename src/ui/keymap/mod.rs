//! The key map as one table: which key (or mouse action) does what in each state of the
//! screen, how the help sheet names it, and the footer hint that offers it. Dispatch, the
//! help sheet and the footer all read this table, so they cannot drift apart.
//!
//! Here: what a binding is (inputs, scopes, acts, hints) and how a key event matches an
//! input; `table.rs` is the table itself; `names.rs` names keys for people (the help sheet,
//! next steps, words around a key).

use crossterm::event::{KeyCode, KeyModifiers};

mod names;
mod table;

pub use names::{key_label, key_name, label, say};
pub use table::{BINDINGS, SLASH, SLASH_TITLE};

/// Something the guest can do with the keyboard or the mouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A key with exactly these Ctrl/Alt modifiers (Shift is ignored).
    Key(KeyCode, KeyModifiers),
    WheelUp,
    WheelDown,
    /// A left click (on a tip button).
    Click,
}

/// Where a binding applies: the bar itself (no window open), or one of the windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Anywhere,
    Bar,
    Writing,
    Payment,
    Consent,
    Help,
}

impl Scope {
    /// The help sheet's heading for this scope.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Anywhere => "Anywhere",
            Scope::Bar => "In the bar",
            Scope::Writing => "Writing a message",
            Scope::Payment => "The settle-up window",
            Scope::Consent => "The spending question",
            Scope::Help => "This help",
        }
    }
}

/// What a binding does. Whether it applies right now is decided by the app (`App::applies`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    CtrlC,
    Quit,
    Send,
    Stop,
    OpenHelp,
    /// `?` opens the help only on an empty line; otherwise it is typed.
    OpenHelpIfEmpty,
    Tip(u32),
    ClickTip,
    Checkout,
    Voice,
    ScrollUp(usize),
    ScrollDown(usize),
    Top,
    Bottom,
    Retry,
    NewLine,
    Up,
    Down,
    Left,
    Right,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    Backspace,
    Delete,
    DeleteWord,
    KillToStart,
    KillToEnd,
    Undo,
    Redo,
    Pay,
    TestCard,
    Copy,
    CancelCheckout,
    TipFrozen,
    Close,
    Allow,
    Decline,
    HelpScroll(i32),
}

/// When a footer hint shows (besides its binding applying at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    Always,
    Idle,
    Busy,
}

/// A footer hint: its text, how long it is kept when the footer is short of room (0 is kept
/// longest), and when it shows.
#[derive(Clone, Copy, Debug)]
pub struct Hint {
    pub text: &'static str,
    pub keep: u8,
    pub show: Show,
}

/// One row of the help sheet and the inputs behind it.
#[derive(Debug)]
pub struct Binding {
    pub scope: Scope,
    /// The keys as the help sheet names them; it names every input below.
    pub keys: &'static str,
    pub does: &'static str,
    pub inputs: &'static [(Input, Act)],
    pub hint: Option<Hint>,
}

impl Binding {
    /// Rows the help sheet lists. The help window's own keys are in its footer instead.
    pub fn listed(&self) -> bool {
        self.scope != Scope::Help
    }
}

/// A slash command: typed, then Enter.
#[derive(Debug)]
pub struct Slash {
    pub names: &'static [&'static str],
    pub usage: &'static str,
    pub does: &'static str,
    pub act: SlashAct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashAct {
    Quit,
    Help,
    Pay,
    Retry,
    Tab,
    Tip,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// True when the key event is this input (Ctrl and Alt must match; Shift is ignored, so `?`
/// and `Y` match however the terminal reports them).
pub fn matches_key(input: &Input, code: KeyCode, mods: KeyModifiers) -> bool {
    let Input::Key(want, want_mods) = input else {
        return false;
    };
    let relevant = CTRL | ALT;
    *want == code && (mods & relevant) == (*want_mods & relevant)
}
