//! Encryption at rest (issue 12): the store's one data key, the subkeys derived from it, the
//! sealing of every personal value, the wraps that let an account's password (or the recovery
//! key) unlock the data key, and the recovery key itself.
//!
//! # Keys
//! - The **data key**: 32 random bytes from the operating system ([`DataKey::generate`]), with a
//!   random 8-byte [`KeyId`] naming it. It is never written unwrapped.
//! - **Subkeys**, one per purpose, from BLAKE3's `derive_key` with a context string each
//!   ([`Keys`]): sealing records, blind indexes (the audit chain's MAC key is random, sealed in the store). Knowing one tells nothing
//!   of the others or of the data key.
//! - A **wrap** ([`Wrap`]) is the data key sealed to one unlocker's X25519 public key. The
//!   unlocker's secret comes from an account's password (Argon2id, parameters and salt kept in
//!   the wrap) or from the recovery key. A wrong password fails the wrap's tag: unwrapping is the
//!   login's proof. Whoever holds the data key can wrap a new one for every account from their
//!   public keys, which a key rotation needs (docs/encryption.md).
//!
//! # A sealed value ([`Keys::seal`])
//! `b'S' 1 key_id(8) nonce(24) ciphertext tag(16)`: XChaCha20-Poly1305 under the records
//! subkey, a fresh random nonce per value, and as associated data the tree's name, the value's
//! key in that tree and the key id. A value moved to another record or tree, or sealed under
//! another key, fails to open and is named as such ([`CryptoError`]).
//!
//! Everything here holds its secrets in [`zeroize::Zeroizing`] buffers, wiped when dropped, and
//! counts the live key sets ([`keys_alive`]) so a test can show that a locked session holds none.

mod keys;
mod recovery;
mod seal;
mod wrap;

pub use keys::{DataKey, KEY_LEN, KeyId, Keys, keys_alive};
pub use recovery::{GROUPS, RecoveryError, RecoveryKey};
pub use seal::{SEAL_OVERHEAD, sealed_key_id};
pub use wrap::{Lock, RECOVERY_OWNER, WRAP_FORMAT, Wrap};

/// Why sealing, opening or unwrapping failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the system gave no random numbers: {0}")]
    Random(String),
    /// Not a sealed value of a layout this program knows (plain, cut short, or newer).
    #[error("the value is not sealed in a form this program knows")]
    NotSealed,
    /// Sealed under another data key than the one held (a key rotation under way, or a value
    /// copied from another store).
    #[error("the value is sealed under key {found}, not under this store's key {held}")]
    OtherKey { found: KeyId, held: KeyId },
    /// The tag does not match: the value was altered, or moved from another record or tree.
    #[error("the value was altered or does not belong to this record (its tag does not match)")]
    Altered,
    /// The password or recovery key does not open this wrap (or the wrap was altered).
    #[error("the password or recovery key does not open the store's key")]
    WrongSecret,
    /// The cipher refused to seal the value (longer than it can seal).
    #[error("the value is too long to be sealed")]
    TooLong,
    #[error("{0}")]
    Kdf(#[from] crate::auth::kdf::KdfError),
}

/// `n` random bytes from the operating system.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(out)
}
