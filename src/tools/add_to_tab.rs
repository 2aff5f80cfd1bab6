//! `add_to_tab`: a new order on the tab, through the spending guard.

use serde::Deserialize;
use serde_json::{Value, json};

use super::args::{check_len, parse, whole_number};
use super::guard::guard_order;
use super::{Plan, SpendingGuard, Tool, TurnSpend, tool_spec};
use crate::bar::{Action, Bar, BarError, MAX_QUANTITY};
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    let (add, remove) = (Tool::AddToTab.name(), Tool::RemoveFromTab.name());
    tool_spec(
        Tool::AddToTab,
        format!(
            "Add a drink to the guest's tab as a new order; its price moves from the balance to \
             the tab. It never replaces anything: to change or swap a drink already on the tab \
             (\"make one of the martinis a negroni\"), call {remove} for the old one and \
             then {add} for the new one. Never two {add} calls for one swap."
        ),
        json!({"type": "object", "properties": {
            "item": {"type": "string", "description": "the drink's name as on the menu"},
            "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY, "description": "how many, default 1"},
            "modifiers": {"type": "array", "items": {"type": "string"},
                          "description": "e.g. dirty, neat, on the rocks, shaken"}
        }, "required": ["item"], "additionalProperties": false}),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    item: String,
    #[serde(default)]
    quantity: Option<Value>,
    #[serde(default)]
    modifiers: Vec<String>,
}

/// An add_to_tab call's arguments as an order, strictly parsed.
pub(super) fn order(call: &ToolCall) -> Result<Action, BarError> {
    let tool = Tool::AddToTab.name();
    let args: Args = parse(call)?;
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

pub(super) fn run(
    bar: &mut Bar,
    call: &ToolCall,
    guard: &SpendingGuard,
    spend: &mut TurnSpend,
    queued: &[ToolCall],
) -> Result<Plan, BarError> {
    let action = order(call)?;
    guard_order(bar, action, guard, spend, queued)
}
