//! The only module that touches sled. A [`Store`] owns the database; its trees hold
//! participants, interviews (final), drafts (in progress), stage changes, form definitions,
//! settings and a format marker, plus derived data kept in step with them in the same
//! transactions: per-participant summaries (home, search, due lists), the interviews of each
//! participant, and session statistics. Every write is flushed to disk before the call returns,
//! so what the UI reports as saved survives kill -9 and power loss.

mod accounts;
pub mod audit;
pub mod backup;
mod copy;
mod database;
mod durable;
mod export;
mod fixes;
pub mod history;
pub mod holds;
mod import;
mod index;
mod keyring;
pub mod kv;
pub(crate) mod open_mark;
pub mod pg;
mod quiet;
mod records;
mod review;
mod rewrite;
mod salvage;
mod sealing;
pub mod spill;
pub mod verify;
mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use accounts::{FoundAccounts, IDLE_MINUTES_DEFAULT, IDLE_MINUTES_RANGE};
pub use copy::{Copied, CopyTarget, RawTrees};
pub use database::is_database_address;
pub use export::{export_audit_jsonl, export_jsonl};
pub use fixes::{StageVoid, VOID_FORMAT};
pub use import::PendingImport;
pub use keyring::{KEYRING_FORMAT, KeyProblem};
pub(crate) use quiet::panicking_quietly;
pub use records::{
    Answer, Author, Due, FORMAT_BEFORE_ACCOUNTS, Id, Interview, Measures, Participant, Person, Position, RECORD_FORMAT,
    SearchKey, Stage, StageEvent, Status, Stored, Summary, decode_record,
};
pub use review::{QueueItem, REVIEW_FORMAT, Review, ReviewCounts, ReviewDecision, ReviewState};
pub use rewrite::{Encrypted, Rotated};
pub use salvage::{Salvage, salvage, salvage_admitted};
pub use versions::{CorrectionRefusal, VERSION_FORMAT, Version, VersionOf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use sealing::Sealer;

const META_TREE: &str = "meta";
const MARKER_KEY: &[u8] = b"daftar-store";
/// The store layout this build writes and reads.
const STORE_FORMAT: u32 = 1;
const PARTICIPANTS: &str = "participants";
const INTERVIEWS: &str = "interviews";
const DRAFTS: &str = "drafts";
const SETTINGS: &str = "settings";
const FORMS: &str = "forms";
const STAGES: &str = "stages";
const SUMMARIES: &str = "summaries";
const BY_PARTICIPANT: &str = "by_participant";
const STATS: &str = "stats";
const CACHE: &str = "cache";
/// The blind index of file numbers: `Sealer::blind(FILE_NUMBER_PURPOSE, normalised number)` →
/// participant id (see `index::file_number_key`).
const FILE_NUMBERS: &str = "file_numbers";
/// sled's cache for the interface: bounded, so that a long read (a record of 100,000
/// interviews, a long list) cannot grow the process to sled's default of 1 GB (reading 1,000,000
/// list entries once took it there). At 100,000 participants and 1,000,000 interviews the
/// figures of `benches/at_rest.rs` were the same with 32 MB as with 1 GB: what a session reads
/// again (the summaries, a record) is held by the interface, not by sled.
const INTERFACE_CACHE: u64 = 64 << 20;
/// sled's cache for a command ([`Store::open_existing`]): a command reads or writes each record
/// about once, so a larger cache only grows with the store (an import of 384,315 rows held
/// about 200 MB more with sled's default of 1 GB).
const COMMAND_CACHE: u64 = 32 << 20;

#[derive(serde::Serialize, serde::Deserialize)]
struct Marker {
    format: u32,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(serde::Deserialize)]
struct FormatProbe {
    format: u32,
}

/// An open daftar store. Only one process may hold it. A clone is another handle on the same
/// open store (the signal watchdog of the interface holds one), sharing its write gate.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    db: kv::Engine,
    participants: kv::Tree,
    interviews: kv::Tree,
    drafts: kv::Tree,
    settings: kv::Tree,
    forms: kv::Tree,
    stages: kv::Tree,
    summaries: kv::Tree,
    by_participant: kv::Tree,
    stats: kv::Tree,
    /// Derived copies kept only to start faster (see `Store::save_summaries_copy`).
    cache: kv::Tree,
    meta: kv::Tree,
    /// Accounts by id, and the index of folded usernames (see `accounts`).
    accounts: kv::Tree,
    account_names: kv::Tree,
    /// The audit trail (see [`audit`]).
    audit: kv::Tree,
    /// Every version of a corrected record (see [`versions`]).
    versions: kv::Tree,
    /// Voided stage changes (see [`fixes`]).
    stage_voids: kv::Tree,
    /// Review states of finalized interviews ([`review`]).
    reviews: kv::Tree,
    /// The data key's wraps, one per account and the recovery key's ([`keyring`]).
    wraps: kv::Tree,
    /// The blind index of file numbers ([`FILE_NUMBERS`]).
    file_numbers: kv::Tree,
    /// The data key while a session holds it ([`keyring`]), shared by every clone and kept
    /// across [`Store::reopen`].
    keys: keyring::KeySlot,
    /// Whether the store has a key ring, read once at open (the meta tree, updated with every
    /// audit entry, is not read again for it: a read there can make sled rewrite the page).
    encrypted: Arc<std::sync::atomic::AtomicBool>,
    /// The account entries are attributed to when their event names none ([`Store::act_as`]),
    /// shared by every clone and kept across [`Store::reopen`].
    actor: Arc<std::sync::Mutex<Option<crate::auth::AccountId>>>,
    /// Reads that could not be noted in the audit trail when they happened (the disk refused
    /// the write), noted before the next note ([`Store::note`]); shared and kept like `actor`.
    unwritten: Arc<std::sync::Mutex<Vec<audit::AuditEvent>>>,
    /// A stand-in after a failed write whose store could not be opened again yet (see
    /// [`Store::reopen`]): every write to it fails.
    detached: bool,
    /// A write failure tests ask for (see [`Store::fail_writes_with`]).
    #[cfg(any(test, feature = "fault-injection"))]
    fault: std::sync::Arc<std::sync::Mutex<Option<std::io::ErrorKind>>>,
    /// The files to `fdatasync` after sled's flush (None on PostgreSQL, whose commit is
    /// durable).
    durability: Option<Arc<durable::Durability>>,
    gate: Arc<durable::Gate>,
    /// The handle a watchdog holds on this store (see [`Store::watch_slot`]), shared by every
    /// clone and kept across [`Store::reopen`].
    watched: Arc<std::sync::Mutex<Option<Store>>>,
    /// Draft holds ([`holds`]): written only on PostgreSQL, where several processes share the
    /// store; empty in a folder, which sled's lock gives to one process.
    holds: kv::Tree,
    /// This opened store's random id, shared by its clones: the session a draft hold names.
    session: Arc<str>,
    /// The mark that sled has this store in a folder open ([`open_mark`]), removed when the
    /// last handle goes. Last, so that every tree of the handle is dropped before it.
    open_mark: Option<Arc<open_mark::OpenMark>>,
}

/// The one write still allowed once [`Store::close_writes`] closed the store to every other.
pub struct LastWrite<'a> {
    store: &'a Store,
    state: durable::Entered<'a>,
}

