use super::*;

fn cfg(base_url: &str, key: &str) -> ProviderConfig {
    ProviderConfig {
        base_url: base_url.into(),
        key: key.into(),
        ..ProviderConfig::default()
    }
}

fn key_for(kind: ProviderKind, base_url: &str, key: &str) -> Option<String> {
    route(&cfg(base_url, key), kind)
        .unwrap_or_else(|e| panic!("{base_url} {key}: {e}"))
        .key
}

#[test]
fn the_default_key_goes_to_its_own_host_only() {
    use ProviderKind::*;
    for (kind, name) in [
        (Openai, "openai"),
        (Gemini, "gemini"),
        (Anthropic, "anthropic"),
    ] {
        let e = route(&cfg("", ""), kind).unwrap();
        assert_eq!(e.key.as_deref(), Some(name));
        assert_eq!(e.base, home(kind).unwrap().1);
        assert!(e.why.contains("own host"), "{}", e.why);
    }
    assert_eq!(
        key_for(Openai, "https://api.openai.com/v1/", ""),
        Some("openai".into())
    );
    assert_eq!(
        key_for(Openai, "https://API.OpenAI.com/v1", ""),
        Some("openai".into())
    );
    for elsewhere in [
        "https://openrouter.ai/api/v1",
        "https://api.openai.com.evil.example/v1",
        "https://api.openai.com:8443/v1",
        "http://api.openai.com/v1",
        "http://localhost:11434/v1",
        "http://127.0.0.1:8080/v1",
    ] {
        assert_eq!(key_for(Openai, elsewhere, ""), None, "{elsewhere}");
    }
    assert_eq!(
        key_for(Gemini, "https://gemini-proxy.example/v1beta", ""),
        None
    );
    assert_eq!(key_for(Anthropic, "http://127.0.0.1:9/", ""), None);
}

#[test]
fn an_unnamed_endpoint_says_exactly_what_to_run_and_write() {
    let e = route(
        &cfg("https://openrouter.ai/api/v1", ""),
        ProviderKind::Openai,
    )
    .unwrap();
    assert!(
        e.why.contains("maya keys set openai:openrouter")
            && e.why.contains("key = \"openai:openrouter\"")
            && e.why.contains("api.openai.com"),
        "{}",
        e.why
    );
    let e = route(&cfg("https://gw.example/v1beta", ""), ProviderKind::Gemini).unwrap();
    assert!(e.why.contains("key = \"gemini\""), "{}", e.why);
    let e = route(&cfg("http://models.example/v1", ""), ProviderKind::Openai).unwrap();
    assert!(e.why.contains("plain http"), "{}", e.why);
}

#[test]
fn a_named_key_goes_where_it_is_named() {
    use ProviderKind::*;
    let router = "https://openrouter.ai/api/v1";
    assert_eq!(
        key_for(Openai, router, "openai:openrouter"),
        Some("openai:openrouter".into())
    );
    assert_eq!(key_for(Openai, router, " openai "), Some("openai".into()));
    assert_eq!(
        key_for(Openai, "http://localhost:11434/v1", "openai:local"),
        Some("openai:local".into()),
        "loopback may carry a key"
    );
    assert_eq!(
        key_for(Openai, "http://[::1]:8000/v1", "openai:local"),
        Some("openai:local".into())
    );
    assert_eq!(
        key_for(Gemini, "https://gw.example/v1beta", "gemini"),
        Some("gemini".into())
    );
    assert_eq!(
        key_for(Anthropic, "", "anthropic"),
        Some("anthropic".into())
    );
}

#[test]
fn remote_plain_http_never_carries_a_key() {
    for kind in [
        ProviderKind::Openai,
        ProviderKind::Gemini,
        ProviderKind::Anthropic,
    ] {
        let named = match kind {
            ProviderKind::Openai => "openai:lan",
            k => k.as_str(),
        };
        for base in ["http://10.0.0.5:11434/v1", "http://models.example/v1"] {
            let err = route(&cfg(base, named), kind).unwrap_err();
            assert_eq!(err.kind, ProviderErrorKind::Auth);
            assert!(
                err.message.contains("plain http") && err.message.contains("https://"),
                "{}",
                err.message
            );
        }
    }
}

#[test]
fn a_key_of_another_provider_or_a_bad_name_is_refused() {
    for (kind, key, says) in [
        (ProviderKind::Gemini, "openai:router", "not a gemini key"),
        (ProviderKind::Openai, "anthropic", "not a openai key"),
        (ProviderKind::Openai, "stripe", "not a model provider's key"),
        (
            ProviderKind::Openai,
            "cartesia",
            "not a model provider's key",
        ),
        (ProviderKind::Openai, "openai:Bad Label", "unknown key name"),
        (ProviderKind::Openai, "gemini:x", "unknown key name"),
    ] {
        let err = route(&cfg("", key), kind).unwrap_err();
        assert!(err.message.contains(says), "{key}: {}", err.message);
    }
}

#[test]
fn base_urls_are_checked_alike_for_every_provider() {
    for kind in [
        ProviderKind::Openai,
        ProviderKind::Gemini,
        ProviderKind::Anthropic,
    ] {
        for (base, says) in [
            ("localhost:11434", "http(s)"),
            ("ftp://example.com", "http(s)"),
            ("not a url", "not a URL"),
            ("https://user:pw@example.com/v1", "user name"),
            ("https://example.com/v1?key=x", "query"),
            ("https://example.com/v1#x", "fragment"),
        ] {
            let err = route(&cfg(base, ""), kind).unwrap_err();
            assert!(
                err.message.contains(says) && err.message.contains("base_url"),
                "{base}: {}",
                err.message
            );
            assert!(
                !err.message.contains("pw@"),
                "a password is not echoed: {}",
                err.message
            );
        }
    }
}

#[test]
fn labels_suggested_from_hosts() {
    for (host, label) in [
        ("openrouter.ai", "openrouter"),
        ("api.together.xyz", "together"),
        ("api.groq.com", "groq"),
        ("localhost", "local"),
        ("127.0.0.1", "local"),
        ("[::1]", "local"),
        ("api.openai.com", "openai"),
        ("ai", "ai"),
    ] {
        assert_eq!(suggested_label(host), label, "{host}");
    }
    assert!(KeyName::parse(&format!("openai:{}", suggested_label("x.y"))).is_ok());
}
