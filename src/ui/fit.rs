//! Making text fit a width: word wrapping by display width, and choosing which parts of a
//! one-line bar (status, footer, tab summary) to keep when not all of them fit.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wrap `text` into rows of at most `width` columns, breaking at spaces. Only a word that is
/// wider than a whole row is broken inside. Newlines start a new row.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let mut row = String::new();
        for word in line.split_whitespace() {
            let ww = word.width();
            if !row.is_empty() && row.width() + 1 + ww <= width {
                row.push(' ');
                row.push_str(word);
                continue;
            }
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            if ww <= width {
                row.push_str(word);
                continue;
            }
            for ch in word.chars() {
                if row.width() + ch.width().unwrap_or(0) > width && !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                row.push(ch);
            }
        }
        rows.push(row);
    }
    rows
}

/// True when `text` wraps into at most `height` rows of `width` without breaking a word.
pub fn fits(text: &str, width: usize, height: usize) -> bool {
    text.split_whitespace().all(|w| w.width() <= width) && wrap(text, width).len() <= height
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_breaks_only_words_wider_than_a_row() {
        assert_eq!(wrap("a martini please", 10), ["a martini", "please"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("one\ntwo three", 20), ["one", "two three"]);
        assert_eq!(wrap("", 5), [""]);
        assert!(fits("Enlarge to 40×12", 16, 1));
        assert!(!fits("Enlarge to 40×12", 15, 1));
        assert!(!fits("40×12", 4, 9), "a word is never cut to fit");
    }
}
