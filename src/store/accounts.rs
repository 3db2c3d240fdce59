//! The accounts: one record per account in its own tree, keyed by [`AccountId`], and an index
//! from the username to the id, written in the same transaction. Every operation on accounts
//! is here, and the ones only an administrator may do take the [`Session`] that asks and check
//! the policy themselves, so no caller can forget to.
//!
//! # Layout of an encrypted store (issue 12)
//! - `accounts`: id → the sealed [`SealedAccount`] (username, full name, role, dates).
//! - `account_logins`: id → the plain [`LoginState`]: what a login needs before the password
//!   is proved (credential, status, temporary password, failures, lock). Nothing personal.
//!   Written in the same transactions as the account.
//! - `account_names`: the keyed digest of the folded username, under the store's plain login
//!   key (meta `login_failure_key`, needed before any key is held) → id. Someone with the disk
//!   can test a guessed username, but cannot list them.
//! - `login_failures`: the same digest of a username no account has → its failures.
//!
//! A store from before encryption keeps its plain layout (the whole [`Account`] as JSON in
//! `accounts`, the folded username in `account_names`) until it is upgraded.

use std::path::Path;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use serde::{Deserialize, Serialize};

use super::audit::{self, AuditAction, AuditEvent};
use super::keyring::{self, NewKey, WrapChange};
use super::kv;
use super::sealing::Sealer;
use super::{Store, decode, storage, to_json};
use crate::auth::account::{check_full_name, check_login_name, check_username, fold_username, username_skeleton};
use crate::auth::login::{self, LoggedIn};
use crate::auth::{Account, AccountId, AccountProblem, AccountStatus, Action, Role, Session, kdf, password};
use crate::crypto::RecoveryKey;
use crate::error::{Error, Result};

pub(super) const ACCOUNTS: &str = "accounts";
pub(super) const ACCOUNT_NAMES: &str = "account_names";
/// The plain login state of each account of an encrypted store ([`LoginState`]).
pub(super) const ACCOUNT_LOGINS: &str = "account_logins";
const IDLE_MINUTES: &str = "idle_minutes";
/// Failures counted for usernames no account has, by keyed hash of the name.
pub(super) const LOGIN_FAILURES: &str = "login_failures";
/// The meta key marking that the store has had accounts since then (written with the first
/// administrator): a store with the mark and no account lost its accounts to damage.
pub(super) const ACCOUNTS_SINCE: &str = "accounts_since";
/// The meta key of the store's random login key, which usernames are hashed with (those no
/// account has, and on an encrypted store the index of usernames): plain, as it is needed
/// before any key is held.
pub(super) const LOGIN_FAILURE_KEY: &str = "login_failure_key";
/// Minutes without a key before the interface locks, unless an administrator chose otherwise.
pub const IDLE_MINUTES_DEFAULT: u32 = 10;
/// The idle times an administrator may choose.
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

type TxError = kv::TxError;

fn abort(e: Error) -> TxError {
    kv::TxError::Abort(e)
}

fn tx<T>(action: &'static str, r: std::result::Result<T, kv::TransactionError>) -> Result<T> {
    r.map_err(|e| match e {
        kv::TransactionError::Abort(e) => e,
        kv::TransactionError::Storage(e) => super::kv_error(action, e),
    })
}

/// Checks everything about a new account that costs nothing, before the one costly derivation:
/// the username, the full name, and the password's rules.
fn check_new_account(username: &str, full_name: &str, pw: Option<(&SecretString, &SecretString)>) -> Result<()> {
    let name = check_username(username).map_err(Error::Account)?;
    check_full_name(full_name).map_err(Error::Account)?;
    if let Some((pw, again)) = pw {
        password::check_new_twice(pw, again, &name).map_err(Error::Password)?;
    }
    Ok(())
}

/// The first administrator of a store, made with the password they chose (checked against the
/// rules, then derived once).
pub(super) fn first_administrator(
    username: &str,
    full_name: &str,
    pw: &SecretString,
    again: &SecretString,
    now: DateTime<Utc>,
) -> Result<(Account, kdf::MasterSecret)> {
    check_new_account(username, full_name, Some((pw, again)))?;
    let (credential, master) = kdf::new_credential(pw)?;
    let account =
        Account::new(username, full_name, Role::Administrator, credential, false, now).map_err(Error::Account)?;
    Ok((account, master))
}

/// The part of an account sealed in `accounts` on an encrypted store: who it is.
#[derive(Serialize, Deserialize)]
struct SealedAccount {
    format: u32,
    id: AccountId,
    username: String,
    full_name: String,
    role: Role,
    created: DateTime<Utc>,
    last_login: Option<DateTime<Utc>>,
}

/// The part of an account kept plain in `account_logins`: what a login needs before the
/// password is proved, and nothing personal.
#[derive(Serialize, Deserialize)]
struct LoginState {
    format: u32,
    credential: kdf::Credential,
    status: AccountStatus,
    must_change_password: bool,
    temporary_until: Option<DateTime<Utc>>,
    failed_in_a_row: u32,
    locked_until: Option<DateTime<Utc>>,
}

fn sealed_part(a: &Account) -> SealedAccount {
    SealedAccount {
        format: a.format,
        id: a.id.clone(),
        username: a.username.clone(),
        full_name: a.full_name.clone(),
        role: a.role,
        created: a.created,
        last_login: a.last_login,
    }
}

fn login_part(a: &Account) -> LoginState {
    LoginState {
        format: a.format,
        credential: a.credential.clone(),
        status: a.status,
        must_change_password: a.must_change_password,
        temporary_until: a.temporary_until,
        failed_in_a_row: a.failed_in_a_row,
        locked_until: a.locked_until,
    }
}

fn joined(sealed: SealedAccount, login: LoginState) -> Account {
    Account {
        format: sealed.format.max(login.format),
        id: sealed.id,
        username: sealed.username,
        full_name: sealed.full_name,
        role: sealed.role,
        status: login.status,
        credential: login.credential,
        must_change_password: login.must_change_password,
        temporary_until: login.temporary_until,
        failed_in_a_row: login.failed_in_a_row,
        locked_until: login.locked_until,
        created: sealed.created,
        last_login: sealed.last_login,
    }
}

/// An account as a login sees it before its key is held: its login state under its id; the
/// name it was looked up by stands in for its username, and nothing else of it is known.
fn login_stand_in(id: AccountId, typed: &str, login: LoginState) -> Account {
    let sealed = SealedAccount {
        format: login.format,
        id,
        username: typed.to_string(),
        full_name: String::new(),
        role: Role::Interviewer,
        created: DateTime::<Utc>::UNIX_EPOCH,
        last_login: None,
    };
    joined(sealed, login)
}

/// One part of an account read back (`what` names it in a refusal); a newer format is refused.
fn decode_part<V: serde::de::DeserializeOwned>(what: &'static str, key: &[u8], bytes: &[u8]) -> Result<V> {
    let id = String::from_utf8_lossy(key).into_owned();
    let probe: super::FormatProbe =
        serde_json::from_slice(bytes).map_err(|e| Error::BadRecord { what, id: id.clone(), detail: e.to_string() })?;
    if probe.format > super::RECORD_FORMAT {
        return Err(Error::NewerRecord { what, id, found: probe.format, supported: super::RECORD_FORMAT });
    }
    serde_json::from_slice(bytes).map_err(|e| Error::BadRecord { what, id, detail: e.to_string() })
}

