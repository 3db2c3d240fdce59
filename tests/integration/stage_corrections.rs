//! Issue 11, part 1 item 1 (session 17): a stage change voided and a draft discarded, from the
//! record's timeline with `x`, a reason asked; nothing is erased. A voided change stays stored
//! and in the timeline (struck through, named "voided"); the stage and due dates follow the
//! others. A discarded draft leaves the lists; its tombstone (the draft as it was) stays in the
//! versions tree. Every refusal writes nothing; the history export carries both.

use daftar::auth::Role;
use daftar::store::audit::AuditAction;
use daftar::store::{Author, Stage, Status, Store, VersionOf};
use ratatui::crossterm::event::KeyCode;

use crate::support::corrections::*;
use crate::support::*;

/// Said with two stage changes: intake → in programme (2024-10-01), then → released (2025-01-10).
fn two_changes(store: &Store) {
    let p = said(store);
    stage(store, &p, Stage::Intake, Stage::InProgramme, day(2024, 10, 1), "admis");
    stage(store, &p, Stage::InProgramme, Stage::Released, day(2025, 1, 10), "libéré par erreur");
}

#[test]
fn a_supervisor_voids_a_stage_change_and_the_stage_follows_the_others() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, two_changes);
    let p = h.store().participants().unwrap().pop().unwrap();
    let stages = h.store().stages_of(&p.id).unwrap();
    let (admitted, released) = (stages[0].clone(), stages[1].clone());
    h.enter();
    assert_shows(&h.screen(), "Released since");
    // The first change is depended on: the later one starts from it. Refused, nothing written.
    let entries = h.store().audit_entries().count();
    h.press(KeyCode::Down).type_text("x");
    assert_shows(&h.screen(), "Void this stage change?");
    assert_shows(&h.screen(), "Reason for the void");
    h.type_text("mistake").enter();
    assert_shows(&h.screen(), "A later stage change starts from this one");
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert_eq!(h.store().audit_entries().count(), entries);
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Void this stage change?");
    // The later one: no reason is refused, nothing written.
    h.press(KeyCode::Up).type_text("x").enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert_eq!(h.store().audit_entries().count(), entries);
    // With an Arabic reason, pasted: voided.
    h.paste("خطأ في الإدخال").enter();
    let screen = h.screen();
    assert_shows(&screen, "Stage change voided.");
    assert_shows(&screen, "In programme since 01/10/2024");
    assert_shows(&screen, "voided");
    // Struck through as well as named.
    let (x, y) = h.find("voided").expect("the word voided on the timeline");
    assert!(h.style_at(x, y).add_modifier.contains(ratatui::style::Modifier::CROSSED_OUT));
    let store = h.store();
    // The change itself is intact and still listed; the void says who, when, why.
    assert_eq!(store.stages_of(&p.id).unwrap(), vec![admitted.clone(), released.clone()]);
    let void = store.stage_voids(&p.id).unwrap().remove(&released.id).expect("the void");
    assert_eq!((void.by.clone(), void.reason.as_str()), (h.author(), "خطأ في الإدخال"));
    let summary = store.summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::InProgramme, day(2024, 10, 1)));
    // The index rebuilt from the records agrees.
    store.rebuild_index().unwrap();
    assert_eq!(store.summary(&p.id).unwrap().unwrap().stage, Stage::InProgramme);
    let entry = audited(store, AuditAction::StageVoided).pop().expect("the void is audited");
    assert_eq!(entry.records, vec![p.id.to_string(), released.id.to_string()]);
    assert_eq!(entry.reason.as_deref(), Some("خطأ في الإدخال"));
    let change = entry.changes.iter().find(|c| c.field == "stage").unwrap();
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("released"), Some("in_programme")));
    // Now the first one no longer has a change after it: voided too, back to intake.
    h.press(KeyCode::Down).type_text("x").type_text("doublon").enter();
    assert_shows(&h.screen(), "Stage change voided.");
    let summary = h.store().summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::Intake, p.entry_date));
    // A voided one cannot be voided again.
    h.type_text("x");
    assert_shows(&h.screen(), "already voided");
    assert_eq!(audited(h.store(), AuditAction::StageVoided).len(), 2);
}

