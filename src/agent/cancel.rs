//! Cancelling a pending checkout (`x`, the model's `cancel_checkout`, or a checkout past its
//! deadline). Its link is expired at the gateway first and the tab reopens only once that
//! worked, so no payment can land on a cancelled check. A link paid just before it could be
//! closed settles the check instead. Refused while the test card is being charged (its answer
//! settles the check) and while the gateway cannot be asked (the link may have been paid).

use serde_json::json;

use super::payments::tool_ok;
use super::protocol::{Event, NextStep, PaymentProgress};
use super::turn::PayOp;
use super::{Agent, Background};
use crate::bar::{BarError, ErrorCode};
use crate::llm::ToolCall;
use crate::payments::{PaymentError, RemoteStatus};
use crate::tools::{ToolOutput, error_json};

impl Agent {
    /// `x` in the overlay: as the model's `cancel_checkout`, and Maya hears about it.
    pub(super) fn guest_cancel(&mut self) {
        self.cancel(None, true);
    }

    /// The model's `cancel_checkout`, or Maya's own (a checkout past its deadline).
    pub(super) fn cancel_checkout(&mut self, call: Option<ToolCall>) {
        self.cancel(call, false);
    }

    fn cancel(&mut self, call: Option<ToolCall>, by_guest: bool) {
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            let e = BarError::new(
                ErrorCode::NoPendingPayment,
                "There is no checkout in progress.",
            );
            self.payment_refused(call, &e);
            return;
        };
        if p.card.is_some() {
            let e = BarError::new(
                ErrorCode::InvalidTransition,
                "The check cannot be cancelled now: the test card is being charged, and a \
                 charge cannot be taken back midway. Wait for Stripe's answer; it settles the \
                 check either way.",
            );
            self.payment_refused(call, &e);
            return;
        }
        if self.cancelling {
            // A cancel is already on its way; its answer answers this one too.
            self.wait_for(call, PayOp::Cancel);
            return;
        }
        match (p.link, self.gateway.clone()) {
            (Some(link), Some(gateway)) => {
                self.cancelling = true;
                let tx = self.bg_tx.clone();
                tokio::spawn(async move {
                    let result = gateway.expire(&link.checkout_id).await;
                    let _ = tx.send(Background::Cancelled {
                        checkout_id: link.checkout_id,
                        by_guest,
                        result,
                    });
                });
                self.wait_for(call, PayOp::Cancel);
            }
            (Some(_), None) => {
                // Its gateway cannot be asked (a resumed session without its Stripe key, or
                // not ready yet): the link may have been paid, so it is not given up.
                let why = self.gateway_problem.clone().unwrap_or_else(|| {
                    "the payment is still being set up; try again in a moment".into()
                });
                let check = self.say(NextStep::CheckPaymentAgain);
                let fix = if why.contains("maya keys set stripe") {
                    format!("Once it is set, {check}.")
                } else {
                    format!(
                        "Set the Stripe key again if it is gone (`maya keys set stripe`), then \
                         {check}."
                    )
                };
                let e = BarError::new(
                    ErrorCode::InvalidTransition,
                    self.safety.clean(&format!(
                        "The check cannot be cancelled now: {why}. Until Stripe can be asked, \
                         its link may still be paid, so it stays open. {fix}"
                    )),
                );
                self.payment_refused(call, &e);
            }
            (None, _) => {
                // No link yet, so nobody can have paid: cancel here; a late answer is expired
                // when it arrives.
                self.finish_cancel(by_guest);
                if let Some(call) = call {
                    self.tool_done(&call, cancelled_output());
                    self.run_queue();
                }
            }
        }
    }

    pub(super) fn cancel_arrived(
        &mut self,
        checkout_id: &str,
        by_guest: bool,
        result: Result<RemoteStatus, PaymentError>,
    ) {
        self.cancelling = false;
        let Some(link) = self.pending_link().filter(|l| l.checkout_id == checkout_id) else {
            if let Ok(RemoteStatus::Paid { reference }) = &result {
                self.paid_elsewhere(reference);
            }
            return;
        };
        match result {
            Ok(RemoteStatus::Expired) => {
                self.finish_cancel(by_guest);
                self.resume_payment_call(PayOp::Cancel, cancelled_output());
            }
            Ok(RemoteStatus::Paid { reference }) => {
                // Paid just before it could be closed: that payment settles the check.
                self.settle_paid(&reference);
                self.resume_payment_call(
                    PayOp::Cancel,
                    tool_ok(
                        json!({"ok": false, "status": "paid",
                               "message": "Too late to cancel: the guest had just paid."}),
                        "already paid",
                    ),
                );
            }
            other => {
                let why = match other {
                    Err(e) => e.to_string(),
                    Ok(_) => "the checkout could not be closed".into(),
                };
                let message = format!(
                    "Could not cancel the checkout: {}. Its link may still be paid, so it stays \
                     open and watched.",
                    self.safety.clean(&why)
                );
                self.emit(Event::Error {
                    message: message.clone(),
                    hint: Some(NextStep::CancelAgain),
                });
                if self.poll.is_none() {
                    self.start_polling(&link, None);
                }
                let err = BarError::new(ErrorCode::InvalidTransition, message);
                self.resume_payment_call(
                    PayOp::Cancel,
                    ToolOutput {
                        result: error_json(&err),
                        events: vec![],
                        next: None,
                        summary: err.message.clone(),
                    },
                );
            }
        }
    }

    fn finish_cancel(&mut self, by_guest: bool) {
        if let Ok(events) = self.bar.apply(crate::bar::Action::CancelCheckout) {
            self.record_bar(&events);
            self.payment_over();
            if by_guest {
                self.notes.push("Guest cancelled the checkout".into());
            }
            self.emit(Event::TabChanged(self.bar.view()));
            self.emit(Event::PaymentStatus(PaymentProgress::Cancelled));
        }
    }
}

fn cancelled_output() -> ToolOutput {
    tool_ok(
        json!({"ok": true, "status": "cancelled", "message": "The checkout is cancelled; the tab is open again."}),
        "checkout cancelled",
    )
}
