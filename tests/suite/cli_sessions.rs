//! `maya ask` and `maya sessions` with isolated directories and the offline house bartender.

use crate::support;

use support::cli::maya;

use predicates::prelude::*;
use tempfile::TempDir;

fn ids(home: &TempDir) -> Vec<String> {
    let out = maya(home)
        .args(["sessions", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ask_streams_a_reply_and_continues_a_session() {
    let home = tempfile::tempdir().unwrap();
    maya(&home)
        .args(["ask", "two martinis please"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2× Martini").and(predicate::str::contains("$26.00")));
    let sessions = ids(&home);
    assert_eq!(sessions.len(), 1);
    maya(&home)
        .args(["ask", "--resume", &sessions[0][..8], "add 15% tip"])
        .assert()
        .success()
        .stdout(predicate::str::contains("$29.90"));
    let out = maya(&home)
        .args(["ask", "--resume", "last", "--json", "what do I owe?"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.first().unwrap()["event"], "ready");
    let tab = &lines.last().unwrap()["tab"];
    assert_eq!(tab["total"], "$29.90");
    assert_eq!(tab["balance"], "$974.00");
    assert_eq!(ids(&home).len(), 1, "resuming does not start new sessions");
}

#[test]
fn sessions_list_show_rm_prune() {
    let home = tempfile::tempdir().unwrap();
    maya(&home).args(["ask", "a negroni"]).assert().success();
    maya(&home).args(["ask", "an IPA"]).assert().success();
    let all = ids(&home);
    assert_eq!(all.len(), 2);
    let out = maya(&home)
        .args(["sessions", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let totals: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tab_total"].as_str().unwrap())
        .collect();
    assert!(
        totals.contains(&"$11.00") && totals.contains(&"$6.00"),
        "{totals:?}"
    );
    // Both times are RFC 3339, so scripts parse them the same way.
    for s in v.as_array().unwrap() {
        for field in ["started", "last_active"] {
            let t = s[field].as_str().unwrap();
            assert!(
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                    .is_ok(),
                "{field} is not RFC 3339: {t}"
            );
        }
    }
    maya(&home)
        .args(["sessions", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ID").and(predicate::str::contains(&all[0])));
    maya(&home)
        .args(["sessions", "show", &all[0]])
        .assert()
        .success()
        .stdout(predicate::str::contains("You: ").and(predicate::str::contains("Maya: ")));
    // Unknown and ambiguous ids list candidates.
    maya(&home)
        .args(["sessions", "show", "nope"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no session matches").and(predicate::str::contains(&all[0])),
        );
    let common: String = all[0]
        .chars()
        .zip(all[1].chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    if !common.is_empty() {
        maya(&home)
            .args(["sessions", "show", &common])
            .assert()
            .failure()
            .stderr(predicate::str::contains("matches several sessions"));
    }
    // rm asks unless --yes; without a terminal it refuses.
    maya(&home)
        .args(["sessions", "rm", &all[0]])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    maya(&home)
        .args(["sessions", "rm", "--yes", &all[0]])
        .assert()
        .success();
    assert_eq!(ids(&home), vec![all[1].clone()]);
    maya(&home)
        .args(["sessions", "prune", "--older-than", "30d"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No sessions older"));
    maya(&home)
        .args(["sessions", "prune", "--older-than", "0s"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&all[1]));
    assert!(ids(&home).is_empty());
    maya(&home)
        .args(["sessions", "prune", "--older-than", "soon"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("30d"));
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn looking_at_a_damaged_session_writes_nothing_and_resuming_keeps_one_copy() {
    let home = tempfile::tempdir().unwrap();
    maya(&home).args(["ask", "a negroni"]).assert().success();
    maya(&home)
        .args(["ask", "--resume", "last", "and an IPA"])
        .assert()
        .success();
    let id = ids(&home).remove(0);
    let dir = home.path().join("data/sessions");
    let path = dir.join(format!("{id}.jsonl"));
    // Damage the second line (a middle one).
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = "{\"t\": \"not a record";
    let damaged = lines.join("\n") + "\n";
    std::fs::write(&path, &damaged).unwrap();
    let before = files(&dir);
    for _ in 0..2 {
        maya(&home).args(["sessions", "list"]).assert().success();
        maya(&home)
            .args(["sessions", "list", "--json"])
            .assert()
            .success();
        maya(&home)
            .args(["sessions", "show", &id])
            .assert()
            .success()
            .stdout(predicate::str::contains("damaged at line 2"));
    }
    assert_eq!(files(&dir), before, "read-only commands wrote files");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);

    maya(&home)
        .args(["ask", "--resume", &id, "what do I owe?"])
        .assert()
        .success()
        .stderr(predicate::str::contains(".corrupt-"));
    let copies: Vec<String> = files(&dir)
        .into_iter()
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join(&copies[0])).unwrap(),
        damaged
    );
}

/// `[payments] gateway = "stripe"` without a key is a problem of checkouts, not of ordering.
#[test]
fn gateway_stripe_without_a_key_does_not_stop_ordering() {
    let home = tempfile::tempdir().unwrap();
    maya(&home)
        .env("MAYA_PAYMENTS_GATEWAY", "stripe")
        .args(["ask", "a negroni"])
        .assert()
        .success()
        .stdout(predicate::str::contains("$11.00"));
}

#[test]
fn resuming_with_another_provider_says_so_in_the_resume_notice() {
    let home = tempfile::tempdir().unwrap();
    maya(&home).args(["ask", "a negroni"]).assert().success();
    // Nothing listens on port 9: the turn fails, but the resume notice comes first.
    let out = maya(&home)
        .env("MAYA_BASE_URL", "http://127.0.0.1:9/v1")
        .args(["--provider", "openai", "ask", "--resume", "last", "hello"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let notice = stderr
        .lines()
        .find(|l| l.contains("Resumed session"))
        .unwrap_or_else(|| panic!("no resume notice in:\n{stderr}"));
    assert!(
        notice.contains("with house; continuing with openai"),
        "{notice}"
    );
    // The same provider again: just the resume line.
    let out = maya(&home)
        .args(["ask", "--resume", "last", "hello"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Resumed session"), "{stderr}");
    assert!(!stderr.contains("continuing with"), "{stderr}");
}

/// A sessions folder that cannot be created (its path is a file): like a read-only disk,
/// also for root, whom permissions do not stop.
#[test]
fn a_session_that_cannot_be_saved_still_has_an_id_and_says_why() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("sessions"), "in the way").unwrap();
    let out = maya(&home)
        .args(["ask", "--json", "a negroni"])
        .assert()
        .success()
        .get_output()
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ready = &lines[0];
    assert_eq!(ready["event"], "ready");
    assert!(
        ready["session"].as_str().is_some_and(|s| !s.is_empty()),
        "{ready}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "saving" && l["ok"] == false),
        "{lines:?}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("os error"));
}

/// The lock cannot be taken (its path is a directory that cannot be removed as a stale lock):
/// the session still resumes, says it cannot be locked and is not saved, and writes nothing.
#[test]
fn a_session_that_cannot_be_locked_resumes_without_saving() {
    let home = tempfile::tempdir().unwrap();
    maya(&home).args(["ask", "a negroni"]).assert().success();
    let id = ids(&home).remove(0);
    let dir = home.path().join("data/sessions");
    let path = dir.join(format!("{id}.jsonl"));
    std::fs::create_dir(dir.join(format!("{id}.lock"))).unwrap();
    std::fs::write(dir.join(format!("{id}.lock/keep")), "").unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = maya(&home)
        .args(["ask", "--resume", &id, "what do I owe?"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("$11.00"), "the tab came back: {stdout}");
    assert!(
        stderr.contains(&format!("cannot lock session {id}")),
        "{stderr}"
    );
    assert!(stderr.contains("not being saved"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn a_future_journal_is_refused_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    maya(&home).args(["ask", "a negroni"]).assert().success();
    let id = ids(&home).remove(0);
    let path = home
        .path()
        .join("data/sessions")
        .join(format!("{id}.jsonl"));
    let future =
        "{\"maya_journal\":7,\"created\":\"2030-01-01T00:00:00Z\",\"app_version\":\"9.0\"}\n";
    std::fs::write(&path, future).unwrap();
    maya(&home)
        .args(["ask", "--resume", &id, "hello"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer Maya"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), future);
}
