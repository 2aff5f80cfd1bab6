//! Next steps in Maya's notices and in what the model is told are said through the wording
//! the agent was given (the bar's key map, `maya ask`'s commands), never in English words of
//! their own: rebinding a key, or another surface, changes every one of them.

use async_trait::async_trait;

use super::*;
use crate::bar::{CheckoutLink, ErrorCode};
use crate::config::{PaymentsConfig, StripeConfig};
use crate::next_step::NextStep;
use crate::payments::{Checkout, CheckoutRequest, GatewayKind, PaymentError, RemoteStatus};

/// A wording no English sentence of the agent's own can contain.
fn marked(step: NextStep) -> String {
    format!("<{step:?}>")
}

fn start_marked(script: &Script, setup: AgentSetup) -> Harness {
    Harness {
        handle: spawn_saying(setup, None, Arc::new(marked)),
        script: script.clone(),
    }
}

fn notices(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Notice(n) => Some(n.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// No key name is left in a line that was said through the wording.
fn no_keys(line: &str) {
    for key in ["press", "Ctrl+P", "Enter", " x ", " t "] {
        assert!(!line.contains(key), "{key}: {line}");
    }
}

/// A checkout gateway of the given kind whose links stay open, and whose simulated checkout
/// has lapsed by the time the guest confirms it.
struct Lapsing(GatewayKind);

#[async_trait]
impl crate::payments::Gateway for Lapsing {
    fn kind(&self) -> GatewayKind {
        self.0
    }
    async fn create_checkout(&self, r: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        let url = match self.0 {
            GatewayKind::Simulated => "https://pay.mok5ha.invalid/c/sim_1",
            GatewayKind::Stripe => "https://checkout.stripe.com/c/pay/cs_1",
        };
        Ok(Checkout {
            id: "cs_1".into(),
            url: url.into(),
            amount: r.amount,
            expires_at: None,
        })
    }
    async fn status(&self, _: &str) -> Result<RemoteStatus, PaymentError> {
        Ok(RemoteStatus::Open)
    }
    async fn expire(&self, _: &str) -> Result<RemoteStatus, PaymentError> {
        Ok(RemoteStatus::Expired)
    }
    async fn confirm_simulated(&self, id: &str) -> Result<RemoteStatus, PaymentError> {
        Err(PaymentError::Expired(id.into()))
    }
}

/// A drink on the tab and the check out through `gateway`, asked for with Ctrl+P.
async fn check_out(script: &Script, gateway: Arc<dyn crate::payments::Gateway>) -> Harness {
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":1}"#),
        tools_done(),
    ]);
    script.round(vec![text("One Martini."), stop()]);
    let mut h = start_marked(script, setup_with(script, false, gateway));
    h.next().await;
    h.send(Command::Submit("a martini".into()));
    h.turn().await;
    h.send(Command::Checkout);
    h.until(|e| matches!(e, Event::PaymentLink { .. })).await;
    h
}

