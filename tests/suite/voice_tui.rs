//! Voice in the real bar (tmux), like a guest: `maya --voice` says so in the status line and
//! speaks through a player on the PATH; Esc kills the player, F5 turns voice off and on, and no
//! player outlives the bar, whether it is left with Ctrl+D or ended with SIGTERM.
//!
//! The player is a stand-in `aplay` that records its pid, takes the clip and then "plays" for
//! half a minute, so a player that is not killed is plainly still there. The engine is the
//! real espeak-ng (scripts/test installs it).

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::tmux::{Tmux, maya_bin};

const T: Duration = Duration::from_secs(20);

fn fake_aplay(dir: &Path) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let pids = dir.join("player-pids");
    std::fs::write(
        bin.join("aplay"),
        format!(
            "#!/bin/sh\necho $$ >> '{}'\ncat > /dev/null\nexec sleep 30\n",
            pids.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(bin.join("aplay"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, pids)
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

fn wait(what: &str, pred: impl Fn() -> bool) {
    let start = Instant::now();
    while !pred() {
        assert!(start.elapsed() < T, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The pid of the program running in the pane (the shell's child).
fn program_pid(t: &Tmux) -> u32 {
    let shell: u32 = t.pane("#{pane_pid}").parse().unwrap();
    let children =
        std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
    children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("maya runs in the pane")
}

fn start(t: &Tmux) {
    assert!(
        maya::voice::player::find_in_path("espeak-ng").is_some(),
        "espeak-ng is not installed (scripts/test installs it)"
    );
    t.run(&format!("{} --voice", maya_bin()));
    t.wait_for("voice on · espeak-ng", T);
}

#[test]
fn esc_f5_and_leaving_stop_the_player() {
    let home = tempfile::tempdir().unwrap();
    let (path, pid_file) = fake_aplay(home.path());
    let t = Tmux::new(
        120,
        40,
        &[("PATH", path.as_str()), ("MAYA_VOICE_ENGINE", "espeak")],
    );
    start(&t);
    // The greeting is spoken: its first sentence reaches the player.
    wait("the greeting's player", || !pids(&pid_file).is_empty());
    let greeting = pids(&pid_file)[0];
    assert!(alive(greeting));
    let screen = t.screen();
    assert!(screen.contains("Esc stop"), "{screen}");

    // Esc while she speaks: the player is killed, the words stay on screen.
    t.keys(&["Escape"]);
    wait("Esc to kill the player", || !alive(greeting));
    assert!(t.screen().contains("Maya  "), "{}", t.screen());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        pids(&pid_file).len(),
        1,
        "Esc dropped the queued sentences too"
    );

    // A reply: spoken; F5 turns voice off (killing the player) and on again.
    t.text("a negroni please");
    t.keys(&["Enter"]);
    t.wait_for("$11.00", T);
    wait("the reply's player", || pids(&pid_file).len() == 2);
    let reply = pids(&pid_file)[1];
    t.keys(&["F5"]);
    wait("F5 to kill the player", || !alive(reply));
    t.wait_until(T, "the status line without voice", |s| {
        !s.contains("voice on")
    });
    t.keys(&["F5"]);
    t.wait_for("voice on · espeak-ng", T);

    // Typing while she speaks, then pressing keys twice; then leaving.
    t.text("hello");
    t.keys(&["Enter"]);
    wait("the next player", || pids(&pid_file).len() == 3);
    let last = pids(&pid_file)[2];
    t.keys(&["F5", "F5"]);
    wait("F5 twice to kill the player", || !alive(last));
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
    for pid in pids(&pid_file) {
        assert!(!alive(pid), "player {pid} outlived the bar");
    }
    assert_eq!(t.pane("#{alternate_on}"), "0");
}

#[test]
fn sigterm_restores_the_terminal_and_kills_the_player() {
    let home = tempfile::tempdir().unwrap();
    let (path, pid_file) = fake_aplay(home.path());
    let t = Tmux::new(
        100,
        30,
        &[("PATH", path.as_str()), ("MAYA_VOICE_ENGINE", "espeak")],
    );
    start(&t);
    wait("the greeting's player", || !pids(&pid_file).is_empty());
    let player = pids(&pid_file)[0];
    let maya = program_pid(&t);
    std::process::Command::new("kill")
        .args(["-TERM", &maya.to_string()])
        .status()
        .unwrap();
    t.wait_until(T, "the shell prompt after SIGTERM", |s| {
        s.trim_end().ends_with('$')
    });
    wait("the player to be killed", || !alive(player));
    assert!(!alive(maya));
    assert_eq!(
        t.pane("#{alternate_on}"),
        "0",
        "still in the alternate screen"
    );
}

#[test]
fn ask_voice_ends_its_player_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let (path, pid_file) = fake_aplay(home.path());
    let t = Tmux::new(
        100,
        30,
        &[("PATH", path.as_str()), ("MAYA_VOICE_ENGINE", "espeak")],
    );
    t.run(&format!(
        "{} ask --voice --provider house 'a negroni please'",
        maya_bin()
    ));
    wait("the player", || !pids(&pid_file).is_empty());
    let player = pids(&pid_file)[0];
    // `maya ask --voice` waits for the speech to end: it is still running.
    let maya = program_pid(&t);
    assert!(alive(maya));
    std::process::Command::new("kill")
        .args(["-TERM", &maya.to_string()])
        .status()
        .unwrap();
    wait("the player to be killed", || !alive(player));
    wait("maya to end", || !alive(maya));
}
