//! Watching an open checkout until it settles: polling a real gateway on a schedule, the
//! guest confirming a simulated payment or paying with the test card, and what each answer
//! does to the tab. Starting and cancelling checkouts is in `payments.rs`.

use tokio::time::Instant;

use super::protocol::{Entry, Event, PaymentProgress};
use super::{Agent, Background, now_unix};
use crate::bar::{Action, CheckoutLink, PaymentState};
use crate::payments::poll::{PollOutcome, Poller, Step, deadline_for};
use crate::payments::{Checkout, PaymentError, RemoteStatus};

/// Polling of an open checkout (real gateways only; a simulated one changes only when the guest
/// confirms it).
pub(crate) struct Poll {
    pub checkout_id: String,
    pub poller: Poller,
    pub next: Instant,
    pub in_flight: bool,
}

impl Agent {
    /// Watch a real checkout until it settles or its deadline (expiry plus grace) passes.
    pub(super) fn start_polling(&mut self, link: &CheckoutLink, checkout: Option<&Checkout>) {
        if link.simulated {
            return;
        }
        let deadline = match checkout {
            Some(c) => deadline_for(c, now_unix()),
            None => Instant::now() + crate::payments::poll::DEFAULT_WATCH,
        };
        let mut poller = Poller::new(deadline);
        let Some(first) = poller.next_wait() else {
            return;
        };
        self.poll = Some(Poll {
            checkout_id: link.checkout_id.clone(),
            poller,
            next: Instant::now() + first,
            in_flight: false,
        });
    }

    pub(super) fn poll_now(&mut self) {
        if self.poll.is_none() {
            return;
        }
        let Some(gateway) = self.gateway.clone() else {
            // The gateway is not ready (a resumed session waiting for it): nothing to ask.
            self.poll = None;
            return;
        };
        let Some(poll) = self.poll.as_mut() else {
            return;
        };
        poll.in_flight = true;
        let id = poll.checkout_id.clone();
        let tx = self.bg_tx.clone();
        tokio::spawn(async move {
            let result = gateway.status(&id).await;
            let _ = tx.send(Background::Status {
                checkout_id: id,
                poll: true,
                result,
            });
        });
    }

    /// The pending checkout's gateway, or a notice that it is not ready yet.
    fn ready_gateway(&mut self) -> Option<std::sync::Arc<dyn crate::payments::Gateway>> {
        if self.gateway.is_none() {
            self.emit(Event::Notice(
                "The payment is still being set up; try again in a moment.".into(),
            ));
        }
        self.gateway.clone()
    }

    pub(super) fn confirm_simulated(&mut self) {
        let Some(link) = self.pending_link() else {
            self.emit(Event::Notice("There is no payment waiting.".into()));
            return;
        };
        if !link.simulated {
            self.emit(Event::Notice(
                "This is a real test-mode checkout: pay at the link, or press t for the test card."
                    .into(),
            ));
            return;
        }
        let Some(gateway) = self.ready_gateway() else {
            return;
        };
        let tx = self.bg_tx.clone();
        tokio::spawn(async move {
            let result = gateway.confirm_simulated(&link.checkout_id).await;
            let _ = tx.send(Background::Status {
                checkout_id: link.checkout_id,
                poll: false,
                result,
            });
        });
    }

    pub(super) fn pay_with_test_card(&mut self) {
        let Some(link) = self.pending_link() else {
            self.emit(Event::Notice("There is no payment waiting.".into()));
            return;
        };
        if link.simulated {
            self.emit(Event::Notice(
                "The test card needs a Stripe test key; press Enter to pay this simulated check."
                    .into(),
            ));
            return;
        }
        let Some(key) = self
            .bar
            .state()
            .payment
            .pending()
            .map(|p| p.idempotency_key.clone())
        else {
            return;
        };
        let Some(request) = self.checkout_request(&key) else {
            return;
        };
        let Some(gateway) = self.ready_gateway() else {
            return;
        };
        self.emit(Event::PaymentStatus(PaymentProgress::Waiting));
        let method = self.cfg.stripe.test_payment_method.clone();
        let tx = self.bg_tx.clone();
        tokio::spawn(async move {
            // Paid at the link meanwhile? Then the card must not be charged as well.
            if let Ok(paid @ RemoteStatus::Paid { .. }) = gateway.status(&link.checkout_id).await {
                let _ = tx.send(Background::Status {
                    checkout_id: link.checkout_id,
                    poll: false,
                    result: Ok(paid),
                });
                return;
            }
            let result = gateway.pay_with_test_card(&request, &method).await;
            if matches!(result, Ok(RemoteStatus::Paid { .. })) {
                // Paid by card: the Checkout page must not take a second payment.
                let _ = gateway.expire(&link.checkout_id).await;
            }
            let _ = tx.send(Background::Status {
                checkout_id: link.checkout_id,
                poll: false,
                result,
            });
        });
    }

