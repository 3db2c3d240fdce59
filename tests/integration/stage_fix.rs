//! Issue 11 (session 18, fix11): a stage change corrected in one step (`c` on its line of the
//! record: the stage form starts from it, a reason is asked, one transaction voids the old change
//! and records the corrected one, one audit entry `stage_corrected`), and a draft discarded from
//! Home's Drafts tab (`x`, a reason asked in a box on Home). Every refusal writes nothing.

use daftar::auth::Role;
use daftar::store::audit::{AuditAction, AuditEntry};
use daftar::store::{Author, Interview, Stage, StageEvent, Status, Store};
use ratatui::crossterm::event::KeyCode;

use crate::support::corrections::*;
use crate::support::*;

fn change<'a>(entry: &'a AuditEntry, field: &str) -> (Option<&'a str>, Option<&'a str>) {
    let c = entry.changes.iter().find(|c| c.field == field).unwrap_or_else(|| panic!("no change of {field}"));
    (c.before.as_deref(), c.after.as_deref())
}

/// Clears the focused one-line input (the form's date) and types `text` into it.
fn retype(h: &mut Harness, text: &str) {
    for _ in 0..30 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(text);
}

/// Said admitted (2024-10-01), then released on 10/01/2025 (a wrong date: it was 05/01), and
/// a follow-up finalized on 01/02/2025, under the release.
fn released_with_a_wrong_date(store: &Store) {
    let p = said(store);
    stage(store, &p, Stage::Intake, Stage::InProgramme, day(2024, 10, 1), "admis");
    stage(store, &p, Stage::InProgramme, Stage::Released, day(2025, 1, 10), "libéré");
    store.finalize(&interview(&p, Author::BeforeAccounts("Samira".into()), Status::Final, day(2025, 2, 1))).unwrap();
}

