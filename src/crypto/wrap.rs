//! A wrap: the data key sealed to one unlocker's X25519 public key (an account's password or
//! the recovery key), so that only that unlocker's secret opens it, while anyone holding the
//! data key can make a wrap for any unlocker from its public key alone: a rotation gives the new
//! key to every active account without knowing their passwords (docs/encryption.md).
//!
//! The construction is ECIES: a fresh ephemeral X25519 key, the shared secret with the
//! recipient, a key from BLAKE3 `derive_key` over the shared secret and both public keys, and
//! XChaCha20-Poly1305 with a random nonce and, as associated data, the owner, the key id and the
//! lock (with its Argon2id parameters and salt), so none of them can be changed unnoticed.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::{CryptoError, DataKey, KEY_LEN, KeyId, RecoveryKey, random};
use crate::auth::kdf::{self, KdfParams, MasterSecret, SALT_LEN};

/// The layout of a [`Wrap`] this build writes.
pub const WRAP_FORMAT: u32 = 1;

/// What gives the secret that opens a wrap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lock {
    /// A password, through Argon2id with these parameters and this salt.
    Password { params: KdfParams, salt: [u8; SALT_LEN] },
    /// The recovery key (160 random bits: no slow derivation is needed).
    Recovery,
}

/// The data key sealed to one owner (an account id, or the recovery key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrap {
    pub format: u32,
    /// The data key inside, so that a wrap of a rotated-out key is known without opening it.
    pub key_id: KeyId,
    pub lock: Lock,
    /// The owner's public key, from which a new wrap can be made without the owner.
    pub recipient: [u8; 32],
    /// A MAC, under a key derived from the data key inside, of the owner, lock and recipient:
    /// whoever holds the data key checks it before trusting `recipient` for a new wrap, so a
    /// recipient planted in the store does not receive the next key.
    binding: [u8; 32],
    ephemeral: [u8; 32],
    nonce: [u8; 24],
    sealed: Vec<u8>,
}

/// The owner the recovery wrap is bound to.
pub const RECOVERY_OWNER: &str = "recovery key";

/// An unlocker's X25519 secret, derived from what the person holds; wiped when dropped.
struct Unlocker(StaticSecret);

impl Unlocker {
    fn from_master(master: &MasterSecret) -> Unlocker {
        Unlocker(StaticSecret::from(blake3::derive_key("daftar 2026-12 account unlocker x25519 v1", master.as_ref())))
    }

    fn from_recovery(recovery: &RecoveryKey) -> Unlocker {
        Unlocker(StaticSecret::from(blake3::derive_key("daftar 2026-12 recovery unlocker x25519 v1", recovery.bytes())))
    }

    fn public(&self) -> [u8; 32] {
        PublicKey::from(&self.0).to_bytes()
    }
}

impl Wrap {
    /// The data key wrapped for `owner`'s password under a fresh salt, at the current Argon2id
    /// parameters (one derivation).
    pub fn for_password(data: &DataKey, owner: &str, password: &SecretString) -> Result<Wrap, CryptoError> {
        let salt = kdf::random_salt()?;
        let params = KdfParams::CURRENT;
        let master = kdf::master_secret(password, &salt, params)?;
        Wrap::for_master(data, owner, &master, params, salt)
    }

    /// As [`Wrap::for_password`], from a master secret already derived with `params` and `salt`
    /// (the derivation a credential was made with: one Argon2id run serves both).
    pub fn for_master(
        data: &DataKey,
        owner: &str,
        master: &MasterSecret,
        params: KdfParams,
        salt: [u8; SALT_LEN],
    ) -> Result<Wrap, CryptoError> {
        Wrap::seal(data, owner, Lock::Password { params, salt }, Unlocker::from_master(master).public())
    }

    /// The data key wrapped for the recovery key.
    pub fn for_recovery(data: &DataKey, recovery: &RecoveryKey) -> Result<Wrap, CryptoError> {
        Wrap::seal(data, RECOVERY_OWNER, Lock::Recovery, Unlocker::from_recovery(recovery).public())
    }

    /// A wrap of `new` for the same owner, lock and public key as this one: what a key rotation
    /// writes for each active account, without its password. `old` is the key this wrap holds;
    /// the recipient is trusted only if its binding under `old` holds.
    pub fn rewrap(&self, old: &DataKey, new: &DataKey, owner: &str) -> Result<Wrap, CryptoError> {
        let expected = binding(old, &associated(owner, self.key_id, &self.lock), &self.recipient);
        if self.key_id != old.id() || !subtle_eq(&expected, &self.binding) {
            return Err(CryptoError::Altered);
        }
        Wrap::seal(new, owner, self.lock, self.recipient)
    }

