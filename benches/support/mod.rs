//! Shared by the benches: a counting allocator, a local OpenAI-compatible server, and one
//! reply streamed through the real agent into the real UI.
#![allow(dead_code)]

pub mod alloc;
pub mod stream;