#[test]
fn a_supervisor_corrects_the_date_of_a_stage_change_that_interviews_depend_on() {
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, released_with_a_wrong_date);
    let p = h.store().participants().unwrap().pop().unwrap();
    let old = h.store().stages_of(&p.id).unwrap()[1].clone();
    h.enter();
    assert_shows(&h.screen(), "Released since 10/01/2025");
    // The timeline, newest first: the interview, the release, the admission.
    h.press(KeyCode::Down).type_text("c");
    let screen = h.screen();
    assert_shows(&screen, "Correct a stage change");
    assert!(h.row(0).concat().contains("Correct a stage change"), "the title bar says so too");
    assert_shows(&screen, "Ctrl-S  check it, then give the reason");
    // The form starts from the change: its stage, date and reason.
    assert_shows(&screen, "(•) Released");
    assert_shows(&screen, "10/01/2025");
    assert_shows(&screen, "libéré");
    // Saved unchanged: nothing to correct, nothing asked.
    h.ctrl('s');
    assert_shows(&h.screen(), "Nothing was changed.");
    assert_hides(&h.screen(), "Correct this stage change?");
    // A date in the future is refused by the stage rules, as on the stage screen.
    h.enter();
    retype(&mut h, "01/01/2099");
    h.ctrl('s');
    assert_shows(&h.screen(), "future");
    assert_hides(&h.screen(), "Correct this stage change?");
    retype(&mut h, "05/01/2025");
    h.ctrl('s');
    let screen = h.screen();
    assert_shows(&screen, "Correct this stage change? The old one stays in the timeline, marked voided.");
    assert_shows(&screen, "Enter  save the corrected stage change");
    // No reason: refused, nothing written; Esc then goes back to the form, Esc to the record.
    let entries = h.store().audit_entries().count();
    h.enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Correct this stage change?");
    assert_shows(&h.screen(), "Correct a stage change");
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Correct a stage change");
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert_eq!(h.store().stages_of(&p.id).unwrap().len(), 2);
    assert_eq!(h.store().audit_entries().count(), entries);
    // Again, with an Arabic reason pasted: corrected.
    h.type_text("c").enter();
    retype(&mut h, "05/01/2025");
    h.ctrl('s').paste("خطأ في التاريخ").enter();
    let screen = h.screen();
    assert_shows(&screen, "Stage change corrected.");
    assert_shows(&screen, "Released since 05/01/2025");
    // Old and new both in the timeline; the old one struck through and named voided.
    assert_shows(&screen, "05/01/2025");
    assert_shows(&screen, "10/01/2025");
    let (x, y) = h.find("voided").expect("the old change named voided");
    assert!(h.style_at(x, y).add_modifier.contains(ratatui::style::Modifier::CROSSED_OUT));
    let store = h.store();
    let stages = store.stages_of(&p.id).unwrap();
    assert_eq!(stages.len(), 3, "the old change is kept as it was");
    assert!(stages.contains(&old));
    let new = stages.iter().find(|e| e.id != old.id && e.stage == Stage::Released).unwrap();
    assert_eq!((new.date, new.from, new.reason.as_str()), (day(2025, 1, 5), Stage::InProgramme, "libéré"));
    assert_eq!(new.interviewer, h.author());
    let void = store.stage_voids(&p.id).unwrap().remove(&old.id).expect("the old change voided");
    assert_eq!((void.reason.as_str(), void.replaced_by.as_ref()), ("خطأ في التاريخ", Some(&new.id)));
    let summary = store.summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::Released, day(2025, 1, 5)));
    store.rebuild_index().unwrap();
    let summary = store.summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::Released, day(2025, 1, 5)), "a rebuild agrees");
    // One audit entry: participant, old change, new change; the date before → after.
    assert_eq!(audited(store, AuditAction::StageCorrected).len(), 1);
    assert!(audited(store, AuditAction::StageVoided).is_empty());
    assert!(audited(store, AuditAction::StageChanged).len() == 2, "no separate stage change is logged");
    let entry = audited(store, AuditAction::StageCorrected).pop().unwrap();
    assert_eq!(entry.records, vec![p.id.to_string(), old.id.to_string(), new.id.to_string()]);
    assert_eq!(change(&entry, "date"), (Some("2025-01-10"), Some("2025-01-05")));
    assert!(entry.changes.iter().all(|c| c.field != "stage"), "the stage did not change");
    assert_eq!(entry.reason.as_deref(), Some("خطأ في التاريخ"));
    assert_eq!(entry.account, Some(store.account_by_username(account_of(Role::Supervisor).0).unwrap().unwrap().id));
    // The participant's history lists it, with the audit screen's words.
    assert!(store.verify_audit(None).unwrap().is_ok());
    h.type_text("h");
    let screen = h.screen();
    assert_shows(&screen, "stage change corrected");
    // Its detail (the newest entry, selected) gives the dates as every other screen does
    // (dd/mm/yyyy), not as the entry stores them.
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "10/01/2025 → 05/01/2025");
    assert_hides(&screen, "2025-01-10");
}

/// Said admitted (2024-10-01) after an intake interview (15/09/2024), then closed by mistake on
/// 10/01/2025: it was a release.
fn closed_by_mistake(store: &Store) {
    let p = said(store);
    store.finalize(&interview(&p, Author::BeforeAccounts("Samira".into()), Status::Final, day(2024, 9, 15))).unwrap();
    stage(store, &p, Stage::Intake, Stage::InProgramme, day(2024, 10, 1), "admis");
    stage(store, &p, Stage::InProgramme, Stage::Closed, day(2025, 1, 10), "fermé");
}

