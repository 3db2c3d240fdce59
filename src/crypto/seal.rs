//! Sealing one stored value: XChaCha20-Poly1305 with a random nonce, bound to its place.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use zeroize::Zeroizing;

use super::{CryptoError, KeyId, Keys, random};

const MAGIC: u8 = b'S';
const LAYOUT: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 2 + 8 + NONCE_LEN;
/// Bytes a sealed value takes beyond its plaintext.
pub const SEAL_OVERHEAD: usize = HEADER_LEN + TAG_LEN;

/// The associated data: the tree's name and the value's key, each with its length, then the
/// key id. Nothing of it is secret; all of it must match for the value to open.
fn associated(tree: &str, key: &[u8], id: KeyId) -> Vec<u8> {
    let mut ad = Vec::with_capacity(24 + tree.len() + key.len());
    ad.extend_from_slice(b"daftar seal v1\0");
    ad.extend_from_slice(&[MAGIC, LAYOUT]);
    ad.extend_from_slice(&(tree.len() as u32).to_be_bytes());
    ad.extend_from_slice(tree.as_bytes());
    ad.extend_from_slice(&(key.len() as u32).to_be_bytes());
    ad.extend_from_slice(key);
    ad.extend_from_slice(&id.0);
    ad
}

impl Keys {
    /// `plaintext` sealed for the value under `key` in tree `tree`.
    pub fn seal(&self, tree: &str, key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let nonce: [u8; NONCE_LEN] = random()?;
        let cipher = XChaCha20Poly1305::new(self.records_key().into());
        let ad = associated(tree, key, self.id());
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: &ad })
            .map_err(|_| CryptoError::TooLong)?;
        let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
        out.extend_from_slice(&[MAGIC, LAYOUT]);
        out.extend_from_slice(&self.id().0);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plaintext of a value sealed by [`Keys::seal`] for this very place.
    pub fn open(&self, tree: &str, key: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let found = sealed_key_id(sealed).ok_or(CryptoError::NotSealed)?;
        if found != self.id() {
            return Err(CryptoError::OtherKey { found, held: self.id() });
        }
        let nonce = XNonce::from_slice(&sealed[10..HEADER_LEN]);
        let cipher = XChaCha20Poly1305::new(self.records_key().into());
        let ad = associated(tree, key, found);
        cipher
            .decrypt(nonce, Payload { msg: &sealed[HEADER_LEN..], aad: &ad })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Altered)
    }
}

/// The id of the key a value is sealed under, or `None` when the bytes are no sealed value.
pub fn sealed_key_id(bytes: &[u8]) -> Option<KeyId> {
    if bytes.len() < SEAL_OVERHEAD || bytes[0] != MAGIC || bytes[1] != LAYOUT {
        return None;
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[2..10]);
    Some(KeyId(id))
}

#[cfg(test)]
mod tests {
    use super::super::DataKey;
    use super::*;

    fn keys() -> Keys {
        Keys::new(DataKey::generate().unwrap())
    }

    #[test]
    fn a_value_opens_where_it_was_sealed_and_hides_its_plaintext() {
        let keys = keys();
        let plain = "يوسف بن عمر / Youssef Ben Omar, dossier 2026-117".as_bytes();
        let sealed = keys.seal("participants", b"id-1", plain).unwrap();
        assert_eq!(sealed.len(), plain.len() + SEAL_OVERHEAD);
        assert!(!sealed.windows(6).any(|w| w == b"Yousse"));
        assert!(!sealed.windows(4).any(|w| w == "يو".as_bytes()));
        assert_eq!(keys.open("participants", b"id-1", &sealed).unwrap().as_slice(), plain);
    }

    #[test]
    fn two_seals_of_one_value_differ() {
        let keys = keys();
        assert_ne!(keys.seal("t", b"k", b"same").unwrap(), keys.seal("t", b"k", b"same").unwrap());
    }

    #[test]
    fn a_value_moved_to_another_record_or_tree_does_not_open() {
        let keys = keys();
        let sealed = keys.seal("participants", b"id-1", b"value").unwrap();
        assert_eq!(keys.open("participants", b"id-2", &sealed), Err(CryptoError::Altered));
        assert_eq!(keys.open("drafts", b"id-1", &sealed), Err(CryptoError::Altered));
        // The lengths are bound too: moving a byte between the tree's name and the key fails.
        let sealed = keys.seal("ab", b"c", b"value").unwrap();
        assert_eq!(keys.open("a", b"bc", &sealed), Err(CryptoError::Altered));
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let keys = keys();
        let sealed = keys.seal("interviews", b"k", b"an answer").unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            let result = keys.open("interviews", b"k", &bad);
            assert!(result.is_err(), "byte {i} flipped still opened");
        }
    }

    #[test]
    fn another_key_plain_bytes_and_cut_values_are_named() {
        let (a, b) = (keys(), keys());
        let sealed = a.seal("t", b"k", b"value").unwrap();
        assert_eq!(b.open("t", b"k", &sealed), Err(CryptoError::OtherKey { found: a.id(), held: b.id() }));
        assert_eq!(a.open("t", b"k", br#"{"format":1,"name":"x"}"#), Err(CryptoError::NotSealed));
        assert_eq!(a.open("t", b"k", &sealed[..SEAL_OVERHEAD - 1]), Err(CryptoError::NotSealed));
        assert_eq!(a.open("t", b"k", &sealed[..sealed.len() - 1]), Err(CryptoError::Altered));
        assert_eq!(sealed_key_id(&sealed), Some(a.id()));
    }
}
