use super::*;

#[test]
fn checkout_keys_carry_their_issue_time() {
    let key = checkout_key("20250101-abc", 7, 2, 1_700_000_000);
    assert!(key.starts_with("mok5ha-20250101-abc-"), "{key}");
    assert!(key.contains("-v7-a2-t"), "{key}");
    assert_eq!(issued_at(&key), Some(1_700_000_000));
    assert_eq!(tab_version(&key), Some(7));
    assert!(is_valid_key(&key));
    // Whatever the session id holds.
    let odd = checkout_key("x-v3-a1-v", 42, 0, 5);
    assert_eq!(tab_version(&odd), Some(42), "{odd}");
    assert_eq!(tab_version("3f1c-uuid"), None);
}

#[test]
fn keys_differ_by_session_version_and_attempt() {
    let a = checkout_key("s", 1, 0, 10);
    assert_ne!(a, checkout_key("s", 2, 0, 10));
    assert_ne!(a, checkout_key("s", 1, 1, 10));
    assert_ne!(a, checkout_key("t", 1, 0, 10));
    // Ids that only differ in characters the key drops still get different keys.
    assert_ne!(
        checkout_key("a b", 1, 0, 10),
        checkout_key("a\tb", 1, 0, 10)
    );
}

#[test]
fn hostile_session_ids_still_make_valid_keys() {
    let key = checkout_key(&"é\r\n x".repeat(200), u64::MAX, u32::MAX, i64::MAX);
    assert!(is_valid_key(&key), "{key}");
    assert_eq!(issued_at(&key), Some(i64::MAX));
}

#[test]
fn foreign_keys_have_no_issue_time() {
    assert_eq!(issued_at("3f1c-uuid"), None);
    assert_eq!(issued_at("x-t"), None);
    assert_eq!(issued_at("x-t12a"), None);
}

#[test]
fn derived_keys_are_stable_distinct_and_bounded() {
    let key = checkout_key("s", 1, 0, 10);
    let visa = derived_key(&key, "card:pm_card_visa");
    assert_eq!(visa, derived_key(&key, "card:pm_card_visa"));
    assert_ne!(visa, derived_key(&key, "card:pm_card_chargeDeclined"));
    let long = derived_key(&"k".repeat(300), "card:pm_card_visa");
    assert!(is_valid_key(&long), "{long}");
    assert_ne!(long, derived_key(&"k".repeat(301), "card:pm_card_visa"));
}

#[test]
fn invalid_keys_are_recognised() {
    assert!(!is_valid_key(""));
    assert!(!is_valid_key("has space"));
    assert!(!is_valid_key("new\nline"));
    assert!(!is_valid_key(&"k".repeat(256)));
    assert!(is_valid_key(&"k".repeat(255)));
}
