//! The `maya` binary as a script runs it: a clean environment and Maya's three directories
//! inside `home`, so a test never reads the user's config, keys or sessions.

use assert_cmd::Command;
use tempfile::TempDir;

pub fn maya(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("maya").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("MAYA_CONFIG_DIR", home.path().join("config"))
        .env("MAYA_DATA_DIR", home.path().join("data"))
        .env("MAYA_STATE_DIR", home.path().join("state"))
        .env("MAYA_HOUSE_WORD_DELAY_MS", "0")
        .env("MAYA_KEYRING", "off");
    cmd
}
