//! The spending guard: when what the model adds needs the guest's consent first.
//!
//! It judges the whole turn, not one call: the drinks and money the model's calls have added
//! since the guest last spoke. Ten single Martinis are ten small calls but one big order, so
//! the call that would cross `[agent] confirm_over_drinks` or `confirm_over_amount` asks the
//! guest once, about itself and every order queued after it in the same round. A yes allows
//! that batch (beyond it the thresholds apply again); a no declines it, and anything more
//! over the line this turn is declined without asking again. Choices the guest makes with
//! keys never come here.

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

impl SpendingGuard {
    /// Whether `total` added this turn is past what the guest allowed plus the thresholds.
    fn crosses(&self, total: Spend, allowed: Spend) -> bool {
        total.drinks > allowed.drinks.saturating_add(self.over_drinks)
            || total.amount > allowed.amount + self.over_amount
    }
}

/// Drinks and money added to the tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spend {
    pub drinks: u32,
    pub amount: Cents,
}

impl Spend {
    /// What these events add (removals do not take anything back: the guard counts orders).
    pub fn of(events: &[BarEvent]) -> Spend {
        events.iter().fold(Spend::default(), |s, e| match e {
            BarEvent::ItemAdded {
                quantity,
                unit_price,
                ..
            } => s.plus(Spend {
                drinks: *quantity,
                amount: Cents(unit_price.0.saturating_mul(i64::from(*quantity))),
            }),
            _ => s,
        })
    }

    fn plus(self, other: Spend) -> Spend {
        Spend {
            drinks: self.drinks.saturating_add(other.drinks),
            amount: self.amount + other.amount,
        }
    }

    /// "3 drinks ($39.00)"
    fn describe(self) -> String {
        format!("{} ({})", drinks(self.drinks), self.amount)
    }
}

fn drinks(n: u32) -> String {
    format!("{n} drink{}", if n == 1 { "" } else { "s" })
}

/// The guard's memory for one turn (reset when the guest speaks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TurnSpend {
    /// What the model's calls have added since the guest's message.
    pub added: Spend,
    /// How far the guest has said yes this turn.
    pub allowed: Spend,
    /// The guest said no this turn.
    pub declined: bool,
    /// The question now out: the batch it covers and how it was described.
    asking: Option<(Spend, String)>,
}

/// Decide an order from the model: run it, ask about it, or decline it.
pub(super) fn guard_order(
    bar: &mut Bar,
    action: Action,
    guard: &SpendingGuard,
    spend: &mut TurnSpend,
    queued: &[ToolCall],
) -> Result<Plan, BarError> {
    // Only orders that would go through count or ask: a refusal is answered now.
    let this = Spend::of(&bar.clone().apply(action.clone())?);
    if !guard.crosses(spend.added.plus(this), spend.allowed) {
        let out = confirmed(bar, action);
        spend.added = spend.added.plus(Spend::of(&out.events));
        return Ok(Plan::Done(out));
    }
    if spend.declined {
        return Ok(Plan::Done(declined_again()));
    }
    let (batch, what) = batch(bar, &action, queued);
    let after = if spend.added.drinks > 0 {
        format!(", on top of {} this turn", spend.added.describe())
    } else {
        String::new()
    };
    let prompt = format!("Maya wants to add {what} — {}{after}. Allow?", batch.amount);
    spend.asking = Some((batch, format!("{what} — {}", batch.amount)));
    Ok(Plan::Confirm { action, prompt })
}

/// The guest's answer to the question [`guard_order`] asked, as the call's result.
pub fn answer_consent(
    bar: &mut Bar,
    action: Action,
    allow: bool,
    spend: &mut TurnSpend,
) -> ToolOutput {
    let asked = spend.asking.take();
    if allow {
        let batch = asked.map(|(b, _)| b).unwrap_or_default();
        spend.allowed = spend.added.plus(batch);
        let out = confirmed(bar, action);
        spend.added = spend.added.plus(Spend::of(&out.events));
        out
    } else {
        spend.declined = true;
        let mut out = declined(&action);
        if let Some((_, what)) = asked {
            out.summary = format!("guest declined {what}");
        }
        out
    }
}

/// An order over the line after the guest already said no this turn. Its summary is empty:
/// the guest saw the one question and its answer, not a line per call.
fn declined_again() -> ToolOutput {
    ToolOutput {
        result: json!({"ok": false, "error": "DECLINED_BY_GUEST",
            "message": "The guest already declined adding more this turn. Nothing was added; \
                        ask what they would like instead."}),
        events: vec![],
        next: None,
        summary: String::new(),
    }
}

/// The order and every order queued after it that would go through, tried in turn on a copy
/// of the Bar: what they add, and "7× Martini" or "1× Negroni, 1× IPA and 3 more drinks".
fn batch(bar: &Bar, action: &Action, queued: &[ToolCall]) -> (Spend, String) {
    let mut trial = bar.clone();
    let mut total = Spend::default();
    let mut groups: Vec<(String, u32)> = Vec::new();
    let later = queued
        .iter()
        .filter(|c| Tool::from_name(&c.name) == Some(Tool::AddToTab))
        .filter_map(|c| add_to_tab::order(c).ok());
    for a in std::iter::once(action.clone()).chain(later) {
        let Ok(events) = trial.apply(a) else {
            continue;
        };
        total = total.plus(Spend::of(&events));
        for e in &events {
            if let BarEvent::ItemAdded {
                item,
                quantity,
                modifiers,
                ..
            } = e
            {
                let label = order_label(item, 1, modifiers);
                match groups.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += quantity,
                    None => groups.push((label, *quantity)),
                }
            }
        }
    }
    // Name up to three; a longer list ends "and 4 more drinks".
    let named = if groups.len() > 3 { 3 } else { groups.len() };
    let mut parts: Vec<String> = groups[..named]
        .iter()
        .map(|(l, n)| format!("{n}× {l}"))
        .collect();
    let rest: u32 = groups[named..].iter().map(|(_, n)| n).sum();
    if rest > 0 {
        parts.push(format!(
            "{rest} more drink{}",
            if rest == 1 { "" } else { "s" }
        ));
    }
    (total, join_and(&parts))
}

/// "a, b and c"
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