impl LastWrite<'_> {
    /// How many writes had begun on this store (through any handle) when it was closed.
    pub fn writes_before(&self) -> u64 {
        self.state.writes()
    }

    /// Saves a draft, as [`Store::save_draft`] does, durably.
    pub fn save_draft(&self, draft: &Interview) -> Result<()> {
        self.store.write_draft(draft)
    }
}

/// A form definition as the store keeps it: every version ever used stays, so an interview
/// always opens with the definition it was taken with.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormRecord {
    pub format: u32,
    pub id: String,
    pub version: u32,
    /// The TOML text of the definition.
    pub source: String,
    pub installed_at: chrono::DateTime<chrono::Utc>,
    /// Shipped inside Daftar (as opposed to installed with `daftar forms install`).
    pub builtin: bool,
}

impl Stored for FormRecord {}

fn form_key(id: &str, version: u32) -> String {
    format!("{id}\u{0}{version:010}")
}

impl Store {
    /// Opens the store at `path`, creating it when the path does not exist or is an empty
    /// directory. Refuses, without writing anything, a path that holds something else.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_cache(path, INTERFACE_CACHE)
    }

    /// [`Store::open`] with sled's cache held to `cache` bytes.
    fn open_with_cache(path: &Path, cache: u64) -> Result<Store> {
        if let Some(url) = database_address(path) {
            return Store::open_database(url);
        }
        // Every file sled makes later (snapshots, blobs) is its owner's only, whatever umask
        // the process was started with (the binary sets the same at its start).
        #[cfg(unix)]
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
        let fresh = check_layout(path)?;
        if fresh {
            create(path, None)?;
        }
        // A read-only disk or folder is named as sled's own refusal to write is.
        let mut mark = open_mark::OpenMark::set(path).map_err(|source| not_writable_or_io(path, source))?;
        let db = open_sled(path, cache)?;
        mark.opened();
        // The lock is held: what an encryption killed part-way left beside the store goes.
        rewrite::remove_leftovers(path);
        let names = db.tree_names();
        let has_meta = names.iter().any(|n| n.as_ref() == META_TREE.as_bytes());
        if !fresh && !has_meta {
            return Err(Error::NotAStore {
                path: path.to_path_buf(),
                reason: "it is a sled database without daftar's marker".into(),
            });
        }
        let meta = db.open_tree(META_TREE).map_err(storage("opening the store"))?;
        let format = match meta.get(MARKER_KEY).map_err(storage("reading the store marker"))? {
            Some(bytes) => marker_format(&bytes, path)?,
            None if fresh => {
                let marker = Marker { format: STORE_FORMAT, created_at: chrono::Utc::now() };
                meta.insert(MARKER_KEY, to_json(&marker)?).map_err(storage("creating the store"))?;
                STORE_FORMAT
            }
            None => {
                return Err(Error::NotAStore { path: path.to_path_buf(), reason: "its marker is missing".into() });
            }
        };
        let durability = Arc::new(durable::Durability::new(path)?);
        let mut store = Store::on(kv::Engine::Sled(db), path, Some(durability), Arc::default(), false)?;
        store.open_mark = Some(Arc::new(mark));
        store.start_audit_trail(format)?;
        if !store.is_encrypted()? {
            store.catch_up()?;
        }
        store.flush()?;
        Ok(store)
    }

    /// What opening a store finishes before anything is shown: the audit index of an older
    /// store, an import a crash left unfinished, an index from another layout. All of it reads
    /// sealed values, so on an encrypted store it runs once the key is held (at the login,
    /// [`Store::log_in`]); on a plain one, at the open. Cheap when there is nothing to do.
    pub(super) fn catch_up(&self) -> Result<()> {
        self.build_audit_index()?;
        self.discard_unfinished_import()?;
        if !self.index_is_current()? {
            self.rebuild_index()?;
        }
        Ok(())
    }

    /// Opens the store at `path`, which must already be one: a missing path or an empty
    /// directory is refused ([`Error::NoStore`]) instead of becoming a new, empty store. This
    /// is how commands open it, with a small cache ([`COMMAND_CACHE`]), so that an import or an
    /// export of any size runs in bounded memory.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if let Some(url) = database_address(path) {
            return Store::open_database(url);
        }
        if layout(path)? {
            return Err(Error::NoStore(path.to_path_buf()));
        }
        Store::open_with_cache(path, COMMAND_CACHE)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The warning to give when the store's directory can be read or entered by its group or
    /// by others (it holds the accounts' verifiers and the register): None when it is private.
    pub fn exposure_warning(&self, lang: crate::i18n::Lang) -> Option<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&self.path).ok()?.permissions().mode();
            if mode & 0o077 != 0 {
                let shown = format!("{:o}", mode & 0o777);
                return Some(
                    crate::i18n::T::StoreExposed
                        .fill(lang, &[("path", &self.path.display().to_string()), ("mode", &shown)]),
                );
            }
        }
        let _ = lang;
        None
    }

    /// Makes every write so far durable: sled's flush, then `fdatasync` (see [`durable`]).
    fn flush(&self) -> Result<()> {
        self.refuse_injected_write()?;
        self.db.flush().map_err(storage("flushing to disk"))?;
        match &self.durability {
            Some(files) => files.sync(),
            None => Ok(()),
        }
    }

    /// How many writes have begun on this store since it was opened, through any handle.
    pub fn writes(&self) -> u64 {
        self.gate.writes()
    }

    /// Closes the store to every write but the one returned, waiting at most `wait` for a
    /// write in progress to end (None if it did not). For a process that must stop now.
    /// Whether the process is stopping and has closed the store to writes ([`Store::close_writes`]):
    /// a write refused then is not a fault of the disk, and opening the store again would not help.
    pub fn writes_closed(&self) -> bool {
        self.gate.is_closed()
    }

    pub fn close_writes(&self, wait: Duration) -> Option<LastWrite<'_>> {
        self.gate.close(wait).map(|state| LastWrite { store: self, state })
    }

    /// Fails as the disk would when this is a detached stand-in or a test asked for a write
    /// failure; called before a write changes anything, so a refused write leaves no trace.
    fn refuse_injected_write(&self) -> Result<()> {
        let failed = |source| Err(Error::StorageIo { action: "writing", source });
        if self.detached {
            return failed(std::io::Error::other("the store could not be opened again after a failed write"));
        }
        #[cfg(any(test, feature = "fault-injection"))]
        if let Some(kind) = self.fault.lock().ok().and_then(|f| *f) {
            return failed(std::io::Error::from(kind));
        }
        Ok(())
    }

    /// Makes every later write fail with `kind` (None: write again), as a full or read-only
    /// disk would; the failure outlives [`Store::reopen`]. For tests only.
    #[cfg(any(test, feature = "fault-injection"))]
    pub fn fail_writes_with(&self, kind: Option<std::io::ErrorKind>) {
        if let Ok(mut fault) = self.fault.lock() {
            *fault = kind;
        }
    }

    /// Whether this is a stand-in left by a [`Store::reopen`] that could not open the store.
    pub fn is_detached(&self) -> bool {
        self.detached
    }

    /// Opens the store again from what is on disk, after a write failed. sled keeps a failed
    /// write in memory, where later reads would show it as if it were saved, and refuses every
    /// write after an io error until it is opened again: so a retry (once the disk has room)
    /// needs a fresh open. When opening fails, the store is left detached (every write fails)
    /// and `reopen` can be called again.
    pub fn reopen(&mut self) -> Result<()> {
        if let kv::Engine::Pg(link) = &self.db {
            return link.reconnect();
        }
        // The watchdog's handle on the old store would keep sled's lock and make the open
        // below wait for it: it is taken back first, and given the new store after.
        let watched = Arc::clone(&self.watched);
        let was_watched = watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().is_some();
        let reopened = self.reopen_unwatched();
        if was_watched {
            *watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(self.clone());
        }
        reopened
    }

    /// Where a watchdog keeps its handle on this store: a handle put there is taken back by
    /// [`Store::reopen`] before it opens the store again, and replaced by one on the new store,
    /// so that a handle held elsewhere never makes the reopen wait for sled's lock.
    pub fn watch_slot(&self) -> Arc<std::sync::Mutex<Option<Store>>> {
        Arc::clone(&self.watched)
    }

    fn reopen_unwatched(&mut self) -> Result<()> {
        let path = self.path.clone();
        // One write gate for the store's whole life in this process: the watchdog and the
        // backup server hold it through their own handles.
        let gate = Arc::clone(&self.gate);
        let watched = Arc::clone(&self.watched);
        let actor = Arc::clone(&self.actor);
        let unwritten = Arc::clone(&self.unwritten);
        let keys = Arc::clone(&self.keys);
        let mut stand_in = Store::stand_in(&path, Arc::clone(&gate), self.durability.clone())?;
        stand_in.watched = Arc::clone(&watched);
        stand_in.actor = Arc::clone(&actor);
        stand_in.unwritten = Arc::clone(&unwritten);
        stand_in.keys = Arc::clone(&keys);
        #[cfg(any(test, feature = "fault-injection"))]
        let fault = std::sync::Arc::clone(&self.fault);
        drop(std::mem::replace(self, stand_in));
        #[cfg(any(test, feature = "fault-injection"))]
        {
            self.fault = std::sync::Arc::clone(&fault);
        }
        let fresh = Store::open(&path)?;
        #[cfg(any(test, feature = "fault-injection"))]
        let fresh = Store { fault, ..fresh };
        *self = Store { gate, watched: Arc::clone(&watched), actor, unwritten, keys, ..fresh };
        Ok(())
    }

    /// The store's tree `name`, made empty if it is not there yet (`action` names the work in
    /// an error).
    fn open_tree(&self, name: &str, action: &'static str) -> Result<kv::Tree> {
        self.db.tree(name).map_err(storage(action))
    }

    /// sled's database, for what only a store in a folder has (`what` names it in the refusal
    /// on PostgreSQL).
    fn sled_db(&self, what: &'static str) -> Result<&sled::Db> {
        self.db.sled().ok_or(Error::NotOnPostgres { what })
    }

    /// An empty, temporary, detached store that holds the place of one being opened again.
    fn stand_in(path: &Path, gate: Arc<durable::Gate>, durability: Option<Arc<durable::Durability>>) -> Result<Store> {
        let db = sled::Config::new().temporary(true).open().map_err(storage("opening the store again"))?;
        Store::on(kv::Engine::Sled(db), path, durability, gate, true)
    }

    /// The store's handles on the trees of `db`, the one list of them.
    fn on(
        db: kv::Engine,
        path: &Path,
        durability: Option<Arc<durable::Durability>>,
        gate: Arc<durable::Gate>,
        detached: bool,
    ) -> Result<Store> {
        let tree = |name: &str| db.tree(name).map_err(storage("opening the store"));
        Ok(Store {
            participants: tree(PARTICIPANTS)?,
            interviews: tree(INTERVIEWS)?,
            drafts: tree(DRAFTS)?,
            settings: tree(SETTINGS)?,
            forms: tree(FORMS)?,
            stages: tree(STAGES)?,
            summaries: tree(SUMMARIES)?,
            by_participant: tree(BY_PARTICIPANT)?,
            stats: tree(STATS)?,
            cache: tree(CACHE)?,
            meta: tree(META_TREE)?,
            accounts: tree(accounts::ACCOUNTS)?,
            account_names: tree(accounts::ACCOUNT_NAMES)?,
            audit: tree(audit::AUDIT_TREE)?,
            versions: tree(versions::VERSIONS)?,
            stage_voids: tree(fixes::STAGE_VOIDS)?,
            reviews: tree(review::REVIEWS)?,
            wraps: tree(keyring::WRAPS)?,
            file_numbers: tree(FILE_NUMBERS)?,
            holds: tree(holds::HOLDS)?,
            session: Arc::from(session_id()?),
            keys: Arc::default(),
            encrypted: Arc::new(keyring::has_keyring(&db)?.into()),
            actor: Arc::default(),
            unwritten: Arc::default(),
            path: path.to_path_buf(),
            db,
            durability,
            gate,
            detached,
            watched: Arc::default(),
            #[cfg(any(test, feature = "fault-injection"))]
            fault: Default::default(),
            open_mark: None,
        })
    }

    /// The display mode chosen on the settings screen, if one was.
    pub fn bidi_mode(&self) -> Result<Option<crate::text::BidiMode>> {
        Ok(self.setting::<String>("bidi_mode")?.and_then(|name| name.parse().ok()))
    }

    pub fn set_bidi_mode(&self, mode: crate::text::BidiMode) -> Result<()> {
        let before = self.setting::<String>("bidi_mode")?;
        let event = audit::AuditEvent::new(audit::AuditAction::SettingChanged).record("bidi_mode").change(
            "bidi_mode",
            before,
            Some(mode.to_string()),
        );
        self.set_setting_audited("bidi_mode", &mode.to_string(), Some(event))
    }

    /// The keyboard layer remembered per field whose direction follows its text (see
    /// `app::KeyboardRule::Remembered`), by field name.
    pub fn keyboards<K: DeserializeOwned + Ord>(&self) -> Result<std::collections::BTreeMap<K, bool>> {
        Ok(self.setting("keyboards")?.unwrap_or_default())
    }

    pub fn set_keyboards<K: Serialize + Ord>(&self, layers: &std::collections::BTreeMap<K, bool>) -> Result<()> {
        self.set_setting("keyboards", layers)
    }

    fn setting<V: DeserializeOwned>(&self, key: &str) -> Result<Option<V>> {
        match self.settings.get(key).map_err(storage("reading settings"))? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| Error::BadRecord {
                what: "setting",
                id: key.to_string(),
                detail: e.to_string(),
            }),
        }
    }

    /// Saves a setting the interface keeps for itself (not audited: the keyboard layers, the
    /// backup marks). A store-wide setting a person chooses goes through
    /// [`Store::set_setting_audited`].
    fn set_setting<V: Serialize>(&self, key: &str, value: &V) -> Result<()> {
        self.set_setting_audited(key, value, None)
    }

    /// Saves a setting with its audit entry, in one transaction.
    fn set_setting_audited<V: Serialize>(&self, key: &str, value: &V, event: Option<audit::AuditEvent>) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        match event {
            Some(event) => {
                self.insert_audited(&self.settings, key.as_bytes(), &to_json(value)?, vec![event], "saving settings")?
            }
            None => {
                self.settings.insert(key, to_json(value)?).map_err(storage("saving settings"))?;
            }
        }
        self.flush()
    }

    /// Every stored form definition, every version, ordered by id then version.
    pub fn forms(&self) -> Result<Vec<FormRecord>> {
        read_all_plain(&self.forms, "form")
    }

    pub fn form_record(&self, id: &str, version: u32) -> Result<Option<FormRecord>> {
        match self.forms.get(form_key(id, version)).map_err(storage("reading a form"))? {
            None => Ok(None),
            Some(bytes) => decode("form", form_key(id, version).as_bytes(), &bytes).map(Some),
        }
    }

    /// Stores a form version. A version already stored is never replaced by a different text:
    /// interviews were taken with it.
    pub fn save_form(&self, record: &FormRecord) -> Result<()> {
        let _write = self.gate.enter()?;
        let key = form_key(&record.id, record.version);
        if let Some(existing) = self.form_record(&record.id, record.version)? {
            if existing.source == record.source {
                return Ok(());
            }
            return Err(Error::Form {
                id: record.id.clone(),
                detail: format!(
                    "version {} is already stored with a different text; give the new one a higher version",
                    record.version
                ),
            });
        }
        let event = audit::AuditEvent::new(audit::AuditAction::FormInstalled)
            .record(&record.id)
            .set("version", record.version.to_string())
            .set("builtin", record.builtin.to_string());
        self.insert_audited(&self.forms, key.as_bytes(), &to_json(record)?, vec![event], "saving a form")?;
        self.flush()
    }

    /// The form `record` holds, checked ([`crate::form::load_form`]): the result kept in the
    /// cache when it is this build's result for exactly this text (see [`crate::form::checked`]),
    /// else checked now and the result kept, so that the next start does not check it again. An
    /// entry that is unknown, damaged or edited is never used: the text is checked again and the
    /// entry written anew. Keeping the result is only a saving of time: when it cannot be
    /// written, the checked form is returned all the same.
    pub fn checked_form(&self, record: &FormRecord) -> Result<crate::form::FormDef> {
        let key = format!("form/{}", form_key(&record.id, record.version));
        if let Ok(Some(bytes)) = self.cache.get(key.as_bytes())
            && let Some(form) = crate::form::checked::decode(&bytes, &record.id, record.version, &record.source)
        {
            return Ok(form);
        }
        let form = crate::form::load_form(&record.id, &record.source)?;
        if let Some(bytes) = crate::form::checked::encode(&form) {
            // Derived data: a failure here costs the next start a check, and nothing else.
            let _ = self.keep_checked_form(&key, bytes);
        }
        Ok(form)
    }

    fn keep_checked_form(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        self.cache.insert(key.as_bytes(), bytes).map_err(storage("keeping a checked form"))?;
        self.flush()
    }

    /// Every participant, in no particular order.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        read_all(&self.sealer()?, &self.participants, PARTICIPANTS, "participant")
    }

    pub fn participant(&self, id: &Id) -> Result<Option<Participant>> {
        read_one(&self.sealer()?, &self.participants, PARTICIPANTS, "participant", id)
    }

    /// Every interview and draft in the store.
    pub fn all_interviews(&self) -> Result<Vec<Interview>> {
        let sealer = self.sealer()?;
        let mut all = read_all::<Interview>(&sealer, &self.interviews, INTERVIEWS, "interview")?;
        all.extend(read_all::<Interview>(&sealer, &self.drafts, DRAFTS, "draft")?);
        Ok(all)
    }

    pub fn draft(&self, id: &Id) -> Result<Option<Interview>> {
        read_one(&self.sealer()?, &self.drafts, DRAFTS, "draft", id)
    }

    pub fn interview(&self, id: &Id) -> Result<Option<Interview>> {
        read_one(&self.sealer()?, &self.interviews, INTERVIEWS, "interview", id)
    }
}

