//! The last stages of the pipeline: the acts of a message, in order, resolved against the
//! evening so far (the tab, the last order, what Maya named and asked), become tool calls
//! and words. A correction replaces what came before it, a reference finds its drink, a
//! count answers Maya's question; when a count cannot be known she asks one short question.

use serde_json::json;

use super::act::act;
use super::answers;
use super::context::{Asked, Context, Line};
use super::draft::Draft;
use super::edits::modify;
use super::meaning::{Act, Question, acts};
use super::orders::Qty;
use super::read::{Clause, Kind, read};
use super::refer::{Pick, unknown_drink};
use super::talk::{self, Chat, TipIntent};
use super::words::words;
use crate::bar::Menu;
use crate::tools::Tool;

/// What the house does with a message.
pub enum Outcome {
    /// Tool calls (run first) and words (said before their results).
    Act {
        calls: Vec<(Tool, serde_json::Value)>,
        say: String,
    },
    /// Nothing about drinks: conversation.
    Talk(Chat),
}

pub fn plan(text: &str, ctx: &Context, menu: &Menu) -> Outcome {
    let ws = words(text);
    if talk::hijack(&ws) {
        return Outcome::Talk(Chat::Decline);
    }
    let clauses = merge_questions(read(text, menu));
    let names_drink = clauses.iter().any(|c| c.drinks().next().is_some());
    if !names_drink && talk::off_topic(&ws) {
        return Outcome::Talk(Chat::Decline);
    }
    let mut d = Draft::new(text, ctx, menu);
    let tip = talk::tip(text, &ws);
    let (acts_all, payment) = acts_of(&clauses, tip.is_some(), menu);
    if !answer(&mut d, &acts_all) {
        for a in acts_all {
            act(&mut d, a);
        }
        if let Some((mods, not_mods, asked)) = d.pending.take() {
            modify(&mut d, &mods, &not_mods, asked);
        }
        if d.round && d.adds.is_empty() && d.ask.is_none() {
            pour_round(&mut d);
        }
    }
    if let Some(t) = tip {
        d.calls.push((Tool::SetTip, tip_args(t)));
    }
    for p in payment {
        d.calls.push((payment_tool(p), json!({})));
    }
    let mut say = d.say.clone();
    if let Some(q) = &d.ask {
        say.push(q.clone());
    }
    let calls = d.calls();
    if calls.is_empty() && say.is_empty() {
        if let Some(s) = unknown_drink(&clauses, &ws, menu) {
            return s;
        }
        return Outcome::Talk(talk::conversation(&ws));
    }
    Outcome::Act {
        calls,
        say: say.join(" "),
    }
}

/// The acts of every clause in order, and apart from them the payment wishes ("check
/// please"). A clause about the tip keeps only its orders and refusals: the tip itself is
/// read from the whole message.
fn acts_of(clauses: &[Clause], tip: bool, menu: &Menu) -> (Vec<Act>, Vec<Chat>) {
    let mut acts_all: Vec<Act> = Vec::new();
    let mut payment: Vec<Chat> = Vec::new();
    for c in clauses {
        if let Some(p) = talk::payment(&c.ws) {
            payment.push(p);
            continue;
        }
        let mut a = acts(c, menu);
        if tip && c.has_any(&["tip", "tips", "gratuity", "tipping"]) {
            a.retain(|x| matches!(x, Act::Order(_) | Act::Refuse(_)));
        }
        acts_all.extend(a);
    }
    (acts_all, payment)
}

/// "a round for the table": the last round again, for the party if it was counted.
fn pour_round(d: &mut Draft) {
    let round = d.ctx.round.clone();
    if round.is_empty() {
        d.ask(answers::how_many_of_you(&[]));
    }
    let party = d.party;
    for l in round {
        let qty = match (party, round_of_one(d)) {
            (Some(n), true) => n,
            _ => l.qty,
        };
        d.add(Line { qty, ..l }, true);
    }
}

fn tip_args(t: TipIntent) -> serde_json::Value {
    match t {
        TipIntent::Percent(p) => json!({"percent": p}),
        TipIntent::Amount(a) => json!({"amount": a}),
        TipIntent::None => json!({"none": true}),
    }
}

