//! The view-model: what is on screen, built only from the agent's events, and the key map that
//! turns keys into commands. It never awaits anything and never touches the tab itself.

use std::time::{Duration, Instant};

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::composer::Composer;
use super::conversation::Conversation;
use super::overlay::{Overlay, Payment};
use super::panel::{self, Changed};
use super::theme::Theme;
use crate::agent::{Command, Entry, Event, PaymentProgress, ReplyState, SessionInfo};
use crate::bar::{TabView, Tip};
use crate::config::UiConfig;
use crate::llm::Usage;
use crate::money::Cents;

/// Below this the layout gives up and asks for a bigger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// At and above this the side panel shows; below it folds to one line.
pub const PANEL_MIN_WIDTH: u16 = 100;
const PANEL_WIDTH: u16 = 34;
const PULSE: Duration = Duration::from_millis(700);
const QUIT_WINDOW: Duration = Duration::from_secs(2);

pub struct App {
    theme: Theme,
    show_portrait: bool,
    max_paste: usize,
    info: Option<SessionInfo>,
    pub conversation: Conversation,
    pub composer: Composer,
    tab: TabView,
    overlay: Option<Overlay>,
    /// The payment window's state while closed with Esc (Ctrl+P reopens it).
    payment: Option<Payment>,
    busy: bool,
    waiting_for_turn: bool,
    can_retry: bool,
    retrying: Option<(u32, u32, Instant)>,
    usage: Option<Usage>,
    /// Why the session is not being saved, shown in the status bar until saving works again.
    not_saving: Option<String>,
    pulse: Option<(Changed, Instant)>,
    quit_armed: Option<Instant>,
    quit: bool,
    tip_buttons: Vec<(u32, Rect)>,
    /// Pending OSC 52 clipboard write for the run loop to send.
    pub clipboard: Option<String>,
}

