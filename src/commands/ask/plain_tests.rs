use super::*;

fn steps() -> NextSteps {
    NextSteps::new(Some("1122-negroni-7f3a"), "check please")
}

/// The same text whole, word by word, and one character at a time.
fn streamed(text: &str) -> String {
    let whole = steps().plain(text);
    for size in [1, 2, 3, 5, 7] {
        let mut r = PlainText::new(steps());
        let mut out = String::new();
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(size) {
            out.push_str(&r.push(&chunk.iter().collect::<String>()));
        }
        out.push_str(&r.finish());
        assert_eq!(out, whole, "chunks of {size}");
    }
    whole
}

#[test]
fn the_bars_next_steps_become_commands() {
    assert_eq!(
        streamed(
            "Here's your check: $29.90. It's a simulated payment tonight: press Enter in the \
             payment window to settle it."
        ),
        "Here's your check: $29.90. It's a simulated payment tonight: run maya --resume \
         1122-negroni-7f3a to settle it in the bar."
    );
    assert_eq!(
        streamed("Pay at the link on your screen, or press t to use the test card right here."),
        "Pay at the link above, or run maya --resume 1122-negroni-7f3a to use the test card \
         in the bar."
    );
    assert_eq!(
        streamed(
            "Your check is already out, so the tab is frozen for now. Settle it, or press x \
             in the payment window to cancel it first."
        ),
        "Your check is already out, so the tab is frozen for now. Settle it, or cancel it \
         first with maya ask --resume 1122-negroni-7f3a \"cancel the check\"."
    );
    // The bar's refusal while a check is out carries its step, said in ask's words.
    assert_eq!(
        crate::bar::BarError::payment_pending("Cannot add to the tab").said(&|s| steps().words(s)),
        "Cannot add to the tab while the check is out for payment. Cancel the checkout first \
         (ask Maya to cancel the check: maya ask --resume 1122-negroni-7f3a \"cancel the \
         check\")."
    );
    // Text that merely starts like a phrase comes through unchanged.
    assert_eq!(
        streamed("Just press Enter in the morning. "),
        "Just press Enter in the morning. "
    );
}

#[test]
fn markdown_emphasis_is_dropped() {
    assert_eq!(
        streamed(
            "Here's what I have. **Beer**: Tap Beer $5.00, *IPA* $6.00, __really__ _good_.\n\
             - snake_case stays, 2 * 3 stays, `code` stays\n* a bullet too"
        ),
        "Here's what I have. Beer: Tap Beer $5.00, IPA $6.00, really good.\n\
         - snake_case stays, 2 * 3 stays, `code` stays\n* a bullet too"
    );
    assert_eq!(streamed("**Tap Beer** and **IPA**"), "Tap Beer and IPA");
}

#[test]
fn commands_quote_the_guests_words_for_a_shell() {
    let s = NextSteps::new(Some("x"), "it's late");
    assert_eq!(s.again, r"maya ask --resume x 'it'\''s late'");
    let s = NextSteps::new(None, &"a".repeat(100));
    assert_eq!(s.again, "maya ask \"...\"");
    assert_eq!(s.bar, "maya");
}

/// What the old phrase table made of the bar's hints, now said from the step itself.
#[test]
fn every_next_step_is_a_command_or_nothing() {
    let s = steps();
    let said: Vec<Option<String>> = NextStep::ALL.iter().map(|n| s.say(*n)).collect();
    let again = "maya ask --resume 1122-negroni-7f3a 'check please'";
    let ask = "maya ask --resume 1122-negroni-7f3a";
    assert_eq!(
        said,
        [
            Some(format!("try again with {again}")),
            Some(format!("try again with {again}")),
            Some(format!(
                "try again with {again}; your queued messages follow it"
            )),
            Some(format!(
                "ask for the check again with {ask} \"check please\""
            )),
            Some(format!(
                "check again with {ask} \"did my payment go through?\""
            )),
            Some(format!(
                "fix that, then check again with {ask} \"did my payment go through?\""
            )),
            None,
            None,
            None,
            Some("run maya --resume 1122-negroni-7f3a to settle it in the bar".into()),
            Some(
                "Pay at the link above, or run maya --resume 1122-negroni-7f3a to use the \
                 test card in the bar."
                    .into()
            ),
            Some(format!("cancel it first with {ask} \"cancel the check\"")),
            Some(format!(
                "ask Maya to cancel the check: {ask} \"cancel the check\""
            )),
            Some(format!("start a new one with {ask} \"check please\"")),
        ]
    );
    // Every step has words the agent can say, a command where there is one.
    for step in NextStep::ALL {
        let words = s.words(step);
        assert!(words.contains("maya"), "{step:?}: {words}");
        for key in ["press", "Ctrl+", "Enter"] {
            assert!(!words.contains(key), "{step:?}: {words}");
        }
    }
    // Without a session the commands start a new one.
    assert_eq!(
        NextSteps::new(None, "hi").say(NextStep::Retry).as_deref(),
        Some("try again with maya ask 'hi'")
    );
}
