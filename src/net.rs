//! HTTP clients. Every reqwest client Maya builds comes from here, so the TLS crypto provider
//! (rustls with ring) is installed exactly once before the first one, and no client follows a
//! redirect. And how long a server asks a client to wait, read the same way for every server.

use std::sync::Once;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// Longest redirect target shown in a message.
const MAX_SHOWN_URL: usize = 200;

/// A `reqwest::ClientBuilder` whose TLS is ready to use and which never follows a redirect.
///
/// reqwest follows up to ten redirects by default and, on a change of host, strips only
/// `Authorization` and cookies: `x-goog-api-key` and `x-api-key` would go wherever a server
/// (or whoever answers for it) points, plain http included. A 3xx answer comes back as it is
/// instead, and the caller reports it with [`redirect_target`].
pub fn client_builder() -> reqwest::ClientBuilder {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Err means another provider is already installed, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

/// Where a redirect answer points, for a message: absolute, safe for the terminal and at most
/// [`MAX_SHOWN_URL`] characters. `None` when `response` is not a redirect.
pub fn redirect_target(response: &reqwest::Response) -> Option<String> {
    if !response.status().is_redirection() {
        return None;
    }
    let Some(location) = response.headers().get(reqwest::header::LOCATION) else {
        return Some("(no Location given)".into());
    };
    let raw = String::from_utf8_lossy(location.as_bytes());
    // Joined onto the request URL, a relative target becomes absolute, and anything odd in it
    // (spaces, bidi controls) comes out percent-encoded.
    let url = response
        .url()
        .join(raw.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| raw.into_owned());
    let clean = crate::terminal::sanitize(&url);
    Some(match clean.char_indices().nth(MAX_SHOWN_URL) {
        Some((i, _)) => format!("{}…", &clean[..i]),
        None => clean.into_owned(),
    })
}

/// Whether `url` names this machine: `localhost`, 127.0.0.0/8 or ::1. Only a name that cannot
/// leave the machine counts (not `*.localhost`, which a resolver or proxy may send anywhere).
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The server's wait hint from the headers: `retry-after-ms`, then `Retry-After` (seconds or an
/// HTTP date).
pub fn hint_from_headers(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok())
        && let Some(d) = server_delay(ms / 1000.0)
    {
        return Some(d);
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return server_delay(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The longest wait a server can ask for that we represent as such. Anything longer means "not
/// today"; `llm::retry::RetryPolicy::next_wait` gives up on it like on any hint past `longest_hint`.
pub const LONGEST_SERVER_DELAY: Duration = Duration::from_secs(24 * 3600);

/// A wait a server gave in seconds, as a `Duration`: NaN and negative are no hint at all, and a
/// huge value ("99999999999999999999", "1e30", infinity) is capped at [`LONGEST_SERVER_DELAY`]
/// before converting, because `Duration::from_secs_f64` panics past `u64::MAX` seconds. Every
/// server-given delay goes through here (Retry-After, retry-after-ms, Gemini's RetryInfo).
pub fn server_delay(secs: f64) -> Option<Duration> {
    if secs.is_nan() || secs < 0.0 {
        return None;
    }
    let capped = secs.min(LONGEST_SERVER_DELAY.as_secs_f64());
    Some(Duration::try_from_secs_f64(capped).unwrap_or(LONGEST_SERVER_DELAY))
}

#[cfg(test)]
#[path = "net_tests.rs"]
mod tests;
