//! The interviewer's path through the app, driven by key events through the real keymap and
//! update loop and drawn on TestBackend; each test checks both the screen and the store.

use chrono::NaiveDate;
use daftar::app::Screen;
use daftar::i18n::Lang;
use daftar::store::{Answer, Status};
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_hides, assert_shows, shown};

fn registered() -> Harness {
    let mut h = Harness::new();
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h
}

#[test]
fn registering_a_participant_opens_their_record_and_stores_them() {
    let mut h = Harness::new();
    assert_shows(&h.screen(), "No participants yet. Press n to register the first one.");
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    let screen = h.screen();
    assert_shows(&screen, "Participant record");
    assert_shows(&screen, "Ahmed Ben Ali");
    assert_shows(&screen, "F-2024/0153");
    assert_shows(&screen, "Participant registered.");
    // The message names the key the keymap binds, and that key does what it says.
    assert_shows(&screen, "No interviews yet. Press n to start one, the intake first.");
    h.type_text("n");
    assert_shows(&h.screen(), "1. Intake interview");
    h.press(KeyCode::Esc);
    let all = h.store().participants().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name_ar, "أحمد بن علي");
    assert_eq!(all[0].date_of_birth, NaiveDate::from_ymd_opt(1990, 3, 7).unwrap());
    assert_eq!(all[0].registered_by, h.author());
    h.press(KeyCode::Esc);
    let home = h.screen();
    assert_shows(&home, "Ahmed Ben Ali");
    assert_shows(&home, "F-2024/0153");
}

#[test]
fn a_second_participant_with_the_same_file_number_is_refused() {
    let mut h = registered();
    h.press(KeyCode::Esc);
    h.register("سعيد", "Said", "01/01/1985", " f-2024/0153 ");
    let screen = h.screen();
    assert_shows(&screen, "Register a participant");
    // The refusal names the number it collides with and its person (before any question).
    assert_shows(&screen, "File number f-2024/0153 is already registered as F-2024/0153: Ahmed Ben");
    assert_eq!(h.store().participants().unwrap().len(), 1);
}

#[test]
fn a_malformed_date_is_refused_beside_its_field() {
    let mut h = Harness::new();
    // (31/02/1985 is written as a date should be; that day not existing has its own message,
    // tested in domain_rules.rs.)
    h.register("سعيد", "Said", "31/02/85", "F-1");
    let screen = h.screen();
    assert_shows(&screen, "Not a date: write it as dd/mm/yyyy, for example 07/03/1990.");
    assert_shows(&screen, "Some fields need attention.");
    assert!(h.store().participants().unwrap().is_empty());
    // The message sits on the row under the date of birth.
    let rows: Vec<&str> = screen.lines().collect();
    let dob = rows.iter().position(|r| r.contains("Date of birth")).unwrap();
    assert!(rows[dob + 1].contains("Not a date"), "{screen}");
}

#[test]
fn required_fields_are_enforced_and_a_future_date_refused() {
    let mut h = Harness::new();
    h.type_text("n").type_text("سعيد").tab().tab().type_text("01/01/2030");
    h.ctrl('s');
    let screen = h.screen();
    assert_shows(&screen, "Required: please fill this in.");
    assert_shows(&screen, "This date is in the future.");
    assert!(h.store().participants().unwrap().is_empty());
}

#[test]
fn leaving_a_half_filled_registration_asks_first() {
    let mut h = Harness::new();
    h.type_text("n").tab().type_text("Said");
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Discard what you typed?");
    h.type_text("n");
    let screen = h.screen();
    assert_hides(&screen, "Discard what you typed?");
    assert_shows(&screen, "Said");
    h.press(KeyCode::Esc).type_text("y");
    assert_shows(&h.screen(), "No participants yet");
}

