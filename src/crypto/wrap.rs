//! A wrap: the data key sealed under a key that only one account's password, or the recovery
//! key, gives back.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{CryptoError, DataKey, KEY_LEN, KeyId, RecoveryKey, random};
use crate::auth::kdf::{self, KdfParams, MasterSecret, SALT_LEN};

/// The layout of a [`Wrap`] this build writes.
pub const WRAP_FORMAT: u32 = 1;

/// What unlocks a wrap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lock {
    /// A password, through Argon2id with these parameters and this salt.
    Password { params: KdfParams, salt: [u8; SALT_LEN] },
    /// The recovery key (160 random bits: no slow derivation is needed).
    Recovery,
}

/// The data key wrapped for one owner (an account id, or the recovery key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrap {
    pub format: u32,
    /// The data key inside, so that a wrap of a rotated-out key is known without opening it.
    pub key_id: KeyId,
    pub lock: Lock,
    nonce: [u8; 24],
    sealed: Vec<u8>,
}

/// The owner the recovery wrap is bound to.
const RECOVERY_OWNER: &str = "recovery key";

impl Wrap {
    /// The data key wrapped under a fresh salt for `owner`'s password, at the current Argon2id
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
        Wrap::seal(data, owner, Lock::Password { params, salt }, &kdf::wrapping_key_of(master))
    }

    /// The data key wrapped under the recovery key.
    pub fn for_recovery(data: &DataKey, recovery: &RecoveryKey) -> Result<Wrap, CryptoError> {
        Wrap::seal(data, RECOVERY_OWNER, Lock::Recovery, &recovery_wrapping_key(recovery))
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
            Lock::Password { .. } => self.open(owner, &kdf::wrapping_key_of(master)),
            Lock::Recovery => Err(CryptoError::WrongSecret),
        }
    }

    /// The data key, if `recovery` is this store's recovery key.
    pub fn open_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey, CryptoError> {
        match self.lock {
            Lock::Recovery => self.open(RECOVERY_OWNER, &recovery_wrapping_key(recovery)),
            Lock::Password { .. } => Err(CryptoError::WrongSecret),
        }
    }

    fn seal(data: &DataKey, owner: &str, lock: Lock, wrapping: &[u8; KEY_LEN]) -> Result<Wrap, CryptoError> {
        let nonce: [u8; 24] = random()?;
        let ad = associated(owner, data.id(), &lock);
        let sealed = XChaCha20Poly1305::new(wrapping.into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: data.bytes(), aad: &ad })
            .map_err(|_| CryptoError::Random("the cipher refused the key".into()))?;
        Ok(Wrap { format: WRAP_FORMAT, key_id: data.id(), lock, nonce, sealed })
    }

    fn open(&self, owner: &str, wrapping: &[u8; KEY_LEN]) -> Result<DataKey, CryptoError> {
        if self.format != WRAP_FORMAT {
            return Err(CryptoError::NotSealed);
        }
        let ad = associated(owner, self.key_id, &self.lock);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(wrapping.into())
                .decrypt(XNonce::from_slice(&self.nonce), Payload { msg: &self.sealed, aad: &ad })
                .map_err(|_| CryptoError::WrongSecret)?,
        );
        let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| CryptoError::NotSealed)?;
        Ok(DataKey::from_parts(self.key_id, Zeroizing::new(bytes)))
    }
}

fn recovery_wrapping_key(recovery: &RecoveryKey) -> Zeroizing<[u8; KEY_LEN]> {
    Zeroizing::new(blake3::derive_key("daftar 2026-12 recovery key wrapping v1", recovery.bytes()))
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
    fn a_wrap_round_trips_through_json_and_holds_no_key_bytes() {
        let data = DataKey::generate().unwrap();
        let wrap = cheap_wrap(&data, "account-1", "copper kettle 42 dunes");
        let json = serde_json::to_vec(&wrap).unwrap();
        let back: Wrap = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, wrap);
        assert!(!json.windows(8).any(|w| w == &data.bytes()[..8]));
    }
}
