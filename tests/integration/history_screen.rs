//! Issue 11, Build 3 (session 17, history11): the history of a participant. The audit log's
//! index by record (every entry naming a participant, read without scanning the log), kept in
//! the entry's own transaction, built once for a store from before it, checked by
//! `daftar audit verify`, carried by the history export; and the history screen over it.

use std::path::{Path, PathBuf};

use daftar::store::Store;
use daftar::store::audit::{AuditAction, AuditEntry};
use tempfile::TempDir;

use crate::support::*;

/// A closed store with its administrator and three participants, the first one's record
/// opened twice; returns its path and the first participant's id.
fn store_with_three(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("store");
    create_store(&path);
    give_admin(&path);
    let store = open_as_admin(&path);
    let mut ids = Vec::new();
    let mut rng = daftar::synth::Rng::new(11);
    for i in 0..3 {
        let p = daftar::synth::participant(&mut rng, i, today());
        store.register(&p, today()).unwrap();
        ids.push(p.id);
    }
    store.record_opened(&ids[0]).unwrap();
    store.record_opened(&ids[1]).unwrap();
    store.record_opened(&ids[0]).unwrap();
    (path, ids[0].to_string())
}

fn actions(entries: &[AuditEntry]) -> Vec<Option<AuditAction>> {
    entries.iter().map(AuditEntry::action).collect()
}

/// The entries of the whole log that name `record`, newest first: what the index must give.
fn by_scanning(store: &Store, record: &str) -> Vec<AuditEntry> {
    let mut all: Vec<AuditEntry> =
        store.audit_entries().map(Result::unwrap).filter(|e| e.records.iter().any(|r| r == record)).collect();
    all.reverse();
    all
}

fn index_row(record: &str, seq: u64) -> Vec<u8> {
    let mut key = b"audit-by/".to_vec();
    key.extend_from_slice(&(record.len() as u16).to_be_bytes());
    key.extend_from_slice(record.as_bytes());
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn tamper_meta(path: &Path, change: impl FnOnce(&sled::Tree)) {
    let db = crate::support::raw_sled(path);
    change(&db.open_tree("meta").unwrap());
    db.flush().unwrap();
}

fn verify(path: &Path) -> (Option<i32>, String) {
    let out = daftar_admin(path, &["audit", "verify"]);
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_index_gives_a_participants_entries_newest_first_a_page_at_a_time() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let store = open_as_admin(&path);
    let page = store.record_history(&first, None, 100).unwrap();
    assert_eq!(
        actions(&page.entries),
        vec![
            Some(AuditAction::RecordOpened),
            Some(AuditAction::RecordOpened),
            Some(AuditAction::ParticipantRegistered)
        ]
    );
    assert_eq!(page.entries, by_scanning(&store, &first));
    assert_eq!(page.more_before, None);
    // Two at a time: the next page starts before the last entry of the one before.
    let one = store.record_history(&first, None, 2).unwrap();
    assert_eq!(one.entries.len(), 2);
    let before = one.more_before.expect("more remain");
    let two = store.record_history(&first, Some(before), 2).unwrap();
    assert_eq!([one.entries, two.entries].concat(), page.entries);
    assert_eq!(two.more_before, None);
}

#[test]
fn verify_reports_a_deleted_index_row_and_a_row_too_many_naming_the_entry() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let (code, out) = verify(&path);
    assert_eq!(code, Some(0), "{out}");
    let registered = {
        let store = open_as_admin(&path);
        store.record_history(&first, None, 100).unwrap().entries.last().unwrap().seq
    };
    tamper_meta(&path, |meta| {
        assert!(meta.remove(index_row(&first, registered)).unwrap().is_some(), "the row was there");
    });
    let (code, out) = verify(&path);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!("entry {registered}: names the record {first}, but the index by record has no row")),
        "{out}"
    );
    // Put back, then a row that no entry calls for: the first entry (the trail's start) names
    // no participant.
    tamper_meta(&path, |meta| {
        meta.insert(index_row(&first, registered), &[][..]).unwrap();
        meta.insert(index_row(&first, 0), &[][..]).unwrap();
    });
    let (code, out) = verify(&path);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("entry 0: the index by record has a row for {first}")), "{out}");
}

