//! `maya config path|show|init`.

use std::io::{self, Write};

use crate::assets::EXAMPLE_CONFIG;
use crate::config::{Config, Paths};

#[derive(Debug, thiserror::Error)]
pub enum ConfigCmdError {
    #[error("{0} already exists; edit it, or move it away and run `maya config init` again")]
    Exists(std::path::PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: std::path::PathBuf,
        source: io::Error,
    },
    #[error(transparent)]
    Io(#[from] io::Error),
}

pub fn path(paths: &Paths, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", paths.config_file().display())
}

pub fn show(paths: &Paths, config: &Config, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let file = paths.config_file();
    if json {
        // The shape is documented in docs/json.md: `config` has the keys of config.toml.
        // Serialized directly (not through a `Value`) so an f32 prints as 0.7, not as the f64
        // nearest to it.
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            config_file: &'a std::path::Path,
            config_file_exists: bool,
            config: &'a Config,
        }
        let shown = Shown {
            config_file: &file,
            config_file_exists: file.exists(),
            config,
        };
        serde_json::to_writer_pretty(&mut *out, &shown)?;
        return writeln!(out);
    }
    let origin = if file.exists() {
        format!(
            "# from {} plus MAYA_* environment and flags\n",
            file.display()
        )
    } else {
        format!(
            "# no config file at {} — built-in defaults plus MAYA_* environment and flags\n",
            file.display()
        )
    };
    write!(out, "{origin}{}", config.to_toml())
}

pub fn init(paths: &Paths, out: &mut dyn Write) -> Result<(), ConfigCmdError> {
    let file = paths.config_file();
    let write_err = |source| ConfigCmdError::Write {
        path: file.clone(),
        source,
    };
    std::fs::create_dir_all(&paths.config_dir).map_err(write_err)?;
    // create_new: never overwrite, even if the file appears between a check and the write.
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(ConfigCmdError::Exists(file));
        }
        Err(e) => return Err(write_err(e)),
    };
    f.write_all(EXAMPLE_CONFIG.as_bytes()).map_err(write_err)?;
    writeln!(out, "wrote {}", file.display())?;
    Ok(())
}
