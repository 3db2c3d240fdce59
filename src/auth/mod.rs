//! Accounts, passwords, the session and the policy. The policy table ([`policy`]) is the only
//! place that compares roles.
//!
//! The pieces, from the bottom: [`password`] (the rules a new password must pass), [`kdf`]
//! (Argon2id and the keys derived from it), [`account`] (what is stored per account),
//! [`login`] (judging a login, the lockout), [`session`] (who is logged in). The store keeps
//! the accounts (`crate::store::accounts`); the interface and the commands call the store's
//! account methods, which call these.

pub mod account;
pub mod kdf;
pub mod login;
pub mod password;
pub mod policy;
pub mod session;

pub use account::{Account, AccountId, AccountProblem, AccountStatus};
pub use login::{LoggedIn, LoginRefusal};
pub use password::PasswordProblem;
pub use policy::{Action, Refused, Role, allowed};
pub use secrecy::{ExposeSecret, SecretString};
pub use session::Session;

/// A one-time temporary password: 4 groups of 4 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), from the system's random numbers. About 80 bits.
pub fn temporary_password() -> Result<SecretString, kdf::KdfError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = zeroize::Zeroizing::new([0u8; 64]);
    getrandom::fill(bytes.as_mut()).map_err(|e| kdf::KdfError::Random(e.to_string()))?;
    let mut out = zeroize::Zeroizing::new(String::with_capacity(19));
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut picked = 0;
    for &b in bytes.iter() {
        if usize::from(b) >= limit {
            continue;
        }
        if picked > 0 && picked % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
        picked += 1;
        if picked == 16 {
            return Ok(SecretString::from(std::mem::take(&mut *out)));
        }
    }
    // 64 bytes with fewer than 16 usable ones: draw again.
    temporary_password()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_four_groups_of_four_and_pass_the_rules() {
        let a = temporary_password().unwrap();
        let b = temporary_password().unwrap();
        assert_ne!(a.expose_secret(), b.expose_secret());
        let groups: Vec<&str> = a.expose_secret().split('-').collect();
        assert_eq!(groups.len(), 4);
        assert!(groups.iter().all(|g| g.len() == 4));
        assert_eq!(password::check_new(&a, "amina"), Ok(()));
    }
}
