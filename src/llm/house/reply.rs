//! What the house bartender says: persona lines from `assets/persona.md`, and replies built
//! from tool results, so every figure she quotes is the Bar's own.

use serde_json::Value;

use crate::bar::text::with_article;
use crate::llm::ToolCall;
use crate::next_step::NextStep;
use crate::tools::Tool;

/// Lines of `## section` bullets from the persona file.
pub struct Persona {
    sections: Vec<(String, Vec<String>)>,
}

impl Persona {
    pub fn parse(text: &str) -> Persona {
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                sections.push((name.trim().to_lowercase(), Vec::new()));
            } else if let Some(item) = line.strip_prefix("- ")
                && let Some((_, lines)) = sections.last_mut()
            {
                lines.push(item.trim().to_string());
            }
        }
        Persona { sections }
    }

    /// A line from `section`, chosen by `seed` so the same conversation gets the same line.
    pub fn line(&self, section: &str, seed: usize) -> &str {
        self.sections
            .iter()
            .find(|(name, _)| name == section)
            .and_then(|(_, lines)| lines.get(seed % lines.len().max(1)))
            .map(String::as_str)
            .unwrap_or("")
    }
}

fn tab_line(v: &Value) -> String {
    let q = v["quantity"].as_u64().unwrap_or(0);
    let item = v["item"].as_str().unwrap_or("?");
    let mods: Vec<&str> = v["modifiers"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if mods.is_empty() {
        format!("{q}× {item}")
    } else {
        format!("{q}× {item} ({})", mods.join(", "))
    }
}

/// "a, b and c"
pub fn join_and(parts: &[String]) -> String {
    join_with(parts, "and")
}

/// "a, b or c"
pub fn join_or(parts: &[String]) -> String {
    join_with(parts, "or")
}

fn join_with(parts: &[String], word: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// A near miss: "Did you mean Negroni?"
pub fn did_you_mean(suggestions: &[String]) -> String {
    format!(
        "I didn't quite catch that. Did you mean {}?",
        join_or(suggestions)
    )
}

/// A drink we do not pour, and the closest we do.
pub fn not_poured(what: &str, instead: &[String]) -> String {
    let what: String = what.chars().take(60).collect();
    format!(
        "Ah, {what} isn't something we pour at MOK 5-ha. Closest I've got: {}. Shall I make you one?",
        join_and(instead)
    )
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// The last tab any result carried.
fn latest_tab(results: &[(ToolCall, Value)]) -> Option<&Value> {
    results
        .iter()
        .rev()
        .find_map(|(_, r)| r.get("tab").filter(|t| t.is_object()))
}

/// The tab's tip as said aloud: ("a 15 % tip", Some("$3.90")) for a percentage, ("a $5.00
/// tip", None) for an amount, whose figure is already in its name; None without a tip.
fn tip_words(tab: &Value) -> Option<(String, Option<String>)> {
    let label = tab["tip"].as_str()?;
    let named = format!("{} tip", with_article(label));
    let amount = s(&tab["tip_amount"]);
    Some((named, (amount != label).then(|| amount.to_string())))
}

fn tab_status(tab: &Value) -> String {
    let tip = match tip_words(tab) {
        None => String::new(),
        Some((named, Some(amount))) => {
            format!(", plus {named} ({amount}) makes {}", s(&tab["total"]))
        }
        Some((named, None)) => format!(", plus {named} makes {}", s(&tab["total"])),
    };
    format!("Your tab is {}{tip}.", s(&tab["subtotal"]))
}

fn capitalized(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Round two: say what the tools did.
pub fn compose(
    results: &[(ToolCall, Value)],
    simulated_hint: bool,
    say: fn(NextStep) -> String,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut changes = TabChanges::default();
    let mut tab_changed = false;
    for (call, r) in results {
        let ok = r["ok"].as_bool().unwrap_or(false);
        if !ok {
            out.push(refusal(call, r, say));
            continue;
        }
        match Tool::from_name(&call.name) {
            Some(Tool::AddToTab | Tool::RemoveFromTab) => {
                tab_changed = true;
                changes.read(r);
            }
            Some(Tool::SetTip) => out.push(tip_set(&r["tab"])),
            Some(Tool::ViewTab) => out.push(describe_tab(&r["tab"])),
            Some(Tool::GetMenu) => out.push(describe_menu(r)),
            Some(Tool::Recommend) => out.push(describe_recommendation(r)),
            Some(Tool::Checkout) => out.push(check_out(r, simulated_hint, say)),
            Some(Tool::PaymentStatus) => out.push(payment_status(r)),
            Some(Tool::CancelCheckout) => {
                out.push("Done, I've cancelled the check. Your tab is open again.".into())
            }
            _ => {}
        }
    }
    if !changes.added.is_empty() {
        out.insert(0, format!("Coming right up: {}.", join_and(&changes.added)));
    }
    if let Some(line) = changes.tip_follows {
        out.insert(0, line);
    }
    if !changes.removed.is_empty() {
        out.insert(0, format!("I've taken off {}.", join_and(&changes.removed)));
    }
    if tab_changed && let Some(tab) = latest_tab(results) {
        out.push(tab_status(tab));
    }
    out.join(" ")
}

/// What the tab calls of a turn changed, said together at the start of the reply.
#[derive(Default)]
struct TabChanges {
    added: Vec<String>,
    removed: Vec<String>,
    /// A removal only changes the tip to keep it within the tab.
    tip_follows: Option<String>,
}

impl TabChanges {
    fn read(&mut self, r: &Value) {
        for ch in r["changes"].as_array().into_iter().flatten() {
            match s(&ch["event"]) {
                "item_added" => self.added.push(tab_line(ch)),
                "item_removed" => self.removed.push(tab_line(ch)),
                "tip_changed" => {
                    self.tip_follows = Some(match ch["tip"].as_str() {
                        Some(amount) => {
                            format!("I've brought the tip down to {amount}, the whole tab.")
                        }
                        None => "With the tab empty, the tip is off too.".into(),
                    });
                }
                _ => {}
            }
        }
    }
}

fn tip_set(tab: &Value) -> String {
    let total = s(&tab["total"]);
    match tip_words(tab) {
        None => format!("No tip, no problem. Your total stays {total}."),
        Some((named, Some(amount))) => format!(
            "{}, that's {amount}. Thank you, truly. That brings you to {total}.",
            capitalized(&named)
        ),
        Some((named, None)) => format!(
            "{}. Thank you, truly. That brings you to {total}.",
            capitalized(&named)
        ),
    }
}

/// The check: its amount, and how to pay it (in the overlay when the payment is simulated).
fn check_out(r: &Value, simulated_hint: bool, say: fn(NextStep) -> String) -> String {
    let sim = r["simulated"].as_bool().unwrap_or(simulated_hint);
    let how = if sim {
        format!(
            "It's a simulated payment tonight: {}.",
            say(NextStep::SettleInOverlay)
        )
    } else {
        say(NextStep::PayAtLinkOrTestCard)
    };
    if s(&r["status"]) == "pending" && r["message"].as_str().is_some_and(|m| m.contains("already"))
    {
        format!("Your check is already out: {}. {how}", s(&r["amount"]))
    } else {
        format!("Here's your check: {}. {how}", s(&r["amount"]))
    }
}

fn payment_status(r: &Value) -> String {
    match s(&r["status"]) {
        "paid" => format!("All settled: {} paid. Thank you.", s(&r["paid"])),
        "pending" => format!(
            "Your check for {} is still waiting to be paid.",
            s(&r["amount"])
        ),
        "failed" => format!(
            "The last payment didn't go through ({}). Ask for the check again when you're ready.",
            s(&r["reason"])
        ),
        "expired" => "That check expired, so your tab is open again.".into(),
        _ => "There's no check out right now; your tab is open.".into(),
    }
}

fn refusal(call: &ToolCall, r: &Value, say: fn(NextStep) -> String) -> String {
    let message = s(&r["message"]);
    let suggestions: Vec<String> = r["suggestions"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    match s(&r["error"]) {
        "ITEM_NOT_FOUND" if !suggestions.is_empty() && message.contains("don't pour") => {
            let what = serde_json::from_str::<Value>(&call.arguments)
                .ok()
                .and_then(|a| a["item"].as_str().map(str::to_string))
                .unwrap_or_else(|| "that".into());
            not_poured(&what, &suggestions)
        }
        "ITEM_NOT_FOUND" if !suggestions.is_empty() => did_you_mean(&suggestions),
        "ITEM_NOT_FOUND" => format!("{message} Have a look at the menu, anything catch your eye?"),
        "INSUFFICIENT_FUNDS" => {
            format!("I'm afraid your balance won't stretch that far. {message}")
        }
        "PAYMENT_PENDING" => format!(
            "Your check is already out, so the tab is frozen for now. Settle it, or {}.",
            say(NextStep::CancelCheckFirst)
        ),
        "NOTHING_TO_PAY" if call.name == Tool::SetTip.name() => {
            "Your tab is empty, so there's nothing to tip on yet. What can I pour for you?".into()
        }
        "NOTHING_TO_PAY" => {
            "Your tab is empty, so there's nothing to settle yet. What can I pour for you?".into()
        }
        "DECLINED_BY_GUEST" => "No problem, I won't add that. What would you like instead?".into(),
        "NOT_ON_TAB" => format!("{message} Nothing to take off there."),
        "INVALID_MODIFIER" => format!("{message} How would you like it?"),
        "CANCELLED" => String::new(),
        _ => message.to_string(),
    }
}

pub fn describe_tab(tab: &Value) -> String {
    let lines: Vec<String> = tab["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| format!("{} ({})", tab_line(l), s(&l["total"])))
        .collect();
    if lines.is_empty() {
        return format!(
            "Your tab is empty, and your balance is {}. What can I get you?",
            s(&tab["balance"])
        );
    }
    let tip = match tip_words(tab) {
        None => "no tip yet".to_string(),
        Some((named, Some(amount))) => format!("{named} of {amount}"),
        Some((named, None)) => named,
    };
    format!(
        "You've got {}. That's {} with {tip}, so {} in all. Your balance is {}.",
        join_and(&lines),
        s(&tab["subtotal"]),
        s(&tab["total"]),
        s(&tab["balance"])
    )
}

fn describe_menu(r: &Value) -> String {
    let cats: Vec<String> = r["menu"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let items: Vec<String> = c["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| format!("{} {}", s(&i["name"]), s(&i["price"])))
                .collect();
            format!("**{}**: {}", s(&c["category"]), items.join(", "))
        })
        .collect();
    if cats.len() == 1 {
        format!("Here's what I have. {}. What'll it be?", cats[0])
    } else {
        format!(
            "Here's the menu:\n\n- {}\n\nWhat'll it be?",
            cats.join("\n- ")
        )
    }
}

fn describe_recommendation(r: &Value) -> String {
    let picks: Vec<String> = r["picks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| match p["modifier"].as_str() {
            Some(m) => format!("{} {m} ({})", with_article(s(&p["item"])), s(&p["price"])),
            None => format!("{} ({})", with_article(s(&p["item"])), s(&p["price"])),
        })
        .collect();
    if r["preference"].is_null() {
        format!(
            "Can't go wrong with {}: {}. Which one calls to you?",
            s(&r["say"]),
            join_and(&picks)
        )
    } else {
        format!(
            "For {}, I'd pour {}. Which one calls to you?",
            s(&r["say"]),
            join_and(&picks)
        )
    }
}

#[cfg(test)]
#[path = "reply_tests.rs"]
mod tests;
