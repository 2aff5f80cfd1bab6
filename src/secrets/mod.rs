//! Bring-your-own keys: an encrypted vault of API keys (Fernet tokens under a PBKDF2-derived
//! key) whose master secret lives in the OS keyring, `MAYA_MASTER_KEY`, or a passphrase prompt.
//!
//! - [`KeyStore`] is what the rest of Maya calls: `get("gemini")` answers from the environment
//!   first and opens the vault only when a stored key is actually needed (one derivation per
//!   process at most).
//! - `commands::keys_cmd::KeysCmd` (`maya keys set|list|rm|path|rotate|reset`) drives these.
//! - [`master`] picks the master secret's source; [`vault`] is the file; [`kdf`] the
//!   derivation; [`shape`] key names, shapes and masking.
//!
//! Environment: `MAYA_MASTER_KEY` (passphrase fallback), `MAYA_NEW_MASTER_KEY` (new passphrase
//! for `keys rotate` without a terminal), `MAYA_KEYRING=off` (never touch the OS keyring), and
//! the provider variables `GEMINI_API_KEY`/`GOOGLE_API_KEY`, `OPENAI_API_KEY`,
//! `ANTHROPIC_API_KEY`, `STRIPE_SECRET_KEY`, `CARTESIA_API_KEY`, which override stored keys.

mod fsio;
pub mod kdf;
pub mod master;
pub(crate) mod os;
pub(crate) mod registry;
pub mod shape;
pub(crate) mod store;
pub mod vault;

use std::path::PathBuf;

pub use master::{MasterConfig, MasterSource};
pub use os::{Keyring, KeyringError, OsKeyring, Prompter, TtyPrompter};
pub use shape::{KeyName, Provider};
pub use store::{KeySource, KeyStore, LoadHook};

/// How to unlock when nothing works; every "no source" error ends with this.
pub const THREE_OPTIONS: &str = "Choose one of:\n  \
    1. an OS keyring: run Maya in a desktop session with a Secret Service keyring (GNOME \
    Keyring, KWallet);\n  \
    2. set MAYA_MASTER_KEY to a passphrase (use the same one every time);\n  \
    3. run `maya keys` in a terminal and type a passphrase when asked.";

/// Everything that can go wrong with stored keys. Messages say what happened and what to run;
/// none of them ever contains a key, a passphrase or derived material.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "unknown key name `{name}`: use gemini, openai, anthropic, stripe, cartesia, or openai:<label> \
         (lowercase letters, digits, - and _) for an extra OpenAI-compatible endpoint"
    )]
    UnknownName { name: String },

    #[error("refusing the {name} key: {reason}")]
    Refused { name: String, reason: String },

    #[error("no key given: {0}")]
    NoInput(String),

    #[error("the live check of the {name} key failed: {message}; nothing was stored")]
    CheckFailed { name: String, message: String },

    #[error("no stored key named `{name}` in {path} (see `maya keys list`)")]
    NotStored { name: String, path: PathBuf },

    #[error(
        "cannot decrypt credentials: the master key differs from the one that stored them \
         ({path} is locked with {kind}; nothing was changed). Use the master key that stored \
         them, or run `maya keys reset` to move the file aside and start over"
    )]
    MasterMismatch { path: PathBuf, kind: &'static str },

    #[error(
        "{path} is damaged and cannot be read ({reason}); it was left untouched. Restore it \
         from a backup, or run `maya keys reset` to move it aside as a .bak file and start over"
    )]
    Corrupt { path: PathBuf, reason: String },

    #[error(
        "{path} was written by a newer Maya (format version {found}; this one reads {supported}); \
         it was left untouched. Upgrade Maya"
    )]
    NewerVersion {
        path: PathBuf,
        found: u64,
        supported: u64,
    },

    #[error("refusing the vault's key-derivation parameters: {0}")]
    KdfParams(String),

    #[error("no way to unlock stored keys: {reason}.\n{options}", options = THREE_OPTIONS)]
    NoMasterSource { reason: String },

    #[error(
        "stored keys are locked with the master secret in the OS keyring, which is not \
         reachable here ({reason}). Run Maya where that keyring is, or `maya keys reset` to \
         start a new vault"
    )]
    KeyringUnavailable { reason: String },

    #[error(
        "the OS keyring ({keyring}) has no Maya master secret, so stored keys cannot be \
         decrypted. If the keyring was reset, the keys are lost: run `maya keys reset` to move \
         the old vault aside and store them again"
    )]
    KeyringNoMaster { keyring: String },

    #[error("the OS keyring ({keyring}) failed: {reason}")]
    Keyring { keyring: String, reason: String },

    #[error(
        "stored keys are locked with a passphrase: set MAYA_MASTER_KEY to it, or run in a \
         terminal to be asked for it"
    )]
    NoPassphrase,

    #[error("{0}")]
    Passphrase(String),

    // The cause is in the message and deliberately not an error `source`: a report that
    // prints the whole chain (`{:#}`) would say it twice.
    #[error("cannot {action} {path}: {cause}")]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("cannot read from the terminal: {0}")]
    Prompt(std::io::Error),

    #[error("{0}")]
    NotConfirmed(String),
}

impl SecretsError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        cause: std::io::Error,
    ) -> Self {
        SecretsError::Io {
            action,
            path: path.into(),
            cause,
        }
    }
}
