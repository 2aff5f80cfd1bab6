//! History → request JSON, exactly.

use serde_json::{Value, json};

use super::{Settings, body, messages, tool_input};
use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall, ToolSpec};

fn user(text: &str) -> ChatMessage {
    ChatMessage::User { text: text.into() }
}

fn assistant(text: &str, calls: &[(&str, &str, &str)]) -> ChatMessage {
    ChatMessage::Assistant {
        text: text.into(),
        tool_calls: calls
            .iter()
            .map(|(id, name, args)| ToolCall {
                id: (*id).into(),
                name: (*name).into(),
                arguments: (*args).into(),
            })
            .collect(),
        raw: None,
    }
}

fn result(id: &str, name: &str, content: Value) -> ChatMessage {
    ChatMessage::ToolResult {
        call_id: id.into(),
        name: name.into(),
        content,
    }
}

#[test]
fn the_whole_body() {
    let settings = Settings {
        model: "claude-sonnet-4-5".into(),
        max_tokens: 512,
        temperature: 0.7,
    };
    let request = ChatRequest {
        system: "You are Maya.".into(),
        messages: vec![user("a negroni")],
        tools: vec![ToolSpec {
            name: "add_to_tab".into(),
            description: "Add a drink".into(),
            parameters: json!({"type": "object", "properties": {"drink": {"type": "string"}}}),
        }],
    };
    assert_eq!(
        body(&settings, &request),
        json!({
            "model": "claude-sonnet-4-5",
            "max_tokens": 512,
            "temperature": 0.7,
            "system": "You are Maya.",
            "stream": true,
            "tools": [{"name": "add_to_tab", "description": "Add a drink",
                       "input_schema": {"type": "object", "properties": {"drink": {"type": "string"}}}}],
            "messages": [{"role": "user", "content": [{"type": "text", "text": "a negroni"}]}],
        })
    );
}

#[test]
fn temperature_is_clamped_to_anthropics_range_and_written_as_a_short_decimal() {
    let mut settings = Settings {
        model: "m".into(),
        max_tokens: 0,
        temperature: 1.6,
    };
    let request = ChatRequest {
        system: String::new(),
        messages: vec![user("hi")],
        tools: vec![],
    };
    let b = body(&settings, &request);
    assert_eq!(b["temperature"], json!(1.0));
    assert_eq!(
        b["max_tokens"],
        json!(1),
        "Anthropic needs at least one token"
    );
    assert!(b.get("system").is_none() && b.get("tools").is_none(), "{b}");
    settings.temperature = 0.3;
    assert_eq!(body(&settings, &request)["temperature"].as_f64(), Some(0.3));
}

