//! Issue 11, item 1: corrections are new versions, never overwrites. Through the keys: a
//! participant's details corrected from the record (the registration form prefilled, its rules,
//! a reason asked, Esc leaving nothing written), and a finalized interview amended.

use daftar::auth::Role;
use daftar::store::audit::AuditAction;
use daftar::store::{Participant, VersionOf};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// Registers Said from Home and lands on his record.
fn said(h: &mut Harness) -> Participant {
    h.register("سعيد العلمي", "Said Alami", "12/03/1990", "F-2024/0153");
    assert_shows(&h.screen(), "Participant registered.");
    h.store().participants().unwrap().into_iter().find(|p| p.file_number == "F-2024/0153").unwrap()
}

/// Replaces the text of the focused field of the form.
fn retype(h: &mut Harness, text: &str) {
    h.press(KeyCode::End);
    for _ in 0..40 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(text);
}

fn audit_count(h: &Harness) -> usize {
    h.store().audit_entries().count()
}

#[test]
fn a_participants_details_are_corrected_from_the_record_as_a_new_version() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let before = said(&mut h);
    h.type_text("e");
    let screen = h.screen();
    assert_shows(&screen, "Correct the participant's details");
    assert_shows(&screen, "Said Alami");
    assert_shows(&screen, "F-2024/0153");
    // The Latin name corrected; Ctrl-S checks the form as registration does, then asks why.
    h.tab();
    retype(&mut h, "Saïd Alami");
    h.ctrl('s');
    assert_shows(&h.screen(), "Reason for the correction");
    // No reason: refused with a message, nothing written.
    let entries = audit_count(&h);
    h.enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    assert_eq!(h.store().participant(&before.id).unwrap().unwrap(), before);
    assert_eq!(h.store().version_count(&before.id).unwrap(), 1);
    assert_eq!(audit_count(&h), entries);
    // An Arabic reason, typed through the Arabic layer (F2) and pasted.
    h.press(KeyCode::F(2)).type_text("hgs").press(KeyCode::F(2)).paste(" خطأ في الاسم").enter();
    let screen = h.screen();
    assert_shows(&screen, "Correction saved as version 2.");
    assert_shows(&screen, "Saïd Alami");
    let store = h.store();
    let now = store.participant(&before.id).unwrap().unwrap();
    assert_eq!(now.name_latin, "Saïd Alami");
    assert_eq!((now.registered_at, &now.registered_by), (before.registered_at, &before.registered_by));
    let versions = store.versions(VersionOf::Participant, &before.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].participant().unwrap(), before, "version 1 stays as it was");
    assert_eq!(versions[1].by, h.author());
    let reason = versions[1].reason.clone().unwrap();
    assert!(reason.ends_with("خطأ في الاسم") && reason.chars().count() > "خطأ في الاسم".chars().count(), "{reason}");
    let entry = store
        .audit_entries()
        .map(Result::unwrap)
        .find(|e| e.action() == Some(AuditAction::ParticipantEdited))
        .expect("the correction is in the audit trail");
    assert_eq!(entry.reason.as_deref(), Some(reason.as_str()));
    let change = entry.changes.iter().find(|c| c.field == "name_latin").unwrap();
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("Said Alami"), Some("Saïd Alami")));
    // The record shown again after the correction is the same visit: its opening is noted once,
    // not once more at the reload (the history would fill with them).
    let kinds: Vec<_> = store.audit_entries().map(|e| e.unwrap().action()).collect();
    let after_edit = kinds.iter().rposition(|a| *a == Some(AuditAction::ParticipantEdited)).unwrap();
    assert!(!kinds[after_edit..].contains(&Some(AuditAction::RecordOpened)), "{kinds:?}");
    let opened = |h: &Harness| {
        h.store().audit_entries().filter(|e| e.as_ref().unwrap().action() == Some(AuditAction::RecordOpened)).count()
    };
    let visits = opened(&h);
    // The home list and search follow the correction.
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Saïd Alami");
    // A new visit is noted again.
    h.enter();
    assert_shows(&h.screen(), "Saïd Alami");
    assert_eq!(opened(&h), visits + 1);
}

