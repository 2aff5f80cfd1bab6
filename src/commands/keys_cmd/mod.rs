//! The logic behind `maya keys set|list|rm|path|rotate|reset`. The CLI parses arguments and
//! calls these; they write results to `out`, notices and warnings to `err`, and return typed
//! errors for `main` to render.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::config::Paths;
use crate::secrets::SecretsError;
use crate::secrets::kdf::VaultKey;
use crate::secrets::master::{MasterConfig, MasterKind, MasterSource, Prompter};
use crate::secrets::registry::{self, Retired};
use crate::secrets::shape::{self, KeyName, Shape};
use crate::secrets::store::{EnvLookup, env_override, open_vault};
use crate::secrets::vault::{self, KdfParams, Vault, WriteLock};

mod list;

/// Live validation for `keys set --check`: given the key name and value, `Ok(summary)` when the
/// provider accepts it, `Err(reason)` when not. Supplied by the providers (as `maya doctor`).
pub type CheckFn<'a> = dyn Fn(&str, &SecretString) -> Result<String, String> + 'a;

/// Where `keys set` reads the key from. Never an argument: it would land in shell history.
pub enum KeyInput {
    /// Standard input (`printf %s "$KEY" | maya keys set gemini`).
    Stdin,
    /// A hidden prompt on the terminal.
    Prompt,
    /// Any reader (tests, or a caller with its own source).
    Reader(Box<dyn Read + Send>),
    /// Any prompter (tests).
    Prompter(Box<dyn Prompter>),
}

impl KeyInput {
    /// A hidden prompt when stdin is a terminal, else stdin.
    pub fn detect() -> KeyInput {
        if std::io::stdin().is_terminal() {
            KeyInput::Prompt
        } else {
            KeyInput::Stdin
        }
    }
}

/// How `keys reset` is confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// `--yes`: already confirmed.
    Yes,
    /// Ask on the terminal; refuse without one.
    Ask,
}

/// Longest input accepted on stdin; keys are far shorter.
const MAX_INPUT: u64 = 4096;

pub struct KeysCmd<'a> {
    paths: &'a Paths,
    master: MasterConfig,
    env: EnvLookup,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    derivations: AtomicUsize,
}

