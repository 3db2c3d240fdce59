//! Backups: a point-in-time copy of every tree of the store, as stored, checked after writing,
//! and restored only into an empty place.
//!
//! Why a logical copy taken by the process that holds the store, and not a copy of sled's
//! files: sled 0.34 does not only append to its data file. It rewrites segments it has freed
//! and its snapshot files, so bytes copied while it works can mix segments from different
//! moments, and its recovery would then keep an older state or refuse the copy. A second
//! process cannot even open the store (sled locks it). So the holder of the store takes the
//! backup: it stops writes for the moment of the copy (the store's write gate, which every
//! write takes in turn and a backup holds for the moment of the copy), reads every key and value of every tree
//! exactly as stored, and writes them with SHA-256 checksums. What was committed before the
//! backup began is in it, and nothing half-committed is. Values are copied as bytes: once the
//! store seals its records, a backup holds the same ciphertext and no plaintext.
//!
//! A backup is a directory with `manifest.json` (format, time, the store's id, each tree's
//! entry count and checksum, the data file's size and checksum) and `data`, the entries.

use std::fs;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use chrono::{DateTime, Local, Utc};
use sha2::{Digest, Sha256};

use super::{Store, storage};
use crate::error::{Error, Result};

/// The layout of a backup this build writes and reads.
pub const BACKUP_FORMAT: u32 = 1;
const KIND: &str = "daftar-backup";
const MAGIC: &[u8; 8] = b"DAFTARBK";
const MANIFEST: &str = "manifest.json";
const DATA: &str = "data";
const STORE_ID_KEY: &[u8] = b"store-id";
/// The name of sled's own default tree, reached through the `Db` itself.
use super::kv::SLED_DEFAULT_TREE as DEFAULT_TREE;
/// How many automatic backups are kept.
pub const KEEP: usize = 7;
const LAST_BACKUP: &str = "backup_last";
const BACKUP_FAILURE: &str = "backup_failure";
/// Entries written per batch when restoring.
const RESTORE_BATCH: usize = 10_000;

/// What a backup says about itself.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    /// The id of the store it was taken from (kept in the store's meta tree).
    pub store_id: String,
    pub daftar_version: String,
    pub trees: Vec<TreeSum>,
    pub data_bytes: u64,
    /// SHA-256 of the whole data file, hex.
    pub data_sha256: String,
}

impl Manifest {
    /// Every entry of every tree.
    pub fn entries(&self) -> u64 {
        self.trees.iter().map(|t| t.entries).sum()
    }
}

/// One tree of a backup: its name (hex of sled's name bytes, so any name is kept exactly),
/// how many entries it holds, and the SHA-256 of those entries as written.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TreeSum {
    pub name: String,
    /// The name as text, for a person reading the manifest.
    pub label: String,
    pub entries: u64,
    pub sha256: String,
}

/// The last automatic backup that was made, kept in the store's settings for the help screen.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BackupMark {
    pub at: DateTime<Utc>,
    pub path: String,
}

/// The last automatic backup that failed (cleared by the next one that succeeds).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BackupFailure {
    pub at: DateTime<Utc>,
    pub error: String,
}

/// What [`automatic`] did.
#[derive(Debug, PartialEq)]
pub enum Automatic {
    Made(PathBuf),
    /// Today's backup exists already: none was made.
    AlreadyToday(PathBuf),
}

/// Why a backup or restore was refused, for the command to word in the interviewer's
/// language. Each carries the path it is about.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{} already exists and is not empty; nothing was written", .0.display())]
    TargetNotEmpty(PathBuf),
    #[error("{} is inside the store; a backup goes elsewhere, nothing was written", .0.display())]
    InsideStore(PathBuf),
    #[error("{} is not a daftar backup ({}); nothing was written", .0.display(), .1)]
    NotABackup(PathBuf, String),
    #[error("the backup {} is damaged ({}); nothing was written", .0.display(), .1)]
    Damaged(PathBuf, String),
    /// The interface holding the store has nobody logged in (and not idle-locked) whose
    /// account may take backups: it refused a `daftar backup` request and wrote nothing.
    #[error("the interface holding this store has nobody logged in who may take backups; nothing was written")]
    NobodyAtTheInterface,
}

