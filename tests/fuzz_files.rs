//! Property tests over hostile input for every parser that reads a local file: the session
//! journal (replay to resume, read for `sessions`), the keys vault, the config file and the menu
//! file, plus the terminal sanitizer that all their text passes. Inputs are arbitrary bytes and
//! mutations of real files (flipped, inserted, deleted and duplicated bytes and lines, escapes).
//!
//! For each input: no panic, no hang (each case is timed), and memory bounded by the input
//! (a counting allocator tracks this thread's peak while the parser runs).
//!
//! The normal suite runs a few hundred cases per parser; a longer run:
//!
//!     PROPTEST_CASES=100000 cargo test --release --test fuzz_files -- --nocapture
//!
//! prints how many inputs each parser survived.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failed test"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use maya::bar::Menu;
use maya::config::{Config, Overrides};
use maya::money::Cents;
use maya::secrets::vault::Vault;
use maya::session::journal;
use maya::session::record::{self, Record};
use maya::terminal::{CleanWriter, Sanitizer, is_clean, sanitize};
use proptest::prelude::*;

// ---- memory: this thread's live bytes and their peak ----------------------------------------

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn note_alloc(size: usize) {
    // `try_with`: allocations while a thread is being torn down are not counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + size;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn note_free(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

#[allow(unsafe_code, reason = "a GlobalAlloc that counts and defers to System")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_free(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_free(layout.size());
        note_alloc(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Run `f` and return how many bytes above the starting point this thread held at most.
fn peak_of(f: impl FnOnce()) -> usize {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    f();
    PEAK.with(Cell::get).saturating_sub(start)
}

/// Each parser may hold a bounded multiple of its input, plus a constant.
fn assert_bounded(what: &str, input: usize, peak: usize, per_byte: usize) {
    let limit = per_byte * input + (1 << 20);
    assert!(
        peak <= limit,
        "{what}: {peak} bytes at peak for {input} bytes of input (limit {limit})"
    );
}

/// No case may take long: a hang shows up as a failure, not a stuck suite.
fn assert_quick(what: &str, started: Instant) {
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "{what}: one input took {took:?}"
    );
}

// ---- inputs ---------------------------------------------------------------------------------

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        // A failure is shrunk, but a long run must not spend its time there.
        max_shrink_iters: 2048,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text a hostile file might carry, as raw characters and as JSON/TOML escapes.
const NASTY: &[&str] = &[
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{202e}",
    "\u{2028}",
    "\\u001b[31m",
    "\\u0000",
    "\\ud800",
    "\\",
    "\"",
    "\n",
    "\r",
    "\t",
    "{",
    "}",
    "[[",
    "]",
    "=",
    ":",
    ",",
    "99999999999999999999999",
    "-1",
    "1e400",
    "null",
    "\u{ff}",
    "💥",
];

#[derive(Clone, Debug)]
enum Op {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    InsertNasty(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Op::Flip(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Op::Insert(i, b)),
        (any::<usize>(), 0..NASTY.len()).prop_map(|(i, n)| Op::InsertNasty(i, n)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Op::Delete(i, n)),
        any::<usize>().prop_map(Op::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::SwapLines(a, b)),
        any::<usize>().prop_map(Op::Truncate),
    ]
}

fn mutate(base: &[u8], ops: &[Op]) -> Vec<u8> {
    let mut b = base.to_vec();
    for op in ops {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match op {
            Op::Flip(i, x) if !b.is_empty() => {
                let n = b.len();
                b[i % n] ^= x | 1;
            }
            Op::Flip(..) => {}
            Op::Insert(i, bytes) => {
                let i = at(*i, b.len());
                b.splice(i..i, bytes.iter().copied());
            }
            Op::InsertNasty(i, n) => {
                let i = at(*i, b.len());
                b.splice(i..i, NASTY[*n].bytes());
            }
            Op::Delete(i, n) => {
                let i = at(*i, b.len());
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Op::DuplicateLine(i) | Op::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                match op {
                    Op::DuplicateLine(_) => {
                        let l = lines[i % n].clone();
                        lines.insert(i % n, l);
                    }
                    Op::SwapLines(_, j) => lines.swap(i % n, j % n),
                    _ => {}
                }
                b = lines.join(&b'\n');
            }
            Op::Truncate(i) => {
                let i = at(*i, b.len());
                b.truncate(i);
            }
        }
    }
    b
}

/// Arbitrary bytes, or a real file mutated a little (often still valid, so the checks after
/// parsing run too) or a lot.
fn input(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..2048),
        3 => prop::collection::vec(any_op(), 1..3).prop_map(move |ops| mutate(base, &ops)),
        2 => prop::collection::vec(any_op(), 3..16).prop_map(move |ops| mutate(base, &ops)),
    ]
}

