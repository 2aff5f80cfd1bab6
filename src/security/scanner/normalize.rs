//! Text normalisation before scanning, so obfuscation does not hide a pattern: compatibility
//! forms (NFKC: fullwidth, ligatures), invisible characters, case and accents, leetspeak,
//! punctuation and spaced-out letters. Encoded payloads are the job of `super::decode`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{180E}' | '\u{E0000}'..='\u{E007F}')
}

/// Leetspeak digits and symbols inside words: "1gn0r3" → "ignore".
fn unleet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => c,
    }
}

/// Folded lower-case words separated by single spaces, with punctuation as spaces. Leetspeak is
/// undone only in tokens that also contain letters, so "$13.00" stays a price.
pub fn light(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    Light::default().push(text, &mut out);
    out
}

/// How [`Light::push_ascii`] sees an ASCII byte.
const SPACE: u8 = 0;
const LETTER: u8 = 1;
/// Neither alphanumeric, nor whitespace, nor changed by leetspeak, nor an apostrophe.
const PUNCT: u8 = 2;
/// A digit, a leetspeak symbol or an apostrophe: its token needs [`Light::ascii_token`].
const SPECIAL: u8 = 3;

const ASCII_CLASS: [u8; 128] = {
    let mut t = [PUNCT; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if matches!(b, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() || matches!(b, b'\'' | b'!' | b'|' | b'@' | b'$' | b'+') {
            SPECIAL
        } else {
            PUNCT
        };
        c += 1;
    }
    t
};

#[inline(always)]
fn class(c: u8) -> u8 {
    ASCII_CLASS[usize::from(c & 0x7F)]
}

/// Where [`Light`] writes: a `String` for the scanners, or the guard's byte stream.
pub(crate) trait Sink {
    fn ascii(&mut self, b: u8);
    fn other(&mut self, c: char);
    /// ASCII text after output that ends with a space when `at_space`, if it has no
    /// [`SPECIAL`] byte: lower-cased letters, each run of other bytes one space (none right
    /// after a space; tokens end with one, so the output then ends with a space). Returns
    /// whether it was written: nothing is when there is a [`SPECIAL`] byte.
    fn plain_ascii(&mut self, b: &[u8], mut at_space: bool) -> bool {
        if b.iter().fold(false, |any, &c| any | (class(c) == SPECIAL)) {
            return false;
        }
        for &c in b {
            if class(c) == LETTER {
                self.ascii(c | 0x20);
                at_space = false;
            } else if !at_space {
                self.ascii(b' ');
                at_space = true;
            }
        }
        if !at_space {
            self.ascii(b' ');
        }
        true
    }
    fn reserve(&mut self, additional: usize);
    /// The length written so far, to [`Sink::rewind`] to.
    fn mark(&self) -> usize;
    /// Take back what was written since `mark` (a length `mark` returned).
    fn rewind(&mut self, mark: usize);
}

impl Sink for String {
    #[inline]
    fn ascii(&mut self, b: u8) {
        self.push(char::from(b));
    }
    #[inline]
    fn other(&mut self, c: char) {
        self.push(c);
    }
    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
    #[inline]
    fn mark(&self) -> usize {
        self.len()
    }
    fn rewind(&mut self, mark: usize) {
        // `mark` is a length this string had, so a char boundary.
        self.truncate(mark);
    }
}

/// The guard's byte stream of the normalised text: the same text, except that every non-ASCII
/// word character (Unicode `\w`) is wrapped in `_` markers. `_` never occurs in normalised text
/// otherwise (it is punctuation), so the mapping is injective and occurrences stay aligned; and
/// an ASCII `\b` on this stream holds exactly where a Unicode `\b` holds on the text. That
/// lets the guard's DFAs use ASCII word boundaries, which never make a lazy DFA give up.
pub(crate) struct StreamForm<'a>(pub &'a mut Vec<u8>);

impl Sink for StreamForm<'_> {
    /// Branch-free and in one pass (the guard's hot loop): every byte is written, and kept
    /// unless it is a space after a space; a [`SPECIAL`] byte is noted on the way and the
    /// output taken back at the end.
    fn plain_ascii(&mut self, b: &[u8], at_space: bool) -> bool {
        let start = self.0.len();
        self.0.resize(start + b.len() + 1, b' ');
        match squeeze_ascii(b, &mut self.0[start..], at_space) {
            Some(len) => {
                self.0.truncate(start + len);
                true
            }
            None => {
                self.0.truncate(start);
                false
            }
        }
    }
    #[inline]
    fn ascii(&mut self, b: u8) {
        self.0.push(b);
    }
    fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }
    #[inline]
    fn mark(&self) -> usize {
        self.0.len()
    }
    fn rewind(&mut self, mark: usize) {
        self.0.truncate(mark);
    }
    #[inline]
    fn other(&mut self, c: char) {
        let mut buf = [0; 4];
        let word = regex_syntax::is_word_character(c);
        if word {
            self.0.push(b'_');
        }
        self.0.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        if word {
            self.0.push(b'_');
        }
    }
}

