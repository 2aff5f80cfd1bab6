//! Sessions survive a crash, as a guest would see it: the real `maya` in a real terminal
//! (tmux), killed with SIGKILL in the middle of a checkout, then resumed.

use crate::support;

use std::process::Command;
use std::time::Duration;

use support::tmux::{Tmux, maya_bin};

const T: Duration = Duration::from_secs(20);

/// The pid of the program running in the pane's shell.
fn child_of_shell(t: &Tmux) -> u32 {
    let shell = t.pane("#{pane_pid}");
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("nothing runs under the shell {shell}"))
}

#[test]
fn a_killed_session_resumes_with_its_tab_tip_and_pending_checkout() {
    let t = Tmux::new(120, 40, &[]);
    t.run(maya_bin());
    t.wait_for("offline", T);
    t.text("a negroni and an IPA");
    t.keys(&["Enter"]);
    t.wait_for("$17.00", T);
    t.keys(&["F4"]); // 20 % of $17.00 = $3.40
    t.wait_for("$20.40", T);
    t.keys(&["C-p"]);
    let overlay = t.wait_for("SIMULATED", T);
    assert!(overlay.contains("$20.40"), "{overlay}");

    let pid = child_of_shell(&t);
    Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    t.wait_until(T, "the shell after the kill", |s| {
        s.lines().any(|l| l.trim_end() == "$")
    });
    // SIGKILL leaves the terminal in raw mode; a guest would type `reset`.
    t.run("stty sane; clear");

    t.run(&format!("{} --resume last", maya_bin()));
    let screen = t.wait_for("Resumed session", T);
    for figure in ["Negroni", "IPA", "$17.00", "$3.40", "$20.40", "$983.00"] {
        assert!(
            screen.contains(figure),
            "{figure} missing after resume:\n{screen}"
        );
    }
    assert!(
        screen.contains("waiting · Ctrl+P"),
        "the checkout is not pending:\n{screen}"
    );
    assert_eq!(
        screen.matches("Evening, and welcome").count(),
        1,
        "Maya greeted again:\n{screen}"
    );

    // The pending checkout comes back with Ctrl+P and can still be paid.
    t.keys(&["C-p"]);
    t.wait_for("SIMULATED", T);
    t.keys(&["Enter"]);
    // The tab and the receipt are separate events and may land in separate frames.
    t.wait_until(T, "the settled tab and the receipt", |s| {
        s.contains("$979.60") && (s.contains("Receipt") || s.contains("receipt"))
    });
    t.keys(&["Escape"]);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}

#[test]
fn a_second_maya_cannot_open_a_session_that_is_open() {
    let t = Tmux::new(100, 30, &[]);
    t.run(maya_bin());
    let screen = t.wait_for("session ", T);
    let id = screen
        .split_whitespace()
        .skip_while(|w| *w != "session")
        .nth(1)
        .expect("the status bar shows the session id")
        .to_string();

    let data = t.path("data");
    let out = Command::new(maya_bin())
        .env("MAYA_CONFIG_DIR", t.path("config"))
        .env("MAYA_DATA_DIR", &data)
        .env("MAYA_STATE_DIR", t.path("state"))
        .env("MAYA_KEYRING", "off")
        .args(["ask", "--resume", &id, "hello"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let pid = child_of_shell(&t);
    assert!(
        err.contains(&format!("session {id} is open in another maya (pid {pid})")),
        "{err}"
    );

    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
    // Once the first one has left, the session opens again.
    let out = Command::new(maya_bin())
        .env("MAYA_CONFIG_DIR", t.path("config"))
        .env("MAYA_DATA_DIR", &data)
        .env("MAYA_STATE_DIR", t.path("state"))
        .env("MAYA_KEYRING", "off")
        .env("MAYA_HOUSE_WORD_DELAY_MS", "0")
        .args(["ask", "--resume", &id, "what do I owe?"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sessions folder that cannot be created (a file is in its way, which stops root too) when
/// the bar opens: the status bar warns, the evening goes on, and once the way is clear the
/// session is saved with everything that happened, without the guest doing anything.
#[test]
fn a_session_that_cannot_be_saved_warns_until_it_is_saved() {
    let t = Tmux::new(120, 40, &[]);
    let data = t.path("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("sessions"), "in the way").unwrap();
    t.run(maya_bin());
    let screen = t.wait_for("not saving:", T);
    let status = screen.lines().next().unwrap_or_default().to_string();
    assert!(
        status.contains("session ") && status.contains("not saving:"),
        "the status bar shows the id and the warning:\n{screen}"
    );
    let id = status
        .split_whitespace()
        .skip_while(|w| *w != "session")
        .nth(1)
        .expect("a session id")
        .to_string();
    t.text("a negroni");
    t.keys(&["Enter"]);
    t.wait_for("$11.00", T);

    std::fs::remove_file(data.join("sessions")).unwrap();
    let screen = t.wait_for("Saving again", T);
    assert!(
        !screen
            .lines()
            .next()
            .unwrap_or_default()
            .contains("not saving"),
        "the warning is gone:\n{screen}"
    );
    t.keys(&["C-d"]);
    let screen = t.wait_for("maya --resume", T);
    assert!(screen.contains(&id), "{screen}");
    let journal = std::fs::read_to_string(data.join("sessions").join(format!("{id}.jsonl")))
        .expect("the journal was written once the way was clear");
    assert!(journal.contains("a negroni"), "{journal}");
    assert!(journal.contains("Negroni"), "{journal}");
}
