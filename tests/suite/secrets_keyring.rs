//! The vault against a real Secret Service (gnome-keyring on D-Bus). Run them with one:
//!
//!     scripts/with-secret-service cargo test --test all secrets_keyring
//!
//! Without a Secret Service each test prints a SKIP line and returns, unless
//! `MAYA_REQUIRE_SECRET_SERVICE=1` (the script sets it), when that is a failure. Every test uses
//! its own keyring entry under the service `maya-test`, never Maya's real `maya`/`master`.

use crate::support::secrets_child as child;

use std::io::Write;
use std::path::PathBuf;

use child::{run_child, sha256_hex};
use maya::commands::keys_cmd::{KeyInput, KeysCmd};
use maya::config::Paths;
use maya::secrets::{KeyStore, MasterConfig, MasterSource, SecretsError};
use maya::secrets::{Keyring, OsKeyring};
use secrecy::ExposeSecret;

const SERVICE: &str = "maya-test";
const GEMINI: &str = "AIzaSyKEYRING-gemini-0123456789abc9xQ";
const ROUTER: &str = "sk-or-v1-KEYRING-router-0123456789ab";

/// Whether a Secret Service answers; prints the SKIP line (past libtest's capture) when not.
fn secret_service(test: &str) -> bool {
    let probe = OsKeyring::new(SERVICE, &format!("probe-{}", std::process::id()));
    match probe.get() {
        Ok(_) => true,
        Err(e) => {
            if std::env::var("MAYA_REQUIRE_SECRET_SERVICE").as_deref() == Ok("1") {
                panic!(
                    "MAYA_REQUIRE_SECRET_SERVICE=1 but the Secret Service does not answer: {e:?}"
                );
            }
            let _ = writeln!(
                std::io::stderr(),
                "SKIP {test}: no Secret Service on the D-Bus session bus ({e:?}); run \
                 `scripts/with-secret-service cargo test --test all secrets_keyring`"
            );
            false
        }
    }
}

/// A keyring entry of its own for one test, deleted when dropped (with the master versions
/// `keys rotate` made beside it and their registry).
struct Entry {
    account: String,
    versions: std::cell::RefCell<Vec<String>>,
}

impl Entry {
    fn new(test: &str) -> Entry {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        Entry {
            account: format!("{test}-{}-{nanos}", std::process::id()),
            versions: Default::default(),
        }
    }
    /// The keyring entry of master version `v`.
    fn version(&self, v: &str) -> OsKeyring {
        OsKeyring::new(SERVICE, &format!("{}.{v}", self.account))
    }
    /// Remember the master version `vault` names, to delete it at the end.
    fn track(&self, vault: &std::path::Path) -> Option<String> {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(vault).ok()?).ok()?;
        let version = v["master_version"].as_str()?.to_string();
        self.versions.borrow_mut().push(version.clone());
        Some(version)
    }
    fn keyring(&self) -> OsKeyring {
        OsKeyring::new(SERVICE, &self.account)
    }
    fn master(&self) -> MasterConfig {
        MasterConfig::none().with_keyring(Box::new(self.keyring()))
    }
    fn child_env(&self) -> String {
        format!("{SERVICE}/{}", self.account)
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        let registry = OsKeyring::new(SERVICE, &format!("{}.vaults", self.account));
        let recorded: Vec<String> = registry
            .get()
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| {
                v["versions"]
                    .as_object()
                    .map(|m| m.keys().cloned().collect())
            })
            .unwrap_or_default();
        for v in recorded.iter().chain(self.versions.borrow().iter()) {
            let _ = self.version(v).delete();
        }
        let _ = registry.delete();
        let _ = self.keyring().delete();
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            config_dir: dir.path().join("config"),
            data_dir: dir.path().join("data"),
            state_dir: dir.path().join("state"),
        };
        Fixture { _dir: dir, paths }
    }
    fn vault(&self) -> PathBuf {
        self.paths.credentials_file()
    }
    fn keys(
        &self,
        master: MasterConfig,
        f: impl FnOnce(&mut KeysCmd) -> Result<(), SecretsError>,
    ) -> (Result<(), SecretsError>, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let r = {
            let mut cmd = KeysCmd::new(&self.paths, &mut out, &mut err)
                .with_master(master)
                .with_env(|_| None);
            f(&mut cmd)
        };
        let mut text = String::from_utf8(out).unwrap();
        text.push_str(&String::from_utf8(err).unwrap());
        (r, text)
    }
}

