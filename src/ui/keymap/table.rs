//! The key table itself: every binding of every scope, and the slash commands. Only data;
//! what a binding is lives in `keymap`, how a key is named in `keymap::names`.

use crossterm::event::KeyCode;

use super::{ALT, Act, Binding, CTRL, Hint, Input, NONE, Scope, Show, Slash, SlashAct};

/// Short ways to write an input; the tests build tables of their own with them.
pub(super) const fn k(code: KeyCode) -> Input {
    Input::Key(code, NONE)
}
pub(super) const fn ch(c: char) -> Input {
    Input::Key(KeyCode::Char(c), NONE)
}
pub(super) const fn ctrl(c: char) -> Input {
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