    /// The data key, if `password` is `owner`'s (one Argon2id derivation).
    pub fn open_with_password(&self, owner: &str, password: &SecretString) -> Result<DataKey, CryptoError> {
        let Lock::Password { params, salt } = self.lock else { return Err(CryptoError::WrongSecret) };
        let master = kdf::master_secret(password, &salt, params)?;
        self.open_with_master(owner, &master)
    }

    /// The data key, from a master secret derived with this wrap's own parameters and salt.
    pub fn open_with_master(&self, owner: &str, master: &MasterSecret) -> Result<DataKey, CryptoError> {
        match self.lock {
            Lock::Password { .. } => self.open(owner, &Unlocker::from_master(master)),
            Lock::Recovery => Err(CryptoError::WrongSecret),
        }
    }

    /// The data key, if `recovery` is this store's recovery key.
    pub fn open_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey, CryptoError> {
        match self.lock {
            Lock::Recovery => self.open(RECOVERY_OWNER, &Unlocker::from_recovery(recovery)),
            Lock::Password { .. } => Err(CryptoError::WrongSecret),
        }
    }

    fn seal(data: &DataKey, owner: &str, lock: Lock, recipient: [u8; 32]) -> Result<Wrap, CryptoError> {
        let ephemeral_secret = StaticSecret::from(random::<32>()?);
        let ephemeral = PublicKey::from(&ephemeral_secret).to_bytes();
        let shared = ephemeral_secret.diffie_hellman(&PublicKey::from(recipient));
        if !shared.was_contributory() {
            // A low-order "public key" (a damaged or planted wrap): nothing sealed to it is safe.
            return Err(CryptoError::WrongSecret);
        }
        let key = box_key(shared.as_bytes(), &ephemeral, &recipient);
        let nonce: [u8; 24] = random()?;
        let ad = associated(owner, data.id(), &lock);
        let sealed = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&key[..]))
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: data.bytes(), aad: &ad })
            .map_err(|_| CryptoError::TooLong)?;
        let binding = binding(data, &ad, &recipient);
        Ok(Wrap { format: WRAP_FORMAT, key_id: data.id(), lock, recipient, binding, ephemeral, nonce, sealed })
    }

    fn open(&self, owner: &str, unlocker: &Unlocker) -> Result<DataKey, CryptoError> {
        if self.format != WRAP_FORMAT {
            return Err(CryptoError::NotSealed);
        }
        // The public key is derived again from the secret, never taken from the record: a wrap
        // whose recipient was replaced does not open.
        let recipient = unlocker.public();
        if recipient != self.recipient {
            return Err(CryptoError::WrongSecret);
        }
        let shared = unlocker.0.diffie_hellman(&PublicKey::from(self.ephemeral));
        if !shared.was_contributory() {
            return Err(CryptoError::WrongSecret);
        }
        let key = box_key(shared.as_bytes(), &self.ephemeral, &recipient);
        let ad = associated(owner, self.key_id, &self.lock);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&key[..]))
                .decrypt(XNonce::from_slice(&self.nonce), Payload { msg: &self.sealed, aad: &ad })
                .map_err(|_| CryptoError::WrongSecret)?,
        );
        let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| CryptoError::NotSealed)?;
        Ok(DataKey::from_parts(self.key_id, Zeroizing::new(bytes)))
    }
}

/// The MAC that binds a wrap's recipient to its owner and lock, under the data key inside.
fn binding(data: &DataKey, ad: &[u8], recipient: &[u8; 32]) -> [u8; 32] {
    let key = Zeroizing::new(blake3::derive_key("daftar 2026-12 wrap recipient binding v1", data.bytes()));
    let mut mac = blake3::Hasher::new_keyed(&key);
    mac.update(ad);
    mac.update(recipient);
    *mac.finalize().as_bytes()
}

/// Equality in constant time (BLAKE3's `Hash` compares so).
fn subtle_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    blake3::Hash::from_bytes(*a) == blake3::Hash::from_bytes(*b)
}

/// The box's key: the shared secret and both public keys, through BLAKE3 `derive_key`.
fn box_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut input = Zeroizing::new([0u8; 96]);
    input[..32].copy_from_slice(shared);
    input[32..64].copy_from_slice(ephemeral);
    input[64..].copy_from_slice(recipient);
    Zeroizing::new(blake3::derive_key("daftar 2026-12 data key box v1", input.as_ref()))
}

