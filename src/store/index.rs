//! Writing participants, interviews and stage changes together with the derived data that
//! makes a large store fast to read: a summary per participant (home list, search, due
//! dates), the ids of each participant's interviews, and session counts per axis and month.
//! Each write and its derived data go in one sled transaction; [`Store::rebuild_index`]
//! recomputes all derived data from the records alone. No personal data is used in a key:
//! keys are random ids, form ids and axis/month labels.

use chrono::{Datelike, NaiveDate};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::records::{Interview, Participant, SearchKey, Stage, StageEvent, Status, Summary};
use super::{Id, RECORD_FORMAT, Store, decode, normalise_file_number, read_all, storage, to_json};
use crate::error::{Error, Result};

/// The layout of the derived trees; a store whose index has another is rebuilt on open.
const INDEX_FORMAT: u32 = 1;
const INDEX_KEY: &[u8] = b"index-format";
/// Marks in the by-participant tree: which tree the interview is in.
const DRAFT: &[u8] = b"d";
const FINAL: &[u8] = b"f";

type TxError = ConflictableTransactionError<Error>;

fn abort(e: Error) -> TxError {
    ConflictableTransactionError::Abort(e)
}

fn tx_result<T>(action: &'static str, r: std::result::Result<T, TransactionError<Error>>) -> Result<T> {
    r.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => Error::Storage { action, detail: e.to_string() },
    })
}

fn json<V: serde::Serialize>(value: &V) -> std::result::Result<Vec<u8>, TxError> {
    to_json(value).map_err(abort)
}

/// The key of an interview under its participant: both ids, so a prefix scan lists them.
fn pair(participant: &Id, child: &Id) -> Vec<u8> {
    [participant.as_str().as_bytes(), child.as_str().as_bytes()].concat()
}

/// The statistics key of a session: axis and month, e.g. `sessions/self/2026-11`.
fn session_key(axis: &str, date: NaiveDate) -> String {
    format!("sessions/{axis}/{:04}-{:02}", date.year(), date.month())
}

/// A participant's summary as it is right after registration.
pub(super) fn new_summary(p: &Participant) -> Summary {
    Summary {
        format: RECORD_FORMAT,
        participant: p.clone(),
        stage: Stage::Intake,
        stage_since: p.entry_date,
        last_interview: None,
        last_activity: p.registered_at,
        next_due: None,
        search: SearchKey::of(p),
    }
}

/// What finalizing `interview` changes in its participant's summary.
fn apply_final(summary: &mut Summary, interview: &Interview) {
    let date = interview.shown_date();
    summary.last_interview = Some(summary.last_interview.map_or(date, |d| d.max(date)));
    summary.last_activity = summary.last_activity.max(interview.updated_at);
    if interview.next_due.is_some() {
        summary.next_due = interview.next_due.clone();
    }
}

fn apply_stage(summary: &mut Summary, event: &StageEvent) {
    summary.stage = event.stage;
    summary.stage_since = event.date;
}

fn read_summary(tree: &TransactionalTree, id: &Id) -> std::result::Result<Summary, TxError> {
    let bytes = tree.get(id.as_str())?.ok_or_else(|| {
        abort(Error::Storage { action: "updating a summary", detail: format!("participant {id} has none") })
    })?;
    decode("summary", id.as_str().as_bytes(), &bytes).map_err(abort)
}

fn add_count(tree: &TransactionalTree, key: &str, by: i64) -> std::result::Result<(), TxError> {
    let now = tree.get(key)?.and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok()).map_or(0, i64::from_be_bytes);
    tree.insert(key.as_bytes(), &(now + by).max(0).to_be_bytes())?;
    Ok(())
}

impl Store {
    pub(super) fn index_is_current(&self) -> Result<bool> {
        let stored = self.meta.get(INDEX_KEY).map_err(storage("reading the index format"))?;
        Ok(stored.as_deref() == Some(&INDEX_FORMAT.to_be_bytes()[..]))
    }

    /// Every participant's summary, in no particular order.
    pub fn summaries(&self) -> Result<Vec<Summary>> {
        read_all(&self.summaries, "summary")
    }

    pub fn summary(&self, id: &Id) -> Result<Option<Summary>> {
        super::read_one(&self.summaries, "summary", id)
    }

    /// Saves a new participant, refusing a file number that is already registered (compared
    /// without surrounding spaces and case).
    pub fn register(&self, participant: &Participant) -> Result<()> {
        let wanted = normalise_file_number(&participant.file_number);
        for existing in self.summaries()? {
            let p = &existing.participant;
            if normalise_file_number(&p.file_number) == wanted && p.id != participant.id {
                return Err(Error::DuplicateFileNumber(participant.file_number.clone()));
            }
        }
        self.insert_participants(std::slice::from_ref(participant))?;
        self.flush()
    }

