//! The view-model: what is on screen, built only from the agent's events, and the key map that
//! turns keys into commands. It never awaits anything and never touches the tab itself.
//! `events.rs` applies the agent's events to it, `dispatch.rs` the guest's keys and clicks,
//! and `frame.rs` paints it from the `ScreenLayout` (`layout.rs`).

use std::time::{Duration, Instant};

use ratatui::layout::Position;

use super::composer::Composer;
use super::conversation::Conversation;
use super::layout::ScreenLayout;
use super::overlay::{Overlay, Payment};
use super::panel::Changed;
use super::queued::Queued;
use super::theme::Theme;
use super::typeahead::TypeAhead;
use crate::agent::SessionInfo;
use crate::bar::TabView;
use crate::config::UiConfig;
use crate::transcript::{Entry, Usage};

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
}
