//! Recognising what a stretch of a clause's words is, the reader's second stage: party
//! sizes, numbers, containers, the menu's drinks and modifiers (exactly, longest first),
//! drinks we do not pour, vague amounts, and misspelt drinks where a drink belongs. A drink
//! followed by a noun or by "is" is only talked about ("soda bread", "Manhattan is…").

use std::collections::HashSet;
use std::sync::LazyLock;

use super::lexicon::{
    CONTAINERS, CORRECTIONS, FILLERS, HABITS, NEGATORS, NO, NOT_DRINKS, NOT_NOW, NUMBER_WORDS,
    ORDER_VERBS, PAST, REMOVE_VERBS, SWAP_VERBS, TASTES, VAGUE, WHOLE_TAB, YES,
};
use super::read::{Kind, Span, TURNS};
use crate::bar::Menu;
use crate::bar::lookup::Named;

/// Everything the lexicon knows: such a word is never a misspelt drink, and after a drink
/// it does not make the drink a noun's adjective ("a gin please" but "a gin joint").
static KNOWN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let lists: [&[&str]; 16] = [
        ORDER_VERBS,
        REMOVE_VERBS,
        SWAP_VERBS,
        CORRECTIONS,
        WHOLE_TAB,
        PAST,
        NOT_NOW,
        HABITS,
        TASTES,
        NEGATORS,
        YES,
        NO,
        CONTAINERS,
        FILLERS,
        NOT_DRINKS,
        VAGUE,
    ];
    let mut set: HashSet<&'static str> = lists
        .iter()
        .flat_map(|l| l.iter().flat_map(|p| p.split(' ')))
        .collect();
    set.extend(NUMBER_WORDS.iter().map(|(w, _)| *w));
    set.extend(FOLLOWERS);
    set.extend(TURNS.iter().flat_map(|p| p.split(' ')));
    set
});

/// Words that may follow a drink in an order without turning it into an adjective.
const FOLLOWERS: &[&str] = &[
    "in",
    "on",
    "at",
    "with",
    "over",
    "up",
    "neat",
    "straight",
    "x",
    "or",
    "if",
    "but",
    "yet",
    "here",
    "there",
    "please",
    "later",
    "after",
    "before",
    "when",
    "while",
    "which",
    "these",
    "those",
    "either",
    "neither",
    "tonight",
    "anyway",
    "extra",
    "less",
    "mate",
    "sir",
    "miss",
    "madam",
    "love",
    "darling",
    "buddy",
    "pal",
    "bro",
    "dude",
    "folks",
    "guys",
    "thx",
    "ta",
    "ty",
    "right",
    "away",
    "asap",
    "quickly",
    "yesterday",
    "ago",
    "last",
    "cheers",
    "ice",
    "every",
    "per",
    "shot",
    "shots",
    "instead",
    "again",
    "too",
    "lol",
    "haha",
    "plz",
    "from",
    "like",
    "than",
    "about",
    "sounds",
    "same",
    "would",
    "will",
    "she",
    "he",
    "they",
    "it",
    "we",
    "his",
    "her",
    "their",
    "everyone",
    "everybody",
    "driver",
    "kid",
    "wife",
    "husband",
];

/// Words after which a drink is talked about, not ordered: "her name is Brandy".
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "tastes", "taste", "looks", "smells", "named", "called", "isnt",
    "wasnt", "aint", "has", "had", "seems", "sounds", "sound", "look", "seem",
];

fn number_word(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse::<u32>() {
        return Some(n);
    }
    // "2x", "x2"
    if let Some(d) = w.strip_suffix('x').or_else(|| w.strip_prefix('x'))
        && !d.is_empty()
        && let Ok(n) = d.parse::<u32>()
    {
        return Some(n);
    }
    NUMBER_WORDS
        .iter()
        .find(|(word, _)| *word == w)
        .map(|(_, n)| *n)
        .filter(|_| !matches!(w, "both" | "once" | "twice" | "single"))
}

/// An explicit number at `i` and how many words it takes: "3", "twelve", "half a dozen",
/// "a dozen", "a couple of", "a pair of".
fn number_at(ws: &[String], i: usize) -> Option<(u32, usize)> {
    let w = |k: usize| ws.get(i + k).map(String::as_str);
    match (w(0), w(1), w(2), w(3)) {
        (Some("half"), Some("a"), Some("dozen"), _) => Some((6, 3)),
        (Some("a" | "an"), Some("dozen"), _, _) => Some((12, 2)),
        (Some("a"), Some("couple" | "pair"), Some("of"), _) => Some((2, 3)),
        (Some("a"), Some("couple" | "pair"), ..) => Some((2, 2)),
        (Some("couple" | "pair"), Some("of"), ..) => Some((2, 2)),
        (Some(x), ..) => number_word(x).map(|n| (n, 1)),
        _ => None,
    }
}

