//! Judging one login: the password, the lockout (five failures in a row lock the account for
//! fifteen minutes; the count and the lock are stored in the account, so they survive a
//! restart), a disabled account, a temporary password. Pure but for the one key derivation:
//! the caller (the store, [`crate::store::Store::log_in`]) reads the account, passes the time,
//! and writes back the account this returns.
//!
//! Every path runs exactly one Argon2id derivation, so an unknown username, a wrong password, a
//! locked and a disabled account take the same time. Nothing tells an unknown username from a
//! known one: failures for a username no account has are counted too ([`judge_unknown`], kept
//! by the store under a keyed hash of the name) and lock it exactly as they lock an account,
//! and a disabled account is said to be disabled only to someone who gave its password.

use chrono::{DateTime, Duration, Utc};
use secrecy::SecretString;

use super::account::Account;
use super::kdf::{self, KdfError};
use super::password::{self, PasswordProblem};
use super::session::{Derived, Session};
use crate::i18n::{Lang, T};

/// Failures in a row that lock an account.
pub const MAX_FAILURES: u32 = 5;
/// How long a lock lasts.
pub const LOCK_FOR: Duration = Duration::minutes(15);

/// A login that succeeded.
#[derive(Debug)]
pub enum LoggedIn {
    /// Go on with this session.
    Ready(Session),
    /// The password was a temporary one: a new one must be chosen before anything else
    /// ([`crate::store::Store::change_password`]).
    MustChangePassword(Session),
}

impl LoggedIn {
    pub fn session(&self) -> &Session {
        match self {
            LoggedIn::Ready(s) | LoggedIn::MustChangePassword(s) => s,
        }
    }

    pub(crate) fn session_mut(&mut self) -> &mut Session {
        match self {
            LoggedIn::Ready(s) | LoggedIn::MustChangePassword(s) => s,
        }
    }

    pub fn into_session(self) -> Session {
        match self {
            LoggedIn::Ready(s) | LoggedIn::MustChangePassword(s) => s,
        }
    }
}

/// A login refused. None says whether the username exists: an unknown username locks as an
/// account does; only the right password learns that an account is disabled or its temporary
/// password expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Unknown username or wrong password: one message for both.
    WrongCredentials,
    /// Locked after too many failures, until then.
    Locked {
        until: DateTime<Utc>,
    },
    Disabled,
    /// The temporary password was not changed in time: an administrator must reset it.
    TemporaryExpired,
    /// More than [`password::MAX_CHARS`] characters: refused before any hashing.
    TooLong,
}

impl LoginRefusal {
    /// The refusal in `lang`; the lock's end in local time.
    pub fn text(self, lang: Lang) -> String {
        match self {
            LoginRefusal::WrongCredentials => T::LoginWrong.get(lang).into(),
            LoginRefusal::Locked { until } => {
                let at = until.with_timezone(&chrono::Local).format("%H:%M").to_string();
                let day = until.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string();
                T::LoginLocked.fill(lang, &[("time", &at), ("date", &day)])
            }
            LoginRefusal::Disabled => T::LoginDisabled.get(lang).into(),
            LoginRefusal::TemporaryExpired => T::LoginTemporaryExpired.get(lang).into(),
            LoginRefusal::TooLong => PasswordProblem::TooLong.text(lang),
        }
    }
}

/// The failures counted for a username that no account has ([`judge_unknown`]), so that it
/// locks exactly as an account does.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failures {
    pub failed_in_a_row: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// One more failure in a row: at the fifth, the lock (and the count starts again). The one
