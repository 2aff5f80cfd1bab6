//! The screen layout as data: one `ScreenLayout` per frame, computed with ratatui's `Layout`
//! from the terminal's size and the few things that change sizes (the composer's height, the
//! side panel shown or folded, the tab's rows, the portrait). The frame is painted from it and
//! mouse clicks are hit-tested against the last one, so what is drawn and what is clicked
//! cannot drift apart.

use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use unicode_width::UnicodeWidthStr;

use super::composer::Composer;
use crate::assets::PORTRAIT;
use crate::bar::{TabView, tip::TIP_BUTTONS};

/// Below this the layout gives up and asks for a bigger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// At and above this the side panel shows; below it folds to one line.
pub const PANEL_MIN_WIDTH: u16 = 100;
const PANEL_WIDTH: u16 = 34;
/// Rows the panel keeps below the tab's lines for the figures (and a little air).
const FIGURES_ROOM: u16 = 9;

/// Where everything goes on one frame. `None` from `new` means the window is too small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreenLayout {
    /// The top row: bar name, provider, session, tokens.
    pub status: Rect,
    /// The conversation (and the queued messages under it), inside the column's margins.
    pub conversation: Rect,
    /// The folded panel's one line, under the panel width.
    pub summary: Option<Rect>,
    /// The rule above the composer, the whole column wide.
    pub rule: Rect,
    pub composer: Rect,
    /// Where windows (help, payment, consent) open: the conversation column, below the
    /// status bar and above the footer, so they never cut into the side panel.
    pub overlay: Rect,
    /// The bottom row: the key hints.
    pub footer: Rect,
    /// The side panel, at and above the panel width.
    pub panel: Option<PanelLayout>,
}

/// The side panel's sections, top to bottom. Rows the panel has no room for are absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelLayout {
    /// The panel's left border, the body's full height.
    pub border: Rect,
    /// Maya's portrait, centred; only when there is room left over after the tab.
    pub portrait: Option<Rect>,
    /// " Your tab " over a rule.
    pub heading: Rect,
    /// The tab's lines (or "Nothing yet"), then "… and N more" when they do not all fit.
    pub lines: Rect,
    /// How many of the tab's lines are drawn in `lines`.
    pub shown_lines: usize,
    /// The figures under the tab, when the panel is tall enough for all of them.
    pub figures: Option<Figures>,
}

/// One row each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub rule: Rect,
    pub subtotal: Rect,
    /// The tip buttons' row, while the tab has lines.
    pub tip_row: Option<Rect>,
    /// Each tip button that fits the row, with its percent: what a click hits.
    pub tip_buttons: Vec<(u32, Rect)>,
    pub tip: Rect,
    pub total: Rect,
    pub balance: Rect,
    pub payment: Rect,
}

impl ScreenLayout {
    /// The layout for a frame of `area`, or `None` below the minimum size.
    pub fn new(
        area: Rect,
        composer: &Composer,
        tab: &TabView,
        show_portrait: bool,
    ) -> Option<ScreenLayout> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let [status, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let wide = area.width >= PANEL_MIN_WIDTH;
        let [column, panel] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(if wide { PANEL_WIDTH } else { 0 }),
        ])
        .areas(body);
        let inset = Margin::new(1, 0);
        // Under the panel width, the one-line summary sits above the rule with a blank row
        // between it and the conversation.
        let summary_h = u16::from(!wide);
        // The composer grows with its text, but the conversation keeps a few rows.
        let composer_h = composer
            .height(column.width.saturating_sub(2))
            .min(body.height.saturating_sub(4 + summary_h));
        let [conversation, _gap, summary, rule, composer] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(summary_h),
            Constraint::Length(summary_h),
            Constraint::Length(1),
            Constraint::Length(composer_h),
        ])
        .areas(column);
        Some(ScreenLayout {
            status,
            conversation: conversation.inner(inset),
            summary: (!wide).then(|| summary.inner(inset)),
            rule,
            composer: composer.inner(inset),
            overlay: column,
            footer: footer.inner(inset),
            panel: wide.then(|| PanelLayout::new(panel, tab, show_portrait)),
        })
    }

    /// The tip button at a screen position, if a click there hits one.
    pub fn tip_at(&self, at: Position) -> Option<u32> {
        let figures = self.panel.as_ref()?.figures.as_ref()?;
        figures
            .tip_buttons
            .iter()
            .find(|(_, r)| r.contains(at))
            .map(|(p, _)| *p)
    }
}

impl PanelLayout {
    fn new(area: Rect, tab: &TabView, show_portrait: bool) -> PanelLayout {
        let [border, _, inner, _] = Layout::horizontal([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // What the tab needs, so the portrait only takes room that is left over.
        let needs: Vec<u16> = tab
            .lines
            .iter()
            .map(|l| 1 + u16::from(!l.modifiers.is_empty()))
            .collect();
        let tab_rows = needs.iter().sum::<u16>().max(1);
        let portrait_h = PORTRAIT.lines().count() as u16;
        let portrait_w = PORTRAIT.lines().map(|l| l.width()).max().unwrap_or(0) as u16;
        let with_portrait =
            show_portrait && area.height >= portrait_h + tab_rows + FIGURES_ROOM + 2;
        let top = if with_portrait { portrait_h + 1 } else { 0 };
        // The lines that fit above the figures; the first that does not becomes "… and N more".
        let room = area.height.saturating_sub(top + 1 + FIGURES_ROOM);
        let mut shown_lines = 0;
        let mut used = 0;
        for need in &needs {
            if used + need > room {
                break;
            }
            used += need;
            shown_lines += 1;
        }
        let lines_h = if shown_lines < needs.len() || needs.is_empty() {
            used + 1
        } else {
            used
        };
        let with_figures = area.height >= top + 1 + lines_h + 7;
        let figure_rows = if with_figures {
            6 + u16::from(!needs.is_empty())
        } else {
            0
        };
        let [portrait, _, heading, lines, figures] = Layout::vertical([
            Constraint::Length(top.saturating_sub(1)),
            Constraint::Length(top.min(1)),
            Constraint::Length(1),
            Constraint::Length(lines_h),
            Constraint::Length(figure_rows),
        ])
        .flex(ratatui::layout::Flex::Start)
        .areas(area);
        let portrait = with_portrait.then(|| {
            let w = portrait_w.min(area.width);
            Rect::new(
                area.x + (area.width - w) / 2,
                portrait.y,
                w,
                portrait.height,
            )
        });
        let row = |r: Rect| Rect::new(inner.x, r.y, inner.width, r.height);
        PanelLayout {
            border,
            portrait,
            heading: row(heading),
            lines: row(lines),
            shown_lines,
            figures: with_figures.then(|| Figures::new(row(figures), !needs.is_empty())),
        }
    }
}

impl Figures {
    fn new(area: Rect, buttons: bool) -> Figures {
        let [rule, subtotal, tip_row, tip, total, balance, payment] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(u16::from(buttons)),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // "Tip" and a space, then the buttons a space apart, as many as fit whole.
        let mut tip_buttons = Vec::new();
        if buttons {
            let mut x = tip_row.x + 5;
            for p in TIP_BUTTONS {
                let w = format!("[{p}%]").width() as u16;
                if x + w <= tip_row.right() {
                    tip_buttons.push((p, Rect::new(x, tip_row.y, w, 1)));
                }
                x += w + 1;
            }
        }
        Figures {
            rule,
            subtotal,
            tip_row: buttons.then_some(tip_row),
            tip_buttons,
            tip,
            total,
            balance,
            payment,
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
