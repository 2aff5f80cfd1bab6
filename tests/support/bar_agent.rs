//! The real agent for payment tests, driven the way the UI drives it, with a real session
//! journal in a temporary directory so a test can "kill" it (abort the task mid-request, as
//! SIGKILL would) and resume from what reached the disk.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use maya::agent::safety::Safety;
use maya::agent::{AgentHandle, AgentSetup, Command, Event, SessionInfo};
use maya::bar::{Bar, Menu};
use maya::config::Config;
use maya::llm::house::HouseBartender;
use maya::money::Cents;
use maya::payments::GatewayKind;
use maya::payments::select::GatewaySelector;
use maya::session::journal::Journal;
use maya::session::record::{self, JournalRecorder, Record, SessionMeta};
use maya::session::recorder::Recorder;

pub const SESSION: &str = "card-test-session";

pub fn bar() -> Bar {
    Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000))
}

/// A new session journal at `dir/session.jsonl`.
pub fn new_journal(dir: &Path) -> (PathBuf, Box<dyn Recorder>) {
    let path = dir.join("session.jsonl");
    let meta = SessionMeta {
        provider: "house".into(),
        model: "offline".into(),
        starting_balance: Cents::from_dollars(1000),
    };
    let journal: Journal<Record> =
        Journal::create(&path, serde_json::to_value(&meta).unwrap()).unwrap();
    (path, Box::new(JournalRecorder::new(journal)))
}

/// What a resumed session starts from: the Bar replayed from the journal, the gateway of its
/// pending checkout, and a recorder that appends to the same file.
pub fn resume_journal(path: &Path) -> (Bar, Option<GatewayKind>, Box<dyn Recorder>) {
    let (restored, at) =
        record::load(path, Arc::new(Menu::builtin()), Cents::from_dollars(1000)).unwrap();
    let journal: Journal<Record> = Journal::resume(path, at.good_len).unwrap();
    (
        restored.bar,
        restored.pending_gateway,
        Box::new(JournalRecorder::new(journal)),
    )
}

pub struct Start {
    pub config: Config,
    pub bar: Bar,
    pub selector: GatewaySelector,
    pub pending: Option<GatewayKind>,
    pub recorder: Box<dyn Recorder>,
}

pub fn start(s: Start) -> Driven {
    let menu = Arc::new(Menu::builtin());
    let setup = AgentSetup {
        safety: Safety::new(&s.config.security, &s.config.rate),
        config: s.config,
        bar: s.bar,
        provider: Arc::new(HouseBartender::new(
            menu,
            Duration::ZERO,
            maya::ui::keymap::say,
        )),
        payments: Arc::new(s.selector),
        pending_gateway: s.pending,
        recorder: s.recorder,
        info: SessionInfo {
            session_id: Some(SESSION.into()),
            provider: "house".into(),
            model: "offline".into(),
            offline: true,
            simulated_payments: false,
            resumed: false,
        },
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec![],
        greet: false,
        session_key: SESSION.into(),
        notices: vec![],
    };
    Driven(maya::agent::spawn(setup))
}

/// The agent, driven like the UI drives it.
pub struct Driven(pub AgentHandle);

impl Driven {
    pub fn send(&self, c: Command) {
        self.0.commands.send(c).unwrap();
    }

    pub async fn until(&mut self, what: &str, pred: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut seen = Vec::new();
        loop {
            let e = tokio::time::timeout(Duration::from_secs(10), self.0.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no {what} within 10 s; saw {seen:#?}"))
                .expect("the agent stopped");
            let done = pred(&e);
            seen.push(e);
            if done {
                return seen;
            }
        }
    }

    /// Everything that arrives within `wait`.
    pub async fn drain(&mut self, wait: Duration) -> Vec<Event> {
        let mut seen = Vec::new();
        let end = tokio::time::Instant::now() + wait;
        while let Ok(Some(e)) = tokio::time::timeout_at(end, self.0.events.recv()).await {
            seen.push(e);
        }
        seen
    }

    pub async fn ready(&mut self) {
        self.until("ready", |e| matches!(e, Event::Ready { .. }))
            .await;
    }

    pub async fn say(&mut self, text: &str) -> Vec<Event> {
        self.send(Command::Submit(text.into()));
        self.until("the end of the turn", |e| matches!(e, Event::TurnFinished))
            .await
    }

    /// Ctrl+P: the link that appears (url, simulated).
    pub async fn checkout(&mut self) -> (String, bool) {
        self.send(Command::Checkout);
        let events = self
            .until("a payment link", |e| matches!(e, Event::PaymentLink { .. }))
            .await;
        match events.last() {
            Some(Event::PaymentLink { url, simulated, .. }) => (url.clone(), *simulated),
            _ => unreachable!(),
        }
    }

    /// Stop the agent where it is, like SIGKILL: requests already sent still reach the server.
    pub async fn kill(self) {
        self.0.task.abort();
        let _ = self.0.task.await;
    }
}

/// The last tab the agent showed.
pub fn last_tab(events: &[Event]) -> Option<maya::bar::TabView> {
    events.iter().rev().find_map(|e| match e {
        Event::TabChanged(v) => Some(v.clone()),
        _ => None,
    })
}
