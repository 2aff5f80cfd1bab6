//! The chunk almost every event of a streamed reply is: a piece of text for the first choice
//! and nothing else. Read into borrowed fields, it costs one small allocation (the choices'
//! `Vec`) instead of a `serde_json::Value` tree of maps and strings per event, which was the
//! largest single cost of a fast stream end to end and the most allocations on the network
//! thread (`benches/stream.rs`).
//!
//! Only a chunk whose every field this shape accepts, and that could not mean anything else
//! (no error, no usage, no finish, no tool calls), is read this way; any other chunk, and any
//! that does not parse as this shape, goes to the general reader, which then decides as it
//! always did.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

#[derive(Deserialize)]
struct TextChunk<'a> {
    #[serde(borrow, default)]
    choices: Vec<TextChoice<'a>>,
    // Present and not null: the general reader's business.
    error: Option<IgnoredAny>,
    usage: Option<IgnoredAny>,
    #[serde(borrow)]
    object: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct TextChoice<'a> {
    #[serde(default)]
    index: u64,
    #[serde(borrow)]
    delta: Option<TextDelta<'a>>,
    finish_reason: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct TextDelta<'a> {
    #[serde(borrow)]
    content: Option<Cow<'a, str>>,
    tool_calls: Option<IgnoredAny>,
}

/// What a plain text chunk says: `Some(text)` (empty when it brings none, as a role-only
/// delta), or `None` when the general reader must read `data`.
pub(super) fn plain_text(data: &str) -> Option<Cow<'_, str>> {
    let chunk: TextChunk = serde_json::from_str(data).ok()?;
    let plain = chunk.error.is_none()
        && chunk.usage.is_none()
        && chunk.object.as_deref() != Some("error")
        && chunk.choices.iter().all(|c| {
            c.finish_reason.is_none() && c.delta.as_ref().is_none_or(|d| d.tool_calls.is_none())
        });
    // One reply is asked for; other choices are ignored, as the general reader does. Two
    // entries for the first choice in one chunk are left to it too (it emits one event each).
    let mut first = chunk.choices.into_iter().filter(|c| c.index == 0);
    let text = first.next().and_then(|c| c.delta?.content);
    (plain && first.next().is_none()).then(|| text.unwrap_or_default())
}
