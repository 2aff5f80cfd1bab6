//! One long reply end to end: a local OpenAI-compatible server, the real agent (provider, guard,
//! sanitizer, journal, started by `startup::prepare`) and the real `App` drawn at 120×40 on a
//! `TestBackend`. The UI side mirrors `ui::run`: events are applied in batches and frames are
//! coalesced to at most one per 16 ms, with a final frame when the turn ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use maya::agent::{Command, Event};
use maya::config::{Config, Paths, ProviderKind, UiConfig};
use maya::startup::{self, LaunchOptions};
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use super::alloc;

const FRAME: Duration = Duration::from_millis(16);

/// The SSE body of a `chars`-character reply in ~4-character deltas (the size real models
/// stream), of ordinary bar talk in paragraphs; and its length in characters.
pub fn body(chars: usize) -> (Vec<u8>, usize) {
    let words = "A Negroni is equal parts gin, Campari and sweet vermouth, stirred over ice \
                 and finished with an orange twist. MOK 5-ha means Moksha: leave the day at \
                 the door. ";
    let mut text = String::new();
    let mut n = 0;
    while text.len() < chars {
        text.push_str(words);
        n += 1;
        if n % 4 == 0 {
            text.push_str("\n\n");
        }
    }
    text.truncate(chars);
    let mut sse = String::with_capacity(text.len() * 30);
    let all: Vec<char> = text.chars().collect();
    for piece in all.chunks(4) {
        let s: String = piece.iter().collect();
        let c = json!({"choices": [{"index": 0, "delta": {"content": s}, "finish_reason": null}]});
        sse.push_str("data: ");
        sse.push_str(&c.to_string());
        sse.push_str("\n\n");
    }
    sse.push_str("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    (sse.into_bytes(), text.chars().count())
}

/// A server on 127.0.0.1 answering every request with `body` as `text/event-stream`, on its own
/// thread. It writes from the one shared buffer, so serving allocates nothing per request and
/// the memory figures measure Maya, not the server. Returns the base URL.
pub fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let body: Arc<[u8]> = body.into();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let body = body.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let l = line.trim_end().to_ascii_lowercase();
                        if l.is_empty() {
                            break;
                        }
                        if let Some(v) = l.strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut request = vec![0; length];
                    if reader.read_exact(&mut request).is_err() {
                        return;
                    }
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    let out = reader.get_mut();
                    if out.write_all(head.as_bytes()).is_err() || out.write_all(&body).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

pub struct Run {
    /// From the guest's Enter to the last frame of the reply.
    pub total: Duration,
    /// From the first delta the UI received to the frame that drew it.
    pub first_text_drawn: Duration,
    pub chars: usize,
    /// Heap bytes live just before the guest's Enter.
    pub heap_before: usize,
    /// The most heap bytes live at once from the Enter to the last frame.
    pub heap_peak: usize,
    /// Heap bytes live after the last frame.
    pub heap_after: usize,
}

pub fn config(base_url: &str) -> Config {
    let mut config = Config::default();
    config.provider.kind = ProviderKind::Openai;
    config.provider.base_url = base_url.to_string();
    config.rate.messages_per_minute = 100_000;
    config.rate.message_burst = 100_000;
    config.rate.provider_requests_per_minute = 100_000;
    config
}

pub fn paths(home: &std::path::Path) -> Paths {
    Paths {
        config_dir: home.join("config"),
        data_dir: home.join("data"),
        state_dir: home.join("state"),
    }
}

pub async fn one_reply(base_url: &str, home: &std::path::Path) -> Run {
    let launch = startup::prepare(
        &paths(home),
        &config(base_url),
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
    term.draw(|f| app.draw(f)).unwrap();
    let heap_before = alloc::live();
    alloc::reset_peak();
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
    let heap_peak = alloc::peak();
    let heap_after = alloc::live();
    let _ = handle.commands.send(Command::Quit);
    let _ = handle.task.await;
    Run {
        total,
        first_text_drawn: first_drawn
            .zip(first_delta)
            .map(|(d, f)| d - f)
            .unwrap_or_default(),
        chars,
        heap_before,
        heap_peak,
        heap_after,
    }
}
