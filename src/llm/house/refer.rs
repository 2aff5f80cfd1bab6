//! References and names the menu does not know: what "the first one", "that one", "the
//! cheapest", "whatever you recommend" point at (Maya's last words, the drinks lately talked
//! about, or the menu), and what to do with "the usual" or a near miss ("did you mean…?").

use serde_json::json;

use super::answers;
use super::context::Line;
use super::draft::Draft;
use super::meaning::{filler, first_at};
use super::read::Clause;
use super::turn::Outcome;
use super::words::find;
use crate::bar::Menu;
use crate::tools::Tool;

/// Which of several drinks the guest points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// "the first one" (0), "the second" (1), "the last one" (-1).
    Nth(i32),
    /// "the first two", "the last three".
    Several {
        from_end: bool,
        n: u32,
    },
    /// "that one", "it", "those", "the same", "one".
    That,
    Cheapest,
    Dearest,
    Strongest,
    Weakest,
    /// "whatever you recommend", with the words said alongside ("for a classy evening").
    YourChoice(String),
}

/// Whether a clause is only a reference and its trimmings: "the cheapest cocktail please",
/// "the most expensive drink on the menu", "the last one".
pub fn only_pointing(c: &Clause) -> bool {
    const POINTING: &[&str] = &[
        "first",
        "second",
        "third",
        "fourth",
        "last",
        "latter",
        "former",
        "cheapest",
        "least",
        "most",
        "expensive",
        "priciest",
        "dearest",
        "fanciest",
        "strongest",
        "stiffest",
        "booziest",
        "weakest",
        "lightest",
        "alcohol",
        "one",
        "ones",
        "drink",
        "drinks",
        "thing",
        "on",
        "menu",
        "cocktail",
        "cocktails",
        "beer",
        "beers",
        "spirit",
        "spirits",
        "you",
        "have",
        "got",
        "youve",
        "ive",
        "of",
        "those",
        "them",
        "these",
        "mentioned",
        "said",
        "named",
        "listed",
        "suggested",
        "offered",
    ];
    c.ws.iter().all(|w| {
        filler(w)
            || POINTING.contains(&w.as_str())
            || super::lexicon::NUMBER_WORDS.iter().any(|(n, _)| n == w)
            || w.chars().all(|c| c.is_ascii_digit())
    })
}

const CATEGORY_WORDS: &[(&str, &str)] = &[
    ("cocktail", "cocktails"),
    ("cocktails", "cocktails"),
    ("beer", "beer"),
    ("beers", "beer"),
    ("spirit", "spirits"),
    ("spirits", "spirits"),
    ("soft", "non-alcoholic"),
    ("mocktail", "non-alcoholic"),
    ("mocktails", "non-alcoholic"),
    ("alcoholic", "non-alcoholic"),
];

pub fn category(c: &Clause, menu: &Menu) -> Option<String> {
    c.ws.iter().find_map(|w| {
        CATEGORY_WORDS
            .iter()
            .find(|(word, _)| word == w)
            .map(|(_, id)| id.to_string())
            .filter(|id| menu.category(id).is_some())
    })
}

/// "whatever you recommend", "surprise me".
const YOUR_CHOICE: &[&str] = &[
    "whatever you recommend",
    "whatever you suggest",
    "what you recommend",
    "what youd recommend",
    "what you would recommend",
    "what you suggest",
    "your recommendation",
    "your pick",
    "you choose",
    "you pick",
    "dealers choice",
    "surprise me",
    "your favourite",
    "your favorite",
    "whatever you think",
    "your call",
    "up to you",
    "whatever youd recommend",
    "whatevers good",
    "whatever is good",
    "whatever you like",
    "whatever you fancy",
];

