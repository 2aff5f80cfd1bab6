//! The terminal sanitizer: nothing from outside reaches the terminal as a control sequence.
//!
//! Removes whole escape sequences (CSI, OSC, DCS, APC, PM, SOS up to BEL or ST, and two-byte
//! ESC sequences), C0 controls except newline and tab, DEL, 8-bit C1 controls (U+0080–U+009F,
//! where U+009B and friends start sequences of their own), bidi overrides and isolates,
//! invisible formatting characters and Unicode tag characters. The [`Sanitizer`] keeps its
//! state between chunks, so a sequence split across two deltas is still removed whole.
//!
//! Hand-written rather than `vte`/`strip-ansi-escapes`: those parse bytes and interpret more
//! than we want; this is one small state machine over chars with a fast path for clean runs.

use std::borrow::Cow;

/// Longest string-sequence body (OSC, DCS, …) swallowed before giving up on it, so an
/// unterminated OSC cannot hide the rest of a reply.
const MAX_STRING_BODY: usize = 4096;
/// Longest CSI parameter run.
const MAX_CSI: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum State {
    #[default]
    Ground,
    /// After ESC.
    Escape,
    /// After ESC and intermediate bytes (e.g. `ESC ( B`).
    EscapeIntermediate,
    Csi(usize),
    /// OSC, DCS, SOS, PM or APC body, with its length so far.
    Str(usize),
    /// ESC inside a string body: `\` ends it (ST).
    StrEscape,
}

#[derive(Clone, Debug, Default)]
pub struct Sanitizer {
    state: State,
    removed: usize,
}

/// Characters that are always removed on their own (not starting a sequence): every Unicode
/// bidi control (Bidi_Control) and the default-ignorable format characters that draw nothing
/// but can reorder, hide or forge text, plus the line and paragraph separators, which some
/// terminals treat as a newline. ZWJ and ZWNJ (U+200C/D) and the variation selectors stay:
/// emoji sequences and several scripts need them.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' // soft hyphen
        | '\u{061C}' // arabic letter mark
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // hangul fillers
        | '\u{17B4}' | '\u{17B5}' // khmer inherent vowels
        | '\u{180E}' // mongolian vowel separator
        | '\u{200B}' | '\u{200E}' | '\u{200F}' // zero-width space, LRM, RLM
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, isolates, deprecated
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical format controls
        | '\u{E0000}'..='\u{E00FF}' // tag characters ("ASCII smuggling") and reserved
        | '\u{E01F0}'..='\u{E0FFF}' // reserved default-ignorable (not the variation selectors)
    )
}

/// Whether `c` needs the state machine's attention in the ground state.
fn special(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || (0x7F..=0x9F).contains(&u)
        || (u >= 0xAD && invisible(c))
}

/// Printable ASCII, newline and tab only: nothing [`special`] in it. A fold rather than
/// `all` so that it has no early exit and vectorizes.
fn plain_ascii(b: &[u8]) -> bool {
    b.iter().fold(true, |ok, &c| {
        ok & ((0x20..0x7F).contains(&c) | (c == b'\n') | (c == b'\t'))
    })
}

