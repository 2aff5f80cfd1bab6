//! Questions stay questions: what a clause asks about the menu or the tab. Prices,
//! ingredients, strength, comparisons, "do you have…", the menu, recommendations and "what
//! do I owe". Answers are `answers.rs`; nothing here orders.

use serde_json::json;

use super::answers;
use super::context::Line;
use super::draft::Draft;
use super::meaning::Question;
use super::orders::Want;
use super::read::{Clause, Kind};
use super::refer::{Pick, category, pick};
use super::reply::not_poured;
use crate::bar::Menu;
use crate::money::Cents;
use crate::tools::Tool;

const PRICE: &[&str] = &[
    "how much",
    "price",
    "prices",
    "cost",
    "costs",
    "come to",
    "comes to",
    "what would",
    "how expensive",
    "charge",
];
const TAB: &[&str] = &[
    "owe",
    "my tab",
    "the tab",
    "tab at",
    "damage",
    "spent",
    "balance",
    "so far",
    "how many drinks",
    "bill",
    "my total",
    "running total",
    "how am i doing",
];
const STRENGTH: &[&str] = &[
    "strong",
    "alcohol",
    "alcoholic",
    "boozy",
    "potent",
    "abv",
    "proof",
    "kick",
    "hit hard",
    "too much",
    "get me drunk",
    "how strong",
];
const MENU: &[&str] = &[
    "menu",
    "what do you have",
    "what have you got",
    "whatve you got",
    "what do you serve",
    "what do you pour",
    "options",
    "list",
    "what kinds",
    "what kind of drinks",
    "what drinks",
    "do you do",
    "whats on",
    "what else",
];
const RECOMMEND: &[&str] = &[
    "recommend",
    "suggest",
    "something",
    "anything",
    "whats good",
    "what should i",
    "favourite",
    "favorite",
    "popular",
    "in the mood",
    "what would you",
    "surprise",
    "best seller",
    "special",
];

/// Comparatives: "which is cheaper", "stronger".
fn comparison(c: &Clause) -> Option<Pick> {
    if c.has_any(&["cheaper", "less expensive", "cheapest"]) {
        Some(Pick::Cheapest)
    } else if c.has_any(&["pricier", "more expensive", "dearer"]) {
        Some(Pick::Dearest)
    } else if c.has_any(&["stronger", "boozier", "more alcohol", "strongest"]) {
        Some(Pick::Strongest)
    } else if c.has_any(&["weaker", "lighter", "less alcohol"]) {
        Some(Pick::Weakest)
    } else {
        None
    }
}

const TOTAL: &[&str] = &[
    "total",
    "tab",
    "altogether",
    "in all",
    "bring",
    "all together",
];
const HAVE: &[&str] = &[
    "do you have",
    "have you got",
    "got any",
    "do you do",
    "do you make",
    "can you make",
    "do you serve",
    "any",
];
/// "what's in it?": a question about the drink just talked about.
const ABOUT_IT: &[&str] = &[
    "in it",
    "in that",
    "about it",
    "about that",
    "is it",
    "is that",
    "what is",
    "whats in",
    "tell me",
];

