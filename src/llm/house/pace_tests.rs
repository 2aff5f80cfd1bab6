//! The house bartender's pacing: her canned greeting is there at once, and any other reply,
//! however long, is done within the budget.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;

use super::*;
use crate::bar::Menu;
use crate::llm::Provider;
use crate::llm::house::HouseBartender;

/// A request whose answer is a plain reply (no tool calls): small talk after the greeting.
pub(crate) fn small_talk() -> ChatRequest {
    ChatRequest {
        system: String::new(),
        messages: vec![
            ChatMessage::User {
                text: crate::llm::SESSION_START.into(),
            },
            ChatMessage::Assistant {
                text: "Welcome.".into(),
                tool_calls: vec![],
                raw: None,
            },
            ChatMessage::User {
                text: "how is your evening going?".into(),
            },
        ],
        tools: vec![],
    }
}

#[tokio::test]
async fn the_canned_greeting_is_there_at_once_however_slow_the_pacing() {
    let slow = HouseBartender::new(
        Arc::new(Menu::builtin()),
        Duration::from_millis(200),
        crate::ui::keymap::say,
    );
    let greeting = ChatRequest {
        system: String::new(),
        messages: vec![ChatMessage::User {
            text: crate::llm::SESSION_START.into(),
        }],
        tools: vec![],
    };
    let start = Instant::now();
    let events: Vec<_> = slow.stream(greeting).collect().await;
    // Paced, its 20-odd words would take seconds.
    assert!(events.len() > 20, "{}", events.len());
    assert!(
        start.elapsed() < Duration::from_millis(150),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn other_replies_are_still_paced_word_by_word() {
    let slow = HouseBartender::new(
        Arc::new(Menu::builtin()),
        Duration::from_millis(30),
        crate::ui::keymap::say,
    );
    let mut s = slow.stream(small_talk());
    let start = Instant::now();
    let first = s.next().await;
    assert!(
        matches!(first, Some(Ok(ProviderEvent::TextDelta(_)))),
        "{first:?}"
    );
    s.next().await;
    assert!(start.elapsed() >= Duration::from_millis(30));
}

#[test]
fn a_reply_of_any_length_fits_the_budget_and_short_ones_keep_the_set_pause() {
    let default = Duration::from_millis(18);
    // A typical reply (about 25 words) keeps the configured feel, word by word, well within 1 s.
    assert_eq!(pacing(25, default), (1, default));
    assert!(default * 25 < Duration::from_secs(1));
    // A long one (the menu read out) or a slow setting is squeezed into the budget, a few
    // words per step once the pauses would get shorter than the timer can wait.
    for (words, delay) in [
        (120, default),
        (40, Duration::from_millis(150)),
        (5000, default),
    ] {
        let (per_step, pause) = pacing(words, delay);
        let steps = u32::try_from(words.div_ceil(per_step)).unwrap();
        let total = pause * steps;
        assert!(
            total <= REPLY_PACE_BUDGET,
            "{words} words at {delay:?}: {total:?}"
        );
        assert!(total >= REPLY_PACE_BUDGET / 2, "still paced: {total:?}");
        assert!(pause >= SHORTEST_PAUSE, "{words} words: {pause:?}");
    }
    assert_eq!(pacing(0, default), (1, default));
    assert_eq!(pacing(10, Duration::ZERO), (1, Duration::ZERO));
}

#[tokio::test]
async fn a_long_reply_streams_every_word_in_order_within_the_budget() {
    let text: String = (0..300).map(|i| format!("word{i} ")).collect();
    let start = Instant::now();
    let got: String = speak(text.clone(), Duration::from_millis(18))
        .filter_map(|e| async move {
            match e {
                Ok(ProviderEvent::TextDelta(t)) => Some(t),
                _ => None,
            }
        })
        .collect()
        .await;
    assert_eq!(got, text);
    // The budget plus a generous margin for a loaded machine; unpaced it would take 5.4 s.
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
}