/// rule for a wrong password at a login, for an unknown username, and for a wrong current
/// password when changing it.
pub fn count_failure(
    failed_in_a_row: &mut u32,
    locked_until: &mut Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> LoginRefusal {
    *failed_in_a_row += 1;
    if *failed_in_a_row >= MAX_FAILURES {
        let until = now + LOCK_FOR;
        *locked_until = Some(until);
        *failed_in_a_row = 0;
        LoginRefusal::Locked { until }
    } else {
        LoginRefusal::WrongCredentials
    }
}

/// Judges a login on a username no account has, whose failures so far are `failures`: one
/// derivation (as for an account), then the refusal an account with a wrong password would
/// get, and the failures to store (None: unchanged, as for a locked account).
pub fn judge_unknown(
    failures: &Failures,
    password: &SecretString,
    now: DateTime<Utc>,
) -> Result<(LoginRefusal, Option<Failures>), KdfError> {
    if password::check_length_limit(password).is_err() {
        return Ok((LoginRefusal::TooLong, None));
    }
    kdf::verify_nobody(password)?;
    if let Some(until) = failures.locked_until.filter(|until| *until > now) {
        return Ok((LoginRefusal::Locked { until }, None));
    }
    let mut updated = failures.clone();
    let refusal = count_failure(&mut updated.failed_in_a_row, &mut updated.locked_until, now);
    Ok((refusal, Some(updated)))
}

/// What [`judge`] decided, and the account as it must be stored afterwards (None: unchanged).
#[derive(Debug)]
pub struct Judgement {
    pub outcome: Result<LoggedIn, LoginRefusal>,
    pub updated: Option<Account>,
}

/// Judges a login by `password` on `account` (None: no account has that username) at `now`.
pub fn judge(account: Option<&Account>, password: &SecretString, now: DateTime<Utc>) -> Result<Judgement, KdfError> {
    let unchanged = |outcome| Ok(Judgement { outcome: Err(outcome), updated: None });
    if password::check_length_limit(password).is_err() {
        return unchanged(LoginRefusal::TooLong);
    }
    let Some(account) = account else {
        kdf::verify_nobody(password)?;
        return unchanged(LoginRefusal::WrongCredentials);
    };
    // Derived whatever the account's state, so every refusal takes the same time; the result
    // is looked at only for an active, unlocked account.
    let verified = kdf::verify(password, &account.credential)?;
    if let Some(until) = account.locked_at(now) {
        return unchanged(LoginRefusal::Locked { until });
    }
    let mut updated = account.clone();
    // A wrong password is counted whatever the account's state: a disabled account answers
    // as any other until its password is given.
    let Some(master) = verified else {
        let outcome = count_failure(&mut updated.failed_in_a_row, &mut updated.locked_until, now);
        return Ok(Judgement { outcome: Err(outcome), updated: Some(updated) });
    };
    if !account.is_active() {
        return unchanged(LoginRefusal::Disabled);
    }
    updated.failed_in_a_row = 0;
    updated.locked_until = None;
    if updated.must_change_password && updated.temporary_until.is_some_and(|until| until <= now) {
        return Ok(Judgement { outcome: Err(LoginRefusal::TemporaryExpired), updated: Some(updated) });
    }
    updated.last_login = Some(now);
    let mut raised = None;
    if account.credential.params.is_below_current() {
        // Raised to today's parameters while the password is at hand.
        let (credential, fresh) = kdf::new_credential(password)?;
        updated.credential = credential;
        raised = Some(fresh);
    }
    let session = Session::for_account(&updated, Some(Derived { opens: master, raised }));
    let outcome =
        if updated.must_change_password { LoggedIn::MustChangePassword(session) } else { LoggedIn::Ready(session) };
    Ok(Judgement { outcome: Ok(outcome), updated: Some(updated) })
}

/// An administrator's unlock: the lock and the count are cleared.
pub fn unlock(account: &mut Account) {
    account.locked_until = None;
    account.failed_in_a_row = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::auth::kdf::{Credential, KdfParams, master_secret, verifier_of};

    #[test]
    fn a_login_with_lower_params_raises_them_and_keeps_the_password() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        let cheap = KdfParams { m_kib: 64, t: 1, p: 1 };
        let master = master_secret(&pw, &[3; 16], cheap).unwrap();
        let credential = Credential { params: cheap, salt: [3; 16], verifier: verifier_of(&master) };
        let now = Utc::now();
        let account = Account::new("amina", "Amina", Role::Administrator, credential, false, now).unwrap();
        let judged = judge(Some(&account), &pw, now).unwrap();
        assert!(matches!(judged.outcome, Ok(LoggedIn::Ready(_))));
        let raised = judged.updated.unwrap();
        assert_eq!(raised.credential.params, KdfParams::CURRENT);
        assert_ne!(raised.credential.salt, [3; 16]);
        assert!(kdf::verify(&pw, &raised.credential).unwrap().is_some());
    }
}
