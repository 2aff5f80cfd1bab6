//! The view-model: what is on screen, built only from the agent's events, and the key map that
//! turns keys into commands. It never awaits anything and never touches the tab itself.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::composer::Composer;
use super::conversation::Conversation;
use super::fit::{self, Part};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, ScreenLayout};
use super::overlay::{Overlay, Payment};
use super::panel::{self, Changed};
use super::queued::Queued;
use super::theme::Theme;
use super::typeahead::TypeAhead;
use crate::agent::{Entry, Event, PaymentProgress, ReplyState, SessionInfo};
use crate::bar::{Receipt, TabView};
use crate::config::UiConfig;
use crate::llm::Usage;
use crate::money::Cents;

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
    /// Where everything was on the last frame, for mouse clicks; `None` while too small.
    pub(super) layout: Option<ScreenLayout>,
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
            layout: None,
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

    /// An event from the agent: the turn's progress, the guest's input coming back, the tab
    /// and its payment, and the session's own news.
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
            // The turn.
            Event::TurnStarted { user_text } => self.turn_started(user_text),
            Event::RetryStarted => {
                self.busy = true;
                self.can_retry = false;
                self.retry_key = false;
                self.notice("trying again…");
            }
            Event::GreetingStarted => self.busy = true,
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
            Event::Error { message, hint } => {
                let text = match hint {
                    Some(h) => format!("{message} — {h}"),
                    None => message,
                };
                self.conversation.push(Entry::Error { text });
                self.can_retry = true;
                self.retry_key = true;
            }
            Event::TurnFinished => self.turn_finished(),
            // The guest's input.
            Event::Queue { texts, held } => self.queued = Queued::said(texts, held),
            Event::Refused { reason } => {
                self.queued.settle();
                self.notice(reason);
            }
            Event::RestoreInput(text) => self.restore_input(&text),
            Event::InputBlocked { text, family } => {
                self.queued.settle();
                self.conversation.push(Entry::User {
                    text,
                    blocked: Some(family),
                });
            }
            // The tab and its payment.
            Event::TabChanged(tab) => self.tab_changed(tab),
            Event::ConsentRequest { prompt } => {
                self.typeahead.window_opened(Instant::now());
                self.overlay = Some(Overlay::Consent { prompt });
            }
            Event::PaymentLink {
                url,
                amount,
                simulated,
                note,
            } => self.payment_link(url, amount, simulated, note),
            Event::PaymentStatus(status) => self.payment_status(status),
            Event::Receipt(receipt) => self.receipt(receipt),
            // The session.
            Event::Usage(u) => self.usage = Some(u),
            Event::Notice(n) => self.notice(n),
            Event::Saving { problem } => self.not_saving = problem,
            Event::Voice { engine } => self.voice = engine,
            Event::SpeechDone => {}
            Event::Closed => self.quit = true,
        }
    }

    // The composer was emptied when Enter was pressed (the words come back with
    // `RestoreInput` if they cannot go), so a turn starting, maybe from the queue,
    // never touches what the guest is typing now.
    fn turn_started(&mut self, user_text: String) {
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

    fn turn_finished(&mut self) {
        self.busy = false;
        self.retrying = None;
        if self.conversation.is_streaming() {
            self.conversation.finish(ReplyState::Complete);
        }
    }

    /// Words that could not go: ahead of anything typed since, so nothing is lost and the
    /// order is kept.
    fn restore_input(&mut self, text: &str) {
        let typed = self.composer.text();
        if typed.trim().is_empty() {
            self.composer.set(text);
        } else if typed != text {
            let both = format!("{text}\n{typed}");
            self.composer.set(&both);
        }
    }

    fn tab_changed(&mut self, tab: TabView) {
        let changed = Changed::between(&self.tab, &tab);
        if changed.any() {
            self.pulse = Some((changed, Instant::now() + PULSE));
        }
        self.tab = tab;
    }

    fn payment_link(&mut self, url: String, amount: Cents, simulated: bool, note: Option<String>) {
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

    fn payment_status(&mut self, status: PaymentProgress) {
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

    fn receipt(&mut self, receipt: Receipt) {
        self.payment = None;
        if matches!(self.overlay, Some(Overlay::Payment(_))) {
            self.overlay = None;
        }
        self.conversation.push(Entry::Receipt {
            receipt: Box::new(receipt),
        });
        self.conversation.to_bottom();
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
        let screen = ScreenLayout::new(area, &self.composer, &self.tab, self.show_portrait);
        let Some(layout) = &screen else {
            self.layout = None;
            self.too_small(buf, area);
            return;
        };
        let pulse = self.pulse.map(|(c, _)| c);
        let status = layout.status;
        buf.set_style(status, self.theme.status_bar());
        buf.set_stringn(
            status.x,
            status.y,
            self.status(status.width as usize),
            status.width as usize,
            self.theme.status_bar(),
        );
        let conv = layout.conversation;
        let queued = self
            .queued
            .rows(conv.width as usize, self.busy, &self.theme);
        self.conversation.set_tail(queued);
        self.conversation.render(conv, buf, &self.theme);
        if let Some(s) = layout.summary {
            let line = panel::summary_line(&self.tab, &self.theme, pulse, s.width as usize);
            buf.set_line(s.x, s.y, &line, s.width);
        }
        let rule = layout.rule;
        buf.set_string(
            rule.x,
            rule.y,
            "─".repeat(rule.width as usize),
            self.theme.border(),
        );
        let placeholder = if self.busy {
            "Maya is answering… Enter queues, Esc stops her"
        } else {
            "Talk to Maya: order, ask, tip…"
        };
        let cursor = self
            .composer
            .render(layout.composer, buf, &self.theme, placeholder);
        if let Some(p) = &layout.panel {
            panel::draw(
                buf,
                p,
                &self.tab,
                &self.theme,
                pulse,
                self.checkout_cancelled,
            );
        }
        let hints: Vec<&str> = self.hint_items().into_iter().map(|(t, _)| t).collect();
        if let Some(o) = self.overlay.as_mut() {
            super::overlay::draw(buf, layout.overlay, o, &hints, &self.theme);
        }
        // The footer last: what a window offers is known once it is drawn at this size.
        let footer = layout.footer;
        buf.set_stringn(
            footer.x,
            footer.y,
            self.footer(footer.width as usize),
            footer.width as usize,
            self.theme.dim(),
        );
        if self.overlay.is_none() {
            frame.set_cursor_position(Position::new(cursor.0, cursor.1));
        }
        self.layout = screen;
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
