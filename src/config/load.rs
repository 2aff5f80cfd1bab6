//! Loading: the config file, then the `MAYA_*` environment, then the command line's
//! [`Overrides`], each layer checked as it is laid on (see layers.rs for the merge).

use std::path::Path;

use super::layers::{describe_toml_error, env_key, merge, parse_env_switch, set_path};
use super::{Config, ConfigError, Paths, ProviderKind};
use crate::toml_plain::unprintable;

/// Values given on the command line; `None` leaves the lower layers alone.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub provider: Option<ProviderKind>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub key: Option<String>,
    /// `--voice`.
    pub voice: Option<bool>,
    /// `--voice-out FILE`.
    pub voice_out: Option<String>,
}

impl Config {
    /// Load the full stack for this process: defaults, the config file in `paths`, the process
    /// environment, then `overrides`.
    pub fn load(paths: &Paths, overrides: &Overrides) -> Result<Config, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        Self::load_from(&paths.config_file(), &env, overrides)
    }

    pub fn load_from(
        file: &Path,
        env: &[(String, String)],
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let mut merged = toml::Table::try_from(Config::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if let Some(file_table) = file_layer(file)? {
            merge(&mut merged, file_table);
        }
        for (var, value) in env {
            if let Some(key) = env_key(var) {
                merged = env_layer(merged, var, &key, value)?;
            }
        }
        let mut config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))?;
        overrides.apply(&mut config);
        config.validate()?;
        // Flags too: every value is shown somewhere (doctor, `config show`, the status bar).
        let shown = toml::Table::try_from(&config.provider)
            .ok()
            .and_then(|t| unprintable(&t, true));
        if let Some((message, _)) = shown {
            return Err(ConfigError::Invalid(format!("provider: {message}")));
        }
        Ok(config)
    }
}

/// The config file as a table, checked on its own first so its errors carry its own line
/// numbers; `None` when there is no file.
fn file_layer(file: &Path) -> Result<Option<toml::Table>, ConfigError> {
    let text = match crate::read_limit::read_to_string(file, crate::read_limit::CONFIG) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ConfigError::Read {
                path: file.to_path_buf(),
                source,
            });
        }
    };
    let file_error = |message| ConfigError::File {
        path: file.to_path_buf(),
        message,
    };
    let file_table: toml::Table =
        toml::from_str(&text).map_err(|e| file_error(describe_toml_error(&e)))?;
    toml::from_str::<Config>(&text).map_err(|e| file_error(describe_toml_error(&e)))?;
    if let Some((message, _)) = unprintable(&file_table, true) {
        return Err(file_error(message));
    }
    Ok(Some(file_table))
}

/// `merged` with one `MAYA_*` variable laid over it, which sets `key`; tried first, so a bad
/// value names its variable.
fn env_layer(
    merged: toml::Table,
    var: &str,
    key: &str,
    value: &str,
) -> Result<toml::Table, ConfigError> {
    let mut single = toml::Table::new();
    set_path(&mut single, key, parse_env_switch(var, value));
    if let Some((message, _)) = unprintable(&single, true) {
        return Err(ConfigError::Env {
            var: var.to_string(),
            message,
        });
    }
    let mut candidate = merged;
    merge(&mut candidate, single);
    toml::Value::Table(candidate.clone())
        .try_into::<Config>()
        .map_err(|e: toml::de::Error| ConfigError::Env {
            var: var.to_string(),
            message: format!("{} (it sets `{key}`)", e.message().trim()),
        })?;
    Ok(candidate)
}

impl Overrides {
    fn apply(&self, config: &mut Config) {
        if let Some(kind) = self.provider {
            config.provider.kind = kind;
        }
        if let Some(model) = &self.model {
            config.provider.model = model.clone();
        }
        if let Some(url) = &self.base_url {
            config.provider.base_url = url.clone();
        }
        if let Some(key) = &self.key {
            config.provider.key = key.clone();
        }
        if let Some(on) = self.voice {
            config.voice.enabled = on;
        }
        if let Some(out) = &self.voice_out {
            config.voice.output = out.clone();
        }
    }
}
