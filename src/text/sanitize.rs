//! The gate every typed, pasted or imported string passes before it is stored: text is kept in
//! logical order, NFC, free of bidi embedding controls and of terminal control characters, so
//! that what is stored is what is shown.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// Whether a field holds one line or several (notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// No line breaks or tabs.
    Single,
    /// `\n` and `\t` allowed; `\r\n` and a lone `\r` become `\n`.
    Multi,
}

/// A character that may not be stored, and where it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SanitizeError {
    /// The offending character (a C0 or C1 control, or a line break in a one-line field).
    pub ch: char,
    /// Its position in the input, counted in characters from 0.
    pub index: usize,
}

impl fmt::Display for SanitizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "control character U+{:04X} at position {} is not allowed", u32::from(self.ch), self.index)
    }
}

impl std::error::Error for SanitizeError {}

/// Embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069): they would let stored
/// text display in an order other than the one it is read in, and Daftar orders text itself.
/// LRM, RLM and ALM are not among them: they are kept and shown as markers.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What to do with one typed character: `Ok(Some(c))` to insert it, `Ok(None)` to drop it
/// silently (a bidi control), `Err` to refuse it. `index` only goes into the error.
pub fn sanitize_char(c: char, lines: Lines, index: usize) -> Result<Option<char>, SanitizeError> {
    match c {
        _ if is_bidi_control(c) => Ok(None),
        '\n' | '\t' if lines == Lines::Multi => Ok(Some(c)),
        '\u{2028}' | '\u{2029}' if lines == Lines::Multi => Ok(Some('\n')),
        _ if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => Err(SanitizeError { ch: c, index }),
        _ => Ok(Some(c)),
    }
}

/// Cleans a whole input: drops bidi controls, refuses other controls (see [`sanitize_char`]),
/// turns `\r\n` into `\n` in multi-line fields, and returns the text in NFC.
pub fn sanitize(input: &str, lines: Lines) -> Result<String, SanitizeError> {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().enumerate().peekable();
    while let Some((index, c)) = chars.next() {
        let c = match c {
            '\r' if lines == Lines::Multi => {
                chars.next_if(|&(_, next)| next == '\n');
                '\n'
            }
            _ => c,
        };
        if let Some(c) = sanitize_char(c, lines, index)? {
            out.push(c);
        }
    }
    Ok(out.nfc().collect())
}
