use super::*;

fn menu() -> Menu {
    Menu::builtin()
}

fn price(m: &Menu, name: &str) -> Cents {
    m.find(name)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .price
}

#[test]
fn prices_are_exact() {
    let m = menu();
    let expected = [
        ("Daiquiri", 1000),
        ("Martini", 1300),
        ("Long Island", 1200),
        ("Old Fashioned", 1200),
        ("Negroni", 1100),
        ("Cosmopolitan", 1200),
        ("Manhattan", 1200),
        ("Tap Beer", 500),
        ("Classic Brew", 500),
        ("IPA", 600),
        ("Whiskey", 800),
        ("Vodka", 700),
        ("Rum", 700),
        ("Gin", 800),
        ("Tequila", 800),
        ("Brandy", 900),
        ("Water", 100),
        ("Iced Tea", 200),
        ("Lemonade", 200),
        ("Soda", 300),
    ];
    assert_eq!(m.items.len(), expected.len());
    for (name, cents) in expected {
        assert_eq!(price(&m, name), Cents(cents), "{name}");
    }
    let by_cat: Vec<(&str, usize)> = m
        .categories
        .iter()
        .map(|c| (c.id.as_str(), m.items_in(&c.id).count()))
        .collect();
    assert_eq!(
        by_cat,
        [
            ("cocktails", 7),
            ("beer", 3),
            ("spirits", 6),
            ("non-alcoholic", 4)
        ]
    );
}

#[test]
fn forgiving_lookup() {
    let m = menu();
    for (q, want) in [
        ("long island iced tea", "Long Island"),
        ("whisky", "Whiskey"),
        ("old-fashioned", "Old Fashioned"),
        ("martinis", "Martini"),
        ("iced teas", "Iced Tea"),
        ("MARTINI", "Martini"),
        ("daïquiri", "Daiquiri"),
        ("whiskies", "Whiskey"),
        ("IPAs", "IPA"),
        ("Old Fashioneds", "Old Fashioned"),
        ("cosmo", "Cosmopolitan"),
        ("negronis", "Negroni"),
        ("  Tap   beer ", "Tap Beer"),
    ] {
        assert_eq!(m.find(q).map(|i| i.name.as_str()), Ok(want), "{q}");
    }
}

#[test]
fn near_misses_and_off_menu_drinks() {
    let m = menu();
    let miss = m.find("negoni").unwrap_err();
    assert_eq!(miss.suggestions, ["Negroni"]);
    assert!(!miss.off_menu);
    let miss = m.find("mojito").unwrap_err();
    assert!(miss.off_menu);
    assert_eq!(miss.suggestions, ["Daiquiri", "Rum"]);
    let miss = m.find("bourbon").unwrap_err();
    assert!(miss.off_menu);
    assert!(miss.suggestions.contains(&"Whiskey".to_string()));
    let miss = m.find("quantum foam").unwrap_err();
    assert!(miss.suggestions.is_empty());
}

#[test]
fn modifiers_fit_where_the_glossary_says() {
    let m = menu();
    let martini = m.find("martini").unwrap();
    let fits: Vec<&str> = m
        .modifiers_for(martini)
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    for want in [
        "shaken",
        "stirred",
        "dry",
        "dirty",
        "perfect",
        "with a twist",
        "extra ice",
        "no ice",
    ] {
        assert!(
            fits.contains(&want),
            "{want} should fit a Martini: {fits:?}"
        );
    }
    assert!(!fits.contains(&"neat"));
    let whiskey = m.find("whiskey").unwrap();
    let fits: Vec<&str> = m
        .modifiers_for(whiskey)
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    for want in ["neat", "on the rocks", "with a chaser", "with a twist"] {
        assert!(fits.contains(&want), "{want}: {fits:?}");
    }
    assert!(m.modifiers_for(m.find("IPA").unwrap()).is_empty());
    assert_eq!(
        m.modifier("rocks").map(|x| x.name.as_str()),
        Some("on the rocks")
    );
    assert_eq!(m.modifiers.len(), 11);
    assert!(m.modifiers.iter().all(|x| !x.glossary.is_empty()));
}

#[test]
fn recommendations_by_preference() {
    let m = menu();
    let names = |pref: &str| -> Vec<String> {
        m.recommend(pref)
            .picks
            .into_iter()
            .map(|p| p.item)
            .collect()
    };
    assert_eq!(names("sobering"), ["Water", "Iced Tea", "Lemonade", "Soda"]);
    assert_eq!(
        names("something classy"),
        ["Martini", "Old Fashioned", "Manhattan", "Negroni"]
    );
    assert_eq!(names("Fruity!"), ["Daiquiri", "Cosmopolitan", "Lemonade"]);
    assert_eq!(
        names("strong"),
        ["Long Island", "Old Fashioned", "Negroni", "Whiskey"]
    );
    assert_eq!(names("burning"), ["Whiskey", "Tequila", "Rum"]);
    assert_eq!(
        names("surprise me"),
        ["Martini", "Daiquiri", "Old Fashioned", "IPA"]
    );
    let strong = m.recommend("strong");
    assert_eq!(strong.picks[3].modifier.as_deref(), Some("neat"));
    assert!(
        m.recommend("burning")
            .picks
            .iter()
            .all(|p| p.modifier.as_deref() == Some("neat"))
    );
    assert_eq!(m.recommend("surprise me").preference, None);
}

