//! The key map: what each key sends to the agent, and what it does on screen.

use crate::support::keys::{self, ctrl, key, typing};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use maya::agent::{Command, Event};
use maya::bar::Tip;
use maya::config::UiConfig;
use maya::money::Cents;
use maya::next_step::NextStep;
use maya::ui::App;

fn app() -> App {
    keys::opened_bar(&UiConfig {
        max_paste_bytes: 16,
        ..UiConfig::default()
    })
}

#[test]
fn enter_sends_and_newline_keys_do_not() {
    let mut a = app();
    typing(&mut a, "two");
    assert!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT))
            .is_empty()
    );
    typing(&mut a, "lines");
    assert!(a.on_key(ctrl('j')).is_empty());
    typing(&mut a, "x");
    assert_eq!(
        a.on_key(key(KeyCode::Enter)),
        vec![Command::Submit("two\nlines\nx".into())]
    );
    // The words leave the composer at once (the agent starts or queues them), so it is free
    // for the next message and a second Enter has nothing to send twice.
    assert!(a.composer.is_empty());
    assert!(a.on_key(key(KeyCode::Enter)).is_empty(), "no double submit");
    // Refused (the rate limit): they come back, ahead of what was typed since.
    typing(&mut a, "more");
    a.on_event(Event::RestoreInput("two\nlines\nx".into()));
    a.on_event(Event::Refused {
        reason: "Easy there, one message at a time: try again in 3 s.".into(),
    });
    assert_eq!(a.composer.text(), "two\nlines\nx\nmore");
    assert_eq!(a.on_key(key(KeyCode::Enter)).len(), 1);
    // A turn starting (this one, or a queued one) never touches what is being typed.
    typing(&mut a, "next");
    a.on_event(Event::TurnStarted {
        user_text: "two\nlines\nx\nmore".into(),
    });
    assert_eq!(a.composer.text(), "next");
}

#[test]
fn history_recall_when_empty() {
    let mut a = app();
    a.on_key(key(KeyCode::Up));
    assert_eq!(a.composer.text(), "an earlier order");
    a.on_key(key(KeyCode::Down));
    assert_eq!(a.composer.text(), "");
}

#[test]
fn esc_and_ctrl_c_stop_a_reply_and_ctrl_c_twice_leaves() {
    let mut a = app();
    a.on_event(Event::TurnStarted {
        user_text: "hi".into(),
    });
    assert_eq!(a.on_key(key(KeyCode::Esc)), vec![Command::CancelReply]);
    assert_eq!(a.on_key(ctrl('c')), vec![Command::CancelReply]);
    a.on_event(Event::TurnFinished);
    assert!(
        a.on_key(ctrl('c')).is_empty(),
        "the first Ctrl+C on an idle bar only warns"
    );
    assert_eq!(a.on_key(ctrl('c')), vec![Command::Quit]);
    assert_eq!(app().on_key(ctrl('d')), vec![Command::Quit]);
}

#[test]
fn function_keys_toggle_tips_and_ctrl_p_asks_for_the_check() {
    let mut a = app();
    assert_eq!(a.on_key(key(KeyCode::F(2))), vec![Command::ToggleTip(10)]);
    assert_eq!(a.on_key(key(KeyCode::F(3))), vec![Command::ToggleTip(15)]);
    assert_eq!(a.on_key(key(KeyCode::F(4))), vec![Command::ToggleTip(20)]);
    assert_eq!(a.on_key(ctrl('p')), vec![Command::Checkout]);
}

