use super::*;
use crate::assets::EXAMPLE_CONFIG;
use crate::money::Cents;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn write(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let p = dir.path().join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn example_config_parses_and_equals_defaults() {
    let parsed: Config = toml::from_str(EXAMPLE_CONFIG).expect("example config parses");
    assert_eq!(parsed, Config::default());
}

#[test]
fn example_config_documents_every_key() {
    let defaults = toml::Table::try_from(Config::default()).unwrap();
    // Every key must appear uncommented in the example, with its section header.
    for (section, value) in &defaults {
        match value {
            toml::Value::Table(t) => {
                assert!(
                    EXAMPLE_CONFIG.contains(&format!("[{section}]")),
                    "[{section}] missing"
                );
                for key in t.keys() {
                    assert!(
                        EXAMPLE_CONFIG
                            .lines()
                            .any(|l| l.starts_with(&format!("{key} = "))),
                        "{section}.{key} missing from config.example.toml"
                    );
                }
            }
            _ => assert!(
                EXAMPLE_CONFIG.contains(&format!("{section} = ")),
                "{section}"
            ),
        }
    }
}

#[test]
fn missing_file_gives_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load_from(&dir.path().join("nope.toml"), &[], &Overrides::default()).unwrap();
    assert_eq!(c, Config::default());
}

#[test]
fn precedence_defaults_file_env_flags() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "[provider]\nkind = \"gemini\"\nmodel = \"from-file\"\ntemperature = 0.2\n",
    );
    let c = Config::load_from(&file, &[], &Overrides::default()).unwrap();
    assert_eq!(c.provider.kind, ProviderKind::Gemini);
    assert_eq!(c.provider.model, "from-file");

    let e = env(&[
        ("MAYA_MODEL", "from-env"),
        ("MAYA_PROVIDER_TEMPERATURE", "0.9"),
    ]);
    let c = Config::load_from(&file, &e, &Overrides::default()).unwrap();
    assert_eq!(c.provider.kind, ProviderKind::Gemini);
    assert_eq!(c.provider.model, "from-env");
    assert_eq!(c.provider.temperature, 0.9);

    let flags = Overrides {
        provider: Some(ProviderKind::House),
        model: Some("from-flag".into()),
        base_url: None,
        key: Some("openai:flag".into()),
        ..Overrides::default()
    };
    let c = Config::load_from(&file, &e, &flags).unwrap();
    assert_eq!(c.provider.kind, ProviderKind::House);
    assert_eq!(c.provider.model, "from-flag");
    assert_eq!(c.provider.key, "openai:flag");
}

#[test]
fn the_key_to_send_comes_from_file_env_or_flag_and_must_be_a_provider_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "[provider]\nkey = \"openai:file\"\n");
    let c = Config::load_from(&file, &[], &Overrides::default()).unwrap();
    assert_eq!(c.provider.key, "openai:file");
    let e = env(&[("MAYA_KEY", "openai:openrouter")]);
    let c = Config::load_from(&file, &e, &Overrides::default()).unwrap();
    assert_eq!(c.provider.key, "openai:openrouter");
    for bad in ["stripe", "openai:Bad Label", "mistral"] {
        let e = env(&[("MAYA_KEY", bad)]);
        let err = Config::load_from(&file, &e, &Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("[provider] key"), "{bad}: {err}");
    }
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "[provider]\nkind = \"auto\"\ntemprature = 0.5\n");
    let err = Config::load_from(&file, &[], &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("config.toml"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("temprature"), "{err}");
}

#[test]
fn wrong_type_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "\n[rate]\nmessages_per_minute = \"ten\"\n");
    let err = Config::load_from(&file, &[], &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("messages_per_minute"), "{err}");
}

#[test]
fn money_in_config_is_a_string_amount() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "[agent]\nconfirm_over_amount = \"$25.50\"\n");
    let c = Config::load_from(&file, &[], &Overrides::default()).unwrap();
    assert_eq!(c.agent.confirm_over_amount, Cents(2550));
    let file = write(&dir, "[agent]\nconfirm_over_amount = \"lots\"\n");
    let err = Config::load_from(&file, &[], &Overrides::default()).unwrap_err();
    assert!(err.to_string().contains("confirm_over_amount"), "{err}");
}

