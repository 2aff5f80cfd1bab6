//! The doctor's [`Report`] as text for people and as JSON for programs (docs/json.md).

use std::io::{self, Write};

use serde_json::json;

use super::{Findings, Report};
use crate::config::{Config, ProviderKind};
use crate::llm::KeyCheck;
use crate::secrets::KeySource;

fn source_text(source: &KeySource) -> String {
    match source {
        KeySource::Env(var) => format!("from {var}"),
        KeySource::Vault => "stored in the vault".into(),
    }
}

/// Messages can quote a server: cleaned for the terminal and of secrets.
fn verdict_text(check: &KeyCheck) -> String {
    let clean = crate::llm::http::clean;
    match check {
        KeyCheck::Accepted => "accepted".into(),
        KeyCheck::Rejected(m) => format!("REJECTED: {}", clean(m)),
        KeyCheck::Unreachable(m) => format!("unreachable: {}", clean(m)),
    }
}

pub(super) fn as_text(r: &Report, config: &Config, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "maya {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out)?;
    write_places(r, out)?;
    write_provider(r, config, out)?;
    writeln!(out)?;
    for e in &r.vault_errors {
        writeln!(out, "keys          cannot read stored keys: {e}")?;
    }
    writeln!(out, "Maya serves   {}", r.serves.1)?;
    writeln!(out)?;
    write_keys(r, out)?;
    writeln!(out)?;
    for (label, text) in &r.voice {
        writeln!(out, "{label:<13} {}", crate::llm::http::clean(text))?;
    }
    Ok(())
}

/// Where Maya's files are.
fn write_places(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let state = if r.config_found {
        "found"
    } else {
        "not found: built-in defaults"
    };
    writeln!(out, "config file   {} ({state})", r.config_file.display())?;
    writeln!(out, "sessions      {}", r.sessions.display())?;
    writeln!(out, "keys vault    {}", r.vault.display())?;
    writeln!(out, "log           {}", r.log.display())
}

/// The provider settings, and which key goes to which endpoint.
fn write_provider(r: &Report, config: &Config, out: &mut dyn Write) -> io::Result<()> {
    let clean = crate::llm::http::clean;
    let p = &config.provider;
    let or_default = |s: &str| {
        if s.is_empty() {
            "(provider default)".to_string()
        } else {
            s.to_string()
        }
    };
    writeln!(
        out,
        "provider      kind = {}, model = {}, base_url = {}",
        p.kind.as_str(),
        or_default(&p.model),
        or_default(&p.base_url)
    )?;
    if p.kind == ProviderKind::House {
        writeln!(
            out,
            "key route     none: the house bartender sends nothing anywhere"
        )?;
    }
    for route in &r.routes {
        match &route.route {
            Ok(e) => writeln!(
                out,
                "key route     {} → {}: {}",
                e.key.as_deref().unwrap_or("no key"),
                clean(&e.base),
                e.why
            )?,
            Err(message) => writeln!(
                out,
                "key route     {}: REFUSED: {}",
                route.provider,
                clean(message)
            )?,
        }
    }
    Ok(())
}

/// Each key, where it came from and what its service said.
fn write_keys(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    for k in &r.keys {
        let name = &k.name;
        let Some(check) = &k.check else {
            writeln!(out, "{name:<10}  no key   (maya keys set {name})")?;
            continue;
        };
        let source = match (&k.source, k.note) {
            (Some(s), Some(note)) => format!("{}, {note}", source_text(s)),
            (Some(s), None) => source_text(s),
            (None, note) => note.unwrap_or_default().to_string(),
        };
        // Say what the check cost where it is not obvious.
        let how = if name == "cartesia" {
            " (checked with GET /voices, which uses no credits)"
        } else {
            ""
        };
        writeln!(out, "{name:<10}  {source}: {}{how}", verdict_text(check))?;
    }
    if r.payments_simulated {
        writeln!(
            out,
            "            payments are simulated until a Stripe test key is set"
        )?;
    }
    Ok(())
}

/// The `--json` shape, documented in docs/json.md. Add fields; never rename or remove one.
pub(super) fn as_json(r: &Report, config: &Config, findings: &Findings) -> serde_json::Value {
    let clean = crate::llm::http::clean;
    let p = &config.provider;
    let keys: Vec<_> = r
        .keys
        .iter()
        .map(|k| {
            let (status, message) = match &k.check {
                None => ("no_key", None),
                Some(KeyCheck::Accepted) => ("accepted", None),
                Some(KeyCheck::Rejected(m)) => ("rejected", Some(clean(m))),
                Some(KeyCheck::Unreachable(m)) => ("unreachable", Some(clean(m))),
            };
            // `source` and `variable` as `maya keys list --json` says them.
            let (source, variable) = match &k.source {
                Some(KeySource::Env(var)) => ("environment", Some(var.to_string())),
                Some(KeySource::Vault) => ("vault", None),
                None => ("none", None),
            };
            json!({"name": k.name, "source": source, "variable": variable, "status": status,
                   "message": message, "note": k.note})
        })
        .collect();
    let routes: Vec<_> = r
        .routes
        .iter()
        .map(|route| match &route.route {
            Ok(e) => json!({"provider": route.provider, "key": e.key, "endpoint": clean(&e.base),
                            "why": e.why, "refused": null}),
            Err(m) => json!({"provider": route.provider, "key": null, "endpoint": null,
                             "why": null, "refused": clean(m)}),
        })
        .collect();
    // "voice", "voice engine", "voice player" → state, engine, player.
    let voice: serde_json::Map<_, _> = r
        .voice
        .iter()
        .map(|(label, text)| {
            let field = label.strip_prefix("voice ").unwrap_or("state");
            (field.to_string(), json!(clean(text)))
        })
        .collect();
    let empty_none = |s: &str| (!s.is_empty()).then(|| s.to_string());
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "ok": findings.rejected.is_empty(),
        "paths": {
            "config_file": r.config_file,
            "config_file_exists": r.config_found,
            "sessions": r.sessions,
            "keys_vault": r.vault,
            "log": r.log,
        },
        "provider": {
            "kind": p.kind.as_str(),
            "model": empty_none(&p.model),
            "base_url": empty_none(&p.base_url),
            "key": empty_none(&p.key),
        },
        "routes": routes,
        "serves": {"provider": r.serves.0, "reason": r.serves.1},
        "vault_errors": r.vault_errors,
        "keys": keys,
        "payments_simulated": r.payments_simulated,
        "voice": voice,
    })
}
