//! Settling up: checkouts started by a key or by the model go through the same code. The
//! idempotency key is journaled (durably) by `StartCheckout` before the gateway is asked, so a
//! retry, a double Ctrl+P or a crash-and-resume reuses it and can never charge twice. Gateway
//! calls run as spawned tasks; their results come back to the loop as `Background` messages.
//! This file starts, creates, resumes and cancels checkouts; `settle.rs` watches an open one.

use serde_json::json;

use super::protocol::{Entry, Event, PaymentProgress};
use super::turn::{Awaiting, PayOp};
use super::{Agent, Background, now_unix};
use crate::bar::{Action, BarError, CheckoutLink, ErrorCode, PaymentState};
use crate::llm::ToolCall;
use crate::payments::idempotency::checkout_key;
use crate::payments::{Checkout, CheckoutRequest, GatewayKind, PaymentError};
use crate::tools::{ToolOutput, error_json, refused};

fn tool_ok(result: serde_json::Value, summary: &str) -> ToolOutput {
    ToolOutput {
        result,
        events: vec![],
        summary: summary.into(),
    }
}

impl Agent {
    pub(super) fn simulated(&self) -> bool {
        self.gateway.kind() == GatewayKind::Simulated
    }

    pub(super) fn checkout_request(&self, key: &str) -> Option<CheckoutRequest> {
        let view = self.bar.view();
        let p = view.payment.pending()?;
        let drinks = view.drinks;
        Some(CheckoutRequest {
            amount: p.amount,
            description: format!(
                "MOK 5-ha tab · {drinks} drink{}{}",
                if drinks == 1 { "" } else { "s" },
                if p.tip.is_positive() { " (+ tip)" } else { "" }
            ),
            session_id: self.session_key.clone(),
            tab_version: view.version,
            idempotency_key: key.to_string(),
        })
    }

