//! Property tests over hostile input for the network-side parsers: the SSE parser, and each
//! provider's stream decoder (Gemini, OpenAI-compatible, Anthropic) behind it, fed through the
//! same per-attempt [`Reader`] the stream driver uses, caps included.
//!
//! Inputs are arbitrary bytes, "token soup" (pieces of each wire format in random order),
//! valid streams with bytes flipped, and valid streams cut into arbitrary chunks. Nothing may
//! panic; what the parser holds stays under its caps; what comes out (events, error text) is at
//! most a small multiple of what went in; a valid stream means the same however it is cut; and
//! every run finishes (a watchdog fails a test that hangs). Each test prints how many inputs it
//! survived (`cargo test --lib fuzz -- --nocapture`); `PROPTEST_CASES` sets how many.

mod wire;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use super::reader::Reader;
use super::{Dialect, Failure, Limits};
use crate::llm::sse::{RAW_LIMIT, SseLimits, SseParser};
use crate::llm::{FinishReason, ProviderEvent};
use wire::{Format, Script};

/// Inputs per test in the normal suite: a few seconds each in a debug build.
const DEFAULT_CASES: u32 = 256;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// Run `test` over the strategy `make` builds, `cases()` times, on a thread a watchdog waits
/// for; report how many inputs survived. A failure shrinks to a minimal input and panics.
fn survive<S, F>(name: &str, make: impl FnOnce() -> S + Send + 'static, test: F)
where
    S: Strategy + 'static,
    S::Value: std::fmt::Debug,
    F: Fn(S::Value) -> Result<(), TestCaseError> + Send + 'static,
{
    let cases = cases();
    let survived = Arc::new(AtomicU64::new(0));
    let count = survived.clone();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&make(), |input| {
            test(input)?;
            count.fetch_add(1, Ordering::Relaxed);
            Ok(())
        });
        let _ = done.send(result.map_err(|e| e.to_string()));
    });
    // Generous: a hang, not a slow machine, is what this catches.
    let watchdog = Duration::from_secs(120 + u64::from(cases) / 50);
    match finished.recv_timeout(watchdog) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{name}: {e}"),
        Err(_) => panic!(
            "{name}: hung after {} inputs",
            survived.load(Ordering::Relaxed)
        ),
    }
    eprintln!(
        "fuzz {name}: survived {} inputs",
        survived.load(Ordering::Relaxed)
    );
}

/// Where to cut a body: random places, each one twice (an empty chunk between: an HTTP/2 DATA
/// frame may be empty) and after every CR (where a CRLF can be split) when asked.
#[derive(Clone, Debug)]
struct Cuts {
    at: Vec<Index>,
    twice: bool,
    after_cr: bool,
}

fn cuts(n: usize) -> impl Strategy<Value = Cuts> {
    (
        proptest::collection::vec(any::<Index>(), 0..n),
        any::<bool>(),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(at, twice, after_cr)| Cuts {
            at,
            twice,
            after_cr,
        })
}

/// `bytes` cut as `cuts` says (random positions taken modulo the length).
fn chunks<'a>(bytes: &'a [u8], cuts: &Cuts) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = cuts.at.iter().map(|c| c.index(bytes.len() + 1)).collect();
    if cuts.after_cr {
        at.extend(memchr::memchr_iter(b'\r', bytes).map(|i| i + 1));
    }
    if cuts.twice {
        at.extend(at.clone());
    }
    at.sort_unstable();
    let mut out = Vec::new();
    let mut prev = 0;
    for c in at {
        out.push(&bytes[prev..c]);
        prev = c;
    }
    out.push(&bytes[prev..]);
    out
}

/// The caps a case runs under: the defaults, or small ones so the overflow paths run too.
fn limits() -> impl Strategy<Value = Limits> {
    prop_oneof![
        Just(Limits {
            sse: SseLimits::default(),
            reply: 64 << 20,
        }),
        (1usize..512, 1usize..1024, 1usize..8192).prop_map(|(line, event, reply)| Limits {
            sse: SseLimits { line, event },
            reply,
        }),
    ]
}

