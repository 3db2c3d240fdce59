//! What an import remembers of every row, kept within a fixed budget of memory whatever the
//! file's size: [`SpillSet`] (the digests of file numbers, ids and names, each with the line
//! that gave it first) and [`SpillRecords`] (the few words a warning quotes from an earlier
//! row). Each keeps its entries in memory up to its share of the budget, then moves them to a
//! scratch file; a lookup reads the one block of the file that can hold the entry (64 entries,
//! 1 KB), found through an index of the first entry of each block (1/64 of the entries, in
//! memory). So the check still reads the file once and still says, as soon as a row is read,
//! which earlier line it repeats.
//!
//! The scratch files live in a private directory ([`Scratch`]: mode 0700, next to the store by
//! default) and are unlinked as soon as they are made: nothing is left behind by name even if
//! the process is killed (then only the empty directory stays), and the directory goes when the
//! import ends. A set's file holds only keyed digests (see [`crate::domain::identity::Digests`]);
//! the records' file holds the Latin names and file numbers of the rows a warning may quote,
//! each record sealed (XChaCha20-Poly1305) under a random key that only this process holds, in
//! memory, for the import: nothing personal reaches the disk in the clear.

use std::cell::OnceCell;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::domain::identity::DigestSet;

/// The memory an import's check may use for what it remembers of its rows, by default.
pub const DEFAULT_BUDGET: usize = 32 << 20;

/// A private directory for an import's scratch files, made (mode 0700) on first use under
/// `parent`, and removed with whatever is in it when the last user drops it.
pub struct Scratch {
    parent: PathBuf,
    dir: OnceCell<PathBuf>,
}

impl Scratch {
    pub fn new(parent: impl Into<PathBuf>) -> Rc<Scratch> {
        Rc::new(Scratch { parent: parent.into(), dir: OnceCell::new() })
    }

    /// Where the scratch files are (or would be): for messages.
    pub fn path(&self) -> &Path {
        self.dir.get().unwrap_or(&self.parent)
    }

    /// Whether anything was ever moved to disk (the directory was made).
    pub fn used(&self) -> bool {
        self.dir.get().is_some()
    }

