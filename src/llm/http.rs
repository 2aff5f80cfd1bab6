//! The HTTP half every streaming provider shares: send, retry before the first token, read the
//! body under first-byte and idle deadlines, feed the SSE parser, and hand each event to the
//! provider's [`Dialect`]. A provider only describes its wire format; faults are handled once,
//! here, the same way for all of them.
//!
//! The stream is an `async_stream` generator: dropping it (Esc) drops the in-flight request or
//! the retry sleep with it, so cancelling needs no extra plumbing.

use std::time::Duration;

use futures::StreamExt;
use reqwest::header::HeaderMap;

use super::retry::RetryPolicy;
use super::sse::{SseEnd, SseEvent, SseParser};
use super::{ProviderError, ProviderErrorKind, ProviderEvent, ProviderStream};
use crate::config::ProviderConfig;
use crate::security::{redact, terminal};

/// Largest error body read from a failed response.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What went wrong with one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: ProviderErrorKind,
    /// For people: the provider, the status, its own message and the fix. Sanitized and
    /// redacted before it leaves this module.
    pub message: String,
    /// Worth another attempt if nothing was shown yet.
    pub retryable: bool,
    /// The server's own wait hint.
    pub hint: Option<Duration>,
}

impl Failure {
    pub fn new(kind: ProviderErrorKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            retryable: false,
            hint: None,
        }
    }

    pub fn retryable(mut self, hint: Option<Duration>) -> Self {
        self.retryable = true;
        self.hint = hint;
        self
    }
}

/// A provider's wire format.
pub trait Dialect: Send + 'static {
    /// One SSE event; canonical events go to `out`.
    fn event(&mut self, event: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure>;
    /// The body ended. Emit what is left (`Raw`, `Finish`), or fail: a raw error tail, a stream
    /// cut before its end marker.
    fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure>;
}

#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// From sending the request to the response headers, and to the first body bytes.
    pub first_byte: Duration,
    /// Between two chunks of the body.
    pub idle: Duration,
}

/// Everything a provider needs to talk HTTP.
#[derive(Clone)]
pub struct Wire {
    /// "Gemini", "OpenAI", "Anthropic": for messages.
    pub provider: &'static str,
    pub client: reqwest::Client,
    pub timeouts: Timeouts,
    pub policy: RetryPolicy,
}

impl Wire {
    /// A client with the configured connect timeout. reqwest reads `HTTPS_PROXY`, `HTTP_PROXY`
    /// and `NO_PROXY` from the environment by itself.
    pub fn new(provider: &'static str, cfg: &ProviderConfig) -> Result<Wire, reqwest::Error> {
        let client = crate::net::client_builder()
            .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs.max(1)))
            .user_agent(concat!("maya/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Wire {
            provider,
            client,
            timeouts: Timeouts {
                first_byte: Duration::from_secs(cfg.first_byte_timeout_secs.max(1)),
                idle: Duration::from_secs(cfg.idle_timeout_secs.max(1)),
            },
            policy: RetryPolicy::default(),
        })
    }

    /// Stream one model round. `build` makes the request afresh for each attempt; `classify`
    /// judges an HTTP error answer (status, headers, body); `dialect` makes a fresh reader per
    /// attempt.
    pub fn stream<B, C, D, M>(&self, build: B, classify: C, dialect: M) -> ProviderStream
    where
        B: Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync + 'static,
        C: Fn(u16, &HeaderMap, &str) -> Failure + Send + Sync + 'static,
        D: Dialect,
        M: Fn() -> D + Send + Sync + 'static,
    {
        let wire = self.clone();
        Box::pin(async_stream::stream! {
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                let mut produced = false;
                let failure = match wire.attempt(&build, &classify).await {
                    Err(f) => f,
                    Ok(response) => {
                        let mut reader = Reader::new(dialect());
                        let mut body = response.bytes_stream();
                        let mut wait = wire.timeouts.first_byte;
                        // Events read before a fault in the same chunk are delivered first:
                        // text already produced must reach the guest, and must not be retried.
                        loop {
                            let (events, failed, ended) =
                                match tokio::time::timeout(wait, body.next()).await {
                                    Err(_) => (Vec::new(), Some(wire.stalled(wait)), false),
                                    Ok(None) => {
                                        let (events, failed) = reader.end();
                                        (events, failed, true)
                                    }
                                    Ok(Some(Err(e))) => (Vec::new(), Some(wire.dropped(&e)), false),
                                    Ok(Some(Ok(bytes))) => {
                                        let (events, failed) = reader.push(&bytes);
                                        (events, failed, false)
                                    }
                                };
                            for ev in events {
                                produced |= matches!(
                                    ev,
                                    ProviderEvent::TextDelta(_) | ProviderEvent::ToolCall(_)
                                );
                                yield Ok(ev);
                            }
                            if let Some(f) = failed {
                                break f;
                            }
                            if ended {
                                return;
                            }
                            wait = wire.timeouts.idle;
                        }
                    }
                };
                if failure.retryable && !produced
                    && let Some(delay) = wire.policy.next_wait(attempt, failure.hint)
                {
                    tracing::info!(provider = wire.provider, attempt, ?delay, "retrying a model request");
                    yield Ok(ProviderEvent::Retrying {
                        attempt: attempt + 1,
                        max_attempts: wire.policy.max_attempts,
                        delay,
                        reason: clean(&failure.message),
                    });
                    tokio::time::sleep(delay).await;
                    continue;
                }
                tracing::warn!(provider = wire.provider, attempt, kind = ?failure.kind, "model request failed");
                yield Err(ProviderError {
                    kind: failure.kind,
                    message: clean(&failure.message),
                    after_first_token: produced,
                });
                return;
            }
        })
    }

    /// Send once and wait for the headers; an error status is read and classified.
    pub(crate) async fn attempt<B, C>(
        &self,
        build: &B,
        classify: &C,
    ) -> Result<reqwest::Response, Failure>
    where
        B: Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        C: Fn(u16, &HeaderMap, &str) -> Failure,
    {
        let wait = self.timeouts.first_byte;
        let response = match tokio::time::timeout(wait, build(&self.client).send()).await {
            Err(_) => return Err(self.stalled(wait)),
            Ok(Err(e)) => return Err(self.unreachable(&e)),
            Ok(Ok(r)) => r,
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(response);
        }
        let headers = response.headers().clone();
        let body = read_limited(response, self.timeouts.idle).await;
        Err(classify(status, &headers, &body))
    }

    fn stalled(&self, wait: Duration) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "{} sent nothing for {} s; the connection was given up (timeouts are in [provider] of the config)",
                self.provider,
                wait.as_secs()
            ),
        )
        .retryable(None)
    }

    fn unreachable(&self, e: &reqwest::Error) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "cannot reach {}: {}; check the network, a proxy (HTTPS_PROXY) or base_url",
                self.provider,
                error_chain(e)
            ),
        )
        .retryable(None)
    }

    fn dropped(&self, e: &reqwest::Error) -> Failure {
        Failure::new(
            ProviderErrorKind::Network,
            format!(
                "the connection to {} broke mid-reply: {}",
                self.provider,
                error_chain(e)
            ),
        )
        .retryable(None)
    }
}

