//! `remove_from_tab`: a drink off the tab (all of it unless a quantity is given), refunded.

use serde::Deserialize;
use serde_json::{Value, json};

use super::args::{check_len, parse, whole_number};
use super::output::changed;
use super::{Plan, Tool, tool_spec};
use crate::bar::{Action, Bar, BarError};
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::RemoveFromTab,
        format!(
            "Remove a drink from the tab (all of it unless a quantity is given); it is refunded. \
             Also the first half of every change or swap: remove what goes (e.g. quantity 1 of \
             the Martini), then {} what comes, both in the same reply.",
            Tool::AddToTab.name()
        ),
        json!({"type": "object", "properties": {
            "item": {"type": "string", "description": "the drink's name as on the tab"},
            "quantity": {"type": "integer", "minimum": 1, "description": "how many to remove, default all of them"},
            "modifiers": {"type": "array", "items": {"type": "string"},
                          "description": "only lines with these modifiers"}
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

pub(super) fn run(bar: &mut Bar, call: &ToolCall) -> Result<Plan, BarError> {
    let tool = Tool::RemoveFromTab.name();
    let args: Args = parse(call)?;
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
