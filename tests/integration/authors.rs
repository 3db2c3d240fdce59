//! Issue 10, item 8: every record names the account that wrote it, and screens show that
//! account's full name; records from before accounts keep their interviewer's name, shown as
//! recorded before accounts. Through the keys (logged in with `Harness::logged_in`), the
//! binary (import, export), and a store written by Daftar before accounts (080d09f).

use daftar::auth::Role;
use daftar::store::{Author, Status, Store};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// On a participant's record: the intake taken and finalized, every section answered (the
/// answers of app_flow's intake test).
fn finalize_an_intake(h: &mut Harness) {
    answer_every_intake_section(h);
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
}

/// On a participant's record: a change of stage to "in programme" on 15/09/2024.
fn change_stage(h: &mut Harness) {
    h.type_text("t").type_text("2").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("15/09/2024").tab().type_text("Admis après la commission").ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
}

#[test]
fn every_kind_of_record_written_through_the_keys_names_the_account_and_shows_its_full_name() {
    let mut h = Harness::logged_in(Role::Supervisor);
    let me = h.author();
    let (_, full_name) = account_of(Role::Supervisor);
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    assert_shows(&h.screen(), "Participant registered.");
    let participant = h.store().participants().unwrap().remove(0);
    assert_eq!(participant.registered_by, me);
    finalize_an_intake(&mut h);
    change_stage(&mut h);
    let interviews = h.store().all_interviews().unwrap();
    assert_eq!(interviews.len(), 1);
    assert_eq!((interviews[0].status, &interviews[0].interviewer), (Status::Final, &me));
    let stages = h.store().stages_of(&participant.id).unwrap();
    assert_eq!(stages[0].interviewer, me);
    // The record's list shows the full name on the interview and on the stage change.
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().filter(|l| l.starts_with('│') && l.contains(full_name)).collect();
    assert_eq!(rows.len(), 2, "the interview and the stage change:\n{screen}");
    // A finalized interview shows its review state in place of "final": here "submitted".
    assert!(rows.iter().any(|r| r.contains("submitted")) && rows.iter().any(|r| r.contains("Stage")), "{screen}");
    // The interview's read-only page names its interviewer.
    open_the_interview(&mut h);
    let page = h.screen();
    assert_shows(&page, "(read-only)");
    assert_shows(&page, &format!("Interviewer: {full_name}"));
    // A draft names its interviewer as soon as it is saved, and after a restart.
    h.press(KeyCode::Esc).press(KeyCode::Esc);
    h.register("سعيد العلمي", "Said Alami", "01/01/1985", "F-2024/0154");
    h.start_intake().type_text("Tunisienne").enter();
    let h = h.reopen();
    let drafts: Vec<_> =
        h.store().all_interviews().unwrap().into_iter().filter(|i| i.status == Status::Draft).collect();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].interviewer, me);
}

/// On a participant's record: selects the first interview of the timeline and opens it.
fn open_the_interview(h: &mut Harness) {
    let daftar::app::Screen::Record(r) = &h.app.state.screen else { panic!("not on a record") };
    let at = r.timeline.iter().position(|e| matches!(e, daftar::app::Entry::Interview(_))).unwrap();
    let from = r.selected;
    assert!(at >= from);
    for _ in from..at {
        h.press(KeyCode::Down);
    }
    h.enter();
}

#[test]
fn a_disabled_accounts_records_still_show_its_name() {
    let mut h = Harness::logged_in(Role::Administrator);
    let admin = h.app.state.session.as_ref().unwrap().full_name.clone();
    h.register("سعيد", "Said Alami", "01/01/1985", "F-1");
    change_stage(&mut h);
    // Another administrator disables the first, then logs in: the records keep the name.
    let temporary = {
        let store = h.store();
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        let session = store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap().into_session();
        let (_, temporary) =
            store.add_account(&session, "nadia", "Nadia Admin", Role::Administrator, chrono::Utc::now()).unwrap();
        store.disable_account(&session, ADMIN).unwrap();
        temporary
    };
    h.app.login("nadia", &temporary, chrono::Utc::now()).unwrap();
    h.press(KeyCode::Esc).enter();
    let screen = h.screen();
    assert_shows(&screen, "Said Alami");
    assert_shows(&screen, &admin);
    assert!(h.store().account_by_username(ADMIN).unwrap().is_some_and(|a| !a.is_active()));
}

#[test]
fn import_names_the_importing_account_and_export_writes_usernames() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    crate::support::store_with_accounts(Role::Administrator, &path);
    {
        let store = crate::support::open_as_admin(&path);
        // A record from before accounts, as an older Daftar left it.
        let mut rng = daftar::synth::Rng::new(4);
        let mut old = daftar::synth::participant(&mut rng, 7, today());
        old.registered_by = Author::BeforeAccounts("Samira".into());
        store.register(&old, today()).unwrap();
    }
    let file = dir.path().join("p.csv");
    std::fs::write(
        &file,
        "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\nسعيد,Said,07/03/1990,F-9,Salé,01/02/2020\n",
    )
    .unwrap();
    let out = daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["import", "participants", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let admin_id = {
        let store = crate::support::open_as_admin(&path);
        let admin = store.account_by_username(ADMIN).unwrap().unwrap();
        let imported = store.participants().unwrap().into_iter().find(|p| p.file_number == "F-9").unwrap();
        assert_eq!(imported.registered_by, Author::Account(admin.id.clone()));
        admin.id
    };
    let out = daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["export"]);
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by_file = |file: &str| lines.iter().find(|l| l["file_number"] == file).unwrap().clone();
    let imported = by_file("F-9");
    assert_eq!(imported["registered_by"], ADMIN, "the username, not the id");
    assert!(imported.get("recorded_before_accounts").is_none());
    assert!(!serde_json::to_string(&lines).unwrap().contains(admin_id.as_str()), "no account id in the export");
    let old = lines.iter().find(|l| l["registered_by"] == "Samira").unwrap();
    assert_eq!(old["recorded_before_accounts"], true);
    // The keys keep the record's order: `record` first, as before.
    let first = String::from_utf8(daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["export"]).stdout).unwrap();
    assert!(first.starts_with("{\"record\":\"participant\",\"format\":"), "{first}");
}

