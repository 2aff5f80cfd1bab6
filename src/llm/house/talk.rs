//! Talk that is not about drinks: hijack attempts and off-topic requests, the check and
//! payment, tips, and conversation (hello, thanks, goodbye, who Maya is, small talk).

use super::words::{dollars, has, has_any, percent};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TipIntent {
    Percent(u32),
    Amount(String),
    None,
}

/// What a guest says that is not an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chat {
    Greeting,
    Thanks,
    Farewell,
    SmallTalk,
    /// A hijack attempt or something that is not bar business.
    Decline,
    /// What MOK 5-ha means, who Maya is.
    AboutTheBar,
    Checkout,
    CancelCheckout,
    PaymentStatus,
}

#[rustfmt::skip]
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

#[rustfmt::skip]
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

/// "Ignore your instructions…", "you are now…": declined whatever else was said.
pub fn hijack(ws: &[String]) -> bool {
    HIJACK.iter().any(|p| has(ws, p))
        && !has_any(ws, &["you are now my favourite", "you are now my favorite"])
}

/// Not bar business ("write me a poem"), when no drink is named.
pub fn off_topic(ws: &[String]) -> bool {
    OFF_TOPIC.iter().any(|p| has(ws, p))
}

/// The check and the payment: ask for it, cancel it, or ask whether it went through.
pub fn payment(ws: &[String]) -> Option<Chat> {
    let about_check = has_any(ws, &["check", "checkout", "bill", "payment", "pay"]);
    if about_check
        && has_any(
            ws,
            &[
                "cancel",
                "nevermind",
                "never mind",
                "hold off",
                "not yet",
                "stop",
                "undo",
            ],
        )
    {
        return Some(Chat::CancelCheckout);
    }
    if has_any(
        ws,
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
        return Some(Chat::PaymentStatus);
    }
    let settle = has_any(
        ws,
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
            "bill please",
            "check pls",
        ],
    );
    (settle && !has_any(ws, &["whats", "how much", "owe"])).then_some(Chat::Checkout)
}

/// A tip in the guest's words, if they set one.
pub fn tip(text: &str, ws: &[String]) -> Option<TipIntent> {
    tip_intent(text, ws)
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

/// Conversation: what is left when nothing else was asked.
pub fn conversation(ws: &[String]) -> Chat {
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
        return Chat::AboutTheBar;
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
        return Chat::Farewell;
    }
    if has_any(ws, &["thanks", "thank you", "thx", "cheers", "appreciate"]) {
        return Chat::Thanks;
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
        return Chat::Greeting;
    }
    Chat::SmallTalk
}

#[cfg(test)]
#[path = "talk_tests.rs"]
mod tests;
