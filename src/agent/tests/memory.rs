//! What the agent holds while a long session runs: the model's history only as far back as a
//! request can reach, and a fast stream's deltas sent to the UI in batches.

use super::*;

fn user(t: &str) -> ChatMessage {
    ChatMessage::User { text: t.into() }
}

fn assistant(t: &str) -> ChatMessage {
    ChatMessage::Assistant {
        text: t.into(),
        tool_calls: vec![],
        raw: None,
    }
}

/// The last `keep` messages, moved back to a guest message: what the untrimmed history gives.
fn window(all: &[ChatMessage], keep: usize) -> Vec<ChatMessage> {
    let mut start = all.len().saturating_sub(keep);
    while start > 0 && !matches!(all[start], ChatMessage::User { .. }) {
        start -= 1;
    }
    all[start..].to_vec()
}

#[tokio::test]
async fn a_long_session_sends_the_same_window_though_old_messages_are_let_go() {
    let script = Script::default();
    let keep = 4;
    let mut setup = setup_with(&script, false, Arc::new(SimulatedGateway::new()));
    setup.config.provider.context_messages = keep;
    // A resumed session far longer than the window, with tool rounds in it.
    let mut all = Vec::new();
    for i in 0..40 {
        all.push(user(&format!("order {i}")));
        if i % 3 == 0 {
            all.push(ChatMessage::Assistant {
                text: String::new(),
                tool_calls: vec![ToolCall {
                    id: format!("c{i}"),
                    name: "get_tab".into(),
                    arguments: "{}".into(),
                }],
                raw: None,
            });
            all.push(ChatMessage::ToolResult {
                call_id: format!("c{i}"),
                name: "get_tab".into(),
                content: serde_json::json!({"ok": true}),
            });
        }
        all.push(assistant(&format!("reply {i}")));
    }
    setup.history = all.clone();
    let mut h = start_setup(&script, setup);
    h.until(|e| matches!(e, Event::Ready { .. })).await;
    for i in 0..12 {
        script.round(vec![text(&format!("answer {i}")), stop()]);
        h.send(Command::Submit(format!("another round {i}")));
        h.turn().await;
        all.push(user(&format!("another round {i}")));
        all.push(assistant(&format!("answer {i}")));
    }
    let requests = script.requests();
    assert_eq!(requests.len(), 12);
    // Each request saw exactly the window the full history gives at that point.
    for (i, r) in requests.iter().enumerate() {
        let upto = all.len() - 2 * (12 - i) + 1;
        assert_eq!(r.messages, window(&all[..upto], keep), "request {i}");
    }
}

#[tokio::test]
async fn a_fast_stream_reaches_the_ui_in_a_few_events_with_every_character() {
    let script = Script::default();
    let words: Vec<String> = (0..200).map(|i| format!("word{i} ")).collect();
    let mut items: Vec<Item> = words.iter().map(|w| text(w)).collect();
    items.push(stop());
    script.round(items);
    let mut h = start(&script, false);
    h.until(|e| matches!(e, Event::Ready { .. })).await;
    h.send(Command::Submit("talk to me".into()));
    let events = h.turn().await;
    assert_eq!(said(&events), words.concat());
    let deltas = events
        .iter()
        .filter(|e| matches!(e, Event::AssistantDelta(_)))
        .count();
    // 200 deltas ready at once: one event per batch of up to 256, plus the tail at the end.
    assert!(deltas <= 3, "{deltas} delta events for 200 deltas");
    // The reply is complete before it is declared done.
    let done = events
        .iter()
        .position(|e| matches!(e, Event::AssistantDone(_)))
        .unwrap();
    let last_delta = events
        .iter()
        .rposition(|e| matches!(e, Event::AssistantDelta(_)))
        .unwrap();
    assert!(last_delta < done);
}
