//! An impatient guest in the real `maya` (tmux): the order typed the instant the bar opens
//! lands on the tab; typed while Maya is still greeting, it waits (shown as queued) and goes
//! when she finishes; left queued at closing time, it is printed on the way out and comes back
//! with `--resume`.

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::tmux::{Tmux, maya_bin};
use wiremock::{Request, Respond, ResponseTemplate};

const T: Duration = Duration::from_secs(20);

fn chunk(delta: Value, finish: Option<&str>) -> String {
    let c = json!({"id": "chatcmpl-q", "object": "chat.completion.chunk", "created": 1,
                   "model": "gpt-test", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    format!("data: {c}\n\n")
}

fn words(words: &[&str]) -> String {
    let mut body = String::new();
    for w in words {
        body.push_str(&chunk(json!({"content": w}), None));
    }
    body.push_str(&chunk(json!({}), Some("stop")));
    body.push_str("data: [DONE]\n\n");
    body
}

/// A model slow to greet (`greeting_delay`), that orders a Negroni when asked for one.
struct SlowGreeter {
    greeting_delay: Duration,
}

impl Respond for SlowGreeter {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let last = messages.last().cloned().unwrap_or(Value::Null);
        let text = last["content"].as_str().unwrap_or("").to_lowercase();
        let sse = |s: String| {
            ResponseTemplate::new(200).set_body_raw(s.into_bytes(), "text/event-stream")
        };
        if last["role"] == "tool" {
            sse(words(&["One ", "Negroni, ", "on ", "your ", "tab."]))
        } else if text.contains("negroni") {
            let call = json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                "function": {"name": "add_to_tab", "arguments": "{\"item\":\"Negroni\"}"}}]});
            let mut b = chunk(call, None);
            b.push_str(&chunk(json!({}), Some("tool_calls")));
            b.push_str("data: [DONE]\n\n");
            sse(b)
        } else if text.starts_with("[session start]") {
            sse(words(&["Good ", "evening, ", "welcome ", "in."])).set_delay(self.greeting_delay)
        } else {
            sse(words(&["Noted."]))
        }
    }
}

fn slow_bar(greeting_delay: Duration) -> (support::local_model::LocalModel, Tmux) {
    let model = support::local_model::serve(SlowGreeter { greeting_delay });
    let t = Tmux::new(
        120,
        40,
        &[
            ("MAYA_PROVIDER", "openai"),
            ("MAYA_BASE_URL", &model.base_url),
        ],
    );
    (model, t)
}

fn negroni_on_the_tab(s: &str) -> bool {
    s.lines()
        .any(|l| l.contains("1× Negroni") && l.trim_end().ends_with("$11.00"))
}

#[test]
fn an_order_typed_the_instant_the_bar_opens_lands_on_the_tab() {
    let t = Tmux::new(120, 40, &[("MAYA_HOUSE_WORD_DELAY_MS", "18")]);
    t.run(maya_bin());
    t.wait_for("MOK 5-ha · Maya", T);
    t.text("two martinis please");
    t.keys(&["Enter"]);
    let screen = t.wait_until(T, "the martinis on the tab", |s| {
        s.lines()
            .any(|l| l.contains("2× Martini") && l.trim_end().ends_with("$26.00"))
    });
    assert!(!screen.contains("still answering"), "bounced:\n{screen}");
    // Her greeting came first, then the order, and nothing was said twice.
    let greeting = screen.find("offline").expect("the greeting");
    let order = screen.find("You   two martinis please").expect("the order");
    assert!(greeting < order, "{screen}");
    assert_eq!(screen.matches("You   two martinis please").count(), 1);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt", |s| s.trim_end().ends_with('$'));
}

/// Typed before the bar has even taken the terminal: the tty's cooked mode turned Enter into a
/// line feed, which a raw terminal reads as Ctrl+J (a new line in the composer). The order must
/// still go, not sit in the composer.
#[test]
fn an_order_typed_before_the_bar_opens_is_sent_not_left_in_the_composer() {
    let t = Tmux::new(120, 40, &[("MAYA_HOUSE_WORD_DELAY_MS", "18")]);
    t.run(maya_bin());
    t.text("two martinis please");
    t.keys(&["Enter"]);
    let screen = t.wait_until(T, "the martinis on the tab", |s| {
        s.lines()
            .any(|l| l.contains("2× Martini") && l.trim_end().ends_with("$26.00"))
    });
    assert_eq!(screen.matches("two martinis please").count(), 1, "{screen}");
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt", |s| s.trim_end().ends_with('$'));
}

#[test]
fn an_order_typed_while_she_greets_waits_and_goes_when_she_finishes() {
    let (model, t) = slow_bar(Duration::from_millis(2500));
    t.run(maya_bin());
    t.wait_for("MOK 5-ha · Maya", T);
    t.text("a negroni please");
    t.keys(&["Enter"]);
    let screen = t.wait_for("sends when Maya finishes · Esc stops her now", T);
    assert!(screen.contains("You   a negroni please"), "{screen}");
    assert!(!negroni_on_the_tab(&screen), "{screen}");
    // A second Enter on the empty line sends nothing twice.
    t.keys(&["Enter"]);

    let screen = t.wait_until(T, "the Negroni on the tab", |s| {
        negroni_on_the_tab(s) && s.contains("on your tab.")
    });
    let greeting = screen.find("welcome in.").expect("the greeting");
    let order = screen.find("You   a negroni please").expect("the order");
    assert!(greeting < order, "{screen}");
    assert!(!screen.contains("sends when Maya finishes"), "{screen}");
    assert_eq!(screen.matches("a negroni please").count(), 1, "{screen}");
    // The greeting, the order (answered with the call), the tool result: nothing more.
    assert_eq!(model.received_requests().len(), 3);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt", |s| s.trim_end().ends_with('$'));
}

#[test]
fn what_is_still_queued_at_closing_time_is_printed_and_comes_back_with_resume() {
    let (_model, t) = slow_bar(Duration::from_secs(60));
    t.run(maya_bin());
    t.wait_for("MOK 5-ha · Maya", T);
    t.text("a negroni please");
    t.keys(&["Enter"]);
    t.wait_for("sends when Maya finishes", T);
    t.text("and the bill");
    t.keys(&["C-d"]);
    let screen = t.wait_until(T, "the shell prompt", |s| s.trim_end().ends_with('$'));
    assert!(
        screen.contains("Not sent (still queued; `maya --resume "),
        "{screen}"
    );
    assert!(screen.contains("  › a negroni please"), "{screen}");
    assert!(
        screen.contains("Left in the composer, not sent:"),
        "{screen}"
    );
    assert!(screen.contains("  › and the bill"), "{screen}");

    t.run("clear");
    t.run(&format!("{} --resume last", maya_bin()));
    let screen = t.wait_for("not sent yet · Enter on an empty line sends", T);
    assert!(screen.contains("You   a negroni please"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_until(T, "the Negroni on the tab", negroni_on_the_tab);
    assert!(!screen.contains("not sent yet"), "{screen}");
    t.keys(&["C-d"]);
    let screen = t.wait_until(T, "the shell prompt", |s| s.trim_end().ends_with('$'));
    assert!(!screen.contains("Not sent"), "nothing is left:\n{screen}");
}