#[tokio::test]
async fn the_bars_refusal_while_the_check_is_out_is_said_in_the_agents_words() {
    let script = Script::default();
    let mut h = check_out(&script, Arc::new(SimulatedGateway::new())).await;
    script.round(vec![
        call("c2", "add_to_tab", r#"{"item":"IPA","quantity":1}"#),
        tools_done(),
    ]);
    script.round(vec![text("The check is out."), stop()]);
    h.send(Command::Submit("and an IPA".into()));
    let events = h.turn().await;
    let summary = events
        .iter()
        .find_map(|e| match e {
            Event::ToolRan { summary, ok: false } => Some(summary.clone()),
            _ => None,
        })
        .expect("a refused tool");
    assert!(
        summary.ends_with("Cancel the checkout first (<CancelHereOrAskMaya>)."),
        "{summary}"
    );
    no_keys(&summary);
    // The model reads the same step in the same words.
    let requests = h.script.requests();
    let told = requests[requests.len() - 1]
        .messages
        .iter()
        .rev()
        .find_map(|m| match m {
            ChatMessage::ToolResult { content, .. } => Some(content.clone()),
            _ => None,
        })
        .expect("a tool result");
    assert_eq!(told["error"], ErrorCode::PaymentPending.as_str());
    let message = told["message"].as_str().unwrap_or_default();
    assert!(message.ends_with("(<CancelHereOrAskMaya>)."), "{message}");
    no_keys(message);
    // A tip key while the check is out: the same refusal, a notice in the same words.
    h.send(Command::ToggleTip(15));
    let events = h.until(|e| matches!(e, Event::Notice(_))).await;
    assert_eq!(
        notices(&events),
        "The tip cannot change while the check is out for payment. Cancel the checkout first \
         (<CancelHereOrAskMaya>)."
    );
}

#[tokio::test]
async fn the_test_card_on_a_simulated_check_points_to_the_payment_window_in_the_agents_words() {
    let script = Script::default();
    let mut h = check_out(&script, Arc::new(SimulatedGateway::new())).await;
    h.send(Command::PayWithTestCard);
    let events = h.until(|e| matches!(e, Event::Notice(_))).await;
    let line = notices(&events);
    assert_eq!(
        line,
        "The test card needs a Stripe test key; this check is simulated: <SettleInOverlay>."
    );
}

#[tokio::test]
async fn a_lapsed_simulated_check_offers_a_new_one_as_a_step() {
    let script = Script::default();
    let mut h = check_out(&script, Arc::new(Lapsing(GatewayKind::Simulated))).await;
    h.send(Command::ConfirmSimulatedPayment);
    let events = h.until(|e| matches!(e, Event::Error { .. })).await;
    let Some(Event::Error { message, hint }) = events.last() else {
        unreachable!()
    };
    assert_eq!(*hint, Some(NextStep::NewCheckout));
    no_keys(message);
}

/// A session resumed with its Stripe checkout out, asking `payments` for Stripe.
fn resumed(script: &Script, payments: GatewaySelector) -> AgentSetup {
    let mut setup = setup_with(script, false, Arc::new(SimulatedGateway::new()));
    setup.payments = Arc::new(payments);
    let bar = &mut setup.bar;
    let order = Action::Order {
        item: "IPA".into(),
        quantity: 1,
        modifiers: vec![],
    };
    let link = CheckoutLink {
        checkout_id: "cs_1".into(),
        url: "https://checkout.stripe.com/c/pay/cs_1".into(),
        simulated: false,
    };
    for action in [
        order,
        Action::StartCheckout {
            idempotency_key: "k".into(),
        },
        Action::CheckoutLinkReady(link),
    ] {
        bar.apply(action).expect("a pending Stripe checkout");
    }
    setup.pending_gateway = Some(GatewayKind::Stripe);
    setup
}

#[tokio::test]
async fn a_checkout_whose_gateway_cannot_be_reached_says_how_to_check_again_in_the_agents_words() {
    let script = Script::default();
    let no_key = GatewaySelector::new(&PaymentsConfig::default(), &StripeConfig::default(), None);
    let mut h = start_marked(&script, resumed(&script, no_key));
    let events = h.until(|e| matches!(e, Event::Error { .. })).await;
    assert!(matches!(
        events.last(),
        Some(Event::Error {
            hint: Some(NextStep::FixThenCheckPaymentAgain),
            ..
        })
    ));
    h.send(Command::PayWithTestCard);
    let events = h.until(|e| matches!(e, Event::Notice(_))).await;
    let line = notices(&events);
    assert!(line.ends_with(", then <CheckPaymentAgain>."), "{line}");
    no_keys(&line);
    h.send(Command::CancelCheckout);
    let events = h.until(|e| matches!(e, Event::Notice(_))).await;
    let line = notices(&events);
    assert!(
        line.ends_with("Once it is set, <CheckPaymentAgain>."),
        "{line}"
    );
    no_keys(&line);
}

#[tokio::test]
async fn enter_on_a_real_checkout_points_to_the_link_in_the_agents_words() {
    let script = Script::default();
    let stripe = GatewaySelector::fixed(Arc::new(Lapsing(GatewayKind::Stripe)));
    let mut h = start_marked(&script, resumed(&script, stripe));
    h.next().await;
    h.send(Command::ConfirmSimulatedPayment);
    let events = h.until(|e| matches!(e, Event::Notice(_))).await;
    assert_eq!(
        notices(&events),
        "This is a real test-mode checkout. <PayAtLinkOrTestCard>"
    );
}