#[test]
fn slash_commands() {
    let cases: Vec<(&str, Vec<Command>)> = vec![
        (
            "/tip 15",
            vec![Command::SetTip(Tip::Percent { percent: 15 })],
        ),
        (
            "/tip 18%",
            vec![Command::SetTip(Tip::Percent { percent: 18 })],
        ),
        (
            "/tip $5",
            vec![Command::SetTip(Tip::Amount { amount: Cents(500) })],
        ),
        ("/tip off", vec![Command::ClearTip]),
        ("/pay", vec![Command::Checkout]),
        ("/retry", vec![Command::Retry]),
        ("/quit", vec![Command::Quit]),
        ("/tab", vec![]),
        ("/tip lots", vec![]),
        ("/dance", vec![]),
    ];
    for (line, want) in cases {
        let mut a = app();
        typing(&mut a, line);
        assert_eq!(a.on_key(key(KeyCode::Enter)), want, "{line}");
        assert!(a.composer.is_empty(), "{line} left text behind");
    }
    let mut a = app();
    typing(&mut a, "/help");
    a.on_key(key(KeyCode::Enter));
    assert!(a.overlay().is_some());
}

#[test]
fn r_retries_only_after_an_error() {
    let mut a = app();
    assert!(a.on_key(key(KeyCode::Char('r'))).is_empty());
    assert_eq!(a.composer.text(), "r");
    let mut a = app();
    a.on_event(Event::Error {
        message: "boom".into(),
        hint: None,
    });
    assert_eq!(a.on_key(key(KeyCode::Char('r'))), vec![Command::Retry]);
}

#[test]
fn pastes_are_cleaned_and_cut() {
    let mut a = app();
    a.on_paste("hi\u{1b}[2J there");
    // The whole CSI sequence goes, not just its ESC byte.
    assert_eq!(a.composer.text(), "hi there");
    let mut a = app();
    a.on_paste(&"x".repeat(100));
    assert_eq!(a.composer.text().len(), 16);
}

#[test]
fn undo_redo_and_word_motion_in_the_composer() {
    let mut a = app();
    typing(&mut a, "two martinis");
    a.on_key(ctrl('w'));
    assert_eq!(a.composer.text(), "two ");
    a.on_key(ctrl('z'));
    assert_eq!(a.composer.text(), "two martinis");
    a.on_key(ctrl('y'));
    assert_eq!(a.composer.text(), "two ");
    a.on_key(ctrl('z'));
    // Ctrl+← to the start of "martinis", type there.
    a.on_key(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
    typing(&mut a, "dry ");
    assert_eq!(a.composer.text(), "two dry martinis");
    a.on_key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL));
    typing(&mut a, "!");
    assert_eq!(a.composer.text(), "two dry martinis!");
    // Ctrl+C clears the line; Ctrl+Z brings it back.
    a.on_key(ctrl('c'));
    assert!(a.composer.is_empty());
    a.on_key(ctrl('z'));
    assert_eq!(a.composer.text(), "two dry martinis!");
}

#[test]
fn a_pasted_emoji_sequence_is_one_step_for_the_cursor() {
    let mut a = app();
    // max_paste_bytes is 16 here: a family (18 bytes) is cut, so type it in two pastes.
    a.on_paste("a👨\u{200d}👩");
    a.on_paste("\u{200d}👧b");
    a.on_key(key(KeyCode::Left));
    a.on_key(key(KeyCode::Backspace));
    assert_eq!(
        a.composer.text(),
        "ab",
        "one Backspace takes the whole family"
    );
}

#[test]
fn consent_and_payment_overlays_take_their_keys() {
    let mut a = app();
    a.on_event(Event::ConsentRequest {
        prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into(),
    });
    assert_eq!(
        a.on_key(key(KeyCode::Char('n'))),
        vec![Command::AnswerConsent { allow: false }]
    );
    a.on_event(Event::ConsentRequest {
        prompt: "again".into(),
    });
    assert_eq!(
        a.on_key(key(KeyCode::Char('y'))),
        vec![Command::AnswerConsent { allow: true }]
    );
    a.on_event(Event::PaymentLink {
        url: "https://pay.mok5ha.invalid/c/x".into(),
        amount: Cents(100),
        simulated: true,
        note: None,
    });
    assert_eq!(
        a.on_key(key(KeyCode::Enter)),
        vec![Command::ConfirmSimulatedPayment]
    );
    assert!(
        a.on_key(key(KeyCode::Char('t'))).is_empty(),
        "no test card on a simulated check"
    );
    assert_eq!(
        a.on_key(key(KeyCode::Char('x'))),
        vec![Command::CancelCheckout]
    );
    assert!(a.on_key(key(KeyCode::Char('c'))).is_empty());
    assert_eq!(
        a.clipboard.as_deref(),
        Some("https://pay.mok5ha.invalid/c/x")
    );
    assert!(a.on_key(key(KeyCode::Esc)).is_empty());
    assert!(a.overlay().is_none());
    a.on_event(Event::PaymentLink {
        url: "https://checkout.stripe.com/c/pay/cs_test_1".into(),
        amount: Cents(100),
        simulated: false,
        note: None,
    });
    assert_eq!(
        a.on_key(key(KeyCode::Char('t'))),
        vec![Command::PayWithTestCard]
    );
    assert!(
        a.on_key(key(KeyCode::Enter)).is_empty(),
        "Enter is only for simulated payments"
    );
}

