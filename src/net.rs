//! HTTP clients. Every reqwest client Maya builds comes from here, so the TLS crypto provider
//! (rustls with ring) is installed exactly once before the first one.

use std::sync::Once;

/// A `reqwest::ClientBuilder` whose TLS is ready to use.
pub fn client_builder() -> reqwest::ClientBuilder {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Err means another provider is already installed, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    #[test]
    fn clients_build_with_tls() {
        assert!(super::client_builder().build().is_ok());
        assert!(super::client_builder().https_only(true).build().is_ok());
    }
}
