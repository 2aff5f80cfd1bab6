//! Maya, the bartender of MOK 5-ha, as a library: the binary in `main.rs` only parses the command
//! line and dispatches here.
//!
//! # Layout
//!
//! Read from the bottom up; a module imports only the ones listed before it (DESIGN.md has the
//! full map, the few exceptions left, and the contracts every part relies on).
//!
//! - Leaves: [`allocator`] (glibc's malloc settings, set first in `main`), [`assets`] (persona, menu, portrait, example config), [`money`] (cents, never
//!   floats), [`next_step`] (what the guest can do next, as data), [`durable`], [`read_limit`],
//!   [`terminal`] (the sanitizer every text passes through before the terminal), [`net`] (every
//!   HTTP client: no redirects), [`toml_plain`] (plain text only in the TOML files we read).
//! - The domain: [`bar`] — the tab, tip, wallet and payment state, changed only by
//!   `Bar::apply`; pure and synchronous. [`transcript`] — the conversation as shown and saved.
//! - Settings, safety and secrets: [`config`], [`security`] (the input scanner, the streaming
//!   guard, redaction, the rate limiter), [`secrets`] (the key vault), [`logging`].
//! - The outside world: [`llm`] (the providers behind one trait, and the offline house
//!   bartender), [`payments`] (Stripe test mode or simulated), [`session`] (the journal, which
//!   is the truth of a session), [`voice`].
//! - The actor: [`tools`] (what the model may call, one module per tool) and [`agent`], which
//!   owns all state that matters and talks to the faces only through `agent::protocol`.
//! - The faces: [`ui`] (the full-screen bar), [`startup`] (a bar put together), [`cli`],
//!   [`commands`] (every subcommand, `maya ask` included).

pub mod agent;
pub mod allocator;
pub mod assets;
pub mod bar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod durable;
pub mod llm;
pub mod logging;
pub mod money;
pub mod net;
pub mod next_step;
pub mod payments;
pub mod read_limit;
pub mod secrets;
pub mod security;
pub mod session;
pub mod startup;
pub mod terminal;
pub mod toml_plain;
pub mod tools;
pub mod transcript;
pub mod ui;
pub mod voice;