#[test]
fn a_supervisor_corrects_the_stage_of_a_change_and_the_stage_and_due_dates_follow() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, closed_by_mistake);
    let p = h.store().participants().unwrap().pop().unwrap();
    let old = h.store().stages_of(&p.id).unwrap()[1].clone();
    assert_eq!(daftar::app::due(&h.store().summary(&p.id).unwrap().unwrap(), today()), None, "closed: nothing due");
    h.enter();
    // The closure is the newest line. Released is the stage above Closed in the list.
    h.type_text("c").press(KeyCode::Up).press(KeyCode::Up);
    assert_shows(&h.screen(), "(•) Released");
    h.ctrl('s').type_text("released, not closed").enter();
    let screen = h.screen();
    assert_shows(&screen, "Stage change corrected.");
    assert_shows(&screen, "Released since 10/01/2025");
    assert_shows(&screen, "Next: follow_up on 01/12/2024");
    let summary = h.store().summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::Released, day(2025, 1, 10)));
    assert_eq!(daftar::app::due(&summary, today()).map(|d| d.0), Some(day(2024, 12, 1)), "due again");
    let entry = audited(h.store(), AuditAction::StageCorrected).pop().expect("audited");
    assert_eq!(change(&entry, "stage"), (Some("closed"), Some("released")));
    assert_eq!(&entry.records[..2], &[p.id.to_string(), old.id.to_string()]);
    assert!(entry.changes.iter().all(|c| c.field != "date"));
    // The detail on the audit screen names the field and shows before → after.
    h.press(KeyCode::Esc).press(KeyCode::Esc).type_text("l");
    assert_shows(&h.screen(), "stage change …");
    h.press(KeyCode::Down).enter();
    let screen = h.screen();
    assert_shows(&screen, "stage change corrected");
    assert_shows(&screen, "closed → released");
}

#[test]
fn a_correction_to_another_stage_is_refused_where_others_depend_on_it_and_nothing_is_written() {
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, released_with_a_wrong_date);
    let p = h.store().participants().unwrap().pop().unwrap();
    h.enter();
    // Opening the record is noted; nothing after it.
    let entries = h.store().audit_entries().count();
    // The admission: the release starts from it. Its stage cannot change.
    h.press(KeyCode::Down).press(KeyCode::Down).type_text("c").press(KeyCode::Down);
    assert_shows(&h.screen(), "(•) Released");
    h.ctrl('s').type_text("wrong stage").enter();
    // Wrapped under the form.
    let screen = h.screen();
    assert_shows(&screen, "A later stage change starts from this one: only its date or reason can be");
    assert_shows(&screen, "corrected.");
    assert_eq!(h.store().audit_entries().count(), entries);
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    // Its date may be corrected, but not to on or after the release's day (10/01/2025).
    h.press(KeyCode::Up).enter();
    retype(&mut h, "10/01/2025");
    h.ctrl('s').type_text("date").enter();
    assert_shows(&h.screen(), "The corrected date must come before the next stage change (10/01/2025).");
    assert_eq!(h.store().audit_entries().count(), entries);
    // The release: an interview was finalized under it, so its stage stays.
    h.press(KeyCode::Esc).press(KeyCode::Up).type_text("c").press(KeyCode::Down);
    assert_shows(&h.screen(), "(•) Aftercare");
    h.ctrl('s').type_text("wrong").enter();
    assert_shows(&h.screen(), "Interviews were finalized under this stage (from 10/01/2025)");
    assert_eq!(h.store().audit_entries().count(), entries);
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert_eq!(h.store().stages_of(&p.id).unwrap().len(), 2);
    // A voided change is not corrected again.
    let admitted = h.store().stages_of(&p.id).unwrap()[1].clone();
    let by = h.author();
    h.store().void_stage(&p.id, &admitted.id, &by, "test").unwrap_err();
}

#[test]
fn an_interviewer_may_not_correct_a_stage_change() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Interviewer, 80, 24, closed_by_mistake);
    let p = h.store().participants().unwrap().pop().unwrap();
    h.enter().type_text("c");
    let screen = h.screen();
    assert_shows(&screen, "voiding a stage change or correcting it");
    assert_hides(&screen, "Correct a stage change");
    assert!(h.store().stage_voids(&p.id).unwrap().is_empty());
    assert!(audited(h.store(), AuditAction::StageCorrected).is_empty());
}

