//! What the guest wants, read from ordinary phrasing: orders with quantities and modifiers,
//! removals, tips, the check, menu and tab questions, and conversation.

pub use super::orders::OrderLine;
use super::orders::{Mention, is_category_word, lines, mentions, unknown_order};
use super::words::{dollars, find, has, has_any, number_at, percent, words};
use crate::bar::Menu;
use crate::bar::menu::NotOnMenu;

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
    /// A drink named on its own that the menu does not know: a near miss ("negoni") or a
    /// drink we do not pour ("a bourbon please"), with what the menu offers instead.
    NotOnMenu(NotOnMenu),
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

    if let Some(miss) = bare_drink(&ws, menu) {
        return Intent::NotOnMenu(miss);
    }

    conversation(&ws)
}

/// "negoni", "a bourbon please": a few words that are nothing but a drink's name the menu
/// does not know. The menu's own lookup says whether it is a near miss or a drink we do not
/// pour. Without an order verb the words may just be talk ("cool" is two edits from "cola"),
/// so a near miss counts only when it is one edit away (two for long names).
fn bare_drink(ws: &[String], menu: &Menu) -> Option<NotOnMenu> {
    const FILLER: &[&str] = &[
        "a", "an", "the", "some", "one", "glass", "of", "just", "please", "pls", "plz", "thanks",
        "thank", "you", "cheers",
    ];
    let start = ws.iter().position(|w| !FILLER.contains(&w.as_str()))?;
    let end = ws.iter().rposition(|w| !FILLER.contains(&w.as_str()))? + 1;
    let name = &ws[start..end];
    if name.len() > 3 || name.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let query = name.join(" ");
    let miss = menu.find(&query).err()?;
    let sure = if query.chars().count() >= 8 { 2 } else { 1 };
    (!miss.suggestions.is_empty() && miss.distance <= sure).then_some(miss)
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
