//! Voice through the real agent: what reaches the engine is exactly the released, speakable
//! sentences, in order; a reply the guard stops speaks nothing after the stop and drops what
//! was queued; Esc, a new reply and leaving kill the player process.

use crate::support::bar_agent;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bar_agent::Driven;
use futures::StreamExt;
use maya::agent::safety::Safety;
use maya::agent::{AgentSetup, Command, Event, ReplyState, SessionInfo};
use maya::bar::{Bar, Menu};
use maya::config::{Config, VoiceConfig};
use maya::llm::{ChatRequest, FinishReason, Provider, ProviderEvent, ProviderStream, ToolCall};
use maya::money::Cents;
use maya::payments::select::GatewaySelector;
use maya::voice::{Engine, VoiceError, VoiceSetup, wav};

/// One model round: text pieces (and tool calls), each after a pause.
type Round = Vec<(Duration, ProviderEvent)>;

#[derive(Clone, Default)]
struct Scripted {
    rounds: Arc<Mutex<Vec<Round>>>,
}

impl Scripted {
    fn new(rounds: Vec<Round>) -> Scripted {
        let mut rounds = rounds;
        rounds.reverse();
        Scripted {
            rounds: Arc::new(Mutex::new(rounds)),
        }
    }
}

impl Provider for Scripted {
    fn id(&self) -> &str {
        "script"
    }
    fn model(&self) -> &str {
        "test"
    }
    fn stream(&self, _: ChatRequest) -> ProviderStream {
        let round = self.rounds.lock().unwrap().pop().unwrap_or_default();
        futures::stream::iter(round)
            .then(|(pause, ev)| async move {
                tokio::time::sleep(pause).await;
                Ok(ev)
            })
            .boxed()
    }
}

fn text(pause_ms: u64, t: &str) -> (Duration, ProviderEvent) {
    (
        Duration::from_millis(pause_ms),
        ProviderEvent::TextDelta(t.into()),
    )
}

fn finish(reason: FinishReason) -> (Duration, ProviderEvent) {
    (Duration::ZERO, ProviderEvent::Finish(reason))
}

/// Records what it is asked to say; each answer takes `delay` and is 0.1 s of a tone.
#[derive(Clone, Default)]
struct Recording {
    said: Arc<Mutex<Vec<String>>>,
    delay: Duration,
}

#[async_trait]
impl Engine for Recording {
    fn name(&self) -> &str {
        "recording"
    }
    async fn speak(&self, text: &str) -> Result<Vec<u8>, VoiceError> {
        self.said.lock().unwrap().push(text.to_string());
        tokio::time::sleep(self.delay).await;
        let tone: Vec<i16> = (0..800)
            .map(|i| if i % 20 < 10 { 3000 } else { -3000 })
            .collect();
        Ok(wav::pcm16(8_000, &tone))
    }
}

impl Recording {
    fn said(&self) -> Vec<String> {
        self.said.lock().unwrap().clone()
    }
}

fn setup(provider: Scripted) -> AgentSetup {
    let config = Config {
        rate: maya::config::RateConfig {
            messages_per_minute: 1000,
            message_burst: 1000,
            provider_requests_per_minute: 1000,
        },
        ..Config::default()
    };
    AgentSetup {
        safety: Safety::new(&config.security, &config.rate),
        bar: Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000)),
        payments: Arc::new(GatewaySelector::new(&config.payments, &config.stripe, None)),
        config,
        provider: Arc::new(provider),
        pending_gateway: None,
        recorder: Box::new(maya::session::recorder::NoRecord),
        info: SessionInfo {
            session_id: None,
            provider: "script".into(),
            model: "test".into(),
            offline: true,
            simulated_payments: true,
            resumed: false,
        },
        history: vec![],
        transcript: vec![],
        input_history: vec![],
        queued: vec![],
        greet: false,
        session_key: "voice-test".into(),
        notices: vec![],
    }
}

/// Voice on from the start with `engine`, writing to `out` (or playing with `player`).
fn voice(engine: Option<Recording>, out: Option<&Path>, player: Option<&Path>) -> VoiceSetup {
    let mut config = VoiceConfig {
        enabled: true,
        ..VoiceConfig::default()
    };
    if let Some(out) = out {
        config.output = out.display().to_string();
    }
    if let Some(p) = player {
        config.player = p.display().to_string();
    }
    VoiceSetup {
        config,
        cartesia_key: None,
        engine: engine.map(|e| Arc::new(e) as Arc<dyn Engine>),
    }
}

