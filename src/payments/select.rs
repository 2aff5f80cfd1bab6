//! Which gateway takes payments, and why.
//!
//! `[payments] gateway = "auto"` uses Stripe when there is a test key and Stripe answers a
//! cheap probe; otherwise the simulated gateway, whose note (shown in the overlay) says
//! SIMULATED and why. `"stripe"` insists on Stripe (an error without a usable key);
//! `"simulated"` never touches the network. Probe results are remembered for 30 s so asking
//! again (the agent asks at each new checkout) costs nothing, yet a network that comes back is
//! noticed.
//!
//! The Stripe key can be looked up lazily: [`GatewaySelector::with_key_lookup`] asks for it the
//! first time a checkout needs it (once per process), so a session that never pays never opens
//! the vault for it, and `"simulated"` never asks at all. A resumed Stripe checkout whose key
//! could not be found asks again each time it is retried, so it is settled once the key is back.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::simulated::SimulatedGateway;
use super::stripe::StripeGateway;
use super::{Gateway, GatewayKind, PaymentError};
use crate::config::{GatewayChoice, PaymentsConfig, StripeConfig};

pub const PROBE_CACHE: Duration = Duration::from_secs(30);

/// The chosen gateway and a sentence for people about why.
pub struct Selection {
    pub gateway: Arc<dyn Gateway>,
    pub kind: GatewayKind,
    pub why: String,
}

impl std::fmt::Debug for Selection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Selection")
            .field("kind", &self.kind)
            .field("why", &self.why)
            .finish_non_exhaustive()
    }
}

/// Finds the Stripe key when a checkout first needs it: `Ok(None)` when there is none, `Err`
/// with a sentence when it exists but cannot be read. May block (keyring, key derivation); it
/// runs on a blocking thread.
pub type KeyLookup = Arc<dyn Fn() -> Result<Option<SecretString>, String> + Send + Sync>;

/// Chooses a gateway on demand and caches the Stripe probe.
pub struct GatewaySelector {
    choice: GatewayChoice,
    stripe: StripeConfig,
    /// The last lookup's answer (`None`: not looked up yet).
    key: tokio::sync::Mutex<Option<Result<Option<SecretString>, String>>>,
    lookup: Option<KeyLookup>,
    /// Always this gateway (tests, and callers that chose already).
    fixed: Option<Arc<dyn Gateway>>,
    ttl: Duration,
    probed: Mutex<Option<(Instant, Result<(), PaymentError>)>>,
}

impl GatewaySelector {
    pub fn new(cfg: &PaymentsConfig, stripe_cfg: &StripeConfig, key: Option<SecretString>) -> Self {
        let mut selector = Self::with_lookup(cfg, stripe_cfg, None);
        *selector.key.get_mut() = Some(Ok(key));
        selector
    }

    /// A selector that asks `lookup` for the Stripe key the first time it needs one.
    pub fn with_key_lookup(
        cfg: &PaymentsConfig,
        stripe_cfg: &StripeConfig,
        lookup: KeyLookup,
    ) -> Self {
        Self::with_lookup(cfg, stripe_cfg, Some(lookup))
    }

    /// A selector that always hands out `gateway`, whatever is asked.
    pub fn fixed(gateway: Arc<dyn Gateway>) -> Self {
        let mut selector = Self::new(&PaymentsConfig::default(), &StripeConfig::default(), None);
        selector.fixed = Some(gateway);
        selector
    }

    fn with_lookup(
        cfg: &PaymentsConfig,
        stripe_cfg: &StripeConfig,
        lookup: Option<KeyLookup>,
    ) -> Self {
        GatewaySelector {
            choice: cfg.gateway,
            stripe: stripe_cfg.clone(),
            key: tokio::sync::Mutex::new(None),
            lookup,
            fixed: None,
            ttl: PROBE_CACHE,
            probed: Mutex::new(None),
        }
    }

    /// The Stripe key, looked up at most once.
    async fn key(&self) -> Result<Option<SecretString>, String> {
        self.key_again(false).await
    }

    /// The Stripe key; with `again`, a lookup that found no usable key is tried once more
    /// (the guest may have set it, or unlocked the keyring, since).
    async fn key_again(&self, again: bool) -> Result<Option<SecretString>, String> {
        let mut cached = self.key.lock().await;
        let look = match &*cached {
            None => true,
            Some(Ok(Some(_))) => false,
            Some(_) => again && self.lookup.is_some(),
        };
        if look {
            let found = match self.lookup.clone() {
                None => Ok(None),
                Some(lookup) => tokio::task::spawn_blocking(move || lookup())
                    .await
                    .unwrap_or_else(|e| Err(format!("the key lookup failed: {e}"))),
            };
            *cached = Some(found);
        }
        cached.clone().unwrap_or(Ok(None))
    }

    /// Without asking anything: true when payments will surely be simulated (the config says
    /// so, or there is surely no key).
    pub fn surely_simulated(&self) -> bool {
        match (&self.fixed, self.choice) {
            (Some(g), _) => g.kind() == GatewayKind::Simulated,
            (None, GatewayChoice::Simulated) => true,
            (None, GatewayChoice::Stripe) => false,
            (None, GatewayChoice::Auto) => {
                self.lookup.is_none()
                    && self
                        .key
                        .try_lock()
                        .is_ok_and(|k| matches!(&*k, Some(Ok(None)) | None))
            }
        }
    }

