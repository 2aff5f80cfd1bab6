//! Every terminal size, however small, draws without a panic, in every state of the screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Event, PaymentProgress, ReplyState, SessionInfo};
use maya::bar::{Action, Bar, Menu};
use maya::config::UiConfig;
use maya::money::Cents;
use maya::next_step::NextStep;
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn base(color: bool) -> App {
    let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000));
    bar.apply(Action::Order {
        item: "Martini".into(),
        quantity: 2,
        modifiers: vec!["dirty".into()],
    })
    .unwrap();
    bar.apply(Action::ToggleTipPercent(15)).unwrap();
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
        tab: bar.view(),
    });
    a.on_event(Event::AssistantDelta(
        "Welcome to MOK 5-ha. Leave the day at the door; what can I pour?".into(),
    ));
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TurnFinished);
    a
}

/// The states worth drawing: plain, streaming, each overlay, an error.
fn states() -> Vec<(&'static str, App)> {
    let mut out = vec![("plain", base(true)), ("no colour", base(false))];
    let mut a = base(true);
    a.on_event(Event::AssistantDelta(
        "a reply still coming in, word by".into(),
    ));
    out.push(("streaming", a));
    let mut a = base(true);
    a.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    out.push(("help", a));
    let mut a = base(true);
    a.on_event(Event::ConsentRequest {
        prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into(),
    });
    out.push(("consent", a));
    for simulated in [true, false] {
        let mut a = base(true);
        a.on_event(Event::PaymentLink {
            url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0".into(),
            amount: Cents(2990),
            simulated,
            note: Some("SIMULATED: no Stripe key is set, so no real payment is taken.".into()),
        });
        a.on_event(Event::PaymentStatus(PaymentProgress::Waiting));
        out.push(("payment", a));
    }
    let mut a = base(true);
    a.on_event(Event::Error {
        message: "openai: connection refused".into(),
        hint: Some(NextStep::Retry),
    });
    a.composer
        .insert("a long draft that wraps over several rows of the composer");
    out.push(("error", a));
    out
}

#[test]
fn every_size_from_1x1_to_45x14_draws_without_a_panic() {
    for (name, mut app) in states() {
        for w in 1..=45u16 {
            for h in 1..=14u16 {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    t.draw(|f| app.draw(f)).map(|_| ())
                }));
                assert!(
                    matches!(drawn, Ok(Ok(()))),
                    "the {name} screen panicked or failed at {w}x{h}"
                );
            }
        }
    }
}

#[test]
fn a_tiny_window_still_says_how_big_it_must_be() {
    let mut a = base(true);
    for (w, h) in [(10, 3), (20, 1), (39, 11)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| a.draw(f)).unwrap();
        let screen = format!("{:?}", t.backend());
        assert!(
            screen.contains("40×12"),
            "no size hint at {w}x{h}:\n{screen}"
        );
    }
}

#[test]
fn the_qr_code_is_drawn_whole_or_not_at_all() {
    let url = "https://pay.mok5ha.invalid/c/sim_306af0efa67663ea";
    let full = maya::ui::qr::rows(url).unwrap();
    for w in [40u16, 41, 42, 43, 48, 60, 80, 100, 120] {
        for h in (12..=44u16).step_by(4) {
            let mut a = base(true);
            a.on_event(Event::PaymentLink {
                url: url.into(),
                amount: Cents(2990),
                simulated: true,
                note: None,
            });
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| a.draw(f)).unwrap();
            let buf = t.backend().buffer();
            let rows: Vec<String> = (0..h)
                .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
                .collect();
            let qr_rows = rows.iter().filter(|r| r.contains("██")).count();
            if qr_rows > 0 {
                assert_eq!(qr_rows, full.len(), "a part of the QR code at {w}x{h}");
                for line in &full {
                    assert!(
                        rows.iter().any(|r| r.contains(line.as_str())),
                        "a cut QR row at {w}x{h}"
                    );
                }
            }
        }
    }
}
