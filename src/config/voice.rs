//! `[voice]`: Maya reads her replies aloud (off by default). See `crate::voice`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceEngine {
    /// Cartesia with a key, else espeak-ng when installed.
    Auto,
    Cartesia,
    Espeak,
    /// Voice cannot be turned on, not even with the key in the bar.
    Off,
}

impl VoiceEngine {
    pub fn as_str(self) -> &'static str {
        match self {
            VoiceEngine::Auto => "auto",
            VoiceEngine::Cartesia => "cartesia",
            VoiceEngine::Espeak => "espeak",
            VoiceEngine::Off => "off",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VoiceConfig {
    /// Speak from the start (`maya --voice`, `MAYA_VOICE=1`); F5 toggles it in the bar.
    pub enabled: bool,
    pub engine: VoiceEngine,
    /// A command that plays a WAV file: read from its stdin, or from the path put where
    /// `{file}` is. Empty: the first of pw-play, paplay, aplay, afplay, ffplay on the PATH.
    pub player: String,
    /// Write the audio of the reply to this WAV file instead of playing it (`--voice-out`).
    pub output: String,
    /// Cartesia's API; point it at a local server for tests.
    pub base_url: String,
    /// The `Cartesia-Version` header: the API version the request is written for.
    pub cartesia_version: String,
    pub model_id: String,
    pub voice_id: String,
    pub language: String,
    pub sample_rate: u32,
    /// espeak-ng's voice and speed in words per minute.
    pub espeak_voice: String,
    pub espeak_speed: u32,
    /// Longest wait for one sentence's audio, retries included.
    pub timeout_secs: u64,
}

impl Default for VoiceConfig {
    fn default() -> Self {
        VoiceConfig {
            enabled: false,
            engine: VoiceEngine::Auto,
            player: String::new(),
            output: String::new(),
            base_url: "https://api.cartesia.ai".into(),
            // The version, model and voice of Cartesia's own first request example
            // (docs.cartesia.ai, "Make an API request").
            cartesia_version: "2025-04-16".into(),
            model_id: "sonic-2".into(),
            voice_id: "694f9389-aac1-45b6-b726-9d9369183238".into(),
            language: "en".into(),
            sample_rate: 24_000,
            espeak_voice: "en-us".into(),
            espeak_speed: 165,
            timeout_secs: 20,
        }
    }
}

impl VoiceConfig {
    pub(super) fn validate(&self) -> Result<(), String> {
        // Cartesia's documented PCM rates; espeak-ng makes its own.
        const RATES: [u32; 6] = [8_000, 16_000, 22_050, 24_000, 44_100, 48_000];
        if !RATES.contains(&self.sample_rate) {
            return Err(format!(
                "voice.sample_rate must be one of 8000, 16000, 22050, 24000, 44100, 48000, not {}",
                self.sample_rate
            ));
        }
        if !(80..=450).contains(&self.espeak_speed) {
            return Err(format!(
                "voice.espeak_speed must be between 80 and 450 words a minute, not {}",
                self.espeak_speed
            ));
        }
        if self.timeout_secs == 0 {
            return Err("voice.timeout_secs must be at least 1".into());
        }
        Ok(())
    }
}
