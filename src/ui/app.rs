//! The view-model: what is on screen, built only from the agent's events, and the key map that
//! turns keys into commands. It never awaits anything and never touches the tab itself.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::composer::Composer;
use super::conversation::Conversation;
use super::fit::{self, Part};
use super::overlay::{Overlay, Payment};
use super::panel::{self, Changed};
use super::queued::Queued;
use super::theme::Theme;
use super::typeahead::TypeAhead;
use crate::agent::{Event, PaymentProgress, SessionInfo};
use crate::bar::TabView;
use crate::config::UiConfig;
use crate::transcript::{Entry, ReplyState, Usage};

/// Below this the layout gives up and asks for a bigger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// At and above this the side panel shows; below it folds to one line.
pub const PANEL_MIN_WIDTH: u16 = 100;
const PANEL_WIDTH: u16 = 34;
const PULSE: Duration = Duration::from_millis(700);
pub(super) const QUIT_WINDOW: Duration = Duration::from_secs(2);

pub struct App {
    pub(super) theme: Theme,
    pub(super) show_portrait: bool,
    pub(super) max_paste: usize,
    pub(super) info: Option<SessionInfo>,
    pub conversation: Conversation,
    pub composer: Composer,
    pub(super) tab: TabView,
    pub(super) overlay: Option<Overlay>,
    /// The payment window's state while closed with Esc (Ctrl+P reopens it).
    pub(super) payment: Option<Payment>,
    /// The last checkout ended because the guest cancelled it (not a gateway expiry).
    pub(super) checkout_cancelled: bool,
    pub(super) busy: bool,
    /// The guest's messages waiting for Maya, as the agent last said.
    pub(super) queued: Queued,
    pub(super) can_retry: bool,
    /// `r` still retries: set by an error, cleared by the first edit of the composer.
    pub(super) retry_key: bool,
    pub(super) retrying: Option<(u32, u32, Instant)>,
    pub(super) usage: Option<Usage>,
    /// Why the session is not being saved, shown in the status bar until saving works again.
    pub(super) not_saving: Option<String>,
    pub(super) pulse: Option<(Changed, Instant)>,
    pub(super) quit_armed: Option<Instant>,
    pub(super) quit: bool,
    pub(super) tip_buttons: Vec<(u32, Rect)>,
    /// Where the last click was, for the tip buttons.
    pub(super) click: Position,
    /// Whether the guest is typing when a window opens (its keys must not answer it).
    pub(super) typeahead: TypeAhead,
    /// Pending OSC 52 clipboard write for the run loop to send.
    pub clipboard: Option<String>,
    /// The engine speaking Maya's replies, while voice is on.
    pub(super) voice: Option<String>,
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
            checkout_cancelled: false,
            busy: false,
            queued: Queued::default(),
            can_retry: false,
            retry_key: false,
            retrying: None,
            usage: None,
            not_saving: None,
            pulse: None,
            quit_armed: None,
            quit: false,
            tip_buttons: Vec::new(),
            click: Position::default(),
            typeahead: TypeAhead::default(),
            clipboard: None,
            voice: None,
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// What is still unsent: the queue as the agent last said, and the composer.
    pub fn unsent(&self) -> super::Unsent {
        super::Unsent {
            queued: self.queued.all().cloned().collect(),
            draft: super::strip_controls(self.composer.text().trim()),
        }
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub(super) fn notice(&mut self, text: impl Into<String>) {
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
                self.conversation.extend(transcript);
                self.composer.set_history(input_history);
                self.tab = tab;
            }
            // The composer was emptied when Enter was pressed (the words come back with
            // `RestoreInput` if they cannot go), so a turn starting, maybe from the queue,
            // never touches what the guest is typing now.
            Event::TurnStarted { user_text } => {
                self.queued.settle();
                if self.conversation.is_streaming() {
                    self.conversation.finish(ReplyState::Complete);
                }
                self.conversation.push(Entry::User {
                    text: user_text,
                    blocked: None,
                });
                self.conversation.to_bottom();
                self.busy = true;
                self.can_retry = false;
                self.retry_key = false;
            }
            Event::RetryStarted => {
                self.busy = true;
                self.can_retry = false;
                self.retry_key = false;
                self.notice("trying again…");
            }
            Event::GreetingStarted => self.busy = true,
            Event::Queue { texts, held } => self.queued = Queued::said(texts, held),
            Event::Refused { reason } => {
                self.queued.settle();
                self.notice(reason);
            }
            // Ahead of anything typed since, so nothing is lost and the order is kept.
            Event::RestoreInput(text) => {
                let typed = self.composer.text();
                if typed.trim().is_empty() {
                    self.composer.set(&text);
                } else if typed != text {
                    let both = format!("{text}\n{typed}");
                    self.composer.set(&both);
                }
            }
            Event::InputBlocked { text, family } => {
                self.queued.settle();
                self.conversation.push(Entry::User {
                    text,
                    blocked: Some(family),
                });
            }
            Event::AssistantDelta(t) => {
                // Text streaming means a turn is running, whatever started it (the greeting
                // has no TurnStarted): Esc must stop it, until TurnFinished.
                self.busy = true;
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
            Event::ConsentRequest { prompt } => {
                self.typeahead.window_opened(Instant::now());
                self.overlay = Some(Overlay::Consent { prompt });
            }
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
                self.typeahead.window_opened(Instant::now());
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
                    self.checkout_cancelled = status == PaymentProgress::Cancelled;
                }
            }
            Event::Receipt(receipt) => {
                self.payment = None;
                if matches!(self.overlay, Some(Overlay::Payment(_))) {
                    self.overlay = None;
                }
                self.conversation.push(Entry::Receipt {
                    receipt: Box::new(receipt),
                });
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
                self.retry_key = true;
            }
            Event::TurnFinished => {
                self.busy = false;
                self.retrying = None;
                if self.conversation.is_streaming() {
                    self.conversation.finish(ReplyState::Complete);
                }
            }
            Event::Voice { engine } => self.voice = engine,
            Event::SpeechDone => {}
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
        if self.retrying.is_some() || self.typeahead.lapsed(now) {
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
        self.retry_key = false;
        self.typeahead.typed(Instant::now());
        self.composer.insert(&text);
    }

