//! What the guest can do next, as data. Errors and events carry a `NextStep` instead of an
//! English instruction; each surface says it in its own words: the bar names the key from its
//! key map (`ui::keymap::say`), `maya ask` names a shell command (`commands::ask::plain`).
//! Rewording one can no longer break the other.

/// A next step offered to the guest after something went wrong or is waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Try the failed turn again (nothing was put back in the composer).
    Retry,
    /// The guest's words are back in the composer: send them again, or re-run the turn.
    Resend,
    /// Try the failed turn again; the messages queued behind it follow.
    RetryThenQueue,
    /// The checkout could not start: ask for the check again.
    AskForCheckAgain,
    /// Watching the payment stopped: check on it again.
    CheckPaymentAgain,
    /// The payment service cannot be reached: fix that, then check on the payment again.
    FixThenCheckPaymentAgain,
    /// The test card was not charged: try the card again.
    TestCardAgain,
    /// The card payment's answer is not final yet: ask again.
    AskCardAgain,
    /// Cancelling the checkout failed: try the cancel again.
    CancelAgain,
    /// A simulated check is out: settle it in the payment window.
    SettleInOverlay,
    /// A real test-mode check is out: pay at its link, or with the test card.
    PayAtLinkOrTestCard,
    /// The check is out and blocks this change: cancel it first.
    CancelCheckFirst,
    /// The check is out and blocks a change to the tab: cancel it in the payment window, or
    /// ask Maya to (the bar's refusal, `bar::BarError::payment_pending`).
    CancelHereOrAskMaya,
    /// The check expired at the gateway: start a new one.
    NewCheckout,
}

/// How one surface says a next step: the bar gives `ui::keymap::say` (its keys), `maya ask`
/// its commands. The agent is handed one at its start and says every step through it, in
/// what the guest reads and in what the model is told.
pub type Say = std::sync::Arc<dyn Fn(NextStep) -> String + Send + Sync>;

/// A sentence followed by the words for what to do about it, in brackets: "Cancel the
/// checkout first (press x in the payment window, …)."
pub fn with_step(sentence: &str, step: &str) -> String {
    format!("{} ({step}).", sentence.trim_end_matches('.'))
}

/// A key the bar's words for a next step name. Which key it is comes from the UI's key map,
/// so rebinding it changes the words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// `r` after an error.
    Retry,
    /// The slash command that re-runs the turn (`/retry`).
    RetryCommand,
    /// Sends the composer's text (Enter).
    Send,
    /// Asks for the check or reopens the payment (Ctrl+P).
    Checkout,
    /// Pays a simulated check in the payment window (Enter).
    Pay,
    /// Pays with the test card in the payment window (`t`).
    TestCard,
    /// Cancels the check in the payment window (`x`).
    CancelCheckout,
}

impl NextStep {
    pub const ALL: [NextStep; 14] = [
        NextStep::Retry,
        NextStep::Resend,
        NextStep::RetryThenQueue,
        NextStep::AskForCheckAgain,
        NextStep::CheckPaymentAgain,
        NextStep::FixThenCheckPaymentAgain,
        NextStep::TestCardAgain,
        NextStep::AskCardAgain,
        NextStep::CancelAgain,
        NextStep::SettleInOverlay,
        NextStep::PayAtLinkOrTestCard,
        NextStep::CancelCheckFirst,
        NextStep::CancelHereOrAskMaya,
        NextStep::NewCheckout,
    ];

    /// The steps the house bartender says in its replies (see `llm::house`): `maya ask` finds
    /// them in Maya's words by their bar wording and says its command instead.
    pub const SPOKEN: [NextStep; 3] = [
        NextStep::SettleInOverlay,
        NextStep::PayAtLinkOrTestCard,
        NextStep::CancelCheckFirst,
    ];

    /// What the step is, naming no key or command: for a caller that shows no next steps
    /// (`agent::spawn`, used by tests and benches).
    pub fn what(self) -> &'static str {
        match self {
            NextStep::Retry | NextStep::Resend => "try again",
            NextStep::RetryThenQueue => "try again; your queued messages follow it",
            NextStep::AskForCheckAgain => "ask for the check again",
            NextStep::CheckPaymentAgain => "check on the payment again",
            NextStep::FixThenCheckPaymentAgain => "fix that, then check on the payment again",
            NextStep::TestCardAgain => "try the test card again",
            NextStep::AskCardAgain => "ask about the card payment again",
            NextStep::CancelAgain => "try the cancel again",
            NextStep::SettleInOverlay => "settle it in the payment window",
            NextStep::PayAtLinkOrTestCard => "Pay at the link, or with the test card.",
            NextStep::CancelCheckFirst => "cancel the check first",
            NextStep::CancelHereOrAskMaya => "cancel the check, or ask Maya to",
            NextStep::NewCheckout => "start a new checkout",
        }
    }

    /// The bar's words for this step, each key named by `key` (the key map's label for it).
    pub fn bar_text(self, key: impl Fn(Key) -> String) -> String {
        match self {
            NextStep::Retry => format!(
                "press {} or type {} to try again",
                key(Key::Retry),
                key(Key::RetryCommand)
            ),
            NextStep::Resend => format!(
                "your message is back in the composer: {} sends it again, {} re-runs the turn",
                key(Key::Send),
                key(Key::RetryCommand)
            ),
            NextStep::RetryThenQueue => format!(
                "{}; your queued messages follow it",
                NextStep::Retry.bar_text(key)
            ),
            NextStep::AskForCheckAgain => format!("press {} to try again", key(Key::Checkout)),
            NextStep::CheckPaymentAgain => format!("press {} to check again", key(Key::Checkout)),
            NextStep::FixThenCheckPaymentAgain => {
                format!("fix that, then press {} to check again", key(Key::Checkout))
            }
            NextStep::TestCardAgain => {
                format!("press {} to try the card again", key(Key::TestCard))
            }
            NextStep::AskCardAgain => format!("press {} to ask again", key(Key::Checkout)),
            NextStep::CancelAgain => format!("press {} to try again", key(Key::CancelCheckout)),
            NextStep::SettleInOverlay => {
                format!("press {} in the payment window to settle it", key(Key::Pay))
            }
            NextStep::PayAtLinkOrTestCard => format!(
                "Pay at the link on your screen, or press {} to use the test card right here.",
                key(Key::TestCard)
            ),
            NextStep::CancelCheckFirst => format!(
                "press {} in the payment window to cancel it first",
                key(Key::CancelCheckout)
            ),
            NextStep::CancelHereOrAskMaya => format!(
                "press {} in the payment window, or ask Maya to cancel the check",
                key(Key::CancelCheckout)
            ),
            NextStep::NewCheckout => format!("press {} to start a new one", key(Key::Checkout)),
        }
    }
}
