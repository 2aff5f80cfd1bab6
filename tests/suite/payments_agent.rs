//! Payments through the real agent and the Stripe fake: the gateway is chosen at each new
//! checkout (so a Stripe that comes back is used), a pending checkout keeps the gateway it was
//! created with, `t` pays with the configured test payment method, a failed create is retried
//! with the same request, and `[payments] gateway = "stripe"` without a key fails only the
//! checkout.

use crate::support::stripe_fake;

use std::sync::Arc;
use std::time::Duration;

use maya::agent::safety::Safety;
use maya::agent::{AgentHandle, AgentSetup, Command, Event, PaymentProgress, SessionInfo};
use maya::bar::{Action, Bar, Menu};
use maya::config::{Config, GatewayChoice, PaymentsConfig, StripeConfig};
use maya::llm::house::HouseBartender;
use maya::money::Cents;
use maya::payments::GatewayKind;
use maya::payments::select::GatewaySelector;
use maya::ui::keymap;
use secrecy::SecretString;
use stripe_fake::StripeFake;

const KEY: &str = "sk_test_mayaagent0123456789";

fn key() -> Option<SecretString> {
    Some(SecretString::from(KEY.to_string()))
}

fn payments(choice: GatewayChoice) -> PaymentsConfig {
    PaymentsConfig { gateway: choice }
}

fn bar() -> Bar {
    Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000))
}

fn start(
    config: Config,
    bar: Bar,
    selector: GatewaySelector,
    pending: Option<GatewayKind>,
) -> Bar2 {
    let menu = Arc::new(Menu::builtin());
    let setup = AgentSetup {
        safety: Safety::new(&config.security, &config.rate),
        config,
        bar,
        provider: Arc::new(HouseBartender::new(
            menu,
            Duration::ZERO,
            maya::ui::keymap::say,
        )),
        payments: Arc::new(selector),
        pending_gateway: pending,
        recorder: in_memory_journal(),
        info: SessionInfo {
            session_id: None,
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
        session_key: "agent-test".into(),
        notices: vec![],
    };
    Bar2(maya::agent::spawn(setup))
}

/// A session journal in memory: saved, as far as the agent can tell (a real checkout is only
/// sent by a session that is being saved).
fn in_memory_journal() -> Box<dyn maya::session::recorder::Recorder> {
    struct Mem(Vec<u8>);
    impl maya::session::journal::Storage for Mem {
        fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
            self.0.extend_from_slice(bytes);
            Ok(())
        }
        fn truncate(&mut self, len: u64) -> std::io::Result<()> {
            self.0.truncate(len as usize);
            Ok(())
        }
        fn sync(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let journal: maya::session::journal::Journal<maya::session::record::Record> =
        maya::session::journal::Journal::with_storage(
            std::path::Path::new("mem.jsonl"),
            Box::new(Mem(Vec::new())),
            0,
        );
    Box::new(maya::session::record::JournalRecorder::new(journal))
}

/// The agent, driven like the UI drives it.
struct Bar2(AgentHandle);

impl Bar2 {
    fn send(&self, c: Command) {
        self.0.commands.send(c).unwrap();
    }

    async fn until(&mut self, what: &str, pred: impl Fn(&Event) -> bool) -> Vec<Event> {
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

    async fn order(&mut self, text: &str) {
        self.send(Command::Submit(text.into()));
        self.until("the end of the turn", |e| matches!(e, Event::TurnFinished))
            .await;
    }

    /// Ctrl+P: the link that appears (url, simulated).
    async fn checkout(&mut self) -> (String, bool) {
        self.send(Command::Checkout);
        let events = self
            .until("a payment link", |e| matches!(e, Event::PaymentLink { .. }))
            .await;
        match events.last() {
            Some(Event::PaymentLink { url, simulated, .. }) => (url.clone(), *simulated),
            _ => unreachable!(),
        }
    }
}

fn creates(fake: &StripeFake) -> Vec<stripe_fake::Recorded> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions")
        .collect()
}

fn probes(fake: &StripeFake) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.path == "/v1/balance")
        .count()
}

