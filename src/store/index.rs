//! Writing participants, interviews and stage changes together with the derived data that
//! makes a large store fast to read: a summary per participant (home list, search, due
//! dates), the ids of each participant's interviews, and session counts per axis and month.
//! Each write and its derived data go in one sled transaction; [`Store::rebuild_index`]
//! recomputes all derived data from the records alone. No personal data is used in a key:
//! keys are random ids, form ids and axis/month labels.

use chrono::{Datelike, NaiveDate};

use super::audit::{self, AuditAction, AuditEvent};
use super::kv;
use super::records::{Due, Interview, Participant, Person, SearchKey, Stage, StageEvent, Status, Summary};
use super::sealing::Sealer;
use super::{
    BY_PARTICIPANT, CACHE, DRAFTS, INTERVIEWS, Id, STAGES, STATS, SUMMARIES, Store, normalise_file_number, open_record,
    read_all, read_one, seal_record, storage,
};
use crate::error::{Error, Result};

/// The layout of the derived trees; a store whose index has another is rebuilt on open (or, on
/// an encrypted store, at the login: [`Store::catch_up`]). 5: the session statistics one
/// sealed value, the by-participant marks sealed, the file-number index. 6: the review lists
/// kept in the order entered, under numbered keys ([`super::review`]).
const INDEX_FORMAT: u32 = 6;
pub(super) const INDEX_KEY: &[u8] = b"index-format";
/// Marks in the by-participant tree: which tree the interview is in.
const DRAFT: &[u8] = b"d";
const FINAL: &[u8] = b"f";

pub(super) type TxError = kv::TxError;

pub(super) fn abort(e: Error) -> TxError {
    kv::TxError::Abort(e)
}

pub(super) fn tx_result<T>(action: &'static str, r: std::result::Result<T, kv::TransactionError>) -> Result<T> {
    r.map_err(|e| match e {
        kv::TransactionError::Abort(e) => e,
        kv::TransactionError::Storage(e) => super::kv_error(action, e),
    })
}

/// What today's rules refuse in a participant record: by column, the problem.
pub type RuleProblems = Vec<(&'static str, crate::form::Refusal)>;

/// The domain's definition of a valid participant ([`crate::domain::participant::check`]),
/// asked by the store itself before it writes one, as a last guard behind registration and
/// import: a participant it refuses could not be imported from an export. A `registered_by`
/// name from before accounts is held to the rules of any one-line text, and the id must be one
/// [`Id::parse`] reads.
pub fn participant_problems(p: &Participant, today: NaiveDate) -> RuleProblems {
    use crate::domain::participant::{self, Field};
    let (dob, entry) = (p.date_of_birth.format("%Y-%m-%d").to_string(), p.entry_date.format("%Y-%m-%d").to_string());
    let fields = [p.name_ar.as_str(), &p.name_latin, &dob, &p.file_number, &p.facility, &entry];
    let mut problems: RuleProblems = match participant::check(&fields, today) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|(field, r)| (Field::column(field), r)).collect(),
    };
    if let super::Author::BeforeAccounts(name) = &p.registered_by
        && let Err(r) = participant::check_one_line(name)
    {
        problems.push(("registered_by", r));
    }
    // An id an import would refuse (not a UUID version 4 as Daftar writes one).
    if Id::parse(p.id.as_str()).is_none() {
        problems
            .insert(0, ("id", crate::form::Refusal::with(crate::i18n::T::ImpBadId, vec![("id", p.id.to_string())])));
    }
    problems
}

/// [`participant_problems`] as an error: [`Error::BreaksRules`] when there is any.
pub(super) fn check_participant(p: &Participant, today: NaiveDate) -> Result<()> {
    let problems = participant_problems(p, today);
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::BreaksRules { id: p.id.to_string(), file: p.file_number.clone(), problems })
}

/// The audit entry of a registration: every field given, by its column name.
fn registered(p: &Participant) -> AuditEvent {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    AuditEvent::new(AuditAction::ParticipantRegistered)
        .by(p.registered_by.account())
        .record(&p.id)
        .set("name_ar", p.name_ar.clone())
        .set("name_latin", p.name_latin.clone())
        .set("date_of_birth", day(p.date_of_birth))
        .set("file_number", p.file_number.clone())
        .set("facility", p.facility.clone())
        .set("entry_date", day(p.entry_date))
}

/// The audit entry of a finalized interview: its form and version, and each answer (by
/// question id, as JSON), so the version kept is in the log.
fn finalized(i: &Interview) -> AuditEvent {
    let mut event = AuditEvent::new(AuditAction::InterviewFinalized)
        .record(&i.participant_id)
        .record(&i.id)
        .set("form", format!("{}@{}", i.form_id, i.form_version));
    for (question, answer) in &i.answers {
        event = event.set(question, serde_json::to_string(answer).unwrap_or_default());
    }
    event
}

/// The audit entry of a change of stage.
fn stage_changed(e: &StageEvent) -> AuditEvent {
    let name = |s: Stage| serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string));
    AuditEvent::new(AuditAction::StageChanged)
        .record(&e.participant_id)
        .record(&e.id)
        .change("stage", name(e.from), name(e.stage))
        .set("date", e.date.format("%Y-%m-%d").to_string())
        .reason(Some(&e.reason))
}

/// The key of an interview under its participant: both ids, so a prefix scan lists them.
pub(super) fn pair(participant: &Id, child: &Id) -> Vec<u8> {
    [participant.as_str().as_bytes(), child.as_str().as_bytes()].concat()
}

/// The key of an interview's entry under its participant in the by-participant tree, and its
/// value: the mark of the tree the interview is in (drafts or interviews), sealed.
pub(super) fn by_participant_entry(
    sealer: &Sealer,
    participant: &Id,
    interview: &Id,
    status: Status,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let key = pair(participant, interview);
    let mark = if status == Status::Final { FINAL } else { DRAFT };
    let sealed = sealer.seal(BY_PARTICIPANT, &key, mark.to_vec())?;
    Ok((key, sealed))
}

/// The one value of the stats tree that holds the session statistics. They were one count
/// per key `sessions/<axis>/<month>` before (index format 4), which put the months of the
/// sessions in the clear: now one sealed map.
const SESSIONS_KEY: &[u8] = b"sessions";

/// Sessions recorded per axis and month (the year and the month).
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct SessionCounts {
    counts: std::collections::BTreeMap<(String, i32, u32), u64>,
}

impl SessionCounts {
    fn open(sealer: &Sealer, stored: Option<&[u8]>) -> Result<SessionCounts> {
        let Some(stored) = stored else { return Ok(SessionCounts::default()) };
        let bytes = sealer.open("session statistics", STATS, SESSIONS_KEY, stored)?;
        postcard::from_bytes(&bytes).map_err(|e| Error::BadRecord {
            what: "session statistics",
            id: String::from_utf8_lossy(SESSIONS_KEY).into_owned(),
            detail: e.to_string(),
        })
    }

