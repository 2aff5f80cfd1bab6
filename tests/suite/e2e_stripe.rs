//! Settling up through Stripe test mode, as a guest would: the real `maya` in tmux with a test
//! key, pointed at the stateful Stripe fake on 127.0.0.1. Order, tip, Ctrl+P: the overlay shows
//! the Checkout URL and the amount; the fake marks the session paid; polling notices, the tab
//! settles and the receipt carries Stripe's id. And a Maya killed (SIGKILL) right after the
//! test card was charged comes back with `--resume` to exactly one charge and a settled tab.

use crate::support;
use crate::support::stripe_fake;

use std::process::Command;
use std::time::{Duration, Instant};

use stripe_fake::StripeFake;
use support::tmux::{Tmux, maya_bin};

const T: Duration = Duration::from_secs(25);
const KEY: &str = "sk_test_e2eFAKEfake0123456789abcdef";

#[test]
fn a_checkout_paid_on_stripe_settles_the_tab_with_a_receipt() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(StripeFake::start());
    let t = Tmux::new(
        120,
        40,
        &[
            ("STRIPE_SECRET_KEY", KEY),
            ("MAYA_STRIPE_API_BASE", &fake.url()),
        ],
    );
    t.run(maya_bin());
    t.wait_for("offline", T);
    t.text("two martinis please");
    t.keys(&["Enter"]);
    t.wait_for("$26.00", T);
    t.keys(&["F3"]);
    t.wait_for("$29.90", T);

    t.keys(&["C-p"]);
    let overlay = t.wait_for("checkout.stripe", T);
    assert!(!overlay.contains("SIMULATED"), "{overlay}");
    assert!(overlay.contains("$29.90"), "{overlay}");
    let ids = fake.session_ids();
    assert_eq!(ids.len(), 1, "exactly one checkout session");
    let session = fake.session(&ids[0]).unwrap();
    assert_eq!(session["amount_total"], 2990);
    let url = session["url"].as_str().unwrap().to_string();
    // The URL is printed in full, wrapped or not.
    let flat: String = overlay.split_whitespace().collect();
    assert!(
        flat.contains(&url.replace(' ', "")) || overlay.contains(&url[..40]),
        "{url} not shown:\n{overlay}"
    );

    // A second Ctrl+P reopens the same checkout instead of creating another.
    t.keys(&["Escape"]);
    t.keys(&["C-p"]);
    t.wait_for("checkout.stripe", T);
    assert_eq!(
        fake.session_ids().len(),
        1,
        "a double press created a second session"
    );

    let intent = fake.complete(&ids[0]);
    // The tab and the receipt are separate events and may land in separate frames.
    let screen = t.wait_until(T, "the settled tab and the receipt with Stripe's id", |s| {
        s.contains("$970.10") && s.contains(&intent)
    });
    assert!(
        screen.contains("Receipt") || screen.contains("receipt"),
        "{screen}"
    );
    let creates: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions")
        .collect();
    assert_eq!(creates.len(), 1);
    assert!(creates[0].idempotency_key.is_some());
    assert_eq!(
        creates[0].authorization.as_deref(),
        Some(&*format!("Bearer {KEY}"))
    );

    t.keys(&["Escape"]);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}

/// The pid of the program running in the pane's shell.
fn child_of_shell(t: &Tmux) -> u32 {
    let shell = t.pane("#{pane_pid}");
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("nothing runs under the shell {shell}"))
}

#[test]
fn killed_right_after_the_card_charge_resumes_to_one_charge_and_a_settled_tab() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(StripeFake::start());
    let t = Tmux::new(
        120,
        40,
        &[
            ("STRIPE_SECRET_KEY", KEY),
            ("MAYA_STRIPE_API_BASE", &fake.url()),
        ],
    );
    t.run(maya_bin());
    t.wait_for("offline", T);
    t.text("two martinis please");
    t.keys(&["Enter"]);
    t.wait_for("$26.00", T);
    t.keys(&["F3"]);
    t.wait_for("$29.90", T);
    t.keys(&["C-p"]);
    t.wait_for("checkout.stripe", T);

    // Stripe takes the charge at once but its answer is slow: Maya dies before it arrives.
    fake.slow("/v1/payment_intents", Duration::from_secs(5));
    t.keys(&["t"]);
    let start = Instant::now();
    while fake.charges() == 0 {
        assert!(
            start.elapsed() < T,
            "the card was never charged: {:#?}",
            fake.requests()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let pid = child_of_shell(&t);
    Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    // The shell's prompt, drawn over what Maya left on the screen.
    t.wait_until(T, "the shell after the kill", |s| {
        s.lines()
            .any(|l| l.starts_with("$ ") || l.trim_end() == "$")
    });
    t.run("stty sane; clear");
    fake.fast();

    t.run(&format!("{} --resume last", maya_bin()));
    let intent = fake.succeeded_intents()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let screen = t.wait_until(T, "the settled tab and the card's receipt", |s| {
        s.contains("$970.10") && s.contains(&intent)
    });
    assert!(screen.contains("Resumed session"), "{screen}");
    assert_eq!(fake.charges(), 1, "charged twice: {:#?}", fake.intents());
    assert_eq!(fake.intents().len(), 1, "{:#?}", fake.intents());
    assert_eq!(fake.session_count(), 1);

    t.keys(&["Escape"]);
    t.keys(&["C-d"]);
    t.wait_until(T, "the shell prompt after quitting", |s| {
        s.trim_end().ends_with('$')
    });
}
