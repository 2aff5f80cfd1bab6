use super::*;

#[test]
fn folds_case_accents_and_punctuation() {
    assert_eq!(fold("Old-Fashioned"), "old fashioned");
    assert_eq!(fold("  DAÏQUIRI!! "), "daiquiri");
    assert_eq!(fold("Maya’s  special"), "mayas special");
    assert_eq!(fold("G&T"), "g&t");
    assert_eq!(fold("Ｍａｒｔｉｎｉ"), "martini");
}

#[test]
fn singular_forms_of_last_word() {
    assert!(singular_forms("martinis").contains(&"martini".to_string()));
    assert!(singular_forms("whiskies").contains(&"whisky".to_string()));
    assert!(singular_forms("iced teas").contains(&"iced tea".to_string()));
    assert!(singular_forms("old fashioneds").contains(&"old fashioned".to_string()));
    assert_eq!(singular_forms("glass")[..], ["glass".to_string()]);
}

#[test]
fn edit_distance_counts_transpositions_once() {
    assert_eq!(edit_distance("negroni", "negroni"), 0);
    assert_eq!(edit_distance("negorni", "negroni"), 1);
    assert_eq!(edit_distance("negoni", "negroni"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn articles_follow_the_sound() {
    for (name, want) in [
        ("Old Fashioned", "an"),
        ("IPA", "an"),
        ("Iced Tea", "an"),
        ("Martini", "a"),
        ("Long Island", "a"),
        ("Whiskey neat", "a"),
        ("unicorn", "a"),
        ("hour", "an"),
        ("8 % tip", "an"),
        ("18 % tip", "an"),
        ("11 % tip", "an"),
        ("15 % tip", "a"),
        ("10 % tip", "a"),
        ("80 % tip", "an"),
        ("100 % tip", "a"),
        ("$5.00 tip", "a"),
        ("UFO", "a"),
        ("MOK 5-ha", "an"),
        ("", "a"),
    ] {
        assert_eq!(article(name), want, "{name}");
    }
    assert_eq!(with_article("IPA"), "an IPA");
}

#[test]
fn near_misses_are_suggested() {
    let keys = [
        ("negroni", "Negroni"),
        ("martini", "Martini"),
        ("gin", "Gin"),
    ];
    assert_eq!(suggestions_for("negroi", keys.iter().copied()), ["Negroni"]);
    assert_eq!(
        suggestions_for("martinee", keys.iter().copied()),
        ["Martini"]
    );
    assert!(suggestions_for("xylophone", keys.iter().copied()).is_empty());
    // Only the closest names are offered.
    let keys = [
        ("vodka", "Vodka"),
        ("soda", "Soda"),
        ("vodka martini", "Martini"),
    ];
    assert_eq!(suggestions_for("vodak", keys.iter().copied()), ["Vodka"]);
    // Huge inputs are not compared at all.
    assert!(suggestions_for(&"a".repeat(10_000), keys.iter().copied()).is_empty());
}
