//! Answers read from the menu, so every figure is the menu's own: prices (of a hypothetical
//! order too, and what it would bring the tab to), what is in a drink, how strong it is, which
//! of two is cheaper or stronger, the cheapest or strongest of a kind, and the questions the
//! house asks back ("How many Martinis would you like?").

use super::context::{HOW_MANY_OF_YOU, Line};
use super::refer::Pick;
use super::reply::{join_and, join_or};
use crate::bar::Menu;
use crate::bar::text::with_article;
use crate::money::Cents;

fn capitalized(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn plural(name: &str) -> String {
    if name.ends_with('y') && !name.ends_with("ey") {
        format!("{}ies", &name[..name.len() - 1])
    } else if name.ends_with('s') {
        name.to_string()
    } else {
        format!("{name}s")
    }
}

/// "a Martini", "2× IPA", "a Whiskey (neat)": how Maya names a count of a drink, in a form
/// `context::named_in` reads back.
pub fn counted(l: &Line) -> String {
    let mods = if l.mods.is_empty() {
        String::new()
    } else {
        format!(" ({})", l.mods.join(", "))
    };
    if l.qty == 1 {
        format!("{}{mods}", with_article(&l.item))
    } else {
        format!("{}× {}{mods}", l.qty, l.item)
    }
}

/// What these would cost; with `tab`, what they would bring the current subtotal to.
pub fn price(lines: &[Line], menu: &Menu, tab: Option<Cents>) -> String {
    let mut sum = Cents::ZERO;
    for l in lines {
        if let Some(item) = menu.item(&l.item) {
            sum = sum + Cents(item.price.0.saturating_mul(i64::from(l.qty)));
        }
    }
    let named: Vec<String> = lines.iter().map(counted).collect();
    let one = lines.len() == 1 && lines[0].qty == 1;
    let mut out = format!(
        "{} {} {sum}",
        capitalized(&join_and(&named)),
        if one { "is" } else { "comes to" }
    );
    if let Some(subtotal) = tab.filter(|t| t.is_positive()) {
        out.push_str(&format!(
            ", which would bring your tab to {}",
            subtotal + sum
        ));
    }
    out.push_str(if one {
        ". Shall I pour you one?"
    } else {
        ". Shall I pour them?"
    });
    out
}

/// What a drink is, with a modifier explained when asked ("what's a dirty martini?").
pub fn describe(item: &str, mods: &[String], menu: &Menu) -> String {
    let Some(found) = menu.item(item) else {
        return "I don't know that one, I'm afraid.".into();
    };
    let mut out = format!(
        "The {} is {}, {}.",
        found.name, found.description, found.price
    );
    if menu.strength(found) == 0 {
        out.push_str(" No alcohol in it: it's non-alcoholic.");
    }
    for m in mods.iter().filter_map(|m| menu.modifier(m)) {
        out.push_str(&format!(" {} means {}.", capitalized(&m.name), m.glossary));
    }
    let can: Vec<String> = menu
        .modifiers_for(found)
        .iter()
        .map(|m| m.name.clone())
        .collect();
    if !can.is_empty() && mods.is_empty() {
        out.push_str(&format!(" I can make it {}.", join_or(&can)));
    }
    out.push_str(" Shall I pour you one?");
    out
}

/// How strong a drink is, in words.
pub fn strength(item: &str, menu: &Menu) -> String {
    let Some(found) = menu.item(item) else {
        return "I don't know that one, I'm afraid.".into();
    };
    let s = menu.strength(found);
    let how = match s {
        0 => "has no alcohol at all, it's non-alcoholic",
        1..=30 => "is a beer, gentle next to anything from the cocktail list",
        31..=70 => "is a proper cocktail, on the strong side but balanced",
        71..=96 => "is a straight spirit: strong, so it comes in a small measure",
        _ => "is one of the strongest drinks we pour",
    };
    format!(
        "The {} {how}: {}. Shall I pour you one?",
        found.name, found.description
    )
}

/// Which of these is cheaper, dearer, stronger or lighter.
pub fn compare(items: &[String], by: &Pick, menu: &Menu) -> String {
    let found: Vec<_> = items.iter().filter_map(|i| menu.item(i)).collect();
    let Some(best) = best_of(found.clone(), by, menu) else {
        return "I don't know those, I'm afraid.".into();
    };
    let others: Vec<String> = found
        .iter()
        .filter(|i| i.name != best.name)
        .map(|i| format!("the {} ({})", i.name, i.price))
        .collect();
    let word = match by {
        Pick::Cheapest => "cheaper",
        Pick::Dearest => "pricier",
        Pick::Strongest => "stronger",
        _ => "lighter",
    };
    let tie = found.iter().all(|i| match by {
        Pick::Cheapest | Pick::Dearest => i.price == best.price,
        _ => menu.strength(i) == menu.strength(best),
    });
    if tie {
        return format!(
            "They're about the same: {}.",
            join_and(
                &found
                    .iter()
                    .map(|i| format!("the {} ({})", i.name, i.price))
                    .collect::<Vec<_>>()
            )
        );
    }
    format!(
        "The {} ({}) is {word} than {}.",
        best.name,
        best.price,
        join_and(&others)
    )
}

/// The cheapest, dearest, strongest or lightest of these.
pub fn best_of<'a>(
    items: Vec<&'a crate::bar::menu::Item>,
    by: &Pick,
    menu: &Menu,
) -> Option<&'a crate::bar::menu::Item> {
    let mut items = items;
    // Stable sorts: ties keep menu (or offer) order, so the first named wins.
    match by {
        Pick::Cheapest => items.sort_by_key(|i| i.price),
        Pick::Dearest => items.sort_by_key(|i| std::cmp::Reverse(i.price)),
        Pick::Strongest => items.sort_by_key(|i| std::cmp::Reverse(menu.strength(i))),
        Pick::Weakest => items.sort_by_key(|i| menu.strength(i)),
        _ => {}
    }
    items.into_iter().next()
}

