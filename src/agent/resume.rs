//! A resumed session's pending checkout carries on where it was, with the gateway it was
//! created with. A card payment whose answer was not recorded is reconciled first (see
//! `card.rs`). When that gateway cannot be reached (its Stripe key cannot be read now), the
//! checkout stays pending: its link may have been paid meanwhile, so it is neither cancelled
//! nor replaced until Stripe can be asked; Ctrl+P tries again.

use std::sync::Arc;

use super::protocol::{Event, NextStep};
use super::{Agent, Background};
use crate::payments::{Checkout, Gateway, GatewayKind, PaymentError};

impl Agent {
    /// A pending checkout found at start-up (or still waiting for its gateway): get that
    /// gateway.
    pub(super) fn resume_payment(&mut self) {
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            return;
        };
        let kind = match &p.link {
            Some(link) if link.simulated => Some(GatewayKind::Simulated),
            Some(_) => Some(GatewayKind::Stripe),
            None => self.pending_gateway,
        };
        let Some(kind) = kind else {
            // No gateway was journaled for this key: the crash came before any request left,
            // so choosing now is safe.
            self.spawn_choose(&p.idempotency_key);
            return;
        };
        self.resuming = true;
        let payments = self.payments.clone();
        let tx = self.bg_tx.clone();
        let key = p.idempotency_key.clone();
        tokio::spawn(async move {
            let result = payments.gateway_of(kind).await;
            let _ = tx.send(Background::GatewayResumed { key, result });
        });
    }

    pub(super) fn gateway_resumed(
        &mut self,
        key: String,
        result: Result<Arc<dyn Gateway>, PaymentError>,
    ) {
        self.resuming = false;
        let Some(p) = self.bar.state().payment.pending().cloned() else {
            return;
        };
        if p.idempotency_key != key {
            return;
        }
        let gateway = match result {
            Ok(g) => g,
            Err(e) => {
                let why = self.safety.clean(&e.to_string());
                let message = format!(
                    "The pending checkout cannot be checked now: {why}. It may have been paid \
                     meanwhile, so it stays open until Maya can ask Stripe: no new checkout and \
                     no cancel until then."
                );
                self.gateway_problem = Some(why);
                self.emit(Event::Error {
                    message,
                    hint: Some(NextStep::FixThenCheckPaymentAgain),
                });
                return;
            }
        };
        self.gateway_problem = None;
        self.gateway = Some(gateway.clone());
        if p.card.is_some() {
            // Killed while the card was being charged: its answer comes before anything else.
            return self.advance_card();
        }
        match &p.link {
            Some(link) => {
                gateway.resume_checkout(Checkout {
                    id: link.checkout_id.clone(),
                    url: link.url.clone(),
                    amount: p.amount,
                    expires_at: None,
                });
                self.start_polling(link, None);
            }
            // The crash came between journaling the key and the gateway's answer: ask again
            // with the same key; the gateway returns the same checkout.
            None => {
                if gateway.kind() != GatewayKind::Simulated
                    && let Err(why) = self.may_send_real()
                {
                    self.emit(Event::Error {
                        message: format!("The pending checkout waits: {why}"),
                        hint: Some(NextStep::AskForCheckAgain),
                    });
                    self.gateway = None;
                    self.gateway_problem = Some(why);
                    return;
                }
                self.spawn_create(&key)
            }
        }
    }

    /// The pending checkout's gateway is not there: say why (still starting, or unreachable).
    pub(super) fn gateway_not_ready(&mut self) {
        let line = match &self.gateway_problem {
            Some(why) => format!(
                "The checkout's payment service cannot be reached: {why}. Fix that (set the \
                 Stripe key again with `maya keys set stripe` if it is gone), then {}.",
                self.say(NextStep::CheckPaymentAgain)
            ),
            None => "The payment is still being set up; try again in a moment.".into(),
        };
        self.emit(Event::Notice(self.safety.clean(&line)));
    }
}
