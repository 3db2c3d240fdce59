//! Encrypting a store written before encryption (issue 12; the plan is docs/encryption.md).
//!
//! The encrypted store is built beside the plain one, under a temporary name, from what the
//! plain one holds: the records sealed as they are copied, the derived trees left out (the first
//! login rebuilds them, [`Store::catch_up`]), the key ring and the wraps added. It is flushed,
//! then the two directories are exchanged in one step (`renameat2(RENAME_EXCHANGE)`), and the
//! plain one, now under the temporary name, is deleted. So a kill -9 at any moment leaves at
//! the store's path either the whole plain store or the whole encrypted one, and under the
//! temporary name a leftover that the next open deletes ([`remove_leftovers`]). The encrypted
//! store never held a plain value, so none of sled's old segments holds one.
//!
//! The administrator who runs it gets a wrap of the new key; every other active account gets a
//! temporary password (a wrap needs the owner's password, which nobody else knows), returned
//! once to be handed out, as a reset would.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::sealing::Sealer;
use super::{Store, keyring, storage};
use crate::auth::{Account, SecretString};
use crate::crypto::RecoveryKey;
use crate::error::{Error, Result};

/// What an encryption gives back: the store, now encrypted and holding its key; its recovery
/// key, to be shown once; the temporary passwords of the other active accounts, to hand out.
pub struct Encrypted {
    pub store: Store,
    pub recovery: RecoveryKey,
    pub temporary: Vec<(String, SecretString)>,
}

/// What the copy does with one tree of the plain store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treatment {
    /// Every value sealed under its key.
    Seal,
    /// Copied as it is: nothing personal in it.
    Copy,
    /// Derived from the records: left out, rebuilt at the first login.
    Rebuilt,
    /// The accounts: written as an encrypted store keeps them.
    Accounts,
    /// The meta tree: copied but for what the key changes.
    Meta,
}

/// The one table of what the encryption does with each tree. A tree it does not know (from a
/// newer Daftar) stops it before anything is written.
fn treatment(tree: &str) -> Option<Treatment> {
    use Treatment::*;
    Some(match tree {
        super::PARTICIPANTS
        | super::INTERVIEWS
        | super::DRAFTS
        | super::STAGES
        | super::versions::VERSIONS
        | super::fixes::STAGE_VOIDS
        | super::review::REVIEWS
        | super::audit::AUDIT_TREE => Seal,
        super::SUMMARIES
        | super::BY_PARTICIPANT
        | super::STATS
        | super::CACHE
        | super::FILE_NUMBERS
        | super::import::PENDING_TREE
        | super::accounts::ACCOUNT_NAMES => Rebuilt,
        super::accounts::ACCOUNTS => Accounts,
        super::META_TREE => Meta,
        super::SETTINGS | super::FORMS | keyring::WRAPS | super::accounts::LOGIN_FAILURES | "__sled__default" => Copy,
        _ => return None,
    })
}

/// The prefix of the temporary directory an encryption of the store `name` builds in.
fn prefix(name: &str) -> String {
    format!(".{name}.encrypting-")
}

fn parent_and_name(path: &Path) -> (PathBuf, String) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Deletes what an encryption of the store at `path` killed part-way left beside it: a new
/// store not yet exchanged, or the old plain one after the exchange. Either way the store at
/// `path` is whole. Called once the store's lock is held (an encryption running in another
/// process holds it until its exchange).
pub(super) fn remove_leftovers(path: &Path) -> bool {
    let (parent, name) = parent_and_name(path);
    let prefix = prefix(&name);
    let Ok(entries) = std::fs::read_dir(&parent) else { return false };
    let mut removed = false;
    for entry in entries.filter_map(|e| e.ok()) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            removed |= std::fs::remove_dir_all(entry.path()).is_ok();
        }
    }
    removed
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
        let old = Store::open_existing(path)?;
        if old.is_encrypted()? {
            return Err(Error::Key(keyring::KeyProblem::AlreadyEncrypted));
        }
        let session = old.log_in(username, pw, now)?.into_session();
        old.may(&session, crate::auth::Action::ManageAccounts)?;
        let admin = old.account_by_username(username)?.ok_or(Error::Key(keyring::KeyProblem::Locked))?;
        // The wrap needs the master secret, which the plain login did not keep: derived again.
        let master = crate::auth::kdf::master_secret(pw, &admin.credential.salt, admin.credential.params)?;
        let key = keyring::NewKey::generate(now)?;
        let (parent, name) = parent_and_name(path);
        remove_leftovers(path);
        let nanos = now.timestamp_subsec_nanos();
        let temp = parent.join(format!("{}{}-{nanos}", prefix(&name), std::process::id()));
        let built = build_encrypted(&old, &temp, &key, &admin, &master, progress);
        if let Err(e) = built {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
        drop(old);
        exchange(&parent, &name, &temp)?;
        // From here the store at `path` is the encrypted one; the plain one is the leftover.
        let _ = std::fs::remove_dir_all(&temp);
        sync_dir(&parent);
        // Logged in as any later login is: the wrap just written opens the key, and the first
        // login rebuilds the derived trees.
        let store = Store::open(path)?;
        let session = store.log_in(username, pw, now)?.into_session();
        let mut temporary = Vec::new();
        for account in store.accounts()? {
            if account.id != admin.id && account.status == crate::auth::AccountStatus::Active {
                let password = store.reset_password(&session, &account.username, now)?;
                temporary.push((account.username, password));
            }
        }
        let event = super::audit::AuditEvent::new(super::audit::AuditAction::StoreEncrypted)
            .by(Some(&admin.id))
            .set("temporary_passwords", temporary.len().to_string());
        store.note(event)?;
        Ok(Encrypted { store, recovery: key.recovery, temporary })
    }
}