    /// The status bar, whole parts only: the session id and token counts go first.
    fn status(&self, width: usize) -> String {
        let mut parts = vec![Part::new("MOK 5-ha · Maya", 0, ())];
        if let Some(info) = &self.info {
            parts.push(
                Part::new(format!("{} · {}", info.provider, info.model), 1, ())
                    .or(info.model.clone()),
            );
            if let Some(id) = &info.session_id {
                parts.push(Part::new(format!("session {id}"), 3, ()).or(id.clone()));
            }
        }
        if let Some(engine) = &self.voice {
            parts.push(Part::new(format!("voice on · {engine}"), 2, ()).or("voice on"));
        }
        if let Some(why) = &self.not_saving {
            parts.push(Part::new(format!("not saving: {why}"), 0, ()).or("not saving"));
        }
        if let Some((attempt, max, at)) = self.retrying {
            let secs = at
                .saturating_duration_since(Instant::now())
                .as_secs_f32()
                .ceil() as u32;
            parts.push(
                Part::new(format!("retrying in {secs} s ({attempt}/{max})"), 0, ())
                    .or(format!("retry in {secs} s")),
            );
        } else if let Some(u) = self.usage {
            parts.push(
                Part::new(
                    format!("tokens {} in / {} out", u.input_tokens, u.output_tokens),
                    4,
                    (),
                )
                .or(format!("{}/{} tokens", u.input_tokens, u.output_tokens)),
            );
        }
        format!(" {}", fit::join(&parts, "  ·  ", width.saturating_sub(1)))
    }

