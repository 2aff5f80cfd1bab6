//! The vault without an OS keyring: `MAYA_MASTER_KEY` / passphrases, the `keys` commands,
//! second-process read-back, file modes, damage, wrong masters, concurrency, and a grep of the
//! data dir for key bytes. Every derivation here is the real 600,000 iterations.

use crate::support::secrets_child as child;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use child::{run_child, sha256_hex};
use maya::commands::keys_cmd::{Confirm, KeyInput, KeysCmd};
use maya::config::Paths;
use maya::secrets::Prompter;
use maya::secrets::{KeySource, KeyStore, MasterConfig, MasterSource, SecretsError};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

const GEMINI: &str = "AIzaSyTEST-gemini-0123456789abcdefg9xQ";
const STRIPE: &str = "sk_test_51TESTstripe0123456789abcdefghij";
const ROUTER: &str = "sk-or-v1-TESTrouter0123456789abcdef";
const PASS: &str = "correct horse battery";
/// D-Bus address that answers nothing: "no Secret Service on the bus" even under the script.
const NO_BUS: &str = "unix:path=/nonexistent/maya-test-bus";

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

    /// Run one command with `master` and a fixed environment; returns (result, stdout, stderr).
    fn keys(
        &self,
        master: MasterConfig,
        env: &[(&str, &str)],
        f: impl FnOnce(&mut KeysCmd) -> Result<(), SecretsError>,
    ) -> (Result<(), SecretsError>, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let result = {
            let mut cmd = KeysCmd::new(&self.paths, &mut out, &mut err)
                .with_master(master)
                .with_env(move |k| env.get(k).cloned());
            f(&mut cmd)
        };
        (
            result,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn set(&self, master: MasterConfig, name: &str, key: &str) -> (String, String) {
        let (r, out, err) = self.keys(master, &[], |c| c.set(name, reader(key), None));
        r.unwrap_or_else(|e| panic!("set {name}: {e}"));
        (out, err)
    }

    fn store(&self, master: MasterConfig) -> KeyStore {
        KeyStore::with(&self.paths, master, |_| None)
    }
}

fn pass(p: &str) -> MasterConfig {
    MasterConfig::none().with_passphrase(p.into())
}

fn reader(text: &str) -> KeyInput {
    KeyInput::Reader(Box::new(std::io::Cursor::new(
        format!("{text}\n").into_bytes(),
    )))
}

fn assert_no_secret(text: &str) {
    for secret in [GEMINI, STRIPE, ROUTER, PASS] {
        assert!(!text.contains(secret), "a secret leaked into: {text}");
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                all.push(p);
            }
        }
    }
    all
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[derive(Clone)]
struct Answers(Arc<Mutex<Vec<String>>>, Arc<Mutex<usize>>);

impl Answers {
    fn new(a: &[&str]) -> Answers {
        Answers(
            Arc::new(Mutex::new(a.iter().rev().map(|s| s.to_string()).collect())),
            Arc::new(Mutex::new(0)),
        )
    }
    fn asked(&self) -> usize {
        *self.1.lock().unwrap()
    }
    fn next(&self) -> std::io::Result<String> {
        *self.1.lock().unwrap() += 1;
        self.0
            .lock()
            .unwrap()
            .pop()
            .ok_or_else(|| std::io::Error::other("no answer left"))
    }
}

impl Prompter for Answers {
    fn ask_hidden(&self, _: &str) -> std::io::Result<Zeroizing<String>> {
        self.next().map(Zeroizing::new)
    }
    fn ask_line(&self, _: &str) -> std::io::Result<String> {
        self.next()
    }
}