/// Walks the whole intake with every field kind, a repeat group, a skipped question and a
/// calculated one, finalizes, and reopens it read-only.
#[test]
fn an_intake_interview_with_every_field_kind_is_finalized_and_reopens_read_only() {
    let mut h = registered();
    h.start_intake();
    let screen = h.screen();
    assert_shows(&screen, "Section 1 of 8: Identity");
    assert_shows(&screen, "0 of 32 answered");
    // Identity: text, skip, text, multiple choice (1 and 3).
    h.type_text("Marocaine").enter().enter().type_text("Tanger").enter();
    assert_shows(&h.screen(), "Tick every language the participant speaks.");
    h.type_text("13").enter();
    // Legal: text, single choice, integer, text, date, yes/no; years in detention calculated.
    assert_shows(&h.screen(), "Section 2 of 8: Legal situation");
    assert_shows(&h.screen(), "The number on the judgment, e.g. 2019/153.");
    h.type_text("2019/153").enter().type_text("1").enter().type_text("60").enter();
    h.type_text("Salé 2").enter().type_text("15/01/2019").enter();
    assert_shows(&h.screen(), "Years in detention so far: 7  calculated");
    h.type_text("n").enter();
    // Family: single choice, integer, then on to the next section.
    h.type_text("2").enter().type_text("3").enter();
    h.press(KeyCode::PageDown);
    // Household: a repeat group, empty until Ctrl-N adds a member.
    assert_shows(&h.screen(), "None yet. Ctrl-N adds one; PgDn goes on.");
    h.ctrl('n');
    assert_shows(&h.screen(), "Household members: 1 of 1");
    h.type_text("1").enter().type_text("Fatima").enter().type_text("35").enter().type_text("y").enter();
    // Education and work: single choice; the occupation is asked because work was "employed";
    // notes with a line break.
    assert_shows(&h.screen(), "Section 5 of 8");
    h.type_text("3").enter().type_text("1").enter().type_text("Menuisier").enter();
    h.type_text("Atelier").enter().type_text("bois").tab();
    // Health: scale with arrows, yes/no, skip the rest.
    assert_shows(&h.screen(), "Section 6 of 8: Health");
    h.press(KeyCode::Right).press(KeyCode::Right).press(KeyCode::Right).press(KeyCode::Right).enter();
    h.type_text("y").enter();
    h.press(KeyCode::PageDown);
    // Motivation: a guidance note (shown, not asked), notes, skip multiple, two yes/no.
    assert_shows(&h.screen(), "Read the consent statement aloud");
    h.type_text("Je veux changer de vie").tab().enter().type_text("y").enter().type_text("y").enter();
    // Assessment: three scales by digit, notes skipped, no next-session date.
    h.type_text("3").enter().tab().type_text("2").enter().tab().type_text("4").enter();
    h.paste("تقدم ملحوظ").tab().enter();
    let review = h.screen();
    assert_shows(&review, "Review");
    assert_shows(&review, "Nothing stands in the way of finalizing.");
    assert_shows(&review, "Languages spoken: Arabic, French");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.status, Status::Draft);

    h.type_text("f");
    assert_shows(&h.screen(), "Finalize this interview?");
    h.type_text("y");
    let screen = h.screen();
    assert_shows(&screen, "Interview finalized.");
    assert_shows(&screen, "final");

    let all = h.store().all_interviews().unwrap();
    assert_eq!(all.len(), 1, "the draft is gone, one final interview remains");
    let interview = &all[0];
    assert_eq!(interview.status, Status::Final);
    assert_eq!((interview.form_id.as_str(), interview.form_version), ("intake", 2));
    assert!(interview.finalized_at.is_some());
    assert_eq!(interview.interviewer, h.author());
    let a = &interview.answers;
    assert_eq!(a["nationality"], Answer::Text("Marocaine".into()));
    assert!(!a.contains_key("national_id"));
    assert_eq!(a["languages"], Answer::Choices(vec!["arabic".into(), "french".into()]));
    assert_eq!(a["legal_status"], Answer::Choice("convicted".into()));
    assert_eq!(a["sentence_months"], Answer::Integer(60));
    assert_eq!(a["detention_start"], Answer::Date(NaiveDate::from_ymd_opt(2019, 1, 15).unwrap()));
    assert_eq!(a["years_detained"], Answer::Integer(7));
    assert_eq!(a["prior_convictions"], Answer::YesNo(false));
    assert_eq!(a["marital_status"], Answer::Choice("married".into()));
    assert_eq!(a["children"], Answer::Integer(3));
    let Answer::Repeat(members) = &a["household"] else { panic!("household is a repeat group: {a:?}") };
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["member_relation"], Answer::Choice("spouse".into()));
    assert_eq!(members[0]["member_name"], Answer::Text("Fatima".into()));
    assert_eq!(members[0]["member_age"], Answer::Integer(35));
    assert_eq!(members[0]["member_supports"], Answer::YesNo(true));
    assert_eq!(a["occupation"], Answer::Text("Menuisier".into()));
    assert_eq!(a["work_history"], Answer::Text("Atelier\nbois".into()));
    assert_eq!(a["general_health"], Answer::Scale(4));
    assert_eq!(a["chronic_illness"], Answer::YesNo(true));
    assert_eq!(a["motivation"], Answer::Text("Je veux changer de vie".into()));
    assert_eq!(a["axis_self"], Answer::Scale(3));
    assert_eq!(a["axis_texts"], Answer::Scale(2));
    assert_eq!(a["axis_society"], Answer::Scale(4));
    assert_eq!(a["axis_society_notes"], Answer::Text("تقدم ملحوظ".into()));

    // Reopen: read-only, answers shown, keys that would edit do nothing.
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "(read-only)");
    assert_shows(&screen, "Nationality *: Marocaine");
    h.type_text("f").type_text("x").press(KeyCode::Backspace).press(KeyCode::Down).press(KeyCode::PageDown);
    assert_eq!(&h.store().all_interviews().unwrap()[0], interview);
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Participant record");
}

