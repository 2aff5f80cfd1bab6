//! What the guest wants, read from ordinary phrasing: orders with quantities and modifiers,
//! removals, tips, the check, menu and tab questions, and conversation.

use super::words::{dollars, find, has, has_any, number_at, percent, words};
use crate::bar::Menu;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    pub item: String,
    pub quantity: u32,
    pub modifiers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TipIntent {
    Percent(u32),
    Amount(String),
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Greeting,
    Thanks,
    Farewell,
    SmallTalk,
    /// A hijack attempt or something that is not bar business.
    Decline,
    /// What MOK 5-ha means, who Maya is.
    AboutTheBar,
    Order(Vec<OrderLine>),
    /// An order for something the menu does not know ("a mojito"); the Bar will say so.
    UnknownOrder(String),
    Remove(Vec<OrderLine>),
    /// "make that three": the last ordered drink to this quantity.
    SetQuantity(u32),
    /// "another one" (false) or "another round" (true).
    Repeat {
        round: bool,
    },
    ViewTab,
    Menu(Option<String>),
    Recommend(String),
    Describe(String),
    Tip(TipIntent),
    Checkout,
    CancelCheckout,
    PaymentStatus,
}

/// An item named in the text, with where it was.
struct Mention {
    start: usize,
    end: usize,
    item: String,
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

const HIJACK: &[&str] = &[
    "ignore all",
    "ignore your",
    "ignore previous",
    "ignore the previous",
    "ignore the above",
    "ignore prior",
    "ignore any previous",
    "disregard all",
    "disregard your",
    "disregard previous",
    "disregard the above",
    "previous instructions",
    "system prompt",
    "your instructions",
    "your prompt",
    "you are now",
    "act as",
    "pretend to be",
    "roleplay",
    "role play",
    "jailbreak",
    "developer mode",
    "dan mode",
    "do anything now",
    "new persona",
    "forget everything",
    "forget your",
    "reveal your",
    "repeat your",
    "set my balance",
    "i am the owner",
    "im the owner",
    "for free",
    "at 0",
    "for 0",
    "price to",
];

const OFF_TOPIC: &[&str] = &[
    "write me",
    "write a",
    "python",
    "javascript",
    "code",
    "program",
    "essay",
    "poem",
    "homework",
    "capital of",
    "weather",
    "stock",
    "bitcoin",
    "crypto",
    "translate",
    "recipe for",
    "math",
    "equation",
    "history of",
    "president",
    "election",
    "news",
];

/// Bracketed notes from the agent about what the guest did with the keys.
pub fn is_guest_action(text: &str) -> bool {
    text.starts_with("[guest action]")
}

pub fn parse(text: &str, menu: &Menu) -> Intent {
    let ws = words(text);
    let question = text.contains('?')
        || matches!(
            ws.first().map(String::as_str),
            Some("what" | "whats" | "which" | "do" | "does" | "how" | "is" | "are" | "any" | "got")
        );
    let mut mentions = mentions(&ws, menu);
    if question {
        // "What beers do you have?" names a category, not a Tap Beer.
        mentions.retain(|m| !is_category_word(&ws[m.start..m.end], menu));
    }

    // Hijacks first. "You are now my favourite bartender" is a compliment, not a hijack.
    let hijack = HIJACK.iter().any(|p| has(&ws, p))
        && !has_any(
            &ws,
            &["you are now my favourite", "you are now my favorite"],
        );
    if hijack {
        return Intent::Decline;
    }
    if mentions.is_empty() && OFF_TOPIC.iter().any(|p| has(&ws, p)) {
        return Intent::Decline;
    }

    let about_check = has_any(&ws, &["check", "checkout", "bill", "payment", "tab", "pay"]);
    if about_check
        && has_any(
            &ws,
            &["cancel", "nevermind", "never mind", "hold off", "not yet"],
        )
        && mentions.is_empty()
    {
        return Intent::CancelCheckout;
    }
    if has_any(
        &ws,
        &[
            "payment go through",
            "did i pay",
            "have i paid",
            "payment status",
            "is it paid",
            "did it go through",
            "did the payment",
        ],
    ) {
        return Intent::PaymentStatus;
    }
    if has_any(
        &ws,
        &[
            "check please",
            "the check",
            "my check",
            "the bill",
            "my bill",
            "close my tab",
            "close the tab",
            "close out",
            "settle up",
            "settle my",
            "pay now",
            "id like to pay",
            "i want to pay",
            "let me pay",
            "can i pay",
            "ready to pay",
            "cash out",
            "pay the tab",
            "pay my tab",
            "pay up",
        ],
    ) && !has_any(&ws, &["whats", "how much", "owe"])
    {
        return Intent::Checkout;
    }

    if let Some(tip) = tip_intent(text, &ws) {
        return Intent::Tip(tip);
    }

    for phrase in [
        "make that",
        "make it",
        "change that to",
        "change it to",
        "actually",
    ] {
        if let Some(at) = find(&ws, phrase) {
            let i = at + phrase.split(' ').count();
            if let Some((n, _)) = number_at(&ws, i)
                && mentions.is_empty()
                && (1..=20).contains(&n)
            {
                return Intent::SetQuantity(n);
            }
        }
    }

    if !mentions.is_empty()
        && has_any(
            &ws,
            &[
                "scratch",
                "remove",
                "cancel",
                "take off",
                "take away",
                "drop",
                "forget",
                "nix",
                "no more",
                "delete",
                "skip",
                "lose the",
            ],
        )
    {
        return Intent::Remove(lines(&ws, &mentions, menu, false));
    }

    if mentions.is_empty()
        && has_any(
            &ws,
            &[
                "owe",
                "my tab",
                "the tab",
                "my total",
                "the total",
                "damage",
                "balance",
                "how much have i",
                "so far",
                "spent",
                "bill",
                "how much is",
            ],
        )
    {
        return Intent::ViewTab;
    }

    if let Some(intent) = menu_question(&ws, &mentions, question, menu) {
        return intent;
    }

    if !mentions.is_empty() {
        return Intent::Order(lines(&ws, &mentions, menu, true));
    }

    if has_any(
        &ws,
        &[
            "another round",
            "same again",
            "same round",
            "again please",
            "another one",
            "one more",
            "another of those",
            "the same",
            "round two",
            "refill",
            "top me up",
            "hit me again",
        ],
    ) {
        let round = has_any(&ws, &["round", "same again", "the same"]);
        return Intent::Repeat { round };
    }

    if let Some(rest) = unknown_order(&ws) {
        return Intent::UnknownOrder(rest);
    }

    conversation(&ws)
}

fn tip_intent(text: &str, ws: &[String]) -> Option<TipIntent> {
    let mentions_tip = has_any(ws, &["tip", "tips", "gratuity", "tipping"]);
    if mentions_tip
        && has_any(
            ws,
            &[
                "no tip",
                "remove the tip",
                "tip off",
                "without a tip",
                "without tip",
                "skip the tip",
                "cancel the tip",
                "clear the tip",
                "zero tip",
                "no tips",
            ],
        )
    {
        return Some(TipIntent::None);
    }
    if let Some(p) = percent(text, ws)
        && (mentions_tip || has_any(ws, &["add", "leave", "give"]))
    {
        return Some(TipIntent::Percent(p));
    }
    if mentions_tip && let Some(d) = dollars(text, ws) {
        return Some(TipIntent::Amount(d));
    }
    None
}

fn menu_question(
    ws: &[String],
    mentions: &[Mention],
    question: bool,
    menu: &Menu,
) -> Option<Intent> {
    const PREFS: &[&str] = &[
        "recommend",
        "suggest",
        "something",
        "in the mood",
        "surprise me",
        "whats good",
        "your favourite",
        "your favorite",
        "what should i",
    ];
    let prefers = PREFS.iter().any(|p| has(ws, p));
    if prefers && mentions.is_empty() {
        let rest: Vec<&str> = ws.iter().map(String::as_str).collect();
        return Some(Intent::Recommend(rest.join(" ")));
    }
    let category = menu
        .categories
        .iter()
        .find(|c| {
            let id_words: Vec<&str> = c.id.split('-').collect();
            ws.iter().any(|w| {
                let w = w.trim_end_matches('s');
                w == c.id.trim_end_matches('s')
                    || (id_words.len() > 1 && has(ws, &id_words.join(" ")))
                    || (c.id == "cocktails" && w == "cocktail")
                    || (c.id == "non-alcoholic" && (w == "soft" || w == "mocktail"))
            })
        })
        .map(|c| c.id.clone());
    let asks_menu = has_any(
        ws,
        &[
            "menu",
            "what do you have",
            "what have you got",
            "what do you serve",
            "what do you pour",
            "what kind",
            "what kinds",
            "options",
            "list",
        ],
    );
    if mentions.is_empty() && (asks_menu || (question && category.is_some())) {
        return Some(Intent::Menu(category));
    }
    // "what's in a negroni?", "tell me about the IPA"
    if mentions.len() == 1
        && (question || has_any(ws, &["tell me about", "describe"]))
        && !has_any(
            ws,
            &[
                "can i", "could i", "may i", "ill", "id", "get me", "give me", "i want",
            ],
        )
    {
        return Some(Intent::Describe(mentions[0].item.clone()));
    }
    if mentions.is_empty() && question && asks_menu {
        return Some(Intent::Menu(None));
    }
    let _ = menu;
    None
}

/// Item names in the text, longest phrases first ("long island iced tea" before "iced tea").
fn mentions(ws: &[String], menu: &Menu) -> Vec<Mention> {
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
fn lines(ws: &[String], mentions: &[Mention], menu: &Menu, default_one: bool) -> Vec<OrderLine> {
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

fn is_category_word(span: &[String], menu: &Menu) -> bool {
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
fn unknown_order(ws: &[String]) -> Option<String> {
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

fn conversation(ws: &[String]) -> Intent {
    if has_any(
        ws,
        &[
            "what does mok",
            "mok 5 ha",
            "mok5ha",
            "moksha",
            "who are you",
            "your name",
            "what is this place",
            "where am i",
            "what is this bar",
        ],
    ) {
        return Intent::AboutTheBar;
    }
    if has_any(
        ws,
        &[
            "bye",
            "goodbye",
            "good night",
            "goodnight",
            "see you",
            "im off",
            "heading out",
            "gotta go",
        ],
    ) {
        return Intent::Farewell;
    }
    if has_any(ws, &["thanks", "thank you", "thx", "cheers", "appreciate"]) {
        return Intent::Thanks;
    }
    if ws.len() <= 4
        && has_any(
            ws,
            &[
                "hi",
                "hello",
                "hey",
                "evening",
                "good evening",
                "howdy",
                "yo",
                "greetings",
            ],
        )
    {
        return Intent::Greeting;
    }
    Intent::SmallTalk
}

#[cfg(test)]
#[path = "intent_tests.rs"]
mod tests;