// ---- the real files that get mutated --------------------------------------------------------

/// A journal written by a real session: messages, entries, bar events with a payment.
fn journal_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        use maya::agent::Entry;
        use maya::bar::{Action, Bar};
        use maya::llm::ChatMessage;
        use maya::session::journal::Journal;
        use maya::session::record::{JournalRecorder, SessionMeta};
        use maya::session::recorder::Recorder;
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("s.jsonl");
        let meta = SessionMeta {
            provider: "house".into(),
            model: "offline".into(),
            starting_balance: Cents(100_000),
        };
        let mut rec = JournalRecorder::new(
            Journal::create(&path, serde_json::to_value(&meta).unwrap()).unwrap(),
        );
        let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents(100_000));
        rec.message(&ChatMessage::User {
            text: "two martinis, one dirty".into(),
        });
        for action in [
            Action::Order {
                item: "Martini".into(),
                quantity: 2,
                modifiers: vec!["dirty".into()],
            },
            Action::ToggleTipPercent(15),
            Action::StartCheckout {
                idempotency_key: "k1".into(),
            },
            Action::PaymentSucceeded {
                reference: "ref".into(),
                paid_at: 1,
            },
        ] {
            if let Ok(events) = bar.apply(action) {
                rec.bar(&events);
            }
        }
        rec.entry(&Entry::Notice {
            text: "a notice".into(),
        });
        rec.message(&ChatMessage::Assistant {
            text: "Here you go 🍸".into(),
            tool_calls: vec![],
            raw: None,
        });
        rec.sync();
        drop(rec);
        std::fs::read(&path).unwrap()
    })
}

const VAULT: &[u8] = include_bytes!("data/vault-main-v1-keyring.json");
const CONFIG: &[u8] = include_bytes!("../config.example.toml");
const MENU: &[u8] = include_bytes!("../assets/menu.toml");

