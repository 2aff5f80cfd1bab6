//! `maya ask` is one turn, whatever the session holds.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::agent::safety::Safety;
use crate::agent::{AgentSetup, SessionInfo};
use crate::bar::{Bar, Menu};
use crate::config::Config;
use crate::llm::house::HouseBartender;
use crate::money::Cents;
use crate::payments::select::GatewaySelector;
use crate::payments::simulated::SimulatedGateway;
use crate::session::recorder::NoRecord;

#[tokio::test]
async fn messages_left_queued_in_the_bar_are_not_sent_by_ask() {
    let config = Config::default();
    let menu = Arc::new(Menu::builtin());
    let setup = AgentSetup {
        safety: Safety::new(&config.security, &config.rate),
        config,
        bar: Bar::new(menu.clone(), Cents::from_dollars(1000)),
        provider: Arc::new(HouseBartender::new(
            menu,
            Duration::ZERO,
            crate::ui::keymap::say,
        )),
        payments: Arc::new(GatewaySelector::fixed(Arc::new(SimulatedGateway::new()))),
        pending_gateway: None,
        recorder: Box::new(NoRecord),
        info: SessionInfo {
            session_id: Some("1207-ipa-8c07".into()),
            provider: "house".into(),
            model: "offline".into(),
            offline: true,
            simulated_payments: true,
            resumed: true,
        },
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec!["two martinis".into()],
        greet: false,
        session_key: "ask".into(),
        notices: vec![],
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        run(setup, "a negroni".into(), true, &mut out, &mut err),
    )
    .await
    .expect("ask ends")
    .unwrap();
    assert_eq!(outcome, AskOutcome::Ok);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("\"turn_started\"").count(), 1, "{out}");
    assert!(out.contains("Negroni") && !out.contains("Martini"), "{out}");
}
