//! The tool calls of a round, run in order: each through `tools::dispatch_in_turn`, waiting
//! for the guest's consent or the payment gateway when it must, and every result recorded,
//! shown and told to the model (`tool_done`). The next round starts when the queue is empty.

use super::Agent;
use super::protocol::{Entry, Event};
use super::turn::{Awaiting, PayOp};
use crate::bar::BarEvent;
use crate::llm::{ChatMessage, ToolCall};
use crate::tools::{self, Plan, ToolOutput};

impl Agent {
    /// Run the queued tool calls in order until one has to wait.
    pub(super) fn run_queue(&mut self) {
        loop {
            let Some(turn) = self.turn.as_mut() else {
                return;
            };
            if turn.awaiting.is_some() {
                return;
            }
            let Some(call) = turn.queue.pop_front() else {
                break;
            };
            let plan = tools::dispatch_in_turn(
                &mut self.bar,
                &call,
                &self.guard,
                &mut turn.spend,
                turn.queue.make_contiguous(),
            );
            match plan {
                Plan::Done(out) => self.tool_done(&call, out),
                Plan::Confirm { action, prompt } => {
                    let prompt = self.safety.clean(&prompt);
                    if let Some(turn) = self.turn.as_mut() {
                        turn.awaiting = Some(Awaiting::Consent { call, action });
                    }
                    self.emit(Event::ConsentRequest { prompt });
                }
                Plan::Checkout => self.checkout(Some(call)),
                Plan::CancelCheckout => self.cancel_checkout(Some(call)),
                Plan::PaymentStatus => {
                    let out = self.payment_status_output();
                    self.tool_done(&call, out);
                }
            }
        }
        self.start_round();
    }

    /// A tool call finished: record, show, and tell the model.
    pub(super) fn tool_done(&mut self, call: &ToolCall, out: ToolOutput) {
        let out = out.said(&*self.say);
        self.record_bar(&out.events);
        if !out.events.is_empty() {
            self.emit(Event::TabChanged(self.bar.view()));
        }
        if let Some(turn) = self.turn.as_mut()
            && out
                .events
                .iter()
                .any(|e| matches!(e, BarEvent::ItemAdded { .. }))
        {
            turn.ordered = true;
        }
        let ok = out.result["ok"].as_bool().unwrap_or(false);
        let summary = self.safety.clean(&out.summary);
        if ok {
            tracing::info!(tool = %call.name, "{summary}");
        } else {
            tracing::info!(tool = %call.name, "refused: {summary}");
        }
        // An empty summary has nothing to show (the rest of a batch the guest declined).
        if !summary.is_empty() {
            self.record_entry(Entry::Tool {
                summary: summary.clone(),
                ok,
            });
            self.emit(Event::ToolRan { summary, ok });
        }
        self.push_message(ChatMessage::ToolResult {
            call_id: call.id.clone(),
            name: call.name.clone(),
            content: out.result,
        });
    }

    /// A tool call that waited for the gateway has its answer.
    pub(super) fn resume_payment_call(&mut self, op: PayOp, out: ToolOutput) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let waiting_for_this =
            matches!(&turn.awaiting, Some(Awaiting::Payment { op: o, .. }) if *o == op);
        if !waiting_for_this {
            return;
        }
        if let Some(Awaiting::Payment { call, .. }) = turn.awaiting.take() {
            self.tool_done(&call, out);
            self.run_queue();
        }
    }

    pub(super) fn answer_consent(&mut self, allow: bool) {
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let Some(Awaiting::Consent { call, action }) = turn.awaiting.take() else {
            return;
        };
        let out = tools::answer_consent(&mut self.bar, action, allow, &mut turn.spend);
        self.tool_done(&call, out);
        self.run_queue();
    }
}
