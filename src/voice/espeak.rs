//! espeak-ng, the offline engine: the sentence goes in on stdin (never as an argument, so a
//! reply cannot become an option), the WAV comes back on stdout.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use async_trait::async_trait;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::engine::{Engine, VoiceError};
use crate::config::VoiceConfig;

/// Largest clip read from espeak-ng (minutes of speech; a sentence is seconds).
const AUDIO_LIMIT: u64 = 32 * 1024 * 1024;

pub struct Espeak {
    program: PathBuf,
    voice: String,
    speed: u32,
    timeout: Duration,
}

impl Espeak {
    /// espeak-ng from the PATH, if it is installed.
    pub fn find(cfg: &VoiceConfig) -> Option<Espeak> {
        Some(Espeak {
            program: super::player::find_in_path("espeak-ng")?,
            voice: cfg.espeak_voice.clone(),
            speed: cfg.espeak_speed,
            timeout: Duration::from_secs(cfg.timeout_secs),
        })
    }

    pub fn program(&self) -> &std::path::Path {
        &self.program
    }

    async fn run(&self, text: &str) -> Result<Vec<u8>, VoiceError> {
        let mut child = tokio::process::Command::new(&self.program)
            .args(["--stdout", "--stdin", "-v", &self.voice, "-s"])
            .arg(self.speed.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                VoiceError::Fatal(format!("cannot start {}: {e}", self.program.display()))
            })?;
        let mut stdin = child.stdin.take();
        let text = text.to_string();
        let feed = async move {
            if let Some(s) = stdin.as_mut() {
                let _ = s.write_all(text.as_bytes()).await;
                let _ = s.shutdown().await;
            }
        };
        let mut stdout = child.stdout.take();
        let mut stderr = child.stderr.take();
        let read = async {
            let mut audio = Vec::new();
            if let Some(out) = stdout.as_mut() {
                let _ = out.take(AUDIO_LIMIT).read_to_end(&mut audio).await;
            }
            audio
        };
        let read_err = async {
            let mut err = Vec::new();
            if let Some(e) = stderr.as_mut() {
                let _ = e.take(4096).read_to_end(&mut err).await;
            }
            err
        };
        let ((), audio, err) = tokio::join!(feed, read, read_err);
        let status = child
            .wait()
            .await
            .map_err(|e| VoiceError::Failed(format!("espeak-ng failed: {e}")))?;
        if !status.success() {
            let why = crate::llm::http::clean(String::from_utf8_lossy(&err).trim());
            // A bad voice fails every sentence alike.
            return Err(VoiceError::Fatal(format!(
                "espeak-ng failed ({status}): {why}; check [voice] espeak_voice (espeak-ng --voices lists them)"
            )));
        }
        super::wav::parse(&audio).map_err(|e| VoiceError::Failed(format!("espeak-ng: {e}")))?;
        Ok(audio)
    }
}

#[async_trait]
impl Engine for Espeak {
    fn name(&self) -> &str {
        "espeak-ng"
    }

    async fn speak(&self, text: &str) -> Result<Vec<u8>, VoiceError> {
        tokio::time::timeout(self.timeout, self.run(text))
            .await
            .unwrap_or_else(|_| {
                Err(VoiceError::Failed(format!(
                    "espeak-ng took longer than {} s",
                    self.timeout.as_secs()
                )))
            })
    }
}
