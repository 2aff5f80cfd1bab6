//! Memory that follows the text (issue 20). Targets (DESIGN.md performance budget), release
//! build on the 2-core machine; heap figures come from a counting global allocator
//! (`support::alloc`: bytes requested, without allocator overhead; the RSS of the real binary
//! is measured by `scripts/measure-stream`):
//! - streaming a 500,000-character reply through the real path (local OpenAI-compatible
//!   server, agent, guard, sanitizer, journal, UI at 120×40): the heap peaks at ≤ 8 bytes per
//!   character beyond what was live before the Enter (≤ idle + 4 MiB);
//! - `--resume` of a 10,000-message session (1.7 million characters of text; the issue says
//!   "about 2 million"): the first frame within 100 ms of starting to load it, and ≤ 2× the
//!   text's size held in memory;
//! - scrolling that session to the top and back: under 1 ms a frame.
//!
//! Figures are printed under `cargo bench --bench memory`. Measured here (issue 20, other
//! builds running; before = 5fa87de): stream heap peak 14.6 → 7.4 bytes/char (kept after the
//! turn 9.1 → 3.7); resume first frame 68 → 38 ms, heap 12.6× → 2.29× the text (1.80× beyond
//! what an 8-message session holds); top and back 11 ms → 0.19 ms a frame.
//! Stop 25 (heaptrack showed where the rest went): the scanner's sets as one forward NFA each
//! (build peak 5.7 → 2.6 MiB, kept 4.9 → 1.6 MiB), a read parsed 16 KiB at a time and no
//! decoder regex kept for one class: stream heap peak 7.5 → 4.8–5.4 bytes/char (real binary:
//! RSS peak idle + 7.5–8 MiB → idle + 3.3–4.1 MiB); the message list grown by an eighth and a
//! 72-byte message: resume heap 2.45× → 1.94× the text, first frame 37 ms, top and back 0.16 ms.
//! Stop 27: the usual stream chunk read without a `serde_json::Value`: stream heap peak 5.5 →
//! 4.6 bytes/char. One malloc arena and a fixed mmap threshold (`allocator::tune`, which this
//! counting bench does not see): real binary RSS peak idle + 4.1–5.0 → idle + 2.3–2.8 MiB.
//! The resume heap is now read after the events that follow a resume are shown (its notice
//! came before or after the first frame by chance, and grew the full list by an eighth:
//! 1.92× without it, 1.97–2.05× with it); with 16 slots left free after a resumed transcript,
//! 1.86× in every run. First frame 40–41 ms (39.5–40.4 without the allocator settings).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a panic is a failed bench"
)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::Entry;
use maya::bar::{Action, Bar, Menu};
use maya::config::UiConfig;
use maya::llm::ChatMessage;
use maya::money::Cents;
use maya::session::journal::Journal;
use maya::session::record::{Record, SessionMeta};
use maya::startup::{self, LaunchOptions};
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::alloc::{self, Counting};

#[global_allocator]
static A: Counting = Counting;

const STREAM_CHARS: usize = 500_000;
const MESSAGES: usize = 10_000;
const SESSION_ID: &str = "1207-negroni-beef";

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// The second paragraph of every reply in the long session.
const AFTER: &str = "Water is on the house, as always; say when you want the tab, and the tip \
                     buttons are on the right. Take your time, nobody is in a hurry here.";

