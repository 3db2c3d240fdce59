//! The recovery key: 160 random bits, shown once as 8 groups of 5 characters (Crockford's
//! base32: digits and capitals without I, L, O, U), each group ending in a check character, so
//! that a mistyped group is named instead of the whole key being refused.

use zeroize::Zeroizing;

use super::{CryptoError, random};

/// Groups in a recovery key.
pub const GROUPS: usize = 8;
const DATA_CHARS: usize = 4;
const GROUP_CHARS: usize = DATA_CHARS + 1;
const BYTES: usize = GROUPS * DATA_CHARS * 5 / 8;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The recovery key's secret bytes; wiped when dropped, never printed by `Debug`.
pub struct RecoveryKey(Zeroizing<[u8; BYTES]>);

/// Why typed text is not this store's recovery key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryError {
    #[error("a recovery key has 8 groups of 5 characters (40 in all); this has {found}")]
    Length { found: usize },
    #[error("'{found}' in group {group} is not a character of a recovery key")]
    Character { group: usize, found: char },
    /// The groups (counted from 1) whose check character does not match: mistyped.
    #[error("group {groups:?} of the recovery key is mistyped")]
    Mistyped { groups: Vec<usize> },
}

impl RecoveryKey {
    pub fn generate() -> Result<RecoveryKey, CryptoError> {
        Ok(RecoveryKey(Zeroizing::new(random()?)))
    }

    pub(super) fn bytes(&self) -> &[u8; BYTES] {
        &self.0
    }

    /// The 8 groups as they are printed, check characters included.
    pub fn groups(&self) -> Vec<Zeroizing<String>> {
        let chars = to_base32(&self.0);
        (0..GROUPS)
            .map(|g| {
                let data = &chars[g * DATA_CHARS..(g + 1) * DATA_CHARS];
                let mut group = Zeroizing::new(String::with_capacity(GROUP_CHARS));
                group.extend(data.iter().map(|&c| c as char));
                group.push(check_char(g, data) as char);
                group
            })
            .collect()
    }

    /// The key as printed: the groups joined by hyphens.
    pub fn display(&self) -> Zeroizing<String> {
        let groups = self.groups();
        Zeroizing::new(groups.iter().map(|g| g.as_str()).collect::<Vec<_>>().join("-"))
    }

    /// Whether `typed` is this key's last group (the check asked at creation), read leniently
    /// as [`RecoveryKey::parse`] reads.
    pub fn is_last_group(&self, typed: &str) -> bool {
        let Ok(typed) = normalise(typed) else { return false };
        let groups = self.groups();
        groups.last().is_some_and(|last| last.as_bytes() == typed.as_slice())
    }

    /// The key typed back: case, spaces and hyphens do not matter, and O, I, L are read as 0, 1,
    /// 1. A wrong length, a foreign character or a group whose check fails is said as such.
    pub fn parse(typed: &str) -> Result<RecoveryKey, RecoveryError> {
        let chars = normalise(typed)?;
        if chars.len() != GROUPS * GROUP_CHARS {
            return Err(RecoveryError::Length { found: chars.len() });
        }
        let mistyped: Vec<usize> = chars
            .chunks(GROUP_CHARS)
            .enumerate()
            .filter(|(g, group)| check_char(*g, &group[..DATA_CHARS]) != group[DATA_CHARS])
            .map(|(g, _)| g + 1)
            .collect();
        if !mistyped.is_empty() {
            return Err(RecoveryError::Mistyped { groups: mistyped });
        }
        let data: Zeroizing<Vec<u8>> =
            Zeroizing::new(chars.chunks(GROUP_CHARS).flat_map(|group| group[..DATA_CHARS].iter().copied()).collect());
        Ok(RecoveryKey(Zeroizing::new(from_base32(&data))))
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

/// The typed characters, upper-cased, without separators, with look-alikes read as digits.
fn normalise(typed: &str) -> Result<Zeroizing<Vec<u8>>, RecoveryError> {
    let mut out = Zeroizing::new(Vec::with_capacity(GROUPS * GROUP_CHARS));
    for c in typed.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return Err(RecoveryError::Character { group: out.len() / GROUP_CHARS + 1, found: c });
        }
        out.push(c as u8);
    }
    Ok(out)
}

