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
    // The home list and search follow the correction.
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Saïd Alami");
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
