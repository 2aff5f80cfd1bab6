//! Stripe's objects as Maya reads them, and the bodies Maya sends.

use serde::Deserialize;
use serde_json::Value;

use super::StripeGateway;
use super::errors::clean;
use super::http::Form;
use crate::money::Cents;
use crate::payments::idempotency;
use crate::payments::{Checkout, CheckoutRequest, PaymentError, RemoteStatus};

/// Shown when a tab description is empty: Stripe requires a product name.
const FALLBACK_NAME: &str = "MOK 5-ha tab";

/// Stripe's limits on metadata values and product names, which we stay well inside.
const MAX_TEXT: usize = 250;

/// Refuse, before any request, what Stripe would refuse or what could never be retried safely.
pub(super) fn check_request(request: &CheckoutRequest) -> Result<(), PaymentError> {
    if !request.amount.is_positive() {
        return Err(PaymentError::Refused(format!(
            "cannot charge {}: the amount must be positive",
            request.amount
        )));
    }
    if !idempotency::is_valid_key(&request.idempotency_key) {
        return Err(PaymentError::Refused(
            "the payment's idempotency key is empty, too long or has spaces or control \
             characters; this is a bug in Maya, please report it"
                .into(),
        ));
    }
    Ok(())
}

fn text(s: &str) -> String {
    clean(s, "").chars().take(MAX_TEXT).collect()
}

/// `POST /v1/checkout/sessions`: one line item for tab + tip, priced inline.
pub(super) fn checkout_form(
    gw: &StripeGateway,
    request: &CheckoutRequest,
    expires_at: i64,
) -> Form {
    let name = match text(&request.description) {
        n if n.is_empty() => FALLBACK_NAME.to_string(),
        n => n,
    };
    let mut form = Form::new();
    form.push("mode", "payment")
        .push("line_items[0][price_data][currency]", &gw.currency)
        .push("line_items[0][price_data][unit_amount]", request.amount.0)
        .push("line_items[0][price_data][product_data][name]", name)
        .push("line_items[0][quantity]", 1)
        .push("client_reference_id", text(&request.session_id))
        .push("metadata[session_id]", text(&request.session_id))
        .push("metadata[tab_version]", request.tab_version)
        .push("expires_at", expires_at)
        .push("success_url", &gw.success_url)
        .push("cancel_url", &gw.cancel_url);
    form
}

/// `POST /v1/payment_intents` with a test payment method, not confirmed: creating a payment
/// never charges, so a create repeated after a crash (same key) is always harmless, and the
/// charge happens at the confirm, once the payment's id is journaled.
///
/// `payment_method_types[0]=card` instead of automatic payment methods: since API version
/// 2023-08-16 automatic methods are on by default and confirming would then need a
/// `return_url`; a card-only intent needs none, and localstripe (which knows neither
/// `automatic_payment_methods` nor `return_url` nor `description`) accepts it too. The
/// description travels as metadata for the same reason.
pub(super) fn card_form(
    gw: &StripeGateway,
    request: &CheckoutRequest,
    payment_method: &str,
) -> Form {
    let mut form = Form::new();
    form.push("amount", request.amount.0)
        .push("currency", &gw.currency)
        .push("payment_method", payment_method)
        .push("payment_method_types[0]", "card")
        .push("metadata[session_id]", text(&request.session_id))
        .push("metadata[tab_version]", request.tab_version)
        .push("metadata[description]", text(&request.description));
    form
}

fn unreadable(what: &str, e: &serde_json::Error, key: &str) -> PaymentError {
    PaymentError::Gateway(format!(
        "Stripe sent a {what} Maya could not read ({}). Check [stripe] api_base points at \
         Stripe; the log has details",
        clean(&e.to_string(), key)
    ))
}

fn live_mode() -> PaymentError {
    PaymentError::Refused(
        "Stripe answered in live mode (livemode: true). Maya only takes test-mode payments; \
         use a test key (sk_test_…) with `maya keys set stripe`"
            .into(),
    )
}

#[derive(Deserialize)]
struct Mode {
    #[serde(default)]
    livemode: bool,
}

/// Any object Stripe returns must be a test-mode one.
pub(super) fn check_livemode(body: &str, key: &str) -> Result<(), PaymentError> {
    let mode: Mode = serde_json::from_str(body).map_err(|e| unreadable("reply", &e, key))?;
    if mode.livemode {
        Err(live_mode())
    } else {
        Ok(())
    }
}