    fn seal(&self, sealer: &Sealer) -> Result<Vec<u8>> {
        let bytes = postcard::to_stdvec(self)
            .map_err(|e| Error::Storage { action: "encoding the session statistics", detail: e.to_string() })?;
        sealer.seal(STATS, SESSIONS_KEY, bytes)
    }

    fn add(&mut self, axis: &str, date: NaiveDate, by: i64) {
        let count = self.counts.entry((axis.to_string(), date.year(), date.month())).or_default();
        *count = count.saturating_add_signed(by);
    }
}

/// Counts `by` sessions (1 for a finalized session, -1 and 1 when an amendment moves one) on
/// `axis` in the month of `date`, in the stats tree of the transaction `stats`: the session
/// statistics are one sealed value ([`SESSIONS_KEY`]), read, changed and sealed again. A count
/// never goes below zero.
pub(super) fn count_session(
    sealer: &Sealer,
    stats: &kv::TxTree<'_>,
    axis: &str,
    date: NaiveDate,
    by: i64,
) -> std::result::Result<(), TxError> {
    let stored = stats.get(SESSIONS_KEY)?;
    let mut counts = SessionCounts::open(sealer, stored.as_deref()).map_err(abort)?;
    counts.add(axis, date, by);
    stats.insert(SESSIONS_KEY, counts.seal(sealer).map_err(abort)?)?;
    Ok(())
}

/// A participant's summary as it is right after registration.
pub(super) fn new_summary(p: &Participant) -> Summary {
    let person = Person::from(p);
    Summary {
        search: SearchKey::of(&person),
        participant: person,
        stage: Stage::Intake,
        stage_since: p.entry_date,
        last_interview: None,
        last_activity: p.registered_at,
        next_due: None,
        next_due_from: None,
    }
}

/// A summary as stored: plain numbers for dates (days since the common era, microseconds
/// since 1970) and postcard instead of JSON, because every summary is read at start: at 100,000
/// participants JSON decoding took most of the one-second budget for the first frame.
#[derive(serde::Serialize, serde::Deserialize)]
struct Packed {
    id: String,
    name_ar: String,
    name_latin: String,
    date_of_birth: i32,
    entry_date: i32,
    file_number: String,
    facility: String,
    stage: Stage,
    stage_since: i32,
    last_interview: Option<i32>,
    last_activity: i64,
    next_due: Option<(i32, String)>,
    next_due_from: Option<i32>,
    names: String,
    file: String,
    file_parts: String,
    search_facility: String,
}

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default()
}

pub(super) fn encode_summary(s: &Summary) -> Result<Vec<u8>> {
    let p = &s.participant;
    let packed = Packed {
        id: p.id.as_str().to_string(),
        name_ar: p.name_ar.clone(),
        name_latin: p.name_latin.clone(),
        date_of_birth: days(p.date_of_birth),
        entry_date: days(p.entry_date),
        file_number: p.file_number.clone(),
        facility: p.facility.clone(),
        stage: s.stage,
        stage_since: days(s.stage_since),
        last_interview: s.last_interview.map(days),
        last_activity: s.last_activity.timestamp_micros(),
        next_due: s.next_due.as_ref().map(|d| (days(d.date), d.form_id.clone())),
        next_due_from: s.next_due_from.map(days),
        names: s.search.names.clone(),
        file: s.search.file.clone(),
        file_parts: s.search.file_parts.clone(),
        search_facility: s.search.facility.clone(),
    };
    postcard::to_stdvec(&packed).map_err(|e| Error::Storage { action: "encoding a summary", detail: e.to_string() })
}

pub(super) fn decode_summary(key: &[u8], bytes: &[u8]) -> Result<Summary> {
    let bad =
        |detail: String| Error::BadRecord { what: "summary", id: String::from_utf8_lossy(key).into_owned(), detail };
    let p: Packed = postcard::from_bytes(bytes).map_err(|e| bad(e.to_string()))?;
    let id = Id::from_key(p.id.as_bytes()).ok_or_else(|| bad("its id is not a daftar id".into()))?;
    Ok(Summary {
        participant: Person {
            id,
            name_ar: p.name_ar,
            name_latin: p.name_latin,
            date_of_birth: date(p.date_of_birth),
            entry_date: date(p.entry_date),
            file_number: p.file_number,
            facility: p.facility,
        },
        stage: p.stage,
        stage_since: date(p.stage_since),
        last_interview: p.last_interview.map(date),
        last_activity: chrono::DateTime::from_timestamp_micros(p.last_activity).unwrap_or_default(),
        next_due: p.next_due.map(|(d, form_id)| Due { date: date(d), form_id }),
        next_due_from: p.next_due_from.map(date),
        search: SearchKey { names: p.names, file: p.file, file_parts: p.file_parts, facility: p.search_facility },
    })
}

/// What finalizing `interview` changes in its participant's summary.
pub(super) fn apply_final(summary: &mut Summary, interview: &Interview) {
    let date = interview.shown_date();
    summary.last_interview = Some(summary.last_interview.map_or(date, |d| d.max(date)));
    summary.last_activity = summary.last_activity.max(interview.updated_at);
    // The most recent interview schedules the next, whatever order they were entered in.
    if interview.next_due.is_some() && summary.next_due_from.is_none_or(|from| date >= from) {
        summary.next_due = interview.next_due.clone();
        summary.next_due_from = Some(date);
    }
}

fn apply_stage(summary: &mut Summary, event: &StageEvent) {
    summary.stage = event.stage;
    summary.stage_since = event.date;
    summary.last_activity = summary.last_activity.max(event.recorded_at);
}

/// The stage-change rules of [`crate::domain::stage`], judged on the participant's summary and
/// the caller's `today` (the app's own day, or a command's local date: one clock for the screen
/// and the store): the one place both [`Store::record_stage`] and [`Store::finalize_with_stage`]
/// ask.
fn check_stage_change(summary: &Summary, event: &StageEvent, today: NaiveDate) -> Result<()> {
    crate::domain::stage::check(summary.stage, summary.stage_since, event.stage, event.date, today)
        .map_err(Error::Stage)
}

/// The purpose the file-number blind index is keyed for ([`Sealer::blind`]).
const FILE_NUMBER_PURPOSE: &str = "file number";

/// The key of `file` in the file-number index: its normalised form
/// ([`normalise_file_number`]), blinded on an encrypted store.
pub(super) fn file_number_key(sealer: &Sealer, file: &str) -> Vec<u8> {
    sealer.blind(FILE_NUMBER_PURPOSE, &normalise_file_number(file))
}

/// Gives `file` to participant `id` in the file-number index (`file_numbers`, in a
/// transaction); refused with [`Error::DuplicateFileNumber`] when another participant has it.
pub(super) fn claim_file_number(
    sealer: &Sealer,
    file_numbers: &kv::TxTree<'_>,
    file: &str,
    id: &Id,
) -> std::result::Result<(), TxError> {
    let key = file_number_key(sealer, file);
    if let Some(owner) = file_numbers.get(&key)?
        && owner.as_ref() != id.as_str().as_bytes()
    {
        return Err(abort(Error::DuplicateFileNumber(file.to_string())));
    }
    file_numbers.insert(key, id.as_str().as_bytes())?;
    Ok(())
}