#[test]
fn moving_back_and_forth_keeps_answers_and_refuses_bad_values() {
    let mut h = registered();
    h.start_intake().type_text("Marocaine").enter();
    h.press(KeyCode::PageDown);
    assert_shows(&h.screen(), "Section 2 of 8");
    h.type_text("2019/153").enter().enter();
    // A required question left empty is refused once; a second Enter moves on.
    assert_shows(&h.screen(), "Required. Answer it, or press Enter again to come back to it later.");
    assert_shows(&h.screen(), "▶ Legal status");
    h.enter().type_text("douze").enter();
    let screen = h.screen();
    assert_shows(&screen, "Not a whole number.");
    assert_shows(&screen, "Sentence (months) *: —");
    h.press(KeyCode::Backspace).press(KeyCode::Backspace).press(KeyCode::Backspace).press(KeyCode::Backspace);
    h.press(KeyCode::Backspace).type_text("2000").enter();
    assert_shows(&h.screen(), "Must be between 0 and 1200.");
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("١٢").enter();
    assert_shows(&h.screen(), "Sentence (months) *: 12");
    // Back across the section boundary with Shift-Tab, and by section with PgUp.
    h.shift_tab().shift_tab().shift_tab().shift_tab();
    let screen = h.screen();
    assert_shows(&screen, "Section 1 of 8: Identity");
    assert_shows(&screen, "Nationality *: Marocaine");
    h.press(KeyCode::PageDown).press(KeyCode::PageDown).press(KeyCode::PageUp);
    let screen = h.screen();
    assert_shows(&screen, "Section 2 of 8");
    assert_shows(&screen, "Case number *: 2019/153");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["sentence_months"], Answer::Integer(12));
    assert_eq!(draft.answers["case_number"], Answer::Text("2019/153".into()));
}

#[test]
fn the_review_lists_missing_answers_and_finalizing_waits_for_them() {
    let mut h = registered();
    h.start_intake();
    for _ in 0..8 {
        h.press(KeyCode::PageDown);
    }
    let screen = h.screen();
    assert_shows(&screen, "To fix before finalizing");
    assert_shows(&screen, "! Nationality: missing  (Identity)");
    h.type_text("f");
    assert_shows(&h.screen(), "Cannot finalize: 14 problems to fix first (listed on this page).");
    assert_eq!(h.store().all_interviews().unwrap()[0].status, Status::Draft);
    // Enter on a missing answer goes to its question.
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, "Section 1 of 8: Identity");
    assert_shows(&screen, "▶ Nationality");
    // Keep as draft from the review: back on the record, listed as a draft.
    for _ in 0..8 {
        h.press(KeyCode::PageDown);
    }
    h.type_text("d");
    let screen = h.screen();
    assert_shows(&screen, "Draft saved.");
    assert_shows(&screen, "draft");
}

