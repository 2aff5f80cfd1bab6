//! Tampered local files never put a control sequence on the terminal: escapes, C1 controls,
//! bidi overrides and line separators planted in a session journal, a keys vault, a config file
//! and a menu file are run through every command that prints them, and the raw bytes the
//! binary writes (stdout and stderr) are checked.

use crate::support;

use std::path::Path;

use support::cli::maya;
use tempfile::TempDir;

/// Everything a hostile file could try at once, as JSON/TOML string content (escaped, so the
/// parsers decode it into the real characters).
const PAYLOAD: &str = "\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u009b31m\\u202egnp.exe\\u2066\\u061c\\u2028\\u2029\\u200f\\u0008\\r";

/// The same characters raw, for places that are not parsed (file names, raw JSON bytes).
const RAW: &str =
    "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}gnp.exe\u{2066}\u{61c}\u{2028}";

/// A forbidden character in `bytes`: ESC and every other C0 control but newline and tab, DEL,
/// C1 controls, bidi controls and the line/paragraph separators.
fn first_forbidden(bytes: &[u8]) -> Option<(usize, char)> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices().find(|&(_, c)| {
        let u = c as u32;
        (u < 0x20 && c != '\n' && c != '\t')
            || (0x7F..=0x9F).contains(&u)
            || matches!(
                c,
                '\u{061C}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
            )
    })
}

fn assert_clean(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some((at, c)) = first_forbidden(bytes) {
            let text = String::from_utf8_lossy(bytes);
            let from = text.floor_char_boundary(at.saturating_sub(60));
            panic!(
                "{what}: {stream} has U+{:04X} at byte {at}: …{:?}",
                c as u32,
                &text[from..text.ceil_char_boundary((at + 20).min(text.len()))]
            );
        }
    }
}

fn run(home: &TempDir, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = maya(home);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_clean(&args.join(" "), &out);
    out
}

/// A session whose journal carries the payload in its header (provider), a notice, an error,
/// a guest line and a tool line, and one damaged line in the middle.
fn plant_journal(home: &TempDir) -> String {
    let out = run(home, &["ask", "a negroni"], &[]);
    assert!(out.status.success(), "{out:?}");
    let sessions = home.path().join("data/sessions");
    let journal = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let header = header.replace(
        "\"provider\":\"house\"",
        &format!("\"provider\":\"house{PAYLOAD}\\nFAKE ROW\""),
    );
    assert!(header.contains("FAKE ROW"), "{header}");
    let mut lines = vec![header, rest.trim_end().to_string()];
    for kind in ["notice", "error"] {
        lines.push(format!(
            r#"{{"t":"entry","entry":{{"kind":"{kind}","text":"{kind} {PAYLOAD}"}}}}"#
        ));
    }
    lines.push(format!(
        r#"{{"t":"entry","entry":{{"kind":"user","text":"guest {PAYLOAD}"}}}}"#
    ));
    lines.push(format!(
        r#"{{"t":"entry","entry":{{"kind":"tool","summary":"tool {PAYLOAD}","ok":true}}}}"#
    ));
    // A damaged line with raw controls in it, then a good one after it.
    lines.push(format!("{{\"t\":\"entry\",{RAW}"));
    lines.push(format!(
        r#"{{"t":"entry","entry":{{"kind":"assistant","text":"after {PAYLOAD}","state":"complete"}}}}"#
    ));
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    journal.file_stem().unwrap().to_string_lossy().into_owned()
}

