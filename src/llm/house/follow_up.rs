//! A clause that names no drink leans on what came before: "another round", "two more",
//! "one of them dirty", "all neat", "the first one", "make it dry", a bare count, a yes or a
//! no. `meaning.rs` comes here when a clause has no drink to order.

use super::lexicon::{NO, YES};
use super::meaning::{Act, modifiers, numbers};
use super::orders::{Qty, splits};
use super::read::{Clause, Kind};
use super::refer::{Pick, category, only_pointing, pick};
use crate::bar::Menu;

/// "another round", "same again", …: the last round again ("hit me again": the last drink).
const ROUND: &[&str] = &[
    "another round",
    "same again",
    "one more round",
    "same round",
    "round two",
    "another of the same",
    "the same again",
    "again please",
    "same as before",
    "refill",
    "top me up",
    "hit me again",
    "another one of the same",
    "same for",
    "the same for",
    "same here",
    "same please",
    "ditto",
    "me too",
];

/// A clause that names no drink: repeats, references, counts, modifiers for the drink
/// before, answers, recommendations.
pub fn without_drink(c: &Clause, menu: &Menu, verb: Option<usize>) -> Vec<Act> {
    let p = pick(c);
    if let Some(a) = repeat(c, p.as_ref()) {
        return vec![a];
    }
    let parts = splits(c);
    if !parts.is_empty() {
        return vec![Act::Split(parts)];
    }
    let (mods, not_mods) = modifiers(c);
    if c.has_any(&["all", "both", "each", "all of them", "both of them"]) && !mods.is_empty() {
        return vec![Act::AllOf(mods)];
    }
    if let Some(a) = reference(c, menu, verb, p) {
        return vec![a];
    }
    if !mods.is_empty() || !not_mods.is_empty() {
        return vec![modification(c, mods, not_mods)];
    }
    short_answer(c, menu).into_iter().collect()
}

/// "another round", "a round for the table", "two more", "another": the same again.
fn repeat(c: &Clause, p: Option<&Pick>) -> Option<Act> {
    if c.has_any(ROUND) {
        let single = c.has_any(&["hit me again", "refill", "top me up"]);
        return Some(Act::Repeat {
            round: !single,
            n: 1,
        });
    }
    if c.has("round")
        && c.spans
            .iter()
            .any(|s| matches!(s.kind, Kind::Vague | Kind::Party(_)))
    {
        // "a round for the table": of what and for how many may follow.
        let party = c.spans.iter().find_map(|s| match s.kind {
            Kind::Party(n) => n,
            _ => None,
        });
        return Some(Act::Round(party));
    }
    let more = numbers(c)
        .find(|&(i, _)| c.ws.get(i + 1).is_some_and(|w| w == "more"))
        .map(|(_, n)| n);
    if (c.has("another") || more.is_some()) && !matches!(p, Some(Pick::Nth(_))) {
        return Some(Act::Repeat {
            round: false,
            n: more.unwrap_or(1),
        });
    }
    None
}

/// "the first one", "that one please", "your choice": a drink pointed at, unless declined
/// ("none of those").
fn reference(c: &Clause, menu: &Menu, verb: Option<usize>, p: Option<Pick>) -> Option<Act> {
    let declined = c.has_any(&[
        "none of",
        "neither",
        "not those",
        "not that one",
        "not any of",
        "nothing",
    ]);
    let p = p.filter(|_| !declined)?;
    let pointed = !matches!(p, Pick::That)
        || verb.is_some()
        || c.has_any(&[
            "that one",
            "this one",
            "those",
            "the same",
            "of those",
            "of them",
            "one please",
        ]);
    if pointed && (verb.is_some() || only_pointing(c) || matches!(p, Pick::YourChoice(_))) {
        let qty = numbers(c)
            .find(|&(i, n)| !(n == 1 && c.ws[i] == "one") || c.has("one of"))
            .map_or(Qty::Default, |(_, n)| Qty::Exact(n));
        return Some(Act::Refer {
            pick: p,
            qty,
            category: category(c, menu),
        });
    }
    None
}

/// Modifiers for the drink before. "perfect, thanks" and "neat!" are words before they are
/// modifiers: only a request ("neat please", "make it dry") changes a drink with them.
fn modification(c: &Clause, mods: Vec<String>, not_mods: Vec<String>) -> Act {
    let asked = c.has_any(&[
        "it", "that", "them", "please", "can", "could", "like", "want", "prefer",
    ]);
    let everyday = c.spans.iter().all(|s| match s.kind {
        Kind::Modifier(_) => c.ws[s.start..s.end].iter().all(|w| {
            matches!(
                w.as_str(),
                "perfect" | "neat" | "dry" | "straight" | "rocks" | "twist"
            )
        }),
        _ => true,
    });
    Act::Modify {
        mods,
        not_mods,
        asked,
        plain: everyday && !asked,
    }
}

/// A short answer to Maya: a count, a taste to recommend by, a yes, a no.
fn short_answer(c: &Clause, menu: &Menu) -> Option<Act> {
    let ws = &c.ws;
    if ws.len() <= 5
        && let Some(n) = c.spans.iter().find_map(|s| match s.kind {
            Kind::Number(n) | Kind::Party(Some(n)) => Some(n),
            _ => None,
        })
    {
        return Some(Act::Count(n));
    }
    // "something strong", "a refreshing drink please": a taste the menu can answer.
    let tasted = c.has_any(&["drink", "drinks", "cocktail", "one", "option"])
        && menu.recommend(&ws.join(" ")).preference.is_some();
    if tasted
        || c.has_any(&[
            "something",
            "anything",
            "recommend",
            "suggest",
            "recommendation",
        ])
    {
        return Some(Act::Recommend(ws.join(" ")));
    }
    if ws.len() <= 6 && c.has_any(YES) && !c.has_any(&["no", "not", "nope"]) {
        return Some(Act::Yes);
    }
    if ws.len() <= 4 && c.has_any(NO) {
        return Some(Act::No);
    }
    None
}
