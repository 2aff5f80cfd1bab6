//! Paying a pending Stripe checkout with the test card (`t`) so that one check is paid once.
//!
//! The order of operations, each step journaled (durably) before the request it allows:
//! 1. `t` journals the card payment: its idempotency key (from the checkout's key only) and the
//!    test payment method, so a resume sends the very same requests whatever the config says.
//! 2. The checkout's link is closed (expired). If Stripe says it was paid, that payment settles
//!    the check and the card is never charged. If it cannot be closed, the card is not charged
//!    either: the card payment is dropped and the link stays watched.
//! 3. The card payment is created, not confirmed (creating never charges); its id is journaled.
//! 4. It is confirmed: the charge. Its answer settles the check (paid, declined, 3-D Secure).
//!
//! Until that answer is recorded the checkout cannot be cancelled or expire (the Bar refuses),
//! and an answer that is not final (Stripe unreachable, still processing) is asked for again on
//! the poll schedule with the same requests, which cannot charge twice: the confirm is only
//! sent to a payment Stripe reports as never confirmed. A resumed session does this first,
//! from the step its journal reached.

use std::time::Duration;

use tokio::time::Instant;

use super::protocol::{Entry, Event, NextStep, PaymentProgress};
use super::settle::{Poll, Watch};
use super::{Agent, Background};
use crate::bar::{Action, CardPayment};
use crate::payments::idempotency;
use crate::payments::poll::Poller;
use crate::payments::{PaymentError, RemoteStatus};

/// How a card payment's first steps (close the link, create the payment) ended.
pub(crate) enum Prepared {
    /// The guest paid at the link before it could be closed: the card was not charged.
    LinkPaid { reference: String },
    /// The link could not be closed, so it may still be paid: the card was not charged.
    LinkOpen(PaymentError),
    /// The link is closed; the card payment was created (its id), or could not be.
    Created(Result<String, PaymentError>),
}

/// How long a card payment whose answer is not final is asked about before Maya stops and
/// says so (Ctrl+P asks again).
const CARD_WATCH: Duration = Duration::from_secs(30 * 60);

