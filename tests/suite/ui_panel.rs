//! The tab as the guest sees it while a check is out: the panel at 120 columns, the one-line
//! summary below 100, and the payment window's own words.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Entry, Event, PaymentProgress, ReplyState, SessionInfo};
use maya::bar::{Action, Bar, CheckoutLink, Menu, TabView};
use maya::config::UiConfig;
use maya::money::Cents;
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use std::sync::Arc;

const URL: &str = "https://pay.mok5ha.invalid/c/sim_306af0efa67663ea";

/// Two Martinis with a 15 % tip, then what `then` does to the bar.
fn bar_view(then: &[Action]) -> TabView {
    let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000));
    for a in [
        Action::Order {
            item: "Martini".into(),
            quantity: 2,
            modifiers: vec![],
        },
        Action::ToggleTipPercent(15),
    ]
    .into_iter()
    .chain(then.iter().cloned())
    {
        bar.apply(a).unwrap();
    }
    bar.view()
}

fn pending() -> Vec<Action> {
    vec![
        Action::StartCheckout {
            idempotency_key: "k1".into(),
        },
        Action::CheckoutLinkReady(CheckoutLink {
            checkout_id: "sim_1".into(),
            url: URL.into(),
            simulated: true,
        }),
    ]
}

fn app(tab: TabView, color: bool) -> App {
    let mut a = App::new(&UiConfig::default(), Theme { color });
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
        tab,
    });
    a.tick(std::time::Instant::now() + std::time::Duration::from_secs(5));
    a
}

fn render(a: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    t
}

fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

fn open_link(a: &mut App) {
    a.on_event(Event::PaymentLink {
        url: URL.into(),
        amount: Cents(2990),
        simulated: true,
        note: None,
    });
    a.on_event(Event::PaymentStatus(PaymentProgress::Waiting));
}

#[test]
fn at_80x24_the_summary_still_says_a_check_is_out_after_esc() {
    let mut a = app(bar_view(&pending()), true);
    open_link(&mut a);
    a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(a.overlay().is_none());
    for (w, h) in [(80, 24), (60, 20), (40, 12)] {
        let t = render(&mut a, w, h);
        let screen = rows(t.backend().buffer());
        let summary = &screen[h as usize - 4];
        assert!(
            summary.contains("Ctrl+P"),
            "nothing says the check is out at {w}x{h}: {summary:?}"
        );
        assert!(summary.contains("$29.90"), "{summary:?}");
    }
}

#[test]
fn the_chosen_tip_stays_visible_while_the_buttons_are_frozen() {
    for color in [true, false] {
        let mut a = app(bar_view(&pending()), color);
        let t = render(&mut a, 120, 40);
        let buf = t.backend().buffer();
        let screen = rows(buf);
        let y = screen.iter().position(|r| r.contains("[15%]")).unwrap();
        let x = |label: &str| screen[y][..screen[y].find(label).unwrap()].chars().count() as u16;
        let cell = |label: &str| buf[(x(label) + 1, y as u16)].clone();
        let (ten, fifteen) = (cell("[10%]"), cell("[15%]"));
        assert!(
            ten.modifier.contains(Modifier::DIM),
            "frozen buttons are dim"
        );
        assert!(
            fifteen.modifier.contains(Modifier::DIM),
            "frozen buttons are dim"
        );
        assert_ne!(
            (ten.modifier, ten.fg, ten.bg),
            (fifteen.modifier, fifteen.fg, fifteen.bg),
            "the chosen 15 % looks like the others (colour: {color})"
        );
    }
}

fn panel_payment(a: &mut App) -> String {
    let t = render(a, 120, 40);
    rows(t.backend().buffer())
        .into_iter()
        .find(|r| r.contains("Payment "))
        .unwrap()
}

#[test]
fn an_expired_checkout_says_expired_and_a_cancelled_one_cancelled() {
    let mut then = pending();
    then.push(Action::PaymentExpired);
    let mut a = app(bar_view(&pending()), true);
    a.on_event(Event::PaymentStatus(PaymentProgress::Expired));
    a.on_event(Event::TabChanged(bar_view(&then)));
    let row = panel_payment(&mut a);
    assert!(row.contains("expired"), "{row}");
    assert!(!row.contains("cancelled"), "{row}");

    let mut then = pending();
    then.push(Action::CancelCheckout);
    let mut a = app(bar_view(&pending()), true);
    a.on_event(Event::PaymentStatus(PaymentProgress::Cancelled));
    a.on_event(Event::TabChanged(bar_view(&then)));
    let row = panel_payment(&mut a);
    assert!(row.contains("cancelled"), "{row}");
}

#[test]
fn copying_the_link_does_not_claim_it_reached_the_clipboard() {
    let mut a = app(bar_view(&pending()), true);
    open_link(&mut a);
    a.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(a.clipboard.as_deref(), Some(URL));
    let screen = rows(render(&mut a, 120, 40).backend().buffer()).join("\n");
    assert!(!screen.contains("copied"), "{screen}");
    // Wrapped to the window: "…(if your terminal" / "allows it)."
    assert!(
        screen.contains("Link sent to the clipboard (if your terminal")
            && screen.contains("allows it)."),
        "{screen}"
    );
}

#[test]
fn under_100_columns_a_blank_row_separates_the_conversation_from_the_summary() {
    let mut a = app(bar_view(&[]), true);
    for i in 0..40 {
        a.on_event(Event::Notice(format!("line {i}")));
    }
    a.on_event(Event::AssistantDelta("the last words".into()));
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TurnFinished);
    for (w, h) in [(80, 24), (40, 12)] {
        let screen = rows(render(&mut a, w, h).backend().buffer());
        let summary = h as usize - 4;
        assert!(screen[summary].contains("Total"), "{:?}", screen[summary]);
        assert_eq!(screen[summary - 1].trim(), "", "no gap at {w}x{h}");
        assert!(screen[summary - 2].contains("the last words"), "{screen:?}");
    }
    let _ = Entry::Notice {
        text: String::new(),
    };
}