pub fn pick(c: &Clause) -> Option<Pick> {
    let ordinals = [
        ("first", 0),
        ("second", 1),
        ("third", 2),
        ("fourth", 3),
        ("last", -1),
        ("latter", -1),
        ("former", 0),
    ];
    if let Some((w, n)) = ordinals.iter().find(|(w, _)| {
        c.has(w) && !c.has(&format!("{w} thought")) && !c.has(&format!("{w} thoughts"))
    }) {
        // "the first two", "the last three": several, in order.
        let at = find(&c.ws, w).unwrap_or(0);
        let count = c.ws.get(at + 1).and_then(|x| {
            super::lexicon::NUMBER_WORDS
                .iter()
                .find(|(word, _)| word == x)
                .map(|(_, k)| *k)
                .or_else(|| x.parse().ok())
        });
        if let Some(count) = count.filter(|k| *k >= 2 && matches!(*w, "first" | "last")) {
            return Some(Pick::Several {
                from_end: *w == "last",
                n: count,
            });
        }
        return Some(Pick::Nth(*n));
    }
    let words = [
        (
            Pick::Cheapest,
            &["cheapest", "least expensive", "cheaper one", "cheap one"][..],
        ),
        (
            Pick::Dearest,
            &["most expensive", "priciest", "dearest", "fanciest"][..],
        ),
        (
            Pick::Strongest,
            &["strongest", "stiffest", "booziest", "most alcohol"][..],
        ),
        (Pick::Weakest, &["weakest", "lightest", "least alcohol"][..]),
    ];
    if let Some((p, _)) = words.iter().find(|(_, w)| c.has_any(w)) {
        return Some(p.clone());
    }
    if let Some(at) = first_at(c, YOUR_CHOICE) {
        return Some(Pick::YourChoice(c.ws[at..].join(" ")));
    }
    c.has_any(&[
        "that one", "this one", "that", "it", "those", "them", "the same", "same", "one",
    ])
    .then_some(Pick::That)
}

/// The drink a reference points at.
/// What "the first one" counts through: the drinks Maya just named, or else the ones talked
/// about lately.
fn listed(d: &Draft) -> Vec<Line> {
    if d.ctx.offered.len() >= 2 {
        d.ctx.offered.clone()
    } else {
        d.ctx
            .recent
            .iter()
            .map(|n| Line {
                item: n.clone(),
                qty: 1,
                mods: vec![],
            })
            .collect()
    }
}

/// The drinks a reference points at; none when it cannot be told.
pub fn refer_all(d: &Draft, pick: &Pick, category: Option<&str>) -> Vec<Line> {
    match pick {
        Pick::Several { from_end, n } => {
            let list = listed(d);
            let n = (*n as usize).min(list.len());
            if *from_end {
                list[list.len() - n..].to_vec()
            } else {
                list[..n].to_vec()
            }
        }
        _ => refer(d, pick, category).into_iter().collect(),
    }
}

/// The drink a reference points at.
pub fn refer(d: &Draft, pick: &Pick, category: Option<&str>) -> Option<Line> {
    let offered = &d.ctx.offered;
    let line = |name: &str| Line {
        item: name.to_string(),
        qty: 1,
        mods: vec![],
    };
    match pick {
        Pick::YourChoice(words) => {
            if d.ctx.recommended
                && let Some(l) = offered.first()
            {
                return Some(l.clone());
            }
            let rec = d.menu.recommend(words);
            rec.picks.first().map(|p| Line {
                item: p.item.clone(),
                qty: 1,
                mods: p.modifier.iter().cloned().collect(),
            })
        }
        Pick::Nth(k) => {
            let list = listed(d);
            let i = if *k < 0 {
                list.len().checked_sub(1)?
            } else {
                *k as usize
            };
            list.get(i).cloned()
        }
        Pick::Several { .. } => None,
        Pick::That => d
            .named
            .last()
            .cloned()
            .or_else(|| (offered.len() == 1).then(|| offered[0].clone()))
            .or_else(|| d.ctx.recent.last().map(|n| line(n))),
        by => {
            let pool: Vec<&crate::bar::menu::Item> = if category.is_none() && offered.len() >= 2 {
                offered
                    .iter()
                    .filter_map(|l| d.menu.item(&l.item))
                    .collect()
            } else {
                d.menu
                    .items
                    .iter()
                    .filter(|i| category.is_none_or(|c| i.category == c))
                    .collect()
            };
            let best = answers::best_of(pool, by, d.menu)?;
            Some(
                offered
                    .iter()
                    .find(|l| l.item == best.name)
                    .cloned()
                    .unwrap_or_else(|| line(&best.name)),
            )
        }
    }
}

