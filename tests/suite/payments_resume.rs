//! Payments across a crash, against the stateful Stripe fake through the real agent and a real
//! session journal: killed after the card charge was sent, or between journaling it and
//! sending it, a resumed session charges exactly once and settles; a resumed session that
//! cannot read its Stripe key keeps the pending link until it can ask Stripe about it; and a
//! session that is not being saved sends no real payment.

use crate::support::bar_agent;
use crate::support::stripe_fake;

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bar_agent::{Driven, Start, bar, last_tab, new_journal, resume_journal, start};
use maya::agent::{Command, Event, PaymentProgress};
use maya::config::{Config, GatewayChoice, PaymentsConfig};
use maya::money::Cents;
use maya::payments::select::GatewaySelector;
use maya::session::journal::{Journal, Storage};
use maya::session::record::{JournalRecorder, Record};
use maya::ui::keymap;
use secrecy::SecretString;
use stripe_fake::StripeFake;

const KEY: &str = "sk_test_mayaresume0123456789";

fn payments(choice: GatewayChoice) -> PaymentsConfig {
    PaymentsConfig { gateway: choice }
}

fn config(fake: &StripeFake) -> Config {
    Config {
        stripe: fake.config(),
        ..Config::default()
    }
}

fn selector(fake: &StripeFake) -> GatewaySelector {
    GatewaySelector::new(
        &payments(GatewayChoice::Stripe),
        &fake.config(),
        Some(SecretString::from(KEY.to_string())),
    )
}

/// A Negroni ($11.00) on the tab and its Stripe link out, journaled at `dir`.
async fn checkout_out(fake: &StripeFake, dir: &Path) -> (Driven, std::path::PathBuf) {
    let (path, recorder) = new_journal(dir);
    let mut b = start(Start {
        config: config(fake),
        bar: bar(),
        selector: selector(fake),
        pending: None,
        recorder,
    });
    b.ready().await;
    b.say("a negroni").await;
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    (b, path)
}

/// Resume the journal at `path` with `selector` and wait for the receipt.
async fn resume_until_receipt(fake: &StripeFake, path: &Path) -> Vec<Event> {
    let (bar, pending, recorder) = resume_journal(path);
    assert!(
        bar.state().payment.is_pending(),
        "{:?}",
        bar.state().payment
    );
    let mut b = start(Start {
        config: config(fake),
        bar,
        selector: selector(fake),
        pending,
        recorder,
    });
    let events = b
        .until("the receipt after resume", |e| {
            matches!(e, Event::Receipt(_))
        })
        .await;
    let mut all = events;
    all.extend(b.drain(Duration::from_millis(300)).await);
    all
}

/// Item 3: killed right after the card charge reached Stripe, before its answer came back.
/// The resumed session asks Stripe about that charge first: one charge, a settled tab.
#[tokio::test]
async fn killed_after_the_card_charge_was_sent_resumes_to_one_charge_and_a_settled_tab() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (b, path) = checkout_out(&fake, dir.path()).await;
    fake.slow("/v1/payment_intents", Duration::from_secs(3));
    b.send(Command::PayWithTestCard);
    // Every answer about the card takes 3 s: the create's, the look before the confirm, the
    // confirm's. The charge happens when the confirm arrives.
    for _ in 0..1500 {
        if fake.charges() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(fake.charges(), 1, "the card was charged at Stripe");
    b.kill().await;

    let events = resume_until_receipt(&fake, &path).await;
    assert_eq!(fake.charges(), 1, "charged again after resume");
    let tab = last_tab(&events).unwrap();
    assert_eq!((tab.balance, tab.payment.name()), (Cents(98_900), "paid"));
    let Some(Event::Receipt(r)) = events.iter().find(|e| matches!(e, Event::Receipt(_))) else {
        unreachable!()
    };
    assert_eq!(
        r.reference,
        fake.succeeded_intents()[0]["id"].as_str().unwrap()
    );
    assert!(
        !events.iter().any(|e| matches!(e, Event::Error { .. })),
        "{events:#?}"
    );
}

