//! Who is at the keyboard: the [`Session`] a successful login gives. Every right is asked of it
//! through the policy ([`Session::may`], [`Session::check`]).

use super::account::{Account, AccountId};
use super::kdf::MasterSecret;
use super::policy::{self, Action, Refused, Role};

/// What a login derived from the password, kept only until the store has opened its data key
/// with it ([`Session::take_derived`]); zeroed when dropped.
pub(crate) struct Derived {
    /// The master secret of the credential the account had: it opens the account's wrap.
    pub(crate) opens: MasterSecret,
    /// The master secret of the credential raised to today's parameters at this login, if it
    /// was: the wrap is made again with it.
    pub(crate) raised: Option<MasterSecret>,
}

/// A logged-in account. Until the store has opened its data key, it holds what the password
/// gave for that ([`Derived`]), zeroed when dropped; its `Debug` never shows it.
pub struct Session {
    pub account: AccountId,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// The password was a temporary one: until it is changed
    /// ([`crate::store::Store::change_password`]) nothing else is allowed.
    pub must_change_password: bool,
    /// False once the store found the account disabled or gone
    /// ([`crate::store::Store::refresh_session`]): then nothing is allowed.
    active: bool,
    derived: Option<Derived>,
}

impl Session {
    pub(crate) fn for_account(account: &Account, derived: Option<Derived>) -> Session {
        Session {
            account: account.id.clone(),
            username: account.username.clone(),
            full_name: account.full_name.clone(),
            role: account.role,
            must_change_password: account.must_change_password,
            active: account.is_active(),
            derived,
        }
    }

    /// Whether this session may do `action` (the policy's answer, [`policy::check_session`]).
    /// As the session last knew its account: the store reads the account again for every
    /// action it does; the interface refreshes its session ([`crate::store::Store::refresh_session`]).
    pub fn may(&self, action: Action) -> bool {
        self.check(action).is_ok()
    }

    /// The policy's refusal of `action` for this session, if it refuses.
    pub fn check(&self, action: Action) -> Result<(), Refused> {
        policy::check_session(self.role, self.must_change_password, self.active, action)
    }

    /// Takes the account's role, name and state as stored now (the same account).
    pub(crate) fn update_from(&mut self, account: Option<&Account>) {
        match account {
            Some(a) if a.id == self.account => {
                self.role = a.role;
                self.full_name = a.full_name.clone();
                self.must_change_password = a.must_change_password;
                self.active = a.is_active();
            }
            _ => self.active = false,
        }
    }

    /// Whether the account was still active when last looked at.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// What the password gave, taken once by the store to open its data key.
    pub(crate) fn take_derived(&mut self) -> Option<Derived> {
        self.derived.take()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("must_change_password", &self.must_change_password)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}