    /// The gateway a pending checkout was created with (a resumed session), without probing:
    /// that checkout lives there whatever the network does now. A Stripe key that could not
    /// be found before is looked up again.
    pub async fn gateway_of(&self, kind: GatewayKind) -> Result<Arc<dyn Gateway>, PaymentError> {
        if let Some(g) = &self.fixed {
            return Ok(g.clone());
        }
        match kind {
            GatewayKind::Simulated => Ok(Arc::new(SimulatedGateway::with_note(
                "SIMULATED: this checkout was started with simulated payments; no real payment \
                 is taken",
            ))),
            GatewayKind::Stripe => {
                let key = self.key_again(true).await.map_err(PaymentError::Refused)?;
                let Some(key) = key else {
                    return Err(PaymentError::Refused(
                        "this checkout was started in Stripe test mode, but no Stripe key is set \
                         now: set it again with `maya keys set stripe` (or STRIPE_SECRET_KEY)"
                            .into(),
                    ));
                };
                Ok(Arc::new(StripeGateway::new(key, &self.stripe)?))
            }
        }
    }

    /// How long a probe result is trusted (tests shorten it).
    pub fn with_probe_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    pub async fn choose(&self) -> Result<Selection, PaymentError> {
        if let Some(g) = &self.fixed {
            return Ok(Selection {
                gateway: g.clone(),
                kind: g.kind(),
                why: g.note().unwrap_or_default(),
            });
        }
        match self.choice {
            GatewayChoice::Simulated => Ok(simulated(
                "SIMULATED: chosen in config ([payments] gateway = \"simulated\"); no real \
                 payment is taken",
            )),
            GatewayChoice::Stripe => {
                let key = self.key().await.map_err(|e| {
                    PaymentError::Refused(format!(
                        "[payments] gateway = \"stripe\" but the Stripe key cannot be read: {e}"
                    ))
                })?;
                let Some(key) = key else {
                    return Err(PaymentError::Refused(
                        "[payments] gateway = \"stripe\" needs a Stripe test key: set one with \
                         `maya keys set stripe` (or STRIPE_SECRET_KEY), or use gateway = \"auto\""
                            .into(),
                    ));
                };
                let gateway = StripeGateway::new(key, &self.stripe)?;
                let why = format!(
                    "Stripe test mode at {} (chosen in config: [payments] gateway = \"stripe\")",
                    gateway.api_base()
                );
                Ok(stripe(gateway, why))
            }
            GatewayChoice::Auto => Ok(self.choose_auto().await),
        }
    }

    async fn choose_auto(&self) -> Selection {
        let key = match self.key().await {
            Ok(key) => key,
            Err(e) => {
                return simulated(format!(
                    "SIMULATED: a Stripe key is stored but cannot be read ({e}), so no real \
                     payment is taken"
                ));
            }
        };
        let Some(key) = key else {
            return simulated(
                "SIMULATED: no Stripe key is set, so no real payment is taken. Add a test key \
                 with `maya keys set stripe` (or STRIPE_SECRET_KEY) to pay in Stripe test mode",
            );
        };
        let gateway = match StripeGateway::new(key, &self.stripe) {
            Ok(g) => g,
            Err(e) => return simulated(format!("SIMULATED: {e}")),
        };
        match self.probe(&gateway).await {
            Ok(()) => {
                let why = format!("Stripe test mode at {}", gateway.api_base());
                stripe(gateway, why)
            }
            Err(PaymentError::Unreachable(reason)) => simulated(format!(
                "SIMULATED: Stripe could not be reached, so no real payment is taken \
                 ({reason}). The next checkout after {} s tries Stripe again",
                self.ttl.as_secs()
            )),
            Err(e) => simulated(format!("SIMULATED: Stripe is not usable: {e}")),
        }
    }

    async fn probe(&self, gateway: &StripeGateway) -> Result<(), PaymentError> {
        if let Some((at, result)) = self.lock().as_ref()
            && at.elapsed() < self.ttl
        {
            return result.clone();
        }
        let result = gateway.probe().await;
        *self.lock() = Some((Instant::now(), result.clone()));
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Instant, Result<(), PaymentError>)>> {
        // The cache is a plain value; a panic elsewhere cannot leave it half-written.
        self.probed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One-shot choice (no cache shared with later calls).
pub async fn choose_gateway(
    cfg: &PaymentsConfig,
    stripe_cfg: &StripeConfig,
    key: Option<SecretString>,
) -> Result<Selection, PaymentError> {
    GatewaySelector::new(cfg, stripe_cfg, key).choose().await
}

fn simulated(why: impl Into<String>) -> Selection {
    let why = why.into();
    Selection {
        gateway: Arc::new(SimulatedGateway::with_note(why.clone())),
        kind: GatewayKind::Simulated,
        why,
    }
}

fn stripe(gateway: StripeGateway, why: String) -> Selection {
    Selection {
        gateway: Arc::new(gateway),
        kind: GatewayKind::Stripe,
        why,
    }
}
