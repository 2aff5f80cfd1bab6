use super::*;

fn theme() -> Theme {
    Theme { color: true }
}

fn text_of(spans: &[(String, Style)]) -> String {
    spans.iter().map(|(t, _)| t.as_str()).collect()
}

fn rows(text: &str, width: usize) -> Vec<String> {
    let b = block(text, Style::default(), &theme());
    wrap(&b, width, 0)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn emphasis_is_styled_and_markers_removed() {
    let spans = inline("a **bold** and *it* and `code`", Style::default(), &theme());
    assert_eq!(text_of(&spans), "a bold and it and code");
    let bold = spans.iter().find(|(t, _)| t == "bold").unwrap();
    assert!(bold.1.add_modifier.contains(Modifier::BOLD));
    let it = spans.iter().find(|(t, _)| t == "it").unwrap();
    assert!(it.1.add_modifier.contains(Modifier::ITALIC));
}

#[test]
fn unpaired_markers_stay_literal() {
    for s in [
        "a **half",
        "2 * 3 = 6",
        "snake_case_name",
        "`open",
        "price *per* glass",
    ] {
        let t = text_of(&inline(s, Style::default(), &theme()));
        if s == "price *per* glass" {
            assert_eq!(t, "price per glass");
        } else {
            assert_eq!(t, s, "{s}");
        }
    }
}

#[test]
fn lists_and_headings() {
    let b = block("- a Martini", Style::default(), &theme());
    assert_eq!(text_of(&b.prefix), "• ");
    assert_eq!(b.indent, 2);
    let b = block("12. twelve", Style::default(), &theme());
    assert_eq!(text_of(&b.prefix), "12. ");
    let b = block("## The menu", Style::default(), &theme());
    assert_eq!(text_of(&b.spans), "The menu");
}

#[test]
fn wraps_at_words_and_indents_list_continuations() {
    assert_eq!(
        rows("the quick brown fox jumps", 10),
        ["the quick", "brown fox", "jumps"]
    );
    assert_eq!(
        rows("- one two three four", 10),
        ["• one two", "  three", "  four"]
    );
    assert_eq!(rows("abcdefghijklmnop", 6), ["abcdef", "ghijkl", "mnop"]);
    assert_eq!(rows("", 10), [""]);
    assert_eq!(rows("a **bold** word", 40), ["a bold word"]);
}

proptest::proptest! {
    #[test]
    fn row_count_is_the_number_of_wrapped_rows(
        line in "([a-z]{1,9}|\\*\\*|\\*|`| |- |1\\. |## |東京|🍸){0,40}",
        width in 1usize..50,
        indent in 0usize..8,
    ) {
        let b = block(&line, Style::default(), &theme());
        proptest::prop_assert_eq!(row_count(&b, width, indent), wrap(&b, width, indent).len());
    }
}

#[test]
fn wide_characters_count_double() {
    assert_eq!(rows("🍸🍸🍸 🍸🍸", 6), ["🍸🍸🍸", "🍸🍸"]);
}

#[test]
fn grapheme_clusters_are_measured_as_drawn() {
    // A family is one 2-column cluster (6 columns if counted char by char): three fit 8.
    let family = "👨\u{200d}👩\u{200d}👧";
    let three = format!("{family} {family} {family}");
    assert_eq!(rows(&three, 8), [three.as_str()]);
    assert_eq!(
        rows(&three, 7),
        [format!("{family} {family}"), family.to_string()]
    );
    // CJK: two columns a character, a long run broken between characters.
    assert_eq!(rows("東京駅で待つ", 5), ["東京", "駅で", "待つ"]);
    // Combining marks stay on their letter when a long word is broken.
    let e = "e\u{301}";
    assert_eq!(rows(&e.repeat(6), 4), [e.repeat(4), e.repeat(2)]);
    // A word across styles ("**bold**,") is still one word.
    assert_eq!(rows("a **bold**, word", 6), ["a", "bold,", "word"]);
}
