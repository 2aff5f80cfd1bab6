//! The house bartender: Maya without a model, the default when there is no API key.
//!
//! She sits behind the same `Provider` trait as a real model and behaves like one: the first
//! round of a turn reads the guest's words and calls tools; the next round reads the tool
//! results and streams a reply, word by word. Everything is deterministic: the same history
//! always gives the same answer, which makes her a good test double for the whole app too.
//!
//! Reading a message is a pipeline: `read` (normalise, split into clauses) and `spans`
//! (drinks, numbers, modifiers, containers, misspellings) → `meaning` and `orders` (what each
//! clause does: order, refuse, correct, refer, ask) → `turn` with `draft`, `edits`, `refer`
//! and `asking` (resolved against `context`: the tab, the last order, what Maya named and
//! asked) → tool calls and words (`answers`); `talk` is everything that is not about drinks.

mod act;
mod answers;
mod asking;
mod changes;
mod context;
mod draft;
mod edits;
mod follow_up;
mod lexicon;
mod meaning;
mod orders;
mod pace;
mod read;
mod refer;
mod reply;
mod spans;
mod talk;
mod turn;
mod words;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

use super::{
    ChatMessage, ChatRequest, FinishReason, Provider, ProviderEvent, ProviderStream, ToolCall,
};
use crate::bar::Menu;
use crate::next_step::NextStep;
use crate::tools::Tool;
use context::Context;
use reply::{Persona, compose};
use talk::{Chat, is_guest_action};
use turn::Outcome;

pub struct HouseBartender {
    menu: Arc<Menu>,
    word_delay: Duration,
    persona: Persona,
    /// How the bar says a next step (`ui::keymap::say`): the keys are the key map's, and a
    /// provider may not reach up into the UI for them.
    say: fn(NextStep) -> String,
}

/// What one round does: say something, or say something and call tools.
enum Round {
    Say(String),
    Call {
        say: String,
        calls: Vec<(Tool, Value)>,
    },
}

impl HouseBartender {
    pub fn new(menu: Arc<Menu>, word_delay: Duration, say: fn(NextStep) -> String) -> Self {
        HouseBartender {
            menu,
            word_delay,
            say,
            persona: Persona::parse(crate::assets::PERSONA),
        }
    }

    fn plan(&self, req: &ChatRequest) -> Round {
        let history = &req.messages;
        let seed = history.len();
        match history.last() {
            Some(ChatMessage::ToolResult { .. }) => {
                let results = results_of_last_round(history);
                let simulated = req.system.contains("simulated");
                let text = compose(&results, simulated, self.say);
                if text.trim().is_empty() {
                    Round::Say(self.persona.line("another round", seed).to_string())
                } else {
                    Round::Say(text)
                }
            }
            Some(ChatMessage::User { .. }) => self.answer(history, &req.system, seed),
            _ => Round::Say(self.persona.line("small talk", seed).to_string()),
        }
    }