/// [`StreamForm`]'s plain ASCII pass: `b` squeezed into `out` (which holds spaces, one more
/// than `b` is long), after output that ends with a space when `at_space`. Returns the length
/// written, or `None` if `b` has a [`SPECIAL`] byte. Out of line, so that the loop has the
/// registers to itself: inlined into the guard, it kept its source pointer on the stack.
#[inline(never)]
fn squeeze_ascii(b: &[u8], out: &mut [u8], at_space: bool) -> Option<usize> {
    let mut len = 0;
    let mut seen = 0;
    let mut after_letter = !at_space;
    for &c in b {
        let entry = SQUEEZE[usize::from(c)];
        seen |= entry;
        let letter = entry & SQUEEZE_LETTER != 0;
        // Written unconditionally, at the first slot not kept yet (always in bounds: `len`
        // never passes the byte's own index), and kept only by moving `len` on: a dropped
        // write is a space, so every slot past `len` is a space.
        if let Some(slot) = out.get_mut(len) {
            *slot = entry as u8;
        }
        len += usize::from(letter | after_letter);
        after_letter = letter;
    }
    // The text ends a token; the slot after the last byte is already a space.
    (seen & SQUEEZE_SPECIAL == 0).then_some(len + usize::from(after_letter))
}

/// [`squeeze_ascii`]'s view of a byte, in one load: the byte it writes (a letter lower-cased,
/// anything else a space) and flags. A non-ASCII byte never reaches it (its callers pass ASCII
/// text); were one to, it is [`SPECIAL`], so the text takes the general path.
const SQUEEZE_LETTER: u16 = 1 << 8;
const SQUEEZE_SPECIAL: u16 = 1 << 9;
const SQUEEZE: [u16; 256] = {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let class = if c < 128 { ASCII_CLASS[c] } else { SPECIAL };
        t[c] = match class {
            LETTER => (b | 0x20) as u16 | SQUEEZE_LETTER,
            SPECIAL => b' ' as u16 | SQUEEZE_SPECIAL,
            _ => b' ' as u16,
        };
        c += 1;
    }
    t
};

/// Already normalised text (`light`'s output) in the guard's stream form.
pub(crate) fn stream_form(normalized: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(normalized.len());
    let mut sink = StreamForm(&mut out);
    for c in normalized.chars() {
        if c.is_ascii() {
            sink.ascii(c as u8);
        } else {
            sink.other(c);
        }
    }
    out
}

/// [`light`] a piece at a time, without allocating. Pieces must end at token boundaries
/// (whitespace or the end of the text): then the pieces' outputs, concatenated, are exactly
/// `light` of the whole. A piece cut inside a token is normalised as if the token ended there.
#[derive(Clone, Debug, Default)]
pub(crate) struct Light {
    started: bool,
    /// The output so far ends with a space.
    at_space: bool,
}

impl Light {
    pub(crate) fn push(&mut self, text: &str, out: &mut impl Sink) {
        if !self.started {
            self.started = true;
            self.emit_space(out);
        }
        if text.is_ascii() {
            return self.push_ascii(text.as_bytes(), out);
        }
        for token in text.split(char::is_whitespace) {
            if token.is_empty() {
            } else if token.is_ascii() {
                let has_letter = token.bytes().any(|b| b.is_ascii_alphabetic());
                self.ascii_token(token.as_bytes(), has_letter, out);
            } else {
                self.token(token, out);
            }
        }
    }