async fn started(provider: Scripted, voice: VoiceSetup) -> Driven {
    let mut d = Driven(maya::agent::spawn_with_voice(setup(provider), Some(voice)));
    d.ready().await;
    d.until("voice on", |e| {
        matches!(e, Event::Voice { engine: Some(_) })
    })
    .await;
    d
}

/// Waits for speech to end, as `maya ask --voice` does.
async fn spoken(d: &mut Driven) {
    d.send(Command::AwaitSpeech);
    d.until("the speech to end", |e| matches!(e, Event::SpeechDone))
        .await;
}

#[tokio::test]
async fn sentences_are_spoken_in_order_and_tool_lines_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Recording::default();
    let provider = Scripted::new(vec![
        vec![
            text(0, "Two **Martinis**, coming "),
            text(5, "right up. "),
            (
                Duration::ZERO,
                ProviderEvent::ToolCall(ToolCall {
                    id: "c1".into(),
                    name: "add_to_tab".into(),
                    arguments: r#"{"item":"martini","quantity":2}"#.into(),
                }),
            ),
            finish(FinishReason::ToolCalls),
        ],
        vec![
            text(0, "That's $26.00 on your tab.\n\n- Balance: $974.00"),
            text(5, "\n\nAnything else? 🍸"),
            finish(FinishReason::Stop),
        ],
    ]);
    let out = dir.path().join("reply.wav");
    let mut d = started(provider, voice(Some(engine.clone()), Some(&out), None)).await;
    let events = d.say("two martinis please").await;
    let tool = events.iter().find_map(|e| match e {
        Event::ToolRan { summary, .. } => Some(summary.clone()),
        _ => None,
    });
    let tool = tool.expect("the order ran");
    spoken(&mut d).await;
    let said = engine.said();
    assert_eq!(
        said,
        [
            "Two Martinis, coming right up.",
            "That's twenty-six dollars on your tab.",
            "Balance: nine hundred seventy-four dollars",
            "Anything else?",
        ]
    );
    assert!(
        said.iter()
            .all(|s| !s.contains(&tool) && !s.contains("added")),
        "{said:?}"
    );
    // Four clips of 0.1 s in one file.
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        wav::parse(&bytes).unwrap().duration(),
        Duration::from_millis(400)
    );
}

/// The guard stops the reply at "worthless piece of shit": the two sentences before it are
/// spoken, the unfinished one and everything after are not, nor is Maya's safe line.
#[tokio::test]
async fn a_reply_the_guard_stops_speaks_only_the_sentences_before_the_stop() {
    let engine = Recording::default();
    let provider = Scripted::new(vec![vec![
        text(
            0,
            "Here's the thing. You asked, so I will say it. Listen, you worth",
        ),
        // Time for the first two sentences to reach the engine.
        text(300, "less piece of shit, and more text. Even more. "),
        text(0, "And this is never said. "),
        finish(FinishReason::Stop),
    ]]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reply.wav");
    let mut d = started(provider, voice(Some(engine.clone()), Some(&out), None)).await;
    let events = d.say("say something").await;
    assert!(
        events.contains(&Event::AssistantDone(ReplyState::Blocked)),
        "{events:#?}"
    );
    spoken(&mut d).await;
    assert_eq!(
        engine.said(),
        ["Here's the thing.", "You asked, so I will say it."]
    );
}

/// What was released but still queued when the guard stops the reply is dropped too.
#[tokio::test]
async fn sentences_still_queued_at_a_stop_are_dropped() {
    let engine = Recording {
        delay: Duration::from_millis(600),
        ..Recording::default()
    };
    let provider = Scripted::new(vec![vec![
        text(0, "One. Two. Three. Listen, you worth"),
        text(100, "less piece of shit. "),
        finish(FinishReason::Stop),
    ]]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reply.wav");
    let mut d = started(provider, voice(Some(engine.clone()), Some(&out), None)).await;
    d.say("go").await;
    spoken(&mut d).await;
    assert_eq!(engine.said(), ["One."]);
    assert!(!out.exists(), "a stopped sentence was written");
}

/// A player that records its pid, takes the clip, and then plays for half a minute.
fn fake_player(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let pids = dir.join("pids");
    let script = dir.join("fake-player");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ >> '{}'\ncat > /dev/null\nexec sleep 30\n",
            pids.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, pids)
}

fn pids(file: &Path) -> Vec<u32> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

fn alive(pid: u32) -> bool {
    // A killed and reaped child has no /proc entry; a zombie would say "Z".
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| s.split_whitespace().nth(2) != Some("Z"))
}

