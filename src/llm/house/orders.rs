//! What the guest asks for about each drink in a clause: how many (a number, a party, a
//! round, or an amount left open), its modifiers (and the ones they said no to), and whether
//! the drink itself was refused ("no martini for me").

use super::lexicon::NEGATORS;
use super::read::{Clause, Kind, Span};
use crate::bar::Menu;

/// How many the guest asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qty {
    /// Nothing said: one.
    Default,
    Exact(u32),
    /// "a few", "some", a plural without a number: ask.
    Vague,
    /// "a round of": one each, for a party the conversation may already have counted.
    Round,
    /// "for the four of us"; None for "for the table".
    Party(Option<u32>),
    /// "a martini or two": ask which.
    OneOrTwo,
}

/// One drink as asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Want {
    pub item: String,
    pub qty: Qty,
    pub mods: Vec<String>,
    /// Modifiers the guest said no to ("not shaken").
    pub not_mods: Vec<String>,
    pub plural: bool,
    /// "another", "one more", "two more": on top of what is there.
    pub more: bool,
    /// "no martini", "not the negroni", "I don't want a beer".
    pub negated: bool,
    /// "the IPA": a drink already named, not a new one.
    pub definite: bool,
    /// Where it was in the clause.
    pub at: usize,
    /// Tastes said with it ("a hoppy beer"): the best drink of its kind for them.
    pub taste: Vec<String>,
}

impl Want {
    pub fn one(item: &str) -> Want {
        Want {
            item: item.to_string(),
            qty: Qty::Default,
            mods: vec![],
            not_mods: vec![],
            plural: false,
            more: false,
            negated: false,
            definite: false,
            at: 0,
            taste: vec![],
        }
    }

    /// The quantity when it is a plain number (or the default one).
    pub fn count(&self) -> Option<u32> {
        match self.qty {
            Qty::Default => Some(1),
            Qty::Exact(n) | Qty::Party(Some(n)) => Some(n),
            _ => None,
        }
    }
}

fn is_separator(w: &str) -> bool {
    matches!(w, "and" | "plus" | "also" | "&" | "with")
}

/// Whether a negator governs position `at`: one of the few words just before it, with only
/// articles and verbs of wanting in between ("not the negroni", "don't want a beer", "no
/// orange twist").
pub fn negated_at(ws: &[String], from: usize, at: usize) -> bool {
    let mut j = at;
    let mut skipped = 0;
    while j > from && skipped < 4 {
        let w = ws[j - 1].as_str();
        if NEGATORS.contains(&w) {
            return true;
        }
        if is_separator(w) {
            return false;
        }
        if !matches!(
            w,
            "a" | "an"
                | "the"
                | "any"
                | "more"
                | "want"
                | "need"
                | "like"
                | "for"
                | "me"
                | "please"
                | "too"
                | "fancy"
                | "really"
                | "feel"
        ) {
            skipped += 1;
            if skipped > 1 {
                return false;
            }
        }
        j -= 1;
    }
    false
}

/// Each drink of the clause with what was said about it.
pub fn wants(c: &Clause, menu: &Menu) -> Vec<Want> {
    let drinks: Vec<(usize, &Span, &str)> = c
        .spans
        .iter()
        .enumerate()
        .filter_map(|(k, s)| match &s.kind {
            Kind::Drink {
                item,
                as_word: false,
                ..
            } => Some((k, s, item.as_str())),
            _ => None,
        })
        .collect();
    let party = c.spans.iter().find_map(|s| match s.kind {
        Kind::Party(n) => Some(n),
        _ => None,
    });
    let mut out = Vec::new();
    for (d, &(k, span, item)) in drinks.iter().enumerate() {
        let prev_end = if d == 0 { 0 } else { drinks[d - 1].1.end };
        let next_start = drinks.get(d + 1).map_or(c.ws.len(), |n| n.1.start);
        let (before, after) = reach(c, span, prev_end, next_start);
        let words = &c.ws[before..span.start];
        let plural = matches!(&span.kind, Kind::Drink { plural: true, .. });
        let (qty, more) = quantity(c, &c.spans[..k], span, before, party, plural);
        let (mods, not_mods) = modifiers(c, span, before, after);
        let _ = menu;
        out.push(Want {
            item: item.to_string(),
            qty,
            mods,
            not_mods,
            plural,
            more,
            negated: negated_at(&c.ws, before, span.start),
            definite: words
                .iter()
                .any(|w| matches!(w.as_str(), "the" | "that" | "this")),
            at: span.start,
            taste: words
                .iter()
                .filter(|w| crate::bar::taste::is_taste_word(w))
                .cloned()
                .collect(),
        });
    }
    out
}

