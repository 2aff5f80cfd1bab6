//! The agent driven through Commands with a scripted provider, asserting the Events.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;

use super::*;
use crate::bar::{Action, Menu, Tip};
use crate::llm::{
    ChatRequest, FinishReason, ProviderError, ProviderErrorKind, ProviderEvent, ToolCall,
};
use crate::money::Cents;
use crate::payments::simulated::SimulatedGateway;

mod card;
mod house;
mod memory;
mod payments;
mod queue;
mod saving;
mod spending;
mod steps;

type Item = Result<ProviderEvent, ProviderError>;

/// One scripted model round: its events, and whether the stream then hangs (to test Esc) or
/// waits for a gate before its last events (to act while Maya is still answering).
struct Round {
    items: Vec<Item>,
    hang: bool,
    gate: Option<(Arc<tokio::sync::Notify>, Vec<Item>)>,
}

#[derive(Clone, Default)]
struct Script {
    rounds: Arc<Mutex<VecDeque<Round>>>,
    requests: Arc<Mutex<Vec<ChatRequest>>>,
}

impl Script {
    fn round(&self, items: Vec<Item>) -> &Self {
        self.rounds.lock().unwrap().push_back(Round {
            items,
            hang: false,
            gate: None,
        });
        self
    }
    fn hanging(&self, items: Vec<Item>) -> &Self {
        self.rounds.lock().unwrap().push_back(Round {
            items,
            hang: true,
            gate: None,
        });
        self
    }
    /// A round that streams `items`, then waits until `gate` is opened, then streams `after`.
    fn gated(&self, items: Vec<Item>, gate: &Arc<tokio::sync::Notify>, after: Vec<Item>) -> &Self {
        self.rounds.lock().unwrap().push_back(Round {
            items,
            hang: false,
            gate: Some((gate.clone(), after)),
        });
        self
    }
    fn requests(&self) -> Vec<ChatRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl crate::llm::Provider for Script {
    fn id(&self) -> &str {
        "script"
    }
    fn model(&self) -> &str {
        "test"
    }
    fn stream(&self, request: ChatRequest) -> crate::llm::ProviderStream {
        self.requests.lock().unwrap().push(request);
        let round = self.rounds.lock().unwrap().pop_front().unwrap_or(Round {
            items: vec![
                Ok(ProviderEvent::TextDelta("(no script)".into())),
                Ok(finish()),
            ],
            hang: false,
            gate: None,
        });
        let s = futures::stream::iter(round.items);
        if let Some((gate, after)) = round.gate {
            let rest = futures::stream::once(async move {
                gate.notified().await;
                futures::stream::iter(after)
            });
            return s.chain(rest.flatten()).boxed();
        }
        if round.hang {
            s.chain(futures::stream::pending()).boxed()
        } else {
            s.boxed()
        }
    }
}

fn test_safety() -> Safety {
    let generous = crate::config::RateConfig {
        messages_per_minute: 10_000,
        message_burst: 10_000,
        ..Default::default()
    };
    Safety::new(&crate::config::SecurityConfig::default(), &generous)
}

fn text(t: &str) -> Item {
    Ok(ProviderEvent::TextDelta(t.into()))
}
fn finish() -> ProviderEvent {
    ProviderEvent::Finish(FinishReason::Stop)
}
fn stop() -> Item {
    Ok(finish())
}
fn call(id: &str, name: &str, args: &str) -> Item {
    Ok(ProviderEvent::ToolCall(ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: args.into(),
    }))
}
fn tools_done() -> Item {
    Ok(ProviderEvent::Finish(FinishReason::ToolCalls))
}

struct Harness {
    handle: AgentHandle,
    script: Script,
}

fn start(script: &Script, greet: bool) -> Harness {
    start_with(script, greet, Arc::new(SimulatedGateway::new()))
}

fn start_with(script: &Script, greet: bool, gateway: Arc<dyn crate::payments::Gateway>) -> Harness {
    start_setup(script, setup_with(script, greet, gateway))
}

fn start_setup(script: &Script, setup: AgentSetup) -> Harness {
    Harness {
        handle: spawn(setup),
        script: script.clone(),
    }
}

