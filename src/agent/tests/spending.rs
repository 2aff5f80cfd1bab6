//! The spending guard through the agent: what the model adds asks the guest first when it
//! crosses the thresholds, and the guest's answer is the tool's result.

use super::*;

#[tokio::test]
async fn esc_while_the_guest_is_asked_answers_every_call() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        call("c2", "view_tab", "{}"),
        tools_done(),
    ]);
    script.round(vec![text("ok"), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("a dozen martinis".into()));
    h.until(|e| matches!(e, Event::ConsentRequest { .. })).await;
    h.send(Command::CancelReply);
    h.turn().await;
    h.send(Command::Submit("never mind".into()));
    h.turn().await;
    let msgs = &h.script.requests()[1].messages;
    let results: Vec<&str> = msgs
        .iter()
        .filter_map(|m| match m {
            ChatMessage::ToolResult { call_id, .. } => Some(call_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(results, ["c1", "c2"], "every tool call needs a result");
}

#[tokio::test]
async fn the_spending_guard_asks_and_the_answer_is_the_tool_result() {
    let script = Script::default();
    script.round(vec![
        call("c1", "add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        tools_done(),
    ]);
    script.round(vec![text("Understood."), stop()]);
    script.round(vec![
        call("c2", "add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        tools_done(),
    ]);
    script.round(vec![text("Twelve it is."), stop()]);
    let mut h = start(&script, false);
    h.next().await;

    h.send(Command::Submit("twelve martinis".into()));
    let asked = h.until(|e| matches!(e, Event::ConsentRequest { .. })).await;
    assert_eq!(
        asked.last(),
        Some(&Event::ConsentRequest {
            prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into()
        })
    );
    h.send(Command::AnswerConsent { allow: false });
    let events = h.turn().await;
    assert!(!events.iter().any(|e| matches!(e, Event::TabChanged(_))));
    let declined = &h.script.requests()[1];
    assert!(matches!(declined.messages.last(),
        Some(ChatMessage::ToolResult { content, .. }) if content["error"] == "DECLINED_BY_GUEST"));

    h.send(Command::Submit("no really, twelve".into()));
    h.until(|e| matches!(e, Event::ConsentRequest { .. })).await;
    h.send(Command::AnswerConsent { allow: true });
    let events = h.turn().await;
    assert_eq!(last_tab(&events).subtotal, Cents(15_600));
}

fn asked(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ConsentRequest { prompt } => Some(prompt.as_str()),
            _ => None,
        })
        .collect()
}

/// Run a turn, answering every question with `allow`; returns all its events.
async fn answered_turn(h: &mut Harness, allow: bool) -> Vec<Event> {
    let mut seen = Vec::new();
    loop {
        let e = h.next().await;
        let (ask, done) = (
            matches!(e, Event::ConsentRequest { .. }),
            matches!(e, Event::TurnFinished),
        );
        seen.push(e);
        if ask {
            h.send(Command::AnswerConsent { allow });
        }
        if done {
            return seen;
        }
    }
}

fn martinis(script: &Script, ids: std::ops::Range<usize>) {
    let mut items: Vec<Item> = ids
        .map(|i| call(&format!("m{i}"), "add_to_tab", r#"{"item":"Martini"}"#))
        .collect();
    items.push(tools_done());
    script.round(items);
}

#[tokio::test]
async fn many_small_calls_in_a_turn_ask_once_and_a_no_declines_them_all() {
    let script = Script::default();
    martinis(&script, 0..10);
    script.round(vec![text("Three it is."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("a martini please ".repeat(10)));
    let events = answered_turn(&mut h, false).await;
    assert_eq!(
        asked(&events),
        ["Maya wants to add 7× Martini — $91.00, on top of 3 drinks ($39.00) this turn. Allow?"]
    );
    assert_eq!(last_tab(&events).subtotal, Cents(3900));
    // Every call has its result; the declined ones say so.
    let msgs = &h.script.requests()[1].messages;
    let results: Vec<&serde_json::Value> = msgs
        .iter()
        .filter_map(|m| match m {
            ChatMessage::ToolResult { content, .. } => Some(content),
            _ => None,
        })
        .collect();
    assert_eq!(results.len(), 10);
    assert!(
        results[3..]
            .iter()
            .all(|r| r["error"] == "DECLINED_BY_GUEST")
    );
    // The guest sees the question's answer once, not a line per call.
    let declines = events
        .iter()
        .filter(|e| matches!(e, Event::ToolRan { summary, .. } if summary.contains("declined")))
        .count();
    assert_eq!(declines, 1);
}

#[tokio::test]
async fn what_the_model_adds_across_rounds_counts_until_the_guest_speaks() {
    let script = Script::default();
    martinis(&script, 0..3);
    martinis(&script, 3..6);
    script.round(vec![text("Six."), stop()]);
    martinis(&script, 6..9);
    script.round(vec![text("Nine."), stop()]);
    let mut h = start(&script, false);
    h.next().await;
    h.send(Command::Submit("keep them coming".into()));
    let events = answered_turn(&mut h, true).await;
    assert_eq!(
        asked(&events),
        ["Maya wants to add 3× Martini — $39.00, on top of 3 drinks ($39.00) this turn. Allow?"]
    );
    assert_eq!(last_tab(&events).drinks, 6);
    // A new message from the guest starts the count again.
    h.send(Command::Submit("three more".into()));
    let events = answered_turn(&mut h, true).await;
    assert!(asked(&events).is_empty(), "{:?}", asked(&events));
    assert_eq!(last_tab(&events).drinks, 9);
}

#[tokio::test]
async fn a_pasted_wall_of_orders_to_the_house_bartender_asks_once() {
    let mut h = super::house::start_house(false);
    h.next().await;
    let paste = "a martini please ".repeat(64 * 1024 / 17);
    h.send(Command::Submit(paste));
    let events = answered_turn(&mut h, false).await;
    let questions = asked(&events);
    assert_eq!(questions.len(), 1, "{questions:?}");
    // The house joins single orders into orders of at most 20 (the Bar's largest), so the
    // first already crosses the line; the question covers what the balance allows.
    assert_eq!(
        questions[0], "Maya wants to add 60× Martini — $780.00. Allow?",
        "{}",
        questions[0]
    );
    // Declined: nothing was added, so the tab never changed.
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::TabChanged(t) if t.drinks > 0)),
        "{events:?}"
    );
}
