//! Daftar's Unicode text layer: everything between a logical, NFC string in the store and the
//! cells a terminal shows, for Arabic, French and English typed on terminals that do neither
//! bidi nor Arabic shaping.
//!
//! Pure functions only: no I/O, no terminal types. The pipeline for one field is
//! [`layout()`]: graphemes -> Arabic shaping in logical order ([`shape()`]) -> wrapping
//! measured on the shaped cells -> per-line UAX #9 reordering and mirroring ([`bidi`]) ->
//! [`VisualLine`]s that carry the logical<->visual maps the [`cursor`] functions navigate with.
//! Input enters through [`sanitize()`], search compares [`fold()`]ed strings, and the remaining
//! modules hold small helpers for digits and the Arabic keyboard.

pub mod bidi;
pub mod cursor;
pub mod digits;
pub mod fold;
pub mod keyboard;
pub mod layout;
mod memo;
#[rustfmt::skip]
mod mirror_table;
pub mod sanitize;
pub mod shape;
#[rustfmt::skip]
mod shape_table;

pub use bidi::{BidiMode, Dir, resolve_dir};
pub use cursor::{Step, cursor_col, cursor_line, keep_visible, line_x, move_visual, position_at};
pub use digits::{normalize_digits, parse_date_dmy, parse_int};
pub use fold::fold;
pub use keyboard::arabic_key;
pub use layout::{Cell, VisualLine, graphemes, is_isolate, layout, layout_display, render_into, render_lines};
pub use sanitize::{Lines, SanitizeError, sanitize, sanitize_char};
pub use shape::shape;
