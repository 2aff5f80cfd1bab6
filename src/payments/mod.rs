//! Payment gateways behind one trait: Stripe (test mode) and the simulated gateway that a
//! newcomer without keys uses. The agent owns the gateway; the Bar records what happened.

pub mod idempotency;
pub mod poll;
pub mod select;
pub mod simulated;
pub mod stripe;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::money::Cents;

/// What the agent asks a gateway for. `idempotency_key` has already been journaled when this
/// is sent, so a retry or a resumed session reuses it and can never create a second charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    pub amount: Cents,
    /// "MOK 5-ha tab · 3 drinks (+ tip)"
    pub description: String,
    pub session_id: String,
    pub tab_version: u64,
    pub idempotency_key: String,
}

/// An open checkout: where the guest pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkout {
    pub id: String,
    pub url: String,
    pub amount: Cents,
    /// Unix seconds, when the gateway knows it.
    pub expires_at: Option<i64>,
}

/// The gateway's view of a checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemoteStatus {
    Open,
    /// Paid; `reference` is the gateway's id for the receipt (Stripe payment intent or session).
    Paid {
        reference: String,
    },
    Failed {
        reason: String,
    },
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// Refused before any request was sent (live key, bad amount, …).
    #[error("{0}")]
    Refused(String),
    /// The gateway answered with an error; the message is sanitized and says what to do.
    #[error("{0}")]
    Gateway(String),
    /// The gateway could not be reached after retries.
    #[error("{0}")]
    Unreachable(String),
    /// A card was declined (test-card flow).
    #[error("card declined: {0}")]
    Declined(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("no such checkout: {0}")]
    NotFound(String),
    /// The checkout expired before it was paid (the guest can start a new one:
    /// `NextStep::NewCheckout`, said by whoever shows this).
    #[error("checkout {0} has expired")]
    Expired(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GatewayKind {
    Simulated,
    Stripe,
}

#[async_trait]
pub trait Gateway: Send + Sync {
    fn kind(&self) -> GatewayKind;

    /// Why this gateway is in use, for the overlay ("no Stripe key: set one with `maya keys set
    /// stripe`"). `None` when nothing needs explaining.
    fn note(&self) -> Option<String> {
        None
    }

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError>;

    /// A resumed session had this checkout open: carry on with it. Real gateways know their
    /// checkouts already; the simulated one lives in memory and re-creates it here.
    fn resume_checkout(&self, checkout: Checkout) {
        let _ = checkout;
    }

    async fn status(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError>;

    /// Close an open checkout so that it can no longer be paid. `Ok(Expired)` once it cannot
    /// be paid (also when it had lapsed already), `Ok(Paid)` when the guest paid first; an
    /// error when neither is known, and then the link may still be payable.
    async fn expire(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError>;

    /// The guest confirms a simulated payment (Enter in the overlay). Real gateways refuse.
    async fn confirm_simulated(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        let _ = checkout_id;
        Err(PaymentError::Unsupported(
            "only simulated payments are confirmed with Enter".into(),
        ))
    }

    /// Stripe only: create, not yet confirmed, the payment of `request` with a test payment
    /// method (`pm_card_visa`, …). Creating never charges; it is idempotent on
    /// `request.idempotency_key`. Returns the payment's id (a PaymentIntent).
    async fn create_card_payment(
        &self,
        request: &CheckoutRequest,
        payment_method: &str,
    ) -> Result<String, PaymentError> {
        let _ = (request, payment_method);
        Err(PaymentError::Unsupported(
            "test-card payments need a Stripe test key".into(),
        ))
    }

    /// Stripe only: where the card payment `payment_id` for `amount` stands, after confirming
    /// it (with `confirm_key`, so a repeat cannot charge twice) when it never was. `Ok(Open)`:
    /// not settled yet, ask again later. A decline is `Err(Declined)`.
    async fn settle_card_payment(
        &self,
        payment_id: &str,
        amount: Cents,
        confirm_key: &str,
    ) -> Result<RemoteStatus, PaymentError> {
        let _ = (payment_id, amount, confirm_key);
        Err(PaymentError::Unsupported(
            "test-card payments need a Stripe test key".into(),
        ))
    }
}
