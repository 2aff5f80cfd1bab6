//! A session whose disk fills up while the bar runs: the guest is warned as soon as saving
//! fails, the warning stays until it works again, and saving resumes by itself.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::*;
use crate::session::journal::{Journal, Storage};
use crate::session::record::{JournalRecorder, Record};

/// Journal storage in memory that refuses writes (ENOSPC) while `full` is set.
#[derive(Clone, Default)]
struct Disk {
    data: Arc<Mutex<Vec<u8>>>,
    full: Arc<AtomicBool>,
}

impl Storage for Disk {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Err(io::Error::from_raw_os_error(28));
        }
        self.data.lock().unwrap().extend_from_slice(bytes);
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

impl Disk {
    fn lines(&self) -> Vec<Record> {
        String::from_utf8(self.data.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn saving(events: &[Event]) -> Vec<Option<String>> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Saving { problem } => Some(problem.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_full_disk_warns_until_saving_works_again() {
    let script = Script::default();
    script.round(vec![text("Hello."), stop()]);
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"IPA"}"#),
        tools_done(),
    ]);
    script.round(vec![text("One IPA."), stop()]);
    script.round(vec![text("Still here."), stop()]);
    script.round(vec![text("Saved."), stop()]);
    let disk = Disk::default();
    let journal: Journal<Record> =
        Journal::with_storage(Path::new("mem.jsonl"), Box::new(disk.clone()), 0);
    let mut setup = setup_with(&script, false, Arc::new(SimulatedGateway::new()));
    setup.recorder = Box::new(JournalRecorder::new(journal));
    let mut h = start_setup(&script, setup);
    h.next().await;

    h.send(Command::Submit("hi".into()));
    let events = h.turn().await;
    assert!(saving(&events).is_empty(), "saving works: {events:?}");

    disk.full.store(true, Ordering::SeqCst);
    h.send(Command::Submit("an IPA".into()));
    let events = h.turn().await;
    assert_eq!(
        saving(&events),
        [Some("the disk is full".to_string())],
        "{events:?}"
    );
    assert!(
        events.iter().any(
            |e| matches!(e, Event::Notice(n) if n.contains("not being saved: the disk is full"))
        )
    );
    // Still failing: no new warning per event, the first one stands.
    h.send(Command::Submit("are you there?".into()));
    let events = h.turn().await;
    assert!(saving(&events).is_empty(), "{events:?}");

    // Space is freed; nothing else happens, yet saving resumes and the guest hears so.
    disk.full.store(false, Ordering::SeqCst);
    let events = h
        .until(|e| matches!(e, Event::Saving { problem: None }))
        .await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Notice(n) if n.contains("Saving again"))),
        "{events:?}"
    );
    // Everything from the full-disk time reached the file, in order.
    let texts: Vec<String> = disk
        .lines()
        .into_iter()
        .filter_map(|r| match r {
            Record::Message {
                message: ChatMessage::User { text },
            } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["hi", "an IPA", "are you there?"]);
    assert!(
        disk.lines().iter().any(|r| matches!(r, Record::Bar { .. })),
        "the IPA ordered while the disk was full is saved"
    );
    h.send(Command::Submit("good".into()));
    let events = h.turn().await;
    assert!(saving(&events).is_empty(), "{events:?}");
}