/// Who the drinks are for, when it says how many: "for the four of us", "for both of us",
/// "for me and my two friends", "for the table" (a count the guest has not given).
fn party_at(ws: &[String], i: usize) -> Option<(Option<u32>, usize)> {
    let w = |k: usize| ws.get(i + k).map(String::as_str).unwrap_or("");
    if w(0) != "for" {
        return None;
    }
    let mut k = 1;
    if matches!(w(k), "the" | "all") {
        k += 1;
    }
    if w(k) == "both" && w(k + 1) == "of" && w(k + 2) == "us" {
        return Some((Some(2), k + 3));
    }
    if let Some(n) = number_word(w(k))
        && w(k + 1) == "of"
        && matches!(w(k + 2), "us" | "you" | "them")
    {
        return Some((Some(n), k + 3));
    }
    if w(1) == "us"
        && let Some(n) = number_word(w(2)).or((w(2) == "both").then_some(2))
    {
        return Some((Some(n), 3));
    }
    if w(1) == "me" && w(2) == "and" {
        let mut j = 3;
        if matches!(w(j), "my" | "the" | "our") {
            j += 1;
        }
        if let Some(n) = number_word(w(j)) {
            return Some((Some(n + 1), j + 2));
        }
        if !w(j).is_empty() && !w(j).ends_with('s') {
            return Some((Some(2), j + 1));
        }
    }
    let open = [
        "table",
        "everyone",
        "everybody",
        "group",
        "team",
        "lot",
        "gang",
        "crew",
        "bar",
    ];
    if open.contains(&w(k)) || (w(1) == "all" && w(2) == "of" && w(3) == "us") {
        return Some((None, k + 1));
    }
    None
}

/// Whether the words before `i` in the clause make a drink likely at `i`: an article, a
/// number, an order verb, "of", "and" — or nothing at all ("negorni?").
fn drink_slot(ws: &[String], spans: &[Span], i: usize) -> bool {
    if i == 0 || ws[..i].iter().all(|w| FILLERS.contains(&w.as_str())) {
        return true;
    }
    if spans.last().is_some_and(|s| {
        s.end == i
            && matches!(
                s.kind,
                Kind::Number(_) | Kind::Container | Kind::Vague | Kind::Modifier(_)
            )
    }) {
        return true;
    }
    const BEFORE: &[&str] = &[
        "a", "an", "the", "another", "of", "and", "or", "plus", "some", "more", "just", "me", "us",
        "have", "get", "take", "try", "like", "want", "need", "fancy", "for", "with", "to", "&",
    ];
    BEFORE.contains(&ws[i - 1].as_str())
}

pub fn known(w: &str) -> bool {
    KNOWN.contains(w) || number_word(w).is_some()
}

