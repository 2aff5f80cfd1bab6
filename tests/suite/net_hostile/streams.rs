//! Streams that never end, never finish or never answer: each is cut at its cap or deadline
//! with one line naming the setting, and the client stops reading.

use std::sync::Arc;
use std::time::{Duration, Instant};

use maya::config::ProviderConfig;
use maya::llm::anthropic::Anthropic;
use maya::llm::gemini::Gemini;
use maya::llm::openai::OpenAi;
use maya::llm::{KeyCheck, Provider, ProviderError, ProviderErrorKind, ProviderEvent};

use super::*;

/// What a hostile stream server sends before giving up by itself: far past every cap below.
const FLOOD: usize = 256 << 20;
/// A client that stopped reading at its cap leaves at most this much sent: the cap, plus what
/// the socket buffers and the HTTP client had taken in.
const STOPPED_EARLY: usize = 24 << 20;

/// Small caps, so a test reaches them in milliseconds.
fn capped(base: &str) -> ProviderConfig {
    ProviderConfig {
        max_line_bytes: 256 << 10,
        max_event_bytes: 512 << 10,
        max_reply_bytes: 2 << 20,
        ..cfg(base)
    }
}

const NAMES: [&str; 3] = ["Gemini", "OpenAI", "Anthropic"];

fn provider_named(name: &str, c: &ProviderConfig) -> Arc<dyn Provider> {
    providers_with(c)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
}

/// A reply in `name`'s own wire format that never ends: ~8 KB of "ha " deltas per chunk.
fn endless_reply(name: &'static str) -> impl Fn(usize) -> Vec<u8> + Send + Sync + 'static {
    move |i| {
        let (start, delta) = match name {
            "Gemini" => (
                String::new(),
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"ha \"}]}}]}\r\n\r\n",
            ),
            "OpenAI" => (
                String::new(),
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ha \"}}]}\n\n",
            ),
            _ => (
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1}}}\n\n\
                 event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                    .to_string(),
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ha \"}}\n\n",
            ),
        };
        let mut out = if i == 0 { start } else { String::new() };
        out.push_str(&delta.repeat(100));
        out.into_bytes()
    }
}

/// Run `name` against a server sending `next`, with `c`'s limits; the error must name `setting`.
async fn ends_with(
    name: &'static str,
    next: impl Fn(usize) -> Vec<u8> + Send + Sync + 'static,
    pause: Duration,
    c: impl Fn(&str) -> ProviderConfig,
    setting: &str,
) -> (Vec<ProviderEvent>, ProviderError, drip::Drip) {
    let server = drip::serve(200, next, pause, FLOOD).await;
    let p = provider_named(name, &c(&server.url));
    let (events, err) = collect(p.as_ref()).await;
    let err = err.unwrap_or_else(|| panic!("{name}: an endless stream cannot end well"));
    assert!(err.message.contains(setting), "{name}: {err:?}");
    assert!(!err.message.contains('\n'), "one line: {:?}", err.message);
    assert!(
        server.sent() < STOPPED_EARLY,
        "{name}: the client kept reading ({} bytes)",
        server.sent()
    );
    assert_eq!(
        server.requests.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "{name}: a capped reply is not retried"
    );
    (events, err, server)
}

#[tokio::test]
async fn an_endless_line_is_cut_at_max_line_bytes() {
    for name in NAMES {
        let (events, err, _) = ends_with(
            name,
            |_| vec![b'x'; 64 << 10],
            Duration::ZERO,
            capped,
            "max_line_bytes",
        )
        .await;
        assert!(events.is_empty() && !err.after_first_token, "{name}");
    }
}

#[tokio::test]
async fn endless_data_lines_are_cut_at_max_event_bytes() {
    let line = format!("data: {}\n", "y".repeat(1000));
    for name in NAMES {
        let line = line.clone();
        let (_, err, _) = ends_with(
            name,
            move |_| line.repeat(64).into_bytes(),
            Duration::ZERO,
            capped,
            "max_event_bytes",
        )
        .await;
        assert!(!err.after_first_token, "{name}");
    }
}

#[tokio::test]
async fn an_endless_reply_is_cut_at_max_reply_bytes_and_keeps_its_text() {
    for name in NAMES {
        let (events, err, _) = ends_with(
            name,
            endless_reply(name),
            Duration::ZERO,
            capped,
            "max_reply_bytes",
        )
        .await;
        assert!(err.after_first_token, "{name}: {err:?}");
        assert!(
            events
                .iter()
                .any(|e| matches!(e, ProviderEvent::TextDelta(t) if t == "ha ")),
            "{name}: the text before the cap is delivered"
        );
    }
}