impl Refusal {
    /// The refusal in the interviewer's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::T;
        let shown = |p: &Path| p.display().to_string();
        match self {
            Refusal::TargetNotEmpty(path) => T::BakTargetNotEmpty.fill(lang, &[("path", &shown(path))]),
            Refusal::InsideStore(path) => T::BakInsideStore.fill(lang, &[("path", &shown(path))]),
            Refusal::NotABackup(path, why) => T::BakNotABackup.fill(lang, &[("path", &shown(path)), ("reason", why)]),
            Refusal::Damaged(path, why) => T::BakDamaged.fill(lang, &[("path", &shown(path)), ("reason", why)]),
            Refusal::NobodyAtTheInterface => T::BakNobodyAtInterface.get(lang).to_string(),
        }
    }
}

fn io(action: &'static str, path: &Path) -> impl Fn(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { action, path: path.clone(), source }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

impl Store {
    /// What a backup needs of the store, to be handed to another thread (the interface serves
    /// `daftar backup` from one while it goes on working).
    pub fn backup_source(&self) -> BackupSource {
        BackupSource { db: self.db.clone(), gate: Arc::clone(&self.gate), path: self.path.clone() }
    }

    /// The store's id, made (random) the first time it is asked for.
    pub fn store_id(&self) -> Result<String> {
        self.backup_source().store_id()
    }

    /// See [`BackupSource::backup`].
    pub fn backup(&self, dest: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
        self.backup_source().backup(dest, progress)
    }

    /// When the last automatic backup was made, and where.
    pub fn last_backup(&self) -> Result<Option<BackupMark>> {
        self.setting(LAST_BACKUP)
    }

    /// The last automatic backup that failed, if none succeeded since.
    pub fn backup_failure(&self) -> Result<Option<BackupFailure>> {
        self.setting(BACKUP_FAILURE)
    }

    fn clear_backup_failure(&self) -> Result<()> {
        let _write = self.gate.enter()?;
        self.settings.remove(BACKUP_FAILURE).map_err(storage("saving settings"))?;
        self.flush()
    }

    /// Records the outcome of an automatic backup (the help screen and the next start read it).
    pub fn record_backup(&self, outcome: std::result::Result<&BackupMark, &BackupFailure>) -> Result<()> {
        match outcome {
            Ok(mark) => {
                self.set_setting(LAST_BACKUP, mark)?;
                self.clear_backup_failure()
            }
            Err(failure) => self.set_setting(BACKUP_FAILURE, failure),
        }
    }
}

/// The store's database and write gate, shared with the [`Store`] it came from.
#[derive(Clone)]
pub struct BackupSource {
    db: super::kv::Engine,
    gate: Arc<super::durable::Gate>,
    path: PathBuf,
}

impl BackupSource {
    fn db_path(&self) -> Option<PathBuf> {
        std::path::absolute(&self.path).ok()
    }

    /// The store's id, made (random) the first time it is asked for.
    pub fn store_id(&self) -> Result<String> {
        let meta = self.db.tree(super::META_TREE).map_err(storage("reading the store id"))?;
        if let Some(id) = meta.get(STORE_ID_KEY).map_err(storage("reading the store id"))? {
            return Ok(String::from_utf8_lossy(&id).into_owned());
        }
        let _gate = self.gate.hold();
        let id = uuid::Uuid::new_v4().simple().to_string();
        meta.insert(STORE_ID_KEY, id.as_bytes()).map_err(storage("saving the store id"))?;
        self.db.flush().map_err(storage("saving the store id"))?;
        Ok(id)
    }

    /// Writes a backup of the whole store to `dest`, which must not exist or be an empty
    /// directory, then reads it back and checks it. Writes wait while the entries are read.
    /// `progress` is told (entries done, entries in all). Nothing is left under `dest` on
    /// failure.
    pub fn backup(&self, dest: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
        refuse_non_empty(dest)?;
        if let (Ok(dest_abs), Some(store)) = (std::path::absolute(dest), self.db_path())
            && dest_abs.starts_with(&store)
        {
            return Err(Error::Backup(Refusal::InsideStore(dest.to_path_buf())));
        }
        let store_id = self.store_id()?;
        let temp = temp_beside(dest, "partial")?;
        let result = (|| {
            private_dir().create(&temp).map_err(io("creating", &temp))?;
            let manifest = self.write_data(&temp.join(DATA), store_id, progress)?;
            // Reading back reports the finished count as it goes, so that someone waiting
            // for this backup hears that it is alive.
            let total = manifest.entries();
            let readback = read_data(&temp.join(DATA), &mut |_| {
                progress(total, total);
                Ok(())
            })?;
            if readback != (manifest.trees.clone(), manifest.data_bytes, manifest.data_sha256.clone()) {
                return Err(Error::Storage {
                    action: "checking the backup",
                    detail: "what was read back differs from what was written".into(),
                });
            }
            write_synced(&temp.join(MANIFEST), &serde_json::to_vec_pretty(&manifest).map_err(encoding)?)?;
            sync_dir(&temp)?;
            fs::rename(&temp, dest).map_err(io("creating", dest))?;
            sync_parent(dest)?;
            Ok(manifest)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&temp);
        }
        result
    }

    fn write_data(&self, path: &Path, store_id: String, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
        let file = private_file(path)?;
        let mut out = HashingWriter { inner: BufWriter::new(file), sha: Sha256::new(), bytes: 0 };
        let write = io("writing", path);
        let gate = self.gate.hold();
        let created_at = Utc::now();
        let db = self.db.sled().ok_or(Error::NotOnPostgres { what: "daftar backup" })?;
        let mut names = db.tree_names();
        names.sort();
        let trees: Vec<(sled::IVec, sled::Tree)> = names
            .into_iter()
            .map(|name| {
                let tree = if name.as_ref() == DEFAULT_TREE { (**db).clone() } else { db.open_tree(&name)? };
                Ok((name, tree))
            })
            .collect::<std::result::Result<_, sled::Error>>()
            .map_err(storage("reading the store for a backup"))?;
        let total: u64 = trees.iter().map(|(_, t)| t.len() as u64).sum();
        let mut done = 0;
        progress(0, total);
        out.write_all(MAGIC).map_err(&write)?;
        out.write_all(&BACKUP_FORMAT.to_le_bytes()).map_err(&write)?;
        let mut sums = Vec::new();
        for (name, tree) in &trees {
            out.write_all(b"T").map_err(&write)?;
            write_piece(&mut out, name).map_err(&write)?;
            let (mut sha, mut entries) = (Sha256::new(), 0u64);
            for item in tree.iter() {
                let (key, value) = item.map_err(storage("reading the store for a backup"))?;
                let mut entry = Vec::with_capacity(key.len() + value.len() + 9);
                entry.push(b'K');
                write_piece(&mut entry, &key).map_err(&write)?;
                write_piece(&mut entry, &value).map_err(&write)?;
                sha.update(&entry);
                out.write_all(&entry).map_err(&write)?;
                entries += 1;
                done += 1;
                if done % 1000 == 0 {
                    progress(done, total);
                }
            }
            out.write_all(b".").map_err(&write)?;
            out.write_all(&entries.to_le_bytes()).map_err(&write)?;
            sums.push(TreeSum {
                name: hex(name),
                label: String::from_utf8_lossy(name).into_owned(),
                entries,
                sha256: hex(&sha.finalize()),
            });
        }
        out.write_all(b"E").map_err(&write)?;
        out.inner.flush().map_err(&write)?;
        // Every entry is read: the store may be written again while the copy reaches the disk.
        drop(gate);
        out.inner.get_ref().sync_all().map_err(&write)?;
        progress(total, total);
        Ok(Manifest {
            format: BACKUP_FORMAT,
            kind: KIND.into(),
            created_at,
            store_id,
            daftar_version: env!("CARGO_PKG_VERSION").into(),
            trees: sums,
            data_bytes: out.bytes,
            data_sha256: hex(&out.sha.finalize()),
        })
    }
}

fn encoding(e: serde_json::Error) -> Error {
    Error::Storage { action: "encoding the backup manifest", detail: e.to_string() }
}

struct HashingWriter<W: Write> {
    inner: W,
    sha: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A length (u32, little-endian) and the bytes.
fn write_piece(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| std::io::Error::other("a value is larger than 4 GiB"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(bytes)
}

/// One step of reading a data file.
enum Item<'a> {
    Tree(&'a [u8]),
    Entry(&'a [u8], &'a [u8]),
}

type DataSums = (Vec<TreeSum>, u64, String);

/// Reads a data file whole, handing each tree and entry to `each` in order, and returns each
/// tree's sum, the file's size and its SHA-256. A file that does not parse is an error.
fn read_data(path: &Path, each: &mut dyn FnMut(Item) -> Result<()>) -> Result<DataSums> {
    let file = fs::File::open(path).map_err(io("reading", path))?;
    let len = file.metadata().map_err(io("reading", path))?.len();
    let mut input = HashingReader { inner: BufReader::new(file), sha: Sha256::new(), bytes: 0 };
    let malformed = |what: &str| Error::Storage { action: "reading the backup", detail: what.to_string() };
    let read = |input: &mut HashingReader<BufReader<fs::File>>, n: u64| -> Result<Vec<u8>> {
        if n > len.saturating_sub(input.bytes) {
            return Err(malformed("the data file ends early"));
        }
        let mut buf = vec![0; n as usize];
        input.read_exact(&mut buf).map_err(|_| malformed("the data file ends early"))?;
        Ok(buf)
    };
    let read_u32 = |input: &mut HashingReader<BufReader<fs::File>>| -> Result<u32> {
        let b = read(input, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let read_piece = |input: &mut HashingReader<BufReader<fs::File>>| -> Result<Vec<u8>> {
        let n = read_u32(input)?;
        read(input, u64::from(n))
    };
    if read(&mut input, 8)? != MAGIC {
        return Err(malformed("the data file is not a daftar backup"));
    }
    if read_u32(&mut input)? != BACKUP_FORMAT {
        return Err(malformed("the data file has another format"));
    }
    let mut sums = Vec::new();
    loop {
        match read(&mut input, 1)?.as_slice() {
            b"E" => break,
            b"T" => {}
            _ => return Err(malformed("the data file is malformed")),
        }
        let name = read_piece(&mut input)?;
        each(Item::Tree(&name))?;
        let (mut sha, mut entries) = (Sha256::new(), 0u64);
        loop {
            match read(&mut input, 1)?.as_slice() {
                b"K" => {}
                b"." => break,
                _ => return Err(malformed("a tree is malformed")),
            }
            let key = read_piece(&mut input)?;
            let value = read_piece(&mut input)?;
            sha.update(b"K");
            sha.update((key.len() as u32).to_le_bytes());
            sha.update(&key);
            sha.update((value.len() as u32).to_le_bytes());
            sha.update(&value);
            each(Item::Entry(&key, &value))?;
            entries += 1;
        }
        let count = read(&mut input, 8)?;
        if count != entries.to_le_bytes() {
            return Err(malformed("a tree's entry count does not match"));
        }
        sums.push(TreeSum {
            name: hex(&name),
            label: String::from_utf8_lossy(&name).into_owned(),
            entries,
            sha256: hex(&sha.finalize()),
        });
    }
    if input.bytes != len {
        return Err(malformed("the data file has bytes after its end"));
    }
    Ok((sums, input.bytes, hex(&input.sha.finalize())))
}

struct HashingReader<R: Read> {
    inner: R,
    sha: Sha256,
    bytes: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Reads a backup's manifest and its data file whole, and checks every checksum and count.
/// Writes nothing.
pub fn verify(backup: &Path) -> Result<Manifest> {
    verify_with(backup, &mut |_| Ok(()))
}

fn verify_with(backup: &Path, each: &mut dyn FnMut(Item) -> Result<()>) -> Result<Manifest> {
    let refused = Error::Backup;
    let not_a_backup = |why: &str| refused(Refusal::NotABackup(backup.to_path_buf(), why.into()));
    let damaged = |why: String| refused(Refusal::Damaged(backup.to_path_buf(), why));
    let bytes = match fs::read(backup.join(MANIFEST)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_a_backup("it has no manifest.json")),
        Err(source) => return Err(Error::Io { action: "reading", path: backup.join(MANIFEST), source }),
    };
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| damaged(format!("its manifest is unreadable: {e}")))?;
    if manifest.kind != KIND {
        return Err(not_a_backup("its manifest is of another kind"));
    }
    if manifest.format > BACKUP_FORMAT {
        return Err(Error::NewerRecord {
            what: "backup",
            id: backup.display().to_string(),
            found: manifest.format,
            supported: BACKUP_FORMAT,
        });
    }
    let (trees, size, sha) = read_data(&backup.join(DATA), each).map_err(|e| match e {
        Error::Storage { detail, .. } => damaged(detail),
        other => other,
    })?;
    if size != manifest.data_bytes || sha != manifest.data_sha256 {
        return Err(damaged("the data file's checksum does not match the manifest".into()));
    }
    if trees != manifest.trees {
        return Err(damaged("a tree's checksum does not match the manifest".into()));
    }
    Ok(manifest)
}

/// Restores `backup` into `target`, which must not exist or be an empty directory. The backup
/// is checked whole first; the store is built under a temporary name beside `target`, opened
/// and counted, and only then renamed into place, so a failure leaves nothing at `target`.
pub fn restore(backup: &Path, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
    restore_admitted(backup, target, progress, &mut |_| Ok(()))
}

/// As [`restore`], but nothing is written until `admit` accepted the accounts read from the
/// backup (as it is checked, before the store is rebuilt; the command logs in against them).
/// The store is rebuilt in a private (0700) directory.
pub fn restore_admitted(
    backup: &Path,
    target: &Path,
    progress: &mut dyn FnMut(u64, u64),
    admit: &mut super::salvage::Admit,
) -> Result<Manifest> {
    refuse_non_empty(target)?;
    let mut found = super::FoundAccounts::default();
    let mut in_tree: Vec<u8> = Vec::new();
    let manifest = verify_with(backup, &mut |item| {
        match item {
            Item::Tree(name) => in_tree = name.to_vec(),
            Item::Entry(key, value) => found.take(&in_tree, key, value),
        }
        Ok(())
    })?;
    found.check_not_lost(backup)?;
    admit(&found)?;
    let temp = temp_beside(target, "restoring")?;
    let result = (|| {
        private_dir().create(&temp).map_err(io("creating", &temp))?;
        let total = manifest.entries();
        let mut done = 0;
        progress(0, total);
        {
            let db = sled::Config::new().path(&temp).open().map_err(storage("creating the restored store"))?;
            let mut tree: Option<sled::Tree> = None;
            let mut batch = sled::Batch::default();
            let mut in_batch = 0;
            verify_with(backup, &mut |item| {
                match item {
                    Item::Tree(name) => {
                        if let Some(previous) = tree.take() {
                            previous.apply_batch(std::mem::take(&mut batch)).map_err(storage("restoring"))?;
                        }
                        in_batch = 0;
                        let opened = if name == DEFAULT_TREE {
                            (*db).clone()
                        } else {
                            db.open_tree(name).map_err(storage("restoring"))?
                        };
                        tree = Some(opened);
                    }
                    Item::Entry(key, value) => {
                        batch.insert(key, value);
                        in_batch += 1;
                        done += 1;
                        if in_batch == RESTORE_BATCH {
                            if let Some(tree) = &tree {
                                tree.apply_batch(std::mem::take(&mut batch)).map_err(storage("restoring"))?;
                            }
                            in_batch = 0;
                            progress(done, total);
                        }
                    }
                }
                Ok(())
            })?;
            if let Some(tree) = tree.take() {
                tree.apply_batch(batch).map_err(storage("restoring"))?;
            }
            for sum in &manifest.trees {
                let name = unhex(&sum.name).unwrap_or_default();
                let tree = if name == DEFAULT_TREE {
                    (*db).clone()
                } else {
                    db.open_tree(&name).map_err(storage("restoring"))?
                };
                if tree.len() as u64 != sum.entries {
                    return Err(Error::Storage {
                        action: "restoring",
                        detail: format!(
                            "tree {} holds another number of entries after writing",
                            String::from_utf8_lossy(&name)
                        ),
                    });
                }
            }
            db.flush().map_err(storage("flushing the restored store"))?;
        }
        // The restored store must open as a store before it takes the name asked for.
        drop(Store::open_existing(&temp)?);
        if target.exists() {
            fs::remove_dir(target).map_err(io("replacing", target))?;
        }
        fs::rename(&temp, target).map_err(io("creating", target))?;
        sync_parent(target)?;
        progress(total, total);
        Ok(manifest.clone())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result
}

/// Refuses a path that exists and is not an empty directory.
pub(super) fn refuse_non_empty(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let empty = path.is_dir() && fs::read_dir(path).map_err(io("reading", path))?.next().is_none();
    if empty { Ok(()) } else { Err(Error::Backup(Refusal::TargetNotEmpty(path.to_path_buf()))) }
}

/// A hidden name beside `path` for building it, unique to this process.
pub(super) fn temp_beside(path: &Path, what: &str) -> Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Backup(Refusal::TargetNotEmpty(path.to_path_buf())))?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io("creating", parent))?;
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// A backup holds the whole register: its directories are readable by their owner only.
pub(super) fn private_dir() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// A new file readable by its owner only.
fn private_file(path: &Path) -> Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(io("creating", path))
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = private_file(path)?;
    file.write_all(bytes).map_err(io("writing", path))?;
    file.sync_all().map_err(io("writing", path))
}

fn sync_dir(path: &Path) -> Result<()> {
    fs::File::open(path).and_then(|d| d.sync_all()).map_err(io("writing", path))
}

fn sync_parent(path: &Path) -> Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => sync_dir(parent),
        None => sync_dir(Path::new(".")),
    }
}

/// Where automatic backups go when nothing else is configured: `<store>.backups` beside the
/// store.
pub fn default_dir(store: &Path) -> PathBuf {
    let name = store.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    store.with_file_name(format!("{name}.backups"))
}

/// A backup's name in the automatic directory: its local date and time.
fn auto_name(now: DateTime<Local>) -> String {
    now.format("%Y-%m-%d-%H%M%S").to_string()
}

/// The automatic backups in `dir`, oldest first: directories named by [`auto_name`] that hold
/// a manifest. Nothing else in `dir` is ever touched.
fn automatic_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    let Ok(list) = fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut found: Vec<PathBuf> = list
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let shaped = name.len() == 17
                && name
                    .chars()
                    .enumerate()
                    .all(|(i, c)| if [4, 7, 10].contains(&i) { c == '-' } else { c.is_ascii_digit() });
            shaped && p.join(MANIFEST).is_file()
        })
        .collect();
    found.sort();
    Ok(found)
}