    /// Ctrl+P, `/pay`, or the model's `checkout` tool.
    pub(super) fn checkout(&mut self, call: Option<ToolCall>) {
        match self.bar.state().payment.clone() {
            PaymentState::Pending(p) => {
                if let Some(link) = &p.link {
                    // Already out: reopen the overlay, never a second checkout.
                    self.emit(Event::PaymentLink {
                        url: link.url.clone(),
                        amount: p.amount,
                        simulated: link.simulated,
                        note: self.gateway.note(),
                    });
                    self.emit(Event::PaymentStatus(PaymentProgress::Waiting));
                    if self.poll.is_none() {
                        // Polling had stopped (deadline, an error): asking again restarts it.
                        self.start_polling(link, None);
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
                let version = self.bar.state().version + 1;
                let key = checkout_key(&self.session_key, version, 0, now_unix());
                match self.bar.apply(Action::StartCheckout {
                    idempotency_key: key.clone(),
                }) {
                    Ok(events) => {
                        self.record_bar(&events);
                        self.emit(Event::TabChanged(self.bar.view()));
                        self.emit(Event::PaymentStatus(PaymentProgress::Creating));
                        self.spawn_create(&key);
                        self.wait_for(call, PayOp::Checkout);
                    }
                    Err(e) => self.payment_refused(call, &e),
                }
            }
        }
    }

    fn wait_for(&mut self, call: Option<ToolCall>, op: PayOp) {
        if let (Some(call), Some(turn)) = (call, self.turn.as_mut()) {
            turn.awaiting = Some(Awaiting::Payment { call, op });
        }
    }

    fn payment_refused(&mut self, call: Option<ToolCall>, e: &BarError) {
        match call {
            Some(call) => {
                let out = refused(&call.name, e);
                self.tool_done(&call, out);
                self.run_queue();
            }
            None => self.emit(Event::Notice(self.safety.clean(&e.message))),
        }
    }

    fn spawn_create(&self, key: &str) {
        let Some(request) = self.checkout_request(key) else {
            return;
        };
        let gateway = self.gateway.clone();
        let tx = self.bg_tx.clone();
        let key = key.to_string();
        tokio::spawn(async move {
            let result = gateway.create_checkout(&request).await;
            let _ = tx.send(Background::CheckoutCreated { key, result });
        });
    }

    pub(super) fn checkout_created(&mut self, key: String, result: Result<Checkout, PaymentError>) {
        let current = self.bar.state().payment.pending().cloned();
        let still_wanted = current
            .as_ref()
            .is_some_and(|p| p.idempotency_key == key && p.link.is_none());
        if !still_wanted {
            // Cancelled while the request was out: make sure the link cannot be paid.
            if let Ok(c) = result {
                let gateway = self.gateway.clone();
                tokio::spawn(async move {
                    let _ = gateway.expire(&c.id).await;
                });
            }
            return;
        }
        match result {
            Ok(c) => {
                let link = CheckoutLink {
                    checkout_id: c.id.clone(),
                    url: self.safety.clean(&c.url),
                    simulated: self.simulated(),
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
                    note: self.gateway.note().map(|n| self.safety.clean(&n)),
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
            Err(e) => {
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
                    hint: Some("press Ctrl+P to try again".into()),
                });
                let err = BarError::new(ErrorCode::InvalidTransition, reason);
                let mut out = refused("checkout", &err);
                out.result =
                    json!({"ok": false, "error": "PAYMENT_FAILED", "message": err.message});
                self.resume_payment_call(PayOp::Checkout, out);
            }
        }
    }

    /// A pending checkout found at start-up (a resumed session): carry on where it was.
    pub(super) fn resume_payment(&mut self) {
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            return;
        };
        match &p.link {
            Some(link) => {
                self.gateway.resume_checkout(Checkout {
                    id: link.checkout_id.clone(),
                    url: link.url.clone(),
                    amount: p.amount,
                    expires_at: None,
                });
                self.start_polling(link, None);
            }
            // The crash came between journaling the key and the gateway's answer: ask again
            // with the same key; the gateway returns the same checkout.
            None => self.spawn_create(&p.idempotency_key),
        }
    }

    pub(super) fn pending_link(&self) -> Option<CheckoutLink> {
        self.bar.state().payment.pending()?.link.clone()
    }

    /// `x` in the overlay, or the model's `cancel_checkout`.
    pub(super) fn cancel_checkout(&mut self, call: Option<ToolCall>) {
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            let e = BarError::new(
                ErrorCode::NoPendingPayment,
                "There is no checkout in progress.",
            );
            self.payment_refused(call, &e);
            return;
        };
        match p.link {
            Some(link) => {
                let gateway = self.gateway.clone();
                let tx = self.bg_tx.clone();
                tokio::spawn(async move {
                    let result = gateway.expire(&link.checkout_id).await;
                    let _ = tx.send(Background::Cancelled {
                        checkout_id: link.checkout_id,
                        result,
                    });
                });
                self.wait_for(call, PayOp::Cancel);
            }
            None => {
                // No link yet: cancel here; a late answer is expired when it arrives.
                self.finish_cancel();
                if let Some(call) = call {
                    self.tool_done(&call, cancelled_output());
                    self.run_queue();
                }
            }
        }
    }

    pub(super) fn cancel_arrived(&mut self, checkout_id: &str, result: Result<(), PaymentError>) {
        if self.pending_link().map(|l| l.checkout_id) != Some(checkout_id.to_string()) {
            return;
        }
        match result {
            Ok(()) => {
                self.finish_cancel();
                self.resume_payment_call(PayOp::Cancel, cancelled_output());
            }
            Err(e) => {
                let message = format!(
                    "Could not cancel the checkout: {}",
                    self.safety.clean(&e.to_string())
                );
                self.emit(Event::Error {
                    message: message.clone(),
                    hint: None,
                });
                let err = BarError::new(ErrorCode::InvalidTransition, message);
                self.resume_payment_call(
                    PayOp::Cancel,
                    ToolOutput {
                        result: error_json(&err),
                        events: vec![],
                        summary: err.message.clone(),
                    },
                );
            }
        }
    }

    fn finish_cancel(&mut self) {
        if let Ok(events) = self.bar.apply(Action::CancelCheckout) {
            self.record_bar(&events);
            self.poll = None;
            self.emit(Event::TabChanged(self.bar.view()));
            self.emit(Event::PaymentStatus(PaymentProgress::Cancelled));
        }
    }

    pub(super) fn payment_status_output(&self) -> ToolOutput {
        let view = self.bar.view();
        let mut result = json!({"ok": true, "status": view.payment.name()});
        match &view.payment {
            PaymentState::Pending(p) => {
                result["amount"] = json!(p.amount.to_string());
                result["link_ready"] = json!(p.link.is_some());
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

fn cancelled_output() -> ToolOutput {
    tool_ok(
        json!({"ok": true, "status": "cancelled", "message": "The checkout is cancelled; the tab is open again."}),
        "checkout cancelled",
    )
}
