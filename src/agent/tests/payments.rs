//! Guest actions by key and the payment flows through the agent: tips told to Maya, checkouts
//! paid, cancelled and settled, an evening with the house bartender.

use super::*;

#[tokio::test]
async fn tips_by_key_are_told_to_maya_next_turn() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":2}"#),
        tools_done(),
    ]);
    script.round(vec![text("Done."), stop()]);
    script.round(vec![text("Thank you!"), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("two martinis".into()));
    h.turn().await;
    h.send(Command::ToggleTip(15));
    let events = h.until(|e| matches!(e, Event::TabChanged(_))).await;
    let tab = last_tab(&events);
    assert_eq!((tab.tip_amount, tab.total), (Cents(390), Cents(2990)));
    h.send(Command::Submit("thanks".into()));
    h.turn().await;
    let msgs = &h.script.requests()[2].messages;
    let n = msgs.len();
    assert!(
        matches!(&msgs[n - 2], ChatMessage::User { text } if text == "[guest action] Guest set a 15 % tip ($3.90)"),
        "{msgs:?}"
    );
    assert!(matches!(&msgs[n - 1], ChatMessage::User { text } if text == "thanks"));
    // Toggling again clears it.
    h.send(Command::ToggleTip(15));
    let events = h.until(|e| matches!(e, Event::TabChanged(_))).await;
    assert_eq!(last_tab(&events).tip, Tip::None);
}

#[tokio::test]
async fn a_whole_evening_paid_through_the_simulated_gateway() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":2}"#),
        tools_done(),
    ]);
    script.round(vec![text("Two Martinis."), stop()]);
    script.round(vec![call("c2", "checkout", "{}"), tools_done()]);
    script.round(vec![text("Here is your check."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("two martinis".into()));
    h.turn().await;
    h.send(Command::ToggleTip(15));
    h.until(|e| matches!(e, Event::TabChanged(_))).await;
    h.send(Command::Submit("check please".into()));
    let events = h.turn().await;
    let link = events
        .iter()
        .find_map(|e| match e {
            Event::PaymentLink {
                url,
                amount,
                simulated,
                ..
            } => Some((url.clone(), *amount, *simulated)),
            _ => None,
        })
        .expect("a payment link");
    assert!(link.0.starts_with("https://pay.mok5ha.invalid/c/"));
    assert_eq!((link.1, link.2), (Cents(2990), true));
    // A second Ctrl+P reopens the same link.
    h.send(Command::Checkout);
    let again = h.until(|e| matches!(e, Event::PaymentLink { .. })).await;
    assert!(matches!(again.last(), Some(Event::PaymentLink { url, .. }) if *url == link.0));
    h.send(Command::ConfirmSimulatedPayment);
    let paid = h.until(|e| matches!(e, Event::Receipt(_))).await;
    let tab = last_tab(&paid);
    assert_eq!(tab.balance, Cents(97_010));
    assert!(tab.lines.is_empty());
    let Some(Event::Receipt(r)) = paid.last() else {
        unreachable!()
    };
    assert_eq!(
        (r.subtotal, r.tip, r.total),
        (Cents(2600), Cents(390), Cents(2990))
    );
}

/// Ctrl+P, `/pay` and `x` are guest actions like a tip: Maya hears about them next turn.
#[tokio::test]
async fn checkout_and_cancel_by_key_are_told_to_maya() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":2}"#),
        tools_done(),
    ]);
    script.round(vec![text("Two Martinis."), stop()]);
    script.round(vec![text("No rush."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("two martinis".into()));
    h.turn().await;
    h.send(Command::ToggleTip(15));
    h.until(|e| matches!(e, Event::TabChanged(_))).await;
    h.send(Command::Checkout);
    h.until(|e| matches!(e, Event::PaymentLink { .. })).await;
    h.send(Command::CancelCheckout);
    h.until(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled)))
        .await;
    h.send(Command::Submit("actually, not yet".into()));
    h.turn().await;
    let msgs = &h.script.requests()[2].messages;
    let notes: Vec<&str> = msgs
        .iter()
        .filter_map(|m| match m {
            ChatMessage::User { text } => text.strip_prefix("[guest action] "),
            _ => None,
        })
        .collect();
    assert_eq!(
        notes,
        [
            "Guest set a 15 % tip ($3.90)",
            "Guest asked for the check ($29.90)",
            "Guest cancelled the checkout"
        ]
    );
}

/// The model's own checkout and a checkout that lapses are not guest actions.
#[tokio::test]
async fn checkouts_by_the_model_are_not_told_back_to_it() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"IPA"}"#),
        call("c2", "checkout", "{}"),
        tools_done(),
    ]);
    script.round(vec![text("Here is the check."), stop()]);
    script.round(vec![call("c3", "cancel_checkout", "{}"), tools_done()]);
    script.round(vec![text("Cancelled."), stop()]);
    script.round(vec![text("Sure."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("an ipa and the check".into()));
    h.turn().await;
    h.send(Command::Submit("cancel that".into()));
    h.turn().await;
    h.send(Command::Submit("ok".into()));
    h.turn().await;
    let reqs = h.script.requests();
    let last = &reqs.last().unwrap().messages;
    assert!(
        !last
            .iter()
            .any(|m| matches!(m, ChatMessage::User { text } if text.starts_with("[guest action]"))),
        "{last:?}"
    );
}

#[tokio::test]
async fn cancelling_a_checkout_reopens_the_tab() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"IPA"}"#),
        tools_done(),
    ]);
    script.round(vec![text("One IPA."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("an ipa".into()));
    h.turn().await;
    h.send(Command::Checkout);
    h.until(|e| matches!(e, Event::PaymentLink { .. })).await;
    h.send(Command::CancelCheckout);
    let events = h
        .until(|e| matches!(e, Event::PaymentStatus(PaymentProgress::Cancelled)))
        .await;
    assert_eq!(last_tab(&events).payment.name(), "expired");
    // The tab can change again.
    h.send(Command::ToggleTip(10));
    let events = h.until(|e| matches!(e, Event::TabChanged(_))).await;
    assert_eq!(last_tab(&events).tip_amount, Cents(60));
}
