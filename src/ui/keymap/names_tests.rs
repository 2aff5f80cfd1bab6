use super::*;
use crate::ui::keymap::table::{ch, ctrl, k};

/// Every next step in the bar's words, as the guest has always read them.
#[test]
fn every_next_step_names_its_keys_from_the_table() {
    let said: Vec<String> = NextStep::ALL.iter().map(|s| say(*s)).collect();
    assert_eq!(
        said,
        [
            "press r or type /retry to try again",
            "your message is back in the composer: Enter sends it again, /retry re-runs the turn",
            "press r or type /retry to try again; your queued messages follow it",
            "press Ctrl+P to try again",
            "press Ctrl+P to check again",
            "fix that, then press Ctrl+P to check again",
            "press t to try the card again",
            "press Ctrl+P to ask again",
            "press x to try again",
            "press Enter in the payment window to settle it",
            "Pay at the link on your screen, or press t to use the test card right here.",
            "press x in the payment window to cancel it first",
            "press x in the payment window, or ask Maya to cancel the check",
            "press Ctrl+P to start a new one",
        ]
    );
}

/// Rebinding a key rewords every hint that names it.
#[test]
fn a_rebound_key_changes_the_hint() {
    static REBOUND: &[Binding] = &[
        Binding {
            scope: Scope::Bar,
            keys: "Ctrl+O",
            does: "ask for the check",
            inputs: &[(ctrl('o'), Act::Checkout)],
            hint: None,
        },
        Binding {
            scope: Scope::Bar,
            keys: "F9",
            does: "try again",
            inputs: &[(k(KeyCode::F(9)), Act::Retry)],
            hint: None,
        },
        Binding {
            scope: Scope::Payment,
            keys: "k",
            does: "the test card",
            inputs: &[(ch('k'), Act::TestCard)],
            hint: None,
        },
        Binding {
            scope: Scope::Payment,
            keys: "Del",
            does: "cancel the check",
            inputs: &[(k(KeyCode::Delete), Act::CancelCheckout)],
            hint: None,
        },
    ];
    let slash = [Slash {
        names: &["again"],
        usage: "/again",
        does: "try again",
        act: SlashAct::Retry,
    }];
    let say = |step: NextStep| step.bar_text(|key| label_in(REBOUND, &slash, key));
    assert_eq!(
        say(NextStep::CheckPaymentAgain),
        "press Ctrl+O to check again"
    );
    assert_eq!(say(NextStep::Retry), "press F9 or type /again to try again");
    assert_eq!(
        say(NextStep::TestCardAgain),
        "press k to try the card again"
    );
    assert_eq!(
        say(NextStep::CancelHereOrAskMaya),
        "press Delete in the payment window, or ask Maya to cancel the check"
    );
    assert_eq!(
        say(NextStep::NewCheckout),
        "press Ctrl+O to start a new one"
    );
    assert_eq!(
        say(NextStep::PayAtLinkOrTestCard),
        "Pay at the link on your screen, or press k to use the test card right here."
    );
}

/// Words the bar writes around a key ("press x to cancel it first") name it from the table.
#[test]
fn a_key_is_named_from_its_binding() {
    assert_eq!(label(Scope::Anywhere, Act::CtrlC), "Ctrl+C");
    assert_eq!(label(Scope::Payment, Act::CancelCheckout), "x");
    assert_eq!(label(Scope::Payment, Act::Pay), "Enter");
    assert_eq!(label(Scope::Bar, Act::Checkout), "Ctrl+P");
}
