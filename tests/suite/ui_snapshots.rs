//! The real rendered screen (ratatui TestBackend) at 120×40, 80×24 and 40×12.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use maya::agent::{Command, Entry, Event, PaymentProgress, ReplyState, SessionInfo};
use maya::bar::{Action, Bar, Menu, TabView};
use maya::config::UiConfig;
use maya::money::Cents;
use maya::next_step::NextStep;
use maya::ui::App;
use maya::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

fn info() -> SessionInfo {
    SessionInfo {
        session_id: Some("1122-negroni-7f3a".into()),
        provider: "house".into(),
        model: "offline".into(),
        offline: true,
        simulated_payments: true,
        resumed: false,
    }
}

fn tab(martinis: u32, tip: Option<u32>) -> TabView {
    let mut bar = Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000));
    if martinis > 0 {
        bar.apply(Action::Order {
            item: "Martini".into(),
            quantity: martinis,
            modifiers: vec![],
        })
        .unwrap();
    }
    if let Some(p) = tip {
        bar.apply(Action::ToggleTipPercent(p)).unwrap();
    }
    bar.view()
}

fn app(color: bool) -> App {
    let mut a = App::new(&UiConfig::default(), Theme { color });
    a.on_event(Event::Ready {
        info: info(),
        transcript: vec![],
        input_history: vec![],
        tab: tab(0, None),
    });
    a
}

fn greeted() -> App {
    let mut a = app(true);
    for w in "Welcome to MOK 5-ha. Leave the day at the door; what can I pour for you?\n\nI'm the house bartender tonight, running **offline**.".split_inclusive(' ') {
        a.on_event(Event::AssistantDelta(w.into()));
    }
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TurnFinished);
    a
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.draw(f)).unwrap();
    t
}