    /// All-ASCII text, one byte at a time, in a single pass (the guard's hot path). A token
    /// with no digit, leetspeak symbol or apostrophe in it (most words) comes out as its
    /// lower-cased letters with each run of other bytes as one space, which is what
    /// [`Light::ascii_token`] writes for it; at the first byte that could make a difference the
    /// token's output so far is taken back and the token is written by `ascii_token`.
    /// Whitespace is as `char::is_whitespace` has it.
    fn push_ascii(&mut self, b: &[u8], out: &mut impl Sink) {
        if out.plain_ascii(b, self.at_space) {
            self.at_space = true;
            return;
        }
        out.reserve(b.len() + 1);
        // Where the current token starts, in `b` and in the output. Every token starts with
        // the output at a space (the previous token, or the start, ended with one).
        let (mut token, mut token_out) = (0, out.mark());
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            match class(c) {
                LETTER => {
                    out.ascii(c | 0x20);
                    self.at_space = false;
                }
                SPACE => {
                    if !self.at_space {
                        self.emit_space(out);
                    }
                    token = i + 1;
                    token_out = out.mark();
                }
                PUNCT => {
                    if !self.at_space {
                        self.emit_space(out);
                    }
                }
                _ => {
                    let end = b[i..]
                        .iter()
                        .position(|&c| class(c) == SPACE)
                        .map_or(b.len(), |n| i + n);
                    out.rewind(token_out);
                    self.at_space = true;
                    let t = &b[token..end];
                    self.ascii_token(t, t.iter().any(u8::is_ascii_alphabetic), out);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        // The text ends a token.
        if !self.at_space {
            self.emit_space(out);
        }
    }

    #[inline]
    fn emit_space(&mut self, out: &mut impl Sink) {
        out.ascii(b' ');
        self.at_space = true;
    }

    /// The common case, byte by byte; the same decisions as [`Light::token`].
    #[inline]
    fn ascii_token(&mut self, t: &[u8], has_letter: bool, out: &mut impl Sink) {
        let mut wrote = false;
        for (k, &c) in t.iter().enumerate() {
            let c = if c.is_ascii_alphabetic() {
                c
            } else if has_letter
                && (c.is_ascii_digit() || t.get(k + 1).is_some_and(u8::is_ascii_alphanumeric))
            {
                unleet(char::from(c)) as u8
            } else {
                c
            };
            if c.is_ascii_alphanumeric() {
                out.ascii(c.to_ascii_lowercase());
                self.at_space = false;
                wrote = true;
            } else if c == b'\'' {
                // "don't" → "dont": apostrophes join.
            } else if wrote && !self.at_space {
                self.emit_space(out);
                wrote = false;
            }
        }
        if !self.at_space {
            self.emit_space(out);
        }
    }

    fn token(&mut self, token: &str, out: &mut impl Sink) {
        let has_letter = token.chars().any(char::is_alphabetic);
        let mut wrote = false;
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            // Digits inside words are leetspeak; symbols only mid-word ("hello!" keeps its '!').
            let mid_word = chars.peek().is_some_and(|n| n.is_alphanumeric());
            let c = if has_letter && (c.is_ascii_digit() || mid_word) {
                unleet(c)
            } else {
                c
            };
            if c.is_alphanumeric() {
                if c.is_ascii() {
                    out.ascii(c.to_ascii_lowercase() as u8);
                    self.at_space = false;
                } else {
                    // Accents off, then lower case: "Ignorë" → "ignore".
                    for d in c.to_lowercase().nfkd() {
                        if !is_combining_mark(d) {
                            if d.is_ascii() {
                                out.ascii(d as u8);
                            } else {
                                out.other(d);
                            }
                            self.at_space = d == ' ';
                        }
                    }
                }
                wrote = true;
            } else if c == '\'' || c == '\u{2019}' {
                // "don't" → "dont": apostrophes join.
            } else if wrote && !self.at_space {
                self.emit_space(out);
                wrote = false;
            }
        }
        if !self.at_space {
            self.emit_space(out);
        }
    }
}

/// Everything the input scanner looks at: the folded text, with spaced-out letters rejoined
/// ("i g n o r e" → "ignore"), plus a copy with no spaces at all for dotted or split words.
pub struct Views {
    pub words: String,
    pub joined: String,
}

pub fn full(text: &str) -> Views {
    let visible: String = text.nfkc().filter(|c| !invisible(*c)).collect();
    let words = rejoin_spaced_letters(&light(&visible));
    let joined: String = words.chars().filter(|c| *c != ' ').collect();
    Views { words, joined }
}

/// Runs of three or more single letters become one word.
fn rejoin_spaced_letters(s: &str) -> String {
    let tokens: Vec<&str> = s.split(' ').filter(|t| !t.is_empty()).collect();
    let mut out = String::with_capacity(s.len());
    out.push(' ');
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && tokens[j].chars().count() == 1 {
            j += 1;
        }
        if j - i >= 3 {
            for t in &tokens[i..j] {
                out.push_str(t);
            }
            out.push(' ');
            i = j;
        } else {
            out.push_str(tokens[i]);
            out.push(' ');
            i += 1;
        }
    }
    out
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
