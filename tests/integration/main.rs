//! Integration tests, one binary: app flows on TestBackend, store errors, export, and the real
//! binary in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app_flow;
mod bidi_screens;
mod domain_rules;
mod follow_up;
mod form_messages;
mod forms;
mod forms_and_stages;
mod inputs;
mod pty;
mod saving;
mod screens;
mod store_errors;
mod support;
mod text;
mod text_command;