fn reader(text: &str) -> KeyInput {
    KeyInput::Reader(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())))
}

fn header(fx: &Fixture) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(fx.vault()).unwrap()).unwrap()
}

#[test]
fn set_list_read_back_in_a_second_process_rotate_and_rm() {
    if !secret_service("set_list_read_back_in_a_second_process_rotate_and_rm") {
        return;
    }
    let entry = Entry::new("full");
    let fx = Fixture::new();
    let (r, out) = fx.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None));
    r.unwrap();
    assert!(
        out.contains("the OS keyring (Secret Service"),
        "source not named: {out}"
    );
    let (r, _) = fx.keys(entry.master(), |c| {
        c.set("openai:router", reader(ROUTER), None)
    });
    r.unwrap();
    assert_eq!(header(&fx)["master"], "keyring");

    // The master secret really is in the Secret Service: a fresh client finds it.
    let stored = entry
        .keyring()
        .get()
        .unwrap()
        .expect("master secret in the keyring");
    assert!(stored.len() >= 43, "32 bytes as base64url");
    if let Ok(out) = std::process::Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", &entry.account])
        .output()
    {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            stored.as_str(),
            "secret-tool sees it"
        );
    }

    let data = &fx.paths.data_dir;
    let env = [("SECRETS_CHILD_KEYRING", entry.child_env())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let got = run_child(data, "get gemini", &env, None);
    let line = got
        .line("FOUND ")
        .unwrap_or_else(|| panic!("{}\n{}", got.stdout, got.stderr));
    assert!(line.contains(&sha256_hex(GEMINI)), "{line}");
    assert!(line.contains("master=the OS keyring"), "{line}");
    let list = run_child(data, "list", &env, None);
    assert_eq!(list.code, 0, "{}", list.stdout);
    assert!(
        list.stdout.contains("AIza…9xQ") && list.stdout.contains("sk-o…9ab"),
        "{}",
        list.stdout
    );
    assert!(!list.stdout.contains(GEMINI) && !list.stdout.contains(ROUTER));

    // Rotation gives the vault a new master under an entry of its own and a new salt; the first
    // master stays for other vaults; a new process still reads the keys.
    let salt_before = header(&fx)["kdf"]["salt"].clone();
    let rot = run_child(data, "rotate", &env, None);
    assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
    let version = entry
        .track(&fx.vault())
        .expect("a master version in the header");
    assert_eq!(header(&fx)["version"], 2);
    let after = entry
        .version(&version)
        .get()
        .unwrap()
        .expect("the new master");
    assert_ne!(after.as_str(), stored.as_str());
    assert_eq!(
        entry.keyring().get().unwrap().unwrap().as_str(),
        stored.as_str(),
        "the first master is never overwritten"
    );
    assert_ne!(header(&fx)["kdf"]["salt"], salt_before);
    let got = run_child(data, "get openai:router", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(ROUTER)),
        "{}\n{}",
        got.stdout,
        got.stderr
    );

    let rm = run_child(data, "rm gemini", &env, None);
    assert_eq!(rm.code, 0, "{}", rm.stdout);
    let gone = run_child(data, "get gemini", &env, None);
    assert!(gone.stdout.contains("ABSENT"), "{}", gone.stdout);
    let store = KeyStore::with(&fx.paths, entry.master(), |_| None);
    assert_eq!(
        store.get("openai:router").unwrap().unwrap().expose_secret(),
        ROUTER
    );
    assert!(matches!(
        store.master_source(),
        Some(MasterSource::Keyring(_))
    ));
}

