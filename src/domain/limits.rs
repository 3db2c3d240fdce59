//! Every limit on what an interviewer may record, named in one place. Registration, import,
//! the text inputs, form defaults and the form loader all read them from here, so a value one
//! path accepts is never refused by another.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// The most characters (Unicode scalar values) in a name, a file number or any one-line answer.
/// A few hundred: longer than any real name, short enough that a pasted page cannot freeze the
/// interface. Forms may set a lower `max_length` limit, never a higher one.
pub const ONE_LINE_MAX_CHARS: usize = 300;

/// The most characters in a notes answer (several pages of text).
pub const NOTES_MAX_CHARS: usize = 20_000;

/// The length of `text` as every limit counts it: characters (Unicode scalar values) of the
/// text as it is stored, in NFC. Not graphemes: a vowelled Arabic letter counts its letter
/// and its haraka, an emoji family each person and joiner, so a limit bounds the size of what
/// is stored. The text inputs, the form's checks of an answer and the form loader all count
/// with this, so a text one accepts the others accept.
pub fn text_length(text: &str) -> usize {
    text.nfc().count()
}

/// The youngest and oldest plausible age, in whole years, on the day a person enters the
/// programme.
pub const AGE_AT_ENTRY_MIN: u32 = 12;
pub const AGE_AT_ENTRY_MAX: u32 = 100;

/// No date recorded in the register (a birth, an entry, a session, a stage change) may be
/// earlier than this.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_as_stored() {
        assert_eq!(text_length("بَ"), 2, "a letter and its haraka");
        assert_eq!(text_length("e\u{301}"), 1, "composes to é in NFC");
        assert_eq!(text_length("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"), 5, "each person and joiner");
    }
}