/// "The cheapest cocktail is the Daiquiri, $10.00."
pub fn best(by: &Pick, category: Option<&str>, menu: &Menu) -> String {
    let items: Vec<_> = menu
        .items
        .iter()
        .filter(|i| category.is_none_or(|c| i.category == c))
        .collect();
    let kind = category
        .and_then(|c| menu.category(c))
        .map_or("drink".to_string(), |c| {
            c.name.to_lowercase().trim_end_matches('s').to_string()
        });
    let Some(item) = best_of(items, by, menu) else {
        return "I'm not sure, I'm afraid.".into();
    };
    let word = match by {
        Pick::Cheapest => "cheapest",
        Pick::Dearest => "priciest",
        Pick::Strongest => "strongest",
        _ => "lightest",
    };
    format!(
        "The {word} {kind} we pour is the {}: {}, {}. Shall I pour you one?",
        item.name, item.description, item.price
    )
}

/// "How many Martinis would you like?"
pub fn how_many(l: &Line) -> String {
    let mods = if l.mods.is_empty() {
        String::new()
    } else {
        format!(" ({})", l.mods.join(", "))
    };
    format!("How many {}{mods} would you like?", plural(&l.item))
}

/// "A round of Tequila: how many of you are there?"
pub fn how_many_of_you(items: &[String]) -> String {
    if items.is_empty() {
        format!("A round of what, and {HOW_MANY_OF_YOU}")
    } else {
        format!("A round of {}: {HOW_MANY_OF_YOU}", join_and(items))
    }
}

/// "One Martini or two?"
pub fn one_or_two(item: &str) -> String {
    format!("One {item} or two?")
}

/// "Which one would you like: the Daiquiri, the Rum or the Lemonade?"
pub fn which(items: &[String]) -> String {
    if items.is_empty() {
        return "Which drink would you like? Tell me its name and I'll pour it.".into();
    }
    let named: Vec<String> = items.iter().map(|i| format!("the {i}")).collect();
    format!("Which one would you like: {}?", join_or(&named))
}
