//! The composer: the text being written, on `ratatui-textarea` (the edit buffer, undo/redo,
//! word motion), with what the bar adds on top: the cursor moves and deletes whole grapheme
//! clusters (the textarea steps by `char`, which would split an emoji sequence or a letter from
//! its accent), input history on ↑/↓, and rows wrapped by the same wrapper as the conversation
//! (`wrap.rs`) behind a `› ` prompt. The textarea's own widget is not drawn for that reason.

use std::cell::RefCell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use super::wrap::{break_line, width as text_width};
use crate::transcript::INPUT_HISTORY_MAX;

pub struct Composer {
    /// Changed only through [`Composer::edit`], which drops the cached layout.
    area: TextArea<'static>,
    /// The last layout and the width it was made for: a frame asks for it twice (the height,
    /// then the drawing), and with a 64 KiB paste in the composer each costs a pass over it.
    layout: RefCell<Option<(usize, Layout)>>,
    history: Vec<String>,
    /// While browsing history: which entry, and the draft that was there before.
    browsing: Option<(usize, String)>,
}

/// A visual row: which line, and which bytes of it.
type Row = (usize, std::ops::Range<usize>);
/// The visual rows, and the cursor's row and column.
type Layout = (Vec<Row>, (usize, usize));

const PROMPT: &str = "› ";
const PROMPT_WIDTH: usize = 2;
pub const MAX_ROWS: usize = 8;
/// Undo steps kept. The textarea records one per edit (a typed character, a paste, a delete).
const UNDO_STEPS: usize = 200;

