//! Shared by tests/provider_openai*.rs: the provider under test, the request every test sends,
//! what must go out with it, and the chat-completions chunks servers send.
#![allow(dead_code)]

use std::time::Duration;

use futures::StreamExt;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use maya::config::ProviderConfig;
use maya::llm::openai::OpenAi;
use maya::llm::retry::RetryPolicy;
use maya::llm::{ChatMessage, ChatRequest, Provider, ProviderError, ProviderEvent, ToolCall};

pub const KEY: &str = "sk-test-abcdefghijklmnopqrstuvwxyz0123";
pub const SYSTEM: &str = "You are Maya, the bartender of MOK 5-ha.";

pub fn provider(server_uri: &str, key: Option<&str>) -> OpenAi {
    let cfg = ProviderConfig {
        base_url: format!("{server_uri}/v1/"),
        model: "gpt-test".into(),
        ..ProviderConfig::default()
    };
    OpenAi::new(&cfg, key.map(|k| SecretString::from(k.to_string())))
        .expect("provider")
        .with_retry_policy(RetryPolicy::fast())
}

/// A second round: the guest asked, the model called a tool, here is its result.
pub fn request() -> ChatRequest {
    ChatRequest {
        system: SYSTEM.into(),
        messages: vec![
            ChatMessage::User {
                text: "a negroni please".into(),
            },
            ChatMessage::Assistant {
                text: "One moment.".into(),
                tool_calls: vec![ToolCall {
                    id: "call_prev".into(),
                    name: "add_to_tab".into(),
                    arguments: r#"{"item":"Negroni"}"#.into(),
                }],
                raw: None,
            },
            ChatMessage::ToolResult {
                call_id: "call_prev".into(),
                name: "add_to_tab".into(),
                content: json!({"ok": true, "subtotal": "$11.00"}),
            },
        ],
        tools: maya::tools::specs(),
    }
}

pub fn expected_messages() -> Value {
    json!([
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "a negroni please"},
        {"role": "assistant", "content": "One moment.", "tool_calls": [
            {"id": "call_prev", "type": "function",
             "function": {"name": "add_to_tab", "arguments": "{\"item\":\"Negroni\"}"}}]},
        {"role": "tool", "tool_call_id": "call_prev", "content": "{\"ok\":true,\"subtotal\":\"$11.00\"}"}
    ])
}

/// What must have gone out, for every request the server saw.
pub fn assert_requests(requests: &[Request], key: Option<&str>) {
    assert!(!requests.is_empty());
    for r in requests {
        assert_eq!(r.method.as_str(), "POST");
        assert_eq!(r.url.path(), "/v1/chat/completions");
        assert_eq!(r.url.query(), None);
        let auth = r.headers.get("authorization").map(|v| v.to_str().unwrap());
        assert_eq!(auth, key.map(|k| format!("Bearer {k}")).as_deref());
        assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
        let body: Value = serde_json::from_slice(&r.body).expect("a JSON body");
        assert_eq!(body["model"], "gpt-test");
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"], json!({"include_usage": true}));
        assert_eq!(body["temperature"], 0.7);
        assert_eq!(body["max_tokens"], 1024);
        assert_eq!(body["messages"], expected_messages());
        assert_eq!(body["tool_choice"], "auto");
        let tools = body["tools"].as_array().unwrap();
        let specs = maya::tools::specs();
        assert_eq!(tools.len(), specs.len());
        for (t, s) in tools.iter().zip(&specs) {
            assert_eq!(
                t,
                &json!({"type": "function", "function": {
                    "name": s.name, "description": s.description, "parameters": s.parameters}})
            );
        }
        let add = tools
            .iter()
            .find(|t| t["function"]["name"] == "add_to_tab")
            .unwrap();
        assert_eq!(add["function"]["parameters"]["required"], json!(["item"]));
        // The key is in its header and nowhere else.
        assert!(!r.url.as_str().contains("sk-test"));
        assert!(!String::from_utf8_lossy(&r.body).contains("sk-test"));
        let elsewhere = r
            .headers
            .iter()
            .filter(|(n, _)| n.as_str() != "authorization")
            .any(|(_, v)| v.to_str().unwrap_or("").contains("sk-test"));
        assert!(!elsewhere);
    }
}

pub async fn collect(p: &OpenAi) -> (Vec<ProviderEvent>, Option<ProviderError>) {
    let mut stream = p.stream(request());
    let mut events = Vec::new();
    let mut error = None;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the stream ends")
    {
        match item {
            Ok(ev) => events.push(ev),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    (events, error)
}

pub fn sse(chunks: &[Value]) -> String {
    let mut s: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    s.push_str("data: [DONE]\n\n");
    s
}

pub fn chunk(delta: Value, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

pub fn usage(input: u64, output: u64) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
           "choices": [], "usage": {"prompt_tokens": input, "completion_tokens": output,
                                    "total_tokens": input + output}})
}

pub fn stream_answer(body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into().into_bytes(), "text/event-stream")
}

pub async fn server_with(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

pub fn tool(id: &str, name: &str, arguments: &str) -> ProviderEvent {
    ProviderEvent::ToolCall(ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    })
}

pub fn text(s: &str) -> ProviderEvent {
    ProviderEvent::TextDelta(s.into())
}
