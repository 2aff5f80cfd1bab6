//! The full-screen front end: terminal setup and restore, and the event loop that turns keys
//! into commands and agent events into frames.
//!
//! Drawing is coalesced: every batch of ready events is applied first, then at most one frame
//! is drawn, at most ~60 times a second, and only when something changed. Each frame is one
//! synchronized update, so fast streams never tear.

pub mod app;
pub mod composer;
pub mod conversation;
pub mod dispatch;
mod entry_rows;
mod events;
pub mod fit;
mod frame;
pub mod keymap;
pub mod layout;
pub mod markdown;
pub mod overlay;
pub mod panel;
pub mod qr;
pub mod queued;
pub mod receipt;
pub mod theme;
pub mod typeahead;
pub mod wrap;

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture, Event as TermEvent, EventStream,
};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc;

use crate::agent::{Command, Event};
use crate::config::UiConfig;
pub use app::App;
use theme::Theme;

#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(
        "the bar needs a terminal, and this is not one (stdin or stdout is redirected). \
         For scripts and pipes use `maya ask \"<text>\"`"
    )]
    NoTerminal,
    #[error("terminal error: {0}")]
    Io(#[from] io::Error),
}

/// Remove control characters from pasted text (keeps newlines and tabs).
pub fn strip_controls(s: &str) -> String {
    crate::terminal::sanitize(s).into_owned()
}

const FRAME: Duration = Duration::from_millis(16);

fn restore_terminal() {
    // Every way out of the bar passes here (quit, SIGTERM, a panic): no audio player of
    // Maya's outlives it.
    crate::voice::player::kill_all();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        DisableFocusChange,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal when dropped, whatever way the loop ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// What the guest wrote and Maya never got, when the bar closes: said on the way out, so
/// leaving never loses words silently.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Unsent {
    /// Still queued (the session's journal keeps them for `--resume` too).
    pub queued: Vec<String>,
    /// Left in the composer (not journaled).
    pub draft: String,
}

impl Unsent {
    /// Printed after the bar closes, so the words can be copied (queued ones also come back
    /// with `--resume <session>`). Empty when everything was sent.
    pub fn farewell(&self, session: Option<&str>) -> String {
        let quote = |t: &str| format!("  › {}\n", t.replace('\n', "\n    "));
        let mut out = String::new();
        if !self.queued.is_empty() {
            out.push_str(&match session {
                Some(id) => {
                    format!("Not sent (still queued; `maya --resume {id}` brings them back):\n")
                }
                None => "Not sent (still queued):\n".to_string(),
            });
            self.queued.iter().for_each(|t| out.push_str(&quote(t)));
        }
        if !self.draft.is_empty() {
            out.push_str("Left in the composer, not sent:\n");
            out.push_str(&quote(&self.draft));
        }
        out
    }
}

pub async fn run(
    ui: &UiConfig,
    commands: mpsc::UnboundedSender<Command>,
    mut events: mpsc::UnboundedReceiver<Event>,
) -> Result<Unsent, UiError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(UiError::NoTerminal);
    }
    let (_guard, raw_at) = take_terminal()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut app = App::new(ui, Theme::from_env(ui.color));
    let mut keys = EventStream::new();
    let mut ticker = tokio::time::interval(FRAME);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;

    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let send = |cmds: Vec<Command>| {
        for c in cmds {
            let _ = commands.send(c);
        }
    };
    loop {
        if dirty && last_draw.elapsed() >= FRAME {
            draw(&mut terminal, &mut app)?;
            dirty = false;
            last_draw = Instant::now();
        }
        if app.should_quit() {
            break;
        }
        tokio::select! {
            ev = events.recv() => {
                let Some(ev) = ev else { break };
                app.on_event(ev);
                // Apply everything that is already waiting before the next frame.
                while let Ok(ev) = events.try_recv() {
                    app.on_event(ev);
                }
                dirty = true;
            }
            key = keys.next() => {
                match key {
                    Some(Ok(TermEvent::Key(k))) => {
                        let k = typeahead::as_typed_before_the_bar(k, raw_at.elapsed());
                        send(app.on_key(k));
                    }
                    Some(Ok(TermEvent::Mouse(m))) => send(app.on_mouse(m)),
                    Some(Ok(TermEvent::Paste(p))) => app.on_paste(&p),
                    Some(Ok(TermEvent::Resize(..))) => {
                        // Let ratatui see the new size; no clear, the next frame repaints.
                        terminal.autoresize()?;
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e.into()),
                    None => break,
                }
                if let Some(url) = app.clipboard.take() {
                    copy_osc52(&url)?;
                }
                dirty = true;
            }
            _ = ticker.tick() => {
                if app.tick(Instant::now()) {
                    dirty = true;
                }
            }
            _ = term.recv() => send(vec![Command::Quit]),
            _ = hup.recv() => send(vec![Command::Quit]),
        }
    }
    let _ = commands.send(Command::Quit);
    Ok(app.unsent())
}

/// Raw mode, the alternate screen, mouse, paste and focus reports; the guard gives the
/// terminal back however the bar ends. Returns when raw mode began (see `typeahead`).
fn take_terminal() -> io::Result<(TerminalGuard, Instant)> {
    // A panic restores the terminal first, so its message is readable.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode()?;
    let raw_at = Instant::now();
    let guard = TerminalGuard;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        EnableFocusChange
    )?;
    Ok((guard, raw_at))
}

fn draw(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, app: &mut App) -> io::Result<()> {
    execute!(io::stdout(), BeginSynchronizedUpdate)?;
    let result = terminal.draw(|f| app.draw(f)).map(|_| ());
    execute!(io::stdout(), EndSynchronizedUpdate)?;
    result
}

/// Copy to the clipboard with OSC 52. The URL came through the agent, already sanitized, and
/// is base64-encoded here, so it cannot carry escape sequences of its own.
fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    out.flush()
}