#[test]
fn set_list_get_rm_with_a_passphrase() {
    let fx = Fixture::new();
    let (out, err) = fx.set(pass(PASS), "gemini", GEMINI);
    assert!(
        out.contains("AIza…9xQ") && out.contains("MAYA_MASTER_KEY"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    fx.set(pass(PASS), "stripe", STRIPE);
    fx.set(pass(PASS), "openai:router", ROUTER);

    let (r, out, err) = fx.keys(pass(PASS), &[], |c| c.list(false));
    r.unwrap();
    assert_no_secret(&out);
    assert_no_secret(&err);
    let row = |name: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in:\n{out}"))
            .to_string()
    };
    assert!(row("gemini").contains("AIza…9xQ") && row("gemini").contains("vault"));
    assert!(row("stripe").contains("sk_t…hij"));
    assert!(row("openai:router").contains("sk-o…def"));
    assert!(row("anthropic").contains("not set"));
    assert!(
        out.contains("unlocked with the passphrase in MAYA_MASTER_KEY"),
        "{out}"
    );

    let store = fx.store(pass(PASS));
    assert_eq!(
        store.get("gemini").unwrap().unwrap().expose_secret(),
        GEMINI
    );
    assert_eq!(
        store.get("openai:router").unwrap().unwrap().expose_secret(),
        ROUTER
    );
    assert!(store.get("anthropic").unwrap().is_none());
    assert_eq!(store.derivations(), 1);

    let (r, out, _) = fx.keys(pass(PASS), &[], |c| c.rm("gemini"));
    r.unwrap();
    assert!(out.contains("Removed the gemini key"), "{out}");
    let (r, _, _) = fx.keys(MasterConfig::none(), &[], |c| c.rm("gemini"));
    assert!(matches!(r, Err(SecretsError::NotStored { .. })));
    assert!(fx.store(pass(PASS)).get("gemini").unwrap().is_none());
    assert_eq!(
        fx.store(pass(PASS))
            .get("stripe")
            .unwrap()
            .unwrap()
            .expose_secret(),
        STRIPE
    );

    let (r, out, _) = fx.keys(MasterConfig::none(), &[], |c| c.path());
    r.unwrap();
    assert_eq!(out.trim_end(), fx.vault().display().to_string());
}

#[test]
fn second_process_reads_back_rotates_and_removes_without_a_secret_service() {
    let fx = Fixture::new();
    let data = &fx.paths.data_dir;
    let env = [
        ("MAYA_MASTER_KEY", PASS),
        ("DBUS_SESSION_BUS_ADDRESS", NO_BUS),
    ];
    let set = run_child(data, "set gemini", &env, Some(GEMINI));
    assert_eq!(set.code, 0, "{}\n{}", set.stdout, set.stderr);
    assert!(
        set.stdout.contains("MAYA_MASTER_KEY"),
        "source not named: {}",
        set.stdout
    );
    assert_no_secret(&set.stdout);
    assert_no_secret(&set.stderr);
    assert!(run_child(data, "set stripe", &env, Some(STRIPE)).code == 0);

    let got = run_child(data, "get gemini", &env, None);
    let line = got
        .line("FOUND ")
        .unwrap_or_else(|| panic!("{}\n{}", got.stdout, got.stderr));
    assert!(
        line.contains(&format!("sha256={}", sha256_hex(GEMINI))),
        "{line}"
    );
    assert!(
        line.contains("source=Vault") && line.contains("derivations=1"),
        "{line}"
    );

    let list = run_child(data, "list json", &env, None);
    assert_eq!(list.code, 0, "{}", list.stdout);
    assert_no_secret(&list.stdout);
    let json_text = &list.stdout[list.stdout.find('{').unwrap()..];
    let doc: serde_json::Value = serde_json::from_str(json_text).unwrap();
    let gemini = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "gemini")
        .unwrap();
    assert_eq!(gemini["masked"], "AIza…9xQ");
    assert_eq!(gemini["source"], "vault");
    assert_eq!(doc["locked_with"], "passphrase");

    // Rotate to a new passphrase; only the new one opens it afterwards.
    let new_pass = "a brand new passphrase";
    let mut rot_env = env.to_vec();
    rot_env.push(("MAYA_NEW_MASTER_KEY", new_pass));
    let rot = run_child(data, "rotate", &rot_env, None);
    assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
    assert!(rot.stdout.contains("2 key(s)"), "{}", rot.stdout);
    let new_env = [
        ("MAYA_MASTER_KEY", new_pass),
        ("DBUS_SESSION_BUS_ADDRESS", NO_BUS),
    ];
    let got = run_child(data, "get stripe", &new_env, None);
    assert!(got.stdout.contains(&sha256_hex(STRIPE)), "{}", got.stdout);
    let old = run_child(data, "get stripe", &env, None);
    assert_eq!(old.code, 3);
    assert!(
        old.stdout.contains("the master key differs"),
        "{}",
        old.stdout
    );

    let rm = run_child(data, "rm gemini", &new_env, None);
    assert_eq!(rm.code, 0, "{}", rm.stdout);
    let gone = run_child(data, "get gemini", &new_env, None);
    assert!(
        gone.stdout.contains("ABSENT derivations=0"),
        "{}",
        gone.stdout
    );
}