/// What a question clause asks. `ds`: the drinks in it as orders would read them (with their
/// counts); every drink named counts here, even one only talked about ("is the IPA…").
pub fn question(c: &Clause, menu: &Menu, ds: &[Want]) -> Question {
    let cat = category(c, menu);
    let items = drinks_asked(c, cat.is_some());
    if c.has_any(PRICE) {
        return price_question(c, items, ds, cat);
    }
    if items.is_empty() && (c.has_any(TAB) || c.has("total")) {
        return Question::Tab;
    }
    if items.is_empty() && c.has_any(&["something", "anything"]) {
        return Question::Recommend(c.ws.join(" "));
    }
    if let Some(p) = comparison(c) {
        if items.len() >= 2 {
            return Question::Compare { items, by: p };
        }
        if items.is_empty() {
            return Question::Best {
                pick: p,
                category: cat,
            };
        }
    }
    if let Some(p @ (Pick::Cheapest | Pick::Dearest | Pick::Strongest | Pick::Weakest)) = pick(c)
        && items.len() != 1
    {
        return Question::Best {
            pick: p,
            category: cat,
        };
    }
    if c.has_any(STRENGTH) && !items.is_empty() {
        return Question::Strength(items);
    }
    // "something with gin", "what have you got with whiskey": a drink as an ingredient.
    let with_first = c.drinks().next().is_some_and(|(s, _)| {
        s.start > 0
            && c.ws[s.start - 1] == "with"
            && c.has_any(&["something", "anything", "got", "have", "what"])
    });
    if with_first || (items.is_empty() && c.has_any(RECOMMEND) && !c.has_any(MENU)) {
        return Question::Recommend(c.ws.join(" "));
    }
    if items.is_empty() && (c.has_any(MENU) || cat.is_some()) {
        return Question::Menu(cat);
    }
    if items.is_empty()
        && let Some(Kind::OffMenu { name, instead }) = c
            .spans
            .iter()
            .map(|s| &s.kind)
            .find(|k| matches!(k, Kind::OffMenu { .. }))
    {
        return Question::NotPoured {
            name: name.clone(),
            instead: instead.clone(),
        };
    }
    if !items.is_empty() && c.has_any(HAVE) && !c.has_any(&["in it", "in the", "in a"]) {
        return Question::Have(items);
    }
    describe_question(c, items)
}

/// The drinks a question names, each once. None when it asks about a category: "what beers
/// do you have?" is a category, even when its word is also a drink's alias.
fn drinks_asked(c: &Clause, has_category: bool) -> Vec<String> {
    let only_category = has_category
        && c.drinks().all(|(s, _)| {
            c.ws[s.start..s.end]
                .iter()
                .all(|w| matches!(w.as_str(), "beer" | "beers" | "cocktail" | "cocktails"))
        });
    if only_category {
        return vec![];
    }
    let mut v: Vec<String> = Vec::new();
    for (_, i) in c.drinks() {
        if !v.iter().any(|x| x == i) {
            v.push(i.to_string());
        }
    }
    v
}

/// A question about money: the tab, a comparison, the cheapest of a kind, or the price of
/// some drinks (with the tab: "what would that bring me to"; "two more": of the last drink).
fn price_question(c: &Clause, items: Vec<String>, ds: &[Want], cat: Option<String>) -> Question {
    let wants: Vec<Want> = if ds.is_empty() {
        items.iter().map(|i| Want::one(i)).collect()
    } else {
        ds.to_vec()
    };
    if wants.is_empty() && c.has_any(TAB) {
        return Question::Tab;
    }
    if let Some(p) = comparison(c)
        && items.len() >= 2
    {
        return Question::Compare { items, by: p };
    }
    if wants.is_empty()
        && let Some(p @ (Pick::Cheapest | Pick::Dearest | Pick::Strongest | Pick::Weakest)) =
            pick(c)
    {
        return Question::Best {
            pick: p,
            category: cat,
        };
    }
    let total = c.has_any(TOTAL);
    let more = c
        .spans
        .iter()
        .find_map(|s| match s.kind {
            Kind::Number(n) if c.ws.get(s.end).is_some_and(|w| w == "more") => Some(n),
            _ => None,
        })
        .or(c.has_any(&["another", "one more"]).then_some(1))
        .filter(|_| wants.is_empty());
    Question::Price { wants, total, more }
}

