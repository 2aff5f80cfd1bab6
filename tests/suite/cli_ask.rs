//! `maya ask` prints for a shell, not for the bar: plain text without markdown emphasis, and
//! next steps that are commands (`maya --resume <id>`), never keys of the full-screen bar.

use crate::support;

use support::cli::maya;

use tempfile::TempDir;

fn ask(home: &TempDir, args: &[&str]) -> (bool, String, String) {
    let out = maya(home).arg("ask").args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn session_id(home: &TempDir) -> String {
    let out = maya(home)
        .args(["sessions", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn ask_speaks_plain_text_with_shell_next_steps() {
    let home = tempfile::tempdir().unwrap();
    let (ok, _, _) = ask(&home, &["a beer"]);
    assert!(ok);
    let id = session_id(&home);

    let (ok, out, _) = ask(&home, &["--resume", &id, "what beers do you have?"]);
    assert!(ok);
    assert!(out.contains("Beer: Tap Beer $5.00"), "{out}");
    assert!(!out.contains("**"), "markdown reached plain output: {out}");

    let (ok, out, err) = ask(&home, &["--resume", &id, "check please"]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("run maya --resume {id} to settle it in the bar")),
        "{out}"
    );
    assert!(
        err.contains(&format!("settle it in the bar with maya --resume {id}")),
        "{err}"
    );
    for tui in ["press Enter", "payment window", "press x", "overlay"] {
        assert!(
            !out.contains(tui) && !err.contains(tui),
            "{tui}: {out}{err}"
        );
    }

    // While the check is out the bar refuses a new drink; its way out is a command too.
    let (ok, out, err) = ask(&home, &["--resume", &id, "another beer"]);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "(ask Maya to cancel the check: maya ask --resume {id} \"cancel the check\")."
        )),
        "{err}"
    );
    for tui in ["press Enter", "payment window", "press x", "overlay"] {
        assert!(
            !out.contains(tui) && !err.contains(tui),
            "{tui}: {out}{err}"
        );
    }

    // A provider that cannot be reached: the way back is a command, not a key.
    let (ok, _, err) = maya(&home)
        .env("MAYA_PROVIDER", "openai")
        .env("OPENAI_API_KEY", "sk-test-0123456789abcdefghijklmnop")
        .env("MAYA_BASE_URL", "http://127.0.0.1:9/v1")
        .args(["ask", "--resume", &id, "hello"])
        .output()
        .map(|o| {
            (
                o.status.success(),
                String::new(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert!(!ok);
    assert!(
        err.contains(&format!("try again with maya ask --resume {id} 'hello'")),
        "{err}"
    );
    assert!(!err.contains("press r") && !err.contains("/retry"), "{err}");
}
