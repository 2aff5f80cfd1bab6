//! Journal speed. Targets (DESIGN.md, issue 6), release build on the 2-core machine:
//! - replaying a 10,000-record journal (realistic ~200-byte records): ≤ 50 ms
//! - appending one record without fsync: p99 < 50 µs (criterion reports the mean; the p99 is
//!   measured over 10,000 appends and printed)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a panic is a failed bench"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use maya::agent::Entry;
use maya::bar::{Action, Bar, Menu};
use maya::llm::ChatMessage;
use maya::money::Cents;
use maya::session::journal::Journal;
use maya::session::record::{self, Record, SessionMeta};

fn records(n: usize) -> Vec<Record> {
    let menu = Arc::new(Menu::builtin());
    let mut bar = Bar::new(menu, Cents::from_dollars(1_000_000));
    (0..n)
        .map(|i| match i % 4 {
            0 => Record::Message { message: ChatMessage::User { text: format!("two martinis please, one of them dirty, number {i}") } },
            1 => Record::Message {
                message: ChatMessage::Assistant {
                    text: "Coming right up: 1× Martini and 1× Martini (dirty). Your tab is $26.00 — enjoy them slowly.".into(),
                    tool_calls: vec![],
                    raw: None,
                },
            },
            2 => Record::Entry { entry: Entry::Tool { summary: "added 1× Martini (dirty) · $13.00".into(), ok: true } },
            _ => Record::Bar {
                events: bar
                    .apply(Action::Order { item: "Water".into(), quantity: 1, modifiers: vec![] })
                    .unwrap_or_default(),
            },
        })
        .collect()
}

fn meta() -> serde_json::Value {
    serde_json::to_value(SessionMeta {
        provider: "house".into(),
        model: "offline".into(),
        starting_balance: Cents::from_dollars(1_000_000),
    })
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let recs = records(10_000);
    {
        let mut j: Journal<Record> = Journal::create(&path, meta()).unwrap();
        for r in &recs {
            j.append(r);
        }
        j.sync();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "journal of 10,000 records: {size} bytes ({} per record)",
        size / 10_000
    );
    let menu = Arc::new(Menu::builtin());
    c.bench_function("journal/replay_10000_records", |b| {
        b.iter(|| {
            let (restored, _) = record::load(black_box(&path), menu.clone(), Cents::ZERO).unwrap();
            black_box(restored.history.len())
        })
    });

    let append_path = dir.path().join("append.jsonl");
    let mut j: Journal<Record> = Journal::create(&append_path, meta()).unwrap();
    let one = recs[1].clone();
    c.bench_function("journal/append_one_record", |b| {
        b.iter(|| j.append(black_box(&one)))
    });

    let mut times: Vec<Duration> = (0..10_000)
        .map(|_| {
            let t = Instant::now();
            j.append(&one);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "journal/append p50 {:?} p99 {:?} max {:?} (target p99 < 50 µs)",
        times[5_000], times[9_900], times[9_999]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
