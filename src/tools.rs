//! The tools the model calls: JSON Schemas, strict argument parsing, and dispatch onto the Bar.
//!
//! Results are JSON the model can read: `{"ok":true,…}` or
//! `{"ok":false,"error":"CODE","message":…}`. Nothing a model sends — wrong types, unknown
//! fields, unknown tools, huge strings — can panic here; it becomes an error result.
//! Tools that need the payment gateway are handed back to the agent as a [`Plan`].

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::bar::{Action, Bar, BarError, BarEvent, ErrorCode, MAX_QUANTITY, TabView, Tip};
use crate::llm::{ToolCall, ToolSpec};
use crate::money::Cents;

/// Longest string argument accepted; a drink name is never longer.
const MAX_ARG_CHARS: usize = 200;

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

/// A finished tool call.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutput {
    /// What the model reads.
    pub result: Value,
    /// What changed on the Bar (to journal and to show).
    pub events: Vec<BarEvent>,
    /// A dim one-liner for the conversation ("added 2× Martini (dirty) · $26.00").
    pub summary: String,
}

/// What the agent must do with a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    Done(ToolOutput),
    /// The spending guard: ask the guest; on yes run [`confirmed`], on no [`declined`].
    Confirm {
        action: Action,
        prompt: String,
    },
    /// Start (or reopen) a checkout through the gateway.
    Checkout,
    /// Report the checkout's status.
    PaymentStatus,
    /// Cancel the open checkout through the gateway.
    CancelCheckout,
}

pub fn specs() -> Vec<ToolSpec> {
    let spec = |name: &str, description: &str, parameters: Value| ToolSpec {
        name: name.into(),
        description: description.into(),
        parameters,
    };
    let no_args = || json!({"type": "object", "properties": {}, "additionalProperties": false});
    vec![
        spec(
            "get_menu",
            "List the drinks on the menu with prices, optionally one category \
             (cocktails, beer, spirits, non-alcoholic), and the modifiers with what they mean.",
            json!({"type": "object", "properties": {
                "category": {"type": "string", "description": "cocktails, beer, spirits or non-alcoholic"}
            }, "additionalProperties": false}),
        ),
        spec(
            "recommend",
            "Recommend drinks for a preference such as sobering, classy, fruity, strong or burning.",
            json!({"type": "object", "properties": {
                "preference": {"type": "string", "description": "what the guest is in the mood for"}
            }, "required": ["preference"], "additionalProperties": false}),
        ),
        spec(
            "add_to_tab",
            "Add a drink to the guest's tab. Its price moves from the balance to the tab.",
            json!({"type": "object", "properties": {
                "item": {"type": "string", "description": "the drink's name as on the menu"},
                "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY, "description": "how many, default 1"},
                "modifiers": {"type": "array", "items": {"type": "string"},
                              "description": "e.g. dirty, neat, on the rocks, shaken"}
            }, "required": ["item"], "additionalProperties": false}),
        ),
        spec(
            "remove_from_tab",
            "Remove a drink from the tab (all of it unless a quantity is given); it is refunded.",
            json!({"type": "object", "properties": {
                "item": {"type": "string"},
                "quantity": {"type": "integer", "minimum": 1},
                "modifiers": {"type": "array", "items": {"type": "string"},
                              "description": "only lines with these modifiers"}
            }, "required": ["item"], "additionalProperties": false}),
        ),
        spec(
            "view_tab",
            "Show the tab: lines, subtotal, tip, total and balance.",
            no_args(),
        ),
        spec(
            "set_tip",
            "Set the tip: a percentage of the subtotal, a fixed amount in dollars, or none. \
             Give exactly one of percent, amount or none.",
            json!({"type": "object", "properties": {
                "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                "amount": {"type": "number", "minimum": 0, "description": "dollars, e.g. 5 or 4.50"},
                "none": {"type": "boolean", "description": "true removes the tip"}
            }, "additionalProperties": false}),
        ),
        spec(
            "checkout",
            "Ask for the check: creates a payment link for the tab plus tip and shows it to the guest.",
            no_args(),
        ),
        spec(
            "payment_status",
            "Whether the open checkout has been paid.",
            no_args(),
        ),
        spec(
            "cancel_checkout",
            "Cancel the open checkout so the tab can change again.",
            no_args(),
        ),
    ]
}

