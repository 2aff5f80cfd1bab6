//! `kill_all`, on its own in this test binary: it ends every player of the process, so it
//! must not share a process with tests whose players are meant to keep playing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failed test"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use maya::voice::wav;

fn fake_player(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let pids = dir.join("pids");
    let script = dir.join("fake-player");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ >> '{}'\ncat > /dev/null\nexec sleep 30\n",
            pids.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, pids)
}

fn pids(file: &Path) -> Vec<u32> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| s.split_whitespace().nth(2) != Some("Z"))
}

async fn wait_for(what: &str, pred: impl Fn() -> bool) {
    for _ in 0..200 {
        if pred() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The panic hook and the signal handlers of `maya ask` end players through `kill_all`, with
/// no agent left to drop them.
#[tokio::test]
async fn kill_all_ends_a_playing_player() {
    let dir = tempfile::tempdir().unwrap();
    let (script, pid_file) = fake_player(dir.path());
    let player = maya::voice::player::Player::find(&script.display().to_string()).unwrap();
    let clip = wav::pcm16(8_000, &[1000; 800]);
    let playing = tokio::spawn(async move { player.play(clip).await });
    wait_for("the player", || pids(&pid_file).len() == 1).await;
    let pid = pids(&pid_file)[0];
    assert!(alive(pid));
    maya::voice::player::kill_all();
    assert!(!alive(pid), "kill_all returned with the player alive");
    // The play that was cut short says so, rather than claiming it played.
    let result = tokio::time::timeout(Duration::from_secs(5), playing)
        .await
        .expect("play ends once its player is gone")
        .unwrap();
    assert!(result.is_err(), "{result:?}");
}
