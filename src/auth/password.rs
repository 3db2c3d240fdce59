//! The password rules (OWASP ASVS 4.0 level 2, V2.1): at least 12 characters, at most
//! [`MAX_CHARS`], any characters, no composition rules; refused when it is among common
//! passwords or contains the username. Characters are Unicode scalar values counted after NFC,
//! so "é" typed as one or two code points counts once.
//!
//! A password is only ever held as a [`SecretString`]: it is zeroed when dropped and has no
//! `Debug` that prints it.

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;

use crate::i18n::{Lang, T};

/// The fewest characters a password may have (ASVS 2.1.1).
pub const MIN_CHARS: usize = 12;
/// The most characters a password may have (ASVS 2.1.2 asks to allow at least 64). Longer input
/// (a 1 MB paste) is refused before any hashing, so it costs nothing.
pub const MAX_CHARS: usize = 1024;

/// Why a new password is refused. The words come from the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Among the common passwords Daftar ships (compared case-insensitively).
    Common,
    /// Contains the account's username, case-insensitively.
    ContainsUsername,
    /// The password and its repetition differ.
    Mismatch,
}

impl PasswordProblem {
    pub fn text(self, lang: Lang) -> String {
        let n = |v: usize| v.to_string();
        match self {
            PasswordProblem::TooShort => T::PwTooShort.fill(lang, &[("n", &n(MIN_CHARS))]),
            PasswordProblem::TooLong => T::PwTooLong.fill(lang, &[("n", &n(MAX_CHARS))]),
            PasswordProblem::Common => T::PwCommon.get(lang).into(),
            PasswordProblem::ContainsUsername => T::PwContainsUsername.get(lang).into(),
            PasswordProblem::Mismatch => T::PwMismatch.get(lang).into(),
        }
    }
}

/// The password in NFC, the form that is hashed: the same password typed on two keyboards that
/// compose accents differently gives the same hash. Written into a buffer sized for the
/// longest NFC can make (three times the input), so it never grows and leaves no copy behind.
pub fn normalized(password: &SecretString) -> zeroize::Zeroizing<String> {
    let raw = password.expose_secret();
    let mut out = zeroize::Zeroizing::new(String::with_capacity(raw.len().saturating_mul(3)));
    out.extend(raw.nfc());
    out
}

/// Lowercase, into a buffer that never grows (a lowercase character takes at most three
/// times the bytes of its uppercase one), zeroed when dropped.
fn lowercase(text: &str) -> zeroize::Zeroizing<String> {
    let mut out = zeroize::Zeroizing::new(String::with_capacity(text.len().saturating_mul(3)));
    out.extend(text.chars().flat_map(char::to_lowercase));
    out
}

/// Longer in bytes than any password may be once normalised: refused without normalising.
fn too_many_bytes(password: &SecretString) -> bool {
    // NFC never makes text more than 3 times longer, and a char is at most 4 bytes.
    password.expose_secret().len() > MAX_CHARS * 4 * 3
}

/// Refuses input too long to be a password, counted in bytes first so a huge paste is not even
/// normalised. Called before any hashing, also at login.
pub fn check_length_limit(password: &SecretString) -> Result<(), PasswordProblem> {
    if too_many_bytes(password) || normalized(password).chars().count() > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    Ok(())
}

/// Checks a new password for the account `username` against every rule (normalising it once).
pub fn check_new(password: &SecretString, username: &str) -> Result<(), PasswordProblem> {
    if too_many_bytes(password) {
        return Err(PasswordProblem::TooLong);
    }
    let nfc = normalized(password);
    let chars = nfc.chars().count();
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let lower = lowercase(&nfc);
    if is_common(&lower) {
        return Err(PasswordProblem::Common);
    }
    let name = lowercase(&username.nfc().collect::<String>());
    if !name.is_empty() && lower.contains(name.as_str()) {
        return Err(PasswordProblem::ContainsUsername);
    }
    Ok(())
}

