//! What each clause means: an order, a refusal, a correction, a change to the tab, a
//! reference to something said before, a question, or talk. Scope comes first: a clause
//! about the past, about later, about someone else's habits or the guest's own tastes names
//! drinks without ordering them. Resolving against the conversation is `turn.rs`.

use super::follow_up::without_drink;
use super::lexicon::{
    CORRECTIONS, FILLERS, HABITS, NEGATORS, NOT_NOW, ORDER_VERBS, PAST, TASTES, WHOLE_TAB, YES,
};
use super::orders::{Qty, Want, negated_at, wants};
use super::read::{Clause, Kind};
use super::refer::Pick;
use super::words::find;
use crate::bar::Menu;

/// A question about the menu or the tab. Drinks referred to by "it" or "that" are left for
/// the turn to fill in (`wants` empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// `more`: "how much for two more?" — more of the drink just ordered.
    Price {
        wants: Vec<Want>,
        total: bool,
        more: Option<u32>,
    },
    Describe {
        items: Vec<String>,
        mods: Vec<String>,
    },
    Strength(Vec<String>),
    Compare {
        items: Vec<String>,
        by: Pick,
    },
    /// "what's the cheapest drink", "the strongest cocktail?"
    Best {
        pick: Pick,
        category: Option<String>,
    },
    Have(Vec<String>),
    NotPoured {
        name: String,
        instead: Vec<String>,
    },
    Menu(Option<String>),
    Recommend(String),
    Tab,
    /// A question the house has no answer for: talk.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    Order(Vec<Want>),
    /// Drinks refused: "no martini for me", "not the negroni".
    Refuse(Vec<Want>),
    /// Drinks named without ordering them. `again`: "if I got another"; `offer`: "I was
    /// thinking about a daiquiri" deserves "shall I make you one?".
    Mention {
        wants: Vec<Want>,
        again: bool,
        offer: bool,
    },
    Remove(Vec<Want>),
    /// "cancel that", "scratch that".
    RemoveLast,
    RemoveAll,
    /// "swap the water for a lemonade"; `from: None` is the drink just ordered ("make it a
    /// negroni"), `from_qty` how many of it ("one of the martinis").
    Swap {
        from: Option<Want>,
        from_qty: Option<u32>,
        to: Vec<Want>,
        /// "change the second one to a manhattan": which of the last order.
        nth: Option<i32>,
    },
    /// "instead of the IPA, …": what the next drink replaces.
    Instead(Want),
    SetQty(u32),
    /// "make it dirty", "stirred, not shaken": the drink just ordered, changed. `asked`: the
    /// guest said so in so many words ("make it…"), not just a word that is also a modifier.
    Modify {
        mods: Vec<String>,
        not_mods: Vec<String>,
        asked: bool,
        /// Said in words that are also everyday words ("perfect", "neat"): only a drink of
        /// the same message that takes them is changed.
        plain: bool,
    },
    /// "one of them dirty", "one neat and one on the rocks".
    Split(Vec<(u32, Vec<String>, Vec<String>)>),
    /// "all neat", "both with extra ice".
    AllOf(Vec<String>),
    /// "a round for the table", "a round for the four of us", no drink named (yet).
    Round(Option<u32>),
    /// "another round" (`round`), "one more", "two more".
    Repeat {
        round: bool,
        n: u32,
    },
    Refer {
        pick: Pick,
        qty: Qty,
        category: Option<String>,
    },
    Ask(Question),
    /// "no wait", "sorry", "actually": what comes next replaces what came before.
    Correct,
    OffMenu {
        name: String,
        instead: Vec<String>,
    },
    Yes,
    No,
    /// A bare count, answering "how many?".
    Count(u32),
    /// "something bitter": a recommendation wanted.
    Recommend(String),
}

pub fn first_at(c: &Clause, list: &[&str]) -> Option<usize> {
    list.iter().filter_map(|p| find(&c.ws, p)).min()
}

