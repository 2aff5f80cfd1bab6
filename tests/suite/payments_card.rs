//! The in-terminal test card (`t`) against the stateful Stripe fake, through the real agent:
//! one check is paid once. The link is closed before the card is charged, so a guest paying at
//! the link in the same moment is never charged twice; a charge in flight cannot be cancelled
//! from under itself; a declined card leaves no payable link behind.

use crate::support::bar_agent;
use crate::support::stripe_fake;

use std::time::Duration;

use bar_agent::{Driven, Start, bar, last_tab, new_journal, start};
use maya::agent::{Command, Event, PaymentProgress};
use maya::config::{Config, GatewayChoice, PaymentsConfig, StripeConfig};
use maya::money::Cents;
use maya::payments::select::GatewaySelector;
use secrecy::SecretString;
use stripe_fake::StripeFake;

const KEY: &str = "sk_test_mayacard0123456789";

fn stripe(fake: &StripeFake, method: &str) -> (Config, GatewaySelector) {
    let mut config = Config::default();
    config.stripe = StripeConfig {
        test_payment_method: method.into(),
        ..fake.config()
    };
    let selector = GatewaySelector::new(
        &PaymentsConfig {
            gateway: GatewayChoice::Stripe,
        },
        &config.stripe,
        Some(SecretString::from(KEY.to_string())),
    );
    (config, selector)
}

/// A Negroni ($11.00) on the tab and its Stripe link out.
async fn checkout_out(fake: &StripeFake, method: &str, dir: &std::path::Path) -> Driven {
    let (config, selector) = stripe(fake, method);
    let (_, recorder) = new_journal(dir);
    let mut b = start(Start {
        config,
        bar: bar(),
        selector,
        pending: None,
        recorder,
    });
    b.ready().await;
    b.say("a negroni").await;
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    assert_eq!(fake.session_count(), 1);
    b
}

async fn until_request(
    fake: &StripeFake,
    what: &str,
    pred: impl Fn(&stripe_fake::Recorded) -> bool,
) {
    for _ in 0..200 {
        if fake.requests().iter().any(&pred) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{what} never reached Stripe: {:#?}", fake.requests());
}

fn progress(events: &[Event]) -> Vec<PaymentProgress> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::PaymentStatus(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// Item 1: the guest pays at the link in the very moment the card is charged. Only one of the
/// two may take money, and whichever did is what settles the tab.
#[tokio::test]
async fn a_link_paid_while_the_card_is_charged_is_one_payment() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    fake.pay_link_when("POST", "/v1/payment_intents");
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    let rest = b.drain(Duration::from_millis(500)).await;
    assert_eq!(
        fake.charges(),
        1,
        "the guest paid twice: link {:#?}, card {:#?}",
        fake.paid_sessions(),
        fake.succeeded_intents()
    );
    let tab = last_tab(&events).unwrap();
    assert_eq!(tab.balance, Cents(98_900));
    assert!(tab.lines.is_empty());
    assert!(
        !rest.iter().any(|e| matches!(e, Event::Error { .. })),
        "{rest:#?}"
    );
}

/// Item 1, the other order: the link was paid just before Maya closes it. The card is then
/// never charged and the link's payment settles the tab.
#[tokio::test]
async fn a_link_paid_before_it_is_closed_settles_and_the_card_is_not_charged() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    fake.pay_link_when("POST", "/expire");
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    b.drain(Duration::from_millis(300)).await;
    assert_eq!(fake.charges(), 1);
    assert!(fake.intents().is_empty(), "{:#?}", fake.intents());
    let Some(Event::Receipt(r)) = events.last() else {
        unreachable!()
    };
    let paid = &fake.paid_sessions()[0];
    assert_eq!(r.reference, paid["payment_intent"].as_str().unwrap());
}

/// Item 2: `x` while the card is being charged is refused with a line that says why; the
/// charge's answer is recorded and settles the tab.
#[tokio::test]
async fn cancelling_while_the_card_is_charged_is_refused_and_the_charge_settles() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    fake.slow("/v1/payment_intents", Duration::from_millis(800));
    b.send(Command::PayWithTestCard);
    until_request(&fake, "the card payment", |r| {
        r.method == "POST" && r.path.starts_with("/v1/payment_intents")
    })
    .await;
    b.send(Command::CancelCheckout);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    assert!(
        !progress(&events).contains(&PaymentProgress::Cancelled),
        "cancelled under a charge: {events:#?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Notice(n) if n.contains("card"))),
        "no line said why the cancel waits: {events:#?}"
    );
    assert_eq!(fake.charges(), 1);
    let tab = last_tab(&events).unwrap();
    assert_eq!((tab.balance, tab.payment.name()), (Cents(98_900), "paid"));
}

