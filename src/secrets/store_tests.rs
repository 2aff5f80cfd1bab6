use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};

use super::*;
use crate::secrets::master::MasterKind;
use crate::secrets::vault::KdfParams;

fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: dir.join("c"),
        data_dir: dir.join("d"),
        state_dir: dir.join("s"),
    }
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

/// A vault with cheap KDF parameters, as only unit tests may make.
fn seed(p: &Paths, pass: &str, keys: &[(&str, &str)]) {
    let cfg = MasterConfig::none().with_passphrase(pass.into());
    let (secret, _) = cfg.open(MasterKind::Passphrase).unwrap();
    let params = KdfParams::for_unit_tests();
    let key = VaultKey::derive(secret.expose(), &params.salt, params.iterations).unwrap();
    vault::ensure_dir(&p.credentials_file()).unwrap();
    let mut v = Vault::create(&p.credentials_file(), MasterKind::Passphrase, &params, &key);
    for (n, k) in keys {
        v.put(&key, n, &SecretString::from(*k));
    }
    v.save().unwrap();
}

#[test]
fn the_store_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<KeyStore>();
}

#[test]
fn env_wins_and_never_derives() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    seed(&p, "pass phrase", &[("gemini", "AIza-from-vault")]);
    let store = KeyStore::with(
        &p,
        MasterConfig::none(),
        env(&[("GOOGLE_API_KEY", "AIza-google"), ("OPENAI_API_KEY", "  ")]),
    );
    let (k, src) = store.get_with_source("gemini").unwrap().unwrap();
    assert_eq!(k.expose_secret(), "AIza-google");
    assert_eq!(src, KeySource::Env("GOOGLE_API_KEY"));
    // A blank variable does not count; openai is not stored, so still nothing to derive.
    assert!(store.get("openai").unwrap().is_none());
    assert_eq!(store.derivations(), 0);
    assert!(store.master_source().is_none());
}

#[test]
fn vault_is_opened_lazily_and_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    assert!(
        KeyStore::with(&p, MasterConfig::none(), env(&[]))
            .get("gemini")
            .unwrap()
            .is_none()
    );
    seed(
        &p,
        "pass phrase",
        &[("gemini", "AIza-g"), ("stripe", "sk_test_s")],
    );
    let seen = Arc::new(StdMutex::new(Vec::<String>::new()));
    let mut store = KeyStore::with(
        &p,
        MasterConfig::none().with_passphrase("pass phrase".into()),
        env(&[]),
    );
    let sink = seen.clone();
    store.on_load(Box::new(move |k| sink.lock().unwrap().push(k.to_string())));
    assert!(store.get("anthropic").unwrap().is_none());
    assert_eq!(store.derivations(), 0, "an absent name must not derive");
    assert_eq!(
        store.get("gemini").unwrap().unwrap().expose_secret(),
        "AIza-g"
    );
    assert_eq!(
        store.get("stripe").unwrap().unwrap().expose_secret(),
        "sk_test_s"
    );
    assert_eq!(
        store.get("gemini").unwrap().unwrap().expose_secret(),
        "AIza-g"
    );
    assert_eq!(store.derivations(), 1);
    assert_eq!(store.master_source(), Some(MasterSource::EnvPassphrase));
    assert_eq!(*seen.lock().unwrap(), ["AIza-g", "sk_test_s", "AIza-g"]);
    assert!(!format!("{store:?}").contains("AIza-g"));
}

#[test]
fn a_prompt_is_needed_only_for_a_stored_key_in_a_locked_passphrase_vault() {
    struct Never;
    impl crate::secrets::Prompter for Never {
        fn ask_hidden(&self, _: &str) -> std::io::Result<zeroize::Zeroizing<String>> {
            panic!("no prompt may be shown")
        }
        fn ask_line(&self, _: &str) -> std::io::Result<String> {
            panic!("no prompt may be shown")
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    seed(&p, "pass phrase", &[("stripe", "sk_test_s")]);
    let tty = || MasterConfig::none().with_prompter(Box::new(Never));
    let store = KeyStore::with(&p, tty(), env(&[]));
    assert!(store.is_stored("stripe") && !store.is_stored("gemini"));
    assert!(store.needs_prompt("stripe"));
    assert!(!store.needs_prompt("gemini"), "not stored: nothing to ask");
    assert!(matches!(
        store.get_without_prompt("stripe"),
        Err(SecretsError::NoPassphrase)
    ));
    assert_eq!(store.derivations(), 0);
    // MAYA_MASTER_KEY, or the key in the environment: no prompt.
    let with_pass = KeyStore::with(&p, tty().with_passphrase("pass phrase".into()), env(&[]));
    assert!(!with_pass.needs_prompt("stripe"));
    assert_eq!(
        with_pass
            .get_without_prompt("stripe")
            .unwrap()
            .unwrap()
            .expose_secret(),
        "sk_test_s"
    );
    let from_env = KeyStore::with(&p, tty(), env(&[("STRIPE_SECRET_KEY", "sk_test_env")]));
    assert!(from_env.is_stored("stripe") && !from_env.needs_prompt("stripe"));
    // No terminal: nothing can be asked either (get fails by itself).
    let headless = KeyStore::with(&p, MasterConfig::none(), env(&[]));
    assert!(!headless.needs_prompt("stripe"));
}

#[test]
fn wrong_master_and_no_master_are_errors_not_none() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    seed(&p, "pass phrase", &[("gemini", "AIza-g")]);
    let store = KeyStore::with(
        &p,
        MasterConfig::none().with_passphrase("wrong one".into()),
        env(&[]),
    );
    let err = store.get("gemini").unwrap_err();
    assert!(matches!(err, SecretsError::MasterMismatch { .. }), "{err}");
    let store = KeyStore::with(&p, MasterConfig::none(), env(&[]));
    assert!(matches!(
        store.get("gemini").unwrap_err(),
        SecretsError::NoPassphrase
    ));
    assert!(
        KeyStore::with(&p, MasterConfig::none(), env(&[]))
            .get("gpt")
            .is_err()
    );
}

#[test]
fn interrupted_rotation_is_finished_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    seed(&p, "old passphrase", &[("gemini", "AIza-old")]);
    // The new vault was written beside the old one, then the process died before renaming.
    let side = tempfile::tempdir().unwrap();
    let sp = paths(side.path());
    seed(&sp, "new passphrase", &[("gemini", "AIza-new")]);
    std::fs::rename(
        sp.credentials_file(),
        vault::rotating_path(&p.credentials_file()),
    )
    .unwrap();
    let store = KeyStore::with(
        &p,
        MasterConfig::none().with_passphrase("new passphrase".into()),
        env(&[]),
    );
    assert_eq!(
        store.get("gemini").unwrap().unwrap().expose_secret(),
        "AIza-new"
    );
    assert!(!vault::rotating_path(&p.credentials_file()).exists());
    // The old master no longer opens it; the new one does, from the main path.
    let old = KeyStore::with(
        &p,
        MasterConfig::none().with_passphrase("old passphrase".into()),
        env(&[]),
    );
    assert!(old.get("gemini").is_err());
}
