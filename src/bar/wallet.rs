//! The guest's balance and how worried the panel should look about it.

use serde::{Deserialize, Serialize};

use crate::money::Cents;

/// At and above this the balance is shown normally.
pub const LOW_BALANCE: Cents = Cents::from_dollars(50);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceLevel {
    /// $50.00 and above.
    Ok,
    /// Between $0.00 and $50.00.
    Low,
    /// $0.00 or below.
    Empty,
}

impl BalanceLevel {
    pub fn of(balance: Cents) -> BalanceLevel {
        if balance >= LOW_BALANCE {
            BalanceLevel::Ok
        } else if balance.is_positive() {
            BalanceLevel::Low
        } else {
            BalanceLevel::Empty
        }
    }
}

#[cfg(test)]
#[path = "wallet_tests.rs"]
mod tests;
