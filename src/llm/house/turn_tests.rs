//! The pipeline from words to tool calls, against a hand-made state of the evening.

use super::*;
use crate::llm::house::context::{Context, Line};

fn menu() -> Menu {
    Menu::builtin()
}

fn line(item: &str, qty: u32, mods: &[&str]) -> Line {
    Line {
        item: item.into(),
        qty,
        mods: mods.iter().map(|m| m.to_string()).collect(),
    }
}

/// An evening where `lines` were ordered in the last turn and are on the tab.
fn after(lines: &[Line]) -> Context {
    Context {
        tab: lines.to_vec(),
        last_order: lines.to_vec(),
        round: lines.to_vec(),
        last_line: lines.last().cloned(),
        ..Context::default()
    }
}

/// The calls as short text ("add 2 Martini (dirty)", "remove IPA") and what is said.
fn run(text: &str, ctx: &Context) -> (Vec<String>, String) {
    match plan(text, ctx, &menu()) {
        Outcome::Act { calls, say } => (
            calls
                .iter()
                .map(|(name, a)| {
                    let mods = a["modifiers"]
                        .as_array()
                        .map(|m| {
                            let m: Vec<&str> = m.iter().filter_map(|x| x.as_str()).collect();
                            format!(" ({})", m.join(", "))
                        })
                        .unwrap_or_default();
                    let item = a["item"].as_str().unwrap_or("");
                    match (name.name(), a["quantity"].as_u64()) {
                        ("add_to_tab", Some(q)) => format!("add {q} {item}{mods}"),
                        ("remove_from_tab", Some(q)) => format!("remove {q} {item}{mods}"),
                        ("remove_from_tab", None) => format!("remove {item}{mods}"),
                        (other, _) => other.to_string(),
                    }
                })
                .collect(),
            say,
        ),
        Outcome::Talk(t) => (vec![], format!("{t:?}")),
    }
}

fn calls(text: &str, ctx: &Context) -> Vec<String> {
    run(text, ctx).0
}

#[test]
fn orders_in_ordinary_phrasing() {
    let none = Context::default();
    for (text, want) in [
        (
            "two martinis, one of them dirty",
            &["add 1 Martini", "add 1 Martini (dirty)"][..],
        ),
        ("a negroni and an IPA", &["add 1 Negroni", "add 1 IPA"]),
        ("whisky on the rocks", &["add 1 Whiskey (on the rocks)"]),
        ("3 iced teas please", &["add 3 Iced Tea"]),
        ("Can I get twelve martinis?", &["add 12 Martini"]),
        ("a couple of IPAs", &["add 2 IPA"]),
        (
            "I'll have a dirty martini with a twist and a gin neat",
            &["add 1 Martini (dirty, with a twist)", "add 1 Gin (neat)"],
        ),
        ("long island iced tea for me", &["add 1 Long Island"]),
        ("another negroni", &["add 1 Negroni"]),
        ("half a dozen tap beers", &["add 6 Tap Beer"]),
        (
            "two dirty martinis and a pint of the IPA",
            &["add 2 Martini (dirty)", "add 1 IPA"],
        ),
        ("a round of tequila for the four of us", &["add 4 Tequila"]),
        (
            "a shot of tequila and a glass of water",
            &["add 1 Tequila", "add 1 Water"],
        ),
        (
            "a negorni and a daquiri",
            &["add 1 Negroni", "add 1 Daiquiri"],
        ),
        ("a gin, hold the ice", &["add 1 Gin (neat)"]),
        ("a whiskey, not on the rocks", &["add 1 Whiskey (neat)"]),
        (
            "a martini, stirred, not shaken",
            &["add 1 Martini (stirred)"],
        ),
    ] {
        assert_eq!(calls(text, &none), want, "{text}");
    }
}

#[test]
fn contradicting_modifiers_go_to_the_bar_to_refuse() {
    let none = Context::default();
    for (text, want) in [
        (
            "a martini shaken and stirred",
            &["add 1 Martini (shaken, stirred)"][..],
        ),
        (
            "a whisky neat and on the rocks please",
            &["add 1 Whiskey (neat, on the rocks)"],
        ),
        (
            "a martini shaken and stirred and a negroni",
            &["add 1 Martini (shaken, stirred)", "add 1 Negroni"],
        ),
        (
            "a negroni on the rocks with no ice",
            &["add 1 Negroni (on the rocks, no ice)"],
        ),
        (
            "a martini and a dirty martini",
            &["add 1 Martini", "add 1 Martini (dirty)"],
        ),
        (
            "a gin and neat whiskey",
            &["add 1 Gin", "add 1 Whiskey (neat)"],
        ),
    ] {
        assert_eq!(calls(text, &none), want, "{text}");
    }
}

