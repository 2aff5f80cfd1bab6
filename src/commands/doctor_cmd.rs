//! `maya doctor`: what Maya would do and whether the keys work, without spending tokens.
//!
//! Prints the resolved paths and settings, which provider `auto` would pick and why, and asks
//! each provider that has a key whether it accepts it (Gemini `GET models?pageSize=1`,
//! OpenAI-compatible `GET /models`, Anthropic `GET /v1/models`, Stripe `GET /v1/balance`).
//! The same checks back `maya keys set --check`.

use std::io::{self, Write};
use std::time::Duration;

use secrecy::SecretString;
use serde_json::json;

use crate::config::{Config, Paths, ProviderConfig, ProviderKind};
use crate::llm::KeyCheck;
use crate::llm::anthropic::Anthropic;
use crate::llm::gemini::Gemini;
use crate::llm::openai::OpenAi;
use crate::payments::PaymentError;
use crate::payments::stripe::StripeGateway;
use crate::secrets::{KeySource, KeyStore};
use crate::startup::AUTO_ORDER;

/// No single check may hold the doctor up longer than this.
const CHECK_TIMEOUT: Duration = Duration::from_secs(15);

/// What a doctor run found: keys that were refused make `maya doctor` exit non-zero.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub rejected: Vec<String>,
    pub unreachable: Vec<String>,
}

/// The provider settings a check of `kind` uses: the configured ones when `kind` is the
/// configured provider, the provider's public defaults otherwise (a `base_url` meant for a
/// local Ollama says nothing about Gemini).
pub fn provider_config_for(config: &Config, kind: ProviderKind) -> ProviderConfig {
    let mut cfg = config.provider.clone();
    if cfg.kind != kind {
        cfg.base_url.clear();
        cfg.model.clear();
    }
    cfg
}

/// Ask the service behind `name` (gemini, openai, anthropic, stripe; `openai:<label>` counts
/// as openai) whether it accepts `key`.
pub async fn check_key(config: &Config, name: &str, key: Option<SecretString>) -> KeyCheck {
    let service = name.split(':').next().unwrap_or(name);
    let work = async {
        match service {
            "stripe" => {
                let Some(key) = key else {
                    return KeyCheck::Rejected("no key".into());
                };
                check_stripe(config, key).await
            }
            "gemini" | "anthropic" | "openai" => {
                let kind = match service {
                    "gemini" => ProviderKind::Gemini,
                    "anthropic" => ProviderKind::Anthropic,
                    _ => ProviderKind::Openai,
                };
                let cfg = provider_config_for(config, kind);
                let built = match (kind, key) {
                    (ProviderKind::Openai, key) => OpenAi::new(&cfg, key).map(Checker::OpenAi),
                    (_, None) => return KeyCheck::Rejected("no key".into()),
                    (ProviderKind::Gemini, Some(k)) => Gemini::new(&cfg, k).map(Checker::Gemini),
                    (_, Some(k)) => Anthropic::new(&cfg, k).map(Checker::Anthropic),
                };
                match built {
                    Ok(c) => c.check().await,
                    Err(e) => KeyCheck::Rejected(e.message),
                }
            }
            other => KeyCheck::Unreachable(format!("no check is known for {other}")),
        }
    };
    tokio::time::timeout(CHECK_TIMEOUT, work)
        .await
        .unwrap_or_else(|_| {
            KeyCheck::Unreachable(format!("no answer within {} s", CHECK_TIMEOUT.as_secs()))
        })
}

enum Checker {
    Gemini(Gemini),
    OpenAi(OpenAi),
    Anthropic(Anthropic),
}

impl Checker {
    async fn check(&self) -> KeyCheck {
        match self {
            Checker::Gemini(p) => p.check().await,
            Checker::OpenAi(p) => p.check().await,
            Checker::Anthropic(p) => p.check().await,
        }
    }
}

async fn check_stripe(config: &Config, key: SecretString) -> KeyCheck {
    let gateway = match StripeGateway::new(key, &config.stripe) {
        Ok(g) => g,
        Err(e) => return KeyCheck::Rejected(e.to_string()),
    };
    match gateway.probe().await {
        Ok(()) => KeyCheck::Accepted,
        Err(PaymentError::Unreachable(m)) => KeyCheck::Unreachable(m),
        Err(e) => KeyCheck::Rejected(e.to_string()),
    }
}

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

/// One service's key: where it came from and what the service said. `check` is `None` when
/// there is no key to check.
struct KeyReport {
    name: &'static str,
    source: Option<KeySource>,
    /// Said instead of a source: "no key (a local server may need none)".
    note: Option<&'static str>,
    check: Option<KeyCheck>,
}

