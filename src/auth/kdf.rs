//! From a password to keys: one Argon2id run gives a 32-byte master secret, and BLAKE3's
//! `derive_key` gives from it, with a different context each, the verifier stored in the account
//! ([`verifier_of`]) and the key that will wrap the store's data key (issue 12,
//! [`wrapping_key_of`]). Neither reveals the other or the master secret, so the stored
//! verifier is no help in unwrapping the data key.
//!
//! The parameters are explicit (RFC 9106's second recommended option: 64 MiB, t=3, p=4), not
//! the crate's defaults, and stored with each credential, so they can be raised later: a
//! credential made with lower ones still verifies, and [`KdfParams::is_below_current`] tells the
//! caller to re-derive it at the next successful login.

use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Argon2id's cost parameters, as stored with each credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over the memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What new credentials are made with: 64 MiB, 3 passes, 4 lanes.
    pub const CURRENT: KdfParams = KdfParams { m_kib: 65_536, t: 3, p: 4 };

    /// The most a stored credential may ask for: 1 GiB, 16 passes, 16 lanes (16 times
    /// [`KdfParams::CURRENT`]'s memory; the crate runs the lanes on one thread). A damaged or
    /// hostile record asking for more is refused instead of exhausting memory and time.
    pub const CEILING: KdfParams = KdfParams { m_kib: 1 << 20, t: 16, p: 16 };

    /// Whether a credential made with these should be re-derived with [`KdfParams::CURRENT`].
    pub fn is_below_current(self) -> bool {
        self.m_kib < Self::CURRENT.m_kib || self.t < Self::CURRENT.t || self.p < Self::CURRENT.p
    }
}

/// Bytes of random salt per credential.
pub const SALT_LEN: usize = 16;
/// Bytes of every derived secret.
pub const KEY_LEN: usize = 32;

/// What an account stores to check its password: the parameters, the salt and the verifier
/// (never the password or the master secret).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub params: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub verifier: [u8; KEY_LEN],
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential").field("params", &self.params).finish_non_exhaustive()
    }
}

/// The one Argon2id output a password gives under a salt; zeroed when dropped.
pub type MasterSecret = Zeroizing<[u8; KEY_LEN]>;

/// Why a derivation could not run: parameters Argon2 refuses (a damaged record) or no random
/// numbers from the system.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KdfError {
    #[error("the password hash parameters are not usable: {0}")]
    Params(String),
    #[error("the system gave no random numbers: {0}")]
    Random(String),
}

/// The fixed salt an unknown username is derived against, so that it costs the same time as a
/// known one and fails the same way ([`crate::auth::login`]).
pub const DUMMY_SALT: [u8; SALT_LEN] = *b"daftar-no-user!!";

thread_local! {
    static DERIVATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many Argon2id derivations this thread has run: lets a test see that an unknown
/// username, a wrong password, a locked and a disabled account each cost exactly one, and that
/// an over-long password costs none.
pub fn derivations_on_this_thread() -> u64 {
    DERIVATIONS.with(|d| d.get())
}

/// Runs Argon2id on the NFC form of `password` (see [`super::password::normalized`]).
pub fn master_secret(
    password: &SecretString,
    salt: &[u8; SALT_LEN],
    params: KdfParams,
) -> Result<MasterSecret, KdfError> {
    let ceiling = KdfParams::CEILING;
    if params.m_kib > ceiling.m_kib || params.t > ceiling.t || params.p > ceiling.p {
        return Err(KdfError::Params(format!("{params:?} is above {ceiling:?}")));
    }
    let params_of =
        Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN)).map_err(|e| KdfError::Params(e.to_string()))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params_of);
    let nfc = super::password::normalized(password);
    DERIVATIONS.with(|d| d.set(d.get() + 1));
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    // The working memory (64 MiB at today's parameters) is wiped when dropped: the blocks lead
    // to the master secret.
    let mut memory = Zeroizing::new(vec![argon2::Block::default(); argon.params().block_count()]);
    argon
        .hash_password_into_with_memory(nfc.as_bytes(), salt, out.as_mut(), memory.as_mut_slice())
        .map_err(|e| KdfError::Params(e.to_string()))?;
    Ok(out)
}

/// The verifier stored in the account, from the master secret.
pub fn verifier_of(master: &MasterSecret) -> [u8; KEY_LEN] {
    blake3::derive_key("daftar 2026-12 account password verifier v1", master.as_ref())
}

/// The key that wraps the store's data key for this account (issue 12: the data key exists on
/// disk only wrapped, once per account). Derived from the same Argon2id run as the verifier, so
/// a login costs one derivation; unused until the store is encrypted.
pub fn wrapping_key_of(master: &MasterSecret) -> Zeroizing<[u8; KEY_LEN]> {
    Zeroizing::new(blake3::derive_key("daftar 2026-12 data key wrapping v1", master.as_ref()))
}

/// A fresh random salt from the system.
pub fn random_salt() -> Result<[u8; SALT_LEN], KdfError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| KdfError::Random(e.to_string()))?;
    Ok(salt)
}

