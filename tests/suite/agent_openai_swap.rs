//! A swap the way a small local model should make it, through the real agent and the
//! OpenAI-compatible provider against a local server (wiremock on 127.0.0.1): "make one of the
//! martinis a negroni" streams ONE assistant message carrying two tool calls, remove_from_tab
//! then add_to_tab, their arguments cut mid-JSON. The tab ends with one of each, the balance is
//! right, and the next round sends both calls and both results back in order. Every request
//! also carries the help a small model leans on: the swap rule in the system prompt and in the
//! two tools' descriptions.

use crate::support::openai;

use std::sync::Arc;
use std::time::Duration;

use maya::agent::safety::Safety;
use maya::agent::{AgentSetup, Command, Event, SessionInfo};
use maya::bar::{Bar, Menu, TabView};
use maya::config::Config;
use maya::money::Cents;
use maya::payments::select::GatewaySelector;
use maya::payments::simulated::SimulatedGateway;
use maya::session::recorder::NoRecord;
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use openai::{KEY, chunk, provider};

fn sse(chunks: Vec<Value>) -> ResponseTemplate {
    let mut body: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    body.push_str("data: [DONE]\n\n");
    ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream")
}

fn say(text: &str) -> ResponseTemplate {
    sse(vec![
        chunk(json!({"role": "assistant", "content": text}), None),
        chunk(json!({}), Some("stop")),
    ])
}

/// One tool call's opening chunk (id, name, no arguments yet) at `index`.
fn opens(index: u32, id: &str, name: &str) -> Value {
    chunk(
        json!({"tool_calls": [{"index": index, "id": id, "type": "function",
                               "function": {"name": name, "arguments": ""}}]}),
        None,
    )
}

fn args(index: u32, piece: &str) -> Value {
    chunk(
        json!({"tool_calls": [{"index": index, "function": {"arguments": piece}}]}),
        None,
    )
}

/// A small model that does as its prompt and tools tell it.
struct SmallModel;

