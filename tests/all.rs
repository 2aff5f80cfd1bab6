//! The integration suite as one test binary, the way codex-rs keeps its tests: `suite/` holds
//! the tests, one module per theme, `support/` the shared servers and drivers. Two files stay
//! binaries of their own because they act on the whole process: `fuzz_files.rs` installs a
//! counting global allocator, and `voice_kill_all.rs` ends every player the process started.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failed test"
)]

mod suite;
mod support;
