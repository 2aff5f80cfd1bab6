use std::sync::atomic::Ordering;

use super::*;
use crate::secrets::master::MasterKind;
use crate::secrets::os::testing::MapKeyring;

pub(super) const GEMINI: &str = "AIzaSyUNIT-gemini-0123456789abcd9xQ";

pub(super) fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: dir.join("c"),
        data_dir: dir.join("d"),
        state_dir: dir.join("s"),
    }
}

pub(super) fn run(
    p: &Paths,
    master: MasterConfig,
    f: impl FnOnce(&mut KeysCmd) -> Result<(), SecretsError>,
) -> (Result<(), SecretsError>, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let r = {
        let mut cmd = KeysCmd::new(p, &mut out, &mut err)
            .with_master(master)
            .with_env(|_| None);
        f(&mut cmd)
    };
    out.extend_from_slice(&err);
    (r, String::from_utf8(out).unwrap())
}

pub(super) fn input(key: &str) -> KeyInput {
    KeyInput::Reader(Box::new(std::io::Cursor::new(key.as_bytes().to_vec())))
}

#[test]
fn keyring_wins_over_an_env_passphrase_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    let kr = MapKeyring::default();
    let master = || {
        MasterConfig::none()
            .with_keyring(Box::new(kr.clone()))
            .with_passphrase("pass phrase".into())
    };
    let (r, text) = run(&p, master(), |c| c.set("gemini", input(GEMINI), None));
    r.unwrap();
    assert!(
        text.contains("locked with the OS keyring (test keyring)"),
        "{text}"
    );
    assert!(
        text.contains("MAYA_MASTER_KEY is set but the OS keyring"),
        "{text}"
    );
    // Only on creation.
    let (r, text) = run(&p, master(), |c| c.set("gemini", input(GEMINI), None));
    r.unwrap();
    assert!(!text.contains("MAYA_MASTER_KEY is set"), "{text}");
}

#[test]
fn a_keyring_that_refuses_the_new_master_leaves_everything_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    let kr = MapKeyring::default();
    let master = || MasterConfig::none().with_keyring(Box::new(kr.clone()));
    run(&p, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    let before = std::fs::read(p.credentials_file()).unwrap();
    let secret_before = kr.value();
    kr.read_only.store(true, Ordering::Relaxed);
    let (r, text) = run(&p, master(), |c| c.rotate());
    assert!(matches!(r, Err(SecretsError::Keyring { .. })), "{r:?}");
    assert!(text.contains("unchanged and opens as before"), "{text}");
    assert_eq!(std::fs::read(p.credentials_file()).unwrap(), before);
    assert_eq!(kr.value(), secret_before);
    assert_eq!(kr.accounts(), ["master"], "nothing new in the keyring");
    // The copy under the new master is kept (a failed write may have landed); the next change
    // drops it, since the vault opened as it was.
    let pending = vault::rotating_path(&p.credentials_file());
    assert!(pending.exists());
    kr.read_only.store(false, Ordering::Relaxed);
    run(&p, master(), |c| {
        c.set("stripe", input("sk_test_0123456789abcdef"), None)
    })
    .0
    .unwrap();
    assert!(!pending.exists());
}

/// An older Maya replaced the keyring master in place, then was cut off before the rename: the
/// vault no longer opens with the keyring's master, the copy beside it does.
#[test]
fn a_rotation_cut_off_by_an_older_maya_after_its_keyring_write_is_finished_next_time() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    let kr = MapKeyring::default();
    let master = || MasterConfig::none().with_keyring(Box::new(kr.clone()));
    run(&p, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    let secret = [7u8; 32];
    let params = KdfParams::for_unit_tests();
    let key = VaultKey::derive(&secret, &params.salt, params.iterations).unwrap();
    let mut new = Vault::create(&p.credentials_file(), MasterKind::Keyring, &params, &key);
    new.put(&key, "gemini", &SecretString::from(GEMINI));
    new.save_to(&vault::rotating_path(&p.credentials_file()))
        .unwrap();
    kr.put(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret));

    let (r, text) = run(&p, master(), |c| c.list(false));
    r.unwrap();
    assert!(text.contains("AIza…9xQ"), "{text}");
    assert!(!vault::rotating_path(&p.credentials_file()).exists());
    let v = Vault::load(&p.credentials_file()).unwrap().unwrap();
    assert_eq!(
        v.iterations(),
        params.iterations,
        "the new vault is in place"
    );
}

#[test]
fn a_stale_rotation_file_from_before_the_commit_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    let kr = MapKeyring::default();
    let master = || MasterConfig::none().with_keyring(Box::new(kr.clone()));
    run(&p, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    let pending = vault::rotating_path(&p.credentials_file());
    std::fs::write(&pending, b"{\"left\": \"over\"}").unwrap();
    let (r, _) = run(&p, master(), |c| {
        c.set("stripe", input("sk_test_0123456789abcdef"), None)
    });
    r.unwrap();
    assert!(!pending.exists());
}