#[test]
fn the_history_export_carries_a_corrected_stage_change() {
    let dir = tempfile::TempDir::new().unwrap();
    let src = dir.path().join("src");
    let (p, old, new) = {
        let store = Store::open(&src).unwrap();
        give_account(&store, Role::Administrator);
        let p = said(&store);
        stage(&store, &p, Stage::Intake, Stage::InProgramme, day(2024, 10, 1), "admis");
        let old = stage(&store, &p, Stage::InProgramme, Stage::Closed, day(2025, 1, 10), "fermé");
        let admin = account(&store, Role::Administrator);
        let corrected =
            StageEvent { stage: Stage::Released, date: day(2025, 1, 8), reason: "libéré".into(), ..old.clone() };
        let new = store.correct_stage(&p.id, &old.id, &corrected, &admin, "erreur d'étape", today()).unwrap();
        (p, old, new)
    };
    let file = dir.path().join("history.jsonl");
    let out = daftar_admin(&src, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dst = dir.path().join("dst");
    let out = daftar_as(&dst, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let target = open_as_admin(&dst);
    let void = target.stage_voids(&p.id).unwrap().remove(&old.id).expect("the void is carried");
    assert_eq!((void.reason.as_str(), void.replaced_by), ("erreur d'étape", Some(new.id.clone())));
    assert_eq!(target.stages_of(&p.id).unwrap().len(), 3, "old and new both carried");
    let summary = target.summary(&p.id).unwrap().unwrap();
    assert_eq!((summary.stage, summary.stage_since), (Stage::Released, day(2025, 1, 8)));
    let entry = audited(&target, AuditAction::StageCorrected).pop().expect("the entry is carried");
    assert_eq!(entry.records, vec![p.id.to_string(), old.id.to_string(), new.id.to_string()]);
    assert_eq!(change(&entry, "stage"), (Some("closed"), Some("released")));
    assert_eq!(change(&entry, "date"), (Some("2025-01-10"), Some("2025-01-08")));
    assert_eq!(change(&entry, "stage_note"), (Some("fermé"), Some("libéré")));
    assert!(target.verify_audit(None).unwrap().is_ok());
    // The participant's history (the index by record) lists it.
    let page = target.record_history(p.id.as_str(), None, 100).unwrap();
    assert!(page.entries.iter().any(|e| e.action() == Some(AuditAction::StageCorrected)));
}

/// Said with a draft of the test account of `role` (01/02/2025), then one of the
/// administrator's (03/02/2025, saved last).
fn two_drafts(role: Role) -> impl FnOnce(&Store) {
    move |store: &Store| {
        let p = said(store);
        let mine = account(store, role);
        store.save_draft(&interview(&p, mine, Status::Draft, day(2025, 2, 1))).unwrap();
        let admin = account(store, Role::Administrator);
        let mut other = interview(&p, admin, Status::Draft, day(2025, 2, 3));
        other.form_id = "follow_up".into();
        store.save_draft(&other).unwrap();
    }
}

fn drafts_by(store: &Store, role: Role) -> Vec<Interview> {
    let by = account(store, role);
    let p = store.participants().unwrap().pop().unwrap();
    store
        .interviews_of(&p.id)
        .unwrap()
        .into_iter()
        .filter(|i| i.status == Status::Draft && i.interviewer == by)
        .collect()
}

#[test]
fn an_interviewer_discards_their_own_draft_from_the_drafts_tab() {
    // The interviewer's Drafts tab lists only their own draft, not the administrator's.
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Interviewer, 80, 24, two_drafts(Role::Interviewer));
    let p = h.store().participants().unwrap().pop().unwrap();
    let mine = drafts_by(h.store(), Role::Interviewer).pop().unwrap();
    h.shift_tab();
    let screen = h.screen();
    assert_shows(&screen, "Drafts (1)");
    assert_shows(&screen, "x  discard the selected draft");
    // The list's box is titled for the tab, not "Participants"; one's own drafts need no
    // interviewer column: the file number is there instead.
    assert!(h.row(2).concat().starts_with("┌Drafts (1)"), "{:?}", h.row(2).concat());
    assert!(h.row(3).concat().contains("File no.") && !h.row(3).concat().contains("Interviewer"), "{screen}");
    // Esc: nothing written.
    h.type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "Discard this draft? Its answers stay in the history.");
    // Its box says what the reason is for: a discard, not "the correction".
    assert_shows(&screen, "Reason for discarding");
    assert_hides(&screen, "Reason for the correction");
    assert_shows(&screen, "Enter  discard it with the reason");
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Discard this draft?");
    assert!(h.store().draft(&mine.id).unwrap().is_some());
    // No reason: refused, nothing written.
    let entries = h.store().audit_entries().count();
    h.type_text("x").enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    assert!(h.store().draft(&mine.id).unwrap().is_some());
    assert_eq!(h.store().audit_entries().count(), entries);
    // With a reason typed in Arabic through the keyboard layer (F2).
    h.press(KeyCode::F(2)).type_text("o;hx");
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "Draft discarded.");
    assert_shows(&screen, "Drafts (0)");
    assert_shows(&screen, "No draft.");
    let store = h.store();
    assert!(store.draft(&mine.id).unwrap().is_none());
    let tomb = store.versions(daftar::store::VersionOf::DiscardedDraft, &mine.id).unwrap();
    assert_eq!(tomb.len(), 1);
    assert_eq!(tomb[0].interview().unwrap(), mine, "the draft kept as it was");
    assert_eq!(tomb[0].by, h.author());
    let reason = tomb[0].reason.clone().unwrap();
    assert!(reason.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "typed in Arabic: {reason}");
    let entry = audited(store, AuditAction::DraftDiscarded).pop().expect("the discard is audited");
    assert_eq!(entry.records, vec![p.id.to_string(), mine.id.to_string()]);
    assert_eq!(entry.reason.as_deref(), Some(reason.as_str()));
    // The administrator's draft is untouched.
    assert_eq!(drafts_by(store, Role::Administrator).len(), 1);
}

