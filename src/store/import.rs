//! Writing imported participants: the file is read and every row checked by
//! [`crate::import::check`] as it streams; the store writes them in batches, all or none.
//!
//! A sled transaction holds everything it writes in memory, so a large import is not one
//! transaction. Instead ([`Store::begin_import`]): a mark in the meta tree says an import is
//! under way, and each batch writes the ids of its participants as one entry of the
//! `import-pending` tree, sealed like the participants, then the participants, then their
//! summaries, then their file numbers in the file-number index. [`PendingImport::commit`] flushes, then removes
//! the mark in one small transaction: from then on the import is in the store. Until then it is
//! not: an import that fails, is abandoned or is killed (the mark is still there at the next
//! open, see [`Store::discard_unfinished_import`]) has every participant it wrote removed, by
//! the ids listed in `import-pending`. Every id an import writes is new (a row whose id the
//! store has is skipped or refused), so removing them restores the store as it was.

use super::kv;
use super::sealing::Sealer;
use super::spill::{DEFAULT_BUDGET, Scratch, SpillSet};
use super::{PARTICIPANTS, Participant, Person, Store, normalise_file_number, storage};
use crate::domain::identity::Digests;
use crate::error::{Error, Result};

/// The tree listing the ids an unfinished import wrote.
pub(super) const PENDING_TREE: &str = "import-pending";
/// In the meta tree while an import is under way.
const PENDING_MARK: &[u8] = b"import-pending";
/// Participants written per batch (each flushed to disk): memory holds one batch.
const BATCH: usize = 2_000;

/// An import under way: see the module's documentation.
pub struct PendingImport<'a> {
    store: &'a Store,
    pending: kv::Tree,
    today: chrono::NaiveDate,
    /// Normalised file numbers in this import, as digests (16 bytes a row and the table's spare
    /// room, whatever the file's size, up to a fifth of the import's budget, then in a scratch
    /// file next to the store): with the store's file-number index, the last guard against two
    /// participants with one file number.
    digests: Digests,
    sealer: Sealer,
    taken: SpillSet,
    scratch: std::rc::Rc<Scratch>,
    batch: Vec<Participant>,
    written: usize,
    /// Entries in the pending list: one per batch written.
    batches: u64,
    finished: bool,
}

impl Store {
    /// Everyone registered, read from the records' summaries (never from the start-up copy), for
    /// an import to be checked against. Decoded one at a time: memory holds the people, never
    /// the summaries' bytes nor the summaries as well (with 1,000,000 participants, reading
    /// every summary first took the import's peak from 400 MB to 1.2 GB).
    pub fn people(&self) -> Result<Vec<Person>> {
        let sealer = self.sealer()?;
        let mut people = Vec::new();
        for s in self.summaries.iter() {
            let (key, bytes) = s.map_err(storage("reading summaries"))?;
            people.push(super::index::open_summary(&sealer, &key, &bytes)?.participant);
        }
        Ok(people)
    }

    /// Writes participants checked by [`crate::import::plan`], all together, or none (see
    /// [`PendingImport::add`] for what is refused).
    pub fn import_participants(&self, participants: &[Participant], today: chrono::NaiveDate) -> Result<()> {
        let mut import = self.begin_import(today)?;
        for p in participants {
            import.add(p.clone())?;
        }
        import.commit().map(|_| ())
    }

