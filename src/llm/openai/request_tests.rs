//! History → request JSON, without a network. The whole path over HTTP is in
//! tests/provider_openai*.rs.

use serde_json::json;

use super::request_body;
use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall, ToolSpec};

#[test]
fn the_history_becomes_the_request_body() {
    let req = ChatRequest {
        system: "You are Maya.".into(),
        messages: vec![
            ChatMessage::User {
                text: "a negroni".into(),
            },
            ChatMessage::Assistant {
                text: String::new(),
                tool_calls: vec![
                    ToolCall {
                        id: "call_a".into(),
                        name: "add_to_tab".into(),
                        arguments: r#"{"item":"Negroni"}"#.into(),
                    },
                    ToolCall {
                        id: "call_b".into(),
                        name: "view_tab".into(),
                        arguments: String::new(),
                    },
                ],
                raw: Some(RawTurn {
                    provider: "gemini".into(),
                    value: json!({"thoughtSignature": "x"}),
                }),
            },
            ChatMessage::ToolResult {
                call_id: "call_a".into(),
                name: "add_to_tab".into(),
                content: json!({"ok": true, "line": "Negroni"}),
            },
            ChatMessage::ToolResult {
                call_id: "call_b".into(),
                name: "view_tab".into(),
                content: json!("plain"),
            },
            ChatMessage::Assistant {
                text: "Coming up.".into(),
                tool_calls: vec![],
                raw: None,
            },
            // Said nothing: OpenAI refuses such a message, so it is left out.
            ChatMessage::Assistant {
                text: String::new(),
                tool_calls: vec![],
                raw: None,
            },
        ],
        tools: vec![ToolSpec {
            name: "add_to_tab".into(),
            description: "Add a drink.".into(),
            parameters: json!({"type": "object", "properties": {"item": {"type": "string"}}}),
        }],
    };
    let body = request_body("gpt-4o-mini", 0.7, 1024, &req);
    assert_eq!(
        body,
        json!({
            "model": "gpt-4o-mini",
            "stream": true,
            "stream_options": {"include_usage": true},
            "temperature": 0.7,
            "max_tokens": 1024,
            "messages": [
                {"role": "system", "content": "You are Maya."},
                {"role": "user", "content": "a negroni"},
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_a", "type": "function",
                     "function": {"name": "add_to_tab", "arguments": "{\"item\":\"Negroni\"}"}},
                    {"id": "call_b", "type": "function",
                     "function": {"name": "view_tab", "arguments": "{}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_a", "content": "{\"line\":\"Negroni\",\"ok\":true}"},
                {"role": "tool", "tool_call_id": "call_b", "content": "plain"},
                {"role": "assistant", "content": "Coming up."}
            ],
            "tools": [{"type": "function", "function": {
                "name": "add_to_tab", "description": "Add a drink.",
                "parameters": {"type": "object", "properties": {"item": {"type": "string"}}}}}],
            "tool_choice": "auto"
        })
    );
}

#[test]
fn reasoning_models_get_max_completion_tokens_and_no_temperature() {
    let req = ChatRequest {
        system: String::new(),
        messages: vec![ChatMessage::User { text: "hi".into() }],
        tools: vec![],
    };
    for model in [
        "o3",
        "o4-mini",
        "o1-2024-12-17",
        "gpt-5",
        "gpt-5-mini",
        "openai/o3",
    ] {
        let body = request_body(model, 0.7, 512, &req);
        assert_eq!(body["max_completion_tokens"], 512, "{model}");
        assert!(body.get("max_tokens").is_none(), "{model}");
        assert!(body.get("temperature").is_none(), "{model}");
    }
    for model in [
        "gpt-4o-mini",
        "gpt-4.1",
        "llama3.2",
        "qwen3:8b",
        "o3ish-local",
        "gpt-50x",
    ] {
        let body = request_body(model, 0.7, 512, &req);
        assert_eq!(body["max_tokens"], 512, "{model}");
        assert_eq!(body["temperature"], 0.7, "{model}");
    }
}

#[test]
fn no_tools_means_no_tool_choice() {
    let req = ChatRequest {
        system: String::new(),
        messages: vec![ChatMessage::User { text: "hi".into() }],
        tools: vec![],
    };
    let body = request_body("llama3.2", 0.2, 0, &req);
    assert_eq!(
        body,
        json!({"model": "llama3.2", "stream": true, "stream_options": {"include_usage": true},
               "temperature": 0.2, "messages": [{"role": "user", "content": "hi"}]})
    );
}
