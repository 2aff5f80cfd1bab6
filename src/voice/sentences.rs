//! Released reply text into sentences, as it streams. A sentence is complete at `.`, `!`, `?`
//! or `…` followed by whitespace (closing quotes and brackets may come between), at the end of
//! a line, or when the reply's round ends. Lines inside a fenced code block are not sentences.
//! Costs O(new text) per push: only the unfinished tail is kept and looked at again.

/// A run-on without a sentence end is cut at a space once it is this long, so a reply with no
/// punctuation is still spoken while it streams.
const LONGEST: usize = 400;

/// Words a full stop follows without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "approx", "no",
];

#[derive(Debug, Default)]
pub struct Sentences {
    /// Released text not yet part of a complete sentence.
    tail: String,
    /// How far into `tail` has been looked at without finding an end.
    scanned: usize,
    in_code: bool,
}

impl Sentences {
    /// Add released text; `out` gets the sentences it completes, in order.
    pub fn push(&mut self, text: &str, out: &mut Vec<String>) {
        self.tail.push_str(text);
        let mut start = 0;
        let mut i = self.scanned;
        while i < self.tail.len() {
            if self.tail.as_bytes()[i] == b'\n' {
                self.line_part(start, i, true, out);
                start = i + 1;
            } else if !self.in_code
                && let Some(end) = sentence_end(&self.tail, start, i)
            {
                self.line_part(start, end, false, out);
                start = end;
                i = end;
                continue;
            }
            i += 1;
        }
        while !self.in_code && self.tail.len() - start > LONGEST {
            let mut limit = start + LONGEST;
            while !self.tail.is_char_boundary(limit) {
                limit -= 1;
            }
            let Some((p, ws)) = self.tail[start..limit]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
            else {
                break;
            };
            self.line_part(start, start + p, false, out);
            start += p + ws.len_utf8();
        }
        self.tail.drain(..start);
        // The last characters may be a full stop and its closing marks, still waiting for
        // what follows them.
        self.scanned = self.tail.len().saturating_sub(8);
        while !self.tail.is_char_boundary(self.scanned) {
            self.scanned -= 1;
        }
    }

    /// The round ended: what is left is a sentence too.
    pub fn finish(&mut self, out: &mut Vec<String>) {
        let end = self.tail.len();
        self.line_part(0, end, true, out);
        self.clear();
    }

    /// Forget the unfinished tail (Esc, a stopped reply).
    pub fn clear(&mut self) {
        self.tail.clear();
        self.scanned = 0;
        self.in_code = false;
    }

    /// `tail[start..end]` is complete; `line_end` when it ends a line (where a code fence
    /// can open or close).
    fn line_part(&mut self, start: usize, end: usize, line_end: bool, out: &mut Vec<String>) {
        let part = &self.tail[start..end];
        if line_end && part.trim_start().starts_with("```") {
            self.in_code = !self.in_code;
            return;
        }
        if self.in_code {
            return;
        }
        let part = part.trim();
        if !part.is_empty() {
            out.push(part.to_string());
        }
    }
}

/// Where the sentence ends if the character at `i` closes it: the index after its closing
/// quotes and brackets, once the whitespace after them has arrived.
fn sentence_end(text: &str, start: usize, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let punct_len = match bytes[i] {
        b'.' | b'!' | b'?' => 1,
        // '…' is E2 80 A6.
        0xE2 if text[i..].starts_with('…') => '…'.len_utf8(),
        _ => return None,
    };
    let mut j = i + punct_len;
    while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']' | b'*' | b'_') {
        j += 1;
    }
    if text[j..].starts_with('’') || text[j..].starts_with('”') {
        j += 3;
    }
    // Wait for what follows: "$13." may be "$13.00".
    let next = text[j..].chars().next()?;
    if !next.is_whitespace() {
        return None;
    }
    if bytes[i] == b'.' {
        let word = text[start..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let bare = word.to_ascii_lowercase();
        // "2. Negroni" at a line start is a list item; "e.g." and "Mr." are not ends either;
        // nor a lone initial ("J. Smith").
        if ABBREVIATIONS.contains(&bare.as_str())
            || (bare.len() == 1 && bare.chars().all(|c| c.is_ascii_alphabetic()))
            || (text[start..i].trim().chars().all(|c| c.is_ascii_digit())
                && !text[start..i].trim().is_empty())
        {
            return None;
        }
    }
    Some(j)
}

#[cfg(test)]
#[path = "sentences_tests.rs"]
mod tests;