/// Moves participant `id` from file number `old` to `new` in the file-number index
/// (`file_numbers`, in the transaction that changes the participant): refused with
/// [`Error::DuplicateFileNumber`] when another participant has `new` (compared as
/// [`normalise_file_number`] does). `old` is let go only if it is `id`'s.
pub(super) fn move_file_number(
    sealer: &Sealer,
    file_numbers: &kv::TxTree<'_>,
    old: &str,
    new: &str,
    id: &Id,
) -> std::result::Result<(), TxError> {
    let (old_key, new_key) = (file_number_key(sealer, old), file_number_key(sealer, new));
    claim_file_number(sealer, file_numbers, new, id)?;
    if old_key != new_key && file_numbers.get(&old_key)?.is_some_and(|owner| owner.as_ref() == id.as_str().as_bytes()) {
        file_numbers.remove(old_key)?;
    }
    Ok(())
}

/// A summary as the summaries tree keeps it: encoded, then sealed under its participant's id.
pub(super) fn seal_summary(sealer: &Sealer, summary: &Summary) -> Result<Vec<u8>> {
    let id = summary.participant.id.as_str().as_bytes();
    sealer.seal(SUMMARIES, id, encode_summary(summary)?)
}

/// The summary stored under `key` in the summaries tree.
pub(super) fn open_summary(sealer: &Sealer, key: &[u8], stored: &[u8]) -> Result<Summary> {
    decode_summary(key, &sealer.open("summary", SUMMARIES, key, stored)?)
}

pub(super) fn read_summary(sealer: &Sealer, tree: &kv::TxTree<'_>, id: &Id) -> std::result::Result<Summary, TxError> {
    let bytes = tree.get(id.as_str())?.ok_or_else(|| {
        abort(Error::Storage { action: "updating a summary", detail: format!("participant {id} has none") })
    })?;
    open_summary(sealer, id.as_str().as_bytes(), &bytes).map_err(abort)
}

pub(super) fn packed(sealer: &Sealer, summary: &Summary) -> std::result::Result<Vec<u8>, TxError> {
    seal_summary(sealer, summary).map_err(abort)
}

/// Counts writes to the summaries, so a saved copy of them can tell whether it is current.
const GENERATION_KEY: &[u8] = b"summaries-generation";
/// The saved copy of every summary (see [`Store::save_summaries_copy`]): its generation, then
/// its parts.
const COPY_GENERATION: &[u8] = b"copy/generation";
/// Summaries per part of the copy at most: parts `copy/0`, `copy/1`, … until one is missing.
/// Bounded, so that the copy can be written from the summaries tree one part at a time, with
/// memory that does not grow with the register (an import of any size ends by writing it).
/// (Three in unit tests, so that a few participants make several parts.)
const COPY_PART: usize = if cfg!(test) { 3 } else { 20_000 };
/// Bytes of encoded summaries per part of the copy at most (the first bound reached ends a
/// part; about 400 summaries here). Parts of 20,000 summaries (about 3 MB each) were written by
/// sled as values of their own and kept whole in its cache: at the end of an import of
/// 1,000,000 rows the copy took the peak from 231 MB to 384 MB. Parts below sled's inline
/// limit (a quarter of its 512 KB segment) are paged like any other value, and the copy then
/// added nothing to the peak (384,315 rows: 194 MB before it and after it).
const COPY_PART_BYTES: usize = 64 << 10;
/// At most this many threads decode the copy's parts.
const COPY_THREADS: usize = 4;

fn copy_key(part: usize) -> String {
    format!("copy/{part}")
}

/// One part of the copy: the encoded summaries, as postcard writes a list of byte strings.
fn encode_copy_part<B: AsRef<[u8]>>(summaries: &[B]) -> Result<Vec<u8>> {
    let slices: Vec<&[u8]> = summaries.iter().map(AsRef::as_ref).collect();
    postcard::to_stdvec(&slices)
        .map_err(|e| Error::Storage { action: "saving the summaries copy", detail: e.to_string() })
}

/// Gathers encoded summaries into the copy's parts (at most [`COPY_PART`] summaries and
/// about [`COPY_PART_BYTES`] bytes each), one part held at a time.
struct CopyParts<B> {
    part: Vec<B>,
    bytes: usize,
    made: usize,
}

impl<B: AsRef<[u8]>> CopyParts<B> {
    fn new() -> Self {
        CopyParts { part: Vec::new(), bytes: 0, made: 0 }
    }

    /// Adds one encoded summary; gives the key and bytes of a part once it is full.
    fn push(&mut self, summary: B) -> Result<Option<(String, Vec<u8>)>> {
        self.bytes += summary.as_ref().len();
        self.part.push(summary);
        if self.part.len() >= COPY_PART || self.bytes >= COPY_PART_BYTES { self.take() } else { Ok(None) }
    }

    /// The last part, if any summary is left.
    fn finish(&mut self) -> Result<Option<(String, Vec<u8>)>> {
        if self.part.is_empty() { Ok(None) } else { self.take() }
    }

    fn take(&mut self) -> Result<Option<(String, Vec<u8>)>> {
        let encoded = encode_copy_part(&self.part)?;
        self.part.clear();
        self.bytes = 0;
        self.made += 1;
        Ok(Some((copy_key(self.made - 1), encoded)))
    }
}

pub(super) fn bump(meta: &kv::TxTree<'_>) -> std::result::Result<(), TxError> {
    let now =
        meta.get(GENERATION_KEY)?.and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok()).map_or(0, u64::from_be_bytes);
    meta.insert(GENERATION_KEY, &(now + 1).to_be_bytes())?;
    Ok(())
}

impl Store {
    pub(super) fn index_is_current(&self) -> Result<bool> {
        let stored = self.meta.get(INDEX_KEY).map_err(storage("reading the index format"))?;
        Ok(stored.as_deref() == Some(&INDEX_FORMAT.to_be_bytes()[..]))
    }

    /// Every participant's summary, in no particular order. Read at every start: the records
    /// are decoded on two threads once read.
    pub fn summaries(&self) -> Result<Vec<Summary>> {
        if let Some(copy) = self.summaries_copy()? {
            return Ok(copy);
        }
        self.summaries_from_tree()
    }

    /// Every summary as the summaries tree holds it, never the copy: for checks that must
    /// see the store as it is (duplicates on registration and import).
    pub fn summaries_from_tree(&self) -> Result<Vec<Summary>> {
        let sealer = self.sealer()?;
        let raw: Vec<(sled::IVec, sled::IVec)> =
            self.summaries.iter().collect::<std::result::Result<_, _>>().map_err(storage("reading summaries"))?;
        let decode_all = |part: &[(sled::IVec, sled::IVec)]| -> Result<Vec<Summary>> {
            part.iter().map(|(key, bytes)| open_summary(&sealer, key, bytes)).collect()
        };
        if raw.len() < 20_000 {
            return decode_all(&raw);
        }
        let (first, second) = raw.split_at(raw.len() / 2);
        std::thread::scope(|scope| {
            let later = scope.spawn(|| decode_all(second));
            let mut out = decode_all(first)?;
            let rest = later.join().map_err(|_| Error::Storage {
                action: "reading summaries",
                detail: "a decoding thread failed".into(),
            })??;
            out.extend(rest);
            Ok(out)
        })
    }

