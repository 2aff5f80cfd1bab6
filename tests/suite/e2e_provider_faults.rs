//! Provider faults as a guest sees them, in the real `maya` (tmux) against a local
//! OpenAI-compatible server: a rate limit shows "retrying in N s (2/4)" and Esc cancels the
//! wait with the text back in the composer; a stream that dies after some words keeps them,
//! marked interrupted, and `/retry` runs the turn again.

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use support::tmux::{Tmux, maya_bin};
use wiremock::{Request, Respond, ResponseTemplate};

const T: Duration = Duration::from_secs(20);

fn sse(pieces: &[&str], done: bool) -> String {
    let mut s = String::new();
    for p in pieces {
        let c = json!({"choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        s.push_str(&format!("data: {c}\n\n"));
    }
    if done {
        let c = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
        s.push_str(&format!("data: {c}\n\ndata: [DONE]\n\n"));
    }
    s
}

fn last_user_text(request: &Request) -> String {
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .rev()
        .find(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .to_string()
}

/// Greets; rate-limits "busy"; cuts "story" off after a few words the first time only.
struct Faulty {
    stories: Arc<AtomicUsize>,
    busy: Arc<AtomicUsize>,
}

impl Respond for Faulty {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let text = last_user_text(request);
        let stream = |body: String| {
            ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream")
        };
        if text.contains("busy") {
            self.busy.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(429)
                .insert_header("retry-after", "30")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}}));
        }
        if text.contains("story") {
            if self.stories.fetch_add(1, Ordering::SeqCst) == 0 {
                // Some words, then the connection's last bytes are an unframed error.
                let mut body = sse(&["Once ", "upon ", "a ", "time "], false);
                body.push_str("{\"error\": {\"message\": \"upstream went away\"}}\n");
                return stream(body);
            }
            return stream(sse(&["The ", "whole ", "story, ", "told ", "twice."], true));
        }
        stream(sse(&["Welcome ", "back."], true))
    }
}

#[test]
fn a_rate_limit_counts_down_and_esc_cancels_then_an_interrupted_reply_is_retried() {
    let stories = Arc::new(AtomicUsize::new(0));
    let busy = Arc::new(AtomicUsize::new(0));
    let model = support::local_model::serve(Faulty {
        stories: stories.clone(),
        busy: busy.clone(),
    });
    let uri = model.base_url.clone();
    let t = Tmux::new(
        120,
        40,
        &[("MAYA_PROVIDER", "openai"), ("MAYA_BASE_URL", &uri)],
    );
    t.run(maya_bin());
    t.wait_for("Welcome back.", T);

    t.text("are you busy tonight?");
    t.keys(&["Enter"]);
    let screen = t.wait_for("(2/4)", T);
    assert!(
        screen.contains("retrying in 30 s (2/4)") || screen.contains("retrying in 29 s (2/4)"),
        "{screen}"
    );
    t.keys(&["Escape"]);
    let screen = t.wait_until(T, "the text back in the composer", |s| {
        s.lines().any(|l| l.contains("› are you busy tonight?"))
    });
    assert!(
        !screen.contains("(2/4)"),
        "the wait was not cancelled:\n{screen}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        busy.load(Ordering::SeqCst),
        1,
        "a cancelled wait must not send again"
    );

    // Clear the composer, then a reply that dies mid-stream.
    t.keys(&["C-u"]);
    for _ in 0..40 {
        t.keys(&["BSpace"]);
    }
    t.text("tell me a story");
    t.keys(&["Enter"]);
    let screen = t.wait_for("(upstream went", T);
    assert!(
        screen.contains("Once upon a time"),
        "the partial reply is gone:\n{screen}"
    );
    assert!(
        screen.contains("interrupted"),
        "not marked interrupted:\n{screen}"
    );
    assert!(screen.contains("/retry"), "no hint to retry:\n{screen}");
    t.text("/retry");
    t.keys(&["Enter"]);
    let screen = t.wait_for("told twice.", T);
    assert!(screen.contains("Once upon a time"), "{screen}");
    assert_eq!(stories.load(Ordering::SeqCst), 2);

    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}
