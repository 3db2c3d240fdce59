//! The editing state of one text field: the text in logical order, its base direction, and a
//! cursor counted in grapheme clusters, so an Arabic letter and its harakat move and delete as
//! one. Left and Right move over what is shown (see `text::cursor`); Home and End are logical.

use unicode_normalization::UnicodeNormalization;

use crate::domain::limits::{NOTES_MAX_CHARS, ONE_LINE_MAX_CHARS, text_length};
use crate::text::{self, BidiMode, Dir, Lines, SanitizeError, Step};

/// A text being edited. The cursor is a grapheme index in `0..=graphemes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
    multiline: bool,
    dir: Dir,
    /// The most characters typing or pasting may bring the text to.
    max_chars: usize,
}

/// Why typed or pasted text was not inserted; the input is then unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertError {
    /// A control character (or a line break in a one-line field).
    Control(SanitizeError),
    /// The text would be longer than the field's limit of `max` characters.
    TooLong { max: usize },
}

impl Default for TextInput {
    fn default() -> TextInput {
        TextInput::new("")
    }
}

impl TextInput {
    /// A one-line input holding `text`, its direction decided by its content.
    pub fn new(text: &str) -> TextInput {
        TextInput::with_dir(text, Dir::Auto)
    }

    /// A one-line input of at most [`ONE_LINE_MAX_CHARS`] characters typed or pasted. The
    /// `text` it starts with (a stored answer) is kept whole even when longer, never cut:
    /// committing it again goes through the form's check, which refuses it with the limit.
    pub fn with_dir(text: &str, dir: Dir) -> TextInput {
        let mut input =
            TextInput { text: String::new(), cursor: 0, multiline: false, dir, max_chars: ONE_LINE_MAX_CHARS };
        input.insert_clean(&text.replace(['\n', '\t'], " "));
        input
    }

    /// A notes input of at most [`NOTES_MAX_CHARS`] characters typed or pasted: keeps line
    /// breaks typed or pasted into it. Like [`TextInput::with_dir`], it keeps its starting
    /// `text` whole.
    pub fn multiline(text: &str, dir: Dir) -> TextInput {
        let mut input = TextInput { text: String::new(), cursor: 0, multiline: true, dir, max_chars: NOTES_MAX_CHARS };
        input.insert_clean(text);
        input
    }

    /// The same input with a lower limit, such as a form's own `max_length`; a limit above
    /// the one for its kind of text is ignored. The text it already holds is kept, even if
    /// longer: only typing and pasting are limited here (the form's check refuses it).
    pub fn with_max_chars(mut self, max: usize) -> TextInput {
        self.max_chars = self.max_chars.min(max);
        self
    }

    /// The most characters typing or pasting may bring the text to.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn dir(&self) -> Dir {
        self.dir
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn lines(&self) -> Lines {
        if self.multiline { Lines::Multi } else { Lines::Single }
    }

    fn len(&self) -> usize {
        text::graphemes(&self.text).len()
    }

    /// Byte offset of grapheme `index` (the end of the text when past it).
    fn byte_at(&self, index: usize) -> usize {
        text::graphemes(&self.text).get(index).map_or(self.text.len(), |(i, _)| *i)
    }

    /// Inserts typed or pasted text at the cursor. Bidi embedding, override and isolate
    /// controls are dropped; any other control character (or a line break in a one-line field),
    /// or a text that would then exceed the field's limit, refuses the whole insertion, which
    /// then changes nothing. The limit counts as every limit does ([`text_length`]).
    pub fn insert(&mut self, typed: &str) -> Result<(), InsertError> {
        let too_long = Err(InsertError::TooLong { max: self.max_chars });
        let have = text_length(&self.text);
        // Composition (NFC) joins at most a few characters into one: a text this long cannot
        // fit, and is refused before any work proportional to it beyond this count.
        let room = self.max_chars.saturating_sub(have);
        if typed.chars().count() > room.saturating_mul(4).saturating_add(4) {
            return too_long;
        }
        let clean = text::sanitize(typed, self.lines()).map_err(InsertError::Control)?;
        let at = self.byte_at(self.cursor);
        let after = text_length(&[&self.text[..at], clean.as_str(), &self.text[at..]].concat());
        // Deleting is always allowed, and so is what adds nothing (a mark composing with a letter).
        if after > self.max_chars && after > have {
            return too_long;
        }
        self.insert_clean(&clean);
        Ok(())
    }

    fn insert_clean(&mut self, clean: &str) {
        let at = self.byte_at(self.cursor);
        let mut joined = String::with_capacity(self.text.len() + clean.len());
        joined.push_str(&self.text[..at]);
        joined.push_str(clean);
        // The cursor goes after the inserted text. Counting graphemes of the text before it
        // (a mark typed after a letter joins that letter's grapheme), in NFC as stored.
        let before: String = joined.nfc().collect();
        joined.push_str(&self.text[at..]);
        self.text = joined.nfc().collect();
        self.cursor = text::graphemes(&before).len();
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = self.byte_at(self.cursor - 1);
        let end = self.byte_at(self.cursor);
        self.text.replace_range(start..end, "");
        self.cursor -= 1;
    }

