use std::io;
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use super::*;

/// Records shaped like the app's: text with unicode, newlines and quotes, JSON values, events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(super) enum Rec {
    User {
        text: String,
    },
    Assistant {
        text: String,
    },
    Tool {
        name: String,
        args: serde_json::Value,
    },
    Event {
        amount: i64,
        label: String,
    },
}

fn any_rec() -> impl Strategy<Value = Rec> {
    let text = prop_oneof![
        ".{0,80}",
        Just("two martinis, \"one\" dirty\nand a 🍸 — é".to_string()),
        "[a-z ]{0,20}",
    ];
    prop_oneof![
        text.clone().prop_map(|text| Rec::User { text }),
        text.clone().prop_map(|text| Rec::Assistant { text }),
        (text.clone(), any::<i64>()).prop_map(|(name, n)| Rec::Tool {
            name,
            args: serde_json::json!({"quantity": n, "nested": {"list": [1, "x", null]}}),
        }),
        (any::<i64>(), text).prop_map(|(amount, label)| Rec::Event { amount, label }),
    ]
}

pub(super) fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub(super) fn write(path: &Path, recs: &[Rec]) {
    let mut j: Journal<Rec> =
        Journal::create(path, serde_json::json!({"provider": "house"})).unwrap();
    for r in recs {
        j.append(r);
    }
    j.sync();
    assert!(j.problem().is_none());
}

pub(super) fn sample() -> Vec<Rec> {
    vec![
        Rec::User {
            text: "hello".into(),
        },
        Rec::Assistant {
            text: "Welcome!\nWhat'll it be?".into(),
        },
        Rec::Event {
            amount: 1300,
            label: "Martini".into(),
        },
    ]
}

#[test]
fn header_then_one_line_per_record() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    let text = std::fs::read_to_string(&p).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    let header: Header = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(header.maya_journal, FORMAT_VERSION);
    assert_eq!(header.meta["provider"], "house");
    let r = replay::<Rec>(&p).unwrap();
    assert_eq!(r.records, sample());
    assert!(r.notices.is_empty());
    assert_eq!(r.good_len, text.len() as u64);
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let sessions = d.path().join("data/sessions");
    let p = sessions.join("s.jsonl");
    write(&p, &sample());
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&sessions).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn create_never_overwrites() {
    let d = dir();
    let p = d.path().join("s.jsonl");
    write(&p, &sample());
    assert!(matches!(
        Journal::<Rec>::create(&p, serde_json::json!({})),
        Err(JournalError::Exists { .. })
    ));
    assert_eq!(replay::<Rec>(&p).unwrap().records.len(), 3);
}

/// Storage that fails on demand, the way a full disk does.
#[derive(Clone, Default)]
struct Flaky {
    data: Arc<Mutex<Vec<u8>>>,
    full: Arc<Mutex<bool>>,
}

impl Storage for Flaky {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut data = self.data.lock().unwrap();
        if *self.full.lock().unwrap() {
            // A partial write, then ENOSPC.
            data.extend_from_slice(&bytes[..bytes.len() / 2]);
            return Err(io::Error::from_raw_os_error(28));
        }
        data.extend_from_slice(bytes);
        Ok(())
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.data.lock().unwrap().truncate(len as usize);
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_full_disk_warns_keeps_the_lines_and_saving_resumes() {
    let flaky = Flaky::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(flaky.clone()), 0);
    j.append(&Rec::User { text: "one".into() });
    *flaky.full.lock().unwrap() = true;
    j.append(&Rec::User { text: "two".into() });
    j.append(&Rec::User {
        text: "three".into(),
    });
    let problem = j.problem().expect("a warning");
    assert!(
        problem.contains("not being saved") && problem.contains("disk is full"),
        "{problem}"
    );
    // The partial writes were undone: the file holds exactly the first line.
    assert_eq!(
        String::from_utf8(flaky.data.lock().unwrap().clone()).unwrap(),
        "{\"t\":\"user\",\"text\":\"one\"}\n"
    );
    *flaky.full.lock().unwrap() = false;
    j.sync();
    assert!(j.problem().is_none());
    let text = String::from_utf8(flaky.data.lock().unwrap().clone()).unwrap();
    let recs: Vec<Rec> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        recs,
        ["one", "two", "three"].map(|t| Rec::User { text: t.into() })
    );
}

/// Storage that records each append, and fails once it holds `fail_after` bytes.
#[derive(Clone, Default)]
struct Pieces {
    data: Arc<Mutex<Vec<u8>>>,
    appends: Arc<Mutex<Vec<usize>>>,
    fail_after: Arc<Mutex<Option<usize>>>,
}

impl Storage for Pieces {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.appends.lock().unwrap().push(bytes.len());
        let mut data = self.data.lock().unwrap();
        if self
            .fail_after
            .lock()
            .unwrap()
            .is_some_and(|n| data.len() >= n)
        {
            return Err(io::Error::from_raw_os_error(28));
        }
        data.extend_from_slice(bytes);
        Ok(())
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.data.lock().unwrap().truncate(len as usize);
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_long_record_goes_out_in_pieces_and_a_failure_midway_is_undone() {
    let store = Pieces::default();
    let mut j: Journal<Rec> = Journal::with_storage(Path::new("mem"), Box::new(store.clone()), 0);
    let short = Rec::User { text: "one".into() };
    // Half a megabyte of reply, with and without characters JSON escapes.
    let long = Rec::Assistant {
        text: "A Negroni, stirred.\n\n\"Cheers\" 🍸 ".repeat(12_000) + &"x".repeat(200_000),
    };
    j.append(&short);
    j.append(&long);
    let line = |r: &Rec| serde_json::to_string(r).unwrap() + "\n";
    let expected = line(&short) + &line(&long);
    assert_eq!(
        String::from_utf8(store.data.lock().unwrap().clone()).unwrap(),
        expected
    );
    let appends = store.appends.lock().unwrap().clone();
    assert!(appends.len() > 4, "{appends:?}");
    // Pieces of at most LINE_KEEP, except a run the encoder writes in one go (the x's), which
    // goes straight through: never the whole ~650 KB line.
    assert!(
        appends.iter().all(|&n| n <= LINE_KEEP || n < 250_000),
        "{appends:?}"
    );

    // The disk fills while the long record is half written: nothing of it stays in the file,
    // and it is all there once saving works again.
    *store.fail_after.lock().unwrap() = Some(expected.len() + 100_000);
    j.append(&long);
    assert!(j.problem().is_some());
    assert_eq!(
        String::from_utf8(store.data.lock().unwrap().clone()).unwrap(),
        expected
    );
    *store.fail_after.lock().unwrap() = None;
    j.sync();
    assert!(j.problem().is_none());
    assert_eq!(
        String::from_utf8(store.data.lock().unwrap().clone()).unwrap(),
        expected + &line(&long)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn anything_written_replays_equal(recs in prop::collection::vec(any_rec(), 0..40)) {
        let d = dir();
        let p = d.path().join("s.jsonl");
        write(&p, &recs);
        let r = replay::<Rec>(&p).unwrap();
        // What comes back is what was written, with its text sanitized for the terminal.
        let clean: Vec<Rec> = recs
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap();
                replay::clean_strings(&mut v);
                serde_json::from_value(v).unwrap()
            })
            .collect();
        prop_assert_eq!(r.records, clean);
        prop_assert!(r.notices.is_empty());
    }
}
