//! Session ids, finding a session by id, prefix or `last`, listing, removing and pruning.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::lock::SessionLock;

/// Drink words for readable ids ("1122-negroni-7f3a").
const WORDS: &[&str] = &[
    "negroni",
    "martini",
    "daiquiri",
    "manhattan",
    "cosmo",
    "fashioned",
    "island",
    "ipa",
    "brew",
    "whiskey",
    "vodka",
    "rum",
    "gin",
    "tequila",
    "brandy",
    "lemonade",
    "soda",
    "tonic",
    "bitters",
    "twist",
    "rocks",
    "neat",
    "shaker",
    "olive",
    "cherry",
    "lime",
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no session matches '{query}'. {hint}")]
    NotFound { query: String, hint: String },
    #[error("'{query}' matches several sessions: {}. Give more of the id.", candidates.join(", "))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    // The cause is in the message and deliberately not an error `source`: a report that
    // prints the whole chain (`{:#}`) would say it twice.
    #[error("cannot read the sessions directory {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "session {id} is open in another maya{}; close it first",
        if *pid == 0 { String::new() } else { format!(" (pid {pid})") }
    )]
    InUse {
        id: String,
        /// 0 when the owner has not written it yet.
        pid: u32,
    },
}

/// A session file on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionFile {
    pub id: String,
    pub path: PathBuf,
    /// When the file was last written: the session's last activity.
    pub modified: SystemTime,
}

pub fn journal_path(sessions_dir: &Path, id: &str) -> PathBuf {
    sessions_dir.join(format!("{id}.jsonl"))
}

/// A new id, unique in `sessions_dir`: month and day, a drink word, four hex digits.
pub fn new_id(sessions_dir: &Path) -> String {
    let now = time::OffsetDateTime::now_utc();
    loop {
        let r: u32 = rand::random();
        let word = WORDS[(r as usize >> 16) % WORDS.len()];
        let id = format!(
            "{:02}{:02}-{word}-{:04x}",
            u8::from(now.month()),
            now.day(),
            r & 0xffff
        );
        if !journal_path(sessions_dir, &id).exists() {
            return id;
        }
    }
}

/// Every session, newest activity first.
pub fn list(sessions_dir: &Path) -> Result<Vec<SessionFile>, StoreError> {
    let rd = match std::fs::read_dir(sessions_dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(cause) => {
            return Err(StoreError::Io {
                path: sessions_dir.to_path_buf(),
                cause,
            });
        }
    };
    let mut out: Vec<SessionFile> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".jsonl")?.to_string();
            let modified = e.metadata().ok()?.modified().ok()?;
            Some(SessionFile {
                id,
                path: e.path(),
                modified,
            })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.id.cmp(&a.id)));
    Ok(out)
}

/// An exact id, a unique prefix, or `last` (the most recently active session).
pub fn resolve(sessions_dir: &Path, query: &str) -> Result<SessionFile, StoreError> {
    let all = list(sessions_dir)?;
    let hint = || {
        if all.is_empty() {
            "There are no saved sessions yet.".to_string()
        } else {
            let recent: Vec<&str> = all.iter().take(5).map(|s| s.id.as_str()).collect();
            format!(
                "Recent sessions: {} (see `maya sessions list`).",
                recent.join(", ")
            )
        }
    };
    let query = query.trim();
    if query == "last" {
        return all.first().cloned().ok_or_else(|| StoreError::NotFound {
            query: query.into(),
            hint: hint(),
        });
    }
    if let Some(exact) = all.iter().find(|s| s.id == query) {
        return Ok(exact.clone());
    }
    let matches: Vec<&SessionFile> = if query.is_empty() {
        vec![]
    } else {
        all.iter().filter(|s| s.id.starts_with(query)).collect()
    };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(StoreError::NotFound {
            query: query.into(),
            hint: hint(),
        }),
        many => Err(StoreError::Ambiguous {
            query: query.into(),
            candidates: many.iter().map(|s| s.id.clone()).collect(),
        }),
    }
}

/// Delete a session (journal, lock and any `.corrupt-*` copies). Refused while it is open.
pub fn remove(sessions_dir: &Path, id: &str) -> Result<(), StoreError> {
    if let Some(pid) = SessionLock::holder(sessions_dir, id) {
        return Err(StoreError::InUse { id: id.into(), pid });
    }
    let io = |cause| StoreError::Io {
        path: sessions_dir.to_path_buf(),
        cause,
    };
    std::fs::remove_file(journal_path(sessions_dir, id)).map_err(io)?;
    let _ = std::fs::remove_file(sessions_dir.join(format!("{id}.lock")));
    if let Ok(rd) = std::fs::read_dir(sessions_dir) {
        let prefix = format!("{id}.jsonl.corrupt-");
        for e in rd.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

/// Remove sessions not active for `older_than`; open ones are skipped. Returns removed ids.
pub fn prune(sessions_dir: &Path, older_than: Duration) -> Result<Vec<String>, StoreError> {
    let cutoff = SystemTime::now()
        .checked_sub(older_than)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut removed = Vec::new();
    for s in list(sessions_dir)? {
        if s.modified < cutoff && SessionLock::holder(sessions_dir, &s.id).is_none() {
            remove(sessions_dir, &s.id)?;
            removed.push(s.id);
        }
    }
    Ok(removed)
}

/// "30d", "12h", "45m", "2w" → a duration.
pub fn parse_age(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = num.parse().ok()?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(n.checked_mul(secs)?))
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
