//! HTTP clients. Every reqwest client Maya builds comes from here, so the TLS crypto provider
//! (rustls with ring) is installed exactly once before the first one, and no client follows a
//! redirect.

use std::sync::Once;

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

#[cfg(test)]
#[path = "net_tests.rs"]
mod tests;