#[test]
fn a_second_vault_reuses_the_keyring_master() {
    if !secret_service("a_second_vault_reuses_the_keyring_master") {
        return;
    }
    let entry = Entry::new("reuse");
    let (a, b) = (Fixture::new(), Fixture::new());
    a.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    let master = entry.keyring().get().unwrap().unwrap();
    b.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    assert_eq!(
        entry.keyring().get().unwrap().unwrap().as_str(),
        master.as_str()
    );
    for fx in [&a, &b] {
        let store = KeyStore::with(&fx.paths, entry.master(), |_| None);
        assert_eq!(
            store.get("gemini").unwrap().unwrap().expose_secret(),
            GEMINI
        );
    }
}

#[test]
fn a_lost_or_unreachable_keyring_is_explained_and_changes_nothing() {
    if !secret_service("a_lost_or_unreachable_keyring_is_explained_and_changes_nothing") {
        return;
    }
    let entry = Entry::new("lost");
    let fx = Fixture::new();
    fx.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    let before = std::fs::read(fx.vault()).unwrap();

    // The keyring is there, but `MAYA_KEYRING=off` keeps Maya away from it.
    let off = run_child(
        &fx.paths.data_dir,
        "get gemini",
        &[
            ("SECRETS_CHILD_KEYRING", ""),
            ("MAYA_KEYRING", "off"),
            ("MAYA_MASTER_KEY", "a passphrase"),
        ],
        None,
    );
    assert_eq!(off.code, 3, "{}", off.stdout);
    assert!(
        off.stdout.contains("OS keyring") && off.stdout.contains("maya keys reset"),
        "{}",
        off.stdout
    );

    entry.keyring().delete().unwrap();
    let store = KeyStore::with(&fx.paths, entry.master(), |_| None);
    let err = store.get("gemini").unwrap_err();
    assert!(matches!(err, SecretsError::KeyringNoMaster { .. }), "{err}");
    assert!(err.to_string().contains("maya keys reset"));
    // `set` must not quietly mint a new master for a vault locked with the old one.
    let (r, _) = fx.keys(entry.master(), |c| {
        c.set("openai", reader("sk-proj-abcdefghijklmnop"), None)
    });
    assert!(matches!(r, Err(SecretsError::KeyringNoMaster { .. })));
    assert!(entry.keyring().get().unwrap().is_none());
    assert_eq!(std::fs::read(fx.vault()).unwrap(), before);
}

#[test]
fn keyring_calls_work_inside_a_tokio_runtime() {
    if !secret_service("keyring_calls_work_inside_a_tokio_runtime") {
        return;
    }
    let entry = Entry::new("tokio");
    let fx = Fixture::new();
    fx.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    for multi in [false, true] {
        let rt = if multi {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .build()
        } else {
            tokio::runtime::Builder::new_current_thread().build()
        }
        .unwrap();
        let paths = fx.paths.clone();
        let master = entry.master();
        let got = rt.block_on(async move {
            let store = KeyStore::with(&paths, master, |_| None);
            store
                .get("gemini")
                .map(|k| k.map(|k| k.expose_secret().to_string()))
        });
        assert_eq!(
            got.unwrap().as_deref(),
            Some(GEMINI),
            "multi_thread={multi}"
        );
    }
}

/// Written by `maya keys set gemini` of the main branch before versioned masters (commit
/// c7242bb), under a throwaway Secret Service whose `maya`/`master` entry held this master.
const MAIN_V1_KEYRING: &str = include_str!("../data/vault-main-v1-keyring.json");
const MAIN_V1_MASTER: &str = "E51b_I-8U4DXDSGHJ7ak6O5F_4GkgivMeIoMFYG0Vbc";
const MAIN_GEMINI: &str = "AIzaSyFIXTUREmainV1keyring00123456789ab";

