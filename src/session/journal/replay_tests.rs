//! Reading a journal back: torn and damaged lines, the original kept aside, versions,
//! sanitized text, the size limit.

use super::*;
use crate::session::journal::Journal;
use crate::session::journal::tests::{Rec, dir, sample, write};

#[test]
fn a_torn_last_line_is_dropped_at_every_byte_offset() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let full = std::fs::read(&p).unwrap();
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    for cut in last_start + 1..full.len() {
        std::fs::write(&p, &full[..cut]).unwrap();
        let r = replay::<Rec>(&p).unwrap();
        assert_eq!(r.records, sample()[..2], "cut at {cut}");
        assert_eq!(r.notices.len(), 1, "cut at {cut}");
        assert_eq!(r.good_len, last_start as u64);
        // Resuming cuts the torn bytes away and appends cleanly after the good part.
        let mut j = Journal::<Rec>::resume(&p, r.good_len).unwrap();
        j.append(&Rec::User {
            text: "again".into(),
        });
        j.sync();
        let again = replay::<Rec>(&p).unwrap();
        assert_eq!(again.records.len(), 3, "cut at {cut}");
        assert!(again.notices.is_empty());
    }
}

fn copies(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with("s.jsonl.corrupt-"))
        .collect()
}

#[test]
fn a_corrupt_middle_line_is_skipped_the_rest_replayed_and_the_original_kept() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let text = std::fs::read_to_string(&p).unwrap();
    let broken = text.replacen("Welcome!", "Welc\u{1}\"ome", 1);
    std::fs::write(&p, &broken).unwrap();
    let r = replay::<Rec>(&p).unwrap();
    assert_eq!(r.records, [sample()[0].clone(), sample()[2].clone()]);
    assert_eq!(r.notices.len(), 1);
    assert!(
        r.notices[0].contains("damaged at line 3"),
        "{}",
        r.notices[0]
    );
    assert!(r.notices[0].contains("kept as"), "{}", r.notices[0]);
    assert_eq!(r.keep_as_is, None);
    let aside = copies(d.path());
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(d.path().join(&aside[0])).unwrap(),
        broken
    );
    // The live file now holds the good lines, byte for byte, and appending continues there.
    let repaired: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), repaired);
    assert_eq!(
        (r.good_len, r.file_len),
        (repaired.len() as u64, repaired.len() as u64)
    );
    let mut j = Journal::<Rec>::resume(&p, r.good_len).unwrap();
    j.append(&Rec::User {
        text: "again".into(),
    });
    j.sync();
    let again = replay::<Rec>(&p).unwrap();
    assert_eq!(again.records.len(), 3);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
    assert_eq!(copies(d.path()).len(), 1);
}

#[test]
fn several_damaged_lines_a_bad_last_line_and_a_torn_tail() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    let recs: Vec<Rec> = (0..12)
        .map(|n| Rec::Event {
            amount: n,
            label: format!("l{n}"),
        })
        .collect();
    write(&p, &recs);
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Lines 3, 5, 6, 7, 8, 9 and the last complete one (13) are damaged; then a torn tail.
    for i in [2usize, 4, 5, 6, 7, 8, 12] {
        lines[i] = format!("{{\"t\": \"event\", \"amount\": \"x{i}\"");
    }
    let broken = lines.join("\n") + "\n{\"t\":\"ev";
    std::fs::write(&p, &broken).unwrap();
    let seen = read::<Rec>(&p).unwrap();
    assert_eq!(names(d.path()), ["s.jsonl"], "read writes nothing");
    let r = replay::<Rec>(&p).unwrap();
    let amounts = |rs: &[Rec]| -> Vec<i64> {
        rs.iter()
            .map(|r| match r {
                Rec::Event { amount, .. } => *amount,
                _ => -1,
            })
            .collect()
    };
    assert_eq!(amounts(&r.records), [0, 2, 8, 9, 10]);
    assert_eq!(amounts(&seen.records), amounts(&r.records));
    assert!(
        r.notices[0].contains("lines 3, 5, 6, 7, 8 and 2 more"),
        "{:?}",
        r.notices
    );
    assert!(
        r.notices[1].contains("cut off mid-write"),
        "{:?}",
        r.notices
    );
    // The copy holds everything, the bad last line and the torn tail too.
    let aside = copies(d.path());
    assert_eq!(
        std::fs::read_to_string(d.path().join(&aside[0])).unwrap(),
        broken
    );
    let again = replay::<Rec>(&p).unwrap();
    assert_eq!(amounts(&again.records), [0, 2, 8, 9, 10]);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
}