/// The most the parser may hold under `l`: a partial line and an event's data, each at most
/// twice its cap (a growing buffer doubles), and the event's name, a line's bytes as text (an
/// invalid byte is three bytes of U+FFFD); never much more than came in.
fn held_bound(l: &Limits, input: usize) -> usize {
    (2 * l.sse.line + 3 * l.sse.line + 2 * l.sse.event).min(6 * input) + 64
}

/// Bytes of text an event carries.
fn size(e: &ProviderEvent) -> usize {
    match e {
        ProviderEvent::TextDelta(t) => t.len(),
        ProviderEvent::ToolCall(c) => c.id.len() + c.name.len() + c.arguments.len(),
        ProviderEvent::Raw(r) => r.value.to_string().len(),
        ProviderEvent::Finish(FinishReason::Other(s) | FinishReason::Safety(s)) => s.len(),
        ProviderEvent::Retrying { reason, .. } => reason.len(),
        _ => 16,
    }
}

struct Decoded {
    events: Vec<ProviderEvent>,
    failure: Option<Failure>,
    most_held: usize,
}

/// Feed `parts` to a reader with `dialect` the way the stream driver does: stop at the first
/// failure, else end the body.
fn decode<D: Dialect>(dialect: D, limits: Limits, parts: &[&[u8]]) -> Decoded {
    let mut reader = Reader::new(dialect, "Fuzz", limits);
    let mut events = Vec::new();
    let mut most_held = 0;
    for part in parts {
        let (evs, failed) = reader.push(part);
        events.extend(evs);
        most_held = most_held.max(reader.held());
        if failed.is_some() {
            return Decoded {
                events,
                failure: failed,
                most_held,
            };
        }
    }
    let (evs, failure) = reader.end();
    events.extend(evs);
    Decoded {
        events,
        failure,
        most_held,
    }
}

/// The bounds every decoding must keep, whatever came in.
fn bounded(d: &Decoded, input: usize, limits: &Limits) -> Result<(), TestCaseError> {
    prop_assert!(
        d.most_held <= held_bound(limits, input),
        "held {} under {limits:?}",
        d.most_held
    );
    let out: usize = d.events.iter().map(size).sum();
    prop_assert!(
        out <= 8 * input + 4096,
        "{out} bytes out of {input} in: {:?}",
        d.events
    );
    if let Some(f) = &d.failure {
        prop_assert!(f.message.len() <= 4096, "{}", f.message);
    }
    prop_assert!(
        input <= limits.reply || d.failure.is_some(),
        "{input} bytes passed a reply cap of {}",
        limits.reply
    );
    Ok(())
}

#[test]
fn sse_parser_survives_any_bytes_cut_anywhere() {
    let make = || {
        (
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..2048),
                wire::soup(Format::Anthropic),
                wire::soup(Format::OpenAi),
                // Long runs of data lines, seldom a blank one, some not UTF-8: the event cap's
                // case.
                proptest::collection::vec(
                    (
                        "(data|event|:|x)[: ]?",
                        proptest::collection::vec(
                            prop_oneof![b'a'..=b'z', Just(0xff), Just(0xc3), Just(b'{')],
                            0..40
                        ),
                        "(\n|\r\n|\r|\n\n)",
                    ),
                    0..200
                )
                .prop_map(|lines| {
                    let mut out = Vec::new();
                    for (field, value, end) in lines {
                        out.extend_from_slice(field.as_bytes());
                        out.extend_from_slice(&value);
                        out.extend_from_slice(end.as_bytes());
                    }
                    out
                }),
            ],
            cuts(12),
            limits(),
        )
    };
    survive("sse parser", make, |(bytes, cuts, limits)| {
        let parse = |parts: &[&[u8]]| {
            let mut p = SseParser::with_limits(limits.sse);
            let mut out = Vec::new();
            let mut most = 0;
            for part in parts {
                p.push(part, &mut out);
                most = most.max(p.held());
            }
            let overflow = p.overflow();
            (out, overflow, p.finish(), most)
        };
        let whole = parse(&[&bytes]);
        let split = parse(&chunks(&bytes, &cuts));
        prop_assert!(
            split.3 <= held_bound(&limits, bytes.len()),
            "held {}",
            split.3
        );
        prop_assert!(whole.2.raw.len() <= RAW_LIMIT);
        prop_assert_eq!(&whole.0, &split.0);
        prop_assert_eq!(whole.1, split.1);
        prop_assert_eq!(&whole.2, &split.2);
        let pending = whole.2.pending.iter();
        for e in whole.0.iter().chain(pending) {
            prop_assert!(
                e.data.len() <= limits.sse.event,
                "{} > {limits:?}",
                e.data.len()
            );
        }
        // At most three bytes of text (U+FFFD) for each byte read.
        let data: usize = whole.0.iter().map(|e| e.data.len()).sum();
        prop_assert!(
            data <= 3 * bytes.len(),
            "{data} bytes of data from {}",
            bytes.len()
        );
        Ok(())
    });
}