#[test]
fn ctrl_q_in_the_wizard_saves_the_field_being_typed() {
    let mut h = registered();
    h.start_intake().type_text("Algérienne");
    h.ctrl('q');
    assert!(h.app.state.quit);
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["nationality"], Answer::Text("Algérienne".into()));
}

#[test]
fn pressing_i_again_resumes_the_draft_where_it_stopped() {
    let mut h = registered();
    h.start_intake().type_text("Marocaine").enter().type_text("AB1").enter();
    // The identity card number must look like one before it is accepted.
    assert_shows(&h.screen(), "One or two letters then 4 to 8 digits, e.g. AB123456.");
    h.type_text("2345").enter();
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "draft");
    h.start_intake();
    let screen = h.screen();
    assert_shows(&screen, "A draft of this form exists: resuming it.");
    assert_shows(&screen, "▶ Place of birth");
    assert_eq!(h.store().all_interviews().unwrap().len(), 1);
}

#[test]
fn esc_in_the_wizard_asks_before_dropping_an_uncommitted_edit() {
    let mut h = registered();
    h.start_intake().type_text("Maroc");
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Discard what you typed?");
    h.type_text("n").type_text("aine").enter();
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Participant record");
}

#[test]
fn help_lists_the_keys_of_the_screen_and_the_store_path() {
    let mut h = Harness::new();
    h.press(KeyCode::F(1));
    let screen = h.screen();
    assert_shows(&screen, "register a new participant");
    assert_shows(&screen, "filter the list");
    assert_shows(&screen, "Store: ");
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Store: ");
    h.type_text("?");
    assert_shows(&h.screen(), "register a new participant");
    h.type_text("?");
    // In a text field ? is typed, F1 still opens help with that field's keys.
    h.type_text("n").tab().type_text("?");
    let screen = h.screen();
    assert_hides(&screen, "Store: ");
    assert_shows(&screen, "?");
    h.press(KeyCode::F(1));
    assert_shows(&h.screen(), "save the registration");
}

#[test]
fn slash_filters_the_home_list() {
    let mut h = registered();
    h.press(KeyCode::Esc);
    h.register("سعيد", "Said Amrani", "01/01/1985", "F-2");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert_shows(&screen, "Said Amrani");
    assert_shows(&screen, "Ahmed Ben Ali");
    h.type_text("/").type_text("amra");
    let screen = h.screen();
    assert_shows(&screen, "Said Amrani");
    assert_hides(&screen, "Ahmed Ben Ali");
    h.enter().enter();
    assert_shows(&h.screen(), "Said Amrani");
    assert!(matches!(h.app.state.screen, Screen::Record(_)));
}

#[test]
fn a_small_terminal_asks_to_be_enlarged() {
    let mut h = Harness::with(Lang::En, Some("S"), 70, 20);
    assert_shows(&h.screen(), "Please enlarge the terminal to at least 80x24 (now 70x20).");
}

#[test]
fn the_interface_speaks_french_and_arabic() {
    let mut h = Harness::with(Lang::Fr, Some("S"), 80, 24);
    assert_shows(&h.screen(), "Aucun participant. Appuyez sur n pour inscrire le premier.");
    let mut h = Harness::with(Lang::Ar, Some("S"), 80, 24);
    let screen = h.screen();
    assert_shows(&screen, &shown("المشاركون"));
    assert_shows(&screen, &shown("لا يوجد مشاركون بعد. اضغط n لتسجيل أول مشارك."));
}

