//! Reading a journal back. A journal is a file anyone could have edited, so:
//!
//! - it is read only up to a size limit ([`crate::read_limit::JOURNAL`]), never whole whatever
//!   its size;
//! - every string in every record passes the terminal sanitizer on its way in, since replayed
//!   text is shown again (the screen, `sessions show`);
//! - a line that does not parse is skipped and the lines after it are replayed (a damaged line
//!   in the middle must not cost a later `PaymentSucceeded`); a torn last line (a crash
//!   mid-write) is dropped with a notice.
//!
//! Replaying to resume ([`replay`]) first keeps the damaged original aside as
//! `<file>.corrupt-<time>` (once: a copy with the same bytes is reused, an existing one never
//! overwritten), then repairs the live file to its good lines so appending can continue after
//! them. [`read`] only reads, for commands that look at sessions.

use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::{FORMAT_VERSION, Header, JournalError, Replay, describe, private_options, sync_dir};
use crate::terminal::{is_clean, sanitize, sanitize_line};

/// Damaged lines named one by one in a notice; the rest are counted.
const NAMED_LINES: usize = 5;
/// The longest parser message quoted in a notice.
const MAX_REASON: usize = 160;

/// Read a journal back to resume it: see the module docs. The live file is repaired (damaged
/// lines removed) only after its original is safely copied aside; if either fails, the replay
/// says so and [`Replay::keep_as_is`] is set, so nothing is ever written to the file.
pub fn replay<T: DeserializeOwned>(path: &Path) -> Result<Replay<T>, JournalError> {
    replay_with(path, true)
}

/// Read a journal without writing anything (`maya sessions list` / `show`): the same records and
/// notices as [`replay`], but a damaged file is only reported, not copied or repaired.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Replay<T>, JournalError> {
    replay_with(path, false)
}

/// A line that did not parse.
struct Bad {
    /// 1-based, the header being line 1.
    line: usize,
    range: Range<usize>,
    reason: String,
}

fn replay_with<T: DeserializeOwned>(
    path: &Path,
    keep_copy: bool,
) -> Result<Replay<T>, JournalError> {
    let io_err = |cause| JournalError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let bytes = crate::read_limit::read(path, crate::read_limit::JOURNAL).map_err(io_err)?;
    let (header, body) = read_header(path, &bytes)?;
    let Lines {
        records,
        bad,
        prefix_end,
        torn_at,
    } = read_lines(&bytes, body);
    let mut notices = Vec::new();
    let mut keep_as_is = None;
    let mut good_len = prefix_end as u64;
    let mut file_len = bytes.len() as u64;
    if !bad.is_empty() {
        let damage = on_damage(path, &bytes, &bad, torn_at, keep_copy);
        notices.push(damage.notice);
        if let Some(len) = damage.repaired {
            good_len = len;
            file_len = len;
        }
        keep_as_is = damage.keep_as_is;
    }
    if let Some(at) = torn_at {
        notices.push(format!(
            "The last entry of the session was cut off mid-write ({} bytes) and was dropped; \
             everything before it is restored.",
            bytes.len() - at
        ));
    }
    Ok(Replay {
        header,
        records,
        notices,
        good_len,
        file_len,
        keep_as_is,
    })
}

