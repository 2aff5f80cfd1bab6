//! The streaming guard: reply text is released only once judged.
//!
//! Each chunk is sanitized for the terminal and appended to what is held back. Everything up to
//! the last whitespace is then judged and released; only the unfinished last word is held (a
//! run of more than [`HOLD_MAX`] bytes without whitespace is judged and released anyway), so
//! text appears as fast as it streams. A multi-word pattern is judged when its last word
//! completes; its first words may already be on screen by then. On a hit the stream is stopped
//! there and Maya's safe line follows.
//!
//! # Judging incrementally
//!
//! Judging is [`Scanner::scan_output`] of everything released so far plus the new text, done
//! in O(new text): each byte is normalised once and looked at once by two multi-pattern lazy
//! DFAs whose state is kept between chunks (see [`stream_match`]):
//! - the normalised view (`normalize::Light`, incremental and allocation-free, written in a
//!   stream form where ASCII `\b` means what Unicode `\b` means on the text) against the
//!   toxicity lexicon and the protected phrases;
//! - the raw view against the key shapes of `redact` (restated as `redact::stream_shapes`), its
//!   cheap prefilter and the registered secrets. A secret registered mid-reply is picked up at
//!   the next push, replaying the last 512 bytes (one that began before those is missed).
//!
//! The DFAs record every pattern that has matched so far, and at each cut the end-of-input
//! transition is probed on the side, so the set of patterns found equals the set `scan_output`
//! finds in the whole judged prefix; the verdict is computed from that set by the scanner's own
//! scoring ([`Scanner::output_verdict`]). So, as long as every whitespace-free run is at most
//! [`HOLD_MAX`] bytes: **at every cut `c` the guard blocks exactly when
//! `scan_output(text[..c])` blocks, with the same verdict**, where `text` is the sanitized reply.
//! (A longer run is normalised in pieces, each as a word of its own, as the window guard did.)
//!
//! This replaced a guard that rescanned a 192-byte window plus the new text per chunk. Besides
//! being several times slower (`benches/guard.rs`), that missed a pattern at the very start of
//! a reply (the window dropped the leading space), phrases longer than the window, and weak
//! signals that only block together but lay further apart than the window; and a chunk that
//! took the held text past the cap released its unfinished last word, judged as a fragment.

pub(crate) mod stream_match;

use std::sync::Arc;

use super::redact;
use super::scanner::normalize::{Light, StreamForm};
use super::scanner::{Scanner, Verdict};
use crate::terminal::Sanitizer;
use stream_match::{RAW_HINTS, RAW_KEYS, RAW_SECRETS, Stream};

/// An unfinished "word" longer than this is judged and released anyway.
const HOLD_MAX: usize = 256;

/// Released text is dropped from the front of `held` once there is this much of it (or all of
/// `held` was released), rather than moving the unfinished word to the front at every step.
const DROP_AT: usize = 4096;

#[derive(Debug, Default, PartialEq)]
pub struct GuardStep {
    /// Text judged safe, ready to show.
    pub release: String,
    /// Set once: the reply must stop here.
    pub hit: Option<Verdict>,
}

/// A [`GuardStep`] that lends the released text instead of copying it out: what a stream of
/// small chunks uses, so a chunk costs no allocation.
#[derive(Debug, Default, PartialEq)]
pub struct Step<'a> {
    /// Text judged safe, ready to show.
    pub release: &'a str,
    /// Set once: the reply must stop here.
    pub hit: Option<Verdict>,
}

impl Step<'_> {
    fn owned(self) -> GuardStep {
        GuardStep {
            release: self.release.to_string(),
            hit: self.hit,
        }
    }
}

pub struct Guard {
    scanner: Arc<Scanner>,
    sanitizer: Sanitizer,
    /// Sanitized text not yet released, after the `released` bytes already lent out.
    held: String,
    released: usize,
    light: Light,
    /// Toxicity patterns, then protected phrases, over the normalised stream form.
    norm: Stream,
    /// Hints, key shapes, then registered secrets, over the raw (sanitized) text.
    raw: Stream,
    toxic_len: usize,
    /// The last verdict and the `seen_len` of (`norm`, `raw`) it was computed from: a step
    /// that found nothing new reuses it.
    last_verdict: ((usize, usize), Verdict),
    stopped: bool,
}

impl Guard {
    pub fn new(scanner: Arc<Scanner>) -> Guard {
        Guard {
            norm: Stream::new(scanner.stream_patterns()),
            raw: Stream::new(stream_match::raw_patterns()),
            toxic_len: scanner.toxic_len(),
            scanner,
            sanitizer: Sanitizer::new(),
            held: String::new(),
            released: 0,
            light: Light::default(),
            last_verdict: ((0, 0), Verdict::CLEAN),
            stopped: false,
        }
    }

