//! When two records are "the same person", and when two file numbers are the same number: one
//! rule, used by registration (the duplicate warning and the file-number refusal), by import and
//! by the store's own uniqueness check.
//!
//! Two strings are the same identity when they look the same to a reader, not only when they are
//! the same characters: Daftar's search folding ([`crate::text::fold`]: case, accents, harakat,
//! hamza spellings, digit sets, invisible characters) followed by the confusable skeleton of
//! Unicode UTS #39 (through the `unicode-security` crate), so that a Farsi yeh (U+06CC) is an
//! Arabic yeh, a Cyrillic і is a Latin i, and U+2011 is a hyphen.

use chrono::NaiveDate;
use unicode_security::{MixedScript, skeleton};

/// The form of a name or file number under which two that look the same are equal: folded,
/// then reduced to its UTS #39 skeleton, then folded again (a skeleton may bring back capitals,
/// as `0` becomes `O`), without whitespace.
pub fn identity_key(s: &str) -> String {
    let once: String = skeleton(&crate::text::fold(s)).collect();
    let again: String = skeleton(&crate::text::fold(&once)).collect();
    again.split_whitespace().collect()
}

/// The key under which file numbers must be unique: `F-٠١٥٣`, `f-0153`, `F‑0153` (U+2011) and
/// `F-0153` with a Cyrillic `F`-like letter are one number.
pub fn file_number_key(file: &str) -> String {
    identity_key(file)
}

/// What says who a participant is: their names and date of birth.
#[derive(Clone, Copy, Debug)]
pub struct Identity<'a> {
    pub name_ar: &'a str,
    pub name_latin: &'a str,
    pub date_of_birth: NaiveDate,
}

/// Whether a new participant may be someone already registered: the same date of birth and the
/// same Arabic or Latin name, compared as they look ([`identity_key`]).
pub fn same_person(a: Identity, b: Identity) -> bool {
    let same = |x: &str, y: &str| !x.trim().is_empty() && identity_key(x) == identity_key(y);
    a.date_of_birth == b.date_of_birth && (same(a.name_ar, b.name_ar) || same(a.name_latin, b.name_latin))
}

/// The first word of `name` that mixes writing systems (Latin with Cyrillic, Arabic with Latin,
/// ...), as UTS #39 defines a single-script string; `None` when every word keeps to one.
/// Digits, punctuation and combining marks belong to every script.
pub fn mixed_script_word(name: &str) -> Option<&str> {
    name.split_whitespace().find(|word| !word.is_single_script())
}

/// The marker shown in place of a character that draws nothing: the text layer's own, which
/// it already draws for a zero-width character standing alone; this adds the ones that hide
/// inside a letter's cluster (a joiner, a variation selector, a combining grapheme joiner).
pub use crate::text::layout::INVISIBLE_MARKER;

/// Whether `c` is invisible or a format character that could make two names look alike: zero
/// width spaces and joiners, the soft hyphen, word joiner, BOM, invisible operators, variation
/// selectors, tag characters, the Mongolian vowel separator, combining grapheme joiner, Hangul
/// fillers. LRM, RLM and ALM are not here: the text layer already draws them as markers.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A name as it must be drawn: every invisible or format character ([`is_invisible`]) replaced
/// by a visible marker, so that two names that differ only by one never look the same. A zero
/// width joiner between two pictographs (an emoji sequence) and a variation selector after one
/// are kept: they draw as part of the emoji.
pub fn display_name(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(name);
    }
    let chars: Vec<char> = name.chars().collect();
    let pictograph = |c: Option<&char>| c.is_some_and(|c| is_pictograph(*c));
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let keep = match c {
            '\u{200D}' => pictograph(before) && pictograph(chars.get(i + 1)),
            '\u{FE0E}' | '\u{FE0F}' => pictograph(before),
            _ => !is_invisible(c),
        };
        out.push(if keep { c } else { INVISIBLE_MARKER });
    }
    std::borrow::Cow::Owned(out)
}

