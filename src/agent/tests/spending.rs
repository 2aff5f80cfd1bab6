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