/// The values an account is written as: in `accounts` (sealed with `sealer` on an encrypted
/// store, the whole account on a plain one), and in `account_logins` (None on a plain store).
struct AccountValues {
    record: Vec<u8>,
    login: Option<Vec<u8>>,
}

fn account_values(sealer: Option<&Sealer>, a: &Account) -> Result<AccountValues> {
    match sealer {
        None => Ok(AccountValues { record: to_json(a)?, login: None }),
        Some(sealer) => Ok(AccountValues {
            record: sealer.seal(ACCOUNTS, a.id.as_str().as_bytes(), to_json(&sealed_part(a))?)?,
            login: Some(to_json(&login_part(a))?),
        }),
    }
}

/// One value to write: its tree, its key, the value.
pub(super) type Row = (&'static str, Vec<u8>, Vec<u8>);

/// The rows an encrypted store keeps for `a`, as (tree, key, value): its sealed record, its
/// login state, and its username's digest under the login key `login_key` (for an encryption of
/// a plain store, which writes them all at once).
pub(super) fn encrypted_rows(sealer: &Sealer, login_key: &[u8; 32], a: &Account) -> Result<Vec<Row>> {
    let values = account_values(Some(sealer), a)?;
    let id = a.id.as_str().as_bytes().to_vec();
    let mut rows = vec![
        (ACCOUNTS, id.clone(), values.record),
        (ACCOUNT_NAMES, name_digest(login_key, &a.username).to_vec(), id.clone()),
    ];
    if let Some(login) = values.login {
        rows.push((ACCOUNT_LOGINS, id, login));
    }
    Ok(rows)
}

/// The keyed digest of `username` (folded) under the login key `key`.
fn name_digest(key: &[u8; 32], username: &str) -> [u8; 32] {
    *blake3::keyed_hash(key, fold_username(username).as_bytes()).as_bytes()
}

/// Writes the first account of a store being built (which nobody else sees yet), sealed with
/// the new store's key, its login state, its wrap, the store's login key and the account's
/// username's digest under it.
pub(super) fn write_first(db: &sled::Db, first: &super::First) -> Result<()> {
    let io = |e: sled::Error| super::sled_error("creating the store", e);
    let account = first.account;
    let values = account_values(Some(&first.key.sealer()), account)?;
    let mut login_key = [0u8; 32];
    getrandom::fill(&mut login_key).map_err(|e| Error::Kdf(kdf::KdfError::Random(e.to_string())))?;
    let id = account.id.as_str();
    db.open_tree(ACCOUNTS).map_err(io)?.insert(id, values.record).map_err(io)?;
    if let Some(login) = values.login {
        db.open_tree(ACCOUNT_LOGINS).map_err(io)?.insert(id, login).map_err(io)?;
    }
    db.open_tree(keyring::WRAPS).map_err(io)?.insert(id, first.wrap.as_slice()).map_err(io)?;
    let meta = db.open_tree(super::META_TREE).map_err(io)?;
    meta.insert(LOGIN_FAILURE_KEY, &login_key[..]).map_err(io)?;
    db.open_tree(ACCOUNT_NAMES).map_err(io)?.insert(name_digest(&login_key, &account.username), id).map_err(io)?;
    meta.insert(ACCOUNTS_SINCE, to_json(&account.created)?).map_err(io)?;
    Ok(())
}

/// The accounts of a store read without opening it as one (a salvage's source, a backup), and
/// whether it was marked as having had accounts ([`ACCOUNTS_SINCE`]).
#[derive(Debug, Default)]
pub struct FoundAccounts {
    /// The accounts of a plain store (from before encryption).
    pub accounts: Vec<Account>,
    pub had_accounts: bool,
    /// What an encrypted store's login needs, as stored ([`FoundAccounts::take`]).
    pub sealed: SealedAccounts,
}

/// The raw values of an encrypted store that a login against it needs: its sealed accounts,
/// their login states, the index of usernames, the wraps, the key ring and the login key.
#[derive(Debug, Default)]
pub struct SealedAccounts {
    accounts: std::collections::HashMap<Vec<u8>, Vec<u8>>,
    logins: std::collections::HashMap<Vec<u8>, Vec<u8>>,
    names: std::collections::HashMap<Vec<u8>, Vec<u8>>,
    wraps: std::collections::HashMap<Vec<u8>, Vec<u8>>,
    keyring: Option<Vec<u8>>,
    login_key: Option<[u8; 32]>,
    /// The data key the last successful login opened, for what is read of the store next
    /// (an imported history's chain, verified before the store is put in place).
    opened: std::sync::Mutex<Option<std::sync::Arc<crate::crypto::Keys>>>,
}

impl FoundAccounts {
    /// Takes what concerns accounts from one value of `tree` in a store read without opening
    /// it (a backup, a salvage's source, an exported history).
    pub fn take(&mut self, tree: &[u8], key: &[u8], value: &[u8]) {
        let put = |map: &mut std::collections::HashMap<Vec<u8>, Vec<u8>>| {
            map.insert(key.to_vec(), value.to_vec());
        };
        match tree {
            t if t == ACCOUNTS.as_bytes() => match serde_json::from_slice::<Account>(value) {
                Ok(account) => self.accounts.push(account),
                Err(_) => put(&mut self.sealed.accounts),
            },
            t if t == ACCOUNT_LOGINS.as_bytes() => put(&mut self.sealed.logins),
            t if t == ACCOUNT_NAMES.as_bytes() => put(&mut self.sealed.names),
            t if t == keyring::WRAPS.as_bytes() => put(&mut self.sealed.wraps),
            t if t == super::META_TREE.as_bytes() => {
                self.had_accounts |= key == ACCOUNTS_SINCE.as_bytes();
                if key == keyring::KEYRING {
                    self.sealed.keyring = Some(value.to_vec());
                }
                if key == LOGIN_FAILURE_KEY.as_bytes() {
                    self.sealed.login_key = <[u8; 32]>::try_from(value).ok();
                }
            }
            _ => {}
        }
    }

    /// Whether no account at all was found (plain or sealed).
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.sealed.accounts.is_empty()
    }

    /// Refuses a store marked as having had accounts in which none could be read: it is
    /// damaged, and must not be handed to whoever creates its first administrator.
    pub fn check_not_lost(&self, path: &Path) -> Result<()> {
        if self.is_empty() && self.had_accounts {
            return Err(Error::Account(AccountProblem::AccountsLost(path.display().to_string())));
        }
        Ok(())
    }

    /// Logs in `username` against these accounts at `now` ([`login::judge`]), writing nothing:
    /// for a salvage or a restore, before anything is written. An unknown name costs one
    /// derivation too. Against an encrypted store's, the password opens the account's wrap,
    /// and the key opens the account itself (its role is sealed).
    pub fn log_in(&self, username: &str, pw: &SecretString, now: DateTime<Utc>) -> Result<LoggedIn> {
        if self.sealed.keyring.is_some() {
            return self.sealed.log_in(username, pw, now);
        }
        let folded = fold_username(username);
        let account = self.accounts.iter().find(|a| fold_username(&a.username) == folded);
        if account.is_none() {
            let (refusal, _) = login::judge_unknown(&login::Failures::default(), pw, now)?;
            return Err(Error::Login(refusal));
        }
        login::judge(account, pw, now)?.outcome.map_err(Error::Login)
    }
}

