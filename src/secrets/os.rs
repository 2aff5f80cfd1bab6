//! The operating system's side of the master secret: the keyring and the terminal.

use std::io::IsTerminal;

use zeroize::Zeroizing;

/// Maya's keyring entry.
pub const KEYRING_SERVICE: &str = "maya";
pub const KEYRING_ACCOUNT: &str = "master";

/// Why a keyring call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyringError {
    /// No store to talk to (no Secret Service on the bus, no D-Bus, disabled): fall back.
    Unavailable(String),
    /// The store answered but the call failed.
    Failed(String),
}

/// A place to keep the master secret. The real one is [`OsKeyring`]; unit tests use a map.
pub trait Keyring: Send + Sync {
    /// The stored secret, `None` when there is no entry.
    fn get(&self) -> Result<Option<Zeroizing<String>>, KeyringError>;
    fn set(&self, secret: &str) -> Result<(), KeyringError>;
    fn delete(&self) -> Result<(), KeyringError>;
    /// For messages: which store and entry.
    fn describe(&self) -> String;
    /// Another entry of the same store beside this one: account `<this account>.<suffix>`
    /// (the master secrets of later versions, and their registry).
    fn entry(&self, suffix: &str) -> Box<dyn Keyring>;
}

/// The platform credential store through the `keyring` crate. Built from the crate's platform
/// builder directly (never the process-wide default, which tests may replace), and refused when
/// that builder is the crate's in-memory mock, which it silently becomes on a platform whose
/// store feature is not compiled in: a master secret kept in memory would lose every stored key
/// at exit.
pub struct OsKeyring {
    service: String,
    account: String,
}

impl OsKeyring {
    /// Maya's entry: service `maya`, account `master`.
    pub fn maya() -> OsKeyring {
        Self::new(KEYRING_SERVICE, KEYRING_ACCOUNT)
    }

    /// Another entry; tests use their own so they never touch a real Maya master secret.
    pub fn new(service: &str, account: &str) -> OsKeyring {
        OsKeyring {
            service: service.into(),
            account: account.into(),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, KeyringError> {
        let builder = keyring::default::default_credential_builder();
        if !matches!(
            builder.persistence(),
            keyring::credential::CredentialPersistence::UntilDelete
        ) {
            return Err(KeyringError::Unavailable(
                "this build of Maya has no persistent keyring for this platform".into(),
            ));
        }
        let cred = builder
            .build(None, &self.service, &self.account)
            .map_err(|e| KeyringError::Failed(e.to_string()))?;
        Ok(keyring::Entry::new_with_credential(cred))
    }

    /// Run a keyring call off any tokio worker: the Secret Service client blocks on D-Bus and
    /// the async variants panic inside a runtime.
    fn call<T: Send>(
        &self,
        f: impl FnOnce(keyring::Entry) -> Result<T, KeyringError> + Send,
    ) -> Result<T, KeyringError> {
        let entry = self.entry()?;
        if tokio::runtime::Handle::try_current().is_err() {
            return f(entry);
        }
        std::thread::scope(|s| {
            s.spawn(|| f(entry))
                .join()
                .unwrap_or_else(|_| Err(KeyringError::Failed("the keyring call panicked".into())))
        })
    }
}

fn classify(e: keyring::Error) -> KeyringError {
    match e {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            KeyringError::Unavailable(e.to_string())
        }
        other => KeyringError::Failed(other.to_string()),
    }
}

impl Keyring for OsKeyring {
    fn get(&self) -> Result<Option<Zeroizing<String>>, KeyringError> {
        self.call(|entry| match entry.get_password() {
            Ok(p) => Ok(Some(Zeroizing::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        })
    }

    fn set(&self, secret: &str) -> Result<(), KeyringError> {
        self.call(|entry| entry.set_password(secret).map_err(classify))
    }

    fn delete(&self) -> Result<(), KeyringError> {
        self.call(|entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        })
    }

    fn describe(&self) -> String {
        format!(
            "Secret Service: service \"{}\", account \"{}\"",
            self.service, self.account
        )
    }

    fn entry(&self, suffix: &str) -> Box<dyn Keyring> {
        Box::new(OsKeyring::new(
            &self.service,
            &format!("{}.{suffix}", self.account),
        ))
    }
}

/// Questions asked at the terminal.
pub trait Prompter: Send + Sync {
    /// Read a line without echo (passphrases, keys).
    fn ask_hidden(&self, prompt: &str) -> std::io::Result<Zeroizing<String>>;
    /// Read a visible line (confirmations).
    fn ask_line(&self, prompt: &str) -> std::io::Result<String>;
}

/// The controlling terminal, through `/dev/tty`, so prompts work even when stdin is a pipe.
pub struct TtyPrompter;

impl TtyPrompter {
    /// `Some` when there is a terminal to ask on.
    pub fn detect() -> Option<TtyPrompter> {
        let has_tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok();
        (has_tty || std::io::stdin().is_terminal()).then_some(TtyPrompter)
    }
}

impl Prompter for TtyPrompter {
    // Prompts go straight to the terminal and may name paths and stored key names: sanitized
    // like everything else printed.
    fn ask_hidden(&self, prompt: &str) -> std::io::Result<Zeroizing<String>> {
        rpassword::prompt_password(crate::terminal::sanitize(prompt)).map(Zeroizing::new)
    }

