//! A stateful Stripe stand-in on 127.0.0.1 for tests (wiremock with one stateful responder).
//!
//! It follows Stripe's documented behaviour for what Maya uses:
//! - `POST /v1/checkout/sessions` validates like Stripe (unknown parameters, amount minimum,
//!   `expires_at` 30 min–24 h ahead, required fields) and creates an open, unpaid session;
//! - `GET /v1/checkout/sessions/{id}` (an open session past `expires_at` turns expired),
//!   `POST /v1/checkout/sessions/{id}/expire` (open sessions only), `GET /v1/balance`,
//!   `POST /v1/payment_intents` with `pm_card_visa` / `pm_card_chargeDeclined`;
//! - idempotency: the first response for a key (once the endpoint ran) is stored and replayed
//!   with `Idempotent-Replayed: true`; the same key with other parameters or another endpoint
//!   is a 400 `idempotency_error`; requests failing validation are not stored;
//! - `Authorization: Bearer sk_test_…|rk_test_…` or a 401 echoing the masked key;
//! - 429 / 500 on demand, with or without `Stripe-Should-Retry` and `Retry-After`.
//!
//! Test hooks: [`StripeFake::complete`] (the guest paid), [`StripeFake::complete_unpaid`],
//! [`StripeFake::expire_now`], [`StripeFake::pay_link_when`] (the guest pays at the link the
//! moment a given request arrives), [`StripeFake::slow`] (answers to some requests arrive late;
//! the request itself takes effect at once, like a server whose reply is slow). Every request
//! is recorded, injected failures included.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

/// One request as the fake saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub stripe_version: Option<String>,
    pub content_type: Option<String>,
    pub raw_body: String,
    pub form: Vec<(String, String)>,
}

