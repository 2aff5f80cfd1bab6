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
use crate::llm::endpoint;
use crate::llm::gemini::Gemini;
use crate::llm::openai::OpenAi;
use crate::payments::PaymentError;
use crate::payments::stripe::StripeGateway;
use crate::secrets::{KeyName, KeySource, KeyStore};
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
        cfg.key.clear();
    }
    cfg
}

/// Where the key `name` may be checked: the configured endpoint when the configuration sends
/// `name` there ([`endpoint::route`]), else its provider's own public endpoint. A labelled key
/// belongs to no public endpoint: unless the configuration names it, there is nowhere to ask.
pub fn check_config_for(config: &Config, name: &str) -> Result<ProviderConfig, String> {
    let key = KeyName::parse(name).map_err(|e| e.to_string())?;
    let kind = endpoint::kind_of_key(&key).ok_or("no model provider uses this key")?;
    let configured = ProviderConfig {
        kind,
        ..config.provider.clone()
    };
    if (config.provider.kind == ProviderKind::Auto || config.provider.kind == kind)
        && let Ok(route) = endpoint::route(&configured, kind)
        && route.key.as_deref() == Some(name)
    {
        return Ok(configured);
    }
    if key.label().is_some() {
        return Err(format!(
            "{name} is not named in [provider] key, so Maya does not know which server it is \
             for; set [provider] base_url and key = \"{name}\" (or MAYA_BASE_URL and \
             MAYA_KEY={name}) to check it there"
        ));
    }
    // Its own key, asked at its own host.
    let mut public = provider_config_for(config, kind);
    public.kind = kind;
    public.base_url.clear();
    public.key.clear();
    Ok(public)
}

/// Ask the service behind `name` (gemini, openai, anthropic, stripe; `openai:<label>` counts
/// as openai) whether it accepts `key`, at the endpoint the key is for.
pub async fn check_key(config: &Config, name: &str, key: Option<SecretString>) -> KeyCheck {
    // Stripe and Cartesia have one endpoint each, set in their own sections.
    if matches!(name, "stripe" | "cartesia") {
        return check_at(config, &config.provider, name, key).await;
    }
    match check_config_for(config, name) {
        Ok(cfg) => check_at(config, &cfg, name, key).await,
        Err(why) => KeyCheck::Unreachable(why),
    }
}