    /// Starts an import: nothing it adds is in the store until [`PendingImport::commit`].
    pub fn begin_import(&self, today: chrono::NaiveDate) -> Result<PendingImport<'_>> {
        self.begin_import_within(today, DEFAULT_BUDGET / crate::import::SHARES)
    }

    /// [`Store::begin_import`], its guard against a file number taken twice keeping at most
    /// `bytes` in memory (then a scratch file in a private directory next to the store, see
    /// [`super::spill`]).
    pub fn begin_import_within(&self, today: chrono::NaiveDate, bytes: usize) -> Result<PendingImport<'_>> {
        self.discard_unfinished_import()?;
        let pending = self.open_tree(PENDING_TREE, "starting an import")?;
        let digests = Digests::new();
        let parent = self.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        let scratch = Scratch::new(parent);
        // The store's file numbers are in its index (asked row by row in `add`): only this
        // import's are kept here.
        let taken = SpillSet::new(bytes, scratch.clone());
        let sealer = self.sealer()?;
        // Each write of an import takes the store's write gate in turn (never two at once).
        let _write = self.gate.enter()?;
        // The mark goes to disk before any participant, and the summaries' generation moves on
        // so that the saved copy of the summaries is not trusted while rows come and go.
        let r = kv::transaction([&self.meta], |[meta]| {
            meta.insert(PENDING_MARK, &[1u8][..])?;
            super::index::bump(meta)
        });
        super::index::tx_result("starting an import", r)?;
        self.flush()?;
        Ok(PendingImport {
            store: self,
            pending,
            today,
            digests,
            sealer,
            taken,
            scratch,
            batch: Vec::new(),
            written: 0,
            batches: 0,
            finished: false,
        })
    }

    /// Removes what an import that never finished wrote (it was killed, or failed while
    /// undoing itself): run at every open, before anything reads the store.
    pub(super) fn discard_unfinished_import(&self) -> Result<()> {
        let _write = self.gate.enter()?;
        let sealer = self.sealer()?;
        let marked = self.meta.get(PENDING_MARK).map_err(storage("reading the import mark"))?.is_some();
        let names = self.db.tree_names().map_err(storage("reading the import mark"))?;
        if !marked && !names.iter().any(|n| n.as_ref() == PENDING_TREE.as_bytes()) {
            return Ok(());
        }
        let pending = self.open_tree(PENDING_TREE, "undoing an unfinished import")?;
        if !marked {
            // The import was committed; only its list of ids was left.
            pending.clear().map_err(storage("finishing an import"))?;
            return self.flush();
        }
        // One entry per batch written: its participants and summaries go before the entry
        // (sled recovers a prefix of its log), so a kill during the undo leaves an import that
        // the next open undoes further.
        loop {
            let Some((key, ids)) = pending.first().map_err(storage("undoing an unfinished import"))? else { break };
            let (mut records, mut summaries) = (kv::Batch::default(), kv::Batch::default());
            let mut file_numbers = kv::Batch::default();
            for id in open_pending(&sealer, &key, &ids)? {
                // Its file number is in the index only if its record was written (the record
                // goes first), and the index entry goes only if it is this participant's.
                if let Some(p) = self.participant(&id)? {
                    let file_key = super::index::file_number_key(&sealer, &p.file_number);
                    let owner = self.file_numbers.get(&file_key).map_err(storage("undoing an unfinished import"))?;
                    if owner.is_some_and(|owner| owner.as_ref() == id.as_str().as_bytes()) {
                        file_numbers.remove(file_key);
                    }
                }
                records.remove(id.as_str().as_bytes());
                summaries.remove(id.as_str().as_bytes());
            }
            // The index entries first: the opposite of the order they were written in.
            self.file_numbers.apply_batch(file_numbers).map_err(storage("undoing an unfinished import"))?;
            self.participants.apply_batch(records).map_err(storage("undoing an unfinished import"))?;
            self.summaries.apply_batch(summaries).map_err(storage("undoing an unfinished import"))?;
            pending.remove(key).map_err(storage("undoing an unfinished import"))?;
        }
        let r = kv::transaction([&self.meta], |[meta]| {
            meta.remove(PENDING_MARK)?;
            super::index::bump(meta)
        });
        super::index::tx_result("undoing an unfinished import", r)?;
        self.flush()
    }
}

impl PendingImport<'_> {
    /// Adds a participant checked by [`crate::import::check`]. As a last guard, one the
    /// domain's rules refuse on `today` (see [`super::index::participant_problems`]) and a file
    /// number already in the store or earlier in this import are refused.
    pub fn add(&mut self, p: Participant) -> Result<()> {
        super::index::check_participant(&p, self.today)?;
        let digest = self.digests.of(normalise_file_number(&p.file_number));
        if self.taken.first(digest, 0).map_err(scratch_failed(&self.scratch))?.is_some() {
            return Err(Error::DuplicateFileNumber(p.file_number.clone()));
        }
        let file_key = super::index::file_number_key(&self.sealer, &p.file_number);
        if self.store.file_numbers.contains_key(file_key).map_err(storage("reading the file-number index"))? {
            return Err(Error::DuplicateFileNumber(p.file_number.clone()));
        }
        self.batch.push(p);
        if self.batch.len() >= BATCH {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let sealer = &self.sealer;
        let mut records = kv::Batch::default();
        let mut summaries = kv::Batch::default();
        let mut file_numbers = kv::Batch::default();
        let mut ids = Vec::with_capacity(self.batch.len() * 33);
        for p in &self.batch {
            let key = p.id.as_str().as_bytes();
            records.insert(key, super::seal_record(sealer, PARTICIPANTS, key, p)?);
            summaries.insert(key, super::index::seal_summary(sealer, &super::index::new_summary(p))?);
            let file_key = super::index::file_number_key(sealer, &p.file_number);
            file_numbers.insert(file_key.as_slice(), key);
            ids.extend_from_slice(key);
            ids.push(b'\n');
        }
        // 33 bytes a row: 66 KB a batch, under sled's limit for a value kept in its log (a
        // quarter of its 512 KB segment); above it, a value goes to a file of its own.
        let entry = self.batches.to_be_bytes();
        let ids = sealer.seal(PENDING_TREE, &entry, ids)?;
        // Not a transaction (sled's keep every key they touch, and are slow at this size): the
        // batch's ids first, as one entry of the pending list, then one atomic batch per tree.
        // sled recovers a prefix of its log, so a participant found after a crash always has
        // its id in the pending list.
        let store = self.store;
        let _write = store.gate.enter()?;
        self.pending.insert(entry, ids).map_err(storage("saving participants"))?;
        self.batches += 1;
        store.participants.apply_batch(records).map_err(storage("saving participants"))?;
        store.summaries.apply_batch(summaries).map_err(storage("saving participants"))?;
        store.file_numbers.apply_batch(file_numbers).map_err(storage("saving participants"))?;
        // Written out now, so that sled does not hold every batch of a large import in memory
        // until the commit (with 384,315 rows this halved the peak).
        store.flush()?;
        // With 1,000,000 rows this took the peak from 640 MB to 396 MB.
        release_garbage();
        self.written += self.batch.len();
        self.batch.clear();
        Ok(())
    }

    /// Makes every participant added part of the store, at once; returns how many.
    pub fn commit(mut self) -> Result<usize> {
        self.write_batch()?;
        let store = self.store;
        let _write = store.gate.enter()?;
        store.flush()?;
        let r = store.meta_audited(super::audit::imported(self.written), |meta| {
            meta.remove(PENDING_MARK)?;
            super::index::bump(meta)
        });
        super::index::tx_result("saving participants", r)?;
        store.flush()?;
        self.finished = true;
        // The list of ids is no longer needed; if this is cut short, the next open clears it.
        self.pending.clear().map_err(storage("finishing an import"))?;
        store.flush()?;
        Ok(self.written)
    }

    /// Removes everything this import wrote.
    pub fn abandon(mut self) -> Result<()> {
        self.finished = true;
        self.batch.clear();
        self.store.discard_unfinished_import()
    }
}

