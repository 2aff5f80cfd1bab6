//! Playing a clip through an audio player found on the PATH.
//!
//! Why a player program rather than an audio crate: the crates that reach the sound card
//! (cpal, rodio) link ALSA on Linux, so the build would need `libasound2-dev` and every
//! machine that builds Maya would need audio headers, for a feature that is off by default.
//! `pw-play`, `paplay` and `aplay` are there wherever there is sound on Linux, `afplay` on
//! macOS, `ffplay` almost anywhere; a child process is also easy to stop at once (Esc kills
//! it) and its output never reaches the terminal (stdout and stderr are discarded).
//!
//! Every live player is registered here, so the paths that end the process without unwinding
//! the agent (a panic while the terminal is restored, a signal in `maya ask`) can kill them
//! with [`kill_all`]: no player outlives Maya.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::process::Child;

use super::engine::VoiceError;

/// The players tried, in order, and their arguments; `{file}` is a file path, else the WAV
/// goes in on stdin.
const KNOWN: &[(&str, &[&str])] = &[
    ("pw-play", &["-"]),
    ("paplay", &[]),
    ("aplay", &["-q"]),
    ("afplay", &["{file}"]),
    (
        "ffplay",
        &["-nodisp", "-autoexit", "-loglevel", "quiet", "-i", "-"],
    ),
];

/// An executable called `name` on the PATH. Hand-written (the `which` crate does more: Windows
/// extensions, PATHEXT) because a Unix PATH walk is these few lines.
pub fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// How to start the player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Player {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Player {
    /// `[voice] player` when set (a command line, split at spaces), else the first known
    /// player on the PATH.
    pub fn find(configured: &str) -> Result<Player, String> {
        let mut words = configured.split_whitespace();
        if let Some(first) = words.next() {
            let program = if first.contains('/') {
                PathBuf::from(first)
            } else {
                find_in_path(first).ok_or_else(|| {
                    format!("the audio player `{first}` ([voice] player) is not on the PATH")
                })?
            };
            return Ok(Player {
                program,
                args: words.map(str::to_string).collect(),
            });
        }
        KNOWN
            .iter()
            .find_map(|(name, args)| {
                Some(Player {
                    program: find_in_path(name)?,
                    args: args.iter().map(|a| a.to_string()).collect(),
                })
            })
            .ok_or_else(|| {
                "no audio player found (pw-play, paplay, aplay, afplay or ffplay): install one \
                 (Debian/Ubuntu: sudo apt install alsa-utils), set [voice] player, or write the \
                 audio to a file with [voice] output"
                    .to_string()
            })
    }

    pub fn name(&self) -> String {
        self.program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Play `clip` to the end. Dropping the future kills the player at once.
    pub async fn play(&self, clip: Vec<u8>) -> Result<(), VoiceError> {
        let wants_file = self.args.iter().any(|a| a.contains("{file}"));
        let file = if wants_file {
            Some(TempClip::write(&clip).map_err(|e| {
                VoiceError::Failed(format!("cannot write the audio for {}: {e}", self.name()))
            })?)
        } else {
            None
        };
        let args = self.args.iter().map(|a| match &file {
            Some(f) => a.replace("{file}", &f.0.to_string_lossy()),
            None => a.clone(),
        });
        let mut child = tokio::process::Command::new(&self.program)
            .args(args)
            .stdin(if wants_file {
                Stdio::null()
            } else {
                Stdio::piped()
            })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                VoiceError::Fatal(format!(
                    "cannot start the audio player {}: {e}",
                    self.program.display()
                ))
            })?;
        let stdin = child.stdin.take();
        let playing = Playing::register(child);
        // A player that stops reading and never ends must not hold speech up for ever.
        let longest = super::wav::parse(&clip)
            .map(|c| c.duration())
            .unwrap_or_default()
            + Duration::from_secs(10);
        let feed = async move {
            if let Some(mut s) = stdin {
                // A player that exits early closes the pipe; its exit status tells why.
                let _ = s.write_all(&clip).await;
                let _ = s.shutdown().await;
            }
        };
        let (_, status) = tokio::join!(feed, tokio::time::timeout(longest, playing.wait()));
        drop(file);
        match status {
            Err(_) => Err(VoiceError::Failed(format!(
                "the audio player {} did not finish; it was stopped",
                self.name()
            ))),
            Ok(Err(e)) => Err(VoiceError::Failed(format!("the audio player failed: {e}"))),
            Ok(Ok(s)) if s.success() => Ok(()),
            Ok(Ok(s)) => Err(VoiceError::Fatal(format!(
                "the audio player {} failed ({s}); set [voice] player, or [voice] output to \
                 write the audio to a file",
                self.name()
            ))),
        }
    }
}

/// A clip written for a player that reads files, removed when dropped.
struct TempClip(PathBuf);

impl TempClip {
    fn write(clip: &[u8]) -> std::io::Result<TempClip> {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "maya-voice-{}-{}.wav",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        let clip_file = TempClip(path);
        f.write_all(clip)?;
        Ok(clip_file)
    }
}

impl Drop for TempClip {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

type Shared = Arc<Mutex<Child>>;

fn live() -> &'static Mutex<HashMap<u64, Shared>> {
    static LIVE: OnceLock<Mutex<HashMap<u64, Shared>>> = OnceLock::new();
    LIVE.get_or_init(Default::default)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running player: killed and forgotten when dropped (Esc, a new reply, the bar closing).
struct Playing {
    id: u64,
    child: Shared,
}

impl Playing {
    fn register(child: Child) -> Playing {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let child = Arc::new(Mutex::new(child));
        lock(live()).insert(id, child.clone());
        Playing { id, child }
    }

    /// Until the player exits. Polled rather than awaited, so that [`kill_all`] can reach the
    /// child from any thread without waiting for this task; only while a clip plays.
    async fn wait(&self) -> std::io::Result<std::process::ExitStatus> {
        loop {
            if let Some(status) = lock(&self.child).try_wait()? {
                return Ok(status);
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    }
}

impl Drop for Playing {
    fn drop(&mut self) {
        lock(live()).remove(&self.id);
        kill(&self.child);
    }
}

fn kill(child: &Shared) {
    let mut c = lock(child);
    if matches!(c.try_wait(), Ok(None)) {
        let _ = c.start_kill();
        // Reap it, so no zombie is left either (a killed player ends at once).
        for _ in 0..50 {
            if !matches!(c.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// Kill every player still running. Called where the process ends without the agent being
/// dropped: the terminal-restoring panic hook, and signals in `maya ask`.
pub fn kill_all() {
    let players: Vec<Shared> = lock(live()).drain().map(|(_, c)| c).collect();
    for p in players {
        kill(&p);
    }
}

/// Wait for SIGINT or SIGTERM, kill the players, and return the exit code the signal means
/// (130, 143). For `maya ask --voice`, where a signal would otherwise end the process and
/// leave the player talking.
pub async fn on_signal_kill_all() -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    let code = tokio::select! {
        _ = int.recv() => 130,
        _ = term.recv() => 143,
    };
    kill_all();
    code
}

/// How many players are running now (for tests).
pub fn running() -> usize {
    lock(live()).len()
}
