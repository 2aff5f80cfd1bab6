//! The one word wrapper behind everything Maya draws: replies (`markdown`), notices and windows
//! (`fit`) and the composer. Text is measured in grapheme clusters with the width ratatui gives
//! each one when it draws it, so a family emoji (one ZWJ sequence), a flag, CJK and letters with
//! combining marks take the columns they are drawn in, and a row never ends inside a cluster.

use std::ops::Range;

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Columns one grapheme cluster takes on screen. ratatui does not draw a cluster holding a
/// control character (a tab, say), so it takes none.
pub fn grapheme_width(g: &str) -> usize {
    if let [b] = g.as_bytes() {
        return usize::from(!b.is_ascii_control());
    }
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// Columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        // Every ASCII grapheme is one byte wide except CR LF, and controls are not drawn.
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// Whitespace a row may break after. No-break spaces keep their neighbours together.
pub fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

fn is_break_grapheme(g: &str) -> bool {
    match g.as_bytes() {
        [b] => b.is_ascii_whitespace() || *b == 0x0b,
        _ => g.chars().all(is_break_space),
    }
}

/// Break one line (no newline in it) into rows, as byte ranges that cover it in order: the
/// first row has `first` columns of room, every later one `rest`.
///
/// Rows break after whitespace; a word that does not fit the rest of a row starts the next one,
/// and only a word wider than a whole row is broken, between two grapheme clusters. Whitespace
/// at the end of a row stays in that row even past its edge (callers trim or clip it), so no
/// row after the first starts with the space it broke at. Every row holds at least one cluster.
pub fn break_line(line: &str, first: usize, rest: usize) -> Vec<Range<usize>> {
    if line.is_ascii() {
        // Every ASCII char is a cluster of its own here (the only multi-char ASCII cluster is
        // CR LF, and a line holds no LF); skipping segmentation makes long pastes cheap.
        let chars = (0..line.len()).map(|i| (i, &line[i..i + 1]));
        break_clusters(line, chars, first, rest)
    } else {
        break_clusters(line, line.grapheme_indices(true), first, rest)
    }
}

fn break_clusters<'a>(
    line: &'a str,
    clusters: impl Iterator<Item = (usize, &'a str)>,
    first: usize,
    rest: usize,
) -> Vec<Range<usize>> {
    let rest = rest.max(1);
    let mut room = first.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    // Columns used in this row, and where (byte, column) the word being read began, when it
    // began after whitespace in this row: the place the row may break.
    let mut col = 0;
    let mut word: Option<(usize, usize)> = None;
    let mut after_space = false;
    for (i, g) in clusters {
        let w = grapheme_width(g);
        if is_break_grapheme(g) {
            col += w;
            after_space = true;
            continue;
        }
        if after_space {
            word = Some((i, col));
            after_space = false;
        }
        if col + w > room && i > start {
            // Carry the word begun on this row over when it fits a fresh row; a longer word is
            // broken here.
            let cut = match word {
                Some((at, at_col)) if at > start && col - at_col + w <= rest => (at, col - at_col),
                _ => (i, 0),
            };
            rows.push(start..cut.0);
            (start, col, room, word) = (cut.0, cut.1, rest, None);
        }
        col += w;
    }
    rows.push(start..line.len());
    rows
}

#[cfg(test)]
#[path = "wrap_tests.rs"]
mod tests;
