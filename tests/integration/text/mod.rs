//! The Unicode text layer (`daftar::text`) on its own: Unicode's bidi conformance files,
//! Arabic shaping, layout, the cursor model (property tests), input sanitising, the
//! generated tables, and a comparison with GNU FriBidi.

mod clusters;
mod conformance;
mod cursor;
pub mod fribidi;
mod input;
mod layout;
mod shaping;
mod tables;
