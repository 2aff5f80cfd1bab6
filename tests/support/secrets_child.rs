//! A second process for the secrets tests. Until `maya keys` is wired into the CLI, the test
//! binary re-runs itself with `SECRETS_CHILD=<op>`: the child resolves its paths and master
//! sources from the environment exactly as the binary will (`Paths::resolve`,
//! `MasterConfig::from_env`), runs one `KeysCmd` operation or a `KeyStore::get`, and exits.
//! Nothing is shared with the parent but the data dir and the Secret Service.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use maya::commands::keys_cmd::{Confirm, KeyInput, KeysCmd};
use maya::config::Paths;
use maya::secrets::OsKeyring;
use maya::secrets::{KeyStore, MasterConfig, SecretsError};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

/// The `#[ignore]`d test below, which the child process runs.
pub const CHILD_TEST: &str = "support::secrets_child::child_entry";

#[test]
#[ignore = "entry point of the second process; run by the secrets tests"]
fn child_entry() {
    child_main();
}

/// Variables from the developer's shell that would change what a child does.
const SCRUB: &[&str] = &[
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "STRIPE_SECRET_KEY",
    "MAYA_MASTER_KEY",
    "MAYA_NEW_MASTER_KEY",
    "MAYA_KEYRING",
    "SECRETS_CHILD_KEYRING",
];

pub struct ChildOutput {
    pub code: i32,
    /// The child's own lines (libtest's banner removed).
    pub stdout: String,
    pub stderr: String,
}

impl ChildOutput {
    /// What follows `prefix` on the first line that has it. libtest may have printed the test's
    /// name ("test support::secrets_child::child_entry ... ") on the same line first.
    pub fn line(&self, prefix: &str) -> Option<&str> {
        self.stdout
            .lines()
            .find_map(|l| l.find(prefix).map(|at| &l[at + prefix.len()..]))
    }
}

/// Run `op` in a child with `data_dir` as its `MAYA_DATA_DIR`, the given extra environment and
/// `stdin`. The child runs in a new session (`setsid`), so it has no controlling terminal and
/// cannot fall back to a passphrase prompt: the answer depends only on what the test sets.
pub fn run_child(
    data_dir: &Path,
    op: &str,
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> ChildOutput {
    let exe = std::env::current_exe().expect("test binary path");
    let mut cmd = if Path::new("/usr/bin/setsid").exists() {
        let mut c = Command::new("/usr/bin/setsid");
        c.arg("--wait").arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.args([
        CHILD_TEST,
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for var in SCRUB {
        cmd.env_remove(var);
    }
    cmd.env("MAYA_DATA_DIR", data_dir)
        .env("MAYA_CONFIG_DIR", data_dir.join("config"))
        .env("MAYA_STATE_DIR", data_dir.join("state"))
        // The keyring's registry lock (see `secrets::registry`) stays in the test's own dir.
        .env(
            "XDG_RUNTIME_DIR",
            data_dir.parent().unwrap_or(data_dir).join("runtime"),
        )
        .env("SECRETS_CHILD", op)
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn child test process");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("child stdin");
        pipe.write_all(text.as_bytes()).expect("write child stdin");
    }
    let out = child.wait_with_output().expect("child output");
    let stdout = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("running ") && !l.is_empty())
        .map(|l| l.strip_prefix("test child_entry ... ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    ChildOutput {
        code: out.status.code().unwrap_or(-1),
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The child side. Does nothing unless `SECRETS_CHILD` is set (the test is `#[ignore]`d, so
/// it only runs when asked for by name).
pub fn child_main() {
    let Ok(op) = std::env::var("SECRETS_CHILD") else {
        return;
    };
    let code = match run(&op) {
        Ok(()) => 0,
        Err(e) => {
            println!("ERROR: {e}");
            3
        }
    };
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}

fn run(op: &str) -> Result<(), SecretsError> {
    let paths = Paths::resolve().expect("paths from MAYA_*_DIR");
    let mut master = MasterConfig::from_env();
    // Keyring tests use their own entry so they never touch a real Maya master secret.
    if let Ok(entry) = std::env::var("SECRETS_CHILD_KEYRING")
        && let Some((service, account)) = entry.split_once('/')
    {
        master = master.with_keyring(Box::new(OsKeyring::new(service, account)));
    }
    let (verb, arg) = op.split_once(' ').unwrap_or((op, ""));
    if verb == "get" {
        let store = KeyStore::with(&paths, master, |k| std::env::var(k).ok());
        match store.get_with_source(arg)? {
            Some((key, source)) => println!(
                "FOUND sha256={} source={source:?} derivations={} master={}",
                sha256_hex(key.expose_secret()),
                store.derivations(),
                store
                    .master_source()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "none".into())
            ),
            None => println!("ABSENT derivations={}", store.derivations()),
        }
        return Ok(());
    }
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let mut cmd = KeysCmd::new(&paths, &mut out, &mut err).with_master(master);
    match verb {
        "set" => cmd.set(arg, KeyInput::Stdin, None),
        "list" => cmd.list(arg == "json"),
        "rm" => cmd.rm(arg),
        "rotate" => cmd.rotate(),
        "reset" => cmd.reset(Confirm::Yes),
        "path" => cmd.path(),
        other => panic!("unknown child op {other}"),
    }
}
