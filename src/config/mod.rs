//! Configuration: built-in defaults < `config.toml` < `MAYA_*` environment < command-line flags.
//!
//! All layers are merged as TOML tables and deserialized once with `deny_unknown_fields`, so an
//! unknown key or a wrong type is an error that names where it came from (file and line, or the
//! environment variable) whatever layer it was in.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod layers;
mod load;
mod paths;
mod sections;
mod voice;

pub use load::Overrides;
pub use paths::Paths;
pub use sections::{
    AgentConfig, ColorChoice, GatewayChoice, PaymentsConfig, ProviderConfig, ProviderKind,
    RateConfig, SecurityConfig, StripeConfig, UiConfig,
};
pub use voice::{VoiceConfig, VoiceEngine};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Path to a menu TOML file replacing the built-in MOK 5-ha menu. Empty: built-in.
    pub menu: String,
    pub provider: ProviderConfig,
    pub agent: AgentConfig,
    pub security: SecurityConfig,
    pub rate: RateConfig,
    pub payments: PaymentsConfig,
    pub stripe: StripeConfig,
    pub ui: UiConfig,
    pub voice: VoiceConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    NoHome(String),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("environment variable {var}: {message}")]
    Env { var: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Ranges that types alone do not express.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |msg: String| Err(ConfigError::Invalid(msg));
        for (key, v) in [
            (
                "security.prompt_injection_threshold",
                self.security.prompt_injection_threshold,
            ),
            (
                "security.toxicity_threshold",
                self.security.toxicity_threshold,
            ),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{key} must be between 0 and 1, not {v}"));
            }
        }
        if !(0.0..=2.0).contains(&self.provider.temperature) {
            return bad(format!(
                "provider.temperature must be between 0 and 2, not {}",
                self.provider.temperature
            ));
        }
        if self.rate.messages_per_minute == 0 || self.rate.message_burst == 0 {
            return bad(
                "rate.messages_per_minute and rate.message_burst must be at least 1".into(),
            );
        }
        if self.rate.provider_requests_per_minute == 0 {
            return bad("rate.provider_requests_per_minute must be at least 1".into());
        }
        if self.agent.max_tool_rounds == 0 {
            return bad("agent.max_tool_rounds must be at least 1".into());
        }
        if self.agent.starting_balance.0 < 0 {
            return bad("agent.starting_balance cannot be negative".into());
        }
        crate::llm::endpoint::named_key(&self.provider)
            .map_err(|e| ConfigError::Invalid(e.message))?;
        self.voice.validate().map_err(ConfigError::Invalid)?;
        let pm = &self.stripe.test_payment_method;
        if !pm.starts_with("pm_") || !pm.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return bad(format!(
                "stripe.test_payment_method must be a Stripe test payment method such as \
                 pm_card_visa or pm_card_chargeDeclined, not {pm:?}"
            ));
        }
        Ok(())
    }

    /// The merged configuration as TOML, for `maya config show`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render config: {e}\n"))
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