/// The header line, checked to be a journal's of a format this build reads, and where the
/// records start.
fn read_header(path: &Path, bytes: &[u8]) -> Result<(Header, usize), JournalError> {
    let not_journal = || JournalError::NotAJournal {
        path: path.to_path_buf(),
    };
    let header_end = memchr::memchr(b'\n', bytes).ok_or_else(not_journal)?;
    let mut header_value: serde_json::Value =
        serde_json::from_slice(&bytes[..header_end]).map_err(|_| not_journal())?;
    let version = header_value
        .get("maya_journal")
        .and_then(|v| v.as_u64())
        .ok_or_else(not_journal)?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(JournalError::FutureVersion {
            path: path.to_path_buf(),
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    clean_strings(&mut header_value);
    let header: Header = serde_json::from_value(header_value).map_err(|_| not_journal())?;
    Ok((header, header_end + 1))
}

/// What the lines after the header hold.
struct Lines<T> {
    records: Vec<T>,
    bad: Vec<Bad>,
    /// End of the unbroken run of good lines from the start (where a plain cut would go).
    prefix_end: usize,
    /// Where a last line without its newline begins.
    torn_at: Option<usize>,
}

/// Every line from `start` decoded; a bad one is noted and the next ones still read.
fn read_lines<T: DeserializeOwned>(bytes: &[u8], start: usize) -> Lines<T> {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let mut prefix_end = start;
    let mut torn_at = None;
    let mut pos = start;
    let mut line = 2;
    while pos < bytes.len() {
        let Some(rel_end) = memchr::memchr(b'\n', &bytes[pos..]) else {
            torn_at = Some(pos);
            break;
        };
        let end = pos + rel_end + 1;
        match decode::<T>(&bytes[pos..end - 1]) {
            Ok(r) => {
                records.push(r);
                if bad.is_empty() {
                    prefix_end = end;
                }
            }
            Err(e) => bad.push(Bad {
                line,
                range: pos..end,
                reason: short_reason(&e.to_string()),
            }),
        }
        pos = end;
        line += 1;
    }
    Lines {
        records,
        bad,
        prefix_end,
        torn_at,
    }
}

/// What was done about damaged lines.
struct Damage {
    notice: String,
    /// The file's length once kept aside and repaired.
    repaired: Option<u64>,
    /// Why the file must stay exactly as it is (it could not be kept aside and repaired).
    keep_as_is: Option<String>,
}

/// Damaged lines are told about; when resuming (`keep_copy`), the original is kept aside and
/// the live file repaired to its good lines first.
fn on_damage(
    path: &Path,
    bytes: &[u8],
    bad: &[Bad],
    torn_at: Option<usize>,
    keep_copy: bool,
) -> Damage {
    let lines = describe_lines(bad);
    let first = &bad[0].reason;
    let skipped = if bad.len() == 1 {
        "that line is skipped"
    } else {
        "those lines are skipped"
    };
    if !keep_copy {
        return Damage {
            notice: format!(
                "The session file is damaged at {lines} ({first}); {skipped} and the rest is \
                 shown. Resuming it keeps the original aside as a .corrupt copy first."
            ),
            repaired: None,
            keep_as_is: None,
        };
    }
    match keep_aside(path, bytes).and_then(|aside| {
        let len = repair(path, bytes, bad, torn_at)?;
        Ok((aside, len))
    }) {
        Ok((aside, len)) => Damage {
            notice: format!(
                "The session file was damaged at {lines} ({first}); {skipped} and \
                 everything else is restored. The original is kept as {}.",
                sanitize_line(&aside.display().to_string())
            ),
            repaired: Some(len),
            keep_as_is: None,
        },
        Err(e) => {
            let why = describe(&e);
            Damage {
                notice: format!(
                    "The session file is damaged at {lines} ({first}); {skipped} and \
                     everything else is restored, but the file could not be copied aside \
                     and repaired ({why}), so it is left exactly as it is and nothing new \
                     is saved to it."
                ),
                repaired: None,
                keep_as_is: Some(format!(
                    "the damaged session file could not be copied aside and repaired ({why})"
                )),
            }
        }
    }
}

/// One line into a record, with every string in it sanitized for the terminal. Lines that
/// cannot hold anything to remove (the usual case) are decoded directly; the rest go through
/// a `Value` whose strings are cleaned first.
fn decode<T: DeserializeOwned>(line: &[u8]) -> serde_json::Result<T> {
    if !may_hide_controls(line) {
        return serde_json::from_slice(line);
    }
    let mut value: serde_json::Value = serde_json::from_slice(line)?;
    clean_strings(&mut value);
    serde_json::from_value(value)
}

/// Whether a JSON line might decode to a string the sanitizer would change: raw special
/// characters, or an escape that can spell one (`\u`, `\r`, `\b`, `\f`). `\n`, `\t`, `\"`,
/// `\\` and `\/` are harmless. Errs on the side of the slow path.
fn may_hide_controls(line: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(line) else {
        return false; // not JSON either: the parser says so
    };
    if !is_clean(text) {
        return true;
    }
    let mut at = 0;
    while let Some(rel) = memchr::memchr(b'\\', &line[at..]) {
        let i = at + rel;
        match line.get(i + 1) {
            Some(b'u' | b'r' | b'b' | b'f') => return true,
            Some(_) => at = i + 2,
            None => return false,
        }
    }
    false
}

/// Sanitize every string (and object key) in `value`. Depth is bounded by serde_json's own
/// recursion limit on parsing.
pub(super) fn clean_strings(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) if !is_clean(s) => *s = sanitize(s).into_owned(),
        Value::Array(items) => items.iter_mut().for_each(clean_strings),
        Value::Object(map) => {
            if map.keys().any(|k| !is_clean(k)) {
                let old = std::mem::take(map);
                for (k, mut v) in old {
                    clean_strings(&mut v);
                    map.insert(sanitize(&k).into_owned(), v);
                }
            } else {
                map.values_mut().for_each(clean_strings);
            }
        }
        _ => {}
    }
}

