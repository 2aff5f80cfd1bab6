//! The house bartender through the real agent.

use super::*;

/// The agent with the house bartender behind it, greeting or not.
pub(super) fn start_house(greet: bool) -> Harness {
    let menu = Arc::new(Menu::builtin());
    let house = crate::llm::house::HouseBartender::new(
        menu.clone(),
        Duration::ZERO,
        crate::ui::keymap::say,
    );
    let setup = AgentSetup {
        config: Config::default(),
        bar: Bar::new(menu, Cents::from_dollars(1000)),
        provider: Arc::new(house),
        payments: Arc::new(GatewaySelector::fixed(Arc::new(SimulatedGateway::new()))),
        pending_gateway: None,
        safety: test_safety(),
        recorder: Box::new(crate::session::recorder::NoRecord),
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
        greet,
        session_key: "evening".into(),
        notices: vec![],
    };
    Harness {
        handle: spawn(setup),
        script: Script::default(),
    }
}

/// The house bartender through the real agent: order, change, tip, pay.
#[tokio::test]
async fn an_evening_with_the_house_bartender() {
    let mut h = start_house(true);
    h.next().await;
    let greeting = said(&h.turn().await);
    assert!(greeting.contains("offline"), "{greeting}");

    h.send(Command::Submit("two martinis and an IPA".into()));
    let events = h.turn().await;
    assert_eq!(last_tab(&events).subtotal, Cents(3200));
    h.send(Command::Submit("scratch the IPA".into()));
    let events = h.turn().await;
    assert_eq!(last_tab(&events).subtotal, Cents(2600));
    h.send(Command::ToggleTip(15));
    h.until(|e| matches!(e, Event::TabChanged(_))).await;
    h.send(Command::Submit("check please".into()));
    let events = h.turn().await;
    assert!(events.iter().any(|e| matches!(e, Event::PaymentLink { amount, simulated: true, .. } if *amount == Cents(2990))));
    assert!(said(&events).contains("$29.90"), "{}", said(&events));
    h.send(Command::ConfirmSimulatedPayment);
    let paid = h.until(|e| matches!(e, Event::Receipt(_))).await;
    let tab = last_tab(&paid);
    assert_eq!(tab.balance, Cents(97_010));
    assert!(tab.lines.is_empty());
}
