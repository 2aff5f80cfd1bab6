//! `cancel_checkout`: cancel the open checkout so the tab can change again.

use super::args::{NoArgs, no_args_schema, parse};
use super::{Plan, Tool, tool_spec};
use crate::bar::BarError;
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::CancelCheckout,
        "Cancel the open checkout so the tab can change again.",
        no_args_schema(),
    )
}

/// Handed to the agent: it needs the payment gateway.
pub(super) fn run(call: &ToolCall) -> Result<Plan, BarError> {
    let _: NoArgs = parse(call)?;
    Ok(Plan::CancelCheckout)
}
