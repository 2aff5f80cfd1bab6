//! Drive the real `maya` binary in a real terminal (tmux), the way a person would: type, press
//! keys, read the screen. Each harness has its own tmux server socket and its own config, data
//! and state directories, so tests never touch the user's home or each other.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: PathBuf,
    pub home: tempfile::TempDir,
}

impl Tmux {
    /// A shell in a `width`×`height` terminal with Maya's directories isolated and `env` set.
    /// Nothing runs yet: type the command with [`Tmux::run`].
    pub fn new(width: u16, height: u16, env: &[(&str, &str)]) -> Tmux {
        let home = tempfile::tempdir().expect("tempdir");
        let socket = home.path().join("tmux.sock");
        let rc = home.path().join("env.sh");
        let mut script = String::from("PS1='$ '\nexport TERM=xterm-256color LANG=C.UTF-8\n");
        for (dir, var) in [
            ("config", "MAYA_CONFIG_DIR"),
            ("data", "MAYA_DATA_DIR"),
            ("state", "MAYA_STATE_DIR"),
        ] {
            script.push_str(&format!(
                "export {var}='{}'\n",
                home.path().join(dir).display()
            ));
        }
        script.push_str("unset GEMINI_API_KEY GOOGLE_API_KEY OPENAI_API_KEY ANTHROPIC_API_KEY STRIPE_SECRET_KEY NO_COLOR\n");
        script.push_str("export MAYA_HOUSE_WORD_DELAY_MS=0\n");
        for (k, v) in env {
            script.push_str(&format!("export {k}='{v}'\n"));
        }
        std::fs::write(&rc, script).expect("write env.sh");
        let t = Tmux { socket, home };
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "maya",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "bash",
            "--norc",
            "--noprofile",
            "--rcfile",
            &rc.display().to_string(),
            "-i",
        ]);
        // Let the shell source its rc file before anything is typed.
        std::thread::sleep(Duration::from_millis(150));
        t.keys(&[
            &format!("source '{}'", rc.display()),
            "Enter",
            "clear",
            "Enter",
        ]);
        // capture-pane trims trailing spaces, so the bare prompt is a line "$".
        t.wait_until(Duration::from_secs(10), "the shell prompt", |s| {
            s.lines().any(|l| l.trim_end() == "$")
        });
        t
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (scripts/test installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Type a command line into the shell and press Enter.
    pub fn run(&self, command_line: &str) {
        self.text(command_line);
        self.keys(&["Enter"]);
    }

    /// Type literal text.
    pub fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "maya", "-l", text]);
    }

    /// Press keys by tmux name: "Enter", "Escape", "C-c", "F3", "PageUp".
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "maya"];
        args.extend_from_slice(keys);
        self.tmux(&args);
        if keys.last() == Some(&"Escape") {
            // A lone ESC followed at once by another key reads as Alt+that key (terminals
            // send Alt that way), as it would for a person typing that fast.
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "maya"])
    }

    /// A pane format variable, e.g. "#{alternate_on}" or "#{cursor_flag}".
    pub fn pane(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "maya", format])
            .trim()
            .to_string()
    }

    /// Wait until the screen contains `needle`; panics with the screen after `timeout`.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        self.wait_until(timeout, &format!("{needle:?}"), |s| s.contains(needle))
    }

    pub fn wait_until(&self, timeout: Duration, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Append everything the program writes to the terminal to `file` (raw bytes).
    pub fn record_output(&self, file: &Path) {
        self.tmux(&[
            "pipe-pane",
            "-o",
            "-t",
            "maya",
            &format!("cat >> '{}'", file.display()),
        ]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// The `maya` binary under test.
pub fn maya_bin() -> &'static str {
    env!("CARGO_BIN_EXE_maya")
}
