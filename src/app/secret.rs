//! Passwords on their way from the keyboard to the key derivation. A password is typed into a
//! [`SecretInput`] (masked on screen, its text in a buffer zeroed when dropped or cleared) and
//! travels only as a [`Secret`], whose `Debug` never shows it, so no message, effect or log line
//! can print one.

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::auth::password::MAX_CHARS;

/// Text that is, or is part of, a password: a typed key, a paste, a whole password. Zeroed when
/// dropped; `Debug` prints only that it is secret.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Takes `text` over without copying it.
    pub fn new(text: String) -> Secret {
        Secret(Zeroizing::new(text))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The password as the accounts core takes it (a copy in its own zeroized box).
    pub fn to_secret_string(&self) -> SecretString {
        SecretString::from(self.0.as_str().to_string())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Why typed or pasted text did not go into a password field (which is then unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretRefusal {
    /// It would make the field longer than any password may be ([`MAX_CHARS`]).
    TooLong,
    /// A control character or a line break.
    Control,
}

/// A password field: text added at the end and taken away from the end (a masked field has no
/// cursor to move), at most [`MAX_CHARS`] characters.
#[derive(Clone, Default)]
pub struct SecretInput {
    text: Zeroizing<String>,
}

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(…)")
    }
}

impl SecretInput {
    /// Adds typed or pasted text. Too long or holding a control character: refused whole, and
    /// the refused text is dropped (zeroed) without being looked at further.
    pub fn insert(&mut self, typed: Secret) -> Result<(), SecretRefusal> {
        let have = self.text.chars().count();
        // Counted in bytes first, so a huge paste costs nothing more.
        if typed.0.len() > MAX_CHARS * 4 || have + typed.0.chars().count() > MAX_CHARS {
            return Err(SecretRefusal::TooLong);
        }
        if typed.0.chars().any(char::is_control) {
            return Err(SecretRefusal::Control);
        }
        // Reserved first, so pushing never moves the text and leaves a copy behind.
        if self.text.capacity() < self.text.len() + typed.0.len() {
            let mut bigger = Zeroizing::new(String::with_capacity((self.text.len() + typed.0.len()).max(64) * 2));
            bigger.push_str(&self.text);
            self.text = bigger;
        }
        self.text.push_str(&typed.0);
        Ok(())
    }

    pub fn backspace(&mut self) {
        self.text.pop();
    }

    /// How many characters the field holds: the view shows that many dots.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// A copy of the text, to hand to the key derivation.
    pub fn secret(&self) -> Secret {
        Secret::new(self.text.as_str().to_string())
    }

    /// Empties the field, zeroing what it held.
    pub fn clear(&mut self) {
        self.text = Zeroizing::new(String::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows_in_debug() {
        let s = Secret::new("river stone 42 tea".into());
        assert!(!format!("{s:?}").contains("river"));
        let mut input = SecretInput::default();
        input.insert(s).unwrap();
        assert!(!format!("{input:?}").contains("river"));
        assert_eq!(input.chars(), 18);
    }

    #[test]
    fn a_huge_paste_is_refused_whole() {
        let mut input = SecretInput::default();
        input.insert(Secret::new("abc".into())).unwrap();
        assert_eq!(input.insert(Secret::new("x".repeat(1 << 20))), Err(SecretRefusal::TooLong));
        assert_eq!(input.insert(Secret::new("a\u{7}".into())), Err(SecretRefusal::Control));
        assert_eq!(input.secret().expose(), "abc");
        input.backspace();
        assert_eq!(input.secret().expose(), "ab");
        input.clear();
        assert!(input.is_empty());
    }
}
