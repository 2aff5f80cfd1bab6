//! Safety: the input/output scanner, the streaming guard, redaction of secrets and rate limits
//! (the terminal sanitizer they use is the leaf `crate::terminal`). See DESIGN.md, "Nothing
//! unscanned reaches the screen".

pub mod guard;
pub mod rate;
pub mod redact;
pub mod scanner;
