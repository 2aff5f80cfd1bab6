//! History → request body.

use serde_json::json;

use super::{Generation, body, contents};
use crate::llm::{ChatMessage, ChatRequest, RawTurn, ToolCall, ToolSpec};

const GEN: Generation = Generation {
    temperature: 0.7,
    max_output_tokens: 1024,
};

fn user(t: &str) -> ChatMessage {
    ChatMessage::User { text: t.into() }
}

fn result(id: &str, name: &str, content: serde_json::Value) -> ChatMessage {
    ChatMessage::ToolResult {
        call_id: id.into(),
        name: name.into(),
        content,
    }
}

#[test]
fn system_tools_and_generation_config() {
    let req = ChatRequest {
        system: "You are Maya, the bartender of MOK 5-ha.".into(),
        messages: vec![user("Something citrusy, please")],
        tools: crate::tools::specs(),
    };
    let b = body(&GEN, &req);
    assert_eq!(
        b["systemInstruction"],
        json!({"parts": [{"text": "You are Maya, the bartender of MOK 5-ha."}]})
    );
    assert_eq!(
        b["contents"],
        json!([{"role": "user", "parts": [{"text": "Something citrusy, please"}]}])
    );
    assert_eq!(
        b["generationConfig"],
        json!({"temperature": 0.7, "maxOutputTokens": 1024})
    );
    // Every tool, its JSON Schema unchanged under parametersJsonSchema (which accepts
    // additionalProperties), and no OpenAPI-subset `parameters` beside it.
    let expected: Vec<_> = crate::tools::specs()
        .into_iter()
        .map(|t| json!({"name": t.name, "description": t.description, "parametersJsonSchema": t.parameters}))
        .collect();
    assert_eq!(b["tools"], json!([{"functionDeclarations": expected}]));
    let add = &b["tools"][0]["functionDeclarations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "add_to_tab")
        .unwrap();
    assert_eq!(
        add["parametersJsonSchema"]["additionalProperties"],
        json!(false)
    );
    assert!(add.get("parameters").is_none());
    assert_eq!(b.as_object().unwrap().len(), 4);
}

#[test]
fn no_system_and_no_tools_leave_the_fields_out() {
    let req = ChatRequest {
        system: String::new(),
        messages: vec![user("hi")],
        tools: Vec::new(),
    };
    let b = body(&GEN, &req);
    assert_eq!(
        b,
        json!({
            "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "generationConfig": {"temperature": 0.7, "maxOutputTokens": 1024}
        })
    );
}

#[test]
fn a_one_tool_request_is_exact() {
    let req = ChatRequest {
        system: "S".into(),
        messages: vec![user("menu?")],
        tools: vec![ToolSpec {
            name: "get_menu".into(),
            description: "List the drinks.".into(),
            parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
        }],
    };
    assert_eq!(
        body(&GEN, &req)["tools"],
        json!([{"functionDeclarations": [{
            "name": "get_menu",
            "description": "List the drinks.",
            "parametersJsonSchema": {"type": "object", "properties": {}, "additionalProperties": false}
        }]}])
    );
}

/// The raw model turn Gemini streamed: a call with an id and a thought signature.
fn raw_turn() -> serde_json::Value {
    json!({"role": "model", "parts": [
        {"text": "One negroni coming up."},
        {"functionCall": {"id": "fc-1", "name": "add_to_tab", "args": {"item": "Negroni"}},
         "thoughtSignature": "CiQB0e2Kb8/sig=="},
        {"functionCall": {"name": "view_tab", "args": {}}}
    ]})
}

#[test]
fn history_with_raw_turns_tool_results_and_rebuilt_turns() {
    let messages = vec![
        user("A negroni, and show me the tab"),
        ChatMessage::Assistant {
            text: "One negroni coming up.".into(),
            tool_calls: vec![
                ToolCall {
                    id: "fc-1".into(),
                    name: "add_to_tab".into(),
                    arguments: r#"{"item":"Negroni"}"#.into(),
                },
                ToolCall {
                    id: "gemini-call-41".into(),
                    name: "view_tab".into(),
                    arguments: "{}".into(),
                },
            ],
            raw: Some(RawTurn {
                provider: "gemini".into(),
                value: raw_turn(),
            }),
        },
        result(
            "fc-1",
            "add_to_tab",
            json!({"ok": true, "subtotal": "$12.00"}),
        ),
        result("gemini-call-41", "view_tab", json!("Negroni x1 $12.00")),
        // Written by another provider: rebuilt, its foreign ids not echoed.
        ChatMessage::Assistant {
            text: "Anything else?".into(),
            tool_calls: vec![ToolCall {
                id: "call_abc".into(),
                name: "recommend".into(),
                arguments: r#"{"preference":"sour"}"#.into(),
            }],
            raw: Some(RawTurn {
                provider: "openai".into(),
                value: json!({"role": "assistant"}),
            }),
        },
        result("call_abc", "recommend", json!(["Whiskey Sour", "Gimlet"])),
        // Nothing said and nothing called: Gemini rejects empty parts, so it is left out.
        ChatMessage::Assistant {
            text: String::new(),
            tool_calls: vec![],
            raw: None,
        },
        user("Thanks"),
    ];
    assert_eq!(
        serde_json::Value::Array(contents(&messages)),
        json!([
            {"role": "user", "parts": [{"text": "A negroni, and show me the tab"}]},
            raw_turn(),
            {"role": "user", "parts": [
                {"functionResponse": {"id": "fc-1", "name": "add_to_tab",
                                      "response": {"ok": true, "subtotal": "$12.00"}}},
                {"functionResponse": {"name": "view_tab",
                                      "response": {"result": "Negroni x1 $12.00"}}}
            ]},
            {"role": "model", "parts": [
                {"text": "Anything else?"},
                {"functionCall": {"name": "recommend", "args": {"preference": "sour"}}}
            ]},
            {"role": "user", "parts": [
                {"functionResponse": {"name": "recommend",
                                      "response": {"result": ["Whiskey Sour", "Gimlet"]}}}
            ]},
            {"role": "user", "parts": [{"text": "Thanks"}]}
        ])
    );
}

#[test]
fn arguments_that_are_not_an_object_still_make_a_valid_call() {
    let messages = vec![ChatMessage::Assistant {
        text: String::new(),
        tool_calls: vec![
            ToolCall {
                id: "a".into(),
                name: "get_menu".into(),
                arguments: "{not json".into(),
            },
            ToolCall {
                id: "b".into(),
                name: "get_menu".into(),
                arguments: "3".into(),
            },
        ],
        raw: None,
    }];
    assert_eq!(
        contents(&messages),
        [json!({"role": "model", "parts": [
            {"functionCall": {"name": "get_menu", "args": {}}},
            {"functionCall": {"name": "get_menu", "args": {"value": 3}}}
        ]})]
    );
}
