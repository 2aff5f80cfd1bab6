//! What the subcommands do. `main.rs` parses and dispatches; each command lives here and
//! writes to the writers it is given, so tests can call it directly.

pub mod ask;
pub mod config_cmd;
pub mod doctor_cmd;
pub mod keys_cmd;
pub mod menu_cmd;
pub mod scan_cmd;
pub mod sessions_cmd;
