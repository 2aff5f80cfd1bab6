//! The key map as one table: which key (or mouse action) does what in each state of the
//! screen, how the help sheet names it, and the footer hint that offers it. Dispatch, the
//! help sheet and the footer all read this table, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::next_step::{Key, NextStep};

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

const fn k(code: KeyCode) -> Input {
    Input::Key(code, NONE)
}
const fn ch(c: char) -> Input {
    Input::Key(KeyCode::Char(c), NONE)
}
const fn ctrl(c: char) -> Input {
    Input::Key(KeyCode::Char(c), CTRL)
}
const fn hint(text: &'static str, keep: u8, show: Show) -> Option<Hint> {
    Some(Hint { text, keep, show })
}

use Act as A;
use KeyCode as K;
use Scope as S;

pub static BINDINGS: &[Binding] = &[
    Binding {
        scope: S::Anywhere,
        keys: "Ctrl+C",
        does: "clear the line · stop · decline · close; twice: leave",
        inputs: &[(ctrl('c'), A::CtrlC)],
        hint: None,
    },
    Binding {
        scope: S::Anywhere,
        keys: "Ctrl+D",
        does: "leave the bar",
        inputs: &[(ctrl('d'), A::Quit)],
        hint: hint("Ctrl+D quit", 4, Show::Idle),
    },
    Binding {
        scope: S::Bar,
        keys: "Enter",
        does: "send your message (queued while Maya answers)",
        inputs: &[(k(K::Enter), A::Send)],
        hint: hint("Enter send", 0, Show::Idle),
    },
    Binding {
        scope: S::Bar,
        keys: "Esc",
        does: "stop Maya's reply or voice (the text stays)",
        inputs: &[(k(K::Esc), A::Stop)],
        hint: hint("Esc stop", 0, Show::Always),
    },
    Binding {
        scope: S::Bar,
        keys: "F2 / F3 / F4, click",
        does: "tip 10 / 15 / 20 % (the same again: no tip)",
        inputs: &[
            (k(K::F(2)), A::Tip(10)),
            (k(K::F(3)), A::Tip(15)),
            (k(K::F(4)), A::Tip(20)),
            (Input::Click, A::ClickTip),
        ],
        hint: hint("F2/F3/F4 tip", 3, Show::Idle),
    },
    Binding {
        scope: S::Bar,
        keys: "Ctrl+P",
        does: "ask for the check · reopen the payment",
        inputs: &[(ctrl('p'), A::Checkout)],
        hint: hint("Ctrl+P pay", 1, Show::Idle),
    },
    Binding {
        scope: S::Bar,
        keys: "F5",
        does: "Maya's voice on / off (replies read aloud)",
        inputs: &[(k(K::F(5)), A::Voice)],
        // The first hint to go when the footer is short: Ctrl+D quit matters more.
        hint: hint("F5 voice", 5, Show::Idle),
    },
    Binding {
        scope: S::Bar,
        keys: "PgUp / PgDn, wheel",
        does: "scroll the conversation",
        inputs: &[
            (k(K::PageUp), A::ScrollUp(10)),
            (k(K::PageDown), A::ScrollDown(10)),
            (Input::WheelUp, A::ScrollUp(3)),
            (Input::WheelDown, A::ScrollDown(3)),
        ],
        hint: hint("PgUp/PgDn scroll", 2, Show::Busy),
    },
    Binding {
        scope: S::Bar,
        keys: "Ctrl+Home / Ctrl+End",
        does: "top / bottom of the conversation",
        inputs: &[
            (Input::Key(K::Home, CTRL), A::Top),
            (Input::Key(K::End, CTRL), A::Bottom),
        ],
        hint: None,
    },
    Binding {
        scope: S::Bar,
        keys: "r",
        does: "after an error, as the first key: try again",
        inputs: &[(ch('r'), A::Retry)],
        hint: hint("r retry", 0, Show::Always),
    },
    Binding {
        scope: S::Bar,
        keys: "? (empty line), F1",
        does: "this help",
        inputs: &[(ch('?'), A::OpenHelpIfEmpty), (k(K::F(1)), A::OpenHelp)],
        hint: hint("? help", 2, Show::Idle),
    },
    Binding {
        scope: S::Writing,
        keys: "Alt+Enter, Ctrl+J",
        does: "a new line in the message",
        inputs: &[
            (Input::Key(K::Enter, ALT), A::NewLine),
            (ctrl('j'), A::NewLine),
        ],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "↑ / ↓",
        does: "empty line: queued, then past messages · line up/down",
        inputs: &[(k(K::Up), A::Up), (k(K::Down), A::Down)],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "← / →, Ctrl+← / Ctrl+→",
        does: "move the cursor; with Ctrl, a word",
        inputs: &[
            (k(K::Left), A::Left),
            (k(K::Right), A::Right),
            (Input::Key(K::Left, CTRL), A::WordLeft),
            (Input::Key(K::Right, CTRL), A::WordRight),
        ],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "Home / End, Ctrl+A / Ctrl+E",
        does: "start / end of the line",
        inputs: &[
            (k(K::Home), A::LineStart),
            (k(K::End), A::LineEnd),
            (ctrl('a'), A::LineStart),
            (ctrl('e'), A::LineEnd),
        ],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "Backspace / Delete",
        does: "delete before / under the cursor",
        inputs: &[(k(K::Backspace), A::Backspace), (k(K::Delete), A::Delete)],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "Ctrl+W / Ctrl+U / Ctrl+K",
        does: "delete the word before / to the start / to the end",
        inputs: &[
            (ctrl('w'), A::DeleteWord),
            (ctrl('u'), A::KillToStart),
            (ctrl('k'), A::KillToEnd),
        ],
        hint: None,
    },
    Binding {
        scope: S::Writing,
        keys: "Ctrl+Z / Ctrl+Y",
        does: "undo / redo an edit",
        inputs: &[(ctrl('z'), A::Undo), (ctrl('y'), A::Redo)],
        hint: None,
    },
    Binding {
        scope: S::Payment,
        keys: "Enter",
        does: "pay a simulated check",
        inputs: &[(k(K::Enter), A::Pay)],
        hint: hint("Enter pay", 0, Show::Always),
    },
    Binding {
        scope: S::Payment,
        keys: "t",
        does: "pay a Stripe test check with the test card",
        inputs: &[(ch('t'), A::TestCard)],
        hint: hint("t pay with test card", 0, Show::Always),
    },
    Binding {
        scope: S::Payment,
        keys: "c",
        does: "send the link to the clipboard (OSC 52)",
        inputs: &[(ch('c'), A::Copy)],
        hint: hint("c copy link", 2, Show::Always),
    },
    Binding {
        scope: S::Payment,
        keys: "x",
        does: "cancel the check; the tab opens again",
        inputs: &[(ch('x'), A::CancelCheckout)],
        hint: hint("x cancel", 1, Show::Always),
    },
    Binding {
        scope: S::Payment,
        keys: "Esc",
        does: "close the window; the check stays out",
        inputs: &[(k(K::Esc), A::Close)],
        hint: hint("Esc close", 0, Show::Always),
    },
    Binding {
        scope: S::Payment,
        keys: "F2 / F3 / F4",
        does: "no tip change while the check is out",
        inputs: &[
            (k(K::F(2)), A::TipFrozen),
            (k(K::F(3)), A::TipFrozen),
            (k(K::F(4)), A::TipFrozen),
        ],
        hint: None,
    },
    Binding {
        scope: S::Consent,
        keys: "y",
        does: "allow what Maya asks",
        inputs: &[(ch('y'), A::Allow), (ch('Y'), A::Allow)],
        hint: hint("y allow", 0, Show::Always),
    },
    Binding {
        scope: S::Consent,
        keys: "n, Esc",
        does: "decline",
        inputs: &[
            (ch('n'), A::Decline),
            (ch('N'), A::Decline),
            (k(K::Esc), A::Decline),
        ],
        hint: hint("n decline", 0, Show::Always),
    },
    Binding {
        scope: S::Help,
        keys: "Esc, ?, F1, Enter, q",
        does: "close this help",
        inputs: &[
            (k(K::Esc), A::Close),
            (ch('?'), A::Close),
            (k(K::F(1)), A::Close),
            (k(K::Enter), A::Close),
            (ch('q'), A::Close),
        ],
        hint: hint("Esc close", 0, Show::Always),
    },
    Binding {
        scope: S::Help,
        keys: "↑ / ↓, PgUp / PgDn, wheel",
        does: "scroll this help",
        inputs: &[
            (k(K::Up), A::HelpScroll(-1)),
            (k(K::Down), A::HelpScroll(1)),
            (k(K::PageUp), A::HelpScroll(-10)),
            (k(K::PageDown), A::HelpScroll(10)),
            (Input::WheelUp, A::HelpScroll(-3)),
            (Input::WheelDown, A::HelpScroll(3)),
        ],
        hint: hint("↑/↓ scroll", 1, Show::Always),
    },
];

