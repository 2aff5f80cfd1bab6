//! The safety scanner: guest input is checked for prompt injection and toxicity before the
//! model sees it; model output for toxicity and for leaks (key-shaped strings, the system
//! prompt's rules). Patterns are grouped into families, each scored 0–1.
//!
//! A regex-based first layer: cheap (microseconds per message), explainable (the family is
//! named, and the decoding when the payload was hidden), and measured on our own evaluation
//! set and development corpus (tests/security_eval.rs).
//!
//! Input is also scanned after bounded decoding ([`decode`]: hex, base32/64/85, escapes, tag
//! characters, ROT13, reversal, Morse, spaced letters). Output is scanned by the streaming
//! guard for toxicity and leaks only; the injection families and the decoders never run on
//! Maya's replies.

pub mod decode;
mod lexicon;
pub mod normalize;
mod patterns;
mod score;
mod set;

use std::sync::{Arc, OnceLock};

use crate::config::SecurityConfig;
use crate::security::guard::stream_match::{self, Patterns};
use decode::Decoding;
use patterns::{INPUT_TABLES, TOXIC};
use score::{Compiled, Scores};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    InstructionOverride,
    RoleHijack,
    PromptExtraction,
    ToolAbuse,
    DelimiterInjection,
    /// Instructions inside data: a tool result, a JSON or CSV field, a README, a legal notice.
    EmbeddedInstruction,
    /// Forged process: a system note or memo, a chain of thought, a summary, an earlier turn.
    ForgedContext,
    /// "Remember for the future that…": an instruction meant to outlive the message.
    MemoryPoisoning,
    /// Sending what Maya holds to a URL, an address, a webhook.
    Exfiltration,
    Toxicity,
    Leak,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::InstructionOverride => "instruction_override",
            Family::RoleHijack => "role_hijack",
            Family::PromptExtraction => "prompt_extraction",
            Family::ToolAbuse => "tool_abuse",
            Family::DelimiterInjection => "delimiter_injection",
            Family::EmbeddedInstruction => "embedded_instruction",
            Family::ForgedContext => "forged_context",
            Family::MemoryPoisoning => "memory_poisoning",
            Family::Exfiltration => "exfiltration",
            Family::Toxicity => "toxicity",
            Family::Leak => "leak",
        }
    }

    pub fn is_injection(self) -> bool {
        !matches!(self, Family::Toxicity | Family::Leak)
    }

    /// A family that dresses a payload up rather than being one (see `Scores::with_frames`).
    fn is_frame(self) -> bool {
        matches!(
            self,
            Family::EmbeddedInstruction | Family::ForgedContext | Family::MemoryPoisoning
        )
    }

    /// What a frame can carry: the injection families that ask for something.
    fn is_payload(self) -> bool {
        self.is_injection() && !self.is_frame()
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Verdict {
    pub blocked: bool,
    /// The family with the highest score, when any pattern matched.
    pub family: Option<Family>,
    pub score: f32,
    /// How the text that scored highest for `family` was hidden, if it was.
    pub decoding: Option<Decoding>,
}

impl Verdict {
    pub const CLEAN: Verdict = Verdict {
        blocked: false,
        family: None,
        score: 0.0,
        decoding: None,
    };
}

/// Maya's answer when she will not take something in.
pub fn decline_line(family: Family) -> &'static str {
    match family {
        Family::Toxicity => {
            "Let's keep it kind at the bar, friend. I'm happy to pour you something while you cool off."
        }
        Family::PromptExtraction => {
            "A bartender never shares her recipes for running the bar. What can I pour for you instead?"
        }
        Family::ToolAbuse => {
            "Nice try, but the prices and the tab stay honest here. What would you like from the menu?"
        }
        Family::Leak => "Let's keep some things behind the bar. What can I get you?",
        Family::Exfiltration => {
            "What's said at the bar stays at the bar, friend. What can I pour for you?"
        }
        Family::MemoryPoisoning => {
            "I'll remember your usual, but the bar's rules stay the bar's. What can I pour for you tonight?"
        }
        Family::EmbeddedInstruction | Family::ForgedContext => {
            "Notes slipped across the bar don't change how I pour. What can I get you?"
        }
        _ => {
            "I'm Maya, and I stay behind this bar whatever the night brings. What can I pour for you?"
        }
    }
}

/// The pattern sets, compiled once per process and shared by every scanner.
static SETS: OnceLock<(Compiled, Compiled)> = OnceLock::new();

fn compiled() -> &'static (Compiled, Compiled) {
    SETS.get_or_init(|| (Compiled::new(INPUT_TABLES), Compiled::new(&[TOXIC])))
}

/// Start compiling the pattern sets on a thread of their own, once per process. They take about
/// ten milliseconds, which the first frame of the bar would otherwise wait for (perf, issue 20);
/// nothing is scanned that early, and a scan that comes first simply waits for them. If no
/// thread can be started, the first scan compiles them itself.
fn compile_in_background() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("maya-scanner".into())
            .spawn(|| {
                compiled();
            });
    });
}

pub struct Scanner {
    cfg: SecurityConfig,
    /// Normalised sentences of the system prompt whose appearance in a reply is a leak.
    protected: Vec<String>,
    /// The output patterns for the streaming guard, compiled on first use.
    stream: OnceLock<Arc<Patterns>>,
}

