//! The real `maya` binary in tmux, talking to an OpenAI-compatible server (wiremock on
//! 127.0.0.1) that streams a tool call for a Negroni and then a reply, the way a guest would
//! see it: the order lands on the tab in the side panel, and the status bar names the model.

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::tmux::{Tmux, maya_bin};
use unicode_width::UnicodeWidthChar;
use wiremock::{Request, Respond, ResponseTemplate};

const T: Duration = Duration::from_secs(20);
const KEY: &str = "sk-test-e2e0123456789abcdefghijkl";
/// The side panel is the rightmost 34 columns of a 120-column terminal.
const PANEL_FROM_COLUMN: usize = 120 - 34;

fn chunk(delta: Value, finish: Option<&str>) -> String {
    let c = json!({"id": "chatcmpl-e2e", "object": "chat.completion.chunk", "created": 1,
                   "model": "gpt-test", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    format!("data: {c}\n\n")
}

fn text_reply(words: &[&str]) -> String {
    let mut body = chunk(json!({"role": "assistant", "content": ""}), None);
    for w in words {
        body.push_str(&chunk(json!({"content": w}), None));
    }
    body.push_str(&chunk(json!({}), Some("stop")));
    body.push_str("data: [DONE]\n\n");
    body
}

/// Answers each round by what its messages hold: a tool result → the closing words; the
/// guest's order → a streamed `add_to_tab` call; anything else (the greeting) → a hello.
struct Bartender;

impl Respond for Bartender {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let last = messages.last().cloned().unwrap_or(Value::Null);
        let sse = if last["role"] == "tool" {
            text_reply(&[
                "One ",
                "Negroni, ",
                "stirred ",
                "and ",
                "on ",
                "your ",
                "tab.",
            ])
        } else if last["role"] == "user"
            && last["content"]
                .as_str()
                .is_some_and(|t| t.to_lowercase().contains("negroni"))
        {
            let mut b = chunk(
                json!({"role": "assistant", "content": null, "tool_calls": [{"index": 0,
                    "id": "call_negroni", "type": "function",
                    "function": {"name": "add_to_tab", "arguments": ""}}]}),
                None,
            );
            for piece in ["{\"it", "em\": \"Neg", "roni\"}"] {
                b.push_str(&chunk(
                    json!({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}),
                    None,
                ));
            }
            b.push_str(&chunk(json!({}), Some("tool_calls")));
            b.push_str("data: [DONE]\n\n");
            b
        } else {
            text_reply(&["Welcome ", "to ", "MOK ", "5-ha."])
        };
        ResponseTemplate::new(200).set_body_raw(sse.into_bytes(), "text/event-stream")
    }
}

/// The rightmost columns of each screen line, from `PANEL_FROM_COLUMN` on.
fn panel(screen: &str) -> String {
    let mut out = String::new();
    for line in screen.lines() {
        let mut col = 0;
        for ch in line.chars() {
            if col >= PANEL_FROM_COLUMN {
                out.push(ch);
            }
            col += ch.width().unwrap_or(0);
        }
        out.push('\n');
    }
    out
}

#[test]
fn an_order_through_an_openai_compatible_server() {
    let model = support::local_model::serve(Bartender);
    let uri = model.base_url.clone();
    let t = Tmux::new(
        120,
        40,
        &[
            ("MAYA_PROVIDER", "openai"),
            ("MAYA_BASE_URL", &uri),
            ("MAYA_MODEL", "gpt-test"),
            // The OpenAI key goes to a server other than OpenAI's only when named for it.
            ("MAYA_KEY", "openai"),
            ("OPENAI_API_KEY", KEY),
        ],
    );
    t.run(maya_bin());
    let screen = t.wait_for("5-ha.", T);
    let status = screen
        .lines()
        .find(|l| l.contains("MOK 5-ha · Maya"))
        .unwrap_or_else(|| panic!("no status bar:\n{screen}"));
    assert!(status.contains("openai · gpt-test"), "{status}");

    t.text("a negroni please");
    t.keys(&["Enter"]);
    let screen = t.wait_until(T, "the Negroni on the tab", |s| {
        // The tab's line: the drink and its price on one row of the panel.
        let tab_line = panel(s)
            .lines()
            .any(|l| l.contains("1× Negroni") && l.trim_end().ends_with("$11.00"));
        tab_line && s.contains("your tab.")
    });
    let side = panel(&screen);
    assert!(
        side.contains("$989.00"),
        "the balance in the panel:\n{side}"
    );
    assert!(!side.contains(KEY));
    assert!(!screen.contains(KEY));

    // Three rounds: the greeting, the order (answered with the call), the tool result.
    let requests = model.received_requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    for r in &requests {
        assert_eq!(
            r.headers.get("authorization").unwrap(),
            &format!("Bearer {KEY}")
        );
        assert!(!String::from_utf8_lossy(&r.body).contains(KEY));
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["model"], "gpt-test");
        assert_eq!(body["messages"][0]["role"], "system");
        let tools: Vec<&str> = body["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        assert!(tools.contains(&"add_to_tab"), "{tools:?}");
    }
    let last: Value = serde_json::from_slice(&requests[2].body).unwrap();
    let messages = last["messages"].as_array().unwrap();
    let n = messages.len();
    assert_eq!(messages[n - 2]["role"], "assistant");
    assert_eq!(
        messages[n - 2]["tool_calls"][0],
        json!({"id": "call_negroni", "type": "function",
               "function": {"name": "add_to_tab", "arguments": "{\"item\": \"Negroni\"}"}})
    );
    assert_eq!(messages[n - 1]["role"], "tool");
    assert_eq!(messages[n - 1]["tool_call_id"], "call_negroni");
    let result: Value =
        serde_json::from_str(messages[n - 1]["content"].as_str().unwrap()).expect("JSON text");
    assert_eq!(result["ok"], true, "{result}");

    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}
