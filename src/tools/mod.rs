//! The tools the model calls: JSON Schemas, strict argument parsing, and dispatch onto the Bar.
//!
//! Results are JSON the model can read: `{"ok":true,…}` or
//! `{"ok":false,"error":"CODE","message":…}`. Nothing a model sends — wrong types, unknown
//! fields, unknown tools, huge strings — can panic here; it becomes an error result.
//! Tools that need the payment gateway are handed back to the agent as a [`Plan`].
//!
//! Here: argument parsing and dispatch. `tools/schema.rs` holds the JSON Schemas,
//! `tools/output.rs` the results and summaries, `tools/guard.rs` the spending guard.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::bar::{Action, Bar, BarError, BarEvent, ErrorCode, MAX_QUANTITY, TabView, Tip};
use crate::llm::ToolCall;
use crate::money::Cents;

mod guard;
mod output;
mod schema;

use guard::guard_order;
pub use guard::{Spend, SpendingGuard, TurnSpend, answer_consent};
pub use output::{change_json, declined, error_json, refused, summarize, tab_json};
use output::{changed, failed, menu_output, order_label, refused_call};
pub use schema::specs;

/// Longest string argument accepted; a drink name is never longer.
const MAX_ARG_CHARS: usize = 200;

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

/// Run a tool call against the Bar, or say what the agent must do for it, as if it were the
/// only call of its turn.
pub fn dispatch(bar: &mut Bar, call: &ToolCall, guard: &SpendingGuard) -> Plan {
    dispatch_in_turn(bar, call, guard, &mut TurnSpend::default(), &[])
}

/// Run a tool call of a turn: `spend` is what the model has added since the guest spoke (the
/// spending guard judges the turn, not the call) and `queued` the calls after this one in
/// the same round, so one question can cover a batch of small orders.
pub fn dispatch_in_turn(
    bar: &mut Bar,
    call: &ToolCall,
    guard: &SpendingGuard,
    spend: &mut TurnSpend,
    queued: &[ToolCall],
) -> Plan {
    match run(bar, call, guard, spend, queued) {
        Ok(plan) => plan,
        Err(e) => Plan::Done(refused_call(call, &e)),
    }
}

/// An add_to_tab call's arguments as an order, strictly parsed.
fn order_action(call: &ToolCall) -> Result<Action, BarError> {
    let tool = call.name.as_str();
    let args: OrderArgs = parse(call)?;
    check_len(tool, "item", &args.item)?;
    for m in &args.modifiers {
        check_len(tool, "modifier", m)?;
    }
    let quantity = match &args.quantity {
        None | Some(Value::Null) => 1,
        Some(v) => whole_number(tool, "quantity", v)?,
    };
    Ok(Action::Order {
        item: args.item,
        quantity,
        modifiers: args.modifiers,
    })
}

fn run(
    bar: &mut Bar,
    call: &ToolCall,
    guard: &SpendingGuard,
    spend: &mut TurnSpend,
    queued: &[ToolCall],
) -> Result<Plan, BarError> {
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
            let action = order_action(call)?;
            guard_order(bar, action, guard, spend, queued)
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

#[cfg(test)]
#[path = "tools_tests.rs"]
mod tests;
