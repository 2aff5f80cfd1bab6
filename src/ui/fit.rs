//! Making text fit a width: word wrapping by display width, and choosing which parts of a
//! one-line bar (status, footer, tab summary) to keep when not all of them fit.

use super::wrap::{break_line, is_break_space, width as text_width};

/// Wrap `text` into rows of at most `width` columns, breaking at spaces (runs of whitespace
/// become one space). Only a word that is wider than a whole row is broken inside, between
/// grapheme clusters. Newlines start a new row.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let words = words(line).collect::<Vec<_>>().join(" ");
        rows.extend(
            break_line(&words, width, width)
                .into_iter()
                .map(|r| words[r].trim_end().to_string()),
        );
    }
    rows
}

/// True when `text` wraps into at most `height` rows of `width` without breaking a word.
pub fn fits(text: &str, width: usize, height: usize) -> bool {
    words(text).all(|w| text_width(w) <= width) && wrap(text, width).len() <= height
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_break_space).filter(|w| !w.is_empty())
}

/// One part of a one-line bar: its wordings from longest to shortest, and how long it is kept
/// when room runs out (0 is kept longest; among equals the later part goes first).
#[derive(Clone, Debug)]
pub struct Part<T> {
    pub forms: Vec<String>,
    pub keep: u8,
    pub tag: T,
}

impl<T> Part<T> {
    pub fn new(text: impl Into<String>, keep: u8, tag: T) -> Part<T> {
        Part {
            forms: vec![text.into()],
            keep,
            tag,
        }
    }

    /// A shorter wording to use before the part is dropped.
    pub fn or(mut self, shorter: impl Into<String>) -> Part<T> {
        self.forms.push(shorter.into());
        self
    }
}

/// Choose the parts (in their order, each in one of its wordings) that fit `width` when joined
/// with `sep`: the least kept part is shortened, then dropped, until the rest fits. Whole
/// parts only, never a cut word; the first part is kept even when nothing fits.
pub fn choose<T: Clone>(parts: &[Part<T>], sep: &str, width: usize) -> Vec<(String, T)> {
    let mut form: Vec<Option<usize>> = parts.iter().map(|_| Some(0)).collect();
    let total = |form: &[Option<usize>]| -> usize {
        let shown: Vec<usize> = form
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| text_width(&parts[i].forms[f])))
            .collect();
        shown.iter().sum::<usize>() + text_width(sep) * shown.len().saturating_sub(1)
    };
    while total(&form) > width {
        let victim = form
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_some())
            .max_by_key(|(i, _)| (parts[*i].keep, *i))
            .map(|(i, _)| i);
        let Some(v) = victim else { break };
        let next = form[v].map_or(0, |f| f + 1);
        if next < parts[v].forms.len() {
            form[v] = Some(next);
        } else if form.iter().filter(|f| f.is_some()).count() > 1 {
            form[v] = None;
        } else {
            break;
        }
    }
    form.iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|f| (parts[i].forms[f].clone(), parts[i].tag.clone())))
        .collect()
}

/// [`choose`] for plain text: the chosen parts joined with `sep`.
pub fn join(parts: &[Part<()>], sep: &str, width: usize) -> String {
    choose(parts, sep, width)
        .into_iter()
        .map(|(t, _)| t)
        .collect::<Vec<_>>()
        .join(sep)
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

    #[test]
    fn emoji_sequences_cjk_and_combining_marks_take_the_columns_they_are_drawn_in() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(
            wrap(&format!("{family}  {family}"), 5),
            [format!("{family} {family}")]
        );
        assert!(fits(&format!("{family} {family}"), 5, 1));
        assert_eq!(wrap("東京駅 bar", 6), ["東京駅", "bar"]);
        assert!(!fits("東京駅", 5, 3), "a 6-column word is not cut to fit 5");
        assert_eq!(
            wrap("cafe\u{301} cafe\u{301}", 9),
            ["cafe\u{301} cafe\u{301}"]
        );
        // No-break spaces hold a price and its unit together.
        assert_eq!(wrap("only 12\u{a0}kg", 7), ["only", "12\u{a0}kg"]);
    }

    #[test]
    fn the_least_kept_parts_are_shortened_then_dropped() {
        let parts = [
            Part::new("Enter send", 0, ()),
            Part::new("F2/F3/F4 tip", 3, ()),
            Part::new("Ctrl+P pay", 1, ()),
            Part::new("payment waiting (Ctrl+P)", 0, ()).or("waiting: Ctrl+P"),
        ];
        let all = "Enter send · F2/F3/F4 tip · Ctrl+P pay · payment waiting (Ctrl+P)";
        assert_eq!(join(&parts, " · ", 80), all);
        assert_eq!(
            join(&parts, " · ", text_width(all) - 1),
            "Enter send · Ctrl+P pay · payment waiting (Ctrl+P)"
        );
        assert_eq!(join(&parts, " · ", 30), "Enter send · waiting: Ctrl+P");
        assert_eq!(join(&parts, " · ", 3), "Enter send", "the first part stays");
    }
}
