use super::*;

#[test]
fn parses_stripe_error_bodies() {
    let body = r#"{"error":{"type":"invalid_request_error","code":"parameter_missing",
        "param":"line_items","message":"Missing required param: line_items.",
        "doc_url":"https://stripe.com/docs/error-codes/parameter-missing"}}"#;
    let e = ApiError::parse(body);
    assert_eq!(e.kind.as_deref(), Some("invalid_request_error"));
    assert_eq!(e.code.as_deref(), Some("parameter_missing"));
    assert_eq!(e.describe(""), "Missing required param: line_items.");
    assert!(!e.is_idempotency_error());
    assert!(!e.is_decline());
}

#[test]
fn names_the_parameter_when_the_message_does_not() {
    let e = ApiError::parse(r#"{"error":{"param":"expires_at","message":"Too soon."}}"#);
    assert_eq!(e.describe(""), "Too soon. (parameter: expires_at)");
}

#[test]
fn declines_are_recognised_from_stripe_and_localstripe() {
    let stripe = ApiError::parse(
        r#"{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}}"#,
    );
    let local = ApiError::parse(
        r#"{"error":{"type":"invalid_request_error","code":"card_declined","message":"Your card was declined."}}"#,
    );
    assert!(stripe.is_decline() && local.is_decline());
}

#[test]
fn non_json_bodies_become_the_message() {
    let e = ApiError::parse("<html>502 Bad Gateway</html>");
    assert_eq!(e.kind, None);
    assert_eq!(e.describe(""), "<html>502 Bad Gateway</html>");
    assert_eq!(ApiError::parse("  ").describe(""), "no message");
}

#[test]
fn clean_strips_escapes_bidi_and_tags() {
    let hostile = "pay\u{1b}]52;c;ZXZpbA==\u{7}now\u{1b}[2J \u{202E}gnp.exe\u{E0041}\u{9b}31m";
    let out = clean(hostile, "");
    assert!(crate::terminal::is_clean(&out), "{out:?}");
    // Whole sequences go, payload included (an OSC 52 would have written the clipboard).
    assert!(out.starts_with("paynow gnp.exe"), "{out:?}");
}

#[test]
fn clean_hides_keys() {
    let key = "sk_test_51Habcdefghijklmnop";
    let out = clean(
        &format!("Invalid API Key provided: {key}; also rk_live_XYZ123 and sk_test_****1234"),
        key,
    );
    assert!(!out.contains("51Habc"), "{out}");
    assert!(!out.contains("rk_live_"), "{out}");
    assert!(!out.contains("sk_test_"), "{out}");
    assert_eq!(out.matches("[redacted key]").count(), 3, "{out}");
}

#[test]
fn clean_bounds_length() {
    let out = clean(&"x".repeat(5000), "");
    assert_eq!(out.chars().count(), MAX_SHOWN + 1);
}

#[test]
fn server_text_is_cleaned_like_every_other_text_for_the_terminal() {
    // Line and paragraph separators and the Arabic letter mark move or reorder what a terminal
    // shows; the one sanitizer removes them, so Stripe's words go through it too.
    let shown = clean(
        "Card\u{2028}declined\u{2029}now\u{061C}\u{1b}[2J done\n",
        "",
    );
    assert!(crate::terminal::is_clean(&shown), "{shown:?}");
    assert!(
        !shown.contains(['\u{2028}', '\u{2029}', '\u{061C}', '\n']),
        "{shown:?}"
    );
    assert!(
        shown.starts_with("Card") && shown.ends_with("done"),
        "{shown:?}"
    );
}
