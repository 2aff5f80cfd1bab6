//! One attempt's body: the SSE parser under its caps, the running byte count against the
//! reply cap, and the provider's dialect turning events into canonical ones.

use super::{Dialect, Failure, Limits};
use crate::llm::sse::{SseEvent, SseOverflow, SseParser};
use crate::llm::{ProviderErrorKind, ProviderEvent};

/// The SSE parser and the dialect of one attempt, and how much of the body came.
pub(super) struct Reader<D> {
    parser: SseParser,
    dialect: D,
    events: Vec<SseEvent>,
    provider: &'static str,
    limits: Limits,
    received: usize,
}

impl<D: Dialect> Reader<D> {
    pub(super) fn new(dialect: D, provider: &'static str, limits: Limits) -> Self {
        Reader {
            parser: SseParser::with_limits(limits.sse),
            dialect,
            events: Vec::new(),
            provider,
            limits,
            received: 0,
        }
    }

    /// The events of `bytes`, and the fault that stopped reading them, if any (events after
    /// it are not read).
    pub(super) fn push(&mut self, bytes: &[u8]) -> (Vec<ProviderEvent>, Option<Failure>) {
        self.received = self.received.saturating_add(bytes.len());
        if self.received > self.limits.reply {
            return (Vec::new(), Some(self.over("max_reply_bytes")));
        }
        self.parser.push(bytes, &mut self.events);
        let mut out = Vec::new();
        let mut failed = None;
        for ev in self.events.drain(..) {
            if let Err(f) = self.dialect.event(ev, &mut out) {
                failed = Some(f);
                break;
            }
        }
        // Dropping the drain discards the events after a fault.
        let failed = failed.or_else(|| match self.parser.overflow()? {
            SseOverflow::Line => Some(self.over("max_line_bytes")),
            SseOverflow::Event => Some(self.over("max_event_bytes")),
        });
        (out, failed)
    }

    /// What the parser holds between pushes, for tests of its caps.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.parser.held()
    }

    /// A cap was broken: which one, how big it is, and that the reply stops here.
    fn over(&self, setting: &str) -> Failure {
        let p = self.provider;
        let what = match setting {
            "max_line_bytes" => {
                format!(
                    "{p} sent a stream line longer than {}",
                    size(self.limits.sse.line)
                )
            }
            "max_event_bytes" => format!(
                "{p} sent one stream event larger than {}",
                size(self.limits.sse.event)
            ),
            _ => format!("{p}'s reply grew past {}", size(self.limits.reply)),
        };
        Failure::new(
            ProviderErrorKind::Server,
            format!(
                "{what}, so it was stopped there (the cap is {setting} in [provider] of the config)"
            ),
        )
    }

    pub(super) fn end(&mut self) -> (Vec<ProviderEvent>, Option<Failure>) {
        let end = std::mem::take(&mut self.parser).finish();
        let mut out = Vec::new();
        let failed = self.dialect.end(end, &mut out).err();
        (out, failed)
    }
}

/// "4 MiB", "256 KiB" or "1000 bytes".
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
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
}
