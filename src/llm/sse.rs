//! One Server-Sent Events parser for every provider.
//!
//! Written here rather than taken from eventsource-stream: that crate copies the rest of its
//! buffer after every line, which is quadratic in the chunk size and where a peer spends most of
//! its streaming CPU. This parser moves an offset over the bytes it holds and compacts once per
//! pushed chunk, so each byte is looked at a constant number of times.
//!
//! It follows the WHATWG framing: lines end in CR, LF or CRLF (a CR at the end of one chunk and
//! an LF at the start of the next are one line end), `:` starts a comment, `data:` lines of one
//! event are joined with `\n`, a blank line dispatches, `event:` names the event. Lines are split
//! on bytes before decoding, so a chunk boundary in the middle of a UTF-8 character is harmless.
//!
//! Servers sometimes end a 200 stream with an error body that is not SSE at all (a bare JSON
//! object, possibly pretty-printed). Lines that are not SSE fields are kept aside and handed back
//! by [`SseParser::finish`] as the raw tail, so the provider can report the error instead of
//! calling a truncated reply complete.
//!
//! What it holds is capped ([`SseLimits`]): a line that never ends or `data:` lines that never
//! reach a blank line stop the parser with an [`SseOverflow`] instead of growing without bound.

/// One dispatched event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` name, if the server sent one.
    pub event: Option<String>,
    pub data: String,
}

impl SseEvent {
    /// OpenAI-style end-of-stream sentinel.
    pub fn is_done(&self) -> bool {
        self.data.trim() == "[DONE]"
    }
}

/// Everything left when the body ends.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SseEnd {
    /// An event whose terminating blank line never came.
    pub pending: Option<SseEvent>,
    /// Non-SSE lines of the body, joined with `\n` (empty when there were none).
    pub raw: String,
}

/// Longest raw (non-SSE) text kept: an error body is small; a misdirected HTML page is not.
pub(crate) const RAW_LIMIT: usize = 64 * 1024;

/// The most the parser holds, in bytes: one line being read, and one event's `data:` lines
/// joined. The defaults are [`crate::config::ProviderConfig`]'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SseLimits {
    pub line: usize,
    pub event: usize,
}

impl Default for SseLimits {
    fn default() -> Self {
        SseLimits {
            line: 4 << 20,
            event: 16 << 20,
        }
    }
}

/// Which cap a body broke. The parser reads nothing more after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SseOverflow {
    Line,
    Event,
}

#[derive(Default)]
pub struct SseParser {
    limits: SseLimits,
    /// Set once a cap was broken; everything after it is ignored.
    overflow: Option<SseOverflow>,
    buf: Vec<u8>,
    /// The previous chunk ended in CR: an LF at the start of the next one ends nothing.
    after_cr: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
    raw: String,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_limits(limits: SseLimits) -> Self {
        SseParser {
            limits,
            ..Self::default()
        }
    }

    /// The cap this body broke, if it broke one: then nothing after it was read, and the
    /// reply must be abandoned rather than finished.
    pub fn overflow(&self) -> Option<SseOverflow> {
        self.overflow
    }

    /// Bytes held between pushes for the line and the event being read, which the limits cap
    /// (the raw tail has its own, fixed cap).
    pub fn held(&self) -> usize {
        self.buf.capacity() + self.data.capacity() + self.event.as_ref().map_or(0, String::capacity)
    }

    /// Feed bytes; complete events are appended to `out`. After an overflow this does nothing.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<SseEvent>) {
        // An empty chunk must not forget a CR that ended the last one.
        if self.overflow.is_some() || chunk.is_empty() {
            return;
        }
        let mut chunk = chunk;
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        // Scan the new bytes only: everything already in `buf` is a partial line.
        let mut start = 0;
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &chunk[i..]) {
            let end = i + off;
            if self.buf.len() + (end - start) > self.limits.line {
                return self.overflowed(SseOverflow::Line);
            }
            if self.buf.is_empty() {
                self.line(&chunk[start..end], out);
            } else {
                self.buf.extend_from_slice(&chunk[start..end]);
                let line = std::mem::take(&mut self.buf);
                self.line(&line, out);
                self.buf = line;
                self.buf.clear();
            }
            i = end + 1;
            if chunk[end] == b'\r' {
                match chunk.get(i) {
                    Some(b'\n') => i += 1,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            start = i;
            if self.overflow.is_some() {
                self.buf = Vec::new();
                return;
            }
        }
        if self.buf.len() + (chunk.len() - start) > self.limits.line {
            return self.overflowed(SseOverflow::Line);
        }
        self.buf.extend_from_slice(&chunk[start..]);
    }

    /// Stop for good, and let go of what was held.
    fn overflowed(&mut self, which: SseOverflow) {
        self.overflow = Some(which);
        self.buf = Vec::new();
        self.data = String::new();
        self.event = None;
        self.has_data = false;
    }

    /// The body ended: an unterminated event and any raw tail.
    pub fn finish(mut self) -> SseEnd {
        if !self.buf.is_empty() {
            let line = std::mem::take(&mut self.buf);
            let mut sink = Vec::new();
            self.line(&line, &mut sink);
            debug_assert!(sink.is_empty(), "a field line never dispatches");
        }
        let pending = self.has_data.then(|| SseEvent {
            event: self.event.take(),
            data: std::mem::take(&mut self.data),
        });
        SseEnd {
            pending,
            raw: self.raw,
        }
    }

    fn line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                out.push(SseEvent {
                    event: self.event.take(),
                    data: std::mem::take(&mut self.data),
                });
                self.has_data = false;
            }
            self.event = None;
            return;
        }
        if line[0] == b':' {
            return; // comment / keep-alive
        }
        let (name, value) = match memchr::memchr(b':', line) {
            Some(c) => {
                let v = &line[c + 1..];
                (&line[..c], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"data" => {
                // Measured as text: an invalid byte is held as U+FFFD, three bytes.
                let text = String::from_utf8_lossy(value);
                if self.data.len() + usize::from(self.has_data) + text.len() > self.limits.event {
                    return self.overflowed(SseOverflow::Event);
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&text);
                self.has_data = true;
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" | b"retry" => {}
            _ => self.keep_raw(line),
        }
    }

    fn keep_raw(&mut self, line: &[u8]) {
        if self.raw.len() >= RAW_LIMIT {
            return;
        }
        if !self.raw.is_empty() {
            self.raw.push('\n');
        }
        let text = String::from_utf8_lossy(line);
        let room = RAW_LIMIT - self.raw.len();
        let mut cut = text.len().min(room);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.raw.push_str(&text[..cut]);
    }
}

#[cfg(test)]
#[path = "sse_tests.rs"]
mod tests;
