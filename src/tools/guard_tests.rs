//! The spending guard: which orders from the model ask the guest first.

use super::*;

#[test]
fn the_spending_guard_asks_before_big_orders() {
    let mut b = bar();
    let plan = dispatch(
        &mut b,
        &call("add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        &guard(),
    );
    let Plan::Confirm { action, prompt } = plan else {
        panic!("expected a confirmation")
    };
    assert_eq!(prompt, "Maya wants to add 12× Martini — $156.00. Allow?");
    assert!(
        b.view().lines.is_empty(),
        "nothing is added before the guest agrees"
    );
    // Four Martinis are $52.00: over the amount though under the count.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"Martini","quantity":4}"#),
            &guard()
        ),
        Plan::Confirm { .. }
    ));
    // Six waters are $6.00 but more than five drinks.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"Water","quantity":6}"#),
            &guard()
        ),
        Plan::Confirm { .. }
    ));
    let out = declined(&action);
    assert_eq!(error_code(&out), "DECLINED_BY_GUEST");
    let out = confirmed(&mut b, action);
    assert_eq!(out.result["tab"]["subtotal"], "$156.00");
    // Within limits: no question.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"IPA","quantity":5}"#),
            &guard()
        ),
        Plan::Done(_)
    ));
}