#[test]
fn a_store_from_before_the_index_gets_it_built_at_open_and_verifies() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let expected = by_scanning(&open_as_admin(&path), &first);
    // As a store written before the index: no row, no marker.
    tamper_meta(&path, |meta| {
        let rows: Vec<_> = meta.scan_prefix(b"audit-by/").keys().map(Result::unwrap).collect();
        assert!(rows.len() >= 6, "{}", rows.len());
        for row in rows {
            meta.remove(row).unwrap();
        }
        meta.remove(b"audit-indexed").unwrap();
    });
    let store = open_as_admin(&path);
    assert_eq!(store.record_history(&first, None, 100).unwrap().entries, expected);
    drop(store);
    let (code, out) = verify(&path);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn the_index_agrees_with_the_log_after_a_history_export_and_import() {
    let dir = TempDir::new().unwrap();
    let (src, first) = store_with_three(dir.path());
    let file = dir.path().join("history.jsonl");
    let out = daftar_admin(&src, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dst = dir.path().join("dst");
    let out = daftar_as(&dst, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let source = open_as_admin(&src).record_history(&first, None, 100).unwrap();
    let target = open_as_admin(&dst);
    assert_eq!(target.record_history(&first, None, 100).unwrap().entries, source.entries);
    assert_eq!(source.entries, by_scanning(&target, &first));
    drop(target);
    let (code, out) = verify(&dst);
    assert_eq!(code, Some(0), "{out}");
}

// ---- The history screen, through the keys ----

use daftar::i18n::{Lang, T};
use ratatui::crossterm::event::KeyCode;

/// Replaces the text of the focused field.
fn retype(h: &mut Harness, text: &str) {
    h.press(KeyCode::End);
    for _ in 0..40 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(text);
}

/// The entries the history screen holds, newest first.
fn held(h: &Harness) -> Vec<AuditEntry> {
    match &h.app.state.screen {
        daftar::app::Screen::History(history) => history.entries.clone(),
        _ => panic!("the history is open"),
    }
}

/// Moves the history's selection to the first entry of `action`.
fn select(h: &mut Harness, action: AuditAction) {
    let at = held(h).iter().position(|e| e.action() == Some(action)).unwrap();
    for _ in 0..at {
        h.press(KeyCode::Down);
    }
}

/// As an administrator, at 80x24: Said's name corrected and his training amended (hours 10 →
/// 12), each with a reason, through the keys; then his record, whose history `h` opens.
fn corrected_and_amended(lang: Lang) -> Harness {
    let mut h =
        Harness::prepared(lang, Some("Samira"), 80, 24, None, crate::corrections::store_with_a_finalized_training);
    h.enter();
    // The Latin name corrected.
    h.type_text("e").tab();
    retype(&mut h, "Saïd Alami");
    h.ctrl('s').paste("typo in the name").enter();
    // The training amended: hours 10 → 12.
    h.type_text("a").enter().enter();
    retype(&mut h, "12");
    h.enter();
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
    }
    h.type_text("f").paste("ساعات خاطئة").enter();
    assert_eq!(h.store().all_interviews().unwrap()[0].answers.get("hours"), Some(&daftar::store::Answer::Integer(12)));
    h
}

#[test]
fn the_history_lists_registration_edit_and_amendment_with_who_why_and_labelled_before_after() {
    let mut h = corrected_and_amended(Lang::En);
    h.type_text("h");
    let screen = h.screen();
    assert_shows(&screen, "History of Saïd Alami (F-2024/0153)");
    for words in
        ["interview amended", "participant's details corrected", "interview finalized", "participant registered"]
    {
        assert_shows(&screen, words);
    }
    assert_shows(&screen, "Test Administrator");
    // The reason, cut to its column here (the detail has it whole).
    assert_shows(&screen, "typo in the");
    // Newest first, every entry naming the participant, as the whole log has them.
    let id = h.store().participants().unwrap()[0].id.to_string();
    let entries = held(&h);
    assert_eq!(entries, by_scanning(h.store(), &id));
    // The amendment is the newest: the record shown again after it is the same visit, whose
    // opening was noted once (before the correction), not at each reload.
    assert_eq!(entries[0].action(), Some(AuditAction::InterviewAmended), "{entries:?}");
    let opened = entries.iter().filter(|e| e.action() == Some(AuditAction::RecordOpened)).count();
    assert_eq!(opened, 1, "{entries:?}");
    assert_eq!(entries.last().unwrap().action(), Some(AuditAction::ParticipantRegistered));
    // The correction's detail: who, why, the name before → after under its label.
    select(&mut h, AuditAction::ParticipantEdited);
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "typo in the name");
    assert_shows(&screen, T::FieldNameLatin.get(Lang::En));
    assert_shows(&screen, "Said Alami → Saïd Alami");
    // The amendment's: the question's label in the form version it was taken with.
    h.press(KeyCode::Esc).press(KeyCode::Home);
    for _ in 0..20 {
        h.press(KeyCode::Up);
    }
    select(&mut h, AuditAction::InterviewAmended);
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "Hours attended");
    // The answers as the form shows them, not as the entry stores them (their JSON).
    assert_shows(&screen, "10 → 12");
    assert_hides(&screen, "\"type\"");
    assert_shows(&screen, &shown("ساعات خاطئة"));
    assert_shows(&screen, "open this version of the interview as it was");
    // The first finalization names the trade by version 1's label, not version 2's.
    h.press(KeyCode::Esc);
    for _ in 0..20 {
        h.press(KeyCode::Up);
    }
    select(&mut h, AuditAction::InterviewFinalized);
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "Trade");
    assert_hides(&screen, "Craft learnt");
    // Esc, Esc: back to the record.
    h.press(KeyCode::Esc).press(KeyCode::Esc);
    assert!(matches!(h.app.state.screen, daftar::app::Screen::Record(_)));
}

