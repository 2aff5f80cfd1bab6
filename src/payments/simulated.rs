//! The simulated gateway: the no-key default. Its links are plainly not real
//! (`https://pay.mok5ha.invalid/c/<id>`, a reserved TLD that can never resolve), a checkout stays
//! open until the guest confirms it in the overlay, and it can be expired like a real one.
//! Creating a checkout with an idempotency key it has seen returns the same checkout, exactly
//! as Stripe replays the first response.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use sha2::{Digest, Sha256};

use super::{Checkout, CheckoutRequest, Gateway, GatewayKind, PaymentError, RemoteStatus};

pub const SIMULATED_URL_PREFIX: &str = "https://pay.mok5ha.invalid/c/";

#[derive(Default)]
pub struct SimulatedGateway {
    state: Mutex<State>,
    note: Option<String>,
}

#[derive(Default)]
struct State {
    by_key: HashMap<String, String>,
    checkouts: HashMap<String, (Checkout, RemoteStatus)>,
}

impl SimulatedGateway {
    pub fn new() -> Self {
        Self::default()
    }

    /// A simulated gateway that explains why it is in use ("no Stripe key …").
    pub fn with_note(note: impl Into<String>) -> Self {
        SimulatedGateway {
            note: Some(note.into()),
            ..Self::default()
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means another thread panicked mid-update of a map of plain
        // values; the data is still consistent enough to keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A checkout id derived from the idempotency key, so the same key always yields the same id
/// even across processes (a crash-and-resume finds "its" checkout again).
fn checkout_id(idempotency_key: &str) -> String {
    let digest = Sha256::digest(idempotency_key.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("sim_{hex}")
}

#[async_trait]
impl Gateway for SimulatedGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Simulated
    }

    fn note(&self) -> Option<String> {
        self.note.clone()
    }

    fn resume_checkout(&self, checkout: Checkout) {
        let mut state = self.lock();
        state
            .checkouts
            .entry(checkout.id.clone())
            .or_insert((checkout, RemoteStatus::Open));
    }

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        if !request.amount.is_positive() {
            return Err(PaymentError::Refused(format!(
                "cannot charge {}: the amount must be positive",
                request.amount
            )));
        }
        let mut state = self.lock();
        if let Some(id) = state.by_key.get(&request.idempotency_key)
            && let Some((checkout, _)) = state.checkouts.get(id)
        {
            return Ok(checkout.clone());
        }
        let id = checkout_id(&request.idempotency_key);
        let checkout = Checkout {
            url: format!("{SIMULATED_URL_PREFIX}{id}"),
            id: id.clone(),
            amount: request.amount,
            expires_at: None,
        };
        state
            .by_key
            .insert(request.idempotency_key.clone(), id.clone());
        state
            .checkouts
            .insert(id, (checkout.clone(), RemoteStatus::Open));
        Ok(checkout)
    }

    async fn status(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        self.lock()
            .checkouts
            .get(checkout_id)
            .map(|(_, status)| status.clone())
            .ok_or_else(|| PaymentError::NotFound(checkout_id.to_string()))
    }

    async fn expire(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        let mut state = self.lock();
        let (_, status) = state
            .checkouts
            .get_mut(checkout_id)
            .ok_or_else(|| PaymentError::NotFound(checkout_id.to_string()))?;
        match status {
            RemoteStatus::Open => {
                *status = RemoteStatus::Expired;
                Ok(RemoteStatus::Expired)
            }
            RemoteStatus::Expired | RemoteStatus::Paid { .. } => Ok(status.clone()),
            RemoteStatus::Failed { reason } => Err(PaymentError::Gateway(format!(
                "checkout {checkout_id} cannot be cancelled: {reason}"
            ))),
        }
    }

    async fn confirm_simulated(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        let mut state = self.lock();
        let (_, status) = state
            .checkouts
            .get_mut(checkout_id)
            .ok_or_else(|| PaymentError::NotFound(checkout_id.to_string()))?;
        match status {
            RemoteStatus::Open => {
                *status = RemoteStatus::Paid {
                    reference: checkout_id.to_string(),
                };
                Ok(status.clone())
            }
            RemoteStatus::Paid { .. } => Ok(status.clone()),
            RemoteStatus::Expired => Err(PaymentError::Expired(checkout_id.to_string())),
            RemoteStatus::Failed { reason } => Err(PaymentError::Gateway(reason.clone())),
        }
    }
}

#[cfg(test)]
#[path = "simulated_tests.rs"]
mod tests;