impl SealedAccounts {
    fn log_in(&self, username: &str, pw: &SecretString, now: DateTime<Utc>) -> Result<LoggedIn> {
        let unknown = || -> Result<LoggedIn> {
            let (refusal, _) = login::judge_unknown(&login::Failures::default(), pw, now)?;
            Err(Error::Login(refusal))
        };
        let named = password::check_length_limit(pw).is_ok() && check_login_name(username).is_ok();
        let id = match &self.login_key {
            Some(key) if named => self.names.get(&name_digest(key, username)[..]),
            _ => None,
        };
        let Some(id) = id.and_then(|id| AccountId::from_key(id)) else { return unknown() };
        let key = id.as_str().as_bytes().to_vec();
        let Some(login) = self.logins.get(&key) else { return unknown() };
        let login: LoginState = decode_part("account login state", &key, login)?;
        let stand_in = login_stand_in(id.clone(), username, login);
        let mut logged_in = login::judge(Some(&stand_in), pw, now)?.outcome.map_err(Error::Login)?;
        let derived = logged_in
            .session_mut()
            .take_derived()
            .ok_or_else(|| Error::Key(keyring::KeyProblem::WrapAltered(username.to_string())))?;
        let keyring: Option<keyring::Keyring> = self.keyring.as_deref().and_then(|b| serde_json::from_slice(b).ok());
        let wrap = match self.wraps.get(&key) {
            Some(bytes) => keyring::decode_wrap(id.as_str(), bytes)?,
            None => return Err(Error::Key(keyring::KeyProblem::NoWrap(username.to_string()))),
        };
        if keyring.map(|k| k.key_id) != Some(wrap.key_id) {
            return Err(Error::Key(keyring::KeyProblem::WrapAltered(username.to_string())));
        }
        let data = wrap
            .open_with_master(id.as_str(), &derived.opens)
            .map_err(|_| Error::Key(keyring::KeyProblem::WrapAltered(username.to_string())))?;
        let keys = std::sync::Arc::new(crate::crypto::Keys::new(data));
        let sealer = Sealer::with(std::sync::Arc::clone(&keys));
        let stored = self
            .accounts
            .get(&key)
            .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.to_string())))?;
        let plain = sealer.open("account", ACCOUNTS, &key, stored)?;
        let sealed: SealedAccount = decode_part("account", &key, &plain)?;
        let full = Account {
            username: sealed.username,
            full_name: sealed.full_name,
            role: sealed.role,
            created: sealed.created,
            last_login: sealed.last_login,
            ..stand_in
        };
        *logged_in.session_mut() = crate::auth::Session::for_account(&full, None);
        *self.opened.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(keys);
        Ok(logged_in)
    }
}