#[test]
fn with_no_source_the_error_names_the_three_options() {
    let fx = Fixture::new();
    let (r, out, _) = fx.keys(MasterConfig::none(), &[], |c| {
        c.set("gemini", reader(GEMINI), None)
    });
    let msg = r.unwrap_err().to_string();
    assert!(out.is_empty());
    // The real configuration in a process with no keyring, no MAYA_MASTER_KEY and no terminal.
    let child = run_child(
        &fx.paths.data_dir,
        "set gemini",
        &[("DBUS_SESSION_BUS_ADDRESS", NO_BUS)],
        Some(GEMINI),
    );
    assert_eq!(child.code, 3, "{}\n{}", child.stdout, child.stderr);
    for text in [&msg, &child.stdout] {
        for needle in ["keyring", "MAYA_MASTER_KEY", "terminal", "1.", "2.", "3."] {
            assert!(text.contains(needle), "{needle} missing from: {text}");
        }
        assert_no_secret(text);
    }
    assert!(
        !fx.vault().exists(),
        "nothing may be stored without a master"
    );
}

#[test]
fn the_data_dir_never_holds_key_bytes_and_modes_are_private() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    fx.set(pass(PASS), "stripe", STRIPE);
    fx.set(pass(PASS), "openai:router", ROUTER);
    let (r, _, _) = fx.keys(pass(PASS), &[], |c| c.rotate());
    r.unwrap();
    let (r, _, _) = fx.keys(pass(PASS), &[], |c| c.reset(Confirm::Yes));
    r.unwrap();
    fx.set(pass(PASS), "gemini", GEMINI);

    assert_eq!(mode(&fx.paths.data_dir), 0o700);
    let all = files(&fx.paths.data_dir);
    assert!(all.len() >= 3, "vault, lock and backup expected: {all:?}");
    for f in &all {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        let bytes = std::fs::read(f).unwrap();
        for secret in [GEMINI, STRIPE, ROUTER, PASS] {
            // The whole key and any 12-byte window of it.
            for window in secret.as_bytes().windows(12) {
                assert!(
                    !bytes.windows(window.len()).any(|w| w == window),
                    "{} contains part of a secret",
                    f.display()
                );
            }
        }
    }
}

#[test]
fn a_wrong_passphrase_fails_cleanly_and_changes_nothing() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    let before = std::fs::read(fx.vault()).unwrap();
    let expected =
        "cannot decrypt credentials: the master key differs from the one that stored them";
    let wrong = || pass("not the passphrase");
    for (what, (r, out, err)) in [
        (
            "set",
            fx.keys(wrong(), &[], |c| c.set("stripe", reader(STRIPE), None)),
        ),
        ("list", fx.keys(wrong(), &[], |c| c.list(false))),
        ("rotate", fx.keys(wrong(), &[], |c| c.rotate())),
        ("rm", fx.keys(wrong(), &[], |c| c.rm("gemini"))),
    ] {
        let msg = r.expect_err(what).to_string();
        assert!(msg.starts_with(expected), "{what}: {msg}");
        assert_no_secret(&msg);
        assert_no_secret(&out);
        assert_no_secret(&err);
        assert_eq!(
            std::fs::read(fx.vault()).unwrap(),
            before,
            "{what} changed the vault"
        );
    }
    let msg = fx.store(wrong()).get("gemini").unwrap_err().to_string();
    assert!(msg.starts_with(expected), "{msg}");
    assert_eq!(std::fs::read(fx.vault()).unwrap(), before);
}

