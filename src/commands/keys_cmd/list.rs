//! `maya keys list`: a table or JSON of every key name, its masked value and where it comes from.

use std::path::Path;
use std::sync::atomic::AtomicUsize;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::KeysCmd;
use crate::secrets::kdf::VaultKey;
use crate::secrets::shape::{self, KeyName, Provider};
use crate::secrets::store::{env_override, open_vault};
use crate::secrets::vault::Vault;
use crate::secrets::{MasterConfig, MasterSource, SecretsError};

impl KeysCmd<'_> {
    /// `maya keys list [--json]`: every known name and every stored one, with its masked value,
    /// where it comes from and when it was stored. Opens the vault only if a stored key is not
    /// overridden by the environment (masking needs the value). Names are in the clear: when no
    /// master is available here the names are listed with their values locked and the reason;
    /// a master that does not fit is an error, as for every other command.
    pub fn list(&mut self, json: bool) -> Result<(), SecretsError> {
        let path = self.vault_path();
        let stored = Vault::load(&path)?;
        let names = key_names(stored.as_ref());
        let overridden = |n: &str| {
            KeyName::parse(n)
                .ok()
                .and_then(|k| env_override(&k, &*self.env))
        };
        let needs_vault = stored
            .as_ref()
            .is_some_and(|v| v.names().any(|n| overridden(n).is_none()));
        let opened = match stored {
            Some(v) if needs_vault => Opened::try_open(v, &self.master, &self.derivations)?,
            vault => Opened {
                vault,
                key: None,
                source: None,
                locked_reason: None,
            },
        };
        let mut rows = Vec::with_capacity(names.len());
        for name in &names {
            rows.push(opened.row(name, overridden(name))?);
        }
        if json {
            let doc = serde_json::json!({
                "vault": path,
                "exists": opened.vault.is_some(),
                "locked_with": opened.vault.as_ref().map(|v| v.master_kind()),
                "unlocked_with": opened.source.as_ref().map(|s| s.to_string()),
                "locked_reason": opened.locked_reason,
                "keys": rows,
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| {
                SecretsError::io("encode", "the key list", std::io::Error::other(e))
            })?;
            return self.say(&text);
        }
        let table = render_table(&rows, opened.locked_reason.is_some());
        self.say(table.trim_end())?;
        self.say(&opened.footer(&path))
    }
}

/// Every provider's name, then every other name stored, in the vault's order.
fn key_names(stored: Option<&Vault>) -> Vec<String> {
    let mut names: Vec<String> = Provider::ALL
        .iter()
        .map(|p| p.as_str().to_string())
        .collect();
    if let Some(v) = stored {
        names.extend(
            v.names()
                .filter(|n| !names.iter().any(|k| k == n))
                .map(str::to_string)
                .collect::<Vec<_>>(),
        );
    }
    names
}

/// The vault as far as it could be opened for listing: its key and the master that opened it,
/// or why it stays locked.
struct Opened {
    vault: Option<Vault>,
    key: Option<VaultKey>,
    source: Option<MasterSource>,
    locked_reason: Option<String>,
}

impl Opened {
    /// A master that is not available here leaves the vault locked, with the reason; one that
    /// does not fit is an error.
    fn try_open(
        v: Vault,
        master: &MasterConfig,
        derivations: &AtomicUsize,
    ) -> Result<Opened, SecretsError> {
        match open_vault(v.clone(), master, derivations, false) {
            Ok((v, k, s)) => Ok(Opened {
                vault: Some(v),
                key: Some(k),
                source: Some(s),
                locked_reason: None,
            }),
            Err(e @ (SecretsError::NoPassphrase | SecretsError::KeyringUnavailable { .. })) => {
                Ok(Opened {
                    vault: Some(v),
                    key: None,
                    source: None,
                    locked_reason: Some(e.to_string()),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// One name's row: from the environment when a variable overrides it, else from the vault.
    fn row(
        &self,
        name: &str,
        overridden: Option<(&'static str, SecretString)>,
    ) -> Result<ListRow, SecretsError> {
        let entry = self.vault.as_ref().and_then(|v| v.entry(name));
        let stored_at = entry.map(|e| e.stored_at);
        let mut row = ListRow {
            name: name.to_string(),
            source: "none",
            variable: None,
            masked: None,
            stored_at: None,
            overridden: false,
        };
        if let Some((var, value)) = overridden {
            row.source = "environment";
            row.variable = Some(var);
            row.masked = Some(shape::mask(value.expose_secret()));
            row.stored_at = stored_at;
            row.overridden = entry.is_some();
        } else if let (Some(v), Some(k), Some(_)) = (&self.vault, &self.key, entry) {
            let value = v.decrypt(k, name)?;
            row.source = "vault";
            row.masked = value.map(|s| shape::mask(s.expose_secret()));
            row.stored_at = stored_at;
        } else if entry.is_some() {
            // Stored, but the vault stays locked here: the name, never a guess at the value.
            row.source = "vault";
            row.stored_at = stored_at;
        }
        Ok(row)
    }

    /// The line under the table: where the vault is and how it was opened, or why not.
    fn footer(&self, path: &Path) -> String {
        match (&self.vault, &self.source) {
            (None, _) => format!(
                "Vault: {} (none yet; `maya keys set <name>` creates it)",
                path.display()
            ),
            (Some(_), Some(s)) => format!("Vault: {} (unlocked with {s})", path.display()),
            (Some(v), None) => match &self.locked_reason {
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
        }
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
            let name = crate::terminal::sanitize_line(&r.name).into_owned();
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
