//! Tips: percentages, amounts, the toggle, and how a tip follows the tab.

use super::*;

#[test]
fn emptying_the_tab_clears_the_tip() {
    let mut b = bar(1000);
    b.apply(order("IPA", 2)).unwrap();
    b.apply(Action::ToggleTipPercent(10)).unwrap();
    let ev = b
        .apply(Action::Remove {
            item: "ipa".into(),
            quantity: None,
            modifiers: vec![],
        })
        .unwrap();
    assert!(ev.contains(&BarEvent::TipChanged { tip: Tip::None }));
    assert_eq!(b.view().total, Cents::ZERO);
}

#[test]
fn custom_tips() {
    let mut b = bar(1000);
    assert_eq!(
        code(b.apply(Action::ToggleTipPercent(15))),
        ErrorCode::NothingToPay
    );
    b.apply(order("Negroni", 1)).unwrap();
    b.apply(Action::SetTip(Tip::Percent { percent: 18 }))
        .unwrap();
    assert_eq!(b.tip_amount(), Cents(198));
    b.apply(Action::SetTip(Tip::Amount { amount: Cents(250) }))
        .unwrap();
    assert_eq!(b.total(), Cents(1350));
    assert_eq!(
        code(b.apply(Action::SetTip(Tip::Percent { percent: 101 }))),
        ErrorCode::InvalidTip
    );
    assert_eq!(
        code(b.apply(Action::SetTip(Tip::Amount { amount: Cents(-1) }))),
        ErrorCode::InvalidTip
    );
    assert_eq!(
        code(b.apply(Action::SetTip(Tip::Amount {
            amount: Cents(1101)
        }))),
        ErrorCode::InvalidTip
    );
    b.apply(Action::ClearTip).unwrap();
    assert_eq!(b.tip_amount(), Cents::ZERO);
}

#[test]
fn an_amount_tip_never_outgrows_the_tab() {
    // A $20 tip on two Martinis ($26); one goes back and the tab is $13: the tip comes down
    // to the 100 % cap, with an event the guest sees, and stays there.
    let mut b = bar(1000);
    b.apply(order("Martini", 2)).unwrap();
    b.apply(Action::SetTip(Tip::Amount {
        amount: Cents(2000),
    }))
    .unwrap();
    let ev = b
        .apply(Action::Remove {
            item: "martini".into(),
            quantity: Some(1),
            modifiers: vec![],
        })
        .unwrap();
    assert!(
        ev.contains(&BarEvent::TipChanged {
            tip: Tip::Amount {
                amount: Cents(1300)
            }
        }),
        "{ev:?}"
    );
    let v = b.view();
    assert_eq!(
        (v.subtotal, v.tip_amount, v.total),
        (Cents(1300), Cents(1300), Cents(2600))
    );
    // By line, too.
    b.apply(order("IPA", 1)).unwrap();
    b.apply(Action::SetTip(Tip::Amount {
        amount: Cents(1500),
    }))
    .unwrap();
    let line = b
        .view()
        .lines
        .iter()
        .find(|l| l.item == "Martini")
        .unwrap()
        .line;
    let ev = b
        .apply(Action::RemoveLine {
            line,
            quantity: None,
        })
        .unwrap();
    assert!(ev.contains(&BarEvent::TipChanged {
        tip: Tip::Amount { amount: Cents(600) }
    }));
    // A tip that still fits is left alone.
    b.apply(order("Martini", 1)).unwrap();
    b.apply(Action::SetTip(Tip::Amount { amount: Cents(500) }))
        .unwrap();
    let ev = b
        .apply(Action::Remove {
            item: "IPA".into(),
            quantity: None,
            modifiers: vec![],
        })
        .unwrap();
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(b.tip_amount(), Cents(500));
}

#[test]
fn a_tip_on_an_empty_tab_is_nothing_to_pay_whatever_its_size() {
    let mut b = bar(1000);
    for tip in [
        Tip::Amount { amount: Cents(500) },
        Tip::Amount { amount: Cents(1) },
        Tip::Percent { percent: 15 },
    ] {
        assert_eq!(code(b.apply(Action::SetTip(tip))), ErrorCode::NothingToPay);
    }
    let e = b
        .apply(Action::SetTip(Tip::Amount { amount: Cents(500) }))
        .unwrap_err();
    assert!(e.message.contains("nothing to tip on"), "{}", e.message);
    // Removing a tip that is not there is harmless.
    b.apply(Action::ClearTip).unwrap();
}