#[test]
fn user_menu_errors_name_the_line() {
    let bad_price = "[[category]]\nid = \"x\"\nname = \"X\"\n\n[[item]]\nname = \"Thing\"\ncategory = \"x\"\nprice = \"twelve\"\n";
    let e = Menu::from_toml(bad_price, "my.toml").unwrap_err();
    assert_eq!(e.line, 8, "{e}");
    assert!(e.to_string().starts_with("my.toml: line 8:"), "{e}");
    let bad_cat = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"T\"\ncategory = \"y\"\nprice = \"1\"\n";
    let e = Menu::from_toml(bad_cat, "m").unwrap_err();
    assert_eq!(e.line, 6, "{e}");
    assert!(e.message.contains("unknown category"), "{e}");
    let unknown_key = "[[category]]\nid = \"x\"\nname = \"X\"\ncolour = \"red\"\n";
    let e = Menu::from_toml(unknown_key, "m").unwrap_err();
    assert!(e.message.contains("colour"), "{e}");
    let dup = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"T\"\ncategory = \"x\"\nprice = \"1\"\n[[item]]\nname = \"t\"\ncategory = \"x\"\nprice = \"2\"\n";
    let e = Menu::from_toml(dup, "m").unwrap_err();
    assert_eq!(e.line, 8, "{e}");
    let empty = "";
    assert!(
        Menu::from_toml(empty, "m")
            .unwrap_err()
            .message
            .contains("no items")
    );
    let free = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"T\"\ncategory = \"x\"\nprice = \"0\"\n";
    assert!(Menu::from_toml(free, "m").is_err());
    let conflict = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"T\"\ncategory = \"x\"\nprice = \"1\"\n[[modifier]]\nname = \"hot\"\napplies_to = [\"x\"]\nconflicts = [\"cold\"]\n";
    let e = Menu::from_toml(conflict, "m").unwrap_err();
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("`cold`, which is not a modifier"), "{e}");
}

#[test]
fn conflicts_are_symmetric_and_canonical() {
    let m = menu();
    let neat = m.modifier("straight").unwrap();
    let extra = m.modifier("more ice").unwrap();
    let rocks = m.modifier("rocks").unwrap();
    assert!(neat.conflicts_with(extra) && extra.conflicts_with(neat));
    assert!(neat.conflicts_with(rocks), "one exclusive group");
    assert!(!neat.conflicts_with(neat));
    assert!(!rocks.conflicts_with(m.modifier("twist").unwrap()));
}

#[test]
fn a_small_user_menu_loads() {
    let text = "[[category]]\nid = \"tea\"\nname = \"Tea\"\n[[item]]\nname = \"Chai\"\ncategory = \"tea\"\nprice = \"$3.50\"\n";
    let m = Menu::from_toml(text, "m").unwrap();
    assert_eq!(m.find("chais").unwrap().price, Cents(350));
    assert_eq!(m.recommend("anything").picks.len(), 1);
}

#[test]
fn unprintable_menu_text_is_refused_with_its_line() {
    let raw = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"Gin\u{9b}2J\"\ncategory = \"x\"\nprice = \"1\"\n";
    let e = Menu::from_toml(raw, "m").unwrap_err();
    assert_eq!(e.line, 5, "{e}");
    assert!(
        e.message.contains("item[0].name") && e.message.contains("U+009B"),
        "{e}"
    );
    let escaped = "[[category]]\nid = \"x\"\nname = \"X\"\n[[item]]\nname = \"Gin\"\ncategory = \"x\"\nprice = \"1\"\ndescription = \"a \\u202e b\"\n";
    let e = Menu::from_toml(escaped, "m").unwrap_err();
    assert!(
        e.message.contains("item[0].description") && e.message.contains("U+202E"),
        "{e}"
    );
    // A parse error quoting hostile content does not pass it on.
    let unknown = "[[category]]\nid = \"x\"\nname = \"X\"\n\"c\\u001b[2J\" = 1\n";
    let e = Menu::from_toml(unknown, "m").unwrap_err();
    assert!(crate::terminal::is_clean(&e.to_string()), "{e:?}");
}

#[test]
fn an_oversized_menu_file_is_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("menu.toml");
    let mut text = "#".repeat(crate::read_limit::MENU as usize);
    text.push('\n');
    std::fs::write(&p, &text).unwrap();
    let e = Menu::from_file(&p).unwrap_err().to_string();
    assert!(e.contains("more than the 4 MiB Maya reads"), "{e}");
}