impl Agent {
    /// `t` in the payment overlay.
    pub(super) fn pay_with_test_card(&mut self) {
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            self.emit(Event::Notice("There is no payment waiting.".into()));
            return;
        };
        let Some(link) = p.link.clone() else {
            self.emit(Event::Notice(
                "The payment link is still being made; try again in a moment.".into(),
            ));
            return;
        };
        if link.simulated {
            let line = format!(
                "The test card needs a Stripe test key; this check is simulated: {}.",
                self.say(NextStep::SettleInOverlay)
            );
            self.emit(Event::Notice(line));
            return;
        }
        if p.card.is_some() {
            if self.card_busy {
                self.emit(Event::Notice(
                    "The test card is already being charged; Stripe's answer settles the check."
                        .into(),
                ));
            } else {
                self.emit(Event::Notice(
                    "Asking Stripe again about the card payment (the same requests, so nothing \
                     is charged twice)."
                        .into(),
                ));
                self.advance_card();
            }
            return;
        }
        if self.cancelling {
            self.emit(Event::Notice(
                "The checkout is being cancelled; the card was not charged.".into(),
            ));
            return;
        }
        if self.gateway.is_none() {
            self.gateway_not_ready();
            return;
        }
        if let Err(why) = self.may_send_real() {
            return self.card_refused(&why);
        }
        let key = idempotency::derived_key(&p.idempotency_key, "card");
        let method = self.cfg.stripe.test_payment_method.clone();
        match self.bar.apply(Action::StartCardPayment {
            idempotency_key: key,
            payment_method: method,
        }) {
            Ok(events) => self.record_bar(&events),
            Err(e) => return self.emit(Event::Notice(self.safety.clean(&e.said(&*self.say)))),
        }
        if let Err(why) = self.may_send_real() {
            // Its record did not reach the disk, and nothing was sent: give it up.
            if let Ok(events) = self.bar.apply(Action::DropCardPayment {
                reason: why.clone(),
            }) {
                self.record_bar(&events);
            }
            return self.card_refused(&why);
        }
        // The link's own watch ends here: the card closes the link and its answer decides.
        // (A poll answer already on its way that says "paid" is still heard.)
        self.poll = None;
        self.advance_card();
    }

    fn card_refused(&mut self, why: &str) {
        self.emit(Event::Error {
            message: format!("The test card was not charged: {why}"),
            hint: None,
        });
    }

    /// Take the pending card payment one step further: close the link and create the payment,
    /// or settle a created one. Nothing happens while a step is out, or while its record might
    /// not be on disk (the card watch tries again once saving works).
    pub(super) fn advance_card(&mut self) {
        if self.card_busy {
            return;
        }
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            return;
        };
        let (Some(card), Some(link)) = (p.card.clone(), p.link.clone()) else {
            return;
        };
        let Some(gateway) = self.gateway.clone() else {
            // A resumed session: this runs again once its gateway is ready.
            return;
        };
        if let Err(why) = self.may_send_real() {
            if !self.watching_card() {
                self.emit(Event::Notice(format!(
                    "The card payment waits until the session is saved again: {why}"
                )));
            }
            self.watch_card();
            return;
        }
        self.card_busy = true;
        if let Some(poll) = self.poll.as_mut() {
            poll.in_flight = true;
        }
        self.emit(Event::PaymentStatus(PaymentProgress::Charging));
        let tx = self.bg_tx.clone();
        match card.payment_id.clone() {
            None => {
                let Some(mut request) = self.checkout_request(&p.idempotency_key) else {
                    self.card_busy = false;
                    return;
                };
                request.idempotency_key = card.idempotency_key.clone();
                request.amount = card.amount;
                tokio::spawn(async move {
                    let prep = match gateway.expire(&link.checkout_id).await {
                        Ok(RemoteStatus::Paid { reference }) => Prepared::LinkPaid { reference },
                        Ok(RemoteStatus::Expired) => Prepared::Created(
                            gateway
                                .create_card_payment(&request, &card.payment_method)
                                .await,
                        ),
                        Ok(_) => Prepared::LinkOpen(PaymentError::Gateway(
                            "the checkout could not be closed".into(),
                        )),
                        Err(e) => Prepared::LinkOpen(e),
                    };
                    let _ = tx.send(Background::CardPrepared {
                        card_key: card.idempotency_key,
                        prep,
                    });
                });
            }
            Some(id) => {
                let confirm_key = idempotency::derived_key(&card.idempotency_key, "confirm");
                tokio::spawn(async move {
                    let result = gateway
                        .settle_card_payment(&id, card.amount, &confirm_key)
                        .await;
                    let _ = tx.send(Background::CardSettled {
                        card_key: card.idempotency_key,
                        result,
                    });
                });
            }
        }
    }

    /// The pending card payment, when it is the one with `key`; the step that was out is back.
    fn card_answer(&mut self, key: &str) -> Option<CardPayment> {
        let card = self
            .bar
            .state()
            .payment
            .pending()?
            .card
            .clone()
            .filter(|c| c.idempotency_key == key)?;
        self.card_busy = false;
        if let Some(poll) = self.poll.as_mut() {
            poll.in_flight = false;
        }
        Some(card)
    }

    pub(super) fn card_prepared(&mut self, card_key: &str, prep: Prepared) {
        if self.card_answer(card_key).is_none() {
            if let Prepared::LinkPaid { reference } = &prep {
                self.paid_elsewhere(reference);
            }
            return;
        }
        match prep {
            Prepared::LinkPaid { reference } => self.settle_paid(&reference),
            Prepared::LinkOpen(e) => {
                let reason = self.safety.clean(&e.to_string());
                if let Ok(events) = self.bar.apply(Action::DropCardPayment {
                    reason: reason.clone(),
                }) {
                    self.record_bar(&events);
                }
                self.emit(Event::PaymentStatus(PaymentProgress::Waiting));
                let message = format!(
                    "The test card was not charged: the payment link could not be closed first \
                     ({reason}), and a card payment must not come on top of one made there. The \
                     link still works."
                );
                self.record_entry(Entry::Error {
                    text: message.clone(),
                });
                self.emit(Event::Error {
                    message,
                    hint: Some(NextStep::TestCardAgain),
                });
                if let Some(link) = self.pending_link() {
                    self.poll = None;
                    self.start_polling(&link, None);
                }
            }
            Prepared::Created(Ok(id)) => {
                match self
                    .bar
                    .apply(Action::CardPaymentCreated { payment_id: id })
                {
                    Ok(events) => self.record_bar(&events),
                    Err(e) => {
                        tracing::error!("card payment refused by the bar: {e}");
                        return;
                    }
                }
                self.advance_card();
            }
            Prepared::Created(Err(e)) => {
                // The link is closed and nothing was charged: creating a payment never charges.
                let reason = format!(
                    "the test card payment could not be started: {}",
                    self.safety.clean(&e.to_string())
                );
                self.card_failed(reason);
            }
        }
    }

    pub(super) fn card_settled(
        &mut self,
        card_key: &str,
        result: Result<RemoteStatus, PaymentError>,
    ) {
        if self.card_answer(card_key).is_none() {
            if let Ok(RemoteStatus::Paid { reference }) = &result {
                self.paid_elsewhere(reference);
            }
            return;
        }
        match result {
            Ok(RemoteStatus::Paid { reference }) => self.settle_paid(&reference),
            Ok(RemoteStatus::Failed { reason }) => self.card_failed(reason),
            Err(PaymentError::Declined(msg)) => self.card_failed(format!("card declined: {msg}")),
            Ok(RemoteStatus::Open | RemoteStatus::Expired) => {
                self.card_unresolved("Stripe is still processing it".into());
            }
            Err(e) => self.card_unresolved(self.safety.clean(&e.to_string())),
        }
    }

    /// The card was not charged (declined, 3-D Secure, could not be created). Its link was
    /// closed before the card was tried, so leaving `Pending` leaves nothing payable behind.
    fn card_failed(&mut self, reason: String) {
        let reason = self.safety.clean(&reason);
        self.settle_other(
            Action::PaymentFailed {
                reason: reason.clone(),
            },
            PaymentProgress::Failed { reason },
        );
    }

    /// No final answer about the card yet: keep it, and ask again on the poll schedule.
    fn card_unresolved(&mut self, why: String) {
        let first = !matches!(
            &self.poll,
            Some(Poll {
                watch: Watch::Card,
                ..
            })
        );
        if first {
            self.emit(Event::Error {
                message: format!(
                    "Stripe has not confirmed the card payment yet ({why}). Maya keeps asking; \
                     asking again cannot charge twice."
                ),
                hint: None,
            });
        }
        self.watch_card();
    }

    /// The card watch's turn: ask again. If nothing could be asked (no card, no gateway), the
    /// next turn is scheduled anyway, so the watch never spins.
    pub(super) fn card_tick(&mut self) {
        self.advance_card();
        let due = self.poll.as_ref().is_some_and(|p| {
            matches!(p.watch, Watch::Card) && !p.in_flight && p.next <= Instant::now()
        });
        if due {
            self.watch_card();
        }
    }

    /// Whether the card payment is already asked about on a schedule (its trouble was told).
    fn watching_card(&self) -> bool {
        matches!(
            &self.poll,
            Some(Poll {
                watch: Watch::Card,
                ..
            })
        )
    }

    /// Ask about the card payment again after the next poll delay (for [`CARD_WATCH`]).
    fn watch_card(&mut self) {
        let Some(poll) = self
            .poll
            .as_mut()
            .filter(|p| matches!(p.watch, Watch::Card))
        else {
            let mut poller = Poller::new(Instant::now() + CARD_WATCH);
            if let Some(first) = poller.next_wait() {
                self.poll = Some(Poll {
                    watch: Watch::Card,
                    poller,
                    next: Instant::now() + first,
                    in_flight: false,
                });
            }
            return;
        };
        poll.in_flight = false;
        match poll.poller.next_wait() {
            Some(wait) => poll.next = Instant::now() + wait,
            None => {
                self.poll = None;
                self.emit(Event::Error {
                    message: "Stopped asking Stripe about the card payment: its answer is still \
                              not final. Look it up in the Stripe dashboard."
                        .into(),
                    hint: Some(NextStep::AskCardAgain),
                });
            }
        }
    }

    /// A real payment request may leave only when what it depends on is on disk.
    pub(super) fn may_send_real(&self) -> Result<(), String> {
        match self.recorder.not_durable() {
            None => Ok(()),
            Some(why) => Err(format!(
                "this session is not being saved ({why}), and a real payment only goes out once \
                 its record is on disk, so that a crash cannot lose track of it. Free the disk \
                 or fix the session folder (Maya retries saving by itself), then try again; \
                 simulated payments work meanwhile"
            )),
        }
    }
}