#[test]
fn a_tool_round_goes_back_as_tool_use_then_one_user_message_of_results() {
    let history = vec![
        user("two negronis and a beer"),
        assistant(
            "Coming up.",
            &[
                ("toolu_01", "add_to_tab", r#"{"drink":"negroni","qty":2}"#),
                ("toolu_02", "add_to_tab", r#"{"drink":"beer"#),
            ],
        ),
        result(
            "toolu_01",
            "add_to_tab",
            json!({"ok": true, "subtotal": "$24.00"}),
        ),
        result(
            "toolu_02",
            "add_to_tab",
            json!({"ok": false, "error": "bad arguments"}),
        ),
    ];
    assert_eq!(
        messages(&history),
        vec![
            json!({"role": "user", "content": [{"type": "text", "text": "two negronis and a beer"}]}),
            json!({"role": "assistant", "content": [
                {"type": "text", "text": "Coming up."},
                {"type": "tool_use", "id": "toolu_01", "name": "add_to_tab",
                 "input": {"drink": "negroni", "qty": 2}},
                {"type": "tool_use", "id": "toolu_02", "name": "add_to_tab", "input": {}},
            ]}),
            json!({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01",
                 "content": r#"{"ok":true,"subtotal":"$24.00"}"#, "is_error": false},
                {"type": "tool_result", "tool_use_id": "toolu_02",
                 "content": r#"{"error":"bad arguments","ok":false}"#, "is_error": true},
            ]}),
        ]
    );
}

#[test]
fn same_role_messages_merge_and_tool_results_come_first() {
    let history = vec![
        user("[session start]"),
        user("hello"),
        assistant("", &[("toolu_9", "set_tip", r#"{"percent":15}"#)]),
        user("Guest set a 15 % tip ($3.90)"),
        result("toolu_9", "set_tip", json!({"ok": true})),
        assistant("Thanks!", &[]),
        assistant(" \n", &[]),
        user("   "),
        user("and water"),
    ];
    assert_eq!(
        messages(&history),
        vec![
            json!({"role": "user", "content": [
                {"type": "text", "text": "[session start]"},
                {"type": "text", "text": "hello"},
            ]}),
            json!({"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_9", "name": "set_tip", "input": {"percent": 15}},
            ]}),
            json!({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_9", "content": r#"{"ok":true}"#,
                 "is_error": false},
                {"type": "text", "text": "Guest set a 15 % tip ($3.90)"},
            ]}),
            json!({"role": "assistant", "content": [{"type": "text", "text": "Thanks!"}]}),
            json!({"role": "user", "content": [{"type": "text", "text": "and water"}]}),
        ]
    );
}

#[test]
fn a_window_starting_mid_round_starts_at_the_first_guest_message() {
    let history = vec![
        assistant("", &[("toolu_1", "get_menu", "{}")]),
        result("toolu_1", "get_menu", json!({"ok": true})),
        assistant("We have gin.", &[]),
        user(""),
        user("gin then"),
    ];
    assert_eq!(
        messages(&history),
        vec![json!({"role": "user", "content": [{"type": "text", "text": "gin then"}]})]
    );
}

#[test]
fn raw_anthropic_blocks_go_back_verbatim_and_other_providers_raw_is_ignored() {
    let blocks = json!([
        {"type": "thinking", "thinking": "They want gin.", "signature": "EqQBCkgIARABGAIiQL=="},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
        {"type": "text", "text": ""},
        {"type": "text", "text": "\n\n"},
        {"type": "text", "text": "A gin fizz?"},
        {"type": "tool_use", "id": "toolu_5", "name": "recommend", "input": {"preference": "gin"}},
    ]);
    let mine = ChatMessage::Assistant {
        text: "A gin fizz?".into(),
        tool_calls: vec![],
        raw: Some(RawTurn {
            provider: "anthropic".into(),
            value: blocks.clone(),
        }),
    };
    let theirs = ChatMessage::Assistant {
        text: "Sure.".into(),
        tool_calls: vec![],
        raw: Some(RawTurn {
            provider: "gemini".into(),
            value: json!([{"text": "Sure.", "thoughtSignature": "abc"}]),
        }),
    };
    let out = messages(&[user("hi"), mine, user("ok"), theirs]);
    let mut expected = blocks.as_array().unwrap().clone();
    expected.drain(2..4); // the empty and the blank text block
    assert_eq!(out[1], json!({"role": "assistant", "content": expected}));
    assert_eq!(
        out[3],
        json!({"role": "assistant", "content": [{"type": "text", "text": "Sure."}]})
    );
}

#[test]
fn tool_input_is_always_an_object() {
    assert_eq!(tool_input(r#"{"a":1}"#), json!({"a": 1}));
    assert_eq!(tool_input(""), json!({}));
    assert_eq!(tool_input("[1,2]"), json!({}));
    assert_eq!(tool_input(r#"{"a":"#), json!({}));
}

#[test]
fn a_string_tool_result_is_sent_as_itself() {
    let out = messages(&[
        user("x"),
        assistant("", &[("t", "get_menu", "{}")]),
        result("t", "get_menu", json!("plain words")),
    ]);
    assert_eq!(
        out[2]["content"][0],
        json!({"type": "tool_result", "tool_use_id": "t", "content": "plain words", "is_error": false})
    );
}

#[test]
fn the_key_header_is_marked_sensitive_and_debug_hides_it() {
    let key = "sk-ant-api03-sensitiveTEST0123456789";
    let p = crate::llm::anthropic::Anthropic::new(
        &crate::config::ProviderConfig::default(),
        secrecy::SecretString::from(key),
    )
    .unwrap();
    let header = &p.headers["x-api-key"];
    assert!(header.is_sensitive());
    assert_eq!(header.as_bytes(), key.as_bytes());
    assert_eq!(p.headers["anthropic-version"], "2023-06-01");
    assert_eq!(p.base, "https://api.anthropic.com");
    assert_eq!(p.settings.model, "claude-sonnet-4-5");
    let debug = format!("{p:?}");
    assert!(!debug.contains("sensitiveTEST"), "{debug}");
}
