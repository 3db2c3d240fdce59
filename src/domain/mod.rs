//! The rules of the register, each written once and called by registration, import, the app
//! and (later) editing: what a valid participant is, when two records are the same person, which
//! stage changes are allowed, how long a text may be. Pure: no I/O, no terminal, no store.

pub mod identity;
pub mod limits;
pub mod participant;
pub mod stage;

pub use identity::{display_name, file_number_key, identity_key, mixed_script_word, same_person};
pub use stage::{Stage, StageRefusal};
