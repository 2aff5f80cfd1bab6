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
mod tests {
    use super::*;
    use crate::money::Cents;

    fn request(key: &str, amount: i64) -> CheckoutRequest {
        CheckoutRequest {
            amount: Cents(amount),
            description: "MOK 5-ha tab · 1 drink".into(),
            session_id: "s".into(),
            tab_version: 1,
            idempotency_key: key.into(),
        }
    }

    #[tokio::test]
    async fn checkout_stays_open_until_confirmed() {
        let gw = SimulatedGateway::new();
        let c = gw.create_checkout(&request("k1", 1560)).await.unwrap();
        assert!(c.url.starts_with(SIMULATED_URL_PREFIX));
        assert_eq!(c.amount, Cents(1560));
        assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Open);
        let paid = gw.confirm_simulated(&c.id).await.unwrap();
        assert!(matches!(paid, RemoteStatus::Paid { .. }));
        assert_eq!(gw.status(&c.id).await.unwrap(), paid);
        assert_eq!(
            gw.expire(&c.id).await.unwrap(),
            paid,
            "a paid checkout does not expire: closing it says it was paid"
        );
    }

    #[tokio::test]
    async fn same_key_same_checkout() {
        let gw = SimulatedGateway::new();
        let a = gw.create_checkout(&request("k1", 1000)).await.unwrap();
        let b = gw.create_checkout(&request("k1", 1000)).await.unwrap();
        let c = gw.create_checkout(&request("k2", 1000)).await.unwrap();
        assert_eq!(a, b);
        assert_ne!(a.id, c.id);
    }

    #[tokio::test]
    async fn expired_checkout_cannot_be_paid() {
        let gw = SimulatedGateway::new();
        let c = gw.create_checkout(&request("k", 500)).await.unwrap();
        assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
        assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
        assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Expired);
        assert!(gw.confirm_simulated(&c.id).await.is_err());
        assert_eq!(
            gw.confirm_simulated(&c.id).await,
            Err(PaymentError::Expired(c.id.clone()))
        );
    }

    #[tokio::test]
    async fn refuses_non_positive_amounts_and_unknown_ids() {
        let gw = SimulatedGateway::new();
        assert!(matches!(
            gw.create_checkout(&request("k", 0)).await,
            Err(PaymentError::Refused(_))
        ));
        assert!(matches!(
            gw.status("nope").await,
            Err(PaymentError::NotFound(_))
        ));
        assert!(
            gw.create_card_payment(&request("k", 100), "pm_card_visa")
                .await
                .is_err()
        );
    }
}