impl FoundAccounts {
    /// The data key the last successful [`FoundAccounts::log_in`] opened (encrypted stores).
    pub(super) fn opened_key(&self) -> Option<std::sync::Arc<crate::crypto::Keys>> {
        self.sealed.opened.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

impl Store {
    /// Creates a new store at `path` (which must not exist, or be an empty directory) together
    /// with its first administrator, all at once: the store is built under a temporary name
    /// with the account in it, then renamed into place, so there is never a store without its
    /// first account. Every rule is checked before anything is written or derived.
    ///
    /// The store's data key is made with it, wrapped for the administrator and for the recovery
    /// key returned here, which must be shown once; the returned store holds the key.
    pub fn create_with_admin(
        path: &Path,
        username: &str,
        full_name: &str,
        pw: &SecretString,
        again: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(Store, Account, RecoveryKey)> {
        if let Some(url) = super::database_address(path) {
            let (reads, writes) = (super::pg::Pg::connect(url)?, super::pg::Pg::connect(url)?);
            return Store::create_in_database(reads, writes, url, username, full_name, pw, again, now);
        }
        if !super::layout(path)? {
            return Err(Error::Account(AccountProblem::StoreHasAccounts));
        }
        let (admin, master) = first_administrator(username, full_name, pw, again, now)?;
        let key = NewKey::generate(now)?;
        let wrap = key.wrap_for(&admin, &master)?;
        super::create(path, Some(&super::First { account: &admin, key: &key, wrap }))?;
        let store = Store::open(path)?;
        // Another process may have created a store there in the meantime: ours is not it.
        if !store.accounts.contains_key(admin.id.as_str()).map_err(storage("reading an account"))? {
            return Err(Error::Account(AccountProblem::StoreHasAccounts));
        }
        let NewKey { keys, recovery, .. } = key;
        store.hold_key(keys);
        Ok((store, admin, recovery))
    }

    /// Gives a store that has no account yet (written by a Daftar before accounts) its first
    /// administrator, and its data key with them: wrapped for the administrator and for the
    /// recovery key returned, which must be shown once. Refused once the store has any account.
    pub fn create_first_admin(
        &self,
        username: &str,
        full_name: &str,
        pw: &SecretString,
        again: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(Account, Option<RecoveryKey>)> {
        if self.has_accounts()? {
            return Err(Error::Account(AccountProblem::StoreHasAccounts));
        }
        if self.is_encrypted()? {
            // A key and no account to open it: the accounts were lost, not never made.
            return Err(Error::Account(AccountProblem::AccountsLost(self.path.display().to_string())));
        }
        let (admin, master) = first_administrator(username, full_name, pw, again, now)?;
        if self.holds_records()? {
            // Its records are plain: the store is encrypted whole, by a rewrite beside it, at
            // this administrator's first login ([`Store::encrypt_plain`]), not here.
            self.insert_account(&admin, None, &WrapChange::Keep, None)?;
            self.mark_accounts_since(now)?;
            return Ok((admin, None));
        }
        let key = NewKey::generate(now)?;
        let wrap = WrapChange::Put(key.wrap_for(&admin, &master)?);
        self.insert_account(&admin, None, &wrap, Some(&key))?;
        self.mark_accounts_since(now)?;
        let NewKey { keys, recovery, .. } = key;
        self.hold_key(keys);
        Ok((admin, Some(recovery)))
    }

    /// Whether any record was written: a participant, an interview, a draft or a stage change.
    fn holds_records(&self) -> Result<bool> {
        for tree in [&self.participants, &self.interviews, &self.drafts, &self.stages] {
            if tree.first().map_err(storage("reading the store"))?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the store has any account. A store without one is from before accounts: it
    /// needs its first administrator ([`Store::create_first_admin`]) before anyone can log in.
    /// A store marked as having had accounts ([`ACCOUNTS_SINCE`]) whose accounts are gone is
    /// damaged ([`AccountProblem::AccountsLost`]), never a store waiting for its first
    /// administrator.
    pub fn has_accounts(&self) -> Result<bool> {
        let any = self.accounts.first().map_err(storage("reading accounts"))?.is_some();
        let marked = self.meta.get(ACCOUNTS_SINCE).map_err(storage("reading the store marker"))?.is_some();
        if !any && marked {
            return Err(Error::Account(AccountProblem::AccountsLost(self.path().display().to_string())));
        }
        if any && !marked {
            // A store given accounts before the mark existed gets it now.
            self.mark_accounts_since(Utc::now())?;
        }
        Ok(any)
    }

    fn mark_accounts_since(&self, now: DateTime<Utc>) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        self.meta.insert(ACCOUNTS_SINCE, to_json(&now)?).map_err(storage("saving the store marker"))?;
        self.flush()
    }

    /// Every account, in the order of their usernames (folded). On an encrypted store, only
    /// while its key is held.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut all: Vec<Account> = if self.is_encrypted()? {
            let sealer = self.sealer()?;
            let logins = self.logins()?;
            let mut all = Vec::new();
            for item in self.accounts.iter() {
                let (key, stored) = item.map_err(storage("reading accounts"))?;
                all.push(joined_account(&sealer, &logins, &key, &stored)?);
            }
            all
        } else {
            super::read_all_plain(&self.accounts, "account")?
        };
        all.sort_by_key(|a| fold_username(&a.username));
        Ok(all)
    }

    /// The account with this id (records name their authors by it). On an encrypted store,
    /// only while its key is held.
    pub fn account(&self, id: &AccountId) -> Result<Option<Account>> {
        let key = id.as_str().as_bytes();
        match self.accounts.get(key).map_err(storage("reading an account"))? {
            None => Ok(None),
            Some(bytes) if self.is_encrypted()? => {
                joined_account(&self.sealer()?, &self.logins()?, key, &bytes).map(Some)
            }
            Some(bytes) => decode("account", key, &bytes).map(Some),
        }
    }

    /// The tree of the accounts' login states ([`LoginState`], an encrypted store's).
    fn logins(&self) -> Result<kv::Tree> {
        self.open_tree(ACCOUNT_LOGINS, "opening the accounts")
    }

    /// The key `username` has in `account_names`: on an encrypted store the digest of the
    /// folded name under the login key (`encrypted`: the store is, or is being given its key),
    /// on a plain one the folded name.
    fn name_key(&self, username: &str, encrypted: bool) -> Result<Vec<u8>> {
        if encrypted {
            Ok(self.login_failure_key(username)?.to_vec())
        } else {
            Ok(fold_username(username).into_bytes())
        }
    }

    /// The id of the account named `username`, from the index of usernames.
    fn account_id_by_username(&self, username: &str) -> Result<Option<AccountId>> {
        let key = self.name_key(username, self.is_encrypted()?)?;
        match self.account_names.get(key).map_err(storage("reading accounts"))? {
            None => Ok(None),
            Some(id) => match AccountId::from_key(&id) {
                Some(id) => Ok(Some(id)),
                None => Err(Error::BadRecord {
                    what: "account index",
                    id: String::from_utf8_lossy(&id).into_owned(),
                    detail: "not an account id".into(),
                }),
            },
        }
    }

    /// The account whose username folds to the same as `username`, if there is one.
    pub fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        match self.account_id_by_username(username)? {
            None => Ok(None),
            Some(id) => self.account(&id),
        }
    }

    /// The failures in a row and the lock's end of the account named `username`, as a login
    /// reads them: plain, so readable while no key is held (the login screen, the idle lock).
    pub fn login_failures_of(&self, username: &str) -> Result<Option<(u32, Option<DateTime<Utc>>)>> {
        Ok(self.account_to_log_in(username)?.map(|a| (a.failed_in_a_row, a.locked_until)))
    }

    /// The account named `username` as a login sees it before the password is proved: the
    /// whole account on a plain store; on an encrypted one, whose key is not held yet, its
    /// login state ([`login_stand_in`]).
    fn account_to_log_in(&self, username: &str) -> Result<Option<Account>> {
        if !self.is_encrypted()? {
            return self.account_by_username(username);
        }
        let Some(id) = self.account_id_by_username(username)? else { return Ok(None) };
        let key = id.as_str().as_bytes();
        let Some(bytes) = self.logins()?.get(key).map_err(storage("reading an account"))? else {
            // Named in the index with no login state: not an account a login can judge.
            return Err(Error::BadRecord { what: "account login state", id: id.to_string(), detail: "missing".into() });
        };
        let login: LoginState = decode_part("account login state", key, &bytes)?;
        Ok(Some(login_stand_in(id, username, login)))
    }

    /// Logs in `username` with `pw` at `now` ([`login::judge`]): one key derivation whatever
    /// happens, and the account's failure count, lock and last login stored before returning.
    /// A refusal is [`Error::Login`]; an unknown username and a wrong password are the same one.
    pub fn log_in(&self, username: &str, pw: &SecretString, now: DateTime<Utc>) -> Result<LoggedIn> {
        self.log_in_with(username, pw, now, false)
    }

    /// As [`Store::log_in`], for `daftar audit verify`: when the login's entry cannot be
    /// appended because the audit trail refuses appends (an entry after its head, its head
    /// gone), the login stands all the same, unwritten, with the key held, so that a damaged
    /// trail can still be verified.
    pub fn log_in_to_verify(&self, username: &str, pw: &SecretString, now: DateTime<Utc>) -> Result<LoggedIn> {
        self.log_in_with(username, pw, now, true)
    }

    fn log_in_with(&self, username: &str, pw: &SecretString, now: DateTime<Utc>, verifying: bool) -> Result<LoggedIn> {
        let tolerated = |e: &Error| verifying && matches!(e, Error::Audit(_));
        // The rules usernames have always had, not the newer ones: an older account still logs in.
        let account = if password::check_length_limit(pw).is_ok() && check_login_name(username).is_ok() {
            self.account_to_log_in(username)?
        } else {
            None
        };
        let Some(account) = account else {
            // No such account: its failures are counted under a keyed hash of the name, read
            // and written as an account's would be, so it locks alike and costs alike.
            let key = self.login_failure_key(username)?;
            let failures = self.login_failures()?;
            let known = match failures.get(key).map_err(storage("reading login failures"))? {
                // Only a count: one that cannot be read starts again (it never unlocks an
                // account, whose own count is in its record).
                Some(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
                None => login::Failures::default(),
            };
            let (refusal, updated) = login::judge_unknown(&known, pw, now)?;
            let mut event = login_refused(&refusal);
            event.unknown_user = Some(key);
            match updated {
                Some(updated) => {
                    let _write = self.gate.enter()?;
                    self.refuse_injected_write()?;
                    let bytes = to_json(&updated)?;
                    self.insert_audited(&failures, &key, &bytes, vec![event], "saving login failures")?;
                    self.flush()?;
                }
                None => self.note_or_keep(event),
            }
            return Err(Error::Login(refusal));
        };
        let mut judgement = login::judge(Some(&account), pw, now)?;
        let event = match &judgement.outcome {
            Ok(_) => AuditEvent::new(AuditAction::LoggedIn),
            Err(refusal) => login_refused(refusal),
        }
        .by(Some(&account.id))
        .record(&account.id);
        // The password proved: the store's key is opened from the account's wrap (made again
        // when the login raised the credential's parameters).
        let mut wrap = WrapChange::Keep;
        let mut updated = judgement.updated.take();
        if let Ok(logged_in) = &mut judgement.outcome
            && let Some(derived) = logged_in.session_mut().take_derived()
        {
            let proved = updated.as_ref().unwrap_or(&account);
            wrap = self.open_key(proved, derived)?;
            let opened = (|| {
                // What was noted while no key was held, chained before this login's entry.
                if let Err(e) = self.chain_pending()
                    && !tolerated(&e)
                {
                    return Err(e);
                }
                if !self.is_encrypted()? {
                    return Ok(None);
                }
                // The account itself, sealed, now readable: the session is made from it.
                let sealed = self
                    .account(&account.id)?
                    .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.to_string())))?;
                let proved = updated.clone().unwrap_or_else(|| account.clone());
                Ok(Some(Account {
                    username: sealed.username,
                    full_name: sealed.full_name,
                    role: sealed.role,
                    created: sealed.created,
                    format: sealed.format,
                    ..proved
                }))
            })();
            match opened {
                Ok(Some(full)) => {
                    *logged_in.session_mut() = crate::auth::Session::for_account(&full, None);
                    updated = Some(full);
                }
                Ok(None) => {}
                Err(e) => {
                    self.drop_key();
                    return Err(e);
                }
            }
        }
        // A refused login on an encrypted store judged the login state alone: only it is written.
        let state_only = judgement.outcome.is_err() && self.is_encrypted()?;
        match &updated {
            Some(updated) if state_only => {
                let _write = self.gate.enter()?;
                self.refuse_injected_write()?;
                let login = to_json(&login_part(updated))?;
                let id = updated.id.as_str().as_bytes();
                self.insert_audited(&self.logins()?, id, &login, vec![event], "saving an account")?;
                self.flush()?;
            }
            Some(updated) => {
                if let Err(e) = self.put_account_with(updated, &wrap, vec![event])
                    && !(judgement.outcome.is_ok() && tolerated(&e))
                {
                    // No session comes of a login whose write failed: its key goes too.
                    self.drop_key();
                    return Err(e);
                }
            }
            None => self.note_or_keep(event),
        }
        if judgement.outcome.is_ok() {
            self.act_as(Some(account.id.clone()));
            // What the open left for the key (see `Store::catch_up`); no session without it.
            if self.holds_key()
                && let Err(e) = self.catch_up()
                && !tolerated(&e)
            {
                self.act_as(None);
                self.drop_key();
                return Err(e);
            }
        }
        judgement.outcome.map_err(Error::Login)
    }