/// A passphrase vault with a second entry under a hostile name.
fn plant_vault(home: &TempDir) {
    let mut cmd = maya(home);
    cmd.args(["keys", "set", "gemini"])
        .env("MAYA_MASTER_KEY", "a long passphrase")
        .write_stdin("AIzaSyHOSTILE-files-0123456789abcdefgh");
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let vault = home.path().join("data/credentials.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&vault).unwrap()).unwrap();
    let entry = v["keys"]["gemini"].clone();
    let name = format!(
        "openai:{}",
        serde_json::from_str::<String>(&format!("\"{PAYLOAD}\"")).unwrap()
    );
    v["keys"][name] = entry;
    std::fs::write(&vault, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// A vault whose damage makes the parser quote its content.
fn plant_unexpected_vault(dir: &Path) {
    let vault = dir.join("data/credentials.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&vault).unwrap()).unwrap();
    let hostile = serde_json::from_str::<String>(&format!("\"{PAYLOAD}\"")).unwrap();
    v[hostile] = serde_json::json!(1);
    v["kdf"]["algorithm"] = serde_json::json!(format!("pbkdf2{}", RAW));
    std::fs::write(&vault, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

#[test]
fn a_tampered_journal_prints_nothing_raw() {
    let home = tempfile::tempdir().unwrap();
    let id = plant_journal(&home);
    for args in [
        vec!["sessions", "list"],
        vec!["sessions", "list", "--json"],
        vec!["sessions", "show", &id],
    ] {
        let out = run(&home, &args, &[]);
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.lines().any(|l| l.starts_with("FAKE ROW")),
            "{args:?}: a file forged a line: {text}"
        );
    }
    let show = run(&home, &["sessions", "show", &id], &[]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("gnp.exe"), "the visible text stays: {text}");
    let out = run(&home, &["ask", "--resume", &id, "what do I owe?"], &[]);
    assert!(out.status.success(), "{out:?}");
    run(&home, &["ask", "--resume", &id, "--json", "and now?"], &[]);
}

#[test]
fn a_tampered_vault_prints_nothing_raw() {
    let home = tempfile::tempdir().unwrap();
    plant_vault(&home);
    let pass = [("MAYA_MASTER_KEY", "a long passphrase")];
    // Locked (names only), unlocked (the hostile entry does not decrypt), and as JSON.
    run(&home, &["keys", "list"], &[]);
    run(&home, &["keys", "list", "--json"], &[]);
    run(&home, &["keys", "list"], &pass);
    run(&home, &["keys", "rm", "gemini"], &pass);
    run(&home, &["doctor"], &pass);
    run(&home, &["keys", "reset", "--yes"], &[]);
    plant_vault(&home);
    plant_unexpected_vault(home.path());
    for args in [
        vec!["keys", "list"],
        vec!["keys", "list", "--json"],
        vec!["doctor"],
        vec!["keys", "rotate"],
    ] {
        let out = run(&home, &args, &pass);
        let err = String::from_utf8_lossy(&out.stderr);
        let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
        assert!(
            all.contains("damaged") || all.contains("unexpected") || all.contains("unsupported"),
            "{args:?}: the damage is reported: {all}"
        );
    }
}

#[test]
fn a_tampered_config_and_menu_print_nothing_raw() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[provider]\nmodel = \"gpt{PAYLOAD}\"\n"),
    )
    .unwrap();
    for args in [
        vec!["config", "show"],
        vec!["doctor"],
        vec!["menu"],
        vec!["sessions", "list"],
    ] {
        let out = run(&home, &args, &[]);
        assert!(
            !out.status.success(),
            "{args:?}: a hostile model name is refused"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("provider.model"), "{args:?}: {err}");
    }
    // A TOML syntax error quotes the line it is on.
    std::fs::write(
        config.join("config.toml"),
        format!("[provider]\nmodel = \"gpt{RAW}\n"),
    )
    .unwrap();
    run(&home, &["config", "show"], &[]);
    // A menu with hostile names.
    std::fs::write(
        config.join("menu.toml"),
        format!(
            "[[category]]\nid = \"x\"\nname = \"Drinks{PAYLOAD}\"\n\n[[item]]\nname = \"Gin{PAYLOAD}\"\ncategory = \"x\"\nprice = \"$5.00\"\ndescription = \"d{PAYLOAD}\"\n"
        ),
    )
    .unwrap();
    std::fs::write(config.join("config.toml"), "menu = \"menu.toml\"\n").unwrap();
    for args in [vec!["menu"], vec!["menu", "--json"], vec!["config", "show"]] {
        run(&home, &args, &[]);
    }
}

#[test]
fn a_hostile_session_file_name_prints_nothing_raw() {
    let home = tempfile::tempdir().unwrap();
    run(&home, &["ask", "a negroni"], &[]);
    let sessions = home.path().join("data/sessions");
    let journal = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .unwrap();
    std::fs::rename(&journal, sessions.join(format!("x{RAW}.jsonl"))).unwrap();
    run(&home, &["sessions", "list"], &[]);
    run(&home, &["sessions", "list", "--json"], &[]);
    run(&home, &["sessions", "show", "x"], &[]);
    run(&home, &["ask", "--resume", "x", "hello"], &[]);
    run(&home, &["sessions", "rm", "--yes", "x"], &[]);
}