/// The automatic backup at quit: at most one a day (by `now`'s local date), in `dir`, keeping
/// the last [`KEEP`]. Older ones are removed only after a new one was written and checked.
/// The outcome is recorded in the store's settings either way.
pub fn automatic(
    store: &Store,
    dir: &Path,
    now: DateTime<Local>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Automatic> {
    let result = (|| -> Result<Automatic> {
        let today = now.format("%Y-%m-%d").to_string();
        if let Some(existing) = automatic_backups(dir)?
            .into_iter()
            .rev()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&today)))
        {
            return Ok(Automatic::AlreadyToday(existing));
        }
        private_dir().recursive(true).create(dir).map_err(io("creating", dir))?;
        let path = dir.join(auto_name(now));
        store.backup(&path, progress)?;
        let all = automatic_backups(dir)?;
        for old in &all[..all.len().saturating_sub(KEEP)] {
            fs::remove_dir_all(old).map_err(io("removing", old))?;
        }
        Ok(Automatic::Made(path))
    })();
    match &result {
        Ok(Automatic::Made(path)) => {
            let mark = BackupMark { at: now.with_timezone(&Utc), path: path.display().to_string() };
            store.record_backup(Ok(&mark))?;
        }
        // Today's backup is there: an older failure (to another directory, say) is over.
        Ok(Automatic::AlreadyToday(_)) => {
            if store.backup_failure()?.is_some() {
                store.clear_backup_failure()?;
            }
        }
        Err(e) => {
            let failure = BackupFailure { at: now.with_timezone(&Utc), error: e.to_string() };
            // The store may be what failed; the error is reported on standard error anyway.
            let _ = store.record_backup(Err(&failure));
        }
    }
    result
}

