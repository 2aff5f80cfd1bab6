use super::speakable;

fn say(s: &str) -> String {
    speakable(s).unwrap_or_default()
}

#[test]
fn prices_are_read_as_money() {
    assert_eq!(
        say("Two Martinis, $26.00."),
        "Two Martinis, twenty-six dollars."
    );
    assert_eq!(say("That's $13.00 even"), "That's thirteen dollars even");
    assert_eq!(
        say("Your balance is $1,000.00!"),
        "Your balance is one thousand dollars!"
    );
    assert_eq!(
        say("A tip of $3.90 on $26"),
        "A tip of three dollars and ninety cents on twenty-six dollars"
    );
    assert_eq!(say("$0.50 back"), "fifty cents back");
    assert_eq!(say("a 15% tip"), "a 15 percent tip");
}

#[test]
fn markup_is_not_read() {
    assert_eq!(say("**Negroni** is *lovely*"), "Negroni is lovely");
    assert_eq!(say("## The menu"), "The menu");
    assert_eq!(say("- Martini (dirty)"), "Martini (dirty)");
    assert_eq!(say("2. Old Fashioned"), "Old Fashioned");
    assert_eq!(say("> quoted words"), "quoted words");
    assert_eq!(say("Use `/pay` now"), "Use /pay now");
    assert_eq!(
        say("See [the menu](https://example.com/menu) and https://x.test/a?b=c too"),
        "See the menu and too"
    );
    assert_eq!(say("2× Martini 🍸"), "2 Martini");
    assert_eq!(say("| Drink | Price |"), "Drink Price");
    assert_eq!(say("[[h@l@U]] hello"), "h l U hello");
}

#[test]
fn nothing_speakable_is_none() {
    for s in ["---", "| --- | --- |", "🍸🍸", "   ", "**", "* * *"] {
        assert_eq!(speakable(s), None, "{s:?}");
    }
}
