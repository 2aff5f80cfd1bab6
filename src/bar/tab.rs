//! The tab: line items with quantity, modifiers and the unit price at the time of ordering;
//! and how the Bar decides an order or a removal (the menu lookup, modifiers, funds).

use serde::{Deserialize, Serialize};

use super::{Bar, BarError, BarEvent, ErrorCode, MAX_QUANTITY, Outcome, menu, text};
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

// ---- deciding orders and removals ----------------------------------------------------------

impl Bar {
    pub(super) fn decide_order(&self, item: &str, quantity: u32, modifiers: &[String]) -> Outcome {
        self.refuse_if_pending("Nothing can be added")?;
        if quantity == 0 || quantity > MAX_QUANTITY {
            return Err(BarError::new(
                ErrorCode::InvalidQuantity,
                format!("A quantity must be between 1 and {MAX_QUANTITY}, not {quantity}."),
            ));
        }
        let (item, implied) = self.find_item(item)?;
        let mods = self.check_modifiers(item, implied.iter().chain(modifiers))?;
        let cost = item
            .price
            .checked_mul(i64::from(quantity))
            .ok_or_else(|| BarError::new(ErrorCode::InvalidQuantity, "That order is too large."))?;
        if cost > self.state.balance {
            return Err(BarError::new(
                ErrorCode::InsufficientFunds,
                format!(
                    "{quantity}× {} costs {cost}, but the balance is only {}.",
                    item.name, self.state.balance
                ),
            ));
        }
        let line = self
            .state
            .tab
            .matching_line(&item.name, &mods)
            .map(|l| l.id)
            .unwrap_or(self.state.tab.next_line_id);
        Ok(vec![BarEvent::ItemAdded {
            line,
            item: item.name.clone(),
            quantity,
            modifiers: mods,
            unit_price: item.price,
        }])
    }

    pub(super) fn find_item(&self, name: &str) -> Result<(&menu::Item, Vec<String>), BarError> {
        self.menu.find_with_modifiers(name).map_err(|miss| {
            let shown: String = miss.query.chars().take(60).collect();
            let message = if miss.off_menu {
                format!(
                    "We don't pour {shown} at MOK 5-ha. Closest on the menu: {}.",
                    miss.suggestions.join(", ")
                )
            } else if miss.suggestions.is_empty() {
                format!("{shown} is not on the menu.")
            } else {
                format!(
                    "{shown} is not on the menu. Did you mean {}?",
                    miss.suggestions.join(" or ")
                )
            };
            BarError::new(ErrorCode::ItemNotFound, message).with_suggestions(miss.suggestions)
        })
    }

    /// Canonical modifier names, in menu order, each fitting the item, no two in conflict
    /// (one exclusive group, or a declared conflict such as neat and extra ice). A
    /// contradiction is named before a misfit: "shaken and stirred" is the guest's real
    /// problem even when one of them would not fit either.
    pub(super) fn check_modifiers<'a>(
        &self,
        item: &menu::Item,
        requested: impl Iterator<Item = &'a String>,
    ) -> Result<Vec<String>, BarError> {
        let fitting = || {
            self.menu
                .modifiers_for(item)
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
        };
        let position =
            |m: &menu::Modifier| self.menu.modifiers.iter().position(|x| x.name == m.name);
        let mut known: Vec<&menu::Modifier> = Vec::new();
        let mut unknown: Option<&String> = None;
        for name in requested {
            match self.menu.modifier(name) {
                Some(m) if !known.iter().any(|k| k.name == m.name) => known.push(m),
                Some(_) => {}
                None => {
                    unknown.get_or_insert(name);
                }
            }
        }
        for (i, a) in known.iter().enumerate() {
            if let Some(b) = known[i + 1..].iter().find(|b| a.conflicts_with(b)) {
                let (first, second) = if position(a) <= position(b) {
                    (a, b)
                } else {
                    (b, a)
                };
                return Err(BarError::new(
                    ErrorCode::InvalidModifier,
                    format!(
                        "{} can be {} or {}, not both.",
                        capitalized(&text::with_article(&item.name)),
                        first.name,
                        second.name
                    ),
                )
                .with_suggestions(fitting()));
            }
        }
        let misfit = unknown.map(|n| n.as_str()).or_else(|| {
            known
                .iter()
                .find(|m| !m.fits(item))
                .map(|m| m.name.as_str())
        });
        if let Some(name) = misfit {
            let shown: String = name.chars().take(40).collect();
            let fits = fitting();
            let message = if fits.is_empty() {
                format!(
                    "{} is served as it is; it takes no modifiers like \"{shown}\".",
                    item.name
                )
            } else {
                format!(
                    "\"{shown}\" does not fit {}. It can be: {}.",
                    text::with_article(&item.name),
                    fits.join(", ")
                )
            };
            return Err(BarError::new(ErrorCode::InvalidModifier, message).with_suggestions(fits));
        }
        known.sort_by_key(|m| position(m));
        Ok(known.into_iter().map(|m| m.name.clone()).collect())
    }

    pub(super) fn decide_remove(
        &self,
        item: &str,
        quantity: Option<u32>,
        modifiers: &[String],
    ) -> Outcome {
        self.refuse_if_pending("Nothing can be removed")?;
        let (found, implied) = self.find_item(item)?;
        let wanted: Vec<String> = implied
            .iter()
            .chain(modifiers)
            .filter_map(|m| self.menu.modifier(m).map(|m| m.name.clone()))
            .collect();
        let lines: Vec<&Line> = self
            .state
            .tab
            .lines
            .iter()
            .rev()
            .filter(|l| l.item == found.name && wanted.iter().all(|w| l.modifiers.contains(w)))
            .collect();
        let on_tab: u32 = lines.iter().map(|l| l.quantity).sum();
        if on_tab == 0 {
            return Err(BarError::new(
                ErrorCode::NotOnTab,
                format!("There is no {} on the tab to remove.", found.name),
            ));
        }
        let mut left = quantity.unwrap_or(on_tab);
        if left == 0 || left > on_tab {
            return Err(BarError::new(
                ErrorCode::InvalidQuantity,
                format!(
                    "There {} only {on_tab}× {} on the tab.",
                    if on_tab == 1 { "is" } else { "are" },
                    found.name
                ),
            ));
        }
        let mut events = Vec::new();
        for l in lines {
            if left == 0 {
                break;
            }
            let take = left.min(l.quantity);
            events.push(removal(l, take));
            left -= take;
        }
        Ok(self.tip_after_removal(events))
    }

    /// Take `quantity` (or all) of one tab line off, by its number.
    pub(super) fn decide_remove_line(&self, line: u32, quantity: Option<u32>) -> Outcome {
        self.refuse_if_pending("The tab cannot change")?;
        let l = self.state.tab.line(line).ok_or_else(|| {
            BarError::new(
                ErrorCode::NotOnTab,
                format!("There is no line {line} on the tab."),
            )
        })?;
        let qty = quantity.unwrap_or(l.quantity);
        if qty == 0 || qty > l.quantity {
            return Err(BarError::new(
                ErrorCode::InvalidQuantity,
                format!("Line {line} has {}× {}.", l.quantity, l.label()),
            ));
        }
        Ok(self.tip_after_removal(vec![removal(l, qty)]))
    }
}

pub(super) fn removal(line: &Line, qty: u32) -> BarEvent {
    BarEvent::ItemRemoved {
        line: line.id,
        item: line.item.clone(),
        quantity: qty,
        refund: Cents(line.unit_price.0.saturating_mul(i64::from(qty))),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
