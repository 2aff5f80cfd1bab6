//! Putting a bar together: the menu, the keys, the provider, the payment gateway and the
//! session (new or resumed), ready for the agent. Shared by the TUI and `maya ask`.
//!
//! Runs before the TUI takes the terminal, because opening a passphrase-locked vault may ask
//! for the passphrase.

use std::sync::Arc;
use std::time::Duration;

use crate::agent::safety::Safety;
use crate::agent::{AgentSetup, SessionInfo};
use crate::bar::{Bar, Menu};
use crate::session::recorder::NoRecord;
use secrecy::SecretString;

use crate::config::GatewayChoice;
use crate::config::{Config, Paths, ProviderKind};
use crate::llm::Provider;
use crate::llm::anthropic::Anthropic;
use crate::llm::endpoint::{self, Endpoint};
use crate::llm::gemini::Gemini;
use crate::llm::house::HouseBartender;
use crate::llm::openai::OpenAi;
use crate::payments::select::GatewaySelector;
use crate::secrets::KeyStore;
use crate::session::catalog;
use crate::session::journal::Journal;
use crate::session::lock::{LockError, SessionLock};
use crate::session::record::{self, JournalRecorder, SessionMeta};
use crate::session::storage::SessionStorage;

/// A bar ready to open, and what the guest should be told first. The session's lock is held
/// by its journal inside the agent and released when the agent ends.
pub struct Launch {
    pub setup: AgentSetup,
    /// What voice needs to turn on, now (`--voice`) or later (F5).
    pub voice: crate::voice::VoiceSetup,
    pub session_id: Option<String>,
    /// The session's journal file; it may not exist yet (a full or read-only disk).
    pub journal: Option<std::path::PathBuf>,
}

impl Launch {
    /// The id to resume this session with, once its journal is on disk.
    pub fn resumable(
        session_id: Option<String>,
        journal: Option<&std::path::Path>,
    ) -> Option<String> {
        session_id.filter(|_| journal.is_some_and(std::path::Path::exists))
    }
}

pub struct LaunchOptions {
    /// `--resume <id | prefix | last>`.
    pub resume: Option<String>,
    /// Ask the model to greet a new session (the TUI does; `maya ask` does not).
    pub greet: bool,
}

pub fn load_menu(config: &Config, paths: &Paths) -> anyhow::Result<Menu> {
    match menu_path(config, paths) {
        None => Ok(Menu::builtin()),
        Some(path) => Ok(Menu::from_file(&path)?),
    }
}

/// The configured menu file: `~/` is the home directory, and a relative path is relative to
/// the config directory (where the config file that names it lives), not to wherever `maya`
/// happens to be started.
pub fn menu_path(config: &Config, paths: &Paths) -> Option<std::path::PathBuf> {
    let menu = config.menu.trim();
    if menu.is_empty() {
        return None;
    }
    if let Some(rest) = menu.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
    {
        return Some(std::path::PathBuf::from(home).join(rest));
    }
    let path = std::path::Path::new(menu);
    Some(if path.is_absolute() {
        path.to_path_buf()
    } else {
        paths.config_dir.join(path)
    })
}

/// The keys of this process: environment first, then the vault, which is opened at most once
/// and only when a key is asked for. Every key it hands out is also taught to the redactor.
pub fn key_store(paths: &Paths) -> Arc<KeyStore> {
    let mut store = KeyStore::new(paths);
    store.on_load(Box::new(|key: &str| {
        crate::security::redact::register_secret(key)
    }));
    Arc::new(store)
}

/// Look a key up; a vault that cannot be opened is a notice, never the end of the evening.
fn key(store: &KeyStore, name: &str, notices: &mut Vec<String>) -> Option<SecretString> {
    match store.get(name) {
        Ok(k) => k,
        Err(e) => {
            let text = format!("stored keys are unavailable ({e}); continuing without them");
            if !notices.contains(&text) {
                notices.push(text);
            }
            None
        }
    }
}

fn choose_provider(
    config: &Config,
    menu: &Arc<Menu>,
    keys: &KeyStore,
    notices: &mut Vec<String>,
) -> anyhow::Result<Arc<dyn Provider>> {
    select_provider(
        config,
        menu,
        &mut |name, notices| key(keys, name, notices),
        &|name| keys.is_stored(name),
        notices,
    )
}

/// The providers `auto` tries, in order: the first with a key serves.
pub const AUTO_ORDER: [ProviderKind; 3] = [
    ProviderKind::Gemini,
    ProviderKind::Openai,
    ProviderKind::Anthropic,
];