#[test]
fn the_readme_lists_the_keymap_as_it_is() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- keys:start -->").expect("README has a keys section") + "<!-- keys:start -->".len();
    let end = readme.find("<!-- keys:end -->").expect("README keys section ends");
    let expected = daftar::app::keymap::markdown();
    assert_eq!(
        readme[start..end].trim(),
        expected.trim(),
        "README.md's key tables differ from the keymap; put the output of `cargo run --example keys` between the markers"
    );
}

#[test]
fn resizing_redraws_and_a_too_small_terminal_waits() {
    let mut h = Harness::new();
    h.resize(60, 20);
    let screen = h.screen();
    assert_shows(&screen, "Please enlarge the terminal to at least 80x24 (now 60x20).");
    assert_hides(&screen, "No participants yet");
    h.resize(100, 30);
    let screen = h.screen();
    assert_shows(&screen, "No participants yet");
    assert_eq!(screen.lines().next().unwrap().chars().count(), 100);
}

#[test]
fn the_first_run_on_a_store_with_participants_lists_them() {
    let mut h = Harness::prepared(Lang::En, None, 80, 24, None, |store| {
        let mut rng = daftar::synth::Rng::new(9);
        let p = daftar::synth::participant(&mut rng, 1, crate::support::today());
        store.register(&p, crate::support::today()).unwrap();
    });
    assert!(!h.app.state.directory_loaded, "nothing is read before the first account is made and logged in");
    h.first_run("admin", "Samira Benali", crate::support::ADMIN_PASSWORD);
    let name = h.store().participants().unwrap()[0].name_latin.clone();
    assert_shows(&h.screen(), &name);
    assert!(h.app.state.directory_loaded, "the directory may now be saved as the copy");
    assert_eq!(h.app.state.directory.len(), 1);
}

#[test]
fn ctrl_q_on_a_value_that_cannot_be_saved_asks_before_losing_it() {
    let mut h = registered();
    // Nationality, then the identity card number, whose pattern "AB1" breaks.
    h.start_intake().type_text("Marocaine").enter().type_text("AB1");
    h.ctrl('q');
    let screen = h.screen();
    assert!(!h.app.state.quit, "an answer that cannot be saved is not dropped silently");
    assert_shows(&screen, "This answer cannot be saved as it is. Quit and lose it?");
    assert_shows(&screen, "One or two letters then 4 to 8 digits, e.g. AB123456.");
    // What was committed before is saved already.
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["nationality"], Answer::Text("Marocaine".into()));
    // No: back to the question, the value still there to fix.
    h.type_text("n");
    assert!(!h.app.state.quit);
    h.type_text("2345").ctrl('q');
    assert!(h.app.state.quit, "a valid value quits at once");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["national_id"], Answer::Text("AB12345".into()));
}

#[test]
fn ctrl_q_twice_on_a_value_that_cannot_be_saved_quits() {
    let mut h = registered();
    h.start_intake().type_text("Marocaine").enter().type_text("AB1");
    h.ctrl('q').ctrl('q');
    assert!(h.app.state.quit);
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["nationality"], Answer::Text("Marocaine".into()));
    assert!(!draft.answers.contains_key("national_id"));
}

#[test]
fn a_new_day_reckons_what_is_due_again() {
    let mut h = registered();
    h.press(KeyCode::Esc);
    let id = h.app.state.directory[0].participant.id.clone();
    h.app.state.directory[0].next_due =
        Some(daftar::store::Due { date: crate::support::today().succ_opt().unwrap(), form_id: "progress".into() });
    h.app.dispatch(daftar::app::Msg::NewDay(crate::support::today()));
    assert_eq!(h.app.state.due_lists[0].len(), 0, "due tomorrow is not overdue today");
    let later = crate::support::today() + chrono::Days::new(2);
    h.app.dispatch(daftar::app::Msg::NewDay(later));
    assert_eq!(h.app.state.today, later);
    assert_eq!(h.app.state.due_lists[0].len(), 1, "two days on it is overdue");
    assert_eq!(h.app.state.directory[h.app.state.due_lists[0][0].1 as usize].participant.id, id);
}
