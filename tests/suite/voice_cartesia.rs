//! Cartesia against a local server speaking its wire format (`POST /tts/bytes`, the
//! `Cartesia-Version` and `Authorization: Bearer` headers, the JSON body, WAV bytes back, and
//! its faults), first the engine alone, then `maya ask --voice` end to end: the reply spoken
//! sentence by sentence, in order, with the key only ever in the header.

use crate::support;

use std::time::Duration;

use maya::config::VoiceConfig;
use maya::llm::KeyCheck;
use maya::llm::retry::RetryPolicy;
use maya::voice::cartesia::Cartesia;
use maya::voice::{Engine, VoiceError, wav};
use secrecy::SecretString;
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_car_TestOnly0123456789abcdefXYZ";

fn clip(ms: u32) -> Vec<u8> {
    let n = 24 * ms as usize;
    let tone: Vec<i16> = (0..n)
        .map(|i| if i % 24 < 12 { 4000 } else { -4000 })
        .collect();
    wav::pcm16(24_000, &tone)
}

fn audio(ms: u32) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(clip(ms), "audio/wav")
}

fn config(server: &MockServer) -> VoiceConfig {
    VoiceConfig {
        base_url: server.uri(),
        ..VoiceConfig::default()
    }
}

fn engine(server: &MockServer) -> Cartesia {
    Cartesia::new(&config(server), SecretString::from(KEY))
        .unwrap()
        .with_retry_policy(RetryPolicy::fast())
}

