//! Multi-pattern lazy DFAs (`regex-automata`'s `hybrid`), driven a byte at a time across the
//! chunks of one reply.
//!
//! A [`Stream`] keeps the DFA state between pushes, so each byte of the reply is looked at once,
//! and it records every pattern that has matched so far (`MatchKind::All`, unanchored: every
//! pattern, overlapping matches included). Matches show up one byte late (the DFA needs that byte
//! to settle `\b` and `$`); [`Stream::probe_end`] walks the end-of-input transition on the side,
//! so a match that ends exactly where the judged text ends is seen too, without committing the
//! stream to "the text ends here".
//!
//! The lazy DFA builds its states on demand in a bounded cache. When the cache fills it is
//! cleared, which invalidates state IDs held outside it. The search loop is safe (the DFA keeps
//! the current state across a clear); the end probe is not, because it keeps the current state
//! while making a new one. If a probe cleared the cache, the stream rebuilds its state by
//! replaying its recent history, which is exact whenever every match still in progress began
//! within that history: always for the normalised patterns (their longest match is known), and
//! for the raw key shapes unless a header has hundreds of bytes of whitespace inside it.
//!
//! The states a cache holds depend only on the patterns, so a finished stream hands its warmed
//! cache back to its [`Patterns`] for the next reply: a short reply then costs only its bytes.

use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind, PatternID, PatternSet};

use crate::security::redact;

/// History kept for patterns without a longest match (the raw key shapes).
const UNBOUNDED_HISTORY: usize = 512;

/// History beyond what is needed kept before it is cut (see [`Stream::trim`]).
const TRIM_AT: usize = 4096;

/// Warmed lazy-DFA caches kept per pattern set for the next reply. A new cache has to build
/// its states again, which costs about as much as scanning tens of kilobytes.
const SPARE_CACHES: usize = 4;

/// A compiled pattern set.
pub(crate) struct Patterns {
    dfa: DFA,
    /// Caches of finished streams (the states they hold do not depend on the stream).
    spare: Mutex<Vec<Cache>>,
    /// Bytes of history that determine the DFA state: the longest match (or a bound).
    history: usize,
    /// The registry generation the raw patterns were built from (0 for the normalised ones).
    pub generation: u64,
}

impl Patterns {
    /// `ascii`: byte-oriented syntax (ASCII `\b` and classes), for the normalised stream.
    /// `tiny_cache` (tests only): the smallest cache the lazy DFA accepts, so it clears often.
    fn build(
        patterns: &[String],
        ascii: bool,
        generation: u64,
        tiny_cache: bool,
    ) -> Result<Patterns, String> {
        let syntax_cfg = syntax::Config::new().unicode(!ascii).utf8(!ascii);
        let mut cfg = DFA::config().match_kind(MatchKind::All);
        if tiny_cache {
            cfg = cfg.cache_capacity(0).skip_cache_capacity_check(true);
        }
        let dfa = DFA::builder()
            .configure(cfg)
            .syntax(syntax_cfg)
            .thompson(thompson::Config::new().utf8(!ascii))
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let mut longest = Some(0);
        for p in patterns {
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(!ascii)
                .utf8(!ascii)
                .build()
                .parse(p)
                .map_err(|e| e.to_string())?;
            longest = longest
                .zip(hir.properties().maximum_len())
                .map(|(a, b)| a.max(b));
        }
        Ok(Patterns {
            dfa,
            spare: Mutex::new(Vec::new()),
            history: longest.map_or(UNBOUNDED_HISTORY, |n| n.max(1)),
            generation,
        })
    }

    pub fn pattern_len(&self) -> usize {
        self.dfa.pattern_len()
    }

    fn take_cache(&self) -> Cache {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| self.dfa.create_cache())
    }

    fn give_back(&self, cache: Cache) {
        let mut spare = self.spare.lock().unwrap_or_else(|e| e.into_inner());
        if spare.len() < SPARE_CACHES {
            spare.push(cache);
        }
    }
}

