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
#[path = "fit_tests.rs"]
mod tests;
