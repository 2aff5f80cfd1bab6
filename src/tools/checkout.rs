//! `checkout`: ask for the check (a checkout through the payment gateway).

use super::args::{NoArgs, no_args_schema, parse};
use super::{Plan, Tool, tool_spec};
use crate::bar::BarError;
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::Checkout,
        "Ask for the check: creates a payment link for the tab plus tip and shows it to the guest.",
        no_args_schema(),
    )
}

/// Handed to the agent: it needs the payment gateway.
pub(super) fn run(call: &ToolCall) -> Result<Plan, BarError> {
    let _: NoArgs = parse(call)?;
    Ok(Plan::Checkout)
}