#[test]
fn a_supervisor_discards_anyones_draft_from_the_drafts_tab_and_refusals_write_nothing() {
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, two_drafts(Role::Supervisor));
    let own = drafts_by(h.store(), Role::Supervisor).pop().unwrap();
    let theirs = drafts_by(h.store(), Role::Administrator).pop().unwrap();
    h.shift_tab();
    assert_shows(&h.screen(), "Drafts (2)");
    // Everyone's drafts: each line says whose it is and which form.
    let screen = h.screen();
    assert!(h.row(3).concat().contains("Interviewer") && h.row(3).concat().contains("Form"), "{screen}");
    assert_shows(&screen, "Test Administrator");
    assert_shows(&screen, "Sara Supervisor");
    // Latest first: the administrator's, then the supervisor's own. Another session discards
    // the supervisor's own meanwhile: the store refuses, the list is read again.
    h.store().discard_draft(&own.id, &h.author(), false, "elsewhere").unwrap();
    let entries = h.store().audit_entries().count();
    h.press(KeyCode::Down).type_text("x").type_text("duplicate").enter();
    let screen = h.screen();
    assert_shows(&screen, "The record to correct is not in the store.");
    assert_shows(&screen, "Drafts (1)");
    assert_hides(&screen, "Discard this draft?");
    assert_eq!(h.store().audit_entries().count(), entries);
    // The administrator's draft: a supervisor may discard anyone's.
    h.press(KeyCode::Up).type_text("x").type_text("wrong participant").enter();
    let screen = h.screen();
    assert_shows(&screen, "Draft discarded.");
    assert_shows(&screen, "Drafts (0)");
    assert!(h.store().draft(&theirs.id).unwrap().is_none());
    let entry = audited(h.store(), AuditAction::DraftDiscarded).pop().unwrap();
    assert_eq!((entry.records[1].as_str(), entry.reason.as_deref()), (theirs.id.as_str(), Some("wrong participant")));
    // `x` discards only on the Drafts tab: on the participants' list it does nothing.
    h.press(KeyCode::Tab);
    let entries = h.store().audit_entries().count();
    h.type_text("x");
    assert_hides(&h.screen(), "Discard this draft?");
    assert_eq!(h.store().audit_entries().count(), entries);
}