fn snap(name: &str, mut app: App) {
    for (w, h) in SIZES {
        let t = render(&mut app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn with_tab() -> App {
    let mut a = greeted();
    a.on_event(Event::TurnStarted {
        user_text: "two martinis please".into(),
    });
    a.on_event(Event::ToolRan {
        summary: "added 2× Martini · $26.00".into(),
        ok: true,
    });
    a.on_event(Event::TabChanged(tab(2, None)));
    a.on_event(Event::AssistantDelta(
        "Two Martinis, coming right up. Your tab is $26.00.".into(),
    ));
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TurnFinished);
    a.on_event(Event::TabChanged(tab(2, Some(15))));
    a.tick(std::time::Instant::now() + std::time::Duration::from_secs(5));
    a
}

#[test]
fn greeting() {
    snap("greeting", greeted());
}

#[test]
fn mid_stream_reply() {
    let mut a = greeted();
    a.on_event(Event::TurnStarted {
        user_text: "something fruity?".into(),
    });
    a.on_event(Event::ToolRan {
        summary: "recommended Daiquiri, Cosmopolitan, Lemonade".into(),
        ok: true,
    });
    a.on_event(Event::AssistantDelta(
        "For something bright and fruity, I'd pour a **Daiquiri** ($10.00), a Cosmo".into(),
    ));
    snap("mid_stream", a);
}

#[test]
fn tab_with_a_15_percent_tip() {
    let a = with_tab();
    snap("tab_tip_15", a);
    // The figures the guest must see, at every size that shows the tab.
    let mut a = with_tab();
    for (w, h) in [(120, 40), (80, 24)] {
        let screen = format!("{:?}", render(&mut a, w, h).backend());
        for figure in ["$26.00", "$3.90", "$29.90", "$974.00"] {
            assert!(screen.contains(figure), "{figure} missing at {w}x{h}");
        }
    }
}

#[test]
fn payment_overlay() {
    let mut a = with_tab();
    a.on_event(Event::PaymentLink {
        url: "https://pay.mok5ha.invalid/c/sim_306af0efa67663ea".into(),
        amount: Cents(2990),
        simulated: true,
        note: Some("SIMULATED: no Stripe key is set, so no real payment is taken.".into()),
    });
    a.on_event(Event::PaymentStatus(PaymentProgress::Waiting));
    snap("payment", a);
}

#[test]
fn stripe_payment_overlay_shows_every_key_hint() {
    let mut a = with_tab();
    a.on_event(Event::PaymentLink {
        url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0".into(),
        amount: Cents(2990),
        simulated: false,
        note: None,
    });
    a.on_event(Event::PaymentStatus(PaymentProgress::Waiting));
    let t = render(&mut a, 120, 40);
    let screen = format!("{:?}", t.backend());
    assert!(
        screen.contains("t pay with test card · c copy link · x cancel · Esc close"),
        "{screen}"
    );
    insta::assert_snapshot!("payment_stripe_120x40", t.backend());
}

/// While the test card is charged: the status says so and why x is gone; neither x nor t is
/// offered (a second t cannot charge twice, and a charge cannot be cancelled midway).
#[test]
fn stripe_payment_overlay_while_the_card_is_charged() {
    let mut a = with_tab();
    a.on_event(Event::PaymentLink {
        url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0".into(),
        amount: Cents(2990),
        simulated: false,
        note: None,
    });
    a.on_event(Event::PaymentStatus(PaymentProgress::Charging));
    let t = render(&mut a, 120, 40);
    let screen = format!("{:?}", t.backend());
    assert!(screen.contains("Charging the test card"), "{screen}");
    assert!(
        !screen.contains("x cancel") && !screen.contains("t pay"),
        "{screen}"
    );
    insta::assert_snapshot!("payment_stripe_charging_120x40", t.backend());
}

#[test]
fn help_overlay() {
    let mut a = greeted();
    a.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    snap("help", a);
}

#[test]
fn an_error_line() {
    let mut a = greeted();
    a.on_event(Event::TurnStarted {
        user_text: "hello".into(),
    });
    a.on_event(Event::Error {
        message: "openai: connection refused (is the server at http://localhost:11434/v1 running?)"
            .into(),
        hint: Some(NextStep::Retry),
    });
    a.on_event(Event::TurnFinished);
    snap("error", a);
}

#[test]
fn too_small() {
    let mut a = greeted();
    let t = render(&mut a, 30, 10);
    insta::assert_snapshot!("too_small_30x10", t.backend());
}

#[test]
fn no_color_uses_no_colours_at_all() {
    let mut a = app(false);
    a.on_event(Event::TabChanged(tab(2, Some(15))));
    a.on_event(Event::Error {
        message: "boom".into(),
        hint: None,
    });
    let t = render(&mut a, 120, 40);
    for cell in t.backend().buffer().content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "a coloured cell: {cell:?}"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "a coloured cell: {cell:?}"
        );
    }
    let mut coloured = app(true);
    coloured.on_event(Event::TabChanged(tab(2, Some(15))));
    let t = render(&mut coloured, 120, 40);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset)
    );
}

#[test]
fn clicking_a_tip_button_toggles_the_tip() {
    let mut a = with_tab();
    let t = render(&mut a, 120, 40);
    let buf = t.backend().buffer();
    let (mut x, mut y) = (0, 0);
    'find: for row in 0..40u16 {
        let line: String = (0..120u16)
            .map(|col| buf[(col, row)].symbol().to_string())
            .collect();
        if let Some(i) = line.find("[20%]") {
            x = line[..i].chars().count() as u16 + 1;
            y = row;
            break 'find;
        }
    }
    assert!(y > 0, "no [20%] button on screen");
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    assert_eq!(a.on_mouse(click), vec![Command::ToggleTip(20)]);
    let miss = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 2,
        row: 2,
        modifiers: KeyModifiers::NONE,
    };
    assert!(a.on_mouse(miss).is_empty());
}

