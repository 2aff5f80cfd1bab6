//! The house bartender: Maya without a model, the default when there is no API key.
//!
//! She sits behind the same `Provider` trait as a real model and behaves like one: the first
//! round of a turn reads the guest's words and calls tools; the next round reads the tool
//! results and streams a reply, word by word. Everything is deterministic: the same history
//! always gives the same answer, which makes her a good test double for the whole app too.

mod intent;
mod orders;
mod pace;
mod reply;
mod words;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use serde_json::{Value, json};

use super::{
    ChatMessage, ChatRequest, FinishReason, Provider, ProviderEvent, ProviderStream, ToolCall,
};
use crate::bar::Menu;
use intent::{Intent, OrderLine, TipIntent, is_guest_action};
use reply::{Persona, compose};

pub struct HouseBartender {
    menu: Arc<Menu>,
    word_delay: Duration,
    persona: Persona,
}

/// What one round does.
enum Round {
    Say(String),
    Call(Vec<(String, Value)>),
}

impl HouseBartender {
    pub fn new(menu: Arc<Menu>, word_delay: Duration) -> Self {
        HouseBartender {
            menu,
            word_delay,
            persona: Persona::parse(crate::agent::prompt::PERSONA),
        }
    }

    fn plan(&self, req: &ChatRequest) -> Round {
        let history = &req.messages;
        let seed = history.len();
        match history.last() {
            Some(ChatMessage::ToolResult { .. }) => {
                let results = results_of_last_round(history);
                let simulated = req.system.contains("simulated");
                let text = compose(&results, simulated);
                if text.trim().is_empty() {
                    Round::Say(self.persona.line("another round", seed).to_string())
                } else {
                    Round::Say(text)
                }
            }
            Some(ChatMessage::User { .. }) => self.answer(history, seed),
            _ => Round::Say(self.persona.line("small talk", seed).to_string()),
        }
    }

