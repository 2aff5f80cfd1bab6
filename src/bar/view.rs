//! `TabView`: a complete snapshot of the bar for the UI and for tool results. The UI renders
//! it as it is; every figure is already computed here, from the one source of truth.

use serde::{Deserialize, Serialize};

use super::{BalanceLevel, Bar, PaymentState, Tip};
use crate::money::Cents;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    pub line: u32,
    pub item: String,
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<String>,
    pub unit_price: Cents,
    pub total: Cents,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabView {
    pub lines: Vec<LineView>,
    pub drinks: u32,
    pub subtotal: Cents,
    pub tip: Tip,
    pub tip_amount: Cents,
    pub total: Cents,
    pub balance: Cents,
    pub level: BalanceLevel,
    pub payment: PaymentState,
    pub version: u64,
}

impl Default for TabView {
    fn default() -> Self {
        TabView {
            lines: Vec::new(),
            drinks: 0,
            subtotal: Cents::ZERO,
            tip: Tip::None,
            tip_amount: Cents::ZERO,
            total: Cents::ZERO,
            balance: Cents::ZERO,
            level: BalanceLevel::Empty,
            payment: PaymentState::Open,
            version: 0,
        }
    }
}

impl TabView {
    pub(super) fn of(bar: &Bar) -> TabView {
        let s = bar.state();
        TabView {
            lines: s
                .tab
                .lines
                .iter()
                .map(|l| LineView {
                    line: l.id,
                    item: l.item.clone(),
                    quantity: l.quantity,
                    modifiers: l.modifiers.clone(),
                    unit_price: l.unit_price,
                    total: l.total(),
                })
                .collect(),
            drinks: s.tab.drinks(),
            subtotal: bar.subtotal(),
            tip: s.tip,
            tip_amount: bar.tip_amount(),
            total: bar.total(),
            balance: s.balance,
            level: BalanceLevel::of(s.balance),
            payment: s.payment.clone(),
            version: s.version,
        }
    }

    /// "Tab $26.00 · Tip 15 % $3.90 · Total $29.90 · Balance $974.00" — the folded panel.
    pub fn summary(&self) -> String {
        let tip = match self.tip {
            Tip::None => "Tip —".to_string(),
            Tip::Percent { percent } => format!("Tip {percent}% {}", self.tip_amount),
            Tip::Amount { amount } => format!("Tip {amount}"),
        };
        format!(
            "Tab {} · {tip} · Total {} · Balance {}",
            self.subtotal, self.total, self.balance
        )
    }
}