/// A parser message for a notice: one line, clean, short (it may quote the damaged line).
fn short_reason(message: &str) -> String {
    let line = sanitize_line(message);
    match line.char_indices().nth(MAX_REASON) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.into_owned(),
    }
}

/// "line 3", "lines 3 and 7", "lines 3, 7, 9, 11, 12 and 4 more".
fn describe_lines(bad: &[Bad]) -> String {
    let named: Vec<String> = bad
        .iter()
        .take(NAMED_LINES)
        .map(|b| b.line.to_string())
        .collect();
    match (bad.len(), named.as_slice()) {
        (1, [one]) => format!("line {one}"),
        (n, named) if n > NAMED_LINES => {
            format!("lines {} and {} more", named.join(", "), n - NAMED_LINES)
        }
        (_, [init @ .., last]) => format!("lines {} and {last}", init.join(", ")),
        _ => "an unknown line".into(),
    }
}

/// Copy the damaged file's `bytes` aside as `<file>.corrupt-<time>`: reuse a copy that holds
/// the same bytes, and never overwrite one that does not (a second in the same second gets
/// `-2`, `-3`, …). The copy and its directory entry are on disk before this returns.
fn keep_aside(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!("{name}.corrupt-");
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(Result::ok) {
            let same_name = e.file_name().to_string_lossy().starts_with(&prefix);
            // Compare sizes first: only a copy of the same size is read (and it is no larger
            // than this file, which is bounded).
            let same_size = e.metadata().is_ok_and(|m| m.len() == bytes.len() as u64);
            if same_name && same_size && std::fs::read(e.path()).is_ok_and(|b| b == bytes) {
                return Ok(e.path());
            }
        }
    }
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = dir.join(format!("{prefix}{stamp}{suffix}"));
        match private_options().write(true).create_new(true).open(&aside) {
            Ok(mut f) => {
                f.write_all(bytes)?;
                f.sync_all()?;
                sync_dir(dir)?;
                return Ok(aside);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(
        "too many copies of the damaged session file",
    ))
}

/// Replace the live file with its header and good lines, exactly as they were (a torn tail
/// goes too): written beside it, synced, renamed over it, and the directory synced. Returns
/// the new length. Runs only after the original is kept aside.
fn repair(path: &Path, bytes: &[u8], bad: &[Bad], torn_at: Option<usize>) -> io::Result<u64> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.repair-{}", std::process::id()));
    let end = torn_at.unwrap_or(bytes.len());
    let result = (|| {
        let mut f = private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        let mut at = 0;
        let mut len = 0u64;
        for b in bad {
            f.write_all(&bytes[at..b.range.start])?;
            len += (b.range.start - at) as u64;
            at = b.range.end;
        }
        f.write_all(&bytes[at..end])?;
        len += (end - at) as u64;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(dir)?;
        Ok(len)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
