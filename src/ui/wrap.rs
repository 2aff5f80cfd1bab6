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
mod tests {
    use super::*;

    fn rows(line: &str, first: usize, rest: usize) -> Vec<&str> {
        break_line(line, first, rest)
            .into_iter()
            .map(|r| &line[r])
            .collect()
    }

    #[test]
    fn breaks_after_spaces_and_only_long_words_inside() {
        assert_eq!(
            rows("two dirty martinis please", 12, 12),
            ["two dirty ", "martinis ", "please"]
        );
        assert_eq!(
            rows("a supercalifragilistic word", 8, 8),
            ["a ", "supercal", "ifragili", "stic ", "word"]
        );
        assert_eq!(rows("", 5, 5), [""]);
        assert_eq!(rows("   ", 2, 2), ["   "], "spaces hang past the edge");
        // A narrower first row (a label or bullet before it).
        assert_eq!(rows("one two three", 4, 9), ["one ", "two three"]);
    }

    #[test]
    fn emoji_zwj_sequences_are_one_cluster_two_columns() {
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(width(family), 2);
        // Three families in 4 columns: two rows, never a row ending inside a sequence.
        let three = family.repeat(3);
        let got = rows(&three, 4, 4);
        assert_eq!(got, [family.repeat(2), family.to_string()]);
        // Flags (regional indicator pairs) and skin tones likewise.
        assert_eq!(width("🇯🇵"), 2);
        assert_eq!(width("👍🏽"), 2);
        assert_eq!(rows("🇯🇵🇯🇵🇯🇵", 5, 5), ["🇯🇵🇯🇵", "🇯🇵"]);
    }

    #[test]
    fn cjk_takes_two_columns_and_breaks_between_characters() {
        assert_eq!(width("東京駅"), 6);
        assert_eq!(rows("東京駅で待つ", 5, 5), ["東京", "駅で", "待つ"]);
        assert_eq!(rows("an 東京 bar", 6, 6), ["an ", "東京 ", "bar"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter_and_take_no_room() {
        // "café" and "naïve" written with combining marks: 4 and 5 columns.
        let cafe = "cafe\u{301}";
        let naive = "nai\u{308}ve";
        assert_eq!(width(cafe), 4);
        assert_eq!(width(naive), 5);
        assert_eq!(
            rows(&format!("{cafe} {naive}"), 4, 4),
            [format!("{cafe} ").as_str(), "nai\u{308}v", "e"]
        );
        // Broken inside a long word: never between a letter and its mark.
        assert_eq!(
            rows("e\u{301}e\u{301}e\u{301}", 2, 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_breaks_as_segmentation_does(
            line in "[a-z .,!\t\r\x07\x0b\x0c-]{0,80}",
            first in 1usize..20,
            rest in 1usize..20,
        ) {
            proptest::prop_assert_eq!(
                break_line(&line, first, rest),
                break_clusters(&line, line.grapheme_indices(true), first, rest)
            );
        }
    }

    #[test]
    fn no_break_spaces_hold_and_controls_take_no_room() {
        assert_eq!(rows("a 12 kg", 5, 5), ["a 12 ", "kg"]);
        assert_eq!(rows("a 12\u{a0}kg", 5, 5), ["a ", "12\u{a0}kg"]);
        assert_eq!(width("a\tb"), 2);
        assert_eq!(width("a\u{1b}b"), 2);
    }
}