/// The normalised-view patterns: the toxicity lexicon (ASCII-only regexes over the stream form,
/// see `normalize::StreamForm`) followed by the protected phrases as byte literals.
pub(crate) fn normalized_patterns(toxic: &[&str], protected: &[Vec<u8>]) -> Arc<Patterns> {
    let mut pats: Vec<String> = toxic.iter().map(|p| p.to_string()).collect();
    for phrase in protected {
        pats.push(phrase.iter().map(|b| format!(r"\x{b:02X}")).collect());
    }
    let built = Patterns::build(&pats, true, 0, false)
        .unwrap_or_else(|e| panic!("the guard's output patterns do not compile: {e}"));
    Arc::new(built)
}

/// Pattern IDs in [`raw_patterns`].
pub(crate) const RAW_HINTS: usize = 0;
pub(crate) const RAW_KEYS: usize = 1;
/// Registered secrets start here.
pub(crate) const RAW_SECRETS: usize = 2;

/// The raw-view patterns for the current secret registry, rebuilt when a secret is registered
/// and shared by every guard until then.
pub(crate) fn raw_patterns() -> Arc<Patterns> {
    static CURRENT: OnceLock<Mutex<Option<Arc<Patterns>>>> = OnceLock::new();
    let slot = CURRENT.get_or_init(|| Mutex::new(None));
    let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = slot.as_ref()
        && p.generation == redact::generation()
    {
        return p.clone();
    }
    let shapes = redact::stream_shapes();
    let mut pats = vec![shapes.hints, shapes.keys];
    pats.extend(shapes.secrets);
    let built = Arc::new(
        Patterns::build(&pats, false, shapes.generation, false)
            .unwrap_or_else(|e| panic!("the guard's key shapes do not compile: {e}")),
    );
    *slot = Some(built.clone());
    built
}

fn start_config(look_behind: Option<u8>) -> start::Config {
    start::Config::new()
        .anchored(Anchored::No)
        .look_behind(look_behind)
}

/// One running search.
pub(crate) struct Stream {
    pats: Arc<Patterns>,
    /// Always `Some` until the stream is dropped and hands it back to `pats`.
    cache: Option<Cache>,
    sid: LazyStateID,
    /// The last bytes fed (at least `pats.history + 1`, see [`Stream::trim`]), to rebuild the
    /// state.
    recent: Vec<u8>,
    /// Whether `recent` still starts at the beginning of the stream.
    recent_from_start: bool,
    /// Every pattern that has matched so far (matches confirmed by a following byte).
    seen: PatternSet,
    /// Scratch for [`Stream::probe_end`].
    at_end: PatternSet,
    /// The lazy DFA gave up (it cannot with the default configuration): judge otherwise.
    pub failed: bool,
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take()
            && !self.failed
        {
            self.pats.give_back(cache);
        }
    }
}

/// One transition, recording the patterns of a match state. After an error the stream is
/// `failed` and its findings are ignored; stepping on from the last good state does no harm,
/// so the loops check `failed` only once.
#[inline(always)]
fn step(
    dfa: &DFA,
    cache: &mut Cache,
    seen: &mut PatternSet,
    failed: &mut bool,
    sid: LazyStateID,
    byte: u8,
) -> LazyStateID {
    match dfa.next_state(cache, sid, byte) {
        Ok(next) => {
            if next.is_match() {
                record(dfa, cache, next, seen);
            }
            next
        }
        Err(_) => {
            *failed = true;
            sid
        }
    }
}

/// The common case of a pair of [`step`]s, as long as it lasts: both states are plain (not a
/// match, not yet to be built), so each transition is one lookup in a cache only read. The
/// loop has no call and writes nothing but its locals, which lets the compiler keep both
/// tables in registers and run the two chains of dependent loads side by side. Returns how many
/// bytes of each were stepped over (the next pair needs [`step`]) and the states reached.
/// `a` and `b` must not be tagged.
#[inline(never)]
fn plain_pair(
    (da, ca, x, mut a): (&DFA, &Cache, &[u8], LazyStateID),
    (db, cb, y, mut b): (&DFA, &Cache, &[u8], LazyStateID),
) -> (usize, LazyStateID, LazyStateID) {
    let mut i = 0;
    for (&bx, &by) in x.iter().zip(y) {
        let na = da.next_state_untagged(ca, a, bx);
        let nb = db.next_state_untagged(cb, b, by);
        if na.is_tagged() || nb.is_tagged() {
            break;
        }
        (a, b) = (na, nb);
        i += 1;
    }
    (i, a, b)
}

