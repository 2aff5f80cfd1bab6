//! A damaged line in the middle of a session journal costs that line only: what follows it (a
//! payment, above all) is replayed, kept in the repaired file, and the original is kept aside.

use std::sync::Arc;

use maya::agent::Entry;
use maya::bar::{Action, Bar, Menu};
use maya::llm::ChatMessage;
use maya::money::Cents;
use maya::session::journal::Journal;
use maya::session::record::{JournalRecorder, SessionMeta, load};
use maya::session::recorder::Recorder;

#[test]
fn a_payment_after_a_damaged_line_survives_resume() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("s.jsonl");
    let menu = Arc::new(Menu::builtin());
    let meta = SessionMeta {
        provider: "house".into(),
        model: "offline".into(),
        starting_balance: Cents(100_000),
    };
    let mut rec =
        JournalRecorder::new(Journal::create(&path, serde_json::to_value(&meta).unwrap()).unwrap());
    let mut bar = Bar::new(menu.clone(), Cents(100_000));
    rec.message(&ChatMessage::User {
        text: "a martini".into(),
    });
    for action in [
        Action::Order {
            item: "Martini".into(),
            quantity: 1,
            modifiers: vec![],
        },
        Action::StartCheckout {
            idempotency_key: "k1".into(),
        },
    ] {
        rec.bar(&bar.apply(action).unwrap());
    }
    rec.entry(&Entry::Notice {
        text: "paying".into(),
    });
    rec.bar(
        &bar.apply(Action::PaymentSucceeded {
            reference: "ref-1".into(),
            paid_at: 9,
        })
        .unwrap(),
    );
    rec.sync();
    drop(rec);
    assert_eq!(bar.state().payment.name(), "paid");

    // The notice line (between the checkout and the payment) is damaged.
    let text = std::fs::read_to_string(&path).unwrap();
    let damaged = text.replacen("\"paying\"", "\"pay\u{1}ing", 1);
    assert_ne!(damaged, text);
    std::fs::write(&path, &damaged).unwrap();

    let (restored, at) = load(&path, menu.clone(), Cents(0)).unwrap();
    assert_eq!(restored.bar.state(), bar.state(), "the payment is replayed");
    assert_eq!(at.keep_as_is, None);
    assert!(
        restored
            .notices
            .iter()
            .any(|n| n.contains("damaged at line")),
        "{:?}",
        restored.notices
    );
    // The live file keeps the payment; the copy keeps everything as it was.
    let live = std::fs::read_to_string(&path).unwrap();
    assert!(live.contains("payment_succeeded"), "{live}");
    assert_eq!(at.good_len, live.len() as u64);
    let copy = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".corrupt-"))
        .expect("a .corrupt copy");
    assert_eq!(std::fs::read_to_string(copy).unwrap(), damaged);
    // Resumed again: clean, and still paid.
    let (again, _) = load(&path, menu, Cents(0)).unwrap();
    assert!(again.notices.is_empty(), "{:?}", again.notices);
    assert_eq!(again.bar.state(), bar.state());
}