impl App {
    pub fn new(ui: &UiConfig, theme: Theme) -> App {
        App {
            theme,
            show_portrait: ui.portrait,
            max_paste: ui.max_paste_bytes,
            info: None,
            conversation: Conversation::default(),
            composer: Composer::default(),
            tab: TabView::default(),
            overlay: None,
            payment: None,
            busy: false,
            waiting_for_turn: false,
            can_retry: false,
            retrying: None,
            usage: None,
            not_saving: None,
            pulse: None,
            quit_armed: None,
            quit: false,
            tip_buttons: Vec::new(),
            clipboard: None,
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    fn notice(&mut self, text: impl Into<String>) {
        self.conversation.push(Entry::Notice { text: text.into() });
    }

    pub fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Ready {
                info,
                transcript,
                input_history,
                tab,
            } => {
                self.info = Some(info);
                for e in transcript {
                    self.conversation.push(e);
                }
                self.composer.set_history(input_history);
                self.tab = tab;
            }
            Event::TurnStarted { user_text } => {
                self.composer.remember(&user_text);
                self.composer.clear();
                self.conversation.push(Entry::User {
                    text: user_text,
                    blocked: None,
                });
                self.conversation.to_bottom();
                self.busy = true;
                self.waiting_for_turn = false;
                self.can_retry = false;
            }
            Event::RetryStarted => {
                self.busy = true;
                self.can_retry = false;
                self.notice("trying again…");
            }
            Event::Refused { reason } => {
                self.waiting_for_turn = false;
                self.notice(reason);
            }
            Event::RestoreInput(text) => {
                if self.composer.is_empty() {
                    self.composer.set(&text);
                }
            }
            Event::InputBlocked { text, family } => {
                self.composer.remember(&text);
                self.composer.clear();
                self.waiting_for_turn = false;
                self.conversation.push(Entry::User {
                    text,
                    blocked: Some(family),
                });
            }
            Event::AssistantDelta(t) => {
                self.retrying = None;
                self.conversation.append(&t);
            }
            Event::AssistantDone(state) => {
                if self.conversation.is_streaming() {
                    self.conversation.finish(state);
                } else if state == ReplyState::Cancelled {
                    self.notice("stopped");
                }
            }
            Event::ToolRan { summary, ok } => self.conversation.push(Entry::Tool { summary, ok }),
            Event::TabChanged(tab) => {
                let changed = Changed::between(&self.tab, &tab);
                if changed.any() {
                    self.pulse = Some((changed, Instant::now() + PULSE));
                }
                self.tab = tab;
            }
            Event::ConsentRequest { prompt } => self.overlay = Some(Overlay::Consent { prompt }),
            Event::PaymentLink {
                url,
                amount,
                simulated,
                note,
            } => {
                let p = Payment {
                    url,
                    amount,
                    simulated,
                    note,
                    status: PaymentProgress::Waiting,
                    copied: false,
                };
                self.payment = Some(p.clone());
                self.overlay = Some(Overlay::Payment(p));
            }
            Event::PaymentStatus(status) => {
                if let Some(p) = self.payment.as_mut() {
                    p.status = status.clone();
                }
                if let Some(Overlay::Payment(p)) = self.overlay.as_mut() {
                    p.status = status.clone();
                }
                if matches!(
                    status,
                    PaymentProgress::Cancelled | PaymentProgress::Expired
                ) {
                    self.payment = None;
                }
            }
            Event::Receipt(receipt) => {
                self.payment = None;
                if matches!(self.overlay, Some(Overlay::Payment(_))) {
                    self.overlay = None;
                }
                self.conversation.push(Entry::Receipt { receipt });
                self.conversation.to_bottom();
            }
            Event::Retrying {
                attempt,
                max_attempts,
                delay_ms,
                ..
            } => {
                self.retrying = Some((
                    attempt,
                    max_attempts,
                    Instant::now() + Duration::from_millis(delay_ms),
                ));
            }
            Event::Usage(u) => self.usage = Some(u),
            Event::Notice(n) => self.notice(n),
            Event::Saving { problem } => self.not_saving = problem,
            Event::Error { message, hint } => {
                let text = match hint {
                    Some(h) => format!("{message} — {h}"),
                    None => message,
                };
                self.conversation.push(Entry::Error { text });
                self.can_retry = true;
            }
            Event::TurnFinished => {
                self.busy = false;
                self.retrying = None;
                if self.conversation.is_streaming() {
                    self.conversation.finish(ReplyState::Complete);
                }
            }
            Event::Closed => self.quit = true,
        }
    }

