//! How the bar names keys: for the help sheet, for words that name a key ("press x to
//! cancel it first"), and for next steps, whose keys are looked up in the table so a
//! rebound key rewords every hint that names it.

use crossterm::event::KeyCode;

use super::{ALT, Act, BINDINGS, Binding, CTRL, Input, SLASH, Scope, Slash, SlashAct};
use crate::next_step::{Key, NextStep};

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
#[path = "names_tests.rs"]
mod tests;
