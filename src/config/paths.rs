//! Where Maya keeps things: the config, data and state directories.

use std::path::{Path, PathBuf};

use super::ConfigError;

/// Where Maya keeps things. Each directory can be moved with an environment variable, which is
/// how tests stay out of the user's home.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
}

impl Paths {
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    pub fn credentials_file(&self) -> PathBuf {
        self.data_dir.join("credentials.json")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }

    /// Resolve from `MAYA_CONFIG_DIR` / `MAYA_DATA_DIR` / `MAYA_STATE_DIR`, else the platform
    /// directories (Linux: `$XDG_CONFIG_HOME/maya`, `$XDG_DATA_HOME/maya`, `$XDG_STATE_HOME/maya`).
    pub fn resolve() -> Result<Paths, ConfigError> {
        Self::resolve_with(|k| std::env::var_os(k))
    }

    pub fn resolve_with(
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Paths, ConfigError> {
        let var = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let dirs = directories::ProjectDirs::from("", "", "maya");
        let pick = |key: &str, fallback: Option<PathBuf>| -> Result<PathBuf, ConfigError> {
            var(key).or(fallback).ok_or_else(|| {
                ConfigError::NoHome(format!(
                    "cannot find a home directory for Maya's files; set {key} to a directory"
                ))
            })
        };
        Ok(Paths {
            config_dir: pick(
                "MAYA_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            )?,
            data_dir: pick(
                "MAYA_DATA_DIR",
                dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
            )?,
            state_dir: pick(
                "MAYA_STATE_DIR",
                dirs.as_ref().map(|d| {
                    d.state_dir()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| d.data_local_dir().join("state"))
                }),
            )?,
        })
    }
}
