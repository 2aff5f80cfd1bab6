use std::os::unix::fs::PermissionsExt;

use std::fs;

use super::*;
use crate::secrets::master::{MasterConfig, MasterKind};

fn master(p: &str) -> MasterSecret {
    MasterConfig::none()
        .with_passphrase(p.into())
        .open(MasterKind::Passphrase)
        .unwrap()
        .0
}

fn new_vault(dir: &Path, pass: &str) -> (Vault, VaultKey) {
    let params = KdfParams::for_unit_tests();
    let key = VaultKey::derive(master(pass).expose(), &params.salt, params.iterations).unwrap();
    let path = dir.join("credentials.json");
    (
        Vault::create(&path, MasterKind::Passphrase, &params, &key),
        key,
    )
}

#[test]
fn round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, key) = new_vault(dir.path(), "pass phrase");
    v.put(&key, "gemini", &SecretString::from("AIzaSECRET-value-123"));
    v.save().unwrap();
    let loaded = Vault::load(v.path()).unwrap().unwrap();
    assert_eq!(loaded.names().collect::<Vec<_>>(), ["gemini"]);
    let key2 = loaded.unlock(&master("pass phrase")).unwrap();
    let got = loaded.decrypt(&key2, "gemini").unwrap().unwrap();
    assert_eq!(got.expose_secret(), "AIzaSECRET-value-123");
    assert!(loaded.decrypt(&key2, "openai").unwrap().is_none());
    let text = fs::read_to_string(v.path()).unwrap();
    assert!(!text.contains("AIzaSECRET"), "plaintext key on disk");
    assert!(text.contains("\"iterations\": 1000"), "{text}");
}

#[test]
fn wrong_master_is_a_clear_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = new_vault(dir.path(), "pass phrase");
    v.save().unwrap();
    let err = Vault::load(v.path())
        .unwrap()
        .unwrap()
        .unlock(&master("other phrase"))
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "cannot decrypt credentials: the master key differs from the one that stored them"
        ),
        "{err}"
    );
}

#[test]
fn tokens_cannot_be_swapped_between_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, key) = new_vault(dir.path(), "pass phrase");
    v.put(&key, "gemini", &SecretString::from("AIza-one"));
    let token = v.file.keys["gemini"].clone();
    v.file.keys.insert("openai".into(), token);
    let err = v.decrypt(&key, "openai").unwrap_err().to_string();
    assert!(
        err.contains("`openai`") && err.contains("credentials.json"),
        "{err}"
    );
}

#[test]
fn damage_is_reported_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = new_vault(dir.path(), "pass phrase");
    v.save().unwrap();
    let good = fs::read(v.path()).unwrap();
    for (bytes, needle) in [
        (good[..good.len() / 2].to_vec(), "truncated"),
        (Vec::new(), "empty"),
        (
            b"{\"format\":\"something-else\"}".to_vec(),
            "not a Maya credentials file",
        ),
        (b"\x00\xff garbage".to_vec(), "invalid JSON"),
    ] {
        fs::write(v.path(), &bytes).unwrap();
        let err = Vault::load(v.path()).unwrap_err().to_string();
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(err.contains(&v.path().display().to_string()), "{err}");
        assert_eq!(
            fs::read(v.path()).unwrap(),
            bytes,
            "load must not touch the file"
        );
    }
    let newer = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"version\": 1", "\"version\": 9");
    fs::write(v.path(), newer).unwrap();
    let err = Vault::load(v.path()).unwrap_err();
    assert!(
        matches!(err, SecretsError::NewerVersion { found: 9, .. }),
        "{err}"
    );
}

#[test]
fn modes_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/credentials.json");
    assert!(ensure_dir(&nested).unwrap().is_none());
    let (mut v, key) = new_vault(&dir.path().join("a/b"), "pass phrase");
    v.put(&key, "stripe", &SecretString::from("sk_test_x"));
    v.save().unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&nested), 0o600);
    assert_eq!(mode(&dir.path().join("a/b")), 0o700);
    assert_eq!(mode(&dir.path().join("a")), 0o700);
    fs::set_permissions(dir.path().join("a/b"), fs::Permissions::from_mode(0o755)).unwrap();
    let warning = ensure_dir(&nested).unwrap().unwrap();
    assert!(
        warning.contains("755") && warning.contains("chmod 700"),
        "{warning}"
    );
    // No temporary files are left behind.
    let names: Vec<_> = fs::read_dir(dir.path().join("a/b"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["credentials.json"]);
}

#[test]
fn backup_names_do_not_clobber() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("credentials.json");
    assert_eq!(backup_path(&vault), dir.path().join("credentials.json.bak"));
    fs::write(dir.path().join("credentials.json.bak"), "x").unwrap();
    assert_eq!(
        backup_path(&vault),
        dir.path().join("credentials.json.bak.2")
    );
    assert_eq!(
        rotating_path(&vault),
        dir.path().join("credentials.json.rotating")
    );
}

#[test]
fn an_oversized_vault_is_a_clear_error_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials.json");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(10 << 30)
        .unwrap();
    let err = Vault::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("it is 10 GiB, more than the 4 MiB Maya reads"),
        "{err}"
    );
    assert_eq!(fs::metadata(&path).unwrap().len(), 10 << 30);
}

#[test]
fn a_master_version_is_written_as_version_2_and_must_be_plain() {
    let dir = tempfile::tempdir().unwrap();
    let params = KdfParams::for_unit_tests();
    let key = VaultKey::derive(b"0123456789abcdef0123456789abcdef", &params.salt, 1000).unwrap();
    let path = dir.path().join("credentials.json");
    let mut v = Vault::create(&path, MasterKind::Keyring, &params, &key);
    v.save().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"version\": 1") && !text.contains("master_version"),
        "{text}"
    );
    v.set_master_version(Some("0a1b2c3d4e5f".into()));
    v.save().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");
    assert_eq!(
        Vault::load(&path).unwrap().unwrap().master_version(),
        Some("0a1b2c3d4e5f")
    );
    // It names a keyring account: nothing else may be smuggled in.
    for bad in ["../master", "", "A", "x\\u001b"] {
        fs::write(&path, text.replace("0a1b2c3d4e5f", bad)).unwrap();
        let err = Vault::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("not a keyring master version"),
            "{bad:?}: {err}"
        );
    }
}
