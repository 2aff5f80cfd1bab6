//! The provider itself without a network: defaults and overrides, the key kept out of sight,
//! and the judgement of HTTP error answers.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::SecretString;

use super::*;
use crate::llm::ProviderErrorKind as K;

fn provider(base: &str, key: Option<&str>) -> OpenAi {
    let cfg = ProviderConfig {
        base_url: base.into(),
        ..ProviderConfig::default()
    };
    OpenAi::new(&cfg, key.map(|k| SecretString::from(k.to_string()))).unwrap()
}

#[test]
fn defaults_overrides_and_labels() {
    let p = provider("", Some("sk-test-abcdefghijklmnopqrstuvwx"));
    assert_eq!((p.id(), p.model()), ("openai", "gpt-4o-mini"));
    assert_eq!(p.base_url(), "https://api.openai.com/v1");
    assert_eq!(p.judge.label, "OpenAI");
    let cfg = ProviderConfig {
        base_url: "http://localhost:11434/v1/".into(),
        model: "llama3.2".into(),
        ..ProviderConfig::default()
    };
    let p = OpenAi::new(&cfg, None).unwrap();
    assert_eq!(
        (p.model(), p.base_url()),
        ("llama3.2", "http://localhost:11434/v1")
    );
    assert_eq!(p.judge.label, "the OpenAI-compatible server");
    assert!(p.auth.is_none());
    assert_eq!(
        provider("https://openrouter.ai/api/v1", None).judge.label,
        "OpenRouter"
    );
    // An empty key is no key.
    assert!(provider("", Some("  ")).auth.is_none());
    let bad = ProviderConfig {
        base_url: "localhost:11434".into(),
        ..ProviderConfig::default()
    };
    assert!(OpenAi::new(&bad, None).is_err());
}

#[test]
fn debug_never_shows_the_key() {
    let p = provider("", Some("sk-proj-SECRETSECRETSECRET0123"));
    let shown = format!("{p:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("key: \"set\""), "{shown}");
    let header = p.auth.as_ref().unwrap();
    assert!(header.is_sensitive());
    assert!(!format!("{header:?}").contains("SECRET"));
}

#[test]
fn error_answers_are_judged() {
    let p = provider("http://127.0.0.1:9/v1", Some("sk-x"));
    let h = HeaderMap::new();
    let f = p.judge.classify(
        429,
        &h,
        r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
    );
    assert_eq!((f.kind, f.retryable), (K::Quota, false));
    assert!(f.message.contains("billing quota"), "{}", f.message);

    let mut h2 = HeaderMap::new();
    h2.insert("retry-after", HeaderValue::from_static("2"));
    let f = p.judge.classify(
        429,
        &h2,
        r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
    );
    assert_eq!(f.kind, K::RateLimited);
    assert_eq!((f.retryable, f.hint), (true, Some(Duration::from_secs(2))));

    let f = p.judge.classify(
        404,
        &h,
        r#"{"error":{"message":"The model `gpt-x` does not exist"}}"#,
    );
    assert_eq!(
        f.message,
        "model gpt-4o-mini not found at http://127.0.0.1:9/v1 (404: The model `gpt-x` does not exist); set [provider] model (or check [provider] base_url)"
    );
    let f = p
        .judge
        .classify(401, &h, r#"{"error":{"message":"Incorrect API key"}}"#);
    assert_eq!(
        f.message,
        "your OpenAI key was rejected by the OpenAI-compatible server (401: Incorrect API key); set a new one: maya keys set openai"
    );
    let keyless = provider("http://127.0.0.1:9/v1", None);
    let f = keyless.judge.classify(401, &h, "Unauthorized");
    assert_eq!(f.kind, K::Auth);
    assert_eq!(
        f.message,
        "the OpenAI-compatible server at http://127.0.0.1:9/v1 wants an API key (401: \
         Unauthorized); to send a key to 127.0.0.1, store one with `maya keys set openai:local` \
         and set [provider] key = \"openai:local\" in config.toml (or MAYA_KEY=openai:local); \
         to send your OpenAI key there, key = \"openai\""
    );
    let keyless_at_openai = provider("https://api.openai.com/v1", None);
    let f = keyless_at_openai.judge.classify(401, &h, "Unauthorized");
    assert!(
        f.message.ends_with("set one: maya keys set openai"),
        "{}",
        f.message
    );
    // A labelled key is named in its own errors.
    let labelled = provider("http://127.0.0.1:9/v1", Some("sk-x")).with_key_name("openai:local");
    let f = labelled.judge.classify(401, &h, "{}");
    assert!(
        f.message
            .ends_with("set a new one: maya keys set openai:local"),
        "{}",
        f.message
    );
    assert_eq!(p.judge.classify(402, &h, "{}").kind, K::Quota);
    assert!(p.judge.classify(503, &h, "").retryable);
    assert!(!p.judge.classify(400, &h, "").retryable);
}
