//! Strict argument parsing shared by the tools: what a model may send, and the refusals for
//! anything else. Nothing here panics on what a model sends.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::bar::{BarError, ErrorCode, MAX_QUANTITY};
use crate::llm::ToolCall;

/// Longest string argument accepted; a drink name is never longer.
const MAX_ARG_CHARS: usize = 200;

/// The arguments of a tool that takes none.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoArgs {}

/// The schema of a tool that takes no arguments.
pub(super) fn no_args_schema() -> Value {
    json!({"type": "object", "properties": {}, "additionalProperties": false})
}

pub(super) fn bad_args(tool: &str, why: impl std::fmt::Display) -> BarError {
    BarError::new(
        ErrorCode::InvalidArguments,
        format!("Invalid arguments for {tool}: {why}"),
    )
}

pub(super) fn parse<T: DeserializeOwned>(call: &ToolCall) -> Result<T, BarError> {
    let text = call.arguments.trim();
    // Some servers send "" for a call without arguments.
    let text = if text.is_empty() { "{}" } else { text };
    let value: T = serde_json::from_str(text).map_err(|e| bad_args(&call.name, e))?;
    Ok(value)
}

pub(super) fn check_len(tool: &str, field: &str, s: &str) -> Result<(), BarError> {
    if s.chars().count() > MAX_ARG_CHARS {
        return Err(bad_args(
            tool,
            format!("{field} is longer than {MAX_ARG_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Models send integers as 2, 2.0 or "2". Anything else is refused, never truncated.
pub(super) fn whole_number(tool: &str, field: &str, v: &Value) -> Result<u32, BarError> {
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
