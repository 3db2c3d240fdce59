//! The store's data key and its wraps (issue 12; the plan is docs/encryption.md).
//!
//! # Layout
//! - Meta key `keyring`: the [`Keyring`] (format, the data key's id, when it was made). Its
//!   presence is what makes a store encrypted; a store without it is from before encryption.
//! - Tree `wraps`: one [`Wrap`] per account that may open the store, keyed by account id, and
//!   the recovery key's wrap under the key `recovery`. A wrap is the data key sealed to its
//!   owner's public key: only that owner's password (or the recovery key) opens it.
//!
//! The data key is made with the first administrator, in the same transaction as the account.
//! A login opens it from the account's wrap with what the password derived ([`Derived`]) and
//! the store holds it ([`Store::holds_key`]) until the session locks or ends
//! ([`Store::drop_key`]). A password change, an administrator's reset and a new account each
//! write the account's wrap in the transaction that writes the account; disabling an account
//! deletes it.
//!
//! This is the first step of issue 12: the records are not sealed with the key yet.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::kv;
use super::{Store, storage};
use crate::auth::kdf::MasterSecret;
use crate::auth::session::Derived;
use crate::auth::{Account, AccountId};
use crate::crypto::{CryptoError, DataKey, KeyId, Keys, Lock, RecoveryError, RecoveryKey, Wrap};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};

pub(super) const WRAPS: &str = "wraps";
pub(super) const KEYRING: &[u8] = b"keyring";
/// The key of the recovery key's wrap in the `wraps` tree (account ids are 32 hex digits).
pub(super) const RECOVERY_WRAP: &[u8] = b"recovery";
/// The layout of the [`Keyring`] this build writes.
pub const KEYRING_FORMAT: u32 = 1;

/// What the meta tree says of the store's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Keyring {
    pub format: u32,
    pub key_id: KeyId,
    pub created: DateTime<Utc>,
}

/// The key a store holds while a session is open, shared by every clone of the store.
pub(super) type KeySlot = Arc<RwLock<Option<Arc<Keys>>>>;

/// Why the store's key could not be opened or used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// No key is held: nobody is logged in, or the session is locked.
    Locked,
    /// The account has no wrap: it was disabled, or made before the store was encrypted.
    NoWrap(String),
    /// The account's wrap does not open with the right password: it was altered.
    WrapAltered(String),
    /// The typed recovery key is not a recovery key (its groups say where).
    RecoveryMistyped(RecoveryError),
    /// A well-formed recovery key that does not open this store.
    RecoveryWrong,
    /// The store has no key: it was written by a Daftar from before encryption.
    NotEncrypted,
    /// A sealed value that does not open: altered on disk, or moved from another record
    /// (`what` names the kind of record, `id` its key).
    Altered { what: &'static str, id: String },
    /// A value could not be sealed (the system gave no random numbers, or it is too long).
    Sealing(String),
    /// An encryption asked of a store that is already encrypted.
    AlreadyEncrypted,
}

impl KeyProblem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            KeyProblem::Locked => T::KeyLocked.get(lang).into(),
            KeyProblem::NoWrap(user) => T::KeyNoWrap.fill(lang, &[("user", user)]),
            KeyProblem::WrapAltered(user) => T::KeyWrapAltered.fill(lang, &[("user", user)]),
            KeyProblem::RecoveryMistyped(RecoveryError::Length { found }) => {
                T::KeyRecoveryLength.fill(lang, &[("n", &found.to_string())])
            }
            KeyProblem::RecoveryMistyped(RecoveryError::Character { group, found }) => {
                T::KeyRecoveryCharacter.fill(lang, &[("group", &group.to_string()), ("char", &found.to_string())])
            }
            KeyProblem::RecoveryMistyped(RecoveryError::Mistyped { groups }) => {
                let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
                T::KeyRecoveryGroups.fill(lang, &[("groups", &groups.join(T::ListSeparator.get(lang)))])
            }
            KeyProblem::RecoveryWrong => T::KeyRecoveryWrong.get(lang).into(),
            KeyProblem::NotEncrypted => T::KeyNotEncrypted.get(lang).into(),
            KeyProblem::Altered { what, id } => T::KeyAltered.fill(lang, &[("what", what), ("id", id)]),
            KeyProblem::Sealing(reason) => T::KeySealing.fill(lang, &[("reason", reason)]),
            KeyProblem::AlreadyEncrypted => T::KeyAlreadyEncrypted.get(lang).into(),
        }
    }
}