fn footer(a: &mut App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect()
}

#[test]
fn the_greeting_is_a_reply_like_any_other_esc_stops_it() {
    // The greeting streams without a TurnStarted (no guest message started it).
    let mut a = app();
    a.on_event(Event::AssistantDelta("Welcome to MOK 5-ha. ".into()));
    assert!(footer(&mut a).contains("Esc stop"), "{}", footer(&mut a));
    assert_eq!(a.on_key(key(KeyCode::Esc)), vec![Command::CancelReply]);
    assert_eq!(a.on_key(ctrl('c')), vec![Command::CancelReply]);
    a.on_event(Event::AssistantDone(maya::agent::ReplyState::Cancelled));
    a.on_event(Event::TurnFinished);
    assert!(footer(&mut a).contains("Enter send"), "{}", footer(&mut a));
    assert!(a.on_key(key(KeyCode::Esc)).is_empty());
}

#[test]
fn ctrl_c_during_the_spending_question_declines_and_closes_it() {
    let mut a = app();
    // The guard asks in the middle of a turn, so the bar is busy.
    a.on_event(Event::TurnStarted {
        user_text: "twelve martinis".into(),
    });
    a.on_event(Event::ConsentRequest {
        prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into(),
    });
    assert_eq!(
        a.on_key(ctrl('c')),
        vec![Command::AnswerConsent { allow: false }]
    );
    assert!(a.overlay().is_none(), "the question is still on screen");
    // Esc declines the same way.
    a.on_event(Event::ConsentRequest {
        prompt: "again".into(),
    });
    assert_eq!(
        a.on_key(key(KeyCode::Esc)),
        vec![Command::AnswerConsent { allow: false }]
    );
    assert!(a.overlay().is_none());
    // With the question gone, Ctrl+C stops the reply again.
    assert_eq!(a.on_key(ctrl('c')), vec![Command::CancelReply]);
}

fn stripe_link(a: &mut App, status: maya::agent::PaymentProgress) {
    a.on_event(Event::PaymentLink {
        url: "https://checkout.stripe.com/c/pay/cs_test_1".into(),
        amount: Cents(2990),
        simulated: false,
        note: None,
    });
    a.on_event(Event::PaymentStatus(status));
}