pub static SLASH: &[Slash] = &[
    Slash {
        names: &["quit", "exit", "q"],
        usage: "/quit, /exit, /q",
        does: "leave the bar",
        act: SlashAct::Quit,
    },
    Slash {
        names: &["help", "?"],
        usage: "/help, /?",
        does: "this help",
        act: SlashAct::Help,
    },
    Slash {
        names: &["pay", "check"],
        usage: "/pay, /check",
        does: "ask for the check",
        act: SlashAct::Pay,
    },
    Slash {
        names: &["retry"],
        usage: "/retry",
        does: "try the last message again after an error",
        act: SlashAct::Retry,
    },
    Slash {
        names: &["tab"],
        usage: "/tab",
        does: "the tab in one line",
        act: SlashAct::Tab,
    },
    Slash {
        names: &["tip"],
        usage: "/tip 15, /tip $5, /tip off",
        does: "a tip in percent or dollars, or none",
        act: SlashAct::Tip,
    },
];

/// The help sheet's heading for the slash commands.
pub const SLASH_TITLE: &str = "Commands (type one, then Enter)";

/// How the help sheet names an input.
pub fn key_name(input: &Input) -> String {
    let (code, mods) = match input {
        Input::WheelUp | Input::WheelDown => return "wheel".into(),
        Input::Click => return "click".into(),
        Input::Key(code, mods) => (code, mods),
    };
    let base = match code {
        KeyCode::Char(c) if mods.contains(CTRL) || mods.contains(ALT) => {
            c.to_uppercase().to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        other => format!("{other:?}"),
    };
    let mut name = String::new();
    if mods.contains(CTRL) {
        name.push_str("Ctrl+");
    }
    if mods.contains(ALT) {
        name.push_str("Alt+");
    }
    name.push_str(&base);
    name
}

/// True when the key event is this input (Ctrl and Alt must match; Shift is ignored, so `?`
/// and `Y` match however the terminal reports them).
pub fn matches_key(input: &Input, code: KeyCode, mods: KeyModifiers) -> bool {
    let Input::Key(want, want_mods) = input else {
        return false;
    };
    let relevant = CTRL | ALT;
    *want == code && (mods & relevant) == (*want_mods & relevant)
}

/// How the bar names a key that a next step asks for: the first input bound to its act, or
/// the first name of its slash command, so rebinding a key rewords every hint that names it.
pub fn key_label(key: Key) -> String {
    label_in(BINDINGS, SLASH, key)
}

/// A next step in the bar's words, its keys named from this table.
pub fn say(step: NextStep) -> String {
    step.bar_text(key_label)
}

fn label_in(bindings: &[Binding], slash: &[Slash], key: Key) -> String {
    let (scope, act) = match key {
        Key::Retry => (Scope::Bar, Act::Retry),
        Key::RetryCommand => {
            let retry = slash.iter().find(|s| s.act == SlashAct::Retry);
            return retry.map_or_else(String::new, |s| format!("/{}", s.names[0]));
        }
        Key::Send => (Scope::Bar, Act::Send),
        Key::Checkout => (Scope::Bar, Act::Checkout),
        Key::Pay => (Scope::Payment, Act::Pay),
        Key::TestCard => (Scope::Payment, Act::TestCard),
        Key::CancelCheckout => (Scope::Payment, Act::CancelCheckout),
    };
    act_label(bindings, scope, act)
}

/// How the bar names the key for `act` in `scope`: the first input bound to it, so words
/// that name a key ("press x to cancel it first") follow the table.
pub fn label(scope: Scope, act: Act) -> String {
    act_label(BINDINGS, scope, act)
}

fn act_label(bindings: &[Binding], scope: Scope, act: Act) -> String {
    bindings
        .iter()
        .filter(|b| b.scope == scope)
        .flat_map(|b| b.inputs)
        .find(|(_, a)| *a == act)
        .map_or_else(String::new, |(input, _)| key_name(input))
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