/// Recognise what each stretch of words is, longest first, left to right.
pub fn spans(ws: &[String], menu: &Menu) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let found = party_at(ws, i)
            .map(|(n, len)| (Kind::Party(n), len))
            .or_else(|| number_at(ws, i).map(|(n, len)| (Kind::Number(n), len)))
            .or_else(|| container_at(ws, i))
            .or_else(|| named_at(ws, i, menu))
            .or_else(|| vague_at(ws, i))
            .or_else(|| {
                drink_slot(ws, &out, i)
                    .then(|| misspelt_at(ws, i, menu))
                    .flatten()
            });
        match found {
            Some((kind, len)) => {
                let kind = match kind {
                    Kind::Drink {
                        item,
                        plural,
                        fuzzy,
                        ..
                    } => Kind::Drink {
                        as_word: talked_about(ws, i, i + len, menu),
                        item,
                        plural,
                        fuzzy,
                    },
                    k => k,
                };
                out.push(Span {
                    start: i,
                    end: i + len,
                    kind,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

fn container_at(ws: &[String], i: usize) -> Option<(Kind, usize)> {
    let (len, word) = match (
        ws.get(i).map(String::as_str),
        ws.get(i + 1).map(String::as_str),
    ) {
        (Some("half"), Some("a")) => (3, ws.get(i + 2)?.as_str()),
        (Some("half"), Some(w)) => (2, w),
        (Some(w), _) => (1, w),
        _ => return None,
    };
    (CONTAINERS.contains(&word) && ws.get(i + len).is_some_and(|w| w == "of"))
        .then_some((Kind::Container, len + 1))
}

/// A drink, a drink we do not pour, or a modifier, named exactly; the longest wins.
fn named_at(ws: &[String], i: usize, menu: &Menu) -> Option<(Kind, usize)> {
    for n in (1..=5.min(ws.len() - i)).rev() {
        let phrase = ws[i..i + n].join(" ");
        // "without the ice", "no ice at all" → "without ice": an article or a trailing
        // "at all" does not change a modifier.
        let plain: Vec<&str> = ws[i..i + n]
            .iter()
            .enumerate()
            .filter(|(k, w)| !(*k == 1 && n > 2 && matches!(w.as_str(), "the" | "any" | "your")))
            .map(|(_, w)| w.as_str())
            .collect();
        if let Some(m) = menu
            .modifier(&phrase)
            .or_else(|| menu.modifier(&plain.join(" ")))
        {
            let at_all = ws.get(i + n) == Some(&"at".to_string())
                && ws.get(i + n + 1) == Some(&"all".to_string());
            return Some((
                Kind::Modifier(m.name.clone()),
                if at_all { n + 2 } else { n },
            ));
        }
        match menu.named(&phrase) {
            Some(Named::Item { item, plural }) => {
                return Some((
                    Kind::Drink {
                        item: item.name.clone(),
                        plural,
                        fuzzy: false,
                        as_word: false,
                    },
                    n,
                ));
            }
            Some(Named::OffMenu { name, instead }) => {
                return Some((
                    Kind::OffMenu {
                        name,
                        instead: instead.to_vec(),
                    },
                    n,
                ));
            }
            None => {}
        }
    }
    None
}

fn vague_at(ws: &[String], i: usize) -> Option<(Kind, usize)> {
    for n in (1..=3).rev() {
        if i + n <= ws.len() && VAGUE.contains(&ws[i..i + n].join(" ").as_str()) {
            return Some((Kind::Vague, n));
        }
    }
    None
}

/// A misspelt drink: only words the lexicon does not know are guessed at.
fn misspelt_at(ws: &[String], i: usize, menu: &Menu) -> Option<(Kind, usize)> {
    for n in (1..=4.min(ws.len() - i)).rev() {
        let window = &ws[i..i + n];
        if window.iter().all(|w| known(w)) || known(&window[0]) && n == 1 {
            continue;
        }
        if n > 1 && window.iter().any(|w| NOT_DRINKS.contains(&w.as_str())) {
            continue;
        }
        if let Some((named, _)) = menu.misspelt(&window.join(" ")) {
            // Every misspelt word must be unknown: "the cold" is not "the cola".
            return Some(match named {
                Named::Item { item, plural } => (
                    Kind::Drink {
                        item: item.name.clone(),
                        plural,
                        fuzzy: true,
                        as_word: false,
                    },
                    n,
                ),
                Named::OffMenu { name, instead } => (
                    Kind::OffMenu {
                        name,
                        instead: instead.to_vec(),
                    },
                    n,
                ),
            });
        }
    }
    None
}

/// Whether the drink at `start..end` is talked about rather than asked for: followed by a
/// word that makes it an adjective ("soda bread", "martini glasses") or by "is", or named
/// as what something is called ("her name is Brandy").
fn talked_about(ws: &[String], start: usize, end: usize, menu: &Menu) -> bool {
    if let Some(next) = ws.get(end) {
        let n = next.as_str();
        if COPULAS.contains(&n) || matches!(n, "glass" | "glasses" | "bottles") {
            return true;
        }
        // "the IPA here is better": still talking about it.
        if matches!(
            n,
            "here" | "there" | "you" | "they" | "i" | "we" | "tonight"
        ) && ws
            .get(end + 1)
            .is_some_and(|w| COPULAS.contains(&w.as_str()))
        {
            return true;
        }
        let starts_something = named_at(ws, end, menu).is_some()
            || number_at(ws, end).is_some()
            || container_at(ws, end).is_some()
            || party_at(ws, end).is_some();
        if !known(n) && !starts_something && !n.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    let mut j = start;
    while j > 0 && matches!(ws[j - 1].as_str(), "a" | "an" | "the" | "my" | "some") {
        j -= 1;
    }
    j > 0
        && matches!(
            ws[j - 1].as_str(),
            "is" | "was" | "named" | "called" | "name"
        )
}