#[test]
fn esc_leaves_a_correction_with_nothing_written() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let before = said(&mut h);
    // Unchanged: Esc goes straight back to the record.
    h.type_text("e").press(KeyCode::Esc);
    assert_shows(&h.screen(), "Interviews");
    // Changed, then Esc: asked first, and yes leaves for the record with nothing written.
    h.type_text("e").tab();
    retype(&mut h, "Someone Else");
    h.press(KeyCode::Esc);
    h.type_text("y");
    let screen = h.screen();
    assert_hides(&screen, "Correct the participant's details");
    assert_shows(&screen, "Said Alami");
    // Even from the reason: Esc goes back to the form, and from there to the record.
    h.type_text("e").tab();
    retype(&mut h, "Someone Else");
    h.ctrl('s');
    assert_shows(&h.screen(), "Reason for the correction");
    h.type_text("because").press(KeyCode::Esc);
    assert_hides(&h.screen(), "Reason for the correction");
    h.press(KeyCode::Esc).type_text("y");
    assert_eq!(h.store().participant(&before.id).unwrap().unwrap(), before);
    assert_eq!(h.store().version_count(&before.id).unwrap(), 1);
    assert!(!h.store().audit_entries().map(Result::unwrap).any(|e| e.action() == Some(AuditAction::ParticipantEdited)));
}

#[test]
fn a_correction_keeps_the_rules_of_registration() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let said = said(&mut h);
    h.press(KeyCode::Esc);
    h.register("كريم", "Karim Bennani", "01/01/1985", "F-2024/0200");
    assert_shows(&h.screen(), "Participant registered.");
    // Karim's file number corrected to one that only looks new beside Said's.
    h.type_text("e").tab().tab().tab();
    retype(&mut h, "f-٢٠٢٤/٠١٥٣");
    h.ctrl('s');
    let screen = h.screen();
    assert_shows(&screen, "F-2024/0153");
    assert_hides(&screen, "Reason for the correction");
    // A birth date after the entry date, as registration refuses it.
    retype(&mut h, "F-2024/0201");
    h.shift_tab();
    retype(&mut h, "01/01/2030");
    h.ctrl('s');
    assert_hides(&h.screen(), "Reason for the correction");
    let karim = h.store().participants().unwrap().into_iter().find(|p| p.id != said.id).unwrap();
    assert_eq!(karim.file_number, "F-2024/0200");
    assert_eq!(h.store().version_count(&karim.id).unwrap(), 1);
    // Nothing changed: said so, no reason asked.
    retype(&mut h, "01/01/1985");
    h.tab();
    retype(&mut h, "F-2024/0200");
    h.ctrl('s');
    let screen = h.screen();
    assert_shows(&screen, "Nothing was changed.");
    assert_hides(&screen, "Reason for the correction");
}

/// A store with the training form (version 1), Said registered, and a training interview of his
/// finalized with it; then version 2 of the form installed, as an upgrade would.
pub(crate) fn store_with_a_finalized_training(store: &daftar::store::Store) {
    use daftar::store::Author;
    install(store, "forms/valid_training.toml");
    finalized_training(store, "Said Alami", "F-2024/0153", Author::BeforeAccounts("Samira".into()));
    install(store, "forms/training_v2.toml");
}

/// From Home: Said's record, his finalized training interview selected, amended with `a`.
fn amend_the_training(h: &mut Harness) -> daftar::store::Interview {
    h.enter();
    assert_shows(&h.screen(), "Vocational training");
    let interview = h.store().all_interviews().unwrap().pop().unwrap();
    h.type_text("a");
    interview
}

fn to_review(h: &mut Harness) {
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
    }
    assert_shows(&h.screen(), "Review");
}

