//! Who is at the keyboard: the [`Session`] a successful login gives. Every right is asked of it
//! through the policy ([`Session::may`], [`Session::check`]).

use zeroize::Zeroizing;

use super::account::{Account, AccountId};
use super::kdf::KEY_LEN;
use super::policy::{self, Action, Refused, Role};

/// A logged-in account. Holds the key that will unwrap the store's data key (issue 12), zeroed
/// when the session is dropped; its `Debug` never shows it.
pub struct Session {
    pub account: AccountId,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    wrapping_key: Zeroizing<[u8; KEY_LEN]>,
}

impl Session {
    pub(crate) fn for_account(account: &Account, wrapping_key: Zeroizing<[u8; KEY_LEN]>) -> Session {
        Session {
            account: account.id.clone(),
            username: account.username.clone(),
            full_name: account.full_name.clone(),
            role: account.role,
            wrapping_key,
        }
    }

    /// Whether this session's role may do `action` (the policy's answer).
    pub fn may(&self, action: Action) -> bool {
        policy::allowed(self.role, action)
    }

    /// The policy's refusal of `action` for this session, if it refuses.
    pub fn check(&self, action: Action) -> Result<(), Refused> {
        policy::check(self.role, action)
    }

    /// The key derived from this login's password that wraps the store's data key
    /// ([`super::kdf::wrapping_key_of`]). Unused until the store is encrypted (issue 12).
    pub fn wrapping_key(&self) -> &[u8; KEY_LEN] {
        &self.wrapping_key
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}
