use super::*;
use crate::bar::Menu;

fn menu() -> Menu {
    Menu::builtin()
}

fn kinds(text: &str) -> Vec<Vec<Kind>> {
    read(text, &menu())
        .into_iter()
        .map(|c| c.spans.into_iter().map(|s| s.kind).collect())
        .collect()
}

fn drink(item: &str) -> Kind {
    Kind::Drink {
        item: item.into(),
        plural: false,
        fuzzy: false,
        as_word: false,
    }
}

#[test]
fn clauses_split_at_punctuation_and_turns() {
    let c = read("I had a whiskey yesterday… today just a soda", &menu());
    assert_eq!(c.len(), 2);
    let c = read("a negroni no wait a manhattan", &menu());
    assert_eq!(c.len(), 2, "{c:?}");
    let c = read("two IPAs and what's in a negroni?", &menu());
    assert_eq!(c.len(), 2);
    assert!(c[1].asks && !c[0].asks);
    // Money and thousands stay whole.
    assert_eq!(read("tip $4.50 on 1,000", &menu()).len(), 1);
}

#[test]
fn containers_are_not_drinks() {
    assert_eq!(
        kinds("a pint of the IPA"),
        vec![vec![Kind::Container, drink("IPA")]]
    );
    assert_eq!(kinds("a pint please"), vec![vec![drink("Tap Beer")]]);
    assert_eq!(
        kinds("two shots of rum"),
        vec![vec![Kind::Number(2), Kind::Container, drink("Rum")]]
    );
}

#[test]
fn numbers_and_parties() {
    assert_eq!(kinds("half a dozen tap beers")[0][0], Kind::Number(6));
    assert_eq!(
        kinds("a round of tequila for the four of us")[0],
        vec![Kind::Vague, drink("Tequila"), Kind::Party(Some(4))]
    );
    assert_eq!(
        kinds("whiskey for me and my two friends")[0][1],
        Kind::Party(Some(3))
    );
    assert_eq!(kinds("martinis for the table")[0][1], Kind::Party(None));
}

#[test]
fn misspelt_drinks_are_read_only_where_a_drink_belongs() {
    let fuzzy = |item: &str| Kind::Drink {
        item: item.into(),
        plural: false,
        fuzzy: true,
        as_word: false,
    };
    assert_eq!(kinds("a negorni"), vec![vec![fuzzy("Negroni")]]);
    assert_eq!(kinds("a daquiri please"), vec![vec![fuzzy("Daiquiri")]]);
    assert_eq!(kinds("a tap bear")[0], vec![fuzzy("Tap Beer")]);
    // Ordinary words stay words, even where a drink could be.
    for talk in [
        "I'm going to run home",
        "it's cold outside",
        "I saw a bear",
        "back from the gym",
        "hey waiter",
        "scratch the vodka",
        "a brand new day",
        "see you later",
    ] {
        let found: Vec<Kind> = kinds(talk).into_iter().flatten().collect();
        assert!(
            !found
                .iter()
                .any(|k| matches!(k, Kind::Drink { fuzzy: true, .. })),
            "{talk}: {found:?}"
        );
    }
}

#[test]
fn a_drink_used_as_a_word_is_not_asked_for() {
    for (text, item) in [
        ("soda bread is the best", "Soda"),
        ("my cat's name is Whiskey", "Whiskey"),
        ("Manhattan is my favourite city", "Manhattan"),
        ("the martini glasses here", "Martini"),
    ] {
        let c = read(text, &menu());
        let d = c
            .iter()
            .flat_map(|c| c.spans.iter())
            .find_map(|s| match &s.kind {
                Kind::Drink {
                    item: i, as_word, ..
                } if i == item => Some(*as_word),
                _ => None,
            });
        assert_eq!(d, Some(true), "{text}");
    }
}
