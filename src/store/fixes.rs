//! Voiding a stage change and discarding a draft (issue 11): neither erases anything.
//!
//! # Voids (tree `stage_voids`, format 1)
//! A stage change entered by mistake is never removed nor rewritten: a void is a separate
//! record, key = participant id then the stage change's id (as in `stages`), value a
//! [`StageVoid`] (who, when, why) as JSON, sealed under its key ([`super::sealing`]: the reason
//! is free text about a person). The participant's stage and its start date are recomputed
//! from the changes that are not voided (or, with none left, intake since the entry date).
//!
//! A change others depend on is refused ([`CorrectionRefusal::LaterStage`],
//! [`CorrectionRefusal::InterviewsUnder`]): one that is followed by a later change that is not
//! voided (whose `from` is the stage this one opened), or one on or after whose date an
//! interview of the participant was finalized (taken under the stage it opened).
//!
//! # Discarded drafts
//! A discarded draft leaves the `drafts` tree and the participant's list; its tombstone is a
//! [`Version`] of kind [`VersionOf::DiscardedDraft`] in the versions tree (sealed as every
//! version is), number 1, its body the draft as it was, `by`/`at`/`reason` who discarded it,
//! when and why.
//!
//! # Corrections
//! [`Store::correct_stage`] corrects a stage change in one step: in one transaction the old
//! change is voided (its void names the new one, `replaced_by`) and the corrected one is
//! recorded in its place, from the stage the old one started from, with one audit entry
//! `stage_corrected` (participant, old change, new change; stage, date and note before → after).
//! A correction that keeps the stage and fixes only the date or the note is allowed where a
//! void is refused (a later change starts from it, or interviews were finalized under it): the
//! stage those depend on stays; only a date that would pass the next change is refused
//! ([`CorrectionRefusal::AfterNextStage`]). A correction to another stage is refused in the same
//! cases as a void ([`CorrectionRefusal::StageKeptByLater`],
//! [`CorrectionRefusal::StageKeptByInterviews`]).
//!
//! Both trees are carried by `daftar export --with-history` as every tree is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, AuditAction, AuditEvent};
use super::index::{abort, bump, packed, pair, read_summary, tx_result};
use super::kv;
use super::records::{Author, Id, Interview, StageEvent, Status, Stored};
use super::sealing::Sealer;
use super::versions::{
    CorrectionRefusal, VERSION_FORMAT, Version, VersionOf, open_version, refused, required_reason, seal_version,
    version_key,
};
use super::{Stage, Store, decode, storage, to_json};
use crate::error::Result;

pub(super) const STAGE_VOIDS: &str = "stage_voids";
/// The layout of [`StageVoid`] this build writes.
pub const VOID_FORMAT: u32 = 1;

/// A stage change marked voided: it stays stored as it was, and no longer counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageVoid {
    pub format: u32,
    pub participant_id: Id,
    /// The stage change voided.
    pub stage_id: Id,
    pub by: Author,
    pub at: DateTime<Utc>,
    pub reason: String,
    /// The change recorded in its place when the void is a correction ([`Store::correct_stage`]);
    /// None for a void alone. Absent from voids written before corrections (same format: an
    /// older build reading it ignores the field, and nothing ever rewrites a void).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<Id>,
}

impl Stored for StageVoid {}

/// A void as the stage_voids tree keeps it: encoded, then sealed under its key.
fn seal_void(sealer: &Sealer, void: &StageVoid) -> Result<Vec<u8>> {
    sealer.seal(STAGE_VOIDS, &pair(&void.participant_id, &void.stage_id), to_json(void)?)
}

/// The void stored under `key` in the stage_voids tree: opened (a value altered, or moved from
/// another stage change, is refused naming it), then decoded.
fn open_void(sealer: &Sealer, key: &[u8], stored: &[u8]) -> Result<StageVoid> {
    decode("stage void", key, &sealer.open("stage void", STAGE_VOIDS, key, stored)?)
}

fn stage_name(s: Stage) -> Option<String> {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string))
}