/// Item 3: killed after `t` was journaled but before the card request left. The resumed
/// session carries the guest's request out: one charge, a settled tab.
#[tokio::test]
async fn killed_between_journaling_the_card_and_sending_it_charges_once_after_resume() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (b, path) = checkout_out(&fake, dir.path()).await;
    // Requests about the open checkout (closing it, looking at it) answer late; the card
    // request comes after them, so the kill lands before it.
    fake.slow("/v1/checkout/sessions/", Duration::from_secs(3));
    let before = fake.requests().len();
    b.send(Command::PayWithTestCard);
    for _ in 0..400 {
        if fake.requests().len() > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    b.kill().await;
    assert!(fake.intents().is_empty(), "the card request went out");

    fake.fast();
    let events = resume_until_receipt(&fake, &path).await;
    assert_eq!(fake.charges(), 1);
    assert_eq!(last_tab(&events).unwrap().balance, Cents(98_900));
}

/// Item 3: killed after the card payment was created (its id journaled) but before it was
/// confirmed. The resumed session looks it up by id, confirms it once, and settles.
#[tokio::test]
async fn killed_between_creating_the_card_payment_and_confirming_it_charges_once() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (b, path) = checkout_out(&fake, dir.path()).await;
    // The look at the created payment (before its confirm) answers late: the kill lands there.
    fake.slow("/v1/payment_intents/", Duration::from_secs(3));
    b.send(Command::PayWithTestCard);
    for _ in 0..400 {
        if fake
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.starts_with("/v1/payment_intents/"))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    b.kill().await;
    assert_eq!(fake.intents().len(), 1, "created");
    assert_eq!(fake.charges(), 0, "not confirmed yet");

    fake.fast();
    let events = resume_until_receipt(&fake, &path).await;
    assert_eq!((fake.intents().len(), fake.charges()), (1, 1));
    assert_eq!(last_tab(&events).unwrap().balance, Cents(98_900));
}

/// Storage that refuses every write while `full` is set (ENOSPC), in memory otherwise.
#[derive(Clone, Default)]
struct Disk {
    data: Arc<Mutex<Vec<u8>>>,
    full: Arc<AtomicBool>,
}

impl Storage for Disk {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Err(io::Error::from_raw_os_error(28));
        }
        self.data.lock().unwrap().extend_from_slice(bytes);
        Ok(())
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.data.lock().unwrap().truncate(len as usize);
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Err(io::Error::from_raw_os_error(28));
        }
        Ok(())
    }
}

fn on_disk(disk: &Disk, config: Config, selector: GatewaySelector) -> Driven {
    let journal: Journal<Record> =
        Journal::with_storage(Path::new("mem.jsonl"), Box::new(disk.clone()), 0);
    start(Start {
        config,
        bar: bar(),
        selector,
        pending: None,
        recorder: Box::new(JournalRecorder::new(journal)),
    })
}

fn checkout_posts(fake: &StripeFake) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions")
        .count()
}

/// Item 6: a session that is not being saved sends no real checkout, and says why and what to
/// do; once saving works again, the checkout goes out.
#[tokio::test]
async fn no_real_checkout_while_the_session_is_not_saved() {
    let fake = StripeFake::start().await;
    let disk = Disk::default();
    let mut b = on_disk(&disk, config(&fake), selector(&fake));
    b.ready().await;
    disk.full.store(true, Ordering::SeqCst);
    b.say("a negroni").await;
    b.send(Command::Checkout);
    let events = b
        .until("the refusal", |e| matches!(e, Event::Error { .. }))
        .await;
    let Some(Event::Error { message, .. }) = events.last() else {
        unreachable!()
    };
    assert!(
        message.contains("not being saved") && message.contains("disk is full"),
        "{message}"
    );
    assert_eq!(checkout_posts(&fake), 0, "a checkout went out unsaved");
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::PaymentLink { .. })),
        "{events:#?}"
    );

    disk.full.store(false, Ordering::SeqCst);
    b.until("saving again", |e| {
        matches!(e, Event::Saving { problem: None })
    })
    .await;
    let (_, simulated) = b.checkout().await;
    assert!(!simulated);
    assert_eq!(checkout_posts(&fake), 1);
}