fn key_error(e: CryptoError) -> Error {
    match e {
        CryptoError::Kdf(e) => Error::Kdf(e),
        CryptoError::Random(detail) => Error::Kdf(crate::auth::kdf::KdfError::Random(detail)),
        other => Error::Storage { action: "opening the store's key", detail: other.to_string() },
    }
}

fn encode_wrap(wrap: &Wrap) -> Result<Vec<u8>> {
    serde_json::to_vec(wrap).map_err(|e| Error::Storage { action: "encoding a key wrap", detail: e.to_string() })
}

pub(super) fn decode_wrap(id: &str, bytes: &[u8]) -> Result<Wrap> {
    serde_json::from_slice(bytes).map_err(|e| Error::BadRecord {
        what: "key wrap",
        id: id.into(),
        detail: e.to_string(),
    })
}

/// A new store's key: the data key, the recovery key, and the recovery key's wrap.
pub(super) struct NewKey {
    pub keyring: Keyring,
    pub keys: Keys,
    pub recovery: RecoveryKey,
    pub recovery_wrap: Wrap,
}

impl NewKey {
    pub(super) fn generate(now: DateTime<Utc>) -> Result<NewKey> {
        let data = DataKey::generate().map_err(key_error)?;
        let recovery = RecoveryKey::generate().map_err(key_error)?;
        let recovery_wrap = Wrap::for_recovery(&data, &recovery).map_err(key_error)?;
        let keyring = Keyring { format: KEYRING_FORMAT, key_id: data.id(), created: now };
        Ok(NewKey { keyring, keys: Keys::new(data), recovery, recovery_wrap })
    }

    pub(super) fn keyring_bytes(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(&self.keyring)
            .map_err(|e| Error::Storage { action: "encoding the key ring", detail: e.to_string() })
    }

    pub(super) fn recovery_wrap_bytes(&self) -> Result<Vec<u8>> {
        encode_wrap(&self.recovery_wrap)
    }

    /// A sealer with this key, for what is written with the key ring (the first account, the
    /// audit trail, a rewritten store), before the store holds the key.
    pub(super) fn sealer(&self) -> super::sealing::Sealer {
        super::sealing::Sealer::with(Arc::new(Keys::new(self.keys.data_key().duplicate())))
    }

    /// The wrap for the first administrator, from the master secret their credential was made
    /// with (no second derivation).
    pub(super) fn wrap_for(&self, account: &Account, master: &MasterSecret) -> Result<Vec<u8>> {
        account_wrap(self.keys.data_key(), account, master).and_then(|w| encode_wrap(&w))
    }
}

/// `account`'s wrap of `data`, from the master secret of its credential.
fn account_wrap(data: &DataKey, account: &Account, master: &MasterSecret) -> Result<Wrap> {
    let c = &account.credential;
    Wrap::for_master(data, account.id.as_str(), master, c.params, c.salt).map_err(key_error)
}

/// `account`'s new wrap of `data`, from the master secret of its credential, to write.
pub(super) fn wrap_change(data: &DataKey, account: &Account, master: &MasterSecret) -> Result<WrapChange> {
    Ok(WrapChange::Put(encode_wrap(&account_wrap(data, account, master)?)?))
}

/// What a change to an account does to its wrap, written in the account's transaction.
pub(super) enum WrapChange {
    Keep,
    Put(Vec<u8>),
    Delete,
}