impl<'a> KeysCmd<'a> {
    /// With the real environment and master sources.
    pub fn new(paths: &'a Paths, out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        KeysCmd {
            paths,
            master: MasterConfig::from_env(),
            env: Box::new(|k| std::env::var(k).ok()),
            out,
            err,
            derivations: AtomicUsize::new(0),
        }
    }

    pub fn with_master(mut self, master: MasterConfig) -> Self {
        self.master = master;
        self
    }

    pub fn with_env(
        mut self,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Box::new(env);
        self
    }

    fn vault_path(&self) -> PathBuf {
        self.paths.credentials_file()
    }

    /// `maya keys set <name> [--check]`.
    pub fn set(
        &mut self,
        name: &str,
        input: KeyInput,
        check: Option<&CheckFn<'_>>,
    ) -> Result<(), SecretsError> {
        let name = KeyName::parse(name)?;
        let value = self.read_key(&name, input)?;
        if let Shape::Unusual(warning) = shape::check_shape(&name, value.expose_secret())? {
            self.note(&format!("warning: {warning}; storing it anyway"))?;
        }
        if let Some(check) = check {
            match check(&name.to_string(), &value) {
                Ok(summary) => self.note(&format!("check: {}", scrub(&summary, &value)))?,
                Err(message) => {
                    return Err(SecretsError::CheckFailed {
                        name: name.to_string(),
                        message: scrub(&message, &value),
                    });
                }
            }
        }
        let path = self.vault_path();
        if let Some(w) = vault::ensure_dir(&path)? {
            self.note(&format!("warning: {w}"))?;
        }
        let _lock = WriteLock::acquire(&path)?;
        let created = !path.exists();
        let (mut vault, key, source) = self.open_or_create(&path)?;
        if created && matches!(source, MasterSource::Keyring(_)) && self.master.has_passphrase() {
            self.note(
                "note: MAYA_MASTER_KEY is set but the OS keyring is available and is used; set \
                 MAYA_KEYRING=off (and `maya keys reset`) to lock the vault with the passphrase",
            )?;
        }
        vault.put(&key, &name.to_string(), &value);
        vault.save()?;
        if !created {
            // An unfinished rotation's copy lacks this key: finishing it later would lose it.
            // The vault itself opened, so the copy holds nothing it does not.
            self.discard_rotating(&path, &vault);
        }
        self.say(&format!(
            "Stored the {name} key ({}) in {}, locked with {source}.",
            shape::mask(value.expose_secret()),
            path.display()
        ))?;
        if let Some((var, _)) = env_override(&name, &*self.env) {
            self.note(&format!(
                "note: {var} is set in this environment and takes precedence over the stored key"
            ))?;
        }
        Ok(())
    }

    /// `maya keys rm <name>`. Names are stored in the clear, so a name that is not there needs
    /// no master; removing one does, like every change to the vault: a wrong or missing master
    /// is refused before anything is written (`keys reset` is the way out without it).
    pub fn rm(&mut self, name: &str) -> Result<(), SecretsError> {
        let name = KeyName::parse(name)?;
        let path = self.vault_path();
        let not_stored = || SecretsError::NotStored {
            name: name.to_string(),
            path: path.clone(),
        };
        if !path.exists() {
            return Err(not_stored());
        }
        let _lock = WriteLock::acquire(&path)?;
        let v = Vault::load(&path)?.ok_or_else(not_stored)?;
        if v.entry(&name.to_string()).is_none() {
            return Err(not_stored());
        }
        let (mut v, _, _) = open_vault(v, &self.master, &self.derivations, true)?;
        if !v.remove(&name.to_string()) {
            return Err(not_stored());
        }
        v.save()?;
        // An unfinished rotation (its copy under a master not at hand here) must not bring the
        // key back when it is finished. Names are in the clear: no master needed.
        let pending = vault::rotating_path(&path);
        if let Ok(Some(mut copy)) = Vault::load(&pending)
            && copy.remove(&name.to_string())
        {
            copy.save_to(&pending)?;
        }
        self.say(&format!("Removed the {name} key from {}.", path.display()))?;
        if let Some((var, _)) = env_override(&name, &*self.env) {
            self.note(&format!(
                "note: {var} is still set in this environment and will be used"
            ))?;
        }
        Ok(())
    }

    /// `maya keys path`: the vault file, one line, for scripts.
    pub fn path(&mut self) -> Result<(), SecretsError> {
        let path = self.vault_path();
        self.say(&path.display().to_string())
    }

    /// `maya keys rotate`: a new master secret (or passphrase) and salt, every key re-encrypted.
    /// The new vault is written beside the old one first; a keyring master goes to a new
    /// keyring entry of its own (never over one another vault or backup may need) only after
    /// that, and the rename comes last, so a crash or error at any point leaves a vault that
    /// opens. The old keyring master is removed only when no vault needs it (`registry`).
    pub fn rotate(&mut self) -> Result<(), SecretsError> {
        let path = self.vault_path();
        if !path.exists() {
            return self.say(&format!(
                "No vault at {}; nothing to rotate.",
                path.display()
            ));
        }
        let _lock = WriteLock::acquire(&path)?;
        let Some(existing) = Vault::load(&path)? else {
            return self.say(&format!(
                "No vault at {}; nothing to rotate.",
                path.display()
            ));
        };
        let (old, old_key, _) = open_vault(existing, &self.master, &self.derivations, true)?;
        self.discard_rotating(&path, &old);
        let kind = old.master_kind();
        let rotation = self.master.rotate(kind)?;
        let params = KdfParams::generate()?;
        let new_key = VaultKey::derive(rotation.secret.expose(), &params.salt, params.iterations)?;
        let mut new = Vault::create(&path, kind, &params, &new_key);
        new.set_master_version(rotation.version.clone());
        let names: Vec<String> = old.names().map(str::to_string).collect();
        for name in &names {
            let (Some(value), Some(entry)) = (old.decrypt(&old_key, name)?, old.entry(name)) else {
                continue;
            };
            new.put_rekeyed(&new_key, name, &value, entry.stored_at);
        }
        let pending = vault::rotating_path(&path);
        new.save_to(&pending)?;
        if let Some(version) = &rotation.version {
            registry::made(&self.master, version, &path);
        }
        if let Err(e) = rotation.commit() {
            // The write may have landed despite the error, and then this copy is the only
            // one under the new master: keep it. The vault itself is unchanged and opens.
            self.note(&format!(
                "note: {} is unchanged and opens as before; the copy re-encrypted for the new \
                 master stays at {} until the next change",
                path.display(),
                pending.display()
            ))?;
            return Err(e);
        }
        vault::rename_into_place(&pending, &path)?;
        let (source, kept_passphrase) = (rotation.source.clone(), rotation.kept_passphrase);
        drop(rotation);
        self.say(&format!(
            "Rotated {}: {} key(s) re-encrypted under a new salt, locked with {}.",
            path.display(),
            names.len(),
            source
        ))?;
        if kind == MasterKind::Keyring {
            self.retire_old_master(&path, old.master_version())?;
        }
        if kept_passphrase {
            self.note(
                "note: the passphrase is unchanged (no terminal to ask for a new one and \
                 MAYA_NEW_MASTER_KEY is not set); the salt and every token are new",
            )?;
        } else if source == MasterSource::NewEnvPassphrase {
            self.note("note: the new passphrase came from MAYA_NEW_MASTER_KEY; set MAYA_MASTER_KEY to it from now on")?;
        }
        Ok(())
    }

    /// `maya keys reset [--yes]`: move the vault (readable or not) aside as `.bak` and start
    /// fresh. The keyring's master secret is kept, so a readable backup can still be opened.
    pub fn reset(&mut self, confirm: Confirm) -> Result<(), SecretsError> {
        let path = self.vault_path();
        let pending = vault::rotating_path(&path);
        if !path.exists() && !pending.exists() {
            return self.say(&format!(
                "No vault at {}; nothing to reset.",
                path.display()
            ));
        }
        let summary = match Vault::load(&path) {
            Ok(Some(v)) if v.is_empty() => "it holds no keys".to_string(),
            Ok(Some(v)) => format!(
                "it holds: {}",
                crate::terminal::sanitize_line(&v.names().collect::<Vec<_>>().join(", "))
            ),
            Ok(None) => "only an unfinished rotation is there".to_string(),
            Err(_) => "it cannot be read".to_string(),
        };
        if confirm == Confirm::Ask {
            let Some(prompter) = self.master.prompter() else {
                return Err(SecretsError::NotConfirmed(
                    "`maya keys reset` needs confirmation: run it in a terminal, or add --yes"
                        .into(),
                ));
            };
            let answer = prompter
                .ask_line(&format!(
                    "This moves {} aside ({summary}) and starts a new, empty vault.\nType \"reset\" to continue: ",
                    path.display()
                ))
                .map_err(SecretsError::Prompt)?;
            if answer.trim() != "reset" {
                return Err(SecretsError::NotConfirmed(
                    "reset cancelled; nothing was changed".into(),
                ));
            }
        }
        let _lock = WriteLock::acquire(&path)?;
        if path.exists() {
            let bak = vault::backup_path(&path);
            vault::rename_into_place(&path, &bak)?;
            self.say(&format!(
                "Moved {} to {} ({summary}). The next `maya keys set` starts a new vault.",
                path.display(),
                bak.display()
            ))?;
        }
        if pending.exists() {
            let version = Vault::load(&pending)
                .ok()
                .flatten()
                .and_then(|v| v.master_version().map(str::to_string));
            std::fs::remove_file(&pending).map_err(|e| SecretsError::io("remove", &pending, e))?;
            if let Some(version) = version {
                registry::retire(&self.master, &version, &path);
            }
        }
        Ok(())
    }

    /// Drop an unfinished rotation's copy beside `vault`, which just opened with its own
    /// master (so the copy holds nothing it does not), and its keyring master if it had one
    /// that nothing needs.
    fn discard_rotating(&mut self, path: &Path, vault: &Vault) {
        let pending = vault::rotating_path(path);
        if !pending.exists() {
            return;
        }
        let version = Vault::load(&pending)
            .ok()
            .flatten()
            .and_then(|v| v.master_version().map(str::to_string));
        if std::fs::remove_file(&pending).is_err() {
            return;
        }
        if let Some(version) = version.filter(|v| Some(v.as_str()) != vault.master_version()) {
            registry::retire(&self.master, &version, path);
        }
    }

    /// After a keyring rotation: say what became of the master the vault used before.
    fn retire_old_master(&mut self, path: &Path, old: Option<&str>) -> Result<(), SecretsError> {
        let Some(keyring) = self.master.keyring() else {
            return Ok(());
        };
        let line = match old {
            None => format!(
                "note: the previous master secret stays in the OS keyring ({}): vaults in other \
                 Maya folders, backups and earlier Maya versions share it",
                keyring.describe()
            ),
            Some(version) => {
                let entry = keyring.entry(version).describe();
                match registry::retire(&self.master, version, path) {
                    Retired::Removed => format!(
                        "note: the previous master secret ({entry}) was removed from the OS \
                         keyring: no vault or backup Maya knows of needs it"
                    ),
                    Retired::Kept(why) => format!(
                        "note: the previous master secret stays in the OS keyring ({entry}): {why}"
                    ),
                }
            }
        };
        self.note(&line)
    }

    fn open_or_create(
        &mut self,
        path: &Path,
    ) -> Result<(Vault, VaultKey, MasterSource), SecretsError> {
        if let Some(existing) = Vault::load(path)? {
            return open_vault(existing, &self.master, &self.derivations, true);
        }
        let (secret, kind, source) = self.master.create()?;
        let params = KdfParams::generate()?;
        let key = VaultKey::derive(secret.expose(), &params.salt, params.iterations)?;
        Ok((Vault::create(path, kind, &params, &key), key, source))
    }

    fn read_key(&mut self, name: &KeyName, input: KeyInput) -> Result<SecretString, SecretsError> {
        let prompt = format!("Paste the {name} key (input is hidden): ");
        let raw: Zeroizing<String> = match input {
            KeyInput::Prompt => rpassword::prompt_password(&prompt)
                .map(Zeroizing::new)
                .map_err(SecretsError::Prompt)?,
            KeyInput::Prompter(p) => p.ask_hidden(&prompt).map_err(SecretsError::Prompt)?,
            KeyInput::Stdin => read_limited(&mut std::io::stdin().lock())?,
            KeyInput::Reader(mut r) => read_limited(&mut r)?,
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(SecretsError::NoInput(format!(
                "the input was empty; type or paste the key, or pipe it in: \
                 printf %s \"$KEY\" | maya keys set {name}"
            )));
        }
        Ok(SecretString::from(trimmed))
    }

    fn say(&mut self, line: &str) -> Result<(), SecretsError> {
        writeln!(self.out, "{line}").map_err(|e| SecretsError::io("write to", "standard output", e))
    }

    fn note(&mut self, line: &str) -> Result<(), SecretsError> {
        writeln!(self.err, "{line}").map_err(|e| SecretsError::io("write to", "standard error", e))
    }
}

fn read_limited(r: &mut dyn Read) -> Result<Zeroizing<String>, SecretsError> {
    let mut buf = Zeroizing::new(Vec::with_capacity(2 * MAX_INPUT as usize));
    r.take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| SecretsError::io("read", "standard input", e))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(SecretsError::NoInput(format!(
            "more than {MAX_INPUT} bytes on standard input; pipe in only the key"
        )));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|_| SecretsError::NoInput("standard input is not UTF-8 text".into()))?;
    Ok(Zeroizing::new(text.to_string()))
}

/// A provider's message may echo the key back; never pass that on.
fn scrub(message: &str, key: &SecretString) -> String {
    let k = key.expose_secret();
    if k.len() >= 4 && message.contains(k) {
        message.replace(k, &shape::mask(k))
    } else {
        message.to_string()
    }
}

#[cfg(test)]
#[path = "keys_cmd_rotation_tests.rs"]
mod rotation_tests;
#[cfg(test)]
#[path = "keys_cmd_tests.rs"]
mod tests;