/// Decides whether `path` may become or already is a store, without writing. Returns true when
/// the store will be created fresh.
fn check_layout(path: &Path) -> Result<bool> {
    let fresh = layout(path)?;
    if !fresh {
        check_sled_files(path)?;
    }
    Ok(fresh)
}

/// Whether `path` is free for a new store (it does not exist, or is an empty directory);
/// false when it holds a store's files; an error when it holds anything else.
pub fn is_free_for_a_store(path: &Path) -> Result<bool> {
    if let Some(url) = database_address(path) {
        return Ok(!database::holds_store(url)?);
    }
    layout(path)
}

/// Like [`check_layout`], without reading the data: whether `path` is free for a new store
/// (true) or holds the files of one (false).
fn layout(path: &Path) -> Result<bool> {
    let not_a_store = |reason: &str| Error::NotAStore { path: path.to_path_buf(), reason: reason.into() };
    if !path.exists() {
        return Ok(true);
    }
    if !path.is_dir() {
        return Err(not_a_store("it is a file, not a directory"));
    }
    let entries = std::fs::read_dir(path)
        .map_err(|source| Error::Io { action: "reading", path: path.to_path_buf(), source })?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    if entries.is_empty() {
        return Ok(true);
    }
    if !entries.iter().any(|n| n == "conf") || !entries.iter().any(|n| n == "db") {
        return Err(not_a_store("it holds other files"));
    }
    Ok(false)
}