/// An order for something the menu does not know: "I'll have the usual", "a xyzzy". The
/// Bar answers an order verb with its own suggestions; a few bare words get a question.
pub fn unknown_drink(clauses: &[Clause], ws: &[String], menu: &Menu) -> Option<Outcome> {
    let _ = clauses;
    let rest = super::lexicon::ORDER_VERBS
        .iter()
        .filter_map(|v| super::words::find(ws, v).map(|i| i + v.split(' ').count()))
        .min()
        .map(|i| {
            ws[i..]
                .iter()
                .skip_while(|w| {
                    matches!(
                        w.as_str(),
                        "a" | "an" | "the" | "some" | "one" | "me" | "us"
                    )
                })
                .take_while(|w| {
                    !matches!(w.as_str(), "please" | "thanks" | "thank" | "and" | "for")
                })
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
        });
    if let Some(rest) = rest
        && !rest.is_empty()
        && !rest.iter().any(|w| {
            matches!(
                w.as_str(),
                "drink"
                    | "something"
                    | "anything"
                    | "it"
                    | "that"
                    | "one"
                    | "minute"
                    | "moment"
                    | "think"
            )
        })
    {
        return Some(Outcome::Act {
            calls: vec![(Tool::AddToTab, json!({ "item": rest.join(" ") }))],
            say: String::new(),
        });
    }
    if let Some(miss) = near_miss(ws, menu) {
        return Some(Outcome::Act {
            calls: vec![],
            say: super::reply::did_you_mean(&miss.suggestions),
        });
    }
    let lead = ws.first().map(String::as_str);
    if ws.len() <= 3 && matches!(lead, Some("a" | "an" | "the" | "my" | "one")) {
        let query: Vec<&str> = ws[1..]
            .iter()
            .map(String::as_str)
            .filter(|w| !matches!(*w, "please" | "thanks"))
            .collect();
        if let Err(miss) = menu.find(&query.join(" "))
            && !miss.suggestions.is_empty()
            && miss.distance <= 3
        {
            return Some(Outcome::Act {
                calls: vec![],
                say: super::reply::did_you_mean(&miss.suggestions),
            });
        }
        return Some(Outcome::Act {
            calls: vec![],
            say: "I'm not sure I know that one. Which drink would you like? Tell me its name and I'll pour it.".into(),
        });
    }
    None
}

/// "negoi": a few words that are nothing but a name the menu nearly knows. Too far to pour
/// without asking (the reader pours one edit away), near enough to ask about; words the
/// lexicon knows ("cool" is two edits from "cola") are never asked about.
pub fn near_miss(ws: &[String], menu: &Menu) -> Option<crate::bar::menu::NotOnMenu> {
    let name: Vec<&str> = ws
        .iter()
        .map(String::as_str)
        .filter(|w| {
            !matches!(
                *w,
                "a" | "an" | "the" | "some" | "one" | "just" | "please" | "pls" | "thanks"
            )
        })
        .collect();
    if name.is_empty()
        || name.len() > 3
        || name
            .iter()
            .any(|w| super::spans::known(w) || w.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let query = name.join(" ");
    let miss = menu.find(&query).err()?;
    let sure = match query.chars().count() {
        0..=4 => return None,
        5..=7 => 2,
        _ => 3,
    };
    (!miss.suggestions.is_empty() && !miss.off_menu && miss.distance <= sure).then_some(miss)
}