    /// Writes participants and their summaries in one transaction (no duplicate check: the
    /// callers do it).
    pub(super) fn insert_participants(&self, participants: &[Participant]) -> Result<()> {
        let mut records = sled::Batch::default();
        let mut summaries = sled::Batch::default();
        for p in participants {
            records.insert(p.id.as_str(), to_json(p)?);
            summaries.insert(p.id.as_str(), to_json(&new_summary(p))?);
        }
        let r = (&self.participants, &self.summaries).transaction(|(records_tx, summaries_tx)| {
            records_tx.apply_batch(&records)?;
            summaries_tx.apply_batch(&summaries)?;
            Ok(())
        });
        tx_result("saving participants", r)
    }

    /// Every interview of a participant, drafts and finals together.
    pub fn interviews_of(&self, participant: &Id) -> Result<Vec<Interview>> {
        let mut out = Vec::new();
        for item in self.by_participant.scan_prefix(participant.as_str()) {
            let (key, mark) = item.map_err(storage("reading interviews"))?;
            let Some(id) = key.get(32..).and_then(Id::from_key) else { continue };
            let (tree, what) =
                if mark.as_ref() == DRAFT { (&self.drafts, "draft") } else { (&self.interviews, "interview") };
            if let Some(found) = super::read_one::<Interview>(tree, what, &id)? {
                out.push(found);
            }
        }
        Ok(out)
    }

    /// Writes a draft and flushes it to disk before returning.
    pub fn save_draft(&self, draft: &Interview) -> Result<()> {
        if draft.status != Status::Draft {
            return Err(Error::Storage { action: "saving a draft", detail: "interview is final".into() });
        }
        let bytes = to_json(draft)?;
        let key = draft.id.as_str().as_bytes();
        let r = (&self.interviews, &self.drafts, &self.by_participant, &self.summaries).transaction(
            |(interviews, drafts, by_participant, summaries)| {
                if interviews.get(key)?.is_some() {
                    return Err(abort(Error::Storage {
                        action: "saving a draft",
                        detail: format!("interview {} is already final", draft.id),
                    }));
                }
                drafts.insert(key, bytes.as_slice())?;
                by_participant.insert(pair(&draft.participant_id, &draft.id), DRAFT)?;
                let mut summary = read_summary(summaries, &draft.participant_id)?;
                if draft.updated_at > summary.last_activity {
                    summary.last_activity = draft.updated_at;
                    summaries.insert(draft.participant_id.as_str(), json(&summary)?)?;
                }
                Ok(())
            },
        );
        tx_result("saving a draft", r)?;
        self.flush()
    }

    /// Writes the final interview and removes its draft in one transaction, with what it
    /// changes in the participant's summary and the session statistics; then flushes.
    pub fn finalize(&self, interview: &Interview) -> Result<()> {
        if interview.status != Status::Final {
            return Err(Error::Storage { action: "finalizing", detail: "interview is not final".into() });
        }
        let bytes = to_json(interview)?;
        let key = interview.id.as_str().as_bytes();
        let session = interview.measures.session_axis.as_ref().map(|axis| session_key(axis, interview.shown_date()));
        let r = (&self.interviews, &self.drafts, &self.by_participant, &self.summaries, &self.stats).transaction(
            |(interviews, drafts, by_participant, summaries, stats)| {
                let already = interviews.get(key)?.is_some();
                interviews.insert(key, bytes.as_slice())?;
                drafts.remove(key)?;
                by_participant.insert(pair(&interview.participant_id, &interview.id), FINAL)?;
                let mut summary = read_summary(summaries, &interview.participant_id)?;
                apply_final(&mut summary, interview);
                summaries.insert(interview.participant_id.as_str(), json(&summary)?)?;
                if let (Some(key), false) = (&session, already) {
                    add_count(stats, key, 1)?;
                }
                Ok(())
            },
        );
        tx_result("finalizing an interview", r)?;
        self.flush()
    }

    /// A participant's stage changes, oldest first.
    pub fn stages_of(&self, participant: &Id) -> Result<Vec<StageEvent>> {
        let mut events = Vec::new();
        for item in self.stages.scan_prefix(participant.as_str()) {
            let (key, bytes) = item.map_err(storage("reading stage changes"))?;
            events.push(decode::<StageEvent>("stage change", &key, &bytes)?);
        }
        events.sort_by_key(|e| (e.date, e.recorded_at));
        Ok(events)
    }

