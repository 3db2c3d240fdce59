//! Versions: a correction never overwrites. A participant's details and a finalized interview
//! each have versions n = 1, 2, …; the record in its own tree (`participants`, `interviews`) is
//! always the newest, so every reader that does not ask about history reads what it always
//! read. The `versions` tree keeps every version of a corrected record, exactly as it was
//! stored, with who made it, when, why (required from version 2 on) and, for an interview, the
//! form version it was taken with.
//!
//! # Layout (format 1)
//! Tree `versions`: key = the record's id (32 hex digits, random) then the version number in
//! ten decimal digits, so a prefix scan lists a record's versions in order; value = a
//! [`Version`] as JSON, sealed under its key ([`super::sealing`]: the body is the whole record,
//! the most personal value in the store), its `body` the record's JSON text. A record never
//! corrected has no entry: it is its own version 1 (a store from before versions reads so, with
//! nothing to migrate).
//! The first correction writes version 1 (the record as it stood) and version 2 together, with
//! the new record, its derived data and its audit entry, in one transaction.
//!
//! A correction names the version it was made from (`based_on`): if another correction was
//! saved meanwhile, it is refused as stale, never applied over the other.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, AuditAction, AuditEvent};
use super::index::{TxError, bump, tx_result};
use super::kv;
use super::records::{Author, Id, Interview, Participant, Stored};
use super::sealing::Sealer;
use super::{Store, decode, storage, to_json};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};

pub(super) const VERSIONS: &str = "versions";
/// The layout of [`Version`] this build writes and reads.
pub const VERSION_FORMAT: u32 = 1;

/// Which kind of record a version is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionOf {
    Participant,
    Interview,
    /// A discarded draft's tombstone: the draft as it was, who discarded it, when, why.
    DiscardedDraft,
}

/// One version of a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub format: u32,
    pub of: VersionOf,
    pub record: Id,
    /// 1 for the record as first written, then 2, 3, …
    pub n: u32,
    /// Who wrote this version (for version 1: who registered or finalized it).
    pub by: Author,
    pub at: DateTime<Utc>,
    /// Why it was corrected; None only for version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For an interview: the form version it was taken with (every version keeps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_version: Option<u32>,
    /// The record as it was in this version (its JSON, with its own format number; version 1
    /// of a record never corrected is the record as this build reads it).
    pub body: String,
}

impl Stored for Version {}

impl Version {
    /// The participant this version holds, read as a participant record is.
    pub fn participant(&self) -> Result<Participant> {
        decode("participant version", self.record.as_str().as_bytes(), self.body.as_bytes())
    }

    /// The interview this version holds, read as an interview record is.
    pub fn interview(&self) -> Result<Interview> {
        decode("interview version", self.record.as_str().as_bytes(), self.body.as_bytes())
    }
}

/// Why a correction was refused: nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorrectionRefusal {
    /// A correction must say why it is made.
    ReasonRequired,
    /// The correction changes nothing.
    NothingChanged,
    /// Another correction was saved since this one started from version `based_on`.
    Stale { based_on: u32, now: u32 },
    /// The record to correct is not in the store (or not finalized).
    Missing,
    /// The correction would change what a record keeps from its first writing (its id, who
    /// registered or took it, when, or the form version).
    Fixed(&'static str),
    /// The stage change is already voided.
    AlreadyVoided,
    /// A later stage change that is not voided starts from this one.
    LaterStage,
    /// Finalized interviews are dated on or after the day this change took effect.
    InterviewsUnder(NaiveDate),
    /// Another interviewer's draft, without the right to discard anyone's.
    NotYourDraft,
    /// A correction to another stage, of a change a later change (not voided) starts from:
    /// only its date or note may be corrected.
    StageKeptByLater,
    /// A correction to another stage, of a change under which interviews were finalized (dated
    /// on or after this day): only its date or note may be corrected.
    StageKeptByInterviews(NaiveDate),
    /// A corrected date on or after the next stage change's (this day), which would reorder them.
    AfterNextStage(NaiveDate),
    /// The interview was approved: a supervisor must unlock it before it can be amended.
    Locked,
    /// A supervisor may not approve or return an interview they took themselves.
    OwnInterview,
    /// Returning an interview needs a comment for its interviewer.
    CommentRequired,
    /// The review step does not apply to an interview in this state.
    ReviewState(super::ReviewState),
}