/// [`plain_pair`] for one stream.
#[inline(never)]
fn plain_run(dfa: &DFA, cache: &Cache, bytes: &[u8], mut sid: LazyStateID) -> (usize, LazyStateID) {
    let mut i = 0;
    for &byte in bytes {
        let next = dfa.next_state_untagged(cache, sid, byte);
        if next.is_tagged() {
            break;
        }
        sid = next;
        i += 1;
    }
    (i, sid)
}

/// [`step`] over `bytes`, taking the plain stretches through [`plain_run`].
fn run(
    dfa: &DFA,
    cache: &mut Cache,
    seen: &mut PatternSet,
    failed: &mut bool,
    mut sid: LazyStateID,
    bytes: &[u8],
) -> LazyStateID {
    let mut i = 0;
    while i < bytes.len() {
        if !sid.is_tagged() {
            let plain;
            (plain, sid) = plain_run(dfa, cache, &bytes[i..], sid);
            i += plain;
            if i == bytes.len() {
                break;
            }
        }
        sid = step(dfa, cache, seen, failed, sid, bytes[i]);
        i += 1;
    }
    sid
}

#[cold]
fn record(dfa: &DFA, cache: &Cache, sid: LazyStateID, into: &mut PatternSet) {
    for i in 0..dfa.match_len(cache, sid) {
        into.insert(dfa.match_pattern(cache, sid, i));
    }
}

impl Stream {
    pub fn new(pats: Arc<Patterns>) -> Stream {
        let mut cache = pats.take_cache();
        let first = pats.dfa.start_state(&mut cache, &start_config(None));
        let n = pats.pattern_len();
        Stream {
            cache: Some(cache),
            failed: first.is_err(),
            sid: first.unwrap_or_default(),
            recent: Vec::new(),
            recent_from_start: true,
            seen: PatternSet::new(n),
            at_end: PatternSet::new(n),
            pats,
        }
    }

    /// Feed the next bytes of the stream.
    pub fn feed(&mut self, bytes: &[u8]) {
        let from = self.recent.len();
        self.recent.extend_from_slice(bytes);
        self.feed_appended(from);
    }

    /// Where the next bytes go: append them here, then [`Stream::feed_appended`] them. Saves
    /// copying them into the history when they are written anyway (the normalised view).
    pub fn input(&mut self) -> &mut Vec<u8> {
        &mut self.recent
    }

    /// Feed the bytes appended to [`Stream::input`] since it was `from` long.
    pub fn feed_appended(&mut self, from: usize) {
        if !self.failed {
            self.run_history(from, |_, _, sid| Ok::<_, ()>(sid));
        }
        self.trim();
    }

    /// Step over the history from `from` on, starting in the state `start` gives (from the
    /// DFA, its cache and the current state); an error there fails the stream.
    fn run_history<E>(
        &mut self,
        from: usize,
        start: impl FnOnce(&DFA, &mut Cache, LazyStateID) -> Result<LazyStateID, E>,
    ) {
        let Stream {
            pats,
            cache,
            recent,
            seen,
            failed,
            sid,
            ..
        } = self;
        let dfa = &pats.dfa;
        let cache = cache.get_or_insert_with(|| dfa.create_cache());
        match start(dfa, cache, *sid) {
            Ok(first) => {
                let bytes = recent.get(from..).unwrap_or_default();
                *sid = run(dfa, cache, seen, failed, first, bytes);
            }
            Err(_) => *failed = true,
        }
    }