#[test]
fn an_interview_is_amended_with_its_form_version_and_the_version_before_stays() {
    let mut h =
        Harness::prepared(daftar::i18n::Lang::En, Some("Samira"), 80, 24, None, store_with_a_finalized_training);
    let taken = amend_the_training(&mut h);
    // The wizard is on a copy, with the form version it was taken with (not version 2).
    let screen = h.screen();
    assert_shows(&screen, "Amending: nothing is saved until you finalize it with a reason.");
    assert_shows(&screen, "Trade");
    assert_hides(&screen, "Craft learnt");
    match &h.app.state.screen {
        daftar::app::Screen::Wizard(w) => assert_eq!((w.form.version, w.interview.form_version), (1, 1)),
        _ => panic!("the wizard is open"),
    }
    // Hours corrected from 10 to 12; nothing is written while amending.
    h.enter().enter();
    retype(&mut h, "12");
    h.enter();
    assert!(h.store().all_interviews().unwrap().iter().all(|i| i.status == daftar::store::Status::Final));
    assert_eq!(h.store().interview(&taken.id).unwrap().unwrap(), taken);
    to_review(&mut h);
    // Finalizing asks the reason; an empty one is refused, nothing written.
    h.type_text("f");
    assert_shows(&h.screen(), "Reason for the correction");
    h.enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    assert_eq!(h.store().version_count(&taken.id).unwrap(), 1);
    h.paste("ساعات خاطئة").enter();
    let screen = h.screen();
    assert_shows(&screen, "Correction saved as version 2.");
    assert_shows(&screen, "amended, 2 versions");
    let store = h.store();
    let now = store.interview(&taken.id).unwrap().unwrap();
    assert_eq!(now.answers.get("hours"), Some(&daftar::store::Answer::Integer(12)));
    assert_eq!((now.form_version, now.finalized_at, &now.interviewer), (1, taken.finalized_at, &taken.interviewer));
    assert_eq!(store.interview_version(&taken.id, 1).unwrap().unwrap(), taken, "version 1 as it was");
    let versions = store.versions(VersionOf::Interview, &taken.id).unwrap();
    assert_eq!(versions[1].reason.as_deref(), Some("ساعات خاطئة"));
    assert_eq!(versions[1].by, h.author());
    assert_eq!(versions.iter().map(|v| v.form_version).collect::<Vec<_>>(), vec![Some(1), Some(1)]);
    let entry = store
        .audit_entries()
        .map(Result::unwrap)
        .find(|e| e.action() == Some(AuditAction::InterviewAmended))
        .expect("the amendment is in the audit trail");
    let change = entry.changes.iter().find(|c| c.field == "hours").unwrap();
    assert!(change.before.as_deref().unwrap().contains("10") && change.after.as_deref().unwrap().contains("12"));
    // Once more: version 3, made from version 2.
    h.type_text("a");
    h.enter().enter();
    retype(&mut h, "14");
    h.enter();
    to_review(&mut h);
    h.type_text("f").type_text("again").enter();
    assert_shows(&h.screen(), "amended, 3 versions");
    assert_eq!(h.store().interview_version(&taken.id, 2).unwrap().unwrap(), now);
    // Opened read-only, it shows the newest version; ← goes back through the earlier ones,
    // each exactly as it was, saying who made it, when and why.
    h.enter();
    let shown_hours = |h: &Harness| match &h.app.state.screen {
        daftar::app::Screen::Wizard(w) => w.interview.answers.get("hours").cloned(),
        _ => panic!("the interview is open"),
    };
    let screen = h.screen();
    assert_shows(&screen, "version 3 of 3");
    assert_shows(&screen, ": again");
    assert_eq!(shown_hours(&h), Some(daftar::store::Answer::Integer(14)));
    h.press(KeyCode::Left);
    let screen = h.screen();
    assert_shows(&screen, "version 2 of 3");
    // The status line, without the isolates around each value.
    let status = h.app.state.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    let status: String = status.chars().filter(|c| !('\u{2066}'..='\u{2069}').contains(c)).collect();
    assert!(status.starts_with("Version 2 of 3") && status.ends_with("by Test Administrator: ساعات خاطئة"), "{status}");
    assert_eq!(shown_hours(&h), Some(daftar::store::Answer::Integer(12)));
    h.press(KeyCode::Left).press(KeyCode::Left);
    let screen = h.screen();
    assert_shows(&screen, "Version 1 of 3, as first finalized");
    assert_eq!(shown_hours(&h), Some(daftar::store::Answer::Integer(10)));
    match &h.app.state.screen {
        daftar::app::Screen::Wizard(w) => assert_eq!(w.interview, taken, "version 1 exactly as stored"),
        _ => panic!("the interview is open"),
    }
    h.press(KeyCode::Right);
    assert_shows(&h.screen(), "version 2 of 3");
}