    pub fn delete(&mut self) {
        if self.cursor >= self.len() {
            return;
        }
        let start = self.byte_at(self.cursor);
        let end = self.byte_at(self.cursor + 1);
        self.text.replace_range(start..end, "");
    }

    pub fn set_cursor(&mut self, cursor: usize) {
        self.cursor = cursor.min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Moves the cursor to the character shown in `step`'s direction, as laid out in a field
    /// `width` columns wide (wrapped when multi-line) in display `mode`.
    pub fn move_visual(&mut self, step: Step, mode: BidiMode, width: usize) {
        let wrap = if self.multiline { width } else { usize::MAX };
        let lines = text::layout(&self.text, self.dir, wrap, mode);
        self.cursor = text::move_visual(&lines, self.cursor, step, width);
    }
}

impl TextInput {
    /// Empties the input, overwriting its text in memory first: for a password field, once its
    /// text has been handed on as a secret or is given up.
    pub fn wipe(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.text);
        self.cursor = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_join_their_letter() {
        let mut input = TextInput::new("");
        input.insert("ب").unwrap();
        input.insert("\u{064E}").unwrap();
        assert_eq!(input.cursor(), 1);
        input.backspace();
        assert_eq!(input.text(), "");
    }

    #[test]
    fn editing_in_the_middle() {
        let mut input = TextInput::new("abd");
        input.set_cursor(2);
        input.insert("c").unwrap();
        assert_eq!(input.text(), "abcd");
        input.delete();
        assert_eq!(input.text(), "abc");
        input.home();
        input.delete();
        assert_eq!(input.text(), "bc");
        input.end();
        input.backspace();
        assert_eq!(input.text(), "b");
    }

    #[test]
    fn controls_are_refused_and_bidi_controls_dropped() {
        let mut single = TextInput::new("x");
        assert!(single.insert("a\u{7}b").is_err());
        assert!(single.insert("a\nb").is_err());
        assert_eq!(single.text(), "x", "a refused insertion changes nothing");
        single.insert("\u{202E}abc\u{202C}").unwrap();
        assert_eq!(single.text(), "xabc");
        let mut notes = TextInput::multiline("", Dir::Auto);
        notes.insert("a\r\nb").unwrap();
        assert_eq!(notes.text(), "a\nb");
    }

    #[test]
    fn insertions_past_the_limit_are_refused_whole() {
        let mut input = TextInput::new("abc").with_max_chars(5);
        assert_eq!(input.insert("def"), Err(InsertError::TooLong { max: 5 }));
        assert_eq!(input.text(), "abc", "nothing half inserted");
        input.insert("de").unwrap();
        assert_eq!(input.insert("f"), Err(InsertError::TooLong { max: 5 }));
        // A mark that composes with the letter before it adds no character.
        input.insert("\u{301}").unwrap();
        assert_eq!(input.text(), "abcd\u{e9}");
        input.backspace();
        input.insert("x").unwrap();
        assert_eq!(input.text(), "abcdx");
    }

    #[test]
    fn limits_follow_the_kind_of_text_and_a_form_may_only_lower_them() {
        assert_eq!(TextInput::default().max_chars(), ONE_LINE_MAX_CHARS);
        assert_eq!(TextInput::multiline("", Dir::Auto).max_chars(), NOTES_MAX_CHARS);
        assert_eq!(TextInput::new("").with_max_chars(10).max_chars(), 10);
        assert_eq!(TextInput::new("").with_max_chars(1_000_000).max_chars(), ONE_LINE_MAX_CHARS);
        // A huge paste is refused before it is cleaned or normalized.
        let mut notes = TextInput::multiline("", Dir::Auto);
        assert!(matches!(notes.insert(&"a\u{7}".repeat(500_000)), Err(InsertError::TooLong { .. })));
        assert_eq!(notes.text(), "");
    }

    #[test]
    fn stored_text_is_nfc() {
        let mut input = TextInput::new("");
        input.insert("e").unwrap();
        input.insert("\u{301}").unwrap();
        assert_eq!(input.text(), "\u{e9}");
        assert_eq!(input.cursor(), 1);
    }

    #[test]
    fn right_arrow_in_arabic_moves_towards_the_start() {
        // "سلام" laid out right to left: the cursor at the end sits left of the text; Right
        // moves to the last letter shown on its right.
        let mut input = TextInput::with_dir("سلام", Dir::Rtl);
        input.end();
        input.move_visual(Step::Right, BidiMode::App, 20);
        assert_eq!(input.cursor(), 3);
        input.move_visual(Step::Left, BidiMode::App, 20);
        assert_eq!(input.cursor(), 4);
    }
}
