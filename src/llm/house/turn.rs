//! The last stages of the pipeline: the acts of a message, in order, resolved against the
//! evening so far (the tab, the last order, what Maya named and asked), become tool calls
//! and words. A correction replaces what came before it, a reference finds its drink, a
//! count answers Maya's question; when a count cannot be known she asks one short question.

use serde_json::json;

use super::answers;
use super::asking::{ask, recommend};
use super::context::{Asked, Context, Line};
use super::draft::Draft;
use super::edits::{modify, order, set_qty, split, swap};
use super::meaning::{Act, Question, acts};
use super::orders::{Qty, Want};
use super::read::{Clause, Kind, read};
use super::refer::{Pick, refer_all, unknown_drink};
use super::reply::not_poured;
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

/// One act of the message, applied to the draft.
fn act(d: &mut Draft, a: Act) {
    match a {
        Act::Order(wants) => {
            for w in wants {
                order(d, &w);
            }
        }
        Act::Refuse(wants) => refuse(d, wants),
        Act::Mention {
            wants,
            again,
            offer,
        } => mention(d, &wants, again, offer),
        Act::Remove(wants) => {
            for w in wants {
                let qty = match w.qty {
                    Qty::Exact(n) => Some(n),
                    _ => None,
                };
                d.remove(&w.item, qty, &w.mods);
            }
        }
        Act::RemoveLast => remove_last(d),
        Act::RemoveAll => remove_all(d),
        Act::Swap {
            from,
            from_qty,
            to,
            nth,
        } => {
            // "the second one": that line of the last order.
            let from = from.or_else(|| nth_of_last_order(d, nth?));
            swap(d, from, from_qty, to)
        }
        Act::Instead(w) => d.instead = Some(w),
        Act::SetQty(n) => set_qty(d, n),
        Act::Modify {
            mods,
            not_mods,
            asked,
            plain,
        } => modify_act(d, mods, not_mods, asked, plain),
        Act::Split(parts) => split(d, parts),
        Act::AllOf(mods) => all_of(d, &mods),
        Act::Repeat { round, n } => repeat(d, round, n),
        Act::Refer {
            pick: Pick::That,
            qty: Qty::Exact(n),
            ..
        } if d.adds.last().is_some_and(|a| !a.counted) => {
            // "that first one, two of them": the count of the drink just named.
            if let Some(a) = d.adds.last_mut() {
                a.line.qty = n;
                a.counted = true;
            }
        }
        Act::Refer {
            pick,
            qty,
            category,
        } => refer(d, pick, qty, category.as_deref()),
        Act::Ask(q) => ask(d, q),
        Act::Correct => d.correcting = true,
        Act::OffMenu { name, instead } => {
            if d.instead.is_none() && !d.correcting {
                d.say.push(not_poured(&name, &instead));
            }
        }
        Act::Round(party) => {
            d.round = true;
            d.party = d.party.or(party);
        }
        Act::Count(n) if d.round && d.party.is_none() => d.party = Some(n),
        Act::Count(n) if d.correcting && d.adds.is_empty() => {
            // "make that four" … "no wait, five".
            d.correcting = false;
            set_qty(d, n);
        }
        Act::Count(n) => count(d, n),
        Act::Yes | Act::No => {}
        Act::Recommend(_) => recommend(d),
    }
}

/// "no martini for me": off this message's drinks, or off the last order if it is still on
/// the tab; a correction reaches back to anything on the tab.
fn refuse(d: &mut Draft, wants: Vec<Want>) {
    for w in wants {
        if d.adds.iter().any(|a| a.line.item == w.item) {
            d.remove(&w.item, None, &[]);
        } else if !d.removing(&w.item)
            && let Some(l) = d.ctx.last_order.iter().find(|l| l.item == w.item).cloned()
            && d.ctx.on_tab(&l.item, None) > 0
            && !w.more
        {
            d.remove(&l.item, Some(l.qty.min(d.ctx.on_tab(&l.item, None))), &[]);
        } else if d.correcting && !w.more && d.ctx.on_tab(&w.item, None) > 0 {
            // "actually, no water for me": a correction reaches back further.
            d.remove(&w.item, None, &[]);
        }
        d.named.push(Line {
            item: w.item.clone(),
            qty: 1,
            mods: vec![],
        });
    }
}

/// Drinks named, not ordered: remembered for "that one" and "if I got another".
fn mention(d: &mut Draft, wants: &[Want], again: bool, offer: bool) {
    for w in wants {
        let l = Line {
            item: w.item.clone(),
            qty: w.count().unwrap_or(1),
            mods: d.fit(&w.item, &w.mods, &w.not_mods),
        };
        d.named.push(l.clone());
        d.hypo.push(l);
    }
    if again && let Some(l) = d.ctx.last_line.clone() {
        d.hypo.push(Line { qty: 1, ..l });
    }
    if offer && let Some(w) = wants.first() {
        let text = answers::describe(&w.item, &[], d.menu);
        d.say.push(text);
    }
}