/// The words that belong to a drink: from `before` (back to the previous separator, not past
/// the previous drink) to `after` (up to where the next drink's own words begin).
fn reach(c: &Clause, span: &Span, prev_end: usize, next_start: usize) -> (usize, usize) {
    let mut before = span.start;
    while before > prev_end && !is_separator(&c.ws[before - 1]) {
        before -= 1;
    }
    // "a whisky neat and on the rocks": a separator between modifiers of this drink does
    // not start the next one; it does when the modifier leads straight into the next
    // drink ("a gin and neat whiskey").
    let modifier_at = |i: usize| {
        c.spans
            .iter()
            .any(|s| s.start == i && matches!(s.kind, Kind::Modifier(_)))
    };
    let mut after = span.end;
    while after < next_start {
        let joins_modifiers = modifier_at(after + 1)
            && (next_start == c.ws.len()
                || (after + 2..next_start).any(|k| is_separator(&c.ws[k])));
        if is_separator(&c.ws[after]) && c.ws[after] != "with" && !joins_modifiers {
            break;
        }
        after += 1;
    }
    (before, after)
}

/// How many of a drink, and whether it is more of something ("two more", "another"): a
/// number or a vague word among the spans `left` of it, a count written after it ("x2"),
/// "or two", and a plural counted by the party ("for the four of us").
fn quantity(
    c: &Clause,
    left: &[Span],
    span: &Span,
    before: usize,
    party: Option<Option<u32>>,
    plural: bool,
) -> (Qty, bool) {
    let mut qty = Qty::Default;
    let mut more = false;
    for s in left.iter().filter(|s| s.start >= before) {
        match s.kind {
            Kind::Number(n) => {
                qty = Qty::Exact(n);
                more |= c.ws.get(s.end).is_some_and(|w| w == "more");
            }
            Kind::Vague => {
                qty = if c.ws[s.start..s.end].iter().any(|w| w == "round") {
                    Qty::Round
                } else {
                    Qty::Vague
                };
            }
            _ => {}
        }
    }
    let words = &c.ws[before..span.start];
    if words.iter().any(|w| w == "another")
        || (qty == Qty::Default && words.iter().any(|w| w == "more"))
    {
        more = true;
        if qty == Qty::Default {
            qty = Qty::Exact(1);
        }
    }
    // "Martini x2", "IPA x 3": a count written after the drink.
    if qty == Qty::Default {
        let at = if c.ws.get(span.end).is_some_and(|w| w == "x") {
            span.end + 1
        } else {
            span.end
        };
        let written_x = at > span.end
            || c.ws
                .get(at)
                .is_some_and(|w| w.starts_with('x') || w.ends_with('x'));
        if written_x
            && let Some(Kind::Number(n)) = c.spans.iter().find(|s| s.start == at).map(|s| &s.kind)
        {
            qty = Qty::Exact(*n);
        }
    }
    if c.ws.get(span.end).is_some_and(|w| w == "or")
        && c.ws.get(span.end + 1).is_some_and(|w| w == "two")
    {
        qty = Qty::OneOrTwo;
    }
    let qty = match (qty, party) {
        (Qty::Round | Qty::Vague, Some(p)) => Qty::Party(p),
        (Qty::Default, Some(p)) if plural => Qty::Party(p),
        (Qty::Default, None) if plural && !words.iter().any(|w| w == "the") => Qty::Vague,
        (Qty::Vague, None) if !plural => Qty::Default,
        (q, _) => q,
    };
    (qty, more)
}

/// The modifiers said with a drink (between `before` and `after`), and those negated ("no
/// ice"), each once.
fn modifiers(c: &Clause, span: &Span, before: usize, after: usize) -> (Vec<String>, Vec<String>) {
    let mut mods = Vec::new();
    let mut not_mods = Vec::new();
    for s in c.spans.iter().filter(|s| {
        (s.start >= before && s.end <= span.start) || (s.start >= span.end && s.end <= after)
    }) {
        if let Kind::Modifier(m) = &s.kind {
            let from = if s.start >= span.end {
                span.end
            } else {
                before
            };
            let list = if negated_at(&c.ws, from, s.start) {
                &mut not_mods
            } else {
                &mut mods
            };
            if !list.contains(m) {
                list.push(m.clone());
            }
        }
    }
    (mods, not_mods)
}

/// "one neat and one on the rocks", "two of them dirty", "one without ice": counts with
/// modifiers and no drink, splitting the drink just ordered.
pub fn splits(c: &Clause) -> Vec<(u32, Vec<String>, Vec<String>)> {
    let mut out: Vec<(u32, Vec<String>, Vec<String>)> = Vec::new();
    let mut from = 0;
    for s in &c.spans {
        match &s.kind {
            Kind::Number(n) => {
                out.push((*n, vec![], vec![]));
                from = s.end;
            }
            Kind::Modifier(m) => {
                if let Some(last) = out.last_mut() {
                    if negated_at(&c.ws, from, s.start) {
                        last.2.push(m.clone());
                    } else {
                        last.1.push(m.clone());
                    }
                }
            }
            _ => {}
        }
    }
    out.retain(|(_, m, n)| !m.is_empty() || !n.is_empty());
    out
}