/// Hostile input for `format`: arbitrary bytes, its token soup, or one of its valid streams
/// with bytes flipped; cut anywhere, under default or small caps.
fn hostile(format: Format) -> impl Strategy<Value = (Vec<u8>, Cuts, Limits)> {
    let flipped = (
        wire::script(),
        proptest::collection::vec((any::<Index>(), any::<u8>()), 1..8),
    )
        .prop_map(move |(script, flips)| {
            let mut body = wire::body(format, &script);
            for (at, byte) in flips {
                let i = at.index(body.len());
                body[i] = byte;
            }
            body
        });
    (
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2048),
            wire::soup(format),
            flipped,
        ],
        cuts(12),
        limits(),
    )
}

fn decoder_survives_hostile_input(format: Format) {
    survive(
        &format!("{format:?} decoder, hostile input"),
        move || hostile(format),
        move |(bytes, cuts, limits)| {
            let d = format.decode(limits, &chunks(&bytes, &cuts));
            bounded(&d, bytes.len(), &limits)
        },
    );
}

fn valid_streams_mean_the_same_however_cut(format: Format) {
    survive(
        &format!("{format:?} decoder, valid streams cut anywhere"),
        || (wire::script(), cuts(24)),
        move |(script, cuts): (Script, Cuts)| {
            let body = wire::body(format, &script);
            let limits = Limits {
                sse: SseLimits::default(),
                reply: 64 << 20,
            };
            let whole = format.decode(limits, &[&body]);
            let split = format.decode(limits, &chunks(&body, &cuts));
            prop_assert!(whole.failure.is_none(), "{:?}", whole.failure);
            prop_assert!(split.failure.is_none(), "{:?}", split.failure);
            prop_assert_eq!(&whole.events, &split.events);
            let text: String = split
                .events
                .iter()
                .filter_map(|e| match e {
                    ProviderEvent::TextDelta(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            prop_assert_eq!(text, script.texts.concat());
            let calls: Vec<_> = split
                .events
                .iter()
                .filter_map(|e| match e {
                    ProviderEvent::ToolCall(c) => Some(c.clone()),
                    _ => None,
                })
                .collect();
            prop_assert_eq!(calls, script.expected_calls());
            let finish = split.events.last();
            prop_assert!(
                matches!(finish, Some(ProviderEvent::Finish(_))),
                "{finish:?}"
            );
            bounded(&split, body.len(), &limits)
        },
    );
}

#[test]
fn gemini_decoder_survives_hostile_input() {
    decoder_survives_hostile_input(Format::Gemini);
}

#[test]
fn openai_decoder_survives_hostile_input() {
    decoder_survives_hostile_input(Format::OpenAi);
}

#[test]
fn anthropic_decoder_survives_hostile_input() {
    decoder_survives_hostile_input(Format::Anthropic);
}

#[test]
fn gemini_valid_streams_mean_the_same_however_cut() {
    valid_streams_mean_the_same_however_cut(Format::Gemini);
}

#[test]
fn openai_valid_streams_mean_the_same_however_cut() {
    valid_streams_mean_the_same_however_cut(Format::OpenAi);
}

#[test]
fn anthropic_valid_streams_mean_the_same_however_cut() {
    valid_streams_mean_the_same_however_cut(Format::Anthropic);
}
