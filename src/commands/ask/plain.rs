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
#[path = "plain_tests.rs"]
mod tests;
