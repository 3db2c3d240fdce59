//! Rewriting a whole store beside itself (issue 12; the plan is docs/encryption.md): the
//! encryption of a store written before encryption (`daftar store encrypt`) and the rotation of
//! an encrypted store's key (`daftar keys rotate`).
//!
//! Both build the new store under a temporary name beside the old one, from what the old one
//! holds, each value opened with the old sealer and sealed with the new one. It is flushed and
//! synced, then the two directories are exchanged in one step (`renameat2(RENAME_EXCHANGE)`),
//! and the old one, now under the temporary name, is deleted. So a kill -9 at any moment
//! leaves at the store's path either the whole old store or the whole new one, and under the
//! temporary name a leftover that the next open deletes ([`remove_leftovers`]); a killed run is
//! simply run again. The new store never held a value of the old kind (plain, or under the old
//! key), so none of sled's segments in it does either: nothing in-place re-sealing could
//! promise, since sled keeps old segments until it reuses them.
//!
//! - **Encryption**: the administrator who runs it gets a wrap of the new key; every other
//!   active account gets a temporary password (a wrap needs its owner's secret), returned once.
//! - **Rotation**: the new key is sealed to the public key of every *active* account's wrap and
//!   to the recovery key's (their bindings checked under the old key), never to a disabled
//!   account (it has no wrap) nor to a wrap whose owner is not an active account. A disabled
//!   account's copy of the old store, or of the old key, opens nothing written after it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::sealing::Sealer;
use super::{Store, keyring, storage};
use crate::auth::{Account, AccountStatus, LoggedIn, SecretString};
use crate::crypto::RecoveryKey;
use crate::error::{Error, Result};

/// What an encryption gives back: the store, now encrypted and logged in as the administrator
/// who ran it; its recovery key, to be shown once; the temporary passwords of the other active
/// accounts, to hand out.
pub struct Encrypted {
    pub store: Store,
    pub recovery: RecoveryKey,
    pub temporary: Vec<(String, SecretString)>,
    /// The administrator's login on the encrypted store.
    pub logged_in: LoggedIn,
}

/// What a rotation gives back: the store under its new key, logged in as the administrator who
/// ran it, and the usernames of the accounts that can open it (every active one).
pub struct Rotated {
    pub store: Store,
    pub accounts: Vec<String>,
}

/// Which rewrite runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Encrypt,
    Rotate,
}

/// What the rewrite does with one tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treatment {
    /// Every value opened with the old sealer and sealed with the new one, under its key.
    Reseal,
    /// Copied as it is: nothing personal in it, nothing sealed.
    Copy,
    /// Derived from the records: left out, rebuilt at the first login ([`Store::catch_up`]).
    Rebuilt,
    /// The accounts of a plain store: written as an encrypted store keeps them.
    Accounts,
    /// The meta tree: copied but for what the new key changes ([`meta_row`]).
    Meta,
    /// The wraps: made again for the new key ([`Kind::Rotate`]), or written after the copy
    /// ([`Kind::Encrypt`]: a plain store has none).
    Wraps,
}

/// The one table of what each rewrite does with each tree. A tree it does not know (from a
/// newer Daftar) stops it before anything is written.
fn treatment(tree: &str, kind: Kind) -> Option<Treatment> {
    use Treatment::*;
    Some(match tree {
        super::PARTICIPANTS
        | super::INTERVIEWS
        | super::DRAFTS
        | super::STAGES
        | super::versions::VERSIONS
        | super::fixes::STAGE_VOIDS
        | super::review::REVIEWS
        | super::audit::AUDIT_TREE => Reseal,
        // Derived from the records, rebuilt at the first login: the file-number index is keyed
        // by blind digests, which the new key changes, and only the whole index is rebuilt; a
        // plain store may hold an older layout of the others.
        super::SUMMARIES
        | super::BY_PARTICIPANT
        | super::STATS
        | super::CACHE
        | super::FILE_NUMBERS
        | super::import::PENDING_TREE
        // Only ever written on PostgreSQL, whose sessions take them again.
        | super::holds::HOLDS => Rebuilt,
        super::accounts::ACCOUNTS => match kind {
            Kind::Rotate => Reseal,
            Kind::Encrypt => Accounts,
        },
        super::accounts::ACCOUNT_NAMES => match kind {
            Kind::Rotate => Copy,
            Kind::Encrypt => Rebuilt,
        },
        super::META_TREE => Meta,
        keyring::WRAPS => Wraps,
        super::SETTINGS
        | super::FORMS
        | super::accounts::LOGIN_FAILURES
        | super::accounts::ACCOUNT_LOGINS
        | super::audit::AUDIT_PENDING
        | "__sled__default" => Copy,
        _ => return None,
    })
}

