//! The tip: none, a percentage of the subtotal, or a fixed amount. Never stored as money when it
//! is a percentage: it is recomputed from the current subtotal every time it is shown or paid.
//! Also how the Bar decides a tip, and how a tip follows the tab down when drinks go back.

use serde::{Deserialize, Serialize};

use super::{Bar, BarError, BarEvent, ErrorCode, Outcome};
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

// ---- deciding tips ---------------------------------------------------------------------------

impl Bar {
    /// The tip follows the tab down. A tip on an empty tab would charge for nothing, so
    /// emptying the tab clears it; an amount tip is never more than the tab (the 100 % cap
    /// that `decide_tip` enforces), so a removal that takes the subtotal under it lowers it to
    /// the new subtotal, as an event the guest sees and the journal keeps.
    pub(super) fn tip_after_removal(&self, mut events: Vec<BarEvent>) -> Vec<BarEvent> {
        let refunded: Cents = events
            .iter()
            .map(|e| match e {
                BarEvent::ItemRemoved { refund, .. } => *refund,
                _ => Cents::ZERO,
            })
            .sum();
        let removed: u32 = events
            .iter()
            .map(|e| match e {
                BarEvent::ItemRemoved { quantity, .. } => *quantity,
                _ => 0,
            })
            .sum();
        let left = self.subtotal() - refunded;
        match self.state.tip {
            Tip::None => {}
            _ if self.state.tab.drinks() == removed => {
                events.push(BarEvent::TipChanged { tip: Tip::None });
            }
            Tip::Amount { amount } if amount > left => {
                events.push(BarEvent::TipChanged {
                    tip: Tip::Amount { amount: left },
                });
            }
            _ => {}
        }
        events
    }

    pub(super) fn decide_tip(&self, tip: Tip) -> Outcome {
        self.refuse_if_pending("The tip cannot change")?;
        match tip {
            Tip::None => {}
            // Whatever the tip, there is nothing to put it on yet: say that first.
            _ if self.state.tab.is_empty() => {
                return Err(BarError::new(
                    ErrorCode::NothingToPay,
                    "The tab is empty, so there is nothing to tip on yet.",
                ));
            }
            Tip::Percent { percent } if percent > 100 => {
                return Err(BarError::new(
                    ErrorCode::InvalidTip,
                    format!("A tip is between 0 and 100 %, not {percent} %."),
                ));
            }
            Tip::Amount { amount } if amount.0 < 0 => {
                return Err(BarError::new(
                    ErrorCode::InvalidTip,
                    "A tip cannot be negative.",
                ));
            }
            Tip::Amount { amount } if amount > self.subtotal() => {
                return Err(BarError::new(
                    ErrorCode::InvalidTip,
                    format!(
                        "A tip of {amount} is more than the whole tab ({}); the most is 100 %.",
                        self.subtotal()
                    ),
                ));
            }
            _ => {}
        }
        Ok(vec![BarEvent::TipChanged { tip }])
    }
}