/// Where the first order verb ends, if any.
fn order_verb(c: &Clause) -> Option<usize> {
    ORDER_VERBS
        .iter()
        .filter_map(|p| find(&c.ws, p).map(|i| (i, i + p.split(' ').count())))
        .min_by_key(|(i, end)| (*i, std::cmp::Reverse(*end)))
        .map(|(_, end)| end)
}

/// Whether everything before the first thing recognised is filler ("oh and a water
/// please", "today just a soda", "a hoppy beer", "no, the classic brew"): then a drink named
/// is asked for.
fn noun_first(c: &Clause) -> bool {
    let first = c.spans.first().map_or(c.ws.len(), |s| s.start);
    c.ws[..first].iter().all(|w| filler(w))
}

pub fn filler(w: &str) -> bool {
    FILLERS.contains(&w)
        || YES.contains(&w)
        || NEGATORS.contains(&w)
        || CORRECTIONS.iter().any(|p| p.split(' ').any(|x| x == w))
        || crate::bar::taste::is_taste_word(w)
}

pub fn numbers(c: &Clause) -> impl Iterator<Item = (usize, u32)> + '_ {
    c.spans.iter().filter_map(|s| match s.kind {
        Kind::Number(n) => Some((s.start, n)),
        _ => None,
    })
}

/// The modifiers of a clause without a drink: (said, said no to).
pub fn modifiers(c: &Clause) -> (Vec<String>, Vec<String>) {
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for s in &c.spans {
        if let Kind::Modifier(m) = &s.kind {
            if negated_at(&c.ws, 0, s.start) {
                no.push(m.clone());
            } else {
                yes.push(m.clone());
            }
        }
    }
    (yes, no)
}

/// What one clause means.
pub fn acts(c: &Clause, menu: &Menu) -> Vec<Act> {
    let mut out = Vec::new();
    if first_at(c, CORRECTIONS).is_some() {
        out.push(Act::Correct);
    }
    let ds = wants(c, menu);
    if cancels_everything(c) {
        out.extend(cancel_all(c, ds));
        return out;
    }
    if let Some(act) = super::changes::change(c, &ds) {
        out.push(act);
        return out;
    }
    let verb = order_verb(c);
    let first = ds.first().map_or(c.ws.len(), |d| d.at);
    // "if I ordered a martini, …", "what if I got two IPAs": named, not ordered, even in a
    // question.
    let conditional = first_at(c, &["if", "suppose", "supposing", "imagine", "wish"]);
    if conditional.is_some_and(|i| i < first) {
        out.push(mention(c, ds));
        return out;
    }
    let question = verb.is_none() && (c.asks || opens_question(&c.ws));
    if question {
        out.push(Act::Ask(super::asking::question(c, menu, &ds)));
        return out;
    }
    // "something with gin", "anything dry", "I'd like something sweet": a recommendation.
    if c.has_any(&["something", "anything"])
        && ds.iter().all(|d| d.at > 0 && c.ws[d.at - 1] == "with")
    {
        out.push(Act::Recommend(c.ws.join(" ")));
        return out;
    }
    if !ds.is_empty() {
        out.extend(drinks_named(c, ds, verb, first));
        return out;
    }
    out.extend(in_passing(c, menu, verb));
    out
}

/// "cancel everything", "scrap the lot": the whole tab.
fn cancels_everything(c: &Clause) -> bool {
    first_at(c, WHOLE_TAB).is_some()
        || (c.has_any(&["cancel", "scrap", "remove", "clear", "forget"])
            && c.has_any(&[
                "all of it",
                "all of that",
                "everything",
                "whole order",
                "the lot",
            ]))
}

/// The whole tab removed; "cancel everything and get me a beer": what comes after is the
/// new order.
fn cancel_all(c: &Clause, ds: Vec<Want>) -> Vec<Act> {
    let mut out = vec![Act::RemoveAll];
    let cut = first_at(c, WHOLE_TAB).unwrap_or(0);
    let then: Vec<Want> = ds
        .into_iter()
        .filter(|d| d.at > cut && !d.negated)
        .collect();
    if !then.is_empty() {
        out.push(Act::Order(then));
    }
    out
}