    /// Time passes: pulses fade, the retry countdown moves. True when a redraw is due.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        if let Some((_, until)) = self.pulse
            && now >= until
        {
            self.pulse = None;
            redraw = true;
        }
        if self.retrying.is_some() {
            redraw = true;
        }
        if let Some(at) = self.quit_armed
            && now.duration_since(at) > QUIT_WINDOW
        {
            self.quit_armed = None;
            redraw = true;
        }
        redraw
    }

    pub fn on_paste(&mut self, text: &str) {
        let mut text = super::strip_controls(text);
        if text.len() > self.max_paste {
            let mut cut = self.max_paste;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            self.notice(format!(
                "the paste was longer than {} KiB and was cut",
                self.max_paste / 1024
            ));
        }
        self.composer.insert(&text);
    }

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
        if self.busy {
            return vec![Command::CancelReply];
        }
        if matches!(self.overlay, Some(Overlay::Consent { .. })) {
            self.overlay = None;
            return vec![Command::AnswerConsent { allow: false }];
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
    fn hints(&self) -> String {
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

    fn status(&self) -> String {
        let mut s = String::from(" MOK 5-ha · Maya");
        if let Some(info) = &self.info {
            s.push_str(&format!("  ·  {} · {}", info.provider, info.model));
            if let Some(id) = &info.session_id {
                s.push_str(&format!("  ·  session {id}"));
            }
        }
        if let Some(why) = &self.not_saving {
            s.push_str(&format!("  ·  not saving: {why}"));
        }
        if let Some((attempt, max, at)) = self.retrying {
            let secs = at
                .saturating_duration_since(Instant::now())
                .as_secs_f32()
                .ceil() as u32;
            s.push_str(&format!("  ·  retrying in {secs} s ({attempt}/{max})"));
        } else if let Some(u) = self.usage {
            s.push_str(&format!(
                "  ·  tokens {} in / {} out",
                u.input_tokens, u.output_tokens
            ));
        }
        s
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let buf = frame.buffer_mut();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = format!("Please enlarge the window ({MIN_WIDTH}×{MIN_HEIGHT} or more)");
            let lines: Vec<String> = textwrap_simple(&msg, area.width.max(1) as usize);
            let y0 = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
            for (k, l) in lines.iter().enumerate() {
                let x = area.x + area.width.saturating_sub(l.chars().count() as u16) / 2;
                buf.set_string(x, y0 + k as u16, l, self.theme.bold());
            }
            self.tip_buttons.clear();
            return;
        }
        let pulse = self.pulse.map(|(c, _)| c);
        // Status bar.
        let status_area = Rect::new(area.x, area.y, area.width, 1);
        buf.set_style(status_area, self.theme.status_bar());
        buf.set_stringn(
            area.x,
            area.y,
            self.status(),
            area.width as usize,
            self.theme.status_bar(),
        );
        // Footer.
        let footer_y = area.y + area.height - 1;
        buf.set_stringn(
            area.x + 1,
            footer_y,
            self.hints(),
            area.width.saturating_sub(2) as usize,
            self.theme.dim(),
        );

        let wide = area.width >= PANEL_MIN_WIDTH;
        let main_w = if wide {
            area.width - PANEL_WIDTH
        } else {
            area.width
        };
        let body_top = area.y + 1;
        let body_h = area.height - 2;
        let composer_h = self
            .composer
            .height(main_w.saturating_sub(2))
            .min(body_h.saturating_sub(4));
        let summary_h = u16::from(!wide);
        let sep_y = body_top + body_h - composer_h - 1 - summary_h;
        let conv = Rect::new(
            area.x + 1,
            body_top,
            main_w.saturating_sub(2),
            sep_y - body_top,
        );
        self.conversation.render(conv, buf, &self.theme);
        if !wide {
            let line = panel::summary_line(
                &self.tab,
                &self.theme,
                pulse,
                main_w.saturating_sub(2) as usize,
            );
            buf.set_line(area.x + 1, sep_y, &line, main_w.saturating_sub(2));
        }
        let rule_y = sep_y + summary_h;
        buf.set_string(
            area.x,
            rule_y,
            "─".repeat(main_w as usize),
            self.theme.border(),
        );
        let comp = Rect::new(area.x + 1, rule_y + 1, main_w.saturating_sub(2), composer_h);
        let placeholder = if self.busy {
            "Maya is answering… (Esc to stop)"
        } else {
            "Talk to Maya: order, ask, tip…"
        };
        let cursor = self.composer.render(comp, buf, &self.theme, placeholder);
        if wide {
            let panel_area = Rect::new(area.x + main_w, body_top, PANEL_WIDTH, body_h);
            for y in panel_area.y..panel_area.y + panel_area.height {
                buf.set_string(panel_area.x, y, "│", self.theme.border());
            }
            self.tip_buttons = panel::draw(
                buf,
                panel_area,
                &self.tab,
                &self.theme,
                pulse,
                self.show_portrait,
            );
        } else {
            self.tip_buttons.clear();
        }
        if let Some(o) = &self.overlay {
            super::overlay::draw(buf, area, o, &self.theme);
        } else {
            frame.set_cursor_position(Position::new(cursor.0, cursor.1));
        }
    }
}

fn textwrap_simple(s: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in s.split(' ') {
        let last = out.last_mut().expect("non-empty");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            out.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}
