//! One frame painted from the `ScreenLayout`: the status bar, the conversation, the folded
//! summary or the side panel, the composer, any window, and the footer.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::app::App;
use super::fit::{self, Part};
use super::keymap;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, ScreenLayout};
use super::panel;

impl App {
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
            let ctrl_c = keymap::label(keymap::Scope::Anywhere, keymap::Act::CtrlC);
            return format!("press {ctrl_c} again to leave");
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
