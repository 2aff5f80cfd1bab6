use super::*;

#[test]
fn body_messages_from_every_shape() {
    assert_eq!(
        body_message(r#"{"error":{"message":"bad key"}}"#),
        "bad key"
    );
    assert_eq!(body_message(r#"[{"error":{"message":"g"}}]"#), "g");
    assert_eq!(
        body_message(r#"{"object":"error","message":"vllm"}"#),
        "vllm"
    );
    assert_eq!(body_message(r#"{"error":"plain"}"#), "plain");
    assert_eq!(body_message("  Bad Gateway \n"), "Bad Gateway");
    assert!(body_message(&"x".repeat(1000)).chars().count() <= 301);
}

#[test]
fn common_classification() {
    let h = HeaderMap::new();
    let f = classify_common("OpenAI", 401, &h, "{}", "maya keys set openai");
    assert_eq!(f.kind, ProviderErrorKind::Auth);
    assert!(!f.retryable);
    assert!(f.message.contains("maya keys set openai"), "{}", f.message);
    assert!(classify_common("X", 503, &h, "", "").retryable);
    assert!(classify_common("X", 529, &h, "", "").retryable);
    assert!(!classify_common("X", 400, &h, "", "").retryable);
}

#[test]
fn a_bare_404_points_at_the_url_settings() {
    let f = classify_common(
        "Anthropic",
        404,
        &HeaderMap::new(),
        "",
        "maya keys set anthropic",
    );
    assert_eq!(
        f.message,
        "Anthropic refused the request (404); check base_url and model in [provider] of the \
         config (maya doctor shows them)"
    );
    let f = classify_common(
        "Anthropic",
        400,
        &HeaderMap::new(),
        "{\"error\":{\"message\":\"bad\"}}",
        "",
    );
    assert_eq!(f.message, "Anthropic refused the request (400: bad)");
}

#[test]
fn messages_are_cleaned() {
    assert_eq!(
        clean("key sk-proj-abcdefghijklmnopqrstuvwxyz0123 \u{1b}[2Jgone"),
        "key [redacted] gone"
    );
}
