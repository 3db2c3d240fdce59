//! Every limit on what an interviewer may record, named in one place. Registration, import,
//! the text inputs, form defaults and the form loader all read them from here, so a value one
//! path accepts is never refused by another.

use chrono::NaiveDate;

/// The most characters (Unicode scalar values) in a name, a file number or any one-line answer.
/// A few hundred: longer than any real name, short enough that a pasted page cannot freeze the
/// interface. Forms may set a lower `length` limit, never a higher one.
pub const ONE_LINE_MAX_CHARS: usize = 300;

/// The most characters in a notes answer (several pages of text).
pub const NOTES_MAX_CHARS: usize = 20_000;

/// The youngest and oldest plausible age, in whole years, on the day a person enters the
/// programme.
pub const AGE_AT_ENTRY_MIN: u32 = 12;
pub const AGE_AT_ENTRY_MAX: u32 = 100;

/// No date recorded in the register (a birth, an entry, a session, a stage change) may be
/// earlier than this.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}
