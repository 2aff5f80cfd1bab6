//! How the house bartender's words arrive: her canned greeting at once, any other reply word
//! by word like live typing, but always done within a budget so the guest never waits on it.

use std::time::Duration;

use futures::StreamExt;

use crate::llm::{ChatMessage, ChatRequest, FinishReason, ProviderEvent, ProviderStream};

/// However long a reply, its pacing ends within this: the pause between words is a feel of
/// live typing, never a wait for the guest (a typical reply takes about half of it).
const REPLY_PACE_BUDGET: Duration = Duration::from_millis(700);

/// The shortest pause worth making: tokio's timer waits at least a millisecond whatever it is
/// asked, so a long reply goes a few words per step rather than overrunning the budget.
const SHORTEST_PAUSE: Duration = Duration::from_millis(10);

/// How a reply of `words` words is paced: words per step, and the pause before each step
/// (`delay`, or less so the whole reply fits the budget).
fn pacing(words: usize, delay: Duration) -> (usize, Duration) {
    let most_steps = (REPLY_PACE_BUDGET.as_millis() / SHORTEST_PAUSE.as_millis()) as usize;
    let per_step = words.div_ceil(most_steps).max(1);
    let steps = u32::try_from(words.div_ceil(per_step).max(1)).unwrap_or(u32::MAX);
    (per_step, delay.min(REPLY_PACE_BUDGET / steps))
}

/// The round answers the session's start marker: the greeting.
fn opens_the_evening(request: &ChatRequest) -> bool {
    matches!(request.messages.last(),
        Some(ChatMessage::User { text }) if text.starts_with(crate::llm::SESSION_START))
}

/// Stream `text` word by word (each word with its following whitespace), then finish, paced
/// by [`pacing`].
pub(super) fn speak(text: String, delay: Duration) -> ProviderStream {
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if !ch.is_whitespace() && cur.ends_with(char::is_whitespace) {
            pieces.push(std::mem::take(&mut cur));
        }
        cur.push(ch);
    }
    if !cur.is_empty() {
        pieces.push(cur);
    }
    let (per_step, delay) = pacing(pieces.len(), delay);
    let steps: Vec<String> = pieces.chunks(per_step).map(|c| c.concat()).collect();
    let words = futures::stream::iter(steps).then(move |w| async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        Ok(ProviderEvent::TextDelta(w))
    });
    words
        .chain(futures::stream::once(async {
            Ok(ProviderEvent::Finish(FinishReason::Stop))
        }))
        .boxed()
}

/// The pause between words for this round: none for the greeting (canned, not "thought up"),
/// the configured one otherwise.
pub(super) fn word_delay(request: &ChatRequest, configured: Duration) -> Duration {
    if opens_the_evening(request) {
        Duration::ZERO
    } else {
        configured
    }
}

#[cfg(test)]
#[path = "pace_tests.rs"]
pub(super) mod tests;