#[test]
fn transcript_of_a_resumed_session_is_shown() {
    let mut a = App::new(&UiConfig::default(), Theme { color: true });
    a.on_event(Event::Ready {
        info: SessionInfo {
            resumed: true,
            ..info()
        },
        transcript: vec![
            Entry::User {
                text: "a negroni".into(),
                blocked: None,
            },
            Entry::Tool {
                summary: "added 1× Negroni · $11.00".into(),
                ok: true,
            },
            Entry::Assistant {
                text: "One Negroni.".into(),
                state: ReplyState::Interrupted,
            },
        ],
        input_history: vec!["a negroni".into()],
        tab: tab(0, None),
    });
    let screen = format!("{:?}", render(&mut a, 120, 40).backend());
    assert!(
        screen.contains("a negroni") && screen.contains("— interrupted"),
        "{screen}"
    );
}

#[test]
fn no_color_overlays_use_no_colours_and_keep_their_emphasis() {
    let overlays: Vec<(&str, Event)> = vec![
        (
            "consent",
            Event::ConsentRequest {
                prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into(),
            },
        ),
        (
            "payment",
            Event::PaymentLink {
                url: "https://pay.mok5ha.invalid/c/sim_306af0efa67663ea".into(),
                amount: Cents(2990),
                simulated: true,
                note: Some("SIMULATED: no Stripe key is set, so no real payment is taken.".into()),
            },
        ),
    ];
    let mut screens: Vec<(&str, App)> = overlays
        .into_iter()
        .map(|(name, ev)| {
            let mut a = app(false);
            a.on_event(Event::TabChanged(tab(2, Some(15))));
            a.on_event(ev);
            (name, a)
        })
        .collect();
    let mut help = app(false);
    help.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    screens.push(("help", help));
    for (name, mut a) in screens {
        for (w, h) in SIZES {
            let t = render(&mut a, w, h);
            let cells = t.backend().buffer().content();
            assert!(
                cells.iter().all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
                "a coloured cell in the {name} window at {w}x{h}"
            );
            // The window's title and keys still stand out: bold or reversed somewhere.
            assert!(
                cells.iter().any(|c| c.modifier.intersects(
                    ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED
                )),
                "no emphasis at all in the {name} window at {w}x{h}"
            );
        }
    }
}

#[test]
fn no_color_screen_with_its_styles() {
    // The styles are in this snapshot: without colour, emphasis falls back to bold, dim,
    // italic, underline and reverse video, and the chosen tip stays reversed.
    let mut a = app(false);
    a.on_event(Event::AssistantDelta(
        "Two Martinis, coming right up.".into(),
    ));
    a.on_event(Event::AssistantDone(ReplyState::Complete));
    a.on_event(Event::TabChanged(tab(2, Some(15))));
    a.on_event(Event::Error {
        message: "boom".into(),
        hint: Some(NextStep::Retry),
    });
    a.on_event(Event::TurnFinished);
    a.tick(std::time::Instant::now() + std::time::Duration::from_secs(5));
    let t = render(&mut a, 120, 40);
    insta::assert_snapshot!("no_color_120x40", format!("{:?}", t.backend().buffer()));
}

/// Maya mid-reply with two messages typed ahead: dimmed under her words, with what happens.
fn queued_while_she_answers() -> App {
    let mut a = greeted();
    a.on_event(Event::TurnStarted {
        user_text: "what's good tonight?".into(),
    });
    a.on_event(Event::AssistantDelta(
        "Tonight I'd start you on a **Negroni** ($11.00): bitter, bright, and".into(),
    ));
    a.on_event(Event::Queue {
        texts: vec![
            "two martinis, one dirty".into(),
            "and a pint of the IPA".into(),
        ],
        held: false,
    });
    a
}

#[test]
fn queued_messages_under_her_reply() {
    snap("queued", queued_while_she_answers());
}

#[test]
fn held_messages_after_an_error() {
    let mut a = greeted();
    a.on_event(Event::TurnStarted {
        user_text: "a negroni".into(),
    });
    a.on_event(Event::Error {
        message: "openai: connection refused".into(),
        hint: Some(NextStep::RetryThenQueue),
    });
    a.on_event(Event::Queue {
        texts: vec!["and a water".into()],
        held: true,
    });
    a.on_event(Event::TurnFinished);
    snap("queued_held", a);
}
