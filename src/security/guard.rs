//! The streaming guard: reply text is released only once judged.
//!
//! Each chunk is sanitized for the terminal, then the completed words are scanned together
//! with a bounded window of what was already released (so a phrase that spans chunks is still
//! seen whole), and released. Only the unfinished last word is held back (up to a cap), so
//! text appears as fast as it streams. The work per chunk is proportional to the chunk plus
//! the fixed window: never a rescan of the whole reply.
//!
//! A multi-word pattern is judged when its last word completes; its first words may already be
//! on screen by then. On a hit the stream is stopped there and Maya's safe line follows.

use std::sync::Arc;

use super::scanner::{Scanner, Verdict, normalize};
use super::terminal::Sanitizer;

/// Bytes of already-released text kept as context for the next scan: longer than any
/// pattern or protected phrase.
const CONTEXT: usize = 192;
/// An unfinished "word" longer than this is judged and released anyway.
const HOLD_MAX: usize = 256;

#[derive(Debug, Default, PartialEq)]
pub struct GuardStep {
    /// Text judged safe, ready to show.
    pub release: String,
    /// Set once: the reply must stop here.
    pub hit: Option<Verdict>,
}

pub struct Guard {
    scanner: Arc<Scanner>,
    sanitizer: Sanitizer,
    held: String,
    norm_context: String,
    raw_context: String,
    stopped: bool,
}

impl Guard {
    pub fn new(scanner: Arc<Scanner>) -> Guard {
        Guard {
            scanner,
            sanitizer: Sanitizer::new(),
            held: String::new(),
            norm_context: String::new(),
            raw_context: String::new(),
            stopped: false,
        }
    }

    /// Terminal control sequences removed so far.
    pub fn removed(&self) -> usize {
        self.sanitizer.removed()
    }

    pub fn push(&mut self, chunk: &str) -> GuardStep {
        if self.stopped {
            return GuardStep::default();
        }
        self.sanitizer.push(chunk, &mut self.held);
        let cut = if self.held.len() > HOLD_MAX {
            self.held.len()
        } else {
            self.held
                // Words end at whitespace only: keys contain '-' and '_'.
                .rfind(char::is_whitespace)
                .map_or(0, |i| {
                    i + self.held[i..].chars().next().map_or(1, char::len_utf8)
                })
        };
        self.judge(cut)
    }

    /// The stream ended: judge and release what is left.
    pub fn finish(&mut self) -> GuardStep {
        if self.stopped {
            return GuardStep::default();
        }
        self.sanitizer.finish(&mut self.held);
        let all = self.held.len();
        self.judge(all)
    }

    fn judge(&mut self, cut: usize) -> GuardStep {
        if cut == 0 {
            return GuardStep::default();
        }
        let ready = &self.held[..cut];
        let norm_ready = normalize::light(ready);
        let mut window_norm = String::with_capacity(self.norm_context.len() + norm_ready.len());
        window_norm.push_str(&self.norm_context);
        window_norm.push_str(norm_ready.trim_start());
        let mut window_raw = String::with_capacity(self.raw_context.len() + ready.len());
        window_raw.push_str(&self.raw_context);
        window_raw.push_str(ready);
        let verdict = self
            .scanner
            .scan_output_normalized(&window_norm, &window_raw);
        if verdict.blocked {
            self.stopped = true;
            self.held.clear();
            return GuardStep {
                release: String::new(),
                hit: Some(verdict),
            };
        }
        let release: String = self.held.drain(..cut).collect();
        self.norm_context = tail(&window_norm, CONTEXT, true);
        self.raw_context = tail(&window_raw, CONTEXT, false);
        GuardStep { release, hit: None }
    }
}

/// The last `max` bytes of `s`, starting at a char boundary (and at a word start if asked).
fn tail(s: &str, max: usize, at_word: bool) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    if at_word && let Some(sp) = s[start..].find(' ') {
        start += sp;
    }
    s[start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SecurityConfig;

    fn guard() -> Guard {
        Guard::new(Arc::new(Scanner::new(&SecurityConfig::default())))
    }

    fn run(g: &mut Guard, chunks: &[&str]) -> (String, Option<Verdict>) {
        let mut out = String::new();
        for c in chunks {
            let step = g.push(c);
            out.push_str(&step.release);
            if step.hit.is_some() {
                return (out, step.hit);
            }
        }
        let step = g.finish();
        out.push_str(&step.release);
        (out, step.hit)
    }

    #[test]
    fn clean_text_streams_through_unchanged_holding_only_the_last_word() {
        let mut g = guard();
        let step = g.push("Two Martinis, com");
        assert_eq!(step.release, "Two Martinis, ");
        let step = g.push("ing right up.");
        assert_eq!(step.release, "coming right ");
        assert_eq!(g.finish().release, "up.");
        let text = "A Negroni is gin, Campari and sweet vermouth. Cheers! 🍸\nEnjoy.";
        let chunks: Vec<String> = text.chars().map(String::from).collect();
        let refs: Vec<&str> = chunks.iter().map(String::as_str).collect();
        let (out, hit) = run(&mut guard(), &refs);
        assert_eq!(out, text);
        assert!(hit.is_none());
    }

    #[test]
    fn a_toxic_phrase_split_across_chunks_stops_the_reply() {
        let mut g = guard();
        let (out, hit) = run(
            &mut g,
            &["Listen, you worth", "less piece of ", "shit, and more text"],
        );
        assert!(hit.is_some_and(|v| v.blocked));
        assert!(!out.contains("shit"), "{out}");
        assert!(
            g.push("after the hit").release.is_empty(),
            "nothing is released after a hit"
        );
    }

    #[test]
    fn a_key_split_across_chunks_is_caught() {
        let (out, hit) = run(
            &mut guard(),
            &[
                "your key is sk-proj-abcdefgh",
                "ijklmnopqrstuvwxyz123456 ok",
            ],
        );
        assert_eq!(hit.and_then(|v| v.family).map(|f| f.as_str()), Some("leak"));
        assert!(!out.contains("sk-proj"), "{out}");
    }

    #[test]
    fn escape_sequences_are_removed_before_judging() {
        let (out, hit) = run(
            &mut guard(),
            &["Hi \x1b]52;c;ZXZpbA", "==\x07there \x1b[2J"],
        );
        assert_eq!(out, "Hi there ");
        assert!(hit.is_none());
    }

    #[test]
    fn a_long_unbroken_run_is_not_held_forever() {
        let mut g = guard();
        let step = g.push(&"a".repeat(HOLD_MAX + 10));
        assert_eq!(step.release.len(), HOLD_MAX + 10);
    }
}