    /// A new file, open for reading and writing, already unlinked.
    fn file(&self) -> std::io::Result<File> {
        let dir = match self.dir.get() {
            Some(dir) => dir,
            None => {
                // Next to the store, or where the system keeps temporary files when that folder
                // cannot be written.
                let made = make_private_dir(&self.parent)
                    .or_else(|e| make_private_dir(&std::env::temp_dir()).map_err(|_| e))?;
                self.dir.get_or_init(|| made)
            }
        };
        for attempt in 0u32.. {
            let path = dir.join(format!("{attempt}"));
            match std::fs::OpenOptions::new().read(true).write(true).create_new(true).mode(0o600).open(&path) {
                Ok(file) => {
                    std::fs::remove_file(&path)?;
                    return Ok(file);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no scratch file name left"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn make_private_dir(parent: &Path) -> std::io::Result<PathBuf> {
    use std::hash::BuildHasher;
    for attempt in 0..64u32 {
        let tag = std::hash::RandomState::new().hash_one(attempt);
        let dir = parent.join(format!(".daftar-import-{}-{tag:016x}", std::process::id()));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no scratch directory name left"))
}

/// Entries per block of a set's file: a lookup reads one block.
const BLOCK: usize = 64;
/// The digest's part of an entry (the low 32 bits are its number).
const DIGEST: u128 = !(u32::MAX as u128);
/// The bytes of one entry in memory: 16, and the hash table's spare room (at most 7/8 full, then
/// twice as big) with its control byte.
const ENTRY_COST: usize = 40;

/// A [`DigestSet`] that keeps at most `bytes` of memory: half for entries in memory; past that,
/// its entries go to one sorted file (merged with the entries already there), and only an index
/// of its blocks stays, with a filter of a fixed size (the other half) that tells, for most
/// digests that are not in the file, that they are not, without reading it.
pub struct SpillSet {
    memory: DigestSet,
    /// Entries kept in memory before they are moved to the file.
    cap: usize,
    run: Option<Run>,
    /// A Bloom filter of the entries in the file: 3 bits each, from the digest's own bits (a
    /// keyed hash already). Its size never changes, so with more entries it only says "maybe"
    /// more often (1% of misses read the file at 2 million entries in 3 MB, 20% at 10 million).
    filter: Vec<u64>,
    scratch: Rc<Scratch>,
}

/// The three bits of `digest` in a filter of `words` 64-bit words.
fn filter_bits(digest: u128, words: usize) -> [(usize, u64); 3] {
    let bits = (words * 64) as u64;
    [96, 64, 32].map(|shift| {
        let bit = (((digest >> shift) as u32 as u64) * bits) >> 32;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    })
}

/// The sorted file of a [`SpillSet`]: `len` entries of 16 bytes (little-endian), and the first
/// entry of every block.
struct Run {
    file: File,
    len: usize,
    index: Vec<u128>,
}

impl SpillSet {
    pub fn new(bytes: usize, scratch: Rc<Scratch>) -> SpillSet {
        let words = (bytes / 2 / 8).max(1);
        SpillSet {
            memory: DigestSet::default(),
            cap: (bytes / 2 / ENTRY_COST).max(1),
            run: None,
            filter: Vec::new(),
            scratch,
        }
        .with_filter(words)
    }

    fn with_filter(mut self, words: usize) -> SpillSet {
        self.filter = vec![0; words];
        self
    }

    /// Adds `digest` with `number`, unless it is there: then returns the number it has (as
    /// [`DigestSet::first`]).
    pub fn first(&mut self, digest: u128, number: u32) -> std::io::Result<Option<u32>> {
        if let Some(there) = self.get(digest)? {
            return Ok(Some(there));
        }
        self.insert_new(digest, number)?;
        Ok(None)
    }

    /// Adds `digest`, which [`SpillSet::get`] has just not found, with `number`.
    pub fn insert_new(&mut self, digest: u128, number: u32) -> std::io::Result<()> {
        self.memory.first(digest, number);
        if self.memory.len() >= self.cap {
            self.spill()?;
        }
        Ok(())
    }

    /// The number `digest` has, when it is there.
    pub fn get(&self, digest: u128) -> std::io::Result<Option<u32>> {
        if let Some(there) = self.memory.get(digest) {
            return Ok(Some(there));
        }
        match &self.run {
            Some(run) if self.may_hold(digest) => run.get(digest),
            _ => Ok(None),
        }
    }

    /// Entries in the set, in memory and on disk.
    pub fn len(&self) -> usize {
        self.memory.len() + self.run.as_ref().map_or(0, |r| r.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the file may hold `digest` (false: it does not).
    fn may_hold(&self, digest: u128) -> bool {
        filter_bits(digest, self.filter.len())
            .iter()
            .all(|&(word, bit)| self.filter.get(word).is_some_and(|w| w & bit != 0))
    }

    /// Moves the entries in memory to the file, merged with those already there (each digest
    /// is in the set once, so the two never share one).
    fn spill(&mut self) -> std::io::Result<()> {
        let new = self.memory.drain_sorted();
        let words = self.filter.len();
        for &entry in &new {
            for (word, bit) in filter_bits(entry, words) {
                if let Some(w) = self.filter.get_mut(word) {
                    *w |= bit;
                }
            }
        }
        let file = self.scratch.file()?;
        let mut out = RunWriter { out: BufWriter::with_capacity(1 << 16, &file), len: 0, index: Vec::new() };
        let mut new = new.into_iter().peekable();
        if let Some(old) = self.run.take() {
            (&old.file).seek(SeekFrom::Start(0))?;
            let mut reader = BufReader::with_capacity(1 << 16, &old.file);
            for _ in 0..old.len {
                let mut bytes = [0u8; 16];
                reader.read_exact(&mut bytes)?;
                let entry = u128::from_le_bytes(bytes);
                while let Some(smaller) = new.next_if(|&n| n < entry) {
                    out.put(smaller)?;
                }
                out.put(entry)?;
            }
        }
        for entry in new {
            out.put(entry)?;
        }
        let (len, index) = (out.len, std::mem::take(&mut out.index));
        out.out.flush()?;
        drop(out);
        self.run = Some(Run { file, len, index });
        Ok(())
    }
}

struct RunWriter<'a> {
    out: BufWriter<&'a File>,
    len: usize,
    index: Vec<u128>,
}

impl RunWriter<'_> {
    fn put(&mut self, entry: u128) -> std::io::Result<()> {
        if self.len.is_multiple_of(BLOCK) {
            self.index.push(entry);
        }
        self.len += 1;
        self.out.write_all(&entry.to_le_bytes())
    }
}

impl Run {
    fn get(&self, digest: u128) -> std::io::Result<Option<u32>> {
        let key = digest & DIGEST;
        // The last block whose first entry is not after the key.
        let Some(block) = self.index.partition_point(|&e| e & DIGEST <= key).checked_sub(1) else {
            return Ok(None);
        };
        let start = block * BLOCK;
        let n = BLOCK.min(self.len - start);
        let mut bytes = [0u8; BLOCK * 16];
        let bytes = &mut bytes[..n * 16];
        self.file.read_exact_at(bytes, (start * 16) as u64)?;
        let entries: Vec<u128> =
            bytes.chunks_exact(16).map(|c| u128::from_le_bytes(c.try_into().unwrap_or([0; 16]))).collect();
        Ok(entries.binary_search_by_key(&key, |e| e & DIGEST).ok().map(|i| (entries[i] & u128::from(u32::MAX)) as u32))
    }
}

/// Numbered records of a line and two short texts (a row's Latin name and file number), kept in
/// memory up to `bytes`, then appended to a file (with a second file of where each starts).
pub struct SpillRecords {
    bytes: usize,
    /// The records in memory, from number `on_disk` on: their texts, one after the other, and
    /// per record its line, where its first text starts, and where its second starts.
    text: String,
    rows: Vec<(u32, u32, u32)>,
    on_disk: u32,
    disk: Option<RecordFiles>,
    scratch: Rc<Scratch>,
}

struct RecordFiles {
    /// Per record: the length of what follows (u32, little-endian), then, sealed under `key`
    /// with the record's number as nonce: its line, the lengths of its two texts (u32 each,
    /// little-endian), the texts.
    records: File,
    /// The key of this import's records, made when they first go to disk; never written.
    key: zeroize::Zeroizing<[u8; 32]>,
    /// Per record: where it starts in `records` (u64, little-endian).
    starts: File,
    end: u64,
}

impl SpillRecords {
    pub fn new(bytes: usize, scratch: Rc<Scratch>) -> SpillRecords {
        SpillRecords { bytes, text: String::new(), rows: Vec::new(), on_disk: 0, disk: None, scratch }
    }

    /// Adds a record; returns its number (`u32::MAX` past 2^32 - 1 records).
    pub fn push(&mut self, line: usize, first: &str, second: &str) -> std::io::Result<u32> {
        if self.text.len() + self.rows.len() * 12 >= self.bytes && !self.rows.is_empty() {
            self.spill()?;
        }
        let at = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        let first_at = at(self.text.len());
        self.text.push_str(first);
        let second_at = at(self.text.len());
        self.text.push_str(second);
        self.rows.push((at(line), first_at, second_at));
        Ok(self.on_disk.saturating_add(at(self.rows.len() - 1)))
    }

    /// The line and texts of record `i`.
    pub fn get(&self, i: u32) -> std::io::Result<(usize, String, String)> {
        if i >= self.on_disk {
            let i = (i - self.on_disk) as usize;
            let Some(&(line, first_at, second_at)) = self.rows.get(i) else {
                return Ok((0, String::new(), String::new()));
            };
            let end = self.rows.get(i + 1).map_or(self.text.len(), |r| r.1 as usize);
            let text = |from: u32, to: usize| self.text.get(from as usize..to).unwrap_or("").to_string();
            return Ok((line as usize, text(first_at, second_at as usize), text(second_at, end)));
        }
        let Some(disk) = &self.disk else { return Ok((0, String::new(), String::new())) };
        let mut start = [0u8; 8];
        disk.starts.read_exact_at(&mut start, u64::from(i) * 8)?;
        let start = u64::from_le_bytes(start);
        let mut len = [0u8; 4];
        disk.records.read_exact_at(&mut len, start)?;
        let mut sealed = vec![0u8; u32::from_le_bytes(len) as usize];
        disk.records.read_exact_at(&mut sealed, start + 4)?;
        let plain = zeroize::Zeroizing::new(open_record(&disk.key, i, &sealed)?);
        let (head, texts) = plain.split_at_checked(12).ok_or_else(|| invalid("a scratch record is cut short"))?;
        let word = |k: usize| u32::from_le_bytes([head[k], head[k + 1], head[k + 2], head[k + 3]]);
        let (line, first_len, second_len) = (word(0), word(4) as usize, word(8) as usize);
        if texts.len() != first_len + second_len {
            return Err(invalid("a scratch record is cut short"));
        }
        let (first, second) = texts.split_at(first_len);
        let (texts, second) = (first.to_vec(), second.to_vec());
        let text = |bytes: Vec<u8>| {
            String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        };
        Ok((line as usize, text(texts)?, text(second)?))
    }

    /// Appends the records in memory to the files.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.disk.is_none() {
            let key = crate::crypto::random::<32>().map_err(std::io::Error::other)?;
            self.disk = Some(RecordFiles {
                records: self.scratch.file()?,
                key: zeroize::Zeroizing::new(key),
                starts: self.scratch.file()?,
                end: 0,
            });
        }
        let Some(disk) = self.disk.as_mut() else { return Ok(()) };
        let (mut records, mut starts) = (Vec::new(), Vec::new());
        for (i, &(line, first_at, second_at)) in self.rows.iter().enumerate() {
            let end = self.rows.get(i + 1).map_or(self.text.len(), |r| r.1 as usize);
            let first = self.text.get(first_at as usize..second_at as usize).unwrap_or("");
            let second = self.text.get(second_at as usize..end).unwrap_or("");
            starts.extend_from_slice(&(disk.end + records.len() as u64).to_le_bytes());
            let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(12 + first.len() + second.len()));
            plain.extend_from_slice(&line.to_le_bytes());
            plain.extend_from_slice(&u32::try_from(first.len()).unwrap_or(u32::MAX).to_le_bytes());
            plain.extend_from_slice(&u32::try_from(second.len()).unwrap_or(u32::MAX).to_le_bytes());
            plain.extend_from_slice(first.as_bytes());
            plain.extend_from_slice(second.as_bytes());
            let number = self.on_disk.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            let sealed = seal_record(&disk.key, number, &plain)?;
            records.extend_from_slice(&u32::try_from(sealed.len()).unwrap_or(u32::MAX).to_le_bytes());
            records.extend_from_slice(&sealed);
        }
        disk.records.write_all_at(&records, disk.end)?;
        disk.starts.write_all_at(&starts, u64::from(self.on_disk) * 8)?;
        disk.end += records.len() as u64;
        self.on_disk = self.on_disk.saturating_add(u32::try_from(self.rows.len()).unwrap_or(u32::MAX));
        self.text.clear();
        self.rows.clear();
        Ok(())
    }
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

/// The nonce of record `number`: each record is sealed once, under a key of its own import.
fn nonce(number: u32) -> chacha20poly1305::XNonce {
    let mut nonce = [0u8; 24];
    nonce[..4].copy_from_slice(&number.to_le_bytes());
    nonce.into()
}

/// Record `number` as it goes to the scratch file.
fn seal_record(key: &[u8; 32], number: u32, plain: &[u8]) -> std::io::Result<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit};
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.into());
    cipher.encrypt(&nonce(number), plain).map_err(|_| std::io::Error::other("a scratch record could not be sealed"))
}

