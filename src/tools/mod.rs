//! The tools the model calls: [`Tool`] names each one, and each has its own module with its
//! JSON Schema, strict argument parsing and what it does (`tools/add_to_tab.rs`, …), the way
//! mini-redis keeps one file per command.
//!
//! Results are JSON the model can read: `{"ok":true,…}` or
//! `{"ok":false,"error":"CODE","message":…}`. Nothing a model sends — wrong types, unknown
//! fields, unknown tools, huge strings — can panic here; it becomes an error result.
//! Tools that need the payment gateway are handed back to the agent as a [`Plan`].
//!
//! Here: the tools' names and dispatch. `tools/args.rs` holds the parsing the tools share,
//! `tools/output.rs` the results and summaries, `tools/guard.rs` the spending guard.

use serde_json::{Value, json};

use crate::bar::{Action, Bar, BarError, BarEvent, ErrorCode, TabView, Tip};
use crate::llm::{ToolCall, ToolSpec};
use crate::money::Cents;
use crate::next_step::{NextStep, with_step};

mod add_to_tab;
mod args;
mod cancel_checkout;
mod checkout;
mod get_menu;
mod guard;
mod output;
mod payment_status;
mod recommend;
mod remove_from_tab;
mod set_tip;
mod view_tab;

pub use guard::{Spend, SpendingGuard, TurnSpend, answer_consent};
pub use output::{change_json, declined, error_json, refused, summarize, tab_json};
use output::{changed, failed, order_label, refused_call};

/// A tool the model may call. Its name on the wire is [`Tool::name`], and nowhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    GetMenu,
    Recommend,
    AddToTab,
    RemoveFromTab,
    ViewTab,
    SetTip,
    Checkout,
    PaymentStatus,
    CancelCheckout,
}

impl Tool {
    /// Every tool, in the order the model is shown them.
    pub const ALL: [Tool; 9] = [
        Tool::GetMenu,
        Tool::Recommend,
        Tool::AddToTab,
        Tool::RemoveFromTab,
        Tool::ViewTab,
        Tool::SetTip,
        Tool::Checkout,
        Tool::PaymentStatus,
        Tool::CancelCheckout,
    ];

    /// The name the model calls it by.
    pub const fn name(self) -> &'static str {
        match self {
            Tool::GetMenu => "get_menu",
            Tool::Recommend => "recommend",
            Tool::AddToTab => "add_to_tab",
            Tool::RemoveFromTab => "remove_from_tab",
            Tool::ViewTab => "view_tab",
            Tool::SetTip => "set_tip",
            Tool::Checkout => "checkout",
            Tool::PaymentStatus => "payment_status",
            Tool::CancelCheckout => "cancel_checkout",
        }
    }

    /// The tool a call names; `None` for anything else (exact match: a model's "Add_To_Tab"
    /// is not a tool).
    pub fn from_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Its name, description and JSON Schema, as sent to the model.
    pub fn spec(self) -> ToolSpec {
        match self {
            Tool::GetMenu => get_menu::spec(),
            Tool::Recommend => recommend::spec(),
            Tool::AddToTab => add_to_tab::spec(),
            Tool::RemoveFromTab => remove_from_tab::spec(),
            Tool::ViewTab => view_tab::spec(),
            Tool::SetTip => set_tip::spec(),
            Tool::Checkout => checkout::spec(),
            Tool::PaymentStatus => payment_status::spec(),
            Tool::CancelCheckout => cancel_checkout::spec(),
        }
    }
}

/// Every tool's schema, as sent to the model.
pub fn specs() -> Vec<ToolSpec> {
    Tool::ALL.into_iter().map(Tool::spec).collect()
}

fn tool_spec(tool: Tool, description: impl Into<String>, parameters: Value) -> ToolSpec {
    ToolSpec {
        name: tool.name().into(),
        description: description.into(),
        parameters,
    }
}

/// A finished tool call.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutput {
    /// What the model reads.
    pub result: Value,
    /// What changed on the Bar (to journal and to show).
    pub events: Vec<BarEvent>,
    /// A dim one-liner for the conversation ("added 2× Martini (dirty) · $26.00").
    pub summary: String,
    /// What the guest can do about a refusal. Its words are not in `summary` or the result's
    /// message yet: the agent adds them in its own wording ([`ToolOutput::said`]).
    pub next: Option<NextStep>,
}

impl ToolOutput {
    /// The output with its next step said in `say`'s words, in the guest's summary and in the
    /// message the model reads.
    pub fn said(mut self, say: &dyn Fn(NextStep) -> String) -> ToolOutput {
        let Some(step) = self.next.take() else {
            return self;
        };
        let words = say(step);
        self.summary = with_step(&self.summary, &words);
        if let Some(message) = self.result["message"].as_str() {
            self.result["message"] = json!(with_step(message, &words));
        }
        self
    }
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

fn run(
    bar: &mut Bar,
    call: &ToolCall,
    guard: &SpendingGuard,
    spend: &mut TurnSpend,
    queued: &[ToolCall],
) -> Result<Plan, BarError> {
    let Some(tool) = Tool::from_name(&call.name) else {
        return Err(unknown_tool(&call.name));
    };
    match tool {
        Tool::GetMenu => get_menu::run(bar, call),
        Tool::Recommend => recommend::run(bar, call),
        Tool::AddToTab => add_to_tab::run(bar, call, guard, spend, queued),
        Tool::RemoveFromTab => remove_from_tab::run(bar, call),
        Tool::ViewTab => view_tab::run(bar, call),
        Tool::SetTip => set_tip::run(bar, call),
        Tool::Checkout => checkout::run(call),
        Tool::PaymentStatus => payment_status::run(call),
        Tool::CancelCheckout => cancel_checkout::run(call),
    }
}

fn unknown_tool(name: &str) -> BarError {
    let shown: String = name.chars().take(60).collect();
    BarError::new(
        ErrorCode::UnknownTool,
        format!(
            "There is no tool called {shown}. Available: {}.",
            Tool::ALL.map(Tool::name).join(", ")
        ),
    )
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
mod tests;
