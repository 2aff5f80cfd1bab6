//! Settling up: checkouts started by a key or by the model go through the same code. The
//! idempotency key is journaled (durably) by `StartCheckout` before the gateway is asked, so a
//! retry, a double Ctrl+P or a crash-and-resume reuses it and can never charge twice; a real
//! checkout is only sent while the session is being saved. Gateway calls run as spawned tasks;
//! their results come back to the loop as `Background` messages. This file starts and creates
//! checkouts; `resume.rs` continues one after a restart, `cancel.rs` cancels one, `settle.rs`
//! watches an open one and `card.rs` pays one with the test card.
//!
//! Each new checkout asks the selector for a gateway (cheap: its Stripe probe is cached), so a
//! Stripe that was unreachable at start-up is used once it answers. The choice is journaled
//! (durably) before the first request, and the checkout keeps that gateway until it ends, also
//! across a resume.

use std::sync::Arc;

use serde_json::json;

use super::protocol::{Entry, Event, NextStep, PaymentProgress};
use super::turn::{Awaiting, PayOp};
use super::{Agent, Background, now_unix};
use crate::bar::{Action, BarError, CheckoutLink, ErrorCode, PaymentState};
use crate::llm::ToolCall;
use crate::payments::idempotency::{self, checkout_key};
use crate::payments::select::Selection;
use crate::payments::{Checkout, CheckoutRequest, Gateway, GatewayKind, PaymentError};
use crate::tools::{Tool, ToolOutput, refused};

pub(super) fn tool_ok(result: serde_json::Value, summary: &str) -> ToolOutput {
    ToolOutput {
        result,
        events: vec![],
        next: None,
        summary: summary.into(),
    }
}

/// "MOK 5-ha tab · 3 drinks (+ tip)": the line item the guest sees at the gateway.
fn tab_description(drinks: u32, tipped: bool) -> String {
    format!(
        "MOK 5-ha tab · {drinks} drink{}{}",
        if drinks == 1 { "" } else { "s" },
        if tipped { " (+ tip)" } else { "" }
    )
}

impl Agent {
    /// Why the pending checkout's gateway is the one in use, for the overlay.
    pub(super) fn gateway_note(&self) -> Option<String> {
        let note = self.gateway.as_ref()?.note()?;
        Some(self.safety.clean(&note))
    }

    pub(super) fn checkout_request(&self, key: &str) -> Option<CheckoutRequest> {
        let view = self.bar.view();
        let p = view.payment.pending()?;
        Some(CheckoutRequest {
            amount: p.amount,
            description: tab_description(view.drinks, p.tip.is_positive()),
            session_id: self.session_key.clone(),
            // The version the key was made for, so every request of this checkout (a retry,
            // after a resume, the test card) carries the same figures.
            tab_version: idempotency::tab_version(key).unwrap_or(view.version),
            idempotency_key: key.to_string(),
        })
    }

    /// Ctrl+P, `/pay`: as the model's `checkout`, and Maya hears about it.
    pub(super) fn guest_checkout(&mut self) {
        self.start_or_reopen(None, true);
    }

    /// The model's `checkout` tool (or Ctrl+P when `call` is `None`).
    pub(super) fn checkout(&mut self, call: Option<ToolCall>) {
        self.start_or_reopen(call, false);
    }