/// Where `daftar backup` leaves its request when another process holds the store: a hidden
/// directory beside the store, `.<store>.backup-requests`.
pub fn requests_dir(store: &Path) -> PathBuf {
    // The same directory whatever path each side was given (relative, through a link).
    let store = fs::canonicalize(store).unwrap_or_else(|_| store.to_path_buf());
    let name = store.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    store.with_file_name(format!(".{name}.backup-requests"))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Request {
    dest: PathBuf,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Answer {
    manifest: Option<Manifest>,
    error: Option<String>,
    /// The holder refused the request: nobody who may take backups is at its keyboard
    /// ([`Offer::NobodyMay`]). The asker words it in its own language.
    #[serde(default)]
    nobody_may: bool,
}

/// What the process holding the store offers a backup request at the moment it takes it.
pub enum Offer {
    /// An account the policy lets take backups is logged in and not idle-locked: the store.
    Ready(BackupSource),
    /// Nobody who may take backups is at the keyboard (the login screen, an interviewer, the
    /// idle lock): the request is refused and nothing is written.
    NobodyMay,
    /// The store is being released.
    Closing,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Progress {
    done: u64,
    total: u64,
    /// Changes at each report, even when the counts do not.
    beat: u64,
}

/// How long a taken request may go without news before the asker gives up: the holder reports
/// four times a second while it works, so this much silence means it died or hangs.
const TAKEN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// How often the holder of the store looks for a request.
const SERVE_POLL: std::time::Duration = std::time::Duration::from_millis(200);

/// Run by the process that holds the store (the interface), on a thread of its own, until
/// `stop` is set: takes each backup `daftar backup` asks for, under the same write gate as its
/// own writes, and answers with the manifest or the error. `offer` says, afresh for each
/// request, whether someone who may take backups is at the keyboard and gives the store as it
/// is now: the interface opens its store again after a failed write, and no handle on the old
/// one may be kept meanwhile (it would keep sled's lock). A request nobody may grant is
/// refused ([`Refusal::NobodyAtTheInterface`]) and nothing is written at its destination.
/// `served` is told of each backup taken (where, and when), for the interface to say so.
pub fn serve(
    offer: &dyn Fn() -> Offer,
    store: &Path,
    stop: &std::sync::atomic::AtomicBool,
    served: &dyn Fn(&Path, DateTime<Utc>),
) {
    let dir = requests_dir(store);
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        serve_pending(offer, &dir, served);
        std::thread::sleep(SERVE_POLL);
    }
}

fn serve_pending(offer: &dyn Fn() -> Offer, dir: &Path, served: &dyn Fn(&Path, DateTime<Utc>)) {
    let Ok(list) = fs::read_dir(dir) else { return };
    for entry in list.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "request") {
            continue;
        }
        let taken = path.with_extension("taken");
        // Taking it is a rename, so the asker can still withdraw a request nobody took.
        if fs::rename(&path, &taken).is_err() {
            continue;
        }
        let failed = |error: &str| Answer { manifest: None, error: Some(error.into()), nobody_may: false };
        let answer = match fs::read(&taken).ok().and_then(|b| serde_json::from_slice::<Request>(&b).ok()) {
            None => failed("the request is unreadable"),
            Some(request) => match offer() {
                Offer::NobodyMay => Answer { manifest: None, error: None, nobody_may: true },
                Offer::Closing => failed("the store is closing"),
                Offer::Ready(source) => {
                    let progress_path = path.with_extension("progress");
                    let mut last: Option<std::time::Instant> = None;
                    let mut beat = 0;
                    let mut progress = |done: u64, total: u64| {
                        if last.is_none_or(|t| t.elapsed() > std::time::Duration::from_millis(250)) {
                            last = Some(std::time::Instant::now());
                            beat += 1;
                            let _ = write_replacing(&progress_path, &Progress { done, total, beat });
                        }
                    };
                    match source.backup(&request.dest, &mut progress) {
                        Ok(manifest) => {
                            served(&request.dest, Utc::now());
                            Answer { manifest: Some(manifest), error: None, nobody_may: false }
                        }
                        Err(e) => failed(&e.to_string()),
                    }
                }
            },
        };
        let _ = write_replacing(&path.with_extension("answer"), &answer);
        let _ = fs::remove_file(&taken);
    }
}

