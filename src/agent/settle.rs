//! Watching an open checkout until it settles: polling a real gateway on a schedule, the
//! guest confirming a simulated payment, and what each answer does to the tab. Starting and
//! cancelling checkouts is in `payments.rs`, the test card in `card.rs`.

use tokio::time::Instant;

use super::protocol::{Entry, Event, NextStep, PaymentProgress};
use super::{Agent, Background, now_unix};
use crate::bar::{Action, CheckoutLink, PaymentState};
use crate::payments::poll::{PollOutcome, Poller, Step, deadline_for};
use crate::payments::{Checkout, PaymentError, RemoteStatus};

/// Polling of the pending payment on a schedule (real gateways only; a simulated checkout
/// changes only when the guest confirms it).
pub(crate) struct Poll {
    pub watch: Watch,
    pub poller: Poller,
    pub next: Instant,
    pub in_flight: bool,
}

/// What a poll asks about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Watch {
    /// The checkout's link (its status at the gateway).
    Link(String),
    /// The test-card payment whose answer is not final yet (its link is closed already).
    Card,
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
            watch: Watch::Link(link.checkout_id.clone()),
            poller,
            next: Instant::now() + first,
            in_flight: false,
        });
    }

    pub(super) fn poll_now(&mut self) {
        let Some(watch) = self.poll.as_ref().map(|p| p.watch.clone()) else {
            return;
        };
        let checkout_id = match watch {
            Watch::Card => return self.card_tick(),
            Watch::Link(id) => id,
        };
        let Some(gateway) = self.gateway.clone() else {
            // The gateway is not ready (a resumed session waiting for it): nothing to ask.
            self.poll = None;
            return;
        };
        let Some(poll) = self.poll.as_mut() else {
            return;
        };
        poll.in_flight = true;
        let tx = self.bg_tx.clone();
        tokio::spawn(async move {
            let result = gateway.status(&checkout_id).await;
            let _ = tx.send(Background::Status {
                checkout_id,
                poll: true,
                result,
            });
        });
    }

    /// The pending checkout's gateway, or a notice that it is not ready yet.
    fn ready_gateway(&mut self) -> Option<std::sync::Arc<dyn crate::payments::Gateway>> {
        if self.gateway.is_none() {
            self.gateway_not_ready();
        }
        self.gateway.clone()
    }

    pub(super) fn confirm_simulated(&mut self) {
        let Some(link) = self.pending_link() else {
            self.emit(Event::Notice("There is no payment waiting.".into()));
            return;
        };
        if !link.simulated {
            let line = format!(
                "This is a real test-mode checkout. {}",
                self.say(NextStep::PayAtLinkOrTestCard)
            );
            self.emit(Event::Notice(line));
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

    pub(super) fn status_arrived(
        &mut self,
        checkout_id: &str,
        poll: bool,
        result: Result<RemoteStatus, PaymentError>,
    ) {
        let current = self.pending_link();
        if current.as_ref().map(|l| l.checkout_id.as_str()) != Some(checkout_id) {
            // An answer about a checkout that is no longer the open one. One that says it
            // was paid is never dropped silently (a closed link cannot be paid, so this
            // should not happen; if it does, the guest must hear of it).
            if let Ok(RemoteStatus::Paid { reference }) = &result {
                self.paid_elsewhere(reference);
            }
            return;
        }
        let card = self
            .bar
            .state()
            .payment
            .pending()
            .is_some_and(|p| p.card.is_some());
        let result = if poll && !card {
            self.judge_poll(result)
        } else {
            Some(result)
        };
        let Some(result) = result else { return };
        if card && !matches!(result, Ok(RemoteStatus::Paid { .. })) {
            // The card payment closed this link itself; only its answer settles the check.
            return;
        }
        let status = match result {
            Ok(s) => s,
            Err(PaymentError::Declined(msg)) => RemoteStatus::Failed {
                reason: format!("card declined: {msg}"),
            },
            Err(e) => {
                let message = self.safety.clean(&e.to_string());
                let hint = matches!(e, PaymentError::Expired(_)).then_some(NextStep::NewCheckout);
                self.emit(Event::Error { message, hint });
                return;
            }
        };
        match status {
            RemoteStatus::Open => {}
            RemoteStatus::Paid { reference } => self.settle_paid(&reference),
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

    /// The pending checkout was paid (`reference`: the gateway's id for it): settle the tab.
    pub(super) fn settle_paid(&mut self, reference: &str) {
        let reference = self.safety.clean(reference);
        match self.bar.apply(Action::PaymentSucceeded {
            reference: reference.clone(),
            paid_at: now_unix(),
        }) {
            Ok(events) => {
                self.record_bar(&events);
                self.payment_over();
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

    /// A payment the gateway reports for a check that is no longer pending here. It cannot
    /// settle anything now, so it is written down and shown, never dropped.
    pub(super) fn paid_elsewhere(&mut self, reference: &str) {
        if let PaymentState::Paid { receipt } = &self.bar.state().payment
            && receipt.reference == self.safety.clean(reference)
        {
            return; // the payment that settled the check, heard of twice (poll and close)
        }
        let message = format!(
            "Stripe reports a payment ({}) for a check that is no longer open here. Look it up \
             in the Stripe dashboard; it may need a refund.",
            self.safety.clean(reference)
        );
        tracing::error!("{message}");
        self.record_entry(Entry::Error {
            text: message.clone(),
        });
        self.emit(Event::Error {
            message,
            hint: None,
        });
    }

    /// Feed a poll answer to the schedule. `None`: nothing to act on yet.
    fn judge_poll(
        &mut self,
        result: Result<RemoteStatus, PaymentError>,
    ) -> Option<Result<RemoteStatus, PaymentError>> {
        let Some(poll) = self
            .poll
            .as_mut()
            .filter(|p| matches!(p.watch, Watch::Link(_)))
        else {
            // Polling stopped meanwhile (a deadline, a cancel on its way): a late answer
            // that says the link was paid is still the truth and settles the check.
            return matches!(result, Ok(RemoteStatus::Paid { .. })).then_some(result);
        };
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
                    hint: Some(NextStep::CheckPaymentAgain),
                });
                None
            }
        }
    }

    pub(super) fn settle_other(&mut self, action: Action, progress: PaymentProgress) {
        if let Ok(events) = self.bar.apply(action) {
            self.record_bar(&events);
            self.payment_over();
            self.emit(Event::TabChanged(self.bar.view()));
            self.emit(Event::PaymentStatus(progress));
        }
    }

    /// The checkout left `Pending`: nothing about it is watched or waited for any more.
    pub(super) fn payment_over(&mut self) {
        self.poll = None;
        self.card_busy = false;
        self.gateway_problem = None;
        self.pending_gateway = None;
    }
}
