use super::*;

fn w(s: &str) -> Vec<String> {
    words(s)
}

#[test]
fn numbers_in_digits_and_words() {
    assert_eq!(number_at(&w("3 martinis"), 0), Some((3, 1)));
    assert_eq!(number_at(&w("twelve"), 0), Some((12, 1)));
    assert_eq!(number_at(&w("a couple of ipas"), 0), Some((2, 3)));
    assert_eq!(number_at(&w("a dozen"), 0), Some((12, 2)));
    assert_eq!(number_at(&w("an ipa"), 0), Some((1, 1)));
    assert_eq!(number_at(&w("martini"), 0), None);
}

#[test]
fn percentages_and_dollars() {
    assert_eq!(percent("add 20 %", &w("add 20 %")), Some(20));
    assert_eq!(percent("tip 15%", &w("tip 15%")), Some(15));
    assert_eq!(
        percent("fifteen percent tip", &w("fifteen percent tip")),
        Some(15)
    );
    assert_eq!(percent("no tip", &w("no tip")), None);
    assert_eq!(
        dollars("tip $4.50 please", &w("tip $4.50 please")),
        Some("4.50".into())
    );
    assert_eq!(
        dollars("leave five bucks", &w("leave five bucks")),
        Some("5".into())
    );
    assert_eq!(dollars("tip $.", &w("tip $.")), None);
}

#[test]
fn phrases() {
    let ws = w("Check, please!");
    assert!(has(&ws, "check please"));
    assert!(!has(&ws, "please check"));
    assert_eq!(find(&w("a b c"), "b c"), Some(1));
    assert_eq!(find(&w("a"), "a b"), None);
}
