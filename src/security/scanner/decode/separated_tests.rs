//! The walk matches what the regex it replaced matched, to the character.

use proptest::prelude::*;
use regex::Regex;

use super::join_separated_letters;

fn oracle(text: &str) -> String {
    let re = Regex::new(r"\b\p{L}(?:[-._*+~·]\p{L}){2,}\b").expect("the oracle compiles");
    re.replace_all(text, |c: &regex::Captures| {
        c[0].chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>()
    })
    .into_owned()
}

#[test]
fn spelled_words_are_rejoined_as_the_regex_did() {
    for (text, want) in [
        ("i-g-n-o-r-e all", "ignore all"),
        ("R.E.V.E.A.L it", "REVEAL it"),
        ("s_h_o_w me", "show me"),
        ("a-b", "a-b"),
        ("a-b-c", "abc"),
        ("x1-b-c", "x1-b-c"),
        ("a-b-c1", "a-b-c1"),
        ("a-b-c-d1 x", "abc-d1 x"),
        ("a-b-c-d-e1", "abcd-e1"),
        ("a-b-c_d", "abcd"),
        ("é·ж·中 ok", "éж中 ok"),
        ("e.g. 3-4-5 t-shirt", "e.g. 3-4-5 t-shirt"),
        ("", ""),
    ] {
        assert_eq!(join_separated_letters(text), want, "{text}");
        assert_eq!(oracle(text), want, "the oracle agrees on {text}");
    }
}

#[test]
fn text_without_a_run_is_borrowed_not_copied() {
    assert!(matches!(
        join_separated_letters("two martinis, one dirty"),
        std::borrow::Cow::Borrowed(_)
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn any_text_is_joined_exactly_as_the_regex_joined_it(
        text in "[ab1_\\-.*+~·é ж中\u{301}Ⅻ\u{200D}x]{0,40}",
    ) {
        prop_assert_eq!(join_separated_letters(&text).into_owned(), oracle(&text));
    }
}
