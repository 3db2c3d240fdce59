//! The data key, its id, and the subkeys derived from it.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{CryptoError, random};

/// Bytes of every key.
pub const KEY_LEN: usize = 32;

/// The random name of a data key, stored beside what it seals so that a value sealed under an
/// older key (during a rotation) is recognised as such.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KeyId(pub [u8; 8]);

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::fmt::Debug for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// The store's data key: 32 random bytes and their id. Wiped when dropped; never printed.
pub struct DataKey {
    id: KeyId,
    bytes: Zeroizing<[u8; KEY_LEN]>,
}

impl DataKey {
    /// A fresh key from the operating system's random numbers.
    pub fn generate() -> Result<DataKey, CryptoError> {
        Ok(DataKey { id: KeyId(random()?), bytes: Zeroizing::new(random()?) })
    }

    pub(super) fn from_parts(id: KeyId, bytes: Zeroizing<[u8; KEY_LEN]>) -> DataKey {
        DataKey { id, bytes }
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    pub(super) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// Another handle on the same key (for a second set of subkeys, or a rewrap).
    pub fn duplicate(&self) -> DataKey {
        DataKey { id: self.id, bytes: Zeroizing::new(*self.bytes) }
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataKey").field("id", &self.id).finish_non_exhaustive()
    }
}

static ALIVE: AtomicUsize = AtomicUsize::new(0);

/// How many [`Keys`] exist in this process right now: the test hook that shows a locked
/// session holds no key.
pub fn keys_alive() -> usize {
    ALIVE.load(Ordering::SeqCst)
}

/// The data key and the subkeys derived from it, one per purpose. Holding a `Keys` is holding
/// the register: it lives only while a session is logged in and unlocked.
pub struct Keys {
    data: DataKey,
    records: Zeroizing<[u8; KEY_LEN]>,
    index: Zeroizing<[u8; KEY_LEN]>,
}

const RECORDS_CONTEXT: &str = "daftar 2026-12 sealed records v1";
const INDEX_CONTEXT: &str = "daftar 2026-12 blind indexes v1";

impl Keys {
    pub fn new(data: DataKey) -> Keys {
        let derive = |context| Zeroizing::new(blake3::derive_key(context, data.bytes()));
        // No audit subkey: the chain's key is random, sealed in the store (store::audit), so that
        // a rotation re-seals one value instead of re-MACing the log.
        let keys = Keys { records: derive(RECORDS_CONTEXT), index: derive(INDEX_CONTEXT), data };
        ALIVE.fetch_add(1, Ordering::SeqCst);
        keys
    }

    pub fn id(&self) -> KeyId {
        self.data.id
    }

    /// The data key itself, to wrap it for an account or the recovery key.
    pub fn data_key(&self) -> &DataKey {
        &self.data
    }

    pub(super) fn records_key(&self) -> &[u8; KEY_LEN] {
        &self.records
    }

    /// The blind index of a value: a keyed hash, under the index subkey, of the purpose and the
    /// value (already normalised by the caller). Equal values give equal digests; without the
    /// key, a digest tells nothing of its value, not even a guessed one.
    pub fn blind(&self, purpose: &str, value: &[u8]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.index);
        hasher.update(&(purpose.len() as u64).to_be_bytes());
        hasher.update(purpose.as_bytes());
        hasher.update(value);
        *hasher.finalize().as_bytes()
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("id", &self.data.id).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subkeys_differ_from_each_other_and_from_the_data_key() {
        let keys = Keys::new(DataKey::generate().unwrap());
        let all = [*keys.data.bytes(), *keys.records, *keys.index];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn the_same_data_key_gives_the_same_subkeys_and_another_gives_others() {
        let data = DataKey::generate().unwrap();
        let a = Keys::new(data.duplicate());
        let b = Keys::new(data);
        assert_eq!(*a.records, *b.records);
        assert_eq!(a.blind("file number", b"AB-12"), b.blind("file number", b"AB-12"));
        let c = Keys::new(DataKey::generate().unwrap());
        assert_ne!(*a.records, *c.records);
        assert_ne!(a.blind("file number", b"AB-12"), c.blind("file number", b"AB-12"));
        assert_ne!(a.id(), c.id());
    }

    #[test]
    fn a_blind_index_separates_purposes_and_values() {
        let keys = Keys::new(DataKey::generate().unwrap());
        assert_ne!(keys.blind("file number", b"12"), keys.blind("file number", b"13"));
        assert_ne!(keys.blind("file number", b"12"), keys.blind("username", b"12"));
        // The purpose's length is hashed before it: no purpose/value split collides with another.
        assert_ne!(keys.blind("ab", b"c"), keys.blind("a", b"bc"));
    }

    #[test]
    fn debug_output_names_the_key_id_and_never_the_key() {
        let data = DataKey::generate().unwrap();
        let hex: String = data.bytes().iter().map(|b| format!("{b:02x}")).collect();
        let keys = Keys::new(data);
        let shown = format!("{keys:?} {:?}", keys.data_key());
        assert!(shown.contains(&keys.id().to_string()));
        assert!(!shown.contains(&hex[..16]), "{shown}");
    }
}
