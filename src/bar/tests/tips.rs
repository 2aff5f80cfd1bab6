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