/// Item 2: the model's `cancel_checkout` while the card is being charged is refused too, and
/// the charge settles the tab.
#[tokio::test]
async fn the_models_cancel_while_the_card_is_charged_is_refused() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    fake.slow("/v1/payment_intents", Duration::from_millis(800));
    b.send(Command::PayWithTestCard);
    until_request(&fake, "the card payment", |r| {
        r.method == "POST" && r.path.starts_with("/v1/payment_intents")
    })
    .await;
    let mut events = b.say("actually cancel the check").await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::ToolRan { ok: false, .. })),
        "the cancel was not refused: {events:#?}"
    );
    if !events.iter().any(|e| matches!(e, Event::Receipt(_))) {
        events.extend(
            b.until("the receipt", |e| matches!(e, Event::Receipt(_)))
                .await,
        );
    }
    assert!(
        !progress(&events).contains(&PaymentProgress::Cancelled),
        "{events:#?}"
    );
    assert_eq!(fake.charges(), 1);
    assert_eq!(last_tab(&events).unwrap().payment.name(), "paid");
}

/// Item 4: a declined card reopens the tab, and the old link can no longer be paid.
#[tokio::test]
async fn a_declined_card_leaves_no_payable_link() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_chargeDeclined", dir.path()).await;
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the decline", |e| {
            matches!(e, Event::PaymentStatus(PaymentProgress::Failed { .. }))
        })
        .await;
    let tab = last_tab(&events).unwrap();
    assert_eq!((tab.subtotal, tab.balance), (Cents(1100), Cents(98_900)));
    let id = &fake.session_ids()[0];
    assert_eq!(
        fake.session(id).unwrap()["status"],
        "expired",
        "the declined checkout's link is still payable"
    );
    assert_eq!(fake.charges(), 0);
    // A new checkout for the same tab works.
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    assert_eq!(fake.session_count(), 2);
}

/// Item 4: when the link cannot be closed, the card is not charged and the link is still
/// watched, so a payment made there is seen.
#[tokio::test]
async fn when_the_link_cannot_be_closed_the_card_waits_and_the_link_is_still_watched() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    for _ in 0..4 {
        fake.fail_next(500, None);
    }
    b.send(Command::PayWithTestCard);
    let events = b
        .until("the error", |e| matches!(e, Event::Error { .. }))
        .await;
    assert!(
        fake.intents().is_empty(),
        "charged although the link is open"
    );
    assert!(
        !progress(&events)
            .iter()
            .any(|p| matches!(p, PaymentProgress::Failed { .. })),
        "{events:#?}"
    );
    let id = fake.session_ids()[0].clone();
    let intent = fake.complete(&id);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    let Some(Event::Receipt(r)) = events.last() else {
        unreachable!()
    };
    assert_eq!(r.reference, intent);
    assert_eq!(fake.charges(), 1);
}

/// A cancel that finds the link paid a moment before: the payment settles the check (it is
/// never dropped as "cancelled"), and Maya hears it was too late to cancel.
#[tokio::test]
async fn a_cancel_that_finds_the_link_paid_settles_the_check() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut b = checkout_out(&fake, "pm_card_visa", dir.path()).await;
    fake.pay_link_when("POST", "/expire");
    b.send(Command::CancelCheckout);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    assert!(
        !progress(&events).contains(&PaymentProgress::Cancelled),
        "{events:#?}"
    );
    let mut all = events.clone();
    all.extend(b.drain(Duration::from_millis(300)).await);
    assert!(
        !all.iter().any(|e| matches!(e, Event::Error { .. })),
        "a paid check is not a failed cancel: {all:#?}"
    );
    assert_eq!(fake.charges(), 1);
    assert_eq!(last_tab(&events).unwrap().payment.name(), "paid");
}