    /// Round one: the guest's latest words (and any notes about what they did with keys).
    fn answer(&self, history: &[ChatMessage], system: &str, seed: usize) -> Round {
        let trailing: Vec<&str> = history
            .iter()
            .rev()
            .map_while(|m| match m {
                ChatMessage::User { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        // Greet only when the guest has not spoken yet: a greeting stopped before its first word
        // leaves "[session start]" unanswered, and the queued order after it must be taken.
        let is_start = |t: &&str| t.starts_with("[session start]");
        if trailing.iter().any(is_start)
            && trailing.iter().all(|t| is_start(t) || is_guest_action(t))
        {
            return Round::Say(self.greeting(seed));
        }
        let answered = trailing.len();
        let trailing: Vec<&str> = trailing.into_iter().filter(|t| !is_start(t)).collect();
        let notes: Vec<&str> = trailing
            .iter()
            .copied()
            .filter(|t| is_guest_action(t))
            .collect();
        let Some(text) = trailing.iter().copied().find(|t| !is_guest_action(t)) else {
            return Round::Say(self.acknowledge(&notes, seed));
        };
        let ack = if notes.is_empty() {
            String::new()
        } else {
            format!("{} ", self.acknowledge(&notes, seed))
        };
        let text: String = text.chars().take(2000).collect();
        let before = &history[..history.len() - answered];
        let ctx = Context::new(before, system, &self.menu);
        match turn::plan(&text, &ctx, &self.menu) {
            Outcome::Act { calls, say } if calls.is_empty() => Round::Say(format!("{ack}{say}")),
            Outcome::Act { calls, say } => Round::Call {
                say: if say.is_empty() {
                    say
                } else {
                    format!("{ack}{say}")
                },
                calls,
            },
            Outcome::Talk(t) => Round::Say(format!("{ack}{}", self.talk(t, history, seed))),
        }
    }

    fn talk(&self, t: Chat, history: &[ChatMessage], seed: usize) -> String {
        match t {
            Chat::Decline => self.persona.line("declines", seed).to_string(),
            Chat::Greeting => format!(
                "Hello{}, friend. What can I pour for you?",
                if self.greeted_before(history) {
                    " again"
                } else {
                    ""
                }
            ),
            Chat::Thanks => self.persona.line("thanks", seed).to_string(),
            Chat::Farewell => self.persona.line("farewells", seed).to_string(),
            Chat::AboutTheBar => {
                "I'm Maya, and this is MOK 5-ha. Say it \"Moksha\": the old word for liberation. \
                 A place to set the day down for a while, with something good in your glass."
                    .to_string()
            }
            _ => {
                let mut line = self.persona.line("small talk", seed).to_string();
                if turns_without_order(history) >= 4 {
                    line.push(' ');
                    line.push_str(self.persona.line("another round", seed));
                }
                line
            }
        }
    }

    /// Whether the guest said hello earlier in this history (before their latest words).
    fn greeted_before(&self, history: &[ChatMessage]) -> bool {
        let mut guest = history.iter().rev().filter_map(|m| match m {
            ChatMessage::User { text } if !text.starts_with('[') => Some(text.as_str()),
            _ => None,
        });
        guest.next();
        guest.any(|t| {
            let t: String = t.chars().take(200).collect();
            talk::conversation(&words::words(&t)) == Chat::Greeting
        })
    }

    fn greeting(&self, seed: usize) -> String {
        format!(
            "{}\n\nI'm the house bartender tonight, running **offline**: I take orders, keep your tab \
             and settle up with a simulated payment. To talk with a real model, set `GEMINI_API_KEY`, \
             `OPENAI_API_KEY` or `ANTHROPIC_API_KEY`, or store a key with `maya keys set gemini`.",
            self.persona.line("greetings", seed)
        )
    }

    /// Acknowledge what the guest did with the keys. `notes` run newest first, and only the
    /// newest note about the tip counts: "/tip 15", "/tip off", "/tip $5" ends with a $5 tip.
    fn acknowledge(&self, notes: &[&str], seed: usize) -> String {
        let paid = notes.iter().any(|n| n.contains("paid the tab"));
        let tip = notes
            .iter()
            .find(|n| n.contains("tip"))
            .copied()
            .unwrap_or("");
        if paid {
            "All settled, thank you. Come back any time, or stay for another.".into()
        } else if tip.contains("removed the tip") {
            "Tip's off, no problem at all.".into()
        } else if !tip.is_empty() {
            let amount = tip
                .split('(')
                .nth(1)
                .and_then(|r| r.split(')').next())
                .unwrap_or("");
            if amount.is_empty() {
                self.persona.line("acknowledgements", seed).to_string()
            } else {
                format!(
                    "{} ({amount} tip)",
                    self.persona
                        .line("acknowledgements", seed)
                        .trim_end_matches('.')
                )
            }
        } else {
            self.persona.line("acknowledgements", seed).to_string()
        }
    }
}

/// The tool calls of the last assistant message and the results that answered them.
fn results_of_last_round(history: &[ChatMessage]) -> Vec<(ToolCall, Value)> {
    let start = history.iter().rposition(
        |m| matches!(m, ChatMessage::Assistant { tool_calls, .. } if !tool_calls.is_empty()),
    );
    let Some(start) = start else {
        return vec![];
    };
    let ChatMessage::Assistant { tool_calls, .. } = &history[start] else {
        return vec![];
    };
    history[start + 1..]
        .iter()
        .filter_map(|m| match m {
            ChatMessage::ToolResult {
                call_id, content, ..
            } => tool_calls
                .iter()
                .find(|c| &c.id == call_id)
                .map(|c| (c.clone(), content.clone())),
            _ => None,
        })
        .collect()
}

/// Guest turns in a row (this one included) without an order.
fn turns_without_order(history: &[ChatMessage]) -> usize {
    let mut n = 0;
    for m in history.iter().rev() {
        match m {
            ChatMessage::Assistant { tool_calls, .. }
                if tool_calls.iter().any(|c| c.name == Tool::AddToTab.name()) =>
            {
                break;
            }
            ChatMessage::User { text } if !text.starts_with('[') => n += 1,
            _ => {}
        }
    }
    n
}

impl Provider for HouseBartender {
    fn id(&self) -> &str {
        "house"
    }

    fn model(&self) -> &str {
        "offline"
    }

    fn stream(&self, request: ChatRequest) -> ProviderStream {
        let base = request.messages.len();
        match self.plan(&request) {
            Round::Call { say, calls } => {
                let mut events: Vec<Result<ProviderEvent, super::ProviderError>> = calls
                    .into_iter()
                    .enumerate()
                    .map(|(i, (tool, args))| {
                        Ok(ProviderEvent::ToolCall(ToolCall {
                            id: format!("house-{base}-{i}"),
                            name: tool.name().into(),
                            arguments: args.to_string(),
                        }))
                    })
                    .collect();
                events.push(Ok(ProviderEvent::Finish(FinishReason::ToolCalls)));
                let calls = futures::stream::iter(events);
                if say.is_empty() {
                    calls.boxed()
                } else {
                    // Words first (an answer, a question), then the calls, as a model does.
                    pace::speak(say, pace::word_delay(&request, self.word_delay))
                        .filter(|e| std::future::ready(!matches!(e, Ok(ProviderEvent::Finish(_)))))
                        .chain(calls)
                        .boxed()
                }
            }
            Round::Say(text) => pace::speak(text, pace::word_delay(&request, self.word_delay)),
        }
    }
}

#[cfg(test)]
#[path = "house_tests/mod.rs"]
mod tests;