impl Store {
    /// `participant`'s voids, its stage changes in order, and where `stage_id` stands among
    /// them; refused when there is no such change, or when it is voided already.
    fn stage_to_fix(
        &self,
        participant: &Id,
        stage_id: &Id,
    ) -> Result<(std::collections::BTreeMap<Id, StageVoid>, Vec<StageEvent>, usize)> {
        let voids = self.stage_voids(participant)?;
        let all = self.stages_of(participant)?;
        let Some(at) = all.iter().position(|e| e.id == *stage_id) else {
            return Err(refused(CorrectionRefusal::Missing));
        };
        if voids.contains_key(stage_id) {
            return Err(refused(CorrectionRefusal::AlreadyVoided));
        }
        Ok((voids, all, at))
    }

    /// The voids of a participant's stage changes, by stage change id.
    pub fn stage_voids(&self, participant: &Id) -> Result<std::collections::BTreeMap<Id, StageVoid>> {
        let sealer = self.sealer()?;
        let mut out = std::collections::BTreeMap::new();
        for item in self.stage_voids.scan_prefix(participant.as_str()) {
            let (key, bytes) = item.map_err(storage("reading stage voids"))?;
            let void = open_void(&sealer, &key, &bytes)?;
            out.insert(void.stage_id.clone(), void);
        }
        Ok(out)
    }

    /// Whether a stage change is voided.
    pub(super) fn is_voided(&self, event: &StageEvent) -> Result<bool> {
        self.stage_voids.contains_key(pair(&event.participant_id, &event.id)).map_err(storage("reading stage voids"))
    }

