//! Stripe in test mode, over its REST API: Checkout Sessions for the payment link, a
//! PaymentIntent for the in-terminal test card, created first and confirmed second so that a
//! crash in between can always be reconciled by its id (`GET /v1/payment_intents/{id}`), also
//! after Stripe has forgotten the idempotency key (24 h). See reference/protocols.md §4.
//!
//! - `wire` builds request bodies and reads Stripe's objects;
//! - `http` sends one request with its headers and retries;
//! - `retry` decides what is retried; `errors` reads error bodies and cleans their text.

mod errors;
mod http;
mod retry;
mod wire;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::idempotency;
use super::{Checkout, CheckoutRequest, Gateway, GatewayKind, PaymentError, RemoteStatus};
use crate::config::StripeConfig;
use crate::money::Cents;

pub use http::{Form, STRIPE_API_VERSION};
pub use retry::RetryPolicy;

use errors::clean;
use http::{Failure, Method, Transport};
use retry::Verdict;

/// Stripe wants a Checkout Session to live at least 30 minutes. The extra minute keeps
/// `expires_at` valid however long the request takes to reach Stripe.
pub const CHECKOUT_LIFETIME_SECS: i64 = 31 * 60;

/// How long the availability probe waits for an answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The Stripe gateway. Holds the test key; refuses to exist with any other kind of key.
pub struct StripeGateway {
    transport: Transport,
    currency: String,
    success_url: String,
    cancel_url: String,
    clock: Clock,
}

impl fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeGateway")
            .field("api_base", &self.transport.base())
            .field("currency", &self.currency)
            .field("key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// Accept only Stripe test-mode secret or restricted keys. Nothing about the key itself is
/// ever put in the message, only which kind it looked like.
pub fn check_test_key(key: &str) -> Result<(), PaymentError> {
    let key = key.trim();
    if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
        return Err(PaymentError::Refused(
            "refusing a live Stripe key: Maya only takes test-mode payments, so a live key \
             could charge real money by mistake. Use a test key (sk_test_… or rk_test_…) from \
             the Stripe dashboard with test mode on: `maya keys set stripe`"
                .into(),
        ));
    }
    if key.starts_with("pk_") {
        return Err(PaymentError::Refused(
            "that is a Stripe publishable key (pk_…), which cannot create payments. Use the \
             secret test key (sk_test_…) or a restricted test key (rk_test_…): \
             `maya keys set stripe`"
                .into(),
        ));
    }
    let body = key
        .strip_prefix("sk_test_")
        .or_else(|| key.strip_prefix("rk_test_"));
    match body {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(PaymentError::Refused(
            "this does not look like a Stripe test key (expected sk_test_… or rk_test_… \
             followed by letters and digits). Copy it again from the Stripe dashboard in test \
             mode: `maya keys set stripe`"
                .into(),
        )),
    }
}