/// The provider `auto` (or a named key) settles on, where its requests go and with which key:
/// what [`select_provider`] builds. `None` is the house bartender. `lookup` is asked only for
/// keys the endpoint may receive ([`endpoint::route`]).
fn resolve_provider(
    config: &Config,
    lookup: &mut dyn FnMut(&str, &mut Vec<String>) -> Option<SecretString>,
    notices: &mut Vec<String>,
) -> anyhow::Result<Option<(Endpoint, Option<SecretString>)>> {
    let cfg = &config.provider;
    let named = endpoint::named_key(cfg)?;
    // A named key picks its provider when the kind is left to auto.
    let kind = match (cfg.kind, &named) {
        (ProviderKind::Auto, Some(name)) => endpoint::kind_of_key(name).unwrap_or(cfg.kind),
        (kind, _) => kind,
    };
    match kind {
        ProviderKind::House => Ok(None),
        ProviderKind::Auto => {
            for k in AUTO_ORDER {
                let route = endpoint::route(cfg, k)?;
                if let Some(found) = route.key.as_deref().and_then(|n| lookup(n, notices)) {
                    return Ok(Some((route, Some(found))));
                }
            }
            Ok(None)
        }
        k => {
            let route = endpoint::route(cfg, k)?;
            let found = route.key.as_deref().and_then(|n| lookup(n, notices));
            Ok(Some((route, found)))
        }
    }
}

/// The provider for `config.provider.kind`. `lookup` is asked for a key only when the choice
/// needs it (so `house` never opens the vault), in the order `auto` tries them: Gemini, OpenAI,
/// Anthropic; none found means the house bartender. A `base_url` alone does not make `auto`
/// pick OpenAI: a local server is chosen with `--provider openai` / `MAYA_PROVIDER=openai`.
/// `stored` says whether a key exists without opening the vault, for notices.
fn select_provider(
    config: &Config,
    menu: &Arc<Menu>,
    lookup: &mut dyn FnMut(&str, &mut Vec<String>) -> Option<SecretString>,
    stored: &dyn Fn(&str) -> bool,
    notices: &mut Vec<String>,
) -> anyhow::Result<Arc<dyn Provider>> {
    let cfg = &config.provider;
    let Some((route, found)) = resolve_provider(config, lookup, notices)? else {
        if cfg.kind == ProviderKind::Auto && !cfg.base_url.trim().is_empty() {
            notices.push(
                "[provider] base_url is set, but auto sends no key to it, so the house \
                 bartender serves; to use that server set [provider] kind (and key, if it \
                 needs one; maya doctor shows where each key goes)."
                    .to_string(),
            );
        }
        return Ok(Arc::new(HouseBartender::new(
            menu.clone(),
            Duration::from_millis(cfg.house_word_delay_ms),
            crate::ui::keymap::say,
        )));
    };
    let kind = route.kind;
    Ok(match kind {
        ProviderKind::Openai => {
            let name = route.key.as_deref();
            match (name, &found) {
                (_, Some(_)) => {}
                (Some("openai"), None) if cfg.base_url.trim().is_empty() => notices.push(
                    "No OpenAI key is set, so OpenAI will refuse Maya's requests: \
                     maya keys set openai (a local server needs none: set [provider] base_url)."
                        .to_string(),
                ),
                (Some(name), None) => anyhow::bail!(
                    "[provider] key names {name}, but no such key is stored: `maya keys set \
                     {name}` stores it (maya keys list shows what is stored)"
                ),
                (None, None) if stored("openai") => notices.push(format!(
                    "Your OpenAI key is not sent to {}: {}.",
                    crate::llm::http::clean(&route.base),
                    route.why
                )),
                (None, None) => {}
            }
            let provider = OpenAi::new(cfg, found)?;
            Arc::new(match name {
                Some(name) => provider.with_key_name(name),
                None => provider,
            })
        }
        ProviderKind::Gemini => Arc::new(Gemini::new(cfg, needs_key(&route, found)?)?),
        _ => Arc::new(Anthropic::new(cfg, needs_key(&route, found)?)?),
    })
}

