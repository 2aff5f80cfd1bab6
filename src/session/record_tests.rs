use proptest::prelude::*;

use super::*;
use crate::bar::{Action, Tip};
use crate::transcript::Entry;

fn menu() -> Arc<Menu> {
    Arc::new(Menu::builtin())
}

/// One thing that happens in a session.
#[derive(Clone, Debug)]
enum Step {
    Guest(String),
    Maya(String),
    Act(Action),
    Notice(String),
    Interrupted(String),
    Retract,
}

fn any_step() -> impl Strategy<Value = Step> {
    // Text as the app journals it: typed, pasted (sanitized) or streamed through the guard.
    let text = prop_oneof![".{1,40}", Just("line one\nline \"two\" 🍸".to_string())]
        .prop_map(|t| crate::terminal::sanitize(&t).into_owned());
    let item = prop::sample::select(vec!["Martini", "IPA", "Water", "Negroni", "mojito"]);
    prop_oneof![
        3 => text.clone().prop_map(Step::Guest),
        3 => text.clone().prop_map(Step::Maya),
        3 => (item.clone(), 1u32..4).prop_map(|(i, q)| Step::Act(Action::Order { item: i.into(), quantity: q, modifiers: vec![] })),
        1 => item.prop_map(|i| Step::Act(Action::Remove { item: i.into(), quantity: None, modifiers: vec![] })),
        1 => prop::sample::select(vec![10u32, 15, 20]).prop_map(|p| Step::Act(Action::ToggleTipPercent(p))),
        1 => Just(Step::Act(Action::SetTip(Tip::Amount { amount: Cents(150) }))),
        1 => "[a-z]{3}".prop_map(|k| Step::Act(Action::StartCheckout { idempotency_key: k })),
        1 => Just(Step::Act(Action::PaymentSucceeded { reference: "r".into(), paid_at: 9 })),
        1 => Just(Step::Act(Action::CancelCheckout)),
        1 => text.clone().prop_map(Step::Notice),
        1 => text.prop_map(Step::Interrupted),
        1 => Just(Step::Retract),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_journaled_session_replays_to_the_same_state(steps in prop::collection::vec(any_step(), 0..50)) {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("s.jsonl");
        let meta = SessionMeta { provider: "house".into(), model: "offline".into(), starting_balance: Cents(100_000) };
        let journal = Journal::create(&path, serde_json::to_value(&meta).unwrap()).unwrap();
        let mut rec = JournalRecorder::new(journal);
        let mut bar = Bar::new(menu(), Cents(100_000));
        let mut history: Vec<ChatMessage> = Vec::new();
        let mut shown: Vec<Entry> = Vec::new();
        for step in steps {
            match step {
                Step::Guest(text) => {
                    let m = ChatMessage::User { text: text.clone() };
                    rec.message(&m);
                    history.push(m);
                    shown.push(Entry::User { text, blocked: None });
                }
                Step::Maya(text) | Step::Interrupted(text) if text.is_empty() => {}
                Step::Maya(text) => {
                    let m = ChatMessage::Assistant { text: text.clone(), tool_calls: vec![], raw: None };
                    rec.message(&m);
                    history.push(m);
                    shown.push(Entry::Assistant { text, state: ReplyState::Complete });
                }
                Step::Interrupted(text) => {
                    let m = ChatMessage::Assistant { text: text.clone(), tool_calls: vec![], raw: None };
                    rec.message(&m);
                    rec.reply_state(ReplyState::Interrupted);
                    history.push(m);
                    shown.push(Entry::Assistant { text, state: ReplyState::Interrupted });
                }
                Step::Act(action) => {
                    if let Ok(events) = bar.apply(action) {
                        rec.bar(&events);
                    }
                }
                Step::Notice(text) => {
                    let e = Entry::Notice { text };
                    rec.entry(&e);
                    shown.push(e);
                }
                Step::Retract => {
                    if matches!(history.last(), Some(ChatMessage::Assistant { .. })) {
                        history.pop();
                        rec.retracted();
                    }
                }
            }
        }
        rec.sync();
        let (restored, at) = load(&path, menu(), Cents(0)).unwrap();
        prop_assert_eq!(at.good_len, std::fs::metadata(&path).unwrap().len());
        prop_assert_eq!(at.file_len, at.good_len);
        prop_assert_eq!(at.keep_as_is, None);
        prop_assert_eq!(restored.bar.state(), bar.state());
        prop_assert_eq!(restored.history, history);
        prop_assert_eq!(restored.transcript, shown);
        prop_assert!(restored.notices.is_empty());
        prop_assert_eq!(restored.meta, meta);
    }
}

/// The gateway a pending checkout went to comes back with the session: from the journaled
/// choice while no link exists yet, from the link afterwards; none once it has ended.
#[test]
fn a_pending_checkout_remembers_its_gateway() {
    use crate::bar::CheckoutLink;
    use crate::payments::GatewayKind;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("s.jsonl");
    let meta = SessionMeta {
        provider: "house".into(),
        model: "offline".into(),
        starting_balance: Cents(100_000),
    };
    let mut rec =
        JournalRecorder::new(Journal::create(&path, serde_json::to_value(&meta).unwrap()).unwrap());
    let mut bar = Bar::new(menu(), Cents(100_000));
    let mut act = |rec: &mut JournalRecorder, a: Action| rec.bar(&bar.apply(a).unwrap());
    act(
        &mut rec,
        Action::Order {
            item: "IPA".into(),
            quantity: 1,
            modifiers: vec![],
        },
    );
    let pending = |rec: &mut JournalRecorder| {
        rec.sync();
        load(&path, menu(), Cents(0)).unwrap().0.pending_gateway
    };
    assert_eq!(pending(&mut rec), None, "nothing pending");
    act(
        &mut rec,
        Action::StartCheckout {
            idempotency_key: "k1".into(),
        },
    );
    assert_eq!(pending(&mut rec), None, "no request has left yet");
    rec.checkout_gateway("k0", GatewayKind::Simulated);
    assert_eq!(pending(&mut rec), None, "another checkout's choice");
    rec.checkout_gateway("k1", GatewayKind::Stripe);
    assert_eq!(pending(&mut rec), Some(GatewayKind::Stripe));
    act(
        &mut rec,
        Action::CheckoutLinkReady(CheckoutLink {
            checkout_id: "cs_1".into(),
            url: "https://checkout.stripe.com/c/pay/cs_1".into(),
            simulated: false,
        }),
    );
    assert_eq!(pending(&mut rec), Some(GatewayKind::Stripe));
    act(&mut rec, Action::CancelCheckout);
    assert_eq!(pending(&mut rec), None, "it ended");
}

proptest! {
    /// What the recorder writes from borrowed parts is byte for byte what the record it stands
    /// for encodes to, so a journal reads the same whichever wrote it.
    #[test]
    fn a_borrowed_record_encodes_as_the_record(text in "(?s).{0,80}", ok: bool, blocked: bool) {
        let message = ChatMessage::Assistant { text: text.clone(), tool_calls: vec![], raw: None };
        prop_assert_eq!(
            serde_json::to_string(&RecordRef::Message { message: &message }).unwrap(),
            serde_json::to_string(&Record::Message { message: message.clone() }).unwrap()
        );
        let entries = [
            Entry::User { text: text.clone(), blocked: blocked.then(|| "jailbreak".into()) },
            Entry::Tool { summary: text.clone(), ok },
            Entry::Notice { text },
        ];
        for entry in entries {
            prop_assert_eq!(
                serde_json::to_string(&RecordRef::Entry { entry: &entry }).unwrap(),
                serde_json::to_string(&Record::Entry { entry: entry.clone() }).unwrap()
            );
        }
    }
}