#[test]
fn a_keyring_vault_written_by_main_opens_and_rotates() {
    if !secret_service("a_keyring_vault_written_by_main_opens_and_rotates") {
        return;
    }
    let entry = Entry::new("mainv1");
    entry.keyring().set(MAIN_V1_MASTER).unwrap();
    let fx = Fixture::new();
    std::fs::create_dir_all(&fx.paths.data_dir).unwrap();
    std::fs::write(fx.vault(), MAIN_V1_KEYRING).unwrap();
    let env = [("SECRETS_CHILD_KEYRING", entry.child_env())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let data = &fx.paths.data_dir;
    let got = run_child(data, "get gemini", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(MAIN_GEMINI)),
        "{}\n{}",
        got.stdout,
        got.stderr
    );
    let rot = run_child(data, "rotate", &env, None);
    assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
    entry
        .track(&fx.vault())
        .expect("a master version of its own");
    assert_eq!(
        entry.keyring().get().unwrap().unwrap().as_str(),
        MAIN_V1_MASTER
    );
    let got = run_child(data, "get gemini", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(MAIN_GEMINI)),
        "{}\n{}",
        got.stdout,
        got.stderr
    );
}

#[test]
fn rotating_one_vault_keeps_other_vaults_and_backups_readable() {
    if !secret_service("rotating_one_vault_keeps_other_vaults_and_backups_readable") {
        return;
    }
    let entry = Entry::new("others");
    let (a, b, restored) = (Fixture::new(), Fixture::new(), Fixture::new());
    a.keys(entry.master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    b.keys(entry.master(), |c| {
        c.set("openai:router", reader(ROUTER), None)
    })
    .0
    .unwrap();
    // A backup of A under the same master, as `keys reset` leaves one.
    let bak = a.paths.data_dir.join("credentials.json.bak");
    std::fs::copy(a.vault(), &bak).unwrap();

    let env = [("SECRETS_CHILD_KEYRING", entry.child_env())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for _ in 0..2 {
        let rot = run_child(&a.paths.data_dir, "rotate", &env, None);
        assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
        entry.track(&a.vault());
    }
    let got = run_child(&b.paths.data_dir, "get openai:router", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(ROUTER)),
        "the other vault lost its master: {}\n{}",
        got.stdout,
        got.stderr
    );
    // The backup, put back in place, opens too.
    std::fs::create_dir_all(&restored.paths.data_dir).unwrap();
    std::fs::copy(&bak, restored.vault()).unwrap();
    let got = run_child(&restored.paths.data_dir, "get gemini", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(GEMINI)),
        "{}\n{}",
        got.stdout,
        got.stderr
    );
    let got = run_child(&a.paths.data_dir, "get gemini", &env, None);
    assert!(
        got.stdout.contains(&sha256_hex(GEMINI)),
        "{}\n{}",
        got.stdout,
        got.stderr
    );
}

#[test]
fn an_old_master_version_leaves_the_keyring_once_nothing_needs_it() {
    if !secret_service("an_old_master_version_leaves_the_keyring_once_nothing_needs_it") {
        return;
    }
    let entry = Entry::new("retire");
    let runtime = tempfile::tempdir().unwrap();
    let master = || entry.master().with_registry_dir(runtime.path());
    let fx = Fixture::new();
    fx.keys(master(), |c| c.set("gemini", reader(GEMINI), None))
        .0
        .unwrap();
    fx.keys(master(), |c| c.rotate()).0.unwrap();
    let first = entry.track(&fx.vault()).unwrap();
    assert!(entry.version(&first).get().unwrap().is_some());
    let (r, out) = fx.keys(master(), |c| c.rotate());
    r.unwrap();
    let second = entry.track(&fx.vault()).unwrap();
    assert!(out.contains("was removed from the OS keyring"), "{out}");
    assert!(
        entry.version(&first).get().unwrap().is_none(),
        "{first} is still there"
    );
    assert!(entry.version(&second).get().unwrap().is_some());
    assert!(
        entry.keyring().get().unwrap().is_some(),
        "the first master stays"
    );
    let store = KeyStore::with(&fx.paths, master(), |_| None);
    assert_eq!(
        store.get("gemini").unwrap().unwrap().expose_secret(),
        GEMINI
    );
}