#[test]
fn what_is_not_asked_for_now_is_not_ordered() {
    let none = Context::default();
    for text in [
        "I had a whiskey yesterday",
        "my friend likes negronis",
        "I used to drink old fashioneds",
        "I'll probably have a martini later",
        "if I ordered a martini, how much would that be?",
        "I love long island in the summer",
        "my cat's name is Whiskey",
        "soda bread is the best",
        "I watched a movie about a gin joint",
        "no martini for me",
        "I'm going to run home",
    ] {
        let (c, _) = run(text, &none);
        assert!(!c.iter().any(|c| c.starts_with("add")), "{text}: {c:?}");
    }
    assert_eq!(
        calls("I had a whiskey yesterday… today just a soda", &none),
        ["add 1 Soda"]
    );
    assert_eq!(calls("no martini for me, just a gin", &none), ["add 1 Gin"]);
    let (c, said) = run("if I ordered a martini, how much would that be?", &none);
    assert!(c.is_empty() && said.contains("$13.00"), "{said}");
}

#[test]
fn changes_to_what_was_ordered() {
    let martinis = after(&[line("Martini", 2, &["dirty"]), line("IPA", 1, &[])]);
    assert_eq!(
        calls("actually make one of the martinis a negroni", &martinis),
        ["remove 1 Martini", "add 1 Negroni"]
    );
    assert_eq!(calls("scratch the IPA", &martinis), ["remove IPA"]);
    assert_eq!(calls("remove one martini", &martinis), ["remove 1 Martini"]);
    assert_eq!(calls("make that three", &martinis), ["add 2 IPA"]);
    assert_eq!(
        calls("cancel everything", &martinis),
        ["remove Martini", "remove IPA"]
    );
    assert_eq!(
        calls("another round!", &martinis),
        ["add 2 Martini (dirty)", "add 1 IPA"]
    );
    assert_eq!(calls("one more", &martinis), ["add 1 IPA"]);
    let water = after(&[line("Water", 1, &[]), line("Gin", 1, &[])]);
    assert_eq!(
        calls("swap the water for a lemonade", &water),
        ["remove 1 Water", "add 1 Lemonade"]
    );
    let ipa = after(&[line("IPA", 1, &[])]);
    assert_eq!(
        calls("instead of the IPA, a stout — no, a classic brew", &ipa),
        ["remove 1 IPA", "add 1 Classic Brew"]
    );
    assert_eq!(
        calls("not the IPA, the classic brew", &ipa),
        ["remove 1 IPA", "add 1 Classic Brew"]
    );
    let whiskey = after(&[line("Whiskey", 1, &["neat"])]);
    assert_eq!(
        calls("can you make that on the rocks instead?", &whiskey),
        ["remove 1 Whiskey (neat)", "add 1 Whiskey (on the rocks)"]
    );
}

#[test]
fn when_the_count_is_open_she_asks_one_question() {
    let none = Context::default();
    for (text, asks) in [
        ("a few beers", "How many Tap Beers would you like?"),
        ("a martini or two", "One Martini or two?"),
        ("martinis for the table", "how many of you are there?"),
    ] {
        let (c, said) = run(text, &none);
        assert!(c.is_empty(), "{text}: {c:?}");
        assert!(said.contains(asks), "{text}: {said}");
    }
    let asked = Context {
        offered: vec![line("Tap Beer", 1, &[])],
        asked: Some(super::super::context::Asked::HowMany(vec![line(
            "Tap Beer",
            1,
            &[],
        )])),
        ..Context::default()
    };
    assert_eq!(calls("four please", &asked), ["add 4 Tap Beer"]);
    assert_eq!(calls("let's say four", &asked), ["add 4 Tap Beer"]);
}

#[test]
fn references_find_their_drink() {
    let recommended = Context {
        offered: vec![
            line("Daiquiri", 1, &[]),
            line("Cosmopolitan", 1, &[]),
            line("Lemonade", 1, &[]),
        ],
        recommended: true,
        ..Context::default()
    };
    assert_eq!(
        calls("the second one", &recommended),
        ["add 1 Cosmopolitan"]
    );
    assert_eq!(
        calls("the cheapest of those", &recommended),
        ["add 1 Lemonade"]
    );
    assert_eq!(
        calls("whatever you recommend", &recommended),
        ["add 1 Daiquiri"]
    );
    let none = Context::default();
    assert_eq!(
        calls("the cheapest cocktail please", &none),
        ["add 1 Daiquiri"]
    );
    assert_eq!(calls("a hoppy beer please", &none), ["add 1 IPA"]);
}

#[test]
fn questions_stay_questions() {
    let none = Context::default();
    for (text, says) in [
        ("how much is a martini?", "$13.00"),
        ("how much for two negronis?", "$22.00"),
        ("what's in a negroni?", "Campari"),
        ("is the long island strong?", "strong"),
        (
            "whats cheaper, the IPA or the tap beer?",
            "The Tap Beer ($5.00) is cheaper",
        ),
        ("is there alcohol in the iced tea?", "non-alcoholic"),
        ("what's a dirty martini?", "olive brine"),
    ] {
        let (c, said) = run(text, &none);
        assert!(c.is_empty(), "{text}: {c:?}");
        assert!(said.contains(says), "{text}: {said}");
    }
    assert_eq!(calls("what do I owe?", &none), ["view_tab"]);
    assert_eq!(calls("what beers do you have?", &none), ["get_menu"]);
    assert_eq!(calls("something bitter?", &none), ["recommend"]);
    let (c, said) = run("I'll have a mojito please", &none);
    assert!(c.is_empty() && said.contains("Daiquiri"), "{said}");
}