impl Drop for PendingImport<'_> {
    /// An import dropped before its commit (an error on the way) is undone; if the undo fails
    /// too, the next open finishes it.
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.store.discard_unfinished_import();
        }
    }
}

/// The ids of a batch of an unfinished import, from its entry in the pending list (one id a
/// line, sealed under the entry's key).
fn open_pending(sealer: &Sealer, key: &[u8], stored: &[u8]) -> Result<Vec<super::Id>> {
    let bytes = sealer.open("unfinished import", PENDING_TREE, key, stored)?;
    bytes
        .split(|&b| b == b'\n')
        .filter(|id| !id.is_empty())
        .map(|id| {
            super::Id::from_key(id).ok_or_else(|| Error::BadRecord {
                what: "unfinished import",
                id: String::from_utf8_lossy(key).into_owned(),
                detail: "an entry is not a list of daftar ids".into(),
            })
        })
        .collect()
}

/// The error of a scratch file that could not be written or read.
fn scratch_failed(scratch: &Scratch) -> impl Fn(std::io::Error) -> Error + '_ {
    |source| Error::Io { action: "writing", path: scratch.path().to_path_buf(), source }
}

/// Frees what sled has replaced and only deferred freeing (through crossbeam's epochs): while
/// an import writes, sled defers faster than it frees, and without this the import's memory
/// grows with every batch. Each `flush` of a guard moves this thread's deferred frees to the
/// global queue and runs a few of those that no thread can still see.
fn release_garbage() {
    for _ in 0..16 {
        // `sled::pin` is crossbeam's pin with sled's guard around it (sled is pinned at 0.34.7).
        sled::pin().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{participant, today};
    use super::*;

    #[test]
    fn an_import_cut_short_leaves_nothing_and_its_pending_list_is_sealed() {
        let dir = tempfile::TempDir::new().unwrap();
        let pw = secrecy::SecretString::from("lantern orchard 7 river".to_string());
        let (store, _, _) =
            Store::create_with_admin(&dir.path().join("s"), "samira", "Samira", &pw, &pw, chrono::Utc::now()).unwrap();
        let kept = participant("F-1");
        store.register(&kept, today()).unwrap();
        let mut import = store.begin_import(today()).unwrap();
        let p = participant("F-2");
        import.add(p.clone()).unwrap();
        assert!(matches!(import.add(participant("f-1")), Err(Error::DuplicateFileNumber(_))), "the store's");
        assert!(matches!(import.add(participant("F-٢")), Err(Error::DuplicateFileNumber(_))), "the import's");
        import.write_batch().unwrap();
        assert_eq!(store.file_number_owner("F-2").unwrap(), Some(p.id.clone()));
        let (key, entry) = store.open_tree(PENDING_TREE, "test").unwrap().first().unwrap().unwrap();
        assert!(!entry.windows(32).any(|w| w == p.id.as_str().as_bytes()), "the pending list is sealed");
        assert_eq!(open_pending(&store.sealer().unwrap(), &key, &entry).unwrap(), vec![p.id.clone()]);
        // As a kill would leave it: the import never committed nor undone.
        std::mem::forget(import);
        store.discard_unfinished_import().unwrap();
        assert!(store.participant(&p.id).unwrap().is_none());
        assert!(store.summary(&p.id).unwrap().is_none());
        assert_eq!(store.file_number_owner("F-2").unwrap(), None);
        assert_eq!(store.file_number_owner("F-1").unwrap(), Some(kept.id.clone()), "the store's own stays");
        // Committed, the import is in the store and its index.
        store.import_participants(std::slice::from_ref(&p), today()).unwrap();
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), p);
        assert_eq!(store.file_number_owner("f-2").unwrap(), Some(p.id.clone()));
    }
}
