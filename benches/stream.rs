//! A long reply end to end. Target (DESIGN.md performance budget), release build on the 2-core
//! machine: a 100,000-character reply from a local OpenAI-compatible server at full speed
//! reaches the screen (SSE parse, scan, sanitize, journal, render at 120×40) at
//! ≥ 1,000,000 characters a second, and the first text is drawn within 20 ms of the first delta.
//!
//! The UI side mirrors `ui::run`: events are applied in batches and frames are coalesced to at
//! most one per 16 ms, with a final frame when the turn ends. The agent, the provider, the
//! guard and the journal are the real ones, started by `startup::prepare`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use maya::agent::{Command, Event};
use maya::config::{Config, Paths, ProviderKind, UiConfig};
use maya::startup::{self, LaunchOptions};
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const REPLY_CHARS: usize = 100_000;
const FRAME: Duration = Duration::from_millis(16);

/// ~4-character deltas, the size real models stream, of ordinary bar talk in paragraphs.
fn body() -> (String, usize) {
    let words = "A Negroni is equal parts gin, Campari and sweet vermouth, stirred over ice \
                 and finished with an orange twist. MOK 5-ha means Moksha: leave the day at \
                 the door. ";
    let mut text = String::new();
    let mut n = 0;
    while text.len() < REPLY_CHARS {
        text.push_str(words);
        n += 1;
        if n % 4 == 0 {
            text.push_str("\n\n");
        }
    }
    text.truncate(REPLY_CHARS);
    let mut sse = String::with_capacity(text.len() * 30);
    let bytes: Vec<char> = text.chars().collect();
    for piece in bytes.chunks(4) {
        let s: String = piece.iter().collect();
        let c = json!({"choices": [{"index": 0, "delta": {"content": s}, "finish_reason": null}]});
        sse.push_str("data: ");
        sse.push_str(&c.to_string());
        sse.push_str("\n\n");
    }
    sse.push_str("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    (sse, text.chars().count())
}

struct Run {
    total: Duration,
    first_text_drawn: Duration,
    chars: usize,
}

async fn one_reply(server: &MockServer, home: &std::path::Path) -> Run {
    let paths = Paths {
        config_dir: home.join("config"),
        data_dir: home.join("data"),
        state_dir: home.join("state"),
    };
    let mut config = Config::default();
    config.provider.kind = ProviderKind::Openai;
    config.provider.base_url = format!("{}/v1", server.uri());
    config.rate.messages_per_minute = 100_000;
    config.rate.message_burst = 100_000;
    config.rate.provider_requests_per_minute = 100_000;
    let launch = startup::prepare(
        &paths,
        &config,
        LaunchOptions {
            resume: None,
            greet: false,
        },
    )
    .await
    .expect("a bar");
    let mut handle = maya::agent::spawn(launch.setup);
    let mut app = App::new(&UiConfig::default(), Theme { color: true });
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // Ready first.
    if let Some(ev) = handle.events.recv().await {
        app.on_event(ev);
    }
    while let Ok(ev) = handle.events.try_recv() {
        app.on_event(ev);
    }
    let start = Instant::now();
    handle
        .commands
        .send(Command::Submit(
            "tell me everything about the Negroni".into(),
        ))
        .unwrap();
    let mut first_delta: Option<Instant> = None;
    let mut first_drawn: Option<Instant> = None;
    let mut chars = 0;
    let mut last_draw = Instant::now() - FRAME;
    let mut done = false;
    while !done {
        let Some(ev) = handle.events.recv().await else {
            break;
        };
        let mut batch = vec![ev];
        while let Ok(ev) = handle.events.try_recv() {
            batch.push(ev);
        }
        for ev in batch {
            match &ev {
                Event::AssistantDelta(t) => {
                    chars += t.chars().count();
                    first_delta.get_or_insert_with(Instant::now);
                }
                Event::TurnFinished => done = true,
                _ => {}
            }
            app.on_event(ev);
        }
        if done || last_draw.elapsed() >= FRAME || (first_delta.is_some() && first_drawn.is_none())
        {
            term.draw(|f| app.draw(f)).unwrap();
            last_draw = Instant::now();
            if first_delta.is_some() && first_drawn.is_none() {
                first_drawn = Some(last_draw);
            }
        }
    }
    let total = start.elapsed();
    let _ = handle.commands.send(Command::Quit);
    let _ = handle.task.await;
    Run {
        total,
        first_text_drawn: first_drawn
            .zip(first_delta)
            .map(|(d, f)| d - f)
            .unwrap_or_default(),
        chars,
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (sse, expected) = body();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(sse.into_bytes(), "text/event-stream"),
            )
            .mount(&server)
            .await;
        server
    });
    let home = tempfile::tempdir().unwrap();

    let mut group = c.benchmark_group("stream_e2e");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(expected as u64));
    group.bench_function("100k_chars_120x40", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let run = rt.block_on(one_reply(&server, home.path()));
                assert_eq!(
                    run.chars, expected,
                    "not every character reached the screen"
                );
                total += run.total;
            }
            total
        })
    });
    group.finish();

    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runs: Vec<Run> = (0..5)
        .map(|_| rt.block_on(one_reply(&server, home.path())))
        .collect();
    let best = runs.iter().map(|r| r.total).min().unwrap();
    let worst_first = runs.iter().map(|r| r.first_text_drawn).max().unwrap();
    println!(
        "stream end to end: {} chars in {:.1} ms = {:.0} chars/s (target ≥ 1,000,000); first text drawn {:.2} ms after the first delta (target ≤ 20 ms)",
        runs[0].chars,
        best.as_secs_f64() * 1e3,
        runs[0].chars as f64 / best.as_secs_f64(),
        worst_first.as_secs_f64() * 1e3
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