    /// The footer: the hints that apply now, as many whole hints as fit.
    fn footer(&self, width: usize) -> String {
        if self.quit_armed.is_some() {
            return "press Ctrl+C again to leave".into();
        }
        let parts: Vec<Part<()>> = self
            .hint_items()
            .into_iter()
            .map(|(text, keep)| Part::new(text, keep, ()))
            .collect();
        fit::join(&parts, " · ", width)
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let buf = frame.buffer_mut();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            self.tip_buttons.clear();
            self.too_small(buf, area);
            return;
        }
        let pulse = self.pulse.map(|(c, _)| c);
        // Status bar.
        let status_area = Rect::new(area.x, area.y, area.width, 1);
        buf.set_style(status_area, self.theme.status_bar());
        buf.set_stringn(
            area.x,
            area.y,
            self.status(area.width as usize),
            area.width as usize,
            self.theme.status_bar(),
        );

        let wide = area.width >= PANEL_MIN_WIDTH;
        let main_w = if wide {
            area.width - PANEL_WIDTH
        } else {
            area.width
        };
        let body_top = area.y + 1;
        let body_h = area.height - 2;
        // Under the panel width, the one-line summary sits above the rule with a blank row
        // between it and the conversation.
        let summary_h = u16::from(!wide);
        let gap = summary_h;
        let composer_h = self
            .composer
            .height(main_w.saturating_sub(2))
            .min(body_h.saturating_sub(4 + gap));
        let sep_y = body_top + body_h - composer_h - 1 - summary_h;
        let conv = Rect::new(
            area.x + 1,
            body_top,
            main_w.saturating_sub(2),
            sep_y - body_top - gap,
        );
        let queued = self
            .queued
            .rows(conv.width as usize, self.busy, &self.theme);
        self.conversation.set_tail(queued);
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
            "Maya is answering… Enter queues, Esc stops her"
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
                self.checkout_cancelled,
            );
        } else {
            self.tip_buttons.clear();
        }
        // Windows open over the conversation column, between the status bar and the footer,
        // so they never cut into the side panel.
        let hints: Vec<&str> = self.hint_items().into_iter().map(|(t, _)| t).collect();
        if let Some(o) = self.overlay.as_mut() {
            let region = Rect::new(area.x, body_top, main_w, body_h);
            super::overlay::draw(buf, region, o, &hints, &self.theme);
        }
        // The footer last: what a window offers is known once it is drawn at this size.
        buf.set_stringn(
            area.x + 1,
            area.y + area.height - 1,
            self.footer(area.width.saturating_sub(2) as usize),
            area.width.saturating_sub(2) as usize,
            self.theme.dim(),
        );
        if self.overlay.is_none() {
            frame.set_cursor_position(Position::new(cursor.0, cursor.1));
        }
    }

    /// Below the minimum size: say how big the window must be, as fully as the space allows.
    fn too_small(&self, buf: &mut ratatui::buffer::Buffer, area: Rect) {
        let (w, h) = (area.width as usize, area.height as usize);
        let candidates = [
            format!("Please enlarge the window ({MIN_WIDTH}×{MIN_HEIGHT} or more)"),
            format!("Please enlarge to {MIN_WIDTH}×{MIN_HEIGHT}"),
            format!("Enlarge to {MIN_WIDTH}×{MIN_HEIGHT}"),
            format!("{MIN_WIDTH}×{MIN_HEIGHT}"),
        ];
        let msg = candidates
            .iter()
            .find(|c| super::fit::fits(c, w, h))
            .unwrap_or(&candidates[candidates.len() - 1]);
        let lines = super::fit::wrap(msg, w);
        let shown = lines.len().min(h);
        let y0 = area.y + ((h - shown) / 2) as u16;
        for (k, l) in lines.iter().take(shown).enumerate() {
            let lw = unicode_width::UnicodeWidthStr::width(l.as_str()).min(w);
            let x = area.x + ((w - lw) / 2) as u16;
            buf.set_stringn(x, y0 + k as u16, l, w, self.theme.bold());
        }
    }
}
