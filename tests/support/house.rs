//! The house bartender behind the real agent (scanner, spending guard, simulated payments),
//! driven the way the UI drives it, one guest message at a time.

use std::sync::Arc;
use std::time::Duration;

use maya::agent::safety::Safety;
use maya::agent::{AgentHandle, AgentSetup, Command, Event, SessionInfo};
use maya::bar::{Bar, Menu, TabView};
use maya::config::{Config, RateConfig};
use maya::llm::house::HouseBartender;
use maya::money::Cents;
use maya::payments::select::GatewaySelector;
use maya::payments::simulated::SimulatedGateway;
use maya::session::recorder::NoRecord;

/// One evening: the agent, the latest tab it showed, and what Maya said in the last turn.
pub struct Evening {
    agent: AgentHandle,
    pub tab: TabView,
    pub said: String,
    /// Every event of the last turn, for failure messages.
    pub events: Vec<Event>,
    /// How the guest answers the spending guard.
    pub allow: bool,
}

impl Evening {
    pub async fn open() -> Evening {
        let menu = Arc::new(Menu::builtin());
        let config = Config::default();
        // A guest types faster than the default limit allows over a long scripted evening.
        let rate = RateConfig {
            messages_per_minute: 10_000,
            message_burst: 10_000,
            ..RateConfig::default()
        };
        let setup = AgentSetup {
            safety: Safety::new(&config.security, &rate),
            config,
            bar: Bar::new(menu.clone(), Cents::from_dollars(1000)),
            provider: Arc::new(HouseBartender::new(
                menu,
                Duration::ZERO,
                maya::ui::keymap::say,
            )),
            payments: Arc::new(GatewaySelector::fixed(Arc::new(SimulatedGateway::new()))),
            pending_gateway: None,
            recorder: Box::new(NoRecord),
            info: SessionInfo {
                session_id: None,
                provider: "house".into(),
                model: "offline".into(),
                offline: true,
                simulated_payments: true,
                resumed: false,
            },
            history: vec![],
            transcript: vec![],
            input_history: vec![],
            queued: vec![],
            greet: false,
            session_key: "house-evening".into(),
            notices: vec![],
        };
        let mut e = Evening {
            agent: maya::agent::spawn(setup),
            tab: TabView::default(),
            said: String::new(),
            events: vec![],
            allow: true,
        };
        e.until(|e| matches!(e, Event::Ready { .. })).await;
        e
    }

    async fn next(&mut self) -> Event {
        let e = tokio::time::timeout(Duration::from_secs(10), self.agent.events.recv())
            .await
            .unwrap_or_else(|_| panic!("no event within 10 s after {:#?}", self.events))
            .expect("the agent stopped");
        match &e {
            Event::Ready { tab, .. } | Event::TabChanged(tab) => self.tab = tab.clone(),
            Event::ConsentRequest { .. } => {
                let allow = self.allow;
                self.send(Command::AnswerConsent { allow });
            }
            _ => {}
        }
        e
    }

    async fn until(&mut self, pred: impl Fn(&Event) -> bool) {
        self.events.clear();
        loop {
            let e = self.next().await;
            let done = pred(&e);
            self.events.push(e);
            if done {
                return;
            }
        }
    }

    fn send(&self, c: Command) {
        self.agent.commands.send(c).expect("the agent is running");
    }

    /// The guest types `text`; returns what Maya said in that turn. A few lines stand for keys
    /// instead: `/paid` confirms the simulated payment, `/tip N` presses a tip button.
    pub async fn say(&mut self, text: &str) -> String {
        if text == "/paid" {
            self.send(Command::ConfirmSimulatedPayment);
            self.until(|e| matches!(e, Event::Receipt(_) | Event::Error { .. }))
                .await;
            self.said.clear();
            return String::new();
        }
        if let Some(p) = text.strip_prefix("/tip ") {
            self.send(Command::ToggleTip(p.trim().parse().expect("/tip N")));
            self.until(|e| matches!(e, Event::TabChanged(_))).await;
            self.said.clear();
            return String::new();
        }
        self.send(Command::Submit(text.into()));
        self.until(|e| matches!(e, Event::TurnFinished)).await;
        self.said = self
            .events
            .iter()
            .filter_map(|e| match e {
                Event::AssistantDelta(t) => Some(t.as_str()),
                Event::InputBlocked { family, .. } => Some(family.as_str()),
                _ => None,
            })
            .collect();
        if let Some(Event::InputBlocked { family, .. }) = self
            .events
            .iter()
            .find(|e| matches!(e, Event::InputBlocked { .. }))
        {
            self.said = format!("[blocked by the scanner: {family}] {}", self.said);
        }
        self.said.clone()
    }

    /// The tab as "2 Martini (dirty)" lines, sorted, for comparing with what a test expects.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<(String, u32)> = Vec::new();
        for l in &self.tab.lines {
            let mut mods = l.modifiers.clone();
            mods.sort();
            let key = if mods.is_empty() {
                l.item.clone()
            } else {
                format!("{} ({})", l.item, mods.join(", "))
            };
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, q)) => *q += l.quantity,
                None => out.push((key, l.quantity)),
            }
        }
        let mut lines: Vec<String> = out.into_iter().map(|(k, q)| format!("{q} {k}")).collect();
        lines.sort();
        lines
    }
}

/// Expected lines written by hand ("1 Martini (dirty, with a twist)") in the same shape as
/// [`Evening::lines`]: modifiers sorted, lines sorted.
pub fn normalised(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = l.trim();
            match l.split_once(" (") {
                Some((head, mods)) => {
                    let mut mods: Vec<&str> = mods
                        .trim_end_matches(')')
                        .split(',')
                        .map(str::trim)
                        .collect();
                    mods.sort();
                    format!("{head} ({})", mods.join(", "))
                }
                None => l.to_string(),
            }
        })
        .collect();
    out.sort();
    out
}