/// What [`start_with`] starts, for tests that change a part first (the recorder, …).
fn setup_with(
    script: &Script,
    greet: bool,
    gateway: Arc<dyn crate::payments::Gateway>,
) -> AgentSetup {
    let menu = Arc::new(Menu::builtin());
    AgentSetup {
        config: Config::default(),
        bar: Bar::new(menu, Cents::from_dollars(1000)),
        provider: Arc::new(script.clone()),
        payments: Arc::new(GatewaySelector::fixed(gateway)),
        pending_gateway: None,
        safety: test_safety(),
        recorder: Box::new(crate::session::recorder::NoRecord),
        info: SessionInfo {
            session_id: None,
            provider: "script".into(),
            model: "test".into(),
            offline: false,
            simulated_payments: true,
            resumed: false,
        },
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec![],
        greet,
        session_key: "test".into(),
        notices: vec![],
    }
}

impl Harness {
    fn send(&self, c: Command) {
        self.handle.commands.send(c).unwrap();
    }

    async fn next(&mut self) -> Event {
        tokio::time::timeout(Duration::from_secs(5), self.handle.events.recv())
            .await
            .expect("no event within 5 s")
            .expect("agent stopped")
    }

    /// Events up to and including the first that matches.
    async fn until(&mut self, pred: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut seen = Vec::new();
        loop {
            let e = self.next().await;
            let done = pred(&e);
            seen.push(e);
            if done {
                return seen;
            }
        }
    }

    async fn turn(&mut self) -> Vec<Event> {
        self.until(|e| matches!(e, Event::TurnFinished)).await
    }
}

fn said(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::AssistantDelta(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

fn last_tab(events: &[Event]) -> crate::bar::TabView {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::TabChanged(v) => Some(v.clone()),
            _ => None,
        })
        .expect("no TabChanged")
}

#[tokio::test]
async fn greets_then_orders_through_a_tool_call() {
    let script = Script::default();
    script.round(vec![text("Welcome to "), text("MOK 5-ha."), stop()]);
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"martini","quantity":2}"#),
        tools_done(),
    ]);
    script.round(vec![text("Two Martinis, coming up."), stop()]);
    let mut h = start(&script, true);
    let ready = h.next().await;
    assert!(matches!(ready, Event::Ready { .. }));
    let greeting = h.turn().await;
    assert_eq!(said(&greeting), "Welcome to MOK 5-ha.");

    h.send(Command::Submit("two martinis please".into()));
    let events = h.turn().await;
    assert_eq!(
        events[0],
        Event::TurnStarted {
            user_text: "two martinis please".into()
        }
    );
    assert!(events.contains(&Event::ToolRan {
        summary: "added 2× Martini · $26.00".into(),
        ok: true
    }));
    let tab = last_tab(&events);
    assert_eq!((tab.subtotal, tab.balance), (Cents(2600), Cents(97_400)));
    assert_eq!(said(&events), "Two Martinis, coming up.");

    // The model saw the tool result and the updated tab in the next round's prompt.
    let reqs = h.script.requests();
    assert_eq!(reqs.len(), 3);
    assert!(
        matches!(&reqs[0].messages[..], [ChatMessage::User { text }] if text == prompt::SESSION_START)
    );
    let last = &reqs[2];
    assert!(
        last.system.contains("2× Martini = $26.00"),
        "{}",
        last.system
    );
    assert!(
        matches!(last.messages.last(), Some(ChatMessage::ToolResult { call_id, .. }) if call_id == "c1")
    );
    assert_eq!(last.tools.len(), 9);
}

