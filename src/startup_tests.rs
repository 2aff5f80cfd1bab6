use super::*;

/// The choice for `kind` when exactly the keys in `present` exist; also which keys were
/// asked for, in order.
fn choose(
    kind: ProviderKind,
    base_url: &str,
    present: &[&str],
) -> (Arc<dyn Provider>, Vec<String>, Vec<String>) {
    let mut config = Config::default();
    config.provider.kind = kind;
    config.provider.base_url = base_url.to_string();
    let menu = Arc::new(Menu::builtin());
    let mut asked = Vec::new();
    let mut notices = Vec::new();
    let provider = select_provider(
        &config,
        &menu,
        &mut |name, _| {
            asked.push(name.to_string());
            present
                .contains(&name)
                .then(|| SecretString::from(format!("sk-{name}-0123456789abcdefghij")))
        },
        &mut notices,
    )
    .unwrap();
    (provider, asked, notices)
}

#[test]
fn auto_without_keys_is_the_house() {
    let (p, asked, notices) = choose(ProviderKind::Auto, "", &[]);
    assert_eq!(p.id(), "house");
    assert_eq!(asked, ["gemini", "openai", "anthropic"]);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn auto_with_an_openai_key_is_openai() {
    let (p, asked, notices) = choose(ProviderKind::Auto, "", &["openai", "anthropic"]);
    assert_eq!((p.id(), p.model()), ("openai", "gpt-4o-mini"));
    assert_eq!(asked, ["gemini", "openai"]);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn auto_tries_gemini_first() {
    let (p, asked, _) = choose(ProviderKind::Auto, "", &["gemini", "openai"]);
    assert_eq!(asked, ["gemini"]);
    assert_eq!((p.id(), p.model()), ("gemini", "gemini-2.5-flash"));
    let (p, asked, _) = choose(ProviderKind::Auto, "", &["anthropic"]);
    assert_eq!(asked, ["gemini", "openai", "anthropic"]);
    assert_eq!(p.id(), "anthropic");
}

#[test]
fn gemini_or_anthropic_without_a_key_says_how_to_add_one() {
    for (kind, env) in [
        (ProviderKind::Gemini, "GEMINI_API_KEY or GOOGLE_API_KEY"),
        (ProviderKind::Anthropic, "ANTHROPIC_API_KEY"),
    ] {
        let mut config = Config::default();
        config.provider.kind = kind;
        let err = select_provider(
            &config,
            &Arc::new(Menu::builtin()),
            &mut |_, _| None,
            &mut vec![],
        )
        .err()
        .expect("no key is an error")
        .to_string();
        assert!(
            err.contains(&format!("maya keys set {}", kind.as_str())),
            "{err}"
        );
        assert!(err.contains(env), "{err}");
    }
}

#[test]
fn a_base_url_alone_does_not_choose_openai() {
    let (p, _, _) = choose(ProviderKind::Auto, "http://localhost:11434/v1", &[]);
    assert_eq!(p.id(), "house");
}

#[test]
fn explicit_openai_without_a_key_is_openai() {
    let (p, asked, notices) = choose(ProviderKind::Openai, "http://localhost:11434/v1", &[]);
    assert_eq!(p.id(), "openai");
    assert_eq!(asked, ["openai"]);
    assert!(
        notices.is_empty(),
        "a local server needs no key: {notices:?}"
    );
    // Against OpenAI itself the guest is told the key is missing.
    let (p, _, notices) = choose(ProviderKind::Openai, "", &[]);
    assert_eq!(p.id(), "openai");
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("maya keys set openai"), "{notices:?}");
}

#[test]
fn auto_with_openai_api_key_through_the_key_store() {
    // The real KeyStore, with its environment given as a map and an empty vault directory.
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        state_dir: dir.path().join("state"),
    };
    let env = |var: &str| {
        (var == "OPENAI_API_KEY").then(|| "sk-proj-0123456789abcdefghijklmn".to_string())
    };
    let store = KeyStore::with(&paths, crate::secrets::MasterConfig::none(), env);
    let config = Config::default();
    let mut notices = Vec::new();
    let p = choose_provider(&config, &Arc::new(Menu::builtin()), &store, &mut notices).unwrap();
    assert_eq!(p.id(), "openai");
    assert!(notices.is_empty(), "{notices:?}");
    let nothing = KeyStore::with(&paths, crate::secrets::MasterConfig::none(), |_: &str| None);
    let p = choose_provider(&config, &Arc::new(Menu::builtin()), &nothing, &mut notices).unwrap();
    assert_eq!(p.id(), "house");
}

#[test]
fn house_asks_for_no_key() {
    let (p, asked, _) = choose(ProviderKind::House, "", &["openai"]);
    assert_eq!(p.id(), "house");
    assert!(asked.is_empty());
}
