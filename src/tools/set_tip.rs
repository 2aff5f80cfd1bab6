//! `set_tip`: a percentage of the subtotal, a fixed amount in dollars, or none.

use serde::Deserialize;
use serde_json::{Value, json};

use super::args::{bad_args, check_len, parse, whole_number};
use super::output::changed;
use super::{Plan, Tool, tool_spec};
use crate::bar::{Action, Bar, BarError, ErrorCode, Tip};
use crate::llm::{ToolCall, ToolSpec};
use crate::money::Cents;

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::SetTip,
        "Set the tip: a percentage of the subtotal, a fixed amount in dollars, or none. \
         Give exactly one of percent, amount or none.",
        json!({"type": "object", "properties": {
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "amount": {"type": "number", "minimum": 0, "description": "dollars, e.g. 5 or 4.50"},
            "none": {"type": "boolean", "description": "true removes the tip"}
        }, "additionalProperties": false}),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    percent: Option<Value>,
    amount: Option<Value>,
    none: Option<bool>,
}

pub(super) fn run(bar: &mut Bar, call: &ToolCall) -> Result<Plan, BarError> {
    let tool = Tool::SetTip.name();
    let args: Args = parse(call)?;
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