    /// The tree of failures counted for usernames no account has ([`login::judge_unknown`]).
    fn login_failures(&self) -> Result<kv::Tree> {
        self.open_tree(LOGIN_FAILURES, "opening login failures")
    }

    /// The keyed digest of `username`: the key its failures are counted under when no account
    /// has it, and on an encrypted store its key in the index of usernames. BLAKE3 keyed with
    /// the store's random login key (made at the first need, kept plain in the store's meta:
    /// it is needed before any key is held), of the folded name, so the trees name nobody.
    fn login_failure_key(&self, username: &str) -> Result<[u8; 32]> {
        Ok(name_digest(&self.login_key()?, username))
    }

    /// The store's login key (random, plain in meta: usernames are looked up before any login),
    /// made at the first need.
    pub(super) fn login_key(&self) -> Result<[u8; 32]> {
        let stored = self.meta.get(LOGIN_FAILURE_KEY).map_err(storage("reading the store key"))?;
        let key: [u8; 32] = match stored.as_deref().and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(key) => key,
            None => {
                let mut fresh = [0u8; 32];
                getrandom::fill(&mut fresh).map_err(|e| Error::Kdf(kdf::KdfError::Random(e.to_string())))?;
                let _write = self.gate.enter()?;
                self.refuse_injected_write()?;
                // Another process may have made one first: then theirs is the key.
                let _ = self
                    .meta
                    .compare_and_swap(LOGIN_FAILURE_KEY, stored.as_deref(), Some(&fresh[..]))
                    .map_err(storage("saving the store key"))?;
                self.flush()?;
                let now = self.meta.get(LOGIN_FAILURE_KEY).map_err(storage("reading the store key"))?;
                now.as_deref().and_then(|b| <[u8; 32]>::try_from(b).ok()).unwrap_or(fresh)
            }
        };
        Ok(key)
    }

    /// Adds an account with a one-time temporary password, returned to be shown once; it must
    /// be changed at the first login, within [`crate::auth::account::TEMPORARY_VALID`].
    pub fn add_account(
        &self,
        by: &Session,
        username: &str,
        full_name: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(Account, SecretString)> {
        self.may(by, Action::ManageAccounts)?;
        check_new_account(username, full_name, None)?;
        if self.account_by_username(username)?.is_some() {
            return Err(Error::Account(AccountProblem::UsernameTaken));
        }
        self.refuse_lookalike(username)?;
        let temporary = crate::auth::temporary_password()?;
        let (credential, master) = kdf::new_credential(&temporary)?;
        let account = Account::new(username, full_name, role, credential, true, now).map_err(Error::Account)?;
        let wrap = self.new_wrap(&account, &master)?;
        self.insert_account(&account, Some(&by.account), &wrap, None)?;
        Ok((account, temporary))
    }

    /// Disables an account: it can no longer log in; its records keep pointing at it. Its wrap
    /// of the store's key is deleted: enabled again, it needs a password reset to log in.
    pub fn disable_account(&self, by: &Session, username: &str) -> Result<Account> {
        self.may(by, Action::ManageAccounts)?;
        self.change_account(username, (by, AuditAction::AccountDisabled), WrapPlan::Delete, |a, others| {
            if is_active_admin(a) && !others.iter().any(is_active_admin) {
                return Err(AccountProblem::LastAdministrator);
            }
            a.status = AccountStatus::Disabled;
            Ok(())
        })
    }

    /// Enables a disabled account. Its wrap of the store's key was deleted when it was
    /// disabled, and no new one can be made without a password: it is then given a one-time
    /// temporary password (returned, to be shown once), as a reset does.
    pub fn enable_account(
        &self,
        by: &Session,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<(Account, Option<SecretString>)> {
        self.may(by, Action::ManageAccounts)?;
        let account = self
            .account_by_username(username)?
            .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.to_string())))?;
        if account.is_active() {
            // Already enabled: nothing changes, its password least of all.
            return Ok((account, None));
        }
        // In an encrypted store every enabling gives a new wrap under a new temporary password:
        // whatever wrap the account may hold was not made for its enabled self.
        if !self.is_encrypted()? {
            let enabled =
                self.change_account(username, (by, AuditAction::AccountEnabled), WrapPlan::Keep, |a, _| {
                    a.status = AccountStatus::Active;
                    Ok(())
                })?;
            return Ok((enabled, None));
        }
        let temporary = crate::auth::temporary_password()?;
        let (credential, master) = kdf::new_credential(&temporary)?;
        let enabled =
            self.change_account(username, (by, AuditAction::AccountEnabled), WrapPlan::From(&master), move |a, _| {
                a.status = AccountStatus::Active;
                give_temporary(a, credential, now);
                Ok(())
            })?;
        Ok((enabled, Some(temporary)))
    }

    /// Gives an account another role. The last active administrator keeps theirs.
    pub fn set_role(&self, by: &Session, username: &str, role: Role) -> Result<Account> {
        self.may(by, Action::ManageAccounts)?;
        self.change_account(username, (by, AuditAction::RoleChanged), WrapPlan::Keep, |a, others| {
            if is_active_admin(a)
                && !crate::auth::allowed(role, Action::ManageAccounts)
                && !others.iter().any(is_active_admin)
            {
                return Err(AccountProblem::LastAdministrator);
            }
            a.role = role;
            Ok(())
        })
    }

    /// Sets a new one-time temporary password (returned, to be shown once), which must be
    /// changed at the next login; also clears a lock.
    pub fn reset_password(&self, by: &Session, username: &str, now: DateTime<Utc>) -> Result<SecretString> {
        self.may(by, Action::ManageAccounts)?;
        let temporary = crate::auth::temporary_password()?;
        let (credential, master) = kdf::new_credential(&temporary)?;
        // The new wrap is made from the key this administrator's session holds; a disabled
        // account gets none (it is given one only when it is enabled again).
        let disabled = self.account_by_username(username)?.is_some_and(|a| a.status == AccountStatus::Disabled);
        let plan = if disabled { WrapPlan::Delete } else { WrapPlan::From(&master) };
        self.change_account(username, (by, AuditAction::PasswordReset), plan, move |a, _| {
            give_temporary(a, credential, now);
            Ok(())
        })?;
        Ok(temporary)
    }

    /// `daftar keys recover`: with the store's recovery key (typed, checked group by group),
    /// gives the active administrator `username` the new password `new` (typed twice), when
    /// every administrator password is lost. Their wrap is made again from the key the recovery
    /// key opened, their lock and temporary password cleared; every other account is as it was.
    /// The audit entry says it was done with the recovery key.
    pub fn recover_admin(
        &self,
        typed_key: &str,
        username: &str,
        new: &SecretString,
        again: &SecretString,
    ) -> Result<Account> {
        let keys = self.open_with_recovery(typed_key)?;
        let data = keys.data_key().duplicate();
        // Held for the recovery only: the account is sealed.
        self.hold_key(keys);
        let recovered = self.recover_with(&data, username, new, again);
        self.drop_key();
        recovered
    }

    fn recover_with(
        &self,
        data: &crate::crypto::DataKey,
        username: &str,
        new: &SecretString,
        again: &SecretString,
    ) -> Result<Account> {
        let account = self
            .account_by_username(username)?
            .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.to_string())))?;
        if !is_active_admin(&account) {
            return Err(Error::Account(AccountProblem::NotAnAdministrator(account.username)));
        }
        password::check_new_twice(new, again, &account.username).map_err(Error::Password)?;
        let (credential, master) = kdf::new_credential(new)?;
        let mut updated = account.clone();
        give_own(&mut updated, credential);
        let wrap = keyring::wrap_change(data, &updated, &master)?;
        let event = account_changed(AuditAction::PasswordReset, Some(&updated.id), &account, &updated)
            .set("with", "the recovery key");
        self.put_account_with(&updated, &wrap, vec![event])?;
        Ok(updated)
    }

    /// Ends a lock at once, and the count of failures with it.
    pub fn unlock_account(&self, by: &Session, username: &str) -> Result<Account> {
        self.may(by, Action::ManageAccounts)?;
        self.change_account(username, (by, AuditAction::AccountUnlocked), WrapPlan::Keep, |a, _| {
            login::unlock(a);
            Ok(())
        })
    }

    /// Changes the password of the account logged in as `by`: the current one must be right
    /// (one derivation), the new one pass the rules and be typed twice alike. Clears a
    /// temporary password. Returns the session of the new password (its keys changed with it).
    /// A wrong current password counts as a failed login: the fifth in a row locks the account
    /// and is refused as [`Error::Login`] `Locked` (the interface then ends the session), as is
    /// any attempt while it is locked.
    pub fn change_password(
        &self,
        by: &Session,
        current: &SecretString,
        new: &SecretString,
        again: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Session> {
        self.may(by, Action::ChangeOwnPassword)?;
        let account = self
            .account(&by.account)?
            .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(by.username.clone())))?;
        password::check_new_twice(new, again, &account.username).map_err(Error::Password)?;
        if let Some(until) = account.locked_at(now) {
            return Err(Error::Login(login::LoginRefusal::Locked { until }));
        }
        if password::check_length_limit(current).is_err() || kdf::verify(current, &account.credential)?.is_none() {
            // Counted as a failed login: an open session is no way round the lockout.
            let mut counted = account.clone();
            let refusal = login::count_failure(&mut counted.failed_in_a_row, &mut counted.locked_until, now);
            let event =
                login_refused(&refusal).by(Some(&account.id)).record(&account.id).set("while", "changing the password");
            self.put_account(&counted, vec![event])?;
            return Err(match refusal {
                login::LoginRefusal::Locked { .. } => Error::Login(refusal),
                _ => Error::Account(AccountProblem::WrongCurrentPassword),
            });
        }
        let (credential, master) = kdf::new_credential(new)?;
        let mut updated = account.clone();
        give_own(&mut updated, credential);
        updated.last_login = Some(now);
        let event = account_changed(AuditAction::PasswordChanged, Some(&by.account), &account, &updated);
        // Rewrapped under the new password; nothing is re-encrypted.
        let wrap = self.new_wrap(&updated, &master)?;
        self.put_account_with(&updated, &wrap, vec![event])?;
        Ok(Session::for_account(&updated, None))
    }

    /// Minutes without a key before the interface locks (default [`IDLE_MINUTES_DEFAULT`]).
    pub fn idle_minutes(&self) -> Result<u32> {
        Ok(self
            .setting::<u32>(IDLE_MINUTES)?
            .filter(|m| IDLE_MINUTES_RANGE.contains(m))
            .unwrap_or(IDLE_MINUTES_DEFAULT))
    }

    /// Sets the store-wide idle time, 1 to 60 minutes; administrators only.
    pub fn set_idle_minutes(&self, by: &Session, minutes: u32) -> Result<()> {
        self.may(by, Action::ChangeStoreSettings)?;
        if !IDLE_MINUTES_RANGE.contains(&minutes) {
            return Err(Error::Account(AccountProblem::IdleMinutesOutOfRange));
        }
        let before = self.setting::<u32>(IDLE_MINUTES)?.map(|m| m.to_string());
        let event = AuditEvent::new(AuditAction::SettingChanged).by(Some(&by.account)).record(IDLE_MINUTES).change(
            IDLE_MINUTES,
            before,
            Some(minutes.to_string()),
        );
        self.set_setting_audited(IDLE_MINUTES, &minutes, Some(event))
    }

    /// The policy's refusal of `action` for `by`, as an error. The account is read again, so a
    /// session keeps no right its account lost since the login (demoted, disabled, given a
    /// temporary password): the policy is asked on the account as stored
    /// ([`crate::auth::policy::check_session`]).
    pub(super) fn may(&self, by: &Session, action: Action) -> Result<()> {
        let refused = |refused| Error::Refused { user: by.username.clone(), refused };
        by.check(action).map_err(refused)?;
        let stored = self.account(&by.account)?;
        match &stored {
            Some(a) => crate::auth::policy::check_session(a.role, a.must_change_password, a.is_active(), action),
            None => crate::auth::policy::check_session(by.role, false, false, action),
        }
        .map_err(refused)
    }

    /// Brings `session` up to its account as stored now: its role, full name, and whether it
    /// must change its password or was disabled (then the session may do nothing). The
    /// interface calls this after every change to an account and on resuming from the idle
    /// lock, so the keys and hints it shows follow the rights; the store's own checks read the
    /// account anyway. False when the account can no longer log in: end the session.
    pub fn refresh_session(&self, session: &mut Session) -> Result<bool> {
        let stored = self.account(&session.account)?;
        session.update_from(stored.as_ref());
        Ok(session.is_active())
    }

    /// A new account and its index entry, in one transaction; refused when the username is
    /// taken.
    /// `by`: the administrator who adds it (None: the first administrator, by themselves).
    /// `wrap`: the account's wrap of the store's key; `first_key`: the key ring made with the
    /// first administrator.
    fn insert_account(
        &self,
        account: &Account,
        by: Option<&AccountId>,
        wrap: &WrapChange,
        first_key: Option<&NewKey>,
    ) -> Result<()> {
        // The first administrator's key makes the store encrypted: the account, its name's
        // digest and the audit trail are written as an encrypted store's, in one transaction.
        let encrypted = first_key.is_some() || self.is_encrypted()?;
        // Before the write gate: the login key may have to be made, which takes it.
        let name = self.name_key(&account.username, encrypted)?;
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        // Under the write gate, which every write of this store passes: no account can be
        // added between this look and the transaction.
        self.refuse_lookalike(&account.username)?;
        let event = self.attributed(audit::account_added(account, by));
        let at = Utc::now();
        let (key, resealed, first_key) = match first_key {
            Some(k) => {
                let (key, resealed) = self.sealed_log(k.sealer())?;
                (key, resealed, Some((k.keyring_bytes()?, k.recovery_wrap_bytes()?)))
            }
            None => (self.audit_key()?, Vec::new(), None),
        };
        let sealer = if encrypted { Some(key.sealer()) } else { None };
        let values = account_values(sealer, account)?;
        let logins = self.logins_if(encrypted)?;
        let trees = [&self.accounts, &self.account_names, &self.audit, &self.meta, &self.wraps, &logins];
        let r = kv::transaction(trees, |[accounts, names, audit_tx, meta, wraps, logins]| {
            if names.get(&name)?.is_some() {
                return Err(abort(Error::Account(AccountProblem::UsernameTaken)));
            }
            names.insert(name.as_slice(), account.id.as_str())?;
            accounts.insert(account.id.as_str(), values.record.as_slice())?;
            if let Some(login) = &values.login {
                logins.insert(account.id.as_str(), login.as_slice())?;
            }
            wrap.apply(wraps, &account.id)?;
            if let Some((keyring, recovery)) = &first_key {
                meta.insert(keyring::KEYRING, keyring.as_slice())?;
                wraps.insert(keyring::RECOVERY_WRAP, recovery.as_slice())?;
                for (k, v) in &resealed {
                    if k.as_ref() == audit::AUDIT_KEY {
                        meta.insert(k, v.as_slice())?;
                    } else {
                        audit_tx.insert(k, v.as_slice())?;
                    }
                }
            }
            audit::append(audit_tx, meta, &key, &event, at)?;
            Ok(())
        });
        tx("saving an account", r)?;
        self.flush()
    }

    /// The tree of login states when `encrypted`, else one that is never written (a plain
    /// store's transactions take it too, to be one shape): the accounts tree itself.
    fn logins_if(&self, encrypted: bool) -> Result<kv::Tree> {
        if encrypted { self.logins() } else { Ok(self.accounts.clone()) }
    }

    /// Refuses `username` when it looks the same as an account's ([`username_skeleton`]) without
    /// being the same folded name (that one is [`AccountProblem::UsernameTaken`]). Accounts
    /// made before this rule stay as they are, even two that look alike.
    fn refuse_lookalike(&self, username: &str) -> Result<()> {
        let (folded, skeleton) = (fold_username(username), username_skeleton(username));
        for account in self.accounts()? {
            if username_skeleton(&account.username) == skeleton {
                let same = fold_username(&account.username) == folded;
                return Err(Error::Account(if same {
                    AccountProblem::UsernameTaken
                } else {
                    AccountProblem::UsernameLookalike
                }));
            }
        }
        Ok(())
    }

    /// Writes back an existing account (its username never changes, so its index entry stays).
    /// With `events`, its audit entries, in one transaction.
    fn put_account(&self, account: &Account, events: Vec<AuditEvent>) -> Result<()> {
        self.put_account_with(account, &WrapChange::Keep, events)
    }

    /// As [`Store::put_account`], with the account's wrap changed in the same transaction.
    /// On an encrypted store whose key is not held (a refused login), only the login state is
    /// written, and the entries are queued ([`audit::AUDIT_PENDING`]).
    fn put_account_with(&self, account: &Account, wrap: &WrapChange, events: Vec<AuditEvent>) -> Result<()> {
        let id = account.id.as_str().as_bytes();
        if self.queues()? {
            if !matches!(wrap, WrapChange::Keep) {
                return Err(Error::Key(keyring::KeyProblem::Locked));
            }
            let _write = self.gate.enter()?;
            self.refuse_injected_write()?;
            let login = to_json(&login_part(account))?;
            self.insert_audited(&self.logins()?, id, &login, events, "saving an account")?;
            return self.flush();
        }
        let encrypted = self.is_encrypted()?;
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let audit_key = self.audit_key()?;
        let values = account_values(encrypted.then(|| audit_key.sealer()), account)?;
        let logins = self.logins_if(encrypted)?;
        let events: Vec<AuditEvent> = events.into_iter().map(|e| self.attributed(e)).collect();
        let at = Utc::now();
        let trees = [&self.accounts, &self.wraps, &self.audit, &self.meta, &logins];
        let r = kv::transaction(trees, |[accounts, wraps, audit_tx, meta, logins]| {
            accounts.insert(id, values.record.as_slice())?;
            if let Some(login) = &values.login {
                logins.insert(id, login.as_slice())?;
            }
            wrap.apply(wraps, &account.id)?;
            for event in &events {
                audit::append(audit_tx, meta, &audit_key, event, at)?;
            }
            Ok(())
        });
        tx("saving an account", r)?;
        self.flush()
    }

    /// Reads the account named `username`, applies `change` (which sees every other account,
    /// for the last-administrator rule) and writes it back, with its wrap as `wrap` says.
    /// `audited`: who asks, and the action the audit entry names.
    fn change_account(
        &self,
        username: &str,
        audited: (&Session, AuditAction),
        wrap: WrapPlan,
        change: impl FnOnce(&mut Account, &[Account]) -> std::result::Result<(), AccountProblem>,
    ) -> Result<Account> {
        let mut account = self
            .account_by_username(username)?
            .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.to_string())))?;
        let before = account.clone();
        let others: Vec<Account> = self.accounts()?.into_iter().filter(|a| a.id != account.id).collect();
        change(&mut account, &others).map_err(Error::Account)?;
        let (by, action) = audited;
        let event = account_changed(action, Some(&by.account), &before, &account);
        let wrap = match wrap {
            WrapPlan::Keep => WrapChange::Keep,
            WrapPlan::From(master) => self.new_wrap(&account, master)?,
            WrapPlan::Delete => WrapChange::Delete,
        };
        self.put_account_with(&account, &wrap, vec![event])?;
        Ok(account)
    }

    /// Writes the username index again from the accounts (after a salvage). An encrypted
    /// store's accounts are sealed: its index is rebuilt only while its key is held, and is
    /// otherwise left as the salvage copied it.
    pub(super) fn rebuild_account_names(&self) -> Result<()> {
        let encrypted = self.is_encrypted()?;
        if encrypted && !self.holds_key() {
            return Ok(());
        }
        for account in self.accounts()? {
            let key = self.name_key(&account.username, encrypted)?;
            self.account_names.insert(key, account.id.as_str()).map_err(storage("rebuilding the account index"))?;
        }
        Ok(())
    }
}

