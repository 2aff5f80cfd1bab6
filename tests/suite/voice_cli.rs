//! Voice on the command line: `maya doctor` names the engine and the player and checks the
//! Cartesia key for free; `maya keys set cartesia` stores the key like the others;
//! `MAYA_VOICE=1` and `--voice` turn voice on.

use crate::support;

use std::path::Path;

use support::cli::maya;

use assert_cmd::Command;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_car_DoctorFake0123456789abcdefgh";

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A directory with an executable `aplay` that takes the clip, notes its size and ends, first
/// on the PATH.
fn path_with_player(dir: &Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aplay = bin.join("aplay");
    std::fs::write(
        &aplay,
        format!("#!/bin/sh\nwc -c >> '{}'\n", dir.join("played").display()),
    )
    .unwrap();
    std::fs::set_permissions(&aplay, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn line<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{out}"))
}

#[test]
fn doctor_names_the_engine_and_the_player() {
    let home = tempfile::tempdir().unwrap();
    let (ok, out, _) = run(maya(&home)
        .env("PATH", path_with_player(home.path()))
        .arg("doctor"));
    assert!(ok, "{out}");
    assert!(line(&out, "voice  ").contains("off (maya --voice"), "{out}");
    // espeak-ng is installed by scripts/test; with no Cartesia key, auto picks it.
    assert!(
        which("espeak-ng"),
        "espeak-ng is not installed (scripts/test installs it)"
    );
    let engine = line(&out, "voice engine");
    assert!(engine.contains("espeak-ng (/"), "{engine}");
    let player = line(&out, "voice player");
    assert!(
        player.contains(&format!("aplay ({}", home.path().join("bin").display())),
        "{player}"
    );
    assert!(out.contains("(maya keys set cartesia)"), "{out}");

    // Writing to a file instead; no player needed.
    let (_, out, _) = run(maya(&home)
        .env("PATH", "/nonexistent")
        .env("MAYA_VOICE", "1")
        .env("MAYA_VOICE_OUTPUT", "/tmp/reply.wav")
        .arg("doctor"));
    assert_eq!(line(&out, "voice  ").trim_end(), "voice         on");
    assert!(
        line(&out, "voice engine").contains("none: voice is unavailable"),
        "{out}"
    );
    assert!(
        line(&out, "voice engine").contains("maya keys set cartesia"),
        "{out}"
    );
    assert!(
        line(&out, "voice player").contains("writes to the file /tmp/reply.wav"),
        "{out}"
    );
}

fn which(program: &str) -> bool {
    maya::voice::player::find_in_path(program).is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_checks_the_cartesia_key_with_a_request_that_costs_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/voices"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .and(header("Cartesia-Version", "2025-04-16"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(maya(&home)
        .env("CARTESIA_API_KEY", KEY)
        .env("MAYA_VOICE_BASE_URL", server.uri())
        .arg("doctor"));
    assert!(ok, "{out}{err}");
    assert!(
        line(&out, "cartesia").contains(
            "from CARTESIA_API_KEY: accepted (checked with GET /voices, which uses no credits)"
        ),
        "{out}"
    );
    assert!(line(&out, "voice engine").contains("cartesia ("), "{out}");
    assert!(!out.contains("DoctorFake"), "{out}");
    // No speech was asked for.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.path() == "/voices"));

    let refusing = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"error":"bad key"}"#))
        .mount(&refusing)
        .await;
    let (ok, out, _) = run(maya(&home)
        .env("CARTESIA_API_KEY", KEY)
        .env("MAYA_VOICE_BASE_URL", refusing.uri())
        .arg("doctor"));
    assert!(!ok, "a refused key fails the doctor: {out}");
    assert!(line(&out, "cartesia").contains("REJECTED"), "{out}");
    assert!(out.contains("maya keys set cartesia"), "{out}");
    assert!(!out.contains("DoctorFake"), "{out}");
}

#[test]
fn keys_set_cartesia_stores_it_like_the_others_and_the_environment_overrides() {
    let home = tempfile::tempdir().unwrap();
    let pass = ("MAYA_MASTER_KEY", "a passphrase for the voice test");
    let (ok, out, err) = run(maya(&home)
        .env(pass.0, pass.1)
        .args(["keys", "set", "cartesia"])
        .write_stdin(KEY));
    assert!(ok, "{out}{err}");
    assert!(!out.contains("DoctorFake") && !err.contains("DoctorFake"));
    let (ok, out, _) = run(maya(&home).env(pass.0, pass.1).args(["keys", "list"]));
    assert!(ok);
    let row = line(&out, "cartesia");
    assert!(row.contains("sk_c…fgh"), "{row}");
    assert!(!out.contains("DoctorFake"), "{out}");

    let (_, out, _) = run(maya(&home)
        .env(pass.0, pass.1)
        .env("CARTESIA_API_KEY", "sk_car_FromTheEnvironment000000000")
        .args(["keys", "list"]));
    assert!(line(&out, "cartesia").contains("CARTESIA_API_KEY"), "{out}");

    // A Stripe key offered as Cartesia's is flagged, not silently stored as if it fit.
    let (_, out, err) = run(maya(&home)
        .env(pass.0, pass.1)
        .args(["keys", "set", "cartesia"])
        .write_stdin("sk_test_51HxYzAbCdEfGhIjKlMnOp"));
    assert!(
        format!("{out}{err}").contains("does not look like a key for cartesia"),
        "{out}{err}"
    );
}

#[test]
fn maya_voice_and_the_flag_turn_voice_on() {
    let home = tempfile::tempdir().unwrap();
    for (var, value, on) in [("MAYA_VOICE", "1", true), ("MAYA_VOICE", "0", false)] {
        let (ok, out, err) = run(maya(&home).env(var, value).args(["config", "show"]));
        assert!(ok, "{err}");
        let voice = out.split("[voice]").nth(1).expect("a [voice] section");
        assert!(
            voice.contains(&format!("enabled = {on}")),
            "{var}={value}: {voice}"
        );
    }
    let (ok, out, _) = run(maya(&home).arg("--help"));
    assert!(ok);
    assert!(
        out.contains("--voice") && out.contains("--voice-out"),
        "{out}"
    );
}

#[test]
fn ask_voice_plays_each_sentence_and_exits_when_speech_ends() {
    let home = tempfile::tempdir().unwrap();
    let run = maya(&home)
        .env("PATH", path_with_player(home.path()))
        .env("MAYA_VOICE_ENGINE", "espeak")
        .args(["ask", "--voice", "--provider", "house", "a negroni please"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Two sentences, two clips, each a whole WAV of speech.
    let played = std::fs::read_to_string(home.path().join("played")).unwrap();
    let sizes: Vec<usize> = played.lines().map(|l| l.trim().parse().unwrap()).collect();
    assert_eq!(sizes.len(), 2, "{played}");
    assert!(sizes.iter().all(|s| *s > 20_000), "{sizes:?}");
}
