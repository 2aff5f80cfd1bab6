use super::*;

fn name(s: &str) -> KeyName {
    KeyName::parse(s).unwrap()
}

#[test]
fn names_parse_and_display() {
    for n in [
        "gemini",
        "openai",
        "anthropic",
        "stripe",
        "openai:router",
        "openai:a-1_b",
    ] {
        assert_eq!(name(n).to_string(), n);
    }
    assert_eq!(name("openai:work").label(), Some("work"));
    for bad in [
        "",
        "Gemini",
        "gpt",
        "openai:",
        "openai:UPPER",
        "openai:sp ace",
        "gemini:x",
        "stripe:test",
        "openai:a:b",
    ] {
        let err = KeyName::parse(bad).unwrap_err().to_string();
        assert!(err.contains("openai:<label>"), "{bad}: {err}");
    }
    let long = format!("openai:{}", "a".repeat(KeyName::MAX_LABEL + 1));
    assert!(KeyName::parse(&long).is_err());
}

#[test]
fn env_vars_per_name() {
    assert_eq!(
        name("gemini").env_vars(),
        ["GEMINI_API_KEY", "GOOGLE_API_KEY"]
    );
    assert_eq!(name("stripe").env_vars(), ["STRIPE_SECRET_KEY"]);
    assert!(name("openai:router").env_vars().is_empty());
}

#[test]
fn good_shapes_pass() {
    for (n, k) in [
        ("gemini", "AIzaSyDUMMYDUMMYDUMMYDUMMYDUMMY9xQ"),
        ("openai", "sk-proj-abcdefghijklmnop"),
        ("openai:router", "sk-or-v1-abcdefghijkl"),
        ("anthropic", "sk-ant-api03-abcdefghijkl"),
        ("stripe", "sk_test_abcdefghijklmnop"),
        ("stripe", "rk_test_abcdefghijklmnop"),
    ] {
        assert_eq!(check_shape(&name(n), k).unwrap(), Shape::Ok, "{n} {k}");
    }
}

#[test]
fn live_and_publishable_stripe_keys_are_refused_without_quoting_them() {
    for k in [
        "sk_live_51Habcdefghijklmnop",
        "rk_live_51Habcdefghijklmnop",
        "pk_test_51Habcdefghij",
    ] {
        let err = check_shape(&name("stripe"), k).unwrap_err().to_string();
        assert!(err.contains("stripe"), "{err}");
        assert!(!err.contains(k), "the refusal quotes the key: {err}");
    }
}

#[test]
fn unusual_shapes_warn_and_guess() {
    let Shape::Unusual(w) = check_shape(&name("openai"), "sk-ant-api03-abcdefghijkl").unwrap()
    else {
        panic!("an Anthropic key under openai should warn");
    };
    assert!(w.contains("anthropic"), "{w}");
    assert!(!w.contains("sk-ant-api03-abcdefghijkl"), "{w}");
    let Shape::Unusual(w) = check_shape(&name("gemini"), "not-a-google-key-at-all").unwrap() else {
        panic!("should warn");
    };
    assert!(w.contains("AIza"), "{w}");
}

#[test]
fn junk_is_refused() {
    for k in ["", "AIza abc", "AIzaabc\u{201c}", "AIza\tx", "AIza\u{7f}xx"] {
        assert!(check_shape(&name("gemini"), k).is_err(), "{k:?}");
    }
    assert!(check_shape(&name("gemini"), &"A".repeat(600)).is_err());
}

#[test]
fn masking() {
    assert_eq!(mask("AIzaSyDUMMYDUMMYDUMMYDUMMYDUMMY9xQ"), "AIza…9xQ");
    assert_eq!(mask("sk_test_abcdefghijklmnop"), "sk_t…nop");
    assert_eq!(mask("short-key"), "…");
    assert_eq!(mask("123456789012345"), "1234…345");
    assert_eq!(mask("12345678901234"), "…");
}
