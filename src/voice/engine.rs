//! The engines that turn a sentence into audio (a WAV clip), and which one speaks.

use std::sync::Arc;

use async_trait::async_trait;
use secrecy::SecretString;

use super::{cartesia::Cartesia, espeak::Espeak};
use crate::config::{VoiceConfig, VoiceEngine};

/// Why a sentence has no audio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VoiceError {
    /// Every later sentence would fail the same way (a refused key, a missing program, a
    /// voice the engine does not know): voice turns off, and the message says how to fix it.
    Fatal(String),
    /// This sentence failed (the service is busy, the network dropped), after retries.
    Failed(String),
}

impl VoiceError {
    pub fn message(&self) -> &str {
        match self {
            VoiceError::Fatal(m) | VoiceError::Failed(m) => m,
        }
    }
}

#[async_trait]
pub trait Engine: Send + Sync {
    /// For the status line and the doctor: "cartesia", "espeak-ng".
    fn name(&self) -> &str;
    /// The sentence as a WAV clip.
    async fn speak(&self, text: &str) -> Result<Vec<u8>, VoiceError>;
}

/// What to do when no engine can speak, said once when voice is turned on.
pub const NO_ENGINE: &str = "voice is unavailable: no engine can speak. Install espeak-ng \
    (Debian/Ubuntu: sudo apt install espeak-ng) for offline speech, or store a Cartesia key \
    with `maya keys set cartesia`";

/// The engine `[voice] engine` asks for, given the Cartesia key (if any).
pub fn choose(
    cfg: &VoiceConfig,
    cartesia_key: Option<SecretString>,
) -> Result<Arc<dyn Engine>, String> {
    let cartesia = |key| -> Result<Arc<dyn Engine>, String> {
        Ok(Arc::new(
            Cartesia::new(cfg, key).map_err(|e| e.to_string())?,
        ))
    };
    match cfg.engine {
        VoiceEngine::Off => Err("voice is off in the config ([voice] engine = \"off\")".into()),
        VoiceEngine::Cartesia => match cartesia_key {
            Some(key) => cartesia(key),
            None => Err(
                "voice needs a Cartesia key for [voice] engine = \"cartesia\": store \
                 one with `maya keys set cartesia` or set CARTESIA_API_KEY"
                    .into(),
            ),
        },
        VoiceEngine::Espeak => Espeak::find(cfg)
            .map(|e| Arc::new(e) as Arc<dyn Engine>)
            .ok_or_else(|| {
                "espeak-ng is not installed (Debian/Ubuntu: sudo apt install espeak-ng)".into()
            }),
        VoiceEngine::Auto => match cartesia_key {
            Some(key) => cartesia(key),
            None => Espeak::find(cfg)
                .map(|e| Arc::new(e) as Arc<dyn Engine>)
                .ok_or_else(|| NO_ENGINE.to_string()),
        },
    }
}