/// Names are in the clear, values are not: listing needs no master (values show as locked),
/// changing the vault does.
#[test]
fn without_the_master_list_shows_names_and_rm_changes_nothing() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    fx.set(pass(PASS), "stripe", STRIPE);
    let before = std::fs::read(fx.vault()).unwrap();

    let (r, out, err) = fx.keys(MasterConfig::none(), &[], |c| c.list(false));
    r.unwrap();
    assert_no_secret(&out);
    assert_no_secret(&err);
    for name in ["gemini", "stripe"] {
        let row = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in:\n{out}"));
        assert!(row.contains("locked") && row.contains("vault"), "{row}");
    }
    assert!(
        out.contains("MAYA_MASTER_KEY"),
        "says how to unlock:\n{out}"
    );
    let (r, out, _) = fx.keys(MasterConfig::none(), &[], |c| c.list(true));
    r.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let gemini = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "gemini")
        .unwrap();
    assert_eq!(gemini["source"], "vault");
    assert!(gemini["masked"].is_null(), "{gemini}");
    assert!(doc["locked_reason"].as_str().is_some(), "{doc}");

    let (r, _, _) = fx.keys(MasterConfig::none(), &[], |c| c.rm("gemini"));
    let msg = r.expect_err("rm without the master").to_string();
    assert!(msg.contains("passphrase"), "{msg}");
    assert_eq!(std::fs::read(fx.vault()).unwrap(), before);

    let (r, out, _) = fx.keys(pass(PASS), &[], |c| c.rm("gemini"));
    r.unwrap();
    assert!(out.contains("Removed the gemini key"), "{out}");
    assert_eq!(
        fx.store(pass(PASS))
            .get("stripe")
            .unwrap()
            .unwrap()
            .expose_secret(),
        STRIPE
    );
}

#[test]
fn a_truncated_vault_fails_cleanly_and_reset_moves_it_aside() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    let full = std::fs::read(fx.vault()).unwrap();
    let cut = &full[..full.len() * 2 / 3];
    std::fs::write(fx.vault(), cut).unwrap();
    let path = fx.vault().display().to_string();
    for (what, (r, _, _)) in [
        (
            "set",
            fx.keys(pass(PASS), &[], |c| c.set("stripe", reader(STRIPE), None)),
        ),
        ("list", fx.keys(pass(PASS), &[], |c| c.list(true))),
        ("rotate", fx.keys(pass(PASS), &[], |c| c.rotate())),
        ("rm", fx.keys(pass(PASS), &[], |c| c.rm("gemini"))),
    ] {
        let msg = r.expect_err(what).to_string();
        assert!(
            msg.contains(&path) && msg.contains("truncated"),
            "{what}: {msg}"
        );
        assert!(msg.contains("maya keys reset"), "{what}: {msg}");
        assert_eq!(
            std::fs::read(fx.vault()).unwrap(),
            cut,
            "{what} touched the file"
        );
    }
    assert!(matches!(
        fx.store(pass(PASS)).get("gemini"),
        Err(SecretsError::Corrupt { .. })
    ));

    // Without a terminal, reset wants --yes; a "no" cancels; "reset" proceeds.
    let (r, _, _) = fx.keys(pass(PASS), &[], |c| c.reset(Confirm::Ask));
    assert!(r.unwrap_err().to_string().contains("--yes"));
    let no = Answers::new(&["no"]);
    let (r, _, _) = fx.keys(pass(PASS).with_prompter(Box::new(no)), &[], |c| {
        c.reset(Confirm::Ask)
    });
    assert!(r.unwrap_err().to_string().contains("cancelled"));
    assert_eq!(std::fs::read(fx.vault()).unwrap(), cut);
    let yes = Answers::new(&["reset"]);
    let (r, out, _) = fx.keys(pass(PASS).with_prompter(Box::new(yes.clone())), &[], |c| {
        c.reset(Confirm::Ask)
    });
    r.unwrap();
    assert_eq!(yes.asked(), 1);
    assert!(
        out.contains("credentials.json.bak") && out.contains("cannot be read"),
        "{out}"
    );
    let bak = fx.paths.data_dir.join("credentials.json.bak");
    assert_eq!(
        std::fs::read(&bak).unwrap(),
        cut,
        "the backup is the damaged file as it was"
    );
    assert!(!fx.vault().exists());
    fx.set(pass(PASS), "stripe", STRIPE);
    assert_eq!(
        fx.store(pass(PASS))
            .get("stripe")
            .unwrap()
            .unwrap()
            .expose_secret(),
        STRIPE
    );
}

