//! Logs: tracing into a daily-rolling file in the state directory (seven kept), never to the
//! terminal, every line passed through the redactor and the terminal sanitizer first. Log files
//! are 0600 like every other file Maya writes: the appender has no mode option, so each day's
//! file is created private before the appender first opens it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use tracing_appender::non_blocking::{NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::security::redact::redact;
use crate::terminal::sanitize;

const PREFIX: &str = "maya.log";
/// Lines the log queue holds before a burst is dropped.
const LOG_QUEUE_LINES: usize = 1024;

/// Flushes the log when dropped (keep it alive until the program ends).
pub struct LogGuard {
    _worker: WorkerGuard,
    pub dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    // The cause is in the message and deliberately not an error `source`: a report that
    // prints the whole chain (`{:#}`) would say it twice.
    #[error("cannot create the log directory {path}: {cause}")]
    Dir { path: PathBuf, cause: io::Error },
    #[error("cannot open the log file in {path}: {message}")]
    File { path: PathBuf, message: String },
}

/// Today's log file, for messages that point people at it.
pub fn log_file(dir: &Path) -> PathBuf {
    let d = time::OffsetDateTime::now_utc().date();
    dir.join(format!(
        "{PREFIX}.{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// Makes sure the day's log file exists with mode 0600 before the appender writes to it.
struct PrivateDaily {
    dir: PathBuf,
    /// The day (Julian day number) whose file was last made private.
    day: AtomicI32,
}

impl PrivateDaily {
    fn new(dir: &Path) -> PrivateDaily {
        PrivateDaily {
            dir: dir.to_path_buf(),
            day: AtomicI32::new(i32::MIN),
        }
    }

    /// Cheap on every line: a file operation only when the day changes.
    fn ensure(&self) {
        let today = time::OffsetDateTime::now_utc().date().to_julian_day();
        if self.day.swap(today, Ordering::Relaxed) != today {
            make_private(&log_file(&self.dir));
        }
    }
}

/// Create `path` 0600 if missing, and make it 0600 if it exists.
fn make_private(path: &Path) {
    let mut o = std::fs::OpenOptions::new();
    o.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        o.mode(0o600);
        if let Ok(f) = o.open(path) {
            let _ = f.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = o.open(path);
}

/// Earlier log files (written before they were made private) become 0600 too.
fn make_old_logs_private(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(PREFIX) {
            make_private(&e.path());
        }
    }
}

/// A writer that redacts and sanitizes each formatted log line before it is queued.
#[derive(Clone)]
struct Redacting {
    inner: NonBlocking,
    files: Option<Arc<PrivateDaily>>,
}

struct RedactingWriter(NonBlocking);

impl Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        // The formatter writes a whole event (ending in '\n') at once; keep that newline.
        let clean = sanitize(&text);
        let clean = redact(&clean);
        self.0.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;
    fn make_writer(&'a self) -> Self::Writer {
        if let Some(files) = &self.files {
            files.ensure();
        }
        RedactingWriter(self.inner.clone())
    }
}

/// Start logging to `dir`. The filter comes from `MAYA_LOG`, else `RUST_LOG`, else `info`.
pub fn init(dir: &Path) -> Result<LogGuard, LogError> {
    crate::durable::ensure_private_dir(dir).map_err(|cause| LogError::Dir {
        path: dir.to_path_buf(),
        cause,
    })?;
    make_old_logs_private(dir);
    let files = Arc::new(PrivateDaily::new(dir));
    files.ensure();
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .max_log_files(7)
        .build(dir)
        .map_err(|e| LogError::File {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
    // The default queue holds 128,000 lines in a channel allocated up front: 4 MB resident
    // from the first moment, a quarter of the idle-memory budget. Maya logs a few lines a
    // turn, so a small queue never fills; if a burst ever does, lines are dropped rather than
    // the bar made to wait.
    let (writer, worker) = NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(true)
        .finish(appender);
    let filter = std::env::var("MAYA_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(false)
        .with_writer(Redacting {
            inner: writer,
            files: Some(files),
        });
    // A second init in the same process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(layer)
        .try_init();
    Ok(LogGuard {
        _worker: worker,
        dir: dir.to_path_buf(),
    })
}

#[cfg(test)]
#[path = "logging_tests.rs"]
mod tests;
