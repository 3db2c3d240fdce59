//! `daftar export --with-history` and `daftar import history`: the whole register with its
//! history, as JSON lines, and back into a new store with the audit chain intact.
//!
//! # Why every tree, as stored
//! The audit chain covers the exact bytes of each entry and is keyed with the store's audit
//! key: a log rebuilt from decoded records would have other MACs, and a head written down
//! from the source (`daftar audit head`) would prove nothing about the copy. So the export
//! carries every tree of the store byte for byte (records, every version the store keeps, the
//! accounts, the audit trail, and the store's meta tree, audit key included): whatever kinds of
//! record a later version adds are carried without a change to this format. Only the import's
//! scratch tree is left out.
//!
//! # Format 1
//! - Line 1, the header: `{"daftar_history":1,"source_head":"SEQ:MAC"|null,"trees":{NAME:COUNT}}`:
//!   the format number, the source's audit head when it was written, and how many lines each
//!   tree has (a cut file is refused).
//! - Then one line per stored entry: `{"tree":NAME,"key":TEXT,"value":JSON}`; a key that is not
//!   UTF-8 is `key_hex`, and a value that is not a one-line JSON text (an audit entry's
//!   canonical bytes and MAC, a binary meta value) is `value_hex`, lowercase hex. A JSON value
//!   is written verbatim (`serde_json`'s raw values), so it is read back byte for byte.
//!
//! A newer format number is refused, never guessed at.
//!
//! # The file is as sensitive as the store
//! It holds every record as the store holds it and the audit key: whoever has it could write a
//! chain that verifies. On an encrypted store the sealed values (versions, voids, reviews, …)
//! go as they are stored (`value_hex`), bound to their tree and key, with the key ring and the
//! wraps: the copy opens with the same passwords and the same recovery key, and a line moved
//! onto another record's key does not open there. What is still plain in the store is plain in
//! the file. It is written only for an administrator (who may export records and the audit
//! trail), and replaced only once complete.
//!
//! # Import
//! Only into a new store (`--store` a path that does not exist or an empty directory): the
//! records and the chain replace nothing. The file is written into a private directory beside
//! the target, its counts checked, its accounts shown to `admit` (the command logs in against
//! them, as `daftar restore` does), its chain verified back to the header's head, and only
//! then moved into place; on any failure nothing is left.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::audit::{AuditHead, hex};
use super::{Store, storage};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};

/// The format of the history export this build writes and reads.
pub const HISTORY_FORMAT: u32 = 1;
/// The header's key that marks a history export.
pub const HEADER_KEY: &str = "daftar_history";
/// Trees that are not carried: the import's scratch space, and the draft holds of sessions
/// that were open on the store (see [`super::holds`]).
const LEFT_OUT: &[&str] = &[super::import::PENDING_TREE, super::holds::HOLDS];
use super::kv::SLED_DEFAULT_TREE as DEFAULT_TREE;
const BATCH: usize = 10_000;

/// Why a history file was not imported. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryProblem {
    /// The first line is not a history export's header.
    NotHistory,
    /// Written by a newer Daftar.
    NewerFormat(u64),
    /// A line that cannot be read (its number, from 1).
    BadLine { line: usize, detail: String },
    /// A tree has fewer or more lines than the header says: the file was cut or edited.
    Cut { tree: String, found: u64, expected: u64 },
    /// The chain does not verify: its first broken entry.
    Chain(super::audit::Broken),
    /// The chain verifies but ends elsewhere than the header's head (found, expected).
    HeadDiffers(String, String),
    /// The store to import into is not empty.
    TargetNotEmpty(PathBuf),
    /// A history file given to `daftar import participants`.
    UseImportHistory,
}

impl HistoryProblem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            HistoryProblem::NotHistory => T::HistNotHistory.get(lang).to_string(),
            HistoryProblem::NewerFormat(found) => T::HistNewer
                .fill_plain(lang, &[("found", &found.to_string()), ("supported", &HISTORY_FORMAT.to_string())]),
            HistoryProblem::BadLine { line, detail } => {
                T::HistBadLine.fill_plain(lang, &[("line", &line.to_string()), ("err", detail)])
            }
            HistoryProblem::Cut { tree, found, expected } => T::HistCut.fill_plain(
                lang,
                &[("tree", tree), ("found", &found.to_string()), ("expected", &expected.to_string())],
            ),
            HistoryProblem::Chain(broken) => T::HistChain.fill_plain(lang, &[("what", &broken.text(lang))]),
            HistoryProblem::HeadDiffers(found, expected) => {
                T::HistHeadDiffers.fill_plain(lang, &[("found", found), ("expected", expected)])
            }
            HistoryProblem::TargetNotEmpty(path) => {
                T::HistTargetNotEmpty.fill_plain(lang, &[("path", &path.display().to_string())])
            }
            HistoryProblem::UseImportHistory => T::HistUseImportHistory.get(lang).to_string(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    daftar_history: u64,
    source_head: Option<String>,
    trees: BTreeMap<String, u64>,
}

