//! The agent: a tokio task that owns the Bar, the provider, the gateway and the session, runs
//! turns, and talks to the UI only through [`Command`]s and [`Event`]s.
//!
//! Everything happens in one task, one message at a time, so the Bar has exactly one writer
//! and needs no lock. Slow work (the model's stream, gateway requests) never blocks the loop:
//! the stream is polled alongside commands, and gateway calls run as spawned tasks whose
//! results come back as [`Background`] messages.

mod calls;
mod cancel;
mod card;
mod guest;
mod memory;
mod payments;
pub mod prompt;
pub mod protocol;
mod queue;
mod resume;
mod round;
pub mod safety;
mod settle;
mod turn;
mod voice;

use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub use protocol::{Command, Entry, Event, PaymentProgress, ReplyState, SessionInfo};

use crate::bar::Bar;
use crate::config::Config;
use crate::llm::{ChatMessage, Provider, ProviderStream};
use crate::next_step::{NextStep, Say};
use crate::payments::select::{GatewaySelector, Selection};
use crate::payments::{Gateway, GatewayKind};
use crate::session::recorder::Recorder;
use crate::tools::SpendingGuard;
use queue::Queue;
use safety::Safety;
use turn::Turn;

/// Everything the agent needs to start.
pub struct AgentSetup {
    pub config: Config,
    pub bar: Bar,
    pub provider: Arc<dyn Provider>,
    /// Asked for a gateway at each new checkout (its Stripe probe is cached for 30 s).
    pub payments: Arc<GatewaySelector>,
    /// The gateway a pending checkout of a resumed session went to, as journaled.
    pub pending_gateway: Option<GatewayKind>,
    pub safety: Safety,
    pub recorder: Box<dyn Recorder>,
    pub info: SessionInfo,
    /// The model-side history so far (empty for a new session).
    pub history: Vec<ChatMessage>,
    /// The conversation as shown so far (empty for a new session).
    pub transcript: Vec<Entry>,
    pub input_history: Vec<String>,
    /// Messages queued but not sent when the session was last left (held until the guest
    /// says so).
    pub queued: Vec<String>,
    /// Ask the model to greet when the session starts.
    pub greet: bool,
    /// Identifies this session in idempotency keys and at the payment gateway.
    pub session_key: String,
    /// Told to the guest right after `Ready` (resumed, not saved, keys unavailable, …).
    pub notices: Vec<String>,
}

pub struct AgentHandle {
    pub commands: mpsc::UnboundedSender<Command>,
    pub events: mpsc::UnboundedReceiver<Event>,
    pub task: JoinHandle<()>,
}

/// An agent that says next steps without naming keys or commands ([`NextStep::what`]): for
/// callers that show none (tests, benches). The bar and `maya ask` use [`spawn_saying`].
pub fn spawn(setup: AgentSetup) -> AgentHandle {
    spawn_with_voice(setup, None)
}

/// [`spawn`], with what voice needs to turn on (at the start when `[voice] enabled`, or with
/// F5). Without it voice cannot be turned on.
pub fn spawn_with_voice(setup: AgentSetup, voice: Option<crate::voice::VoiceSetup>) -> AgentHandle {
    spawn_saying(
        setup,
        voice,
        Arc::new(|step: NextStep| step.what().to_string()),
    )
}

/// [`spawn_with_voice`], saying every next step through `say`, to the guest and to the model:
/// the bar passes `ui::keymap::say` (its keys), `maya ask` its commands, as the house
/// bartender is given them.
pub fn spawn_saying(
    setup: AgentSetup,
    voice: Option<crate::voice::VoiceSetup>,
    say: Say,
) -> AgentHandle {
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    let mut agent = Agent::new(setup, ev_tx, say);
    agent.voice_setup = voice;
    let task = tokio::spawn(agent.run(cmd_rx));
    AgentHandle {
        commands: cmd_tx,
        events: ev_rx,
        task,
    }
}

/// While the session cannot be saved, the journal retries this often even when nothing new
/// happens, so the guest hears soon that saving works again.
const SAVE_RETRY: Duration = Duration::from_secs(2);