#[tokio::test]
async fn a_stripe_that_comes_back_is_used_at_the_next_checkout() {
    let fake = StripeFake::start().await;
    fake.fail_next(503, None); // Stripe is down when the first checkout asks
    let selector = GatewaySelector::new(&payments(GatewayChoice::Auto), &fake.config(), key())
        .with_probe_ttl(Duration::from_millis(300));
    let mut b = start(Config::default(), bar(), selector, None);
    b.until("ready", |e| matches!(e, Event::Ready { .. })).await;
    b.order("a negroni").await;

    let (url, simulated) = b.checkout().await;
    assert!(simulated, "Stripe was down: {url}");
    assert!(creates(&fake).is_empty());
    b.send(Command::CancelCheckout);
    b.until("the cancel", |e| {
        matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled))
    })
    .await;

    // Within the cache, the answer stands; after it, Stripe is asked again and used.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (url, simulated) = b.checkout().await;
    assert!(!simulated, "Stripe is back: {url}");
    assert!(url.contains("checkout"), "{url}");
    assert_eq!(creates(&fake).len(), 1);
    assert_eq!(probes(&fake), 2, "one probe per checkout outside the cache");
}

#[tokio::test]
async fn a_pending_checkout_keeps_the_gateway_it_was_created_with_after_resume() {
    let fake = StripeFake::start().await;
    // Now Stripe would not be chosen (the config says simulated) …
    let selector = GatewaySelector::new(&payments(GatewayChoice::Simulated), &fake.config(), key());
    // … but the resumed session had started its checkout at Stripe (journaled) and crashed
    // before the answer came.
    let mut resumed = bar();
    resumed
        .apply(Action::Order {
            item: "Negroni".into(),
            quantity: 1,
            modifiers: vec![],
        })
        .unwrap();
    let issued = stripe_fake::now();
    let key = maya::payments::idempotency::checkout_key("agent-test", 2, 0, issued);
    resumed
        .apply(Action::StartCheckout {
            idempotency_key: key.clone(),
        })
        .unwrap();
    let mut b = start(
        Config::default(),
        resumed,
        selector,
        Some(GatewayKind::Stripe),
    );
    let events = b
        .until("the resumed link", |e| {
            matches!(e, Event::PaymentLink { .. })
        })
        .await;
    assert!(
        matches!(events.last(), Some(Event::PaymentLink { simulated: false, amount, .. }) if *amount == Cents(1100)),
        "{events:#?}"
    );
    let sent = creates(&fake);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(probes(&fake), 0, "a journaled gateway is not chosen again");
}

#[tokio::test]
async fn a_declined_test_card_leaves_the_tab_open_and_a_visa_settles_it() {
    let fake = StripeFake::start().await;
    let mut config = Config::default();
    config.stripe = StripeConfig {
        test_payment_method: "pm_card_chargeDeclined".into(),
        ..fake.config()
    };
    let selector = GatewaySelector::new(&payments(GatewayChoice::Stripe), &config.stripe, key());
    let mut b = start(config, bar(), selector, None);
    b.until("ready", |e| matches!(e, Event::Ready { .. })).await;
    b.order("a negroni").await;
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the decline", |e| {
            matches!(e, Event::PaymentStatus(PaymentProgress::Failed { .. }))
        })
        .await;
    let Some(Event::PaymentStatus(PaymentProgress::Failed { reason })) = events.last() else {
        unreachable!()
    };
    assert!(reason.contains("declined"), "{reason}");
    let tab = events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::TabChanged(v) => Some(v.clone()),
            _ => None,
        })
        .expect("the tab after the decline");
    assert_eq!(tab.subtotal, Cents(1100), "the tab is still open");
    assert_eq!(tab.balance, Cents(98_900), "nothing was taken");
    let card = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/payment_intents")
        .expect("a card payment was tried");
    assert_eq!(card.field("payment_method"), Some("pm_card_chargeDeclined"));

    // The default method pays.
    let fake = StripeFake::start().await;
    let config = Config {
        stripe: fake.config(),
        ..Config::default()
    };
    assert_eq!(config.stripe.test_payment_method, "pm_card_visa");
    let selector = GatewaySelector::new(&payments(GatewayChoice::Stripe), &config.stripe, key());
    let mut b = start(config, bar(), selector, None);
    b.until("ready", |e| matches!(e, Event::Ready { .. })).await;
    b.order("a negroni").await;
    b.checkout().await;
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    let Some(Event::Receipt(r)) = events.last() else {
        unreachable!()
    };
    assert_eq!(r.total, Cents(1100));
}