/// Makes a new store at `path`, empty but for its first account when one is given (which does not exist or is an empty directory), all at
/// once: it is built and flushed under a temporary name beside `path`, then renamed into place.
/// So nobody ever sees half a store: a full disk or a crash while creating leaves nothing at
/// `path` (the temporary copy is removed on failure), and creation can simply be tried again.
/// Of several processes creating the same store at once, one rename wins; the others find its
/// complete store, which they then open (or are told it is in use).
/// A new store's first administrator with the store's key and their wrap of it.
struct First<'a> {
    account: &'a crate::auth::Account,
    key: &'a keyring::NewKey,
    wrap: Vec<u8>,
}

fn create(path: &Path, first: Option<&First>) -> Result<()> {
    create_by(path, &|at| build(at, first))
}

/// [`create`], with the store's files written at a temporary place (or, failing the rename, at
/// `path` itself) by `build_at`.
fn create_by(path: &Path, build_at: &dyn Fn(&Path) -> Result<()>) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let prefix = format!(".{name}.creating-");
    remove_abandoned_creations(&parent, &prefix);
    let temp = parent.join(format!("{prefix}{}-{nanos}", std::process::id()));
    let not_writable = |source: std::io::Error, at: &Path| Error::StoreNotWritable { path: at.to_path_buf(), source };
    if let Err(e) = build_at(&temp) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(match e {
            Error::StoreNotWritable { source, .. } => not_writable(source, &parent),
            e => e,
        });
    }
    // sled lets go of its files a moment after the handle is dropped; the rename does not
    // need it to (the files keep their inodes), and opening waits for the lock (`LOCK_WAIT`).
    match std::fs::rename(&temp, path) {
        Ok(()) => Ok(()),
        Err(_) if path.join("conf").exists() => {
            // Another process created it first: its store is complete; ours goes.
            let _ = std::fs::remove_dir_all(&temp);
            Ok(())
        }
        // An empty directory that cannot be replaced, such as a mount point (the temporary
        // copy may even be on another disk): the store is made in it directly, as before. Not
        // atomic, so concurrent first opens of such a directory are not covered.
        Err(_) if path.is_dir() => {
            let _ = std::fs::remove_dir_all(&temp);
            // Only a directory still empty: whatever appeared in it meanwhile is not ours.
            if std::fs::read_dir(path).map_or(true, |mut entries| entries.next().is_some()) {
                return match check_layout(path)? {
                    true => Err(Error::StoreInUse(path.to_path_buf())),
                    false => Ok(()),
                };
            }
            build_at(path).inspect_err(|_| {
                let _ = clear_dir(path);
            })
        }
        Err(source) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(not_writable(source, &parent))
        }
    }
}

