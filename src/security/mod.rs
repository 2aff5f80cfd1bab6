//! Safety: the input/output scanner, the streaming guard, the terminal sanitizer, redaction of
//! secrets and rate limits. See DESIGN.md, "Nothing unscanned reaches the screen".

pub mod guard;
pub mod rate;
pub mod redact;
pub mod scanner;
pub mod terminal;
