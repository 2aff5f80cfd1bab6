//! `view_tab`: the tab as it stands.

use serde_json::json;

use super::args::{NoArgs, no_args_schema, parse};
use super::{Plan, Tool, ToolOutput, tab_json, tool_spec};
use crate::bar::{Bar, BarError};
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::ViewTab,
        "Show the tab: lines, subtotal, tip, total and balance.",
        no_args_schema(),
    )
}

pub(super) fn run(bar: &Bar, call: &ToolCall) -> Result<Plan, BarError> {
    let _: NoArgs = parse(call)?;
    Ok(Plan::Done(ToolOutput {
        result: json!({"ok": true, "tab": tab_json(&bar.view())}),
        events: vec![],
        next: None,
        summary: "looked at the tab".into(),
    }))
}