/// Gemini and Anthropic cannot be used without a key: say how to add one, or, when the key is
/// kept from this endpoint, how to name it for it.
fn needs_key(route: &Endpoint, found: Option<SecretString>) -> anyhow::Result<SecretString> {
    found.ok_or_else(|| {
        let name = route.kind.as_str();
        if route.key.is_none() {
            return anyhow::anyhow!(
                "the {name} provider needs a key, and none is sent to {}: {}",
                crate::llm::http::clean(&route.base),
                route.why
            );
        }
        let env = crate::secrets::Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == name)
            .map(|p| p.env_vars().join(" or "))
            .unwrap_or_default();
        anyhow::anyhow!(
            "the {name} provider needs a key: store one with `maya keys set {name}` or set {env}; \
             `--provider house` runs Maya offline"
        )
    })
}

pub async fn prepare(
    paths: &Paths,
    config: &Config,
    opts: LaunchOptions,
) -> anyhow::Result<Launch> {
    let menu = Arc::new(load_menu(config, paths)?);
    let keys = key_store(paths);
    let mut notices = Vec::new();
    let provider: Arc<dyn Provider> = Arc::new(crate::llm::limited::Limited {
        inner: choose_provider(config, &menu, &keys, &mut notices)?,
        limiter: Arc::new(crate::security::rate::Limiter::provider(&config.rate)),
    });

    let payments = Arc::new(payment_selector(config, &keys, &mut notices));
    let simulated = match config.payments.gateway {
        GatewayChoice::Simulated => true,
        GatewayChoice::Stripe => false,
        GatewayChoice::Auto => !keys.is_stored("stripe"),
    };

    let sessions = paths.sessions_dir();
    let mut setup = AgentSetup {
        config: config.clone(),
        bar: Bar::new(menu.clone(), config.agent.starting_balance),
        provider: provider.clone(),
        payments,
        pending_gateway: None,
        safety: Safety::new(&config.security, &config.rate),
        recorder: Box::new(NoRecord),
        info: session_info(provider.as_ref(), simulated, None, false),
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec![],
        greet: opts.greet,
        session_key: String::new(),
        notices: vec![],
    };

    let (id, path) = match &opts.resume {
        Some(query) => resume_session(
            &mut setup,
            &sessions,
            query,
            &menu,
            config,
            simulated,
            &mut notices,
        )?,
        None => start_session(&mut setup, &sessions, config, simulated)?,
    };
    let (session_id, journal) = (Some(id), Some(path));
    setup.session_key = session_id
        .clone()
        .unwrap_or_else(|| format!("unsaved-{:08x}", rand::random::<u32>()));
    let voice = voice_setup(config, &keys, &mut notices);
    // Notices quote files (journal damage, vault errors, paths): shown only sanitized.
    setup.notices = notices
        .iter()
        .map(|n| crate::terminal::sanitize(n).into_owned())
        .collect();
    Ok(Launch {
        setup,
        voice,
        session_id,
        journal,
    })
}

fn session_info(
    provider: &dyn Provider,
    simulated: bool,
    id: Option<String>,
    resumed: bool,
) -> SessionInfo {
    SessionInfo {
        session_id: id,
        provider: provider.id().to_string(),
        model: provider.model().to_string(),
        offline: provider.id() == "house",
        simulated_payments: simulated,
        resumed,
    }
}

/// `--resume`: the session found, locked if it can be, replayed into `setup`; its id and
/// journal path.
fn resume_session(
    setup: &mut AgentSetup,
    sessions: &std::path::Path,
    query: &str,
    menu: &Arc<Menu>,
    config: &Config,
    simulated: bool,
    notices: &mut Vec<String>,
) -> anyhow::Result<(String, std::path::PathBuf)> {
    let found = catalog::resolve(sessions, query)?;
    // Another live maya has it: refuse. A lock that cannot be written (a read-only
    // session dir): open the session anyway; nothing is saved until it can be taken.
    let lock = match SessionLock::acquire(sessions, &found.id) {
        Ok(lock) => Some(lock),
        Err(e @ LockError::Held { .. }) => return Err(e.into()),
        Err(e @ LockError::Io { .. }) => {
            notices.push(format!(
                "{e}: it opens without being saved, and Maya saves it as soon as the \
                 lock can be taken."
            ));
            None
        }
    };
    let (restored, at) = record::load(&found.path, menu.clone(), config.agent.starting_balance)?;
    let storage = match at.keep_as_is {
        Some(why) => SessionStorage::never(sessions, &found.id, why),
        None => SessionStorage::resume(sessions, &found.id, at.good_len, at.file_len, lock),
    };
    let journal = Journal::with_storage(&found.path, Box::new(storage), at.good_len);
    notices.push(resume_notice(
        &found.id,
        &restored.created,
        &restored.meta,
        setup.provider.as_ref(),
    ));
    notices.extend(restored.notices);
    setup.bar = restored.bar;
    setup.history = restored.history;
    setup.transcript = restored.transcript;
    setup.input_history = restored.input_history;
    setup.queued = restored.queued;
    setup.pending_gateway = restored.pending_gateway;
    setup.recorder = Box::new(JournalRecorder::new(journal));
    setup.info = session_info(
        setup.provider.as_ref(),
        simulated,
        Some(found.id.clone()),
        true,
    );
    setup.greet = false;
    Ok((found.id, found.path))
}

