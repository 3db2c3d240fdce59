//! The rules of the register, each written once and called by registration, import, the app
//! and (later) editing: what a valid participant is, when two records are the same person, which
//! stage changes are allowed, how long a text may be. Pure: no I/O, no terminal, no store.

pub mod limits;
