//! Maya, the bartender of MOK 5-ha, as a library: the binary in `main.rs` only parses the command
//! line and dispatches here. See DESIGN.md for the map.

pub mod agent;
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
pub mod tools;
pub mod transcript;
pub mod ui;
pub mod voice;
