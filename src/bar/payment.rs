//! Payment state: Open → Pending → Paid | Failed | Expired. A pending payment remembers its
//! idempotency key from the moment it starts, before any request to a gateway, so a retry or a
//! resumed session reuses it and can never create a second charge.

use serde::{Deserialize, Serialize};

use super::tab::Line;
use super::tip::Tip;
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