#[test]
fn a_complete_but_unreadable_last_line_is_kept_in_the_copy() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let text = std::fs::read_to_string(&p).unwrap();
    let broken = format!("{text}{{\"t\":\"user\",\"text\":7}}\n");
    std::fs::write(&p, &broken).unwrap();
    let r = replay::<Rec>(&p).unwrap();
    assert_eq!(r.records, sample());
    assert!(
        r.notices[0].contains("damaged at line 5"),
        "{:?}",
        r.notices
    );
    let aside = copies(d.path());
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(d.path().join(&aside[0])).unwrap(),
        broken
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn reading_a_damaged_journal_writes_nothing() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let broken = std::fs::read_to_string(&p)
        .unwrap()
        .replacen("Welcome!", "Welc\u{1}\"ome", 1);
    std::fs::write(&p, &broken).unwrap();
    for _ in 0..3 {
        let r = read::<Rec>(&p).unwrap();
        assert_eq!(r.records, [sample()[0].clone(), sample()[2].clone()]);
        assert!(r.notices[0].contains("line 3"), "{}", r.notices[0]);
        assert!(!r.notices[0].contains("kept as"), "{}", r.notices[0]);
    }
    assert_eq!(names(d.path()), ["s.jsonl"]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), broken);
}

#[test]
fn the_damaged_original_is_kept_once_and_never_overwritten() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let broken = std::fs::read_to_string(&p)
        .unwrap()
        .replacen("Welcome!", "Welc\u{1}\"ome", 1);
    std::fs::write(&p, &broken).unwrap();
    let first = replay::<Rec>(&p).unwrap().notices;
    // The same damage again (the file restored from a backup, within the same second): the
    // copy is reused.
    std::fs::write(&p, &broken).unwrap();
    let second = replay::<Rec>(&p).unwrap().notices;
    assert_eq!(first, second);
    assert_eq!(copies(d.path()).len(), 1, "{:?}", names(d.path()));
    // Another damage in the same second gets its own copy; the first one stays as it was.
    let other = broken.replacen("hello", "hel\u{1}\"lo", 1);
    std::fs::write(&p, &other).unwrap();
    replay::<Rec>(&p).unwrap();
    let copies = copies(d.path());
    assert_eq!(copies.len(), 2, "{copies:?}");
    let mut contents: Vec<String> = copies
        .iter()
        .map(|n| std::fs::read_to_string(d.path().join(n)).unwrap())
        .collect();
    contents.sort();
    let mut expected = vec![broken, other];
    expected.sort();
    assert_eq!(contents, expected);
}

#[test]
fn a_future_version_is_refused_and_the_file_untouched() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    let text = "{\"maya_journal\":99,\"created\":\"x\",\"app_version\":\"9\"}\n{\"t\":\"user\",\"text\":\"hi\"}\n";
    std::fs::write(&p, text).unwrap();
    let err = replay::<Rec>(&p).unwrap_err();
    assert!(matches!(err, JournalError::FutureVersion { found: 99, .. }));
    assert!(err.to_string().contains("newer Maya"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn other_files_are_not_journals() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    for text in ["", "hello\n", "{\"a\":1}\n", "\u{0}\u{1}"] {
        std::fs::write(&p, text).unwrap();
        assert!(
            matches!(replay::<Rec>(&p), Err(JournalError::NotAJournal { .. })),
            "{text:?}"
        );
    }
}

#[test]
fn replayed_text_is_sanitized_whatever_the_file_holds() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    let lines = [
        "{\"maya_journal\":1,\"created\":\"x\",\"app_version\":\"0\",\"meta\":{\"provider\":\"house\\u001b]0;pwn\\u0007\\u202e\"}}",
        "{\"t\":\"user\",\"text\":\"hi\\u001b[2J \\u009b31m \u{2066}x\u{2069} \\r\\n ok\"}",
        "{\"t\":\"tool\",\"name\":\"n\\b\",\"args\":{\"k\\u001b\":[\"\\f\u{200f}\"]}}",
        "{\"t\":\"assistant\",\"text\":\"plain \\\\u001b stays text\"}",
    ];
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    for r in [replay::<Rec>(&p).unwrap(), read::<Rec>(&p).unwrap()] {
        assert_eq!(r.header.meta["provider"], "house");
        assert_eq!(
            r.records,
            [
                Rec::User {
                    text: "hi  x \n ok".into()
                },
                Rec::Tool {
                    name: "n".into(),
                    args: serde_json::json!({"k": [""]}),
                },
                Rec::Assistant {
                    text: "plain \\u001b stays text".into()
                },
            ]
        );
    }
}

#[test]
fn a_huge_journal_is_a_clear_error_not_an_out_of_memory() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    // Sparse: 10 GiB long, nothing on disk.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(10 << 30)
        .unwrap();
    for err in [
        replay::<Rec>(&p).unwrap_err().to_string(),
        read::<Rec>(&p).unwrap_err().to_string(),
    ] {
        assert!(
            err.contains("it is 10 GiB, more than the 256 MiB Maya reads"),
            "{err}"
        );
    }
    assert_eq!(names(d.path()), ["s.jsonl"]);
}