/// Item 6: the simulated gateway may go on while the session is not saved.
#[tokio::test]
async fn simulated_checkouts_go_on_while_the_session_is_not_saved() {
    let disk = Disk::default();
    let selector = GatewaySelector::new(
        &payments(GatewayChoice::Simulated),
        &Default::default(),
        None,
    );
    let mut b = on_disk(&disk, Config::default(), selector);
    b.ready().await;
    disk.full.store(true, Ordering::SeqCst);
    b.say("a negroni").await;
    let (_, simulated) = b.checkout().await;
    assert!(simulated);
    b.send(Command::ConfirmSimulatedPayment);
    b.until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
}

/// Item 6: the test card is not charged while the session is not saved.
#[tokio::test]
async fn no_card_charge_while_the_session_is_not_saved() {
    let fake = StripeFake::start().await;
    let disk = Disk::default();
    let mut b = on_disk(&disk, config(&fake), selector(&fake));
    b.ready().await;
    b.say("a negroni").await;
    b.checkout().await;
    disk.full.store(true, Ordering::SeqCst);
    b.send(Command::PayWithTestCard);
    let events = b.drain(Duration::from_secs(2)).await;
    assert!(
        events.iter().any(
            |e| matches!(e, Event::Notice(n) | Event::Error { message: n, .. } if n.contains("not being saved"))
        ),
        "{events:#?}"
    );
    assert!(
        !fake
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/v1/payment_intents")),
        "a card request went out unsaved"
    );
    assert_eq!(fake.charges(), 0);
}

/// Item 5: resumed while the Stripe key cannot be read. The pending link is kept (not
/// cancelled, no new checkout), the guest hears why, and once the key is back Maya asks Stripe
/// and settles the payment made at the link meanwhile.
#[tokio::test]
async fn a_resume_without_the_stripe_key_keeps_the_link_until_stripe_can_be_asked() {
    let fake = StripeFake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (b, path) = checkout_out(&fake, dir.path()).await;
    b.kill().await;

    let key_back = Arc::new(AtomicBool::new(false));
    let lookup = {
        let key_back = key_back.clone();
        Arc::new(move || {
            if key_back.load(Ordering::SeqCst) {
                Ok(Some(SecretString::from(KEY.to_string())))
            } else {
                Err("the keyring is locked".to_string())
            }
        })
    };
    let selector =
        GatewaySelector::with_key_lookup(&payments(GatewayChoice::Auto), &fake.config(), lookup);
    let (bar, pending, recorder) = resume_journal(&path);
    let mut b = start(Start {
        config: config(&fake),
        bar,
        selector,
        pending,
        recorder,
    });
    let events = b
        .until("the reason", |e| matches!(e, Event::Error { .. }))
        .await;
    let Some(Event::Error { message, hint }) = events.last() else {
        unreachable!()
    };
    assert!(message.contains("keyring is locked"), "{message}");
    assert!(
        hint.is_some_and(|h| keymap::say(h).contains("Ctrl+P")),
        "{hint:?}"
    );

    // x and the model's cancel do not drop a link whose fate is unknown.
    b.send(Command::CancelCheckout);
    let events = b.drain(Duration::from_millis(500)).await;
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled))),
        "{events:#?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Notice(n) if n.contains("maya keys set stripe"))),
        "{events:#?}"
    );
    let events = b.say("cancel the check").await;
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled))),
        "{events:#?}"
    );
    // Nor does a new checkout start.
    b.send(Command::Checkout);
    b.drain(Duration::from_millis(300)).await;
    assert_eq!(fake.session_count(), 1);

    // The guest paid at the link meanwhile; the key comes back.
    let id = fake.session_ids()[0].clone();
    let intent = fake.complete(&id);
    key_back.store(true, Ordering::SeqCst);
    b.send(Command::Checkout);
    let events = b
        .until("the receipt", |e| matches!(e, Event::Receipt(_)))
        .await;
    let Some(Event::Receipt(r)) = events.last() else {
        unreachable!()
    };
    assert_eq!(r.reference, intent);
    assert_eq!(last_tab(&events).unwrap().balance, Cents(98_900));
}
