//! `recommend`: drinks for a preference, a taste or an ingredient, in the guest's own words.

use serde::Deserialize;
use serde_json::json;

use super::args::{check_len, parse};
use super::{Plan, Tool, ToolOutput, tool_spec};
use crate::bar::{Bar, BarError};
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::Recommend,
        "Recommend drinks for a preference such as sobering, classy, fruity, strong or burning, \
         a taste (bitter, smoky, light, nothing too strong) or an ingredient (something with gin). \
         Pass the guest's own words.",
        json!({"type": "object", "properties": {
            "preference": {"type": "string", "description": "what the guest is in the mood for"}
        }, "required": ["preference"], "additionalProperties": false}),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    preference: String,
}

pub(super) fn run(bar: &Bar, call: &ToolCall) -> Result<Plan, BarError> {
    let args: Args = parse(call)?;
    check_len(Tool::Recommend.name(), "preference", &args.preference)?;
    let rec = bar.menu().recommend(&args.preference);
    let names: Vec<&str> = rec.picks.iter().map(|p| p.item.as_str()).collect();
    Ok(Plan::Done(ToolOutput {
        summary: format!("recommended {}", names.join(", ")),
        result: json!({"ok": true, "preference": rec.preference, "say": rec.say, "picks": rec.picks}),
        events: vec![],
        next: None,
    }))
}