/// Removes the temporary copies that creations killed half-way left beside the store (named
/// `<prefix><pid>-<nanos>`), those whose process is gone. Where that cannot be known (no
/// /proc), nothing is removed.
fn remove_abandoned_creations(parent: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix(prefix).and_then(|rest| rest.split('-').next()).and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes an empty store (sled's files and daftar's marker) at `at`, with its first account if
/// given, flushed.
fn build(at: &Path, first: Option<&First>) -> Result<()> {
    let io = |e: sled::Error| match e {
        sled::Error::Io(source) => Error::StoreNotWritable { path: at.to_path_buf(), source },
        e => sled_error("creating the store", e),
    };
    private_store_dir(at).map_err(|source| Error::StoreNotWritable { path: at.to_path_buf(), source })?;
    let db = sled::Config::new().path(at).open().map_err(io)?;
    build_in(&db, first).map_err(|e| match e {
        Error::StorageIo { source, .. } => Error::StoreNotWritable { path: at.to_path_buf(), source },
        e => e,
    })?;
    db.flush().map_err(io)?;
    private_files(at).map_err(|source| Error::StoreNotWritable { path: at.to_path_buf(), source })?;
    Ok(())
}

/// The address in `store`, when it names a PostgreSQL database rather than a folder (`--store
/// postgresql://…` arrives as a path).
pub fn database_address(store: &Path) -> Option<&str> {
    store.to_str().filter(|s| is_database_address(s))
}

/// The store layout its marker gives; refused when unreadable or newer than this build's.
fn marker_format(bytes: &[u8], path: &Path) -> Result<u32> {
    let marker: Marker = serde_json::from_slice(bytes)
        .map_err(|e| Error::CorruptStore { path: path.to_path_buf(), detail: format!("unreadable marker: {e}") })?;
    if marker.format > STORE_FORMAT {
        return Err(Error::NewerRecord {
            what: "store",
            id: path.display().to_string(),
            found: marker.format,
            supported: STORE_FORMAT,
        });
    }
    Ok(marker.format)
}

/// Writes into `db` (empty) a new store: daftar's marker, the first account if given, the
/// key ring and the audit trail's first entries. A store in a folder is built so under a
/// temporary name; one in PostgreSQL in memory, then copied in one transaction.
fn build_in(db: &sled::Db, first: Option<&First>) -> Result<()> {
    let meta = db.open_tree(META_TREE).map_err(storage("creating the store"))?;
    let marker = Marker { format: STORE_FORMAT, created_at: chrono::Utc::now() };
    meta.insert(MARKER_KEY, to_json(&marker)?).map_err(storage("creating the store"))?;
    if let Some(first) = first {
        accounts::write_first(db, first)?;
        keyring::write_first_key(db, first.key)?;
    }
    audit::seed(db, STORE_FORMAT, first)
}

/// The directory a store is built in, readable by its owner only (0700): made so when it does
/// not exist yet, narrowed so when it is an empty one given.
fn private_store_dir(at: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(at) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            std::fs::set_permissions(at, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Narrows the files sled made in a new store to their owner (0600), whatever the umask was
/// (the binary sets 0o077 at start, so the files sled makes later are private too).
fn private_files(at: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    for entry in std::fs::read_dir(at)? {
        let entry = entry?;
        let mode = if entry.file_type()?.is_dir() { 0o700 } else { 0o600 };
        std::fs::set_permissions(entry.path(), std::os::unix::fs::PermissionsExt::from_mode(mode))?;
    }
    Ok(())
}

/// Empties a directory in which a store could not be made, leaving the directory.
fn clear_dir(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Refuses, before sled opens it, a store whose log sled's recovery would cut short: sled
/// "recovers" an unreadable message by zeroing everything after it, which would destroy what
/// is left (see [`verify`]). The check runs while holding the store's lock, so a store another
/// process is writing is reported as in use, never as damaged.
fn check_sled_files(path: &Path) -> Result<()> {
    let db_path = path.join("db");
    let db = std::fs::File::open(&db_path).map_err(|source| match source.kind() {
        // Another account's private store: said as sled's own refusal to open for writing is.
        std::io::ErrorKind::PermissionDenied => not_writable_or_io(path, source),
        _ => Error::Io { action: "reading", path: db_path.clone(), source },
    })?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match db.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::StoreInUse(path.to_path_buf())),
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(Error::Io { action: "locking", path: db_path, source });
            }
        }
    }
    let verified = verify::verify(path);
    // sled takes the same lock itself; ours must be gone first.
    drop(db);
    verified.map_err(|e| damage_error(path, e))
}

/// The error for a store that failed [`verify::verify`].
pub(crate) fn damage_error(path: &Path, e: verify::VerifyError) -> Error {
    match e {
        verify::VerifyError::Damaged(d) => {
            Error::Damaged { path: path.to_path_buf(), file: d.file, offset: d.offset, what: d.what }
        }
        // A store whose files Daftar may not open (another account's private store) is named
        // as such, as sled's own refusal to open for writing is.
        verify::VerifyError::Io(_, source) if source.kind() == std::io::ErrorKind::PermissionDenied => {
            not_writable_or_io(path, source)
        }
        verify::VerifyError::Io(file, source) => Error::Io { action: "reading", path: file, source },
    }
}

/// Opens sled, turning its lock failure, corruption reports and internal panics into errors.
/// How long opening waits for a store that is being closed: sled lets go of its lock only once
/// its background threads have finished, a moment after the process (or test) closed it.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

fn open_sled(path: &Path, cache: u64) -> Result<sled::Db> {
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match open_sled_once(path, cache) {
            Err(Error::StoreInUse(_)) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(Error::CorruptStore { .. } | Error::EngineRefused { .. }) if discard_unfinished_snapshots(path) => {}
            other => return other,
        }
    }
}