/// Ask the service behind `name` at `cfg`'s endpoint.
async fn check_at(
    config: &Config,
    cfg: &ProviderConfig,
    name: &str,
    key: Option<SecretString>,
) -> KeyCheck {
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
                let built = match (kind, key) {
                    (ProviderKind::Openai, key) => OpenAi::new(cfg, key).map(Checker::OpenAi),
                    (_, None) => return KeyCheck::Rejected("no key".into()),
                    (ProviderKind::Gemini, Some(k)) => Gemini::new(cfg, k).map(Checker::Gemini),
                    (_, Some(k)) => Anthropic::new(cfg, k).map(Checker::Anthropic),
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
    write_routes(out, config, &mut findings)?;
    writeln!(out)?;

    // Look every key up once; a vault that cannot be opened is reported (once), not fatal.
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
                let text = crate::security::terminal::sanitize_line(&e.to_string()).into_owned();
                if !vault_errors.contains(&text) {
                    writeln!(out, "keys          cannot read stored keys: {text}")?;
                    vault_errors.push(text);
                }
                found.push((name, None));
            }
        }
    }
    let with_key: Vec<String> = found
        .iter()
        .filter(|(_, k)| k.is_some())
        .map(|(n, _)| n.clone())
        .collect();
    let has = |name: &str| with_key.iter().any(|n| n == name);
    // Which key each provider would be sent, if any.
    let routed = |kind: ProviderKind| endpoint::route(p, kind).ok().and_then(|r| r.key);

    let choice = match p.kind {
        ProviderKind::Auto => match AUTO_ORDER
            .iter()
            .find(|k| routed(**k).is_some_and(|n| has(&n)))
        {
            Some(k) => format!(
                "auto picks {}: the first of gemini, openai, anthropic with a key for its endpoint",
                k.as_str()
            ),
            None => "auto picks the offline house bartender: no gemini, openai or anthropic key \
                     for its endpoint (add one with `maya keys set gemini`)"
                .into(),
        },
        ProviderKind::House => "the offline house bartender, as configured".into(),
        k => format!("{}, as configured", k.as_str()),
    };
    writeln!(out, "Maya serves   {choice}")?;
    let stripe_key = has("stripe");
    writeln!(out)?;

    // The configured OpenAI-compatible server when no key goes to it: asked without one.
    let keyless_openai = p.kind == ProviderKind::Openai && routed(ProviderKind::Openai).is_none();
    for (name, key) in found {
        let mut checks = Vec::new();
        match key {
            Some((k, s)) => {
                let mut source = source_text(&s);
                let kind = KeyName::parse(&name)
                    .ok()
                    .and_then(|n| endpoint::kind_of_key(&n));
                if kind == Some(p.kind) && routed(p.kind).as_deref() != Some(name.as_str()) {
                    source.push_str(", asked at its own host (it is not sent to base_url)");
                }
                checks.push((source, check_key(config, &name, Some(k)).await));
            }
            None if !(keyless_openai && name == "openai") => {
                writeln!(out, "{name:<10}  no key   (maya keys set {name})")?;
            }
            None => {}
        }
        if keyless_openai && name == "openai" {
            let check = check_at(config, p, "openai", None).await;
            checks.push(("no key (a local server may need none)".into(), check));
        }
        // Say what the check cost where it is not obvious.
        let how = if name == "cartesia" {
            " (checked with GET /voices, which uses no credits)"
        } else {
            ""
        };
        for (source, check) in checks {
            writeln!(out, "{name:<10}  {source}: {}{how}", verdict_text(&check))?;
            match check {
                KeyCheck::Accepted => {}
                KeyCheck::Rejected(_) => findings.rejected.push(name.clone()),
                KeyCheck::Unreachable(_) => findings.unreachable.push(name.clone()),
            }
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

/// Which key goes to which endpoint and why, for each provider Maya may serve with: the
/// configured one, or all three `auto` tries. A route that cannot be taken (a key named for
/// plain http to another machine, a bad base_url) fails the doctor.
fn write_routes(out: &mut dyn Write, config: &Config, findings: &mut Findings) -> io::Result<()> {
    let p = &config.provider;
    let named_kind = endpoint::named_key(p)
        .ok()
        .flatten()
        .and_then(|n| endpoint::kind_of_key(&n));
    let kinds = match (p.kind, named_kind) {
        (ProviderKind::House, _) => {
            return writeln!(
                out,
                "key route     none: the house bartender sends nothing anywhere"
            );
        }
        (ProviderKind::Auto, Some(kind)) => vec![kind],
        (ProviderKind::Auto, None) => AUTO_ORDER.to_vec(),
        (kind, _) => vec![kind],
    };
    let clean = crate::llm::http::clean;
    for kind in kinds {
        match endpoint::route(p, kind) {
            Ok(r) => writeln!(
                out,
                "key route     {} → {}: {}",
                r.key.as_deref().unwrap_or("no key"),
                clean(&r.base),
                r.why
            )?,
            Err(e) => {
                writeln!(
                    out,
                    "key route     {}: REFUSED: {}",
                    kind.as_str(),
                    clean(&e.message)
                )?;
                findings
                    .rejected
                    .push(format!("{} key route", kind.as_str()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(kind: ProviderKind, base_url: &str, key: &str) -> Config {
        let mut c = Config::default();
        c.provider.kind = kind;
        c.provider.base_url = base_url.into();
        c.provider.key = key.into();
        c
    }

    const ROUTER: &str = "https://openrouter.ai/api/v1";

    #[test]
    fn a_key_is_checked_only_where_it_may_be_sent() {
        // The OpenAI key, with base_url elsewhere and not named for it: asked at OpenAI.
        let c = config(ProviderKind::Openai, ROUTER, "");
        assert_eq!(check_config_for(&c, "openai").unwrap().base_url, "");
        // Named for it: asked there.
        let c = config(ProviderKind::Openai, ROUTER, "openai");
        assert_eq!(check_config_for(&c, "openai").unwrap().base_url, ROUTER);
        // A labelled key: where it is named, and nowhere else.
        let c = config(ProviderKind::Openai, ROUTER, "openai:openrouter");
        assert_eq!(
            check_config_for(&c, "openai:openrouter").unwrap().base_url,
            ROUTER
        );
        assert_eq!(check_config_for(&c, "openai").unwrap().base_url, "");
        let err = check_config_for(&config(ProviderKind::Auto, "", ""), "openai:work").unwrap_err();
        assert!(err.contains("key = \"openai:work\""), "{err}");
        // Another provider's base_url says nothing about Gemini.
        let c = config(ProviderKind::Openai, "http://localhost:11434/v1", "");
        let g = check_config_for(&c, "gemini").unwrap();
        assert_eq!((g.kind, g.base_url.as_str()), (ProviderKind::Gemini, ""));
        // A Gemini gateway named for the Gemini key.
        let c = config(ProviderKind::Gemini, "https://gw.example/v1beta", "gemini");
        assert_eq!(
            check_config_for(&c, "gemini").unwrap().base_url,
            "https://gw.example/v1beta"
        );
    }

    #[tokio::test]
    async fn a_labelled_key_nobody_named_is_not_sent_anywhere_to_be_checked() {
        let check = check_key(
            &Config::default(),
            "openai:work",
            Some(SecretString::from("sk-work-0123456789abcdefghij")),
        )
        .await;
        assert!(
            matches!(&check, KeyCheck::Unreachable(m) if m.contains("not named")),
            "{check:?}"
        );
    }
}