impl Scanner {
    pub fn new(cfg: &SecurityConfig) -> Scanner {
        compile_in_background();
        Scanner {
            cfg: cfg.clone(),
            protected: Vec::new(),
            stream: OnceLock::new(),
        }
    }

    /// Wait until the pattern sets are compiled (they compile in the background; the first
    /// scan waits anyway). For measuring what they cost.
    pub fn wait_until_compiled(&self) {
        compiled();
    }

    /// Sentences of the system prompt that must never appear in a reply (the rules, not the
    /// persona: Maya may well say her own sample lines). Fragments under six words are ignored.
    pub fn set_protected(&mut self, phrases: Vec<String>) {
        self.protected = phrases
            .iter()
            .map(|p| normalize::light(p))
            .filter(|p| p.split_whitespace().count() >= 6)
            .collect();
        self.stream = OnceLock::new();
    }

    /// The normalised-view output patterns as one DFA for the streaming guard: the toxicity
    /// lexicon (pattern `i` is `TOXIC[i]`), then the protected phrases.
    pub(crate) fn stream_patterns(&self) -> Arc<Patterns> {
        self.stream
            .get_or_init(|| {
                let toxic: Vec<&str> = TOXIC.iter().map(|p| p.regex).collect();
                let protected: Vec<Vec<u8>> = self
                    .protected
                    .iter()
                    .map(|p| normalize::stream_form(p))
                    .collect();
                stream_match::normalized_patterns(&toxic, &protected)
            })
            .clone()
    }

    /// How many of the stream patterns are toxicity patterns (the rest are protected phrases).
    pub(crate) fn toxic_len(&self) -> usize {
        TOXIC.len()
    }

    fn verdict(&self, scores: &Scores) -> Verdict {
        let Some((family, score)) = scores.best() else {
            return Verdict::CLEAN;
        };
        let (enabled, threshold) = match family {
            Family::Toxicity => (self.cfg.toxicity_enabled, self.cfg.toxicity_threshold),
            Family::Leak => (true, 0.5),
            _ => (
                self.cfg.prompt_injection_enabled,
                self.cfg.prompt_injection_threshold,
            ),
        };
        Verdict {
            blocked: enabled && score >= threshold,
            family: Some(family),
            score,
            decoding: None,
        }
    }

    /// The scores of one view of a guest message: its normal forms and the raw text.
    fn look(&self, text: &str, scores: &mut Scores) {
        let views = normalize::full(text);
        let raw: String = text.to_lowercase();
        compiled()
            .0
            .score(&views.words, Some(&views.joined), Some(&raw), scores);
        compiled().1.score(&views.words, None, None, scores);
        lexicon::score(text, scores);
    }

    /// Judge a guest message before the model sees it: the text as written, and what bounded
    /// decoding finds hidden in it; each family scores its strongest view.
    pub fn scan_input(&self, text: &str) -> Verdict {
        if !self.cfg.prompt_injection_enabled && !self.cfg.toxicity_enabled {
            return Verdict::CLEAN;
        }
        let mut plain = Scores::default();
        self.look(text, &mut plain);
        let mut all = plain.clone();
        let mut hidden: Vec<(Decoding, Scores)> = Vec::new();
        for d in decode::payloads(text) {
            let mut scores = Scores::default();
            self.look(&d.text, &mut scores);
            if !scores.is_empty() {
                all.max_merge(&scores);
                hidden.push((d.decoding, scores.with_frames()));
            }
        }
        let mut verdict = self.verdict(&all.with_frames());
        if let Some(family) = verdict.family {
            // Name the decoding whose text said the most for that family, if it said more
            // than the message as written.
            let shown = plain.with_frames().get(family);
            verdict.decoding = hidden
                .iter()
                .map(|(d, s)| (*d, s.get(family)))
                .filter(|&(_, score)| score > shown)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(d, _)| d);
        }
        verdict
    }

    /// Judge model output (a whole reply or a window of one).
    pub fn scan_output(&self, text: &str) -> Verdict {
        self.scan_output_normalized(&normalize::light(text), text)
    }

    /// `words` is `normalize::light(raw)`.
    fn scan_output_normalized(&self, words: &str, raw: &str) -> Verdict {
        let toxic = self
            .cfg
            .toxicity_enabled
            .then(|| compiled().1.words.matches(words));
        let toxic = toxic.into_iter().flatten();
        let key = crate::security::redact::redact(raw) != raw;
        let protected = self.protected.iter().any(|p| words.contains(p.as_str()));
        self.output_verdict(toxic, key, protected)
    }

    /// The verdict on model output from what was found in it: the `TOXIC` patterns that matched
    /// (indices, ascending), whether a key shape or registered secret is there, and whether a
    /// protected phrase is. Shared by [`Scanner::scan_output`] and the streaming guard, so the
    /// two score alike to the last bit.
    pub(crate) fn output_verdict(
        &self,
        toxic: impl IntoIterator<Item = usize>,
        key: bool,
        protected: bool,
    ) -> Verdict {
        let mut scores = Scores::default();
        if self.cfg.toxicity_enabled {
            for i in toxic {
                scores.add(&TOXIC[i]);
            }
        }
        if key {
            scores.add_family(Family::Leak, 0.95);
        }
        if protected {
            scores.add_family(Family::Leak, 0.9);
        }
        self.verdict(&scores)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
