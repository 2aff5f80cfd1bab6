//! The key map: which key (or mouse action, or slash command) does what, in each state of the
//! screen, and the footer hints that say so.

use std::time::Instant;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::app::{App, QUIT_WINDOW};
use super::overlay::Overlay;
use crate::agent::Command;
use crate::bar::Tip;
use crate::money::Cents;

impl App {
    pub fn on_mouse(&mut self, m: MouseEvent) -> Vec<Command> {
        match m.kind {
            MouseEventKind::ScrollUp => self.conversation.scroll_up(3),
            MouseEventKind::ScrollDown => self.conversation.scroll_down(3),
            MouseEventKind::Down(MouseButton::Left) if self.overlay.is_none() => {
                let hit = self
                    .tip_buttons
                    .iter()
                    .find(|(_, r)| r.contains(Position::new(m.column, m.row)))
                    .map(|(p, _)| *p);
                if let Some(p) = hit {
                    return vec![Command::ToggleTip(p)];
                }
            }
            _ => {}
        }
        vec![]
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if key.kind == KeyEventKind::Release {
            return vec![];
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        // Keys that work everywhere.
        match key.code {
            KeyCode::Char('c') if ctrl => return self.ctrl_c(),
            KeyCode::Char('d') if ctrl => return vec![Command::Quit],
            _ => {}
        }
        if self.overlay.is_some() {
            return self.overlay_key(key);
        }
        match key.code {
            KeyCode::Esc if self.busy => return vec![Command::CancelReply],
            KeyCode::Esc => {}
            KeyCode::F(1) => self.overlay = Some(Overlay::Help),
            KeyCode::F(2) => return vec![Command::ToggleTip(10)],
            KeyCode::F(3) => return vec![Command::ToggleTip(15)],
            KeyCode::F(4) => return vec![Command::ToggleTip(20)],
            KeyCode::Char('p') if ctrl => return self.checkout(),
            KeyCode::PageUp => self.conversation.scroll_up(10),
            KeyCode::PageDown => self.conversation.scroll_down(10),
            KeyCode::Home if ctrl => self.conversation.to_top(),
            KeyCode::End if ctrl => self.conversation.to_bottom(),
            KeyCode::Enter if alt => self.composer.insert("\n"),
            KeyCode::Char('j') if ctrl => self.composer.insert("\n"),
            KeyCode::Enter => return self.submit(),
            KeyCode::Char('?') if self.composer.is_empty() => self.overlay = Some(Overlay::Help),
            KeyCode::Char('r') if self.composer.is_empty() && self.can_retry && !self.busy => {
                self.can_retry = false;
                return vec![Command::Retry];
            }
            KeyCode::Char('w') if ctrl => self.composer.delete_word(),
            KeyCode::Char('u') if ctrl => self.composer.kill_to_start(),
            KeyCode::Char('k') if ctrl => self.composer.kill_to_end(),
            KeyCode::Char('a') if ctrl => self.composer.home(),
            KeyCode::Char('e') if ctrl => self.composer.end(),
            KeyCode::Char(c) if !ctrl => {
                let mut b = [0u8; 4];
                self.composer.insert(c.encode_utf8(&mut b));
            }
            KeyCode::Backspace => self.composer.backspace(),
            KeyCode::Delete => self.composer.delete(),
            KeyCode::Left => self.composer.left(),
            KeyCode::Right => self.composer.right(),
            KeyCode::Home => self.composer.home(),
            KeyCode::End => self.composer.end(),
            // ↑/↓ move in the composer (or its history); past its edge they scroll.
            KeyCode::Up if !self.composer.up() => self.conversation.scroll_up(1),
            KeyCode::Down if !self.composer.down() => self.conversation.scroll_down(1),
            _ => {}
        }
        vec![]
    }

    fn ctrl_c(&mut self) -> Vec<Command> {
        // The spending question comes mid-turn, so it must be answered before "busy" is
        // looked at: declining is what Ctrl+C means there, and it closes the question.
        if matches!(self.overlay, Some(Overlay::Consent { .. })) {
            self.overlay = None;
            return vec![Command::AnswerConsent { allow: false }];
        }
        if self.busy {
            return vec![Command::CancelReply];
        }
        if self.overlay.take().is_some() {
            return vec![];
        }
        if !self.composer.is_empty() {
            self.composer.clear();
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

    fn checkout(&mut self) -> Vec<Command> {
        vec![Command::Checkout]
    }

    fn overlay_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(overlay) = self.overlay.as_mut() else {
            return vec![];
        };
        match overlay {
            Overlay::Help => {
                if matches!(
                    key.code,
                    KeyCode::Esc
                        | KeyCode::Char('?')
                        | KeyCode::F(1)
                        | KeyCode::Enter
                        | KeyCode::Char('q')
                ) {
                    self.overlay = None;
                }
                vec![]
            }
            Overlay::Consent { .. } => match key.code {
                KeyCode::Char('y' | 'Y') => {
                    self.overlay = None;
                    vec![Command::AnswerConsent { allow: true }]
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    self.overlay = None;
                    vec![Command::AnswerConsent { allow: false }]
                }
                _ => vec![],
            },
            Overlay::Payment(p) => match key.code {
                KeyCode::Esc => {
                    self.payment = Some(p.clone());
                    self.overlay = None;
                    vec![]
                }
                KeyCode::Enter if p.simulated => vec![Command::ConfirmSimulatedPayment],
                KeyCode::Char('t') if !p.simulated => vec![Command::PayWithTestCard],
                KeyCode::Char('x') => vec![Command::CancelCheckout],
                KeyCode::Char('c') => {
                    p.copied = true;
                    self.clipboard = Some(p.url.clone());
                    vec![]
                }
                KeyCode::F(2) | KeyCode::F(3) | KeyCode::F(4) => {
                    self.notice(
                        "the tip is frozen while the check is out; press x to cancel it first",
                    );
                    vec![]
                }
                _ => vec![],
            },
        }
    }

    fn submit(&mut self) -> Vec<Command> {
        let text = self.composer.text().trim().to_string();
        if text.is_empty() || self.waiting_for_turn {
            return vec![];
        }
        if let Some(cmd) = text.strip_prefix('/') {
            let cmds = self.slash(cmd.trim());
            self.composer.remember(&text);
            self.composer.clear();
            return cmds;
        }
        self.waiting_for_turn = true;
        vec![Command::Submit(self.composer.text().to_string())]
    }

    fn slash(&mut self, cmd: &str) -> Vec<Command> {
        let (name, arg) = cmd
            .split_once(' ')
            .map_or((cmd, ""), |(a, b)| (a, b.trim()));
        match name {
            "quit" | "exit" | "q" => vec![Command::Quit],
            "help" | "?" => {
                self.overlay = Some(Overlay::Help);
                vec![]
            }
            "pay" | "check" => self.checkout(),
            "retry" => vec![Command::Retry],
            "tab" => {
                let s = self.tab.summary();
                self.notice(s);
                vec![]
            }
            "tip" => match arg {
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
            other => {
                self.notice(format!("there is no /{other}; /help lists what there is"));
                vec![]
            }
        }
    }

    /// The hints that apply right now.
    pub(super) fn hints(&self) -> String {
        if self.quit_armed.is_some() {
            return "press Ctrl+C again to leave".into();
        }
        match &self.overlay {
            Some(Overlay::Help) => return "Esc close".into(),
            Some(Overlay::Consent { .. }) => return "y allow · n decline".into(),
            Some(Overlay::Payment(p)) if p.simulated => {
                return "Enter pay · c copy · x cancel · Esc close".into();
            }
            Some(Overlay::Payment(_)) => {
                return "t test card · c copy · x cancel · Esc close".into();
            }
            None => {}
        }
        if self.busy {
            return "Esc stop · PgUp/PgDn scroll".into();
        }
        let mut h = String::from("Enter send · F2/F3/F4 tip · Ctrl+P pay");
        if self.can_retry {
            h.push_str(" · r retry");
        }
        h.push_str(" · ? help · Ctrl+D quit");
        h
    }
}