    /// Feed two streams at once: `a` the bytes appended to its [`Stream::input`] since it was
    /// `from` long, `b` the bytes `y`. Each DFA step waits on the load of the previous one, so
    /// stepping two independent DFAs in one loop runs their chains side by side.
    pub fn feed_pair(a: &mut Stream, from: usize, b: &mut Stream, y: &[u8]) {
        if a.failed || b.failed {
            a.feed_appended(from);
            b.feed(y);
            return;
        }
        b.recent.extend_from_slice(y);
        let x = a.recent.get(from..).unwrap_or_default();
        let n = x.len().min(y.len());
        let (mut sa, mut sb) = (a.sid, b.sid);
        let (da, ca) = (
            &a.pats.dfa,
            a.cache.get_or_insert_with(|| a.pats.dfa.create_cache()),
        );
        let (db, cb) = (
            &b.pats.dfa,
            b.cache.get_or_insert_with(|| b.pats.dfa.create_cache()),
        );
        let mut i = 0;
        while i < n {
            if !sa.is_tagged() && !sb.is_tagged() {
                let plain;
                (plain, sa, sb) = plain_pair((da, ca, &x[i..n], sa), (db, cb, &y[i..n], sb));
                i += plain;
                if i == n {
                    break;
                }
            }
            sa = step(da, ca, &mut a.seen, &mut a.failed, sa, x[i]);
            sb = step(db, cb, &mut b.seen, &mut b.failed, sb, y[i]);
            i += 1;
        }
        a.sid = run(da, ca, &mut a.seen, &mut a.failed, sa, &x[n..]);
        b.sid = run(db, cb, &mut b.seen, &mut b.failed, sb, &y[n..]);
        a.trim();
        b.trim();
    }

    /// Keep the history between `pats.history + 1` bytes (the history plus the byte before it,
    /// for the start state's look-behind) and a few kilobytes more, so it is cut now and then
    /// rather than at every push.
    fn trim(&mut self) {
        let keep = self.pats.history + 1;
        if self.recent.len() > keep + keep.max(TRIM_AT) {
            let cut = self.recent.len() - keep;
            self.recent.drain(..cut);
            self.recent_from_start = false;
        }
    }

    /// Find the patterns that match if the stream ended here (see [`Stream::found`]).
    pub fn probe_end(&mut self) {
        if !self.at_end.is_empty() {
            self.at_end.clear();
        }
        if self.failed {
            return;
        }
        let dfa = &self.pats.dfa;
        let cache = self.cache.get_or_insert_with(|| dfa.create_cache());
        let clears = cache.clear_count();
        match dfa.next_eoi_state(cache, self.sid) {
            Ok(eoi) if eoi.is_match() => record(dfa, cache, eoi, &mut self.at_end),
            Ok(_) => {}
            Err(_) => self.failed = true,
        }
        if cache.clear_count() != clears {
            self.rebuild();
        }
    }

    /// Pattern `i` matched in the stream so far, counting a match that ends at its end
    /// (as of the last [`Stream::probe_end`]).
    pub fn found(&self, i: usize) -> bool {
        let p = PatternID::new_unchecked(i);
        self.seen.contains(p) || self.at_end.contains(p)
    }

    /// How many patterns have matched so far (not counting the end probe's). The set only
    /// grows, so the same count means the same set.
    pub fn seen_len(&self) -> usize {
        self.seen.len()
    }

    /// The last [`Stream::probe_end`] found a match ending at the end.
    pub fn found_at_end(&self) -> bool {
        !self.at_end.is_empty()
    }

    pub fn found_any(&self) -> bool {
        !self.seen.is_empty() || !self.at_end.is_empty()
    }

    pub fn pattern_len(&self) -> usize {
        self.pats.pattern_len()
    }

    pub fn patterns(&self) -> &Patterns {
        &self.pats
    }

    /// Switch to other patterns with the same layout (a secret was registered), or recover
    /// from a cache clear: replay the recent history from a fresh start state.
    pub fn switch(&mut self, pats: Arc<Patterns>) {
        if let Some(old) = self.cache.take() {
            self.pats.give_back(old);
        }
        self.cache = Some(pats.take_cache());
        self.pats = pats;
        let mut seen = PatternSet::new(self.pats.pattern_len());
        for p in self.seen.iter() {
            seen.insert(p);
        }
        self.seen = seen;
        self.at_end = PatternSet::new(self.pats.pattern_len());
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let from = self.recent.len().saturating_sub(self.pats.history);
        // At the start of the stream there is no byte before; otherwise `trim` kept one.
        let look_behind = from.checked_sub(1).map(|i| self.recent[i]);
        debug_assert!(look_behind.is_some() || self.recent_from_start);
        self.run_history(from, |dfa, cache, _| {
            dfa.start_state(cache, &start_config(look_behind))
        });
    }

    /// The recent history: at least the last `history` bytes fed, when there were that many.
    pub fn recent(&self) -> &[u8] {
        &self.recent
    }
}

#[cfg(test)]
#[path = "stream_match_tests.rs"]
mod tests;