    pub(super) fn status_arrived(
        &mut self,
        checkout_id: &str,
        poll: bool,
        result: Result<RemoteStatus, PaymentError>,
    ) {
        let current = self.pending_link();
        if current.as_ref().map(|l| l.checkout_id.as_str()) != Some(checkout_id) {
            return; // an answer about a checkout that is no longer the open one
        }
        let result = if poll {
            self.judge_poll(result)
        } else {
            Some(result)
        };
        let Some(result) = result else { return };
        let status = match result {
            Ok(s) => s,
            Err(PaymentError::Declined(msg)) => RemoteStatus::Failed {
                reason: format!("card declined: {msg}"),
            },
            Err(e) => {
                let message = self.safety.clean(&e.to_string());
                self.emit(Event::Error {
                    message,
                    hint: None,
                });
                return;
            }
        };
        match status {
            RemoteStatus::Open => {}
            RemoteStatus::Paid { reference } => {
                let reference = self.safety.clean(&reference);
                match self.bar.apply(Action::PaymentSucceeded {
                    reference: reference.clone(),
                    paid_at: now_unix(),
                }) {
                    Ok(events) => {
                        self.record_bar(&events);
                        self.poll = None;
                        self.emit(Event::TabChanged(self.bar.view()));
                        self.emit(Event::PaymentStatus(PaymentProgress::Paid { reference }));
                        if let PaymentState::Paid { receipt } = &self.bar.state().payment {
                            let receipt = receipt.clone();
                            self.notes.push(format!(
                                "The guest paid the tab ({}); it is settled.",
                                receipt.total
                            ));
                            self.record_entry(Entry::Receipt {
                                receipt: Box::new(receipt.clone()),
                            });
                            self.emit(Event::Receipt(receipt));
                        }
                    }
                    Err(e) => tracing::error!("payment success refused by the bar: {e}"),
                }
            }
            RemoteStatus::Expired => {
                self.settle_other(Action::PaymentExpired, PaymentProgress::Expired);
                self.notes
                    .push("The checkout expired; the tab is open again.".into());
            }
            RemoteStatus::Failed { reason } => {
                let reason = self.safety.clean(&reason);
                self.settle_other(
                    Action::PaymentFailed {
                        reason: reason.clone(),
                    },
                    PaymentProgress::Failed { reason },
                );
            }
        }
    }

    /// Feed a poll answer to the schedule. `None`: nothing to act on yet.
    fn judge_poll(
        &mut self,
        result: Result<RemoteStatus, PaymentError>,
    ) -> Option<Result<RemoteStatus, PaymentError>> {
        let poll = self.poll.as_mut()?;
        poll.in_flight = false;
        let outcome = match poll.poller.observe(result) {
            Step::Continue => match poll.poller.next_wait() {
                Some(wait) => {
                    poll.next = Instant::now() + wait;
                    return None;
                }
                None => poll.poller.timed_out(),
            },
            Step::Done(outcome) => outcome,
        };
        self.polling_over(outcome)
    }

    fn polling_over(&mut self, outcome: PollOutcome) -> Option<Result<RemoteStatus, PaymentError>> {
        self.poll = None;
        match outcome {
            PollOutcome::Settled(status) => Some(Ok(status)),
            PollOutcome::DeadlineReached { .. } => {
                // Past its expiry and still open: expire it so a late payment cannot land.
                self.cancel_checkout(None);
                None
            }
            PollOutcome::Cancelled => None,
            PollOutcome::Failed(e) => {
                let message = format!(
                    "Stopped checking the payment: {}",
                    self.safety.clean(&e.to_string())
                );
                self.emit(Event::Error {
                    message,
                    hint: Some("press Ctrl+P to check again".into()),
                });
                None
            }
        }
    }

    fn settle_other(&mut self, action: Action, progress: PaymentProgress) {
        if let Ok(events) = self.bar.apply(action) {
            self.record_bar(&events);
            self.poll = None;
            self.emit(Event::TabChanged(self.bar.view()));
            self.emit(Event::PaymentStatus(progress));
        }
    }
}