/// Checks a new password and its repetition: [`check_new`], then that both are the same.
pub fn check_new_twice(password: &SecretString, again: &SecretString, username: &str) -> Result<(), PasswordProblem> {
    check_new(password, username)?;
    if too_many_bytes(again) || normalized(password).as_str() != normalized(again).as_str() {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

/// The common passwords, lowercase, one a line, gzip-compressed. Taken from the 30,000
/// passwords of the `zxcvbn` crate 3.1.1 (`src/frequency_lists.rs`, MIT licence, © 2016 Joshua
/// Holmer; the list itself is Dropbox's zxcvbn list, MIT licence, from leaked-password
/// frequency data): its 5,000 most frequent entries, plus every longer entry of 12 characters
/// or more (those the length rule alone would let through).
static COMPRESSED: &[u8] = include_bytes!("common_passwords.txt.gz");

/// Decompressed once, on first use.
static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    // A list that cannot be read is a build defect a test catches; the set is then empty.
    if flate2::read::GzDecoder::new(COMPRESSED).read_to_string(&mut text).is_err() {
        text.clear();
    }
    text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
});

/// Whether `lowercase` is one of the common passwords.
fn is_common(lowercase: &str) -> bool {
    COMMON.contains(lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    /// The normalised and lowercased copies are written into buffers sized once: they never
    /// grow, so no reallocation leaves a partial copy of the password behind.
    #[test]
    fn normalising_never_grows_its_buffer() {
        // Decomposed accents compose (shorter); Hangul jamo compose; nothing needs more room.
        for raw in
            ["Cafe\u{301} au lait 1", "\u{1100}\u{1161}\u{11A8} 123456789", "ÉCOLE İSTANBUL ΣΟΦΙΑ", "ﬃ ǅ 12345678"]
        {
            let nfc = normalized(&pw(raw));
            assert_eq!(nfc.capacity(), raw.len() * 3, "{raw}");
            let lower = lowercase(&nfc);
            assert_eq!(lower.capacity(), nfc.len() * 3, "{raw}");
            assert_eq!(lower.as_str(), nfc.to_lowercase().replace('ς', "σ"));
        }
    }

    #[test]
    fn the_list_is_shipped_and_read() {
        assert!(COMMON.len() > 5000, "{}", COMMON.len());
        assert!(is_common("password") && is_common("1qaz2wsx3edc"));
    }

    #[test]
    fn each_rule_refuses_on_its_own() {
        assert_eq!(check_new(&pw("short pass"), "amina"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new(&pw("1QAZ2WSX3EDC"), "amina"), Err(PasswordProblem::Common));
        assert_eq!(check_new(&pw("my name is AMINA ok"), "amina"), Err(PasswordProblem::ContainsUsername));
        assert_eq!(check_new(&pw(&"x".repeat(1025)), "amina"), Err(PasswordProblem::TooLong));
        assert_eq!(check_new(&pw(&"x".repeat(1 << 20)), "amina"), Err(PasswordProblem::TooLong));
        assert_eq!(
            check_new_twice(&pw("river stone 42 tea"), &pw("river stone 42 te"), "amina"),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(check_new_twice(&pw("river stone 42 tea"), &pw("river stone 42 tea"), "amina"), Ok(()));
    }

    #[test]
    fn any_characters_and_no_composition_rules() {
        // All lowercase letters and spaces, Arabic, exactly 12 characters: all accepted.
        assert_eq!(check_new(&pw("abcdefghijkm"), "amina"), Ok(()));
        assert_eq!(check_new(&pw("كلمة سر طويلة"), "amina"), Ok(()));
        assert_eq!(check_new(&pw(&"x".repeat(1024)), "amina"), Ok(()));
    }

    #[test]
    fn characters_are_counted_after_nfc() {
        // 11 "é" written as e + combining acute: 22 code points, 11 characters after NFC.
        let decomposed = "e\u{301}".repeat(11);
        assert_eq!(check_new(&pw(&decomposed), "amina"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new(&pw(&format!("{decomposed}z")), "amina"), Ok(()));
    }

    #[test]
    fn every_problem_has_words_in_every_language() {
        for p in [
            PasswordProblem::TooShort,
            PasswordProblem::TooLong,
            PasswordProblem::Common,
            PasswordProblem::ContainsUsername,
            PasswordProblem::Mismatch,
        ] {
            for lang in Lang::ALL {
                assert!(!p.text(lang).is_empty());
            }
        }
        assert!(PasswordProblem::TooShort.text(Lang::En).contains("12"));
    }
}