/// The SSE parser and the dialect of one attempt.
struct Reader<D> {
    parser: SseParser,
    dialect: D,
    events: Vec<SseEvent>,
}

impl<D: Dialect> Reader<D> {
    fn new(dialect: D) -> Self {
        Reader {
            parser: SseParser::new(),
            dialect,
            events: Vec::new(),
        }
    }

    /// The events of `bytes`, and the fault that stopped reading them, if any (events after
    /// it are not read).
    fn push(&mut self, bytes: &[u8]) -> (Vec<ProviderEvent>, Option<Failure>) {
        self.parser.push(bytes, &mut self.events);
        let mut out = Vec::new();
        let mut failed = None;
        for ev in self.events.drain(..) {
            if let Err(f) = self.dialect.event(ev, &mut out) {
                failed = Some(f);
                break;
            }
        }
        // Dropping the drain discards the events after a fault.
        (out, failed)
    }

    fn end(&mut self) -> (Vec<ProviderEvent>, Option<Failure>) {
        let end = std::mem::take(&mut self.parser).finish();
        let mut out = Vec::new();
        let failed = self.dialect.end(end, &mut out).err();
        (out, failed)
    }
}

/// An error body, at most [`ERROR_BODY_LIMIT`] bytes, never waiting longer than `wait`.
async fn read_limited(response: reqwest::Response, wait: Duration) -> String {
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    let read = async {
        while let Some(Ok(chunk)) = body.next().await {
            let room = ERROR_BODY_LIMIT.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if bytes.len() >= ERROR_BODY_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(wait, read).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A reqwest error with its causes ("error sending request: connection refused").
pub fn error_chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// Safe for the terminal and free of secrets.
pub fn clean(s: &str) -> String {
    redact::redact(&terminal::sanitize(s)).into_owned()
}

/// A provider's own error message out of a JSON body: `error.message` (OpenAI, Gemini,
/// Anthropic, OpenRouter), `message` (vLLM), else the body itself, shortened.
pub fn body_message(body: &str) -> String {
    let v: Option<serde_json::Value> = serde_json::from_str(body.trim()).ok();
    let found = v.as_ref().and_then(|v| {
        let v = if v.is_array() { v.get(0)? } else { v };
        v.pointer("/error/message")
            .or_else(|| v.get("message"))
            .or_else(|| v.get("error").filter(|e| e.is_string()))
            .and_then(|m| m.as_str())
            .map(str::to_string)
    });
    let text = found.unwrap_or_else(|| body.trim().to_string());
    shorten(&text, 300)
}

fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The usual judgement of an HTTP error for providers without special cases: 401/403 a
/// rejected key, 429/5xx retryable, anything else a server error with the provider's message.
/// `fix_key` names the command that replaces the key.
pub fn classify_common(
    provider: &str,
    status: u16,
    headers: &HeaderMap,
    body: &str,
    fix_key: &str,
) -> Failure {
    let msg = body_message(body);
    // An empty body says nothing, so it is not shown as "(404: )".
    let status_msg = if msg.is_empty() {
        status.to_string()
    } else {
        format!("{status}: {msg}")
    };
    match status {
        401 | 403 => Failure::new(
            ProviderErrorKind::Auth,
            format!("your {provider} key was rejected ({status_msg}); set a new one: {fix_key}"),
        ),
        s if super::retry::retryable_status(s) => Failure::new(
            if s == 429 || s == 529 {
                ProviderErrorKind::RateLimited
            } else {
                ProviderErrorKind::Server
            },
            format!("{provider} is busy or failing ({status_msg}); try again with /retry"),
        )
        .retryable(super::retry::hint_from_headers(headers)),
        // Mostly a wrong base_url (a path the server does not have) or an unknown model.
        404 => Failure::new(
            ProviderErrorKind::Server,
            format!(
                "{provider} refused the request ({status_msg}); check base_url and model in \
                 [provider] of the config (maya doctor shows them)"
            ),
        ),
        _ => Failure::new(
            ProviderErrorKind::Server,
            format!("{provider} refused the request ({status_msg})"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_messages_from_every_shape() {
        assert_eq!(
            body_message(r#"{"error":{"message":"bad key"}}"#),
            "bad key"
        );
        assert_eq!(body_message(r#"[{"error":{"message":"g"}}]"#), "g");
        assert_eq!(
            body_message(r#"{"object":"error","message":"vllm"}"#),
            "vllm"
        );
        assert_eq!(body_message(r#"{"error":"plain"}"#), "plain");
        assert_eq!(body_message("  Bad Gateway \n"), "Bad Gateway");
        assert!(body_message(&"x".repeat(1000)).chars().count() <= 301);
    }

    #[test]
    fn common_classification() {
        let h = HeaderMap::new();
        let f = classify_common("OpenAI", 401, &h, "{}", "maya keys set openai");
        assert_eq!(f.kind, ProviderErrorKind::Auth);
        assert!(!f.retryable);
        assert!(f.message.contains("maya keys set openai"), "{}", f.message);
        assert!(classify_common("X", 503, &h, "", "").retryable);
        assert!(classify_common("X", 529, &h, "", "").retryable);
        assert!(!classify_common("X", 400, &h, "", "").retryable);
    }

    /// Emits each event's data as text; fails on "boom".
    struct Echo;
    impl Dialect for Echo {
        fn event(&mut self, ev: SseEvent, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
            if ev.data == "boom" {
                return Err(Failure::new(ProviderErrorKind::Server, "boom"));
            }
            out.push(ProviderEvent::TextDelta(ev.data));
            Ok(())
        }
        fn end(&mut self, end: SseEnd, out: &mut Vec<ProviderEvent>) -> Result<(), Failure> {
            if let Some(p) = end.pending {
                out.push(ProviderEvent::TextDelta(p.data));
            }
            Err(Failure::new(ProviderErrorKind::Network, "cut"))
        }
    }

    #[test]
    fn events_before_a_fault_in_the_same_chunk_are_kept() {
        let mut r = Reader::new(Echo);
        let (events, failed) = r.push(b"data: a\n\ndata: boom\n\ndata: c\n\n");
        assert_eq!(events, [ProviderEvent::TextDelta("a".into())]);
        assert_eq!(failed.unwrap().message, "boom");
        let mut r = Reader::new(Echo);
        assert_eq!(r.push(b"data: x").0, []);
        let (events, failed) = r.end();
        assert_eq!(events, [ProviderEvent::TextDelta("x".into())]);
        assert_eq!(failed.unwrap().message, "cut");
    }

    #[test]
    fn a_bare_404_points_at_the_url_settings() {
        let f = classify_common(
            "Anthropic",
            404,
            &HeaderMap::new(),
            "",
            "maya keys set anthropic",
        );
        assert_eq!(
            f.message,
            "Anthropic refused the request (404); check base_url and model in [provider] of the \
             config (maya doctor shows them)"
        );
        let f = classify_common(
            "Anthropic",
            400,
            &HeaderMap::new(),
            "{\"error\":{\"message\":\"bad\"}}",
            "",
        );
        assert_eq!(f.message, "Anthropic refused the request (400: bad)");
    }

    #[test]
    fn messages_are_cleaned() {
        assert_eq!(
            clean("key sk-proj-abcdefghijklmnopqrstuvwxyz0123 \u{1b}[2Jgone"),
            "key [redacted] gone"
        );
    }
}
