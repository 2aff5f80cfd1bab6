//! `maya doctor`: what Maya would do and whether the keys work, without spending tokens.
//!
//! Prints the resolved paths and settings, which provider `auto` would pick and why, and asks
//! each provider that has a key whether it accepts it (Gemini `GET models?pageSize=1`,
//! OpenAI-compatible `GET /models`, Anthropic `GET /v1/models`, Stripe `GET /v1/balance`,
//! Cartesia `GET /voices`, which costs no credits), and which voice engine and audio player
//! Maya would speak with. The same checks back `maya keys set --check`.

use std::io::{self, Write};
use std::time::Duration;

use secrecy::SecretString;

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
            "cartesia" => {
                let Some(key) = key else {
                    return KeyCheck::Rejected("no key".into());
                };
                match crate::voice::cartesia::Cartesia::new(&config.voice, key) {
                    Ok(c) => c.check().await,
                    Err(e) => KeyCheck::Rejected(e.to_string()),
                }
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

pub async fn run(
    paths: &Paths,
    config: &Config,
    keys: &KeyStore,
    out: &mut dyn Write,
) -> io::Result<Findings> {
    let mut findings = Findings::default();
    writeln!(out, "maya {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out)?;
    let config_file = paths.config_file();
    let state = if config_file.exists() {
        "found"
    } else {
        "not found: built-in defaults"
    };
    writeln!(out, "config file   {} ({state})", config_file.display())?;
    writeln!(out, "sessions      {}", paths.sessions_dir().display())?;
    writeln!(out, "keys vault    {}", keys.path().display())?;
    writeln!(
        out,
        "log           {}",
        crate::logging::log_file(&paths.log_dir()).display()
    )?;
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

    // Look every key up once; a vault that cannot be opened is reported (once), not fatal.
    let mut found = Vec::new();
    let mut vault_errors: Vec<String> = Vec::new();
    for name in ["gemini", "openai", "anthropic", "stripe", "cartesia"] {
        match keys.get_with_source(name) {
            Ok(k) => found.push((name, k)),
            Err(e) => {
                // Vault errors can quote the (possibly tampered) file.
                let text = crate::security::terminal::sanitize_line(&e.to_string()).into_owned();
                if !vault_errors.contains(&text) {
                    writeln!(out, "keys          cannot read stored keys: {text}")?;
                    vault_errors.push(text);
                }
                found.push((name, None));
            }
        }
    }
    let with_key: Vec<&str> = found
        .iter()
        .filter(|(_, k)| k.is_some())
        .map(|(n, _)| *n)
        .collect();
    let has = |name: &str| with_key.contains(&name);

    let choice = match p.kind {
        ProviderKind::Auto => match AUTO_ORDER.iter().find(|k| has(k.as_str())) {
            Some(k) => format!(
                "auto picks {}: the first of gemini, openai, anthropic with a key",
                k.as_str()
            ),
            None => "auto picks the offline house bartender: no gemini, openai or anthropic key \
                     (add one with `maya keys set gemini`)"
                .into(),
        },
        ProviderKind::House => "the offline house bartender, as configured".into(),
        k => format!("{}, as configured", k.as_str()),
    };
    writeln!(out, "Maya serves   {choice}")?;
    let stripe_key = has("stripe");
    writeln!(out)?;

    for (name, key) in found {
        let local_openai = name == "openai" && p.kind == ProviderKind::Openai;
        let (key, source) = match key {
            Some((k, s)) => (Some(k), source_text(&s)),
            None if local_openai => (None, "no key (a local server may need none)".into()),
            None => {
                writeln!(out, "{name:<10}  no key   (maya keys set {name})")?;
                continue;
            }
        };
        let check = check_key(config, name, key).await;
        // Say what the check cost where it is not obvious.
        let how = if name == "cartesia" {
            " (checked with GET /voices, which uses no credits)"
        } else {
            ""
        };
        writeln!(out, "{name:<10}  {source}: {}{how}", verdict_text(&check))?;
        match check {
            KeyCheck::Accepted => {}
            KeyCheck::Rejected(_) => findings.rejected.push(name.to_string()),
            KeyCheck::Unreachable(_) => findings.unreachable.push(name.to_string()),
        }
    }
    if !stripe_key {
        writeln!(
            out,
            "            payments are simulated until a Stripe test key is set"
        )?;
    }
    writeln!(out)?;
    for (label, text) in crate::voice::describe(&config.voice, has("cartesia")) {
        writeln!(out, "{label:<13} {}", crate::llm::http::clean(&text))?;
    }
    Ok(findings)
}
