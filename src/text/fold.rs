//! Search keys: two strings that an interviewer would call "the same word" fold to the same
//! string, whatever the case, accents, harakat, hamza spelling, digit set or invisible
//! characters.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Folds `s` for comparison: lowercase; compatibility decomposition (NFKD) with every combining
/// mark dropped, which removes Latin accents (é -> e) and harakat and turns أ إ آ into ا, ؤ into
/// و, ئ into ي and pasted presentation forms (ﻻ) into letters; ٱ -> ا, ى -> ي, ة -> ه; tatweel
/// and default-ignorable format characters (ZWJ, ZWNJ, LRM, RLM, ...) dropped; Arabic-Indic
/// digits -> ASCII.
pub fn fold(s: &str) -> String {
    s.nfkd()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            _ if is_combining_mark(c) => None,
            '\u{640}' | '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => None,
            '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{61C}' => None,
            '\u{671}' => Some('\u{627}'),
            '\u{649}' => Some('\u{64A}'),
            '\u{629}' => Some('\u{647}'),
            _ => Some(super::digits::ascii_digit(c).unwrap_or(c)),
        })
        .collect()
}
