//! Reading an order out of the guest's words: which drinks are named and where, how many of
//! each, the modifiers around them, and what follows an order verb when the menu does not
//! know it ("I'll have a mojito").

use super::words::{find, number_at};
use crate::bar::Menu;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    pub item: String,
    pub quantity: u32,
    pub modifiers: Vec<String>,
}

/// An item named in the text, with where it was.
pub(super) struct Mention {
    pub start: usize,
    pub end: usize,
    pub item: String,
}

// Text is folded before matching: apostrophes join words ("I'll" → "ill", "I'd" → "id").
const ORDER_VERBS: &[&str] = &[
    "ill have",
    "i will have",
    "id like",
    "i would like",
    "can i get",
    "could i get",
    "can i have",
    "could i have",
    "may i have",
    "give me",
    "get me",
    "ill take",
    "let me get",
    "let me have",
    "lets do",
    "i want",
    "order",
    "bring me",
    "pour me",
    "ill try",
    "ill go with",
    "make me",
    "gimme",
];

/// Item names in the text, longest phrases first ("long island iced tea" before "iced tea").
pub(super) fn mentions(ws: &[String], menu: &Menu) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut found = None;
        for n in (1..=5.min(ws.len() - i)).rev() {
            let phrase = ws[i..i + n].join(" ");
            if let Ok(item) = menu.find(&phrase) {
                found = Some((n, item.name.clone()));
                break;
            }
        }
        match found {
            Some((n, item)) => {
                out.push(Mention {
                    start: i,
                    end: i + n,
                    item,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Modifiers named within `ws[from..to]`, canonical names.
fn modifiers_in(ws: &[String], from: usize, to: usize, menu: &Menu) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = from;
    while i < to {
        let mut step = 1;
        for n in (1..=3.min(to - i)).rev() {
            let phrase = ws[i..i + n].join(" ");
            if let Some(m) = menu.modifier(&phrase) {
                if !out.contains(&m.name) {
                    out.push(m.name.clone());
                }
                step = n;
                break;
            }
        }
        i += step;
    }
    out
}

fn is_separator(w: &str) -> bool {
    matches!(w, "and" | "plus" | "also" | "then" | "with" | "&")
}

/// Turn mentions into order lines: the quantity just before each item, modifiers around it,
/// and splits like "two martinis, one of them dirty".
pub(super) fn lines(
    ws: &[String],
    mentions: &[Mention],
    menu: &Menu,
    default_one: bool,
) -> Vec<OrderLine> {
    let mut out = Vec::new();
    for (k, m) in mentions.iter().enumerate() {
        let prev_end = if k == 0 { 0 } else { mentions[k - 1].end };
        let next_start = mentions.get(k + 1).map(|n| n.start).unwrap_or(ws.len());
        // Words before the item back to the previous separator belong to it.
        let mut before = m.start;
        while before > prev_end && !is_separator(&ws[before - 1]) {
            before -= 1;
        }
        let mut quantity = None;
        for i in before..m.start {
            if let Some((n, _)) = number_at(ws, i) {
                quantity = Some(n);
            }
        }
        // Words after the item up to the next separator that starts another item.
        let mut after_end = m.end;
        while after_end < next_start {
            let w = ws[after_end].as_str();
            let starts_next = is_separator(w)
                && (after_end + 1..next_start)
                    .all(|j| !matches!(ws[j].as_str(), "of" | "them" | "those"));
            // "shaken and stirred", "neat with extra ice": a separator between modifiers of
            // this drink does not start the next one (the Bar judges the pair). It does when
            // the modifier leads straight into the next item ("a gin and neat whiskey").
            let joins_modifiers = starts_modifier(ws, after_end + 1, menu)
                && (next_start == ws.len()
                    || (after_end + 2..next_start).any(|k| is_separator(&ws[k])));
            if starts_next
                && !(w == "with" && starts_modifier(ws, after_end, menu))
                && !joins_modifiers
            {
                break;
            }
            after_end += 1;
        }
        let mut mods = modifiers_in(ws, before, m.start, menu);
        // "one of them dirty", "one dirty": a split off the main line.
        let split = find(&ws[m.end..after_end], "of them")
            .or_else(|| find(&ws[m.end..after_end], "of those"))
            .and_then(|rel| {
                let at = m.end + rel;
                let (n, _) = number_at(ws, at.checked_sub(1)?)?;
                Some((n, modifiers_in(ws, at + 2, after_end, menu), at - 1))
            });
        let tail_end = split.as_ref().map(|(_, _, at)| *at).unwrap_or(after_end);
        for x in modifiers_in(ws, m.end, tail_end, menu) {
            if !mods.contains(&x) {
                mods.push(x);
            }
        }
        let quantity = quantity.or(default_one.then_some(1));
        match (split, quantity) {
            (Some((n, split_mods, _)), Some(q)) if n < q && !split_mods.is_empty() => {
                out.push(OrderLine {
                    item: m.item.clone(),
                    quantity: q - n,
                    modifiers: mods.clone(),
                });
                let mut both = mods;
                both.extend(split_mods);
                out.push(OrderLine {
                    item: m.item.clone(),
                    quantity: n,
                    modifiers: both,
                });
            }
            _ => out.push(OrderLine {
                item: m.item.clone(),
                quantity: quantity.unwrap_or(0),
                modifiers: mods,
            }),
        }
    }
    out
}

pub(super) fn is_category_word(span: &[String], menu: &Menu) -> bool {
    let word = span.join(" ");
    let word = word.trim_end_matches('s');
    matches!(word, "beer" | "cocktail" | "spirit" | "drink")
        || menu
            .categories
            .iter()
            .any(|c| c.id.trim_end_matches('s') == word)
}

fn starts_modifier(ws: &[String], at: usize, menu: &Menu) -> bool {
    (1..=3).any(|n| at + n <= ws.len() && menu.modifier(&ws[at..at + n].join(" ")).is_some())
}

/// "I'll have a mojito" → "mojito": an order for a drink the menu does not know.
pub(super) fn unknown_order(ws: &[String]) -> Option<String> {
    let (at, verb) = ORDER_VERBS
        .iter()
        .filter_map(|v| find(ws, v).map(|i| (i, *v)))
        .min_by_key(|(i, _)| *i)?;
    let mut i = at + verb.split(' ').count();
    while let Some(w) = ws.get(i) {
        if matches!(
            w.as_str(),
            "a" | "an" | "the" | "some" | "one" | "glass" | "of" | "me" | "us"
        ) {
            i += 1;
        } else {
            break;
        }
    }
    let rest: Vec<&str> = ws[i.min(ws.len())..]
        .iter()
        .map(String::as_str)
        .take_while(|w| !matches!(*w, "please" | "thanks" | "thank" | "and"))
        .take(6)
        .collect();
    if rest.is_empty()
        || rest
            .iter()
            .any(|w| matches!(*w, "drink" | "something" | "anything"))
    {
        return None;
    }
    Some(rest.join(" "))
}
