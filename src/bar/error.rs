//! Refusals from the Bar. Every error has a stable code the model can branch on and a message a
//! person can act on. What the guest can do about it is a [`NextStep`], said in words by
//! whoever shows the error (the bar names its keys, `maya ask` its commands).

use serde::Serialize;

use crate::next_step::{NextStep, with_step};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    ItemNotFound,
    NotOnTab,
    InvalidQuantity,
    InvalidModifier,
    InsufficientFunds,
    InvalidTip,
    NothingToPay,
    PaymentPending,
    NoPendingPayment,
    InvalidTransition,
    InvalidArguments,
    UnknownTool,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ItemNotFound => "ITEM_NOT_FOUND",
            ErrorCode::NotOnTab => "NOT_ON_TAB",
            ErrorCode::InvalidQuantity => "INVALID_QUANTITY",
            ErrorCode::InvalidModifier => "INVALID_MODIFIER",
            ErrorCode::InsufficientFunds => "INSUFFICIENT_FUNDS",
            ErrorCode::InvalidTip => "INVALID_TIP",
            ErrorCode::NothingToPay => "NOTHING_TO_PAY",
            ErrorCode::PaymentPending => "PAYMENT_PENDING",
            ErrorCode::NoPendingPayment => "NO_PENDING_PAYMENT",
            ErrorCode::InvalidTransition => "INVALID_TRANSITION",
            ErrorCode::InvalidArguments => "INVALID_ARGUMENTS",
            ErrorCode::UnknownTool => "UNKNOWN_TOOL",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct BarError {
    pub code: ErrorCode,
    pub message: String,
    /// What to offer instead: near-miss item names, modifiers that fit, …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// What the guest can do about it, said after the message (see [`BarError::said`]).
    #[serde(skip)]
    pub next: Option<NextStep>,
}

impl BarError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        BarError {
            code,
            message: message.into(),
            suggestions: Vec::new(),
            next: None,
        }
    }

    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    /// Pending checkouts block changes to the tab; every such refusal says how to get out.
    pub fn payment_pending(what: &str) -> Self {
        BarError {
            next: Some(NextStep::CancelHereOrAskMaya),
            ..BarError::new(
                ErrorCode::PaymentPending,
                format!("{what} while the check is out for payment. Cancel the checkout first."),
            )
        }
    }

    /// The message with its next step in `say`'s words: "… Cancel the checkout first (press
    /// x in the payment window, or ask Maya to cancel the check)."
    pub fn said(&self, say: &dyn Fn(NextStep) -> String) -> String {
        match self.next {
            Some(step) => with_step(&self.message, &say(step)),
            None => self.message.clone(),
        }
    }
}