#[test]
fn leaving_an_amendment_writes_nothing() {
    let mut h =
        Harness::prepared(daftar::i18n::Lang::En, Some("Samira"), 80, 24, None, store_with_a_finalized_training);
    let taken = amend_the_training(&mut h);
    h.enter().enter();
    retype(&mut h, "12");
    h.enter();
    to_review(&mut h);
    // Keeping it as a draft is refused: an amendment is not a draft.
    h.type_text("d");
    assert_shows(&h.screen(), "An amendment is not kept as a draft");
    h.type_text("f");
    h.type_text("reason").press(KeyCode::Esc);
    assert_hides(&h.screen(), "Reason for the correction");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert_shows(&screen, "Vocational training");
    assert_hides(&screen, "amended");
    assert_eq!(h.store().interview(&taken.id).unwrap().unwrap(), taken);
    assert_eq!(h.store().version_count(&taken.id).unwrap(), 1);
    assert!(h.store().all_interviews().unwrap().len() == 1, "no draft was left behind");
    // Ctrl-Q while amending asks before losing it.
    h.type_text("a").ctrl('q');
    assert_shows(&h.screen(), "Quit and lose this amendment?");
}

/// Issue 13: two sessions correct the same participant. The second is refused by the version
/// it started from (nothing of it written), told who changed what and when, and its own change
/// is kept on top of the other's, which stays: Ctrl-S then saves both, as version 3.
#[test]
fn a_correction_that_meets_anothers_is_refused_explained_and_can_be_put_on_top() {
    let mut h = Harness::logged_in(Role::Supervisor);
    let before = said(&mut h);
    h.type_text("e");
    assert_shows(&h.screen(), "Correct the participant's details");
    // Meanwhile, another session corrects the facility (a store in a database is shared; here
    // another handle on the same store writes, as another process would).
    let other = Participant { facility: "Kénitra".into(), ..before.clone() };
    let admin = daftar::store::Author::Account(h.store().accounts().unwrap()[0].id.clone());
    h.store().clone().edit_participant(&other, 1, &admin, "facility moved", today()).unwrap();
    // This session corrects the Latin name, from version 1.
    h.tab();
    retype(&mut h, "Saïd Alami");
    h.ctrl('s');
    h.type_text("spelling").enter();
    let screen = h.screen();
    assert_shows(&screen, "Not saved: Test Administrator corrected it first (see the form).");
    assert_shows(&screen, "Test Administrator corrected this participant meanwhile (");
    assert_shows(&screen, "Esc drops them.");
    assert_shows(&screen, "Kénitra");
    assert_shows(&screen, "Saïd Alami");
    let now = h.store().participant(&before.id).unwrap().unwrap();
    assert_eq!(
        (now.name_latin.as_str(), now.facility.as_str()),
        ("Said Alami", "Kénitra"),
        "nothing of the refused one"
    );
    assert_eq!(h.store().version_count(&before.id).unwrap(), 2);
    // Put on top: both changes, version 3.
    h.ctrl('s');
    h.type_text("spelling").enter();
    assert_shows(&h.screen(), "Correction saved as version 3.");
    let now = h.store().participant(&before.id).unwrap().unwrap();
    assert_eq!((now.name_latin.as_str(), now.facility.as_str()), ("Saïd Alami", "Kénitra"));
}
