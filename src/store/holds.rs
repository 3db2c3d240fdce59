//! Draft holds (issue 13): on a store several processes share (PostgreSQL), a draft is held by
//! one session at a time, so that two interviewers never type into one interview and the later
//! save never silently replaces the earlier.
//!
//! The tree [`HOLDS`] maps a draft's id to a [`Hold`]: the session (a random id each opened
//! store gets), its account's id, since when and until when. Holds are not sealed: they hold
//! nothing personal (random ids and times, as the database's own commit times are), and must
//! be renewed and let go of while no key is held (behind the idle lock, at logout). The
//! holder's username is read only by the session refused, which holds its key. Opening a draft claims it
//! ([`Store::hold_draft`]); every save, finalizing or discarding of a draft checks the hold in
//! its own transaction and renews it (or lets go of it once the draft is gone), and the
//! interface renews it every minute while the draft is open. A hold whose end has passed is
//! free: that is how a killed process lets go. Leaving the draft lets go at once
//! ([`Store::let_go_of_draft`]).
//!
//! In a folder, sled's lock already gives the whole store to one process: the tree stays
//! empty, and none of this reads or writes anything.

use chrono::{DateTime, Duration, Utc};

use super::{Id, Store, Stored, decode, kv, to_json};
use crate::auth::AccountId;
use crate::error::{Error, Result};

/// The tree of holds.
pub(crate) const HOLDS: &str = "holds";

/// How long a hold lasts without being renewed: twice the interface's renewal
/// ([`RENEW_EVERY`]), so that one late renewal does not free a draft someone is typing in.
pub const HOLD_FOR: Duration = Duration::minutes(2);

/// How often the interface renews the hold on the draft it shows.
pub const RENEW_EVERY: Duration = Duration::minutes(1);

/// Who holds a draft, and until when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Hold {
    /// The record format ([`super::RECORD_FORMAT`]), as every stored record carries.
    format: u32,
    /// The holding session's random id ([`Store`]'s, shared by its clones).
    session: String,
    account: Option<AccountId>,
    /// When the session first took the hold.
    since: DateTime<Utc>,
    /// When the hold ends unless it is renewed.
    until: DateTime<Utc>,
}

impl Stored for Hold {}

impl Store {
    /// Claims the draft `id` for this session until `now` + [`HOLD_FOR`], or renews the claim.
    /// Refused with [`Error::DraftHeld`], naming the account and since when, while another
    /// session holds it. Nothing to do on a store in a folder.
    pub fn hold_draft(&self, id: &Id, now: DateTime<Utc>) -> Result<()> {
        let Some(hold) = self.hold_row(now) else { return Ok(()) };
        let _write = self.gate.enter()?;
        let r = kv::transaction([&self.holds], |[holds]| claim(holds, id, Some(&hold), now));
        self.name_the_holder(super::index::tx_result("holding a draft", r))
    }

    /// `result` with the holder of a [`Error::DraftHeld`] named by their username (the
    /// transaction that refused knew only their account's id); an account that cannot be read
    /// is left unnamed.
    pub(super) fn name_the_holder<R>(&self, result: Result<R>) -> Result<R> {
        result.map_err(|e| match e {
            Error::DraftHeld { by, since, until } => {
                let account = by.and_then(|id| AccountId::from_key(id.as_bytes()));
                let by = account.and_then(|id| self.account(&id).ok().flatten()).map(|a| a.username);
                Error::DraftHeld { by, since, until }
            }
            other => other,
        })
    }

    /// Lets go of the draft `id` if this session holds it (leaving the wizard, logging out,
    /// quitting). A hold of another session is left alone.
    pub fn let_go_of_draft(&self, id: &Id) -> Result<()> {
        if !self.is_shared() {
            return Ok(());
        }
        let _write = self.gate.enter()?;
        let key = id.as_str().as_bytes();
        let r = kv::transaction([&self.holds], |[holds]| {
            if let Some(held) = read(holds, key)?
                && held.session == self.session.as_ref()
            {
                holds.remove(key)?;
            }
            Ok(())
        });
        super::index::tx_result("letting go of a draft", r)
    }

    /// Whether other processes may write this store at the same time (PostgreSQL), so that
    /// drafts are held.
    fn is_shared(&self) -> bool {
        matches!(self.db, kv::Engine::Pg(_))
    }

    /// The row this session writes to hold a draft from `now` (its `since` is kept by [`claim`]
    /// when the session already held it); None in a folder, where there are no holds.
    pub(super) fn hold_row(&self, now: DateTime<Utc>) -> Option<Hold> {
        self.is_shared().then(|| Hold {
            format: super::RECORD_FORMAT,
            session: self.session.to_string(),
            account: self.actor(),
            since: now,
            until: now + HOLD_FOR,
        })
    }
}

/// Inside a transaction over the holds tree: refuses with [`Error::DraftHeld`] when another
/// session holds `id` at `now`, else writes `hold` (keeping the time this session first took
/// it). With no `hold` (a store in a folder), does nothing.
pub(super) fn claim(holds: &kv::TxTree<'_>, id: &Id, hold: Option<&Hold>, now: DateTime<Utc>) -> kv::TxResult<()> {
    let Some(hold) = hold else { return Ok(()) };
    let key = id.as_str().as_bytes();
    let mut hold = hold.clone();
    if let Some(held) = read(holds, key)? {
        if held.session != hold.session && held.until > now {
            // Named by its account's id here; [`Store::name_the_holder`] gives the username.
            let by = held.account.map(|a| a.as_str().to_string());
            let refusal = Error::DraftHeld { by, since: held.since, until: held.until };
            return Err(super::index::abort(refusal));
        }
        if held.session == hold.session {
            hold.since = held.since;
        }
    }
    holds.insert(key, to_json(&hold).map_err(super::index::abort)?)?;
    Ok(())
}

/// Inside a transaction that removes the draft `id` (finalizing, discarding): refuses as
/// [`claim`] does, then removes the hold, since there is no draft left to hold.
pub(super) fn claim_and_let_go(
    holds: &kv::TxTree<'_>,
    id: &Id,
    hold: Option<&Hold>,
    now: DateTime<Utc>,
) -> kv::TxResult<()> {
    if hold.is_none() {
        return Ok(());
    }
    claim(holds, id, hold, now)?;
    holds.remove(id.as_str().as_bytes())?;
    Ok(())
}

/// The hold on the draft `key`. One that cannot be read (altered, or from another build) is
/// taken for none: a hold only keeps two sessions from typing into one draft, protects nothing
/// (whoever can alter a row can as well delete it), and must never keep a draft from everyone.
fn read(holds: &kv::TxTree<'_>, key: &[u8]) -> kv::TxResult<Option<Hold>> {
    Ok(holds.get(key)?.and_then(|stored| decode::<Hold>("draft hold", key, &stored).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_reads_back_as_it_was_written_and_an_unreadable_one_is_none() {
        let now = Utc::now();
        let hold = Hold {
            format: super::super::RECORD_FORMAT,
            session: "a1".into(),
            account: Some(AccountId::new_random()),
            since: now,
            until: now + HOLD_FOR,
        };
        let back: Hold = decode("draft hold", b"d1", &to_json(&hold).unwrap()).unwrap();
        assert_eq!(back, hold);
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = kv::Tree::Sled(db.open_tree(HOLDS).unwrap());
        tree.insert(b"d2", b"{\"session\":\"a1\"}".to_vec()).unwrap();
        let r = kv::transaction([&tree], |[holds]| read(holds, b"d2"));
        assert_eq!(r.ok().flatten(), None, "a row without the hold's fields holds nothing");
    }
}