/// Results of spawned gateway work.
pub(crate) enum Background {
    /// The selector chose where the checkout with `key` goes.
    GatewayChosen {
        key: String,
        result: Result<Selection, crate::payments::PaymentError>,
    },
    /// The gateway of a resumed session's pending checkout is ready (or cannot be).
    GatewayResumed {
        key: String,
        result: Result<Arc<dyn Gateway>, crate::payments::PaymentError>,
    },
    CheckoutCreated {
        key: String,
        /// The gateway that was asked (a late answer is expired there).
        gateway: Arc<dyn Gateway>,
        result: Result<crate::payments::Checkout, crate::payments::PaymentError>,
    },
    Status {
        checkout_id: String,
        /// True for a poll (errors are retried quietly), false for a guest action.
        poll: bool,
        result: Result<crate::payments::RemoteStatus, crate::payments::PaymentError>,
    },
    Cancelled {
        checkout_id: String,
        /// The guest pressed x (Maya is told); else the model or a deadline cancelled it.
        by_guest: bool,
        /// What closing the link found: expired, or paid first.
        result: Result<crate::payments::RemoteStatus, crate::payments::PaymentError>,
    },
    /// The test card's first steps: the link closed (or not), the payment created (or not).
    CardPrepared {
        card_key: String,
        prep: card::Prepared,
    },
    /// The test card payment's answer (or that it is not final yet).
    CardSettled {
        card_key: String,
        result: Result<crate::payments::RemoteStatus, crate::payments::PaymentError>,
    },
}

pub(crate) struct Agent {
    cfg: Config,
    bar: Bar,
    guard: SpendingGuard,
    provider: Arc<dyn Provider>,
    payments: Arc<GatewaySelector>,
    /// The gateway of the pending checkout, once chosen; it stays until the checkout ends.
    gateway: Option<Arc<dyn Gateway>>,
    /// A resumed pending checkout's journaled gateway, until that gateway is ready.
    pending_gateway: Option<GatewayKind>,
    /// The last create that failed: a retry of the same tab sends exactly it again.
    failed_create: Option<crate::payments::CheckoutRequest>,
    safety: Safety,
    recorder: Box<dyn Recorder>,
    info: SessionInfo,
    events: mpsc::UnboundedSender<Event>,
    /// The model-side history, trimmed to what the next request can use (see `trim_history`).
    history: Vec<ChatMessage>,
    /// The guest has said something in this session (kept when the history is trimmed).
    guest_spoke: bool,
    /// Released reply text not yet sent to the UI: a fast stream's deltas go out as one
    /// event per batch, not one per delta (see `emit`).
    unsent: String,
    /// Notes about guest actions, told to the model with the next turn.
    notes: Vec<String>,
    turn: Option<Turn>,
    /// The guest's messages waiting for Maya to finish.
    queue: Queue,
    stream: Option<ProviderStream>,
    bg_tx: mpsc::UnboundedSender<Background>,
    bg_rx: mpsc::UnboundedReceiver<Background>,
    poll: Option<settle::Poll>,
    /// A step of the test card payment is out (see `card.rs`).
    card_busy: bool,
    /// A cancel's expire is out.
    cancelling: bool,
    /// A resumed checkout's gateway is being fetched.
    resuming: bool,
    /// Why the pending checkout's gateway cannot be reached (a resumed session without its
    /// Stripe key); it then stays pending until it can be asked.
    gateway_problem: Option<String>,
    /// Turns in a row without an order, for the phase hint.
    small_talk: u32,
    session_key: String,
    /// The last turn failed and `/retry` may run it again.
    can_retry: bool,
    pending_greeting: bool,
    startup_notices: Vec<String>,
    transcript: Vec<Entry>,
    input_history: Vec<String>,
    /// Why the session is not being saved, as last told to the UI (`None`: it is saved).
    not_saving: Option<String>,
    /// When to retry saving while it fails.
    save_retry: Option<Instant>,
    /// Speech, while voice is on.
    voice: Option<crate::voice::Speaker>,
    voice_setup: Option<crate::voice::VoiceSetup>,
    /// How next steps are said (see [`spawn_saying`]).
    say: Say,
}

impl Agent {
    fn new(s: AgentSetup, events: mpsc::UnboundedSender<Event>, say: Say) -> Agent {
        let (bg_tx, bg_rx) = mpsc::unbounded_channel();
        Agent {
            guard: SpendingGuard::from(&s.config.agent),
            cfg: s.config,
            bar: s.bar,
            provider: s.provider,
            payments: s.payments,
            gateway: None,
            pending_gateway: s.pending_gateway,
            failed_create: None,
            safety: s.safety,
            recorder: s.recorder,
            info: s.info,
            events,
            history: s.history,
            guest_spoke: false,
            unsent: String::new(),
            notes: Vec::new(),
            turn: None,
            queue: Queue::restored(s.queued),
            stream: None,
            bg_tx,
            bg_rx,
            poll: None,
            card_busy: false,
            cancelling: false,
            resuming: false,
            gateway_problem: None,
            small_talk: 0,
            session_key: s.session_key,
            can_retry: false,
            pending_greeting: s.greet,
            startup_notices: s.notices,
            transcript: s.transcript,
            input_history: s.input_history,
            not_saving: None,
            save_retry: None,
            voice: None,
            voice_setup: None,
            say,
        }
    }

