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
            answer_marks(&mut jobs, &emit).await;
            return;
        }
    };
    tracing::info!(engine = engine.name(), "voice on");
    emit(Event::Voice {
        engine: Some(engine.name().to_string()),
    });
    let mut line = Line::default();
    loop {
        line.start_what_can_start(&engine, &mut sink, &emit);
        let failed = tokio::select! {
            biased;
            job = jobs.recv() => {
                match job {
                    None => return,
                    Some(Job::Stop) => line.stop(&mut sink),
                    Some(job) => line.queue.push_back(job),
                }
                None
            }
            clip = run_opt(&mut line.synth) => {
                line.synth = None;
                match clip {
                    Ok(clip) => {
                        line.ready = Some(clip);
                        None
                    }
                    Err(e) => Some(e),
                }
            }
            done = run_opt(&mut line.playing) => {
                line.playing = None;
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
                for job in line.queue.drain(..).chain(jobs_left(&mut jobs)) {
                    if matches!(job, Job::Mark) {
                        emit(Event::SpeechDone);
                    }
                }
                // Marks sent after this are answered until the agent lets go.
                answer_marks(&mut jobs, &emit).await;
                return;
            }
            Some(VoiceError::Failed(why)) => line.skipped(&why, &emit),
        }
    }
}

/// The sentences on their way out: waiting, being synthesized, synthesized, playing.
#[derive(Default)]
struct Line {
    queue: VecDeque<Job>,
    synth: Option<Work<Vec<u8>>>,
    ready: Option<Vec<u8>>,
    playing: Option<Work<()>>,
    /// One failure notice per reply, not one per sentence.
    told: bool,
}

impl Line {
    /// Start what can start: the next synthesis, the next clip, the marks reached.
    fn start_what_can_start(
        &mut self,
        engine: &Arc<dyn Engine>,
        sink: &mut Sink,
        emit: &impl Fn(Event),
    ) {
        loop {
            if self.playing.is_none()
                && let Some(clip) = self.ready.take()
            {
                self.playing = Some(play(sink, clip));
            }
            match self.queue.front() {
                Some(Job::Say(_)) if self.synth.is_none() && self.ready.is_none() => {
                    let Some(Job::Say(text)) = self.queue.pop_front() else {
                        break;
                    };
                    if let Some(words) = speakable(&text) {
                        let engine = engine.clone();
                        self.synth = Some(Box::pin(async move { engine.speak(&words).await }));
                    }
                }
                Some(Job::Mark)
                    if self.synth.is_none() && self.ready.is_none() && self.playing.is_none() =>
                {
                    self.queue.pop_front();
                    emit(Event::SpeechDone);
                }
                _ => break,
            }
        }
    }

    /// Drop what is waiting, being made and playing; keep the marks: whoever waits for them
    /// still gets an answer.
    fn stop(&mut self, sink: &mut Sink) {
        self.queue.retain(|j| matches!(j, Job::Mark));
        self.synth = None;
        self.ready = None;
        self.playing = None;
        if let Sink::File { joined, .. } = sink {
            joined.clear();
        }
        self.told = false;
    }

    fn skipped(&mut self, why: &str, emit: &impl Fn(Event)) {
        tracing::warn!("a sentence was not spoken: {why}");
        if !self.told {
            self.told = true;
            emit(Event::Notice(format!(
                "Maya's voice skipped a sentence: {why}"
            )));
        }
    }
}

/// Without a voice: every mark is answered at once, until the agent lets go.
async fn answer_marks(jobs: &mut mpsc::UnboundedReceiver<Job>, emit: &impl Fn(Event)) {
    while let Some(job) = jobs.recv().await {
        if matches!(job, Job::Mark) {
            emit(Event::SpeechDone);
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
