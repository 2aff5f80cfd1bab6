//! Voice in the view-model: F5 asks the agent to toggle it, the status line says when it is
//! on and which engine speaks, and Esc silences a finished reply that is still being read.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Command, Event, ReplyState, SessionInfo};
use maya::bar::TabView;
use maya::config::UiConfig;
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> App {
    let mut a = App::new(&UiConfig::default(), Theme { color: false });
    a.on_event(Event::Ready {
        info: SessionInfo {
            session_id: Some("1122-negroni-7f3a".into()),
            provider: "house".into(),
            model: "offline".into(),
            offline: true,
            simulated_payments: true,
            resumed: false,
        },
        transcript: vec![],
        input_history: vec![],
        tab: TabView::default(),
    });
    a.on_event(Event::AssistantDelta(
        "Welcome to MOK 5-ha. What can I pour?".into(),
    ));
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TurnFinished);
    a
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn screen(a: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

#[test]
fn f5_toggles_and_the_status_line_names_the_engine() {
    let mut a = app();
    assert_eq!(a.on_key(key(KeyCode::F(5))), [Command::ToggleVoice]);
    let before = screen(&mut a, 120, 40);
    assert!(!before[0].contains("voice"), "{}", before[0]);
    assert!(before[39].contains("F5 voice"), "{}", before[39]);

    a.on_event(Event::Voice {
        engine: Some("espeak-ng".into()),
    });
    let on = screen(&mut a, 120, 40);
    insta::assert_snapshot!("voice_on_120x40", on.join("\n"));
    assert!(on[0].contains("voice on · espeak-ng"), "{}", on[0]);
    // Narrow: the shorter form, or nothing, never a cut word.
    let narrow = screen(&mut a, 60, 20);
    assert!(
        narrow[0].contains("voice on") || !narrow[0].contains("voi"),
        "{}",
        narrow[0]
    );

    a.on_event(Event::Voice { engine: None });
    assert!(!screen(&mut a, 120, 40)[0].contains("voice"));
}

#[test]
fn esc_silences_a_finished_reply_only_while_voice_is_on() {
    let mut a = app();
    // Idle, voice off: Esc has nothing to stop.
    assert_eq!(a.on_key(key(KeyCode::Esc)), []);
    a.on_event(Event::Voice {
        engine: Some("cartesia".into()),
    });
    assert_eq!(a.on_key(key(KeyCode::Esc)), [Command::CancelReply]);
    assert!(screen(&mut a, 120, 40)[39].contains("Esc stop"));
}
