//! Key names, what each provider's keys look like, and how a key is shown masked.
//!
//! Nothing here holds a key longer than a call; the functions take `&str` views of secrets the
//! caller keeps in `secrecy` types.

use std::fmt;

use super::SecretsError;

/// The providers whose keys Maya stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Gemini,
    Openai,
    Anthropic,
    Stripe,
    /// Maya's voice (text to speech), not a model provider.
    Cartesia,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Gemini,
        Provider::Openai,
        Provider::Anthropic,
        Provider::Stripe,
        Provider::Cartesia,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Gemini => "gemini",
            Provider::Openai => "openai",
            Provider::Anthropic => "anthropic",
            Provider::Stripe => "stripe",
            Provider::Cartesia => "cartesia",
        }
    }

    /// Environment variables that override a stored key, in the order they are consulted.
    pub fn env_vars(self) -> &'static [&'static str] {
        match self {
            Provider::Gemini => &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
            Provider::Openai => &["OPENAI_API_KEY"],
            Provider::Anthropic => &["ANTHROPIC_API_KEY"],
            Provider::Stripe => &["STRIPE_SECRET_KEY"],
            Provider::Cartesia => &["CARTESIA_API_KEY"],
        }
    }

    /// What a well-formed key starts with, for messages.
    fn expected_shape(self) -> &'static str {
        match self {
            Provider::Gemini => "AIza…",
            Provider::Openai => "sk-…",
            Provider::Anthropic => "sk-ant-…",
            Provider::Stripe => "sk_test_… or rk_test_…",
            Provider::Cartesia => "sk_car_…",
        }
    }
}

/// A validated key name: `gemini`, `openai`, `anthropic`, `stripe`, `cartesia`, or `openai:<label>` for an
/// extra OpenAI-compatible endpoint (OpenRouter, a local vLLM, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyName {
    provider: Provider,
    label: Option<String>,
}

impl KeyName {
    pub const MAX_LABEL: usize = 32;

    pub fn parse(name: &str) -> Result<KeyName, SecretsError> {
        let unknown = || SecretsError::UnknownName {
            name: name.chars().take(64).collect(),
        };
        let (base, label) = match name.split_once(':') {
            Some((b, l)) => (b, Some(l)),
            None => (name, None),
        };
        let provider = Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == base)
            .ok_or_else(unknown)?;
        let label = match label {
            None => None,
            Some(l) => {
                // Labels name extra OpenAI-compatible endpoints; the other providers have one
                // endpoint each, so a label on them is a typo rather than a feature.
                let valid = provider == Provider::Openai
                    && !l.is_empty()
                    && l.len() <= Self::MAX_LABEL
                    && l.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                    });
                if !valid {
                    return Err(unknown());
                }
                Some(l.to_string())
            }
        };
        Ok(KeyName { provider, label })
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// Environment variables that override this key. Labelled keys have none: the well-known
    /// variables belong to the provider's main endpoint.
    pub fn env_vars(&self) -> &'static [&'static str] {
        if self.label.is_some() {
            &[]
        } else {
            self.provider.env_vars()
        }
    }
}

impl fmt::Display for KeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(l) => write!(f, "{}:{l}", self.provider.as_str()),
            None => f.write_str(self.provider.as_str()),
        }
    }
}

/// The verdict on a key's shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Looks like this provider's key.
    Ok,
    /// Does not look like this provider's key; stored anyway after a warning.
    Unusual(String),
}

/// Check a key against its provider's shape. Refusals are errors; unusual shapes a warning text.
/// Messages never quote the key beyond its masked form.
pub fn check_shape(name: &KeyName, key: &str) -> Result<Shape, SecretsError> {
    let refuse = |reason: String| {
        Err(SecretsError::Refused {
            name: name.to_string(),
            reason,
        })
    };
    if key.is_empty() {
        return refuse("the key is empty".into());
    }
    // Real API keys are printable ASCII; anything else is a paste accident (a stray space, a
    // smart quote) and would also be unsafe in an HTTP header.
    if let Some(c) = key.chars().find(|c| !c.is_ascii_graphic()) {
        let what = if c.is_whitespace() {
            "whitespace".to_string()
        } else {
            format!("the character U+{:04X}", c as u32)
        };
        return refuse(format!(
            "it contains {what}; API keys are a single word of printable ASCII"
        ));
    }
    if key.len() > 512 {
        return refuse(format!(
            "it is {} characters long; API keys are far shorter",
            key.len()
        ));
    }
    let provider = name.provider();
    if provider == Provider::Stripe {
        if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
            return refuse(
                "it is a live-mode Stripe key; Maya only takes test-mode keys (sk_test_… or \
                 rk_test_…) so no real card is ever charged"
                    .into(),
            );
        }
        if key.starts_with("pk_") {
            return refuse(
                "it is a publishable key (pk_…); Maya needs the secret key, sk_test_… or \
                 rk_test_…, from the Stripe dashboard's test mode"
                    .into(),
            );
        }
    }
    let fits = match provider {
        Provider::Gemini => key.starts_with("AIza"),
        Provider::Openai => key.starts_with("sk-") && !key.starts_with("sk-ant-"),
        Provider::Anthropic => key.starts_with("sk-ant-"),
        Provider::Stripe => key.starts_with("sk_test_") || key.starts_with("rk_test_"),
        Provider::Cartesia => key.starts_with("sk_car_"),
    };
    if fits {
        return Ok(Shape::Ok);
    }
    let mut warning = format!(
        "this does not look like a key for {} (expected {}, got {})",
        provider.as_str(),
        provider.expected_shape(),
        mask(key)
    );
    if let Some(other) = guess_provider(key)
        && other != provider
    {
        warning.push_str(&format!("; it looks like a key for {}", other.as_str()));
    }
    Ok(Shape::Unusual(warning))
}

fn guess_provider(key: &str) -> Option<Provider> {
    if key.starts_with("AIza") {
        Some(Provider::Gemini)
    } else if key.starts_with("sk-ant-") {
        Some(Provider::Anthropic)
    } else if key.starts_with("sk_car_") {
        Some(Provider::Cartesia)
    } else if key.starts_with("sk_") || key.starts_with("rk_") {
        Some(Provider::Stripe)
    } else if key.starts_with("sk-") {
        Some(Provider::Openai)
    } else {
        None
    }
}

/// `AIzaSyD…9xQ`-style masking: the first four characters (the public shape prefix of every
/// supported provider) and the last three. Keys too short to hide at least eight characters that
/// way show only `…`.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 4 + 3 + 8 {
        return "…".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 3..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
