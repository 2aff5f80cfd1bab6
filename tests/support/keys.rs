//! Driving the view-model by key, as the UI tests do: an opened bar (offline house bartender,
//! empty tab, one earlier order in the input history) and key presses.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Event, SessionInfo};
use maya::bar::TabView;
use maya::config::UiConfig;
use maya::ui::App;
use maya::ui::theme::Theme;

/// The bar as the agent leaves it once ready, with `ui` as its settings.
pub fn opened_bar(ui: &UiConfig) -> App {
    let mut a = App::new(ui, Theme { color: true });
    a.on_event(Event::Ready {
        info: SessionInfo {
            session_id: None,
            provider: "house".into(),
            model: "offline".into(),
            offline: true,
            simulated_payments: true,
            resumed: false,
        },
        transcript: vec![],
        input_history: vec!["an earlier order".into()],
        tab: TabView::default(),
    });
    a
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Types `s` into the composer; no letter may send anything to the agent.
pub fn typing(a: &mut App, s: &str) {
    for c in s.chars() {
        assert!(a.on_key(key(KeyCode::Char(c))).is_empty());
    }
}