/// sled opens a store only for writing: a refusal to write becomes [`Error::StoreNotWritable`]
/// naming what refused (the store's data file, its conf, or its folder), so the person is told
/// that Daftar needs write access there, even to read or export.
fn not_writable_or_io(path: &Path, source: std::io::Error) -> Error {
    match crate::error::WriteFailure::of_io(&source) {
        crate::error::WriteFailure::ReadOnly => Error::StoreNotWritable { path: path.to_path_buf(), source },
        crate::error::WriteFailure::NoPermission => {
            let refuses = |p: &Path| std::fs::OpenOptions::new().append(true).open(p).is_err();
            let probe = path.join(format!(".daftar-write-check-{}", std::process::id()));
            let culprit = match () {
                () if refuses(&path.join("db")) => path.join("db"),
                () if refuses(&path.join("conf")) => path.join("conf"),
                () if std::fs::File::create(&probe).is_err() => path.to_path_buf(),
                () => {
                    let _ = std::fs::remove_file(&probe);
                    path.to_path_buf()
                }
            };
            Error::StoreNotWritable { path: culprit, source }
        }
        _ => Error::Io { action: "opening", path: path.to_path_buf(), source },
    }
}

/// Removes the snapshot files sled was still writing when it stopped (`snap.*.generating`),
/// and says whether there were any. sled writes a snapshot under that name and renames it when
/// complete, so such a file never holds anything the log does not; but sled 0.34 reads it
/// as the newest snapshot and refuses the store as corrupt. A full disk during a snapshot
/// leaves one (measured: the store then did not open again even after space was freed).
/// Called only after sled refused the store, which it does while holding the store's lock.
fn discard_unfinished_snapshots(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else { return false };
    let mut removed = false;
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            removed |= std::fs::remove_file(entry.path()).is_ok();
        }
    }
    removed
}

fn open_sled_once(path: &Path, cache: u64) -> Result<sled::Db> {
    // No background flush: every write Daftar makes is flushed before it is reported (see
    // `Store::flush`), and sled's own timed flush would only put on disk, at a moment nobody
    // chose, what sled rewrites by itself (a page it consolidates after a read): then the
    // screen could change while sled's write is not yet synced.
    let config = sled::Config::new().path(path).cache_capacity(cache).flush_every_ms(None);
    let opened = quiet::quietly(move || config.open());
    // Only after the store passed `verify::verify`: sled may have written to it by then.
    let corrupt = |detail: String| Error::EngineRefused { path: path.to_path_buf(), detail };
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            Err(Error::StoreInUse(path.to_path_buf()))
        }
        Ok(Err(sled::Error::Io(source))) => Err(not_writable_or_io(path, source)),
        Ok(Err(sled::Error::Corruption { .. })) => Err(corrupt("its data file fails its checksums".into())),
        Ok(Err(e)) => Err(corrupt(e.to_string())),
        Err(_) => Err(corrupt("the database engine could not read it".into())),
    }
}

fn storage<E: Into<kv::KvError>>(action: &'static str) -> impl Fn(E) -> Error {
    move |e| kv_error(action, e.into())
}

/// An engine's refusal as the library's error ([`sled_error`] for sled's; PostgreSQL's is the
/// library's already).
pub(super) fn kv_error(action: &'static str, e: kv::KvError) -> Error {
    match e {
        kv::KvError::Sled(e) => sled_error(action, e),
        kv::KvError::Db(e) => e,
    }
}

/// A sled error as the library's: an io failure keeps its io error, so the interviewer can be
/// told the disk is full or read-only rather than shown sled's debug text.
pub(super) fn sled_error(action: &'static str, e: sled::Error) -> Error {
    match e {
        sled::Error::Io(source) => Error::StorageIo { action, source },
        e => Error::Storage { action, detail: e.to_string() },
    }
}

fn to_json<V: Serialize>(value: &V) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| Error::Storage { action: "encoding a record", detail: e.to_string() })
}

/// A record from bytes already opened (or from a tree that stays plain): refused, naming it,
/// when it is unreadable or from a newer Daftar.
fn decode<V: Stored>(what: &'static str, key: &[u8], bytes: &[u8]) -> Result<V> {
    let id = String::from_utf8_lossy(key).into_owned();
    let bad = |e: serde_json::Error| Error::BadRecord { what, id: id.clone(), detail: e.to_string() };
    let probe: FormatProbe = serde_json::from_slice(bytes).map_err(bad)?;
    if probe.format > RECORD_FORMAT {
        return Err(Error::NewerRecord { what, id, found: probe.format, supported: RECORD_FORMAT });
    }
    decode_record(bytes).map_err(bad)
}

/// A new random id for an opened store's session (see [`holds`]).
fn session_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Storage { action: "opening the store", detail: e.to_string() })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A record encoded and sealed as it is stored under `key` in the tree named `tree`.
fn seal_record<V: Serialize>(sealer: &Sealer, tree: &str, key: &[u8], value: &V) -> Result<Vec<u8>> {
    sealer.seal(tree, key, to_json(value)?)
}

/// The record stored under `key` in the tree named `tree` (`what` names it in an error):
/// opened ([`Sealer::open`]: a value altered or moved from another record is refused, naming
/// it), then decoded ([`decode`]).
fn open_record<V: Stored>(sealer: &Sealer, tree: &str, what: &'static str, key: &[u8], stored: &[u8]) -> Result<V> {
    decode(what, key, &sealer.open(what, tree, key, stored)?)
}

/// Every record of a sealed tree (`tree`, named `name`), opened and decoded.
fn read_all<V: Stored>(sealer: &Sealer, tree: &kv::Tree, name: &str, what: &'static str) -> Result<Vec<V>> {
    tree.iter()
        .map(|item| {
            let (key, bytes) = item.map_err(storage("reading records"))?;
            open_record(sealer, name, what, &key, &bytes)
        })
        .collect()
}

/// Every record of a tree that stays plain (forms: nothing personal).
fn read_all_plain<V: Stored>(tree: &kv::Tree, what: &'static str) -> Result<Vec<V>> {
    tree.iter()
        .map(|item| {
            let (key, bytes) = item.map_err(storage("reading records"))?;
            decode(what, &key, &bytes)
        })
        .collect()
}

/// The record of a sealed tree (`tree`, named `name`) under `id`, opened and decoded.
fn read_one<V: Stored>(sealer: &Sealer, tree: &kv::Tree, name: &str, what: &'static str, id: &Id) -> Result<Option<V>> {
    match tree.get(id.as_str()).map_err(storage("reading a record"))? {
        None => Ok(None),
        Some(bytes) => open_record(sealer, name, what, id.as_str().as_bytes(), &bytes).map(Some),
    }
}

