//! Messages typed while Maya answers, on the UI side: Enter queues them, they show dimmed
//! under her reply with what happens next, ↑ takes the last back, Ctrl+C clears the line
//! (Esc stops her), Enter on an empty line sends a held queue, and leaving says what is unsent.

use crate::support::keys::{self, ctrl, key, typing};
use crossterm::event::KeyCode;
use maya::agent::{Command, Event, ReplyState};
use maya::config::UiConfig;
use maya::ui::{App, Unsent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn app() -> App {
    keys::opened_bar(&UiConfig::default())
}
fn queue(texts: &[&str], held: bool) -> Event {
    Event::Queue {
        texts: texts.iter().map(|t| t.to_string()).collect(),
        held,
    }
}

/// The screen's rows as text, and the terminal to look at styles.
fn screen(a: &mut App, w: u16, h: u16) -> (Vec<String>, Terminal<TestBackend>) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    let buf = t.backend().buffer();
    let rows = (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect();
    (rows, t)
}

#[test]
fn enter_during_the_greeting_queues_and_the_message_shows_dimmed_under_her_reply() {
    let mut a = app();
    // Before her first word: she is answering already.
    a.on_event(Event::GreetingStarted);
    assert_eq!(a.on_key(key(KeyCode::Esc)), vec![Command::CancelReply]);
    a.on_event(Event::AssistantDelta("Welcome to MOK 5-ha. ".into()));
    typing(&mut a, "two martinis");
    assert_eq!(
        a.on_key(key(KeyCode::Enter)),
        vec![Command::Submit("two martinis".into())]
    );
    assert!(a.composer.is_empty());
    a.on_event(queue(&["two martinis"], false));
    let (rows, t) = screen(&mut a, 80, 24);
    let at = rows
        .iter()
        .position(|r| r.contains("You   two martinis"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    let welcome = rows.iter().position(|r| r.contains("Welcome")).unwrap();
    assert!(at > welcome, "under her reply: {rows:#?}");
    assert!(
        rows[at + 1].contains("sends when Maya finishes · Esc stops her now"),
        "{rows:#?}"
    );
    let buf = t.backend().buffer();
    let x = rows[at].find("two").unwrap() as u16;
    assert!(buf[(x, at as u16)].modifier.contains(Modifier::DIM));

    // Esc still stops her; her words stay and the queue is the agent's to send.
    assert_eq!(a.on_key(key(KeyCode::Esc)), vec![Command::CancelReply]);
    a.on_event(Event::AssistantDone(ReplyState::Cancelled));
    a.on_event(Event::TurnFinished);
    a.on_event(queue(&[], false));
    a.on_event(Event::TurnStarted {
        user_text: "two martinis".into(),
    });
    let (rows, _) = screen(&mut a, 80, 24);
    assert!(rows.iter().any(|r| r.contains("Welcome")), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("sends when")), "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("You   two martinis")));
}

#[test]
fn up_on_an_empty_line_takes_the_last_queued_message_back_else_history() {
    let mut a = app();
    a.on_event(Event::GreetingStarted);
    a.on_event(queue(&["a negroni", "no, two"], false));
    assert_eq!(a.on_key(key(KeyCode::Up)), vec![Command::TakeBack]);
    a.on_event(queue(&["a negroni"], false));
    a.on_event(Event::RestoreInput("no, two".into()));
    assert_eq!(a.composer.text(), "no, two");
    // With words in the line, ↑ is the composer's again.
    assert!(a.on_key(key(KeyCode::Up)).is_empty());
    assert_eq!(a.composer.text(), "no, two");
    // Ctrl+C clears the line, not Maya's reply.
    assert!(a.on_key(ctrl('c')).is_empty());
    assert!(a.composer.is_empty());
    // And with nothing left in the queue, ↑ recalls earlier messages as before.
    a.on_event(queue(&[], false));
    assert!(a.on_key(key(KeyCode::Up)).is_empty());
    assert_eq!(a.composer.text(), "an earlier order");
}

#[test]
fn ctrl_c_clears_typed_ahead_text_first_then_stops_her() {
    let mut a = app();
    a.on_event(Event::TurnStarted {
        user_text: "hi".into(),
    });
    typing(&mut a, "half a thought");
    assert!(a.on_key(ctrl('c')).is_empty());
    assert!(a.composer.is_empty());
    assert_eq!(a.on_key(ctrl('c')), vec![Command::CancelReply]);
}

#[test]
fn a_held_queue_says_so_and_enter_on_an_empty_line_sends_it() {
    let mut a = app();
    a.on_event(queue(&["left from last time"], true));
    let (rows, _) = screen(&mut a, 120, 40);
    assert!(
        rows.iter()
            .any(|r| r.contains("not sent yet · Enter on an empty line sends")),
        "{rows:#?}"
    );
    assert_eq!(a.on_key(key(KeyCode::Enter)), vec![Command::SendQueue]);
    // Not held: Enter on an empty line does nothing.
    a.on_event(queue(&["left from last time"], false));
    assert!(a.on_key(key(KeyCode::Enter)).is_empty());
}

#[test]
fn leaving_tells_what_was_not_sent() {
    let mut a = app();
    assert_eq!(a.unsent(), Unsent::default());
    a.on_event(queue(&["a negroni"], false));
    typing(&mut a, "and a water");
    assert_eq!(
        a.unsent(),
        Unsent {
            queued: vec!["a negroni".into()],
            draft: "and a water".into(),
        }
    );
}

#[test]
fn up_right_after_enter_takes_the_message_back_even_before_the_agent_answers() {
    let mut a = app();
    a.on_event(Event::TurnStarted {
        user_text: "tell me about the menu".into(),
    });
    typing(&mut a, "and a stout");
    assert_eq!(a.on_key(key(KeyCode::Enter)).len(), 1);
    // The agent has not said "queued" yet; ↑ must not recall "and a stout" from history,
    // which would send it a second time.
    assert_eq!(a.on_key(key(KeyCode::Up)), vec![Command::TakeBack]);
    assert!(a.composer.is_empty());
    let (rows, _) = screen(&mut a, 80, 24);
    assert!(
        rows.iter().any(|r| r.contains("You   and a stout")),
        "{rows:#?}"
    );
    // The agent's word replaces the guess; a direct start clears it too.
    a.on_event(queue(&[], false));
    a.on_event(Event::RestoreInput("and a stout".into()));
    assert_eq!(a.composer.text(), "and a stout");
    let (rows, _) = screen(&mut a, 80, 24);
    assert!(
        !rows.iter().any(|r| r.contains("You   and a stout")),
        "{rows:#?}"
    );
    a.composer.clear();
    typing(&mut a, "a gin");
    a.on_key(key(KeyCode::Enter));
    a.on_event(Event::TurnStarted {
        user_text: "a gin".into(),
    });
    let (rows, _) = screen(&mut a, 80, 24);
    assert!(!rows.iter().any(|r| r.contains("sends when")), "{rows:#?}");
}

#[test]
fn letters_typed_ahead_do_not_answer_a_window_that_opens_under_them() {
    // Typing "two martinis" as the payment window pops up: `t` must not pay.
    let mut a = app();
    typing(&mut a, "two mar");
    a.on_event(Event::PaymentLink {
        url: "https://checkout.stripe.com/c/pay/cs_test_1".into(),
        amount: maya::money::Cents(2600),
        simulated: false,
        note: None,
    });
    a.on_event(Event::PaymentStatus(maya::agent::PaymentProgress::Waiting));
    for c in "tinis x".chars() {
        assert!(a.on_key(key(KeyCode::Char(c))).is_empty(), "{c} acted");
    }
    a.on_key(key(KeyCode::Backspace));
    a.on_key(key(KeyCode::Backspace));
    // The words went on into the message, and Enter sends it rather than paying.
    assert_eq!(
        a.on_key(key(KeyCode::Enter)),
        vec![Command::Submit("two martinis".into())]
    );
    assert!(a.overlay().is_some());
    // Esc still closes it at once.
    assert!(a.on_key(key(KeyCode::Esc)).is_empty());
    assert!(a.overlay().is_none());

    // The spending question: a stray `y` does not allow; Esc declines.
    let mut a = app();
    typing(&mut a, "a ");
    a.on_event(Event::ConsentRequest {
        prompt: "Maya wants to add 12× Martini — $156.00. Allow?".into(),
    });
    assert!(a.on_key(key(KeyCode::Char('y'))).is_empty());
    assert_eq!(a.composer.text(), "a y");
    assert_eq!(
        a.on_key(key(KeyCode::Esc)),
        vec![Command::AnswerConsent { allow: false }]
    );

    // Once the moment has passed, the keys work.
    let mut a = app();
    typing(&mut a, "a ");
    a.on_event(Event::ConsentRequest {
        prompt: "Allow?".into(),
    });
    std::thread::sleep(std::time::Duration::from_millis(650));
    assert_eq!(
        a.on_key(key(KeyCode::Char('y'))),
        vec![Command::AnswerConsent { allow: true }]
    );
}

#[test]
fn a_guest_who_starts_typing_into_an_open_question_writes_rather_than_answers() {
    // Seen driving the real bar: the spending question had been up for seconds, the guest
    // typed "i-g-n-o-r-e…" without looking, the `n` declined the order and "i-g-" was lost.
    let mut a = app();
    a.on_event(Event::ConsentRequest {
        prompt: "Maya wants to add 6× Martini — $78.00. Allow?".into(),
    });
    std::thread::sleep(std::time::Duration::from_millis(650));
    for c in "ignore".chars() {
        assert!(
            a.on_key(key(KeyCode::Char(c))).is_empty(),
            "{c} answered the question"
        );
    }
    assert_eq!(
        a.composer.text(),
        "ignore",
        "every letter is in the message"
    );
    assert!(a.overlay().is_some(), "the question is still asked");
    // A deliberate answer after a pause still answers; Esc at once.
    std::thread::sleep(std::time::Duration::from_millis(650));
    assert_eq!(
        a.on_key(key(KeyCode::Char('n'))),
        vec![Command::AnswerConsent { allow: false }]
    );
}

#[test]
fn the_farewell_quotes_every_unsent_word() {
    let unsent = Unsent {
        queued: vec!["a negroni".into(), "two lines\nof it".into()],
        draft: "and the bill".into(),
    };
    assert_eq!(
        unsent.farewell(Some("1207-ipa-8c07")),
        "Not sent (still queued; `maya --resume 1207-ipa-8c07` brings them back):\n  \
         › a negroni\n  › two lines\n    of it\nLeft in the composer, not sent:\n  › and the bill\n"
    );
    assert!(
        unsent
            .farewell(None)
            .starts_with("Not sent (still queued):\n")
    );
    assert_eq!(Unsent::default().farewell(Some("x")), "");
}

#[test]
fn a_window_asked_for_on_purpose_takes_its_keys_at_once() {
    let mut a = app();
    typing(&mut a, "/pay");
    assert_eq!(a.on_key(key(KeyCode::Enter)), vec![Command::Checkout]);
    a.on_event(Event::PaymentLink {
        url: "https://pay.mok5ha.invalid/c/x".into(),
        amount: maya::money::Cents(100),
        simulated: true,
        note: None,
    });
    a.on_event(Event::PaymentStatus(maya::agent::PaymentProgress::Waiting));
    assert_eq!(
        a.on_key(key(KeyCode::Enter)),
        vec![Command::ConfirmSimulatedPayment]
    );
}
