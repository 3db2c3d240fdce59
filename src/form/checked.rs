//! The result of checking a form, kept so that a start does not check again a form it has
//! already checked: a 10,000-question form takes about 0.1 s to check, and every start used to
//! check every stored version of every form.
//!
//! A kept result is only ever used for the exact text it was checked from, by the exact checker
//! that checked it. Each entry carries this build's [`FINGERPRINT`] (the package version and a
//! hash of every source file of the crate, made by `build.rs`, so that any change to the
//! checker or to the form model makes every entry unknown, with no version number to forget to
//! raise) and a SHA-256 digest over that fingerprint, the form's source text and the encoded
//! result. [`decode`] refuses an entry whose fingerprint differs, whose digest does not match
//! (an edited or damaged entry), which does not decode, or which is of another form or version:
//! the caller then checks the text again. A wrong form can only come out of a deliberate forgery
//! of the digest by someone who can write the store, who could as well change the form itself.

use std::cell::Cell;

use sha2::{Digest, Sha256};

use super::FormDef;

/// What makes a kept result this build's: see the module doc.
pub const FINGERPRINT: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("DAFTAR_SOURCE_FINGERPRINT"));

thread_local! {
    static CHECKS: Cell<u64> = const { Cell::new(0) };
}

/// How many times [`super::check_form`] has run on this thread: lets tests and benches see
/// that a start used a kept result instead of checking (a count per thread, so that tests
/// running side by side do not see each other's checks).
pub fn checks_on_this_thread() -> u64 {
    CHECKS.with(Cell::get)
}

pub(super) fn count_check() {
    CHECKS.with(|c| c.set(c.get() + 1));
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    fingerprint: String,
    digest: [u8; 32],
    /// The checked [`FormDef`] (without its source), in postcard.
    payload: Vec<u8>,
}

fn digest(fingerprint: &str, source: &str, payload: &[u8]) -> [u8; 32] {
    let mut sha = Sha256::new();
    for part in [fingerprint.as_bytes(), source.as_bytes(), payload] {
        sha.update((part.len() as u64).to_le_bytes());
        sha.update(part);
    }
    sha.finalize().into()
}

/// The entry to keep for `form`, which [`super::check_form`] returned for `form.source`.
pub fn encode(form: &FormDef) -> Option<Vec<u8>> {
    let payload = postcard::to_stdvec(form).ok()?;
    let entry =
        Entry { fingerprint: FINGERPRINT.to_string(), digest: digest(FINGERPRINT, &form.source, &payload), payload };
    postcard::to_stdvec(&entry).ok()
}

/// The form kept in `bytes`, if they hold this build's checked result of exactly `source`, for
/// form `id` version `version`; None for anything else (see the module doc).
pub fn decode(bytes: &[u8], id: &str, version: u32, source: &str) -> Option<FormDef> {
    let entry: Entry = postcard::from_bytes(bytes).ok()?;
    if entry.fingerprint != FINGERPRINT || entry.digest != digest(FINGERPRINT, source, &entry.payload) {
        return None;
    }
    let mut form: FormDef = postcard::from_bytes(&entry.payload).ok()?;
    if form.id != id || form.version != version {
        return None;
    }
    form.source = source.to_string();
    Some(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{builtin_sources, check_form};

    fn debug(form: &FormDef) -> String {
        format!("{form:?}")
    }

    #[test]
    fn every_builtin_form_comes_back_as_checked() {
        // The intake form has a text pattern: its regex is kept as text and compiled again.
        for (name, source) in builtin_sources() {
            let form = check_form(source).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let bytes = encode(&form).unwrap();
            let back = decode(&bytes, &form.id, form.version, source).unwrap();
            assert_eq!(debug(&back), debug(&form), "{name}");
        }
    }

    #[test]
    fn defaults_repeat_groups_and_every_kind_come_back() {
        let source = include_str!("../../tests/data/forms/valid_training.toml");
        let form = check_form(source).unwrap();
        let back = decode(&encode(&form).unwrap(), &form.id, form.version, source).unwrap();
        assert_eq!(debug(&back), debug(&form));
    }

    #[test]
    fn a_chain_of_calculations_comes_back() {
        let source = crate::synth::big_form(50, true);
        let form = check_form(&source).unwrap();
        let back = decode(&encode(&form).unwrap(), &form.id, form.version, &source).unwrap();
        assert_eq!(debug(&back), debug(&form));
    }

    #[test]
    fn another_source_fingerprint_form_or_version_is_refused() {
        let (_, source) = builtin_sources()[0];
        let form = check_form(source).unwrap();
        let bytes = encode(&form).unwrap();
        assert!(decode(&bytes, &form.id, form.version, &format!("{source}\n")).is_none());
        assert!(decode(&bytes, "other", form.version, source).is_none());
        assert!(decode(&bytes, &form.id, form.version + 1, source).is_none());
        let mut entry: Entry = postcard::from_bytes(&bytes).unwrap();
        entry.fingerprint = "0.0.0+0".into();
        entry.digest = digest(&entry.fingerprint, source, &entry.payload);
        assert!(decode(&postcard::to_stdvec(&entry).unwrap(), &form.id, form.version, source).is_none());
    }

    #[test]
    fn any_changed_byte_or_a_cut_is_refused() {
        let (_, source) = builtin_sources()[2];
        let form = check_form(source).unwrap();
        let bytes = encode(&form).unwrap();
        for at in (0..bytes.len()).step_by(7) {
            let mut changed = bytes.clone();
            changed[at] ^= 0x20;
            assert!(decode(&changed, &form.id, form.version, source).is_none(), "byte {at}");
        }
        for len in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..len], &form.id, form.version, source).is_none(), "cut at {len}");
        }
    }
}
