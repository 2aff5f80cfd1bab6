//! The safety scanner: guest input is checked for prompt injection and toxicity before the
//! model sees it; model output for toxicity and for leaks (key-shaped strings, the system
//! prompt's rules). Patterns are grouped into families, each scored 0–1.
//!
//! A regex-based first layer: cheap (microseconds per message), explainable (the family is
//! named), and measured on our own evaluation set (tests/security_eval.rs).

pub mod normalize;
mod patterns;

use std::sync::{Arc, OnceLock};

use regex::RegexSet;

use crate::config::SecurityConfig;
use crate::security::guard::stream_match::{self, Patterns};
use patterns::{INPUT, Pattern, TOXIC, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    InstructionOverride,
    RoleHijack,
    PromptExtraction,
    ToolAbuse,
    DelimiterInjection,
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
            Family::Toxicity => "toxicity",
            Family::Leak => "leak",
        }
    }

    pub fn is_injection(self) -> bool {
        !matches!(self, Family::Toxicity | Family::Leak)
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
}

impl Verdict {
    pub const CLEAN: Verdict = Verdict {
        blocked: false,
        family: None,
        score: 0.0,
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
        _ => {
            "I'm Maya, and I stay behind this bar whatever the night brings. What can I pour for you?"
        }
    }
}

struct Compiled {
    words: RegexSet,
    words_idx: Vec<usize>,
    joined: RegexSet,
    joined_idx: Vec<usize>,
    raw: RegexSet,
    raw_idx: Vec<usize>,
    table: &'static [Pattern],
}

impl Compiled {
    fn new(table: &'static [Pattern]) -> Compiled {
        let pick = |v: View| -> (RegexSet, Vec<usize>) {
            let idx: Vec<usize> = (0..table.len()).filter(|&i| table[i].view == v).collect();
            let set = RegexSet::new(idx.iter().map(|&i| table[i].regex))
                .unwrap_or_else(|e| panic!("a scanner pattern is invalid: {e}"));
            (set, idx)
        };
        let (words, words_idx) = pick(View::Words);
        let (joined, joined_idx) = pick(View::Joined);
        let (raw, raw_idx) = pick(View::Raw);
        Compiled {
            words,
            words_idx,
            joined,
            joined_idx,
            raw,
            raw_idx,
            table,
        }
    }

    /// Per-family noisy-or of the matched weights.
    fn score(&self, words: &str, joined: Option<&str>, raw: Option<&str>, acc: &mut Scores) {
        for i in self.words.matches(words).iter() {
            acc.add(&self.table[self.words_idx[i]]);
        }
        if let Some(j) = joined {
            for i in self.joined.matches(j).iter() {
                acc.add(&self.table[self.joined_idx[i]]);
            }
        }
        if let Some(r) = raw {
            for i in self.raw.matches(r).iter() {
                acc.add(&self.table[self.raw_idx[i]]);
            }
        }
    }
}

#[derive(Default)]
struct Scores {
    /// (family, 1 - score) so far.
    misses: Vec<(Family, f32)>,
}

impl Scores {
    fn add(&mut self, p: &Pattern) {
        match self.misses.iter_mut().find(|(f, _)| *f == p.family) {
            Some((_, miss)) => *miss *= 1.0 - p.weight,
            None => self.misses.push((p.family, 1.0 - p.weight)),
        }
    }

    fn add_family(&mut self, family: Family, weight: f32) {
        match self.misses.iter_mut().find(|(f, _)| *f == family) {
            Some((_, miss)) => *miss *= 1.0 - weight,
            None => self.misses.push((family, 1.0 - weight)),
        }
    }

    fn best(&self) -> Option<(Family, f32)> {
        self.misses
            .iter()
            .map(|(f, m)| (*f, 1.0 - m))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// The pattern sets are compiled once per process and shared by every scanner.
fn compiled() -> &'static (Compiled, Compiled) {
    static SETS: std::sync::OnceLock<(Compiled, Compiled)> = std::sync::OnceLock::new();
    SETS.get_or_init(|| (Compiled::new(INPUT), Compiled::new(TOXIC)))
}

pub struct Scanner {
    cfg: SecurityConfig,
    input: &'static Compiled,
    toxic: &'static Compiled,
    /// Normalised sentences of the system prompt whose appearance in a reply is a leak.
    protected: Vec<String>,
    /// The output patterns for the streaming guard, compiled on first use.
    stream: OnceLock<Arc<Patterns>>,
}

impl Scanner {
    pub fn new(cfg: &SecurityConfig) -> Scanner {
        let (input, toxic) = compiled();
        Scanner {
            cfg: cfg.clone(),
            input,
            toxic,
            protected: Vec::new(),
            stream: OnceLock::new(),
        }
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
        }
    }

    /// Judge a guest message before the model sees it.
    pub fn scan_input(&self, text: &str) -> Verdict {
        if !self.cfg.prompt_injection_enabled && !self.cfg.toxicity_enabled {
            return Verdict::CLEAN;
        }
        let mut scores = Scores::default();
        let look = |t: &str, scores: &mut Scores| {
            let views = normalize::full(t);
            let raw: String = t.to_lowercase();
            self.input
                .score(&views.words, Some(&views.joined), Some(&raw), scores);
            self.toxic.score(&views.words, None, None, scores);
        };
        look(text, &mut scores);
        for decoded in normalize::base64_payloads(text) {
            look(&decoded, &mut scores);
        }
        self.verdict(&scores)
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
            .then(|| self.toxic.words.matches(words));
        let toxic = toxic
            .iter()
            .flat_map(|m| m.iter().map(|i| self.toxic.words_idx[i]));
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
