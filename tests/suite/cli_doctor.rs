//! `maya doctor` and `maya keys set --check` against local servers speaking each provider's
//! wire format: no tokens spent, keys judged, and no key ever printed.

use crate::support;

use support::cli::maya;

use assert_cmd::Command;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GEMINI_KEY: &str = "AIzaSyDoctorFakeKey0123456789abcdefghij";
const OPENAI_KEY: &str = "sk-proj-doctorFAKEfake0123456789abcdef";

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_with_no_keys_says_what_auto_picks_and_how_to_add_keys() {
    let home = tempfile::tempdir().unwrap();
    let (ok, out, _) = run(maya(&home).arg("doctor"));
    assert!(ok);
    assert!(
        out.contains("auto picks the offline house bartender"),
        "{out}"
    );
    for name in ["gemini", "openai", "anthropic", "stripe"] {
        assert!(out.contains(&format!("(maya keys set {name})")), "{out}");
    }
    assert!(out.contains("payments are simulated"), "{out}");
    assert!(
        out.contains(
            &home
                .path()
                .join("config")
                .join("config.toml")
                .display()
                .to_string()
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_vault_is_reported_once() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("credentials.json"),
        "{\"maya_credentials\": 1, \"kdf\":",
    )
    .unwrap();
    let (_, out, _) = run(maya(&home).arg("doctor"));
    assert_eq!(
        out.matches("cannot read stored keys").count(),
        1,
        "the damaged vault is said once:\n{out}"
    );
    assert!(out.contains("credentials.json"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_checks_an_openai_compatible_server_without_spending_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .and(header(
            "authorization",
            format!("Bearer {OPENAI_KEY}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "object": "list", "data": [{"id": "llama3", "object": "model"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(maya(&home)
        .env("MAYA_PROVIDER", "openai")
        .env("MAYA_BASE_URL", format!("{}/v1", server.uri()))
        .env("MAYA_KEY", "openai")
        .env("OPENAI_API_KEY", OPENAI_KEY)
        .arg("doctor"));
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("openai      from OPENAI_API_KEY: accepted"),
        "{out}"
    );
    assert!(out.contains("Maya serves   openai, as configured"), "{out}");
    assert!(!out.contains(OPENAI_KEY) && !err.contains(OPENAI_KEY));
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests.iter().all(|r| r.method.as_str() == "GET"),
        "a check must not generate"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_gemini_key_fails_the_doctor_and_is_never_echoed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/models"))
        .and(query_param("pageSize", "1"))
        .and(header("x-goog-api-key", GEMINI_KEY))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "code": 400,
            "message": format!("API key not valid: {GEMINI_KEY}"),
            "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]
        }})))
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(maya(&home)
        .env("MAYA_PROVIDER", "gemini")
        .env("MAYA_BASE_URL", server.uri())
        .env("MAYA_KEY", "gemini")
        .env("GEMINI_API_KEY", GEMINI_KEY)
        .arg("doctor"));
    assert!(!ok, "a rejected key is a failed doctor");
    assert!(
        out.contains("gemini      from GEMINI_API_KEY: REJECTED"),
        "{out}"
    );
    assert!(out.contains("maya keys set gemini"), "{out}");
    assert!(
        !out.contains(GEMINI_KEY) && !err.contains(GEMINI_KEY),
        "{out}{err}"
    );
    // The key's request carried it in the header only.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].url.as_str().contains(GEMINI_KEY));

    // The same finding as JSON (docs/json.md), with the same exit status.
    let out = maya(&home)
        .env("MAYA_PROVIDER", "gemini")
        .env("MAYA_BASE_URL", server.uri())
        .env("MAYA_KEY", "gemini")
        .env("GEMINI_API_KEY", GEMINI_KEY)
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(GEMINI_KEY), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["serves"]["provider"], "gemini");
    let gemini = &v["keys"][0];
    assert_eq!(gemini["name"], "gemini");
    assert_eq!(gemini["status"], "rejected");
    assert_eq!(gemini["source"], "environment");
    assert_eq!(gemini["variable"], "GEMINI_API_KEY");
    assert!(gemini["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(gemini["note"].is_null(), "checked where base_url points");
    assert_eq!(v["routes"][0]["key"], "gemini");
    assert_eq!(v["routes"][0]["endpoint"], server.uri());
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_set_check_stores_only_a_key_the_provider_accepts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .and(header(
            "authorization",
            format!("Bearer {OPENAI_KEY}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}
        })))
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let keys = |cmd: &mut Command| {
        cmd.env("MAYA_PROVIDER", "openai")
            .env("MAYA_BASE_URL", format!("{}/v1", server.uri()))
            .env("MAYA_KEY", "openai")
            .env("MAYA_MASTER_KEY", "correct horse battery staple");
    };
    let vault = home.path().join("data").join("credentials.json");

    let bad = "sk-proj-wrongWRONGwrong0123456789abcdef";
    let mut cmd = maya(&home);
    keys(&mut cmd);
    let (ok, out, err) = run(cmd
        .args(["keys", "set", "openai", "--check"])
        .write_stdin(bad));
    assert!(!ok, "{out}{err}");
    assert!(err.contains("rejected"), "{err}");
    assert!(!err.contains(bad) && !out.contains(bad));
    assert!(!vault.exists(), "a rejected key must not be stored");

    let mut cmd = maya(&home);
    keys(&mut cmd);
    let (ok, out, err) = run(cmd
        .args(["keys", "set", "openai", "--check"])
        .write_stdin(OPENAI_KEY));
    assert!(ok, "{out}{err}");
    assert!(format!("{out}{err}").contains("accepted"), "{out}{err}");
    assert!(vault.exists());
    let on_disk = std::fs::read_to_string(&vault).unwrap();
    assert!(!on_disk.contains(OPENAI_KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn http_proxy_and_no_proxy_from_the_environment_are_honoured() {
    // The "proxy" is a local server: a proxied request reaches it although the URL names
    // another host.
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})))
        .mount(&proxy)
        .await;
    let home = tempfile::tempdir().unwrap();
    let doctor = |no_proxy: &str| {
        run(maya(&home)
            .env("MAYA_PROVIDER", "openai")
            .env("MAYA_BASE_URL", "http://models.example.invalid/v1")
            .env("HTTP_PROXY", proxy.uri())
            .env("NO_PROXY", no_proxy)
            .arg("doctor"))
    };
    let (ok, out, err) = doctor("");
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("openai      no key (a local server may need none): accepted"),
        "{out}"
    );
    let requests = proxy.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.host_str(), Some("models.example.invalid"));

    // NO_PROXY exempts the host: the request goes direct and cannot resolve.
    let (_, out, _) = doctor("models.example.invalid");
    assert!(
        out.contains("openai      no key (a local server may need none): unreachable"),
        "{out}"
    );
    assert_eq!(proxy.received_requests().await.unwrap().len(), 1);
}

