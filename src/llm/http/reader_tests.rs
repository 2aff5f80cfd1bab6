use super::*;
use crate::llm::sse::{SseEnd, SseLimits};

fn test_limits() -> Limits {
    Limits {
        sse: SseLimits {
            line: 16,
            event: 32,
        },
        reply: 256,
    }
}

#[test]
fn caps_end_the_reply_with_a_line_naming_the_setting() {
    let mut r = Reader::new(Echo, "Echo", test_limits());
    let (events, failed) = r.push(b"data: ok\n\ndata: 0123456789abcdef\n");
    assert_eq!(events, [ProviderEvent::TextDelta("ok".into())], "kept");
    assert_eq!(
        failed.unwrap().message,
        "Echo sent a stream line longer than 16 bytes, so it was stopped there (the cap \
         is max_line_bytes in [provider] of the config)"
    );
    let mut r = Reader::new(Echo, "Echo", test_limits());
    let (_, failed) = r.push(b"data: 0123456789\n".repeat(4).as_slice());
    assert!(failed.unwrap().message.contains("max_event_bytes"));
    let mut r = Reader::new(Echo, "Echo", test_limits());
    for _ in 0..28 {
        assert!(r.push(b"data: 1\n\n").1.is_none());
    }
    let (_, failed) = r.push(b"data: 1\n\n");
    let failed = failed.unwrap();
    assert!(
        failed.message.contains("grew past 256 bytes"),
        "{}",
        failed.message
    );
    assert!(!failed.retryable);
    assert_eq!(size(4 << 20), "4 MiB");
    assert_eq!(size(256 << 10), "256 KiB");
    assert_eq!(size(1000), "1000 bytes");
}

/// Emits each event's data as text; fails on "boom".
struct Echo;
impl Dialect for Echo {
    fn event(&mut self, ev: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if ev.data == "boom" {
            return Err(Failure::new(ProviderErrorKind::Server, "boom"));
        }
        out.push(ProviderEvent::TextDelta(ev.data));
        Ok(())
    }
    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
        if let Some(p) = end.pending {
            out.push(ProviderEvent::TextDelta(p.data));
        }
        Err(Failure::new(ProviderErrorKind::Network, "cut"))
    }
}

#[test]
fn events_before_a_fault_in_the_same_chunk_are_kept() {
    let mut r = Reader::new(Echo, "Echo", test_limits());
    let (events, failed) = r.push(b"data: a\n\ndata: boom\n\ndata: c\n\n");
    assert_eq!(events, [ProviderEvent::TextDelta("a".into())]);
    assert_eq!(failed.unwrap().message, "boom");
    let mut r = Reader::new(Echo, "Echo", test_limits());
    assert_eq!(r.push(b"data: x").0, []);
    let (events, failed) = r.end();
    assert_eq!(events, [ProviderEvent::TextDelta("x".into())]);
    assert_eq!(failed.unwrap().message, "cut");
}

#[test]
fn a_megabyte_read_is_parsed_a_step_at_a_time_not_held_as_events_all_at_once() {
    let limits = Limits {
        sse: SseLimits {
            line: 1 << 10,
            event: 1 << 10,
        },
        reply: 8 << 20,
    };
    let mut r = Reader::new(Echo, "Echo", limits);
    let body = b"data: hello\n\n".repeat((1 << 20) / 13);
    let (events, failed) = r.push(&body);
    assert!(failed.is_none());
    assert_eq!(
        events.len(),
        (1 << 20) / 13,
        "every event still comes out, in order"
    );
    assert!(
        events
            .iter()
            .all(|e| *e == ProviderEvent::TextDelta("hello".into()))
    );
    // The parsed events waiting for the dialect never number more than about one step's worth
    // (16 KiB of 13-byte events is 1,261), not the read's 80,659.
    assert!(r.events.capacity() <= 4096, "{}", r.events.capacity());
}