fn fresh(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
    area.set_max_histories(UNDO_STEPS);
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

impl Default for Composer {
    fn default() -> Self {
        Composer {
            area: fresh(""),
            layout: RefCell::new(None),
            history: Vec::new(),
            browsing: None,
        }
    }
}

/// The byte index of char column `col` in `line`.
fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

impl Composer {
    /// The edit buffer, for a change: the cached layout is dropped.
    fn edit(&mut self) -> &mut TextArea<'static> {
        *self.layout.get_mut() = None;
        &mut self.area
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// Replace the text (cursor at its end). Undo starts afresh.
    pub fn set(&mut self, text: &str) {
        *self.edit() = fresh(text);
        self.browsing = None;
    }

    /// The text, leaving the composer empty.
    pub fn take(&mut self) -> String {
        let text = self.text();
        self.set("");
        text
    }

    /// Empty the composer; Ctrl+Z brings the text back.
    pub fn clear(&mut self) {
        self.browsing = None;
        self.edit().clear();
    }

    pub fn set_history(&mut self, mut history: Vec<String>) {
        let over = history.len().saturating_sub(INPUT_HISTORY_MAX);
        history.drain(..over);
        self.history = history;
    }

    pub fn remember(&mut self, line: &str) {
        if !line.trim().is_empty() && self.history.last().map(String::as_str) != Some(line) {
            if self.history.len() >= INPUT_HISTORY_MAX {
                self.history.remove(0);
                if let Some((i, _)) = &mut self.browsing {
                    *i = i.saturating_sub(1);
                }
            }
            self.history.push(line.to_string());
        }
    }

    pub fn insert(&mut self, s: &str) {
        self.browsing = None;
        self.edit().insert_str(s);
    }

    /// The cursor's line and the byte index of the cursor in it.
    fn at(&self) -> (&str, usize) {
        let (row, col) = (self.area.cursor().0, self.area.cursor().1);
        let line = self.area.lines()[row].as_str();
        (line, byte_at(line, col))
    }

    /// Chars in the grapheme cluster before / after the cursor (0 at the line's edge).
    fn cluster_before(&self) -> usize {
        let (line, b) = self.at();
        line[..b]
            .graphemes(true)
            .next_back()
            .map_or(0, |g| g.chars().count())
    }

    fn cluster_after(&self) -> usize {
        let (line, b) = self.at();
        line[b..]
            .graphemes(true)
            .next()
            .map_or(0, |g| g.chars().count())
    }

    fn step(&mut self, m: CursorMove, n: usize) {
        for _ in 0..n {
            self.edit().move_cursor(m);
        }
    }

    /// Move the cursor back to the start of the cluster it is inside, if it is inside one
    /// (after a move by the textarea, which counts chars).
    fn snap(&mut self) {
        let (line, b) = self.at();
        let start = line[..b]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i);
        let inside = line[start..]
            .graphemes(true)
            .next()
            .is_some_and(|g| start + g.len() > b && start < b);
        if inside {
            let n = line[start..b].chars().count();
            self.step(CursorMove::Back, n);
        }
    }

    pub fn backspace(&mut self) {
        match self.cluster_before() {
            // One char (or the line break at a line's start): the textarea's own backspace.
            0 | 1 => {
                self.edit().delete_char();
            }
            n => self.delete_back(n),
        }
    }

    /// Delete the `n` chars before the cursor as one undo step.
    fn delete_back(&mut self, n: usize) {
        let (row, col) = (self.area.cursor().0, self.area.cursor().1);
        let target = col.saturating_sub(n);
        match (u16::try_from(row), u16::try_from(target)) {
            // A few chars: step there (each step costs a pass over the line).
            _ if n <= 4 => self.step(CursorMove::Back, n),
            (Ok(r), Ok(c)) => self.edit().move_cursor(CursorMove::Jump(r, c)),
            // Past the 65,535 columns `Jump` can address: cut the line's head and put back
            // what stays (two undo steps; stepping back would take quadratic time).
            _ => {
                let (line, _) = self.at();
                let keep = line[..byte_at(line, target)].to_string();
                self.edit().delete_line_by_head();
                self.edit().insert_str(keep);
                return;
            }
        }
        self.edit().delete_str(n);
    }

    pub fn delete(&mut self) {
        match self.cluster_after() {
            0 => {
                self.edit().delete_next_char();
            }
            n => {
                self.edit().delete_str(n);
            }
        }
    }

    pub fn left(&mut self) {
        let n = self.cluster_before().max(1);
        self.step(CursorMove::Back, n);
    }

    pub fn right(&mut self) {
        let n = self.cluster_after().max(1);
        self.step(CursorMove::Forward, n);
    }

    pub fn word_left(&mut self) {
        self.edit().move_cursor(CursorMove::WordBack);
        self.snap();
    }

    pub fn word_right(&mut self) {
        self.edit().move_cursor(CursorMove::WordForward);
        self.snap();
    }

    pub fn home(&mut self) {
        self.edit().move_cursor(CursorMove::Head);
    }

    pub fn end(&mut self) {
        self.edit().move_cursor(CursorMove::End);
    }

    /// Ctrl+W: delete the word before the cursor, back to the whitespace before it (as in a
    /// shell). At the start of a line it joins the line to the one above.
    pub fn delete_word(&mut self) {
        let (line, b) = self.at();
        let before = &line[..b];
        let trimmed = before.trim_end();
        let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
        match before[start..].chars().count() {
            0 => self.backspace(),
            n => self.delete_back(n),
        }
    }

    /// Ctrl+U: delete from the start of the line to the cursor.
    pub fn kill_to_start(&mut self) {
        if self.area.cursor().1 > 0 {
            self.edit().delete_line_by_head();
        }
    }

    /// Ctrl+K: delete from the cursor to the end of the line.
    pub fn kill_to_end(&mut self) {
        let (line, b) = self.at();
        if b < line.len() {
            self.edit().delete_line_by_end();
        }
    }

    pub fn undo(&mut self) {
        self.browsing = None;
        self.edit().undo();
    }

    pub fn redo(&mut self) {
        self.browsing = None;
        self.edit().redo();
    }

    /// ↑: the line above, or an earlier input when the composer is empty or already showing
    /// history. Returns false when there is nothing to go to.
    pub fn up(&mut self) -> bool {
        if self.is_empty() || self.browsing.is_some() {
            return self.history_prev();
        }
        if self.area.cursor().0 == 0 {
            return false;
        }
        self.edit().move_cursor(CursorMove::Up);
        self.snap();
        true
    }

    pub fn down(&mut self) -> bool {
        if self.browsing.is_some() {
            return self.history_next();
        }
        if self.area.cursor().0 + 1 >= self.area.lines().len() {
            return false;
        }
        self.edit().move_cursor(CursorMove::Down);
        self.snap();
        true
    }

    fn history_prev(&mut self) -> bool {
        let idx = match &self.browsing {
            Some((i, _)) if *i == 0 => return false,
            Some((i, _)) => i - 1,
            None if self.history.is_empty() => return false,
            None => self.history.len() - 1,
        };
        let draft = self
            .browsing
            .take()
            .map(|(_, d)| d)
            .unwrap_or_else(|| self.text());
        *self.edit() = fresh(&self.history[idx]);
        self.browsing = Some((idx, draft));
        true
    }

    fn history_next(&mut self) -> bool {
        let Some((i, draft)) = self.browsing.take() else {
            return false;
        };
        if i + 1 < self.history.len() {
            *self.edit() = fresh(&self.history[i + 1]);
            self.browsing = Some((i + 1, draft));
        } else {
            *self.edit() = fresh(&draft);
        }
        true
    }

    /// Visual rows of the text at `width` (prompt included), as (line, byte range), and the
    /// cursor's row and column. Rows break as the conversation's do; a space at the edge may
    /// hang past it (it is not drawn).
    fn layout(&self, width: usize) -> Layout {
        if let Some((w, layout)) = self.layout.borrow().as_ref()
            && *w == width
        {
            return layout.clone();
        }
        let layout = self.lay_out(width);
        *self.layout.borrow_mut() = Some((width, layout.clone()));
        layout
    }

    fn lay_out(&self, width: usize) -> Layout {
        let avail = width.saturating_sub(PROMPT_WIDTH).max(1);
        let lines = self.area.lines();
        let (crow, b) = (self.area.cursor().0, self.at().1);
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        for (n, line) in lines.iter().enumerate() {
            let breaks = break_line(line, avail, avail);
            if n == crow {
                let last = breaks.len() - 1;
                // A cursor at the end of a wrapped row belongs to the next row.
                let k = breaks
                    .iter()
                    .position(|r| r.start <= b && b <= r.end)
                    .map_or(last, |k| {
                        if b == breaks[k].end && k < last {
                            k + 1
                        } else {
                            k
                        }
                    });
                cursor = (rows.len() + k, text_width(&line[breaks[k].start..b]));
            }
            rows.extend(breaks.into_iter().map(|r| (n, r)));
        }
        let at_end = crow + 1 == lines.len() && b == lines[crow].len();
        if at_end && cursor.1 >= avail {
            // At the very end of a full row: the cursor waits on a fresh row.
            let end = lines[crow].len();
            rows.push((crow, end..end));
            cursor = (rows.len() - 1, 0);
        }
        (rows, cursor)
    }

    /// Rows the composer wants at this width (1 to MAX_ROWS).
    pub fn height(&self, width: u16) -> u16 {
        self.layout(width as usize).0.len().clamp(1, MAX_ROWS) as u16
    }

    /// Draw; returns where the terminal cursor goes.
    pub fn render(
        &self,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        placeholder: &str,
    ) -> (u16, u16) {
        let (rows, (crow, ccol)) = self.layout(area.width as usize);
        let lines = self.area.lines();
        let visible = area.height as usize;
        let first = (crow + 1).saturating_sub(visible);
        for (k, (n, range)) in rows.iter().skip(first).take(visible).enumerate() {
            let y = area.y + k as u16;
            let prompt = if first + k == 0 { PROMPT } else { "  " };
            buf.set_string(area.x, y, prompt, theme.accent());
            buf.set_stringn(
                area.x + 2,
                y,
                &lines[*n][range.clone()],
                area.width.saturating_sub(2) as usize,
                theme.base(),
            );
        }
        if self.is_empty() {
            buf.set_stringn(
                area.x + 2,
                area.y,
                placeholder,
                area.width.saturating_sub(2) as usize,
                theme.dim(),
            );
        }
        (area.x + 2 + ccol as u16, area.y + (crow - first) as u16)
    }
}

#[cfg(test)]
#[path = "composer_tests.rs"]
mod tests;