/// A 10,000-message session of about 2,000,000 characters (the figures), the way it is
/// journaled: guest lines, replies of a few paragraphs with markdown, tool lines and the Bar's
/// events. Returns the characters of conversation text in it.
fn write_session(home: &std::path::Path, messages: usize) -> usize {
    let dir = support::stream::paths(home).sessions_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{SESSION_ID}.jsonl"));
    let meta = serde_json::to_value(SessionMeta {
        provider: "openai".into(),
        model: "gpt-test".into(),
        starting_balance: Cents::from_dollars(1_000_000),
    })
    .unwrap();
    let mut journal: Journal<Record> = Journal::create(&path, meta).unwrap();
    let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1_000_000));
    let reply = "Coming right up: **one Martini**, stirred, and a *dirty* one with a splash of \
                 brine. Your tab is $26.00 so far.\n\n- Martini $13.00\n- Martini (dirty) \
                 $13.00\n\nMOK 5-ha means Moksha, liberation: leave the day at the door and let \
                 the evening take its time. Something to eat with those? The olives are good.";
    let mut chars = 0;
    for i in 0..messages {
        // Ten thousand messages on screen: the guest's line, Maya's reply and a tool line, in
        // turn; the Bar's event for each order is journaled beside them (it is not a message).
        let record = match i % 3 {
            0 => {
                let text = format!("two martinis please, one of them dirty (round {i})");
                chars += text.chars().count();
                Record::Message {
                    message: ChatMessage::User { text },
                }
            }
            1 => {
                let text = format!("{reply}\n\n{AFTER}");
                chars += text.chars().count();
                Record::Message {
                    message: ChatMessage::Assistant {
                        text,
                        tool_calls: vec![],
                        raw: None,
                    },
                }
            }
            _ => {
                let summary = "added 1× Martini (dirty) · $13.00".to_string();
                chars += summary.chars().count();
                Record::Entry {
                    entry: Entry::Tool { summary, ok: true },
                }
            }
        };
        journal.append(&record);
        if i % 3 == 2 {
            journal.append(&Record::Bar {
                events: bar
                    .apply(Action::Order {
                        item: "Water".into(),
                        quantity: 1,
                        modifiers: vec![],
                    })
                    .unwrap_or_default(),
            });
        }
    }
    journal.sync();
    chars
}

struct Resumed {
    first_frame: Duration,
    heap: usize,
    app: App,
    term: Terminal<TestBackend>,
    handle: maya::agent::AgentHandle,
}

async fn resume(home: &std::path::Path, config: &maya::config::Config) -> Resumed {
    let before = alloc::live();
    let start = Instant::now();
    let launch = startup::prepare(
        &support::stream::paths(home),
        config,
        LaunchOptions {
            resume: Some(SESSION_ID.into()),
            greet: false,
        },
    )
    .await
    .expect("the session resumes");
    let mut handle = maya::agent::spawn(launch.setup);
    let mut app = App::new(&UiConfig::default(), Theme { color: true });
    // The test backend keeps a copy of the screen that a real terminal does not: not counted.
    let backend_before = alloc::live();
    let backend = TestBackend::new(120, 40);
    let backend_bytes = alloc::live().saturating_sub(backend_before);
    let mut term = Terminal::new(backend).unwrap();
    if let Some(ev) = handle.events.recv().await {
        app.on_event(ev);
    }
    while let Ok(ev) = handle.events.try_recv() {
        app.on_event(ev);
    }
    term.draw(|f| app.draw(f)).unwrap();
    let first_frame = start.elapsed();
    // What the session holds once the events that follow a resume (its notice) are shown too,
    // whether or not they came before the first frame.
    while let Ok(Some(ev)) =
        tokio::time::timeout(Duration::from_millis(100), handle.events.recv()).await
    {
        app.on_event(ev);
    }
    term.draw(|f| app.draw(f)).unwrap();
    Resumed {
        first_frame,
        heap: alloc::live().saturating_sub(before + backend_bytes),
        app,
        term,
        handle,
    }
}

async fn close(r: Resumed) {
    let _ = r.handle.commands.send(maya::agent::Command::Quit);
    let _ = r.handle.task.await;
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::CONTROL)
}

/// One frame at the top of the conversation and one back at the bottom.
fn top_and_back(r: &mut Resumed) -> Duration {
    let t = Instant::now();
    r.app.on_key(key(KeyCode::Home));
    r.term.draw(|f| r.app.draw(f)).unwrap();
    r.app.on_key(key(KeyCode::End));
    r.term.draw(|f| r.app.draw(f)).unwrap();
    t.elapsed() / 2
}