#[derive(Deserialize)]
struct Session {
    id: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    payment_status: Option<String>,
    /// An id, or the object when expanded; null until the session completes.
    #[serde(default)]
    payment_intent: Option<Value>,
    #[serde(default)]
    amount_total: Option<i64>,
    #[serde(default)]
    expires_at: Option<i64>,
    #[serde(default)]
    livemode: bool,
}

fn read_session(body: &str, key: &str) -> Result<Session, PaymentError> {
    let session: Session =
        serde_json::from_str(body).map_err(|e| unreadable("checkout session", &e, key))?;
    if session.livemode {
        return Err(live_mode());
    }
    Ok(session)
}

pub(super) fn read_checkout(
    body: &str,
    amount: Cents,
    key: &str,
) -> Result<Checkout, PaymentError> {
    let session = read_session(body, key)?;
    let id = clean(&session.id, key);
    if let Some(total) = session.amount_total
        && total != amount.0
    {
        return Err(PaymentError::Gateway(format!(
            "Stripe's checkout {id} is for {} but the tab is {amount}; not using it",
            Cents(total)
        )));
    }
    let url = session
        .url
        .map(|u| clean(&u, key))
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or_else(|| {
            PaymentError::Gateway(format!(
                "Stripe created checkout {id} without a payment link; try again"
            ))
        })?;
    Ok(Checkout {
        id,
        url,
        amount,
        expires_at: session.expires_at,
    })
}

/// complete + paid → Paid (async methods can be complete but unpaid: still open);
/// expired → Expired; anything else → Open.
pub(super) fn read_status(body: &str, key: &str) -> Result<RemoteStatus, PaymentError> {
    let session = read_session(body, key)?;
    let status = match (session.status.as_deref(), session.payment_status.as_deref()) {
        (Some("complete"), Some("paid")) => {
            let intent = match &session.payment_intent {
                Some(Value::String(id)) => Some(id.clone()),
                Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            RemoteStatus::Paid {
                reference: clean(&intent.unwrap_or(session.id), key),
            }
        }
        (Some("expired"), _) => RemoteStatus::Expired,
        _ => RemoteStatus::Open,
    };
    Ok(status)
}

#[derive(Deserialize)]
struct Intent {
    id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    amount: Option<i64>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    last_payment_error: Option<super::errors::ApiError>,
    #[serde(default)]
    livemode: bool,
}

/// What a PaymentIntent says about the card payment.
pub(super) enum IntentState {
    /// Created with its payment method, never confirmed: nothing was charged.
    Unconfirmed,
    /// Paid, failed, declined (`Err(Declined)`), or still processing (`Ok(Open)`).
    Settled(Result<RemoteStatus, PaymentError>),
}

/// A PaymentIntent of ours: its id and state. It must be for exactly `amount` in `currency`.
pub(super) fn read_intent(
    body: &str,
    amount: Cents,
    currency: &str,
    key: &str,
) -> Result<(String, IntentState), PaymentError> {
    let pi: Intent =
        serde_json::from_str(body).map_err(|e| unreadable("payment intent", &e, key))?;
    if pi.livemode {
        return Err(live_mode());
    }
    let id = clean(&pi.id, key);
    if pi.amount != Some(amount.0) || pi.currency.as_deref() != Some(currency) {
        return Err(PaymentError::Gateway(format!(
            "Stripe's payment {id} is not for the tab's {amount} {currency}; check it in the \
             Stripe dashboard"
        )));
    }
    let state = match pi.status.as_deref() {
        Some("requires_confirmation") => IntentState::Unconfirmed,
        Some("succeeded") => IntentState::Settled(Ok(RemoteStatus::Paid {
            reference: id.clone(),
        })),
        Some("processing") => IntentState::Settled(Ok(RemoteStatus::Open)),
        Some("requires_payment_method") => {
            let reason = pi
                .last_payment_error
                .map(|e| e.describe(key))
                .unwrap_or_else(|| "the card was not accepted".into());
            IntentState::Settled(Err(PaymentError::Declined(reason)))
        }
        Some("requires_action") => IntentState::Settled(Ok(RemoteStatus::Failed {
            reason: "this card needs 3-D Secure authentication, which cannot happen in the \
                     terminal; use pm_card_visa or pay through the link"
                .into(),
        })),
        other => IntentState::Settled(Ok(RemoteStatus::Failed {
            reason: format!(
                "the payment {id} is {}; check it in the Stripe dashboard",
                clean(other.unwrap_or("in an unknown state"), key)
            ),
        })),
    };
    Ok((id, state))
}