impl Respond for SmallModel {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let messages = body["messages"].as_array().unwrap();
        let last = messages.last().unwrap();
        let text = last["content"].as_str().unwrap_or("");
        if last["role"] == "tool" {
            return say("Done: one Martini and one Negroni.");
        }
        if text.contains("two martinis") {
            return sse(vec![
                chunk(json!({"role": "assistant", "content": null}), None),
                opens(0, "call_add2", "add_to_tab"),
                args(0, r#"{"item": "Martini", "quan"#),
                args(0, r#"tity": 2}"#),
                chunk(json!({}), Some("tool_calls")),
            ]);
        }
        if text.contains("a negroni") {
            // The swap: both calls in one message, each argument string cut mid-JSON.
            return sse(vec![
                chunk(json!({"role": "assistant", "content": null}), None),
                opens(0, "call_rm", "remove_from_tab"),
                args(0, r#"{"item": "Mar"#),
                args(0, r#"tini", "quantity": 1}"#),
                opens(1, "call_add", "add_to_tab"),
                args(1, r#"{"ite"#),
                args(1, r#"m": "Negroni"}"#),
                chunk(json!({}), Some("tool_calls")),
            ]);
        }
        say("Welcome.")
    }
}

struct Agent(maya::agent::AgentHandle);

impl Agent {
    async fn turn(&mut self, text: &str) -> Vec<Event> {
        self.0.commands.send(Command::Submit(text.into())).unwrap();
        let mut seen = Vec::new();
        loop {
            let e = tokio::time::timeout(Duration::from_secs(10), self.0.events.recv())
                .await
                .unwrap_or_else(|_| panic!("the turn did not end; saw {seen:#?}"))
                .expect("the agent stopped");
            let done = e == Event::TurnFinished;
            seen.push(e);
            if done {
                return seen;
            }
        }
    }
}

fn last_tab(events: &[Event]) -> TabView {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::TabChanged(t) => Some(t.clone()),
            _ => None,
        })
        .expect("the tab changed")
}

#[tokio::test]
async fn a_swap_streamed_as_two_tool_calls_in_one_message_leaves_one_of_each() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/v1/chat/completions"))
        .respond_with(SmallModel)
        .mount(&server)
        .await;
    let config = Config::default();
    let menu = Arc::new(Menu::builtin());
    let setup = AgentSetup {
        safety: Safety::new(&config.security, &config.rate),
        config,
        bar: Bar::new(menu, Cents::from_dollars(1000)),
        provider: Arc::new(provider(&server.uri(), Some(KEY))),
        payments: Arc::new(GatewaySelector::fixed(Arc::new(SimulatedGateway::new()))),
        pending_gateway: None,
        recorder: Box::new(NoRecord),
        info: SessionInfo {
            session_id: None,
            provider: "openai".into(),
            model: "gpt-test".into(),
            offline: false,
            simulated_payments: true,
            resumed: false,
        },
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec![],
        greet: false,
        session_key: "swap".into(),
        notices: vec![],
    };
    let mut agent = Agent(maya::agent::spawn(setup));
    agent.0.events.recv().await.expect("ready");

    let ordered = agent.turn("two martinis please").await;
    let tab = last_tab(&ordered);
    assert_eq!((tab.subtotal, tab.balance), (Cents(2600), Cents(97_400)));

    let swapped = agent.turn("make one of the martinis a negroni").await;
    let ran: Vec<&str> = swapped
        .iter()
        .filter_map(|e| match e {
            Event::ToolRan { summary, ok: true } => Some(summary.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ran.len(), 2, "{swapped:#?}");
    assert!(ran[0].contains("removed 1× Martini"), "{ran:?}");
    assert!(ran[1].contains("added 1× Negroni"), "{ran:?}");
    let tab = last_tab(&swapped);
    let lines: Vec<(String, u32)> = tab
        .lines
        .iter()
        .map(|l| (l.item.clone(), l.quantity))
        .collect();
    assert_eq!(lines, [("Martini".into(), 1), ("Negroni".into(), 1)]);
    assert_eq!(tab.subtotal, Cents(2400));
    assert_eq!(tab.balance, Cents(97_600), "the Martini was refunded");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4, "two rounds per turn");
    // The round after the swap: one assistant message with both calls, then both results.
    let body: Value = serde_json::from_slice(&requests[3].body).unwrap();
    let msgs = body["messages"].as_array().unwrap();
    let n = msgs.len();
    let calls = &msgs[n - 3]["tool_calls"];
    assert_eq!(calls[0]["function"]["name"], "remove_from_tab");
    assert_eq!(
        calls[0]["function"]["arguments"],
        r#"{"item": "Martini", "quantity": 1}"#
    );
    assert_eq!(calls[1]["function"]["name"], "add_to_tab");
    assert_eq!(calls[1]["function"]["arguments"], r#"{"item": "Negroni"}"#);
    assert_eq!(
        (
            msgs[n - 2]["tool_call_id"].as_str(),
            msgs[n - 1]["tool_call_id"].as_str()
        ),
        (Some("call_rm"), Some("call_add"))
    );
    for m in &msgs[n - 2..] {
        let result: Value = serde_json::from_str(m["content"].as_str().unwrap()).unwrap();
        assert_eq!(result["ok"], true, "{result}");
    }

    // What a small model reads about swaps, in every request.
    for r in &requests {
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let system = body["messages"][0]["content"].as_str().unwrap();
        assert!(
            system.contains("is remove_from_tab for what goes plus add_to_tab for what")
                && system.contains("Never two add_to_tab calls for a swap"),
            "{system}"
        );
        let tool = |name: &str| -> String {
            body["tools"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["function"]["name"] == name)
                .map(|t| t["function"]["description"].as_str().unwrap().to_string())
                .unwrap()
        };
        assert!(
            tool("add_to_tab").contains("Never two add_to_tab calls for one swap"),
            "{}",
            tool("add_to_tab")
        );
        assert!(tool("remove_from_tab").contains("first half of every change or swap"));
    }
}