fn bench(c: &mut Criterion) {
    // The allocator as the binary sets it (src/allocator.rs); this bench counts bytes asked
    // for, but the timings are the binary's.
    maya::allocator::tune();
    // The scanner's pattern sets compile once per process, so this is measured first: the
    // peak of that compile stays in the process's RSS (idle RSS ≤ 15 MiB).
    let before = alloc::live();
    alloc::reset_peak();
    let scanner = maya::security::scanner::Scanner::new(&Default::default());
    // They compile on a thread of their own; the counting allocator sees that thread too.
    scanner.wait_until_compiled();
    let scanner_peak = alloc::peak().saturating_sub(before);
    let scanner_kept = alloc::live().saturating_sub(before);
    drop(scanner);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (sse, expected) = support::stream::body(STREAM_CHARS);
    let url = support::stream::serve(sse);
    let home = tempfile::tempdir().unwrap();

    let mut group = c.benchmark_group("memory");
    group.sample_size(10);
    group.bench_function("stream_500k_chars_120x40", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let run = rt.block_on(support::stream::one_reply(&url, home.path()));
                assert_eq!(
                    run.chars, expected,
                    "not every character reached the screen"
                );
                total += run.total;
            }
            total
        })
    });

    let session_home = tempfile::tempdir().unwrap();
    let text_chars = write_session(session_home.path(), MESSAGES);
    let config = support::stream::config(&url);
    group.bench_function("resume_10000_messages_first_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let r = rt.block_on(resume(session_home.path(), &config));
                total += r.first_frame;
                rt.block_on(close(r));
            }
            total
        })
    });
    let mut resumed = rt.block_on(resume(session_home.path(), &config));
    group.bench_function("resume_10000_messages_top_and_back", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| top_and_back(&mut resumed)).sum())
    });
    group.finish();

    if !std::env::args().any(|a| a == "--bench") {
        rt.block_on(close(resumed));
        return;
    }
    let runs: Vec<support::stream::Run> = (0..3)
        .map(|_| rt.block_on(support::stream::one_reply(&url, home.path())))
        .collect();
    let growth = runs
        .iter()
        .map(|r| r.heap_peak - r.heap_before)
        .min()
        .unwrap();
    let kept = runs
        .iter()
        .map(|r| r.heap_after.saturating_sub(r.heap_before))
        .min()
        .unwrap();
    println!(
        "stream {expected} chars: heap peak +{:.2} MiB = {:.1} bytes/char (target ≤ 8), kept after the turn +{:.2} MiB = {:.1} bytes/char",
        mib(growth),
        growth as f64 / expected as f64,
        mib(kept),
        kept as f64 / expected as f64,
    );
    println!(
        "scanner build: heap peak +{:.2} MiB, kept +{:.2} MiB (the peak was 17.2 MiB as one set per view)",
        mib(scanner_peak),
        mib(scanner_kept)
    );
    let mut frames: Vec<Duration> = (0..51).map(|_| top_and_back(&mut resumed)).collect();
    frames.sort();
    let (median, worst) = (frames[25], frames[50]);
    rt.block_on(close(resumed));
    let (mut firsts, mut heaps) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let r = rt.block_on(resume(session_home.path(), &config));
        firsts.push(r.first_frame);
        heaps.push(r.heap);
        rt.block_on(close(r));
    }
    let first = firsts.iter().min().unwrap();
    let heap = heaps.iter().min().unwrap();
    // What a resume holds whatever its length (screen buffers, menu, tab, journal handle):
    // the same session at 8 messages.
    let small_home = tempfile::tempdir().unwrap();
    let small_chars = write_session(small_home.path(), 8);
    let small = rt.block_on(resume(small_home.path(), &config));
    let fixed = small.heap;
    rt.block_on(close(small));
    let per_text = heap.saturating_sub(fixed) as f64 / (text_chars - small_chars) as f64;
    println!(
        "resume {MESSAGES} messages ({text_chars} chars of text): first frame {:.1} ms (target ≤ 100), heap +{:.2} MiB = {:.2}× the text (target ≤ 2×), {:.2}× beyond the {:.2} MiB an 8-message session holds; top and back {:.3} ms a frame (median; worst {:.3}) (target < 1)",
        first.as_secs_f64() * 1e3,
        mib(*heap),
        *heap as f64 / text_chars as f64,
        per_text,
        mib(fixed),
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