fn payment_tool(p: Chat) -> Tool {
    match p {
        Chat::Checkout => Tool::Checkout,
        Chat::CancelCheckout => Tool::CancelCheckout,
        _ => Tool::PaymentStatus,
    }
}

/// Whether the last round was one kind of drink (so "a round for the four of us" is four).
fn round_of_one(d: &Draft) -> bool {
    d.ctx.round.len() == 1
}

/// "Which is cheaper, the IPA or the tap beer?": a question cut by a comma from the drinks it
/// asks about reads as one.
fn merge_questions(clauses: Vec<Clause>) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    for c in clauses {
        let joins = out.last().is_some_and(|prev: &Clause| {
            prev.drinks().next().is_none()
                && super::lexicon::QUESTION_WORDS.contains(&prev.ws[0].as_str())
                && c.asks
                && c.drinks().next().is_some()
                && c.ws.iter().all(|w| {
                    matches!(w.as_str(), "a" | "an" | "the" | "or" | "and")
                        || c.spans.iter().any(|s| {
                            matches!(s.kind, Kind::Drink { .. }) && c.ws[s.start..s.end].contains(w)
                        })
                })
        });
        if joins && let Some(prev) = out.last_mut() {
            let shift = prev.ws.len();
            prev.ws.extend(c.ws.iter().cloned());
            prev.spans.extend(c.spans.iter().map(|s| super::read::Span {
                start: s.start + shift,
                end: s.end + shift,
                kind: s.kind.clone(),
            }));
            prev.asks = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// A message that answers Maya's last question: a count, a yes, a no.
fn answer(d: &mut Draft, acts: &[Act]) -> bool {
    let Some(asked) = d.ctx.asked.clone() else {
        return false;
    };
    // "ok, do it": the words around an answer do not change it.
    let acts: Vec<Act> = acts
        .iter()
        .filter(|a| !matches!(a, Act::Ask(Question::Other) | Act::Correct))
        .cloned()
        .collect();
    let acts = &acts[..];
    let count = count_answer(acts);
    let yes = yes_answer(acts);
    match (asked, count) {
        (Asked::HowMany(lines), Some(n)) if !lines.is_empty() => {
            for l in lines {
                d.add(Line { qty: n, ..l }, true);
            }
            true
        }
        (Asked::OneOrTwo(l), Some(n)) => {
            d.add(Line { qty: n, ..l }, true);
            true
        }
        (Asked::Offer(lines), _) if yes => {
            for l in lines {
                d.add(l, true);
            }
            true
        }
        (Asked::Offer(lines), Some(n)) if lines.len() == 1 => {
            d.add(
                Line {
                    qty: n,
                    ..lines[0].clone()
                },
                true,
            );
            true
        }
        (Asked::Choice(lines), _) if yes => {
            d.ask(answers::which(
                &lines.iter().map(|l| l.item.clone()).collect::<Vec<_>>(),
            ));
            true
        }
        (Asked::Offer(_) | Asked::Choice(_), _) if matches!(acts, [Act::No]) => {
            d.say
                .push("No problem at all. Just say when you'd like something.".into());
            true
        }
        _ => false,
    }
}

/// A count, with at most a "yes" around it ("ok, two of those").
fn count_answer(acts: &[Act]) -> Option<u32> {
    let counts: Vec<u32> = acts
        .iter()
        .filter_map(|a| match a {
            Act::Count(n) | Act::SetQty(n) => Some(*n),
            Act::Refer {
                pick: Pick::That,
                qty: Qty::Exact(n),
                ..
            } => Some(*n),
            _ => None,
        })
        .collect();
    (counts.len() == 1
        && acts.iter().all(|a| {
            matches!(
                a,
                Act::Yes
                    | Act::Count(_)
                    | Act::SetQty(_)
                    | Act::Refer {
                        pick: Pick::That,
                        ..
                    }
            )
        }))
    .then(|| counts[0])
}

/// A plain yes: "yes", "that one", and nothing else.
fn yes_answer(acts: &[Act]) -> bool {
    !acts.is_empty()
        && acts.iter().all(|a| {
            matches!(
                a,
                Act::Yes
                    | Act::Refer {
                        pick: Pick::That,
                        qty: Qty::Default,
                        ..
                    }
            )
        })
}

#[cfg(test)]
#[path = "turn_tests.rs"]
mod tests;
