//! The "waiting for Maya" spinner of `maya ask`: on stderr, only while no word of the reply has
//! arrived, only where a person is watching (see [`wanted`]), and wiped before anything else is
//! written so it never mixes with the reply or a message.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/// A quick reply shows no spinner at all rather than a flash of one.
const GRACE: Duration = Duration::from_millis(150);
pub const TICK: Duration = Duration::from_millis(80);

/// Whether `maya ask` spins: never with `--json`, only when stderr is a terminal, and not when
/// the reply is piped into another program (`maya ask … | less` would get the spinner drawn
/// over its screen). A reply redirected to a file keeps it: the person is still waiting.
pub fn wanted(json: bool) -> bool {
    !json && io::stderr().is_terminal() && !stdout_is_pipe()
}

#[cfg(unix)]
fn stdout_is_pipe() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_socket())
}

#[cfg(not(unix))]
fn stdout_is_pipe() -> bool {
    !io::stdout().is_terminal()
}

pub struct Spinner {
    active: bool,
    drawn: bool,
    frame: usize,
    since: Instant,
}

impl Spinner {
    /// A spinner that spins (when `enabled`) from now until [`stop`](Self::stop).
    pub fn new(enabled: bool) -> Spinner {
        Spinner {
            active: enabled,
            drawn: false,
            frame: 0,
            since: Instant::now(),
        }
    }

    pub fn active(&self) -> bool {
        self.active
    }

    /// Draw the next frame, once the grace period is over.
    pub fn tick(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if !self.active || self.since.elapsed() < GRACE {
            return Ok(());
        }
        write!(
            err,
            "\r{} waiting for Maya…",
            FRAMES[self.frame % FRAMES.len()]
        )?;
        err.flush()?;
        self.frame += 1;
        self.drawn = true;
        Ok(())
    }

    /// Wipe the spinner's line, if it is drawn, so something else can be written.
    pub fn clear(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if self.drawn {
            write!(err, "\r\x1b[2K")?;
            err.flush()?;
            self.drawn = false;
        }
        Ok(())
    }

    /// Wipe it and spin no more.
    pub fn stop(&mut self, err: &mut dyn Write) -> io::Result<()> {
        self.active = false;
        self.clear(err)
    }
}

#[cfg(test)]
#[path = "spinner_tests.rs"]
mod tests;
