//! The tip: none, a percentage of the subtotal, or a fixed amount. Never stored as money when it
//! is a percentage: it is recomputed from the current subtotal every time it is shown or paid.

use serde::{Deserialize, Serialize};

use crate::money::Cents;

/// The percentages offered as buttons (F2/F3/F4).
pub const TIP_BUTTONS: [u32; 3] = [10, 15, 20];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tip {
    #[default]
    None,
    Percent {
        percent: u32,
    },
    Amount {
        amount: Cents,
    },
}

impl Tip {
    /// The tip in cents for this subtotal, half-up to the cent.
    pub fn amount(self, subtotal: Cents) -> Cents {
        match self {
            Tip::None => Cents::ZERO,
            Tip::Percent { percent } => subtotal.percent(percent).unwrap_or(Cents::ZERO),
            Tip::Amount { amount } => amount,
        }
    }

    pub fn percent(self) -> Option<u32> {
        match self {
            Tip::Percent { percent } => Some(percent),
            _ => None,
        }
    }

    /// "15 %", "$5.00", "no tip".
    pub fn label(self) -> String {
        match self {
            Tip::None => "no tip".into(),
            Tip::Percent { percent } => format!("{percent} %"),
            Tip::Amount { amount } => amount.to_string(),
        }
    }
}
