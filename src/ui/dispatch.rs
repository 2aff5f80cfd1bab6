//! Keys, mouse and slash commands become commands through the key map (`keymap/`): the
//! first binding of the scopes in force whose input matches and whose act applies runs. The
//! footer hints come from the same table, filtered the same way.

use std::time::Instant;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::app::{App, QUIT_WINDOW};
use super::keymap::{self, Act, BINDINGS, Input, SLASH, Scope, Show, SlashAct, matches_key};
use super::overlay::Overlay;
use crate::agent::{Command, PaymentProgress};
use crate::bar::Tip;
use crate::money::Cents;

impl App {
    /// The scopes in force, most specific first.
    fn scopes(&self) -> &'static [Scope] {
        match &self.overlay {
            Some(Overlay::Help { .. }) => &[Scope::Help, Scope::Anywhere],
            Some(Overlay::Consent { .. }) => &[Scope::Consent, Scope::Anywhere],
            Some(Overlay::Payment(_)) => &[Scope::Payment, Scope::Anywhere],
            None => &[Scope::Bar, Scope::Writing, Scope::Anywhere],
        }
    }

    /// The act of the first binding in force that takes this input right now.
    fn find(&self, takes: impl Fn(&Input) -> bool) -> Option<Act> {
        self.scopes().iter().find_map(|scope| {
            BINDINGS
                .iter()
                .filter(|b| b.scope == *scope)
                .flat_map(|b| b.inputs.iter())
                .find(|(input, act)| takes(input) && self.applies(*act))
                .map(|(_, act)| *act)
        })
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if key.kind == KeyEventKind::Release {
            return vec![];
        }
        let typing = matches!(
            key.code,
            KeyCode::Char(_) | KeyCode::Enter | KeyCode::Backspace
        ) && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        // A window just opened under the guest's fingers: their keys still go to the message.
        if typing && self.overlay.is_some() && self.typeahead.holds(Instant::now()) {
            return match key.code {
                KeyCode::Enter => self.submit(),
                KeyCode::Backspace => {
                    self.composer.backspace();
                    self.typeahead.typed(Instant::now());
                    vec![]
                }
                _ => self.type_char(key.code),
            };
        }
        if let Some(act) = self.find(|i| matches_key(i, key.code, key.modifiers)) {
            return self.run(act);
        }
        // Anything else typed in the bar goes into the composer. So does a letter that is no
        // key of the open window at all (not even one that does not apply right now): the
        // guest is writing without looking, and the letters after it (a `y` or `n` among
        // them) are theirs too until they pause.
        if self.overlay.is_some()
            && typing
            && matches!(key.code, KeyCode::Char(_))
            && !self.is_a_window_key(key)
        {
            self.typeahead.writing_under_window(Instant::now());
            return self.type_char(key.code);
        }
        if self.overlay.is_none() && !key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.type_char(key.code);
        }
        vec![]
    }

    /// Whether any binding of the scopes in force names this key, whether or not it applies
    /// now (`t` on a simulated check is still the payment window's key, not typing).
    fn is_a_window_key(&self, key: KeyEvent) -> bool {
        self.scopes().iter().any(|scope| {
            BINDINGS
                .iter()
                .filter(|b| b.scope == *scope)
                .flat_map(|b| b.inputs.iter())
                .any(|(input, _)| matches_key(input, key.code, key.modifiers))
        })
    }

    fn type_char(&mut self, code: KeyCode) -> Vec<Command> {
        if let KeyCode::Char(c) = code {
            self.retry_key = false;
            self.typeahead.typed(Instant::now());
            let mut b = [0u8; 4];
            self.composer.insert(c.encode_utf8(&mut b));
        }
        vec![]
    }

    pub fn on_mouse(&mut self, m: MouseEvent) -> Vec<Command> {
        let input = match m.kind {
            MouseEventKind::ScrollUp => Input::WheelUp,
            MouseEventKind::ScrollDown => Input::WheelDown,
            MouseEventKind::Down(MouseButton::Left) => Input::Click,
            _ => return vec![],
        };
        self.click = Position::new(m.column, m.row);
        match self.find(|i| *i == input) {
            Some(act) => self.run(act),
            None => vec![],
        }
    }

    /// Whether an act does anything right now. A key whose act does not apply falls through
    /// (to typing, in the bar) and its hint is not shown.
    pub(super) fn applies(&self, act: Act) -> bool {
        let payment = match &self.overlay {
            Some(Overlay::Payment(p)) => Some(p),
            _ => None,
        };
        let status = payment.map(|p| &p.status);
        let waiting = status == Some(&PaymentProgress::Waiting);
        // Letters typed ahead into a window that just opened do not answer it.
        if matches!(
            act,
            Act::Allow | Act::Pay | Act::TestCard | Act::Copy | Act::CancelCheckout
        ) && self.typeahead.holds(Instant::now())
        {
            return false;
        }
        match act {
            // Esc also silences Maya when her reply is on screen but still being read aloud.
            Act::Stop => self.busy || self.voice.is_some(),
            Act::OpenHelpIfEmpty => self.composer.is_empty(),
            Act::Retry => self.r_retries(),
            Act::Pay => waiting && payment.is_some_and(|p| p.simulated),
            Act::TestCard => waiting && payment.is_some_and(|p| !p.simulated),
            Act::Copy => waiting,
            Act::CancelCheckout => {
                matches!(
                    status,
                    Some(PaymentProgress::Waiting | PaymentProgress::Creating)
                )
            }
            // While the card is charged, x is not offered (the overlay says why).
            Act::TipFrozen => {
                matches!(
                    status,
                    Some(
                        PaymentProgress::Waiting
                            | PaymentProgress::Creating
                            | PaymentProgress::Charging
                    )
                )
            }
            Act::HelpScroll(_) => {
                matches!(self.overlay, Some(Overlay::Help { max, .. }) if max > 0)
            }
            _ => true,
        }
    }

    /// `r` retries only as the first key after an error, with nothing in the composer; any
    /// editing makes it a letter again (and `/retry` is the way then).
    fn r_retries(&self) -> bool {
        self.retry_key && self.can_retry && !self.busy && self.composer.is_empty()
    }

    fn run(&mut self, act: Act) -> Vec<Command> {
        use Act as A;
        match act {
            A::CtrlC => return self.ctrl_c(),
            A::Quit => return vec![Command::Quit],
            A::Send => return self.submit(),
            A::Stop => return vec![Command::CancelReply],
            A::OpenHelp | A::OpenHelpIfEmpty => self.overlay = Some(Overlay::help()),
            A::Tip(p) => return vec![Command::ToggleTip(p)],
            A::ClickTip => {
                if let Some(p) = self.layout.as_ref().and_then(|l| l.tip_at(self.click)) {
                    return vec![Command::ToggleTip(p)];
                }
            }
            A::Checkout => {
                self.typeahead.deliberate();
                return vec![Command::Checkout];
            }
            A::Voice => return vec![Command::ToggleVoice],
            A::ScrollUp(n) => self.conversation.scroll_up(n),
            A::ScrollDown(n) => self.conversation.scroll_down(n),
            A::Top => self.conversation.to_top(),
            A::Bottom => self.conversation.to_bottom(),
            A::Retry => {
                self.retry_key = false;
                self.can_retry = false;
                return vec![Command::Retry];
            }
            A::NewLine
            | A::Up
            | A::Down
            | A::Left
            | A::Right
            | A::WordLeft
            | A::WordRight
            | A::LineStart
            | A::LineEnd
            | A::Backspace
            | A::Delete
            | A::DeleteWord
            | A::KillToStart
            | A::KillToEnd
            | A::Undo
            | A::Redo => return self.edit(act),
            A::Pay => return vec![Command::ConfirmSimulatedPayment],
            A::TestCard => return vec![Command::PayWithTestCard],
            A::Copy => {
                if let Some(Overlay::Payment(p)) = self.overlay.as_mut() {
                    p.copied = true;
                    self.clipboard = Some(p.url.clone());
                }
            }
            A::CancelCheckout => return vec![Command::CancelCheckout],
            A::TipFrozen => {
                let why = self.why_the_tip_is_frozen();
                self.notice(why)
            }
            A::Close => self.close_overlay(),
            A::Allow | A::Decline => {
                self.overlay = None;
                return vec![Command::AnswerConsent {
                    allow: act == A::Allow,
                }];
            }
            A::HelpScroll(d) => {
                if let Some(Overlay::Help { scroll, max }) = self.overlay.as_mut() {
                    *scroll = (i32::from(*scroll) + d).clamp(0, i32::from(*max)) as u16;
                }
            }
        }
        vec![]
    }

    /// The composer's editing keys. Any of them makes `r` a letter again (see `r_retries`).
    fn edit(&mut self, act: Act) -> Vec<Command> {
        use Act as A;
        self.retry_key = false;
        let mut commands = vec![];
        match act {
            A::NewLine => self.composer.insert("\n"),
            // ↑ on an empty line takes the last queued message back first (the agent decides
            // whether it still can: it may have gone already); then it is history as usual.
            // ↑/↓ move in the composer (or its history); past its edge they scroll.
            A::Up if self.composer.is_empty() && !self.queued.is_empty() => {
                commands.push(Command::TakeBack);
            }
            A::Up => {
                let moved = self.composer.up();
                if !moved {
                    self.conversation.scroll_up(1);
                }
            }
            A::Down => {
                let moved = self.composer.down();
                if !moved {
                    self.conversation.scroll_down(1);
                }
            }
            A::Left => self.composer.left(),
            A::Right => self.composer.right(),
            A::WordLeft => self.composer.word_left(),
            A::WordRight => self.composer.word_right(),
            A::LineStart => self.composer.home(),
            A::LineEnd => self.composer.end(),
            A::Backspace => self.composer.backspace(),
            A::Delete => self.composer.delete(),
            A::DeleteWord => self.composer.delete_word(),
            A::KillToStart => self.composer.kill_to_start(),
            A::KillToEnd => self.composer.kill_to_end(),
            A::Undo => self.composer.undo(),
            A::Redo => self.composer.redo(),
            // `run` sends only the editing acts here.
            _ => {}
        }
        commands
    }

    /// Why F2/F3/F4 do nothing while the settle-up window is open.
    fn why_the_tip_is_frozen(&self) -> String {
        let charging = matches!(
            &self.overlay,
            Some(Overlay::Payment(p)) if p.status == PaymentProgress::Charging
        );
        if charging {
            "the tip is frozen while the test card is charged".to_string()
        } else {
            format!(
                "the tip is frozen while the check is out; press {} to cancel it first",
                keymap::label(Scope::Payment, Act::CancelCheckout)
            )
        }
    }

    fn close_overlay(&mut self) {
        if let Some(Overlay::Payment(p)) = self.overlay.take()
            && matches!(
                p.status,
                PaymentProgress::Waiting | PaymentProgress::Creating | PaymentProgress::Charging
            )
        {
            self.payment = Some(p);
        }
    }

    fn ctrl_c(&mut self) -> Vec<Command> {
        // The spending question comes mid-turn, so it must be answered before "busy" is
        // looked at: declining is what Ctrl+C means there, and it closes the question.
        if matches!(self.overlay, Some(Overlay::Consent { .. })) {
            self.overlay = None;
            return vec![Command::AnswerConsent { allow: false }];
        }
        // Text typed ahead while Maya answers is cleared, not her reply: Esc stops her.
        if self.overlay.is_none() && !self.composer.is_empty() {
            self.composer.clear();
            return vec![];
        }
        if self.busy {
            return vec![Command::CancelReply];
        }
        if self.overlay.is_some() {
            self.close_overlay();
            return vec![];
        }
        match self.quit_armed {
            Some(at) if at.elapsed() <= QUIT_WINDOW => vec![Command::Quit],
            _ => {
                self.quit_armed = Some(Instant::now());
                vec![]
            }
        }
    }

    /// Enter. The words leave the composer at once, whether Maya is free or answering (the
    /// agent starts them or queues them); if they cannot go at all they come back with
    /// `RestoreInput`. So the composer is free for the next message straight away.
    fn submit(&mut self) -> Vec<Command> {
        let text = self.composer.text().trim().to_string();
        if text.is_empty() {
            if self.queued.held && !self.queued.is_empty() {
                return vec![Command::SendQueue];
            }
            return vec![];
        }
        let words = self.composer.text().to_string();
        self.typeahead.typed(Instant::now());
        self.composer.remember(&text);
        self.composer.clear();
        if let Some(cmd) = text.strip_prefix('/') {
            return self.slash(cmd.trim());
        }
        if self.busy || !self.queued.is_empty() {
            self.queued.pending.push(text);
        }
        vec![Command::Submit(words)]
    }

    fn slash(&mut self, cmd: &str) -> Vec<Command> {
        let (name, arg) = cmd
            .split_once(' ')
            .map_or((cmd, ""), |(a, b)| (a, b.trim()));
        let Some(s) = SLASH.iter().find(|s| s.names.contains(&name)) else {
            self.notice(format!("there is no /{name}; /help lists what there is"));
            return vec![];
        };
        match s.act {
            SlashAct::Quit => vec![Command::Quit],
            SlashAct::Help => {
                self.overlay = Some(Overlay::help());
                vec![]
            }
            SlashAct::Pay => {
                self.typeahead.deliberate();
                vec![Command::Checkout]
            }
            SlashAct::Retry => vec![Command::Retry],
            SlashAct::Tab => {
                let s = self.tab.summary();
                self.notice(s);
                vec![]
            }
            SlashAct::Tip => match arg {
                "off" | "none" | "0" | "no" => vec![Command::ClearTip],
                a if a.starts_with('$') => match Cents::parse(a) {
                    Ok(amount) => vec![Command::SetTip(Tip::Amount { amount })],
                    Err(e) => {
                        self.notice(format!("{e}; try /tip 15 or /tip $5"));
                        vec![]
                    }
                },
                a => match a.trim_end_matches('%').trim().parse::<u32>() {
                    Ok(percent) => vec![Command::SetTip(Tip::Percent { percent })],
                    Err(_) => {
                        self.notice("try /tip 15, /tip $5 or /tip off");
                        vec![]
                    }
                },
            },
        }
    }

    /// The hints that apply right now, in table order, with how long each is kept when the
    /// footer is short of room.
    pub(super) fn hint_items(&self) -> Vec<(&'static str, u8)> {
        let mut out = Vec::new();
        for scope in self.scopes() {
            // Inside a window the footer is about that window.
            if *scope == Scope::Anywhere && self.overlay.is_some() {
                continue;
            }
            for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
                let Some(h) = b.hint else { continue };
                let shown = match h.show {
                    Show::Always => true,
                    Show::Idle => !self.busy,
                    Show::Busy => self.busy,
                };
                if shown && b.inputs.iter().any(|(_, a)| self.applies(*a)) {
                    out.push((h.text, h.keep));
                } else if b.inputs.iter().any(|(_, a)| *a == Act::Retry) && self.retry_by_command()
                {
                    out.push(("type /retry", 0));
                }
            }
        }
        out
    }

    /// After an error, when `r` would be typed but an empty line can still take `/retry`.
    fn retry_by_command(&self) -> bool {
        self.overlay.is_none()
            && self.can_retry
            && !self.busy
            && self.composer.is_empty()
            && !self.r_retries()
    }
}