/// Emoji and pictographs, enough to keep ZWJ sequences whole (Extended_Pictographic ranges).
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{21FF}' | '\u{2300}'..='\u{23FF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// 128-bit digests of the keys an import compares (file numbers, ids, names with dates of
/// birth): SipHash with two random keys of this process, so that a file cannot be made to
/// collide on purpose. Two different keys share a digest with a probability of about 2^-128
/// per pair; the effect would be a row refused as a duplicate (or warned about), never a row
/// let through.
#[derive(Default)]
pub struct Digests(std::hash::RandomState, std::hash::RandomState);

impl Digests {
    pub fn new() -> Digests {
        Digests(std::hash::RandomState::new(), std::hash::RandomState::new())
    }

    pub fn of<K: std::hash::Hash>(&self, key: K) -> u128 {
        use std::hash::BuildHasher;
        (u128::from(self.0.hash_one(&key)) << 64) | u128::from(self.1.hash_one(&key))
    }
}

/// A set of [`Digests`], each with a number (the line or the row that gave it first), in 16
/// bytes a key plus the hash table's spare room (at most as much again): what an import keeps
/// per row, whatever the row's text. It keeps 96 bits of each digest and the number in the other
/// 32, so two different keys are taken for one with a probability of about 2^-96 per pair
/// (about 10^-17 for a file of a million rows); the effect is the same as for [`Digests`].
#[derive(Default)]
pub struct DigestSet(std::collections::HashSet<Numbered, std::hash::BuildHasherDefault<PassThrough>>);

impl DigestSet {
    /// Adds `digest` with `number`, unless it is there: then returns the number it has.
    pub fn first(&mut self, digest: u128, number: u32) -> Option<u32> {
        let entry = Numbered((digest & !u128::from(u32::MAX)) | u128::from(number));
        match self.0.get(&entry) {
            Some(there) => Some(there.number()),
            None => {
                self.0.insert(entry);
                None
            }
        }
    }

    /// The number `digest` has, when it is there.
    pub fn get(&self, digest: u128) -> Option<u32> {
        self.0.get(&Numbered(digest)).map(Numbered::number)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every entry (a digest's top 96 bits with its number in the low 32), in ascending order,
    /// leaving the set empty (its table kept, for the entries to come): what a set that spills
    /// to disk writes out (see `crate::store::spill`).
    pub fn drain_sorted(&mut self) -> Vec<u128> {
        let mut all: Vec<u128> = self.0.drain().map(|n| n.0).collect();
        all.sort_unstable();
        all
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A digest's top 96 bits with a number in the low 32: equal and hashed by the digest alone.
#[derive(Clone, Copy)]
pub struct Numbered(u128);

impl Numbered {
    fn digest(self) -> u128 {
        self.0 & !u128::from(u32::MAX)
    }

    fn number(&self) -> u32 {
        // The low 32 bits, by construction.
        (self.0 & u128::from(u32::MAX)) as u32
    }
}

impl PartialEq for Numbered {
    fn eq(&self, other: &Numbered) -> bool {
        self.digest() == other.digest()
    }
}

impl Eq for Numbered {}

impl std::hash::Hash for Numbered {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Already a keyed hash: its top 64 bits are the table's hash.
        state.write_u64((self.0 >> 64) as u64);
    }
}

/// The hasher of [`DigestSet`]: passes on the 64 bits it is given (digests need no hashing
/// again).
#[derive(Default)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_set_keeps_the_first_number_of_each_digest() {
        let digests = Digests::new();
        let mut set = DigestSet::default();
        let (a, b) = (digests.of("F-1"), digests.of("F-2"));
        assert_eq!(set.first(a, 2), None);
        assert_eq!(set.first(b, 3), None);
        assert_eq!(set.first(a, 7), Some(2), "the first line stays");
        assert_eq!(set.get(b), Some(3));
        assert_eq!(set.get(digests.of("F-3")), None);
        assert_eq!(set.len(), 2);
        // The number is not part of the key, whatever its bits.
        assert_eq!(set.first(digests.of("F-4"), u32::MAX), None);
        assert_eq!(set.get(digests.of("F-4")), Some(u32::MAX));
        // A key of 16 bytes: the set holds no more than the digests and their numbers.
        assert_eq!(std::mem::size_of::<Numbered>(), 16);
    }

    #[test]
    fn names_that_look_the_same_are_the_same() {
        assert_eq!(identity_key("سعيد"), identity_key("سعید"), "Farsi yeh");
        assert_eq!(identity_key("Said"), identity_key("Saіd"), "Cyrillic i");
        assert_eq!(identity_key("said"), identity_key("SAID"));
        assert_ne!(identity_key("Said"), identity_key("Saad"));
    }

    #[test]
    fn file_numbers_that_look_the_same_are_one_number() {
        let key = file_number_key("A-1001");
        for same in ["А-1001", "A\u{2011}1001", "a-1001", "A-١٠٠١", " A-1001 "] {
            assert_eq!(file_number_key(same), key, "{same}");
        }
        assert_ne!(file_number_key("A-1002"), key);
    }

    #[test]
    fn a_word_mixing_scripts_is_found() {
        assert_eq!(mixed_script_word("Ahmed Saіd"), Some("Saіd"));
        assert_eq!(mixed_script_word("Ahmed Saïd"), None);
        assert_eq!(mixed_script_word("سعيد بن علي"), None);
        assert_eq!(mixed_script_word("سعيدx"), Some("سعيدx"));
        assert_eq!(mixed_script_word("Jean-Luc 2"), None);
    }

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(display_name("Said"), "Said");
        assert_eq!(display_name("Sa\u{200B}id"), "Sa␦id");
        assert_eq!(display_name("Sa\u{AD}id\u{FEFF}"), "Sa␦id␦");
        assert_eq!(display_name("👨\u{200D}👩"), "👨\u{200D}👩");
        assert_eq!(display_name("a\u{200D}b"), "a␦b");
    }
}