/// What is left: a drink described ("does the daiquiri have rum in it?"), or the one just
/// talked about ("what's in it?"), or nothing asked that the house can answer.
fn describe_question(c: &Clause, items: Vec<String>) -> Question {
    let mods: Vec<String> = c
        .spans
        .iter()
        .filter_map(|s| match &s.kind {
            Kind::Modifier(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    if !items.is_empty() {
        // "difference between X and Y" describes both; otherwise the first named is the
        // subject ("does the daiquiri have rum in it?").
        let items = if c.has_any(&["difference", "compare", "versus", "vs"]) {
            items
        } else {
            items[..1].to_vec()
        };
        return Question::Describe { items, mods };
    }
    if c.has_any(ABOUT_IT) {
        return Question::Describe {
            items: vec![],
            mods,
        };
    }
    Question::Other
}

/// A recommendation, by the guest's own words (all of them: "something without alcohol, I'm
/// driving"), once per message and not when they ordered too.
pub fn recommend(d: &mut Draft) {
    if d.adds.is_empty() && !d.calls.iter().any(|(t, _)| *t == Tool::Recommend) {
        let text: String = d.text.chars().take(200).collect();
        d.calls
            .push((Tool::Recommend, json!({ "preference": text })));
    }
}

pub fn subtotal(d: &Draft) -> Cents {
    d.ctx.tab.iter().fold(Cents::ZERO, |s, l| {
        s + d
            .menu
            .item(&l.item)
            .map_or(Cents::ZERO, |i| Cents(i.price.0 * i64::from(l.qty)))
    })
}

/// A question answered in words, or by a tool call (the tab, the menu, a recommendation).
pub fn ask(d: &mut Draft, q: Question) {
    match q {
        Question::Price { wants, total, more } => ask_price(d, &wants, total, more),
        Question::Tab => {
            if d.hypo.is_empty() {
                d.calls.push((Tool::ViewTab, json!({})));
            } else {
                let text = answers::price(&d.hypo, d.menu, Some(subtotal(d)));
                d.say.push(text);
            }
        }
        Question::Describe { items, mods } => {
            let items = if items.is_empty() {
                drink_meant(d).map(|l| vec![l.item]).unwrap_or_default()
            } else {
                items
            };
            for i in &items {
                remember(d, i);
                let text = answers::describe(i, &mods, d.menu);
                d.say.push(text);
            }
        }
        Question::Strength(items) => {
            for i in &items {
                remember(d, i);
                let text = answers::strength(i, d.menu);
                d.say.push(text);
            }
        }
        Question::Compare { items, by } => {
            let text = answers::compare(&items, &by, d.menu);
            d.say.push(text);
        }
        Question::Best { pick, category } => {
            let text = answers::best(&pick, category.as_deref(), d.menu);
            d.say.push(text);
        }
        Question::Have(items) => {
            if let Some(i) = items.first() {
                remember(d, i);
                let text = format!("Yes, we do. {}", answers::describe(i, &[], d.menu));
                d.say.push(text);
            }
        }
        Question::NotPoured { name, instead } => d.say.push(not_poured(&name, &instead)),
        Question::Menu(category) => d.calls.push((
            Tool::GetMenu,
            category.map_or_else(|| json!({}), |c| json!({ "category": c })),
        )),
        Question::Recommend(_) => recommend(d),
        Question::Other => {}
    }
}

/// "it": the drink last named in this message, else last talked about, else the one offered.
fn drink_meant(d: &Draft) -> Option<Line> {
    d.named
        .last()
        .cloned()
        .or_else(|| d.hypo.last().cloned())
        .or_else(|| (d.ctx.offered.len() == 1).then(|| d.ctx.offered[0].clone()))
}

/// A drink talked about, so that "that one" can find it.
fn remember(d: &mut Draft, item: &str) {
    d.named.push(Line {
        item: item.to_string(),
        qty: 1,
        mods: vec![],
    });
}

/// "how much is a martini", "what would two more come to": the price of the drinks asked
/// about (or of those talked about), with the tab if asked; nothing named, the tab itself.
fn ask_price(d: &mut Draft, wants: &[Want], total: bool, more: Option<u32>) {
    let again = more.and_then(|n| {
        let last = d
            .adds
            .last()
            .map(|a| a.line.clone())
            .or_else(|| d.ctx.last_line.clone())?;
        Some(Line { qty: n, ..last })
    });
    let lines: Vec<Line> = if let Some(l) = again {
        vec![l]
    } else if wants.is_empty() {
        d.hypo.clone()
    } else {
        wants
            .iter()
            .map(|w| Line {
                item: w.item.clone(),
                qty: w.count().unwrap_or(1),
                mods: vec![],
            })
            .collect()
    };
    if lines.is_empty() {
        d.calls.push((Tool::ViewTab, json!({})));
        return;
    }
    d.named.extend(lines.iter().cloned());
    let text = answers::price(&lines, d.menu, total.then(|| subtotal(d)));
    d.say.push(text);
}
