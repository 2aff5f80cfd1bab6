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
