//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod local_model;
pub mod tmux;
