use super::*;

#[test]
fn a_line_feed_typed_before_the_bar_is_enter_and_later_a_new_line() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let lf = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
    let early = Duration::from_millis(5);
    assert_eq!(as_typed_before_the_bar(lf, early).code, KeyCode::Enter);
    assert_eq!(as_typed_before_the_bar(lf, BEFORE_THE_BAR), lf);
    let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(as_typed_before_the_bar(j, early), j);
    let alt_j = KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    );
    assert_eq!(as_typed_before_the_bar(alt_j, early), alt_j);
}

#[test]
fn only_a_window_opened_while_typing_holds_its_keys_and_only_briefly() {
    let t0 = Instant::now();
    let mut g = TypeAhead::default();
    g.window_opened(t0);
    assert!(!g.holds(t0), "nobody was typing");
    g.typed(t0);
    g.window_opened(t0 + Duration::from_millis(300));
    assert!(g.holds(t0 + Duration::from_millis(400)));
    assert!(!g.lapsed(t0 + Duration::from_millis(800)));
    // Still typing: held on until a pause.
    g.typed(t0 + Duration::from_millis(850));
    assert!(g.holds(t0 + Duration::from_millis(1400)));
    assert!(g.lapsed(t0 + Duration::from_millis(1450)));
    g.typed(t0);
    g.window_opened(t0 + Duration::from_millis(300));
    assert!(g.lapsed(t0 + Duration::from_millis(900)));
    assert!(!g.holds(t0 + Duration::from_millis(900)));
    // Typing long before the window opened does not count.
    g.window_opened(t0 + Duration::from_secs(3));
    assert!(!g.holds(t0 + Duration::from_secs(3)));
}