    fn ask_line(&self, prompt: &str) -> std::io::Result<String> {
        use std::io::{BufRead, Write};
        let prompt = crate::terminal::sanitize(prompt);
        let mut line = String::new();
        // Ask on the terminal itself, like the hidden prompts, so redirected output or input
        // never swallows the question or answers it.
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
        {
            Ok(mut tty) => {
                write!(tty, "{prompt}")?;
                tty.flush()?;
                std::io::BufReader::new(tty).read_line(&mut line)?;
            }
            Err(_) => {
                let mut err = std::io::stderr();
                write!(err, "{prompt}")?;
                err.flush()?;
                std::io::stdin().lock().read_line(&mut line)?;
            }
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! In-memory stand-ins for unit tests only: the binary never builds these.
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Entries of one in-memory store by account; a `MapKeyring` is one account of it.
    #[derive(Clone)]
    pub struct MapKeyring {
        pub entries: Arc<Mutex<std::collections::BTreeMap<String, String>>>,
        pub account: String,
        pub unavailable: bool,
        /// Reads work, writes fail (a locked collection, a full disk).
        pub read_only: Arc<std::sync::atomic::AtomicBool>,
        /// Writes land, then report a failure (a D-Bus reply that timed out).
        pub fail_after_set: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Default for MapKeyring {
        fn default() -> Self {
            MapKeyring {
                entries: Arc::default(),
                account: "master".into(),
                unavailable: false,
                read_only: Arc::default(),
                fail_after_set: Arc::default(),
            }
        }
    }

    impl MapKeyring {
        /// This account's value.
        pub fn value(&self) -> Option<String> {
            self.entries.lock().unwrap().get(&self.account).cloned()
        }
        pub fn put(&self, value: &str) {
            self.entries
                .lock()
                .unwrap()
                .insert(self.account.clone(), value.into());
        }
        /// Every account in the store.
        pub fn accounts(&self) -> Vec<String> {
            self.entries.lock().unwrap().keys().cloned().collect()
        }
    }

    impl Keyring for MapKeyring {
        fn get(&self) -> Result<Option<Zeroizing<String>>, KeyringError> {
            if self.unavailable {
                return Err(KeyringError::Unavailable("no Secret Service (test)".into()));
            }
            Ok(self.value().map(Zeroizing::new))
        }
        fn set(&self, secret: &str) -> Result<(), KeyringError> {
            use std::sync::atomic::Ordering::Relaxed;
            if self.unavailable {
                return Err(KeyringError::Unavailable("no Secret Service (test)".into()));
            }
            if self.read_only.load(Relaxed) {
                return Err(KeyringError::Failed(
                    "the collection is locked (test)".into(),
                ));
            }
            self.put(secret);
            if self.fail_after_set.load(Relaxed) {
                return Err(KeyringError::Failed(
                    "no reply from the keyring (test)".into(),
                ));
            }
            Ok(())
        }
        fn delete(&self) -> Result<(), KeyringError> {
            self.entries.lock().unwrap().remove(&self.account);
            Ok(())
        }
        fn describe(&self) -> String {
            if self.account == "master" {
                "test keyring".into()
            } else {
                format!("test keyring, account {}", self.account)
            }
        }
        fn entry(&self, suffix: &str) -> Box<dyn Keyring> {
            Box::new(MapKeyring {
                account: format!("{}.{suffix}", self.account),
                ..self.clone()
            })
        }
    }

    /// Answers prompts from a script, in order.
    #[derive(Clone, Default)]
    pub struct Script(pub Arc<Mutex<VecDeque<String>>>);

    impl Script {
        pub fn new(answers: &[&str]) -> Script {
            Script(Arc::new(Mutex::new(
                answers.iter().map(|s| s.to_string()).collect(),
            )))
        }
        fn next(&self) -> std::io::Result<String> {
            self.0.lock().unwrap().pop_front().ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no more answers")
            })
        }
    }

    impl Prompter for Script {
        fn ask_hidden(&self, _: &str) -> std::io::Result<Zeroizing<String>> {
            self.next().map(Zeroizing::new)
        }
        fn ask_line(&self, _: &str) -> std::io::Result<String> {
            self.next()
        }
    }
}