/// A group's check character: 5 bits of a BLAKE3 hash of its position and its 4 characters,
/// so a typo in a group is caught 31 times in 32, and a group typed in another's place too.
fn check_char(group: usize, data: &[u8]) -> u8 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"daftar recovery key group check v1");
    hasher.update(&[group as u8]);
    hasher.update(data);
    ALPHABET[(hasher.finalize().as_bytes()[0] & 31) as usize]
}

fn to_base32(bytes: &[u8; BYTES]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(GROUPS * DATA_CHARS));
    let (mut acc, mut bits) = (0u16, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u16::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize]);
        }
        acc &= (1 << bits) - 1;
    }
    out
}

fn from_base32(chars: &[u8]) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    let (mut acc, mut bits, mut n) = (0u16, 0u32, 0);
    for &c in chars {
        let v = ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u16;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if let Some(slot) = out.get_mut(n) {
                *slot = (acc >> bits) as u8;
            }
            n += 1;
        }
        acc &= (1 << bits) - 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed key, so that which typos a check catches is the same on every run.
    fn fixed() -> RecoveryKey {
        RecoveryKey(Zeroizing::new(std::array::from_fn(|i| (i as u8).wrapping_mul(97).wrapping_add(13))))
    }

    #[test]
    fn a_key_reads_back_from_its_printed_form_however_it_is_typed() {
        let key = RecoveryKey::generate().unwrap();
        let shown = key.display();
        assert_eq!(shown.len(), 8 * 5 + 7);
        assert_eq!(RecoveryKey::parse(&shown).unwrap().bytes(), key.bytes());
        let sloppy = shown.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap().bytes(), key.bytes());
        assert!(key.is_last_group(&shown[shown.len() - 5..].to_lowercase()));
        assert!(!key.is_last_group(&shown[..5]));
    }

    #[test]
    fn every_byte_pattern_survives_the_round_trip() {
        for fill in [0u8, 0xff, 0x5a, 0xa5] {
            let key = RecoveryKey(Zeroizing::new([fill; BYTES]));
            assert_eq!(RecoveryKey::parse(&key.display()).unwrap().bytes(), key.bytes());
        }
    }

    #[test]
    fn a_mistyped_group_is_named() {
        let key = fixed();
        let shown = key.display();
        let mut caught = 0;
        // Change one character of group 3 to each other character of the alphabet: nearly every
        // change is caught by that group's check (a few in 32 may pass it; the wrap's tag
        // refuses those later).
        for &other in ALPHABET.iter().filter(|&&c| c != shown.as_bytes()[12]) {
            let mut typed = shown.as_bytes().to_vec();
            typed[12] = other;
            match RecoveryKey::parse(std::str::from_utf8(&typed).unwrap()) {
                Err(RecoveryError::Mistyped { groups }) => {
                    assert_eq!(groups, vec![3]);
                    caught += 1;
                }
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert!(caught >= 24, "only {caught} of 31 typos caught");
    }

    #[test]
    fn two_groups_swapped_are_caught() {
        let key = fixed();
        let groups = key.groups();
        let mut order: Vec<&str> = groups.iter().map(|g| g.as_str()).collect();
        order.swap(0, 1);
        assert!(matches!(RecoveryKey::parse(&order.join("-")), Err(RecoveryError::Mistyped { .. })));
    }

    #[test]
    fn wrong_lengths_and_foreign_characters_are_said() {
        let key = RecoveryKey::generate().unwrap();
        let shown = key.display();
        assert_eq!(RecoveryKey::parse(&shown[..shown.len() - 6]).err(), Some(RecoveryError::Length { found: 35 }));
        assert_eq!(RecoveryKey::parse("").err(), Some(RecoveryError::Length { found: 0 }));
        let mut typed = shown.to_string();
        typed.replace_range(6..7, "U");
        assert_eq!(RecoveryKey::parse(&typed).err(), Some(RecoveryError::Character { group: 2, found: 'U' }));
        assert!(matches!(RecoveryKey::parse("ك"), Err(RecoveryError::Character { group: 1, found: 'ك' })));
    }

    #[test]
    fn debug_shows_nothing_of_the_key() {
        let key = RecoveryKey::generate().unwrap();
        let shown = key.display();
        assert!(!format!("{key:?}").contains(&shown[..5]));
    }
}
