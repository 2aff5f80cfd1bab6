//! The test card against a scripted Stripe-like gateway, in paused time: a charge in flight
//! is never cancelled under itself, not by the checkout's deadline either, and its answer
//! settles the check; a second `t` does not charge twice.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use tokio::sync::Notify;

use super::*;
use crate::payments::{Checkout, CheckoutRequest, GatewayKind, PaymentError, RemoteStatus};
use crate::session::journal::{Journal, Storage};
use crate::session::record::{JournalRecorder, Record};

/// A Stripe stand-in whose checkouts are past their expiry at once (so the watch's deadline
/// is its grace period), and whose card answer waits until the test lets it go.
#[derive(Default)]
struct Gate {
    release: Notify,
    expires: AtomicUsize,
    creates: AtomicUsize,
    settles: AtomicUsize,
}

#[async_trait]
impl crate::payments::Gateway for Gate {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Stripe
    }
    async fn create_checkout(&self, r: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        Ok(Checkout {
            id: "cs_1".into(),
            url: "https://checkout.stripe.com/c/pay/cs_1".into(),
            amount: r.amount,
            expires_at: Some(now_unix() - 10_000),
        })
    }
    async fn status(&self, _: &str) -> Result<RemoteStatus, PaymentError> {
        Ok(RemoteStatus::Open)
    }
    async fn expire(&self, _: &str) -> Result<RemoteStatus, PaymentError> {
        self.expires.fetch_add(1, Ordering::SeqCst);
        Ok(RemoteStatus::Expired)
    }
    async fn create_card_payment(
        &self,
        _: &CheckoutRequest,
        _: &str,
    ) -> Result<String, PaymentError> {
        self.creates.fetch_add(1, Ordering::SeqCst);
        Ok("pi_1".into())
    }
    async fn settle_card_payment(
        &self,
        id: &str,
        _: Cents,
        _: &str,
    ) -> Result<RemoteStatus, PaymentError> {
        self.settles.fetch_add(1, Ordering::SeqCst);
        self.release.notified().await;
        Ok(RemoteStatus::Paid {
            reference: id.into(),
        })
    }
}

struct Mem;

impl Storage for Mem {
    fn append(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn truncate(&mut self, _: u64) -> io::Result<()> {
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Events already emitted, without waiting (time is paused: waiting would jump it).
fn emitted(h: &mut Harness) -> Vec<Event> {
    let mut seen = Vec::new();
    while let Ok(e) = h.handle.events.try_recv() {
        seen.push(e);
    }
    seen
}

#[tokio::test(start_paused = true)]
async fn the_deadline_does_not_cancel_a_card_charge_in_flight() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"IPA"}"#),
        tools_done(),
    ]);
    script.round(vec![text("One IPA."), stop()]);
    script.round(vec![call("c2", "cancel_checkout", "{}"), tools_done()]);
    script.round(vec![text("I cannot cancel it now."), stop()]);
    let gate = Arc::new(Gate::default());
    let mut setup = setup_with(&script, false, gate.clone());
    let journal: Journal<Record> = Journal::with_storage(Path::new("mem.jsonl"), Box::new(Mem), 0);
    setup.recorder = Box::new(JournalRecorder::new(journal));
    let mut h = start_setup(&script, setup);
    h.next().await;
    h.send(Command::Submit("an ipa".into()));
    h.turn().await;
    h.send(Command::Checkout);
    h.until(|e| matches!(e, Event::PaymentLink { .. })).await;
    h.send(Command::PayWithTestCard);
    h.until(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Charging)))
        .await;
    // A second press while it is charged: no second charge.
    h.send(Command::PayWithTestCard);
    // The model tries to cancel it: refused, with a reason it can tell the guest.
    h.send(Command::Submit("cancel that".into()));
    let turn = h.turn().await;
    assert!(
        turn.iter()
            .any(|e| matches!(e, Event::ToolRan { ok: false, .. })),
        "{turn:#?}"
    );

    // Ten minutes pass: far past the checkout's deadline (its expiry plus the grace).
    tokio::time::sleep(Duration::from_secs(600)).await;
    let meanwhile = emitted(&mut h);
    assert!(
        !meanwhile
            .iter()
            .any(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled))),
        "cancelled under a charge: {meanwhile:#?}"
    );
    assert_eq!(
        gate.expires.load(Ordering::SeqCst),
        1,
        "only the card's own close"
    );
    assert_eq!(gate.creates.load(Ordering::SeqCst), 1);
    assert_eq!(gate.settles.load(Ordering::SeqCst), 1, "charged twice");

    gate.release.notify_one();
    let events = h.until(|e| matches!(e, Event::Receipt(_))).await;
    let tab = last_tab(&events);
    assert_eq!((tab.payment.name(), tab.balance), ("paid", Cents(99_400)));
}
