//! Small helpers for reading what a guest typed: folded words, number words, phrase search.

use crate::bar::text::fold;

/// The guest's text folded and split into words ("Two Martinis, please!" → two martinis please).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A number written as digits or words: "3", "three", "a", "an", "a couple", "a dozen".
/// Returns the value and how many words it used.
pub fn number_at(words: &[String], i: usize) -> Option<(u32, usize)> {
    let w = words.get(i)?.as_str();
    let next = words.get(i + 1).map(String::as_str);
    let after = words.get(i + 2).map(String::as_str);
    if let Ok(n) = w.parse::<u32>() {
        return Some((n, 1));
    }
    if w == "a" || w == "an" {
        return match (next, after) {
            (Some("couple"), Some("of")) | (Some("pair"), Some("of")) => Some((2, 3)),
            (Some("couple" | "pair"), _) => Some((2, 2)),
            (Some("dozen"), _) => Some((12, 2)),
            (Some("few"), _) => Some((3, 2)),
            (Some("round"), Some("of")) => Some((1, 3)),
            _ => Some((1, 1)),
        };
    }
    let n = match w {
        "one" | "single" => 1,
        "two" | "double" | "both" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "another" => 1,
        _ => return None,
    };
    Some((n, 1))
}

/// Whether the folded words contain this phrase (given as plain lower-case words).
pub fn has(words: &[String], phrase: &str) -> bool {
    find(words, phrase).is_some()
}

/// Index of the first occurrence of `phrase` (space-separated words) in `words`.
pub fn find(words: &[String], phrase: &str) -> Option<usize> {
    let p: Vec<&str> = phrase.split(' ').collect();
    if p.is_empty() || p.len() > words.len() {
        return None;
    }
    (0..=words.len() - p.len()).find(|&i| p.iter().enumerate().all(|(k, w)| words[i + k] == *w))
}

pub fn has_any(words: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has(words, p))
}

/// A percentage in the text: "15%", "15 %", "15 percent", "fifteen percent".
pub fn percent(text: &str, words: &[String]) -> Option<u32> {
    // The folded words lose '%', so look at the raw text for "<digits>%".
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        let mut j = i;
        while j > 0 && bytes[j - 1] == b' ' {
            j -= 1;
        }
        let end = j;
        while j > 0 && bytes[j - 1].is_ascii_digit() {
            j -= 1;
        }
        if j < end
            && let Ok(n) = text[j..end].parse()
        {
            return Some(n);
        }
    }
    let at = find(words, "percent").or_else(|| find(words, "pct"))?;
    if at == 0 {
        return None;
    }
    number_at(words, at - 1).map(|(n, _)| n)
}

/// A dollar amount in the raw text: "$5", "$4.50", "5 dollars", "5 bucks".
pub fn dollars(text: &str, words: &[String]) -> Option<String> {
    if let Some(i) = text.find('$') {
        let rest: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let rest = rest.trim_end_matches(['.', ',']);
        if !rest.is_empty() {
            return Some(rest.to_string());
        }
    }
    for unit in ["dollars", "dollar", "bucks", "buck"] {
        if let Some(at) = find(words, unit)
            && at > 0
            && let Some((n, _)) = number_at(words, at - 1)
        {
            return Some(n.to_string());
        }
    }
    None
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
