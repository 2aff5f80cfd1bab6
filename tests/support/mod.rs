//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod bar_agent;
pub mod cli;
pub mod house;
pub mod keys;
pub mod local_model;
pub mod openai;
pub mod secrets_child;
pub mod stripe_fake;
pub mod tmux;