#[tokio::test]
async fn a_slow_drip_is_cut_at_the_reply_deadline() {
    for name in NAMES {
        let started = Instant::now();
        let (_, err, _) = ends_with(
            name,
            |_| b": still here\n".to_vec(),
            Duration::from_millis(50),
            |base| ProviderConfig {
                reply_timeout_secs: 1,
                ..cfg(base)
            },
            "reply_timeout_secs",
        )
        .await;
        assert_eq!(err.kind, ProviderErrorKind::Network, "{name}");
        assert!(started.elapsed() < Duration::from_secs(10), "{name}");
    }
}

/// A server that takes the request and never answers: the reply deadline ends the wait even
/// when the first-byte timeout is longer.
#[tokio::test]
async fn a_silent_server_is_cut_at_the_reply_deadline() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((conn, _)) = listener.accept().await {
            held.push(conn);
        }
    });
    for name in NAMES {
        let c = ProviderConfig {
            first_byte_timeout_secs: 60,
            reply_timeout_secs: 1,
            ..cfg(&url)
        };
        let started = Instant::now();
        let (_, err) = collect(provider_named(name, &c).as_ref()).await;
        let err = err.expect(name);
        assert!(
            err.message.contains("reply_timeout_secs"),
            "{name}: {err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{name}");
    }
}

/// Error bodies and key-check bodies are read up to a small cap, however much a server sends.
#[tokio::test]
async fn error_and_key_check_bodies_are_bounded() {
    let endless = |_| vec![b'e'; 64 << 10];
    for name in NAMES {
        let server = drip::serve(500, endless, Duration::ZERO, FLOOD).await;
        let (_, err) = collect(provider_named(name, &cfg(&server.url)).as_ref()).await;
        assert!(err.is_some(), "{name}");
        assert!(server.sent() < STOPPED_EARLY, "{name}: {}", server.sent());

        let server = drip::serve(400, endless, Duration::ZERO, FLOOD).await;
        let c = cfg(&server.url);
        let check = match name {
            "Gemini" => Gemini::new(&c, secret(GEMINI_KEY)).unwrap().check().await,
            "OpenAI" => {
                OpenAi::new(&c, Some(secret(OPENAI_KEY)))
                    .unwrap()
                    .check()
                    .await
            }
            _ => {
                Anthropic::new(&c, secret(ANTHROPIC_KEY))
                    .unwrap()
                    .check()
                    .await
            }
        };
        assert!(!matches!(check, KeyCheck::Accepted), "{name}");
        assert!(
            server.sent() < STOPPED_EARLY,
            "{name}'s key check read {} bytes",
            server.sent()
        );
    }
}

/// Through the whole program, as a guest meets it: `maya ask` against a server that sends an
/// endless line, then one that drips for ever, ends the turn with one line saying what
/// happened and which setting moves the limit, and exits with a failure.
#[tokio::test(flavor = "multi_thread")]
async fn maya_ask_ends_the_turn_with_a_line_saying_what_happened() {
    let endless = drip::serve(200, |_| vec![b'x'; 64 << 10], Duration::ZERO, FLOOD).await;
    let dripping = drip::serve(
        200,
        |_| b": still here\n".to_vec(),
        Duration::from_millis(50),
        FLOOD,
    )
    .await;
    let cases = [
        (
            &endless,
            "MAYA_PROVIDER_MAX_LINE_BYTES",
            "65536",
            "max_line_bytes",
        ),
        (
            &dripping,
            "MAYA_PROVIDER_REPLY_TIMEOUT_SECS",
            "1",
            "reply_timeout_secs",
        ),
    ];
    for (server, var, value, setting) in cases {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = super::cli::maya(&home);
        cmd.env("MAYA_PROVIDER", "openai")
            .env("MAYA_BASE_URL", format!("{}/v1", server.url))
            .env(var, value)
            .args(["ask", "a negroni please"]);
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        let said: Vec<&str> = err.lines().filter(|l| l.contains(setting)).collect();
        assert_eq!(said.len(), 1, "{err}");
        assert!(server.sent() < STOPPED_EARLY, "{}", server.sent());
    }
}
