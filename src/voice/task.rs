//! The speaker task: sentences in, audio out, in order. The next sentence is synthesized while
//! the one before plays, so an engine's round trip does not become a pause. A `Stop` drops the
//! queue, the synthesis in flight and the player (killed by dropping it) at once.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;

use super::engine::{self, Engine, VoiceError};
use super::{Job, Sink, VoiceSetup, speakable::speakable, wav};
use crate::agent::Event;
use crate::config::VoiceEngine;

type Work<T> = Pin<Box<dyn Future<Output = Result<T, VoiceError>> + Send>>;

/// The engine and the sink `setup` asks for, or why there are none.
async fn open(setup: VoiceSetup) -> Result<(Arc<dyn Engine>, Sink), String> {
    let sink = Sink::open(&setup.config)?;
    if let Some(engine) = setup.engine {
        return Ok((engine, sink));
    }
    let wants_key = matches!(
        setup.config.engine,
        VoiceEngine::Auto | VoiceEngine::Cartesia
    );
    let key = match setup.cartesia_key.filter(|_| wants_key) {
        // Opening the vault may derive its key (a fraction of a second of CPU): not here.
        Some(lookup) => match tokio::task::spawn_blocking(move || lookup()).await {
            Ok(Ok(key)) => key,
            Ok(Err(why)) => {
                tracing::warn!("the Cartesia key cannot be read: {why}");
                None
            }
            Err(_) => None,
        },
        None => None,
    };
    let engine = engine::choose(&setup.config, key)?;
    Ok((engine, sink))
}

pub(super) async fn run(
    setup: VoiceSetup,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    events: mpsc::UnboundedSender<Event>,
    broken: Arc<AtomicBool>,
) {
    let emit = |e: Event| {
        let _ = events.send(e);
    };
    let (engine, mut sink) = match open(setup).await {
        Ok(found) => found,
        Err(why) => {
            broken.store(true, Ordering::Release);
            emit(Event::Notice(crate::llm::http::clean(&why)));
            emit(Event::Voice { engine: None });
            // Anyone waiting for speech to end is not kept waiting.
            while let Some(job) = jobs.recv().await {
                if matches!(job, Job::Mark) {
                    emit(Event::SpeechDone);
                }
            }
            return;
        }
    };
    tracing::info!(engine = engine.name(), "voice on");
    emit(Event::Voice {
        engine: Some(engine.name().to_string()),
    });
    let mut queue: VecDeque<Job> = VecDeque::new();
    let mut synth: Option<Work<Vec<u8>>> = None;
    let mut ready: Option<Vec<u8>> = None;
    let mut playing: Option<Work<()>> = None;
    // One failure notice per reply, not one per sentence.
    let mut told = false;
    loop {
        // Start what can start: the next synthesis, the next clip, the marks reached.
        loop {
            if playing.is_none()
                && let Some(clip) = ready.take()
            {
                playing = Some(play(&mut sink, clip));
            }
            match queue.front() {
                Some(Job::Say(_)) if synth.is_none() && ready.is_none() => {
                    let Some(Job::Say(text)) = queue.pop_front() else {
                        break;
                    };
                    if let Some(words) = speakable(&text) {
                        let engine = engine.clone();
                        synth = Some(Box::pin(async move { engine.speak(&words).await }));
                    }
                }
                Some(Job::Mark) if synth.is_none() && ready.is_none() && playing.is_none() => {
                    queue.pop_front();
                    emit(Event::SpeechDone);
                }
                _ => break,
            }
        }
        let failed = tokio::select! {
            biased;
            job = jobs.recv() => {
                match job {
                    None => return,
                    Some(Job::Stop) => {
                        // Keep the marks: whoever waits for them still gets an answer.
                        queue.retain(|j| matches!(j, Job::Mark));
                        synth = None;
                        ready = None;
                        playing = None;
                        if let Sink::File { joined, .. } = &mut sink {
                            joined.clear();
                        }
                        told = false;
                    }
                    Some(job) => queue.push_back(job),
                }
                None
            }
            clip = run_opt(&mut synth) => {
                synth = None;
                match clip {
                    Ok(clip) => {
                        ready = Some(clip);
                        None
                    }
                    Err(e) => Some(e),
                }
            }
            done = run_opt(&mut playing) => {
                playing = None;
                done.err()
            }
        };
        match failed {
            None => {}
            Some(VoiceError::Fatal(why)) => {
                tracing::warn!("voice stopped: {why}");
                broken.store(true, Ordering::Release);
                emit(Event::Notice(format!("Voice is off: {why}")));
                emit(Event::Voice { engine: None });
                for job in queue.drain(..).chain(jobs_left(&mut jobs)) {
                    if matches!(job, Job::Mark) {
                        emit(Event::SpeechDone);
                    }
                }
                // Marks sent after this are answered until the agent lets go.
                while let Some(job) = jobs.recv().await {
                    if matches!(job, Job::Mark) {
                        emit(Event::SpeechDone);
                    }
                }
                return;
            }
            Some(VoiceError::Failed(why)) => {
                tracing::warn!("a sentence was not spoken: {why}");
                if !told {
                    told = true;
                    emit(Event::Notice(format!(
                        "Maya's voice skipped a sentence: {why}"
                    )));
                }
            }
        }
    }
}

fn jobs_left(jobs: &mut mpsc::UnboundedReceiver<Job>) -> Vec<Job> {
    let mut left = Vec::new();
    while let Ok(j) = jobs.try_recv() {
        left.push(j);
    }
    left
}

/// Play a clip, or add it to the reply's file (rewritten whole, so it is always a valid WAV).
fn play(sink: &mut Sink, clip: Vec<u8>) -> Work<()> {
    match sink {
        Sink::Player(p) => {
            let p = p.clone();
            Box::pin(async move { p.play(clip).await })
        }
        Sink::File { path, joined } => {
            let fits = match wav::parse(&clip) {
                Ok(c) => joined.push(&c),
                Err(e) => return Box::pin(async move { Err(VoiceError::Failed(e)) }),
            };
            if !fits {
                return Box::pin(async {
                    Err(VoiceError::Failed(
                        "a clip came in another audio format than the ones before".into(),
                    ))
                });
            }
            let bytes = joined.to_bytes();
            let path = path.clone();
            Box::pin(async move {
                let shown = path.display().to_string();
                match tokio::task::spawn_blocking(move || std::fs::write(&path, bytes)).await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(VoiceError::Fatal(format!("cannot write {shown}: {e}"))),
                    Err(e) => Err(VoiceError::Failed(e.to_string())),
                }
            })
        }
    }
}

async fn run_opt<T>(work: &mut Option<Work<T>>) -> Result<T, VoiceError> {
    match work {
        Some(w) => w.await,
        None => std::future::pending().await,
    }
}
