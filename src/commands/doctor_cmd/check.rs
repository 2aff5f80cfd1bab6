//! The checks behind `maya doctor` and `maya keys set --check`: where a key may be asked
//! whether it works ([`check_config_for`]) and the asking, at most [`CHECK_TIMEOUT`] each.

use std::time::Duration;

use secrecy::SecretString;

use crate::config::{Config, ProviderConfig, ProviderKind};
use crate::llm::KeyCheck;
use crate::llm::anthropic::Anthropic;
use crate::llm::endpoint;
use crate::llm::gemini::Gemini;
use crate::llm::openai::OpenAi;
use crate::payments::PaymentError;
use crate::payments::stripe::StripeGateway;
use crate::secrets::KeyName;

/// No single check may hold the doctor up longer than this.
const CHECK_TIMEOUT: Duration = Duration::from_secs(15);

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
pub(super) async fn check_at(
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

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
