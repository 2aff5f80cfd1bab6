//! Maya's words for a terminal without the bar: `maya ask` prints plain text for pipes and
//! screen readers, so markdown emphasis is dropped, and the next steps the full-screen bar
//! would give ("press Enter in the payment window") become commands that work from a shell.
//! The TUI's wording stays as it is; this only rewrites what `maya ask` prints.

use crate::next_step::NextStep;
use crate::ui::keymap;

/// Where the guest goes from here, for this session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextSteps {
    /// Opens the bar on this session: `maya --resume 1122-negroni-7f3a`.
    pub bar: String,
    /// Tries this turn again: `maya ask --resume 1122-negroni-7f3a 'two martinis'`.
    pub again: String,
    /// Says something else in this session: `maya ask --resume 1122-negroni-7f3a`.
    pub ask: String,
}

impl NextSteps {
    pub fn new(session: Option<&str>, text: &str) -> NextSteps {
        let shown = if text.chars().count() > 60 || text.contains('\n') {
            "\"...\"".to_string()
        } else {
            shell_quote(text)
        };
        match session {
            Some(id) => NextSteps {
                bar: format!("maya --resume {id}"),
                again: format!("maya ask --resume {id} {shown}"),
                ask: format!("maya ask --resume {id}"),
            },
            None => NextSteps {
                bar: "maya".into(),
                again: format!("maya ask {shown}"),
                ask: "maya ask".into(),
            },
        }
    }

    /// The next steps the house bartender's replies may carry, as the bar says them (found in
    /// the reply by those words: a reply is text), and what `maya ask` says instead. Both come
    /// from the step, so rewording it in one place rewords both. The agent's own lines need no
    /// rewriting: it is given ask's wording ([`NextSteps::words`]).
    fn phrases(&self) -> Vec<(String, String)> {
        NextStep::SPOKEN
            .iter()
            .filter_map(|&step| Some((keymap::say(step), self.say(step)?)))
            .collect()
    }

    /// A next step as a command that works from a shell, or `None` when only the bar's keys
    /// can take it (the test card, the payment window's cancel).
    pub fn say(&self, step: NextStep) -> Option<String> {
        let NextSteps { bar, again, ask } = self;
        let check_again = format!("check again with {ask} \"did my payment go through?\"");
        Some(match step {
            NextStep::Retry | NextStep::Resend => format!("try again with {again}"),
            NextStep::RetryThenQueue => {
                format!("try again with {again}; your queued messages follow it")
            }
            NextStep::AskForCheckAgain => {
                format!("ask for the check again with {ask} \"check please\"")
            }
            NextStep::CheckPaymentAgain => check_again,
            NextStep::FixThenCheckPaymentAgain => format!("fix that, then {check_again}"),
            NextStep::SettleInOverlay => format!("run {bar} to settle it in the bar"),
            NextStep::PayAtLinkOrTestCard => {
                format!("Pay at the link above, or run {bar} to use the test card in the bar.")
            }
            NextStep::CancelCheckFirst => {
                format!("cancel it first with {ask} \"cancel the check\"")
            }
            NextStep::CancelHereOrAskMaya => {
                format!("ask Maya to cancel the check: {ask} \"cancel the check\"")
            }
            NextStep::NewCheckout => format!("start a new one with {ask} \"check please\""),
            NextStep::TestCardAgain | NextStep::AskCardAgain | NextStep::CancelAgain => {
                return None;
            }
        })
    }

    /// A next step in words the agent can put in a sentence: the command, or, for a step only
    /// the bar's keys can take, where to find those keys. The agent says every step through
    /// this in `maya ask` (see `agent::AgentSetup::say`).
    pub fn words(&self, step: NextStep) -> String {
        self.say(step)
            .unwrap_or_else(|| format!("open the bar with {} to do that", self.bar))
    }

    /// A whole piece of text (a tool line, a notice, an error, a hint) made plain.
    pub fn plain(&self, text: &str) -> String {
        let mut r = PlainText::new(self.clone());
        let mut out = r.push(text);
        out.push_str(&r.finish());
        out
    }
}

/// Streams Maya's reply as plain text. It releases whole words only, and holds back words
/// that may begin one of the bar's phrases until it knows, so a phrase or a `**bold**`
/// marker split across deltas is still rewritten.
pub struct PlainText {
    steps: NextSteps,
    phrases: Vec<(String, String)>,
    pending: String,
}

impl PlainText {
    pub fn new(steps: NextSteps) -> PlainText {
        PlainText {
            phrases: steps.phrases(),
            steps,
            pending: String::new(),
        }
    }

    pub fn steps(&self) -> &NextSteps {
        &self.steps
    }

    /// Text that is ready to print after this delta.
    pub fn push(&mut self, delta: &str) -> String {
        self.pending.push_str(delta);
        let Some(last_space) = self.pending.rfind(char::is_whitespace) else {
            return String::new();
        };
        let mut cut = last_space
            + self.pending[last_space..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        // Hold back from the earliest word that could still grow into a phrase.
        let ready = &self.pending[..cut];
        let starts = std::iter::once(0).chain(
            ready
                .char_indices()
                .filter(|(_, c)| c.is_whitespace())
                .map(|(i, c)| i + c.len_utf8()),
        );
        for s in starts {
            let tail = &ready[s..];
            if !tail.is_empty()
                && self
                    .phrases
                    .iter()
                    .any(|(p, _)| p.len() > tail.len() && p.starts_with(tail))
            {
                cut = s;
                break;
            }
        }
        let rest = self.pending.split_off(cut);
        let done = std::mem::replace(&mut self.pending, rest);
        self.render(&done)
    }

    /// Everything still held back, at the end of the reply.
    pub fn finish(&mut self) -> String {
        let done = std::mem::take(&mut self.pending);
        self.render(&done)
    }

    fn render(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (tui, headless) in &self.phrases {
            if out.contains(tui) {
                out = out.replace(tui, headless);
            }
        }
        strip_emphasis(&out)
    }
}

/// `**Beer**`, `__Beer__`, `*IPA*`, `_IPA_` → the words alone. A lone `*` (a list bullet,
/// "2 * 3") and underscores inside a word (`snake_case`) stay.
pub fn strip_emphasis(text: &str) -> String {
    let text = text.replace("**", "").replace("__", "");
    let chars: Vec<char> = text.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            if c != '*' && c != '_' {
                return true;
            }
            let before = word(i.checked_sub(1).and_then(|j| chars.get(j)));
            let after = word(chars.get(i + 1));
            // A delimiter touches a word on exactly one side.
            before == after
        })
        .map(|(_, c)| *c)
        .collect()
}

/// Quote text for a POSIX shell: 'it''s' style, safe to paste.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
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
            crate::bar::BarError::payment_pending("Cannot add to the tab")
                .said(&|s| steps().words(s)),
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
}
