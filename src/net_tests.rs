#[test]
fn loopback_is_this_machine_only() {
    let lo = |u: &str| super::is_loopback(&reqwest::Url::parse(u).unwrap());
    for u in [
        "http://localhost:11434/v1",
        "http://LOCALHOST",
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://[::1]:8000/v1",
    ] {
        assert!(lo(u), "{u}");
    }
    for u in [
        "http://10.0.0.2",
        "http://localhost.example.com",
        "http://x.localhost",
        "http://[::2]",
        "http://0.0.0.0",
        "https://api.openai.com",
    ] {
        assert!(!lo(u), "{u}");
    }
}

#[test]
fn clients_build_with_tls() {
    assert!(super::client_builder().build().is_ok());
    assert!(super::client_builder().https_only(true).build().is_ok());
}
