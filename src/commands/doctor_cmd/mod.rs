//! `maya doctor`: what Maya would do and whether the keys work, without spending tokens.
//!
//! Prints the resolved paths and settings, which key goes to which endpoint, which provider
//! `auto` would pick and why, and asks each provider that has a key whether it accepts it
//! (Gemini `GET models?pageSize=1`, OpenAI-compatible `GET /models`, Anthropic
//! `GET /v1/models`, Stripe `GET /v1/balance`, Cartesia `GET /voices`, which costs no
//! credits), and which voice engine and audio player Maya would speak with. The same checks
//! back `maya keys set --check`.
//!
//! One [`Report`] is gathered and then printed, as text or as JSON (docs/json.md), so the two
//! always say the same.

mod check;
mod show;

use std::io::{self, Write};
use std::path::PathBuf;

pub use check::{check_config_for, check_key, provider_config_for};

use secrecy::SecretString;

use crate::config::{Config, Paths, ProviderConfig, ProviderKind};
use crate::llm::{KeyCheck, endpoint};
use crate::secrets::{KeyName, KeySource, KeyStore};
use crate::startup::AUTO_ORDER;

/// What a doctor run found: keys that were refused make `maya doctor` exit non-zero.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub rejected: Vec<String>,
    pub unreachable: Vec<String>,
}

/// Which key goes to one provider's endpoint and why; `Err` when none may (a key named for
/// plain http to another machine, a bad base_url), which fails the doctor.
struct RouteReport {
    provider: &'static str,
    route: Result<endpoint::Endpoint, String>,
}

/// One check of one key: where the key came from and what the service said. `check` is
/// `None` when there is no key to check.
struct KeyReport {
    name: String,
    source: Option<KeySource>,
    /// Said with the source, or instead of one: "asked at its own host (…)", "no key (a local
    /// server may need none)".
    note: Option<&'static str>,
    check: Option<KeyCheck>,
}

