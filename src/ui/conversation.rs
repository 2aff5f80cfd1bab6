//! The conversation: entries, their wrapped lines cached per width, and sticky scrolling.
//!
//! Finished messages are wrapped once per width and never again. The message that is still
//! streaming keeps the wrapped rows of its completed lines, so each frame re-wraps only the
//! line that is still growing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::markdown::{self, Block};
use super::theme::Theme;
use crate::agent::{Entry, ReplyState};

/// Width of the "You" / "Maya" label column.
pub const LABEL: usize = 6;

struct Message {
    entry: Entry,
    /// Wrapped rows for `width`, when valid.
    cache: Option<(u16, Vec<Line<'static>>)>,
    /// For a streaming reply: rows of its completed lines (width, bytes covered, rows).
    stable: Option<(u16, usize, Vec<Line<'static>>)>,
    streaming: bool,
}

#[derive(Default)]
pub struct Conversation {
    msgs: Vec<Message>,
    /// Rows scrolled up from the bottom; 0 follows new text.
    scroll: usize,
    last_height: usize,
    last_total: usize,
    /// Rows of the leading finished messages at a width: (width, messages counted, rows), so
    /// a frame sums only what is new or still streaming, not the whole history.
    settled: (u16, usize, usize),
    /// Rows shown under the last message that are not part of the conversation yet (the
    /// guest's queued messages), at the width of the next render.
    tail: Vec<Line<'static>>,
}

impl Conversation {
    pub fn len(&self) -> usize {
        self.msgs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.msgs.is_empty()
    }

    /// Add a finished entry. While a reply streams, the entry goes just above it, so a notice
    /// or a tool line never splits Maya's reply in two; the reply stays last and keeps growing.
    pub fn push(&mut self, entry: Entry) {
        let m = Message {
            entry,
            cache: None,
            stable: None,
            streaming: false,
        };
        if self.is_streaming() {
            // The streaming reply is last and never counted as settled, so the index it had
            // is at or after the settled prefix: that count stays right.
            let at = self.msgs.len() - 1;
            self.msgs.insert(at, m);
        } else {
            self.msgs.push(m);
        }
    }

    /// What to show under the last message from the next frame on (nothing: an empty list).
    pub fn set_tail(&mut self, rows: Vec<Line<'static>>) {
        self.tail = rows;
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.msgs.iter().map(|m| &m.entry)
    }

    /// Append streamed text to the reply in progress, starting one if needed.
    pub fn append(&mut self, delta: &str) {
        match self.msgs.last_mut() {
            Some(Message {
                entry: Entry::Assistant { text, .. },
                streaming: true,
                cache,
                ..
            }) => {
                text.push_str(delta);
                *cache = None;
            }
            _ => self.msgs.push(Message {
                entry: Entry::Assistant {
                    text: delta.to_string(),
                    state: ReplyState::Streaming,
                },
                cache: None,
                stable: None,
                streaming: true,
            }),
        }
    }

    pub fn is_streaming(&self) -> bool {
        self.msgs.last().is_some_and(|m| m.streaming)
    }

    /// The reply in progress is over.
    pub fn finish(&mut self, how: ReplyState) {
        if let Some(m) = self.msgs.iter_mut().rev().find(|m| m.streaming) {
            m.streaming = false;
            m.stable = None;
            m.cache = None;
            if let Entry::Assistant { state, .. } = &mut m.entry {
                *state = how;
            }
        }
    }

    pub fn scroll_up(&mut self, rows: usize) {
        let max = self.last_total.saturating_sub(self.last_height);
        self.scroll = (self.scroll + rows).min(max);
    }

    pub fn scroll_down(&mut self, rows: usize) {
        self.scroll = self.scroll.saturating_sub(rows);
    }

    pub fn to_top(&mut self) {
        self.scroll = self.last_total.saturating_sub(self.last_height);
    }

    pub fn to_bottom(&mut self) {
        self.scroll = 0;
    }

    pub fn following(&self) -> bool {
        self.scroll == 0
    }

    fn rows_of(&mut self, i: usize, width: u16, theme: &Theme) -> &[Line<'static>] {
        let first = i == 0;
        let m = &mut self.msgs[i];
        if m.cache.as_ref().is_none_or(|(w, _)| *w != width) {
            let rows = if m.streaming {
                streaming_rows(m, width, theme)
            } else {
                render_entry(&m.entry, width as usize, theme)
            };
            let mut rows = rows;
            if !first && matches!(m.entry, Entry::User { .. }) {
                rows.insert(0, Line::default());
            }
            m.cache = Some((width, rows));
        }
        m.cache.as_ref().map(|(_, r)| r.as_slice()).unwrap_or(&[])
    }

    /// Total rows at `width` (wraps what is not cached yet).
    pub fn total_rows(&mut self, width: u16, theme: &Theme) -> usize {
        if self.settled.0 != width {
            self.settled = (width, 0, 0);
        }
        // Finished messages never change, so their rows are counted once per width.
        while self.settled.1 < self.msgs.len() && !self.msgs[self.settled.1].streaming {
            let rows = self.rows_of(self.settled.1, width, theme).len();
            self.settled.1 += 1;
            self.settled.2 += rows;
        }
        let unsettled: usize = (self.settled.1..self.msgs.len())
            .map(|i| self.rows_of(i, width, theme).len())
            .sum();
        self.settled.2 + unsettled + self.tail.len()
    }

    pub fn render(&mut self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let total = self.total_rows(area.width, theme);
        let height = area.height as usize;
        // Not following: keep the view where it was when more text arrives below.
        if self.scroll > 0 && total > self.last_total && self.last_total > 0 {
            self.scroll += total - self.last_total;
        }
        self.scroll = self.scroll.min(total.saturating_sub(height));
        self.last_total = total;
        self.last_height = height;

        // Collect rows from the bottom up to what is visible.
        let skip_bottom = self.scroll;
        let mut needed = skip_bottom + height;
        let mut visible: Vec<Line<'static>> = Vec::with_capacity(height);
        for row in self.tail.iter().rev().take(needed) {
            visible.push(row.clone());
        }
        needed -= visible.len();
        for i in (0..self.msgs.len()).rev() {
            if needed == 0 {
                break;
            }
            let rows = self.rows_of(i, area.width, theme);
            let take = rows.len().min(needed);
            for row in rows[rows.len() - take..].iter().rev() {
                visible.push(row.clone());
            }
            needed -= take;
        }
        let visible: Vec<Line<'static>> =
            visible.into_iter().skip(skip_bottom).take(height).collect();
        // Bottom-aligned: a short conversation sits just above the composer.
        let top_pad = height - visible.len();
        for (k, line) in visible.into_iter().rev().enumerate() {
            let y = area.y + (top_pad + k) as u16;
            buf.set_line(area.x, y, &line, area.width);
        }
        if self.scroll > 0 {
            let marker = format!(" ↓ {} more ", self.scroll);
            let x = area.x + area.width.saturating_sub(marker.chars().count() as u16 + 1);
            buf.set_string(x, area.y + area.height - 1, marker, theme.badge());
        }
    }
}

/// Re-wrap only the growing tail of a streaming reply.
fn streaming_rows(m: &mut Message, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let Entry::Assistant { text, .. } = &m.entry else {
        return render_entry(&m.entry, width as usize, theme);
    };
    let complete = text.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let (mut rows, covered) = match m.stable.take() {
        Some((w, covered, rows)) if w == width && covered <= complete => (rows, covered),
        _ => (Vec::new(), 0),
    };
    let base = Style::default();
    let is_first = covered == 0;
    if complete > covered {
        let done = &text[covered..complete - 1];
        for (k, b) in markdown::blocks(done, base, theme).into_iter().enumerate() {
            push_block(&mut rows, &b, width as usize, theme, is_first && k == 0);
        }
    }
    m.stable = Some((width, complete, rows.clone()));
    let tail = &text[complete..];
    let b = markdown::block(tail, base, theme);
    let labelled = rows.is_empty();
    push_block(&mut rows, &b, width as usize, theme, labelled);
    rows
}

fn push_block(
    rows: &mut Vec<Line<'static>>,
    b: &Block,
    width: usize,
    theme: &Theme,
    labelled: bool,
) {
    let mut wrapped = markdown::wrap(b, width, LABEL);
    if labelled {
        label(&mut wrapped, "Maya", theme.maya());
    }
    rows.extend(wrapped);
}

/// Replace the indent of the first row with a label.
pub(super) fn label(rows: &mut [Line<'static>], name: &str, style: Style) {
    if let Some(first) = rows.first_mut()
        && let Some(span) = first.spans.first_mut()
    {
        *span = Span::styled(format!("{name:<LABEL$}"), style);
    }
}

pub(super) fn indented(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let b = Block {
        prefix: vec![],
        indent: 0,
        spans: vec![(text.to_string(), style)],
    };
    markdown::wrap(&b, width, LABEL)
}

pub fn render_entry(entry: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match entry {
        Entry::User { text, blocked } => {
            let mut rows = Vec::new();
            for (k, line) in text.split('\n').enumerate() {
                let mut r = indented(line, theme.base(), width);
                if k == 0 {
                    label(&mut r, "You", theme.guest());
                }
                rows.extend(r);
            }
            if let Some(family) = blocked {
                rows.extend(indented(
                    &format!("⊘ blocked by the safety check ({family}); Maya never saw it"),
                    theme.error(),
                    width,
                ));
            }
            rows
        }
        Entry::Assistant { text, state } => {
            let mut rows = Vec::new();
            for (k, b) in markdown::blocks(text, Style::default(), theme)
                .iter()
                .enumerate()
            {
                push_block(&mut rows, b, width, theme, k == 0);
            }
            let mark = match state {
                ReplyState::Cancelled => Some("— stopped"),
                ReplyState::Interrupted => Some("— interrupted"),
                ReplyState::Blocked => Some("— stopped by the safety check"),
                _ => None,
            };
            if let Some(mark) = mark {
                rows.extend(indented(mark, theme.notice(), width));
            }
            rows
        }
        Entry::Tool { summary, ok } => {
            let style = if *ok { theme.tool() } else { theme.notice() };
            indented(&format!("· {summary}"), style, width)
        }
        Entry::Notice { text } => indented(&format!("↳ {text}"), theme.notice(), width),
        Entry::Error { text } => indented(&format!("✗ {text}"), theme.error(), width),
        Entry::Receipt { receipt } => super::panel::receipt_rows(receipt, width, theme),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[Line]) -> Vec<String> {
        rows.iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    /// Rows of every message counted from scratch, as the cached total must equal.
    fn recount(c: &mut Conversation, width: u16, theme: &Theme) -> usize {
        (0..c.msgs.len())
            .map(|i| c.rows_of(i, width, theme).len())
            .sum()
    }

    #[test]
    fn the_settled_row_total_follows_pushes_streams_and_widths() {
        let theme = Theme { color: false };
        let mut c = Conversation::default();
        for i in 0..30 {
            c.push(Entry::User {
                text: format!("order number {i}, a long line that wraps at narrow widths"),
                blocked: None,
            });
        }
        for width in [80, 20, 80] {
            assert_eq!(c.total_rows(width, &theme), recount(&mut c, width, &theme));
        }
        c.append("streaming ");
        assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
        c.append("a reply that grows and grows past the edge of a narrow window\n\nmore");
        assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
        c.push(Entry::Notice {
            text: "a notice while streaming".into(),
        });
        assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
        c.finish(ReplyState::Complete);
        c.push(Entry::Tool {
            summary: "added 1× Martini".into(),
            ok: true,
        });
        let before = c.total_rows(20, &theme);
        assert_eq!(before, recount(&mut c, 20, &theme));
        assert_eq!(c.total_rows(120, &theme), recount(&mut c, 120, &theme));
        assert!(c.total_rows(120, &theme) < before);
    }

    #[test]
    fn streaming_matches_a_full_render_at_every_step() {
        let theme = Theme { color: true };
        let full = "Here's the menu:\n\n- **Cocktails**: Martini $13.00, Negroni $11.00\n- Beer: IPA $6.00\n\nWhat'll it be?";
        let mut c = Conversation::default();
        let mut seen = String::new();
        for ch in full.chars() {
            seen.push(ch);
            c.append(&ch.to_string());
            let streamed = text(c.rows_of(0, 30, &theme));
            let fresh = text(&render_entry(
                &Entry::Assistant {
                    text: seen.clone(),
                    state: ReplyState::Streaming,
                },
                30,
                &theme,
            ));
            assert_eq!(streamed, fresh, "after {seen:?}");
        }
    }

    #[test]
    fn a_notice_while_maya_streams_does_not_split_her_reply() {
        let theme = Theme { color: true };
        let mut c = Conversation::default();
        c.append("Two Martinis, ");
        c.push(Entry::Notice {
            text: "the paste was cut".into(),
        });
        c.push(Entry::Tool {
            summary: "added 2× Martini".into(),
            ok: true,
        });
        c.append("coming right up.");
        c.finish(ReplyState::Complete);
        let entries: Vec<&Entry> = c.entries().collect();
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(matches!(entries[0], Entry::Notice { .. }));
        assert!(matches!(entries[1], Entry::Tool { .. }));
        assert_eq!(
            entries[2],
            &Entry::Assistant {
                text: "Two Martinis, coming right up.".into(),
                state: ReplyState::Complete,
            }
        );
        let rows = text(c.rows_of(2, 80, &theme));
        assert_eq!(rows, ["Maya  Two Martinis, coming right up."]);
        assert_eq!(c.total_rows(80, &theme), recount(&mut c, 80, &theme));
    }

    #[test]
    fn sticky_scroll_follows_only_at_the_bottom() {
        let theme = Theme { color: true };
        let mut c = Conversation::default();
        for i in 0..50 {
            c.push(Entry::Notice {
                text: format!("line {i}"),
            });
        }
        let area = Rect::new(0, 0, 40, 10);
        let mut buf = Buffer::empty(area);
        c.render(area, &mut buf, &theme);
        assert!(c.following());
        c.scroll_up(5);
        let rows = |b: &Buffer| -> Vec<String> {
            (0..10)
                .map(|y| (0..40).map(|x| b[(x, y)].symbol().to_string()).collect())
                .collect()
        };
        c.render(area, &mut buf, &theme);
        let before = rows(&buf);
        c.push(Entry::Notice { text: "new".into() });
        let mut buf2 = Buffer::empty(area);
        c.render(area, &mut buf2, &theme);
        let after = rows(&buf2);
        assert_eq!(before[..9], after[..9], "the view moved while scrolled up");
        assert!(after[9].contains("↓ 6 more"), "{}", after[9]);
        c.to_bottom();
        c.render(area, &mut buf2, &theme);
        assert!(
            buf2.content()
                .iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .contains("new")
        );
    }

    #[test]
    fn the_cache_is_rebuilt_for_a_new_width() {
        let theme = Theme { color: true };
        let mut c = Conversation::default();
        c.push(Entry::Assistant {
            text: "one two three four five six seven".into(),
            state: ReplyState::Complete,
        });
        let wide = c.rows_of(0, 80, &theme).len();
        let narrow = c.rows_of(0, 14, &theme).len();
        assert_eq!(wide, 1);
        assert!(narrow > 2, "{narrow}");
        assert_eq!(c.rows_of(0, 80, &theme).len(), 1);
    }
}
