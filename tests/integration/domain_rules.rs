//! Issue 8, domain rules: one valid participant, one "same person", one set of stage rules,
//! shared by registration, import and the store; the commands that use them.

use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// Fills the registration form field by field (the Arabic name pasted) and submits with Tab on
/// the last field.
fn register_all(h: &mut Harness, fields: [&str; 6]) {
    h.type_text("n").paste(fields[0]).tab();
    for value in &fields[1..] {
        h.paste(value).tab();
    }
}

fn line_under<'a>(screen: &'a str, label: &str) -> &'a str {
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows.iter().position(|r| r.contains(label)).unwrap_or_else(|| panic!("no {label} in\n{screen}"));
    rows[at + 1]
}

#[test]
fn an_entry_before_birth_is_refused_at_registration() {
    let mut h = Harness::new();
    register_all(&mut h, ["سعيد", "Said", "07/03/1990", "F-1", "Salé", "01/01/1989"]);
    let screen = h.screen();
    assert!(line_under(&screen, "Programme entry date").contains("before the date of birth"), "{screen}");
    assert!(h.store().participants().unwrap().is_empty());
}

#[test]
fn a_birth_in_1850_or_in_year_one_is_refused_at_registration() {
    for (dob, message) in [("07/03/1850", "Too early: no date before 01/01/1900"), ("01/01/0001", "Too early")] {
        let mut h = Harness::new();
        register_all(&mut h, ["سعيد", "Said", dob, "F-1", "Salé", "01/09/2024"]);
        let screen = h.screen();
        assert!(line_under(&screen, "Date of birth").contains(message), "{screen}");
        assert!(h.store().participants().unwrap().is_empty());
    }
    let mut h = Harness::new();
    register_all(&mut h, ["سعيد", "Said", "07/03/1905", "F-1", "Salé", "01/09/2024"]);
    let screen = h.screen();
    assert!(line_under(&screen, "Date of birth").contains("age at entry would be 119"), "{screen}");
    assert!(h.store().participants().unwrap().is_empty());
}

#[test]
fn a_day_that_does_not_exist_is_named_as_such() {
    let mut h = Harness::new();
    h.type_text("n").paste("سعيد").tab().type_text("Said").tab().type_text("31/02/1990").tab();
    let screen = h.screen();
    assert!(
        line_under(&screen, "Date of birth").contains("That day does not exist: this month has 28 days"),
        "{screen}"
    );
    assert_hides(&screen, "write it as dd/mm/yyyy");
}

#[test]
fn file_numbers_are_kept_to_a_safe_set_of_characters() {
    for file in ["А-1001", "A\u{2011}1001", "A 1001"] {
        let mut h = Harness::new();
        register_all(&mut h, ["سعيد", "Said", "07/03/1990", file, "Salé", "01/09/2024"]);
        let screen = h.screen();
        assert!(line_under(&screen, "File number").contains("ASCII letters and digits"), "{file}: {screen}");
        assert!(h.store().participants().unwrap().is_empty());
    }
    let mut h = Harness::new();
    register_all(&mut h, ["سعيد", "Said", "07/03/1990", "Q-7/٢", "Salé", "01/09/2024"]);
    assert_eq!(h.store().participants().unwrap()[0].file_number, "Q-7/٢");
}

#[test]
fn a_name_that_only_looks_the_same_is_the_same_person() {
    // A Farsi yeh for the Arabic one; a Cyrillic і in the Latin name.
    for (ar, latin) in [("سعید", "Hassan"), ("حسن", "Saіd")] {
        let mut h = Harness::new();
        h.register("سعيد", "Said", "01/01/1985", "F-1");
        h.press(KeyCode::Esc);
        h.register(ar, latin, "01/01/1985", "F-2");
        if latin == "Saіd" {
            assert_shows(&h.screen(), "mixes writing systems");
            h.type_text("y");
        }
        let screen = h.screen();
        assert_shows(&screen, "born 01/01/1985, is already registered (file");
        h.type_text("n");
        assert_eq!(h.store().participants().unwrap().len(), 1, "{ar} {latin}");
    }
}

#[test]
fn the_store_refuses_a_file_number_that_only_looks_new() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "A-1001");
    let mut twin = h.store().participants().unwrap()[0].clone();
    for file in ["А-1001", "A\u{2011}1001", "a-١٠٠١"] {
        twin.id = daftar::store::Id::new_random();
        twin.file_number = file.into();
        let err = h.store().register(&twin).unwrap_err();
        assert!(matches!(err, daftar::error::Error::DuplicateFileNumber(_)), "{file}: {err}");
    }
}

#[test]
fn a_name_mixing_scripts_in_a_word_is_asked_about() {
    let mut h = Harness::new();
    h.register("سعيد", "Saіd", "01/01/1985", "F-1");
    let screen = h.screen();
    assert_shows(&screen, "mixes writing systems");
    h.type_text("n");
    assert!(h.store().participants().unwrap().is_empty());
    h.ctrl('s');
    assert_shows(&h.screen(), "mixes writing systems");
    h.type_text("y");
    assert_eq!(h.store().participants().unwrap()[0].name_latin, "Saіd");
}

#[test]
fn invisible_characters_in_a_name_are_shown_where_it_is_drawn() {
    let mut h = Harness::new();
    h.register("سعيد", "Sa\u{200B}id", "01/01/1985", "F-1");
    let record = h.screen();
    assert_shows(&record, "Sa␣id");
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Sa␣id");
    assert_eq!(h.store().participants().unwrap()[0].name_latin, "Sa\u{200B}id", "stored as typed");
}

#[test]
fn a_stage_change_the_domain_refuses_is_refused_by_the_store_in_the_interviewers_words() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let p = h.store().participants().unwrap()[0].clone();
    let event = daftar::store::StageEvent {
        format: daftar::store::RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        participant_id: p.id.clone(),
        from: daftar::store::Stage::Intake,
        stage: daftar::store::Stage::Intake,
        date: p.entry_date,
        reason: "x".into(),
        interviewer: "S".into(),
        recorded_at: chrono::Utc::now(),
    };
    let err = h.store().record_stage(&event).unwrap_err();
    assert_eq!(err.localized(daftar::i18n::Lang::Fr), "Le participant est déjà à cette étape.");
}
