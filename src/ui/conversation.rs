//! The conversation: entries, how many rows each takes at a width, and sticky scrolling.
//!
//! Memory follows the text: a message's text lives once, in its entry, and what is cached per
//! message is its layout at one width (how many rows it takes and, for a reply, the row each of
//! its lines starts at), never wrapped copies of it. A frame wraps only the lines it shows, so
//! a 500,000-character reply or a 10,000-message session costs a few bytes a line beyond its
//! text. Finished messages are counted once per width; the reply that is still streaming
//! extends its layout as its lines complete, and only its last, growing line is measured again
//! each frame.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::entry_rows::{entry_rows, line_count, line_rows, mark_rows};
use super::theme::Theme;
use crate::transcript::{Entry, ReplyState};

/// Width of the "You" / "Maya" label column.
pub const LABEL: usize = 6;

/// Free slots left after a resumed transcript (72 bytes each).
const RESUME_HEADROOM: usize = 16;

struct Message {
    entry: Entry,
    /// Rows at one width, when counted. Kept inline and small: a 10,000-message session holds
    /// one of these per message.
    layout: Layout,
    streaming: bool,
}

/// How a message's rows fall at one width. For a reply, its complete lines (a line is complete
/// once a newline follows it, or when the reply is finished); other entries are short and are
/// drawn whole, so only their row count is kept.
#[derive(Default)]
struct Layout {
    /// The width it was counted at; 0 before it is counted.
    width: u16,
    /// Rows of the laid-out lines (of the whole entry, for other entries).
    rows: u32,
    /// For a reply: where the next line to lay out starts; past the end once all are.
    next: u32,
    /// For a long reply (or one still streaming): each laid-out line's start in the text and
    /// the rows before it, so a window deep inside it is found without wrapping what precedes
    /// it. A short finished reply keeps none: drawing part of it wraps it from its start.
    lines: LineIndex,
}

/// A line index, boxed: most messages have none, and a `Vec` inline would cost each of them
/// 24 bytes where this costs 8 (a message is 72 bytes with it, 88 without; issue 20).
#[derive(Default)]
#[allow(
    clippy::box_collection,
    reason = "the point is the 8-byte field: the extra allocation is paid only by long replies"
)]
struct LineIndex(Option<Box<Vec<(u32, u32)>>>);

impl LineIndex {
    fn push(&mut self, line: (u32, u32)) {
        self.0.get_or_insert_default().push(line);
    }

