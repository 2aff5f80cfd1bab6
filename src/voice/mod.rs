//! Maya speaks: her replies read aloud, sentence by sentence, while they stream.
//!
//! # Where the speaker lives, and why
//!
//! In the agent, not the UI. Speech must be fed only text the streaming guard has released,
//! and stop the moment the guard stops a reply; the agent is where released text first
//! exists ([`crate::agent`]'s `show_released`) and the only place that knows, synchronously
//! and in order, that a reply was blocked, cancelled (Esc) or replaced by a new turn. The UI
//! would have to infer that from events after the fact. It also keeps `maya ask --voice` the
//! same code as the bar. The design rules hold: the agent never touches the terminal (speech
//! is a child process or a file, never terminal output), and the UI never awaits the network
//! (synthesis runs in the speaker's own task).
//!
//! # What it costs
//!
//! When voice is off the agent holds `None`: no task, no channel, no allocation, one branch per
//! released chunk. When on, the agent splits released text into sentences ([`sentences`]) and
//! sends each complete one to the speaker task, which turns it into words to say
//! ([`speakable`]), asks the engine ([`engine`]: Cartesia or espeak-ng) for audio while the
//! previous sentence plays, and plays it ([`player`]) or writes it to a WAV file ([`wav`]).

pub mod cartesia;
pub mod engine;
pub mod espeak;
pub mod player;
pub mod sentences;
pub mod speakable;
mod task;
pub mod wav;
pub mod words;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::SecretString;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::agent::Event;
use crate::config::VoiceConfig;
pub use engine::{Engine, VoiceError};
use sentences::Sentences;

/// Finds the Cartesia key when voice is turned on (environment first, then the vault; never
/// a prompt, which the bar cannot show). `Err` says why stored keys cannot be read.
pub type KeyLookup = Arc<dyn Fn() -> Result<Option<SecretString>, String> + Send + Sync>;

/// Everything needed to turn voice on, now or later (F5).
#[derive(Clone)]
pub struct VoiceSetup {
    pub config: VoiceConfig,
    pub cartesia_key: Option<KeyLookup>,
    /// An engine that replaces the configured one: tests and benches.
    pub engine: Option<Arc<dyn Engine>>,
}

impl VoiceSetup {
    pub fn new(config: VoiceConfig) -> VoiceSetup {
        VoiceSetup {
            config,
            cartesia_key: None,
            engine: None,
        }
    }
}

/// Where the audio goes.
pub enum Sink {
    Player(player::Player),
    File { path: PathBuf, joined: wav::Joined },
}

impl Sink {
    /// `[voice] output` when set, else a player.
    pub fn open(cfg: &VoiceConfig) -> Result<Sink, String> {
        match cfg.output.trim() {
            "" => player::Player::find(&cfg.player).map(Sink::Player),
            path => Ok(Sink::File {
                path: PathBuf::from(path),
                joined: wav::Joined::default(),
            }),
        }
    }

    /// For `maya doctor`: "aplay (/usr/bin/aplay)", "the file out.wav".
    pub fn describe(&self) -> String {
        match self {
            Sink::Player(p) => format!("{} ({})", p.name(), p.program.display()),
            Sink::File { path, .. } => format!("writes to the file {}", path.display()),
        }
    }
}

/// What `maya doctor` says about voice: whether it is on, the engine and the player, as
/// (label, text) lines. `cartesia_key`: a Cartesia key is set (environment or vault).
pub fn describe(cfg: &VoiceConfig, cartesia_key: bool) -> Vec<(&'static str, String)> {
    use crate::config::VoiceEngine;
    let state = if cfg.enabled {
        "on".to_string()
    } else {
        "off (maya --voice, MAYA_VOICE=1 or [voice] enabled = true; F5 in the bar)".to_string()
    };
    let espeak = || espeak::Espeak::find(cfg).map(|e| e.program().display().to_string());
    let engine = match (cfg.engine, cartesia_key) {
        (VoiceEngine::Off, _) => "off ([voice] engine = \"off\")".to_string(),
        (VoiceEngine::Cartesia | VoiceEngine::Auto, true) => format!(
            "cartesia ({}, model {}, voice {})",
            cfg.base_url, cfg.model_id, cfg.voice_id
        ),
        (VoiceEngine::Cartesia, false) => {
            "cartesia, but no Cartesia key is set: maya keys set cartesia".to_string()
        }
        (VoiceEngine::Espeak | VoiceEngine::Auto, _) => match espeak() {
            Some(path) => format!("espeak-ng ({path}, voice {})", cfg.espeak_voice),
            None if cfg.engine == VoiceEngine::Espeak => {
                "espeak-ng, but it is not installed (sudo apt install espeak-ng)".to_string()
            }
            None => format!("none: {}", engine::NO_ENGINE),
        },
    };
    let player = match Sink::open(cfg) {
        Ok(sink) => sink.describe(),
        Err(why) => format!("none: {why}"),
    };
    vec![
        ("voice", state),
        ("voice engine", engine),
        ("voice player", player),
    ]
}

/// The work the agent hands the speaker task.
pub(crate) enum Job {
    /// A complete, released sentence (markup and all: the task makes it speakable).
    Say(String),
    /// Drop everything queued and stop what is playing.
    Stop,
    /// Say [`Event::SpeechDone`] once everything before this has been spoken.
    Mark,
}

/// The agent's handle on speech: while it exists, voice is on.
pub struct Speaker {
    jobs: mpsc::UnboundedSender<Job>,
    sentences: Sentences,
    done: Vec<String>,
    /// Set by the task when voice cannot go on (no engine, a refused key).
    broken: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Speaker {
    /// Start the speaker task. It picks the engine and the player itself, so turning voice on
    /// never blocks the agent, and tells the UI ([`Event::Voice`]) which engine speaks.
    pub fn start(setup: VoiceSetup, events: mpsc::UnboundedSender<Event>) -> Speaker {
        let (tx, rx) = mpsc::unbounded_channel();
        let broken = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(task::run(setup, rx, events, broken.clone()));
        Speaker {
            jobs: tx,
            sentences: Sentences::default(),
            done: Vec::new(),
            broken,
            task,
        }
    }

    /// Released reply text: complete sentences go to the engine now.
    pub fn released(&mut self, text: &str) {
        self.sentences.push(text, &mut self.done);
        self.send_done();
    }

    /// The model's round ended: its last sentence is complete.
    pub fn round_done(&mut self) {
        self.sentences.finish(&mut self.done);
        self.send_done();
    }

    /// Forget an unfinished sentence (the provider failed mid-sentence); what is queued plays.
    pub fn cut(&mut self) {
        self.sentences.clear();
    }

    /// Esc, a new reply, a reply the guard stopped: silence now, nothing queued survives.
    pub fn stop(&mut self) {
        self.sentences.clear();
        let _ = self.jobs.send(Job::Stop);
    }

    /// Ask for [`Event::SpeechDone`] once everything said so far has been spoken.
    pub fn mark(&self) {
        let _ = self.jobs.send(Job::Mark);
    }

    /// Voice cannot go on (the task has said why).
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Acquire) || self.task.is_finished()
    }

    fn send_done(&mut self) {
        for s in self.done.drain(..) {
            let _ = self.jobs.send(Job::Say(s));
        }
    }
}

impl Drop for Speaker {
    /// Dropping the task drops the player it is waiting on, which kills it.
    fn drop(&mut self) {
        self.task.abort();
    }
}
