//! Daftar: keyboard-only structured interviews for a prison rehabilitation and reintegration
//! programme, stored in an embedded sled database.
//!
//! Data flows one way: a key press goes through [`app::keymap`] to a [`app::Msg`]; [`app::update`]
//! changes the [`app::AppState`] and returns [`app::Effect`]s; effects run against the
//! [`store::Store`] and their results come back as messages; [`ui::view`] draws the state.
//!
//! - [`cli`] and [`config`]: command line, and where the settings come from.
//! - [`i18n`]: the message catalog in English, French and Arabic.
//! - [`domain`]: the rules of the register (a valid participant, the same person, stages, limits).
//! - [`form`]: form definitions (TOML) and answer parsing.
//! - [`import`]: reading and checking participant files (pure); the store writes them.
//! - [`store`]: the only module that touches sled.
//! - [`app`]: state, messages, keymap and update; no terminal, no I/O.
//! - [`ui`]: drawing, one file per screen.
//! - [`tui`]: the terminal: setup, teardown, events, signals and the panic hook.
//! - [`synth`]: synthetic stores for benchmarks.

pub mod age_file;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod form;
pub mod hardening;
pub mod i18n;
pub mod import;
pub mod store;
pub mod synth;
pub mod text;
pub mod tui;
pub mod ui;
