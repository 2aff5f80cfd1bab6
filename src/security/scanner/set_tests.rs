//! The pattern set answers exactly what `regex::RegexSet` answers (the oracle it replaced), on
//! every scanner pattern over the development set's texts in each view, and on generated text
//! that sends the lazy DFA to its PikeVM fallback.

use proptest::prelude::*;
use regex::RegexSet;

use super::PatternSet;
use crate::security::scanner::normalize;
use crate::security::scanner::patterns::{INPUT_TABLES, Pattern, TOXIC, View};

fn both(patterns: &[&str]) -> (PatternSet, RegexSet) {
    (
        PatternSet::new(patterns).expect("builds"),
        RegexSet::new(patterns).expect("the oracle builds"),
    )
}

fn agree(ours: &PatternSet, oracle: &RegexSet, text: &str) {
    let got: Vec<usize> = ours.matches(text).collect();
    let want: Vec<usize> = oracle.matches(text).into_iter().collect();
    assert_eq!(got, want, "on {text:?}");
}

fn dev_texts() -> Vec<String> {
    include_str!("../../../tests/data/injection_dev.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_scanner_pattern_agrees_with_regex_set_on_the_development_set() {
    let table: Vec<&Pattern> = INPUT_TABLES
        .iter()
        .chain([&TOXIC])
        .flat_map(|t| t.iter())
        .collect();
    let texts = dev_texts();
    assert!(texts.len() > 1000, "the development set is there");
    let mut matched = 0;
    for view in [View::Words, View::Joined, View::Raw] {
        let patterns: Vec<&str> = table
            .iter()
            .filter(|p| p.view == view)
            .map(|p| p.regex)
            .collect();
        for chunk in patterns.chunks(32) {
            let (ours, oracle) = both(chunk);
            for text in &texts {
                let views = normalize::full(text);
                for form in [&views.words, &views.joined, &text.to_lowercase(), text] {
                    agree(&ours, &oracle, form);
                    matched += usize::from(oracle.is_match(form));
                }
            }
        }
    }
    // Not vacuous: the patterns do match much of the set.
    assert!(matched > 1000, "{matched}");
}

#[test]
fn a_unicode_word_boundary_beside_non_ascii_text_falls_back_and_still_agrees() {
    let (ours, oracle) = both(&[r"\bfoo\b", r"(?i)ignore\s+all", r"\w+ж"]);
    for text in [
        "éfoo",
        "é foo",
        "foo",
        "IGNORE   all",
        "прожжж foo",
        "",
        "ÉFOO bar",
    ] {
        agree(&ours, &oracle, text);
    }
    assert_eq!(ours.matches("é foo").collect::<Vec<_>>(), vec![0]);
    assert_eq!(ours.matches("éfoo").count(), 0);
}

#[test]
fn an_invalid_pattern_is_an_error_not_a_panic() {
    assert!(PatternSet::new(&["(unclosed"]).is_err());
}

proptest! {
    #[test]
    fn generated_text_agrees_with_regex_set(
        text in "[a-zé жIGNORE.,\n\u{200B}]{0,60}",
    ) {
        let patterns = [
            r"\bignore\b",
            r"(?i)ignore\s+(all|every)",
            r"é\w*",
            r"(?m)^ж",
            r"\b\w{3}\b",
            r"[.,]\s*$",
        ];
        let (ours, oracle) = both(&patterns);
        agree(&ours, &oracle, &text);
    }
}

#[test]
fn the_pikevm_cache_is_made_only_once_the_lazy_dfa_gives_up() {
    let set = PatternSet::new(&[r"\bfoo\b"]).expect("builds");
    assert_eq!(set.matches("a foo here").count(), 1);
    assert!(
        set.caches.get().pikevm.is_none(),
        "ASCII text: the lazy DFA answered"
    );
    assert_eq!(set.matches("éfoo").count(), 0);
    assert!(
        set.caches.get().pikevm.is_some(),
        "a Unicode \\b beside é: the PikeVM did"
    );
}