/// Run `check` on `cases` inputs from `strategy`, then say how many it survived and how many
/// of those the parser accepted (`check` returns whether it did), shown with `--nocapture`.
fn fuzz<S: Strategy>(
    name: &str,
    accepted_means: &str,
    default_cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> bool,
) {
    let survived = AtomicUsize::new(0);
    let accepted = AtomicUsize::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(config(default_cases));
    let result = runner.run(&strategy, |value| {
        if check(value) {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
        survived.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    eprintln!(
        "fuzz: {name} survived {} inputs ({} of them {accepted_means})",
        survived.load(Ordering::Relaxed),
        accepted.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

// ---- the parsers ----------------------------------------------------------------------------

fn journal_case(bytes: &[u8]) -> bool {
    let d = tempfile::tempdir().unwrap();
    let path = write_file(d.path(), "s.jsonl", bytes);
    let menu = Arc::new(Menu::builtin());
    let started = Instant::now();
    let mut accepted = false;
    let peak = peak_of(|| {
        // What `sessions list/show` does, then what `--resume` does (copy aside and repair).
        if let Ok(r) = record::read(&path, menu.clone(), Cents(0)) {
            accepted = !r.transcript.is_empty();
            let _ = r.bar.view().summary();
            for text in r.notices.iter().chain(r.input_history.iter()) {
                assert!(is_clean(text), "{text:?}");
            }
        }
        if let Ok((r, at)) = record::load(&path, menu.clone(), Cents(0)) {
            let _ = r.bar.view().summary();
            assert!(at.good_len <= at.file_len);
        }
        let _ = journal::read::<Record>(&path);
    });
    assert_quick("journal", started);
    assert_bounded("journal", bytes.len(), peak, 64);
    accepted
}

fn vault_case(bytes: &[u8]) -> bool {
    let d = tempfile::tempdir().unwrap();
    let path = write_file(d.path(), "credentials.json", bytes);
    let started = Instant::now();
    let mut accepted = false;
    let peak = peak_of(|| {
        if let Ok(Some(v)) = Vault::load(&path) {
            accepted = true;
            let _ = (
                v.master_kind(),
                v.master_version(),
                v.iterations(),
                v.is_empty(),
            );
            for name in v.names() {
                let _ = v.entry(name).map(|e| e.stored_at);
            }
        }
    });
    assert_quick("vault", started);
    assert_bounded("vault", bytes.len(), peak, 64);
    accepted
}

fn config_case(bytes: &[u8]) -> bool {
    let d = tempfile::tempdir().unwrap();
    let path = write_file(d.path(), "config.toml", bytes);
    let started = Instant::now();
    let mut accepted = false;
    let peak = peak_of(|| {
        if let Ok(c) = Config::load_from(&path, &[], &Overrides::default()) {
            accepted = true;
            let shown = c.to_toml();
            assert!(
                shown
                    .lines()
                    .all(|l| is_clean(l) && !l.contains('\t') && !l.contains('\r')),
                "{shown}"
            );
        }
    });
    assert_quick("config", started);
    assert_bounded("config", bytes.len(), peak, 64);
    accepted
}

fn menu_case(bytes: &[u8]) -> bool {
    let d = tempfile::tempdir().unwrap();
    let path = write_file(d.path(), "menu.toml", bytes);
    let started = Instant::now();
    let mut accepted = false;
    let peak = peak_of(|| {
        let from_text = Menu::from_toml(&String::from_utf8_lossy(bytes), "menu.toml");
        if let Ok(menu) = Menu::from_file(&path).or(from_text) {
            accepted = true;
            let table = maya::commands::menu_cmd::table(&menu);
            assert!(is_clean(&table), "{table:?}");
            let _ = menu.find("martini");
            let _ = menu.recommend("something sour");
        }
    });
    assert_quick("menu", started);
    assert_bounded("menu", bytes.len(), peak, 64);
    accepted
}

#[test]
fn the_journal_replay_survives_anything() {
    fuzz(
        "journal replay",
        "replayed to a non-empty session",
        200,
        input(journal_bytes()),
        |b| journal_case(&b),
    );
}

#[test]
fn the_vault_reader_survives_anything() {
    fuzz(
        "vault reader",
        "accepted as a vault",
        500,
        input(VAULT),
        |b| vault_case(&b),
    );
}

#[test]
fn the_config_loader_survives_anything() {
    fuzz(
        "config loader",
        "accepted as a config",
        500,
        input(CONFIG),
        |b| config_case(&b),
    );
}

#[test]
fn the_menu_loader_survives_anything() {
    fuzz("menu loader", "accepted as a menu", 200, input(MENU), |b| {
        menu_case(&b)
    });
}

/// Strings a terminal sanitizer must take apart: escape sequences, controls, bidi, all mixed.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z\\[\\];:?0-9\\\\]{0,16}",
        (0..NASTY.len()).prop_map(|i| NASTY[i].to_string()),
        Just("\u{1b}P".to_string()),
        Just("\u{1b}]".to_string()),
        Just("\u{1b}\\".to_string()),
        Just("\u{90}".to_string()),
        Just("\u{9c}".to_string()),
        Just("\u{e0041}".to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

/// Any chunking gives the output of one chunk, and nothing special ever comes out.
#[test]
fn the_sanitizer_is_chunking_invariant_and_always_clean() {
    let strategy = (hostile_text(), prop::collection::vec(any::<usize>(), 0..8));
    fuzz(
        "sanitizer",
        "had something removed",
        1000,
        strategy,
        |(text, cuts)| {
            let whole = sanitize(&text).into_owned();
            assert!(is_clean(&whole), "{text:?} -> {whole:?}");
            assert!(whole.len() <= text.len());
            let mut bounds: Vec<usize> = cuts
                .iter()
                .map(|c| {
                    let mut i = c % (text.len() + 1);
                    while !text.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                })
                .collect();
            bounds.sort_unstable();
            let mut s = Sanitizer::new();
            let mut out = String::new();
            let mut from = 0;
            for b in bounds.into_iter().chain([text.len()]) {
                s.push(&text[from..b], &mut out);
                from = b;
            }
            s.finish(&mut out);
            assert_eq!(out, whole, "{text:?} chunked differently");
            whole != text
        },
    );
}

/// The CLI's writer: any bytes, cut anywhere (mid-character too), come out as valid, clean
/// UTF-8, the same however they were cut.
#[test]
fn the_sanitizing_writer_is_chunking_invariant_and_always_clean() {
    use std::io::Write;
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        hostile_text().prop_map(String::into_bytes),
    ];
    let strategy = (bytes, prop::collection::vec(any::<usize>(), 0..8));
    fuzz(
        "sanitizing writer",
        "had something removed",
        1000,
        strategy,
        |(bytes, cuts)| {
            let run = |cuts: &[usize]| {
                let mut sink = Vec::new();
                {
                    let mut w = CleanWriter::new(&mut sink);
                    let mut from = 0;
                    for &c in cuts.iter().chain([&bytes.len()]) {
                        w.write_all(&bytes[from..c]).unwrap();
                        from = c;
                    }
                }
                sink
            };
            let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
            bounds.sort_unstable();
            let whole = run(&[]);
            let text = String::from_utf8(whole.clone()).expect("UTF-8");
            assert!(is_clean(&text), "{text:?}");
            assert_eq!(run(&bounds), whole, "{bytes:?} cut at {bounds:?}");
            whole != bytes
        },
    );
}