async fn wait_for(what: &str, pred: impl Fn() -> bool) {
    for _ in 0..200 {
        if pred() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn esc_a_new_reply_and_leaving_kill_the_player() {
    let dir = tempfile::tempdir().unwrap();
    let (player, pid_file) = fake_player(dir.path());
    let provider = Scripted::new(vec![
        vec![
            text(0, "First reply, first sentence. "),
            finish(FinishReason::Stop),
        ],
        vec![text(0, "Second reply. "), finish(FinishReason::Stop)],
        vec![text(0, "Third reply. "), finish(FinishReason::Stop)],
    ]);
    let engine = Recording::default();
    let mut d = started(provider, voice(Some(engine), None, Some(&player))).await;

    // Esc while Maya speaks (her text is done; her voice is not).
    d.say("one").await;
    wait_for("the first player", || pids(&pid_file).len() == 1).await;
    let first = pids(&pid_file)[0];
    assert!(alive(first));
    d.send(Command::CancelReply);
    wait_for("Esc to kill the player", || !alive(first)).await;

    // A new reply interrupts the one being spoken.
    d.say("two").await;
    wait_for("the second player", || pids(&pid_file).len() == 2).await;
    let second = pids(&pid_file)[1];
    d.say("three").await;
    wait_for("the new reply to kill the old player", || !alive(second)).await;
    wait_for("the third player", || pids(&pid_file).len() == 3).await;
    let third = pids(&pid_file)[2];
    assert!(alive(third));

    // Leaving the bar.
    d.send(Command::Quit);
    d.until("the agent to close", |e| matches!(e, Event::Closed))
        .await;
    wait_for("leaving to kill the player", || !alive(third)).await;
    assert_eq!(maya::voice::player::running(), 0);
}

#[tokio::test]
async fn f5_turns_voice_on_and_off() {
    let engine = Recording::default();
    let provider = Scripted::new(vec![
        vec![text(0, "Not spoken. "), finish(FinishReason::Stop)],
        vec![text(0, "Spoken. "), finish(FinishReason::Stop)],
    ]);
    let mut v = voice(Some(engine.clone()), None, None);
    v.config.enabled = false;
    let dir = tempfile::tempdir().unwrap();
    v.config.output = dir.path().join("o.wav").display().to_string();
    let mut d = Driven(maya::agent::spawn_with_voice(setup(provider), Some(v)));
    d.ready().await;
    d.say("first").await;
    d.send(Command::ToggleVoice);
    d.until("voice on", |e| {
        *e == Event::Voice {
            engine: Some("recording".into()),
        }
    })
    .await;
    d.say("second").await;
    spoken(&mut d).await;
    assert_eq!(engine.said(), ["Spoken."]);
    d.send(Command::ToggleVoice);
    d.until("voice off", |e| *e == Event::Voice { engine: None })
        .await;
    // Off: waiting for speech returns at once.
    spoken(&mut d).await;
}

#[tokio::test]
async fn no_engine_says_so_once_and_voice_stays_off() {
    let provider = Scripted::new(vec![vec![text(0, "Hello. "), finish(FinishReason::Stop)]]);
    let mut v = voice(None, None, None);
    v.config.engine = maya::config::VoiceEngine::Cartesia;
    let dir = tempfile::tempdir().unwrap();
    v.config.output = dir.path().join("o.wav").display().to_string();
    let mut d = Driven(maya::agent::spawn_with_voice(setup(provider), Some(v)));
    let events = d
        .until("voice off", |e| *e == Event::Voice { engine: None })
        .await;
    let notice = events
        .iter()
        .find_map(|e| match e {
            Event::Notice(n) => Some(n.clone()),
            _ => None,
        })
        .expect("a notice");
    assert!(notice.contains("maya keys set cartesia"), "{notice}");
    let events = d.say("hi").await;
    assert!(
        !events.iter().any(|e| matches!(e, Event::Notice(_))),
        "said again: {events:#?}"
    );
    spoken(&mut d).await;
}