#[test]
fn a_change_with_interviews_under_it_is_not_voided_and_due_dates_follow_a_void() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, |store| {
        let p = said(store);
        // Taken in intake, scheduling a follow-up; then the file closed by mistake.
        store
            .finalize(&interview(&p, Author::BeforeAccounts("Samira".into()), Status::Final, day(2024, 9, 15)))
            .unwrap();
        stage(store, &p, Stage::Intake, Stage::InProgramme, day(2024, 9, 10), "admis");
        stage(store, &p, Stage::InProgramme, Stage::Closed, day(2024, 11, 1), "fermé par erreur");
    });
    let p = h.store().participants().unwrap().pop().unwrap();
    let summary = h.store().summary(&p.id).unwrap().unwrap();
    assert_eq!(daftar::app::due(&summary, today()), None, "a closed file is due nothing");
    h.enter();
    // The closure: voided, and the follow-up is due again.
    h.type_text("x").type_text("closed by mistake").enter();
    assert_shows(&h.screen(), "Stage change voided.");
    let summary = h.store().summary(&p.id).unwrap().unwrap();
    assert_eq!(summary.stage, Stage::InProgramme);
    assert_eq!(daftar::app::due(&summary, today()).map(|d| d.0), Some(day(2024, 12, 1)));
    assert_shows(&h.screen(), "Next: follow_up on 01/12/2024");
    // The admission: the interview of 15/09/2024 was taken under the stage it opened.
    let entries = h.store().audit_entries().count();
    // The timeline, newest first: closure (voided), interview, admission.
    h.press(KeyCode::Down).press(KeyCode::Down).type_text("x").type_text("wrong").enter();
    assert_shows(&h.screen(), "Interviews were finalized under the stage this change opened");
    assert_eq!(h.store().audit_entries().count(), entries);
    assert_eq!(h.store().stage_voids(&p.id).unwrap().len(), 1);
}

#[test]
fn an_interviewer_may_not_void_a_stage_change() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Interviewer, 80, 24, two_changes);
    let p = h.store().participants().unwrap().pop().unwrap();
    h.enter().type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "voiding a stage change");
    assert_hides(&screen, "Void this stage change?");
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert!(audited(h.store(), AuditAction::StageVoided).is_empty());
    // Nor through the store's own refusal on a reason-less void.
    let err = h.store().void_stage(&p.id, &h.store().stages_of(&p.id).unwrap()[1].id, &h.author(), "  ");
    assert!(err.is_err());
}

#[test]
fn an_interviewer_discards_their_own_draft_and_its_tombstone_stays() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Interviewer, 80, 24, |store| {
        let p = said(store);
        let mine = account(store, Role::Interviewer);
        store.save_draft(&interview(&p, mine, Status::Draft, day(2025, 2, 1))).unwrap();
    });
    let p = h.store().participants().unwrap().pop().unwrap();
    let draft = h.store().interviews_of(&p.id).unwrap().pop().unwrap();
    h.enter();
    assert_shows(&h.screen(), "01/02/2025  Intake interview                     draft");
    h.type_text("x");
    assert_shows(&h.screen(), "Discard this draft?");
    // Esc: nothing written.
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Discard this draft?");
    assert!(h.store().draft(&draft.id).unwrap().is_some());
    h.type_text("x").type_text("wrong participant").enter();
    let screen = h.screen();
    assert_shows(&screen, "Draft discarded.");
    assert_hides(&screen, "01/02/2025");
    let store = h.store();
    assert!(store.draft(&draft.id).unwrap().is_none());
    assert!(store.interviews_of(&p.id).unwrap().is_empty());
    store.rebuild_index().unwrap();
    assert!(store.interviews_of(&p.id).unwrap().is_empty(), "a rebuild does not bring it back");
    let tomb = store.versions(VersionOf::DiscardedDraft, &draft.id).unwrap();
    assert_eq!(tomb.len(), 1);
    assert_eq!((tomb[0].by.clone(), tomb[0].reason.as_deref()), (h.author(), Some("wrong participant")));
    assert_eq!(tomb[0].interview().unwrap(), draft, "its answers as they were");
    assert_eq!(store.discarded_drafts(&p.id).unwrap().len(), 1);
    let entry = audited(store, AuditAction::DraftDiscarded).pop().expect("the discard is audited");
    assert_eq!(entry.records, vec![p.id.to_string(), draft.id.to_string()]);
    assert_eq!(entry.reason.as_deref(), Some("wrong participant"));
}

