use super::*;

fn rows(line: &str, first: usize, rest: usize) -> Vec<&str> {
    break_line(line, first, rest)
        .into_iter()
        .map(|r| &line[r])
        .collect()
}

#[test]
fn breaks_after_spaces_and_only_long_words_inside() {
    assert_eq!(
        rows("two dirty martinis please", 12, 12),
        ["two dirty ", "martinis ", "please"]
    );
    assert_eq!(
        rows("a supercalifragilistic word", 8, 8),
        ["a ", "supercal", "ifragili", "stic ", "word"]
    );
    assert_eq!(rows("", 5, 5), [""]);
    assert_eq!(rows("   ", 2, 2), ["   "], "spaces hang past the edge");
    // A narrower first row (a label or bullet before it).
    assert_eq!(rows("one two three", 4, 9), ["one ", "two three"]);
}

#[test]
fn emoji_zwj_sequences_are_one_cluster_two_columns() {
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    assert_eq!(width(family), 2);
    // Three families in 4 columns: two rows, never a row ending inside a sequence.
    let three = family.repeat(3);
    let got = rows(&three, 4, 4);
    assert_eq!(got, [family.repeat(2), family.to_string()]);
    // Flags (regional indicator pairs) and skin tones likewise.
    assert_eq!(width("🇯🇵"), 2);
    assert_eq!(width("👍🏽"), 2);
    assert_eq!(rows("🇯🇵🇯🇵🇯🇵", 5, 5), ["🇯🇵🇯🇵", "🇯🇵"]);
}

#[test]
fn cjk_takes_two_columns_and_breaks_between_characters() {
    assert_eq!(width("東京駅"), 6);
    assert_eq!(rows("東京駅で待つ", 5, 5), ["東京", "駅で", "待つ"]);
    assert_eq!(rows("an 東京 bar", 6, 6), ["an ", "東京 ", "bar"]);
}

#[test]
fn combining_marks_stay_with_their_letter_and_take_no_room() {
    // "café" and "naïve" written with combining marks: 4 and 5 columns.
    let cafe = "cafe\u{301}";
    let naive = "nai\u{308}ve";
    assert_eq!(width(cafe), 4);
    assert_eq!(width(naive), 5);
    assert_eq!(
        rows(&format!("{cafe} {naive}"), 4, 4),
        [format!("{cafe} ").as_str(), "nai\u{308}v", "e"]
    );
    // Broken inside a long word: never between a letter and its mark.
    assert_eq!(
        rows("e\u{301}e\u{301}e\u{301}", 2, 2),
        ["e\u{301}e\u{301}", "e\u{301}"]
    );
}

proptest::proptest! {
    #[test]
    fn the_ascii_shortcut_breaks_as_segmentation_does(
        line in "[a-z .,!\t\r\x07\x0b\x0c-]{0,80}",
        first in 1usize..20,
        rest in 1usize..20,
    ) {
        proptest::prop_assert_eq!(
            break_line(&line, first, rest),
            break_clusters(&line, line.grapheme_indices(true), first, rest)
        );
    }
}

#[test]
fn no_break_spaces_hold_and_controls_take_no_room() {
    assert_eq!(rows("a 12 kg", 5, 5), ["a 12 ", "kg"]);
    assert_eq!(rows("a 12\u{a0}kg", 5, 5), ["a ", "12\u{a0}kg"]);
    assert_eq!(width("a\tb"), 2);
    assert_eq!(width("a\u{1b}b"), 2);
}