/// Everything the doctor found, printed as text or JSON.
struct Report {
    config_file: std::path::PathBuf,
    config_found: bool,
    sessions: std::path::PathBuf,
    vault: std::path::PathBuf,
    log: std::path::PathBuf,
    vault_errors: Vec<String>,
    /// The provider Maya serves with, and why.
    serves: (&'static str, String),
    keys: Vec<KeyReport>,
    payments_simulated: bool,
}

pub async fn run(
    paths: &Paths,
    config: &Config,
    keys: &KeyStore,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<Findings> {
    let report = examine(paths, config, keys).await;
    let mut findings = Findings::default();
    for k in &report.keys {
        match &k.check {
            Some(KeyCheck::Rejected(_)) => findings.rejected.push(k.name.to_string()),
            Some(KeyCheck::Unreachable(_)) => findings.unreachable.push(k.name.to_string()),
            _ => {}
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &as_json(&report, config, &findings))?;
        writeln!(out)?;
    } else {
        as_text(&report, config, out)?;
    }
    Ok(findings)
}

async fn examine(paths: &Paths, config: &Config, keys: &KeyStore) -> Report {
    let p = &config.provider;
    // Look every key up once; a vault that cannot be opened is reported (once), not fatal.
    let mut found = Vec::new();
    let mut vault_errors: Vec<String> = Vec::new();
    for name in ["gemini", "openai", "anthropic", "stripe"] {
        match keys.get_with_source(name) {
            Ok(k) => found.push((name, k)),
            Err(e) => {
                let text = e.to_string();
                if !vault_errors.contains(&text) {
                    vault_errors.push(text);
                }
                found.push((name, None));
            }
        }
    }
    let has = |name: &str| found.iter().any(|(n, k)| *n == name && k.is_some());
    let serves = match p.kind {
        ProviderKind::Auto => match AUTO_ORDER.iter().find(|k| has(k.as_str())) {
            Some(k) => (
                k.as_str(),
                format!(
                    "auto picks {}: the first of gemini, openai, anthropic with a key",
                    k.as_str()
                ),
            ),
            None => (
                ProviderKind::House.as_str(),
                "auto picks the offline house bartender: no gemini, openai or anthropic key \
                 (add one with `maya keys set gemini`)"
                    .into(),
            ),
        },
        ProviderKind::House => (
            ProviderKind::House.as_str(),
            "the offline house bartender, as configured".into(),
        ),
        k => (k.as_str(), format!("{}, as configured", k.as_str())),
    };
    let payments_simulated = !has("stripe");
    let mut reports = Vec::new();
    for (name, key) in found {
        let local_openai = name == "openai" && p.kind == ProviderKind::Openai;
        let (key, source, note) = match key {
            Some((k, s)) => (Some(k), Some(s), None),
            None if local_openai => (None, None, Some("no key (a local server may need none)")),
            None => {
                reports.push(KeyReport {
                    name,
                    source: None,
                    note: None,
                    check: None,
                });
                continue;
            }
        };
        let check = check_key(config, name, key).await;
        reports.push(KeyReport {
            name,
            source,
            note,
            check: Some(check),
        });
    }
    let config_file = paths.config_file();
    Report {
        config_found: config_file.exists(),
        config_file,
        sessions: paths.sessions_dir(),
        vault: keys.path().to_path_buf(),
        log: crate::logging::log_file(&paths.log_dir()),
        vault_errors,
        serves,
        keys: reports,
        payments_simulated,
    }
}

fn as_text(r: &Report, config: &Config, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "maya {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out)?;
    let state = if r.config_found {
        "found"
    } else {
        "not found: built-in defaults"
    };
    writeln!(out, "config file   {} ({state})", r.config_file.display())?;
    writeln!(out, "sessions      {}", r.sessions.display())?;
    writeln!(out, "keys vault    {}", r.vault.display())?;
    writeln!(out, "log           {}", r.log.display())?;
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
    writeln!(out)?;
    for e in &r.vault_errors {
        writeln!(out, "keys          cannot read stored keys: {e}")?;
    }
    writeln!(out, "Maya serves   {}", r.serves.1)?;
    writeln!(out)?;
    for k in &r.keys {
        let name = k.name;
        let Some(check) = &k.check else {
            writeln!(out, "{name:<10}  no key   (maya keys set {name})")?;
            continue;
        };
        let source = match (&k.source, k.note) {
            (Some(s), _) => source_text(s),
            (None, note) => note.unwrap_or_default().to_string(),
        };
        writeln!(out, "{name:<10}  {source}: {}", verdict_text(check))?;
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
fn as_json(r: &Report, config: &Config, findings: &Findings) -> serde_json::Value {
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
                   "message": message})
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
        },
        "serves": {"provider": r.serves.0, "reason": r.serves.1},
        "vault_errors": r.vault_errors,
        "keys": keys,
        "payments_simulated": r.payments_simulated,
    })
}
