//! The agent: a tokio task that owns the Bar, the provider, the gateway and the session, runs
//! turns, and talks to the UI only through [`Command`]s and [`Event`]s.

pub mod protocol;

pub use protocol::{Command, Entry, Event, PaymentProgress, ReplyState, SessionInfo};