/// The wrap's associated data: its owner, the key id and the lock with its parameters, so that
/// none of them can be changed (a wrap moved to another account, or weaker parameters put in
/// its place) without the tag failing.
fn associated(owner: &str, id: KeyId, lock: &Lock) -> Vec<u8> {
    let mut ad = Vec::with_capacity(64 + owner.len());
    ad.extend_from_slice(b"daftar wrap v1\0");
    ad.extend_from_slice(&(owner.len() as u32).to_be_bytes());
    ad.extend_from_slice(owner.as_bytes());
    ad.extend_from_slice(&id.0);
    match lock {
        Lock::Password { params, salt } => {
            ad.push(b'P');
            for n in [params.m_kib, params.t, params.p] {
                ad.extend_from_slice(&n.to_be_bytes());
            }
            ad.extend_from_slice(salt);
        }
        Lock::Recovery => ad.push(b'R'),
    }
    ad
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters: these tests are about the wrap, not Argon2's cost.
    const CHEAP: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    fn pw(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    fn cheap_wrap(data: &DataKey, owner: &str, password: &str) -> Wrap {
        let salt = kdf::random_salt().unwrap();
        let master = kdf::master_secret(&pw(password), &salt, CHEAP).unwrap();
        Wrap::for_master(data, owner, &master, CHEAP, salt).unwrap()
    }

    #[test]
    fn the_right_password_unwraps_the_key_and_a_wrong_one_fails_the_tag() {
        let data = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        let back = wrap.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap();
        assert_eq!((back.id(), back.bytes()), (data.id(), data.bytes()));
        assert_eq!(
            wrap.open_with_password("account-1", &pw("copper kettle 42 dune")).unwrap_err(),
            CryptoError::WrongSecret
        );
    }

    #[test]
    fn a_wrap_moved_to_another_account_or_with_altered_parameters_does_not_open() {
        let data = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        assert_eq!(
            wrap.open_with_password("account-2", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
        let mut weaker = wrap.clone();
        if let Lock::Password { params, .. } = &mut weaker.lock {
            params.t = 2;
        }
        assert_eq!(
            weaker.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
        let mut flipped = wrap.clone();
        flipped.sealed[3] ^= 1;
        assert_eq!(
            flipped.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
        let mut other_id = wrap;
        other_id.key_id.0[0] ^= 1;
        assert_eq!(
            other_id.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
    }

    #[test]
    fn the_recovery_key_opens_its_wrap_and_nothing_else_does() {
        let data = DataKey::generate().unwrap();
        let recovery = RecoveryKey::generate().unwrap();
        let wrap = Wrap::for_recovery(&data, &recovery).unwrap();
        let typed = RecoveryKey::parse(&recovery.display()).unwrap();
        assert_eq!(wrap.open_with_recovery(&typed).unwrap().bytes(), data.bytes());
        let other = RecoveryKey::generate().unwrap();
        assert_eq!(wrap.open_with_recovery(&other).unwrap_err(), CryptoError::WrongSecret);
        assert_eq!(
            wrap.open_with_password("recovery key", &pw("anything at all")).unwrap_err(),
            CryptoError::WrongSecret
        );
        let password_wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        assert_eq!(password_wrap.open_with_recovery(&recovery).unwrap_err(), CryptoError::WrongSecret);
    }

    #[test]
    fn a_rewrap_for_a_new_key_opens_with_the_owners_password_without_it_being_known() {
        let old = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&old, "account-1", "copper kettle 42 dunes");
        let new = DataKey::generate().unwrap();
        let rewrapped = wrap.rewrap(&old, &new, "account-1").unwrap();
        let back = rewrapped.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap();
        assert_eq!((back.id(), back.bytes()), (new.id(), new.bytes()));
        let recovery = RecoveryKey::generate().unwrap();
        let again = Wrap::for_recovery(&old, &recovery).unwrap().rewrap(&old, &new, "recovery key").unwrap();
        // Only the key the wrap holds vouches for its recipient.
        assert_eq!(wrap.rewrap(&new, &new, "account-1").unwrap_err(), CryptoError::Altered);
        assert_eq!(again.open_with_recovery(&recovery).unwrap().bytes(), new.bytes());
    }

    #[test]
    fn a_wrap_with_a_replaced_recipient_or_ephemeral_key_does_not_open() {
        let data = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        let mut other = wrap.clone();
        other.recipient = cheap_wrap(&data, "account-1", "another password 9 kites").recipient;
        assert_eq!(
            other.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
        let mut low = wrap.clone();
        low.ephemeral = [0; 32];
        assert_eq!(
            low.open_with_password("account-1", &pw("copper kettle 42 dunes")).unwrap_err(),
            CryptoError::WrongSecret
        );
        // A recipient planted in the store is never sealed to at the next rotation: its binding
        // under the data key fails.
        let new = DataKey::generate().unwrap();
        assert_eq!(other.rewrap(&data, &new, "account-1").unwrap_err(), CryptoError::Altered);
        let mut planted = wrap;
        planted.recipient = [0; 32];
        assert_eq!(planted.rewrap(&data, &new, "account-1").unwrap_err(), CryptoError::Altered);
    }

    #[test]
    fn a_wrap_round_trips_through_json_and_holds_no_key_bytes() {
        let data = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        let json = serde_json::to_vec(&wrap).unwrap();
        let back: Wrap = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, wrap);
        assert!(!json.windows(8).any(|w| w == &data.bytes()[..8]));
    }
}