    /// Terminal control sequences removed so far.
    pub fn removed(&self) -> usize {
        self.sanitizer.removed()
    }

    pub fn push(&mut self, chunk: &str) -> GuardStep {
        self.step(chunk).owned()
    }

    /// [`Guard::push`], lending the released text until the next call.
    pub fn step(&mut self, chunk: &str) -> Step<'_> {
        if self.stopped {
            return Step::default();
        }
        self.drop_released();
        self.sanitizer.push(chunk, &mut self.held);
        let pending = &self.held[self.released..];
        let mut cut = after_last_whitespace(pending);
        if pending.len() - cut > HOLD_MAX {
            cut = pending.len();
        }
        self.judge(cut)
    }

    /// The stream ended: judge and release what is left.
    pub fn finish(&mut self) -> GuardStep {
        self.finish_step().owned()
    }

    /// [`Guard::finish`], lending the released text.
    pub fn finish_step(&mut self) -> Step<'_> {
        if self.stopped {
            return Step::default();
        }
        self.drop_released();
        self.sanitizer.finish(&mut self.held);
        let all = self.held.len() - self.released;
        self.judge(all)
    }

    /// Forget what was released, now and then; `held` keeps its buffer.
    fn drop_released(&mut self) {
        if self.released == self.held.len() {
            self.held.clear();
        } else if self.released >= DROP_AT {
            self.held.replace_range(..self.released, "");
        } else {
            return;
        }
        self.released = 0;
    }

    /// Judge and release the next `cut` bytes of pending text.
    fn judge(&mut self, cut: usize) -> Step<'_> {
        if cut == 0 {
            return Step::default();
        }
        if self.raw_outdated() {
            self.raw.switch(stream_match::raw_patterns());
        }
        let from = self.released;
        let ready = &self.held[from..from + cut];
        let norm_from = self.norm.input().len();
        self.light.push(ready, &mut StreamForm(self.norm.input()));
        Stream::feed_pair(&mut self.norm, norm_from, &mut self.raw, ready.as_bytes());
        let verdict = if self.norm.failed || self.raw.failed {
            self.fallback()
        } else {
            self.verdict()
        };
        if verdict.blocked {
            self.stopped = true;
            self.held.clear();
            self.released = 0;
            return Step {
                release: "",
                hit: Some(verdict),
            };
        }
        self.released = from + cut;
        Step {
            release: &self.held[from..from + cut],
            hit: None,
        }
    }

    fn raw_outdated(&self) -> bool {
        redact::generation() != self.raw.patterns().generation
    }

    /// The verdict on everything judged so far, from what the DFAs found. It depends only on
    /// the sets of patterns found, which only grow: unless a match ends right at the cut, the
    /// same sizes mean the same sets and the same verdict as the last time.
    fn verdict(&mut self) -> Verdict {
        self.norm.probe_end();
        self.raw.probe_end();
        let found = (self.norm.seen_len(), self.raw.seen_len());
        let at_end = self.norm.found_at_end() || self.raw.found_at_end();
        if !at_end && found == self.last_verdict.0 {
            return self.last_verdict.1;
        }
        let verdict = self.judge_found();
        if !at_end {
            self.last_verdict = (found, verdict);
        }
        verdict
    }

    fn judge_found(&self) -> Verdict {
        let (norm, raw) = (&self.norm, &self.raw);
        let key = (RAW_SECRETS..raw.pattern_len()).any(|i| raw.found(i))
            || (raw.found(RAW_HINTS) && raw.found(RAW_KEYS));
        if !key && !norm.found_any() {
            return Verdict::CLEAN;
        }
        let toxic = (0..self.toxic_len).filter(|&i| norm.found(i));
        let protected = (self.toxic_len..norm.pattern_len()).any(|i| norm.found(i));
        self.scanner.output_verdict(toxic, key, protected)
    }

    /// The lazy DFAs gave up (they cannot with their default configuration): judge the recent
    /// history, which ends with the new text, with the scanner itself, as the window guard did.
    fn fallback(&self) -> Verdict {
        self.scanner
            .scan_output(&String::from_utf8_lossy(self.raw.recent()))
    }
}

/// Where the unfinished last word starts: just after the last whitespace (0 if none). Words end
/// at whitespace only: keys contain '-' and '_'.
fn after_last_whitespace(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        let c = b[i];
        if c < 0x80 {
            if matches!(c, b' ' | b'\t'..=b'\r') {
                return i + 1;
            }
        } else if c >= 0xC0
            && let Some(ch) = s[i..].chars().next()
            && ch.is_whitespace()
        {
            return i + ch.len_utf8();
        }
    }
    0
}

#[cfg(test)]
mod tests;
