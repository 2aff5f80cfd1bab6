//! The composer: a small multi-line editor with input history. Written here rather than taken
//! from a crate because history recall, paste limits and wrapping must follow the app's rules
//! exactly, and the whole thing is a few hundred lines.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;

#[derive(Default)]
pub struct Composer {
    text: String,
    /// Byte index of the cursor, always on a char boundary.
    cursor: usize,
    history: Vec<String>,
    /// While browsing history: which entry, and the draft that was there before.
    browsing: Option<(usize, String)>,
}

const PROMPT: &str = "› ";
const PROMPT_WIDTH: usize = 2;
pub const MAX_ROWS: usize = 8;

impl Composer {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
        self.browsing = None;
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    pub fn set_history(&mut self, history: Vec<String>) {
        self.history = history;
    }

    pub fn remember(&mut self, line: &str) {
        if !line.trim().is_empty() && self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
    }

    pub fn insert(&mut self, s: &str) {
        self.browsing = None;
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        if let Some(prev) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= prev.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        if let Some(prev) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= prev.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(next) = self.text[self.cursor..].chars().next() {
            self.cursor += next.len_utf8();
        }
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    pub fn end(&mut self) {
        self.cursor = self.line_end();
    }

    /// Ctrl+W: delete the word before the cursor.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(|c: char| c.is_whitespace());
        let start = trimmed.rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Ctrl+U: delete from the start of the line to the cursor.
    pub fn kill_to_start(&mut self) {
        let start = self.line_start();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Ctrl+K: delete from the cursor to the end of the line.
    pub fn kill_to_end(&mut self) {
        let end = self.line_end();
        self.text.replace_range(self.cursor..end, "");
    }

    /// ↑: the line above, or an earlier input when the composer is empty or already showing
    /// history. Returns false when there is nothing to go to.
    pub fn up(&mut self) -> bool {
        if self.text.is_empty() || self.browsing.is_some() {
            return self.history_prev();
        }
        let start = self.line_start();
        if start == 0 {
            return false;
        }
        let col = self.text[start..self.cursor].chars().count();
        let prev_start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        self.cursor = advance(&self.text, prev_start, col, start - 1);
        true
    }

    pub fn down(&mut self) -> bool {
        if self.browsing.is_some() {
            return self.history_next();
        }
        let end = self.line_end();
        if end == self.text.len() {
            return false;
        }
        let col = self.text[self.line_start()..self.cursor].chars().count();
        let next_end = self.text[end + 1..]
            .find('\n')
            .map_or(self.text.len(), |i| end + 1 + i);
        self.cursor = advance(&self.text, end + 1, col, next_end);
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
            .unwrap_or_else(|| self.text.clone());
        self.text = self.history[idx].clone();
        self.cursor = self.text.len();
        self.browsing = Some((idx, draft));
        true
    }

    fn history_next(&mut self) -> bool {
        let Some((i, draft)) = self.browsing.take() else {
            return false;
        };
        if i + 1 < self.history.len() {
            self.text = self.history[i + 1].clone();
            self.browsing = Some((i + 1, draft));
        } else {
            self.text = draft;
        }
        self.cursor = self.text.len();
        true
    }

    /// Visual rows of the text at `width` (prompt included), and the cursor's row and column.
    /// Rows break after a space, like the conversation; only a word wider than a whole row is
    /// broken inside. A space at the edge may hang past it (it is not drawn).
    fn layout(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let avail = width.saturating_sub(PROMPT_WIDTH).max(1);
        let text = self.text.as_str();
        // Rows as byte ranges, and whether each ends the line (newline or end of text) or
        // wraps; a cursor at the end of a wrapped row belongs to the next row.
        let mut rows: Vec<(usize, usize, bool)> = Vec::new();
        let (mut start, mut col) = (0, 0);
        // Byte just after the last space of the current row: where it may wrap.
        let mut after_space: Option<usize> = None;
        for (i, ch) in text.char_indices() {
            if ch == '\n' {
                rows.push((start, i, true));
                (start, col, after_space) = (i + 1, 0, None);
                continue;
            }
            let w = ch.width().unwrap_or(0);
            if col + w > avail && !ch.is_whitespace() && i > start {
                // Carry the word begun on this row over, if it fits a row with this char.
                let at = after_space
                    .filter(|&b| b > start && text[b..i].width() + w <= avail)
                    .unwrap_or(i);
                rows.push((start, at, false));
                (start, col, after_space) = (at, text[at..i].width(), None);
            }
            col += w;
            if ch.is_whitespace() {
                after_space = Some(i + ch.len_utf8());
            }
        }
        rows.push((start, text.len(), true));
        let c = self.cursor;
        let mut cursor = rows
            .iter()
            .position(|&(s, e, hard)| s <= c && (c < e || (c == e && hard)))
            .map(|r| (r, text[rows[r].0..c].width()))
            .unwrap_or((rows.len() - 1, col));
        if cursor.0 == rows.len() - 1 && c == text.len() && cursor.1 >= avail {
            // At the very end of a full row: the cursor waits on a fresh row.
            rows.push((text.len(), text.len(), true));
            cursor = (rows.len() - 1, 0);
        }
        let rows = rows
            .iter()
            .map(|&(s, e, _)| text[s..e].to_string())
            .collect();
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
        let visible = area.height as usize;
        let first = (crow + 1).saturating_sub(visible);
        for (k, row) in rows.iter().skip(first).take(visible).enumerate() {
            let y = area.y + k as u16;
            let prompt = if first + k == 0 { PROMPT } else { "  " };
            buf.set_string(area.x, y, prompt, theme.accent());
            buf.set_stringn(
                area.x + 2,
                y,
                row,
                area.width.saturating_sub(2) as usize,
                theme.base(),
            );
        }
        if self.text.is_empty() {
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

/// The byte index `col` chars into the line starting at `start`, not past `limit`.
fn advance(text: &str, start: usize, col: usize, limit: usize) -> usize {
    let mut idx = start;
    for ch in text[start..limit].chars().take(col) {
        idx += ch.len_utf8();
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing() {
        let mut c = Composer::default();
        c.insert("helo");
        c.left();
        c.insert("l");
        assert_eq!(c.text(), "hello");
        c.end();
        c.insert(" wörld");
        c.backspace();
        assert_eq!(c.text(), "hello wörl");
        c.delete_word();
        assert_eq!(c.text(), "hello ");
        c.home();
        c.delete();
        assert_eq!(c.text(), "ello ");
        c.end();
        c.insert("\nsecond");
        assert!(c.up());
        assert_eq!(c.text(), "ello \nsecond");
        c.home();
        c.kill_to_end();
        assert_eq!(c.text(), "\nsecond");
        assert!(c.down());
        c.end();
        c.kill_to_start();
        assert_eq!(c.text(), "\n");
    }

    #[test]
    fn history_recall_only_from_an_empty_composer() {
        let mut c = Composer::default();
        c.set_history(vec!["first".into(), "second".into()]);
        assert!(c.up());
        assert_eq!(c.text(), "second");
        assert!(c.up());
        assert_eq!(c.text(), "first");
        assert!(!c.up());
        assert!(c.down());
        assert_eq!(c.text(), "second");
        assert!(c.down());
        assert_eq!(c.text(), "");
        c.insert("draft");
        assert!(!c.up(), "a draft is not replaced by history");
        assert_eq!(c.text(), "draft");
    }

    #[test]
    fn layout_wraps_at_word_boundaries() {
        let mut c = Composer::default();
        c.insert("two dirty martinis please");
        // 12 columns after the prompt.
        let (rows, cur) = c.layout(14);
        assert_eq!(rows, ["two dirty ", "martinis ", "please"]);
        assert_eq!(cur, (2, 6));
        // The cursor on a wrap point sits at the start of the next row.
        c.home();
        for _ in 0.."two dirty ".len() {
            c.right();
        }
        assert_eq!(c.layout(14).1, (1, 0));
        // A word wider than the row is still broken, at the edge.
        let mut c = Composer::default();
        c.insert("a supercalifragilistic word");
        let (rows, _) = c.layout(10);
        assert_eq!(rows, ["a ", "supercal", "ifragili", "stic ", "word"]);
        // Typing past the edge after a space moves the word, not a letter.
        let mut c = Composer::default();
        c.insert("a martini");
        assert_eq!(c.layout(10).0, ["a ", "martini"]);
    }

    #[test]
    fn layout_wraps_and_places_the_cursor() {
        let mut c = Composer::default();
        c.insert("abcdefgh");
        let (rows, cur) = c.layout(6); // 4 columns after the prompt
        assert_eq!(rows, ["abcd", "efgh", ""]);
        assert_eq!(cur, (2, 0));
        c.insert("\nx");
        assert_eq!(c.height(6), 3);
    }
}
