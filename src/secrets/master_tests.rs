use super::*;
use crate::secrets::os::testing::*;

#[test]
fn create_prefers_keyring_and_reuses_its_secret() {
    let kr = MapKeyring::default();
    let cfg = MasterConfig::none()
        .with_keyring(Box::new(kr.clone()))
        .with_passphrase("a passphrase".into());
    let (first, kind, source) = cfg.create().unwrap();
    assert_eq!(kind, MasterKind::Keyring);
    assert!(matches!(source, MasterSource::Keyring(_)));
    assert_eq!(first.expose().len(), MASTER_LEN);
    let (again, _, _) = cfg.create().unwrap();
    assert_eq!(
        first.expose(),
        again.expose(),
        "a second vault must reuse the keyring master"
    );
    let (opened, _) = cfg.open(MasterKind::Keyring).unwrap();
    assert_eq!(first.expose(), opened.expose());
}

#[test]
fn create_falls_back_to_env_then_prompt_then_explains() {
    let down = MapKeyring {
        unavailable: true,
        ..Default::default()
    };
    let cfg = MasterConfig::none()
        .with_keyring(Box::new(down.clone()))
        .with_passphrase("correct horse".into());
    let (s, kind, source) = cfg.create().unwrap();
    assert_eq!(
        (kind, source),
        (MasterKind::Passphrase, MasterSource::EnvPassphrase)
    );
    assert_eq!(s.expose(), b"correct horse");

    let cfg = MasterConfig::none()
        .with_keyring(Box::new(down.clone()))
        .with_prompter(Box::new(Script::new(&["battery staple", "battery staple"])));
    let (s, _, source) = cfg.create().unwrap();
    assert_eq!(source, MasterSource::PromptedPassphrase);
    assert_eq!(s.expose(), b"battery staple");

    let cfg = MasterConfig::none()
        .with_keyring(Box::new(down))
        .with_prompter(Box::new(Script::new(&["battery staple", "battery stable"])));
    assert!(cfg.create().unwrap_err().to_string().contains("differ"));

    let err = MasterConfig::none().create().unwrap_err().to_string();
    for needle in ["keyring", "MAYA_MASTER_KEY", "terminal", "1.", "2.", "3."] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }
}

#[test]
fn short_new_passphrases_are_refused() {
    let cfg = MasterConfig::none().with_passphrase("short".into());
    let err = cfg.create().unwrap_err().to_string();
    assert!(err.contains("at least 8"), "{err}");
    // Opening an existing vault takes whatever passphrase was chosen.
    assert!(cfg.open(MasterKind::Passphrase).is_ok());
}

#[test]
fn passphrases_are_nfc_normalised() {
    let composed = MasterConfig::none().with_passphrase("caf\u{e9} au lait".into());
    let decomposed = MasterConfig::none().with_passphrase("cafe\u{301} au lait".into());
    let (a, _) = composed.open(MasterKind::Passphrase).unwrap();
    let (b, _) = decomposed.open(MasterKind::Passphrase).unwrap();
    assert_eq!(a.expose(), b.expose());
}

#[test]
fn open_keyring_vault_explains_what_is_missing() {
    let err = MasterConfig::none()
        .with_passphrase("pass phrase".into())
        .open(MasterKind::Keyring)
        .unwrap_err();
    assert!(
        matches!(err, SecretsError::KeyringUnavailable { .. }),
        "{err}"
    );
    let empty = MapKeyring::default();
    let err = MasterConfig::none()
        .with_keyring(Box::new(empty.clone()))
        .open(MasterKind::Keyring)
        .unwrap_err();
    assert!(matches!(err, SecretsError::KeyringNoMaster { .. }), "{err}");
    empty.put("not base64 !!");
    let err = MasterConfig::none()
        .with_keyring(Box::new(empty))
        .open(MasterKind::Keyring)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not hold a Maya master secret"), "{err}");
    let err = MasterConfig::none()
        .open(MasterKind::Passphrase)
        .unwrap_err();
    assert!(matches!(err, SecretsError::NoPassphrase), "{err}");
}

#[test]
fn keyring_rotation_stores_only_on_commit() {
    let kr = MapKeyring::default();
    let cfg = MasterConfig::none().with_keyring(Box::new(kr.clone()));
    let (old, _, _) = cfg.create().unwrap();
    let rotation = cfg.rotate(MasterKind::Keyring).unwrap();
    assert_ne!(rotation.secret.expose(), old.expose());
    assert_eq!(
        cfg.open(MasterKind::Keyring).unwrap().0.expose(),
        old.expose()
    );
    rotation.commit().unwrap();
    // A new entry of its own; the first master stays for the vaults that use it.
    let version = rotation.version.as_deref().unwrap();
    assert_eq!(version.len(), 12, "{version}");
    assert_eq!(
        cfg.open_version(MasterKind::Keyring, Some(version))
            .unwrap()
            .0
            .expose(),
        rotation.secret.expose()
    );
    assert_eq!(
        cfg.open(MasterKind::Keyring).unwrap().0.expose(),
        old.expose()
    );
    assert_eq!(
        kr.accounts(),
        ["master".to_string(), format!("master.{version}")]
    );
    // Each rotation picks a version nobody has.
    assert_ne!(
        cfg.rotate(MasterKind::Keyring).unwrap().version.as_deref(),
        Some(version)
    );
}

#[test]
fn passphrase_rotation_uses_new_env_or_keeps_the_old() {
    let cfg = MasterConfig::none()
        .with_passphrase("old passphrase".into())
        .with_new_passphrase("new passphrase".into());
    let r = cfg.rotate(MasterKind::Passphrase).unwrap();
    assert_eq!(r.secret.expose(), b"new passphrase");
    assert!(!r.kept_passphrase);
    let cfg = MasterConfig::none().with_passphrase("old passphrase".into());
    let r = cfg.rotate(MasterKind::Passphrase).unwrap();
    assert_eq!(r.secret.expose(), b"old passphrase");
    assert!(r.kept_passphrase);
}

#[test]
fn env_parsing_and_debug_hide_the_passphrase() {
    let cfg = MasterConfig::from_lookup(|k| match k {
        "MAYA_KEYRING" => Some("off".into()),
        "MAYA_MASTER_KEY" => Some("hunter2hunter2".into()),
        _ => None,
    });
    assert!(cfg.keyring.is_none());
    let dbg = format!("{cfg:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    let cfg = MasterConfig::from_lookup(|k| (k == "MAYA_MASTER_KEY").then(String::new));
    assert!(
        cfg.env_passphrase.is_none(),
        "an empty MAYA_MASTER_KEY is unset"
    );
    assert!(cfg.keyring.is_some());
    assert_eq!(
        OsKeyring::maya().describe(),
        "Secret Service: service \"maya\", account \"master\""
    );
    let s = MasterSecret::from_passphrase("hunter2hunter2");
    assert!(!format!("{s:?}").contains("hunter2"));
}
