//! The tab: line items with quantity, modifiers and the unit price at the time of ordering.

use serde::{Deserialize, Serialize};

use crate::money::Cents;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Stable id of the line within this tab, for removal by line.
    pub id: u32,
    pub item: String,
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<String>,
    pub unit_price: Cents,
}

impl Line {
    pub fn total(&self) -> Cents {
        Cents(self.unit_price.0.saturating_mul(i64::from(self.quantity)))
    }

    /// "Martini (dirty, with a twist)"
    pub fn label(&self) -> String {
        if self.modifiers.is_empty() {
            self.item.clone()
        } else {
            format!("{} ({})", self.item, self.modifiers.join(", "))
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tab {
    pub lines: Vec<Line>,
    pub next_line_id: u32,
}

impl Tab {
    pub fn subtotal(&self) -> Cents {
        self.lines.iter().map(Line::total).sum()
    }

    pub fn drinks(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line an order of `item` with exactly these modifiers merges into, if any.
    pub fn matching_line(&self, item: &str, modifiers: &[String]) -> Option<&Line> {
        self.lines
            .iter()
            .find(|l| l.item == item && l.modifiers == modifiers)
    }

    pub fn line(&self, id: u32) -> Option<&Line> {
        self.lines.iter().find(|l| l.id == id)
    }

    pub(crate) fn add(
        &mut self,
        line_id: u32,
        item: &str,
        qty: u32,
        modifiers: &[String],
        unit: Cents,
    ) {
        if let Some(line) = self.lines.iter_mut().find(|l| l.id == line_id) {
            line.quantity += qty;
        } else {
            self.lines.push(Line {
                id: line_id,
                item: item.to_string(),
                quantity: qty,
                modifiers: modifiers.to_vec(),
                unit_price: unit,
            });
        }
        self.next_line_id = self.next_line_id.max(line_id + 1);
    }

    pub(crate) fn remove(&mut self, line_id: u32, qty: u32) {
        if let Some(pos) = self.lines.iter().position(|l| l.id == line_id) {
            let line = &mut self.lines[pos];
            line.quantity = line.quantity.saturating_sub(qty);
            if line.quantity == 0 {
                self.lines.remove(pos);
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.lines.clear();
    }
}