/// A local OpenAI-compatible server that lists models and answers chats for anyone, and
/// remembers who asked with which `Authorization`.
async fn open_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})))
        .mount(&server)
        .await;
    let reply = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Cheers.\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(reply, "text/event-stream"))
        .mount(&server)
        .await;
    server
}

async fn auth_headers(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_string())
        })
        .collect()
}

/// Maya aimed at `server` as an OpenAI-compatible provider. Checks at OpenAI itself go through
/// a proxy that is not there, so they fail at once instead of reaching the internet.
fn at(home: &tempfile::TempDir, server: &MockServer) -> Command {
    let mut cmd = maya(home);
    cmd.env("MAYA_PROVIDER", "openai")
        .env("MAYA_BASE_URL", format!("{}/v1", server.uri()))
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("MAYA_MASTER_KEY", "correct horse battery staple");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openai_key_stays_off_another_server_and_the_doctor_says_why() {
    let server = open_server().await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(at(&home, &server)
        .env("OPENAI_API_KEY", OPENAI_KEY)
        .arg("doctor"));
    assert!(ok, "{out}{err}");
    let base = format!("{}/v1", server.uri());
    assert!(
        out.contains(&format!(
            "key route     no key → {base}: the openai key goes only to api.openai.com"
        )),
        "{out}"
    );
    assert!(
        out.contains("maya keys set openai:local") && out.contains("key = \"openai:local\""),
        "{out}"
    );
    assert!(
        out.contains("openai      no key (a local server may need none): accepted"),
        "{out}"
    );
    assert!(
        out.contains("from OPENAI_API_KEY, asked at its own host (it is not sent to base_url)"),
        "{out}"
    );
    let (ok, out, err) = run(at(&home, &server)
        .env("OPENAI_API_KEY", OPENAI_KEY)
        .args(["ask", "a beer please"]));
    assert!(ok, "{out}{err}");
    assert!(err.contains("Your OpenAI key is not sent to"), "{err}");
    let sent = auth_headers(&server).await;
    assert!(sent.len() >= 2, "{sent:?}");
    assert!(sent.iter().all(Option::is_none), "{sent:?}");
    assert!(!out.contains(OPENAI_KEY) && !err.contains(OPENAI_KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_labelled_key_goes_only_where_it_is_named() {
    const LOCAL_KEY: &str = "sk-local-labelledLABELLED0123456789abcd";
    let server = open_server().await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(at(&home, &server)
        .args(["keys", "set", "openai:local"])
        .write_stdin(LOCAL_KEY));
    assert!(ok, "{out}{err}");

    let named = |cmd: &mut Command| {
        cmd.env("MAYA_KEY", "openai:local")
            .env("OPENAI_API_KEY", OPENAI_KEY);
    };
    let mut cmd = at(&home, &server);
    named(&mut cmd);
    let (ok, out, err) = run(cmd.arg("doctor"));
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "key route     openai:local → {}/v1: named for this base_url",
            server.uri()
        )),
        "{out}"
    );
    assert!(
        out.contains("openai:local  stored in the vault: accepted"),
        "{out}"
    );

    let mut cmd = at(&home, &server);
    named(&mut cmd);
    let (ok, out, err) = run(cmd.args(["ask", "a beer please"]));
    assert!(ok, "{out}{err}");
    // The flag names it as well as the variable does.
    let (ok, out, err) = run(at(&home, &server).env("OPENAI_API_KEY", OPENAI_KEY).args([
        "--key",
        "openai:local",
        "ask",
        "another",
    ]));
    assert!(ok, "{out}{err}");
    let sent = auth_headers(&server).await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    let bearer = format!("Bearer {LOCAL_KEY}");
    assert!(
        sent.iter().all(|a| a.as_deref() == Some(bearer.as_str())),
        "{sent:?}"
    );
    for text in [&out, &err] {
        assert!(!text.contains(LOCAL_KEY) && !text.contains(OPENAI_KEY));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_named_for_plain_http_to_another_machine_is_refused_before_any_request() {
    let home = tempfile::tempdir().unwrap();
    let remote = |cmd: &mut Command| {
        cmd.env("MAYA_PROVIDER", "openai")
            .env("MAYA_BASE_URL", "http://192.0.2.7:8000/v1")
            .env("MAYA_KEY", "openai")
            .env("OPENAI_API_KEY", OPENAI_KEY)
            .env("HTTPS_PROXY", "http://127.0.0.1:9");
    };
    let mut cmd = maya(&home);
    remote(&mut cmd);
    let (ok, out, _) = run(cmd.arg("doctor"));
    assert!(!ok, "a route that cannot be taken fails the doctor:\n{out}");
    assert!(
        out.contains("key route     openai: REFUSED:") && out.contains("plain http"),
        "{out}"
    );
    let mut cmd = maya(&home);
    remote(&mut cmd);
    let (ok, _, err) = run(cmd.args(["ask", "hello"]));
    assert!(!ok);
    assert!(
        err.contains("plain http") && err.contains("https://"),
        "{err}"
    );
    assert!(!err.contains(OPENAI_KEY));
}
