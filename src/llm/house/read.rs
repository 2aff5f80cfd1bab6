//! Reading the guest's words, the first stages of the pipeline: normalise the text, split it
//! into clauses, and recognise in each what the menu and the lexicon know: drinks (exactly,
//! or misspelt when the position makes a drink likely), drinks we do not pour, modifiers,
//! numbers, vague amounts, party sizes and containers. What the clauses mean is `meaning.rs`.

use super::words::find;
use crate::bar::Menu;
use crate::bar::text::fold;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A menu item. `as_word`: named but not as a drink to pour ("soda bread", "my cat's
    /// name is Whiskey", "Manhattan is my favourite city").
    Drink {
        item: String,
        plural: bool,
        fuzzy: bool,
        as_word: bool,
    },
    /// A drink we do not pour, with the closest we do.
    OffMenu {
        name: String,
        instead: Vec<String>,
    },
    Modifier(String),
    Number(u32),
    /// "a few", "several", "a round of": an amount the guest leaves open.
    Vague,
    /// "for the four of us" (Some(4)), "for the table" (None).
    Party(Option<u32>),
    /// "a pint of", "two shots of": the serving, not a drink.
    Container,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// One clause: its folded words and what was recognised in them, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clause {
    pub ws: Vec<String>,
    pub spans: Vec<Span>,
    /// It ended with a question mark.
    pub asks: bool,
}

impl Clause {
    pub fn has(&self, phrase: &str) -> bool {
        find(&self.ws, phrase).is_some()
    }

    pub fn has_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.has(p))
    }

    /// The drinks named, with where.
    pub fn drinks(&self) -> impl Iterator<Item = (&Span, &str)> {
        self.spans.iter().filter_map(|s| match &s.kind {
            Kind::Drink { item, .. } => Some((s, item.as_str())),
            _ => None,
        })
    }
}

/// Words where a sentence turns: "…, but tonight a gin", "no wait, a manhattan".
pub const TURNS: &[&str] = &[
    "but",
    "because",
    "cause",
    "though",
    "although",
    "whereas",
    "so",
    "then",
    "no wait",
    "wait no",
    "or rather",
    "i meant",
    "i mean",
    "on second thought",
    "on second thoughts",
];

/// Words a guest says before a question inside a longer message: "two IPAs and what's…".
const ASKING: &[&str] = &["what", "whats", "how", "hows", "which", "is", "does", "do"];

/// Split raw text into clauses and read each.
pub fn read(text: &str, menu: &Menu) -> Vec<Clause> {
    let mut out = Vec::new();
    for (segment, mark) in segments(text) {
        let ws: Vec<String> = fold(&segment)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let parts = turns(&ws);
        let last = parts.len().saturating_sub(1);
        for (k, part) in parts.into_iter().enumerate() {
            let spans = super::spans::spans(&part, menu);
            out.push(Clause {
                ws: part,
                spans,
                asks: mark == '?' && k == last,
            });
        }
    }
    out.retain(|c| !c.ws.is_empty());
    out
}

/// Cut at clause punctuation, keeping the mark that ended each piece. A point or comma
/// between digits stays ("$4.50", "1,000"); a hyphen splits only when spaced (" - ").
fn segments(text: &str) -> Vec<(String, char)> {
    let chars: Vec<char> = text.chars().take(2000).collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let digit = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(char::is_ascii_digit)
        };
        let between_digits = digit(i.checked_sub(1)) && digit(Some(i + 1));
        let spaced = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_none_or(|c| c.is_whitespace())
        };
        let breaks = match c {
            ',' | '.' => !between_digits,
            ';' | '!' | '?' | '…' | '—' | '–' | ':' | '(' | ')' | '\n' => true,
            '-' => spaced(i.checked_sub(1)) && spaced(Some(i + 1)),
            _ => false,
        };
        if breaks {
            if !cur.trim().is_empty() {
                out.push((std::mem::take(&mut cur), c));
            } else if c == '?'
                && let Some(last) = out.last_mut()
            {
                last.1 = '?';
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push((cur, '.'));
    }
    out
}

/// Split a run of words where the sentence turns, and before a question inside a list
/// ("two IPAs and what's in a negroni").
fn turns(ws: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![vec![]];
    let mut i = 0;
    while i < ws.len() {
        let at = |p: &str| {
            let p: Vec<&str> = p.split(' ').collect();
            ws.len() >= i + p.len() && p.iter().enumerate().all(|(k, w)| ws[i + k] == *w)
        };
        let turn = TURNS.iter().any(|p| at(p))
            && !(ws[i] == "so"
                && ws.get(i + 1).is_some_and(|n| {
                    matches!(n.as_str(), "good" | "much" | "many" | "nice" | "far")
                }))
            && !(ws[i] == "then" && i > 0 && ws[i - 1] == "and");
        let question =
            ws[i] == "and" && ws.get(i + 1).is_some_and(|n| ASKING.contains(&n.as_str()));
        if (turn || question) && !out.last().is_some_and(Vec::is_empty) {
            out.push(vec![]);
        }
        if question {
            i += 1; // the "and" joins nothing now
            continue;
        }
        if let Some(cur) = out.last_mut() {
            cur.push(ws[i].clone());
        }
        i += 1;
    }
    out
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