/// A new credential for `password` under a new random salt and [`KdfParams::CURRENT`], with its
/// master secret (for the caller that also needs the wrapping key).
pub fn new_credential(password: &SecretString) -> Result<(Credential, MasterSecret), KdfError> {
    let salt = random_salt()?;
    let params = KdfParams::CURRENT;
    let master = master_secret(password, &salt, params)?;
    Ok((Credential { params, salt, verifier: verifier_of(&master) }, master))
}

/// Whether `password` is the one `credential` was made from, compared in constant time; with
/// the master secret when it is.
pub fn verify(password: &SecretString, credential: &Credential) -> Result<Option<MasterSecret>, KdfError> {
    let master = master_secret(password, &credential.salt, credential.params)?;
    // blake3::Hash compares in constant time.
    let same = blake3::Hash::from_bytes(verifier_of(&master)) == blake3::Hash::from_bytes(credential.verifier);
    Ok(same.then_some(master))
}

/// Runs the same derivation as [`verify`] against [`DUMMY_SALT`] and the current parameters,
/// for a username that has no account: the same time, and always no.
pub fn verify_nobody(password: &SecretString) -> Result<(), KdfError> {
    let master = master_secret(password, &DUMMY_SALT, KdfParams::CURRENT)?;
    // Compared like a real verifier, so the work done is the same.
    let _ = blake3::Hash::from_bytes(verifier_of(&master)) == blake3::Hash::from_bytes([0; KEY_LEN]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small parameters for the logic tests beside the code; the production ones are used by
    /// the login tests (one derivation each).
    const CHEAP: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    /// L4: above 1 GiB, 16 passes or 16 lanes a stored credential is refused before any work.
    #[test]
    fn parameters_above_the_ceiling_are_refused() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        for params in [
            KdfParams { m_kib: (1 << 20) + 8, t: 1, p: 1 },
            KdfParams { m_kib: 64, t: 17, p: 1 },
            KdfParams { m_kib: 256, t: 1, p: 17 },
        ] {
            assert!(matches!(master_secret(&pw, &[1; 16], params), Err(KdfError::Params(_))), "{params:?}");
        }
    }

    /// The memory Daftar gives Argon2 (and wipes) changes nothing in the result: RFC 9106's
    /// Argon2id through the crate's own allocation gives the same master secret.
    #[test]
    fn the_wiped_working_memory_gives_the_crates_result() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        let params = KdfParams { m_kib: 256, t: 2, p: 2 };
        let ours = master_secret(&pw, &[7; 16], params).unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(256, 2, 2, Some(KEY_LEN)).unwrap());
        let mut theirs = [0u8; KEY_LEN];
        argon.hash_password_into(b"river stone 42 tea", &[7; 16], &mut theirs).unwrap();
        assert_eq!(*ours, theirs);
    }

    #[test]
    fn the_same_password_and_salt_give_the_same_secret_and_keys_differ_by_purpose() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        let a = master_secret(&pw, &[7; SALT_LEN], CHEAP).unwrap();
        let b = master_secret(&pw, &[7; SALT_LEN], CHEAP).unwrap();
        assert_eq!(*a, *b);
        assert_ne!(verifier_of(&a), *wrapping_key_of(&a));
        assert_ne!(verifier_of(&a), *a);
        let other = master_secret(&pw, &[8; SALT_LEN], CHEAP).unwrap();
        assert_ne!(*a, *other);
    }

    #[test]
    fn a_credential_with_lower_params_still_verifies_and_asks_to_be_raised() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        let master = master_secret(&pw, &[1; SALT_LEN], CHEAP).unwrap();
        let old = Credential { params: CHEAP, salt: [1; SALT_LEN], verifier: verifier_of(&master) };
        assert!(verify(&pw, &old).unwrap().is_some());
        assert!(verify(&SecretString::from("river stone 42 tee".to_string()), &old).unwrap().is_none());
        assert!(CHEAP.is_below_current());
        assert!(!KdfParams::CURRENT.is_below_current());
    }

    #[test]
    fn nfc_and_nfd_of_a_password_are_the_same_password() {
        let nfc = SecretString::from("caf\u{e9} au lait noir".to_string());
        let nfd = SecretString::from("cafe\u{301} au lait noir".to_string());
        assert_eq!(
            *master_secret(&nfc, &[2; SALT_LEN], CHEAP).unwrap(),
            *master_secret(&nfd, &[2; SALT_LEN], CHEAP).unwrap()
        );
    }

    #[test]
    fn the_current_params_are_rfc_9106s_second_option() {
        assert_eq!(KdfParams::CURRENT, KdfParams { m_kib: 65_536, t: 3, p: 4 });
    }

    #[test]
    fn params_beyond_the_ceiling_are_refused_without_running() {
        let pw = SecretString::from("river stone 42 tea".to_string());
        let huge = KdfParams { m_kib: u32::MAX, t: 3, p: 4 };
        assert!(matches!(master_secret(&pw, &[1; SALT_LEN], huge), Err(KdfError::Params(_))));
        let zero = KdfParams { m_kib: 0, t: 0, p: 0 };
        assert!(matches!(master_secret(&pw, &[1; SALT_LEN], zero), Err(KdfError::Params(_))));
    }

    #[test]
    fn a_credential_prints_no_secret() {
        let c = Credential { params: CHEAP, salt: [9; SALT_LEN], verifier: [5; KEY_LEN] };
        assert!(!format!("{c:?}").contains('5'), "{c:?}");
    }
}