/// The prefix of the temporary directory a rewrite of the store `name` builds in.
fn prefix(name: &str) -> String {
    format!(".{name}.rewriting-")
}

fn parent_and_name(path: &Path) -> (PathBuf, String) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Deletes what a rewrite of the store at `path` killed part-way left beside it: a new store
/// not yet exchanged, or the old one after the exchange. Either way the store at `path` is
/// whole. Called once the store's lock is held (a rewrite running in another process holds it
/// until its exchange).
pub(super) fn remove_leftovers(path: &Path) {
    let (parent, name) = parent_and_name(path);
    let prefix = prefix(&name);
    let Ok(entries) = std::fs::read_dir(&parent) else { return };
    for entry in entries.filter_map(|e| e.ok()) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Store {
    /// Encrypts the plain store at `path` (written by a Daftar from before encryption) for the
    /// administrator `username`, whose password `pw` is checked first; `progress(done, total)`
    /// follows the copy, in values. Refused, with nothing changed, for a store already
    /// encrypted, a password that does not log in, or an account that is not an administrator.
    pub fn encrypt_plain(
        path: &Path,
        username: &str,
        pw: &SecretString,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Encrypted> {
        let (old, admin) = Store::open_for_rewrite(path, false, username, pw, now)?;
        // The wrap needs the master secret, which the plain login did not keep: derived again.
        let master = crate::auth::kdf::master_secret(pw, &admin.credential.salt, admin.credential.params)?;
        let key = keyring::NewKey::generate(now)?;
        let to = key.sealer();
        let wraps = vec![
            (admin.id.as_str().as_bytes().to_vec(), key.wrap_for(&admin, &master)?),
            (keyring::RECOVERY_WRAP.to_vec(), key.recovery_wrap_bytes()?),
        ];
        let keyring = key.keyring_bytes()?;
        let login_key = old.login_key()?;
        let plan = Plan { kind: Kind::Encrypt, from: Sealer::plain(), to, keyring, wraps, login_key };
        let (store, logged_in) = rewrite_and_log_in(old, path, &plan, progress, (username, pw, now))?;
        let session = logged_in.session();
        let mut temporary = Vec::new();
        for account in store.accounts()? {
            if account.id != admin.id && account.status == AccountStatus::Active {
                let password = store.reset_password(session, &account.username, now)?;
                temporary.push((account.username, password));
            }
        }
        let event = super::audit::AuditEvent::new(super::audit::AuditAction::StoreEncrypted)
            .by(Some(&admin.id))
            .set("temporary_passwords", temporary.len().to_string());
        store.note(event)?;
        Ok(Encrypted { store, recovery: key.recovery, temporary, logged_in })
    }

    /// Re-encrypts the encrypted store at `path` under a fresh key, for the administrator
    /// `username` (password `pw`): every value sealed again, the new key wrapped for every
    /// active account and the recovery key. Refused, nothing changed, on a plain store.
    pub fn rotate_key(
        path: &Path,
        username: &str,
        pw: &SecretString,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Rotated> {
        let (old, admin) = Store::open_for_rewrite(path, true, username, pw, now)?;
        let from = old.sealer()?;
        let old_keys = old.keys()?;
        let key = keyring::NewKey::generate(now)?;
        let mut wraps = Vec::new();
        let mut accounts = Vec::new();
        for account in old.accounts()? {
            if account.status != AccountStatus::Active {
                continue;
            }
            if let Some(wrap) = old.rewrapped(account.id.as_str().as_bytes(), account.id.as_str(), &old_keys, &key)? {
                wraps.push((account.id.as_str().as_bytes().to_vec(), wrap));
                accounts.push(account.username.clone());
            }
        }
        let recovery = old
            .rewrapped(keyring::RECOVERY_WRAP, crate::crypto::RECOVERY_OWNER, &old_keys, &key)?
            .ok_or(Error::Key(keyring::KeyProblem::RecoveryWrong))?;
        wraps.push((keyring::RECOVERY_WRAP.to_vec(), recovery));
        let keyring = key.keyring_bytes()?;
        let (old_id, new_id) = (old_keys.id(), key.keys.id());
        drop(old_keys);
        let login_key = old.login_key()?;
        let plan = Plan { kind: Kind::Rotate, from, to: key.sealer(), keyring, wraps, login_key };
        let (store, _) = rewrite_and_log_in(old, path, &plan, progress, (username, pw, now))?;
        let event = super::audit::AuditEvent::new(super::audit::AuditAction::KeyRotated)
            .by(Some(&admin.id))
            .change("key_id", Some(old_id.to_string()), Some(new_id.to_string()))
            .set("accounts", accounts.join(", "));
        store.note(event)?;
        Ok(Rotated { store, accounts })
    }

    /// The store at `path`, to be rewritten by the administrator `username`, if `pw` logs them
    /// in (the login is this store's, audited) and the store is `encrypted` or not as the
    /// rewrite expects: refused otherwise, nothing changed.
    fn open_for_rewrite(
        path: &Path,
        encrypted: bool,
        username: &str,
        pw: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(Store, Account)> {
        let old = Store::open_existing(path)?;
        match (old.is_encrypted()?, encrypted) {
            (true, false) => return Err(Error::Key(keyring::KeyProblem::AlreadyEncrypted)),
            (false, true) => return Err(Error::Key(keyring::KeyProblem::NotEncrypted)),
            _ => {}
        }
        let session = old.log_in(username, pw, now)?.into_session();
        old.may(&session, crate::auth::Action::ManageAccounts)?;
        let admin = old.account_by_username(username)?.ok_or(Error::Key(keyring::KeyProblem::Locked))?;
        Ok((old, admin))
    }
}

/// Rewrites `old` as `plan` says, then opens the new store and logs the administrator in as
/// any later login is: the wrap just written opens the key, and the login rebuilds the derived
/// trees.
fn rewrite_and_log_in(
    old: Store,
    path: &Path,
    plan: &Plan,
    progress: &mut dyn FnMut(u64, u64),
    (username, pw, now): (&str, &SecretString, DateTime<Utc>),
) -> Result<(Store, LoggedIn)> {
    rewrite(old, path, plan, progress)?;
    let store = Store::open(path)?;
    let logged_in = store.log_in(username, pw, now)?;
    Ok((store, logged_in))
}

/// One rewrite: its kind, the sealers of the old store and of the new one, the new key ring,
/// the new wraps (key in the `wraps` tree → encoded wrap), and the store's login key (the key of
/// the usernames' digests, kept: it is not derived from the data key).
struct Plan {
    kind: Kind,
    from: Sealer,
    to: Sealer,
    keyring: Vec<u8>,
    wraps: Vec<(Vec<u8>, Vec<u8>)>,
    login_key: [u8; 32],
}

/// Builds the new store beside `old` as `plan` says, then puts it in `old`'s place.
fn rewrite(old: Store, path: &Path, plan: &Plan, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
    let (parent, name) = parent_and_name(path);
    remove_leftovers(path);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp = parent.join(format!("{}{}-{nanos}", prefix(&name), std::process::id()));
    if let Err(e) = build(&old, &temp, plan, progress) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    drop(old);
    if let Err(e) = exchange(&parent, &name, &temp) {
        // Not exchanged (a file system without RENAME_EXCHANGE): the old store is as it was.
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    // From here the store at `path` is the new one; the old one is the leftover.
    let _ = std::fs::remove_dir_all(&temp);
    sync_dir(&parent);
    Ok(())
}

/// Builds at `temp` the new store from `old`, flushed and synced.
fn build(old: &Store, temp: &Path, plan: &Plan, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
    let old_db = old.sled_db("encrypting or re-keying the store")?;
    let mut trees = Vec::new();
    for name in old_db.tree_names() {
        let name = String::from_utf8_lossy(&name).into_owned();
        let treatment = treatment(&name, plan.kind).ok_or_else(|| Error::Storage {
            action: "rewriting the store",
            detail: format!("it holds a tree this Daftar does not know ({name}); nothing was changed"),
        })?;
        trees.push((name, treatment));
    }
    let copied = |t: &Treatment| !matches!(t, Treatment::Rebuilt | Treatment::Wraps);
    let total: u64 = trees
        .iter()
        .filter(|(_, t)| copied(t))
        .map(|(name, _)| old_db.open_tree(name).map(|t| t.len() as u64).unwrap_or(0))
        .sum();
    super::private_store_dir(temp).map_err(|source| Error::StoreNotWritable { path: temp.to_path_buf(), source })?;
    let db = sled::Config::new().path(temp).flush_every_ms(None).open().map_err(storage("rewriting the store"))?;
    let mut done = 0u64;
    progress(done, total);
    for (name, treatment) in trees.iter().filter(|(_, t)| copied(t)) {
        let from = old_db.open_tree(name).map_err(storage("reading the store"))?;
        let to = db.open_tree(name).map_err(storage("rewriting the store"))?;
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in from.iter() {
            let (k, v) = item.map_err(storage("reading the store"))?;
            match treatment {
                Treatment::Reseal => {
                    let plain = plan.from.open("value", name, &k, &v)?;
                    batch.insert(&k[..], plan.to.seal(name, &k, plain.to_vec())?);
                }
                Treatment::Copy => batch.insert(k, v),
                Treatment::Meta => {
                    if let Some(v) = meta_row(plan, &k, &v)? {
                        batch.insert(k, v);
                    }
                }
                Treatment::Accounts => {
                    let account: Account = super::decode("account", &k, &v)?;
                    for (tree, key, value) in super::accounts::encrypted_rows(&plan.to, &plan.login_key, &account)? {
                        db.open_tree(tree)
                            .and_then(|t| t.insert(key, value))
                            .map_err(storage("rewriting the store"))?;
                    }
                }
                Treatment::Rebuilt | Treatment::Wraps => {}
            }
            in_batch += 1;
            done += 1;
            if in_batch == 10_000 {
                to.apply_batch(std::mem::take(&mut batch)).map_err(storage("rewriting the store"))?;
                in_batch = 0;
                progress(done, total);
            }
        }
        to.apply_batch(batch).map_err(storage("rewriting the store"))?;
    }
    let meta = db.open_tree(super::META_TREE).map_err(storage("rewriting the store"))?;
    meta.insert(keyring::KEYRING, plan.keyring.as_slice()).map_err(storage("rewriting the store"))?;
    meta.insert(super::accounts::LOGIN_FAILURE_KEY, &plan.login_key[..]).map_err(storage("rewriting the store"))?;
    let wraps = db.open_tree(keyring::WRAPS).map_err(storage("rewriting the store"))?;
    for (key, wrap) in &plan.wraps {
        wraps.insert(key.as_slice(), wrap.as_slice()).map_err(storage("rewriting the store"))?;
    }
    db.flush().map_err(storage("rewriting the store"))?;
    drop(db);
    super::private_files(temp).map_err(|source| Error::StoreNotWritable { path: temp.to_path_buf(), source })?;
    sync_tree(temp);
    progress(total, total);
    Ok(())
}

/// What the new store keeps of the meta row `key`: the index mark is left out (the first login
/// rebuilds what the rewrite left out), the key ring and the login key are written after the
/// copy, and the audit chain's key is sealed again with the new key.
fn meta_row(plan: &Plan, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>> {
    if key == super::index::INDEX_KEY || key == keyring::KEYRING || key == super::accounts::LOGIN_FAILURE_KEY.as_bytes()
    {
        return Ok(None);
    }
    if key == super::audit::AUDIT_KEY {
        let plain = plan.from.open("audit key", super::META_TREE, key, value)?;
        return plan.to.seal(super::META_TREE, key, plain.to_vec()).map(Some);
    }
    Ok(Some(value.to_vec()))
}

/// Exchanges the directories `parent/name` and `temp` in one step.
fn exchange(parent: &Path, name: &str, temp: &Path) -> Result<()> {
    let dir = std::fs::File::open(parent).map_err(|source| Error::Io {
        action: "opening",
        path: parent.to_path_buf(),
        source,
    })?;
    let temp_name = temp.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    rustix::fs::renameat_with(&dir, name, &dir, temp_name.as_os_str(), rustix::fs::RenameFlags::EXCHANGE)
        .map_err(|e| Error::Io { action: "replacing", path: parent.join(name), source: std::io::Error::from(e) })?;
    sync_dir(parent);
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Syncs every file under the directory `dir`, and the directories themselves.
fn sync_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                sync_tree(&path);
            } else if let Ok(f) = std::fs::File::open(&path) {
                let _ = f.sync_all();
            }
        }
    }
    sync_dir(dir);
}