impl StripeGateway {
    /// A gateway for `cfg.api_base`. Refuses live keys, anything that is not a test key, and
    /// a plain-http API base anywhere but this machine, all before any request is sent.
    pub fn new(key: SecretString, cfg: &StripeConfig) -> Result<Self, PaymentError> {
        check_test_key(key.expose_secret())?;
        let key = SecretString::from(key.expose_secret().trim().to_string());
        let base = check_api_base(&cfg.api_base)?;
        let currency = cfg.currency.trim().to_ascii_lowercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(PaymentError::Refused(format!(
                "[stripe] currency must be a three-letter ISO code such as \"usd\", not {:?}",
                clean(&cfg.currency, "")
            )));
        }
        for (name, url) in [
            ("success_url", &cfg.success_url),
            ("cancel_url", &cfg.cancel_url),
        ] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(PaymentError::Refused(format!(
                    "[stripe] {name} must be an http(s) URL, not {:?}",
                    clean(url, "")
                )));
            }
        }
        let client = crate::net::client_builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("maya/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                PaymentError::Unreachable(format!("could not start an HTTP client: {e}"))
            })?;
        Ok(StripeGateway {
            transport: Transport::new(client, base, key),
            currency,
            success_url: cfg.success_url.clone(),
            cancel_url: cfg.cancel_url.clone(),
            clock: Arc::new(unix_now),
        })
    }

    /// Replace the retry limits (tests use a millisecond base delay).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.transport.policy = policy;
        self
    }

    /// Replace the clock (Unix seconds) used for `expires_at` when a key carries no issue time.
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn api_base(&self) -> &str {
        self.transport.base()
    }

    /// A cheap, single, read-only request (`GET /v1/balance`) to learn whether Stripe answers
    /// and takes the key. A restricted key without balance access (403) still counts as
    /// reachable: it may well be allowed to create checkouts.
    pub async fn probe(&self) -> Result<(), PaymentError> {
        match self
            .transport
            .send_once(Method::Get, "/v1/balance", PROBE_TIMEOUT)
            .await
        {
            Ok(body) => wire::check_livemode(&body, self.key()),
            Err(Failure::Api { status: 403, .. }) => Ok(()),
            Err(failure) => Err(self.map_failure(failure, Ctx::Probe)),
        }
    }

    /// The body of `POST /v1/checkout/sessions` for `request`: exactly what Stripe receives.
    pub fn checkout_form(&self, request: &CheckoutRequest) -> Form {
        let issued =
            idempotency::issued_at(&request.idempotency_key).unwrap_or_else(|| (self.clock)());
        wire::checkout_form(self, request, issued.saturating_add(CHECKOUT_LIFETIME_SECS))
    }

    fn key(&self) -> &str {
        self.transport.key_for_redaction()
    }

    fn map_failure(&self, failure: Failure, ctx: Ctx<'_>) -> PaymentError {
        map_failure(failure, ctx, self.transport.base(), self.key())
    }

    async fn post(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
        ctx: Ctx<'_>,
    ) -> Result<String, PaymentError> {
        self.post_raw(path, form, idempotency_key)
            .await
            .map_err(|f| self.map_failure(f, ctx))
    }

    async fn post_raw(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
    ) -> Result<String, Failure> {
        self.transport
            .send(Method::Post, path, Some(form), Some(idempotency_key))
            .await
    }

    async fn get(&self, path: &str, ctx: Ctx<'_>) -> Result<String, PaymentError> {
        self.transport
            .send(Method::Get, path, None, None)
            .await
            .map_err(|f| self.map_failure(f, ctx))
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The API base without a trailing slash. The key travels in a header, so plain http is only
/// allowed to this machine (localstripe, the test fake).
fn check_api_base(raw: &str) -> Result<String, PaymentError> {
    let refuse = |why: &str| {
        PaymentError::Refused(format!(
            "[stripe] api_base {:?} {why}; the default is https://api.stripe.com",
            clean(raw, "")
        ))
    };
    let url = reqwest::Url::parse(raw.trim()).map_err(|_| refuse("is not a URL"))?;
    let host = url.host_str().unwrap_or("");
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => {
            return Err(refuse(
                "uses plain http to another machine, which would send the key unencrypted",
            ));
        }
        _ => return Err(refuse("must start with https://")),
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(refuse("must not carry a query, fragment or user name"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// What a request was for, to word its errors.
#[derive(Clone, Copy)]
enum Ctx<'a> {
    Probe,
    Create,
    Checkout(&'a str),
    /// Creating a card payment with this payment method.
    Card(&'a str),
    /// Reading or confirming this card payment (a PaymentIntent id).
    Intent(&'a str),
}

fn map_failure(failure: Failure, ctx: Ctx<'_>, base: &str, key: &str) -> PaymentError {
    match failure {
        Failure::Transport { detail, attempts } => PaymentError::Unreachable(format!(
            "could not reach Stripe at {base} ({}, {attempts} attempt{}). Check the network \
             or [stripe] api_base and try again; a retry reuses the same request, so nothing \
             is charged twice",
            clean(&detail, key),
            if attempts == 1 { "" } else { "s" }
        )),
        Failure::Api {
            status,
            error,
            verdict,
            attempts,
            ..
        } => {
            let msg = error.describe(key);
            if verdict == Verdict::Bug {
                return PaymentError::Gateway(format!(
                    "Stripe refused a retried request because its parameters changed \
                     (idempotency_error: {msg}). This is a bug in Maya — please report it with \
                     the log file. Nothing was charged twice"
                ));
            }
            match (status, ctx) {
                (300..=399, _) => PaymentError::Gateway(format!(
                    "Stripe answered with {msg} (HTTP {status}); Maya does not follow redirects, \
                     so neither the request nor the key went there. If that is the right \
                     address, set [stripe] api_base to it"
                )),
                (401, _) => PaymentError::Gateway(format!(
                    "Stripe did not accept the API key (HTTP 401: {msg}). Set a valid test key \
                     with `maya keys set stripe`"
                )),
                (402, Ctx::Card(_) | Ctx::Intent(_)) if error.is_decline() => {
                    PaymentError::Declined(msg)
                }
                (402, _) => PaymentError::Gateway(format!(
                    "Stripe could not complete the payment (HTTP 402: {msg})"
                )),
                (403, _) => PaymentError::Gateway(format!(
                    "the Stripe key is not allowed to do this (HTTP 403: {msg}). Use a secret \
                     test key, or give the restricted key write access to Checkout Sessions \
                     and PaymentIntents"
                )),
                (404, Ctx::Checkout(id) | Ctx::Intent(id)) => {
                    PaymentError::NotFound(clean(id, key))
                }
                (404, Ctx::Card(pm)) => PaymentError::Gateway(format!(
                    "Stripe does not know the test payment method {} (HTTP 404: {msg}). Use \
                     pm_card_visa or another of Stripe's test payment methods",
                    clean(pm, key)
                )),
                (404, _) => PaymentError::Gateway(format!(
                    "Stripe has no such endpoint or object (HTTP 404: {msg}). Check [stripe] \
                     api_base"
                )),
                (429, _) => PaymentError::Unreachable(format!(
                    "Stripe is limiting requests right now (HTTP 429: {msg}, {attempts} \
                     attempts). Wait a few seconds and try again"
                )),
                (s, _) if s == 409 || s >= 500 => PaymentError::Unreachable(format!(
                    "Stripe had a problem (HTTP {s}: {msg}, {attempts} attempt{}). Try again in \
                     a minute; the retry reuses the same request, so nothing is charged twice",
                    if attempts == 1 { "" } else { "s" }
                )),
                (s, _) => PaymentError::Gateway(format!(
                    "Stripe refused the request (HTTP {s}: {msg}). If it names a setting \
                     ([stripe] currency, success_url, cancel_url), fix it in config.toml; \
                     otherwise this is a bug in Maya and the log has details"
                )),
            }
        }
    }
}

/// Checkout ids go into URL paths: only Stripe's id alphabet is let through.
fn checked_id<'a>(id: &'a str, key: &str) -> Result<&'a str, PaymentError> {
    if !id.is_empty()
        && id.len() <= 255
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(id)
    } else {
        Err(PaymentError::NotFound(clean(id, key)))
    }
}

#[async_trait]
impl Gateway for StripeGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Stripe
    }

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        wire::check_request(request)?;
        let form = self.checkout_form(request);
        let path = "/v1/checkout/sessions";
        let key = &request.idempotency_key;
        let body = match self.post_raw(path, &form, key).await {
            // A key issued long ago whose first request never reached Stripe (a crash before
            // sending, then a late resume) carries an `expires_at` already too close. Stripe
            // does not store requests that fail validation, so the key is still unused and the
            // request can go again, same key, with a fresh expiry.
            Err(Failure::Api {
                status: 400, error, ..
            }) if error.param.as_deref() == Some("expires_at") => {
                tracing::warn!("checkout expiry was too close; sending again with a fresh one");
                let fresh = (self.clock)().saturating_add(CHECKOUT_LIFETIME_SECS);
                let form = wire::checkout_form(self, request, fresh);
                self.post(path, &form, key, Ctx::Create).await?
            }
            other => other.map_err(|f| self.map_failure(f, Ctx::Create))?,
        };
        wire::read_checkout(&body, request.amount, self.key())
    }

    async fn status(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        let id = checked_id(checkout_id, self.key())?;
        let body = self
            .get(&format!("/v1/checkout/sessions/{id}"), Ctx::Checkout(id))
            .await?;
        wire::read_status(&body, self.key())
    }

    async fn expire(&self, checkout_id: &str) -> Result<RemoteStatus, PaymentError> {
        let id = checked_id(checkout_id, self.key())?;
        // Deterministic, so a retried or repeated cancel replays the first answer.
        let key = format!("mok5ha-expire-{id}");
        let result = self
            .post_raw(
                &format!("/v1/checkout/sessions/{id}/expire"),
                &Form::new(),
                &key,
            )
            .await;
        let failure = match result {
            Ok(body) => match wire::read_status(&body, self.key())? {
                RemoteStatus::Open => {
                    return Err(PaymentError::Gateway(format!(
                        "Stripe answered the cancel of checkout {id} but it is still open; \
                         the link may still be paid"
                    )));
                }
                closed => return Ok(closed),
            },
            Err(failure) => failure,
        };
        match failure {
            // Stripe only expires open sessions; one that already closed is answered by what
            // it is now: expired, or paid (then nothing else may be charged for it).
            Failure::Api { status: 400, .. } => match self.status(id).await? {
                RemoteStatus::Open => Err(PaymentError::Gateway(format!(
                    "checkout {id} cannot be cancelled: a payment for it is still being \
                     processed"
                ))),
                closed => Ok(closed),
            },
            failure => Err(self.map_failure(failure, Ctx::Checkout(id))),
        }
    }

    async fn create_card_payment(
        &self,
        request: &CheckoutRequest,
        payment_method: &str,
    ) -> Result<String, PaymentError> {
        wire::check_request(request)?;
        let pm = payment_method.trim();
        if !pm.starts_with("pm_") || checked_id(pm, self.key()).is_err() {
            return Err(PaymentError::Refused(format!(
                "{:?} is not a Stripe test payment method such as pm_card_visa",
                clean(pm, self.key())
            )));
        }
        let form = wire::card_form(self, request, pm);
        let body = self
            .post(
                "/v1/payment_intents",
                &form,
                &request.idempotency_key,
                Ctx::Card(pm),
            )
            .await?;
        let (id, _) = wire::read_intent(&body, request.amount, &self.currency, self.key())?;
        Ok(id)
    }

    async fn settle_card_payment(
        &self,
        payment_id: &str,
        amount: Cents,
        confirm_key: &str,
    ) -> Result<RemoteStatus, PaymentError> {
        let id = checked_id(payment_id, self.key())?;
        if !idempotency::is_valid_key(confirm_key) {
            return Err(PaymentError::Refused(
                "the card payment's confirm key is not a valid idempotency key; this is a bug \
                 in Maya, please report it"
                    .into(),
            ));
        }
        // Read first: a payment confirmed before a crash (or more than 24 h ago, when Stripe
        // no longer replays the confirm) is only ever reported, never confirmed again.
        let path = format!("/v1/payment_intents/{id}");
        let body = self.get(&path, Ctx::Intent(id)).await?;
        let (_, state) = wire::read_intent(&body, amount, &self.currency, self.key())?;
        match state {
            wire::IntentState::Settled(result) => result,
            wire::IntentState::Unconfirmed => {
                let body = self
                    .post(
                        &format!("{path}/confirm"),
                        &Form::new(),
                        confirm_key,
                        Ctx::Intent(id),
                    )
                    .await?;
                match wire::read_intent(&body, amount, &self.currency, self.key())?.1 {
                    wire::IntentState::Settled(result) => result,
                    wire::IntentState::Unconfirmed => Ok(RemoteStatus::Open),
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "stripe_tests.rs"]
mod tests;
