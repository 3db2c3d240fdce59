//! `daftar store salvage SRC DEST`: copies every record that can still be read from a store,
//! damaged or not, into a new store, and lists what could not be read by tree and key.
//!
//! SRC is never written: its files are copied (read-only, under its lock) into a working
//! directory beside DEST, and sled's recovery, which may zero what follows a damaged byte, runs
//! on that copy. Before it does, each damaged place in the copy is made skippable
//! ([`verify::repair_copy`]: an unreadable message becomes a cancelled one, a segment cut short
//! gets an end mark, a lost segment header is rewritten), so sled reads on past it instead of
//! zeroing the rest. If sled still cannot open the copy, it is tried again without its
//! snapshot (sled then rebuilds its page table from the log alone). Records are read tree by tree; a
//! part of a tree that cannot be read is stepped over and reported. Each record is checked
//! (it must decode as what its tree holds) before it is written to DEST, and DEST's derived
//! index is rebuilt from what was copied. What lies in a log cut off (truncated or zeroed) is
//! gone; what lies after a damaged message is kept, unless it only made sense with it.
//!
//! # An encrypted store
//! Salvage needs no key: it must work when nobody can log in to the damaged store. A value
//! that is a well-formed sealed value of the store's key (its header names the key ring's key
//! id, [`crate::crypto::sealed_key_id`]) is copied as it is, unopened: its seal is bound to its
//! tree and key, not to the file, so it opens in DEST as it did in SRC. So are the key ring
//! and the other plain entries of meta the logins need (the login key, the accounts mark), the
//! wraps and the login trees (the username index, the lockout counts, the queued failures):
//! the same accounts, with the same passwords, open DEST. DEST's derived trees (summaries,
//! file numbers, statistics) cannot be built without the key: DEST carries no index mark, so
//! its first login rebuilds them ([`Store::catch_up`]). A value that is neither a plain record
//! nor a well-formed sealed value is listed as unreadable, as on a plain store; one that is
//! well-formed but altered is copied and then refused, named, when DEST reads it.
//!
//! The search of the raw log ([`log_records`]) finds only plain JSON records: sealed values
//! carry no tree name and no key sled's messages would show without parsing its node format,
//! so what sled no longer reaches of an encrypted store's sealed trees is not found there.

use std::path::{Path, PathBuf};

use super::accounts::{ACCOUNTS, ACCOUNTS_SINCE, FoundAccounts};
use super::verify::{self, Damage};
use super::{
    DRAFTS, FORMS, FormRecord, INTERVIEWS, Interview, PARTICIPANTS, Participant, SETTINGS, STAGES, SUMMARIES,
    StageEvent, Store,
};
use crate::error::{Error, Result};