    fn as_slice(&self) -> &[(u32, u32)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    fn is_some(&self) -> bool {
        self.0.is_some()
    }
}

/// A finished reply shorter than this keeps no line index (see [`Layout::lines`]).
const INDEX_MIN: usize = 4096;

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
            layout: Layout::default(),
            streaming: false,
        };
        self.make_room();
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

    /// Add finished entries (a resumed session's transcript), in order, with room for what
    /// follows a resume at once (its notice, a warning, the next exchange): a full list grows
    /// by an eighth, 90 KB at 10,000 messages, for the first notice.
    pub fn extend(&mut self, entries: Vec<Entry>) {
        self.msgs.reserve_exact(entries.len() + RESUME_HEADROOM);
        for e in entries {
            self.push(e);
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.msgs.iter().map(|m| &m.entry)
    }

    /// Append streamed text to the reply in progress, starting one if needed. Its layout stays
    /// valid: it covers only complete lines, and text is only ever added after them.
    pub fn append(&mut self, delta: &str) {
        match self.msgs.last_mut() {
            Some(Message {
                entry: Entry::Assistant { text, .. },
                streaming: true,
                ..
            }) => text.push_str(delta),
            _ => {
                self.make_room();
                self.msgs.push(Message {
                    entry: Entry::Assistant {
                        text: delta.to_string(),
                        state: ReplyState::Streaming,
                    },
                    layout: Layout::default(),
                    streaming: true,
                });
            }
        }
    }

    /// Room for one more message. A full list grows by an eighth (at least 64), not by doubling:
    /// a resumed 10,000-message list would otherwise take 20,000 slots of 72 bytes for the
    /// notice that follows it, twice what the messages need (heaptrack, issue 20).
    fn make_room(&mut self) {
        if self.msgs.len() == self.msgs.capacity() {
            self.msgs.reserve_exact((self.msgs.len() / 8).max(64));
        }
    }

    pub fn is_streaming(&self) -> bool {
        self.msgs.last().is_some_and(|m| m.streaming)
    }

    /// The reply in progress is over. Its layout is kept: its last line is laid out next.
    pub fn finish(&mut self, how: ReplyState) {
        if let Some(m) = self.msgs.iter_mut().rev().find(|m| m.streaming) {
            m.streaming = false;
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

    /// Rows of message `i` at `width`, laying out what is new.
    fn rows_in(&mut self, i: usize, width: u16, theme: &Theme) -> usize {
        let first = i == 0;
        let m = &mut self.msgs[i];
        let layout = &mut m.layout;
        if layout.width != width {
            *layout = Layout {
                width,
                ..Layout::default()
            };
        }
        let Entry::Assistant { text, state } = &m.entry else {
            if layout.next == 0 {
                layout.rows = count(entry_rows(&m.entry, first, width as usize, theme).len());
                layout.next = 1;
            }
            return layout.rows as usize;
        };
        let indexed = m.streaming || text.len() >= INDEX_MIN;
        // Lay out the lines completed since the last frame (all of them once finished).
        while layout.next as usize <= text.len() {
            let start = layout.next as usize;
            let end = match text[start..].find('\n') {
                Some(n) => start + n,
                None if m.streaming => break,
                None => text.len(),
            };
            if indexed {
                layout.lines.push((count(start), layout.rows));
            }
            layout.rows += count(line_count(&text[start..end], width as usize, theme));
            layout.next = count(end + 1);
        }
        if !indexed && layout.lines.is_some() {
            layout.lines = LineIndex::default(); // a short reply that has finished streaming
        }
        let tail = if m.streaming {
            line_count(&text[layout.next as usize..], width as usize, theme)
        } else {
            mark_rows(*state, width as usize, theme).len()
        };
        layout.rows as usize + tail
    }

    /// Rows `lo..hi` of message `i` at `width` (after [`Conversation::rows_in`] laid it out),
    /// wrapping only the lines they come from.
    fn rows_between(
        &self,
        i: usize,
        lo: usize,
        hi: usize,
        width: u16,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let m = &self.msgs[i];
        let w = width as usize;
        let layout = &m.layout;
        let Entry::Assistant { text, state } = &m.entry else {
            let rows = entry_rows(&m.entry, i == 0, w, theme);
            return rows
                .into_iter()
                .skip(lo)
                .take(hi.saturating_sub(lo))
                .collect();
        };
        let laid_out = layout.rows as usize;
        let lines = layout.lines.as_slice();
        let mut out = Vec::with_capacity(hi.saturating_sub(lo));
        // The first indexed line that ends after `lo`, and the row it starts at.
        let k = if lo >= laid_out {
            lines.len()
        } else {
            lines
                .partition_point(|&(_, row)| row as usize <= lo)
                .saturating_sub(1)
        };
        let mut row = lines.get(k).map_or(laid_out, |l| l.1 as usize);
        let mut push = |rows: Vec<Line<'static>>, row: &mut usize| {
            for r in rows {
                if (lo..hi).contains(row) {
                    out.push(r);
                }
                *row += 1;
            }
        };
        // Draws the line starting at `start`; returns where the next one starts.
        let mut line_at = |start: usize, row: &mut usize| {
            let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
            push(line_rows(&text[start..end], start == 0, w, theme), row);
            end + 1
        };
        if lines.is_empty() {
            // A short reply without an index: its laid-out lines from the start.
            row = 0;
            let mut start = 0;
            while start < layout.next as usize && row < hi {
                start = line_at(start, &mut row);
            }
            row = row.max(laid_out);
        } else {
            for &(start, _) in lines.get(k..).unwrap_or(&[]) {
                if row >= hi {
                    break;
                }
                line_at(start as usize, &mut row);
            }
        }
        if row < hi {
            if m.streaming {
                let start = layout.next as usize;
                push(line_rows(&text[start..], start == 0, w, theme), &mut row);
            } else {
                push(mark_rows(*state, w, theme), &mut row);
            }
        }
        out
    }

    /// Every row of message `i` at `width`.
    #[cfg(test)]
    fn rows_of(&mut self, i: usize, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let n = self.rows_in(i, width, theme);
        self.rows_between(i, 0, n, width, theme)
    }

    /// Total rows at `width` (lays out what is not laid out yet).
    pub fn total_rows(&mut self, width: u16, theme: &Theme) -> usize {
        if self.settled.0 != width {
            self.settled = (width, 0, 0);
        }
        // Finished messages never change, so their rows are counted once per width.
        while self.settled.1 < self.msgs.len() && !self.msgs[self.settled.1].streaming {
            let rows = self.rows_in(self.settled.1, width, theme);
            self.settled.1 += 1;
            self.settled.2 += rows;
        }
        let unsettled: usize = (self.settled.1..self.msgs.len())
            .map(|i| self.rows_in(i, width, theme))
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

        // The rows on screen, `start..end` of all, from the messages they fall in (found from
        // the bottom up: following the conversation, only the last few are looked at).
        let end = total - self.scroll;
        let start = end.saturating_sub(height);
        let mut parts: Vec<Vec<Line<'static>>> = Vec::new();
        // Under the last message, the rows set by `set_tail` (the queued messages).
        let tail_start = total - self.tail.len();
        if end > tail_start {
            let lo = start.max(tail_start) - tail_start;
            parts.push(self.tail[lo..end - tail_start].to_vec());
        }
        let mut msg_end = tail_start;
        for i in (0..self.msgs.len()).rev() {
            if msg_end <= start {
                break;
            }
            let rows = self.rows_in(i, area.width, theme);
            let msg_start = msg_end - rows;
            if msg_start < end {
                let lo = start.max(msg_start) - msg_start;
                let hi = end.min(msg_end) - msg_start;
                parts.push(self.rows_between(i, lo, hi, area.width, theme));
            }
            msg_end = msg_start;
        }
        let visible: Vec<Line<'static>> = parts.into_iter().rev().flatten().collect();
        // Bottom-aligned: a short conversation sits just above the composer.
        let top_pad = height.saturating_sub(visible.len());
        for (k, line) in visible.iter().take(height).enumerate() {
            let y = area.y + (top_pad + k) as u16;
            buf.set_line(area.x, y, line, area.width);
        }
        if self.scroll > 0 {
            let marker = format!(" ↓ {} more ", self.scroll);
            let x = area.x + area.width.saturating_sub(marker.chars().count() as u16 + 1);
            buf.set_string(x, area.y + area.height - 1, marker, theme.badge());
        }
    }
}

/// A position or row count as the layout stores it: replies are bounded far below 4 GiB
/// (`max_reply_bytes`), so this saturates only in theory.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[path = "conversation_tests.rs"]
mod tests;
