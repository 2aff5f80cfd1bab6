//! Where the evening stands, read from what a model is given: the live tab in the system
//! prompt (or, without one, the latest tab a tool returned), the orders the tools took, and
//! what Maya said last — the drinks she named there, in order, and the question she asked,
//! so "the first one", "yes please" and "three" mean something.

use serde_json::{Value, json};

use super::read::{Kind, read};
use crate::bar::Menu;
use crate::llm::{ChatMessage, ToolCall};
use crate::tools::Tool;

/// A drink with a count and its modifiers: a tab line, an order, a drink Maya named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub item: String,
    pub qty: u32,
    pub mods: Vec<String>,
}

/// Maya's question still waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// "How many Martinis would you like?"; "A round of Tequila: how many of you are there?"
    HowMany(Vec<Line>),
    /// "One Martini or two?"
    OneOrTwo(Line),
    /// "Shall I pour you one?" about these drinks: yes orders them.
    Offer(Vec<Line>),
    /// "Which one calls to you?": several to choose from.
    Choice(Vec<Line>),
}

#[derive(Clone, Debug, Default)]
pub struct Context {
    pub tab: Vec<Line>,
    /// The orders of the latest turn that ordered, as the tools took them.
    pub last_order: Vec<Line>,
    /// The latest drink added.
    pub last_line: Option<Line>,
    /// The last round as it stands: the latest order that only added, with the changes
    /// made to it since ("one of the lads wants a lemonade instead").
    pub round: Vec<Line>,
    /// The drinks Maya named since the guest last spoke, in order.
    pub offered: Vec<Line>,
    /// Drinks talked about lately, by either side, oldest first.
    pub recent: Vec<String>,
    /// How many the guest's party is, if they said.
    pub party: Option<u32>,
    pub asked: Option<Asked>,
    /// Maya's last reply recommended these (the `recommend` tool's picks).
    pub recommended: bool,
}

pub const HOW_MANY_OF_YOU: &str = "how many of you are there?";