#[test]
fn a_supervisor_made_interviewer_may_not_discard_another_interviewers_draft_from_the_list_shown() {
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, two_drafts(Role::Supervisor));
    let theirs = drafts_by(h.store(), Role::Administrator).pop().unwrap();
    h.shift_tab();
    assert_shows(&h.screen(), "Drafts (2)");
    // Meanwhile an administrator makes the account an interviewer; the session learns it as
    // the app does after any account effect, while the list on screen is still a supervisor's.
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    let admin = h.store().log_in(ADMIN, &pw, chrono::Utc::now()).unwrap().into_session();
    h.store().set_role(&admin, account_of(Role::Supervisor).0, Role::Interviewer).unwrap();
    let mut session = h.app.state.session.take().unwrap();
    h.store().refresh_session(&mut session).unwrap();
    h.app.state.session = Some(session);
    let entries = h.store().audit_entries().count();
    // The administrator's draft, first (latest).
    h.type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "This draft was started by another interviewer: only a supervisor may discard it.");
    assert_hides(&screen, "Discard this draft?");
    assert!(h.store().draft(&theirs.id).unwrap().is_some());
    assert_eq!(h.store().audit_entries().count(), entries);
}

#[test]
fn the_reason_box_says_what_its_key_saves() {
    // A void on the record.
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, closed_by_mistake);
    h.enter().type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "Void this stage change?");
    assert_shows(&screen, "Enter  void it with the reason");
    assert_hides(&screen, "save the correction with its reason");
    // The correction of a stage change says so.
    h.press(KeyCode::Esc).type_text("c").press(KeyCode::Up).press(KeyCode::Up).ctrl('s');
    assert_shows(&h.screen(), "Enter  save the corrected stage change");
    // In French, on the Drafts tab.
    let mut h =
        Harness::logged_in_prepared(daftar::i18n::Lang::Fr, Role::Supervisor, 80, 24, two_drafts(Role::Supervisor));
    h.shift_tab().type_text("x");
    let screen = h.screen();
    assert_shows(&screen, "l'abandonner avec le motif");
    // The help lists the key with the same words.
    h.press(KeyCode::F(1));
    assert_shows(&h.screen(), "l'abandonner avec le motif");
    // A return's comment, from the review queue (the only item: the oldest first).
    let prepare = |store: &Store| {
        give_account(store, Role::Interviewer);
        install(store, "forms/valid_training.toml");
        finalized_training(store, "Said F-1", "F-1", account(store, Role::Interviewer));
    };
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, prepare);
    // All, Overdue, Due this week, To review.
    h.tab().tab().tab().enter().type_text("R");
    let screen = h.screen();
    assert_shows(&screen, "Comment for the interviewer");
    assert_shows(&screen, "return it with the comment");
    assert_hides(&screen, "save the correction with its reason");
}

#[test]
fn a_correction_in_french_and_arabic_says_its_refusal_whole_at_80_columns() {
    for (lang, words) in [
        (daftar::i18n::Lang::Fr, ["Corriger un changement d'étape", "peuvent être corrigés."]),
        (daftar::i18n::Lang::Ar, ["تصحيح تغيير مرحلة", "لا يُصحَّح إلا تاريخه أو سببه"]),
    ] {
        let mut h = Harness::logged_in_prepared(lang, Role::Supervisor, 80, 24, released_with_a_wrong_date);
        let entries = h.store().audit_entries().count();
        // The admission (the oldest line): another stage, refused as the release starts from it.
        h.enter().press(KeyCode::Down).press(KeyCode::Down).type_text("c").press(KeyCode::Down);
        h.ctrl('s').paste("خطأ").enter();
        let screen = h.screen();
        for w in words {
            // Arabic as the screen shows it (reordered and shaped), French as written.
            let w = if lang == daftar::i18n::Lang::Ar { shown(w) } else { w.to_string() };
            assert_shows(&screen, &w);
        }
        // Only the record's opening was written.
        assert_eq!(h.store().audit_entries().count(), entries + 1);
    }
}