    fn generation(&self) -> Result<u64> {
        let bytes = self.meta.get(GENERATION_KEY).map_err(storage("reading the summaries generation"))?;
        Ok(bytes.and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok()).map_or(0, u64::from_be_bytes))
    }

    /// Saves every summary as a few large values, which read back far faster than 100,000 small
    /// ones: Daftar does it when it quits, with the summaries it holds (which it kept equal to
    /// the store's). The copy is used at the next start only if no summary was written since.
    pub fn save_summaries_copy(&self, summaries: &[Summary]) -> Result<()> {
        let _write = self.gate.enter()?;
        self.write_summaries_copy(summaries)
    }

    /// [`Store::save_summaries_copy`] without the gate, for the caller that holds it.
    fn write_summaries_copy(&self, summaries: &[Summary]) -> Result<()> {
        let sealer = self.sealer()?;
        let generation = self.generation()?;
        let mut batch = kv::Batch::default();
        let mut parts = CopyParts::new();
        for summary in summaries {
            if let Some((key, part)) = parts.push(encode_summary(summary)?)? {
                batch.insert(key.as_bytes(), sealer.seal(CACHE, key.as_bytes(), part)?);
            }
        }
        if let Some((key, part)) = parts.finish()? {
            batch.insert(key.as_bytes(), sealer.seal(CACHE, key.as_bytes(), part)?);
        }
        for i in self.stale_copy_parts(parts.made)? {
            batch.remove(copy_key(i).as_bytes());
        }
        batch.insert(COPY_GENERATION, &generation.to_be_bytes());
        self.cache.apply_batch(batch).map_err(storage("saving the summaries copy"))?;
        self.flush()
    }

    /// Saves the copy of the summaries (see [`Store::save_summaries_copy`]) straight from the
    /// summaries tree, one part at a time, without decoding them: memory holds one part,
    /// whatever the size of the register. For the end of an import, which holds no summaries.
    pub fn save_summaries_copy_from_tree(&self) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let sealer = self.sealer()?;
        let generation = self.generation()?;
        // The old copy stops being trusted before any part changes; sled recovers a prefix of
        // its log, so a copy cut short is never taken for a whole one.
        self.cache.remove(COPY_GENERATION).map_err(storage("saving the summaries copy"))?;
        let mut parts: CopyParts<zeroize::Zeroizing<Vec<u8>>> = CopyParts::new();
        let save = |key: String, part: Vec<u8>| -> Result<()> {
            let sealed = sealer.seal(CACHE, key.as_bytes(), part)?;
            self.cache.insert(key.as_bytes(), sealed).map_err(storage("saving the summaries copy"))?;
            Ok(())
        };
        for item in self.summaries.iter() {
            let (key, bytes) = item.map_err(storage("reading summaries"))?;
            if let Some((key, part)) = parts.push(sealer.open("summary", SUMMARIES, &key, &bytes)?)? {
                save(key, part)?;
            }
        }
        if let Some((key, part)) = parts.finish()? {
            save(key, part)?;
        }
        for i in self.stale_copy_parts(parts.made)? {
            self.cache.remove(copy_key(i).as_bytes()).map_err(storage("saving the summaries copy"))?;
        }
        self.cache.insert(COPY_GENERATION, &generation.to_be_bytes()).map_err(storage("saving the summaries copy"))?;
        self.flush()
    }

    /// The parts of an earlier copy from part `from` on, which a copy of `from` parts replaces.
    fn stale_copy_parts(&self, from: usize) -> Result<Vec<usize>> {
        let mut stale = Vec::new();
        for i in from.. {
            if !self.cache.contains_key(copy_key(i).as_bytes()).map_err(storage("reading the summaries copy"))? {
                break;
            }
            stale.push(i);
        }
        Ok(stale)
    }

    /// The saved copy of the summaries, if it is current.
    pub(super) fn summaries_copy(&self) -> Result<Option<Vec<Summary>>> {
        let sealer = self.sealer()?;
        let saved = self.cache.get(COPY_GENERATION).map_err(storage("reading the summaries copy"))?;
        let saved = saved.and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok()).map(u64::from_be_bytes);
        if saved != Some(self.generation()?) {
            return Ok(None);
        }
        let mut parts: Vec<(String, sled::IVec)> = Vec::new();
        loop {
            let key = copy_key(parts.len());
            match self.cache.get(&key).map_err(storage("reading the summaries copy"))? {
                Some(part) => parts.push((key, part)),
                None => break,
            }
        }
        let decode_part = |(key, sealed): &(String, sled::IVec)| -> Result<Vec<Summary>> {
            let bytes = sealer.open("summaries copy", CACHE, key.as_bytes(), sealed)?;
            let encoded: Vec<Vec<u8>> = postcard::from_bytes(&bytes).map_err(|e| Error::BadRecord {
                what: "summaries copy",
                id: "copy".into(),
                detail: e.to_string(),
            })?;
            encoded.iter().map(|b| decode_summary(b"copy", b)).collect()
        };
        let decode_parts = |parts: &[(String, sled::IVec)]| -> Result<Vec<Summary>> {
            let mut out = Vec::new();
            for part in parts {
                out.extend(decode_part(part)?);
            }
            Ok(out)
        };
        let per_thread = parts.len().div_ceil(COPY_THREADS).max(1);
        let decoded: Vec<Result<Vec<Summary>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts.chunks(per_thread).map(|p| scope.spawn(move || decode_parts(p))).collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::Storage { action: "reading the summaries copy", detail: "a thread failed".into() })
                    })
                })
                .collect()
        });
        let mut out = Vec::new();
        for part in decoded {
            match part {
                Ok(list) => out.extend(list),
                // A damaged copy is only a slower start.
                Err(_) => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    pub fn summary(&self, id: &Id) -> Result<Option<Summary>> {
        match self.summaries.get(id.as_str()).map_err(storage("reading a summary"))? {
            None => Ok(None),
            Some(bytes) => open_summary(&self.sealer()?, id.as_str().as_bytes(), &bytes).map(Some),
        }
    }

    /// Saves a new participant, refusing one the domain's rules refuse on `today` (see
    /// [`check_participant`]) and a file number that is already registered (compared as
    /// [`crate::domain::file_number_key`] does).
    pub fn register(&self, participant: &Participant, today: NaiveDate) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        // One lookup in the file-number index (asked again inside the transaction that writes).
        if let Some(owner) = self.file_number_owner(&participant.file_number)?
            && owner != participant.id
        {
            return Err(Error::DuplicateFileNumber(participant.file_number.clone()));
        }
        check_participant(participant, today)?;
        let event = registered(participant);
        self.insert_participants(std::slice::from_ref(participant), Some(event))?;
        self.flush()
    }

    /// The participant the file-number index gives `file` to (compared as
    /// [`normalise_file_number`] does), if any: one lookup, never a scan.
    pub(super) fn file_number_owner(&self, file: &str) -> Result<Option<Id>> {
        let key = file_number_key(&self.sealer()?, file);
        let owner = self.file_numbers.get(key).map_err(storage("reading the file-number index"))?;
        Ok(owner.and_then(|id| Id::from_key(&id)))
    }

    /// Writes participants, their summaries and their file numbers in the file-number index
    /// in one transaction; a file number another participant has is refused
    /// ([`claim_file_number`]), and nothing is written.
    /// With `event`, its audit entry in the same transaction.
    pub(super) fn insert_participants(&self, participants: &[Participant], event: Option<AuditEvent>) -> Result<()> {
        let sealer = self.sealer()?;
        let mut records = kv::Batch::default();
        let mut summaries = kv::Batch::default();
        for p in participants {
            let key = p.id.as_str().as_bytes();
            records.insert(key, seal_record(&sealer, super::PARTICIPANTS, key, p)?);
            summaries.insert(key, seal_summary(&sealer, &new_summary(p))?);
        }
        let audit = event.map(|e| self.audit_for(e)).transpose()?;
        let trees = [&self.participants, &self.summaries, &self.file_numbers, &self.meta, &self.audit];
        let r = kv::transaction(trees, |[records_tx, summaries_tx, file_numbers, meta, audit_tx]| {
            for p in participants {
                claim_file_number(&sealer, file_numbers, &p.file_number, &p.id)?;
            }
            records_tx.apply_batch(&records)?;
            summaries_tx.apply_batch(&summaries)?;
            if let Some((key, event, at)) = &audit {
                audit::append(audit_tx, meta, key, event, *at)?;
            }
            bump(meta)
        });
        tx_result("saving participants", r)
    }

    /// Every interview of a participant, drafts and finals together.
    pub fn interviews_of(&self, participant: &Id) -> Result<Vec<Interview>> {
        let sealer = self.sealer()?;
        let mut out = Vec::new();
        for item in self.by_participant.scan_prefix(participant.as_str()) {
            let (key, mark) = item.map_err(storage("reading interviews"))?;
            let Some(id) = key.get(32..).and_then(Id::from_key) else { continue };
            let mark = sealer.open("interview entry", BY_PARTICIPANT, &key, &mark)?;
            let (tree, name, what) = if mark.as_slice() == DRAFT {
                (&self.drafts, DRAFTS, "draft")
            } else {
                (&self.interviews, INTERVIEWS, "interview")
            };
            if let Some(found) = read_one::<Interview>(&sealer, tree, name, what, &id)? {
                out.push(found);
            }
        }
        Ok(out)
    }

    /// Writes a draft and flushes it to disk before returning.
    pub fn save_draft(&self, draft: &Interview) -> Result<()> {
        let _write = self.gate.enter()?;
        self.write_draft(draft)
    }

    /// [`Store::save_draft`] without the gate, for the caller that holds it.
    pub(super) fn write_draft(&self, draft: &Interview) -> Result<()> {
        self.refuse_injected_write()?;
        if draft.status != Status::Draft {
            return Err(Error::Storage { action: "saving a draft", detail: "interview is final".into() });
        }
        let sealer = self.sealer()?;
        let key = draft.id.as_str().as_bytes();
        let bytes = seal_record(&sealer, DRAFTS, key, draft)?;
        let (entry_key, entry) = by_participant_entry(&sealer, &draft.participant_id, &draft.id, Status::Draft)?;
        let now = chrono::Utc::now();
        let hold = self.hold_row(now);
        // A discarded draft leaves its tombstone as the first version of its id.
        let tombstone = super::versions::version_key(&draft.id, 1);
        // A draft changes no summary: a participant's activity is their registration, finalized
        // interviews and stage changes, so that the summaries (read in full at start) only
        // change on those.
        let r = kv::transaction(
            [&self.interviews, &self.drafts, &self.by_participant, &self.versions, &self.holds],
            |[interviews, drafts, by_participant, versions, holds]| {
                if interviews.get(key)?.is_some() {
                    return Err(abort(Error::Storage {
                        action: "saving a draft",
                        detail: format!("interview {} is already final", draft.id),
                    }));
                }
                // Discarded in another session meanwhile: it is not brought back.
                if versions.get(tombstone.as_bytes())?.is_some() {
                    return Err(abort(Error::DraftDiscarded));
                }
                super::holds::claim(holds, &draft.id, hold.as_ref(), now)?;
                drafts.insert(key, bytes.as_slice())?;
                by_participant.insert(entry_key.as_slice(), entry.as_slice())?;
                Ok(())
            },
        );
        self.name_the_holder(tx_result("saving a draft", r))?;
        self.flush()
    }

    /// Writes the final interview and removes its draft in one transaction, with what it
    /// changes in the participant's summary and the session statistics; then flushes.
    pub fn finalize(&self, interview: &Interview) -> Result<()> {
        self.finalize_and_stage(interview, None).map(|_| ())
    }

    /// As [`Store::finalize`], and records `stage`, the change of stage the interview's form
    /// declares, in the same transaction: both are written or neither is. The change's `from`
    /// is the participant's stage as the transaction reads it. A change the stage rules refuse
    /// (see [`check_stage_change`]) aborts the whole transaction with [`Error::Stage`], the
    /// draft left as it was. Returns the stage change as recorded.
    /// The stage change is judged on `today`, the caller's day.
    pub fn finalize_with_stage(
        &self,
        interview: &Interview,
        stage: Option<&StageEvent>,
        today: NaiveDate,
    ) -> Result<Option<StageEvent>> {
        self.finalize_and_stage(interview, stage.map(|event| (event, today)))
    }

    fn finalize_and_stage(
        &self,
        interview: &Interview,
        stage: Option<(&StageEvent, NaiveDate)>,
    ) -> Result<Option<StageEvent>> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        if interview.status != Status::Final {
            return Err(Error::Storage { action: "finalizing", detail: "interview is not final".into() });
        }
        let sealer = self.sealer()?;
        let key = interview.id.as_str().as_bytes();
        let bytes = seal_record(&sealer, INTERVIEWS, key, interview)?;
        let (entry_key, entry) =
            by_participant_entry(&sealer, &interview.participant_id, &interview.id, Status::Final)?;
        let session = interview.measures.session_axis.as_deref().map(|axis| (axis, interview.shown_date()));
        if let Some((event, _)) = stage
            && event.participant_id != interview.participant_id
        {
            return Err(Error::Storage {
                action: "finalizing an interview",
                detail: "the stage change is for another participant".into(),
            });
        }
        let (audit_key, finalized, at) = self.audit_for(finalized(interview))?;
        let finalized = finalized.or_by(interview.interviewer.account());
        let actor = self.actor();
        let now = chrono::Utc::now();
        let hold = self.hold_row(now);
        let trees = [
            &self.interviews,
            &self.drafts,
            &self.by_participant,
            &self.summaries,
            &self.stats,
            &self.meta,
            &self.stages,
            &self.audit,
            &self.holds,
        ];
        let r = kv::transaction(
            trees,
            |[interviews, drafts, by_participant, summaries, stats, meta, stages, audit_tx, holds]| {
                if interviews.get(key)?.is_some() {
                    return Err(abort(Error::Storage {
                        action: "finalizing an interview",
                        detail: format!("interview {} is already final", interview.id),
                    }));
                }
                super::holds::claim_and_let_go(holds, &interview.id, hold.as_ref(), now)?;
                let mut summary = read_summary(&sealer, summaries, &interview.participant_id)?;
                // The rules are judged on the summary this transaction reads, before anything
                // is written: a refused change leaves the draft and the record untouched.
                let recorded = match stage {
                    None => None,
                    Some((event, today)) => {
                        let event = StageEvent { from: summary.stage, ..event.clone() };
                        check_stage_change(&summary, &event, today).map_err(abort)?;
                        Some(event)
                    }
                };
                interviews.insert(key, bytes.as_slice())?;
                drafts.remove(key)?;
                by_participant.insert(entry_key.as_slice(), entry.as_slice())?;
                apply_final(&mut summary, interview);
                if let Some(event) = &recorded {
                    let key = pair(&event.participant_id, &event.id);
                    stages.insert(key.as_slice(), seal_record(&sealer, STAGES, &key, event).map_err(abort)?)?;
                    apply_stage(&mut summary, event);
                }
                summaries.insert(interview.participant_id.as_str(), packed(&sealer, &summary)?)?;
                if let Some((axis, date)) = session {
                    count_session(&sealer, stats, axis, date, 1)?;
                }
                super::review::index_review(&sealer, stats, &super::review::submitted_at_finalizing(interview))?;
                audit::append(audit_tx, meta, &audit_key, &finalized, at)?;
                if let Some(event) = &recorded {
                    let staged = stage_changed(event).by(actor.as_ref().or(event.interviewer.account()));
                    audit::append(audit_tx, meta, &audit_key, &staged, at)?;
                }
                bump(meta)?;
                Ok(recorded)
            },
        );
        let recorded = self.name_the_holder(tx_result("finalizing an interview", r))?;
        self.flush()?;
        Ok(recorded)
    }

    /// A participant's stage changes, oldest first.
    pub fn stages_of(&self, participant: &Id) -> Result<Vec<StageEvent>> {
        let sealer = self.sealer()?;
        let mut events = Vec::new();
        for item in self.stages.scan_prefix(participant.as_str()) {
            let (key, bytes) = item.map_err(storage("reading stage changes"))?;
            events.push(open_record::<StageEvent>(&sealer, STAGES, "stage change", &key, &bytes)?);
        }
        events.sort_by_key(|e| (e.date, e.recorded_at));
        Ok(events)
    }

    /// Records a change of stage and updates the participant's summary, in one transaction.
    /// The change must be one [`crate::domain::stage::check`] allows on `today`, the caller's day.
    pub fn record_stage(&self, event: &StageEvent, today: NaiveDate) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let summary = self.summary(&event.participant_id)?.ok_or_else(|| Error::Storage {
            action: "recording a stage",
            detail: format!("participant {} is not in the store", event.participant_id),
        })?;
        check_stage_change(&summary, event, today)?;
        let sealer = self.sealer()?;
        let key = pair(&event.participant_id, &event.id);
        let bytes = seal_record(&sealer, STAGES, &key, event)?;
        let (audit_key, staged, at) = self.audit_for(stage_changed(event).by(event.interviewer.account()))?;
        let trees = [&self.stages, &self.summaries, &self.meta, &self.audit];
        let r = kv::transaction(trees, |[stages, summaries, meta, audit_tx]| {
            stages.insert(key.as_slice(), bytes.as_slice())?;
            let mut summary = read_summary(&sealer, summaries, &event.participant_id)?;
            apply_stage(&mut summary, event);
            summaries.insert(event.participant_id.as_str(), packed(&sealer, &summary)?)?;
            audit::append(audit_tx, meta, &audit_key, &staged, at)?;
            bump(meta)
        });
        tx_result("recording a stage", r)?;
        self.flush()
    }

    /// Sessions recorded per axis and month: (axis, year, month, count), in key order.
    pub fn session_counts(&self) -> Result<Vec<(String, i32, u32, u64)>> {
        let stored = self.stats.get(SESSIONS_KEY).map_err(storage("reading statistics"))?;
        let counts = SessionCounts::open(&self.sealer()?, stored.as_deref())?;
        Ok(counts.counts.into_iter().map(|((axis, y, m), count)| (axis, y, m, count)).collect())
    }

    /// Writes records in bulk, without their derived data and without a flush per record: for
    /// loading generated or restored data. Call [`Store::rebuild_index`] afterwards.
    pub fn bulk_insert(
        &self,
        participants: &[Participant],
        interviews: &[Interview],
        stages: &[StageEvent],
    ) -> Result<()> {
        let _write = self.gate.enter()?;
        let sealer = self.sealer()?;
        let mut batch = kv::Batch::default();
        for p in participants {
            let key = p.id.as_str().as_bytes();
            batch.insert(key, seal_record(&sealer, super::PARTICIPANTS, key, p)?);
        }
        self.participants.apply_batch(batch).map_err(storage("loading participants"))?;
        let (mut finals, mut drafts) = (kv::Batch::default(), kv::Batch::default());
        for i in interviews {
            let key = i.id.as_str().as_bytes();
            let (target, tree) =
                if i.status == Status::Final { (&mut finals, INTERVIEWS) } else { (&mut drafts, DRAFTS) };
            target.insert(key, seal_record(&sealer, tree, key, i)?);
        }
        self.interviews.apply_batch(finals).map_err(storage("loading interviews"))?;
        self.drafts.apply_batch(drafts).map_err(storage("loading interviews"))?;
        let mut batch = kv::Batch::default();
        for e in stages {
            let key = pair(&e.participant_id, &e.id);
            batch.insert(key.as_slice(), seal_record(&sealer, STAGES, &key, e)?);
        }
        self.stages.apply_batch(batch).map_err(storage("loading stage changes"))?;
        Ok(())
    }

    /// Every participant in the store that today's rules refuse ([`participant_problems`]),
    /// with its problems, oldest registration first: records written by an earlier Daftar with
    /// looser rules. They stay in the store and in its export (nothing is dropped); an import
    /// refuses them by line until they are corrected.
    pub fn rule_breakers(&self, today: NaiveDate) -> Result<Vec<(Participant, RuleProblems)>> {
        let mut all = self.participants()?;
        all.sort_by(|a, b| a.registered_at.cmp(&b.registered_at).then(a.id.cmp(&b.id)));
        Ok(all
            .into_iter()
            .filter_map(|p| {
                let problems = participant_problems(&p, today);
                (!problems.is_empty()).then_some((p, problems))
            })
            .collect())
    }

    /// Recomputes every derived tree from the records: summaries, the interviews of each
    /// participant, session statistics. Run on open when the index is from another layout, and
    /// by `daftar index rebuild`.
    pub fn rebuild_index(&self) -> Result<()> {
        let _write = self.gate.enter()?;
        let sealer = self.sealer()?;
        // Everything is read and decoded before anything is cleared: an unreadable record
        // stops the rebuild with the old index intact.
        let mut participants = self.participants()?;
        // Of two participants with one file number (only an earlier Daftar let that happen),
        // the index gives it to the first registered.
        participants.sort_by(|a, b| b.registered_at.cmp(&a.registered_at).then(b.id.cmp(&a.id)));
        let mut file_numbers = kv::Batch::default();
        for p in &participants {
            file_numbers.insert(file_number_key(&sealer, &p.file_number), p.id.as_str().as_bytes());
        }
        let mut summaries: std::collections::HashMap<Id, Summary> =
            participants.iter().map(|p| (p.id.clone(), new_summary(p))).collect();
        drop(participants);
        let stages: Vec<StageEvent> = read_all(&sealer, &self.stages, STAGES, "stage change")?;
        // A voided change stays stored and no longer counts.
        let mut counted = Vec::with_capacity(stages.len());
        for event in stages {
            if !self.is_voided(&event)? {
                counted.push(event);
            }
        }
        let mut stages = counted;
        stages.sort_by_key(|e| (e.date, e.recorded_at));
        for event in &stages {
            if let Some(s) = summaries.get_mut(&event.participant_id) {
                apply_stage(s, event);
            }
        }
        let mut by_participant = kv::Batch::default();
        for draft in read_all::<Interview>(&sealer, &self.drafts, DRAFTS, "draft")? {
            let (key, entry) = by_participant_entry(&sealer, &draft.participant_id, &draft.id, Status::Draft)?;
            by_participant.insert(key, entry);
        }
        let mut finals: Vec<Interview> = read_all(&sealer, &self.interviews, INTERVIEWS, "interview")?;
        finals.sort_by_key(|i| (i.finalized_at, i.updated_at));
        let review_entries = super::review::rebuilt_entries(&self.sealer()?, &self.all_reviews(&finals)?)?;
        // From here the index is being rewritten: marked stale first (and the copy with it), so
        // that a crash part-way leads to a rebuild at the next open, not to a half index.
        self.meta.remove(INDEX_KEY).map_err(storage("rebuilding the index"))?;
        let generation = self.generation()? + 1;
        self.meta.insert(GENERATION_KEY, &generation.to_be_bytes()).map_err(storage("rebuilding the index"))?;
        self.flush()?;
        for tree in [&self.summaries, &self.by_participant, &self.stats, &self.file_numbers] {
            tree.clear().map_err(storage("clearing the index"))?;
        }
        let mut sessions = SessionCounts::default();
        for interview in &finals {
            let (key, entry) = by_participant_entry(&sealer, &interview.participant_id, &interview.id, Status::Final)?;
            by_participant.insert(key, entry);
            if let Some(s) = summaries.get_mut(&interview.participant_id) {
                apply_final(s, interview);
            }
            if let Some(axis) = &interview.measures.session_axis {
                sessions.add(axis, interview.shown_date(), 1);
            }
        }
        self.by_participant.apply_batch(by_participant).map_err(storage("rebuilding the index"))?;
        self.file_numbers.apply_batch(file_numbers).map_err(storage("rebuilding the index"))?;
        let mut batch = kv::Batch::default();
        for (id, summary) in &summaries {
            batch.insert(id.as_str(), seal_summary(&sealer, summary)?);
        }
        self.summaries.apply_batch(batch).map_err(storage("rebuilding the index"))?;
        let mut batch = kv::Batch::default();
        // None written when there is none: an empty store given its first administrator (and
        // its key) must not keep a value from before its key.
        if !sessions.counts.is_empty() {
            batch.insert(SESSIONS_KEY, sessions.seal(&sealer)?);
        }
        for (key, value) in review_entries {
            batch.insert(key, value);
        }
        self.stats.apply_batch(batch).map_err(storage("rebuilding the index"))?;
        // The index is current again together with the entry that says it was rebuilt.
        let event = AuditEvent::new(AuditAction::IndexRebuilt).set("participants", summaries.len().to_string());
        let (audit_key, event, at) = self.audit_for(event)?;
        let r = kv::transaction([&self.meta, &self.audit], |[meta, audit_tx]| {
            meta.insert(INDEX_KEY, &INDEX_FORMAT.to_be_bytes())?;
            audit::append(audit_tx, meta, &audit_key, &event, at)?;
            Ok(())
        });
        tx_result("rebuilding the index", r)?;
        let all: Vec<Summary> = summaries.into_values().collect();
        self.write_summaries_copy(&all)
    }
}

