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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse_chunks(chunks: &[&[u8]]) -> (Vec<SseEvent>, SseEnd) {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.push(c, &mut out);
        }
        (out, p.finish())
    }

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn lf_cr_and_crlf_line_ends() {
        for body in [
            "data: a\n\ndata: b\n\n",
            "data: a\r\rdata: b\r\r",
            "data: a\r\n\r\ndata: b\r\n\r\n",
        ] {
            let (ev, end) = parse_chunks(&[body.as_bytes()]);
            assert_eq!(data(&ev), ["a", "b"], "{body:?}");
            assert_eq!(end, SseEnd::default());
        }
    }

    #[test]
    fn a_crlf_split_between_chunks_is_one_line_end() {
        let (ev, _) = parse_chunks(&[b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]);
        assert_eq!(data(&ev), ["a", "b"]);
    }

    /// Found by the 100,000-case property run: an empty chunk (an HTTP/2 DATA frame can be
    /// empty) between the CR and the LF of one line end made the LF a blank line of its own.
    #[test]
    fn an_empty_chunk_between_cr_and_lf_changes_nothing() {
        let (ev, _) = parse_chunks(&[b"event: x\r", b"", b"\ndata: y\r", b"", b"\n\r\n"]);
        assert_eq!(ev.len(), 1);
        assert_eq!(
            (ev[0].event.as_deref(), ev[0].data.as_str()),
            (Some("x"), "y")
        );
    }

    #[test]
    fn comments_multiline_data_event_names_and_done() {
        let body = ": OPENROUTER PROCESSING\n\nevent: content_block_delta\ndata: {\"x\":\ndata: 1}\n\nid: 7\nretry: 100\ndata: [DONE]\n\n";
        let (ev, end) = parse_chunks(&[body.as_bytes()]);
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].event.as_deref(), Some("content_block_delta"));
        assert_eq!(ev[0].data, "{\"x\":\n1}");
        assert_eq!(ev[1].event, None, "the event name is reset after dispatch");
        assert!(ev[1].is_done());
        assert!(end.raw.is_empty());
    }

    #[test]
    fn data_without_a_space_and_an_empty_data_line() {
        let (ev, _) = parse_chunks(&[b"data:x\n\ndata\n\n"]);
        assert_eq!(data(&ev), ["x", ""]);
    }

    #[test]
    fn a_blank_line_without_data_dispatches_nothing() {
        let (ev, _) = parse_chunks(&[b"event: ping\n\n\n\ndata: y\n\n"]);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].event, None);
    }

    #[test]
    fn a_raw_json_error_after_the_events_is_the_tail() {
        let body = "data: {\"ok\":1}\n\n{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"boom\"\n  }\n}\n";
        let (ev, end) = parse_chunks(&[body.as_bytes()]);
        assert_eq!(data(&ev), ["{\"ok\":1}"]);
        let v: serde_json::Value = serde_json::from_str(&end.raw).expect(&end.raw);
        assert_eq!(v["error"]["message"], "boom");
    }

    #[test]
    fn an_unterminated_event_is_pending_at_the_end() {
        let (ev, end) = parse_chunks(&[b"data: {\"a\":", b"1}"]);
        assert!(ev.is_empty());
        assert_eq!(end.pending.unwrap().data, "{\"a\":1}");
    }

    #[test]
    fn a_split_utf8_character_survives() {
        let body = "data: caf\u{e9} \u{1f378}\n\n".as_bytes();
        for cut in 0..body.len() {
            let (ev, _) = parse_chunks(&[&body[..cut], &body[cut..]]);
            assert_eq!(data(&ev), ["caf\u{e9} \u{1f378}"], "cut at {cut}");
        }
    }

    #[test]
    fn the_raw_tail_is_bounded() {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        let line = "x".repeat(1000) + "\n";
        for _ in 0..200 {
            p.push(line.as_bytes(), &mut out);
        }
        assert!(p.finish().raw.len() <= RAW_LIMIT);
    }

    #[test]
    fn a_line_at_the_cap_passes_and_one_past_it_stops_the_parser() {
        let mut p = SseParser::with_limits(SseLimits {
            line: 8,
            event: 100,
        });
        let mut out = Vec::new();
        p.push(b"data: ab\r\n\r\n", &mut out);
        assert_eq!((data(&out), p.overflow()), (vec!["ab"], None));
        // A partial line is measured as it grows, across chunks.
        p.push(b"data:", &mut out);
        assert_eq!(p.overflow(), None);
        p.push(b" abc", &mut out);
        assert_eq!(p.overflow(), Some(SseOverflow::Line));
        p.push(b"\n\ndata: x\n\n", &mut out);
        assert_eq!(out.len(), 1, "nothing is read after an overflow");
        assert_eq!(p.held(), 0, "what was held is let go");
        assert_eq!(p.finish(), SseEnd::default());
        // A whole line inside one chunk too.
        let mut p = SseParser::with_limits(SseLimits {
            line: 8,
            event: 100,
        });
        p.push(b"data: abc\n", &mut out);
        assert_eq!(p.overflow(), Some(SseOverflow::Line));
    }

    #[test]
    fn data_lines_past_the_event_cap_stop_the_parser() {
        let mut p = SseParser::with_limits(SseLimits {
            line: 100,
            event: 10,
        });
        let mut out = Vec::new();
        p.push(b"data: 12345\ndata: 1234\n\n", &mut out);
        assert_eq!(data(&out), ["12345\n1234"], "exactly at the cap");
        p.push(b"data: 12345\ndata: 1234\n", &mut out);
        assert_eq!(p.overflow(), None);
        p.push(b"data: 1\n", &mut out);
        assert_eq!(p.overflow(), Some(SseOverflow::Event));
        assert_eq!(
            p.finish().pending,
            None,
            "an overflowed event is not handed on"
        );
    }

    /// Each invalid byte becomes U+FFFD, three bytes: the cap is on what is held, not on
    /// what came in, or "data: \xff…" would hold three times the cap.
    #[test]
    fn the_event_cap_counts_the_text_held_not_the_bytes_read() {
        let mut p = SseParser::with_limits(SseLimits {
            line: 100,
            event: 9,
        });
        let mut out = Vec::new();
        p.push(b"data: \xff\xff\xff\n\n", &mut out);
        assert_eq!(
            data(&out),
            ["\u{fffd}\u{fffd}\u{fffd}"],
            "nine bytes: at the cap"
        );
        p.push(b"data: \xff\xff\xff\xff\n", &mut out);
        assert_eq!(p.overflow(), Some(SseOverflow::Event));
        assert_eq!(out.len(), 1);
    }

    proptest! {
        /// Any split of a body into chunks parses exactly like the whole body.
        #[test]
        fn chunking_never_changes_the_result(
            events in proptest::collection::vec("[a-z{}\":é🍸 ]{0,12}", 1..6),
            ends in proptest::collection::vec(0usize..3, 1..6),
            cuts in proptest::collection::vec(0usize..400, 0..8),
        ) {
            let mut body = String::new();
            for (i, e) in events.iter().enumerate() {
                let nl = ["\n", "\r", "\r\n"][ends[i % ends.len()]];
                body.push_str(&format!(": c{i}{nl}data: {e}{nl}{nl}"));
            }
            let bytes = body.as_bytes();
            let (whole, whole_end) = parse_chunks(&[bytes]);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (bytes.len() + 1)).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut prev = 0;
            for c in cuts {
                chunks.push(&bytes[prev..c]);
                prev = c;
            }
            chunks.push(&bytes[prev..]);
            let (split, split_end) = parse_chunks(&chunks);
            prop_assert_eq!(&whole, &split);
            prop_assert_eq!(whole_end, split_end);
            prop_assert_eq!(data(&whole), events.iter().map(|e| e.as_str()).collect::<Vec<_>>());
        }
    }
}
