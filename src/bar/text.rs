//! Text helpers for names said by guests: folding (case, accents, punctuation), plural forms,
//! near-miss suggestions by edit distance, and the article a name takes when said aloud. Pure
//! string functions: the menu's lookups (`lookup.rs`) and the house bartender both use them.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Fold a name for comparison: accents removed, lower case, punctuation to spaces, whitespace
/// collapsed. "Old-Fashioned" → "old fashioned", "Daïquiri" → "daiquiri".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.nfkd() {
        if is_combining_mark(ch) {
            continue;
        }
        if ch.is_alphanumeric() || ch == '&' {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_lowercase());
        } else if ch == '\'' || ch == '\u{2019}' {
            // "Maya's" → "mayas": apostrophes join, they do not split words.
        } else {
            pending_space = true;
        }
    }
    out
}

/// The folded name itself, then singular forms of its last word: "martinis" → "martini",
/// "whiskies" → "whisky", "iced teas" → "iced tea", "glasses" → "glass".
pub fn singular_forms(folded: &str) -> Vec<String> {
    let mut forms = vec![folded.to_string()];
    let (head, last) = match folded.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), folded),
    };
    let mut push = |w: String| {
        let f = format!("{head}{w}");
        if !forms.contains(&f) {
            forms.push(f);
        }
    };
    if last.len() > 3 && last.ends_with("ies") {
        push(format!("{}y", &last[..last.len() - 3]));
    }
    if last.len() > 3 && last.ends_with("es") {
        push(last[..last.len() - 2].to_string());
    }
    if last.len() > 2 && last.ends_with('s') && !last.ends_with("ss") {
        push(last[..last.len() - 1].to_string());
    }
    forms
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), on chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    // Three rolling rows: the transposition case looks two rows back.
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// How many edits a query of this length may be from a name and still count as a near miss.
fn tolerance(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    }
}

/// Up to three item names whose names or aliases are near `folded`, closest first.
pub fn suggestions_for<'a>(
    folded: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    scored_suggestions_for(folded, keys).0
}

/// [`suggestions_for`], with how many edits away the closest one is (`usize::MAX` if none).
pub fn scored_suggestions_for<'a>(
    folded: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
) -> (Vec<String>, usize) {
    if folded.is_empty() || folded.chars().count() > 60 {
        return (vec![], usize::MAX);
    }
    let forms = singular_forms(folded);
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for (key, item) in keys {
        let best = forms
            .iter()
            .map(|f| {
                let whole = edit_distance(f, key);
                // A query that is one word of a longer name ("island") is a near miss too.
                let word = key
                    .split(' ')
                    .filter(|w| w.len() >= 4)
                    .map(|w| edit_distance(f, w) + 1)
                    .min()
                    .unwrap_or(usize::MAX);
                whole.min(word)
            })
            .min()
            .unwrap_or(usize::MAX);
        if best <= tolerance(folded.chars().count()) {
            scored.push((best, item));
        }
    }
    scored.sort();
    let closest = scored.first().map_or(usize::MAX, |(d, _)| *d);
    let mut out: Vec<String> = Vec::new();
    // Only the closest: "vodak" is one edit from Vodka and two from Soda; offer Vodka.
    for (_, item) in scored.into_iter().take_while(|(d, _)| *d == closest) {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    (out, closest)
}

/// "a" or "an" for a name as it is said aloud: "an Old Fashioned", "an IPA" (eye-pee-ay),
/// "a Martini", "an 18 % tip", "a $5.00 tip", "a unicorn".
pub fn article(name: &str) -> &'static str {
    let word = name.split_whitespace().next().unwrap_or("");
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return "a";
    };
    let letters: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    let an = if first.is_ascii_digit() {
        // Eight, eleven, eighteen, eighty…: said with a vowel.
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        digits.starts_with('8')
            || (digits.len() % 3 == 2 && (digits.starts_with("11") || digits.starts_with("18")))
    } else if letters.chars().count() > 1 && letters.chars().all(char::is_uppercase) {
        // An initialism is spelled out: an IPA, an MOK, a UFO.
        "AEFHILMNORSX".contains(first)
    } else {
        let lower = fold(word);
        const VOWEL_SOUND_EXCEPTIONS: &[&str] = &["hour", "honest", "honou", "heir"];
        const CONSONANT_SOUND_EXCEPTIONS: &[&str] = &["uni", "use", "usu", "eu", "one", "once"];
        if VOWEL_SOUND_EXCEPTIONS.iter().any(|p| lower.starts_with(p)) {
            true
        } else if CONSONANT_SOUND_EXCEPTIONS
            .iter()
            .any(|p| lower.starts_with(p))
        {
            false
        } else {
            lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        }
    };
    if an { "an" } else { "a" }
}

/// The name with its article: "an Old Fashioned".
pub fn with_article(name: &str) -> String {
    format!("{} {name}", article(name))
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
