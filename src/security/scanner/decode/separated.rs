//! Letters joined inside a token by one separator (`i-g-n-o-r-e`, `R.E.V.E.A.L`, `s_h_o_w`),
//! rejoined into the word they spell.
//!
//! Written out instead of the regex it matches exactly, `\b\p{L}(?:[-._*+~·]\p{L}){2,}\b`
//! (kept as the oracle of its tests): compiled, that one regex held about 1 MB of heap for the
//! rest of the process (its Unicode letter class in a forward and a reverse automaton and a
//! one-pass table; heaptrack, issue 20), for a walk over the characters that needs the letter
//! ranges alone.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex_syntax::hir::{Class, HirKind};

/// Joins a run of letters.
const SEPARATORS: &[char] = &['-', '.', '_', '*', '+', '~', '·'];

/// The ranges of `\p{L}` (General_Category=Letter), from the same tables the regex used.
static LETTERS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let hir = regex_syntax::parse(r"\p{L}").unwrap_or_else(|e| panic!("\\p{{L}} parses: {e}"));
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        _ => Vec::new(),
    }
});

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    LETTERS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            regex_syntax::is_word_character(c)
        }
    })
}

/// `text` with every run of three or more separated letters replaced by its letters (the
/// regex's leftmost, longest-then-backtracking matches, found left to right), or `text` itself
/// when there is none.
pub(super) fn join_separated_letters(text: &str) -> Cow<'_, str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `out`
    let mut ends = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        // `\b\p{L}`: a letter with no word character before it.
        if !is_letter(c) || (i > 0 && is_word(at(i - 1))) {
            i += 1;
            continue;
        }
        // Greedy `(?:[sep]\p{L})*`: where each repetition ends (as a char index).
        ends.clear();
        let mut j = i + 1;
        while at(j).is_some_and(|s| SEPARATORS.contains(&s)) && at(j + 1).is_some_and(is_letter) {
            j += 2;
            ends.push(j);
        }
        // `{2,}\b`, backing off one repetition at a time until a boundary follows.
        let end = ends
            .iter()
            .rev()
            .take(ends.len().saturating_sub(1))
            .find(|&&e| !is_word(at(e)))
            .copied();
        let Some(end) = end else {
            i += 1;
            continue;
        };
        let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..start]);
        out.extend(text[start..end_byte].chars().filter(|c| c.is_alphabetic()));
        copied = end_byte;
        i = end;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
#[path = "separated_tests.rs"]
mod tests;
