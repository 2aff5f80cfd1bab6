//! The spending guard: when an order from the model needs the guest's consent first.

use super::*;

/// When a model-initiated order needs the guest's consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpendingGuard {
    pub over_drinks: u32,
    pub over_amount: Cents,
}

impl From<&crate::config::AgentConfig> for SpendingGuard {
    fn from(c: &crate::config::AgentConfig) -> Self {
        SpendingGuard {
            over_drinks: c.confirm_over_drinks,
            over_amount: c.confirm_over_amount,
        }
    }
}

/// The spending guard: more than N drinks or more than $X in one call asks the guest.
pub(super) fn needs_consent(bar: &Bar, action: &Action, guard: &SpendingGuard) -> Option<String> {
    let Action::Order {
        item,
        quantity,
        modifiers,
    } = action
    else {
        return None;
    };
    let (found, implied) = bar.menu().find_with_modifiers(item).ok()?;
    let cost = found.price.checked_mul(i64::from(*quantity))?;
    if *quantity <= guard.over_drinks && cost <= guard.over_amount {
        return None;
    }
    let mods: Vec<&str> = implied
        .iter()
        .chain(modifiers)
        .map(String::as_str)
        .collect();
    let label = if mods.is_empty() {
        found.name.clone()
    } else {
        format!("{} ({})", found.name, mods.join(", "))
    };
    Some(format!(
        "Maya wants to add {quantity}× {label} — {cost}. Allow?"
    ))
}