/// Writes `value` as JSON under a temporary name, then renames it over `path`.
fn write_replacing<V: serde::Serialize>(path: &Path, value: &V) -> Result<()> {
    let temp = path.with_extension("writing");
    fs::write(&temp, serde_json::to_vec(value).map_err(encoding)?).map_err(io("writing", &temp))?;
    fs::rename(&temp, path).map_err(io("writing", path))
}

/// What became of a request [`ask`] left.
#[derive(Debug)]
pub enum Asked {
    Made(Manifest),
    /// Nobody took the request: the process holding the store does not serve backups (an
    /// older Daftar, or one that is stuck). The request was withdrawn.
    Unanswered,
}

/// Asks the process that holds the store at `store` to write a backup to `dest`, and waits
/// for its answer, reporting its progress. `patience` is how long a request may wait to be
/// taken.
pub fn ask(
    store: &Path,
    dest: &Path,
    patience: std::time::Duration,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Asked> {
    refuse_non_empty(dest)?;
    let dest = std::path::absolute(dest).map_err(io("reading", dest))?;
    let dir = requests_dir(store);
    private_dir().recursive(true).create(&dir).map_err(io("creating", &dir))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let request = dir.join(format!("{id}.request"));
    let (taken, progress_path, answer) =
        (request.with_extension("taken"), request.with_extension("progress"), request.with_extension("answer"));
    let temp = dir.join(format!("{id}.writing"));
    fs::write(&temp, serde_json::to_vec(&Request { dest }).map_err(encoding)?).map_err(io("writing", &temp))?;
    fs::rename(&temp, &request).map_err(io("writing", &request))?;
    let mut news = std::time::Instant::now();
    let mut seen: Option<(u64, u64, u64)> = None;
    let mut was_taken = false;
    let cleanup = || {
        for p in [&request, &taken, &progress_path, &answer] {
            let _ = fs::remove_file(p);
        }
        // Only if no other request is in it.
        let _ = fs::remove_dir(&dir);
    };
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if let Ok(bytes) = fs::read(&answer) {
            cleanup();
            let answer: Answer = serde_json::from_slice(&bytes)
                .map_err(|e| Error::Storage { action: "reading the backup's answer", detail: e.to_string() })?;
            return match (answer.manifest, answer.error) {
                _ if answer.nobody_may => Err(Error::Backup(Refusal::NobodyAtTheInterface)),
                (Some(manifest), _) => Ok(Asked::Made(manifest)),
                (None, error) => Err(Error::Storage {
                    action: "backing up in the process that holds the store",
                    detail: error.unwrap_or_default(),
                }),
            };
        }
        if let Some(p) = fs::read(&progress_path).ok().and_then(|b| serde_json::from_slice::<Progress>(&b).ok())
            && seen != Some((p.done, p.total, p.beat))
        {
            seen = Some((p.done, p.total, p.beat));
            news = std::time::Instant::now();
            progress(p.done, p.total);
        }
        if !was_taken && taken.exists() {
            was_taken = true;
            news = std::time::Instant::now();
        }
        let quiet = news.elapsed();
        if !was_taken && quiet > patience && fs::remove_file(&request).is_ok() {
            // Withdrawn before anyone took it.
            cleanup();
            return Ok(Asked::Unanswered);
        }
        if was_taken && quiet > TAKEN_PATIENCE {
            // Taken, then nothing for minutes: the holder died or hangs.
            cleanup();
            return Ok(Asked::Unanswered);
        }
    }
}