/// What a salvage did.
#[derive(Debug, Default)]
pub struct Salvage {
    /// The damage found in SRC, if any.
    pub damage: Option<Damage>,
    /// How many damaged places were stepped over (0 for a healthy store).
    pub places: usize,
    /// sled could not open even the repaired copy, so the records were found by reading its
    /// log message by message (see [`from_log`]).
    pub from_log: bool,
    /// Records that sled's recovery no longer reached, found by reading the log.
    pub from_log_only: usize,
    /// Records copied, per tree.
    pub copied: Vec<(&'static str, usize)>,
    /// What could not be read: the tree and a key (or a range of keys). Keys are random
    /// identifiers or setting names, never personal data.
    pub unreadable: Vec<(&'static str, String)>,
    /// The source is encrypted: its sealed values were copied unopened, with its key ring and
    /// wraps, and DEST's index is rebuilt at its first login. Sealed records are not searched
    /// for in the raw log (only plain ones are found there).
    pub encrypted: bool,
}

/// The trees that hold records (the others are derived and rebuilt), with the check each
/// record must pass.
type Check = fn(&[u8]) -> bool;

const TREES: &[(&str, Check)] = &[
    (PARTICIPANTS, |b| super::decode_record::<Participant>(b).is_ok()),
    (INTERVIEWS, |b| super::decode_record::<Interview>(b).is_ok()),
    (DRAFTS, |b| super::decode_record::<Interview>(b).is_ok()),
    (STAGES, |b| super::decode_record::<StageEvent>(b).is_ok()),
    (FORMS, |b| serde_json::from_slice::<FormRecord>(b).is_ok()),
    (SETTINGS, |b| serde_json::from_slice::<serde_json::Value>(b).is_ok()),
    (super::accounts::ACCOUNTS, |b| serde_json::from_slice::<crate::auth::Account>(b).is_ok()),
    (super::versions::VERSIONS, |b| serde_json::from_slice::<super::Version>(b).is_ok()),
    (super::fixes::STAGE_VOIDS, |b| serde_json::from_slice::<super::StageVoid>(b).is_ok()),
    (super::review::REVIEWS, |b| serde_json::from_slice::<super::Review>(b).is_ok()),
];

/// The trees of an encrypted store copied whole, as they are, so that its accounts log in to
/// DEST: the wraps of the data key, the username index (a keyed digest of each name, which
/// only the store's login key in meta reproduces), the lockout counts and the failures queued
/// for the audit trail. Those that the source does not have are left out.
const LOGIN_TREES: &[&str] = &[
    super::keyring::WRAPS,
    super::accounts::ACCOUNT_NAMES,
    super::accounts::ACCOUNT_LOGINS,
    super::accounts::LOGIN_FAILURES,
    super::audit::AUDIT_PENDING,
];

/// Whether an entry of an encrypted source's meta tree is carried to DEST: all but the marker
/// (DEST has its own) and the index mark (so that DEST's first login rebuilds the index). The
/// audit trail's state (`audit…`: its sealed chain key, its head, its index) comes with the
/// sealed entries, in place of the plain trail DEST was made with, which no key could extend.
fn carried_meta(key: &[u8]) -> bool {
    key != super::MARKER_KEY && key != b"index-format"
}

/// Copies what can be read from the store at `src` into a new store at `dest`, which must not
/// exist. Never writes to `src`. Admits everyone: see [`salvage_admitted`].
pub fn salvage(src: &Path, dest: &Path) -> Result<Salvage> {
    salvage_admitted(src, dest, &mut |_| Ok(()))
}

/// Who may salvage: given the accounts read from the source (and whether it was marked as
/// having had accounts), refuses or admits the person asking, before anything is written to
/// DEST.
pub type Admit<'a> = dyn FnMut(&FoundAccounts) -> Result<()> + 'a;

/// As [`salvage`], but DEST is written only once `admit` accepted the accounts read from the
/// source's copy (the command logs in against them there). The working copy beside DEST is
/// private (0700) and removed at the end.
pub fn salvage_admitted(src: &Path, dest: &Path, admit: &mut Admit) -> Result<Salvage> {
    if dest.exists() {
        return Err(Error::Usage(format!("{} already exists; salvage writes only to a new path", dest.display())));
    }
    if super::layout(src)? {
        return Err(Error::NoStore(src.to_path_buf()));
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    let work = parent.join(format!(".{name}.salvage-{}", std::process::id()));
    let result = (|| {
        let damage = copy_locked(src, &work)?;
        // Only the working copy is changed, so that sled reads past each damaged place.
        let places = match verify::repair_copy(&work) {
            Ok(found) => found.len(),
            Err(verify::VerifyError::Io(path, source)) => return Err(Error::Io { action: "reading", path, source }),
            Err(verify::VerifyError::Damaged(_)) => 0,
        };
        // Read before sled's recovery runs on the copy: it zeroes what follows the damage.
        let in_log = if damage.is_some() { log_records(&work)? } else { Default::default() };
        let db = match open_copy(&work) {
            Ok(db) => db,
            Err(_) => {
                // Only the accounts the log still holds; whether the store was marked is lost.
                let mut found = FoundAccounts::default();
                for ((tree, key), value) in &in_log.records {
                    found.take(tree.as_bytes(), key, value);
                }
                // Whether the store was marked is lost.
                found.had_accounts = false;
                admit(&found)?;
                let encrypted = in_log.encrypted;
                let report = Salvage { damage, places, from_log: true, encrypted, ..Salvage::default() };
                return from_log(in_log.records, dest, report);
            }
        };
        let mut report = Salvage { damage, places, ..Salvage::default() };
        let key_id = key_id_of(&db, &mut report.unreadable)?;
        let encrypted = key_id.is_some();
        report.encrypted = encrypted;
        let is_sealed = |value: &[u8]| key_id.is_some() && crate::crypto::sealed_key_id(value) == key_id;
        let found = found_accounts(&db);
        // Sealed accounts cannot be read without the key: the store has not lost them. Whoever
        // copies them learns nothing (they open only in DEST, with the same passwords).
        let sealed_accounts = db
            .open_tree(ACCOUNTS)
            .map(|tree| scan(&tree, ACCOUNTS, &mut Vec::new()).iter().any(|(_, value)| is_sealed(value)))
            .unwrap_or(false);
        if !sealed_accounts {
            found.check_not_lost(src)?;
        }
        admit(&found)?;
        // DEST is built as an empty store, filled with sled's own trees, then opened as a store.
        super::create(dest, None)?;
        let out = super::open_sled(dest, super::COMMAND_CACHE)?;
        let write = super::storage("writing the new store");
        for (tree_name, check) in TREES {
            let from = db.open_tree(tree_name).map_err(super::storage("reading the copy"))?;
            let into = out.open_tree(tree_name).map_err(&write)?;
            let mut copied = 0;
            for item in scan(&from, tree_name, &mut report.unreadable) {
                let (key, value) = item;
                if is_sealed(&value) || check(&value) {
                    into.insert(key, value).map_err(&write)?;
                    copied += 1;
                } else {
                    report.unreadable.push((tree_name, String::from_utf8_lossy(&key).into_owned()));
                }
            }
            report.copied.push((tree_name, copied));
        }
        if encrypted {
            let into = out.open_tree(super::META_TREE).map_err(&write)?;
            // DEST's own new trail goes: the source's sealed one is carried whole (a damaged
            // entry left behind shows in `audit verify` as the gap it is).
            for key in into.scan_prefix(b"audit").keys().filter_map(|k| k.ok()).collect::<Vec<_>>() {
                into.remove(key).map_err(&write)?;
            }
            let audit_into = out.open_tree(super::audit::AUDIT_TREE).map_err(&write)?;
            audit_into.clear().map_err(&write)?;
            let audit = db.open_tree(super::audit::AUDIT_TREE).map_err(super::storage("reading the copy"))?;
            for (key, value) in scan(&audit, super::audit::AUDIT_TREE, &mut report.unreadable) {
                audit_into.insert(key, value).map_err(&write)?;
            }
            let meta = db.open_tree(super::META_TREE).map_err(super::storage("reading the copy"))?;
            for (key, value) in scan(&meta, super::META_TREE, &mut report.unreadable) {
                if carried_meta(&key) {
                    into.insert(key, value).map_err(&write)?;
                }
            }
            let names = db.tree_names();
            for tree_name in LOGIN_TREES {
                if !names.iter().any(|n| n.as_ref() == tree_name.as_bytes()) {
                    continue;
                }
                let from = db.open_tree(tree_name).map_err(super::storage("reading the copy"))?;
                let into = out.open_tree(tree_name).map_err(&write)?;
                for (key, value) in scan(&from, tree_name, &mut report.unreadable) {
                    into.insert(key, value).map_err(&write)?;
                }
            }
        }
        // In a damaged store, records sled no longer reaches may still lie in readable messages.
        if report.damage.is_some() {
            let finals = out.open_tree(INTERVIEWS).map_err(&write)?;
            let mut added = 0;
            for ((tree, key), value) in in_log.records {
                let into = out.open_tree(tree).map_err(&write)?;
                let finalized = tree == DRAFTS && finals.get(&key).ok().flatten().is_some();
                if finalized || into.get(&key).ok().flatten().is_some() {
                    continue;
                }
                into.insert(key, value).map_err(&write)?;
                if let Some(entry) = report.copied.iter_mut().find(|(name, _)| *name == tree) {
                    entry.1 += 1;
                }
                added += 1;
            }
            report.from_log_only = added;
        }
        // Participants the copy's index knows of whose record could not be read.
        if let Ok(summaries) = db.open_tree(SUMMARIES) {
            let participants = out.open_tree(PARTICIPANTS).map_err(&write)?;
            let mut ignored = Vec::new();
            for (key, _) in scan(&summaries, SUMMARIES, &mut ignored) {
                if participants.get(&key).ok().flatten().is_none() {
                    report.unreadable.push((PARTICIPANTS, String::from_utf8_lossy(&key).into_owned()));
                }
            }
        }
        report.unreadable.sort();
        report.unreadable.dedup();
        out.flush().map_err(&write)?;
        drop(out);
        // A plain DEST rebuilds its index as it opens (it has no index mark); an encrypted one
        // at its first login, when the key is held.
        let out = Store::open(dest)?;
        if !encrypted {
            out.rebuild_account_names()?;
        }
        out.has_accounts()?;
        out.flush()?;
        Ok(report)
    })();
    let _ = std::fs::remove_dir_all(&work);
    if result.is_err() && dest.exists() {
        let _ = std::fs::remove_dir_all(dest);
    }
    result
}

/// Copies the store's files to `work` while holding its lock; returns the damage found.
fn copy_locked(src: &Path, work: &Path) -> Result<Option<Damage>> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { action, path: path.clone(), source }
    };
    let db = std::fs::File::open(src.join("db")).map_err(io("reading", &src.join("db")))?;
    if db.try_lock().is_err() {
        return Err(Error::StoreInUse(src.to_path_buf()));
    }
    let damage = match verify::verify(src) {
        Ok(()) => None,
        Err(verify::VerifyError::Damaged(d)) => Some(d),
        Err(verify::VerifyError::Io(path, source)) => return Err(Error::Io { action: "reading", path, source }),
    };
    copy_dir(src, work).map_err(io("copying to", work))?;
    drop(db);
    Ok(damage)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    // Private, whatever the umask: it holds the whole register until it is removed.
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            // `std::fs::copy` opens the source read-only.
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Opens the working copy with sled, without its snapshot if sled refuses it with one.
fn open_copy(work: &Path) -> Result<sled::Db> {
    match super::open_sled_once(work, super::COMMAND_CACHE) {
        Ok(db) => Ok(db),
        Err(first) => {
            for entry in std::fs::read_dir(work).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with("snap.") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
            super::open_sled_once(work, super::COMMAND_CACHE).map_err(|_| first)
        }
    }
}

/// Every (key, value) of `tree` that can be read, in key order. A part that cannot be read is
/// stepped over (the scan resumes past ever shorter prefixes of the last key read) and
/// reported in `unreadable`.
fn scan(
    tree: &sled::Tree,
    name: &'static str,
    unreadable: &mut Vec<(&'static str, String)>,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut start: Vec<u8> = Vec::new();
    'outer: loop {
        match read_from(tree, &start, &mut out) {
            Ok(()) => return out,
            Err(()) => {
                let last = out.last().map(|(k, _)| k.clone()).unwrap_or_default();
                let shown = String::from_utf8_lossy(&last).into_owned();
                // Resume past the longest prefix of the last key whose successor reads.
                for cut in (1..=last.len().max(1)).rev() {
                    let Some(next) = super::pg::prefix_end(&last[..cut.min(last.len())]) else { continue };
                    if next <= start {
                        continue;
                    }
                    let before = out.len();
                    if read_first(tree, &next, &mut out) {
                        let resumed = out.get(before).map(|(k, _)| String::from_utf8_lossy(k).into_owned());
                        unreadable.push((name, gap(&shown, resumed.as_deref())));
                        start = next;
                        continue 'outer;
                    }
                }
                unreadable.push((name, gap(&shown, None)));
                return out;
            }
        }
    }
}

fn gap(after: &str, before: Option<&str>) -> String {
    match (after.is_empty(), before) {
        (true, None) => "all records".into(),
        (true, Some(b)) => format!("records before {b}"),
        (false, None) => format!("records after {after}"),
        (false, Some(b)) => format!("records between {after} and {b}"),
    }
}

/// Reads from `start` to the end, appending; Err at the first unreadable part (sled's
/// errors and panics alike).
fn read_from(tree: &sled::Tree, start: &[u8], out: &mut Vec<(Vec<u8>, Vec<u8>)>) -> std::result::Result<(), ()> {
    let result = super::quiet::quietly(|| {
        for item in tree.range(start.to_vec()..) {
            match item {
                Ok((k, v)) => {
                    if out.last().is_some_and(|(last, _)| last.as_slice() >= k.as_ref()) {
                        continue;
                    }
                    out.push((k.to_vec(), v.to_vec()));
                }
                Err(_) => return Err(()),
            }
        }
        Ok(())
    });
    result.unwrap_or(Err(()))
}

/// Whether the first record at or after `start` can be read (pushed onto `out`), or the range
/// is readably empty.
fn read_first(tree: &sled::Tree, start: &[u8], out: &mut Vec<(Vec<u8>, Vec<u8>)>) -> bool {
    let result = super::quiet::quietly(|| match tree.range(start.to_vec()..).next() {
        None => true,
        Some(Ok((k, v))) => {
            if out.last().is_none_or(|(last, _)| last.as_slice() < k.as_ref()) {
                out.push((k.to_vec(), v.to_vec()));
            }
            true
        }
        Some(Err(_)) => false,
    });
    result.unwrap_or(false)
}

/// The accounts readable in the copy, and whether its meta marks it as having had accounts.
fn found_accounts(db: &sled::Db) -> FoundAccounts {
    let mut ignored = Vec::new();
    let mut found = FoundAccounts::default();
    let trees = [ACCOUNTS, super::accounts::ACCOUNT_LOGINS, super::accounts::ACCOUNT_NAMES, super::keyring::WRAPS];
    for name in trees {
        if let Ok(tree) = db.open_tree(name) {
            for (key, value) in scan(&tree, name, &mut ignored) {
                found.take(name.as_bytes(), &key, &value);
            }
        }
    }
    if let Ok(meta) = db.open_tree(super::META_TREE) {
        for key in [super::keyring::KEYRING, super::accounts::LOGIN_FAILURE_KEY.as_bytes()] {
            if let Ok(Some(value)) = meta.get(key) {
                found.take(super::META_TREE.as_bytes(), key, &value);
            }
        }
    }
    // Only a mark read as such counts: a damaged store from before accounts whose meta cannot
    // be read must still be salvaged (as it was when sled cannot open the copy at all).
    found.had_accounts =
        db.open_tree(super::META_TREE).is_ok_and(|meta| matches!(meta.get(ACCOUNTS_SINCE), Ok(Some(_))));
    found
}

/// The destination store's tree of that name (one of [`TREES`]).
fn tree_of<'a>(store: &'a Store, name: &str) -> &'a super::kv::Tree {
    match name {
        PARTICIPANTS => &store.participants,
        INTERVIEWS => &store.interviews,
        DRAFTS => &store.drafts,
        STAGES => &store.stages,
        FORMS => &store.forms,
        super::accounts::ACCOUNTS => &store.accounts,
        super::versions::VERSIONS => &store.versions,
        _ => &store.settings,
    }
}