/// Record `number` from the scratch file; one that does not open is unreadable data.
fn open_record(key: &[u8; 32], number: u32, sealed: &[u8]) -> std::io::Result<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit};
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.into());
    cipher.decrypt(&nonce(number), sealed).map_err(|_| invalid("a scratch record does not open"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::identity::Digests;

    #[test]
    fn a_spilled_set_answers_as_one_in_memory() {
        let parent = tempfile::tempdir().unwrap();
        let scratch = Scratch::new(parent.path());
        let digests = Digests::new();
        // Room for 3 entries: spilled many times over.
        let mut set = SpillSet::new(3 * ENTRY_COST, scratch.clone());
        let mut whole = DigestSet::default();
        for i in 0..1000u32 {
            let d = digests.of(i % 700);
            assert_eq!(set.first(d, i).unwrap(), whole.first(d, i), "{i}");
        }
        assert_eq!(set.len(), 700);
        for i in 0..800u32 {
            assert_eq!(set.get(digests.of(i)).unwrap(), whole.get(digests.of(i)), "{i}");
        }
        assert!(scratch.used());
        let dir = scratch.path().to_path_buf();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        // The files are unlinked as soon as made: nothing in the directory by name.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        drop(set);
        drop(scratch);
        assert!(!dir.exists(), "the scratch directory goes with the import");
    }

    #[test]
    fn spilled_records_are_read_back() {
        let parent = tempfile::tempdir().unwrap();
        let scratch = Scratch::new(parent.path());
        let mut records = SpillRecords::new(40, scratch);
        let rows: Vec<(usize, String, String)> =
            (0..200).map(|i| (i + 2, format!("Saïd {i} بن"), format!("F-{i}"))).collect();
        let numbers: Vec<u32> = rows.iter().map(|(l, a, b)| records.push(*l, a, b).unwrap()).collect();
        assert!(records.on_disk > 0);
        for (n, row) in numbers.iter().zip(&rows) {
            assert_eq!(&records.get(*n).unwrap(), row);
        }
        // What went to disk is sealed: no name, no file number.
        let disk = records.disk.as_ref().unwrap();
        let mut bytes = vec![0u8; disk.end as usize];
        disk.records.read_exact_at(&mut bytes, 0).unwrap();
        for needle in ["Saïd".as_bytes(), "F-1".as_bytes(), "بن".as_bytes()] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{needle:?} in the scratch file");
        }
    }
}