    fn start_or_reopen(&mut self, call: Option<ToolCall>, by_guest: bool) {
        match self.bar.state().payment.clone() {
            PaymentState::Pending(p) => {
                if self.gateway_problem.is_some() && !self.resuming {
                    // Its gateway could not be reached (a resumed session without its Stripe
                    // key): asking again is how the guest says the key may be back.
                    self.resume_payment();
                }
                if let Some(link) = &p.link {
                    // Already out: reopen the overlay, never a second checkout.
                    self.emit(Event::PaymentLink {
                        url: link.url.clone(),
                        amount: p.amount,
                        simulated: link.simulated,
                        note: self.gateway_note(),
                    });
                    if p.card.is_some() {
                        self.emit(Event::PaymentStatus(PaymentProgress::Charging));
                        if self.poll.is_none() {
                            // The card's answer was not final and asking had stopped.
                            self.advance_card();
                        }
                    } else {
                        self.emit(Event::PaymentStatus(PaymentProgress::Waiting));
                        if self.poll.is_none() && self.gateway.is_some() {
                            // Polling had stopped (deadline, an error): asking again restarts it.
                            self.start_polling(link, None);
                        }
                    }
                    if let Some(call) = call {
                        let out = tool_ok(
                            json!({"ok": true, "status": "pending", "amount": p.amount.to_string(),
                                   "message": "The payment link is already on the guest's screen."}),
                            "check is already out",
                        );
                        self.tool_done(&call, out);
                        self.run_queue();
                    }
                } else {
                    // Started but no link yet (in flight, or a crash before the answer).
                    self.wait_for(call, PayOp::Checkout);
                }
            }
            _ => {
                let key = self.new_checkout_key();
                match self.bar.apply(Action::StartCheckout {
                    idempotency_key: key.clone(),
                }) {
                    Ok(events) => {
                        self.record_bar(&events);
                        let view = self.bar.view();
                        if by_guest && let Some(p) = view.payment.pending() {
                            self.notes
                                .push(format!("Guest asked for the check ({})", p.amount));
                        }
                        self.emit(Event::TabChanged(view));
                        self.emit(Event::PaymentStatus(PaymentProgress::Creating));
                        self.gateway = None;
                        self.spawn_choose(&key);
                        self.wait_for(call, PayOp::Checkout);
                    }
                    Err(e) => self.payment_refused(call, &e),
                }
            }
        }
    }

    /// A fresh key, or the key of the create that failed last when the tab is the same: the
    /// retry is then exactly the same request, as the error said ("a retry reuses the same
    /// request"), so a checkout that was created after all is found, never made twice.
    fn new_checkout_key(&self) -> String {
        let view = self.bar.view();
        match &self.failed_create {
            Some(f)
                if f.amount == view.total
                    && f.description
                        == tab_description(view.drinks, view.tip_amount.is_positive()) =>
            {
                f.idempotency_key.clone()
            }
            _ => checkout_key(
                &self.session_key,
                self.bar.state().version + 1,
                0,
                now_unix(),
            ),
        }
    }

    pub(super) fn wait_for(&mut self, call: Option<ToolCall>, op: PayOp) {
        if let (Some(call), Some(turn)) = (call, self.turn.as_mut()) {
            turn.awaiting = Some(Awaiting::Payment { call, op });
        }
    }

    pub(super) fn payment_refused(&mut self, call: Option<ToolCall>, e: &BarError) {
        match call {
            Some(call) => {
                let out = refused(&call.name, e);
                self.tool_done(&call, out);
                self.run_queue();
            }
            None => self.emit(Event::Notice(self.safety.clean(&e.said(&*self.say)))),
        }
    }

    /// Whether the checkout with `key` is still waiting for its link.
    fn awaiting_link(&self, key: &str) -> bool {
        self.bar
            .state()
            .payment
            .pending()
            .is_some_and(|p| p.idempotency_key == key && p.link.is_none())
    }

    /// Ask the selector where this checkout goes (a probe at most every 30 s).
    pub(super) fn spawn_choose(&self, key: &str) {
        let payments = self.payments.clone();
        let tx = self.bg_tx.clone();
        let key = key.to_string();
        tokio::spawn(async move {
            let result = payments.choose().await;
            let _ = tx.send(Background::GatewayChosen { key, result });
        });
    }

    pub(super) fn gateway_chosen(&mut self, key: String, result: Result<Selection, PaymentError>) {
        if !self.awaiting_link(&key) {
            return; // cancelled meanwhile; nothing was sent anywhere
        }
        match result {
            Ok(selection) => {
                // On disk before the request leaves, so a resume asks the same gateway.
                self.recorder.checkout_gateway(&key, selection.kind);
                if selection.kind != GatewayKind::Simulated
                    && let Err(why) = self.may_send_real()
                {
                    return self.create_failed(&key, &PaymentError::Refused(why));
                }
                self.gateway = Some(selection.gateway);
                self.spawn_create(&key);
            }
            Err(e) => self.create_failed(&key, &e),
        }
    }