impl Recorded {
    pub fn field(&self, key: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A failure served instead of the next request, before any endpoint runs (so not stored).
#[derive(Clone, Debug)]
pub struct Injected {
    pub status: u16,
    pub should_retry: Option<bool>,
    pub body: Value,
    /// A `Retry-After` header value, sent as it is.
    pub retry_after: Option<String>,
}

/// What the idempotency layer keeps for a key: the first request and its answer.
struct Stored {
    endpoint: String,
    form: Vec<(String, String)>,
    status: u16,
    body: Value,
}

#[derive(Default)]
struct State {
    sessions: HashMap<String, Value>,
    intents: HashMap<String, Value>,
    idempotency: HashMap<String, Stored>,
    inject: VecDeque<Injected>,
    requests: Vec<Recorded>,
    livemode: bool,
    counter: u64,
    /// (method, path fragment): when such a request arrives, every open session is paid first.
    pay_links_on: Vec<(String, String)>,
    /// (path fragment, delay) for answers that arrive late.
    slow: Vec<(String, std::time::Duration)>,
}

#[derive(Clone)]
struct Responder(Arc<Mutex<State>>);

pub struct StripeFake {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl StripeFake {
    pub async fn start() -> StripeFake {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        StripeFake { server, state }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn url(&self) -> String {
        self.server.uri()
    }

    pub fn config(&self) -> maya::config::StripeConfig {
        maya::config::StripeConfig {
            api_base: self.url(),
            ..maya::config::StripeConfig::default()
        }
    }

    /// Serve `status` to the next request (queued in order), optionally with
    /// `Stripe-Should-Retry`.
    pub fn fail_next(&self, status: u16, should_retry: Option<bool>) {
        let kind = if status == 429 {
            "rate_limit_error"
        } else if status >= 500 {
            "api_error"
        } else {
            "invalid_request_error"
        };
        self.inject(Injected {
            status,
            should_retry,
            body: json!({"error": {"type": kind, "message": format!("Injected failure {status}.")}}),
            retry_after: None,
        });
    }

    /// Serve `status` with `Retry-After: value` to the next request.
    pub fn fail_next_retry_after(&self, status: u16, value: &str) {
        self.inject(Injected {
            status,
            should_retry: None,
            body: json!({"error": {"type": "api_error", "message": "Injected failure."}}),
            retry_after: Some(value.to_string()),
        });
    }

    /// The guest pays every open session at its link the moment the next `method` request
    /// whose path contains `path_part` arrives (before it is handled). A session that is no
    /// longer open cannot be paid, as on Stripe.
    pub fn pay_link_when(&self, method: &str, path_part: &str) {
        self.lock()
            .pay_links_on
            .push((method.to_string(), path_part.to_string()));
    }

    /// Answers to requests whose path contains `path_part` arrive after `delay`; the request
    /// takes effect at once.
    pub fn slow(&self, path_part: &str, delay: std::time::Duration) {
        self.lock().slow.push((path_part.to_string(), delay));
    }

    /// Every answer on time again.
    pub fn fast(&self) {
        self.lock().slow.clear();
    }

    /// Every PaymentIntent created so far.
    pub fn intents(&self) -> Vec<Value> {
        self.lock().intents.values().cloned().collect()
    }

    /// PaymentIntents that took money.
    pub fn succeeded_intents(&self) -> Vec<Value> {
        self.intents()
            .into_iter()
            .filter(|pi| pi["status"] == "succeeded")
            .collect()
    }

    /// Sessions paid at their link.
    pub fn paid_sessions(&self) -> Vec<Value> {
        self.lock()
            .sessions
            .values()
            .filter(|s| s["payment_status"] == "paid")
            .cloned()
            .collect()
    }

    /// Every time money was taken: sessions paid at the link plus card payments.
    pub fn charges(&self) -> usize {
        self.paid_sessions().len() + self.succeeded_intents().len()
    }

    pub fn inject(&self, failure: Injected) {
        self.lock().inject.push_back(failure);
    }

    /// Answer with `livemode: true` from now on.
    pub fn set_livemode(&self, live: bool) {
        self.lock().livemode = live;
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }

    /// Ids of every checkout session created so far.
    pub fn session_ids(&self) -> Vec<String> {
        self.lock().sessions.keys().cloned().collect()
    }

    pub fn session(&self, id: &str) -> Option<Value> {
        self.lock().sessions.get(id).cloned()
    }

    /// The guest paid on the hosted page.
    pub fn complete(&self, id: &str) -> String {
        self.lock().pay_session(id)
    }

    /// Completed with an asynchronous method that has not cleared yet.
    pub fn complete_unpaid(&self, id: &str) {
        let mut st = self.lock();
        let s = st
            .sessions
            .get_mut(id)
            .expect("no such session in the fake");
        s["status"] = json!("complete");
        s["payment_status"] = json!("unpaid");
    }

    /// The session timed out.
    pub fn expire_now(&self, id: &str) {
        let mut st = self.lock();
        let s = st
            .sessions
            .get_mut(id)
            .expect("no such session in the fake");
        s["status"] = json!("expired");
    }
}

fn error(status: u16, kind: &str, message: &str, param: Option<&str>) -> (u16, Value) {
    let mut e = json!({"type": kind, "message": message});
    if let Some(p) = param {
        e["param"] = json!(p);
    }
    (status, json!({ "error": e }))
}

fn invalid(message: &str, param: &str) -> (u16, Value) {
    error(400, "invalid_request_error", message, Some(param))
}

/// Decode `application/x-www-form-urlencoded` (and query strings).
pub fn parse_form(body: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                    match u8::from_str_radix(hex, 16) {
                        Ok(b) => {
                            out.push(b);
                            i += 2;
                        }
                        Err(_) => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

const CHECKOUT_PARAMS: &[&str] = &[
    "mode",
    "line_items[0][price_data][currency]",
    "line_items[0][price_data][unit_amount]",
    "line_items[0][price_data][product_data][name]",
    "line_items[0][quantity]",
    "client_reference_id",
    "metadata[session_id]",
    "metadata[tab_version]",
    "expires_at",
    "success_url",
    "cancel_url",
];

const INTENT_PARAMS: &[&str] = &[
    "amount",
    "currency",
    "payment_method",
    "payment_method_types[0]",
    "confirm",
    "metadata[session_id]",
    "metadata[tab_version]",
    "metadata[description]",
    "metadata[maya_charge]",
];

impl State {
    fn pay_session(&mut self, id: &str) -> String {
        self.counter += 1;
        let pi = format!("pi_fake{}", self.counter);
        let s = self
            .sessions
            .get_mut(id)
            .expect("no such session in the fake");
        s["status"] = json!("complete");
        s["payment_status"] = json!("paid");
        s["payment_intent"] = json!(pi);
        pi
    }

    fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{:08}fake", self.counter)
    }

    fn route(&mut self, method: &str, path: &str, form: &[(String, String)]) -> Outcome {
        let get = |k: &str| {
            form.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            ("GET", ["v1", "balance"]) => Outcome::read((
                200,
                json!({"object": "balance", "livemode": self.livemode,
                       "available": [{"amount": 0, "currency": "usd"}]}),
            )),
            ("POST", ["v1", "checkout", "sessions"]) => self.create_session(form, &get),
            ("GET", ["v1", "checkout", "sessions", id]) => match self.sessions.get_mut(*id) {
                Some(s) => {
                    if s["status"] == "open" && s["expires_at"].as_i64().unwrap_or(i64::MAX) < now()
                    {
                        s["status"] = json!("expired");
                    }
                    Outcome::read((200, s.clone()))
                }
                None => Outcome::read(missing(id)),
            },
            ("POST", ["v1", "checkout", "sessions", id, "expire"]) => {
                match self.sessions.get_mut(*id) {
                    Some(s) if s["status"] == "open" => {
                        s["status"] = json!("expired");
                        Outcome::executed((200, s.clone()))
                    }
                    Some(_) => Outcome::rejected(error(
                        400,
                        "invalid_request_error",
                        "Only Checkout Sessions with a status in [\"open\"] can be expired.",
                        None,
                    )),
                    None => Outcome::rejected(missing(id)),
                }
            }
            ("POST", ["v1", "payment_intents"]) => self.create_intent(form, &get),
            ("GET", ["v1", "payment_intents", id]) => match self.intents.get(*id) {
                Some(pi) => Outcome::read((200, pi.clone())),
                None => Outcome::read(missing_intent(id)),
            },
            ("POST", ["v1", "payment_intents", id, "confirm"]) => {
                if !form.is_empty() {
                    return Outcome::rejected(invalid(
                        &format!("Received unknown parameter: {}", form[0].0),
                        &form[0].0,
                    ));
                }
                let id = id.to_string();
                match self.intents.get(&id).map(|pi| pi["status"].clone()) {
                    Some(status) if status == "requires_confirmation" => self.confirm_intent(&id),
                    Some(status) => Outcome::rejected(invalid(
                        &format!(
                            "This PaymentIntent's status is {}, but it must be requires_confirmation to be confirmed.",
                            status.as_str().unwrap_or("")
                        ),
                        "intent",
                    )),
                    None => Outcome::rejected(missing_intent(&id)),
                }
            }
            _ => Outcome::read(error(
                404,
                "invalid_request_error",
                &format!("Unrecognized request URL ({method}: {path})."),
                None,
            )),
        }
    }

    fn create_session<'a>(
        &mut self,
        form: &'a [(String, String)],
        get: &dyn Fn(&str) -> Option<&'a str>,
    ) -> Outcome {
        if let Some((k, _)) = form
            .iter()
            .find(|(k, _)| !CHECKOUT_PARAMS.contains(&k.as_str()))
        {
            return Outcome::rejected(invalid(&format!("Received unknown parameter: {k}"), k));
        }
        if get("mode") != Some("payment") {
            return Outcome::rejected(invalid("Missing required param: mode.", "mode"));
        }
        let currency = get("line_items[0][price_data][currency]").unwrap_or("");
        if currency.len() != 3 {
            return Outcome::rejected(invalid(
                "Invalid currency.",
                "line_items[0][price_data][currency]",
            ));
        }
        let Some(amount) =
            get("line_items[0][price_data][unit_amount]").and_then(|v| v.parse::<i64>().ok())
        else {
            return Outcome::rejected(invalid(
                "Invalid integer.",
                "line_items[0][price_data][unit_amount]",
            ));
        };
        if currency == "usd" && amount < 50 {
            return Outcome::rejected(invalid(
                "The Checkout Session's total amount due must add up to at least $0.50 usd",
                "line_items[0][price_data][unit_amount]",
            ));
        }
        if get("line_items[0][price_data][product_data][name]").is_none_or(str::is_empty) {
            return Outcome::rejected(invalid(
                "Missing required param: line_items[0][price_data][product_data][name].",
                "line_items[0][price_data][product_data][name]",
            ));
        }
        let Some(quantity) = get("line_items[0][quantity]").and_then(|v| v.parse::<i64>().ok())
        else {
            return Outcome::rejected(invalid("Invalid integer.", "line_items[0][quantity]"));
        };
        if get("success_url").is_none() {
            return Outcome::rejected(invalid(
                "Missing required param: success_url.",
                "success_url",
            ));
        }
        let expires_at = get("expires_at").and_then(|v| v.parse::<i64>().ok());
        if let Some(at) = expires_at {
            let now = now();
            if at < now + 1800 || at > now + 86_400 {
                return Outcome::rejected(invalid(
                    "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
                    "expires_at",
                ));
            }
        }
        let id = self.next_id("cs_test_");
        let session = json!({
            "id": id,
            "object": "checkout.session",
            "url": format!("https://checkout.stripe.com/c/pay/{id}"),
            "status": "open",
            "payment_status": "unpaid",
            "mode": "payment",
            "amount_total": amount * quantity,
            "currency": currency,
            "client_reference_id": get("client_reference_id"),
            "metadata": {
                "session_id": get("metadata[session_id]"),
                "tab_version": get("metadata[tab_version]"),
            },
            "expires_at": expires_at.unwrap_or_else(|| now() + 86_400),
            "payment_intent": null,
            "livemode": self.livemode,
        });
        self.sessions.insert(id, session.clone());
        Outcome::executed((200, session))
    }

    fn create_intent<'a>(
        &mut self,
        form: &'a [(String, String)],
        get: &dyn Fn(&str) -> Option<&'a str>,
    ) -> Outcome {
        if let Some((k, _)) = form
            .iter()
            .find(|(k, _)| !INTENT_PARAMS.contains(&k.as_str()))
        {
            return Outcome::rejected(invalid(&format!("Received unknown parameter: {k}"), k));
        }
        let Some(amount) = get("amount").and_then(|v| v.parse::<i64>().ok()) else {
            return Outcome::rejected(invalid("Missing required param: amount.", "amount"));
        };
        let pm = get("payment_method").unwrap_or("");
        if !TEST_METHODS.contains(&pm) {
            return Outcome::rejected(invalid(
                &format!("No such PaymentMethod: '{pm}'"),
                "payment_method",
            ));
        }
        let metadata: serde_json::Map<String, Value> = form
            .iter()
            .filter_map(|(k, v)| {
                let key = k.strip_prefix("metadata[")?.strip_suffix(']')?;
                Some((key.to_string(), json!(v)))
            })
            .collect();
        let id = self.next_id("pi_");
        let pi = json!({
            "id": id, "object": "payment_intent", "amount": amount,
            "currency": get("currency"), "livemode": self.livemode,
            "payment_method": pm, "metadata": metadata,
            "status": "requires_confirmation", "last_payment_error": null,
        });
        self.intents.insert(id.clone(), pi.clone());
        if get("confirm") == Some("true") {
            return self.confirm_intent(&id);
        }
        Outcome::executed((200, pi))
    }

    /// Charge the intent's card: `pm_card_visa` pays, `pm_card_chargeDeclined` is declined
    /// (402, stored like Stripe stores it), `pm_card_threeDSecureRequired` needs 3-D Secure.
    fn confirm_intent(&mut self, id: &str) -> Outcome {
        let pi = self.intents.get_mut(id).expect("confirming a known intent");
        match pi["payment_method"].as_str().unwrap_or("") {
            "pm_card_chargeDeclined" => {
                pi["status"] = json!("requires_payment_method");
                pi["last_payment_error"] = json!({"type": "card_error", "code": "card_declined",
                    "decline_code": "generic_decline", "message": "Your card was declined."});
                let err = json!({"type": "card_error", "code": "card_declined",
                    "decline_code": "generic_decline", "message": "Your card was declined.",
                    "payment_intent": pi.clone()});
                Outcome::executed((402, json!({ "error": err })))
            }
            "pm_card_threeDSecureRequired" => {
                pi["status"] = json!("requires_action");
                Outcome::executed((200, pi.clone()))
            }
            _ => {
                pi["status"] = json!("succeeded");
                Outcome::executed((200, pi.clone()))
            }
        }
    }
}

const TEST_METHODS: &[&str] = &[
    "pm_card_visa",
    "pm_card_chargeDeclined",
    "pm_card_threeDSecureRequired",
];

fn missing_intent(id: &str) -> (u16, Value) {
    error(
        404,
        "invalid_request_error",
        &format!("No such payment_intent: '{id}'"),
        Some("intent"),
    )
}

fn missing(id: &str) -> (u16, Value) {
    error(
        404,
        "invalid_request_error",
        &format!("No such checkout.session: '{id}'"),
        Some("session"),
    )
}

/// Whether the idempotency layer stores the answer: only once the endpoint has executed.
struct Outcome {
    status: u16,
    body: Value,
    store: bool,
}

impl Outcome {
    fn read((status, body): (u16, Value)) -> Outcome {
        Outcome {
            status,
            body,
            store: false,
        }
    }
    fn executed((status, body): (u16, Value)) -> Outcome {
        Outcome {
            status,
            body,
            store: true,
        }
    }
    fn rejected((status, body): (u16, Value)) -> Outcome {
        Outcome {
            status,
            body,
            store: false,
        }
    }
}

fn reply(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(body.to_string().into_bytes(), "application/json")
        .insert_header("Request-Id", "req_fake")
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut st = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let method = req.method.to_string();
        let path = req.url.path().to_string();
        let raw_body = String::from_utf8_lossy(&req.body).into_owned();
        let form = if method == "GET" {
            parse_form(req.url.query().unwrap_or(""))
        } else {
            parse_form(&raw_body)
        };
        let recorded = Recorded {
            method: method.clone(),
            path: path.clone(),
            authorization: header(req, "authorization"),
            idempotency_key: header(req, "idempotency-key"),
            stripe_version: header(req, "stripe-version"),
            content_type: header(req, "content-type"),
            raw_body,
            form: form.clone(),
        };
        st.requests.push(recorded.clone());

        let auth = recorded.authorization.as_deref().unwrap_or("");
        let key = auth.strip_prefix("Bearer ").unwrap_or("");
        if !(key.starts_with("sk_test_") || key.starts_with("rk_test_")) {
            let shown: String = key.chars().take(8).collect::<String>()
                + "****"
                + &key
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>();
            let (s, b) = error(
                401,
                "invalid_request_error",
                &format!("Invalid API Key provided: {shown}"),
                None,
            );
            return reply(s, &b);
        }

        if let Some(failure) = st.inject.pop_front() {
            let mut t = reply(failure.status, &failure.body);
            if let Some(retry) = failure.should_retry {
                t = t.insert_header("Stripe-Should-Retry", if retry { "true" } else { "false" });
            }
            if let Some(after) = &failure.retry_after {
                t = t.insert_header("Retry-After", after.as_str());
            }
            return t;
        }

        if let Some(i) = st
            .pay_links_on
            .iter()
            .position(|(m, p)| *m == method && path.contains(p.as_str()))
        {
            st.pay_links_on.remove(i);
            let open: Vec<String> = st
                .sessions
                .iter()
                .filter(|(_, s)| s["status"] == "open")
                .map(|(id, _)| id.clone())
                .collect();
            for id in open {
                st.pay_session(&id);
            }
        }
        let delay = st
            .slow
            .iter()
            .find(|(p, _)| path.contains(p.as_str()))
            .map(|(_, d)| *d);
        let answer = Self::answer(&mut st, &method, &path, &recorded, form);
        match delay {
            Some(d) => answer.set_delay(d),
            None => answer,
        }
    }
}

impl Responder {
    fn answer(
        st: &mut State,
        method: &str,
        path: &str,
        recorded: &Recorded,
        form: Vec<(String, String)>,
    ) -> ResponseTemplate {
        let endpoint = format!("{method} {path}");
        if method == "POST"
            && let Some(key) = &recorded.idempotency_key
            && let Some(first) = st.idempotency.get(key)
        {
            if first.endpoint == endpoint && first.form == form {
                return reply(first.status, &first.body)
                    .insert_header("Idempotent-Replayed", "true");
            }
            let (s, b) = error(
                400,
                "idempotency_error",
                &format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
                ),
                None,
            );
            return reply(s, &b);
        }

        let outcome = st.route(method, path, &form);
        if method == "POST"
            && outcome.store
            && let Some(key) = recorded.idempotency_key.clone()
        {
            st.idempotency.insert(
                key,
                Stored {
                    endpoint,
                    form,
                    status: outcome.status,
                    body: outcome.body.clone(),
                },
            );
        }
        reply(outcome.status, &outcome.body)
    }
}