impl CorrectionRefusal {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            CorrectionRefusal::ReasonRequired => T::CorrReasonRequired.get(lang).to_string(),
            CorrectionRefusal::NothingChanged => T::CorrNothingChanged.get(lang).to_string(),
            CorrectionRefusal::Stale { based_on, now } => {
                T::CorrStale.fill(lang, &[("from", &based_on.to_string()), ("now", &now.to_string())])
            }
            CorrectionRefusal::Missing => T::CorrMissing.get(lang).to_string(),
            CorrectionRefusal::Fixed(field) => T::CorrFixedField.fill(lang, &[("field", field)]),
            CorrectionRefusal::AlreadyVoided => T::FixAlreadyVoided.get(lang).to_string(),
            CorrectionRefusal::LaterStage => T::FixLaterStage.get(lang).to_string(),
            CorrectionRefusal::InterviewsUnder(date) => {
                T::FixInterviewsUnder.fill(lang, &[("date", &crate::form::format_date(*date))])
            }
            CorrectionRefusal::NotYourDraft => T::FixNotYourDraft.get(lang).to_string(),
            CorrectionRefusal::StageKeptByLater => T::StageFixKeptByLater.get(lang).to_string(),
            CorrectionRefusal::StageKeptByInterviews(date) => {
                T::StageFixKeptByInterviews.fill(lang, &[("date", &crate::form::format_date(*date))])
            }
            CorrectionRefusal::AfterNextStage(date) => {
                T::StageFixAfterNext.fill(lang, &[("date", &crate::form::format_date(*date))])
            }
            CorrectionRefusal::Locked => T::RevLocked.get(lang).to_string(),
            CorrectionRefusal::OwnInterview => T::RevOwnInterview.get(lang).to_string(),
            CorrectionRefusal::CommentRequired => T::RevCommentRequired.get(lang).to_string(),
            CorrectionRefusal::ReviewState(state) => T::RevWrongState.fill(lang, &[("state", state.word().get(lang))]),
        }
    }
}

pub(super) fn refused(r: CorrectionRefusal) -> Error {
    Error::Correction(r)
}

pub(super) fn version_key(id: &Id, n: u32) -> String {
    format!("{id}{n:010}")
}

/// A version as the versions tree keeps it under `key`: encoded, then sealed.
pub(super) fn seal_version(sealer: &Sealer, key: &str, version: &Version) -> Result<Vec<u8>> {
    sealer.seal(VERSIONS, key.as_bytes(), to_json(version)?)
}

/// The version stored under `key` in the versions tree: opened (a value altered, or moved from
/// another record, is refused naming it), decoded, and refused when a newer Daftar wrote it.
pub(super) fn open_version(sealer: &Sealer, key: &[u8], stored: &[u8]) -> Result<Version> {
    let version: Version = decode("version", key, &sealer.open("version", VERSIONS, key, stored)?)?;
    if version.format > VERSION_FORMAT {
        return Err(Error::NewerRecord {
            what: "version",
            id: String::from_utf8_lossy(key).into_owned(),
            found: version.format,
            supported: VERSION_FORMAT,
        });
    }
    Ok(version)
}

/// [`seal_version`] in a transaction.
fn sealed(sealer: &Sealer, key: &str, version: &Version) -> std::result::Result<Vec<u8>, TxError> {
    seal_version(sealer, key, version).map_err(abort)
}

/// The reason as it is kept: trimmed; an empty one refused.
pub(super) fn required_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(refused(CorrectionRefusal::ReasonRequired));
    }
    crate::domain::participant::check_one_line(reason)
        .map_err(|r| Error::Storage { action: "correcting a record", detail: r.text(Lang::En) })?;
    Ok(reason.to_string())
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The field-level changes between two versions of a participant, by column name.
fn participant_changes(event: AuditEvent, before: &Participant, after: &Participant) -> AuditEvent {
    let s = |v: &str| Some(v.to_string());
    event
        .change("name_ar", s(&before.name_ar), s(&after.name_ar))
        .change("name_latin", s(&before.name_latin), s(&after.name_latin))
        .change("date_of_birth", Some(day(before.date_of_birth)), Some(day(after.date_of_birth)))
        .change("file_number", s(&before.file_number), s(&after.file_number))
        .change("facility", s(&before.facility), s(&after.facility))
        .change("entry_date", Some(day(before.entry_date)), Some(day(after.entry_date)))
}

