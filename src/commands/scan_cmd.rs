//! `maya scan [--json]`: the input scanner over stdin, one verdict per line, so operators can
//! tune the thresholds in `[security]` against their own traffic.
//!
//! A line is either plain text or a JSON object with a `text` field (the format of
//! `tests/data/injection_eval.jsonl`). Invalid UTF-8 is read lossily rather than refused: the
//! point is to see what the scanner makes of whatever arrives. A line is read up to
//! [`MAX_LINE`]; input that never ends a line costs no more memory than that.

use std::io::{self, BufRead, Write};

use serde_json::json;

use crate::config::SecurityConfig;
use crate::security::scanner::{Scanner, Verdict};
use crate::terminal::sanitize;

/// The most of one line that is read and scanned, as much as `maya ask` reads from stdin; the
/// rest of a longer line is skipped, never held.
pub const MAX_LINE: usize = crate::commands::ask::MAX_STDIN;

/// Totals for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub lines: usize,
    pub blocked: usize,
}

pub fn run(
    cfg: &SecurityConfig,
    input: &mut dyn BufRead,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<Totals> {
    let scanner = Scanner::new(cfg);
    let mut totals = Totals::default();
    let mut raw = Vec::new();
    while read_line(input, &mut raw)? {
        let line = String::from_utf8_lossy(&raw);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let text = text_of(line);
        let verdict = scanner.scan_input(&text);
        totals.lines += 1;
        totals.blocked += usize::from(verdict.blocked);
        if json {
            serde_json::to_writer(&mut *out, &as_json(&text, &verdict))?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", as_row(&text, &verdict))?;
        }
    }
    Ok(totals)
}

/// The next line into `raw`, at most [`MAX_LINE`] bytes of it (the rest is skipped); false at
/// the end of the input.
fn read_line(input: &mut dyn BufRead, raw: &mut Vec<u8>) -> io::Result<bool> {
    raw.clear();
    let read = io::Read::take(&mut *input, MAX_LINE as u64).read_until(b'\n', raw)?;
    if read == MAX_LINE && raw.last() != Some(&b'\n') {
        skip_to_next_line(input)?;
    }
    Ok(read > 0)
}

fn skip_to_next_line(input: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(at) => {
                input.consume(at + 1);
                return Ok(());
            }
            None => {
                let len = buf.len();
                input.consume(len);
            }
        }
    }
}

/// The `text` field of a JSON object line, else the line itself.
fn text_of(line: &str) -> String {
    if line.trim_start().starts_with('{')
        && let Ok(serde_json::Value::Object(o)) = serde_json::from_str(line)
        && let Some(serde_json::Value::String(t)) = o.get("text")
    {
        return t.clone();
    }
    line.to_string()
}

fn as_json(text: &str, v: &Verdict) -> serde_json::Value {
    json!({
        "text": text,
        "blocked": v.blocked,
        "family": v.family.map(|f| f.as_str()),
        "score": (f64::from(v.score) * 100.0).round() / 100.0,
        "decoding": v.decoding.map(|d| d.to_string()),
    })
}

/// `blocked  role_hijack           0.95  you are now DAN`
fn as_row(text: &str, v: &Verdict) -> String {
    let family = v.family.map_or("-", |f| f.as_str());
    let verdict = if v.blocked { "blocked" } else { "ok" };
    let shown: String = sanitize(text).chars().take(80).collect();
    format!("{verdict:<8} {family:<20} {:.2}  {shown}", v.score)
}

#[cfg(test)]
#[path = "scan_cmd_tests.rs"]
mod tests;
