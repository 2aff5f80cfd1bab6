//! The real `maya` binary in a real terminal (tmux), driven the way a guest would.

use crate::support;

use std::time::Duration;

use support::tmux::{Tmux, maya_bin};

const T: Duration = Duration::from_secs(20);

#[test]
fn an_evening_at_the_bar_with_no_keys() {
    let t = Tmux::new(120, 40, &[]);
    t.run(maya_bin());
    let screen = t.wait_for("offline", T);
    assert!(screen.contains("Maya"), "{screen}");

    t.text("two martinis please");
    t.keys(&["Enter"]);
    t.wait_for("$26.00", T);

    t.keys(&["F3"]); // 15 %
    let screen = t.wait_for("$29.90", T);
    for figure in ["$26.00", "$3.90", "$29.90", "$974.00"] {
        assert!(screen.contains(figure), "{figure} missing:\n{screen}");
    }

    t.keys(&["C-p"]);
    let screen = t.wait_for("SIMULATED", T);
    assert!(screen.contains("pay.mok5ha.invalid"), "{screen}");
    t.keys(&["Enter"]);
    // The tab and the receipt are separate events and may land in separate frames.
    t.wait_until(T, "the settled tab and the receipt", |s| {
        s.contains("$970.10") && (s.contains("Receipt") || s.contains("receipt"))
    });

    t.keys(&["Escape"]);
    // Settled: the tab and tip are back to nothing.
    let screen = t.wait_for("Nothing yet", T);
    assert!(
        screen.contains("Subtotal                  $0.00"),
        "{screen}"
    );

    // Asking for the check in words, with a new round.
    t.text("a negroni please");
    t.keys(&["Enter"]);
    t.wait_for("$11.00", T);
    t.text("check please");
    t.keys(&["Enter"]);
    let screen = t.wait_for("SIMULATED", T);
    assert!(screen.contains("$11.00"), "{screen}");
    // A window that opens while the guest is typing lets their keys go on into the message
    // for a moment (ui/typeahead.rs); a person reads it before pressing Enter to pay.
    std::thread::sleep(Duration::from_millis(700));
    t.keys(&["Enter"]);
    t.wait_for("$959.10", T);

    t.keys(&["Escape"]);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
    assert_eq!(
        t.pane("#{alternate_on}"),
        "0",
        "still in the alternate screen"
    );
    assert_eq!(
        t.pane("#{cursor_flag}"),
        "1",
        "cursor hidden after quitting"
    );
}

#[test]
fn the_greeting_can_be_stopped_with_esc() {
    // The house bartender's greeting is there at once, so a model that is slow to start is
    // what leaves time to stop it: Maya is answering from the moment she starts, before her
    // first word.
    let model = support::local_model::serve(
        wiremock::ResponseTemplate::new(200)
            .set_delay(Duration::from_secs(30))
            .set_body_raw("data: [DONE]\n\n", "text/event-stream"),
    );
    let t = Tmux::new(
        100,
        30,
        &[
            ("MAYA_PROVIDER", "openai"),
            ("MAYA_BASE_URL", &model.base_url),
        ],
    );
    t.run(maya_bin());
    t.wait_for("MOK 5-ha · Maya", T);
    let screen = t.wait_for("Esc stop", T);
    assert!(!screen.contains("Enter send"), "{screen}");
    t.keys(&["Escape"]);
    let screen = t.wait_for("stopped", T);
    assert!(screen.contains("Enter send"), "{screen}");
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}
