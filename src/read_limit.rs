//! Reading a local file into memory with a size limit, so a huge file (a 10 GB journal, a menu
//! path pointed at a disk image) or an endless one (a device, a FIFO) is a clear error instead
//! of an out-of-memory kill or a hang.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most Maya reads of a config file.
pub const CONFIG: u64 = 1024 * 1024;
/// The most Maya reads of a menu file.
pub const MENU: u64 = 4 * 1024 * 1024;
/// The most Maya reads of a keys vault (a key is at most 4 KiB; this is hundreds of them).
pub const VAULT: u64 = 4 * 1024 * 1024;
/// The most Maya reads of one session journal: far beyond a long evening (10,000 messages are
/// a few MB), small enough that replaying one cannot exhaust memory.
pub const JOURNAL: u64 = 256 * 1024 * 1024;

/// The whole of `path`, or an error when it is larger than `limit` bytes or not a regular file.
/// The size is checked before anything is read, and the read itself stops at the limit (the
/// file may grow meanwhile).
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        // Opening a FIFO would wait for a writer forever; a device may never end.
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(Some(meta.len()), limit));
    }
    let file = File::open(path)?;
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(buf)
}

/// As [`read`], as UTF-8 text.
pub fn read_to_string(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn too_large(len: Option<u64>, limit: u64) -> io::Error {
    let size = match len {
        Some(n) => format!("it is {}", human(n)),
        None => "it grew while it was read".into(),
    };
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{size}, more than the {} Maya reads of such a file",
            human(limit)
        ),
    )
}

/// "1.5 GiB", "512 KiB", "300 bytes".
pub fn human(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 10.0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
#[path = "read_limit_tests.rs"]
mod tests;
