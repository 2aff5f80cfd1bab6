//! Scoring: the compiled pattern sets, and per-family scores combined by noisy-or.

use regex::RegexSet;

use super::Family;
use super::patterns::{Pattern, View};

pub(super) struct Compiled {
    pub(super) words: RegexSet,
    pub(super) words_idx: Vec<usize>,
    joined: RegexSet,
    joined_idx: Vec<usize>,
    raw: RegexSet,
    raw_idx: Vec<usize>,
    table: Vec<&'static Pattern>,
}

impl Compiled {
    pub(super) fn new(tables: &[&'static [Pattern]]) -> Compiled {
        let table: Vec<&'static Pattern> = tables.iter().flat_map(|t| t.iter()).collect();
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
    pub(super) fn score(
        &self,
        words: &str,
        joined: Option<&str>,
        raw: Option<&str>,
        acc: &mut Scores,
    ) {
        for i in self.words.matches(words).iter() {
            acc.add(self.table[self.words_idx[i]]);
        }
        if let Some(j) = joined {
            for i in self.joined.matches(j).iter() {
                acc.add(self.table[self.joined_idx[i]]);
            }
        }
        if let Some(r) = raw {
            for i in self.raw.matches(r).iter() {
                acc.add(self.table[self.raw_idx[i]]);
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(super) struct Scores {
    /// (family, 1 - score) so far.
    misses: Vec<(Family, f32)>,
    /// (family, factor) from patterns of negative weight: benign context that makes a signal
    /// mean less ("your instructions *for making a Martini*"). The score is multiplied by it.
    keeps: Vec<(Family, f32)>,
}

impl Scores {
    pub(super) fn add(&mut self, p: &Pattern) {
        if p.weight < 0.0 {
            match self.keeps.iter_mut().find(|(f, _)| *f == p.family) {
                Some((_, keep)) => *keep *= 1.0 + p.weight,
                None => self.keeps.push((p.family, 1.0 + p.weight)),
            }
        } else {
            self.add_family(p.family, p.weight);
        }
    }

    pub(super) fn add_family(&mut self, family: Family, weight: f32) {
        match self.misses.iter_mut().find(|(f, _)| *f == family) {
            Some((_, miss)) => *miss *= 1.0 - weight,
            None => self.misses.push((family, 1.0 - weight)),
        }
    }

    fn keep(&self, family: Family) -> f32 {
        self.keeps
            .iter()
            .find(|(f, _)| *f == family)
            .map_or(1.0, |(_, k)| *k)
    }

    fn set_keep(&mut self, family: Family, keep: f32) {
        match self.keeps.iter_mut().find(|(f, _)| *f == family) {
            Some((_, k)) => *k = keep,
            None => self.keeps.push((family, keep)),
        }
    }

    /// Per family, the higher of the two scores. Views of one message (the text as written
    /// and its decodings) overlap, often wholly (spaced-out letters rejoined, a few escapes
    /// decoded in place), so their signals are not independent and must not add up.
    pub(super) fn max_merge(&mut self, other: &Scores) {
        for &(family, miss) in &other.misses {
            if other.get(family) <= self.get(family) {
                continue;
            }
            match self.misses.iter_mut().find(|(f, _)| *f == family) {
                Some((_, mine)) => *mine = miss,
                None => self.misses.push((family, miss)),
            }
            self.set_keep(family, other.keep(family));
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.misses.is_empty()
    }

    pub(super) fn get(&self, family: Family) -> f32 {
        self.misses
            .iter()
            .find(|(f, _)| *f == family)
            .map_or(0.0, |(_, miss)| (1.0 - miss) * self.keep(family))
    }

    /// A frame (data, a forged note, a memory request) carries a payload: each frame family's
    /// score is joined with the strongest payload family's, so the technique is named and a
    /// weak request inside a frame counts. Frames do not add to each other.
    pub(super) fn with_frames(&self) -> Scores {
        let payload = self
            .misses
            .iter()
            .filter(|(f, _)| f.is_payload())
            .map(|(f, _)| self.get(*f))
            .fold(0.0f32, f32::max);
        let mut out = self.clone();
        if payload > 0.0 {
            for (f, miss) in &mut out.misses {
                if f.is_frame() {
                    *miss *= 1.0 - payload;
                }
            }
        }
        // Sending the prompt somewhere is exfiltration of the prompt: once a send verb has met
        // something sensitive, a request for the prompt counts towards exfiltration too.
        let extraction = self.get(Family::PromptExtraction);
        if extraction > 0.0 && self.get(Family::Exfiltration) >= 0.4 {
            out.add_family(Family::Exfiltration, extraction);
        }
        out
    }

    pub(super) fn best(&self) -> Option<(Family, f32)> {
        self.misses
            .iter()
            .map(|(f, _)| (*f, self.get(*f)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}