/// Builds at `temp` the encrypted copy of `old`, flushed and synced.
fn build_encrypted(
    old: &Store,
    temp: &Path,
    key: &keyring::NewKey,
    admin: &Account,
    master: &crate::auth::kdf::MasterSecret,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let names: Vec<String> = old.db.tree_names().iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
    let mut plan = Vec::with_capacity(names.len());
    for name in &names {
        let treatment = treatment(name).ok_or_else(|| Error::Storage {
            action: "encrypting the store",
            detail: format!("it holds a tree this Daftar does not know ({name}); nothing was changed"),
        })?;
        plan.push((name.clone(), treatment));
    }
    let total: u64 = plan
        .iter()
        .filter(|(_, t)| *t != Treatment::Rebuilt)
        .map(|(name, _)| old.db.open_tree(name).map(|t| t.len() as u64).unwrap_or(0))
        .sum();
    super::private_store_dir(temp).map_err(|source| Error::StoreNotWritable { path: temp.to_path_buf(), source })?;
    let db = sled::Config::new().path(temp).flush_every_ms(None).open().map_err(storage("encrypting the store"))?;
    let sealer = Sealer::of(&key.keys);
    let mut done = 0u64;
    progress(done, total);
    for (name, treatment) in &plan {
        if *treatment == Treatment::Rebuilt {
            continue;
        }
        let from = old.db.open_tree(name).map_err(storage("reading the store"))?;
        let to = db.open_tree(name).map_err(storage("encrypting the store"))?;
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in from.iter() {
            let (k, v) = item.map_err(storage("reading the store"))?;
            match treatment {
                Treatment::Seal => batch.insert(&k[..], sealer.seal(name, &k, v.to_vec())?),
                Treatment::Copy => batch.insert(k, v),
                Treatment::Meta => {
                    if let Some(v) = meta_row(&sealer, &k, v)? {
                        batch.insert(k, v);
                    }
                }
                Treatment::Accounts => {
                    let account: Account = super::decode("account", &k, &v)?;
                    for (tree, key, value) in account_rows(&sealer, &account)? {
                        db.open_tree(tree)
                            .and_then(|t| t.insert(key, value))
                            .map_err(storage("encrypting the store"))?;
                    }
                }
                Treatment::Rebuilt => {}
            }
            in_batch += 1;
            done += 1;
            if in_batch == 10_000 {
                to.apply_batch(std::mem::take(&mut batch)).map_err(storage("encrypting the store"))?;
                in_batch = 0;
                progress(done, total);
            }
        }
        to.apply_batch(batch).map_err(storage("encrypting the store"))?;
    }
    keyring::write_first_key(&db, key)?;
    let wrap = key.wrap_for(admin, master)?;
    db.open_tree(keyring::WRAPS)
        .and_then(|w| w.insert(admin.id.as_str(), wrap))
        .map_err(storage("encrypting the store"))?;
    db.flush().map_err(storage("encrypting the store"))?;
    drop(db);
    super::private_files(temp).map_err(|source| Error::StoreNotWritable { path: temp.to_path_buf(), source })?;
    sync_tree(temp);
    progress(total, total);
    Ok(())
}

/// What the encrypted store keeps of the meta row `key`: the index mark is left out (the first
/// login rebuilds the index), the rest as it is.
fn meta_row(sealer: &Sealer, key: &[u8], value: sled::IVec) -> Result<Option<Vec<u8>>> {
    let _ = sealer;
    if key == super::index::INDEX_KEY {
        return Ok(None);
    }
    Ok(Some(value.to_vec()))
}

/// The rows an encrypted store keeps for `account`: tree, key, value.
fn account_rows(sealer: &Sealer, account: &Account) -> Result<Vec<(&'static str, Vec<u8>, Vec<u8>)>> {
    let _ = sealer;
    let id = account.id.as_str().as_bytes().to_vec();
    Ok(vec![
        (super::accounts::ACCOUNTS, id.clone(), super::to_json(account)?),
        (super::accounts::ACCOUNT_NAMES, crate::auth::account::fold_username(&account.username).into_bytes(), id),
    ])
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

/// Syncs every file of the directory `dir` and the directory itself.
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
