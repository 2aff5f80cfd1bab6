use super::*;

#[test]
fn wraps_at_spaces_and_breaks_only_words_wider_than_a_row() {
    assert_eq!(wrap("a martini please", 10), ["a martini", "please"]);
    assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    assert_eq!(wrap("one\ntwo three", 20), ["one", "two three"]);
    assert_eq!(wrap("", 5), [""]);
    assert!(fits("Enlarge to 40×12", 16, 1));
    assert!(!fits("Enlarge to 40×12", 15, 1));
    assert!(!fits("40×12", 4, 9), "a word is never cut to fit");
}

#[test]
fn emoji_sequences_cjk_and_combining_marks_take_the_columns_they_are_drawn_in() {
    let family = "👨\u{200d}👩\u{200d}👧";
    assert_eq!(
        wrap(&format!("{family}  {family}"), 5),
        [format!("{family} {family}")]
    );
    assert!(fits(&format!("{family} {family}"), 5, 1));
    assert_eq!(wrap("東京駅 bar", 6), ["東京駅", "bar"]);
    assert!(!fits("東京駅", 5, 3), "a 6-column word is not cut to fit 5");
    assert_eq!(
        wrap("cafe\u{301} cafe\u{301}", 9),
        ["cafe\u{301} cafe\u{301}"]
    );
    // No-break spaces hold a price and its unit together.
    assert_eq!(wrap("only 12\u{a0}kg", 7), ["only", "12\u{a0}kg"]);
}

#[test]
fn the_least_kept_parts_are_shortened_then_dropped() {
    let parts = [
        Part::new("Enter send", 0, ()),
        Part::new("F2/F3/F4 tip", 3, ()),
        Part::new("Ctrl+P pay", 1, ()),
        Part::new("payment waiting (Ctrl+P)", 0, ()).or("waiting: Ctrl+P"),
    ];
    let all = "Enter send · F2/F3/F4 tip · Ctrl+P pay · payment waiting (Ctrl+P)";
    assert_eq!(join(&parts, " · ", 80), all);
    assert_eq!(
        join(&parts, " · ", text_width(all) - 1),
        "Enter send · Ctrl+P pay · payment waiting (Ctrl+P)"
    );
    assert_eq!(join(&parts, " · ", 30), "Enter send · waiting: Ctrl+P");
    assert_eq!(join(&parts, " · ", 3), "Enter send", "the first part stays");
}