    /// A next step in this agent's wording (the bar's keys, or `maya ask`'s commands).
    fn say(&self, step: NextStep) -> String {
        (self.say)(step)
    }

    fn emit(&mut self, event: Event) {
        self.send_unsent();
        // The UI may be gone while we shut down; nothing to do about it then.
        let _ = self.events.send(event);
    }

    /// Queue released reply text for the UI. It goes out before the next other event, or at
    /// the end of the batch of provider events being handled, whichever comes first: a queue
    /// of one small event per delta costs the UI more than the text it holds.
    fn emit_text(&mut self, text: String) {
        if self.unsent.is_empty() {
            self.unsent = text;
        } else {
            self.unsent.push_str(&text);
        }
    }

    fn send_unsent(&mut self) {
        if !self.unsent.is_empty() {
            let text = std::mem::take(&mut self.unsent);
            let _ = self.events.send(Event::AssistantDelta(text));
        }
    }

    async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        self.trim_history();
        let ready = Event::Ready {
            info: self.info.clone(),
            transcript: std::mem::take(&mut self.transcript),
            input_history: std::mem::take(&mut self.input_history),
            tab: self.bar.view(),
        };
        self.emit(ready);
        for notice in std::mem::take(&mut self.startup_notices) {
            self.emit(Event::Notice(notice));
        }
        if !self.queue.is_empty() {
            self.show_queue();
        }
        self.start_voice();
        self.check_saving();
        self.resume_payment();
        if std::mem::take(&mut self.pending_greeting) {
            self.greet();
        }
        loop {
            let poll_at = self.poll.as_ref().filter(|p| !p.in_flight).map(|p| p.next);
            tokio::select! {
                // Keys first: Esc must win over a busy stream.
                biased;
                cmd = commands.recv() => {
                    let Some(cmd) = cmd else { break };
                    if !self.on_command(cmd) {
                        break;
                    }
                }
                Some(bg) = self.bg_rx.recv() => self.on_background(bg),
                item = next_event(&mut self.stream) => {
                    self.on_provider(item);
                    // Drain what is already there so a fast stream costs one wake-up per batch.
                    for _ in 0..256 {
                        let Some(stream) = self.stream.as_mut() else { break };
                        match futures::FutureExt::now_or_never(stream.next()) {
                            Some(item) => self.on_provider(item),
                            None => break,
                        }
                    }
                    self.send_unsent();
                }
                _ = sleep_until(poll_at), if poll_at.is_some() => self.poll_now(),
                // The rate limit held the next queued message back until now.
                _ = sleep_until(self.queue.wake()), if self.queue.wake().is_some() => {}
                // Saving failed: try the unsaved lines again even if nothing new happens.
                _ = sleep_until(self.save_retry), if self.save_retry.is_some() => {
                    self.recorder.sync();
                }
            }
            // Whatever ended a turn (its last round, Esc, an error, a declined question), the
            // next queued message goes in the same step.
            self.pump_queue();
            self.check_saving();
        }
        self.stream = None;
        // Leaving the bar silences Maya at once: dropping the speaker kills its player.
        self.voice = None;
        self.recorder.sync();
        self.emit(Event::Closed);
    }

    fn on_background(&mut self, bg: Background) {
        match bg {
            Background::GatewayChosen { key, result } => self.gateway_chosen(key, result),
            Background::GatewayResumed { key, result } => self.gateway_resumed(key, result),
            Background::CheckoutCreated {
                key,
                gateway,
                result,
            } => self.checkout_created(key, gateway, result),
            Background::Status {
                checkout_id,
                poll,
                result,
            } => self.status_arrived(&checkout_id, poll, result),
            Background::Cancelled {
                checkout_id,
                by_guest,
                result,
            } => self.cancel_arrived(&checkout_id, by_guest, result),
            Background::CardPrepared { card_key, prep } => self.card_prepared(&card_key, prep),
            Background::CardSettled { card_key, result } => self.card_settled(&card_key, result),
        }
    }
}

async fn next_event(
    stream: &mut Option<ProviderStream>,
) -> Option<Result<crate::llm::ProviderEvent, crate::llm::ProviderError>> {
    match stream {
        Some(s) => s.next().await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Seconds since the Unix epoch, for receipts.
fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests;