#[test]
fn enter_on_an_earlier_version_opens_it_exactly_as_it_was() {
    let mut h = corrected_and_amended(Lang::En);
    let store = h.store();
    let interview = store.all_interviews().unwrap().pop().unwrap();
    let first = store.interview_version(&interview.id, 1).unwrap().unwrap();
    h.type_text("h");
    select(&mut h, AuditAction::InterviewFinalized);
    h.enter().enter();
    let screen = h.screen();
    assert_shows(&screen, "version 1 of 2");
    match &h.app.state.screen {
        daftar::app::Screen::Wizard(w) => {
            assert!(w.read_only);
            assert_eq!(w.interview, first, "version 1 exactly as stored");
            assert_eq!(w.interview.answers.get("hours"), Some(&daftar::store::Answer::Integer(10)));
        }
        _ => panic!("the interview is open"),
    }
    // And the amendment's entry opens version 2 (with `v`, from the list).
    h.press(KeyCode::Esc);
    h.type_text("h");
    select(&mut h, AuditAction::InterviewAmended);
    h.type_text("v");
    assert_shows(&h.screen(), "version 2 of 2");
    match &h.app.state.screen {
        daftar::app::Screen::Wizard(w) => assert_eq!(w.interview, interview),
        _ => panic!("the interview is open"),
    }
}

#[test]
fn an_interviewer_has_no_history_and_its_key_is_not_shown() {
    let mut h = Harness::logged_in(daftar::auth::Role::Interviewer);
    h.register("سعيد العلمي", "Said Alami", "12/03/1990", "F-2024/0153");
    let screen = h.screen();
    assert_hides(&screen, "history of the participant");
    h.type_text("h");
    assert!(matches!(h.app.state.screen, daftar::app::Screen::Record(_)));
}

#[test]
fn the_history_screen_in_french_and_arabic_at_80x24() {
    let mut h = corrected_and_amended(Lang::Fr);
    h.type_text("h");
    let screen = h.screen();
    assert_shows(&screen, "Historique de Saïd Alami");
    assert_shows(&screen, "entretien modifié");
    assert_shows(&screen, "participant inscrit");
    select(&mut h, AuditAction::InterviewAmended);
    h.enter();
    assert_shows(&h.screen(), "Heures suivies");

    let mut h = corrected_and_amended(Lang::Ar);
    h.type_text("h");
    let screen = h.screen();
    // The title with the Arabic name, and the action words, as the text layer draws them.
    assert_shows(&screen, &shown("تاريخ"));
    assert_shows(&screen, &shown("سعيد العلمي"));
    assert_shows(&screen, &shown("تعديل المقابلة"));
    assert_shows(&screen, &shown("تسجيل مشارك"));
    select(&mut h, AuditAction::InterviewAmended);
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, &shown("الساعات المحضورة"));
    assert_shows(&screen, &shown("ساعات خاطئة"));
}
