use super::*;
use crate::bar::{Action, Bar};
use std::sync::Arc;

#[test]
fn the_tab_is_read_back_from_the_prompt_it_was_written_into() {
    let mut bar = Bar::new(
        Arc::new(Menu::builtin()),
        crate::money::Cents::from_dollars(1000),
    );
    for (item, q, mods) in [
        ("Martini", 2, vec!["dirty".to_string()]),
        ("IPA", 1, vec![]),
    ] {
        bar.apply(Action::Order {
            item: item.into(),
            quantity: q,
            modifiers: mods,
        })
        .unwrap();
    }
    let prompt = crate::agent::prompt::build(
        bar.menu(),
        &bar.view(),
        crate::agent::prompt::Phase::TakingOrders,
    );
    assert_eq!(
        tab_in_prompt(&prompt).unwrap(),
        vec![
            Line {
                item: "Martini".into(),
                qty: 2,
                mods: vec!["dirty".into()]
            },
            Line {
                item: "IPA".into(),
                qty: 1,
                mods: vec![]
            },
        ]
    );
    assert_eq!(tab_in_prompt("no tab here"), None);
}

#[test]
fn drinks_maya_named_are_read_in_order_with_counts_and_modifiers() {
    let menu = Menu::builtin();
    let said = "For something with real weight to it, I'd pour a Long Island ($12.00), an Old \
                Fashioned ($12.00) and a Whiskey neat ($8.00). Which one calls to you?";
    let names: Vec<(String, Vec<String>)> = named_in(said, &menu)
        .into_iter()
        .map(|l| (l.item, l.mods))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Long Island".into(), vec![]),
            ("Old Fashioned".into(), vec![]),
            ("Whiskey".into(), vec!["neat".into()]),
        ]
    );
    let said = "Coming right up: 2× IPA and 1× Martini (dirty).";
    let l = named_in(said, &menu);
    assert_eq!(
        (l[0].qty, l[1].mods.clone()),
        (2, vec!["dirty".to_string()])
    );
    // Lower-case ingredients in a description are not offers.
    assert!(named_in("The Negroni is gin, Campari and sweet vermouth.", &menu).len() == 1);
}

#[test]
fn the_question_maya_asked_is_remembered() {
    let menu = Menu::builtin();
    let ask = |text: &str| asked(text, &named_in(text, &menu));
    assert!(
        matches!(ask("How many Martinis would you like?"), Some(Asked::HowMany(l)) if l[0].item == "Martini")
    );
    assert!(matches!(ask("One Negroni or two?"), Some(Asked::OneOrTwo(l)) if l.item == "Negroni"));
    assert!(
        matches!(ask("The Negroni is gin. Shall I pour you one?"), Some(Asked::Offer(l)) if l.len() == 1)
    );
    assert!(
        matches!(ask("I'd pour a Daiquiri or a Rum. Which one calls to you?"), Some(Asked::Choice(l)) if l.len() == 2)
    );
    assert_eq!(ask("Coming right up: 1× Martini."), None);
}