impl WrapChange {
    pub(super) fn apply(&self, wraps: &kv::TxTree<'_>, account: &AccountId) -> std::result::Result<(), kv::TxError> {
        match self {
            WrapChange::Keep => {}
            WrapChange::Put(bytes) => {
                wraps.insert(account.as_str().as_bytes(), bytes.as_slice())?;
            }
            WrapChange::Delete => {
                wraps.remove(account.as_str().as_bytes())?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The wrap under `wrap_key` in the `wraps` tree, made again for `new`'s key from the public
    /// key it names, once its binding to `owner` holds under `old` (a rotation); None when there
    /// is no such wrap. A wrap that is not bound to its owner under the old key is refused as
    /// altered: a public key planted in the store receives nothing.
    pub(super) fn rewrapped(&self, wrap_key: &[u8], owner: &str, old: &Keys, new: &NewKey) -> Result<Option<Vec<u8>>> {
        let Some(bytes) = self.wrap_bytes(wrap_key)? else { return Ok(None) };
        let wrap = decode_wrap(owner, &bytes)?;
        let made = wrap.rewrap(old.data_key(), new.keys.data_key(), owner).map_err(|e| match e {
            CryptoError::Altered => Error::Key(KeyProblem::WrapAltered(owner.into())),
            e => key_error(e),
        })?;
        encode_wrap(&made).map(Some)
    }

    /// Whether the store has a data key (a store without one is from before encryption).
    pub fn is_encrypted(&self) -> Result<bool> {
        Ok(self.encrypted.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// The id of the store's data key, as its key ring names it.
    fn keyring_id(&self) -> Result<Option<KeyId>> {
        match self.meta.get(KEYRING).map_err(storage("reading the key ring"))? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice::<Keyring>(&bytes)
                .map(|k| Some(k.key_id))
                .map_err(|e| Error::BadRecord { what: "key ring", id: "keyring".into(), detail: e.to_string() }),
        }
    }

    /// Whether this store holds its data key now (a session is logged in and not locked).
    pub fn holds_key(&self) -> bool {
        self.keys.read().map(|k| k.is_some()).unwrap_or(false)
    }

    /// Forgets the data key (the idle lock, a logout): it is opened again at the next login.
    pub fn drop_key(&self) {
        if let Ok(mut slot) = self.keys.write() {
            *slot = None;
        }
    }

    /// The data key and its subkeys, while they are held.
    pub(crate) fn keys(&self) -> Result<Arc<Keys>> {
        self.keys.read().ok().and_then(|k| k.clone()).ok_or(Error::Key(KeyProblem::Locked))
    }

    /// Holds keys opened elsewhere (a login against a store's accounts read without opening it).
    pub(super) fn hold_opened(&self, keys: Arc<Keys>) {
        self.encrypted.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut slot) = self.keys.write() {
            *slot = Some(keys);
        }
    }

    pub(super) fn hold_key(&self, keys: Keys) {
        // Held only once the key ring is written: from now on the store is encrypted.
        self.encrypted.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut slot) = self.keys.write() {
            *slot = Some(Arc::new(keys));
        }
    }

    fn wrap_bytes(&self, key: &[u8]) -> Result<Option<sled::IVec>> {
        self.wraps.get(key).map_err(storage("reading the key wraps"))
    }

    /// Whether `account` has a wrap (may open the store).
    pub fn has_wrap(&self, account: &AccountId) -> Result<bool> {
        Ok(self.wrap_bytes(account.as_str().as_bytes())?.is_some())
    }

    /// After a login that proved `account`'s password: opens the data key from its wrap with
    /// what the password derived, and holds it. When the login raised the credential's
    /// parameters, the new wrap to write with the account is returned. A plain store has no key
    /// to open.
    pub(super) fn open_key(&self, account: &Account, derived: Derived) -> Result<WrapChange> {
        if !self.is_encrypted()? {
            return Ok(WrapChange::Keep);
        }
        let id = account.id.as_str();
        let bytes =
            self.wrap_bytes(id.as_bytes())?.ok_or_else(|| Error::Key(KeyProblem::NoWrap(account.username.clone())))?;
        let wrap = decode_wrap(id, &bytes)?;
        // Only a wrap of the store's own key: one sealed under another key (planted) is refused.
        if Some(wrap.key_id) != self.keyring_id()? {
            return Err(Error::Key(KeyProblem::WrapAltered(account.username.clone())));
        }
        let data = wrap.open_with_master(id, &derived.opens).map_err(|e| match e {
            CryptoError::WrongSecret | CryptoError::NotSealed => {
                Error::Key(KeyProblem::WrapAltered(account.username.clone()))
            }
            e => key_error(e),
        })?;
        let change = match &derived.raised {
            Some(master) => WrapChange::Put(encode_wrap(&account_wrap(&data, account, master)?)?),
            None => WrapChange::Keep,
        };
        self.hold_key(Keys::new(data));
        Ok(change)
    }

    /// The wrap to write for `account` whose credential was just made from `master` (a new
    /// account, a reset, a password change), from the key this session holds. A plain store
    /// has no wraps.
    pub(super) fn new_wrap(&self, account: &Account, master: &MasterSecret) -> Result<WrapChange> {
        if !self.is_encrypted()? {
            return Ok(WrapChange::Keep);
        }
        wrap_change(self.keys()?.data_key(), account, master)
    }

    /// Whether `typed` is this store's recovery key (checked before anything else is asked).
    pub fn check_recovery_key(&self, typed: &str) -> Result<()> {
        self.open_with_recovery(typed).map(drop)
    }

    /// The data key opened with the recovery key typed in `typed`; a mistyped group is named.
    pub(super) fn open_with_recovery(&self, typed: &str) -> Result<Keys> {
        if !self.is_encrypted()? {
            return Err(Error::Key(KeyProblem::NotEncrypted));
        }
        let recovery = RecoveryKey::parse(typed).map_err(|e| Error::Key(KeyProblem::RecoveryMistyped(e)))?;
        let bytes = self.wrap_bytes(RECOVERY_WRAP)?.ok_or(Error::Key(KeyProblem::RecoveryWrong))?;
        let wrap = decode_wrap("recovery", &bytes)?;
        if !matches!(wrap.lock, Lock::Recovery) || Some(wrap.key_id) != self.keyring_id()? {
            return Err(Error::Key(KeyProblem::RecoveryWrong));
        }
        let data = wrap.open_with_recovery(&recovery).map_err(|e| match e {
            CryptoError::WrongSecret | CryptoError::NotSealed => Error::Key(KeyProblem::RecoveryWrong),
            e => key_error(e),
        })?;
        Ok(Keys::new(data))
    }
}

/// Whether `db` has a key ring, checked (it must be one this build reads) when it opens.
pub(super) fn has_keyring(db: &kv::Engine) -> Result<bool> {
    let meta = db.tree(super::META_TREE).map_err(storage("opening the store"))?;
    match meta.get(KEYRING).map_err(storage("reading the key ring"))? {
        // Wraps without a key ring: the ring was deleted, which must not make the store plain.
        None if db
            .tree(WRAPS)
            .map_err(storage("opening the store"))?
            .first()
            .map_err(storage("opening the store"))?
            .is_some() =>
        {
            Err(Error::BadRecord {
                what: "key ring",
                id: "keyring".into(),
                detail: "it is missing from a store that holds key wraps: the store was altered".into(),
            })
        }
        None => Ok(false),
        Some(bytes) => match serde_json::from_slice::<Keyring>(&bytes) {
            Ok(ring) if ring.format <= KEYRING_FORMAT => Ok(true),
            Ok(ring) => Err(Error::NewerRecord {
                what: "key ring",
                id: "keyring".into(),
                found: ring.format,
                supported: KEYRING_FORMAT,
            }),
            Err(e) => Err(Error::BadRecord { what: "key ring", id: "keyring".into(), detail: e.to_string() }),
        },
    }
}

/// Writes a new store's key ring and recovery wrap (in the store being built).
pub(super) fn write_first_key(db: &sled::Db, key: &NewKey) -> Result<()> {
    let keyring = key.keyring_bytes()?;
    let recovery = key.recovery_wrap_bytes()?;
    let io = |e: sled::Error| super::sled_error("creating the store", e);
    db.open_tree(super::META_TREE).map_err(io)?.insert(KEYRING, keyring).map_err(io)?;
    db.open_tree(WRAPS).map_err(io)?.insert(RECOVERY_WRAP, recovery).map_err(io)?;
    Ok(())
}
