//! Settling up through Stripe test mode, as a guest would: the real `maya` in tmux with a test
//! key, pointed at the stateful Stripe fake on 127.0.0.1. Order, tip, Ctrl+P: the overlay shows
//! the Checkout URL and the amount; the fake marks the session paid; polling notices, the tab
//! settles and the receipt carries Stripe's id.

#[path = "support/stripe_fake.rs"]
mod stripe_fake;
mod support;

use std::time::Duration;

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