// ---- arguments -----------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MenuArgs {
    category: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecommendArgs {
    preference: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderArgs {
    item: String,
    #[serde(default)]
    quantity: Option<Value>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TipArgs {
    percent: Option<Value>,
    amount: Option<Value>,
    none: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn bad_args(tool: &str, why: impl std::fmt::Display) -> BarError {
    BarError::new(
        ErrorCode::InvalidArguments,
        format!("Invalid arguments for {tool}: {why}"),
    )
}

fn parse<T: DeserializeOwned>(call: &ToolCall) -> Result<T, BarError> {
    let text = call.arguments.trim();
    // Some servers send "" for a call without arguments.
    let text = if text.is_empty() { "{}" } else { text };
    let value: T = serde_json::from_str(text).map_err(|e| bad_args(&call.name, e))?;
    Ok(value)
}

fn check_len(tool: &str, field: &str, s: &str) -> Result<(), BarError> {
    if s.chars().count() > MAX_ARG_CHARS {
        return Err(bad_args(
            tool,
            format!("{field} is longer than {MAX_ARG_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Models send integers as 2, 2.0 or "2". Anything else is refused, never truncated.
fn whole_number(tool: &str, field: &str, v: &Value) -> Result<u32, BarError> {
    let refuse = || {
        BarError::new(
            ErrorCode::InvalidQuantity,
            format!("{tool}: {field} must be a whole number from 1 to {MAX_QUANTITY}, not {v}"),
        )
    };
    let n: i128 = match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            n.to_string().parse().map_err(|_| refuse())?
        }
        Value::Number(n) => {
            // 2.0 is 2; 2.5 is refused. Parsed from text so no float arithmetic decides it.
            let text = n.to_string();
            match text.split_once('.') {
                Some((whole, frac)) if frac.bytes().all(|b| b == b'0') => {
                    whole.parse().map_err(|_| refuse())?
                }
                _ => return Err(refuse()),
            }
        }
        Value::String(s) => s.trim().parse().map_err(|_| refuse())?,
        _ => return Err(refuse()),
    };
    u32::try_from(n).map_err(|_| refuse())
}

fn dollars(tool: &str, v: &Value) -> Result<Cents, BarError> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => {
            return Err(bad_args(
                tool,
                format!("amount must be a number, not {other}"),
            ));
        }
    };
    check_len(tool, "amount", &text)?;
    Cents::parse(&text).map_err(|e| BarError::new(ErrorCode::InvalidTip, e.to_string()))
}

// ---- dispatch ------------------------------------------------------------------------------

/// Run a tool call against the Bar, or say what the agent must do for it.
pub fn dispatch(bar: &mut Bar, call: &ToolCall, guard: &SpendingGuard) -> Plan {
    match run(bar, call, guard) {
        Ok(plan) => plan,
        Err(e) => Plan::Done(refused_call(call, &e)),
    }
}

fn run(bar: &mut Bar, call: &ToolCall, guard: &SpendingGuard) -> Result<Plan, BarError> {
    let tool = call.name.as_str();
    match tool {
        "get_menu" => {
            let args: MenuArgs = parse(call)?;
            if let Some(c) = &args.category {
                check_len(tool, "category", c)?;
            }
            Ok(Plan::Done(menu_output(bar, args.category.as_deref())?))
        }
        "recommend" => {
            let args: RecommendArgs = parse(call)?;
            check_len(tool, "preference", &args.preference)?;
            let rec = bar.menu().recommend(&args.preference);
            let names: Vec<&str> = rec.picks.iter().map(|p| p.item.as_str()).collect();
            Ok(Plan::Done(ToolOutput {
                summary: format!("recommended {}", names.join(", ")),
                result: json!({"ok": true, "preference": rec.preference, "say": rec.say, "picks": rec.picks}),
                events: vec![],
            }))
        }
        "add_to_tab" => {
            let args: OrderArgs = parse(call)?;
            check_len(tool, "item", &args.item)?;
            for m in &args.modifiers {
                check_len(tool, "modifier", m)?;
            }
            let quantity = match &args.quantity {
                None | Some(Value::Null) => 1,
                Some(v) => whole_number(tool, "quantity", v)?,
            };
            let action = Action::Order {
                item: args.item,
                quantity,
                modifiers: args.modifiers,
            };
            if let Some(prompt) = needs_consent(bar, &action, guard) {
                // Only ask about an order that would go through: a refusal is answered now.
                bar.clone().apply(action.clone())?;
                return Ok(Plan::Confirm { action, prompt });
            }
            Ok(Plan::Done(confirmed(bar, action)))
        }
        "remove_from_tab" => {
            let args: OrderArgs = parse(call)?;
            check_len(tool, "item", &args.item)?;
            let quantity = match &args.quantity {
                None | Some(Value::Null) => None,
                Some(v) => Some(whole_number(tool, "quantity", v)?),
            };
            let events = bar.apply(Action::Remove {
                item: args.item,
                quantity,
                modifiers: args.modifiers,
            })?;
            Ok(Plan::Done(changed(bar, events)))
        }
        "view_tab" => {
            let _: NoArgs = parse(call)?;
            Ok(Plan::Done(ToolOutput {
                result: json!({"ok": true, "tab": tab_json(&bar.view())}),
                events: vec![],
                summary: "looked at the tab".into(),
            }))
        }
        "set_tip" => {
            let args: TipArgs = parse(call)?;
            let given = [
                args.percent.is_some(),
                args.amount.is_some(),
                args.none.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                return Err(bad_args(
                    tool,
                    "give exactly one of percent, amount or none",
                ));
            }
            let tip = match (args.percent, args.amount, args.none) {
                (Some(p), _, _) => Tip::Percent {
                    percent: whole_number(tool, "percent", &p).map_err(|_| {
                        BarError::new(
                            ErrorCode::InvalidTip,
                            format!("A tip percentage is a whole number from 0 to 100, not {p}."),
                        )
                    })?,
                },
                (_, Some(a), _) => Tip::Amount {
                    amount: dollars(tool, &a)?,
                },
                (_, _, Some(true)) => Tip::None,
                _ => return Err(bad_args(tool, "none must be true to remove the tip")),
            };
            let events = bar.apply(Action::SetTip(tip))?;
            Ok(Plan::Done(changed(bar, events)))
        }
        "checkout" => {
            let _: NoArgs = parse(call)?;
            Ok(Plan::Checkout)
        }
        "payment_status" => {
            let _: NoArgs = parse(call)?;
            Ok(Plan::PaymentStatus)
        }
        "cancel_checkout" => {
            let _: NoArgs = parse(call)?;
            Ok(Plan::CancelCheckout)
        }
        _ => {
            let shown: String = tool.chars().take(60).collect();
            Err(BarError::new(
                ErrorCode::UnknownTool,
                format!(
                    "There is no tool called {shown}. Available: {}.",
                    specs()
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
    }
}

/// The spending guard: more than N drinks or more than $X in one call asks the guest.
fn needs_consent(bar: &Bar, action: &Action, guard: &SpendingGuard) -> Option<String> {
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

/// Run an order the guest allowed (or any action) and describe it.
pub fn confirmed(bar: &mut Bar, action: Action) -> ToolOutput {
    let what = match &action {
        Action::Order {
            item,
            quantity,
            modifiers,
        } => format!("couldn't add {}", order_label(item, *quantity, modifiers)),
        _ => "couldn't do that".into(),
    };
    match bar.apply(action) {
        Ok(events) => changed(bar, events),
        Err(e) => failed(&what, &e),
    }
}

/// The guest said no to the spending guard.
pub fn declined(action: &Action) -> ToolOutput {
    let what = match action {
        Action::Order { item, quantity, .. } => format!("{quantity}× {item}"),
        _ => "that".into(),
    };
    ToolOutput {
        result: json!({"ok": false, "error": "DECLINED_BY_GUEST",
                       "message": format!("The guest declined adding {what}. Nothing was added; ask what they would like instead.")}),
        events: vec![],
        summary: format!("guest declined {what}"),
    }
}

/// An error result for the model and a one-liner for the conversation that reads like the
/// successful ones ("couldn't start the checkout: …"), never the tool's internal name.
pub fn refused(tool: &str, e: &BarError) -> ToolOutput {
    failed(&attempt(tool, None), e)
}

/// Like [`refused`], naming the drink the call was about ("couldn't add 2× Martini: …").
fn refused_call(call: &ToolCall, e: &BarError) -> ToolOutput {
    let args = serde_json::from_str::<Value>(&call.arguments).ok();
    failed(&attempt(&call.name, args.as_ref()), e)
}

fn failed(what: &str, e: &BarError) -> ToolOutput {
    // A malformed call's message is for the model (it names fields and tools); the guest only
    // needs to know it did not happen.
    let why = match e.code {
        ErrorCode::InvalidArguments | ErrorCode::UnknownTool => "the request was malformed",
        _ => e.message.as_str(),
    };
    ToolOutput {
        result: error_json(e),
        events: vec![],
        summary: format!("{what}: {why}"),
    }
}

/// What a tool call was trying to do, for the guest: "couldn't add 2× Martini (dirty)".
fn attempt(tool: &str, args: Option<&Value>) -> String {
    let item = args
        .and_then(|a| a["item"].as_str())
        .filter(|s| !s.trim().is_empty());
    let quantity = args
        .and_then(|a| a["quantity"].as_u64())
        .and_then(|q| u32::try_from(q).ok())
        .unwrap_or(1);
    let modifiers: Vec<String> = args
        .and_then(|a| a["modifiers"].as_array())
        .map(|m| {
            m.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match (tool, item) {
        ("add_to_tab", Some(item)) => {
            format!("couldn't add {}", order_label(item, quantity, &modifiers))
        }
        ("add_to_tab", None) => "couldn't add that".into(),
        ("remove_from_tab", Some(item)) => {
            let item: String = item.chars().take(60).collect();
            format!("couldn't remove {item}")
        }
        ("remove_from_tab", None) => "couldn't remove that".into(),
        ("set_tip", _) => "couldn't set the tip".into(),
        ("get_menu", _) => "couldn't show the menu".into(),
        ("recommend", _) => "couldn't recommend anything".into(),
        ("view_tab", _) => "couldn't show the tab".into(),
        ("checkout", _) => "couldn't start the checkout".into(),
        ("payment_status", _) => "couldn't check the payment".into(),
        ("cancel_checkout", _) => "couldn't cancel the checkout".into(),
        _ => "couldn't do that".into(),
    }
}

/// "Martini", "3× Martini (neat)": an order as the guest reads it; names are cut short.
fn order_label(item: &str, quantity: u32, modifiers: &[String]) -> String {
    let item: String = item.chars().take(60).collect();
    let count = if quantity > 1 {
        format!("{quantity}× ")
    } else {
        String::new()
    };
    let mods: Vec<String> = modifiers
        .iter()
        .take(4)
        .map(|m| m.chars().take(30).collect())
        .collect();
    if mods.is_empty() {
        format!("{count}{item}")
    } else {
        format!("{count}{item} ({})", mods.join(", "))
    }
}

pub fn error_json(e: &BarError) -> Value {
    let mut v = json!({"ok": false, "error": e.code.as_str(), "message": e.message});
    if !e.suggestions.is_empty() {
        v["suggestions"] = json!(e.suggestions);
    }
    v
}

fn changed(bar: &Bar, events: Vec<BarEvent>) -> ToolOutput {
    let view = bar.view();
    ToolOutput {
        summary: summarize(&events, &view),
        result: json!({"ok": true,
            "changes": events.iter().map(change_json).collect::<Vec<_>>(),
            "tab": tab_json(&view)}),
        events,
    }
}

/// A Bar event as the model reads it: the journal's shape, with every amount as "$12.50" text.
/// (The journal itself keeps cents; it is never shown to a model.)
pub fn change_json(e: &BarEvent) -> Value {
    match e {
        BarEvent::ItemAdded {
            line,
            item,
            quantity,
            modifiers,
            unit_price,
        } => json!({"event": "item_added", "line": line, "item": item, "quantity": quantity,
            "modifiers": modifiers, "unit_price": unit_price.to_string(),
            "total": Cents(unit_price.0.saturating_mul(i64::from(*quantity))).to_string()}),
        BarEvent::ItemRemoved {
            line,
            item,
            quantity,
            refund,
        } => json!({"event": "item_removed", "line": line, "item": item, "quantity": quantity,
            "refund": refund.to_string()}),
        BarEvent::TipChanged { tip } => json!({"event": "tip_changed", "tip": tip_json(*tip)}),
        BarEvent::CheckoutStarted {
            amount,
            subtotal,
            tip,
            ..
        } => json!({"event": "checkout_started", "amount": amount.to_string(),
            "subtotal": subtotal.to_string(), "tip": tip.to_string()}),
        BarEvent::CheckoutLinkReady(_) => json!({"event": "checkout_link_ready"}),
        BarEvent::PaymentSucceeded { receipt } => {
            json!({"event": "payment_succeeded", "total": receipt.total.to_string()})
        }
        BarEvent::PaymentFailed { reason } => json!({"event": "payment_failed", "reason": reason}),
        BarEvent::PaymentExpired => json!({"event": "payment_expired"}),
        BarEvent::CheckoutCancelled => json!({"event": "checkout_cancelled"}),
    }
}

/// "15 %", "$5.00" or null.
fn tip_json(tip: Tip) -> Value {
    match tip {
        Tip::None => json!(null),
        t => json!(t.label()),
    }
}

/// "added 2× Martini (dirty) · $26.00", "tip 15 % · $3.90", …
pub fn summarize(events: &[BarEvent], view: &TabView) -> String {
    let removal = events
        .iter()
        .any(|e| matches!(e, BarEvent::ItemRemoved { .. }));
    let parts: Vec<String> = events
        .iter()
        .map(|e| match e {
            BarEvent::ItemAdded {
                item,
                quantity,
                modifiers,
                unit_price,
                ..
            } => {
                let mods = if modifiers.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", modifiers.join(", "))
                };
                format!(
                    "added {quantity}× {item}{mods} · {}",
                    Cents(unit_price.0 * i64::from(*quantity))
                )
            }
            BarEvent::ItemRemoved {
                item,
                quantity,
                refund,
                ..
            } => {
                format!("removed {quantity}× {item} · refunded {refund}")
            }
            BarEvent::TipChanged { tip: Tip::None } => "tip cleared".into(),
            // Only a removal changes a tip on its own: it lowered an amount tip to the cap.
            BarEvent::TipChanged {
                tip: Tip::Amount { amount },
            } if removal => format!("tip lowered to {amount}, the whole tab"),
            BarEvent::TipChanged {
                tip: Tip::Amount { amount },
            } => format!("tip {amount}"),
            BarEvent::TipChanged { tip } => format!("tip {} · {}", tip.label(), view.tip_amount),
            BarEvent::CheckoutStarted { amount, .. } => format!("checkout started · {amount}"),
            BarEvent::CheckoutLinkReady(_) => "payment link ready".into(),
            BarEvent::PaymentSucceeded { receipt } => format!("paid {}", receipt.total),
            BarEvent::PaymentFailed { reason } => format!("payment failed: {reason}"),
            BarEvent::PaymentExpired => "checkout expired".into(),
            BarEvent::CheckoutCancelled => "checkout cancelled".into(),
        })
        .collect();
    parts.join("; ")
}

/// The tab as the model sees it: amounts as "$12.50" strings, never floats.
pub fn tab_json(v: &TabView) -> Value {
    json!({
        "lines": v.lines.iter().map(|l| json!({
            "line": l.line, "item": l.item, "quantity": l.quantity, "modifiers": l.modifiers,
            "unit_price": l.unit_price.to_string(), "total": l.total.to_string(),
        })).collect::<Vec<_>>(),
        "drinks": v.drinks,
        "subtotal": v.subtotal.to_string(),
        "tip": tip_json(v.tip),
        "tip_amount": v.tip_amount.to_string(),
        "total": v.total.to_string(),
        "balance": v.balance.to_string(),
        "payment": v.payment.name(),
    })
}

fn menu_output(bar: &Bar, category: Option<&str>) -> Result<ToolOutput, BarError> {
    let menu = bar.menu();
    let cats: Vec<_> = match category {
        None => menu.categories.iter().collect(),
        Some(c) => {
            let found = menu.category(c).ok_or_else(|| {
                BarError::new(
                    ErrorCode::ItemNotFound,
                    format!(
                        "There is no category {}. Categories: {}.",
                        c.chars().take(40).collect::<String>(),
                        menu.categories
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            vec![found]
        }
    };
    let categories: Vec<Value> = cats
        .iter()
        .map(|c| {
            json!({"category": c.name, "note": c.note, "items": menu.items_in(&c.id).map(|i| json!({
                "name": i.name, "price": i.price.to_string(), "description": i.description,
            })).collect::<Vec<_>>()})
        })
        .collect();
    let modifiers: Vec<Value> = menu
        .modifiers
        .iter()
        .map(|m| json!({"name": m.name, "meaning": m.glossary, "for": m.applies_to}))
        .collect();
    Ok(ToolOutput {
        result: json!({"ok": true, "menu": categories, "modifiers": modifiers}),
        events: vec![],
        summary: match category {
            Some(_) => format!("looked at the {} menu", cats[0].name.to_lowercase()),
            None => "looked at the menu".into(),
        },
    })
}

#[cfg(test)]
#[path = "tools_tests.rs"]
mod tests;