/// The documented request: POST /tts/bytes, both headers, the JSON body.
fn tts() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path("/tts/bytes"))
        .and(header("Cartesia-Version", "2025-04-16"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .and(header("Content-Type", "application/json"))
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/tts/bytes")
        .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
        .collect()
}

#[tokio::test]
async fn a_sentence_is_one_documented_request() {
    let server = MockServer::start().await;
    tts().respond_with(audio(250)).mount(&server).await;
    let audio = engine(&server)
        .speak("Your tab is eleven dollars.")
        .await
        .unwrap();
    assert_eq!(
        wav::parse(&audio).unwrap().duration(),
        Duration::from_millis(250)
    );
    let sent = bodies(&server).await;
    assert_eq!(
        sent,
        [serde_json::json!({
            "model_id": "sonic-2",
            "transcript": "Your tab is eleven dollars.",
            "voice": {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
            "output_format": {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 24000},
            "language": "en",
        })]
    );
}

#[tokio::test]
async fn a_refused_key_turns_voice_off_and_never_shows_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            format!(r#"{{"error":"Invalid API key {KEY}"}}"#),
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = engine(&server).speak("Hello.").await.unwrap_err();
    let VoiceError::Fatal(message) = err else {
        panic!("a refused key is fatal: {err:?}")
    };
    assert!(message.contains("maya keys set cartesia"), "{message}");
    assert!(message.contains("401"), "{message}");
    assert!(
        !message.contains("TestOnly0123"),
        "the key leaked: {message}"
    );
    assert_eq!(bodies(&server).await.len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn busy_and_failing_servers_are_retried() {
    // 429 with Retry-After, then a 500, then the audio.
    let server = MockServer::start().await;
    tts()
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    tts()
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    tts().respond_with(audio(100)).mount(&server).await;
    assert!(engine(&server).speak("Hello.").await.is_ok());
    assert_eq!(bodies(&server).await.len(), 3);
}

#[tokio::test]
async fn a_server_that_keeps_failing_skips_the_sentence_after_four_attempts() {
    let server = MockServer::start().await;
    tts()
        .respond_with(ResponseTemplate::new(500).set_body_string("overloaded"))
        .mount(&server)
        .await;
    let err = engine(&server).speak("Hello.").await.unwrap_err();
    assert!(matches!(err, VoiceError::Failed(_)), "{err:?}");
    assert_eq!(bodies(&server).await.len(), 4);
}

#[tokio::test]
async fn an_answer_that_is_not_audio_is_not_played() {
    let server = MockServer::start().await;
    tts()
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>hello</html>"))
        .mount(&server)
        .await;
    let err = engine(&server).speak("Hello.").await.unwrap_err();
    assert!(err.message().contains("not audio"), "{err:?}");
}

#[tokio::test]
async fn the_key_check_lists_one_voice() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/voices"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .and(header("Cartesia-Version", "2025-04-16"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    assert_eq!(engine(&server).check().await, KeyCheck::Accepted);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("limit=1"));

    let bad = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&bad)
        .await;
    let check = engine(&bad).check().await;
    assert!(matches!(check, KeyCheck::Rejected(_)), "{check:?}");
}

/// The real binary, `maya ask --voice` with the house bartender and Cartesia on a local server.
mod end_to_end {
    use super::*;
    use support::cli::maya;

    fn serve(respond: ResponseTemplate) -> (tokio::runtime::Runtime, MockServer) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(async {
            let server = MockServer::start().await;
            tts().respond_with(respond).mount(&server).await;
            server
        });
        (rt, server)
    }

    fn ask(
        home: &tempfile::TempDir,
        server: &MockServer,
        out: &std::path::Path,
    ) -> std::process::Output {
        maya(home)
            .env("CARTESIA_API_KEY", KEY)
            .env("MAYA_VOICE_ENGINE", "cartesia")
            .env("MAYA_VOICE_BASE_URL", server.uri())
            .env("MAYA_LOG", "debug")
            .args(["ask", "--provider", "house", "--voice-out"])
            .arg(out)
            .arg("a negroni please")
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    }

    fn logs(home: &tempfile::TempDir) -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(home.path().join("state/logs")).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        all
    }

    #[test]
    fn the_reply_is_spoken_sentence_by_sentence_in_order() {
        let home = tempfile::tempdir().unwrap();
        let (rt, server) = serve(audio(400));
        let out = home.path().join("reply.wav");
        let run = ask(&home, &server, &out);
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stdout}{stderr}");
        assert!(stdout.contains("Your tab is $11.00"), "{stdout}");
        let sent = rt.block_on(bodies(&server));
        let transcripts: Vec<&str> = sent
            .iter()
            .map(|b| b["transcript"].as_str().unwrap())
            .collect();
        assert_eq!(
            transcripts,
            ["Coming right up: 1 Negroni.", "Your tab is eleven dollars."]
        );
        // The tool line (on stderr) is not read.
        assert!(stderr.contains("added 1× Negroni"), "{stderr}");
        // Two clips of 0.4 s, joined.
        let file = std::fs::read(&out).unwrap();
        assert_eq!(
            wav::parse(&file).unwrap().duration(),
            Duration::from_millis(800)
        );
        // The key went in the header only.
        let requests = rt.block_on(server.received_requests()).unwrap();
        for r in &requests {
            assert!(!String::from_utf8_lossy(&r.body).contains(KEY));
            assert!(!r.url.as_str().contains(KEY));
        }
        let log = logs(&home);
        assert!(
            log.contains("voice on"),
            "the debug log has the voice: {log}"
        );
        assert!(
            !log.contains("TestOnly0123"),
            "the key is in the log:\n{log}"
        );
    }

    #[test]
    fn a_refused_key_is_said_once_without_the_key_and_the_reply_still_prints() {
        let home = tempfile::tempdir().unwrap();
        let (rt, server) = serve(ResponseTemplate::new(401).set_body_raw(
            format!(r#"{{"error":"bad key {KEY}"}}"#),
            "application/json",
        ));
        let out = home.path().join("reply.wav");
        let run = ask(&home, &server, &out);
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stdout}{stderr}");
        assert!(stdout.contains("Your tab is $11.00"), "{stdout}");
        assert_eq!(stderr.matches("Voice is off").count(), 1, "{stderr}");
        assert!(stderr.contains("maya keys set cartesia"), "{stderr}");
        assert!(!stderr.contains("TestOnly0123"), "{stderr}");
        assert!(!logs(&home).contains("TestOnly0123"));
        // The second sentence was never asked for.
        assert_eq!(rt.block_on(bodies(&server)).len(), 1);
        assert!(!out.exists());
    }
}

/// The rule the model providers keep (llm::endpoint): a key never crosses the network over plain
/// http. A Cartesia base_url that is plain http to another machine is refused before any request;
/// one on this machine (a local test server, a proxy) may carry it.
#[tokio::test]
async fn the_key_never_goes_over_plain_http_to_another_machine() {
    for remote in ["http://tts.example.com", "http://10.0.0.7:8080/"] {
        let cfg = VoiceConfig {
            base_url: remote.into(),
            ..VoiceConfig::default()
        };
        let err = Cartesia::new(&cfg, SecretString::from(KEY))
            .expect_err(remote)
            .to_string();
        assert!(err.contains("plain http"), "{remote}: {err}");
        assert!(!err.contains(KEY), "{err}");
    }
    let server = MockServer::start().await;
    assert!(server.uri().starts_with("http://127.0.0.1"));
    assert!(Cartesia::new(&config(&server), SecretString::from(KEY)).is_ok());
    let https = VoiceConfig {
        base_url: "https://tts.example.com".into(),
        ..VoiceConfig::default()
    };
    assert!(Cartesia::new(&https, SecretString::from(KEY)).is_ok());
}