#[derive(Serialize, Deserialize)]
struct EntryLine {
    tree: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_hex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<Box<RawValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value_hex: Option<String>,
}

/// What an import restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryImported {
    /// Entries written, all trees together.
    pub entries: u64,
    /// The audit head, the source's.
    pub head: Option<AuditHead>,
}

/// Whether `line` (a file's first line) is a history export's header.
pub fn is_history_header(line: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line).is_ok_and(|m| m.contains_key(HEADER_KEY))
}

/// A stored value as the line carries it: verbatim when it is a one-line JSON text, else hex.
fn value_of(bytes: &[u8]) -> (Option<Box<RawValue>>, Option<String>) {
    let one_line = !bytes.is_empty()
        && !bytes.contains(&b'\n')
        && !bytes.contains(&b'\r')
        && !bytes.first().is_some_and(u8::is_ascii_whitespace)
        && !bytes.last().is_some_and(u8::is_ascii_whitespace);
    let raw = one_line
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten()
        .and_then(|text| RawValue::from_string(text.to_string()).ok());
    match raw {
        Some(raw) => (Some(raw), None),
        None => (None, Some(hex(bytes))),
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

impl Store {
    /// Writes the whole store with its history (see the module's documentation) to `out`, as it
    /// stands at one point in time (no write runs meanwhile). Returns the number of lines.
    pub fn export_history(&self, out: &mut dyn Write) -> Result<usize> {
        let write_err =
            |e: std::io::Error| Error::Io { action: "writing the export to", path: "output".into(), source: e };
        let encoding = |e: serde_json::Error| Error::Storage { action: "encoding the export", detail: e.to_string() };
        let _held = self.gate.hold();
        let names = self.db.tree_names().map_err(storage("reading the store for an export"))?;
        let mut trees = Vec::new();
        for name in names {
            let text = String::from_utf8_lossy(&name).into_owned();
            if LEFT_OUT.contains(&text.as_str()) {
                continue;
            }
            let tree = self.db.tree(&text).map_err(storage("reading the store for an export"))?;
            let entries = tree.count().map_err(storage("reading the store for an export"))?;
            if entries > 0 {
                trees.push((text, tree, entries));
            }
        }
        let header = Header {
            daftar_history: u64::from(HISTORY_FORMAT),
            source_head: self.audit_head()?.map(|h| h.to_string()),
            trees: trees.iter().map(|(name, _, entries)| (name.clone(), *entries)).collect(),
        };
        writeln!(out, "{}", serde_json::to_string(&header).map_err(encoding)?).map_err(write_err)?;
        let mut lines = 1;
        for (name, tree, _) in &trees {
            for item in tree.iter() {
                let (key, value) = item.map_err(storage("reading the store for an export"))?;
                let (key, key_hex) = match std::str::from_utf8(&key) {
                    Ok(text) if !text.contains(['\n', '\r']) => (Some(text.to_string()), None),
                    _ => (None, Some(hex(&key))),
                };
                let (value, value_hex) = value_of(&value);
                let line = EntryLine { tree: name.clone(), key, key_hex, value, value_hex };
                writeln!(out, "{}", serde_json::to_string(&line).map_err(encoding)?).map_err(write_err)?;
                lines += 1;
            }
        }
        out.flush().map_err(write_err)?;
        Ok(lines)
    }
}

/// Imports a history export read from `input` into a new store at `target` (which must not
/// exist, or be an empty directory); `admit` sees the file's accounts before anything is moved
/// into place. See the module's documentation.
pub fn import_history(
    input: &mut dyn BufRead,
    target: &Path,
    admit: &mut super::salvage::Admit,
) -> Result<HistoryImported> {
    if super::backup::refuse_non_empty(target).is_err() {
        return Err(Error::History(HistoryProblem::TargetNotEmpty(target.to_path_buf())));
    }
    let mut lines = input.lines();
    let read_err = |e: std::io::Error| Error::Io { action: "reading", path: "input".into(), source: e };
    let first = lines.next().transpose().map_err(read_err)?.unwrap_or_default();
    if !is_history_header(&first) {
        return Err(Error::History(HistoryProblem::NotHistory));
    }
    let header: Header = serde_json::from_str(&first)
        .map_err(|e| Error::History(HistoryProblem::BadLine { line: 1, detail: e.to_string() }))?;
    if header.daftar_history > u64::from(HISTORY_FORMAT) {
        return Err(Error::History(HistoryProblem::NewerFormat(header.daftar_history)));
    }
    let anchor = match &header.source_head {
        Some(text) => Some(text.parse::<AuditHead>().map_err(|()| {
            Error::History(HistoryProblem::BadLine { line: 1, detail: format!("source_head {text}") })
        })?),
        None => None,
    };
    let temp = super::backup::temp_beside(target, "importing")?;
    let result = (|| {
        super::backup::private_dir().create(&temp).map_err(|source| Error::Io {
            action: "creating",
            path: temp.clone(),
            source,
        })?;
        let mut found = super::FoundAccounts::default();
        let mut entries = 0u64;
        {
            let db = sled::Config::new().path(&temp).open().map_err(storage("creating the imported store"))?;
            let mut open: HashMap<String, (sled::Tree, sled::Batch, usize, u64)> = HashMap::new();
            for (at, line) in lines.enumerate() {
                let number = at + 2;
                let line = line.map_err(read_err)?;
                if line.trim().is_empty() {
                    continue;
                }
                let bad = |detail: String| Error::History(HistoryProblem::BadLine { line: number, detail });
                let entry: EntryLine = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
                let key = match (&entry.key, &entry.key_hex) {
                    (Some(text), None) => text.as_bytes().to_vec(),
                    (None, Some(h)) => unhex(h).ok_or_else(|| bad("key_hex".into()))?,
                    _ => return Err(bad("key".into())),
                };
                let value = match (&entry.value, &entry.value_hex) {
                    (Some(raw), None) => raw.get().as_bytes().to_vec(),
                    (None, Some(h)) => unhex(h).ok_or_else(|| bad("value_hex".into()))?,
                    _ => return Err(bad("value".into())),
                };
                if !header.trees.contains_key(&entry.tree) {
                    return Err(bad(format!("tree {} is not in the header", entry.tree)));
                }
                found.take(entry.tree.as_bytes(), &key, &value);
                if !open.contains_key(&entry.tree) {
                    let tree = if entry.tree.as_bytes() == DEFAULT_TREE {
                        (*db).clone()
                    } else {
                        db.open_tree(&entry.tree).map_err(storage("importing"))?
                    };
                    open.insert(entry.tree.clone(), (tree, sled::Batch::default(), 0, 0));
                }
                if let Some((tree, batch, in_batch, count)) = open.get_mut(&entry.tree) {
                    batch.insert(key, value);
                    *in_batch += 1;
                    *count += 1;
                    if *in_batch == BATCH {
                        tree.apply_batch(std::mem::take(batch)).map_err(storage("importing"))?;
                        *in_batch = 0;
                    }
                }
                entries += 1;
            }
            for (name, expected) in &header.trees {
                let found = open.get(name).map_or(0, |(_, _, _, n)| *n);
                if found != *expected {
                    return Err(Error::History(HistoryProblem::Cut { tree: name.clone(), found, expected: *expected }));
                }
            }
            for (_, (tree, batch, _, _)) in open {
                tree.apply_batch(batch).map_err(storage("importing"))?;
            }
            db.flush().map_err(storage("importing"))?;
        }
        found.check_not_lost(target)?;
        admit(&found)?;
        let head = {
            let store = Store::open(&temp)?;
            // An encrypted history: its chain is read with the key the admission's login opened
            // (nothing written: the login of the person importing is not the store's yet).
            if let Some(keys) = found.opened_key() {
                store.hold_opened(keys);
            }
            match store.verify_audit(anchor.as_ref())? {
                Ok(verified) if verified.head == anchor => verified.head,
                Ok(verified) => {
                    let shown = |h: Option<AuditHead>| h.map_or_else(|| "-".to_string(), |h| h.to_string());
                    return Err(Error::History(HistoryProblem::HeadDiffers(shown(verified.head), shown(anchor))));
                }
                Err(broken) => return Err(Error::History(HistoryProblem::Chain(broken))),
            }
        };
        if target.exists() {
            fs::remove_dir(target).map_err(|source| Error::Io { action: "replacing", path: target.into(), source })?;
        }
        fs::rename(&temp, target).map_err(|source| Error::Io { action: "replacing", path: target.into(), source })?;
        Ok(HistoryImported { entries, head })
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result
}