/// "cancel that": the drink just ordered in this message, else the whole last order.
fn remove_last(d: &mut Draft) {
    if d.adds.pop().is_none() {
        for l in d.ctx.last_order.clone() {
            d.remove(&l.item, Some(l.qty), &l.mods);
        }
    }
}

/// "cancel everything": every drink on the tab, and none of this message's.
fn remove_all(d: &mut Draft) {
    d.adds.clear();
    let mut items: Vec<String> = Vec::new();
    for l in &d.ctx.tab {
        if !items.contains(&l.item) {
            items.push(l.item.clone());
        }
    }
    if items.is_empty() {
        d.say
            .push("Your tab's already empty, so we start fresh.".into());
    }
    for i in items {
        d.remove(&i, None, &[]);
    }
}

/// The `k`th line of the last order (negative: the last one), as a drink to swap.
fn nth_of_last_order(d: &Draft, k: i32) -> Option<Want> {
    let list = &d.ctx.last_order;
    let i = if k < 0 {
        list.len().checked_sub(1)?
    } else {
        k as usize
    };
    list.get(i).map(|l| Want {
        mods: l.mods.clone(),
        ..Want::one(&l.item)
    })
}

fn modify_act(d: &mut Draft, mods: Vec<String>, not_mods: Vec<String>, asked: bool, plain: bool) {
    if plain {
        // "I'll have one, perfect" changes the Manhattan; "perfect, thanks" nothing.
        let fits = d
            .adds
            .last()
            .and_then(|a| d.menu.item(&a.line.item))
            .is_some_and(|i| {
                mods.iter()
                    .filter_map(|m| d.menu.modifier(m))
                    .all(|m| m.fits(i))
            });
        if fits {
            modify(d, &mods, &not_mods, asked);
        }
    } else if d.adds.is_empty() {
        // "shaken not stirred, a martini": for the drink that comes next, if any.
        d.pending = Some((mods, not_mods, asked));
    } else {
        modify(d, &mods, &not_mods, asked);
    }
}

/// "all neat": every drink of this message takes the modifiers it can.
fn all_of(d: &mut Draft, mods: &[String]) {
    let fitted: Vec<(usize, Vec<String>)> = d
        .adds
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let mut all = a.line.mods.clone();
            all.extend(mods.iter().cloned());
            (k, d.fit(&a.line.item, &all, &[]))
        })
        .collect();
    for (k, m) in fitted {
        d.adds[k].line.mods = m;
    }
}

/// "another round" pours the last round again; "two more", the drink just ordered.
fn repeat(d: &mut Draft, round: bool, n: u32) {
    if round {
        let lines = d.ctx.round.clone();
        if lines.is_empty() {
            d.ask("Nothing's been poured yet, so let's start one. What can I get you?".into());
        }
        for l in lines {
            d.add(l, true);
        }
    } else if let Some(l) = d
        .adds
        .last()
        .map(|a| a.line.clone())
        .or_else(|| d.ctx.last_line.clone())
    {
        d.add(Line { qty: n, ..l }, true);
    } else {
        d.ask("Another of what? Tell me the drink and I'll pour it.".into());
    }
}

/// "the first one", "both of those": the drinks referred to, ordered; none found, a question.
fn refer(d: &mut Draft, pick: Pick, qty: Qty, category: Option<&str>) {
    let found = refer_all(d, &pick, category);
    // "the first two" counts drinks, one of each.
    let qty = if matches!(pick, Pick::Several { .. }) {
        Qty::Default
    } else {
        qty
    };
    if found.is_empty() {
        let options: Vec<String> = d.ctx.offered.iter().map(|l| l.item.clone()).collect();
        d.ask(answers::which(&options));
    }
    for l in found {
        let w = Want {
            qty,
            mods: l.mods.clone(),
            ..Want::one(&l.item)
        };
        order(d, &w);
    }
}

/// A bare count: of the drink just ordered if it was not counted, else of the drink named.
fn count(d: &mut Draft, n: u32) {
    if let Some(a) = d.adds.last_mut().filter(|a| !a.counted) {
        a.line.qty = n;
        a.counted = true;
    } else if let Some(l) = d.named.last().cloned() {
        d.add(Line { qty: n, ..l }, true);
    }
}

#[cfg(test)]
#[path = "turn_tests.rs"]
mod tests;
