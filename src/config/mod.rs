//! Configuration: built-in defaults < `config.toml` < `MAYA_*` environment < command-line flags.
//!
//! All layers are merged as TOML tables and deserialized once with `deny_unknown_fields`, so an
//! unknown key or a wrong type is an error that names where it came from (file and line, or the
//! environment variable) whatever layer it was in.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::money::Cents;

mod layers;
mod voice;

pub use voice::{VoiceConfig, VoiceEngine};

pub(crate) use layers::unprintable;
use layers::{describe_toml_error, env_key, merge, parse_env_switch, set_path};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Auto,
    House,
    Gemini,
    Openai,
    Anthropic,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Auto => "auto",
            ProviderKind::House => "house",
            ProviderKind::Gemini => "gemini",
            ProviderKind::Openai => "openai",
            ProviderKind::Anthropic => "anthropic",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// Model name; empty means the provider's default.
    pub model: String,
    /// API base URL; empty means the provider's public endpoint.
    pub base_url: String,
    /// The stored key sent to `base_url` (`openai:openrouter`); empty: the provider's default
    /// key, and only to its own host (llm::endpoint).
    pub key: String,
    pub temperature: f32,
    pub max_output_tokens: u32,
    /// How many recent history messages are sent with each request.
    pub context_messages: usize,
    pub connect_timeout_secs: u64,
    pub first_byte_timeout_secs: u64,
    pub idle_timeout_secs: u64,
    /// Longest answer, request to last byte: a server that drips forever is cut off.
    pub reply_timeout_secs: u64,
    /// Caps on what one answer may hold in memory, in bytes: a line of the stream, one event
    /// (its `data:` lines joined), and the whole body.
    pub max_line_bytes: usize,
    pub max_event_bytes: usize,
    pub max_reply_bytes: usize,
    /// Delay between words of the offline house bartender, in milliseconds (at most: a reply
    /// is paced within 0.7 s, and her canned greeting is not paced at all).
    pub house_word_delay_ms: u64,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        ProviderConfig {
            kind: ProviderKind::Auto,
            model: String::new(),
            base_url: String::new(),
            key: String::new(),
            temperature: 0.7,
            max_output_tokens: 1024,
            context_messages: 40,
            connect_timeout_secs: 10,
            first_byte_timeout_secs: 60,
            idle_timeout_secs: 60,
            reply_timeout_secs: 600,
            max_line_bytes: 4 << 20,
            max_event_bytes: 16 << 20,
            max_reply_bytes: 64 << 20,
            house_word_delay_ms: 18,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgentConfig {
    /// The guest's balance at the start of a new session.
    #[serde(with = "crate::money::as_text")]
    pub starting_balance: Cents,
    /// Model tool rounds per turn before the turn is ended.
    pub max_tool_rounds: u32,
    /// When the model's orders in one turn (since the guest's message) add up to more than
    /// this many drinks, the guest is asked first.
    pub confirm_over_drinks: u32,
    /// When the model's orders in one turn add up to more than this amount, the guest is
    /// asked first.
    #[serde(with = "crate::money::as_text")]
    pub confirm_over_amount: Cents,
}

impl Default for AgentConfig {
    fn default() -> Self {
        AgentConfig {
            starting_balance: Cents::from_dollars(1000),
            max_tool_rounds: 8,
            confirm_over_drinks: 5,
            confirm_over_amount: Cents::from_dollars(50),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    pub prompt_injection_enabled: bool,
    pub prompt_injection_threshold: f32,
    pub toxicity_enabled: bool,
    pub toxicity_threshold: f32,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            prompt_injection_enabled: true,
            prompt_injection_threshold: 0.5,
            toxicity_enabled: true,
            toxicity_threshold: 0.5,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateConfig {
    /// Guest messages per minute, per session.
    pub messages_per_minute: u32,
    /// Messages allowed in a quick burst (within 10 s).
    pub message_burst: u32,
    /// Requests to the model provider per minute, across all sessions of this process.
    pub provider_requests_per_minute: u32,
}

impl Default for RateConfig {
    fn default() -> Self {
        RateConfig {
            messages_per_minute: 10,
            message_burst: 5,
            provider_requests_per_minute: 60,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayChoice {
    Auto,
    Stripe,
    Simulated,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaymentsConfig {
    pub gateway: GatewayChoice,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        PaymentsConfig {
            gateway: GatewayChoice::Auto,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StripeConfig {
    pub api_base: String,
    pub currency: String,
    pub success_url: String,
    pub cancel_url: String,
    /// The Stripe test payment method `t` pays with in the overlay: `pm_card_visa` pays,
    /// `pm_card_chargeDeclined` shows a decline.
    pub test_payment_method: String,
}

impl Default for StripeConfig {
    fn default() -> Self {
        StripeConfig {
            api_base: "https://api.stripe.com".into(),
            currency: "usd".into(),
            success_url: "https://example.com/mok5ha/paid?session_id={CHECKOUT_SESSION_ID}".into(),
            cancel_url: "https://example.com/mok5ha/cancelled".into(),
            test_payment_method: "pm_card_visa".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// "auto" follows NO_COLOR and the terminal; "never" draws without colour.
    pub color: ColorChoice,
    /// Show Maya's portrait in the side panel when there is room.
    pub portrait: bool,
    /// Largest paste accepted into the composer, in bytes; longer pastes are cut with a notice.
    pub max_paste_bytes: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            color: ColorChoice::Auto,
            portrait: true,
            max_paste_bytes: 64 * 1024,
        }
    }
}

/// Where Maya keeps things. Each directory can be moved with an environment variable, which is
/// how tests stay out of the user's home.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
}

impl Paths {
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    pub fn credentials_file(&self) -> PathBuf {
        self.data_dir.join("credentials.json")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }

    /// Resolve from `MAYA_CONFIG_DIR` / `MAYA_DATA_DIR` / `MAYA_STATE_DIR`, else the platform
    /// directories (Linux: `$XDG_CONFIG_HOME/maya`, `$XDG_DATA_HOME/maya`, `$XDG_STATE_HOME/maya`).
    pub fn resolve() -> Result<Paths, ConfigError> {
        Self::resolve_with(|k| std::env::var_os(k))
    }

    pub fn resolve_with(
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Paths, ConfigError> {
        let var = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let dirs = directories::ProjectDirs::from("", "", "maya");
        let pick = |key: &str, fallback: Option<PathBuf>| -> Result<PathBuf, ConfigError> {
            var(key).or(fallback).ok_or_else(|| {
                ConfigError::NoHome(format!(
                    "cannot find a home directory for Maya's files; set {key} to a directory"
                ))
            })
        };
        Ok(Paths {
            config_dir: pick(
                "MAYA_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            )?,
            data_dir: pick(
                "MAYA_DATA_DIR",
                dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
            )?,
            state_dir: pick(
                "MAYA_STATE_DIR",
                dirs.as_ref().map(|d| {
                    d.state_dir()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| d.data_local_dir().join("state"))
                }),
            )?,
        })
    }
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

/// Values given on the command line; `None` leaves the lower layers alone.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub provider: Option<ProviderKind>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub key: Option<String>,
    /// `--voice`.
    pub voice: Option<bool>,
    /// `--voice-out FILE`.
    pub voice_out: Option<String>,
}

/// Environment variables that are shortcuts for a config key.
const ENV_SHORTCUTS: &[(&str, &str)] = &[
    ("MAYA_PROVIDER", "provider.kind"),
    ("MAYA_MODEL", "provider.model"),
    ("MAYA_BASE_URL", "provider.base_url"),
    ("MAYA_KEY", "provider.key"),
    ("MAYA_MENU", "menu"),
    ("MAYA_PAYMENTS_GATEWAY", "payments.gateway"),
    ("MAYA_STRIPE_API_BASE", "stripe.api_base"),
    ("MAYA_HOUSE_WORD_DELAY_MS", "provider.house_word_delay_ms"),
    ("MAYA_VOICE", "voice.enabled"),
];

/// Environment variables that are not config keys and must not be mistaken for them.
const ENV_NOT_CONFIG: &[&str] = &[
    "MAYA_CONFIG_DIR",
    "MAYA_DATA_DIR",
    "MAYA_STATE_DIR",
    "MAYA_MASTER_KEY",
    "MAYA_LOG",
];

impl Config {
    /// Load the full stack for this process: defaults, the config file in `paths`, the process
    /// environment, then `overrides`.
    pub fn load(paths: &Paths, overrides: &Overrides) -> Result<Config, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        Self::load_from(&paths.config_file(), &env, overrides)
    }

    pub fn load_from(
        file: &Path,
        env: &[(String, String)],
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let mut merged = toml::Table::try_from(Config::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;

        match crate::read_limit::read_to_string(file, crate::read_limit::CONFIG) {
            Ok(text) => {
                // Check the file on its own first, so its errors carry its own line numbers.
                let file_table: toml::Table =
                    toml::from_str(&text).map_err(|e| ConfigError::File {
                        path: file.to_path_buf(),
                        message: describe_toml_error(&e),
                    })?;
                toml::from_str::<Config>(&text).map_err(|e| ConfigError::File {
                    path: file.to_path_buf(),
                    message: describe_toml_error(&e),
                })?;
                if let Some((message, _)) = unprintable(&file_table, true) {
                    return Err(ConfigError::File {
                        path: file.to_path_buf(),
                        message,
                    });
                }
                merge(&mut merged, file_table);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(ConfigError::Read {
                    path: file.to_path_buf(),
                    source,
                });
            }
        }

        for (var, value) in env {
            let Some(key) = env_key(var) else { continue };
            let mut single = toml::Table::new();
            set_path(&mut single, &key, parse_env_switch(var, value));
            if let Some((message, _)) = unprintable(&single, true) {
                return Err(ConfigError::Env {
                    var: var.clone(),
                    message,
                });
            }
            let mut candidate = merged.clone();
            merge(&mut candidate, single);
            toml::Value::Table(candidate.clone())
                .try_into::<Config>()
                .map_err(|e: toml::de::Error| ConfigError::Env {
                    var: var.clone(),
                    message: format!("{} (it sets `{key}`)", e.message().trim()),
                })?;
            merged = candidate;
        }

        let mut config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))?;
        if let Some(kind) = overrides.provider {
            config.provider.kind = kind;
        }
        if let Some(model) = &overrides.model {
            config.provider.model = model.clone();
        }
        if let Some(url) = &overrides.base_url {
            config.provider.base_url = url.clone();
        }
        if let Some(key) = &overrides.key {
            config.provider.key = key.clone();
        }
        if let Some(on) = overrides.voice {
            config.voice.enabled = on;
        }
        if let Some(out) = &overrides.voice_out {
            config.voice.output = out.clone();
        }
        config.validate()?;
        // Flags too: every value is shown somewhere (doctor, `config show`, the status bar).
        let shown = toml::Table::try_from(&config.provider)
            .ok()
            .and_then(|t| unprintable(&t, true));
        if let Some((message, _)) = shown {
            return Err(ConfigError::Invalid(format!("provider: {message}")));
        }
        Ok(config)
    }

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
mod tests;
