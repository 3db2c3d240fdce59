//! Integration tests, one binary: app flows on TestBackend, store errors, export, and the real
//! binary in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts_core;
mod accounts_ui;
mod app_flow;
mod audit;
mod authfix;
mod authors;
mod backups;
mod bidi_screens;
mod damage;
mod domain_rules;
mod domainfix;
mod follow_up;
mod form_messages;
mod forms;
mod forms_and_stages;
mod gaps;
mod import_memory;
mod inputs;
mod integrate10;
mod login;
mod opening;
mod pty;
mod review_leftovers;
mod saving;
mod scale;
mod screenfix;
mod screens;
mod signals;
mod store_errors;
mod support;
mod text;
mod text_command;
