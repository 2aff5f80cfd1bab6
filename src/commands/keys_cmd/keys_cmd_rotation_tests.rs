//! `keys rotate` never loses a key: other vaults and backups keep the master they need, a
//! failed keyring write leaves everything readable, `rm` reaches an unfinished rotation, and a
//! reader finishing one re-checks under the lock.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::secrets::master::MasterKind;
use crate::secrets::os::testing::MapKeyring;
use crate::secrets::store::KeyStore;
// The same vault, paths and command runner as the other keys tests.
use super::tests::{GEMINI, input, paths, run};

const STRIPE: &str = "sk_test_UNITstripe0123456789abcdef";

fn get(p: &Paths, master: MasterConfig, name: &str) -> Result<Option<String>, SecretsError> {
    KeyStore::with(p, master, |_| None)
        .get(name)
        .map(|k| k.map(|k| k.expose_secret().to_string()))
}

/// Open any vault file (a backup, a vault elsewhere) and read one key.
fn get_from(
    file: &Path,
    master: &MasterConfig,
    name: &str,
) -> Result<Option<String>, SecretsError> {
    let v = Vault::load(file)?.expect("a vault");
    let (v, key, _) = open_vault(v, master, &AtomicUsize::new(0), false)?;
    Ok(v.decrypt(&key, name)?
        .map(|k| k.expose_secret().to_string()))
}

fn pass(p: &str) -> MasterConfig {
    MasterConfig::none().with_passphrase(p.into())
}

/// A passphrase vault at `file` with cheap KDF parameters (unit tests only).
fn seed(file: &Path, passphrase: &str, keys: &[(&str, &str)]) {
    let (secret, _) = pass(passphrase).open(MasterKind::Passphrase).unwrap();
    let mut params = KdfParams::for_unit_tests();
    params.salt[0] = passphrase.len() as u8; // a salt per passphrase
    let key = VaultKey::derive(secret.expose(), &params.salt, params.iterations).unwrap();
    vault::ensure_dir(file).unwrap();
    let mut v = Vault::create(file, MasterKind::Passphrase, &params, &key);
    for (n, k) in keys {
        v.put(&key, n, &SecretString::from(*k));
    }
    v.save().unwrap();
}