/// The answer-level changes between two versions of an interview, by question id (as JSON).
fn interview_changes(mut event: AuditEvent, before: &Interview, after: &Interview) -> AuditEvent {
    let json = |a: &super::Answer| serde_json::to_string(a).unwrap_or_default();
    let questions: std::collections::BTreeSet<&String> = before.answers.keys().chain(after.answers.keys()).collect();
    for q in questions {
        event = event.change(q, before.answers.get(q).map(json), after.answers.get(q).map(json));
    }
    event
}

impl Store {
    /// Every version of a record, oldest first: version 1 (the record itself, when it was
    /// never corrected) to the current one. Empty when there is no such record.
    pub fn versions(&self, of: VersionOf, id: &Id) -> Result<Vec<Version>> {
        let sealer = self.sealer()?;
        let mut out = Vec::new();
        for item in self.versions.scan_prefix(id.as_str()) {
            let (key, bytes) = item.map_err(storage("reading versions"))?;
            out.push(open_version(&sealer, &key, &bytes)?);
        }
        if out.is_empty()
            && let Some(first) = self.first_version(of, id)?
        {
            out.push(first);
        }
        Ok(out)
    }

    /// How many versions a record has (1 when never corrected; 0 when there is no record is
    /// not asked: a record listed has at least one).
    pub fn version_count(&self, id: &Id) -> Result<u32> {
        let n = self.versions.scan_prefix(id.as_str()).count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX).max(1))
    }

    /// A record never corrected, as its version 1 (read as every reader of its tree reads it).
    fn first_version(&self, of: VersionOf, id: &Id) -> Result<Option<Version>> {
        match of {
            VersionOf::Participant => self.participant(id)?.map(|p| first_of_participant(&p)).transpose(),
            VersionOf::Interview => self.interview(id)?.map(|i| first_of_interview(&i)).transpose(),
            // A discarded draft is in the versions tree only.
            VersionOf::DiscardedDraft => Ok(None),
        }
    }

    /// Saves `edited` as the next version of a participant's details, made from version
    /// `based_on`, by `by`, for `reason`; returns the new version's number. The same rules as
    /// registration ([`super::index::participant_problems`] on `today`, and a file number no
    /// other participant has, compared as [`crate::domain::file_number_key`] does). The id,
    /// `registered_at` and `registered_by` stay those of the registration. The record, its
    /// summary, both versions and the audit entry (each changed field before → after, and the
    /// reason) are written in one transaction; a refusal writes nothing.
    pub fn edit_participant(
        &self,
        edited: &Participant,
        based_on: u32,
        by: &Author,
        reason: &str,
        today: NaiveDate,
    ) -> Result<u32> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let reason = required_reason(reason)?;
        let current = self.participant(&edited.id)?.ok_or_else(|| refused(CorrectionRefusal::Missing))?;
        if edited.registered_at != current.registered_at {
            return Err(refused(CorrectionRefusal::Fixed("registered_at")));
        }
        if edited.registered_by != current.registered_by {
            return Err(refused(CorrectionRefusal::Fixed("registered_by")));
        }
        let edited = Participant { format: super::RECORD_FORMAT, ..edited.clone() };
        if (Participant { format: edited.format, ..current.clone() }) == edited {
            return Err(refused(CorrectionRefusal::NothingChanged));
        }
        // A file number another participant has is refused by the index, in the transaction.
        super::index::check_participant(&edited, today)?;
        let first = first_of_participant(&current)?;
        let bytes = to_json(&edited)?;
        let now = Utc::now();
        let event = participant_changes(
            AuditEvent::new(AuditAction::ParticipantEdited).by(by.account()).record(&edited.id),
            &current,
            &edited,
        )
        .reason(Some(&reason));
        let (audit_key, event, at) = self.audit_for(event)?;
        let version = |n: u32| Version {
            format: VERSION_FORMAT,
            of: VersionOf::Participant,
            record: edited.id.clone(),
            n,
            by: by.clone(),
            at: now,
            reason: Some(reason.clone()),
            form_version: None,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        let sealer = self.sealer()?;
        let sealed_record = super::seal_record(&sealer, super::PARTICIPANTS, edited.id.as_str().as_bytes(), &edited)?;
        let trees = [&self.participants, &self.summaries, &self.versions, &self.meta, &self.audit, &self.file_numbers];
        let r = kv::transaction(trees, |[participants, summaries, versions, meta, audit_tx, file_numbers]| {
            let n = next_version(versions, &edited.id, based_on)?;
            super::index::move_file_number(
                &sealer,
                file_numbers,
                &current.file_number,
                &edited.file_number,
                &edited.id,
            )?;
            if n == 2 {
                let key = version_key(&edited.id, 1);
                versions.insert(key.as_bytes(), sealed(&sealer, &key, &first)?)?;
            }
            let key = version_key(&edited.id, n);
            versions.insert(key.as_bytes(), sealed(&sealer, &key, &version(n))?)?;
            participants.insert(edited.id.as_str(), sealed_record.as_slice())?;
            if let Some(old) = summaries.get(edited.id.as_str())? {
                let mut summary =
                    super::index::open_summary(&sealer, edited.id.as_str().as_bytes(), &old).map_err(abort)?;
                summary.participant = super::Person::from(&edited);
                summary.search = super::SearchKey::of(&summary.participant);
                summaries.insert(edited.id.as_str(), super::index::packed(&sealer, &summary)?)?;
            }
            let event = event.clone().set("version", n.to_string());
            audit::append(audit_tx, meta, &audit_key, &event, at)?;
            bump(meta)?;
            Ok(n)
        });
        let n = tx_result("correcting a participant", r)?;
        self.flush()?;
        Ok(n)
    }

    /// Saves `amended` as the next version of a finalized interview, made from version
    /// `based_on`, by `by`, for `reason`; returns the new version's number. The interview keeps
    /// its id, participant, form and form version (the one it was taken with, whatever form
    /// versions were installed since), who took it and when. Its participant's summary (last
    /// interview, next due) and the session counts follow the new answers; the record, both
    /// versions and the audit entry (each changed answer before → after, and the reason) are
    /// written in one transaction; a refusal writes nothing.
    pub fn amend_interview(&self, amended: &Interview, based_on: u32, by: &Author, reason: &str) -> Result<u32> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let reason = required_reason(reason)?;
        let current = self.interview(&amended.id)?.ok_or_else(|| refused(CorrectionRefusal::Missing))?;
        let fixed = [
            ("participant_id", amended.participant_id == current.participant_id),
            ("form_id", amended.form_id == current.form_id),
            ("form_version", amended.form_version == current.form_version),
            ("interviewer", amended.interviewer == current.interviewer),
            ("started_at", amended.started_at == current.started_at),
            ("finalized_at", amended.finalized_at == current.finalized_at),
            ("status", amended.status == super::Status::Final),
        ];
        if let Some((field, _)) = fixed.iter().find(|(_, same)| !same) {
            return Err(refused(CorrectionRefusal::Fixed(field)));
        }
        // A locked (approved) interview is refused here, whatever path asked; a returned or
        // unlocked one is resubmitted by the amendment (read under the write gate).
        let review = self.review_of(&amended.id)?.ok_or_else(|| refused(CorrectionRefusal::Missing))?;
        let resubmitted = super::review::resubmission(&review, by, Utc::now())?;
        let amended = Interview { format: super::RECORD_FORMAT, ..amended.clone() };
        if (amended.answers.clone(), amended.measures.clone(), amended.next_due.clone())
            == (current.answers.clone(), current.measures.clone(), current.next_due.clone())
        {
            return Err(refused(CorrectionRefusal::NothingChanged));
        }
        let first = first_of_interview(&current)?;
        let bytes = to_json(&amended)?;
        // The participant's summary, from their finalized interviews with this one amended
        // (read under the write gate: no other write can come between).
        let mut finals: Vec<Interview> = self
            .interviews_of(&amended.participant_id)?
            .into_iter()
            .filter(|i| i.status == super::Status::Final)
            .map(|i| if i.id == amended.id { amended.clone() } else { i })
            .collect();
        finals.sort_by_key(|i| (i.finalized_at, i.updated_at));
        let session = |i: &Interview| i.measures.session_axis.clone().map(|axis| (axis, i.shown_date()));
        let (old_session, new_session) = (session(&current), session(&amended));
        let now = Utc::now();
        let event = interview_changes(
            AuditEvent::new(AuditAction::InterviewAmended)
                .by(by.account())
                .record(&amended.participant_id)
                .record(&amended.id)
                .set("form", format!("{}@{}", amended.form_id, amended.form_version)),
            &current,
            &amended,
        )
        .reason(Some(&reason));
        let (audit_key, event, at) = self.audit_for(event)?;
        let resubmitted = resubmitted.map(|(next, event)| (next, self.attributed(event)));
        let version = |n: u32| Version {
            format: VERSION_FORMAT,
            of: VersionOf::Interview,
            record: amended.id.clone(),
            n,
            by: by.clone(),
            at: now,
            reason: Some(reason.clone()),
            form_version: Some(amended.form_version),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        let sealer = self.sealer()?;
        let sealed_record = super::seal_record(&sealer, super::INTERVIEWS, amended.id.as_str().as_bytes(), &amended)?;
        let trees =
            [&self.interviews, &self.summaries, &self.stats, &self.versions, &self.meta, &self.audit, &self.reviews];
        let r = kv::transaction(trees, |[interviews, summaries, stats, versions, meta, audit_tx, reviews]| {
            let n = next_version(versions, &amended.id, based_on)?;
            if n == 2 {
                let key = version_key(&amended.id, 1);
                versions.insert(key.as_bytes(), sealed(&sealer, &key, &first)?)?;
            }
            let key = version_key(&amended.id, n);
            versions.insert(key.as_bytes(), sealed(&sealer, &key, &version(n))?)?;
            interviews.insert(amended.id.as_str(), sealed_record.as_slice())?;
            let key = amended.participant_id.as_str();
            if let Some(old) = summaries.get(key)? {
                let mut summary = super::index::open_summary(&sealer, key.as_bytes(), &old).map_err(abort)?;
                (summary.last_interview, summary.next_due, summary.next_due_from) = (None, None, None);
                for interview in &finals {
                    super::index::apply_final(&mut summary, interview);
                }
                summaries.insert(key, super::index::packed(&sealer, &summary)?)?;
            }
            if old_session != new_session {
                if let Some((axis, date)) = &old_session {
                    super::index::count_session(&sealer, stats, axis, *date, -1)?;
                }
                if let Some((axis, date)) = &new_session {
                    super::index::count_session(&sealer, stats, axis, *date, 1)?;
                }
            }
            let event = event.clone().set("version", n.to_string());
            audit::append(audit_tx, meta, &audit_key, &event, at)?;
            if let Some((next, resubmit)) = &resubmitted {
                super::review::move_review(&sealer, reviews, stats, &review, next)?;
                audit::append(audit_tx, meta, &audit_key, resubmit, at)?;
            }
            bump(meta)?;
            Ok(n)
        });
        let n = tx_result("amending an interview", r)?;
        self.flush()?;
        Ok(n)
    }

    /// One version of a participant's details, as it was.
    pub fn participant_version(&self, id: &Id, n: u32) -> Result<Option<Participant>> {
        self.versions(VersionOf::Participant, id)?.into_iter().find(|v| v.n == n).map(|v| v.participant()).transpose()
    }

    /// One version of a finalized interview, as it was.
    pub fn interview_version(&self, id: &Id, n: u32) -> Result<Option<Interview>> {
        self.versions(VersionOf::Interview, id)?.into_iter().find(|v| v.n == n).map(|v| v.interview()).transpose()
    }
}

