//! `payment_status`: whether the open checkout has been paid.

use super::args::{NoArgs, no_args_schema, parse};
use super::{Plan, Tool, tool_spec};
use crate::bar::BarError;
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::PaymentStatus,
        "Whether the open checkout has been paid.",
        no_args_schema(),
    )
}

/// Handed to the agent, which watches the checkout.
pub(super) fn run(call: &ToolCall) -> Result<Plan, BarError> {
    let _: NoArgs = parse(call)?;
    Ok(Plan::PaymentStatus)
}
