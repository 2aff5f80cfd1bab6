//! `maya keys list`: a table or JSON of every key name, its masked value and where it comes from.

use secrecy::ExposeSecret;
use serde::Serialize;

use super::KeysCmd;
use crate::secrets::SecretsError;
use crate::secrets::shape::{self, KeyName, Provider};
use crate::secrets::store::{env_override, open_vault};
use crate::secrets::vault::Vault;

impl KeysCmd<'_> {
    /// `maya keys list [--json]`: every known name and every stored one, with its masked value,
    /// where it comes from and when it was stored. Opens the vault only if a stored key is not
    /// overridden by the environment (masking needs the value). Names are in the clear: when no
    /// master is available here the names are listed with their values locked and the reason;
    /// a master that does not fit is an error, as for every other command.
    pub fn list(&mut self, json: bool) -> Result<(), SecretsError> {
        let path = self.vault_path();
        let stored = Vault::load(&path)?;
        let mut names: Vec<String> = Provider::ALL
            .iter()
            .map(|p| p.as_str().to_string())
            .collect();
        if let Some(v) = &stored {
            names.extend(
                v.names()
                    .filter(|n| !names.iter().any(|k| k == n))
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            );
        }
        let overridden = |n: &str| {
            KeyName::parse(n)
                .ok()
                .and_then(|k| env_override(&k, &*self.env))
        };
        let needs_vault = stored
            .as_ref()
            .is_some_and(|v| v.names().any(|n| overridden(n).is_none()));
        let mut locked_reason = None;
        let (vault, key, source) = match stored {
            Some(v) if needs_vault => {
                match open_vault(v.clone(), &self.master, &self.derivations, false) {
                    Ok((v, k, s)) => (Some(v), Some(k), Some(s)),
                    Err(
                        e @ (SecretsError::NoPassphrase | SecretsError::KeyringUnavailable { .. }),
                    ) => {
                        locked_reason = Some(e.to_string());
                        (Some(v), None, None)
                    }
                    Err(e) => return Err(e),
                }
            }
            other => (other, None, None),
        };
        let mut rows = Vec::with_capacity(names.len());
        for name in &names {
            let entry = vault.as_ref().and_then(|v| v.entry(name));
            let stored_at = entry.map(|e| e.stored_at);
            let row = if let Some((var, value)) = overridden(name) {
                ListRow {
                    name: name.clone(),
                    source: "environment",
                    variable: Some(var),
                    masked: Some(shape::mask(value.expose_secret())),
                    stored_at,
                    overridden: entry.is_some(),
                }
            } else if let (Some(v), Some(k), Some(_)) = (&vault, &key, entry) {
                let value = v.decrypt(k, name)?;
                ListRow {
                    name: name.clone(),
                    source: "vault",
                    variable: None,
                    masked: value.map(|s| shape::mask(s.expose_secret())),
                    stored_at,
                    overridden: false,
                }
            } else if entry.is_some() {
                // Stored, but the vault stays locked here: the name, never a guess at the value.
                ListRow {
                    name: name.clone(),
                    source: "vault",
                    variable: None,
                    masked: None,
                    stored_at,
                    overridden: false,
                }
            } else {
                ListRow {
                    name: name.clone(),
                    source: "none",
                    variable: None,
                    masked: None,
                    stored_at: None,
                    overridden: false,
                }
            };
            rows.push(row);
        }
        if json {
            let doc = serde_json::json!({
                "vault": path,
                "exists": vault.is_some(),
                "locked_with": vault.as_ref().map(|v| v.master_kind()),
                "unlocked_with": source.as_ref().map(|s| s.to_string()),
                "locked_reason": locked_reason,
                "keys": rows,
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| {
                SecretsError::io("encode", "the key list", std::io::Error::other(e))
            })?;
            return self.say(&text);
        }
        let table = render_table(&rows, locked_reason.is_some());
        self.say(table.trim_end())?;
        let footer = match (&vault, &source) {
            (None, _) => format!(
                "Vault: {} (none yet; `maya keys set <name>` creates it)",
                path.display()
            ),
            (Some(_), Some(s)) => format!("Vault: {} (unlocked with {s})", path.display()),
            (Some(v), None) => match &locked_reason {
                Some(reason) => format!(
                    "Vault: {} (locked with {}; values are not shown because {reason})",
                    path.display(),
                    v.master_kind().describe()
                ),
                None => format!(
                    "Vault: {} (locked with {}; not opened)",
                    path.display(),
                    v.master_kind().describe()
                ),
            },
        };
        self.say(&footer)
    }
}

#[derive(Serialize)]
struct ListRow {
    name: String,
    /// `environment`, `vault`, or `none`.
    source: &'static str,
    variable: Option<&'static str>,
    masked: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    stored_at: Option<time::OffsetDateTime>,
    /// A stored key exists but an environment variable overrides it.
    overridden: bool,
}

/// `locked`: the vault could not be opened here, so stored values show as "(locked)".
fn render_table(rows: &[ListRow], locked: bool) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            let source = match (r.source, r.variable) {
                ("environment", Some(var)) if r.overridden => {
                    format!("env {var} (overrides the vault)")
                }
                ("environment", Some(var)) => format!("env {var}"),
                ("vault", _) => "vault".to_string(),
                _ => "not set".to_string(),
            };
            let stored = r
                .stored_at
                .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&fmt).ok())
                .unwrap_or_else(|| "-".into());
            let masked = match (&r.masked, r.source) {
                (Some(m), _) => m.clone(),
                (None, "vault") if locked => "(locked)".into(),
                (None, _) => "-".into(),
            };
            // Names come from the vault file, which anyone may have edited.
            let name = crate::security::terminal::sanitize_line(&r.name).into_owned();
            [name, masked, source, stored]
        })
        .collect();
    let header = ["NAME", "KEY", "SOURCE", "STORED"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