fn abort(e: Error) -> TxError {
    kv::TxError::Abort(e)
}

/// The number the next version of `id` gets, refusing a correction made from another version
/// than the current one.
fn next_version(versions: &kv::TxTree<'_>, id: &Id, based_on: u32) -> std::result::Result<u32, TxError> {
    // A transactional tree cannot scan: the versions are numbered without gaps, so the current
    // one is the first number with no entry after it.
    let mut current = 1;
    while versions.get(version_key(id, current + 1).as_bytes())?.is_some() {
        current += 1;
    }
    if current != based_on {
        return Err(abort(refused(CorrectionRefusal::Stale { based_on, now: current })));
    }
    Ok(current + 1)
}

fn first_of_participant(p: &Participant) -> Result<Version> {
    let body = String::from_utf8_lossy(&to_json(p)?).into_owned();
    Ok(Version {
        format: VERSION_FORMAT,
        of: VersionOf::Participant,
        record: p.id.clone(),
        n: 1,
        by: p.registered_by.clone(),
        at: p.registered_at,
        reason: None,
        form_version: None,
        body,
    })
}

fn first_of_interview(i: &Interview) -> Result<Version> {
    let body = String::from_utf8_lossy(&to_json(i)?).into_owned();
    Ok(Version {
        format: VERSION_FORMAT,
        of: VersionOf::Interview,
        record: i.id.clone(),
        n: 1,
        by: i.interviewer.clone(),
        at: i.finalized_at.unwrap_or(i.updated_at),
        reason: None,
        form_version: Some(i.form_version),
        body,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::keyring::KeyProblem;
    use crate::store::{Due, RECORD_FORMAT};

    /// A new encrypted store (made with its first administrator), holding its key.
    pub(in crate::store) fn encrypted_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::TempDir::new().unwrap();
        let pw = secrecy::SecretString::from("lantern orchard 7 river".to_string());
        let (store, _, _) =
            Store::create_with_admin(&dir.path().join("s"), "samira", "Samira", &pw, &pw, Utc::now()).unwrap();
        assert!(store.is_encrypted().unwrap());
        (dir, store)
    }

    /// Whether `needle` shows anywhere in the raw values of `tree`.
    pub(in crate::store) fn shows_in(tree: &crate::store::kv::Tree, needle: &str) -> bool {
        tree.iter().any(|item| {
            let (_, value) = item.unwrap();
            value.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
    }

    fn today() -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    fn participant(file: &str) -> Participant {
        Participant {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            name_ar: "سعيد".into(),
            name_latin: "Said".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            file_number: file.into(),
            facility: "Salé".into(),
            entry_date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            registered_at: Utc::now(),
            registered_by: Author::BeforeAccounts("S".into()),
        }
    }

    fn corrector() -> Author {
        Author::Account(crate::auth::AccountId::from_key(b"0123456789abcdef0123456789abcdef").unwrap())
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        (dir, store)
    }

    fn last_entry(store: &Store) -> audit::AuditEntry {
        store.audit_entries().last().unwrap().unwrap()
    }

    #[test]
    fn a_record_never_corrected_is_its_own_version_1() {
        let (_dir, store) = store();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let versions = store.versions(VersionOf::Participant, &p.id).unwrap();
        assert_eq!(versions.len(), 1);
        assert_eq!((versions[0].n, &versions[0].by, versions[0].at), (1, &p.registered_by, p.registered_at));
        assert_eq!(versions[0].participant().unwrap(), p);
        assert_eq!(store.version_count(&p.id).unwrap(), 1);
        assert!(store.versions(VersionOf::Participant, &Id::new_random()).unwrap().is_empty());
    }

    #[test]
    fn a_correction_is_a_new_version_and_the_old_one_stays_as_it_was() {
        let (_dir, store) = store();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let entries = store.audit_entries().count();
        let fixed = Participant { name_latin: "Saïd".into(), file_number: "F-2".into(), ..p.clone() };
        // No reason: refused, nothing written.
        let err = store.edit_participant(&fixed, 1, &corrector(), "  ", today()).unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::ReasonRequired)), "{err}");
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), p);
        assert_eq!(store.audit_entries().count(), entries);
        assert_eq!(store.version_count(&p.id).unwrap(), 1);
        // Nothing changed: refused.
        let err = store.edit_participant(&p, 1, &corrector(), "typo", today()).unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::NothingChanged)), "{err}");
        // Saved as version 2.
        assert_eq!(store.edit_participant(&fixed, 1, &corrector(), "name misspelt", today()).unwrap(), 2);
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), fixed);
        let versions = store.versions(VersionOf::Participant, &p.id).unwrap();
        assert_eq!(versions.iter().map(|v| v.n).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(versions[0].participant().unwrap(), p, "version 1 exactly as it was");
        assert_eq!(versions[0].reason, None);
        assert_eq!((versions[1].by.clone(), versions[1].reason.as_deref()), (corrector(), Some("name misspelt")));
        assert_eq!(store.participant_version(&p.id, 1).unwrap().unwrap(), p);
        let summary = store.summary(&p.id).unwrap().unwrap();
        assert_eq!(
            (summary.participant.name_latin.as_str(), summary.participant.file_number.as_str()),
            ("Saïd", "F-2")
        );
        assert!(summary.search.names.contains("said"));
        // The audit entry: field-level before/after and the reason, by the corrector.
        let entry = last_entry(&store);
        assert_eq!(entry.action(), Some(AuditAction::ParticipantEdited));
        assert_eq!(entry.reason.as_deref(), Some("name misspelt"));
        assert_eq!(entry.account.as_ref(), corrector().account());
        let change = entry.changes.iter().find(|c| c.field == "name_latin").unwrap();
        assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("Said"), Some("Saïd")));
        assert!(!entry.changes.iter().any(|c| c.field == "name_ar"), "unchanged fields are not listed");
        // Made from version 1 again: stale.
        let again = Participant { facility: "Rabat".into(), ..p.clone() };
        let err = store.edit_participant(&again, 1, &corrector(), "facility", today()).unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::Stale { based_on: 1, now: 2 })), "{err}");
        assert_eq!(store.edit_participant(&again, 2, &corrector(), "facility", today()).unwrap(), 3);
        assert_eq!(store.participant_version(&p.id, 2).unwrap().unwrap(), fixed);
        // Survives a rebuild of the index and a restart.
        store.rebuild_index().unwrap();
        assert_eq!(store.summary(&p.id).unwrap().unwrap().participant.facility, "Rabat");
        assert_eq!(store.version_count(&p.id).unwrap(), 3);
    }

    #[test]
    fn a_correction_keeps_the_rules_of_registration() {
        let (_dir, store) = store();
        let (p, other) = (participant("F-1"), participant("F-9"));
        store.register(&p, today()).unwrap();
        store.register(&other, today()).unwrap();
        let taken = Participant { file_number: " f-٩ ".into(), ..p.clone() };
        let err = store.edit_participant(&taken, 1, &corrector(), "x", today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
        let unborn = Participant { date_of_birth: today() + chrono::Duration::days(3), ..p.clone() };
        let err = store.edit_participant(&unborn, 1, &corrector(), "x", today()).unwrap_err();
        assert!(matches!(err, Error::BreaksRules { .. }), "{err}");
        let moved = Participant { registered_at: Utc::now() + chrono::Duration::days(1), ..p.clone() };
        let err = store.edit_participant(&moved, 1, &corrector(), "x", today()).unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::Fixed("registered_at"))), "{err}");
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), p);
        assert_eq!(store.version_count(&p.id).unwrap(), 1);
    }

    #[test]
    fn an_amendment_keeps_the_form_version_and_the_version_before() {
        let (_dir, store) = store();
        let p = participant("F-1");
        store.register(&p, today()).unwrap();
        let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let mut taken = crate::store::tests::final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        taken.answers.insert("notes".into(), crate::store::Answer::Text("typo".into()));
        taken.measures.session_axis = Some("self".into());
        store.finalize(&taken).unwrap();
        let mut amended = taken.clone();
        amended.answers.insert("notes".into(), crate::store::Answer::Text("fixed".into()));
        amended.next_due = Some(Due { date: date(12, 20), form_id: "progress".into() });
        amended.measures.session_axis = Some("society".into());
        amended.updated_at = Utc::now();
        let err = store.amend_interview(&amended, 1, &corrector(), "").unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::ReasonRequired)), "{err}");
        let other_form = Interview { form_version: 2, ..amended.clone() };
        let err = store.amend_interview(&other_form, 1, &corrector(), "x").unwrap_err();
        assert!(matches!(err, Error::Correction(CorrectionRefusal::Fixed("form_version"))), "{err}");
        assert_eq!(store.interview(&taken.id).unwrap().unwrap(), taken);
        assert_eq!(store.amend_interview(&amended, 1, &corrector(), "typo in the notes").unwrap(), 2);
        assert_eq!(store.interview(&taken.id).unwrap().unwrap(), amended);
        assert_eq!(store.interview_version(&taken.id, 1).unwrap().unwrap(), taken);
        let versions = store.versions(VersionOf::Interview, &taken.id).unwrap();
        assert_eq!(versions.iter().map(|v| v.form_version).collect::<Vec<_>>(), vec![Some(1), Some(1)]);
        assert_eq!(store.summary(&p.id).unwrap().unwrap().next_due.unwrap().date, date(12, 20));
        assert_eq!(
            store.session_counts().unwrap(),
            vec![("self".to_string(), 2026, 11, 0), ("society".into(), 2026, 11, 1)]
        );
        let entry = last_entry(&store);
        assert_eq!(entry.action(), Some(AuditAction::InterviewAmended));
        let change = entry.changes.iter().find(|c| c.field == "notes").unwrap();
        assert!(
            change.before.as_deref().unwrap().contains("typo") && change.after.as_deref().unwrap().contains("fixed")
        );
        assert_eq!(store.interviews_of(&p.id).unwrap().len(), 1, "still one interview");
    }

    #[test]
    fn on_an_encrypted_store_versions_are_sealed_and_one_moved_is_named() {
        let (_dir, store) = encrypted_store();
        let (p, q) = (participant("F-1"), participant("F-2"));
        store.register(&p, today()).unwrap();
        store.register(&q, today()).unwrap();
        let p2 = Participant { name_latin: "Zoubida".into(), ..p.clone() };
        let q2 = Participant { name_latin: "Mouhcine".into(), ..q.clone() };
        assert_eq!(store.edit_participant(&p2, 1, &corrector(), "name of the mother", today()).unwrap(), 2);
        assert_eq!(store.edit_participant(&q2, 1, &corrector(), "name of the father", today()).unwrap(), 2);
        // Nothing of a version shows on disk: neither a name nor a reason.
        for needle in ["Said", "Zoubida", "Mouhcine", "name of the mother", "سعيد"] {
            assert!(!shows_in(&store.versions, needle), "{needle} shows in the versions tree");
        }
        let versions = store.versions(VersionOf::Participant, &p.id).unwrap();
        assert_eq!(versions.iter().map(|v| v.n).collect::<Vec<_>>(), [1, 2]);
        assert_eq!((versions[0].participant().unwrap(), versions[1].participant().unwrap()), (p.clone(), p2.clone()));
        assert_eq!(versions[1].reason.as_deref(), Some("name of the mother"));

        // p's version 2 put in place of q's: refused, naming q's version; p's still read.
        let p_key = version_key(&p.id, 2);
        let q_key = version_key(&q.id, 2);
        let moved = store.versions.get(p_key.as_bytes()).unwrap().unwrap();
        store.versions.insert(q_key.as_bytes(), moved).unwrap();
        match store.versions(VersionOf::Participant, &q.id) {
            Err(Error::Key(KeyProblem::Altered { what, id })) => {
                assert_eq!((what, id.as_str()), ("version", &q_key[..]))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.participant_version(&p.id, 2).unwrap().unwrap(), p2);
        assert_eq!(store.participant(&q.id).unwrap().unwrap(), q2, "the record itself stays readable");
    }

    #[test]
    fn an_edited_file_number_moves_in_the_blind_index_with_the_record() {
        let (_dir, store) = encrypted_store();
        let (p, other) = (participant("F-1"), participant("F-9"));
        store.register(&p, today()).unwrap();
        store.register(&other, today()).unwrap();
        let sealer = store.sealer().unwrap();
        let owner = |file: &str| {
            store.file_numbers.get(super::super::index::file_number_key(&sealer, file)).unwrap().map(|v| v.to_vec())
        };
        let moved = Participant { file_number: "F-2".into(), ..p.clone() };
        store.edit_participant(&moved, 1, &corrector(), "file number misread", today()).unwrap();
        assert_eq!(owner("f-2"), Some(p.id.as_str().as_bytes().to_vec()));
        let again = Participant { file_number: "F-3".into(), ..moved.clone() };
        store.edit_participant(&again, 2, &corrector(), "misread again", today()).unwrap();
        assert_eq!(owner("F-3"), Some(p.id.as_str().as_bytes().to_vec()));
        assert_eq!(owner("F-2"), None, "the old number is let go");
        assert!(!shows_in(&store.file_numbers, "F-3"));
        assert!(!store.file_numbers.iter().keys().any(|k| k.unwrap().windows(3).any(|w| w == b"F-3")));
        // A number another participant holds in the index is refused, nothing written.
        let sealer_key = super::super::index::file_number_key(&sealer, "F-7");
        store.file_numbers.insert(sealer_key, other.id.as_str().as_bytes()).unwrap();
        let taken = Participant { file_number: "f-7".into(), ..again.clone() };
        let err = store.edit_participant(&taken, 3, &corrector(), "x", today()).unwrap_err();
        assert!(matches!(err, Error::DuplicateFileNumber(_)), "{err}");
        assert_eq!(store.participant(&p.id).unwrap().unwrap(), again);
        assert_eq!(store.version_count(&p.id).unwrap(), 3);
        assert_eq!(owner("F-3"), Some(p.id.as_str().as_bytes().to_vec()));
    }
}
