//! The sections of `config.toml` (`[provider]`, `[agent]`, `[security]`, `[rate]`,
//! `[payments]`, `[stripe]`, `[ui]`; `[voice]` is in voice.rs): their types, documented keys and
//! built-in defaults.

use serde::{Deserialize, Serialize};

use crate::money::Cents;

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
