//! Clauses that change what was ordered rather than order: "swap the water for a lemonade",
//! "make one of the martinis a negroni", "instead of the IPA…", "change that to two", "make
//! it dirty", "scratch the IPA", "cancel that". What they do to the tab is `edits.rs`.

use super::lexicon::REMOVE_VERBS;
use super::meaning::{Act, first_at, modifiers, numbers};
use super::orders::Want;
use super::read::Clause;
use super::refer::{Pick, pick};
use super::words::find;

/// Changes to what is on the tab: "swap the water for a lemonade", "make one of the martinis
/// a negroni", "instead of the IPA…", "change that to two", "make it dirty", "scratch the
/// IPA", "cancel that".
pub fn change(c: &Clause, ds: &[Want]) -> Option<Act> {
    instead(c, ds)
        .or_else(|| swap_or_make(c, ds))
        .or_else(|| removal(c, ds))
}

/// "instead of the IPA, a stout", "I changed my mind about the IPA".
fn instead(c: &Clause, ds: &[Want]) -> Option<Act> {
    if let Some(at) = find(&c.ws, "instead of")
        && let Some(from) = ds.iter().find(|d| d.at > at)
    {
        let to: Vec<Want> = ds.iter().filter(|d| d.at != from.at).cloned().collect();
        return Some(if to.is_empty() {
            Act::Instead(from.clone())
        } else {
            Act::Swap {
                from: Some(from.clone()),
                from_qty: None,
                to,
                nth: None,
            }
        });
    }
    if c.has_any(&["changed my mind about", "change my mind about"])
        && let Some(from) = ds.first()
    {
        return Some(Act::Instead(from.clone()));
    }
    None
}

/// A swap or "make …" verb before the drinks: "make one of the martinis a negroni", "swap
/// the water for a lemonade", "make it dirty", "change that to two".
fn swap_or_make(c: &Clause, ds: &[Want]) -> Option<Act> {
    let swap = first_at(c, super::lexicon::SWAP_VERBS);
    let make = find(&c.ws, "make").filter(|_| !c.has_any(&["make me", "make us", "make you"]));
    let at = swap.or(make).filter(|at| ds.iter().all(|d| d.at > *at))?;
    let of_them = c.has_any(&["of those", "of them", "of these"]);
    let from_qty = numbers(c)
        .find(|&(i, _)| {
            i > at
                && ds.first().is_none_or(|d| i < d.at)
                && (of_them || ds.len() > 1 || c.ws.get(i + 1).is_some_and(|w| w == "of"))
        })
        .map(|(_, n)| n);
    match ds.len() {
        0 => {
            let (mods, not_mods) = modifiers(c);
            if !mods.is_empty() || !not_mods.is_empty() {
                return Some(Act::Modify {
                    mods,
                    not_mods,
                    asked: true,
                    plain: false,
                });
            }
            numbers(c).next().map(|(_, n)| Act::SetQty(n))
        }
        1 if swap.is_some() && !of_them && !c.has_any(&["it", "that", "this", "them", "one"]) => {
            None
        }
        1 => {
            let nth = match pick(c) {
                Some(Pick::Nth(k)) => Some(k),
                _ => None,
            };
            Some(Act::Swap {
                from: None,
                from_qty,
                to: ds.to_vec(),
                nth,
            })
        }
        _ => Some(Act::Swap {
            from: Some(ds[0].clone()),
            from_qty,
            to: ds[1..].to_vec(),
            nth: None,
        }),
    }
}

/// "scratch the IPA", "cancel that": drinks taken off, or the last order.
fn removal(c: &Clause, ds: &[Want]) -> Option<Act> {
    let rm = first_at(c, REMOVE_VERBS)?;
    if c.has_any(&["check", "bill", "payment", "tip"]) {
        return None;
    }
    let targets: Vec<Want> = ds.iter().filter(|d| d.at > rm).cloned().collect();
    if !targets.is_empty() {
        return Some(Act::Remove(targets));
    }
    c.has_any(&[
        "that",
        "it",
        "this",
        "them",
        "those",
        "last one",
        "my order",
        "the order",
        "last order",
    ])
    .then_some(Act::RemoveLast)
}