/// An encrypted store's account stored under `key` as `stored` (sealed), joined with its login
/// state from `logins`.
fn joined_account(sealer: &Sealer, logins: &kv::Tree, key: &[u8], stored: &[u8]) -> Result<Account> {
    let plain = sealer.open("account", ACCOUNTS, key, stored)?;
    let sealed: SealedAccount = decode_part("account", key, &plain)?;
    let Some(login) = logins.get(key).map_err(storage("reading an account"))? else {
        return Err(Error::BadRecord {
            what: "account login state",
            id: String::from_utf8_lossy(key).into_owned(),
            detail: "missing".into(),
        });
    };
    let login: LoginState = decode_part("account login state", key, &login)?;
    Ok(joined(sealed, login))
}

/// Gives `a` the temporary credential `credential` at `now`: it must be changed at the next
/// login, within [`crate::auth::account::TEMPORARY_VALID`]; a lock ends with it.
fn give_temporary(a: &mut Account, credential: kdf::Credential, now: DateTime<Utc>) {
    a.credential = credential;
    a.must_change_password = true;
    a.temporary_until = Some(now + crate::auth::account::TEMPORARY_VALID);
    login::unlock(a);
}

/// Gives `a` the credential of a password it chose: no longer temporary, and unlocked.
fn give_own(a: &mut Account, credential: kdf::Credential) {
    a.credential = credential;
    a.must_change_password = false;
    a.temporary_until = None;
    login::unlock(a);
}