/// The last resort, when sled cannot open the copy (its tree structure lies in what was lost):
/// every readable message of the log is searched for Daftar's records (JSON objects that decode
/// as a participant, an interview, a stage change or a form), and the latest version of each,
/// by its place in the log, is written to DEST. A record deleted from the store (a draft once
/// finalized) can reappear this way only as the final interview it became, which wins.
/// Settings are not recovered.
fn from_log(in_log: LogRecords, dest: &Path, mut report: Salvage) -> Result<Salvage> {
    let out = Store::open(dest)?;
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for ((tree, key), value) in in_log {
        tree_of(&out, tree).insert(key, value).map_err(super::storage("writing the new store"))?;
        *counts.entry(tree).or_default() += 1;
    }
    report.copied = TREES.iter().map(|(name, _)| (*name, counts.get(name).copied().unwrap_or(0))).collect();
    report.unreadable.push((SETTINGS, "all records".into()));
    out.rebuild_index()?;
    out.rebuild_account_names()?;
    out.has_accounts()?;
    out.flush()?;
    Ok(report)
}

/// The latest version (by place in the log) of every record found in a readable message;
/// a draft whose final interview was found is left out, as the store left it out.
type Found = (i64, Vec<u8>);

type LogRecords = std::collections::BTreeMap<(&'static str, Vec<u8>), Vec<u8>>;

/// What the raw log holds that can be recognised: the plain records, and whether a key ring
/// was seen (the store is encrypted, and its sealed records cannot be recognised there).
#[derive(Default)]
struct InLog {
    records: LogRecords,
    encrypted: bool,
}

/// The id of the key the copy's values are sealed under (its key ring's), or None for a store
/// from before encryption, and for one whose key ring lies in the damaged part: that one is
/// listed as unreadable (meta `keyring`), and the store is salvaged as a plain one, its sealed
/// values listed as unreadable too (without the key ring no account could open them in DEST).
fn key_id_of(db: &sled::Db, unreadable: &mut Vec<(&'static str, String)>) -> Result<Option<crate::crypto::KeyId>> {
    let Ok(meta) = db.open_tree(super::META_TREE) else {
        unreadable.push((super::META_TREE, "keyring".into()));
        return Ok(None);
    };
    let read = super::quiet::quietly(|| meta.get(super::keyring::KEYRING));
    match read {
        Ok(Ok(None)) => Ok(None),
        Ok(Ok(Some(bytes))) => match serde_json::from_slice::<super::keyring::Keyring>(&bytes) {
            Ok(ring) => Ok(Some(ring.key_id)),
            Err(_) => {
                unreadable.push((super::META_TREE, "keyring".into()));
                Ok(None)
            }
        },
        Ok(Err(_)) | Err(_) => {
            unreadable.push((super::META_TREE, "keyring".into()));
            Ok(None)
        }
    }
}

fn log_records(work: &Path) -> Result<InLog> {
    let messages = match verify::readable_messages(work) {
        Ok(m) => m,
        Err(verify::VerifyError::Io(path, source)) => return Err(Error::Io { action: "reading", path, source }),
        Err(verify::VerifyError::Damaged(_)) => Vec::new(),
    };
    // The record and the LSN of the message it was found in, per tree and key.
    let mut latest: std::collections::BTreeMap<(&'static str, Vec<u8>), Found> = Default::default();
    let mut encrypted = false;
    for (lsn, body) in &messages {
        let mut from = 0;
        while let Some(pos) = memchr::memmem::find(&body[from..], b"{\"format\":") {
            let start = from + pos;
            from = start + 1;
            let mut stream = serde_json::Deserializer::from_slice(&body[start..]).into_iter::<serde_json::Value>();
            let Some(Ok(value)) = stream.next() else { continue };
            let bytes = body[start..start + stream.byte_offset()].to_vec();
            if value.get("key_id").is_some() && value.get("created").is_some() {
                encrypted |= serde_json::from_slice::<super::keyring::Keyring>(&bytes).is_ok();
                continue;
            }
            let Some((tree, key)) = classify(&value, &bytes) else { continue };
            let slot = latest.entry((tree, key)).or_insert((i64::MIN, Vec::new()));
            if *lsn >= slot.0 {
                *slot = (*lsn, bytes);
            }
        }
    }
    let finals: std::collections::BTreeSet<Vec<u8>> =
        latest.keys().filter(|(t, _)| *t == INTERVIEWS).map(|(_, k)| k.clone()).collect();
    let records = latest
        .into_iter()
        .filter(|((tree, key), _)| !(*tree == DRAFTS && finals.contains(key)))
        .map(|(k, (_, v))| (k, v))
        .collect();
    Ok(InLog { records, encrypted })
}

/// Which tree a record found in the log belongs to, and its key, from what it decodes as.
fn classify(value: &serde_json::Value, bytes: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let has = |field: &str| value.get(field).is_some();
    let id = value.get("id")?.as_str()?.as_bytes().to_vec();
    if has("name_ar") && has("file_number") {
        super::decode_record::<Participant>(bytes).ok()?;
        return Some((PARTICIPANTS, id));
    }
    if has("answers") && has("status") {
        let interview = super::decode_record::<Interview>(bytes).ok()?;
        let tree = if interview.status == super::Status::Draft { DRAFTS } else { INTERVIEWS };
        return Some((tree, id));
    }
    if has("stage") && has("from") && has("participant_id") {
        super::decode_record::<StageEvent>(bytes).ok()?;
        return Some((STAGES, id));
    }
    if has("credential") && has("username") {
        serde_json::from_slice::<crate::auth::Account>(bytes).ok()?;
        return Some((super::accounts::ACCOUNTS, id));
    }
    if has("source") && has("builtin") {
        let form = serde_json::from_slice::<FormRecord>(bytes).ok()?;
        return Some((FORMS, super::form_key(&form.id, form.version).into_bytes()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::SecretString;

    const PASSWORD: &str = "lantern orchard 7 river";

    /// Every (key, value) of `tree` in the store at `path`, read with sled alone.
    fn raw(path: &Path, tree: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
        // sled lets go of a closed store's lock a moment after its last handle is dropped.
        let mut tries = 0;
        let db = loop {
            match sled::Config::new().path(path).open() {
                Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") && tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => break other.unwrap(),
            }
        };
        let t = db.open_tree(tree).unwrap();
        t.iter().map(|item| item.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap()).collect()
    }

    /// An encrypted store, salvaged without its key: sealed values are copied byte for byte,
    /// plain ones too, a value that is neither is listed; the same account logs in to DEST
    /// with the same password, its key opens the copied seals, and the index is rebuilt then.
    #[test]
    fn an_encrypted_store_is_salvaged_without_its_key_and_opens_with_the_same_password() {
        let dir = tempfile::TempDir::new().unwrap();
        let (src, dest) = (dir.path().join("src"), dir.path().join("dest"));
        let pw = SecretString::from(PASSWORD.to_string());
        let now = chrono::Utc::now();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let sealed_value = {
            let (store, _, _) = Store::create_with_admin(&src, "admin", "Test Administrator", &pw, &pw, now).unwrap();
            crate::synth::fill(&store, 6, 12, 19, today, &mut |_| {}).unwrap();
            // A sealed record (as the trees' helpers write them) and a value that is neither.
            let sealed = store.sealer().unwrap().seal(super::super::versions::VERSIONS, b"v-1", b"Zabarjad".to_vec());
            let sealed = sealed.unwrap();
            store.versions.insert(b"v-1", sealed.clone()).unwrap();
            store.participants.insert(b"zz-garbage", &b"\x00not a record"[..]).unwrap();
            store.flush().unwrap();
            sealed
        };
        let participants_before = raw(&src, PARTICIPANTS);
        let report = salvage(&src, &dest).unwrap();
        assert!(report.encrypted && report.damage.is_none() && !report.from_log, "{report:?}");
        assert_eq!(report.unreadable, vec![(PARTICIPANTS, "zz-garbage".to_string())]);
        assert_eq!(report.copied.iter().find(|(t, _)| *t == PARTICIPANTS).unwrap().1, 6);
        let versions = raw(&dest, super::super::versions::VERSIONS);
        assert!(versions.contains(&(b"v-1".to_vec(), sealed_value.clone())), "the sealed value is copied as it is");
        let copied = raw(&dest, PARTICIPANTS);
        assert_eq!(copied, participants_before.into_iter().filter(|(k, _)| k != b"zz-garbage").collect::<Vec<_>>());
        assert!(raw(&dest, SUMMARIES).is_empty(), "the derived trees are rebuilt at the first login, not copied");
        assert!(!raw(&dest, super::super::keyring::WRAPS).is_empty());

        let out = Store::open(&dest).unwrap();
        assert!(out.is_encrypted().unwrap());
        assert!(!out.holds_key());
        assert!(!out.index_is_current().unwrap());
        out.log_in("admin", &pw, chrono::Utc::now()).unwrap();
        assert!(out.holds_key());
        assert!(out.index_is_current().unwrap(), "the first login rebuilt the index");
        assert_eq!(out.summaries.count().unwrap(), 6);
        let opened = out.sealer().unwrap().open("version", super::super::versions::VERSIONS, b"v-1", &sealed_value);
        assert_eq!(&opened.unwrap()[..], b"Zabarjad");
        // A wrong password still does not open it.
        drop(out);
        let out = Store::open(&dest).unwrap();
        let wrong = SecretString::from("not the password at all".to_string());
        assert!(out.log_in("admin", &wrong, chrono::Utc::now()).is_err());
        assert!(!out.holds_key());
    }
}
