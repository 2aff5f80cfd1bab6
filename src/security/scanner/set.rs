//! A set of patterns asked one question only: which of them occur in this text?
//!
//! Written over regex-automata rather than with `regex::RegexSet` because a `RegexSet` is built
//! to answer every question (where a match starts, captures) and keeps what those need for
//! good: a reverse NFA and a literal prefilter beside the forward NFA. For the scanner's ~600
//! patterns that was 5.0 MB of an idle Maya's 5.1 MB of heap (heaptrack, issue 20). "Which
//! patterns match" needs only the forward NFA: a lazy DFA over it answers, and where the lazy
//! DFA gives up (a Unicode word boundary next to non-ASCII text, a cache thrashing) the PikeVM
//! over the same NFA does, which is what `RegexSet` falls back to as well.

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures, pikevm::PikeVM};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet as Found};

/// One search's scratch space: the lazy DFA's states so far, and the PikeVM's once the lazy
/// DFA has given up on some text. Made on first need: a PikeVM cache is sized by the NFA (its
/// sparse sets hold every state; about 2 MB across the scanner's sets, heaptrack), and most
/// text never needs it.
struct Caches {
    lazy: lazy::Cache,
    pikevm: Option<thompson::pikevm::Cache>,
}

type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync>;

pub(super) struct PatternSet {
    dfa: DFA,
    pikevm: PikeVM,
    /// Per-thread caches, as `regex` keeps them: a scan on the agent's thread and one on
    /// another never wait for each other.
    caches: Pool<Caches, MakeCaches>,
    len: usize,
}

impl PatternSet {
    pub(super) fn new(patterns: &[&str]) -> Result<PatternSet, String> {
        let nfa = NFA::compiler()
            .configure(NFA::config().which_captures(WhichCaptures::None))
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        // The settings `regex` uses for its own lazy DFA, so it quits (and the PikeVM answers)
        // in the same cases rather than growing without bound.
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let pikevm = PikeVM::builder()
            .configure(PikeVM::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let for_dfa = dfa.clone();
        let make: MakeCaches = Box::new(move || Caches {
            lazy: for_dfa.create_cache(),
            pikevm: None,
        });
        Ok(PatternSet {
            dfa,
            pikevm,
            caches: Pool::new(make),
            len: patterns.len(),
        })
    }

    /// The indices (into the patterns it was built from) of those that match `text`,
    /// ascending.
    pub(super) fn matches(&self, text: &str) -> impl Iterator<Item = usize> + use<> {
        let mut found = Found::new(self.len);
        let input = Input::new(text);
        let mut caches = self.caches.get();
        if self
            .dfa
            .try_which_overlapping_matches(&mut caches.lazy, &input, &mut found)
            .is_err()
        {
            found.clear();
            let cache = caches
                .pikevm
                .get_or_insert_with(|| self.pikevm.create_cache());
            self.pikevm
                .which_overlapping_matches(cache, &input, &mut found);
        }
        found
            .iter()
            .map(|id| id.as_usize())
            .collect::<Vec<_>>()
            .into_iter()
    }
}

#[cfg(test)]
#[path = "set_tests.rs"]
mod tests;