/// Everything the doctor found.
struct Report {
    config_file: PathBuf,
    config_found: bool,
    sessions: PathBuf,
    vault: PathBuf,
    log: PathBuf,
    /// Empty when the house bartender serves: it sends nothing anywhere.
    routes: Vec<RouteReport>,
    vault_errors: Vec<String>,
    /// The provider Maya serves with, and why.
    serves: (&'static str, String),
    keys: Vec<KeyReport>,
    payments_simulated: bool,
    /// (label, text): whether voice is on, its engine and its player.
    voice: Vec<(&'static str, String)>,
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
    for r in &report.routes {
        if r.route.is_err() {
            findings.rejected.push(format!("{} key route", r.provider));
        }
    }
    for k in &report.keys {
        match &k.check {
            Some(KeyCheck::Rejected(_)) => findings.rejected.push(k.name.clone()),
            Some(KeyCheck::Unreachable(_)) => findings.unreachable.push(k.name.clone()),
            _ => {}
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &show::as_json(&report, config, &findings))?;
        writeln!(out)?;
    } else {
        show::as_text(&report, config, out)?;
    }
    Ok(findings)
}

/// Which key goes to which endpoint and why, for each provider Maya may serve with: the
/// configured one, or all three `auto` tries.
fn routes(config: &Config) -> Vec<RouteReport> {
    let p = &config.provider;
    let named_kind = endpoint::named_key(p)
        .ok()
        .flatten()
        .and_then(|n| endpoint::kind_of_key(&n));
    let kinds = match (p.kind, named_kind) {
        (ProviderKind::House, _) => vec![],
        (ProviderKind::Auto, Some(kind)) => vec![kind],
        (ProviderKind::Auto, None) => AUTO_ORDER.to_vec(),
        (kind, _) => vec![kind],
    };
    kinds
        .into_iter()
        .map(|kind| RouteReport {
            provider: kind.as_str(),
            route: endpoint::route(p, kind).map_err(|e| e.message),
        })
        .collect()
}

/// A key looked up, with where it came from; `None` when it is not set or cannot be read.
type Found = (String, Option<(SecretString, KeySource)>);

/// Every key the doctor asks about, looked up once; a vault that cannot be opened is reported
/// (once per distinct error), not fatal.
fn look_up_keys(p: &ProviderConfig, keys: &KeyStore) -> (Vec<Found>, Vec<String>) {
    let mut names: Vec<String> = ["gemini", "openai", "anthropic", "stripe", "cartesia"]
        .map(String::from)
        .into();
    if let Ok(Some(named)) = endpoint::named_key(p)
        && named.label().is_some()
    {
        names.insert(2, named.to_string());
    }
    let mut found = Vec::new();
    let mut vault_errors: Vec<String> = Vec::new();
    for name in names {
        match keys.get_with_source(&name) {
            Ok(k) => found.push((name, k)),
            Err(e) => {
                // Vault errors can quote the (possibly tampered) file.
                let text = crate::terminal::sanitize_line(&e.to_string()).into_owned();
                if !vault_errors.contains(&text) {
                    vault_errors.push(text);
                }
                found.push((name, None));
            }
        }
    }
    (found, vault_errors)
}

/// Which key each provider would be sent, if any.
fn routed(p: &ProviderConfig, kind: ProviderKind) -> Option<String> {
    endpoint::route(p, kind).ok().and_then(|r| r.key)
}

/// The provider Maya would serve with, and why.
fn who_serves(p: &ProviderConfig, has: &dyn Fn(&str) -> bool) -> (&'static str, String) {
    match p.kind {
        ProviderKind::Auto => match AUTO_ORDER
            .iter()
            .find(|k| routed(p, **k).is_some_and(|n| has(&n)))
        {
            Some(k) => (
                k.as_str(),
                format!(
                    "auto picks {}: the first of gemini, openai, anthropic with a key for its endpoint",
                    k.as_str()
                ),
            ),
            None => (
                ProviderKind::House.as_str(),
                "auto picks the offline house bartender: no gemini, openai or anthropic key \
                 for its endpoint (add one with `maya keys set gemini`)"
                    .into(),
            ),
        },
        ProviderKind::House => (
            ProviderKind::House.as_str(),
            "the offline house bartender, as configured".into(),
        ),
        k => (k.as_str(), format!("{}, as configured", k.as_str())),
    }
}

/// Each key found, asked at its service; a configured OpenAI-compatible server that no key
/// goes to is asked without one.
async fn check_keys(config: &Config, found: Vec<Found>) -> Vec<KeyReport> {
    let p = &config.provider;
    let keyless_openai =
        p.kind == ProviderKind::Openai && routed(p, ProviderKind::Openai).is_none();
    let mut reports = Vec::new();
    for (name, key) in found {
        match key {
            Some((k, source)) => {
                let kind = KeyName::parse(&name)
                    .ok()
                    .and_then(|n| endpoint::kind_of_key(&n));
                let note = (kind == Some(p.kind) && routed(p, p.kind).as_deref() != Some(&name))
                    .then_some("asked at its own host (it is not sent to base_url)");
                let check = check_key(config, &name, Some(k)).await;
                reports.push(KeyReport {
                    name: name.clone(),
                    source: Some(source),
                    note,
                    check: Some(check),
                });
            }
            None if !(keyless_openai && name == "openai") => reports.push(KeyReport {
                name: name.clone(),
                source: None,
                note: None,
                check: None,
            }),
            None => {}
        }
        if keyless_openai && name == "openai" {
            let check = check::check_at(config, p, "openai", None).await;
            reports.push(KeyReport {
                name,
                source: None,
                note: Some("no key (a local server may need none)"),
                check: Some(check),
            });
        }
    }
    reports
}

async fn examine(paths: &Paths, config: &Config, keys: &KeyStore) -> Report {
    let p = &config.provider;
    let (found, vault_errors) = look_up_keys(p, keys);
    let has = |name: &str| found.iter().any(|(n, k)| n == name && k.is_some());
    let serves = who_serves(p, &has);
    let payments_simulated = !has("stripe");
    let voice = crate::voice::describe(&config.voice, has("cartesia"));
    let reports = check_keys(config, found).await;
    let config_file = paths.config_file();
    Report {
        config_found: config_file.exists(),
        config_file,
        sessions: paths.sessions_dir(),
        vault: keys.path().to_path_buf(),
        log: crate::logging::log_file(&paths.log_dir()),
        routes: routes(config),
        vault_errors,
        serves,
        keys: reports,
        payments_simulated,
        voice,
    }
}