    /// Round one: the guest's latest words (and any notes about what they did with keys).
    fn answer(&self, history: &[ChatMessage], seed: usize) -> Round {
        let trailing: Vec<&str> = history
            .iter()
            .rev()
            .map_while(|m| match m {
                ChatMessage::User { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        if trailing.iter().any(|t| t.starts_with("[session start]")) {
            return Round::Say(self.greeting(seed));
        }
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
        match intent::parse(&text, &self.menu) {
            Intent::Order(lines) => Round::Call(lines.iter().map(add_call).collect()),
            Intent::UnknownOrder(name) => {
                Round::Call(vec![("add_to_tab".into(), json!({"item": name}))])
            }
            Intent::NotOnMenu(miss) => Round::Say(format!(
                "{ack}{}",
                if miss.off_menu {
                    reply::not_poured(&miss.query, &miss.suggestions)
                } else {
                    reply::did_you_mean(&miss.suggestions)
                }
            )),
            Intent::Remove(lines) => Round::Call(lines.iter().map(remove_call).collect()),
            Intent::SetQuantity(n) => self.set_quantity(history, n),
            Intent::Repeat { round } => self.repeat(history, round),
            Intent::ViewTab => Round::Call(vec![("view_tab".into(), json!({}))]),
            Intent::Menu(category) => Round::Call(vec![(
                "get_menu".into(),
                category.map_or_else(|| json!({}), |c| json!({"category": c})),
            )]),
            Intent::Recommend(p) => {
                Round::Call(vec![("recommend".into(), json!({"preference": p}))])
            }
            Intent::Describe(item) => Round::Say(format!("{ack}{}", self.describe(&item))),
            Intent::Tip(t) => Round::Call(vec![(
                "set_tip".into(),
                match t {
                    TipIntent::Percent(p) => json!({"percent": p}),
                    TipIntent::Amount(a) => json!({"amount": a}),
                    TipIntent::None => json!({"none": true}),
                },
            )]),
            Intent::Checkout => Round::Call(vec![("checkout".into(), json!({}))]),
            Intent::CancelCheckout => Round::Call(vec![("cancel_checkout".into(), json!({}))]),
            Intent::PaymentStatus => Round::Call(vec![("payment_status".into(), json!({}))]),
            Intent::Decline => Round::Say(self.persona.line("declines", seed).to_string()),
            Intent::Greeting => Round::Say(format!(
                "{ack}Hello{}, friend. What can I pour for you?",
                if self.greeted_before(history) {
                    " again"
                } else {
                    ""
                }
            )),
            Intent::Thanks => Round::Say(format!("{ack}{}", self.persona.line("thanks", seed))),
            Intent::Farewell => {
                Round::Say(format!("{ack}{}", self.persona.line("farewells", seed)))
            }
            Intent::AboutTheBar => Round::Say(format!(
                "{ack}I'm Maya, and this is MOK 5-ha. Say it \"Moksha\": the old word for liberation. \
                 A place to set the day down for a while, with something good in your glass."
            )),
            Intent::SmallTalk => {
                let mut line = format!("{ack}{}", self.persona.line("small talk", seed));
                if turns_without_order(history) >= 4 {
                    line.push(' ');
                    line.push_str(self.persona.line("another round", seed));
                }
                Round::Say(line)
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
            intent::parse(&t, &self.menu) == Intent::Greeting
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

    fn describe(&self, item: &str) -> String {
        let Ok(found) = self.menu.find(item) else {
            return "I don't know that one, I'm afraid.".into();
        };
        let mods: Vec<String> = self
            .menu
            .modifiers_for(found)
            .iter()
            .map(|m| m.name.clone())
            .collect();
        let how = if mods.is_empty() {
            String::new()
        } else {
            format!(
                " I can make it {}.",
                reply::join_and(&mods).replace(" and ", " or ")
            )
        };
        format!(
            "The {} is {}, {}.{how} Shall I pour you one?",
            found.name, found.description, found.price
        )
    }

    /// "make that three": bring the last ordered drink to `n` on the tab.
    fn set_quantity(&self, history: &[ChatMessage], n: u32) -> Round {
        let Some((item, mods)) = last_added(history) else {
            return Round::Say("Make what that many? Tell me which drink and I'll sort it.".into());
        };
        let current = current_quantity(history, &item, &mods);
        let line = OrderLine {
            item: item.clone(),
            quantity: n.abs_diff(current),
            modifiers: mods,
        };
        if n > current {
            Round::Call(vec![add_call(&line)])
        } else if n < current {
            Round::Call(vec![remove_call(&line)])
        } else {
            Round::Say(format!("You already have {n}× {item} on the tab."))
        }
    }

    /// "another one" / "another round": the last order again.
    fn repeat(&self, history: &[ChatMessage], round: bool) -> Round {
        let orders = last_order_turn(history);
        if orders.is_empty() {
            return Round::Say(
                "Nothing's been poured yet, so let's start one. What can I get you?".into(),
            );
        }
        if round {
            Round::Call(
                orders
                    .into_iter()
                    .map(|a| ("add_to_tab".to_string(), a))
                    .collect(),
            )
        } else {
            let mut last = orders[orders.len() - 1].clone();
            last["quantity"] = json!(1);
            Round::Call(vec![("add_to_tab".into(), last)])
        }
    }
}

fn add_call(l: &OrderLine) -> (String, Value) {
    let mut args = json!({"item": l.item, "quantity": l.quantity.max(1)});
    if !l.modifiers.is_empty() {
        args["modifiers"] = json!(l.modifiers);
    }
    ("add_to_tab".into(), args)
}

fn remove_call(l: &OrderLine) -> (String, Value) {
    let mut args = json!({"item": l.item});
    if l.quantity > 0 {
        args["quantity"] = json!(l.quantity);
    }
    if !l.modifiers.is_empty() {
        args["modifiers"] = json!(l.modifiers);
    }
    ("remove_from_tab".into(), args)
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

/// Every (call, result) pair in the history, oldest first.
fn all_results(history: &[ChatMessage]) -> impl Iterator<Item = (&ToolCall, &Value)> {
    history.iter().enumerate().flat_map(move |(i, m)| {
        let calls: &[ToolCall] = match m {
            ChatMessage::Assistant { tool_calls, .. } => tool_calls,
            _ => &[],
        };
        calls.iter().filter_map(move |c| {
            history[i + 1..].iter().find_map(|r| match r {
                ChatMessage::ToolResult {
                    call_id, content, ..
                } if *call_id == c.id => Some((c, content)),
                _ => None,
            })
        })
    })
}

/// The canonical item and modifiers of the most recent successful add.
fn last_added(history: &[ChatMessage]) -> Option<(String, Vec<String>)> {
    let (_, result) = all_results(history)
        .filter(|(c, r)| c.name == "add_to_tab" && r["ok"] == json!(true))
        .last()?;
    let change = result["changes"]
        .as_array()?
        .iter()
        .rev()
        .find(|c| c["event"] == "item_added")?;
    let mods = change["modifiers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some((change["item"].as_str()?.to_string(), mods))
}

/// How many of `item` with `mods` the latest tab in the history shows.
fn current_quantity(history: &[ChatMessage], item: &str, mods: &[String]) -> u32 {
    let Some(tab) = all_results(history)
        .filter_map(|(_, r)| r.get("tab"))
        .last()
    else {
        return 0;
    };
    tab["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| {
            l["item"] == json!(item)
                && l["modifiers"].as_array().map(Vec::len).unwrap_or(0) == mods.len()
                && mods.iter().all(|m| {
                    l["modifiers"]
                        .as_array()
                        .is_some_and(|a| a.contains(&json!(m)))
                })
        })
        .map(|l| u32::try_from(l["quantity"].as_u64().unwrap_or(0)).unwrap_or(0))
        .sum()
}

/// The successful add_to_tab arguments of the most recent turn that ordered anything.
fn last_order_turn(history: &[ChatMessage]) -> Vec<Value> {
    let mut turn_start = history.len();
    for (i, m) in history.iter().enumerate().rev() {
        if let ChatMessage::User { text } = m
            && !text.starts_with('[')
        {
            let orders = orders_between(history, i, turn_start);
            if !orders.is_empty() {
                return orders;
            }
            turn_start = i;
        }
    }
    vec![]
}

fn orders_between(history: &[ChatMessage], from: usize, to: usize) -> Vec<Value> {
    let slice = &history[from..to];
    all_results(slice)
        .filter(|(c, r)| c.name == "add_to_tab" && r["ok"] == json!(true))
        .filter_map(|(c, _)| serde_json::from_str::<Value>(&c.arguments).ok())
        .collect()
}

/// Guest turns in a row (this one included) without an order.
fn turns_without_order(history: &[ChatMessage]) -> usize {
    let mut n = 0;
    for m in history.iter().rev() {
        match m {
            ChatMessage::Assistant { tool_calls, .. }
                if tool_calls.iter().any(|c| c.name == "add_to_tab") =>
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
            Round::Call(calls) => {
                let mut events: Vec<Result<ProviderEvent, super::ProviderError>> = calls
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, args))| {
                        Ok(ProviderEvent::ToolCall(ToolCall {
                            id: format!("house-{base}-{i}"),
                            name,
                            arguments: args.to_string(),
                        }))
                    })
                    .collect();
                events.push(Ok(ProviderEvent::Finish(FinishReason::ToolCalls)));
                futures::stream::iter(events).boxed()
            }
            Round::Say(text) => pace::speak(text, pace::word_delay(&request, self.word_delay)),
        }
    }
}

#[cfg(test)]
#[path = "house_tests.rs"]
mod tests;