#[test]
fn rotating_one_vault_keeps_the_master_other_vaults_and_backups_need() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (pa, pb) = (paths(a.path()), paths(b.path()));
    let kr = MapKeyring::default();
    let master = || MasterConfig::none().with_keyring(Box::new(kr.clone()));
    run(&pa, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    run(&pb, master(), |c| c.set("stripe", input(STRIPE), None))
        .0
        .unwrap();
    // A backup of A under the same master, as `keys reset` leaves one.
    let bak = vault::backup_path(&pa.credentials_file());
    std::fs::copy(pa.credentials_file(), &bak).unwrap();

    let (r, out) = run(&pa, master(), |c| c.rotate());
    r.unwrap();
    assert_eq!(
        get(&pa, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
    assert_eq!(
        get(&pb, master(), "stripe").unwrap().as_deref(),
        Some(STRIPE),
        "the other vault lost its master: {out}"
    );
    assert_eq!(
        get_from(&bak, &master(), "gemini").unwrap().as_deref(),
        Some(GEMINI),
        "the backup lost its master: {out}"
    );
    // Rotating again still leaves the others alone.
    run(&pa, master(), |c| c.rotate()).0.unwrap();
    assert_eq!(
        get(&pb, master(), "stripe").unwrap().as_deref(),
        Some(STRIPE)
    );
    assert_eq!(
        get(&pa, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
}

#[test]
fn a_keyring_write_that_landed_but_failed_loses_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = paths(d.path());
    let kr = MapKeyring::default();
    let master = || MasterConfig::none().with_keyring(Box::new(kr.clone()));
    run(&p, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    kr.fail_after_set.store(true, Ordering::Relaxed);
    let (r, out) = run(&p, master(), |c| c.rotate());
    assert!(
        matches!(r, Err(SecretsError::Keyring { .. })),
        "{r:?} {out}"
    );
    kr.fail_after_set.store(false, Ordering::Relaxed);
    assert!(
        vault::rotating_path(&p.credentials_file()).exists(),
        "the copy under the new master was deleted"
    );
    assert_eq!(
        get(&p, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
    // The next rotation goes through, and leaves no copy behind.
    run(&p, master(), |c| c.rotate()).0.unwrap();
    assert!(!vault::rotating_path(&p.credentials_file()).exists());
    assert_eq!(
        get(&p, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
}

/// A rotation cut off after writing the new vault beside the old one: the old vault under the
/// old passphrase, `.rotating` under the new one.
fn interrupted_passphrase_rotation(p: &Paths) {
    let keys = [("gemini", GEMINI), ("stripe", STRIPE)];
    seed(&p.credentials_file(), "old passphrase", &keys);
    seed(
        &vault::rotating_path(&p.credentials_file()),
        "new passphrase",
        &keys,
    );
}

#[test]
fn rm_during_an_unfinished_rotation_removes_the_key_from_the_new_vault_too() {
    let d = tempfile::tempdir().unwrap();
    let p = paths(d.path());
    interrupted_passphrase_rotation(&p);
    run(&p, pass("old passphrase"), |c| c.rm("gemini"))
        .0
        .unwrap();
    // The rotation is finished by the next opening with the new passphrase.
    assert_eq!(
        get(&p, pass("new passphrase"), "stripe")
            .unwrap()
            .as_deref(),
        Some(STRIPE)
    );
    assert!(!vault::rotating_path(&p.credentials_file()).exists());
    assert_eq!(
        get(&p, pass("new passphrase"), "gemini").unwrap(),
        None,
        "it came back"
    );
}

#[test]
fn a_reader_finishing_a_rotation_rechecks_under_the_lock() {
    let d = tempfile::tempdir().unwrap();
    let p = paths(d.path());
    interrupted_passphrase_rotation(&p);
    let file = p.credentials_file();
    let lock = WriteLock::acquire(&file).unwrap();
    let reader = {
        let p = p.clone();
        std::thread::spawn(move || get(&p, pass("new passphrase"), "gemini"))
    };
    // The reader finds the unfinished rotation and waits for the lock; meanwhile another
    // process finishes it and stores one more key.
    std::thread::sleep(std::time::Duration::from_millis(500));
    vault::rename_into_place(&vault::rotating_path(&file), &file).unwrap();
    let v = Vault::load(&file).unwrap().unwrap();
    let (secret, _) = pass("new passphrase").open(MasterKind::Passphrase).unwrap();
    let key = v.unlock(&secret).unwrap();
    let mut v = v;
    v.put(
        &key,
        "anthropic",
        &SecretString::from("sk-ant-api03-UNIT0123456789"),
    );
    v.save().unwrap();
    drop(lock);
    let got = reader.join().unwrap();
    assert_eq!(got.unwrap().as_deref(), Some(GEMINI));
    assert_eq!(
        get(&p, pass("new passphrase"), "anthropic")
            .unwrap()
            .as_deref(),
        Some("sk-ant-api03-UNIT0123456789")
    );
}

#[test]
fn an_old_keyring_master_goes_once_no_vault_or_backup_needs_it() {
    let (d, runtime) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let p = paths(d.path());
    let kr = MapKeyring::default();
    let master = || {
        MasterConfig::none()
            .with_keyring(Box::new(kr.clone()))
            .with_registry_dir(runtime.path())
    };
    let version = || {
        Vault::load(&p.credentials_file())
            .unwrap()
            .unwrap()
            .master_version()
            .map(str::to_string)
    };
    run(&p, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    assert_eq!(version(), None, "a new vault uses the first master");
    let (r, out) = run(&p, master(), |c| c.rotate());
    r.unwrap();
    assert!(
        out.contains("stays in the OS keyring (test keyring)"),
        "{out}"
    );
    let x = version().expect("a version of its own");
    assert!(kr.accounts().contains(&format!("master.{x}")));
    // A backup under x (as `keys reset` leaves one) keeps x through the next rotation.
    let bak = vault::backup_path(&p.credentials_file());
    std::fs::copy(p.credentials_file(), &bak).unwrap();
    let (r, out) = run(&p, master(), |c| c.rotate());
    r.unwrap();
    let y = version().unwrap();
    assert!(out.contains("still need it"), "{out}");
    assert!(kr.accounts().contains(&format!("master.{x}")));
    assert_eq!(
        get_from(&bak, &master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
    // Without the backup, the next rotation removes both x and y; the first master stays.
    std::fs::remove_file(&bak).unwrap();
    let (r, out) = run(&p, master(), |c| c.rotate());
    r.unwrap();
    assert!(out.contains("was removed from the OS keyring"), "{out}");
    let z = version().unwrap();
    let mut expected = vec![
        "master".to_string(),
        format!("master.{z}"),
        "master.vaults".to_string(),
    ];
    expected.sort();
    assert_eq!(kr.accounts(), expected, "x={x} y={y}");
    assert_eq!(
        get(&p, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
}

#[test]
fn a_copy_of_a_vault_opened_elsewhere_keeps_its_master() {
    let (a, b, runtime) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (pa, pb) = (paths(a.path()), paths(b.path()));
    let kr = MapKeyring::default();
    let master = || {
        MasterConfig::none()
            .with_keyring(Box::new(kr.clone()))
            .with_registry_dir(runtime.path())
    };
    run(&pa, master(), |c| c.set("gemini", input(GEMINI), None))
        .0
        .unwrap();
    run(&pa, master(), |c| c.rotate()).0.unwrap();
    // The rotated vault copied to another Maya folder, and used there.
    vault::ensure_dir(&pb.credentials_file()).unwrap();
    std::fs::copy(pa.credentials_file(), pb.credentials_file()).unwrap();
    assert_eq!(
        get(&pb, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
    let (r, out) = run(&pa, master(), |c| c.rotate());
    r.unwrap();
    assert!(
        out.contains(&b.path().canonicalize().unwrap().display().to_string()),
        "the copy is named as needing it: {out}"
    );
    assert_eq!(
        get(&pb, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
    assert_eq!(
        get(&pa, master(), "gemini").unwrap().as_deref(),
        Some(GEMINI)
    );
}
