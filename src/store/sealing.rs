//! Sealing the values of the store's personal trees (issue 12; the table of what is sealed is
//! in docs/encryption.md).
//!
//! Every value that holds personal data passes through a [`Sealer`] on its way to and from
//! sled: [`Sealer::seal`] after it is encoded, [`Sealer::open`] before it is decoded. The
//! encoding itself (JSON, postcard) stays where it was. A store from before encryption (no key
//! ring) has a sealer that changes nothing, so that it can still be read until it is upgraded.
//!
//! A sealed value is bound to its tree and its key ([`crate::crypto::Keys::seal`]): a value
//! altered on disk, or moved from another record, fails to open and is named
//! ([`KeyProblem::Altered`]); the other records stay readable.

use std::sync::Arc;

use zeroize::Zeroizing;

use super::Store;
use super::keyring::KeyProblem;
use crate::crypto::{CryptoError, Keys};
use crate::error::{Error, Result};

/// What seals and opens the values of one operation: the data key of an encrypted store, or
/// nothing for a plain one. Taken once per operation ([`Store::sealer`]) and used inside its
/// transactions, which cannot ask the store.
#[derive(Clone)]
pub(super) struct Sealer(Option<Arc<Keys>>);

impl Store {
    /// The sealer for what is about to be read or written. Refused while an encrypted store's
    /// key is not held (nobody is logged in, or the session is locked).
    pub(super) fn sealer(&self) -> Result<Sealer> {
        if !self.is_encrypted()? {
            return Ok(Sealer(None));
        }
        Ok(Sealer(Some(self.keys()?)))
    }
}

impl Sealer {
    /// The sealer of a plain store, which changes nothing.
    pub(super) fn plain() -> Sealer {
        Sealer(None)
    }

    /// The sealer of `keys`, for a store being given them (its creation, its first
    /// administrator, a rewrite), before the store holds them.
    pub(super) fn with(keys: Arc<Keys>) -> Sealer {
        Sealer(Some(keys))
    }

    /// The key a blind index keeps `value` (already normalised) under, for `purpose` (one per
    /// index): a keyed hash on an encrypted store ([`Keys::blind`]), so that equal values meet
    /// and nothing of the value shows; the value itself on a plain store, which shows it anyway.
    pub(super) fn blind(&self, purpose: &str, value: &str) -> Vec<u8> {
        match &self.0 {
            None => value.as_bytes().to_vec(),
            Some(keys) => keys.blind(purpose, value.as_bytes()).to_vec(),
        }
    }

    /// `plain`, the encoded value to be stored under `key` in `tree`, as it goes to disk.
    pub(super) fn seal(&self, tree: &str, key: &[u8], plain: Vec<u8>) -> Result<Vec<u8>> {
        match &self.0 {
            None => Ok(plain),
            Some(keys) => {
                let plain = Zeroizing::new(plain);
                keys.seal(tree, key, &plain).map_err(|e| Error::Key(KeyProblem::Sealing(e.to_string())))
            }
        }
    }

    /// The encoded value stored under `key` in `tree` (`what` names it in a refusal), from the
    /// bytes on disk. A seal that does not open is refused, naming the record.
    pub(super) fn open(&self, what: &'static str, tree: &str, key: &[u8], stored: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        match &self.0 {
            None => Ok(Zeroizing::new(stored.to_vec())),
            Some(keys) => keys.open(tree, key, stored).map_err(|e| {
                let id = String::from_utf8_lossy(key).into_owned();
                Error::Key(match e {
                    CryptoError::OtherKey { .. } | CryptoError::NotSealed | CryptoError::Altered => {
                        KeyProblem::Altered { what, id }
                    }
                    other => KeyProblem::Sealing(other.to_string()),
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DataKey;

    fn sealer() -> Sealer {
        Sealer(Some(Arc::new(Keys::new(DataKey::generate().unwrap()))))
    }

    #[test]
    fn a_plain_sealer_changes_nothing_and_a_keyed_one_binds_the_place() {
        let plain = Sealer(None);
        assert_eq!(plain.seal("participants", b"k", b"Amina".to_vec()).unwrap(), b"Amina");
        assert_eq!(&plain.open("participant", "participants", b"k", b"Amina").unwrap()[..], b"Amina");

        let s = sealer();
        let sealed = s.seal("participants", b"k1", b"Amina".to_vec()).unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Amina"));
        assert_eq!(&s.open("participant", "participants", b"k1", &sealed).unwrap()[..], b"Amina");
        for (tree, key) in [("participants", &b"k2"[..]), ("drafts", &b"k1"[..])] {
            match s.open("participant", tree, key, &sealed) {
                Err(Error::Key(KeyProblem::Altered { what, id })) => {
                    assert_eq!(what, "participant");
                    assert_eq!(id, String::from_utf8_lossy(key));
                }
                other => panic!("{other:?}"),
            }
        }
        // A plain value where a sealed one belongs is refused as altered, never taken as it is.
        assert!(matches!(
            s.open("participant", "participants", b"k1", b"{\"name\":\"Amina\"}"),
            Err(Error::Key(KeyProblem::Altered { .. }))
        ));
    }
}