/// Drinks named in a clause that asks nothing: ordered and refused, or only talked about
/// (for later, in the past, a habit, a taste, no verb of ordering).
fn drinks_named(c: &Clause, ds: Vec<Want>, verb: Option<usize>, first: usize) -> Vec<Act> {
    let later = NOT_NOW
        .iter()
        .filter_map(|p| find(&c.ws, p))
        .any(|i| i < first || matches!(c.ws[i].as_str(), "later" | "tomorrow" | "eventually"))
        || c.has_any(&[
            "after dinner",
            "next time",
            "maybe later",
            "after this",
            "in a bit",
            "in a while",
            "for later",
            "in a minute",
        ]);
    let past = first_at(c, PAST).is_some();
    let habit = verb.is_none() && first_at(c, HABITS).is_some();
    let taste = verb.is_none() && first_at(c, TASTES).is_some_and(|i| i < first);
    if later || past || habit || taste {
        return vec![mention(c, ds)];
    }
    if !(verb.is_some() || noun_first(c)) {
        return vec![mention(c, ds)];
    }
    let (refused, wanted): (Vec<Want>, Vec<Want>) = ds.into_iter().partition(|d| d.negated);
    let mut out = Vec::new();
    if !refused.is_empty() {
        out.push(Act::Refuse(refused));
    }
    if !wanted.is_empty() {
        out.push(Act::Order(wanted));
    }
    out
}

/// A clause with no drink to order: drinks only talked about ("the old fashioned sounds
/// nice"), one the bar does not pour, or none at all.
fn in_passing(c: &Clause, menu: &Menu, verb: Option<usize>) -> Vec<Act> {
    let mut out = Vec::new();
    let talked: Vec<Want> = c
        .drinks()
        .map(|(s, i)| Want {
            at: s.start,
            ..Want::one(i)
        })
        .collect();
    if !talked.is_empty() {
        // "the old fashioned sounds nice": named, so "one please" can mean it — and worth
        // an offer when it is the guest musing about one drink now.
        let musing = talked.len() == 1
            && c.has_any(&[
                "sounds",
                "looks",
                "nice",
                "good",
                "great",
                "tempting",
                "lovely",
                "interesting",
            ])
            && first_at(c, PAST).is_none()
            && first_at(c, HABITS).is_none();
        out.push(Act::Mention {
            wants: talked,
            again: false,
            offer: musing,
        });
    }
    if let Some(Kind::OffMenu { name, instead }) = c
        .spans
        .iter()
        .map(|s| &s.kind)
        .find(|k| matches!(k, Kind::OffMenu { .. }))
    {
        let past = first_at(c, PAST).is_some() || first_at(c, HABITS).is_some();
        if (verb.is_some() || noun_first(c)) && !past && !c.has("if") {
            out.push(Act::OffMenu {
                name: name.clone(),
                instead: instead.clone(),
            });
        }
        return out;
    }
    out.extend(without_drink(c, menu, verb));
    out
}

/// Whether the words open a question: "what's…", "how much…", "do you have…", "is the…".
pub fn opens_question(ws: &[String]) -> bool {
    let first = ws.first().map_or("", String::as_str);
    let second = ws.get(1).map_or("", String::as_str);
    match first {
        "do" | "did" => matches!(
            second,
            "you" | "i" | "we" | "they" | "people" | "anyone" | "my" | "the" | "it" | "that"
        ),
        _ => super::lexicon::QUESTION_WORDS
            .iter()
            .any(|q| find(ws, q) == Some(0) && !matches!(*q, "do" | "did")),
    }
}

fn mention(c: &Clause, wants: Vec<Want>) -> Act {
    let offer = wants.len() == 1
        && c.has_any(&[
            "thinking",
            "considering",
            "tempted",
            "mood",
            "might",
            "maybe",
            "probably",
            "curious",
        ]);
    Act::Mention {
        again: wants.is_empty() && c.has_any(&["another", "one more", "a second"]),
        wants,
        offer,
    }
}