#[test]
fn a_finished_checkout_offers_only_the_keys_that_still_apply() {
    use maya::agent::PaymentProgress;
    for status in [
        PaymentProgress::Cancelled,
        PaymentProgress::Expired,
        PaymentProgress::Paid {
            reference: "pi_1".into(),
        },
        PaymentProgress::Failed {
            reason: "card declined".into(),
        },
    ] {
        for simulated in [true, false] {
            let mut a = app();
            a.on_event(Event::PaymentLink {
                url: "https://pay.mok5ha.invalid/c/x".into(),
                amount: Cents(2990),
                simulated,
                note: None,
            });
            a.on_event(Event::PaymentStatus(status.clone()));
            let foot = footer(&mut a);
            for gone in ["Enter pay", "test card", "c copy", "x cancel"] {
                assert!(!foot.contains(gone), "{status:?}: {foot}");
            }
            assert!(foot.contains("Esc close"), "{status:?}: {foot}");
            for k in ['t', 'x', 'c'] {
                assert!(
                    a.on_key(key(KeyCode::Char(k))).is_empty(),
                    "{k} after {status:?}"
                );
            }
            assert!(a.on_key(key(KeyCode::Enter)).is_empty(), "{status:?}");
            assert!(a.clipboard.is_none());
            assert!(a.on_key(key(KeyCode::Esc)).is_empty());
            assert!(a.overlay().is_none());
        }
    }
    // While it waits, every key is offered.
    let mut a = app();
    stripe_link(&mut a, PaymentProgress::Waiting);
    let foot = footer(&mut a);
    assert!(
        foot.contains("t pay with test card · c copy link · x cancel · Esc close"),
        "{foot}"
    );
}

#[test]
fn r_retries_only_as_the_first_key_on_an_empty_line_and_the_footer_says_so() {
    let error = Event::Error {
        message: "boom".into(),
        hint: Some(NextStep::Retry),
    };
    // Typing "rum" into an empty composer after an error types it, once a key was typed.
    let mut a = app();
    a.on_event(error.clone());
    assert!(footer(&mut a).contains("r retry"), "{}", footer(&mut a));
    typing(&mut a, "a");
    a.on_key(key(KeyCode::Backspace));
    assert!(!footer(&mut a).contains("r retry"), "{}", footer(&mut a));
    assert!(footer(&mut a).contains("/retry"), "{}", footer(&mut a));
    typing(&mut a, "rum");
    assert_eq!(a.composer.text(), "rum");
    // The restored text is in the composer: r is a letter, and the footer does not offer it.
    let mut a = app();
    a.on_event(Event::RestoreInput("a negroni".into()));
    a.on_event(error.clone());
    assert!(!footer(&mut a).contains("r retry"), "{}", footer(&mut a));
    typing(&mut a, "r");
    assert_eq!(a.composer.text(), "a negronir");
    // /retry always works.
    let mut a = app();
    a.on_event(error);
    typing(&mut a, "/retry");
    assert_eq!(a.on_key(key(KeyCode::Enter)), vec![Command::Retry]);
}

#[test]
fn the_help_sheet_lists_every_binding_of_the_key_map() {
    use maya::ui::keymap::{BINDINGS, SLASH, key_name};
    for b in BINDINGS {
        for (input, _) in b.inputs {
            let name = key_name(input).to_lowercase();
            assert!(
                b.keys.to_lowercase().contains(&name),
                "the help row {:?} does not name {name}",
                b.keys
            );
        }
    }
    for s in SLASH {
        for n in s.names {
            assert!(s.usage.contains(&format!("/{n}")), "{} lacks /{n}", s.usage);
        }
    }
    // The sheet shows every row (scrolling through it at a small size).
    let mut a = app();
    a.on_key(key(KeyCode::F(1)));
    let mut seen = String::new();
    for _ in 0..200 {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 20)).unwrap();
        t.draw(|f| a.draw(f)).unwrap();
        let buf = t.backend().buffer();
        for y in 0..20 {
            let row: String = (0..60).map(|x| buf[(x, y)].symbol().to_string()).collect();
            seen.push_str(&row);
            seen.push('\n');
        }
        a.on_key(key(KeyCode::Down));
    }
    for b in BINDINGS.iter().filter(|b| b.listed()) {
        assert!(seen.contains(b.keys), "{} is not on the help sheet", b.keys);
    }
    for s in SLASH {
        assert!(
            seen.contains(s.usage),
            "{} is not on the help sheet",
            s.usage
        );
    }
    for must in [
        "Ctrl+W",
        "Ctrl+U",
        "Ctrl+K",
        "Ctrl+A",
        "Ctrl+E",
        "wheel",
        "Ctrl+Home",
        "y",
        "t",
    ] {
        assert!(seen.contains(must), "{must} is not on the help sheet");
    }
}