/// What a change to an account does to its wrap of the store's key.
enum WrapPlan<'a> {
    Keep,
    /// A new wrap from the master secret of the account's new credential.
    From(&'a kdf::MasterSecret),
    Delete,
}

/// The audit entry of a refused login: a failure, or the one that locked the account out.
fn login_refused(refusal: &login::LoginRefusal) -> AuditEvent {
    let (action, why) = match refusal {
        login::LoginRefusal::WrongCredentials => (AuditAction::LoginFailed, "wrong credentials"),
        login::LoginRefusal::Locked { .. } => (AuditAction::LockedOut, "locked"),
        login::LoginRefusal::Disabled => (AuditAction::LoginFailed, "disabled"),
        login::LoginRefusal::TemporaryExpired => (AuditAction::LoginFailed, "temporary password expired"),
        login::LoginRefusal::TooLong => (AuditAction::LoginFailed, "too long"),
    };
    AuditEvent::new(action).set("refusal", why)
}

/// The audit entry of a change to an account: each field that changed, before and after (a
/// password is never shown, only that it was replaced).
fn account_changed(action: AuditAction, by: Option<&AccountId>, before: &Account, after: &Account) -> AuditEvent {
    let time = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339());
    let status = |a: &Account| if a.is_active() { "active" } else { "disabled" }.to_string();
    let event = AuditEvent::new(action)
        .by(by)
        .record(&after.id)
        .change("role", Some(before.role.name().into()), Some(after.role.name().into()))
        .change("status", Some(status(before)), Some(status(after)))
        .change(
            "must_change_password",
            Some(before.must_change_password.to_string()),
            Some(after.must_change_password.to_string()),
        )
        .change("locked_until", time(before.locked_until), time(after.locked_until))
        .change("failed_in_a_row", Some(before.failed_in_a_row.to_string()), Some(after.failed_in_a_row.to_string()));
    if before.credential != after.credential {
        event.change("password", Some("kept".into()), Some("replaced".into()))
    } else {
        event
    }
}