/// Length of the leading run of `s` with nothing [`special`] in it; bytewise for ASCII.
fn clean_run(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c < 0x80 {
            if (c < 0x20 && c != b'\n' && c != b'\t') || c == 0x7F {
                return i;
            }
            i += 1;
        } else {
            // `i` is always at a char boundary here.
            let Some(ch) = s[i..].chars().next() else {
                break;
            };
            if special(ch) {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    b.len()
}

impl Sanitizer {
    pub fn new() -> Sanitizer {
        Sanitizer::default()
    }

    /// Sequences and characters removed so far.
    pub fn removed(&self) -> usize {
        self.removed
    }

    /// Clean `chunk` and append it to `out`.
    pub fn push(&mut self, chunk: &str, out: &mut String) {
        // Most streamed deltas are a few bytes of plain ASCII: one branch-free pass decides it.
        if self.state == State::Ground && plain_ascii(chunk.as_bytes()) {
            out.push_str(chunk);
            return;
        }
        let mut rest = chunk;
        while !rest.is_empty() {
            if self.state == State::Ground {
                // Copy the clean run in one go.
                let end = clean_run(rest);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                if rest.is_empty() {
                    break;
                }
            }
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            self.step(c, out);
        }
    }

    fn step(&mut self, c: char, out: &mut String) {
        let u = c as u32;
        match self.state {
            State::Ground => match c {
                '\x1b' => {
                    self.removed += 1;
                    self.state = State::Escape;
                }
                '\r' => {} // CRLF → LF; a lone CR could overwrite the line, so it goes too
                '\u{9b}' => {
                    self.removed += 1;
                    self.state = State::Csi(0);
                }
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                    self.removed += 1;
                    self.state = State::Str(0);
                }
                _ if u < 0x20 && c != '\n' && c != '\t' => self.removed += 1,
                _ if (0x7F..=0x9F).contains(&u) || invisible(c) => self.removed += 1,
                _ => out.push(c),
            },
            State::Escape => match c {
                '[' => self.state = State::Csi(0),
                ']' | 'P' | 'X' | '^' | '_' => self.state = State::Str(0),
                '\x20'..='\x2f' => self.state = State::EscapeIntermediate,
                '\x30'..='\x7e' => self.state = State::Ground,
                '\x1b' => {} // ESC ESC: still one sequence starting
                _ => {
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::EscapeIntermediate => match c {
                '\x20'..='\x2f' => {}
                '\x30'..='\x7e' => self.state = State::Ground,
                _ => {
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::Csi(n) => match c {
                '\x40'..='\x7e' => self.state = State::Ground,
                '\x20'..='\x3f' if n < MAX_CSI => self.state = State::Csi(n + 1),
                _ => {
                    // Not a well-formed CSI: drop what was read and look at this char afresh.
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::Str(n) => match c {
                '\x07' | '\u{9c}' => self.state = State::Ground,
                '\x1b' => self.state = State::StrEscape,
                _ if n + c.len_utf8() > MAX_STRING_BODY => self.state = State::Ground,
                _ => self.state = State::Str(n + c.len_utf8()),
            },
            State::StrEscape => {
                if c == '\\' {
                    self.state = State::Ground;
                } else {
                    // A new sequence interrupts the string.
                    self.removed += 1;
                    self.state = State::Escape;
                    self.step(c, out);
                }
            }
        }
    }

    /// The stream ended: an unfinished sequence is dropped.
    pub fn finish(&mut self, _out: &mut String) {
        self.state = State::Ground;
    }
}

/// Clean one string; borrowed when there was nothing to remove.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut san = Sanitizer::new();
    san.push(s, &mut out);
    san.finish(&mut out);
    Cow::Owned(out)
}

/// Whether `s` would pass [`sanitize`] unchanged (bytewise over ASCII, so cheap enough to ask
/// of every replayed journal line).
pub fn is_clean(s: &str) -> bool {
    clean_run(s) == s.len()
}

/// The first character of `s` that [`sanitize`] would remove (for errors that name it).
pub fn first_unclean(s: &str) -> Option<char> {
    s.chars().find(|&c| special(c))
}

/// Clean a value that must stay on one line (a name, a path, an error in a table cell): as
/// [`sanitize`], and newlines and tabs become spaces, so a file cannot forge extra lines.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if is_clean(s) && !s.contains(['\n', '\t']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(sanitize(s).replace(['\n', '\t'], " "))
}

/// A writer that sends everything through a [`Sanitizer`]: the CLI's standard output and error
/// are wrapped in one, so no command can print a control sequence from a file or a server,
/// whatever it forgets. Bytes are decoded as UTF-8 across writes (a character split between
/// two writes is kept whole); invalid bytes become U+FFFD.
pub struct CleanWriter<W: std::io::Write> {
    inner: W,
    sanitizer: Sanitizer,
    /// The start of a character whose remaining bytes have not been written yet (≤ 3 bytes).
    partial: Vec<u8>,
    out: String,
}

impl<W: std::io::Write> CleanWriter<W> {
    pub fn new(inner: W) -> Self {
        CleanWriter {
            inner,
            sanitizer: Sanitizer::new(),
            partial: Vec::new(),
            out: String::new(),
        }
    }

    /// Sequences and characters removed so far.
    pub fn removed(&self) -> usize {
        self.sanitizer.removed()
    }

    fn clean(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.sanitizer.push(text, &mut self.out);
                    return;
                }
                Err(e) => {
                    let (good, rest) = bytes.split_at(e.valid_up_to());
                    // Valid up to here by construction.
                    if let Ok(text) = std::str::from_utf8(good) {
                        self.sanitizer.push(text, &mut self.out);
                    }
                    match e.error_len() {
                        Some(n) => {
                            self.sanitizer.push("\u{FFFD}", &mut self.out);
                            bytes = &rest[n..];
                        }
                        None => {
                            // An incomplete character at the end: wait for the rest.
                            self.partial.extend_from_slice(rest);
                            return;
                        }
                    }
                }
            }
        }
    }
}

impl<W: std::io::Write> std::io::Write for CleanWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.clear();
        if self.partial.is_empty() {
            self.clean(buf);
        } else {
            let mut joined = std::mem::take(&mut self.partial);
            joined.extend_from_slice(buf);
            self.clean(&joined);
        }
        self.inner.write_all(self.out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for CleanWriter<W> {
    fn drop(&mut self) {
        // A character that never completed is shown as one replacement character.
        if !self.partial.is_empty() {
            let _ = self.inner.write_all("\u{FFFD}".as_bytes());
        }
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
#[path = "terminal_tests.rs"]
mod tests;
