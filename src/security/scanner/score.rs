//! Scoring: the compiled pattern sets, and per-family scores combined by noisy-or.

use super::Family;
use super::patterns::{Pattern, View};
use super::set::PatternSet;

pub(super) struct Compiled {
    pub(super) words: Chunked,
    joined: Chunked,
    raw: Chunked,
    table: Vec<&'static Pattern>,
}

/// Patterns of one view, compiled as several sets of at most [`CHUNK`] patterns each. One set
/// of all ~600 patterns of a view peaked at 17 MB of heap while it compiled (its NFA builder
/// and two NFAs at once) for 4 MB kept, and that peak stayed in the process's RSS for good:
/// idle RSS went from 14.5 to 31 MiB. In chunks the peak is a chunk's; a scan runs a few
/// small DFAs over the text instead of one large one.
pub(super) struct Chunked(Vec<(PatternSet, Vec<usize>)>);

/// Patterns per compiled set (see [`Chunked`]). Measured (`cargo bench --bench memory`, the
/// scanner's build): one set 17.2 MiB peak / 3.8 MiB kept; 96 → 9.5 / 4.4; 48 → 6.4 / 4.7;
/// 32 → 5.7 / 4.9; 16 → 6.9 / 6.7 (small sets get costlier engines).
const CHUNK: usize = 32;

impl Chunked {
    fn new(table: &[&'static Pattern], view: View) -> Chunked {
        let idx: Vec<usize> = (0..table.len())
            .filter(|&i| table[i].view == view)
            .collect();
        Chunked(
            idx.chunks(CHUNK)
                .map(|ids| {
                    let patterns: Vec<&str> = ids.iter().map(|&i| table[i].regex).collect();
                    let set = PatternSet::new(&patterns)
                        .unwrap_or_else(|e| panic!("a scanner pattern is invalid: {e}"));
                    (set, ids.to_vec())
                })
                .collect(),
        )
    }

    /// The table indices of the patterns that match `text`, ascending.
    pub(super) fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.0
            .iter()
            .flat_map(move |(set, ids)| set.matches(text).map(move |i| ids[i]))
    }
}

impl Compiled {
    pub(super) fn new(tables: &[&'static [Pattern]]) -> Compiled {
        let table: Vec<&'static Pattern> = tables.iter().flat_map(|t| t.iter()).collect();
        Compiled {
            words: Chunked::new(&table, View::Words),
            joined: Chunked::new(&table, View::Joined),
            raw: Chunked::new(&table, View::Raw),
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
        for i in self.words.matches(words) {
            acc.add(self.table[i]);
        }
        if let Some(j) = joined {
            for i in self.joined.matches(j) {
                acc.add(self.table[i]);
            }
        }
        if let Some(r) = raw {
            for i in self.raw.matches(r) {
                acc.add(self.table[i]);
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
