//! Payment state: Open → Pending → Paid | Failed | Expired. A pending payment remembers its
//! idempotency key from the moment it starts, before any request to a gateway, so a retry or a
//! resumed session reuses it and can never create a second charge. A test-card payment of a
//! pending checkout is remembered the same way (key, then the payment's id), and while it is
//! unresolved the checkout cannot be cancelled or expired: its answer is what settles it.

use serde::{Deserialize, Serialize};

use super::error::{BarError, ErrorCode};
use super::tab::Line;
use super::tip::Tip;
use super::{BarEvent, BarState};
use crate::money::Cents;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PaymentState {
    /// No checkout in progress.
    #[default]
    Open,
    Pending(PendingPayment),
    /// The last checkout was paid; the tab is empty until the next order.
    Paid {
        receipt: Receipt,
    },
    /// The last checkout failed; the tab is open again.
    Failed {
        reason: String,
    },
    /// The last checkout expired or was cancelled; the tab is open again.
    Expired,
}

impl PaymentState {
    pub fn pending(&self) -> Option<&PendingPayment> {
        match self {
            PaymentState::Pending(p) => Some(p),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, PaymentState::Pending(_))
    }

    /// "open", "pending", "paid", "failed", "expired".
    pub fn name(&self) -> &'static str {
        match self {
            PaymentState::Open => "open",
            PaymentState::Pending(_) => "pending",
            PaymentState::Paid { .. } => "paid",
            PaymentState::Failed { .. } => "failed",
            PaymentState::Expired => "expired",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPayment {
    pub idempotency_key: String,
    /// Subtotal + tip, frozen when the checkout started.
    pub amount: Cents,
    pub subtotal: Cents,
    pub tip: Cents,
    /// Set once the gateway answered with a checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<CheckoutLink>,
    /// A test-card payment for this checkout, from before its first request until its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardPayment>,
}

/// A test-card payment of a pending checkout, journaled before each request that moves it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPayment {
    /// The idempotency key of the payment's create (derived from the checkout's key only, so
    /// it does not change with the config between runs).
    pub idempotency_key: String,
    pub amount: Cents,
    /// The test payment method it was started with: a resume sends the very same request,
    /// whatever the config says by then.
    pub payment_method: String,
    /// The gateway's id for the payment once created; journaled before it is confirmed, so a
    /// payment that may have charged is always found again by its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutLink {
    pub checkout_id: String,
    pub url: String,
    pub simulated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub lines: Vec<Line>,
    pub subtotal: Cents,
    pub tip: Cents,
    pub tip_choice: Tip,
    pub total: Cents,
    /// The gateway's id for the payment (Stripe payment intent, or the simulated checkout).
    pub reference: String,
    pub simulated: bool,
    /// Unix seconds.
    pub paid_at: i64,
}

fn no_card() -> BarError {
    BarError::new(
        ErrorCode::InvalidTransition,
        "There is no card payment in progress.",
    )
}

/// A checkout whose card payment is unresolved cannot be cancelled or expired: the card may
/// have been charged, and its answer is what settles the check.
pub(super) fn refuse_if_card(state: &BarState, what: &str) -> Result<(), BarError> {
    match state.payment.pending() {
        Some(p) if p.card.is_some() => Err(BarError::new(
            ErrorCode::InvalidTransition,
            format!(
                "{what}: the test card is being charged, and a charge cannot be taken back \
                 midway. Wait for Stripe's answer; it settles the check either way."
            ),
        )),
        _ => Ok(()),
    }
}

pub(super) fn start_card(
    state: &BarState,
    idempotency_key: String,
    payment_method: String,
) -> Result<Vec<BarEvent>, BarError> {
    let p = state.payment.pending().ok_or_else(super::no_pending)?;
    match &p.link {
        Some(link) if !link.simulated => {}
        _ => {
            return Err(BarError::new(
                ErrorCode::InvalidTransition,
                "The test card pays a Stripe checkout that has its link; there is none.",
            ));
        }
    }
    if p.card.is_some() {
        return Err(BarError::new(
            ErrorCode::PaymentPending,
            "The test card is already being charged for this check.",
        ));
    }
    if idempotency_key.trim().is_empty() || payment_method.trim().is_empty() {
        return Err(BarError::new(
            ErrorCode::InvalidArguments,
            "A card payment needs an idempotency key and a payment method.",
        ));
    }
    Ok(vec![BarEvent::CardPaymentStarted {
        idempotency_key,
        amount: p.amount,
        payment_method,
    }])
}

pub(super) fn card_created(
    state: &BarState,
    payment_id: String,
) -> Result<Vec<BarEvent>, BarError> {
    let p = state.payment.pending().ok_or_else(super::no_pending)?;
    match p.card.as_ref().map(|c| c.payment_id.as_deref()) {
        None => Err(no_card()),
        Some(Some(known)) if known != payment_id => Err(BarError::new(
            ErrorCode::InvalidTransition,
            "This card payment already has another payment id.",
        )),
        Some(_) => Ok(vec![BarEvent::CardPaymentCreated { payment_id }]),
    }
}

/// Forget a card payment that never reached its confirm (the link could not be closed first).
/// One that may have been confirmed is never forgotten.
pub(super) fn drop_card(state: &BarState, reason: String) -> Result<Vec<BarEvent>, BarError> {
    let p = state.payment.pending().ok_or_else(super::no_pending)?;
    match &p.card {
        None => Err(no_card()),
        Some(c) if c.payment_id.is_some() => Err(BarError::new(
            ErrorCode::InvalidTransition,
            "This card payment may have been charged; only Stripe's answer ends it.",
        )),
        Some(_) => Ok(vec![BarEvent::CardPaymentDropped { reason }]),
    }
}

/// Fold a card event into a pending payment.
pub(super) fn fold_card(payment: &mut PaymentState, event: &BarEvent) {
    let PaymentState::Pending(p) = payment else {
        return;
    };
    match event {
        BarEvent::CardPaymentStarted {
            idempotency_key,
            amount,
            payment_method,
        } => {
            p.card = Some(CardPayment {
                idempotency_key: idempotency_key.clone(),
                amount: *amount,
                payment_method: payment_method.clone(),
                payment_id: None,
            });
        }
        BarEvent::CardPaymentCreated { payment_id } => {
            if let Some(c) = &mut p.card {
                c.payment_id = Some(payment_id.clone());
            }
        }
        BarEvent::CardPaymentDropped { .. } => p.card = None,
        _ => {}
    }
}
