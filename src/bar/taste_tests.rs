use super::*;

fn picks(menu: &Menu, preference: &str) -> Vec<String> {
    menu.recommend(preference)
        .picks
        .into_iter()
        .map(|p| p.item)
        .collect()
}

#[test]
fn tastes_beyond_the_preferences_are_read_from_the_descriptions() {
    let menu = Menu::builtin();
    assert_eq!(picks(&menu, "something bitter")[0], "IPA");
    assert_eq!(picks(&menu, "got anything smoky?"), ["Whiskey"]);
    assert_eq!(picks(&menu, "something malty")[0], "Classic Brew");
    assert_eq!(picks(&menu, "something dry")[0], "Martini");
    assert_eq!(picks(&menu, "I feel like something warming")[0], "Brandy");
    assert!(picks(&menu, "something fizzy").contains(&"Soda".to_string()));
    let r = menu.recommend("something bitter");
    assert_eq!(
        (r.preference.as_deref(), r.say.as_str()),
        (Some("bitter"), "something bitter")
    );
}

#[test]
fn ingredients_and_negations() {
    let menu = Menu::builtin();
    assert_eq!(
        picks(&menu, "something with gin"),
        ["Martini", "Negroni", "Gin"]
    );
    assert_eq!(picks(&menu, "something sweet with rum"), ["Daiquiri"]);
    // "not too strong" is not the strong preference.
    let light = picks(&menu, "something not too strong");
    assert!(!light.contains(&"Long Island".to_string()), "{light:?}");
    assert!(
        light
            .iter()
            .all(|i| menu.strength(menu.item(i).unwrap()) <= 20)
    );
    assert!(wants_it_light("thats strong something lighter"));
    // The named preferences still win, and unknown tastes get the popular picks.
    assert_eq!(
        menu.recommend("something fruity").preference.as_deref(),
        Some("fruity")
    );
    assert_eq!(menu.recommend("something creamy").preference, None);
}

#[test]
fn strength_follows_the_strong_preference_then_the_category() {
    let menu = Menu::builtin();
    let s = |n: &str| menu.strength(menu.item(n).unwrap());
    assert!(s("Long Island") > s("Old Fashioned"));
    assert!(s("Whiskey") > s("Gin") && s("Gin") > s("Martini"));
    assert!(s("Martini") > s("IPA") && s("IPA") > s("Water"));
    assert_eq!(s("Lemonade"), 0);
}