impl Context {
    /// `history` ends before the guest's new message; `system` is the prompt of this round.
    pub fn new(history: &[ChatMessage], system: &str, menu: &Menu) -> Context {
        let tab = tab_in_prompt(system).unwrap_or_else(|| tab_in_results(history));
        let last_order = last_order(history);
        let last_line = last_added(history);
        let reply: String = history
            .iter()
            .rev()
            .take_while(|m| !matches!(m, ChatMessage::User { text } if !text.starts_with('[')))
            .filter_map(|m| match m {
                ChatMessage::Assistant { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" ");
        let offered = named_in(&reply, menu);
        let recommended = history
            .iter()
            .rev()
            .take_while(|m| !matches!(m, ChatMessage::User { text } if !text.starts_with('[')))
            .any(|m| matches!(m, ChatMessage::Assistant { tool_calls, .. } if tool_calls.iter().any(|c| c.name == Tool::Recommend.name())));
        Context {
            tab,
            asked: asked(&reply, &offered),
            offered,
            recent: recent(history, menu),
            party: party(history, menu),
            round: round(history),
            last_order,
            last_line,
            recommended,
        }
    }

    /// How many of `item` (with exactly `mods`, or any when None) the tab holds.
    pub fn on_tab(&self, item: &str, mods: Option<&[String]>) -> u32 {
        self.tab
            .iter()
            .filter(|l| l.item == item && mods.is_none_or(|m| same_mods(&l.mods, m)))
            .map(|l| l.qty)
            .sum()
    }
}

pub fn same_mods(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|m| b.contains(m))
}

/// Menu items named in Maya's words, in order: canonical names as she writes them, with a
/// count written just before ("2× IPA") and a modifier just after ("a Whiskey neat").
pub fn named_in(text: &str, menu: &Menu) -> Vec<Line> {
    // Plurals first ("How many Martinis…"), then names, longest first.
    let mut names: Vec<(String, &str)> = menu
        .items
        .iter()
        .flat_map(|i| {
            [
                (super::answers::plural(&i.name), i.name.as_str()),
                (i.name.clone(), i.name.as_str()),
            ]
        })
        .collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let mut found: Vec<(usize, usize, Line)> = Vec::new();
    let bytes = text.as_bytes();
    for (written, name) in &names {
        for (at, _) in text.match_indices(written.as_str()) {
            let end = at + written.len();
            let word_edge = |i: usize| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();
            if (at > 0 && bytes[at - 1].is_ascii_alphanumeric()) || !word_edge(end) {
                continue;
            }
            if found.iter().any(|(p, e, _)| at < *e && end > *p) {
                continue;
            }
            let before = &text[..at];
            let qty = before
                .strip_suffix("× ")
                .map(|b| b.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or(""))
                .and_then(|d| d.parse().ok())
                .unwrap_or(1);
            let after: Vec<&str> = text[end..].split_whitespace().take(3).collect();
            let mods = (1..=after.len())
                .rev()
                .find_map(|n| {
                    let phrase = after[..n].join(" ");
                    let phrase = phrase.trim_end_matches(|c: char| !c.is_alphanumeric());
                    menu.modifier(phrase).map(|m| m.name.clone())
                })
                .into_iter()
                .collect();
            found.push((
                at,
                end,
                Line {
                    item: name.to_string(),
                    qty,
                    mods,
                },
            ));
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    let mut out: Vec<Line> = Vec::new();
    for (_, _, l) in found {
        if !out.iter().any(|o| o.item == l.item) {
            out.push(l);
        }
    }
    out
}

/// The question Maya's reply ends on, if any.
fn asked(reply: &str, offered: &[Line]) -> Option<Asked> {
    let reply = reply.trim();
    if !reply.ends_with('?') {
        return None;
    }
    let start = reply[..reply.len() - 1]
        .rfind(['.', '!', '?', ':', '\n'])
        .map_or(0, |i| i + 1);
    let question = &reply[start..];
    let lower = reply.to_lowercase();
    if lower.ends_with(HOW_MANY_OF_YOU) || question.trim_start().starts_with("How many") {
        return Some(Asked::HowMany(offered.to_vec()));
    }
    if question.trim_end().ends_with("or two?")
        && let Some(l) = offered.last()
    {
        return Some(Asked::OneOrTwo(l.clone()));
    }
    match offered.len() {
        0 => None,
        1 => Some(Asked::Offer(offered.to_vec())),
        _ if lower.contains("shall i pour them") => Some(Asked::Offer(offered.to_vec())),
        _ => Some(Asked::Choice(offered.to_vec())),
    }
}

/// "- 2× Martini (dirty) = $26.00" lines under the prompt's tab heading.
fn tab_in_prompt(system: &str) -> Option<Vec<Line>> {
    let start = system.find("# The guest's tab right now")?;
    let section = &system[start..];
    let section = &section[..section[1..].find("\n#").map_or(section.len(), |i| i + 1)];
    let mut lines = Vec::new();
    for l in section.lines() {
        let Some(rest) = l.strip_prefix("- ") else {
            continue;
        };
        let Some((qty, rest)) = rest.split_once("× ") else {
            continue;
        };
        let name = rest.rsplit_once(" = ").map_or(rest, |(n, _)| n);
        let (item, mods) = match name.split_once(" (") {
            Some((i, m)) => (
                i,
                m.trim_end_matches(')')
                    .split(", ")
                    .map(str::to_string)
                    .collect(),
            ),
            None => (name, vec![]),
        };
        lines.push(Line {
            item: item.to_string(),
            qty: qty.trim().parse().unwrap_or(0),
            mods,
        });
    }
    Some(lines)
}

/// Every (call, result) pair in the history, oldest first.
pub fn all_results(history: &[ChatMessage]) -> impl Iterator<Item = (&ToolCall, &Value)> {
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

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn tab_in_results(history: &[ChatMessage]) -> Vec<Line> {
    let Some(tab) = all_results(history)
        .filter_map(|(_, r)| r.get("tab"))
        .last()
    else {
        return vec![];
    };
    tab["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| Line {
            item: l["item"].as_str().unwrap_or("").to_string(),
            qty: u32::try_from(l["quantity"].as_u64().unwrap_or(0)).unwrap_or(0),
            mods: strings(&l["modifiers"]),
        })
        .collect()
}

/// The drinks a successful add put on the tab.
fn added(result: &Value) -> Vec<Line> {
    result["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["event"] == json!("item_added"))
        .map(|c| Line {
            item: c["item"].as_str().unwrap_or("").to_string(),
            qty: u32::try_from(c["quantity"].as_u64().unwrap_or(0)).unwrap_or(0),
            mods: strings(&c["modifiers"]),
        })
        .collect()
}

fn last_added(history: &[ChatMessage]) -> Option<Line> {
    all_results(history)
        .filter(|(c, r)| c.name == Tool::AddToTab.name() && r["ok"] == json!(true))
        .flat_map(|(_, r)| added(r))
        .last()
}

/// The adds of the most recent guest turn that added anything.
fn last_order(history: &[ChatMessage]) -> Vec<Line> {
    let mut end = history.len();
    for (i, m) in history.iter().enumerate().rev() {
        if let ChatMessage::User { text } = m
            && !text.starts_with('[')
        {
            let lines: Vec<Line> = all_results(&history[i..end])
                .filter(|(c, r)| c.name == Tool::AddToTab.name() && r["ok"] == json!(true))
                .flat_map(|(_, r)| added(r))
                .collect();
            if !lines.is_empty() {
                return lines;
            }
            end = i;
        }
    }
    vec![]
}

/// What each guest turn added and removed, oldest first.
fn changes_by_turn(history: &[ChatMessage]) -> Vec<(Vec<Line>, Vec<Line>)> {
    let starts: Vec<usize> = history
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m, ChatMessage::User { text } if !text.starts_with('[')))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = starts.get(k + 1).copied().unwrap_or(history.len());
            let (mut adds, mut removes) = (Vec::new(), Vec::new());
            for (c, r) in all_results(&history[from..to]) {
                if r["ok"] != json!(true) {
                    continue;
                }
                match Tool::from_name(&c.name) {
                    Some(Tool::AddToTab) => adds.extend(added(r)),
                    Some(Tool::RemoveFromTab) => removes.extend(
                        r["changes"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter(|c| c["event"] == json!("item_removed"))
                            .map(|c| Line {
                                item: c["item"].as_str().unwrap_or("").to_string(),
                                qty: u32::try_from(c["quantity"].as_u64().unwrap_or(0))
                                    .unwrap_or(0),
                                mods: vec![],
                            }),
                    ),
                    _ => {}
                }
            }
            (adds, removes)
        })
        .collect()
}

/// The last round: the latest turn that only added drinks, changed by the turns after it.
fn round(history: &[ChatMessage]) -> Vec<Line> {
    let turns = changes_by_turn(history);
    let Some(start) = turns
        .iter()
        .rposition(|(a, r)| !a.is_empty() && r.is_empty())
    else {
        return vec![];
    };
    let mut round = turns[start].0.clone();
    for (adds, removes) in &turns[start + 1..] {
        for r in removes {
            let mut left = r.qty;
            for l in round.iter_mut().rev().filter(|l| l.item == r.item) {
                let take = left.min(l.qty);
                l.qty -= take;
                left -= take;
            }
        }
        round.retain(|l| l.qty > 0);
        for a in adds {
            match round
                .iter_mut()
                .find(|l| l.item == a.item && same_mods(&l.mods, &a.mods))
            {
                Some(l) => l.qty += a.qty,
                None => round.push(a.clone()),
            }
        }
    }
    round
}

/// Drinks named in the last few exchanges (the guest's words and Maya's), oldest first.
fn recent(history: &[ChatMessage], menu: &Menu) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let from = history
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| matches!(m, ChatMessage::User { text } if !text.starts_with('[')))
        .nth(2)
        .map_or(0, |(i, _)| i);
    for m in &history[from..] {
        let names: Vec<String> = match m {
            ChatMessage::User { text } if !text.starts_with('[') => read(text, menu)
                .iter()
                .flat_map(|c| c.drinks().map(|(_, i)| i.to_string()).collect::<Vec<_>>())
                .collect(),
            ChatMessage::Assistant { text, .. } => {
                named_in(text, menu).into_iter().map(|l| l.item).collect()
            }
            _ => vec![],
        };
        for n in names {
            out.retain(|o| *o != n);
            out.push(n);
        }
    }
    out
}

/// The party size the guest gave most recently ("for the four of us").
fn party(history: &[ChatMessage], menu: &Menu) -> Option<u32> {
    history.iter().rev().find_map(|m| match m {
        ChatMessage::User { text } if !text.starts_with('[') => read(text, menu)
            .iter()
            .flat_map(|c| c.spans.iter())
            .find_map(|s| match s.kind {
                Kind::Party(n) => n,
                _ => None,
            }),
        _ => None,
    })
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod tests;