#[test]
fn concurrent_sets_lose_nothing() {
    let fx = Arc::new(Fixture::new());
    let labels = ["one", "two", "three", "four"];
    let threads: Vec<_> = labels
        .iter()
        .map(|label| {
            let fx = fx.clone();
            let label = label.to_string();
            std::thread::spawn(move || {
                let key = format!("sk-TEST-{label}-0123456789abcdef");
                fx.set(pass(PASS), &format!("openai:{label}"), &key);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = fx.store(pass(PASS));
    for label in labels {
        let got = store.get(&format!("openai:{label}")).unwrap().expect(label);
        assert_eq!(
            got.expose_secret(),
            format!("sk-TEST-{label}-0123456789abcdef")
        );
    }
}

#[test]
fn shapes_are_checked_before_anything_is_stored() {
    let fx = Fixture::new();
    let (r, out, err) = fx.keys(pass(PASS), &[], |c| {
        c.set("stripe", reader("sk_live_51LIVEkey0123456789abcdef"), None)
    });
    let msg = r.unwrap_err().to_string();
    assert!(
        msg.contains("live-mode") && !msg.contains("sk_live_51LIVE"),
        "{msg}"
    );
    assert!(out.is_empty() && err.is_empty());
    assert!(
        !fx.paths.data_dir.exists(),
        "a refused key must not create anything"
    );

    let (r, _, _) = fx.keys(pass(PASS), &[], |c| c.set("gemini", reader("  \n"), None));
    assert!(matches!(r, Err(SecretsError::NoInput(_))));
    let (r, _, _) = fx.keys(pass(PASS), &[], |c| c.set("gpt", reader(GEMINI), None));
    assert!(r.unwrap_err().to_string().contains("openai:<label>"));

    let (r, out, err) = fx.keys(pass(PASS), &[], |c| {
        c.set("anthropic", reader(ROUTER), None)
    });
    r.unwrap();
    assert!(err.contains("warning") && err.contains("sk-ant-"), "{err}");
    assert!(out.contains("Stored the anthropic key"), "{out}");
    assert_no_secret(&err);
}

#[test]
fn the_live_check_gates_storing_and_never_echoes_the_key() {
    let fx = Fixture::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    let refuse = move |name: &str, key: &SecretString| -> Result<String, String> {
        s2.lock().unwrap().push(name.to_string());
        Err(format!(
            "401 Unauthorized: API key {} not valid",
            key.expose_secret()
        ))
    };
    let (r, _, _) = fx.keys(pass(PASS), &[], |c| {
        c.set("gemini", reader(GEMINI), Some(&refuse))
    });
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("401") && msg.contains("AIza…9xQ"), "{msg}");
    assert_no_secret(&msg);
    assert_eq!(*seen.lock().unwrap(), ["gemini"]);
    assert!(!fx.vault().exists());

    let accept = |_: &str, _: &SecretString| -> Result<String, String> {
        Ok("gemini-2.5-flash answered".into())
    };
    let (r, _, err) = fx.keys(pass(PASS), &[], |c| {
        c.set("gemini", reader(GEMINI), Some(&accept))
    });
    r.unwrap();
    assert!(err.contains("check: gemini-2.5-flash answered"), "{err}");
    assert!(fx.vault().exists());
}

#[test]
fn environment_variables_override_and_list_says_so() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    let env_key = "AIzaSyENVIRONMENT-0123456789abcdefZZZ";
    let env = [
        ("GEMINI_API_KEY", env_key),
        ("OPENAI_API_KEY", "sk-ENV-openai-0123456789xyz"),
    ];
    // Every stored key is overridden: listing needs no master at all.
    let (r, out, _) = fx.keys(MasterConfig::none(), &env, |c| c.list(false));
    r.unwrap();
    let gemini = out.lines().find(|l| l.starts_with("gemini")).unwrap();
    assert!(
        gemini.contains("AIza…ZZZ") && gemini.contains("env GEMINI_API_KEY (overrides the vault)"),
        "{out}"
    );
    let openai = out.lines().find(|l| l.starts_with("openai")).unwrap();
    assert!(
        openai.contains("env OPENAI_API_KEY") && !openai.contains("overrides"),
        "{out}"
    );
    assert!(out.contains("not opened"), "{out}");
    assert!(!out.contains(env_key));

    let (r, out, _) = fx.keys(MasterConfig::none(), &env, |c| c.list(true));
    r.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let g = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "gemini")
        .unwrap();
    assert_eq!(g["source"], "environment");
    assert_eq!(g["variable"], "GEMINI_API_KEY");
    assert_eq!(g["overridden"], true);
    assert!(g["stored_at"].as_str().unwrap().contains('T'));

    let map: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let store = KeyStore::with(&fx.paths, MasterConfig::none(), move |k| {
        map.get(k).cloned()
    });
    let (k, src) = store.get_with_source("gemini").unwrap().unwrap();
    assert_eq!(
        (k.expose_secret(), src),
        (env_key, KeySource::Env("GEMINI_API_KEY"))
    );
    assert_eq!(
        store.derivations(),
        0,
        "an environment key must not open the vault"
    );

    let (r, _, err) = fx.keys(pass(PASS), &env, |c| c.set("gemini", reader(GEMINI), None));
    r.unwrap();
    assert!(err.contains("GEMINI_API_KEY is set"), "{err}");
}

#[test]
fn rotation_re_encrypts_everything_and_keeps_metadata() {
    let fx = Fixture::new();
    fx.set(pass(PASS), "gemini", GEMINI);
    fx.set(pass(PASS), "stripe", STRIPE);
    let before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fx.vault()).unwrap()).unwrap();
    let new_pass = "another long passphrase";
    let (r, out, err) = fx.keys(pass(PASS).with_new_passphrase(new_pass.into()), &[], |c| {
        c.rotate()
    });
    r.unwrap();
    assert!(out.contains("2 key(s)"), "{out}");
    assert!(err.contains("MAYA_MASTER_KEY"), "{err}");
    // Locked with the new passphrase, and it says where that came from.
    assert!(
        out.contains("locked with the new passphrase from MAYA_NEW_MASTER_KEY"),
        "{out}"
    );
    assert!(!out.contains("passphrase in MAYA_MASTER_KEY"), "{out}");
    let after: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fx.vault()).unwrap()).unwrap();
    assert_ne!(before["kdf"]["salt"], after["kdf"]["salt"]);
    assert_eq!(after["kdf"]["iterations"], 600_000);
    for name in ["gemini", "stripe"] {
        assert_ne!(before["keys"][name]["token"], after["keys"][name]["token"]);
        assert_eq!(
            before["keys"][name]["stored_at"],
            after["keys"][name]["stored_at"]
        );
    }
    assert!(!fx.paths.data_dir.join("credentials.json.rotating").exists());
    let store = fx.store(pass(new_pass));
    assert_eq!(
        store.get("stripe").unwrap().unwrap().expose_secret(),
        STRIPE
    );
    assert!(matches!(
        fx.store(pass(PASS)).get("stripe"),
        Err(SecretsError::MasterMismatch { .. })
    ));

    // Headless with no new passphrase: same passphrase, new salt, and it says so.
    let (r, _, err) = fx.keys(pass(new_pass), &[], |c| c.rotate());
    r.unwrap();
    assert!(err.contains("passphrase is unchanged"), "{err}");
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fx.vault()).unwrap()).unwrap();
    assert_ne!(after["kdf"]["salt"], again["kdf"]["salt"]);
    assert_eq!(
        fx.store(pass(new_pass))
            .get("gemini")
            .unwrap()
            .unwrap()
            .expose_secret(),
        GEMINI
    );
}