    /// Records a change of stage and updates the participant's summary, in one transaction.
    /// The change must follow the last one (same day or later) and go to another stage.
    pub fn record_stage(&self, event: &StageEvent) -> Result<()> {
        let summary = self.summary(&event.participant_id)?.ok_or_else(|| Error::Storage {
            action: "recording a stage",
            detail: format!("participant {} is not in the store", event.participant_id),
        })?;
        if event.stage == summary.stage {
            return Err(Error::Stage(format!("the participant is already at this stage ({:?})", event.stage)));
        }
        if event.date < summary.stage_since {
            return Err(Error::Stage(format!("the date is before the current stage began ({})", summary.stage_since)));
        }
        let bytes = to_json(event)?;
        let r = (&self.stages, &self.summaries).transaction(|(stages, summaries)| {
            stages.insert(pair(&event.participant_id, &event.id), bytes.as_slice())?;
            let mut summary = read_summary(summaries, &event.participant_id)?;
            apply_stage(&mut summary, event);
            summaries.insert(event.participant_id.as_str(), json(&summary)?)?;
            Ok(())
        });
        tx_result("recording a stage", r)?;
        self.flush()
    }

    /// Sessions recorded per axis and month: (axis, year, month, count), in key order.
    pub fn session_counts(&self) -> Result<Vec<(String, i32, u32, u64)>> {
        let mut out = Vec::new();
        for item in self.stats.scan_prefix("sessions/") {
            let (key, value) = item.map_err(storage("reading statistics"))?;
            let key = String::from_utf8_lossy(&key).into_owned();
            let mut parts = key.trim_start_matches("sessions/").rsplitn(2, '/');
            let (Some(month), Some(axis)) = (parts.next(), parts.next()) else { continue };
            let Some((y, m)) = month.split_once('-') else { continue };
            let (Ok(y), Ok(m)) = (y.parse(), m.parse()) else { continue };
            let count = <[u8; 8]>::try_from(value.as_ref()).map_or(0, u64::from_be_bytes);
            out.push((axis.to_string(), y, m, count));
        }
        Ok(out)
    }

    /// Recomputes every derived tree from the records: summaries, the interviews of each
    /// participant, session statistics. Run on open when the index is from another layout, and
    /// by `daftar index rebuild`.
    pub fn rebuild_index(&self) -> Result<()> {
        for tree in [&self.summaries, &self.by_participant, &self.stats] {
            tree.clear().map_err(storage("clearing the index"))?;
        }
        let mut summaries: std::collections::HashMap<Id, Summary> =
            self.participants()?.iter().map(|p| (p.id.clone(), new_summary(p))).collect();
        let mut stages: Vec<StageEvent> = read_all(&self.stages, "stage change")?;
        stages.sort_by_key(|e| (e.date, e.recorded_at));
        for event in &stages {
            if let Some(s) = summaries.get_mut(&event.participant_id) {
                apply_stage(s, event);
            }
        }
        let mut by_participant = sled::Batch::default();
        for draft in read_all::<Interview>(&self.drafts, "draft")? {
            by_participant.insert(pair(&draft.participant_id, &draft.id), DRAFT);
            if let Some(s) = summaries.get_mut(&draft.participant_id) {
                s.last_activity = s.last_activity.max(draft.updated_at);
            }
        }
        let mut finals: Vec<Interview> = read_all(&self.interviews, "interview")?;
        finals.sort_by_key(|i| (i.finalized_at, i.updated_at));
        let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
        for interview in &finals {
            by_participant.insert(pair(&interview.participant_id, &interview.id), FINAL);
            if let Some(s) = summaries.get_mut(&interview.participant_id) {
                apply_final(s, interview);
            }
            if let Some(axis) = &interview.measures.session_axis {
                *counts.entry(session_key(axis, interview.shown_date())).or_default() += 1;
            }
        }
        self.by_participant.apply_batch(by_participant).map_err(storage("rebuilding the index"))?;
        let mut batch = sled::Batch::default();
        for (id, summary) in &summaries {
            batch.insert(id.as_str(), to_json(summary)?);
        }
        self.summaries.apply_batch(batch).map_err(storage("rebuilding the index"))?;
        let mut batch = sled::Batch::default();
        for (key, count) in counts {
            batch.insert(key.as_bytes(), &count.to_be_bytes());
        }
        self.stats.apply_batch(batch).map_err(storage("rebuilding the index"))?;
        self.meta.insert(INDEX_KEY, &INDEX_FORMAT.to_be_bytes()).map_err(storage("rebuilding the index"))?;
        self.flush()
    }
}