#[cfg(test)]
mod copy_parts {
    use super::{COPY_PART_BYTES, CopyParts};

    #[test]
    fn a_part_of_the_summaries_copy_ends_at_its_byte_bound() {
        // Two summaries over half the bound each: the second ends the part, before the count
        // of summaries per part (three in tests) is reached.
        let big = vec![7u8; COPY_PART_BYTES / 2 + 1];
        let mut parts = CopyParts::new();
        assert!(parts.push(big.clone()).unwrap().is_none());
        let (key, part) = parts.push(big.clone()).unwrap().expect("a full part");
        assert_eq!(key, "copy/0");
        let back: Vec<Vec<u8>> = postcard::from_bytes(&part).unwrap();
        assert_eq!(back, vec![big.clone(), big.clone()]);
        assert!(parts.finish().unwrap().is_none(), "nothing is left over");
        assert!(parts.push(vec![1]).unwrap().is_none());
        let (key, part) = parts.finish().unwrap().expect("the last part");
        assert_eq!(key, "copy/1");
        assert_eq!(postcard::from_bytes::<Vec<Vec<u8>>>(&part).unwrap(), vec![vec![1u8]]);
        assert_eq!(parts.made, 2);
    }
}

#[cfg(test)]
mod sealed {
    use super::super::tests::{final_interview, participant, today};
    use super::*;
    use crate::store::KeyProblem;

