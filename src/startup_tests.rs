use super::*;

/// The choice for `kind` at `base_url` with `[provider] key = key` when exactly the keys in
/// `present` exist; also which keys were asked for, in order, and the notices.
fn try_choose(
    kind: ProviderKind,
    base_url: &str,
    key: &str,
    present: &[&str],
) -> (anyhow::Result<Arc<dyn Provider>>, Vec<String>, Vec<String>) {
    let mut config = Config::default();
    config.provider.kind = kind;
    config.provider.base_url = base_url.to_string();
    config.provider.key = key.to_string();
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
        &|name| present.contains(&name),
        &mut notices,
    );
    (provider, asked, notices)
}

fn choose(
    kind: ProviderKind,
    base_url: &str,
    present: &[&str],
) -> (Arc<dyn Provider>, Vec<String>, Vec<String>) {
    let (p, asked, notices) = try_choose(kind, base_url, "", present);
    (p.unwrap(), asked, notices)
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
            &|_| false,
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
    assert!(asked.is_empty(), "the OpenAI key is not for it: {asked:?}");
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

const ROUTER: &str = "https://openrouter.ai/api/v1";

#[test]
fn the_default_openai_key_is_not_even_read_for_another_endpoint() {
    for base in [
        ROUTER,
        "http://localhost:11434/v1",
        "http://10.1.2.3:8000/v1",
    ] {
        let (p, asked, notices) = choose(ProviderKind::Openai, base, &["openai"]);
        assert_eq!(p.id(), "openai");
        assert!(asked.is_empty(), "{base}: {asked:?}");
        assert_eq!(notices.len(), 1, "{base}: {notices:?}");
        assert!(notices[0].contains("not sent"), "{notices:?}");
    }
    let (_, _, notices) = choose(ProviderKind::Openai, ROUTER, &["openai"]);
    assert!(
        notices[0].contains("maya keys set openai:openrouter")
            && notices[0].contains("key = \"openai:openrouter\""),
        "{notices:?}"
    );
    // Nothing stored: nothing to say about a local server.
    let (_, _, notices) = choose(ProviderKind::Openai, "http://localhost:11434/v1", &[]);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn a_named_key_is_the_one_looked_up_and_picks_its_provider() {
    let present = ["openai", "gemini", "openai:openrouter"];
    for kind in [ProviderKind::Openai, ProviderKind::Auto] {
        let (p, asked, notices) = try_choose(kind, ROUTER, "openai:openrouter", &present);
        assert_eq!(p.unwrap().id(), "openai");
        assert_eq!(asked, ["openai:openrouter"]);
        assert!(notices.is_empty(), "{notices:?}");
    }
    let (p, asked, _) = try_choose(ProviderKind::Openai, ROUTER, "openai", &present);
    assert_eq!(p.unwrap().id(), "openai");
    assert_eq!(asked, ["openai"], "the user named the default key for it");
}

#[test]
fn a_named_key_that_is_not_stored_says_how_to_store_it() {
    let (p, _, _) = try_choose(
        ProviderKind::Openai,
        ROUTER,
        "openai:openrouter",
        &["openai"],
    );
    let err = p.err().unwrap().to_string();
    assert!(err.contains("maya keys set openai:openrouter"), "{err}");
}

#[test]
fn gemini_and_anthropic_elsewhere_need_their_key_named() {
    for (kind, base) in [
        (
            ProviderKind::Gemini,
            "https://gemini-gateway.example/v1beta",
        ),
        (ProviderKind::Anthropic, "http://127.0.0.1:9"),
    ] {
        let name = kind.as_str();
        let (p, asked, _) = try_choose(kind, base, "", &[name]);
        let err = p.err().expect(name).to_string();
        assert!(asked.is_empty(), "{asked:?}");
        assert!(err.contains(&format!("key = \"{name}\"")), "{err}");
        let (p, asked, _) = try_choose(kind, base, name, &[name]);
        assert_eq!(p.unwrap().id(), name);
        assert_eq!(asked, [name]);
    }
}

#[test]
fn a_named_key_never_goes_to_a_remote_plain_http_server() {
    let (p, asked, _) = try_choose(
        ProviderKind::Openai,
        "http://10.1.2.3:8000/v1",
        "openai:lan",
        &["openai:lan"],
    );
    let err = p.err().unwrap().to_string();
    assert!(err.contains("plain http"), "{err}");
    assert!(asked.is_empty(), "not even read: {asked:?}");
}

#[test]
fn auto_with_a_base_url_and_no_named_key_serves_the_house_and_says_why() {
    let (p, asked, notices) = choose(ProviderKind::Auto, ROUTER, &["openai", "gemini"]);
    assert_eq!(p.id(), "house");
    assert!(asked.is_empty(), "{asked:?}");
    assert!(notices.iter().any(|n| n.contains("kind")), "{notices:?}");
}

#[test]
fn house_asks_for_no_key() {
    let (p, asked, _) = choose(ProviderKind::House, "", &["openai"]);
    assert_eq!(p.id(), "house");
    assert!(asked.is_empty());
}

/// A passphrase vault holding only a Stripe key, with cheap KDF parameters.
fn stripe_only_vault(paths: &Paths) {
    use crate::secrets::kdf::VaultKey;
    use crate::secrets::master::MasterKind;
    use crate::secrets::vault::{self, KdfParams, Vault};
    let cfg = crate::secrets::MasterConfig::none().with_passphrase("pass phrase".into());
    let (secret, _) = cfg.open(MasterKind::Passphrase).unwrap();
    let params = KdfParams::for_unit_tests();
    let key = VaultKey::derive(secret.expose(), &params.salt, params.iterations).unwrap();
    vault::ensure_dir(&paths.credentials_file()).unwrap();
    let mut v = Vault::create(
        &paths.credentials_file(),
        MasterKind::Passphrase,
        &params,
        &key,
    );
    v.put(
        &key,
        "stripe",
        &SecretString::from("sk_test_0123456789abcdef"),
    );
    v.save().unwrap();
}

struct Answers(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl crate::secrets::Prompter for Answers {
    fn ask_hidden(&self, _: &str) -> std::io::Result<zeroize::Zeroizing<String>> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(zeroize::Zeroizing::new("pass phrase".into()))
    }
    fn ask_line(&self, _: &str) -> std::io::Result<String> {
        unreachable!()
    }
}

fn temp_paths(dir: &std::path::Path) -> Paths {
    Paths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        state_dir: dir.join("state"),
    }
}

/// Nothing listens there: Stripe "cannot be reached", quickly.
fn unreachable_stripe(config: &mut Config) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    config.stripe.api_base = format!("http://127.0.0.1:{port}");
}

