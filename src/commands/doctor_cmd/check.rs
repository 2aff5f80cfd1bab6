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
