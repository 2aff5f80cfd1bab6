//! One act of a message applied to the draft of a turn: an order poured, a drink refused,
//! swapped, counted, changed or referred to, a question asked. `turn.rs` reads the acts and
//! runs them in order.

use super::answers;
use super::asking::{ask, recommend};
use super::context::Line;
use super::draft::Draft;
use super::edits::{modify, order, set_qty, split, swap};
use super::meaning::Act;
use super::orders::{Qty, Want};
use super::refer::{Pick, refer_all};
use super::reply::not_poured;

/// One act of the message, applied to the draft.
pub fn act(d: &mut Draft, a: Act) {
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
        Act::Remove(wants) => remove(d, wants),
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

/// "scratch the IPA", "take off two martinis": as many as were counted, else all of them.
fn remove(d: &mut Draft, wants: Vec<Want>) {
    for w in wants {
        let qty = match w.qty {
            Qty::Exact(n) => Some(n),
            _ => None,
        };
        d.remove(&w.item, qty, &w.mods);
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
