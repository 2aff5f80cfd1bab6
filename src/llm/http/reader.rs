//! One attempt's body: the SSE parser under its caps, the running byte count against the
//! reply cap, and the provider's dialect turning events into canonical ones.

use super::{Dialect, Failure, Limits};
use crate::llm::sse::{SseEvent, SseOverflow, SseParser};
use crate::llm::{ProviderErrorKind, ProviderEvent};

/// Bytes handed to the SSE parser at a time: a network read can bring a megabyte, and parsing
/// it whole would hold all of its events at once. The driver also hands the reader a read in
/// steps of this size, so the canonical events of one step are all that wait for the agent.
pub(super) const PARSE_STEP: usize = 16 * 1024;

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
    /// it are not read). Parsed [`PARSE_STEP`] bytes at a time, each step's SSE events turned
    /// into canonical ones before the next is parsed: a fast server's read holds thousands of
    /// events, and their JSON lines all at once cost about twice the read.
    pub(super) fn push(&mut self, bytes: &[u8]) -> (Vec<ProviderEvent>, Option<Failure>) {
        self.received = self.received.saturating_add(bytes.len());
        if self.received > self.limits.reply {
            return (Vec::new(), Some(self.over("max_reply_bytes")));
        }
        let mut out = Vec::new();
        for piece in bytes.chunks(PARSE_STEP) {
            self.parser.push(piece, &mut self.events);
            for ev in self.events.drain(..) {
                if let Err(f) = self.dialect.event(ev, &mut out) {
                    // Dropping the drain discards the events after a fault.
                    return (out, Some(f));
                }
            }
            let overflow = match self.parser.overflow() {
                Some(SseOverflow::Line) => Some(self.over("max_line_bytes")),
                Some(SseOverflow::Event) => Some(self.over("max_event_bytes")),
                None => None,
            };
            if overflow.is_some() {
                return (out, overflow);
            }
        }
        (out, None)
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
#[path = "reader_tests.rs"]
mod tests;