#[test]
fn another_interviewers_draft_is_refused_to_an_interviewer_and_discarded_by_a_supervisor() {
    let prepare = |store: &Store| {
        let p = said(store);
        let admin = account(store, Role::Administrator);
        store.save_draft(&interview(&p, admin, Status::Draft, day(2025, 2, 1))).unwrap();
    };
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Interviewer, 80, 24, prepare);
    let p = h.store().participants().unwrap().pop().unwrap();
    let draft = h.store().interviews_of(&p.id).unwrap().pop().unwrap();
    h.enter().type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "only a supervisor may discard it");
    assert_hides(&screen, "Discard this draft?");
    assert!(h.store().draft(&draft.id).unwrap().is_some());
    // The store refuses it too, whatever the interface does.
    let err = h.store().discard_draft(&draft.id, &h.author(), false, "mine now").unwrap_err();
    assert!(err.to_string().contains("only a supervisor"), "{err}");
    assert!(h.store().draft(&draft.id).unwrap().is_some());
    assert!(audited(h.store(), AuditAction::DraftDiscarded).is_empty());

    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, prepare);
    let p = h.store().participants().unwrap().pop().unwrap();
    let draft = h.store().interviews_of(&p.id).unwrap().pop().unwrap();
    h.enter().type_text("x").type_text("abandoned").enter();
    assert_shows(&h.screen(), "Draft discarded.");
    assert!(h.store().draft(&draft.id).unwrap().is_none());
    assert_eq!(h.store().versions(VersionOf::DiscardedDraft, &draft.id).unwrap().len(), 1);
}

#[test]
fn the_history_export_carries_voids_and_tombstones() {
    let dir = tempfile::TempDir::new().unwrap();
    let src = dir.path().join("src");
    let (p, released, draft) = {
        let store = Store::open(&src).unwrap();
        give_account(&store, Role::Administrator);
        let p = said(&store);
        stage(&store, &p, Stage::Intake, Stage::InProgramme, day(2024, 10, 1), "admis");
        let released = stage(&store, &p, Stage::InProgramme, Stage::Released, day(2025, 1, 10), "erreur");
        let admin = account(&store, Role::Administrator);
        let draft = interview(&p, admin.clone(), Status::Draft, day(2025, 2, 1));
        store.save_draft(&draft).unwrap();
        store.void_stage(&p.id, &released.id, &admin, "saisie erronée").unwrap();
        store.discard_draft(&draft.id, &admin, true, "mauvais participant").unwrap();
        (p, released, draft)
    };
    let file = dir.path().join("history.jsonl");
    let out = daftar_admin(&src, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dst = dir.path().join("dst");
    let out = daftar_as(&dst, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let target = open_as_admin(&dst);
    let void = target.stage_voids(&p.id).unwrap().remove(&released.id).expect("the void is carried");
    assert_eq!(void.reason, "saisie erronée");
    assert_eq!(target.summary(&p.id).unwrap().unwrap().stage, Stage::InProgramme);
    assert_eq!(target.stages_of(&p.id).unwrap().len(), 2, "the voided change is carried too");
    let tomb = target.versions(VersionOf::DiscardedDraft, &draft.id).unwrap();
    assert_eq!(tomb.len(), 1);
    assert_eq!(tomb[0].interview().unwrap(), draft);
    assert!(target.draft(&draft.id).unwrap().is_none());
    assert_eq!(audited(&target, AuditAction::StageVoided).len(), 1);
    assert_eq!(audited(&target, AuditAction::DraftDiscarded).len(), 1);
    assert!(target.verify_audit(None).unwrap().is_ok());
}