/// A new session: its id, and its journal started (lazily: see `SessionStorage`).
fn start_session(
    setup: &mut AgentSetup,
    sessions: &std::path::Path,
    config: &Config,
    simulated: bool,
) -> anyhow::Result<(String, std::path::PathBuf)> {
    let provider = setup.provider.clone();
    let meta = SessionMeta {
        provider: provider.id().to_string(),
        model: provider.model().to_string(),
        starting_balance: config.agent.starting_balance,
    };
    // A read-only or full disk does not stop the bar: the session has its id, its journal
    // keeps the lines in memory, and the agent warns until they are saved.
    let id = catalog::new_id(sessions);
    let storage = SessionStorage::new_session(sessions, &id);
    let path = storage.path().to_path_buf();
    let journal = Journal::start(&path, serde_json::to_value(&meta)?, Box::new(storage));
    setup.recorder = Box::new(JournalRecorder::new(journal));
    setup.info = session_info(provider.as_ref(), simulated, Some(id.clone()), false);
    Ok((id, path))
}

/// The payment gateway selector. The agent asks it at each new checkout, and it looks the
/// Stripe key up the first time one needs it, so an evening that never pays never opens the
/// vault for it, and `[payments] gateway = "simulated"` never looks at all.
///
/// One exception, because a passphrase prompt cannot appear while the TUI owns the terminal:
/// when the key is stored in a passphrase vault that would have to ask (no `MAYA_MASTER_KEY`,
/// a terminal to ask at), it is read now, before the TUI starts. Names are stored in the clear,
/// so this happens only when a Stripe key is actually stored. Every later lookup is one that
/// cannot prompt.
fn payment_selector(
    config: &Config,
    keys: &Arc<KeyStore>,
    notices: &mut Vec<String>,
) -> GatewaySelector {
    if config.payments.gateway == GatewayChoice::Simulated {
        return GatewaySelector::new(&config.payments, &config.stripe, None);
    }
    if keys.needs_prompt("stripe") {
        let key = key(keys, "stripe", notices);
        return GatewaySelector::new(&config.payments, &config.stripe, key);
    }
    let keys = keys.clone();
    GatewaySelector::with_key_lookup(
        &config.payments,
        &config.stripe,
        Arc::new(move || keys.get_without_prompt("stripe").map_err(|e| e.to_string())),
    )
}

/// What voice needs. The Cartesia key is looked up only when voice turns on, like the Stripe
/// key; one that needs a typed passphrase is read now when voice starts on, since the bar
/// cannot ask later.
fn voice_setup(
    config: &Config,
    keys: &Arc<KeyStore>,
    notices: &mut Vec<String>,
) -> crate::voice::VoiceSetup {
    use crate::config::VoiceEngine;
    let mut voice = crate::voice::VoiceSetup::new(config.voice.clone());
    if config.voice.engine == VoiceEngine::Espeak || config.voice.engine == VoiceEngine::Off {
        return voice;
    }
    if config.voice.enabled && keys.needs_prompt("cartesia") {
        let key = key(keys, "cartesia", notices);
        voice.cartesia_key = Some(Arc::new(move || Ok(key.clone())));
        return voice;
    }
    let keys = keys.clone();
    voice.cartesia_key = Some(Arc::new(move || {
        keys.get_without_prompt("cartesia")
            .map_err(|e| e.to_string())
    }));
    voice
}

/// "Resumed session 1122-negroni-7f3a (started 2026-11-22 21:04)." and, when the provider is
/// not the one the session started with, which one continues it.
fn resume_notice(id: &str, created: &str, meta: &SessionMeta, provider: &dyn Provider) -> String {
    let started = created.get(..16).unwrap_or(created).replace('T', " ");
    if meta.provider == provider.id() {
        format!("Resumed session {id} (started {started}).")
    } else {
        format!(
            "Resumed session {id} (started {started} with {}; continuing with {} · {}).",
            meta.provider,
            provider.id(),
            provider.model()
        )
    }
}

#[cfg(test)]
#[path = "startup_tests.rs"]
mod tests;
