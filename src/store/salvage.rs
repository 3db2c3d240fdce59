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
];

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
                for ((tree, key), value) in &in_log {
                    found.take(tree.as_bytes(), key, value);
                }
                // Whether the store was marked is lost.
                found.had_accounts = false;
                admit(&found)?;
                return from_log(in_log, dest, Salvage { damage, places, from_log: true, ..Salvage::default() });
            }
        };
        let found = found_accounts(&db);
        found.check_not_lost(src)?;
        admit(&found)?;
        let out = Store::open(dest)?;
        let mut report = Salvage { damage, places, ..Salvage::default() };
        for (tree_name, check) in TREES {
            let from = db.open_tree(tree_name).map_err(super::storage("reading the copy"))?;
            let into = tree_of(&out, tree_name);
            let mut copied = 0;
            for item in scan(&from, tree_name, &mut report.unreadable) {
                let (key, value) = item;
                if check(&value) {
                    into.insert(key, value).map_err(super::storage("writing the new store"))?;
                    copied += 1;
                } else {
                    report.unreadable.push((tree_name, String::from_utf8_lossy(&key).into_owned()));
                }
            }
            report.copied.push((tree_name, copied));
        }
        // In a damaged store, records sled no longer reaches may still lie in readable messages.
        if report.damage.is_some() {
            let mut added = 0;
            for ((tree, key), value) in in_log {
                let into = tree_of(&out, tree);
                let finalized = tree == DRAFTS && out.interviews.get(&key).ok().flatten().is_some();
                if finalized || into.get(&key).ok().flatten().is_some() {
                    continue;
                }
                into.insert(key, value).map_err(super::storage("writing the new store"))?;
                if let Some(entry) = report.copied.iter_mut().find(|(name, _)| *name == tree) {
                    entry.1 += 1;
                }
                added += 1;
            }
            report.from_log_only = added;
        }
        // Participants the copy's index knows of whose record could not be read.
        if let Ok(summaries) = db.open_tree(SUMMARIES) {
            let mut ignored = Vec::new();
            for (key, _) in scan(&summaries, SUMMARIES, &mut ignored) {
                if out.participants.get(&key).ok().flatten().is_none() {
                    report.unreadable.push((PARTICIPANTS, String::from_utf8_lossy(&key).into_owned()));
                }
            }
        }
        report.unreadable.sort();
        report.unreadable.dedup();
        out.rebuild_index()?;
        out.rebuild_account_names()?;
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
                    let Some(next) = successor(&last[..cut.min(last.len())]) else { continue };
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

/// The smallest byte string greater than every string starting with `prefix`.
fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut next = prefix.to_vec();
    while let Some(last) = next.pop() {
        if last < 0xFF {
            next.push(last + 1);
            return Some(next);
        }
    }
    None
}

/// Reads from `start` to the end, appending; Err at the first unreadable part (sled's
/// errors and panics alike).
fn read_from(tree: &sled::Tree, start: &[u8], out: &mut Vec<(Vec<u8>, Vec<u8>)>) -> std::result::Result<(), ()> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
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
    }));
    std::panic::set_hook(previous_hook);
    result.unwrap_or(Err(()))
}

/// Whether the first record at or after `start` can be read (pushed onto `out`), or the range
/// is readably empty.
fn read_first(tree: &sled::Tree, start: &[u8], out: &mut Vec<(Vec<u8>, Vec<u8>)>) -> bool {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match tree.range(start.to_vec()..).next() {
        None => true,
        Some(Ok((k, v))) => {
            if out.last().is_none_or(|(last, _)| last.as_slice() < k.as_ref()) {
                out.push((k.to_vec(), v.to_vec()));
            }
            true
        }
        Some(Err(_)) => false,
    }));
    std::panic::set_hook(previous_hook);
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
fn tree_of<'a>(store: &'a Store, name: &str) -> &'a sled::Tree {
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

fn log_records(work: &Path) -> Result<LogRecords> {
    let messages = match verify::readable_messages(work) {
        Ok(m) => m,
        Err(verify::VerifyError::Io(path, source)) => return Err(Error::Io { action: "reading", path, source }),
        Err(verify::VerifyError::Damaged(_)) => Vec::new(),
    };
    // The record and the LSN of the message it was found in, per tree and key.
    let mut latest: std::collections::BTreeMap<(&'static str, Vec<u8>), Found> = Default::default();
    for (lsn, body) in &messages {
        let mut from = 0;
        while let Some(pos) = memchr::memmem::find(&body[from..], b"{\"format\":") {
            let start = from + pos;
            from = start + 1;
            let mut stream = serde_json::Deserializer::from_slice(&body[start..]).into_iter::<serde_json::Value>();
            let Some(Ok(value)) = stream.next() else { continue };
            let bytes = body[start..start + stream.byte_offset()].to_vec();
            let Some((tree, key)) = classify(&value, &bytes) else { continue };
            let slot = latest.entry((tree, key)).or_insert((i64::MIN, Vec::new()));
            if *lsn >= slot.0 {
                *slot = (*lsn, bytes);
            }
        }
    }
    let finals: std::collections::BTreeSet<Vec<u8>> =
        latest.keys().filter(|(t, _)| *t == INTERVIEWS).map(|(_, k)| k.clone()).collect();
    Ok(latest
        .into_iter()
        .filter(|((tree, key), _)| !(*tree == DRAFTS && finals.contains(key)))
        .map(|(k, (_, v))| (k, v))
        .collect())
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