    /// Voids the stage change `stage_id` of `participant`, by `by`, for `reason`: the change
    /// stays stored as it was, a [`StageVoid`] marks it, the participant's stage and its start
    /// follow the changes left, and the audit entry (participant, then stage change; the stage
    /// before → after) is written in the same transaction. Refused, with nothing written,
    /// without a reason, for a change already voided, and for one others depend on (see the
    /// module's documentation).
    pub fn void_stage(&self, participant: &Id, stage_id: &Id, by: &Author, reason: &str) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let reason = required_reason(reason)?;
        let (voids, all, at) = self.stage_to_fix(participant, stage_id)?;
        let counted: Vec<&StageEvent> = all.iter().filter(|e| !voids.contains_key(&e.id)).collect();
        let event = &all[at];
        if all[at + 1..].iter().any(|e| !voids.contains_key(&e.id)) {
            return Err(refused(CorrectionRefusal::LaterStage));
        }
        let under =
            self.interviews_of(participant)?.iter().any(|i| i.status == Status::Final && i.shown_date() >= event.date);
        if under {
            return Err(refused(CorrectionRefusal::InterviewsUnder(event.date)));
        }
        let remaining: Option<&StageEvent> = counted.iter().rev().find(|e| e.id != *stage_id).copied();
        let summary = self.summary(participant)?.ok_or_else(|| refused(CorrectionRefusal::Missing))?;
        let (stage, since) = match remaining {
            Some(e) => (e.stage, e.date),
            None => (Stage::Intake, summary.participant.entry_date),
        };
        let now = Utc::now();
        let void = StageVoid {
            format: VOID_FORMAT,
            participant_id: participant.clone(),
            stage_id: stage_id.clone(),
            by: by.clone(),
            at: now,
            reason: reason.clone(),
            replaced_by: None,
        };
        let sealer = self.sealer()?;
        let bytes = seal_void(&sealer, &void)?;
        let audit_event = AuditEvent::new(AuditAction::StageVoided)
            .by(by.account())
            .record(participant)
            .record(stage_id)
            .change("stage", stage_name(summary.stage), stage_name(stage))
            .change(
                "stage_since",
                Some(summary.stage_since.format("%Y-%m-%d").to_string()),
                Some(since.format("%Y-%m-%d").to_string()),
            )
            .change("voided", Some("no".into()), Some("yes".into()))
            .reason(Some(&reason));
        let (audit_key, audit_event, at) = self.audit_for(audit_event)?;
        let trees = [&self.stage_voids, &self.summaries, &self.meta, &self.audit];
        let r = kv::transaction(trees, |[voids_tx, summaries, meta, audit_tx]| {
            let key = pair(participant, stage_id);
            if voids_tx.get(&key)?.is_some() {
                return Err(abort(refused(CorrectionRefusal::AlreadyVoided)));
            }
            voids_tx.insert(key, bytes.as_slice())?;
            let mut summary = read_summary(&sealer, summaries, participant)?;
            summary.stage = stage;
            summary.stage_since = since;
            summaries.insert(participant.as_str(), packed(&sealer, &summary)?)?;
            audit::append(audit_tx, meta, &audit_key, &audit_event, at)?;
            bump(meta)
        });
        tx_result("voiding a stage change", r)?;
        self.flush()
    }

    /// Corrects the stage change `stage_id` of `participant` to `corrected`'s stage, date and
    /// note (its `reason`), by `by`, for `reason`, on the caller's `today`: one transaction voids
    /// the old change ([`StageVoid::replaced_by`] the new one), records the new one (a new id,
    /// from the stage the old one started from, recorded now by `by`), recomputes the
    /// participant's stage and its start, and appends one audit entry
    /// ([`AuditAction::StageCorrected`]). The corrected change obeys the rules of a change of
    /// stage ([`crate::domain::stage::check`]) from the stage before the old one; see the
    /// module's documentation for what else is refused. Returns the new change. Refused, with
    /// nothing written, without a reason, when nothing changes, for a change already voided.
    pub fn correct_stage(
        &self,
        participant: &Id,
        stage_id: &Id,
        corrected: &StageEvent,
        by: &Author,
        reason: &str,
        today: chrono::NaiveDate,
    ) -> Result<StageEvent> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let reason = required_reason(reason)?;
        let (voids, all, at) = self.stage_to_fix(participant, stage_id)?;
        let summary = self.summary(participant)?.ok_or_else(|| refused(CorrectionRefusal::Missing))?;
        let old = &all[at];
        let counted = |e: &&StageEvent| !voids.contains_key(&e.id);
        let before = all[..at].iter().rev().find(counted);
        let next = all[at + 1..].iter().find(counted);
        let (from, since) = before.map_or((Stage::Intake, summary.participant.entry_date), |e| (e.stage, e.date));
        let note = corrected.reason.trim().to_string();
        if corrected.stage == old.stage && corrected.date == old.date && note == old.reason.trim() {
            return Err(refused(CorrectionRefusal::NothingChanged));
        }
        crate::domain::stage::check(from, since, corrected.stage, corrected.date, today)
            .map_err(crate::error::Error::Stage)?;
        if corrected.stage != old.stage {
            if next.is_some() {
                return Err(refused(CorrectionRefusal::StageKeptByLater));
            }
            let first = old.date.min(corrected.date);
            let under =
                self.interviews_of(participant)?.iter().any(|i| i.status == Status::Final && i.shown_date() >= first);
            if under {
                return Err(refused(CorrectionRefusal::StageKeptByInterviews(first)));
            }
        }
        // The changes are ordered by date, then by when recorded: the new one is recorded now,
        // so on the next change's day or after it would come after that one.
        if let Some(next) = next
            && corrected.date >= next.date
        {
            return Err(refused(CorrectionRefusal::AfterNextStage(next.date)));
        }
        let now = Utc::now();
        let new = StageEvent {
            format: super::RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: participant.clone(),
            from,
            stage: corrected.stage,
            date: corrected.date,
            reason: note,
            interviewer: by.clone(),
            recorded_at: now,
        };
        // The participant's stage: the last change counted once the new one replaces the old.
        let last = all[at + 1..].iter().rev().find(counted).unwrap_or(&new);
        let (stage, stage_since) = (last.stage, last.date);
        let void = StageVoid {
            format: VOID_FORMAT,
            participant_id: participant.clone(),
            stage_id: stage_id.clone(),
            by: by.clone(),
            at: now,
            reason: reason.clone(),
            replaced_by: Some(new.id.clone()),
        };
        let sealer = self.sealer()?;
        let new_key = pair(participant, &new.id);
        let (void_bytes, new_bytes) =
            (seal_void(&sealer, &void)?, super::seal_record(&sealer, super::STAGES, &new_key, &new)?);
        let day = |d: chrono::NaiveDate| Some(d.format("%Y-%m-%d").to_string());
        let audit_event = AuditEvent::new(AuditAction::StageCorrected)
            .by(by.account())
            .record(participant)
            .record(stage_id)
            .record(&new.id)
            .change("stage", stage_name(old.stage), stage_name(new.stage))
            .change("date", day(old.date), day(new.date))
            .change("stage_note", Some(old.reason.clone()), Some(new.reason.clone()))
            .reason(Some(&reason));
        let (audit_key, audit_event, at) = self.audit_for(audit_event)?;
        let trees = [&self.stages, &self.stage_voids, &self.summaries, &self.meta, &self.audit];
        let r = kv::transaction(trees, |[stages, voids_tx, summaries, meta, audit_tx]| {
            let key = pair(participant, stage_id);
            if voids_tx.get(&key)?.is_some() {
                return Err(abort(refused(CorrectionRefusal::AlreadyVoided)));
            }
            voids_tx.insert(key, void_bytes.as_slice())?;
            stages.insert(new_key.as_slice(), new_bytes.as_slice())?;
            let mut summary = read_summary(&sealer, summaries, participant)?;
            summary.stage = stage;
            summary.stage_since = stage_since;
            summary.last_activity = summary.last_activity.max(now);
            summaries.insert(participant.as_str(), packed(&sealer, &summary)?)?;
            audit::append(audit_tx, meta, &audit_key, &audit_event, at)?;
            bump(meta)
        });
        tx_result("correcting a stage change", r)?;
        self.flush()?;
        Ok(new)
    }

    /// Discards the draft `id`, by `by`, for `reason`: it leaves the drafts and the
    /// participant's list, and its tombstone (the draft as stored; who, when, why) is kept in
    /// the versions tree, with the audit entry (participant, then draft), in one transaction.
    /// `may_discard_any`: whether `by` may discard another interviewer's draft (the policy's
    /// [`crate::auth::Action::DiscardAnyDraft`]); without it, a draft that does not name `by`'s
    /// account is refused ([`CorrectionRefusal::NotYourDraft`]). Refused, nothing written,
    /// without a reason or when there is no such draft.
    pub fn discard_draft(&self, id: &Id, by: &Author, may_discard_any: bool, reason: &str) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let reason = required_reason(reason)?;
        let Some(draft) = self.draft(id)? else {
            return Err(refused(CorrectionRefusal::Missing));
        };
        let own = matches!((&draft.interviewer, by.account()), (Author::Account(a), Some(b)) if a == b);
        if !own && !may_discard_any {
            return Err(refused(CorrectionRefusal::NotYourDraft));
        }
        let now = Utc::now();
        let tombstone = Version {
            format: VERSION_FORMAT,
            of: VersionOf::DiscardedDraft,
            record: draft.id.clone(),
            n: 1,
            by: by.clone(),
            at: now,
            reason: Some(reason.clone()),
            form_version: Some(draft.form_version),
            body: String::from_utf8_lossy(&to_json(&draft)?).into_owned(),
        };
        let tomb_key = version_key(&draft.id, 1);
        let tomb = seal_version(&self.sealer()?, &tomb_key, &tombstone)?;
        let event = AuditEvent::new(AuditAction::DraftDiscarded)
            .by(by.account())
            .record(&draft.participant_id)
            .record(&draft.id)
            .set("form", format!("{}@{}", draft.form_id, draft.form_version))
            .change("status", Some("draft".into()), Some("discarded".into()))
            .reason(Some(&reason));
        let (audit_key, event, at) = self.audit_for(event)?;
        let hold = self.hold_row(now);
        let trees = [&self.drafts, &self.by_participant, &self.versions, &self.meta, &self.audit, &self.holds];
        let r = kv::transaction(trees, |[drafts, by_participant, versions, meta, audit_tx, holds]| {
            // Not while someone types into it in another session.
            super::holds::claim_and_let_go(holds, id, hold.as_ref(), now)?;
            if drafts.remove(id.as_str())?.is_none() {
                return Err(abort(refused(CorrectionRefusal::Missing)));
            }
            by_participant.remove(pair(&draft.participant_id, &draft.id))?;
            versions.insert(tomb_key.as_bytes(), tomb.as_slice())?;
            audit::append(audit_tx, meta, &audit_key, &event, at)?;
            bump(meta)
        });
        self.name_the_holder(tx_result("discarding a draft", r))?;
        self.flush()
    }

    /// The tombstones of a participant's discarded drafts, oldest first.
    pub fn discarded_drafts(&self, participant: &Id) -> Result<Vec<(Version, Interview)>> {
        let sealer = self.sealer()?;
        let mut out = Vec::new();
        for item in self.versions.iter() {
            let (key, bytes) = item.map_err(storage("reading versions"))?;
            let version = open_version(&sealer, &key, &bytes)?;
            if version.of != VersionOf::DiscardedDraft {
                continue;
            }
            let draft = version.interview()?;
            if draft.participant_id == *participant {
                out.push((version, draft));
            }
        }
        out.sort_by_key(|(v, _)| v.at);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keyring::KeyProblem;
    use crate::store::tests::{participant, today};
    use crate::store::versions::tests::{encrypted_store, shows_in};

    fn change(p: &super::super::Participant, stage: Stage, day: u32) -> StageEvent {
        StageEvent {
            format: super::super::RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from: Stage::Intake,
            stage,
            date: chrono::NaiveDate::from_ymd_opt(2021, 1, day).unwrap(),
            reason: String::new(),
            interviewer: Author::BeforeAccounts("S".into()),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn on_an_encrypted_store_voids_and_tombstones_are_sealed_and_one_moved_is_named() {
        let (_dir, store) = encrypted_store();
        let (p, q) = (participant("V-1"), participant("V-2"));
        store.register(&p, today()).unwrap();
        store.register(&q, today()).unwrap();
        let by = Author::BeforeAccounts("corrector".into());
        let (a, b) = (change(&p, Stage::InProgramme, 10), change(&q, Stage::InProgramme, 11));
        store.record_stage(&a, today()).unwrap();
        store.record_stage(&b, today()).unwrap();
        store.void_stage(&p.id, &a.id, &by, "entered for Zoubida by mistake").unwrap();
        let corrected = StageEvent { date: chrono::NaiveDate::from_ymd_opt(2021, 1, 12).unwrap(), ..b.clone() };
        let new = store.correct_stage(&q.id, &b.id, &corrected, &by, "the date of Mouhcine's move", today()).unwrap();
        for needle in ["Zoubida", "Mouhcine", "corrector"] {
            assert!(!shows_in(&store.stage_voids, needle), "{needle} shows in the voids");
        }
        let voids = store.stage_voids(&p.id).unwrap();
        assert_eq!(voids[&a.id].reason, "entered for Zoubida by mistake");
        assert_eq!(store.stage_voids(&q.id).unwrap()[&b.id].replaced_by.as_ref(), Some(&new.id));
        assert_eq!(store.summary(&p.id).unwrap().unwrap().stage, Stage::Intake);

        // A discarded draft's tombstone is a sealed version.
        let mut draft = crate::store::tests::final_interview(&p, (2026, 11, 1), (2026, 12, 1));
        draft.status = Status::Draft;
        draft.finalized_at = None;
        draft.answers.insert("notes".into(), crate::store::Answer::Text("Khadija said so".into()));
        store.save_draft(&draft).unwrap();
        store.discard_draft(&draft.id, &by, true, "taken twice").unwrap();
        assert!(!shows_in(&store.versions, "Khadija"));
        let tombs = store.discarded_drafts(&p.id).unwrap();
        assert_eq!(tombs.len(), 1);
        assert_eq!((tombs[0].0.reason.as_deref(), &tombs[0].1.answers), (Some("taken twice"), &draft.answers));

        // p's void put in place of q's: refused, naming q's; p's still read.
        let moved = store.stage_voids.get(pair(&p.id, &a.id)).unwrap().unwrap();
        store.stage_voids.insert(pair(&q.id, &b.id), moved).unwrap();
        match store.stage_voids(&q.id) {
            Err(crate::error::Error::Key(KeyProblem::Altered { what, id })) => {
                assert_eq!((what, id), ("stage void", format!("{}{}", q.id, b.id)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.stage_voids(&p.id).unwrap().len(), 1);
    }
}
