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

fn martini() -> ToolCall {
    call("add_to_tab", r#"{"item":"Martini"}"#)
}

/// Run a model round's calls the way the agent does, answering any question with `allow`.
/// Returns the questions asked and every result.
fn round(
    b: &mut Bar,
    spend: &mut TurnSpend,
    calls: &[ToolCall],
    allow: bool,
) -> (Vec<String>, Vec<ToolOutput>) {
    let (mut asked, mut outs) = (vec![], vec![]);
    for (i, c) in calls.iter().enumerate() {
        match dispatch_in_turn(b, c, &guard(), spend, &calls[i + 1..]) {
            Plan::Done(out) => outs.push(out),
            Plan::Confirm { action, prompt } => {
                asked.push(prompt);
                outs.push(answer_consent(b, action, allow, spend));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    (asked, outs)
}

#[test]
fn many_small_orders_in_one_turn_add_up_and_ask_once() {
    // Ten single Martinis: the fourth crosses $50, so the guest is asked once about it and
    // everything after it, and a "no" declines them all.
    let mut b = bar();
    let mut spend = TurnSpend::default();
    let calls = vec![martini(); 10];
    let (asked, outs) = round(&mut b, &mut spend, &calls, false);
    assert_eq!(
        asked,
        ["Maya wants to add 7× Martini — $91.00, on top of 3 drinks ($39.00) this turn. Allow?"]
    );
    assert_eq!(b.view().subtotal, Cents(3900));
    assert_eq!(outs.len(), 10, "every call has a result");
    for out in &outs[3..] {
        assert_eq!(error_code(out), "DECLINED_BY_GUEST");
    }
    assert_eq!(outs[3].summary, "guest declined 7× Martini — $91.00");
    assert!(
        outs[4..].iter().all(|o| o.summary.is_empty()),
        "the rest of a declined batch is not repeated to the guest"
    );

    // Allowed: all ten, still one question.
    let mut b = bar();
    let mut spend = TurnSpend::default();
    let (asked, _) = round(&mut b, &mut spend, &calls, true);
    assert_eq!(asked.len(), 1);
    assert_eq!(b.view().drinks, 10);
    // Beyond what was allowed the thresholds apply again: four more ($52) ask, three don't.
    let (asked, _) = round(&mut b, &mut spend, &vec![martini(); 3], true);
    assert!(asked.is_empty(), "{asked:?}");
    let (asked, _) = round(&mut b, &mut spend, &vec![martini(); 4], false);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(b.view().drinks, 13);
}

#[test]
fn the_question_lists_what_the_batch_adds() {
    let mut b = bar();
    let mut spend = TurnSpend::default();
    let calls: Vec<ToolCall> = [
        "Martini",
        "Negroni",
        "Daiquiri",
        "Long Island",
        "Old Fashioned",
        "Cosmopolitan",
        "Manhattan",
        "IPA",
        "whisky neat",
        "Gin",
        "Tequila",
    ]
    .iter()
    .map(|d| call("add_to_tab", &format!(r#"{{"item":"{d}"}}"#)))
    .collect();
    let (asked, _) = round(&mut b, &mut spend, &calls, false);
    assert_eq!(
        asked,
        [
            "Maya wants to add 1× Old Fashioned, 1× Cosmopolitan, 1× Manhattan and 4 more drinks \
          — $66.00, on top of 4 drinks ($46.00) this turn. Allow?"
        ]
    );
    assert_eq!(b.view().drinks, 4);
}

#[test]
fn the_batch_counts_only_what_would_go_through() {
    // $60 left: the question covers what the balance allows, not the refusals after it.
    let mut b = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(60));
    let mut spend = TurnSpend::default();
    let mut calls = vec![martini(); 6];
    calls.insert(4, call("add_to_tab", r#"{"item":"unicorn tears"}"#));
    let (asked, outs) = round(&mut b, &mut spend, &calls, true);
    assert_eq!(
        asked,
        ["Maya wants to add 1× Martini — $13.00, on top of 3 drinks ($39.00) this turn. Allow?"]
    );
    assert_eq!(b.view().drinks, 4);
    assert_eq!(error_code(&outs[4]), "ITEM_NOT_FOUND");
    assert_eq!(error_code(&outs[5]), "INSUFFICIENT_FUNDS");
}
