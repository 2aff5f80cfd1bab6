//! Which gateway takes payments, and why.
//!
//! `[payments] gateway = "auto"` uses Stripe when there is a test key and Stripe answers a
//! cheap probe; otherwise the simulated gateway, whose note (shown in the overlay) says
//! SIMULATED and why. `"stripe"` insists on Stripe (an error without a usable key);
//! `"simulated"` never touches the network. Probe results are remembered for 30 s so asking
//! again (each new checkout) costs nothing, yet a network that comes back is noticed.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::simulated::SimulatedGateway;
use super::stripe::StripeGateway;
use super::{Gateway, GatewayKind, PaymentError};
use crate::config::{GatewayChoice, PaymentsConfig, StripeConfig};

pub const PROBE_CACHE: Duration = Duration::from_secs(30);

/// The chosen gateway and a sentence for people about why.
pub struct Selection {
    pub gateway: Box<dyn Gateway>,
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

/// Chooses a gateway on demand and caches the Stripe probe.
pub struct GatewaySelector {
    choice: GatewayChoice,
    stripe: StripeConfig,
    key: Option<SecretString>,
    ttl: Duration,
    probed: Mutex<Option<(Instant, Result<(), PaymentError>)>>,
}

impl GatewaySelector {
    pub fn new(cfg: &PaymentsConfig, stripe_cfg: &StripeConfig, key: Option<SecretString>) -> Self {
        GatewaySelector {
            choice: cfg.gateway,
            stripe: stripe_cfg.clone(),
            key,
            ttl: PROBE_CACHE,
            probed: Mutex::new(None),
        }
    }

    /// How long a probe result is trusted (tests shorten it).
    pub fn with_probe_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    pub async fn choose(&self) -> Result<Selection, PaymentError> {
        match self.choice {
            GatewayChoice::Simulated => Ok(simulated(
                "SIMULATED: chosen in config ([payments] gateway = \"simulated\"); no real \
                 payment is taken",
            )),
            GatewayChoice::Stripe => {
                let Some(key) = self.key.clone() else {
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
        let Some(key) = self.key.clone() else {
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
                 ({reason}). Maya tries Stripe again in {} s",
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
        gateway: Box::new(SimulatedGateway::with_note(why.clone())),
        kind: GatewayKind::Simulated,
        why,
    }
}

fn stripe(gateway: StripeGateway, why: String) -> Selection {
    Selection {
        gateway: Box::new(gateway),
        kind: GatewayKind::Stripe,
        why,
    }
}
