use super::*;

fn config(kind: ProviderKind, base_url: &str, key: &str) -> Config {
    let mut c = Config::default();
    c.provider.kind = kind;
    c.provider.base_url = base_url.into();
    c.provider.key = key.into();
    c
}

const ROUTER: &str = "https://openrouter.ai/api/v1";

#[test]
fn a_key_is_checked_only_where_it_may_be_sent() {
    // The OpenAI key, with base_url elsewhere and not named for it: asked at OpenAI.
    let c = config(ProviderKind::Openai, ROUTER, "");
    assert_eq!(check_config_for(&c, "openai").unwrap().base_url, "");
    // Named for it: asked there.
    let c = config(ProviderKind::Openai, ROUTER, "openai");
    assert_eq!(check_config_for(&c, "openai").unwrap().base_url, ROUTER);
    // A labelled key: where it is named, and nowhere else.
    let c = config(ProviderKind::Openai, ROUTER, "openai:openrouter");
    assert_eq!(
        check_config_for(&c, "openai:openrouter").unwrap().base_url,
        ROUTER
    );
    assert_eq!(check_config_for(&c, "openai").unwrap().base_url, "");
    let err = check_config_for(&config(ProviderKind::Auto, "", ""), "openai:work").unwrap_err();
    assert!(err.contains("key = \"openai:work\""), "{err}");
    // Another provider's base_url says nothing about Gemini.
    let c = config(ProviderKind::Openai, "http://localhost:11434/v1", "");
    let g = check_config_for(&c, "gemini").unwrap();
    assert_eq!((g.kind, g.base_url.as_str()), (ProviderKind::Gemini, ""));
    // A Gemini gateway named for the Gemini key.
    let c = config(ProviderKind::Gemini, "https://gw.example/v1beta", "gemini");
    assert_eq!(
        check_config_for(&c, "gemini").unwrap().base_url,
        "https://gw.example/v1beta"
    );
}

#[tokio::test]
async fn a_labelled_key_nobody_named_is_not_sent_anywhere_to_be_checked() {
    let check = check_key(
        &Config::default(),
        "openai:work",
        Some(SecretString::from("sk-work-0123456789abcdefghij")),
    )
    .await;
    assert!(
        matches!(&check, KeyCheck::Unreachable(m) if m.contains("not named")),
        "{check:?}"
    );
}