/// An active account that may manage accounts and can still log in (not holding a temporary
/// password that expired): the store must always keep one.
fn is_active_admin(a: &Account) -> bool {
    let expired = a.must_change_password && a.temporary_until.is_some_and(|until| until <= Utc::now());
    a.is_active() && !expired && crate::auth::allowed(a.role, Action::ManageAccounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_made_before_the_newer_username_rules_still_logs_in() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let pw = SecretString::from("lantern orchard 7 river".to_string());
        let now = Utc::now();
        store.create_first_admin("samira", "Samira", &pw, &pw, now).unwrap();
        // As an older Daftar wrote it: U+034F was allowed then, and is refused for new names.
        let (credential, master) = kdf::new_credential(&pw).unwrap();
        let mut old = Account::new("amina", "Amina", Role::Interviewer, credential, false, now).unwrap();
        old.username = "am\u{34F}ina".into();
        assert!(check_username(&old.username).is_err());
        store.account_names.insert(store.name_key(&old.username, true).unwrap(), old.id.as_str()).unwrap();
        // With its wrap of the store's key, as an administrator's new account has.
        let wrap = store.new_wrap(&old, &master).unwrap();
        store.put_account_with(&old, &wrap, Vec::new()).unwrap();
        let session = store.log_in("am\u{34F}ina", &pw, now).unwrap().into_session();
        assert_eq!(session.account, old.id);
        assert!(store.accounts().unwrap().iter().any(|a| a.username == "am\u{34F}ina"));
    }
}