#[test]
fn a_prompted_passphrase_is_asked_twice_only_when_creating() {
    let fx = Fixture::new();
    let create = Answers::new(&[PASS, PASS]);
    let (r, out, _) = fx.keys(
        MasterConfig::none().with_prompter(Box::new(create.clone())),
        &[],
        |c| c.set("gemini", reader(GEMINI), None),
    );
    r.unwrap();
    assert_eq!(create.asked(), 2);
    assert!(out.contains("typed at the terminal"), "{out}");
    let open = Answers::new(&[PASS]);
    let (r, _, _) = fx.keys(
        MasterConfig::none().with_prompter(Box::new(open.clone())),
        &[],
        |c| c.set("stripe", reader(STRIPE), None),
    );
    r.unwrap();
    assert_eq!(open.asked(), 1);
    let typo = Answers::new(&[PASS, "correct horse batterx"]);
    let fresh = Fixture::new();
    let (r, _, _) = fresh.keys(
        MasterConfig::none().with_prompter(Box::new(typo)),
        &[],
        |c| c.set("gemini", reader(GEMINI), None),
    );
    assert!(r.unwrap_err().to_string().contains("differ"));
    assert!(!fresh.vault().exists());
    let store = fx.store(MasterConfig::none().with_prompter(Box::new(Answers::new(&[PASS]))));
    assert_eq!(
        store.get("stripe").unwrap().unwrap().expose_secret(),
        STRIPE
    );
    assert_eq!(
        store.master_source(),
        Some(MasterSource::PromptedPassphrase)
    );
}