#[tokio::test]
async fn the_stripe_key_is_read_only_when_a_checkout_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let paths = temp_paths(dir.path());
    stripe_only_vault(&paths);
    let master = || crate::secrets::MasterConfig::none().with_passphrase("pass phrase".into());
    let mut config = Config::default();
    config.provider.kind = ProviderKind::House;
    unreachable_stripe(&mut config);

    let keys = Arc::new(KeyStore::with(&paths, master(), |_: &str| None));
    let selector = payment_selector(&config, &keys, &mut vec![]);
    assert_eq!(keys.derivations(), 0, "the house bartender derives no key");
    let s = selector.choose().await.unwrap();
    assert_eq!(keys.derivations(), 1, "the first checkout reads the key");
    assert!(s.why.contains("could not be reached"), "{}", s.why);
    selector.choose().await.unwrap();
    assert_eq!(keys.derivations(), 1);

    // Simulated payments never look.
    config.payments.gateway = GatewayChoice::Simulated;
    let keys = Arc::new(KeyStore::with(&paths, master(), |_: &str| None));
    let selector = payment_selector(&config, &keys, &mut vec![]);
    selector.choose().await.unwrap();
    assert_eq!(keys.derivations(), 0);
}

#[tokio::test]
async fn a_stripe_key_behind_a_typed_passphrase_is_asked_for_before_the_bar_opens() {
    let dir = tempfile::tempdir().unwrap();
    let paths = temp_paths(dir.path());
    let asked = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tty =
        || crate::secrets::MasterConfig::none().with_prompter(Box::new(Answers(asked.clone())));
    let mut config = Config::default();
    unreachable_stripe(&mut config);

    // No Stripe key stored: nothing to ask.
    let keys = Arc::new(KeyStore::with(&paths, tty(), |_: &str| None));
    payment_selector(&config, &keys, &mut vec![])
        .choose()
        .await
        .unwrap();
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 0);

    stripe_only_vault(&paths);
    let keys = Arc::new(KeyStore::with(&paths, tty(), |_: &str| None));
    let selector = payment_selector(&config, &keys, &mut vec![]);
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "asked now, while the terminal is still ours"
    );
    selector.choose().await.unwrap();
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "never again"
    );
    assert_eq!(keys.derivations(), 1);
}
