//! The messages between the UI and the agent. The UI sends [`Command`]s and renders the
//! [`Event`]s it gets back; everything in an event is already sanitized and final, so the UI
//! never needs to ask the agent anything.

use serde::{Deserialize, Serialize};

use crate::bar::{Receipt, TabView, Tip};
use crate::money::Cents;
pub use crate::next_step::NextStep;
pub use crate::transcript::{Entry, ReplyState, Usage};

/// What the guest asks for, by typing or with keys and mouse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Send a message to Maya. While she is answering it waits in the queue and goes the moment
    /// her reply ends. Refused (with `Event::RestoreInput` first, so nothing is lost) only when
    /// it cannot be sent or queued at all.
    Submit(String),
    /// ↑ on an empty composer: take the last queued message back (it comes back as
    /// `Event::RestoreInput`).
    TakeBack,
    /// Enter on an empty composer while the queue is held: send the queued messages now.
    SendQueue,
    /// Esc: stop the reply that is streaming (or a retry wait). The partial text is kept.
    CancelReply,
    /// A tip button (F2/F3/F4, a click): the same percentage again clears the tip.
    ToggleTip(u32),
    /// `/tip 18`, `/tip $5`.
    SetTip(Tip),
    /// `/tip off`.
    ClearTip,
    /// Ctrl+P, `/pay`: start a checkout, or reopen the overlay of the pending one.
    Checkout,
    /// `x` in the payment overlay.
    CancelCheckout,
    /// Enter in the overlay of a simulated payment.
    ConfirmSimulatedPayment,
    /// `t` in the payment overlay: pay with Stripe's test card right here.
    PayWithTestCard,
    /// The guest's answer to a spending-guard question.
    AnswerConsent {
        allow: bool,
    },
    /// `r`, `/retry`: run the last turn again after an error.
    Retry,
    /// F5: Maya's voice on or off.
    ToggleVoice,
    /// Answer with `Event::SpeechDone` once everything said so far has been spoken
    /// (`maya ask --voice` waits for it before leaving).
    AwaitSpeech,
    Quit,
}

/// The session as the status bar shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Session id once sessions are journaled ("1122-negroni-7f3a").
    pub session_id: Option<String>,
    /// "house", "gemini", "openai", "anthropic".
    pub provider: String,
    /// Model name; "offline" for the house bartender.
    pub model: String,
    /// True when Maya runs on the built-in offline bartender.
    pub offline: bool,
    /// True when payments go through the simulated gateway.
    pub simulated_payments: bool,
    /// True when this session was resumed from its journal.
    pub resumed: bool,
}

/// Payment progress for the overlay's live status line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PaymentProgress {
    /// Asking the gateway for a link.
    Creating,
    Waiting,
    /// The test card is being charged (the link is closed first); it cannot be cancelled.
    Charging,
    Paid {
        reference: String,
    },
    Failed {
        reason: String,
    },
    Expired,
    Cancelled,
}

/// What the agent tells the UI. Every string is sanitized for the terminal already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// First event: who is serving, and the conversation so far (empty for a new session).
    Ready {
        info: SessionInfo,
        transcript: Vec<Entry>,
        input_history: Vec<String>,
        tab: TabView,
    },
    /// The agent accepted a submit: the composer can be cleared and the text shown.
    TurnStarted {
        user_text: String,
    },
    /// `/retry` started the failed round again (no new guest message).
    RetryStarted,
    /// Maya started her greeting: she is answering (Esc stops her) before her first word.
    GreetingStarted,
    /// The guest's messages waiting for Maya, oldest first, whenever that list changes (empty:
    /// none wait). `held`: they wait for the guest's word (after an error, or left from an
    /// earlier visit), not for Maya to finish.
    Queue {
        texts: Vec<String>,
        held: bool,
    },
    /// The guest's words come back to the composer (ahead of anything typed since): a turn
    /// failed before Maya said anything, a message was refused, or ↑ took one off the queue.
    RestoreInput(String),
    /// A submit was not accepted (rate limited, the queue is full, empty): its text came back
    /// with `RestoreInput` just before.
    Refused {
        reason: String,
    },
    /// The scanner blocked the guest's message; it never reached the model.
    InputBlocked {
        text: String,
        family: String,
    },
    /// Released reply text, in order.
    AssistantDelta(String),
    /// The model's reply ended (per round); the state says how.
    AssistantDone(ReplyState),
    ToolRan {
        summary: String,
        ok: bool,
    },
    TabChanged(TabView),
    /// The spending guard asks: "Maya wants to add 12× Martini — $156.00. Allow?"
    ConsentRequest {
        prompt: String,
    },
    PaymentLink {
        url: String,
        amount: Cents,
        simulated: bool,
        /// Why this gateway is used, e.g. "no Stripe key: payments are simulated".
        note: Option<String>,
    },
    PaymentStatus(PaymentProgress),
    Receipt(Receipt),
    /// Waiting before retrying the provider: "retrying in 3 s (2/4)".
    Retrying {
        attempt: u32,
        max_attempts: u32,
        delay_ms: u64,
        reason: String,
    },
    Usage(Usage),
    Notice(String),
    /// Whether the session is being saved: `Some(why not)` when the journal starts failing
    /// ("the disk is full"), shown persistently until a `None` says saving works again.
    Saving {
        problem: Option<String>,
    },
    /// Something failed; `hint` is what the guest can do next, said by each surface in its
    /// own words (the bar names the key, `maya ask` the command).
    Error {
        message: String,
        hint: Option<NextStep>,
    },
    /// The turn is over; a new submit is welcome.
    TurnFinished,
    /// Voice turned on (the engine that speaks: "cartesia", "espeak-ng") or off (`None`).
    Voice {
        engine: Option<String>,
    },
    /// Everything said before `Command::AwaitSpeech` has been spoken (or voice is off).
    SpeechDone,
    /// The agent has stopped (after Quit).
    Closed,
}