#[test]
fn money_may_be_written_as_a_plain_number_in_the_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "[agent]\nconfirm_over_amount = 50\nstarting_balance = 60.5\n",
    );
    let c = Config::load_from(&file, &[], &Overrides::default()).unwrap();
    assert_eq!(c.agent.confirm_over_amount, Cents(5000));
    assert_eq!(c.agent.starting_balance, Cents(6050));
    let missing = dir.path().join("none.toml");
    for (value, want) in [
        ("60", Cents(6000)),
        ("60.00", Cents(6000)),
        ("$60", Cents(6000)),
        ("1,000.00", Cents(100_000)),
        ("$1,000.00", Cents(100_000)),
    ] {
        let e = env(&[("MAYA_AGENT_STARTING_BALANCE", value)]);
        let c = Config::load_from(&missing, &e, &Overrides::default())
            .unwrap_or_else(|err| panic!("{value}: {err}"));
        assert_eq!(c.agent.starting_balance, want, "{value}");
    }
    let e = env(&[("MAYA_AGENT_CONFIRM_OVER_AMOUNT", "12.345")]);
    let err = Config::load_from(&missing, &e, &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("MAYA_AGENT_CONFIRM_OVER_AMOUNT"), "{err}");
    assert!(err.contains("more than two decimal places"), "{err}");
    // `maya config show` still writes amounts as text.
    let shown = c.to_toml();
    assert!(shown.contains("starting_balance = \"$60.50\""), "{shown}");
}

#[test]
fn bad_env_value_names_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let e = env(&[("MAYA_PROVIDER", "gpt")]);
    let err = Config::load_from(&dir.path().join("x"), &e, &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("MAYA_PROVIDER"), "{err}");
    let e = env(&[("MAYA_UI_NONSENSE", "1")]);
    let err = Config::load_from(&dir.path().join("x"), &e, &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("MAYA_UI_NONSENSE"), "{err}");
}

#[test]
fn directory_variables_are_not_config_keys() {
    let dir = tempfile::tempdir().unwrap();
    let e = env(&[
        ("MAYA_DATA_DIR", "/tmp/x"),
        ("MAYA_MASTER_KEY", "secret"),
        ("MAYA_LOG", "debug"),
        ("MAYA_SOMETHING_ELSE", "ignored"),
    ]);
    assert!(Config::load_from(&dir.path().join("x"), &e, &Overrides::default()).is_ok());
}

#[test]
fn out_of_range_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "[security]\ntoxicity_threshold = 1.5\n");
    let err = Config::load_from(&file, &[], &Overrides::default()).unwrap_err();
    assert!(err.to_string().contains("toxicity_threshold"));
}

#[test]
fn paths_follow_environment() {
    let p = Paths::resolve_with(|k| match k {
        "MAYA_CONFIG_DIR" => Some("/c".into()),
        "MAYA_DATA_DIR" => Some("/d".into()),
        "MAYA_STATE_DIR" => Some("/s".into()),
        _ => None,
    })
    .unwrap();
    assert_eq!(p.config_file(), PathBuf::from("/c/config.toml"));
    assert_eq!(p.sessions_dir(), PathBuf::from("/d/sessions"));
    assert_eq!(p.log_dir(), PathBuf::from("/s/logs"));
}

#[test]
fn unprintable_values_are_refused_wherever_they_come_from() {
    let d = tempfile::tempdir().unwrap();
    let no = Overrides::default();
    for text in [
        "[provider]\nmodel = \"gpt\\u001b]52;c;eA==\\u0007\"\n",
        "[provider]\nbase_url = \"http://x/\\u202e\"\n",
        "[stripe]\ncurrency = \"usd\\nFAKE\"\n",
    ] {
        let p = write(&d, text);
        let err = Config::load_from(&p, &[], &no).unwrap_err().to_string();
        assert!(err.contains("unprintable character (U+"), "{text}: {err}");
        assert!(crate::terminal::is_clean(&err), "{err:?}");
        assert!(!err.contains('\n'), "{err:?}");
    }
    let p = d.path().join("none.toml");
    let err = Config::load_from(&p, &env(&[("MAYA_MODEL", "m\u{1b}[2J")]), &no)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("MAYA_MODEL") && err.contains("U+001B"),
        "{err}"
    );
    let flags = Overrides {
        model: Some("m\u{9b}".into()),
        ..Overrides::default()
    };
    let err = Config::load_from(&p, &[], &flags).unwrap_err().to_string();
    assert!(err.contains("U+009B"), "{err}");
}

#[test]
fn an_oversized_config_file_is_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    // Valid TOML (all comment), one byte over the limit.
    let mut text = "#".repeat(crate::read_limit::CONFIG as usize);
    text.push('\n');
    let p = write(&d, &text);
    let err = Config::load_from(&p, &[], &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("more than the 1 MiB Maya reads"), "{err}");
    // A sparse 10 GB file fails just as fast, without reading it.
    std::fs::File::create(&p)
        .unwrap()
        .set_len(10 << 30)
        .unwrap();
    let err = Config::load_from(&p, &[], &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("it is 10 GiB"), "{err}");
}