    /// A new encrypted store, its key held, as the first run makes it.
    fn encrypted(dir: &tempfile::TempDir) -> Store {
        let pw = secrecy::SecretString::from("lantern orchard 7 river".to_string());
        Store::create_with_admin(&dir.path().join("s"), "samira", "Samira", &pw, &pw, chrono::Utc::now()).unwrap().0
    }

    fn stage(p: &Participant, reason: &str) -> StageEvent {
        StageEvent {
            format: super::super::RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from: Stage::Intake,
            stage: Stage::InProgramme,
            date: p.entry_date,
            reason: reason.into(),
            interviewer: super::super::Author::BeforeAccounts("S".into()),
            recorded_at: chrono::Utc::now(),
        }
    }

    /// Whether `needle` is anywhere in the keys or values of `tree` as sled holds them.
    fn shows(tree: &super::super::kv::Tree, needle: &[u8]) -> bool {
        tree.iter().any(|item| {
            let (k, v) = item.unwrap();
            [k.as_ref(), v.as_ref()].iter().any(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        })
    }

    #[test]
    fn every_record_tree_is_sealed_on_an_encrypted_store_and_reads_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = encrypted(&dir);
        let mut p = participant("F-2024/0153");
        p.name_latin = "Zaynab Haddad".into();
        store.register(&p, today()).unwrap();
        let mut draft = final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        draft.status = Status::Draft;
        draft.finalized_at = None;
        draft.answers.insert("notes".into(), super::super::Answer::Text("Tangier cousin".into()));
        store.save_draft(&draft).unwrap();
        let mut done = final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        done.measures.session_axis = Some("self".into());
        done.answers.insert("notes".into(), super::super::Answer::Text("Tangier cousin".into()));
        store.finalize(&done).unwrap();
        let event = stage(&p, "Transferred from Kenitra");
        store.record_stage(&event, today()).unwrap();

        for (tree, name) in [
            (&store.participants, "participants"),
            (&store.interviews, "interviews"),
            (&store.drafts, "drafts"),
            (&store.stages, "stages"),
            (&store.by_participant, "by_participant"),
            (&store.stats, "stats"),
            (&store.file_numbers, "file_numbers"),
        ] {
            for needle in ["Zaynab", "Salé", "0153", "Tangier", "Kenitra", "2026-11", "sessions/"] {
                assert!(!shows(tree, needle.as_bytes()), "{needle} in {name}");
            }
        }
        assert!(!shows(&store.by_participant, FINAL) || store.by_participant.iter().all(|i| i.unwrap().1.len() > 1));
        // …and everything reads back as it was written.
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), p);
        assert_eq!(store.draft(&draft.id).unwrap().unwrap(), draft);
        assert_eq!(store.interview(&done.id).unwrap().unwrap(), done);
        assert_eq!(store.interviews_of(&p.id).unwrap().len(), 2);
        assert_eq!(store.stages_of(&p.id).unwrap(), vec![event]);
        assert_eq!(store.session_counts().unwrap(), vec![("self".to_string(), 2026, 11, 1)]);
        store.rebuild_index().unwrap();
        assert_eq!(store.session_counts().unwrap(), vec![("self".to_string(), 2026, 11, 1)], "the rebuild agrees");
        assert_eq!(store.interviews_of(&p.id).unwrap().len(), 2);
        assert!(!shows(&store.stats, b"2026-11") && !shows(&store.file_numbers, b"0153"));
        assert_eq!(store.file_number_owner("f-0153").unwrap(), None);
        assert_eq!(store.file_number_owner(" f-٢٠٢٤/٠١٥٣ ").unwrap(), Some(p.id.clone()));
    }

    #[test]
    fn a_value_moved_to_another_record_is_refused_by_name_and_the_rest_reads() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = encrypted(&dir);
        let (a, b) = (participant("F-1"), participant("F-2"));
        store.register(&a, today()).unwrap();
        store.register(&b, today()).unwrap();
        let (ia, ib) =
            (final_interview(&a, (2026, 11, 1), (2026, 12, 1)), final_interview(&b, (2026, 11, 2), (2026, 12, 2)));
        store.finalize(&ia).unwrap();
        store.finalize(&ib).unwrap();
        let (sa, sb) = (stage(&a, ""), stage(&b, ""));
        store.record_stage(&sa, today()).unwrap();
        store.record_stage(&sb, today()).unwrap();
        let altered = |r: Result<_>, what: &str, id: &str| match r {
            Err(Error::Key(KeyProblem::Altered { what: w, id: i })) => {
                assert_eq!((w, i.as_str()), (what, id));
            }
            Err(other) => panic!("{what}: {other:?}"),
            Ok(_) => panic!("{what}: the moved value was taken"),
        };
        // a's participant record put under b's key.
        let moved = store.participants.get(a.id.as_str()).unwrap().unwrap();
        store.participants.insert(b.id.as_str(), moved).unwrap();
        altered(store.participant(&b.id).map(|_| ()), "participant", b.id.as_str());
        assert_eq!(store.participant(&a.id).unwrap().unwrap(), a);
        // a's interview under b's.
        let moved = store.interviews.get(ia.id.as_str()).unwrap().unwrap();
        store.interviews.insert(ib.id.as_str(), moved).unwrap();
        altered(store.interview(&ib.id).map(|_| ()), "interview", ib.id.as_str());
        assert_eq!(store.interview(&ia.id).unwrap().unwrap(), ia);
        assert_eq!(store.interviews_of(&a.id).unwrap(), vec![ia.clone()]);
        // a's stage change under b's key.
        let moved = store.stages.get(pair(&a.id, &sa.id)).unwrap().unwrap();
        let b_key = pair(&b.id, &sb.id);
        store.stages.insert(b_key.as_slice(), moved).unwrap();
        altered(store.stages_of(&b.id).map(|_| ()), "stage change", &String::from_utf8_lossy(&b_key));
        assert_eq!(store.stages_of(&a.id).unwrap(), vec![sa]);
        // a's interview entry under b's participant.
        let entry = store.by_participant.get(pair(&a.id, &ia.id)).unwrap().unwrap();
        store.by_participant.insert(pair(&b.id, &ia.id), entry).unwrap();
        assert!(matches!(store.interviews_of(&b.id), Err(Error::Key(KeyProblem::Altered { .. }))));
        assert_eq!(store.summaries().unwrap().len(), 2, "the summaries still read");
    }

    fn refuses_a_file_number_typed_differently(store: &Store) {
        store.register(&participant("f-0153"), today()).unwrap();
        // The check asks the index, not the summaries: without them it still refuses.
        store.summaries.clear().unwrap();
        let err = store.register(&participant("F-٠١٥٣"), today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
        let err = store.import_participants(&[participant("F-۰۱۵۳")], today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
        store.register(&participant("F-0154"), today()).unwrap();
    }

    #[test]
    fn the_duplicate_check_asks_the_blind_index_on_an_encrypted_store() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = encrypted(&dir);
        refuses_a_file_number_typed_differently(&store);
        assert!(!shows(&store.file_numbers, b"0153"), "the index is blind");
    }

    #[test]
    fn the_duplicate_check_asks_the_index_on_a_plain_store() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        refuses_a_file_number_typed_differently(&store);
    }

    #[test]
    fn a_file_number_moves_in_the_index_unless_another_has_it() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = encrypted(&dir);
        let (a, b) = (participant("F-1"), participant("F-2"));
        store.register(&a, today()).unwrap();
        store.register(&b, today()).unwrap();
        let sealer = store.sealer().unwrap();
        let moved = |old: &str, new: &str, id: &Id| {
            tx_result(
                "test",
                kv::transaction([&store.file_numbers], |[tx]| move_file_number(&sealer, tx, old, new, id)),
            )
        };
        assert!(matches!(moved("F-1", "f-2", &a.id), Err(Error::DuplicateFileNumber(_))));
        assert_eq!(store.file_number_owner("F-1").unwrap(), Some(a.id.clone()), "a refused move changes nothing");
        moved("F-1", "F-3", &a.id).unwrap();
        assert_eq!(store.file_number_owner("F-1").unwrap(), None);
        assert_eq!(store.file_number_owner("f-3").unwrap(), Some(a.id.clone()));
        moved("F-3", "F-3", &a.id).unwrap();
        assert_eq!(store.file_number_owner("F-3").unwrap(), Some(a.id.clone()));
    }
}
