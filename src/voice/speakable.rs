//! What of a sentence is read aloud: the words, not the markup. Markdown emphasis, code
//! marks, list bullets, headings, links' addresses and emoji are dropped; prices become
//! money in words. The text has already been released by the streaming guard; this only
//! takes things away from it (and spells out amounts), so it cannot make it say more.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::words;

#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
fn link() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // [text](address): the text is said, the address is not.
    RE.get_or_init(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid"))
}

#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
fn address() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").expect("valid"))
}

#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
fn price() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // $13, $13.00, $1,000.00, $0.50 (not $1.5: that is no price Maya writes).
    RE.get_or_init(|| {
        Regex::new(r"\$\s?((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d{2}))?\b").expect("valid")
    })
}

#[allow(
    clippy::expect_used,
    reason = "a literal pattern, compiled by the tests"
)]
fn line_marker() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Headings, quotes, bullets and numbered items at the start of a line.
    RE.get_or_init(|| {
        Regex::new(r"^\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,3}[.)]\s+)+").expect("valid")
    })
}

/// The words of `sentence` to speak, or `None` when nothing speakable is left (a rule, a
/// table border, an emoji on its own).
pub fn speakable(sentence: &str) -> Option<String> {
    let s = line_marker().replace(sentence, "");
    let s = link().replace_all(&s, "$1");
    let s = address().replace_all(&s, " ");
    let s = price().replace_all(&s, |c: &Captures| {
        let dollars: Option<u64> = c[1].replace(',', "").parse().ok();
        let cents: u64 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        dollars
            .and_then(|d| words::money(d, cents))
            .unwrap_or_else(|| c[0].to_string())
    });
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '%' => out.push_str(" percent"),
            '&' => out.push_str(" and "),
            // "2× Martini" is two Martinis; the sign is not a word.
            '×' => out.push(' '),
            c if c.is_alphanumeric() => out.push(c),
            '.' | ',' | '!' | '?' | ';' | ':' | '\'' | '’' | '"' | '-' | '–' | '—' | '(' | ')'
            | '…' | '/' => out.push(ch),
            // Emphasis and code marks hug their words: "**Martinis**, please".
            '*' | '_' | '`' | '~' => {}
            // Markdown's # and | and everything else (emoji, box drawing, brackets that
            // espeak-ng would read as phoneme input) is a pause, not a word.
            _ => out.push(' '),
        }
    }
    let mut spoken = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        // A pause left before punctuation (an emoji before a full stop) is no pause.
        let glued = word.starts_with([',', '.', '!', '?', ';', ':']) && !spoken.is_empty();
        if !spoken.is_empty() && !glued {
            spoken.push(' ');
        }
        spoken.push_str(word);
    }
    spoken.chars().any(char::is_alphanumeric).then_some(spoken)
}

#[cfg(test)]
#[path = "speakable_tests.rs"]
mod tests;
