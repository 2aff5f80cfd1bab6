//! Bounded decoding of obfuscated payloads in a guest message, so the scanner can judge what an
//! encoded instruction says. Runs on complete input messages only (never per streamed chunk).
//!
//! Everything is capped, because the guest controls the input: only the first
//! [`MAX_SCANNED`] bytes are searched, runs longer than [`MAX_RUN`] are skipped, at most
//! [`MAX_ATTEMPTS`] candidates are tried and [`MAX_DECODES`] results kept, nesting goes one level
//! deep (base64 of hex, say), and a result is kept only when it is mostly printable text.
//! ROT13 and reversal can be applied to any text, so they are kept only when the result reads
//! like words (see [`text::looks_like_words`]).

mod bytes;
mod separated;
mod text;

use std::collections::HashSet;

/// How a payload was hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Base64,
    Base32,
    Base85,
    Hex,
    Binary,
    Percent,
    Escapes,
    UnicodeTags,
    Rot13,
    Reversed,
    Morse,
    LetterSpaced,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Base32 => "base32",
            Encoding::Base85 => "base85",
            Encoding::Hex => "hex",
            Encoding::Binary => "binary",
            Encoding::Percent => "percent",
            Encoding::Escapes => "escapes",
            Encoding::UnicodeTags => "unicode_tags",
            Encoding::Rot13 => "rot13",
            Encoding::Reversed => "reversed",
            Encoding::Morse => "morse",
            Encoding::LetterSpaced => "letter_spaced",
        }
    }
}

/// The decoding that revealed a payload: one encoding, or one inside another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decoding {
    pub outer: Encoding,
    pub inner: Option<Encoding>,
}

impl std::fmt::Display for Decoding {
    /// `hex`, or `base64+hex` for hex inside base64.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.outer.as_str())?;
        if let Some(inner) = self.inner {
            write!(f, "+{}", inner.as_str())?;
        }
        Ok(())
    }
}

impl serde::Serialize for Decoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub decoding: Decoding,
    pub text: String,
}

/// Bytes of a message searched for payloads; the rest is scanned as it is.
pub const MAX_SCANNED: usize = 64 * 1024;
/// The longest single encoded run that is decoded.
pub const MAX_RUN: usize = 8 * 1024;
/// Candidates tried per message, successful or not.
pub const MAX_ATTEMPTS: usize = 64;
/// Decoded texts kept per message, nested ones included.
pub const MAX_DECODES: usize = 8;

/// What is left of a message's allowance.
struct Budget {
    attempts: usize,
    decodes: usize,
}

impl Budget {
    /// One more candidate may be tried.
    fn attempt(&mut self) -> bool {
        if self.attempts == 0 || self.decodes == 0 {
            return false;
        }
        self.attempts -= 1;
        true
    }
}

/// Decoded texts found by one pass of the decoders.
struct Found<'b> {
    budget: &'b mut Budget,
    out: Vec<(Encoding, String)>,
}

impl Found<'_> {
    fn attempt(&mut self) -> bool {
        self.budget.attempt()
    }

    /// Keep `text` if it reads as text and there is room.
    fn keep(&mut self, encoding: Encoding, text: String) {
        if self.budget.decodes > 0 && mostly_printable(&text) {
            self.budget.decodes -= 1;
            self.out.push((encoding, text));
        }
    }
}

/// The hidden texts of `message`, outermost first.
pub fn payloads(message: &str) -> Vec<Decoded> {
    let message = prefix(message, MAX_SCANNED);
    let mut budget = Budget {
        attempts: MAX_ATTEMPTS,
        decodes: MAX_DECODES,
    };
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(message.to_string());
    let mut result = Vec::new();
    for (outer, text) in pass(message, &mut budget) {
        if seen.insert(text.clone()) {
            result.push(Decoded {
                decoding: Decoding { outer, inner: None },
                text,
            });
        }
    }
    // One level of nesting: the decoders once more over what the first pass found.
    let first = result.len();
    for i in 0..first {
        let outer = result[i].decoding.outer;
        let inner_text = result[i].text.clone();
        for (inner, text) in pass(&inner_text, &mut budget) {
            if seen.insert(text.clone()) {
                result.push(Decoded {
                    decoding: Decoding {
                        outer,
                        inner: Some(inner),
                    },
                    text,
                });
            }
        }
    }
    result
}

/// Every decoder once over `text`.
fn pass(text: &str, budget: &mut Budget) -> Vec<(Encoding, String)> {
    let mut found = Found {
        budget,
        out: Vec::new(),
    };
    text::unicode_tags(text, &mut found);
    text::escapes(text, &mut found);
    text::percent(text, &mut found);
    text::morse(text, &mut found);
    text::letter_spaced(text, &mut found);
    bytes::hex(text, &mut found);
    bytes::binary(text, &mut found);
    bytes::base64(text, &mut found);
    bytes::base32(text, &mut found);
    bytes::base85(text, &mut found);
    text::rot13(text, &mut found);
    text::reversed(text, &mut found);
    found.out
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Text a person could have written: almost all letters, digits, spaces and punctuation,
/// mostly letters and spaces (or one run of printable ASCII), and some letters at all. Random
/// bytes decoded by mistake fail.
pub(crate) fn mostly_printable(s: &str) -> bool {
    let (mut total, mut letters, mut wordy, mut readable) = (0usize, 0usize, 0usize, 0usize);
    for c in s.chars() {
        total += 1;
        if c.is_alphabetic() {
            letters += 1;
            wordy += 1;
            readable += 1;
        } else if c == ' ' {
            wordy += 1;
            readable += 1;
        } else if c.is_ascii_graphic()
            || matches!(c, '\n' | '\t' | '\r')
            || (!c.is_ascii() && !c.is_control() && c != '\u{FFFD}')
        {
            readable += 1;
        }
    }
    // A run of printable ASCII with no spaces may be another encoding (hex inside base64):
    // kept, so that one level of nesting can be followed.
    let encoded_run = total >= 16 && s.bytes().all(|b| b.is_ascii_graphic());
    letters >= 4 && (wordy * 10 >= total * 7 || encoded_run) && readable * 100 >= total * 95
}

#[cfg(test)]
mod tests;