#[test]
fn the_test_payment_method_comes_from_config_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    let env = |v: &str| vec![("MAYA_STRIPE_TEST_PAYMENT_METHOD".to_string(), v.to_string())];
    let overrides = maya::config::Overrides::default();
    let c = Config::load_from(&file, &env("pm_card_chargeDeclined"), &overrides).unwrap();
    assert_eq!(c.stripe.test_payment_method, "pm_card_chargeDeclined");
    std::fs::write(&file, "[stripe]\ntest_payment_method = \"pm_card_visa\"\n").unwrap();
    let c = Config::load_from(&file, &[], &overrides).unwrap();
    assert_eq!(c.stripe.test_payment_method, "pm_card_visa");
    let err = Config::load_from(&file, &env("4242 4242 4242 4242"), &overrides).unwrap_err();
    assert!(err.to_string().contains("test_payment_method"), "{err}");
}

#[tokio::test]
async fn a_failed_create_is_retried_with_the_same_request_for_the_same_tab() {
    let fake = StripeFake::start().await;
    let selector = GatewaySelector::new(&payments(GatewayChoice::Stripe), &fake.config(), key());
    let mut b = start(Config::default(), bar(), selector, None);
    b.until("ready", |e| matches!(e, Event::Ready { .. })).await;
    b.order("a negroni").await;

    fake.fail_next(400, Some(false));
    b.send(Command::Checkout);
    let events = b
        .until("the failure", |e| matches!(e, Event::Error { .. }))
        .await;
    assert!(
        matches!(events.last(), Some(Event::Error { hint: Some(h), .. }) if keymap::say(*h).contains("Ctrl+P")),
        "{events:#?}"
    );
    // The same tab: the same request, key and all.
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    let sent = creates(&fake);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].idempotency_key, sent[1].idempotency_key);
    assert_eq!(sent[0].form, sent[1].form, "exactly the same request");
    assert_eq!(fake.session_count(), 1);

    // A changed tab is a new request.
    b.send(Command::CancelCheckout);
    b.until("the cancel", |e| {
        matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled))
    })
    .await;
    fake.fail_next(400, Some(false));
    b.send(Command::Checkout);
    b.until("the failure", |e| matches!(e, Event::Error { .. }))
        .await;
    b.order("and an IPA").await;
    b.checkout().await;
    let sent = creates(&fake);
    assert_eq!(sent.len(), 4);
    // A checkout that was created (and cancelled) is never asked for again.
    assert_ne!(sent[2].idempotency_key, sent[0].idempotency_key);
    assert_ne!(
        sent[3].idempotency_key, sent[2].idempotency_key,
        "the tab changed"
    );
}

#[tokio::test]
async fn gateway_stripe_without_a_key_fails_only_the_checkout() {
    let selector = GatewaySelector::new(
        &payments(GatewayChoice::Stripe),
        &StripeConfig::default(),
        None,
    );
    let mut b = start(Config::default(), bar(), selector, None);
    b.until("ready", |e| matches!(e, Event::Ready { .. })).await;
    b.order("a negroni").await;
    b.send(Command::Checkout);
    let events = b
        .until("the failure", |e| matches!(e, Event::Error { .. }))
        .await;
    let Some(Event::Error { message, .. }) = events.last() else {
        unreachable!()
    };
    assert!(
        message.contains("gateway = \"stripe\"") && message.contains("maya keys set stripe"),
        "{message}"
    );
    // The evening goes on.
    b.order("and an IPA").await;
}