#[tokio::test]
async fn esc_keeps_the_partial_reply_and_the_history_stays_valid() {
    let script = Script::default();
    script.hanging(vec![text("Hel"), text("lo the")]);
    script.round(vec![text("Sure."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("hi".into()));
    // The guard releases whole words: "Hello " now, "the" once the word is complete.
    h.until(|e| matches!(e, Event::AssistantDelta(t) if t.contains("Hello")))
        .await;
    h.send(Command::CancelReply);
    let events = h.turn().await;
    assert!(events.contains(&Event::AssistantDone(ReplyState::Cancelled)));
    h.send(Command::Submit("one more".into()));
    h.turn().await;
    let reqs = h.script.requests();
    let msgs = &reqs[1].messages;
    assert!(
        matches!(&msgs[1], ChatMessage::Assistant { text, .. } if text == "Hello "),
        "{msgs:?}"
    );
    assert!(matches!(&msgs[2], ChatMessage::User { text } if text == "one more"));
}

#[tokio::test]
async fn a_failure_before_any_text_restores_the_input_and_retry_runs_again() {
    let script = Script::default();
    script.round(vec![Err(ProviderError::new(
        ProviderErrorKind::Network,
        "openai: connection refused",
    ))]);
    script.round(vec![text("Back again."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("hello".into()));
    let events = h.turn().await;
    assert!(events.contains(&Event::RestoreInput("hello".into())));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Error { message, hint: Some(h) }
        if message.contains("connection refused") && crate::ui::keymap::say(*h).contains("retry")))
    );
    h.send(Command::Retry);
    let events = h.turn().await;
    assert_eq!(events[0], Event::RetryStarted);
    assert_eq!(said(&events), "Back again.");
    let reqs = h.script.requests();
    assert_eq!(
        reqs[1].messages, reqs[0].messages,
        "retry sends the same history"
    );
}

#[tokio::test]
async fn a_failure_mid_reply_keeps_the_partial_text_marked_interrupted() {
    let script = Script::default();
    let mut err = ProviderError::new(ProviderErrorKind::Network, "stream cut");
    err.after_first_token = true;
    script.round(vec![text("Half a sen"), Err(err)]);
    script.round(vec![text("A whole sentence."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("tell me".into()));
    let events = h.turn().await;
    assert!(events.contains(&Event::AssistantDone(ReplyState::Interrupted)));
    assert!(!events.iter().any(|e| matches!(e, Event::RestoreInput(_))));
    h.send(Command::Retry);
    h.turn().await;
    let reqs = h.script.requests();
    assert!(
        matches!(reqs[1].messages.last(), Some(ChatMessage::User { text }) if text == "tell me")
    );
}

#[tokio::test]
async fn tool_rounds_are_bounded() {
    let script = Script::default();
    for i in 0..10 {
        script.round(vec![call(&format!("c{i}"), "view_tab", "{}"), tools_done()]);
    }
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("loop forever".into()));
    let events = h.turn().await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Notice(n) if n.contains("8 rounds")))
    );
    assert_eq!(h.script.requests().len(), 8);
}

#[tokio::test]
async fn control_characters_from_the_model_never_reach_the_ui() {
    let script = Script::default();
    script.round(vec![text("Hi\u{7}\u{8} there\u{0}"), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("hello".into()));
    let events = h.turn().await;
    let shown = said(&events);
    assert_eq!(shown, "Hi there");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Notice(n) if n.contains("removed 3")))
    );
}

#[tokio::test]
async fn quit_closes_the_agent() {
    let script = Script::default();
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Quit);
    assert_eq!(h.next().await, Event::Closed);
}

#[tokio::test]
async fn notes_about_a_reply_come_after_it_and_a_restored_message_says_so() {
    let script = Script::default();
    script.round(vec![text("Hi \u{1b}]52;c;aGk=\u{7}there."), stop()]);
    script.round(vec![Err(ProviderError::new(
        ProviderErrorKind::Network,
        "openai: connection refused",
    ))]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("hello".into()));
    let events = h.turn().await;
    let done = events
        .iter()
        .position(|e| matches!(e, Event::AssistantDone(_)))
        .expect("the reply ends");
    let note = events
        .iter()
        .position(|e| matches!(e, Event::Notice(n) if n.contains("removed 1 terminal control")))
        .expect("a note about the removed sequence");
    assert!(note > done, "the note must follow the reply: {events:?}");

    h.send(Command::Submit("again".into()));
    let events = h.turn().await;
    assert!(events.contains(&Event::RestoreInput("again".into())));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Error { hint: Some(h), .. }
        if *h == protocol::NextStep::Resend)),
        "{events:?}"
    );
}