/// The form of a file number used to detect duplicates: the domain's rule
/// ([`crate::domain::file_number_key`]), so "F-٠١٥٣", "f-0153" and "F‑0153" are one number.
fn normalise_file_number(file: &str) -> String {
    crate::domain::file_number_key(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn today() -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }

    pub(super) fn participant(file: &str) -> Participant {
        let date = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        Participant {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            name_ar: "سعيد".into(),
            name_latin: "Said".into(),
            date_of_birth: date,
            file_number: file.into(),
            facility: "Salé".into(),
            // At 30: the store refuses an age at entry the domain refuses.
            entry_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            registered_at: chrono::Utc::now(),
            registered_by: Author::BeforeAccounts("S".into()),
        }
    }

    #[test]
    fn the_store_refuses_a_participant_the_rules_refuse() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut old = participant("B-1");
        old.date_of_birth = day(1850, 1, 1);
        let mut spaced = participant("A 1001");
        spaced.id = Id::new_random();
        let mut unborn = participant("C-1");
        unborn.entry_date = day(1980, 1, 1);
        let mut author = participant("D-1");
        author.registered_by = Author::BeforeAccounts("x".repeat(2000));
        for p in [&old, &spaced, &unborn, &author] {
            let err = store.register(p, today()).unwrap_err();
            assert!(matches!(err, Error::BreaksRules { .. }), "{}: {err}", p.file_number);
            let err = store.import_participants(std::slice::from_ref(p), today()).unwrap_err();
            assert!(matches!(err, Error::BreaksRules { .. }), "{}: {err}", p.file_number);
        }
        let err = store.register(&old, today()).unwrap_err();
        assert!(err.localized(crate::i18n::Lang::Fr).contains("enfreint les règles du registre"), "{err}");
        assert!(store.participants().unwrap().is_empty());
        // Already in the store (an earlier Daftar): listed, never dropped.
        store.bulk_insert(&[old.clone(), participant("E-1")], &[], &[]).unwrap();
        let breakers = store.rule_breakers(today()).unwrap();
        assert_eq!(breakers.len(), 1);
        assert_eq!(breakers[0].0.id, old.id);
        assert_eq!(breakers[0].1[0].0, "date_of_birth");
    }

    #[test]
    fn the_store_judges_a_stage_change_on_the_callers_day() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        store.register(&p, day(2021, 1, 1)).unwrap();
        let event = StageEvent {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from: Stage::Intake,
            stage: Stage::InProgramme,
            date: day(2021, 1, 10),
            reason: String::new(),
            interviewer: Author::BeforeAccounts("S".into()),
            recorded_at: chrono::Utc::now(),
        };
        // The 10th is in the future on the caller's 5th, whatever the machine's clock says.
        let err = store.record_stage(&event, day(2021, 1, 5)).unwrap_err();
        assert!(matches!(err, Error::Stage(crate::domain::StageRefusal::InFuture)), "{err}");
        store.record_stage(&event, day(2021, 1, 10)).unwrap();
    }

    #[test]
    fn a_record_from_a_newer_daftar_is_refused_by_name() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let mut json = serde_json::to_value(participant("F-1")).unwrap();
        json["format"] = 99.into();
        store.participants.insert("0123456789abcdef0123456789abcdef", serde_json::to_vec(&json).unwrap()).unwrap();
        let err = store.participants().unwrap_err();
        assert!(matches!(err, Error::NewerRecord { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("participant 0123456789abcdef0123456789abcdef"), "{err}");
    }

    #[test]
    fn an_unreadable_record_is_an_error_not_a_default() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        store.drafts.insert("0123456789abcdef0123456789abcdef", &b"{\"format\":1}"[..]).unwrap();
        let err = store.all_interviews().unwrap_err();
        assert!(matches!(err, Error::BadRecord { what: "draft", .. }), "{err}");
    }

    #[test]
    fn a_store_spanning_many_segments_reopens() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            for i in 0..3000 {
                let mut p = participant(&format!("F-{i}"));
                p.facility = "x".repeat(400);
                store.participants.insert(p.id.as_str(), to_json(&p).unwrap()).unwrap();
            }
            store.flush().unwrap();
        }
        assert!(std::fs::metadata(path.join("db")).unwrap().len() > 2 * 524288, "test must span segments");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.participants().unwrap().len(), 3000);
    }

    #[test]
    fn a_store_with_records_too_large_for_the_log_reopens_verified() {
        // sled keeps values over a quarter of a segment in files of their own (blobs); the
        // log then holds a pointer message, which the verification must accept.
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            store.settings.insert("large", vec![b'x'; 300_000]).unwrap();
            store.flush().unwrap();
        }
        verify::verify(&path).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.settings.get("large").unwrap().unwrap().len(), 300_000);
        drop(store);
        verify::verify(&path).unwrap();
        // A damaged large record is damage too.
        let blob = std::fs::read_dir(path.join("blobs")).unwrap().next().unwrap().unwrap().path();
        let mut bytes = std::fs::read(&blob).unwrap();
        bytes[1000] ^= 0x20;
        std::fs::write(&blob, bytes).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, Error::Damaged { ref file, .. } if *file == blob), "{err}");
    }

    #[test]
    fn finalizing_moves_the_interview_out_of_drafts_at_once() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let mut interview = final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        interview.status = Status::Draft;
        interview.finalized_at = None;
        interview.measures.session_axis = Some("self".into());
        store.save_draft(&interview).unwrap();
        assert!(store.finalize(&interview).is_err(), "a draft cannot be finalized as is");
        interview.status = Status::Final;
        store.finalize(&interview).unwrap();
        assert!(store.draft(&interview.id).unwrap().is_none());
        assert_eq!(store.interview(&interview.id).unwrap().unwrap().status, Status::Final);
        assert_eq!(store.session_counts().unwrap(), vec![("self".to_string(), 2026, 11, 1)]);
        assert!(store.finalize(&interview).is_err(), "an interview is finalized once");
        assert_eq!(store.session_counts().unwrap(), vec![("self".to_string(), 2026, 11, 1)], "and counted once");
        interview.status = Status::Draft;
        assert!(store.save_draft(&interview).is_err(), "a final interview cannot go back to draft");
    }

    pub(super) fn final_interview(p: &Participant, taken: (i32, u32, u32), due: (i32, u32, u32)) -> Interview {
        let date = |(y, m, d): (i32, u32, u32)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let now = chrono::Utc::now();
        Interview {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            form_id: "progress".into(),
            form_version: 1,
            interviewer: Author::BeforeAccounts("S".into()),
            status: Status::Final,
            started_at: now,
            updated_at: now,
            finalized_at: Some(now),
            answers: Default::default(),
            position: Position::default(),
            next_due: Some(Due { date: date(due), form_id: "progress".into() }),
            measures: Measures { date: Some(date(taken)), ..Measures::default() },
        }
    }

    #[test]
    fn the_latest_dated_interview_sets_the_due_date_whatever_the_order_of_entry() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        store.finalize(&final_interview(&p, (2026, 11, 10), (2026, 12, 10))).unwrap();
        // A backlog interview from October, entered afterwards.
        store.finalize(&final_interview(&p, (2026, 10, 1), (2026, 10, 31))).unwrap();
        let due = |s: &Store| s.summary(&p.id).unwrap().unwrap().next_due.unwrap().date;
        assert_eq!(due(&store), chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap());
        store.rebuild_index().unwrap();
        assert_eq!(due(&store), chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(), "the rebuild agrees");
        store.finalize(&final_interview(&p, (2026, 11, 20), (2027, 1, 5))).unwrap();
        assert_eq!(due(&store), chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
    }

    #[test]
    fn a_change_of_stage_is_activity() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let recorded_at = p.registered_at + chrono::Duration::hours(3);
        let event = StageEvent {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from: Stage::Intake,
            stage: Stage::InProgramme,
            date: p.entry_date,
            reason: String::new(),
            interviewer: Author::BeforeAccounts("S".into()),
            recorded_at,
        };
        store.record_stage(&event, today()).unwrap();
        // Summaries keep time to the microsecond.
        let last = store.summary(&p.id).unwrap().unwrap().last_activity;
        assert_eq!(last.timestamp_micros(), recorded_at.timestamp_micros());
    }

    #[test]
    fn file_numbers_in_arabic_indic_digits_are_the_same_numbers() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        store.register(&participant("F-2024/0153"), today()).unwrap();
        let err = store.register(&participant(" f-٢٠٢٤/٠١٥٣ "), today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
        store.register(&participant("F-2024/0154"), today()).unwrap();
    }

    #[test]
    fn registration_checks_duplicates_against_the_store_not_the_copy() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        store.register(&participant("F-1"), today()).unwrap();
        // An empty copy, current as far as the generation goes.
        store.save_summaries_copy(&[]).unwrap();
        let err = store.register(&participant("F-1"), today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
    }

    #[test]
    fn a_rebuild_that_cannot_read_a_record_leaves_the_index_as_it_was() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        store.finalize(&final_interview(&p, (2026, 11, 10), (2026, 12, 10))).unwrap();
        let before = store.summary(&p.id).unwrap().unwrap();
        store.interviews.insert("0123456789abcdef0123456789abcdef", &b"not json"[..]).unwrap();
        assert!(store.rebuild_index().is_err());
        assert_eq!(store.summary(&p.id).unwrap().unwrap(), before);
        assert_eq!(store.summaries().unwrap().len(), 1);
        assert_eq!(store.interviews_of(&p.id).unwrap().len(), 1);
    }

    #[test]
    fn the_summaries_copy_is_used_only_while_no_summary_changed() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        for i in 0..3 {
            store.register(&participant(&format!("F-{i}")), today()).unwrap();
        }
        let all = store.summaries().unwrap();
        assert_eq!(all.len(), 3);
        // A deliberately partial copy shows which path a read took.
        store.save_summaries_copy(&all[..2]).unwrap();
        assert_eq!(store.summaries().unwrap().len(), 2, "the current copy is read");
        store.register(&participant("F-9"), today()).unwrap();
        assert_eq!(store.summaries().unwrap().len(), 4, "a stale copy is ignored");
        let drafts_do_not_matter = store.summaries().unwrap();
        store.save_summaries_copy(&drafts_do_not_matter).unwrap();
        drop(store);
        let store = Store::open(&dir.path().join("s")).unwrap();
        assert_eq!(store.summaries().unwrap().len(), 4, "the copy survives a restart");
    }

    #[test]
    fn a_reopen_takes_back_the_watchdogs_handle_instead_of_waiting_for_it() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("s")).unwrap();
        // As the interface's signal watchdog does (tui::Lifeline::watch).
        let slot = store.watch_slot();
        *slot.lock().unwrap() = Some(store.clone());
        store.fail_writes_with(Some(std::io::ErrorKind::StorageFull));
        assert!(store.register(&participant("F-1"), today()).is_err());
        store.fail_writes_with(None);
        let started = std::time::Instant::now();
        store.reopen().unwrap();
        let took = started.elapsed();
        // Holding the old handle, the open waited for sled's lock (LOCK_WAIT, 1.5 s) and failed.
        assert!(took < std::time::Duration::from_millis(700), "the reopen waited {took:?}");
        assert!(!store.is_detached());
        store.register(&participant("F-1"), today()).unwrap();
        // The watchdog holds the new store: what it would save goes to the store in use.
        let watched = slot.lock().unwrap().clone().unwrap();
        assert_eq!(watched.participants().unwrap().len(), 1);
    }

    #[test]
    fn the_copy_written_from_the_tree_part_by_part_reads_back_whole() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        for i in 0..8 {
            store.register(&participant(&format!("F-{i}")), today()).unwrap();
        }
        let by_id = |mut list: Vec<Summary>| {
            list.sort_by(|a, b| a.participant.id.as_str().cmp(b.participant.id.as_str()));
            list
        };
        let tree = by_id(store.summaries_from_tree().unwrap());
        store.save_summaries_copy_from_tree().unwrap();
        // Three parts of at most three summaries (see COPY_PART), the copy current.
        assert!(store.cache.contains_key("copy/2").unwrap() && !store.cache.contains_key("copy/3").unwrap());
        assert!(store.summaries_copy().unwrap().is_some(), "the copy is current");
        assert_eq!(by_id(store.summaries().unwrap()), tree);
        // A smaller copy leaves no part of the larger one behind.
        store.save_summaries_copy(&tree[..2]).unwrap();
        assert!(!store.cache.contains_key("copy/1").unwrap());
        assert_eq!(store.summaries().unwrap().len(), 2);
        store.save_summaries_copy_from_tree().unwrap();
        drop(store);
        let store = Store::open(&dir.path().join("s")).unwrap();
        assert_eq!(by_id(store.summaries().unwrap()), tree, "the copy survives a restart");
    }

    #[test]
    fn a_stage_change_finalized_with_an_interview_is_written_with_it_or_not_at_all() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let mut interview = final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        interview.form_id = "closure".into();
        interview.status = Status::Draft;
        store.save_draft(&interview).unwrap();
        interview.status = Status::Final;
        let close = |day: u32, stage: Stage| StageEvent {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from: Stage::Aftercare,
            stage,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            reason: "Programme completed".into(),
            interviewer: Author::BeforeAccounts("S".into()),
            recorded_at: chrono::Utc::now(),
        };
        // Refused by the stage rules (the same stage): nothing is written, the draft stays.
        let err = store.finalize_with_stage(&interview, Some(&close(10, Stage::Intake)), today()).unwrap_err();
        assert!(matches!(err, Error::Stage(_)), "{err}");
        assert!(store.interview(&interview.id).unwrap().is_none());
        assert!(store.draft(&interview.id).unwrap().is_some());
        assert!(store.stages_of(&p.id).unwrap().is_empty());
        assert_eq!(store.summary(&p.id).unwrap().unwrap().last_interview, None);
        // Accepted: both, and `from` is the stage the store had.
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        store.register(&p, today()).unwrap();
        store.save_draft(&Interview { status: Status::Draft, ..interview.clone() }).unwrap();
        let recorded =
            store.finalize_with_stage(&interview, Some(&close(12, Stage::Closed)), today()).unwrap().unwrap();
        assert_eq!(recorded.from, Stage::Intake);
        assert!(store.draft(&interview.id).unwrap().is_none());
        assert_eq!(store.interview(&interview.id).unwrap().unwrap().status, Status::Final);
        assert_eq!(store.stages_of(&p.id).unwrap(), vec![recorded]);
        let summary = store.summary(&p.id).unwrap().unwrap();
        assert_eq!((summary.stage, summary.stage_since.to_string()), (Stage::Closed, "2026-11-12".to_string()));
        store.rebuild_index().unwrap();
        assert_eq!(store.summary(&p.id).unwrap().unwrap().stage, Stage::Closed, "the rebuild agrees");
        // Once closed, another closure is refused and leaves no trace.
        let mut again = final_interview(&p, (2026, 11, 20), (2026, 12, 20));
        again.form_id = "closure".into();
        let err = store.finalize_with_stage(&again, Some(&close(20, Stage::Closed)), today()).unwrap_err();
        assert!(err.to_string().contains("already at this stage"), "{err}");
        assert!(store.interview(&again.id).unwrap().is_none());
        assert_eq!(store.stages_of(&p.id).unwrap().len(), 1);
    }
}