// ---- The upgrade of a store written by Daftar before accounts ----

/// Restores, at `dir/store`, the backup kept in tests/data/stores/before_accounts_backup: made
/// with `daftar backup` by Daftar at 080d09f, before accounts (see its README.md).
fn restore_the_store_from_before_accounts(dir: &std::path::Path) {
    use std::io::Read;
    let kept = data("stores/before_accounts_backup");
    let backup = dir.join("backup");
    std::fs::create_dir_all(&backup).unwrap();
    std::fs::copy(kept.join("manifest.json"), backup.join("manifest.json")).unwrap();
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(kept.join("data.gz")).unwrap()).read_to_end(&mut bytes).unwrap();
    std::fs::write(backup.join("data"), bytes).unwrap();
    daftar::store::backup::restore(&backup, &dir.join("store"), &mut |_, _| {}).unwrap();
}

#[test]
fn a_store_from_before_accounts_reads_whole_is_upgraded_and_new_records_name_accounts() {
    let dir = tempfile::tempdir().unwrap();
    restore_the_store_from_before_accounts(dir.path());
    let samira = Author::BeforeAccounts("Samira".into());
    {
        let store = Store::open_existing(&dir.path().join("store")).unwrap();
        assert!(!store.has_accounts().unwrap(), "written before accounts");
        // Every record reads, and names the interviewer of the old store.
        let participants = store.participants().unwrap();
        assert_eq!(participants.len(), 3);
        assert!(participants.iter().all(|p| p.registered_by == samira && p.format == daftar::store::RECORD_FORMAT));
        let interviews = store.all_interviews().unwrap();
        let count = |status| interviews.iter().filter(|i| i.status == status).count();
        assert_eq!((count(Status::Final), count(Status::Draft)), (1, 1));
        assert!(interviews.iter().all(|i| i.interviewer == samira));
        let stages: Vec<_> = participants.iter().flat_map(|p| store.stages_of(&p.id).unwrap()).collect();
        assert_eq!(stages.len(), 1);
        assert_eq!(stages[0].interviewer, samira);
        // The upgrade: its first administrator, by the accounts core's way for an older store.
        give_account(&store, Role::Administrator);
        assert_eq!(store.accounts().unwrap().len(), 1);
        store.rebuild_index().unwrap();
    }
    let mut h = Harness::on_store(dir, ADMIN);
    let me = h.author();
    // The record of the participant with the finalized intake and the stage change.
    let at = h.app.state.directory.iter().position(|s| s.participant.name_latin == "Ahmed Ben Ali").unwrap();
    for _ in 0..at {
        h.press(KeyCode::Down);
    }
    h.enter();
    let screen = h.screen();
    println!("{screen}");
    assert_shows(&screen, "Ahmed Ben Ali");
    assert_shows(&screen, "Interviews · * recorded before accounts");
    let old: Vec<&str> = screen.lines().filter(|l| l.contains("Samira *")).collect();
    assert_eq!(old.len(), 2, "the intake and the stage change name Samira, before accounts:\n{screen}");
    open_the_interview(&mut h);
    assert_shows(&h.screen(), "Interviewer: Samira — recorded before accounts");
    // New records name the account logged in.
    h.press(KeyCode::Esc);
    h.type_text("t").type_text("3").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("01/10/2026").tab().type_text("Libéré").ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
    let screen = h.screen();
    assert_shows(&screen, "Test Administrator");
    h.press(KeyCode::Esc);
    h.register("كريم", "Karim Idrissi", "03/03/1983", "F-2024/0199");
    assert_shows(&h.screen(), "Participant registered.");
    let store = h.store();
    let participants = store.participants().unwrap();
    let karim = participants.iter().find(|p| p.name_latin == "Karim Idrissi").unwrap();
    assert_eq!(karim.registered_by, me);
    let ahmed = participants.iter().find(|p| p.name_latin == "Ahmed Ben Ali").unwrap();
    let stages = store.stages_of(&ahmed.id).unwrap();
    assert_eq!(stages.iter().map(|s| &s.interviewer).collect::<Vec<_>>(), vec![&samira, &me]);
    // The draft from before accounts is resumed and saved again: it still reads, still Samira's.
    h.press(KeyCode::Esc);
    let at = h.app.state.directory.iter().position(|s| s.participant.name_latin == "Said Alami").unwrap();
    for _ in 0..at {
        h.press(KeyCode::Down);
    }
    h.enter().start_intake();
    assert_shows(&h.screen(), "Section 1 of 8");
    h.type_text("AB123456").enter();
    let draft = h.store().all_interviews().unwrap().into_iter().find(|i| i.status == Status::Draft).unwrap();
    assert_eq!(draft.interviewer, samira);
    assert!(draft.answers.len() >= 2, "{:?}", draft.answers);
    drop(h.reopen());
}
