//! Which key goes to which endpoint, and why.
//!
//! A key is sent only where it belongs:
//! - a provider's default key (`openai`, `gemini`, `anthropic`, or the environment variable
//!   that overrides it) goes only to that provider's own host, over https;
//! - any other `base_url` gets a key only when the user names one for it: `[provider] key =
//!   "openai:openrouter"` (or `--key`, `MAYA_KEY`), which may also be the default key itself;
//! - a key never crosses the network over plain http; a server on this machine may have one.
//!
//! No client follows a redirect ([`crate::net`]), so a key cannot be moved elsewhere after the
//! fact either. The provider constructors check the last rule again for themselves.

use reqwest::Url;

use super::{ProviderError, ProviderErrorKind};
use crate::config::{ProviderConfig, ProviderKind};
use crate::secrets::{KeyName, Provider as KeyProvider};

/// Where one provider's requests go, and which key (if any) goes with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub kind: ProviderKind,
    /// The base URL as configured, or the provider's public one when none is.
    pub base: String,
    /// The name of the key to send (`openai`, `openai:openrouter`, `gemini`, …), if any.
    pub key: Option<String>,
    /// Why that key, or why none: for `maya doctor` and for the error when a key is needed.
    pub why: String,
}

/// The host a provider's default key belongs to, and its public base URL.
pub fn home(kind: ProviderKind) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        ProviderKind::Gemini => (
            "generativelanguage.googleapis.com",
            super::gemini::DEFAULT_BASE_URL,
        ),
        ProviderKind::Openai => ("api.openai.com", super::openai::DEFAULT_BASE_URL),
        ProviderKind::Anthropic => ("api.anthropic.com", super::anthropic::DEFAULT_BASE_URL),
        ProviderKind::Auto | ProviderKind::House => return None,
    })
}

/// The model provider a key name belongs to (`openai:openrouter` → OpenAI); `None` for the
/// keys of payments and voice.
pub fn kind_of_key(name: &KeyName) -> Option<ProviderKind> {
    match name.provider() {
        KeyProvider::Gemini => Some(ProviderKind::Gemini),
        KeyProvider::Openai => Some(ProviderKind::Openai),
        KeyProvider::Anthropic => Some(ProviderKind::Anthropic),
        KeyProvider::Stripe | KeyProvider::Cartesia => None,
    }
}

/// The key named by `[provider] key` (or `--key`, `MAYA_KEY`), if one is, checked to be a
/// model provider's key.
pub fn named_key(cfg: &ProviderConfig) -> Result<Option<KeyName>, ProviderError> {
    let raw = cfg.key.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let name = KeyName::parse(raw).map_err(|e| auth(format!("[provider] key: {e}")))?;
    if kind_of_key(&name).is_none() {
        return Err(auth(format!(
            "[provider] key = \"{name}\" is not a model provider's key (it is for payments or \
             voice); name gemini, openai, openai:<label> or anthropic, or leave it empty"
        )));
    }
    Ok(Some(name))
}

/// Where `kind`'s requests go under `cfg`, and with which key.
pub fn route(cfg: &ProviderConfig, kind: ProviderKind) -> Result<Endpoint, ProviderError> {
    let Some((home_host, public)) = home(kind) else {
        return Err(auth(format!(
            "{} has no endpoint to send a key to",
            kind.as_str()
        )));
    };
    let default_key = kind.as_str();
    let base = match cfg.base_url.trim() {
        "" => public.to_string(),
        b => b.to_string(),
    };
    let named = named_key(cfg)?;
    let url = check_base(kind.as_str(), &base, named.is_some())?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let endpoint = |key: Option<String>, why: String| Endpoint {
        kind,
        base: base.clone(),
        key,
        why,
    };
    if let Some(name) = named {
        if kind_of_key(&name) != Some(kind) {
            return Err(auth(format!(
                "[provider] key = \"{name}\" is not a {kind} key, but the provider is {kind}; \
                 name a {kind} key there, or change [provider] kind",
                kind = kind.as_str()
            )));
        }
        return Ok(endpoint(
            Some(name.to_string()),
            "named for this base_url by [provider] key (or --key / MAYA_KEY)".into(),
        ));
    }
    if url.scheme() == "https" && host == home_host && url.port().is_none() {
        return Ok(endpoint(
            Some(default_key.to_string()),
            format!("{home_host} is {}'s own host", label(kind)),
        ));
    }
    let plain_remote = url.scheme() == "http" && !crate::net::is_loopback(&url);
    let why = if plain_remote {
        format!(
            "{host} is reached over plain http, so no key is sent there; for a server that \
             needs a key, use https:// in base_url, then name its key in [provider] key"
        )
    } else {
        format!(
            "the {default_key} key goes only to {home_host}; {}",
            how_to_name(kind, &host)
        )
    };
    Ok(endpoint(None, why))
}