    pub(super) fn spawn_create(&self, key: &str) {
        let (Some(request), Some(gateway)) = (self.checkout_request(key), self.gateway.clone())
        else {
            return;
        };
        let tx = self.bg_tx.clone();
        let key = key.to_string();
        tokio::spawn(async move {
            let result = gateway.create_checkout(&request).await;
            let _ = tx.send(Background::CheckoutCreated {
                key,
                gateway,
                result,
            });
        });
    }

    pub(super) fn checkout_created(
        &mut self,
        key: String,
        gateway: Arc<dyn Gateway>,
        result: Result<Checkout, PaymentError>,
    ) {
        let current = self.bar.state().payment.pending().cloned();
        if !self.awaiting_link(&key) {
            // Cancelled while the request was out: make sure the link cannot be paid.
            if let Ok(c) = result {
                tokio::spawn(async move {
                    let _ = gateway.expire(&c.id).await;
                });
            }
            return;
        }
        let c = match result {
            Ok(c) => c,
            Err(e) => return self.create_failed(&key, &e),
        };
        self.failed_create = None;
        let link = CheckoutLink {
            checkout_id: c.id.clone(),
            url: self.safety.clean(&c.url),
            simulated: gateway.kind() == GatewayKind::Simulated,
        };
        match self.bar.apply(Action::CheckoutLinkReady(link.clone())) {
            Ok(events) => self.record_bar(&events),
            Err(e) => {
                tracing::error!("checkout link refused by the bar: {e}");
                return;
            }
        }
        let amount = current.map(|p| p.amount).unwrap_or_default();
        self.emit(Event::TabChanged(self.bar.view()));
        self.emit(Event::PaymentLink {
            url: link.url.clone(),
            amount,
            simulated: link.simulated,
            note: self.gateway_note(),
        });
        self.emit(Event::PaymentStatus(PaymentProgress::Waiting));
        self.start_polling(&link, Some(&c));
        let out = tool_ok(
            json!({"ok": true, "status": "pending", "amount": amount.to_string(),
                   "simulated": link.simulated,
                   "message": "The payment link is on the guest's screen; they pay there."}),
            &format!("check is out · {amount}"),
        );
        self.resume_payment_call(PayOp::Checkout, out);
    }

    /// No checkout could be created (no usable gateway, or the gateway refused): the tab is
    /// open again, and a retry of the same tab sends the same request.
    fn create_failed(&mut self, key: &str, e: &PaymentError) {
        self.failed_create = self.checkout_request(key);
        let reason = self.safety.clean(&e.to_string());
        if let Ok(events) = self.bar.apply(Action::PaymentFailed {
            reason: reason.clone(),
        }) {
            self.record_bar(&events);
        }
        self.emit(Event::TabChanged(self.bar.view()));
        self.emit(Event::PaymentStatus(PaymentProgress::Failed {
            reason: reason.clone(),
        }));
        let message = format!("Could not start the checkout: {reason}");
        self.record_entry(Entry::Error {
            text: message.clone(),
        });
        self.emit(Event::Error {
            message,
            hint: Some(NextStep::AskForCheckAgain),
        });
        let err = BarError::new(ErrorCode::InvalidTransition, reason);
        let mut out = refused(Tool::Checkout.name(), &err);
        out.result = json!({"ok": false, "error": "PAYMENT_FAILED", "message": err.message});
        self.resume_payment_call(PayOp::Checkout, out);
    }

    pub(super) fn pending_link(&self) -> Option<CheckoutLink> {
        self.bar.state().payment.pending()?.link.clone()
    }

    pub(super) fn payment_status_output(&self) -> ToolOutput {
        let view = self.bar.view();
        let mut result = json!({"ok": true, "status": view.payment.name()});
        match &view.payment {
            PaymentState::Pending(p) => {
                result["amount"] = json!(p.amount.to_string());
                result["link_ready"] = json!(p.link.is_some());
                if p.card.is_some() {
                    result["message"] =
                        json!("The test card is being charged; its answer settles the check.");
                }
            }
            PaymentState::Paid { receipt } => {
                result["paid"] = json!(receipt.total.to_string());
            }
            PaymentState::Failed { reason } => result["reason"] = json!(reason),
            _ => {}
        }
        tool_ok(result, &format!("payment is {}", view.payment.name()))
    }
}
