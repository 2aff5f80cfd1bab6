//! One TUI frame. Target (DESIGN.md, issue 3), release build on the 2-core machine: a frame of
//! a 10,000-message conversation at 120×40 with a warm cache renders in ≤ 1 ms, and within 2×
//! of a 10-message conversation (row counts are kept per message and a frame wraps only the
//! lines it shows, so the length of the history must not matter). The ratio is printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a panic is a failed bench"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Entry, Event, ReplyState, SessionInfo};
use maya::bar::{Action, Bar, Menu};
use maya::config::UiConfig;
use maya::money::Cents;
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn transcript(n: usize) -> Vec<Entry> {
    (0..n)
        .map(|i| match i % 4 {
            0 => Entry::User {
                text: format!("two martinis please, one of them dirty (round {i})"),
                blocked: None,
            },
            1 => Entry::Tool {
                summary: "added 1× Martini (dirty) · $13.00".into(),
                ok: true,
            },
            2 => Entry::Assistant {
                text: "Coming right up: **1× Martini** and 1× Martini (dirty). Your tab is \
                       $26.00. MOK 5-ha means *Moksha*, liberation: leave the day at the door, \
                       and let the evening take its time. Anything to eat with that?"
                    .into(),
                state: ReplyState::Complete,
            },
            _ => Entry::Notice {
                text: "Guest set a 15 % tip ($3.90)".into(),
            },
        })
        .collect()
}

fn app(n: usize) -> App {
    let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000));
    bar.apply(Action::Order {
        item: "Martini".into(),
        quantity: 2,
        modifiers: vec![],
    })
    .unwrap();
    let mut a = App::new(&UiConfig::default(), Theme { color: true });
    a.on_event(Event::Ready {
        info: SessionInfo {
            session_id: Some("1202-negroni-7f3a".into()),
            provider: "house".into(),
            model: "offline".into(),
            offline: true,
            simulated_payments: true,
            resumed: true,
        },
        transcript: transcript(n),
        input_history: vec![],
        tab: bar.view(),
    });
    a
}

/// A terminal with the app drawn once, so every cache is warm.
fn warm(n: usize) -> (App, Terminal<TestBackend>) {
    let mut a = app(n);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    (a, t)
}

fn frame(a: &mut App, t: &mut Terminal<TestBackend>) {
    t.draw(|f| a.draw(black_box(f))).unwrap();
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_120x40");
    for n in [10, 10_000] {
        let (mut a, mut t) = warm(n);
        group.bench_function(format!("{n}_messages"), |b| {
            b.iter(|| frame(&mut a, &mut t))
        });
    }
    group.finish();

    // A resize lays every message out again (their row counts are kept per width): every
    // frame here alternates between two widths, so all of it is counting rows. Target: a
    // 10,000-message conversation re-lays out within 50 ms. Measured here: 26 ms with
    // ui/wrap.rs, 41 ms with the per-char wrappers it replaced.
    let mut group = c.benchmark_group("resize_120x40");
    group.sample_size(20);
    for n in [10, 10_000] {
        let (mut a, mut t) = warm(n);
        let mut wide = true;
        group.bench_function(format!("{n}_messages"), |b| {
            b.iter(|| {
                wide = !wide;
                t.backend_mut().resize(if wide { 120 } else { 119 }, 40);
                frame(&mut a, &mut t)
            })
        });
    }
    group.finish();

    // Typing at the end of a draft holding a whole 64 KiB paste: a key, Backspace and the frame
    // after them. Target: ≤ 2 ms, so typing never lags behind the keyboard (measured here:
    // 0.62 ms; the hand-written composer took 0.57 ms).
    let mut group = c.benchmark_group("type_120x40");
    group.sample_size(20);
    let (mut a, mut t) = warm(10);
    a.on_paste(&"a martini, dry; ".repeat(64 * 1024 / 16));
    group.bench_function("key_into_a_64k_draft", |b| {
        b.iter(|| {
            a.on_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
            a.on_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            frame(&mut a, &mut t)
        })
    });
    group.finish();

    // `cargo test --all-targets` runs benches once as a smoke test (unoptimised, without
    // `--bench`): the printed figures are only worth their time under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let per_frame = |n: usize| {
        let (mut a, mut t) = warm(n);
        let rounds = 500;
        let start = Instant::now();
        for _ in 0..rounds {
            frame(&mut a, &mut t);
        }
        start.elapsed().as_secs_f64() / f64::from(rounds)
    };
    let (small, big) = (per_frame(10), per_frame(10_000));
    println!(
        "frame at 120x40: 10 messages {:.0} µs, 10,000 messages {:.0} µs, ratio {:.2} (targets ≤ 1000 µs, ≤ 2×)",
        small * 1e6,
        big * 1e6,
        big / small
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