/// What to run and write so a key goes to `host`.
pub fn how_to_name(kind: ProviderKind, host: &str) -> String {
    match kind {
        ProviderKind::Openai => {
            let l = suggested_label(host);
            format!(
                "to send a key to {host}, store one with `maya keys set openai:{l}` and set \
                 [provider] key = \"openai:{l}\" in config.toml (or MAYA_KEY=openai:{l}); to \
                 send your OpenAI key there, key = \"openai\""
            )
        }
        k => format!(
            "to send your {} key to {host}, set [provider] key = \"{k}\" in config.toml (or \
             --key {k} / MAYA_KEY={k})",
            label(k),
            k = k.as_str()
        ),
    }
}

/// A label to suggest for a host: `openrouter.ai` → `openrouter`, `api.together.xyz` →
/// `together`, this machine → `local`.
pub fn suggested_label(host: &str) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok() {
        return "local".into();
    }
    let labels: Vec<&str> = host.split('.').collect();
    // The last label is the top-level domain, unless it is all there is.
    let candidates = match labels.len() {
        1 => &labels[..],
        n => &labels[..n - 1],
    };
    let word = candidates
        .iter()
        .find(|w| !matches!(**w, "api" | "www" | ""))
        .unwrap_or(&"");
    let label: String = word
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_')
        .take(KeyName::MAX_LABEL)
        .collect();
    if label.is_empty() {
        "<label>".into()
    } else {
        label
    }
}

/// A base URL fit to send requests to: http(s), a host, no user name, query or fragment (the
/// paths are appended to it), and, when it will carry a key, https unless it is this machine.
pub fn check_base(provider: &str, base: &str, carries_key: bool) -> Result<Url, ProviderError> {
    // Shown without a user name or password, should it carry them.
    let shown = || {
        let text = match Url::parse(base.trim()) {
            Ok(mut u) => {
                let _ = u.set_username("");
                let _ = u.set_password(None);
                u.to_string()
            }
            Err(_) => base.trim().to_string(),
        };
        super::http::clean(&text)
    };
    let bad = |why: &str| {
        ProviderError::new(
            ProviderErrorKind::Server,
            format!(
                "[provider] base_url {:?} for {provider} {why}; write it like \
                 https://openrouter.ai/api/v1 or http://localhost:11434/v1",
                shown()
            ),
        )
    };
    // "localhost:11434" parses as a URL of scheme "localhost": ask for http(s) and a host.
    let url = Url::parse(base.trim()).map_err(|_| bad("is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad("is not an http(s) URL with a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "carries a user name or password; keys go in the vault: maya keys set",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not carry a query (?…) or fragment (#…)"));
    }
    if carries_key && url.scheme() == "http" && !crate::net::is_loopback(&url) {
        return Err(auth(format!(
            "[provider] base_url {} is plain http to another machine: the key would cross the \
             network unencrypted, so it is never sent there. Use https://, or a server on this \
             machine (localhost, 127.0.0.1), or leave [provider] key empty for a server that \
             needs none",
            shown()
        )));
    }
    Ok(url)
}

fn label(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Gemini => "Gemini",
        ProviderKind::Openai => "OpenAI",
        ProviderKind::Anthropic => "Anthropic",
        ProviderKind::Auto | ProviderKind::House => "the house",
    }
}

fn auth(message: String) -> ProviderError {
    ProviderError::new(ProviderErrorKind::Auth, message)
}

#[cfg(test)]
#[path = "endpoint_tests.rs"]
mod tests;
