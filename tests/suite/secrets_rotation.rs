//! `keys rotate` on the headless path (`MAYA_MASTER_KEY`, `MAYA_NEW_MASTER_KEY`, no keyring),
//! in separate processes as the CLI runs it, with the real 600,000 iterations: vaults written
//! by earlier Maya versions still open and rotate, and an interrupted rotation loses nothing.

use crate::support::secrets_child as child;

use std::path::{Path, PathBuf};

use child::{run_child, sha256_hex};

/// Written by `maya keys set` of the main branch before versioned masters (commit c7242bb),
/// with `MAYA_KEYRING=off MAYA_MASTER_KEY="main fixture passphrase"`.
const MAIN_V1_PASSPHRASE: &str = include_str!("../data/vault-main-v1-passphrase.json");
const MAIN_PASS: &str = "main fixture passphrase";
const MAIN_GEMINI: &str = "AIzaSyFIXTUREmainV1passphrase0123456789";
const MAIN_ROUTER: &str = "sk-or-v1-FIXTUREmainV1router0123456789ab";
const STRIPE: &str = "sk_test_51ROTATIONstripe0123456789abcdef";

fn data_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    (dir, data)
}

fn header(vault: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(vault).unwrap()).unwrap()
}

fn found(data: &Path, name: &str, pass: &str) -> String {
    let got = run_child(
        data,
        &format!("get {name}"),
        &[("MAYA_KEYRING", "off"), ("MAYA_MASTER_KEY", pass)],
        None,
    );
    assert_eq!(got.code, 0, "{}\n{}", got.stdout, got.stderr);
    got.stdout
}

#[test]
fn a_passphrase_vault_written_by_main_opens_changes_and_rotates() {
    let (_dir, data) = data_dir();
    let vault = data.join("credentials.json");
    std::fs::write(&vault, MAIN_V1_PASSPHRASE).unwrap();
    assert_eq!(header(&vault)["version"], 1);
    for (name, key) in [("gemini", MAIN_GEMINI), ("openai:router", MAIN_ROUTER)] {
        let out = found(&data, name, MAIN_PASS);
        assert!(out.contains(&sha256_hex(key)), "{name}: {out}");
    }
    let env = [("MAYA_KEYRING", "off"), ("MAYA_MASTER_KEY", MAIN_PASS)];
    let set = run_child(&data, "set stripe", &env, Some(STRIPE));
    assert_eq!(set.code, 0, "{}\n{}", set.stdout, set.stderr);
    // Still version 1: nothing in it needs a newer Maya.
    assert_eq!(header(&vault)["version"], 1);
    let new = "a new passphrase for the fixture";
    let rot = run_child(
        &data,
        "rotate",
        &[
            ("MAYA_KEYRING", "off"),
            ("MAYA_MASTER_KEY", MAIN_PASS),
            ("MAYA_NEW_MASTER_KEY", new),
        ],
        None,
    );
    assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
    assert_eq!(header(&vault)["version"], 1);
    for (name, key) in [
        ("gemini", MAIN_GEMINI),
        ("openai:router", MAIN_ROUTER),
        ("stripe", STRIPE),
    ] {
        assert!(found(&data, name, new).contains(&sha256_hex(key)), "{name}");
    }
}

#[test]
fn rm_during_an_interrupted_headless_rotation_does_not_come_back() {
    let (_dir, data) = data_dir();
    let vault = data.join("credentials.json");
    std::fs::write(&vault, MAIN_V1_PASSPHRASE).unwrap();
    let old = std::fs::read(&vault).unwrap();
    let new = "the passphrase after rotation";
    let rot = run_child(
        &data,
        "rotate",
        &[
            ("MAYA_KEYRING", "off"),
            ("MAYA_MASTER_KEY", MAIN_PASS),
            ("MAYA_NEW_MASTER_KEY", new),
        ],
        None,
    );
    assert_eq!(rot.code, 0, "{}\n{}", rot.stdout, rot.stderr);
    // As if the rotation had been cut off before its last step, the rename.
    let pending = data.join("credentials.json.rotating");
    std::fs::rename(&vault, &pending).unwrap();
    std::fs::write(&vault, &old).unwrap();

    let rm = run_child(
        &data,
        "rm gemini",
        &[("MAYA_KEYRING", "off"), ("MAYA_MASTER_KEY", MAIN_PASS)],
        None,
    );
    assert_eq!(rm.code, 0, "{}\n{}", rm.stdout, rm.stderr);
    // The new passphrase finishes the rotation; the removed key stays removed.
    assert!(found(&data, "openai:router", new).contains(&sha256_hex(MAIN_ROUTER)));
    assert!(!pending.exists());
    let gone = found(&data, "gemini", new);
    assert!(gone.contains("ABSENT"), "{gone}");
}
