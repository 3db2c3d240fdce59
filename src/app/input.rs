//! The editing state of one text field: the text in logical order and a cursor counted in
//! grapheme clusters, so an Arabic letter and its harakat move and delete as one.

use unicode_segmentation::UnicodeSegmentation;

/// A text being edited. The cursor is a grapheme index in `0..=graphemes`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
    multiline: bool,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let mut input = TextInput { text: String::new(), cursor: 0, multiline: false };
        input.insert(text);
        input
    }

    /// A notes input: keeps line breaks typed or pasted into it.
    pub fn multiline(text: &str) -> TextInput {
        let mut input = TextInput { text: String::new(), cursor: 0, multiline: true };
        input.insert(text);
        input
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn len(&self) -> usize {
        self.text.graphemes(true).count()
    }

    /// Byte offset of grapheme `index` (the end of the text when past it).
    fn byte_at(&self, index: usize) -> usize {
        self.text.grapheme_indices(true).nth(index).map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts typed or pasted text at the cursor, dropping control characters (and line
    /// breaks, unless the input is multi-line). Returns false when something was dropped.
    pub fn insert(&mut self, typed: &str) -> bool {
        let typed = typed.replace("\r\n", "\n").replace('\r', "\n");
        let mut dropped = false;
        let mut clean = String::with_capacity(typed.len());
        for c in typed.chars() {
            match c {
                '\n' if self.multiline => clean.push('\n'),
                '\n' | '\t' => clean.push(' '),
                c if c.is_control() => dropped = true,
                c => clean.push(c),
            }
        }
        let at = self.byte_at(self.cursor);
        let before = self.text[..at].graphemes(true).count();
        self.text.insert_str(at, &clean);
        // Count graphemes up to the end of the insertion: a combining mark typed after a letter
        // joins that letter's grapheme, so the cursor does not simply advance by chars.
        let end = at + clean.len();
        self.cursor = self.text[..end].graphemes(true).count().max(before);
        !dropped
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_join_their_letter() {
        let mut input = TextInput::new("");
        input.insert("ب");
        input.insert("\u{064E}");
        assert_eq!(input.cursor(), 1);
        input.backspace();
        assert_eq!(input.text(), "");
    }

    #[test]
    fn editing_in_the_middle() {
        let mut input = TextInput::new("abd");
        input.set_cursor(2);
        input.insert("c");
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
    fn control_characters_are_dropped() {
        let mut single = TextInput::new("");
        assert!(!single.insert("a\u{7}b\nc"));
        assert_eq!(single.text(), "ab c");
        let mut notes = TextInput::multiline("");
        notes.insert("a\r\nb");
        assert_eq!(notes.text(), "a\nb");
    }
}
