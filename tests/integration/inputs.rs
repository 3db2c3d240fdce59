//! Issue 8, keyboard layer and inputs: the layer follows the field (right to left starts in
//! Arabic, left to right always as typed, only `auto` fields remember), the field shows its
//! layer, keys are ignored while the screen asks for a larger terminal, the cursor of an empty
//! right-to-left field waits at its right edge, and every text has a length limit at typing
//! and pasting.

use std::collections::BTreeMap;

use daftar::app::{Overlay, Screen};
use daftar::domain::limits::{NOTES_MAX_CHARS, ONE_LINE_MAX_CHARS};
use daftar::i18n::Lang;
use daftar::store::{Answer, Participant};
use daftar::text::BidiMode;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

use crate::support::{Harness, assert_hides, assert_shows, shown};

/// "سعيد" typed on a US keyboard through the Arabic layer.
const SAID_KEYS: &str = "sud]";
const SAID: &str = "سعيد";

fn participants(h: &Harness) -> Vec<Participant> {
    h.store().participants().unwrap()
}

fn register_inputs(h: &Harness) -> Vec<String> {
    let Screen::Register(reg) = &h.app.state.screen else { panic!("not on the register screen") };
    reg.inputs.iter().map(|i| i.text().to_string()).collect()
}

/// Opens the test form with one question of each text kind for a newly registered participant.
fn layers_form(lang: Lang) -> Harness {
    let mut h = Harness::prepared(lang, Some("Samira"), 80, 24, None, |store| {
        crate::support::install(store, "forms/keyboard_layer.toml")
    });
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    pick_layers_form(&mut h, lang);
    h
}

/// From a participant's record: a new interview with the keyboard-layer test form.
fn pick_layers_form(h: &mut Harness, lang: Lang) {
    h.type_text("n");
    let screen = h.screen();
    let wanted = match lang {
        Lang::Ar => "لوحات المفاتيح",
        Lang::Fr => "Dispositions du clavier",
        Lang::En => "Keyboard layers",
    };
    let number = (1..=9)
        .find(|n| screen.contains(&format!("{n}. {wanted}")) || screen.contains(&shown(&format!("{n}. {wanted}"))))
        .unwrap_or_else(|| panic!("the test form is offered:\n{screen}"));
    h.type_text(&number.to_string());
}

fn draft_answer(h: &Harness, id: &str) -> Option<Answer> {
    h.store().all_interviews().unwrap().pop().unwrap().answers.get(id).cloned()
}

// ---- 1. The layer follows the field ----

#[test]
fn f2_on_the_first_run_reaches_no_latin_field_and_no_stage_reason() {
    let mut h = Harness::with(Lang::En, None, 80, 24);
    assert!(!h.app.state.arabic_keyboard(), "the username starts as typed");
    h.type_text("said").enter();
    assert!(!h.app.state.arabic_keyboard(), "the full name (any script) starts as typed");
    h.press(KeyCode::F(2)).type_text(SAID_KEYS).enter();
    let pw = crate::support::ADMIN_PASSWORD;
    h.type_text(pw).enter().type_text(pw).enter();
    h.type_back_recovery_key();
    assert_eq!(h.store().account_by_username("said").unwrap().unwrap().full_name, SAID);
    // The register screen: the Arabic name starts in Arabic, every left-to-right field as typed.
    h.type_text("n");
    assert!(h.app.state.arabic_keyboard());
    h.type_text(SAID_KEYS).tab();
    for value in ["Said Ben Ali", "07/03/1990", "Q-7/2", "Sale 2", "01/09/2024"] {
        assert!(!h.app.state.arabic_keyboard(), "as typed before {value:?}");
        assert_shows(&h.screen(), "F2 keyboard: as typed");
        h.type_text(value).tab();
    }
    let stored = participants(&h);
    assert_eq!(stored.len(), 1, "{:?}", h.app.state.status);
    let p = &stored[0];
    assert_eq!(
        (p.name_ar.as_str(), p.name_latin.as_str(), p.file_number.as_str(), p.facility.as_str()),
        (SAID, "Said Ben Ali", "Q-7/2", "Sale 2")
    );
    // A change of stage: the date and the reason start as typed.
    h.type_text("t").type_text("2").tab();
    assert!(!h.app.state.arabic_keyboard(), "the stage date starts as typed");
    h.tab();
    assert!(!h.app.state.arabic_keyboard(), "the stage reason starts as typed");
    h.type_text("Fin de peine").ctrl('s');
    let events = h.store().stages_of(&p.id).unwrap();
    assert_eq!(events.len(), 1, "{:?}", h.app.state.status);
    assert_eq!(events[0].reason, "Fin de peine");
}

#[test]
fn f2_in_a_left_to_right_field_holds_only_until_the_focus_leaves_it() {
    let mut h = Harness::new();
    h.type_text("n").tab().tab().tab();
    // The file number: F2 there types Arabic in it...
    h.press(KeyCode::F(2)).type_text("Q");
    assert!(h.app.state.arabic_keyboard());
    // ...and nowhere else: the next field, and this one when it gets the focus again.
    h.tab();
    assert!(!h.app.state.arabic_keyboard(), "the facility has its own layer");
    h.shift_tab();
    assert!(!h.app.state.arabic_keyboard(), "back in the file number: as typed again");
    h.press(KeyCode::Backspace).type_text("Q-7/2");
    assert_eq!(register_inputs(&h)[3], "Q-7/2");
    // Nothing about left-to-right fields is remembered in the store.
    assert!(h.store().keyboards::<String>().unwrap().is_empty());
    // The help screen over the field does not move the focus: the choice holds under it.
    h.press(KeyCode::F(2)).press(KeyCode::F(1)).press(KeyCode::Esc);
    assert!(h.app.state.arabic_keyboard());
}

#[test]
fn f2_in_a_right_to_left_field_holds_only_until_the_focus_leaves_it() {
    let mut h = Harness::new();
    h.type_text("n").press(KeyCode::F(2));
    assert!(!h.app.state.arabic_keyboard());
    h.tab().shift_tab();
    assert!(h.app.state.arabic_keyboard(), "the Arabic name starts in Arabic again");
}

#[test]
fn each_kind_of_question_starts_in_its_own_layer_and_a_broken_value_gets_its_message() {
    let mut h = layers_form(Lang::En);
    // Right to left: Arabic from the start, with the tag in the field.
    assert_shows(&h.screen(), "Mother's name in Arabic");
    assert!(h.app.state.arabic_keyboard());
    h.type_text(SAID_KEYS).enter();
    // Left to right with a pattern: as typed; through the Arabic layer the value breaks the
    // pattern and gets the field's own message.
    assert_shows(&h.screen(), "Reference code");
    assert!(!h.app.state.arabic_keyboard());
    h.press(KeyCode::F(2)).type_text("AB-123").enter();
    assert_shows(&h.screen(), "Two capitals, a dash, three digits, e.g. AB-123.");
    assert_shows(&h.screen(), "Reference code");
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.press(KeyCode::F(2)).type_text("AB-123").enter();
    // Auto: as typed the first time; F2 there is remembered for this question.
    assert_shows(&h.screen(), "Short remark");
    assert!(!h.app.state.arabic_keyboard());
    h.press(KeyCode::F(2)).type_text(SAID_KEYS).enter();
    // A whole number: as typed, although the question before chose Arabic.
    assert_shows(&h.screen(), "How many visits");
    assert!(!h.app.state.arabic_keyboard());
    h.press(KeyCode::F(2)).type_text("6e").enter();
    assert_shows(&h.screen(), "Not a whole number.");
    h.press(KeyCode::Backspace).press(KeyCode::Backspace).press(KeyCode::F(2)).type_text("6").enter();
    // A date: as typed; through the Arabic layer "/" types "ظ" and the date is refused.
    assert_shows(&h.screen(), "Date of the last visit");
    assert!(!h.app.state.arabic_keyboard());
    h.press(KeyCode::F(2)).type_text("15/01/2019").enter();
    assert_shows(&h.screen(), "Not a date");
    for _ in 0..12 {
        h.press(KeyCode::Backspace);
    }
    h.press(KeyCode::F(2)).type_text("15/01/2019").enter();
    assert_shows(&h.screen(), "Notes");
    assert!(!h.app.state.arabic_keyboard(), "notes (auto) start as typed");
    assert_eq!(draft_answer(&h, "mother_name"), Some(Answer::Text(SAID.into())));
    assert_eq!(draft_answer(&h, "code"), Some(Answer::Text("AB-123".into())));
    assert_eq!(draft_answer(&h, "remark"), Some(Answer::Text(SAID.into())));
    assert_eq!(draft_answer(&h, "count"), Some(Answer::Integer(6)));
    assert!(matches!(draft_answer(&h, "visit_date"), Some(Answer::Date(_))));
    let saved = h.store().keyboards::<String>().unwrap();
    assert_eq!(saved, BTreeMap::from([("form/layers/remark".to_string(), true)]));
}

#[test]
fn the_national_id_and_case_number_of_the_intake_start_as_typed() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1").start_intake();
    // The nationality (auto) typed in Arabic does not carry over to the identity number.
    h.press(KeyCode::F(2)).type_text("lyvfdm").enter();
    assert!(!h.app.state.arabic_keyboard());
    h.type_text("AB12345").enter().type_text("Tanger").enter().type_text("1").enter();
    assert!(!h.app.state.arabic_keyboard());
    h.type_text("2019/153").enter();
    assert_eq!(draft_answer(&h, "nationality"), Some(Answer::Text("مغربية".into())));
    assert_eq!(draft_answer(&h, "national_id"), Some(Answer::Text("AB12345".into())));
    assert_eq!(draft_answer(&h, "case_number"), Some(Answer::Text("2019/153".into())));
}

#[test]
fn after_a_restart_left_to_right_fields_start_as_typed_and_auto_fields_remember() {
    let mut h = Harness::new();
    h.type_text("/").press(KeyCode::F(2)).type_text(SAID_KEYS);
    assert!(h.app.state.arabic_keyboard());
    h.press(KeyCode::Esc).type_text("n").tab().press(KeyCode::F(2));
    h.tab().tab().tab().press(KeyCode::F(2));
    assert!(h.app.state.arabic_keyboard(), "the facility chose Arabic");
    h.press(KeyCode::Esc).type_text("y");
    let mut h = h.reopen();
    h.type_text("/");
    assert!(h.app.state.arabic_keyboard(), "the Home filter remembers Arabic");
    h.press(KeyCode::Esc).type_text("n");
    assert!(h.app.state.arabic_keyboard(), "the Arabic name starts in Arabic");
    h.tab();
    assert!(!h.app.state.arabic_keyboard(), "the Latin name starts as typed");
    h.tab().tab();
    assert!(!h.app.state.arabic_keyboard(), "the file number starts as typed");
    h.tab();
    assert!(h.app.state.arabic_keyboard(), "the facility remembers Arabic");
}

#[test]
fn an_older_store_remembering_arabic_per_kind_makes_no_field_start_in_arabic() {
    let mut h = Harness::prepared(Lang::En, Some("Samira"), 80, 24, None, |store| {
        let old: BTreeMap<String, bool> =
            [("arabic", false), ("text", true), ("number", true)].map(|(k, v)| (k.to_string(), v)).into();
        store.set_keyboards(&old).unwrap();
    });
    h.type_text("n");
    assert!(h.app.state.arabic_keyboard(), "the Arabic name starts in Arabic");
    for field in ["Latin name", "date of birth", "file number", "facility", "entry date"] {
        h.tab();
        assert!(!h.app.state.arabic_keyboard(), "{field} starts as typed");
    }
    h.press(KeyCode::Esc);
    h.type_text("/");
    assert!(!h.app.state.arabic_keyboard(), "the Home filter starts as typed");
}

/// The Arabic-layer tag of the focused field, as drawn: its position, if shown.
fn tag(h: &mut Harness) -> Option<(u16, u16)> {
    h.screen();
    h.find(&shown("ع")).filter(|&(x, y)| h.style_at(x, y).add_modifier.contains(Modifier::REVERSED))
}

#[test]
fn the_field_shows_its_layer_with_a_tag_that_stays_visible_in_monochrome() {
    let mut h = Harness::new();
    h.type_text("n");
    let (x, y) = tag(&mut h).expect("the Arabic name shows the tag");
    let (_, cursor_y) = h.cursor();
    assert_eq!(y, cursor_y, "the tag is on the field's own row");
    assert!(x > 70, "at the field's far end: {x}");
    // Reversed and bold: no colour needed to see it.
    let style = h.style_at(x, y);
    assert!(style.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD), "{style:?}");
    h.tab();
    assert_eq!(tag(&mut h), None, "the Latin name types as typed: no tag");
    h.press(KeyCode::F(2));
    let (_, y2) = tag(&mut h).expect("F2 shows the tag in the Latin name");
    assert_eq!(y2, y + 2, "on the Latin name's row");
    // In the Arabic interface the tag is at the left, the field's far end.
    let mut h = Harness::with(Lang::Ar, Some("Samira"), 80, 24);
    h.type_text("n");
    let (x, _) = tag(&mut h).expect("the Arabic name shows the tag");
    assert!(x < 10, "{x}");
}

#[test]
fn a_notes_field_shows_its_layer_too() {
    let mut h = layers_form(Lang::En);
    for _ in 0..5 {
        h.enter();
    }
    assert_shows(&h.screen(), "Notes");
    assert_eq!(tag(&mut h), None);
    h.press(KeyCode::F(2)).type_text(SAID_KEYS);
    assert!(tag(&mut h).is_some(), "{}", h.screen());
    assert_shows(&h.screen(), &shown(SAID));
}

// ---- 2. Keys while the terminal is too small ----

#[test]
fn keys_typed_while_the_terminal_is_too_small_change_nothing() {
    let mut h = Harness::new();
    h.type_text("n").tab().type_text("Said");
    h.resize(60, 20);
    assert_shows(&h.screen(), "Please enlarge the terminal");
    h.type_text("xyz").paste("abc");
    for key in [KeyCode::Backspace, KeyCode::Delete, KeyCode::Home, KeyCode::Tab, KeyCode::Enter, KeyCode::F(2)] {
        h.press(key);
    }
    h.ctrl('s').ctrl('t').shift_tab().press(KeyCode::Esc).type_text("y");
    h.resize(80, 24);
    assert_eq!(register_inputs(&h)[1], "Said");
    let Screen::Register(reg) = &h.app.state.screen else { panic!("still registering") };
    assert_eq!(reg.focus as usize, 1);
    assert!(h.app.state.overlay.is_none());
    assert!(!h.app.state.arabic_keyboard());
    assert!(participants(&h).is_empty());
    h.type_text("!");
    assert_eq!(register_inputs(&h)[1], "Said!", "keys act again once the form shows");
}

#[test]
fn ctrl_q_while_the_terminal_is_too_small_saves_the_draft_and_quits() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1").start_intake();
    h.type_text("Marocaine");
    h.resize(70, 24).type_text("xyz").ctrl('q');
    assert!(h.app.state.quit);
    assert_eq!(draft_answer(&h, "nationality"), Some(Answer::Text("Marocaine".into())));
}

#[test]
fn quitting_a_half_filled_registration_while_too_small_waits_for_the_question_to_show() {
    let mut h = Harness::new();
    h.type_text("n").tab().type_text("Said");
    h.resize(80, 10).ctrl('q');
    assert!(!h.app.state.quit);
    assert!(matches!(h.app.state.overlay, Some(Overlay::Confirm(_))));
    // A yes to a question nobody could see is not taken.
    h.ctrl('q').type_text("y").enter();
    assert!(!h.app.state.quit);
    h.resize(80, 24);
    assert_shows(&h.screen(), "Quit");
    h.press(KeyCode::Esc);
    assert!(h.app.state.overlay.is_none());
    assert_eq!(register_inputs(&h)[1], "Said");
}

// ---- 3. The cursor of an empty right-to-left field ----

/// The first and last columns of the focused input's text on the cursor's row (its cells are
/// underlined), and the cursor's column.
fn input_edges(h: &mut Harness) -> (u16, u16, u16) {
    h.screen();
    let (x, y) = h.cursor();
    let underlined: Vec<u16> =
        (0..80).filter(|&c| h.style_at(c, y).add_modifier.contains(Modifier::UNDERLINED)).collect();
    (underlined[0], *underlined.last().unwrap(), x)
}

#[test]
fn the_cursor_of_an_empty_right_to_left_field_waits_at_its_right_edge() {
    for lang in [Lang::En, Lang::Ar] {
        for mode in [BidiMode::App, BidiMode::Reorder] {
            let mut h = Harness::with_mode(lang, Some("Samira"), 80, 24, Some(mode));
            h.type_text("n");
            let (_, right, x) = input_edges(&mut h);
            assert_eq!(x, right, "{lang:?} {mode:?}: empty Arabic name");
            h.tab();
            let (left, _, x) = input_edges(&mut h);
            assert_eq!(x, left, "{lang:?} {mode:?}: empty Latin name, left to right");
            h.tab().tab().tab();
            let (left, right, x) = input_edges(&mut h);
            let expected = if lang == Lang::Ar { right } else { left };
            assert_eq!(x, expected, "{lang:?} {mode:?}: empty facility (auto) in the interface's direction");
            h.press(KeyCode::F(2));
            let (_, right, x) = input_edges(&mut h);
            assert_eq!(x, right, "{lang:?} {mode:?}: empty facility typing Arabic");
        }
    }
    // The first run and a wizard question, in the Arabic interface.
    let mut h = Harness::with(Lang::Ar, None, 80, 24);
    let (_, right, x) = input_edges(&mut h);
    assert_eq!(x, right, "the first run's username");
    let mut h = layers_form(Lang::Ar);
    let (_, right, x) = input_edges(&mut h);
    assert_eq!(x, right, "a right-to-left question");
    h.type_text(SAID_KEYS);
    let (_, right, x) = input_edges(&mut h);
    assert!(x < right, "typing moves the cursor left of the letters: {x} {right}");
}

// ---- 4. Length limits ----

#[test]
fn a_megabyte_pasted_into_a_name_or_notes_is_refused_whole() {
    let huge = "Mohamed Ben Ali ".repeat(65_536);
    assert!(huge.len() >= 1 << 20);
    let mut h = Harness::new();
    h.type_text("n").tab().type_text("Said").paste(&huge);
    assert_shows(
        &h.screen(),
        &format!("Nothing pasted: too long, this field holds at most {ONE_LINE_MAX_CHARS} characters."),
    );
    assert_eq!(register_inputs(&h)[1], "Said");
    h.type_text(" B");
    assert_eq!(register_inputs(&h)[1], "Said B", "the field still takes keys");
    assert_hides(&h.screen(), "Nothing pasted");
    // The Home filter too.
    h.press(KeyCode::Esc).type_text("y").type_text("/").paste(&huge);
    let Screen::Home(home) = &h.app.state.screen else { panic!() };
    assert_eq!(home.filter.text(), "");
    // Notes.
    let mut h = layers_form(Lang::En);
    for _ in 0..5 {
        h.enter();
    }
    h.type_text("Vu").paste(&huge.replace("Ali ", "Ali\n"));
    assert_shows(&h.screen(), &format!("at most {NOTES_MAX_CHARS} characters"));
    h.type_text("!").tab();
    assert_eq!(draft_answer(&h, "notes"), Some(Answer::Text("Vu!".into())));
}

#[test]
fn typing_or_pasting_past_the_limit_is_refused_with_the_limit() {
    let mut h = Harness::new();
    h.type_text("n").tab().paste(&"a".repeat(ONE_LINE_MAX_CHARS - 3));
    h.paste("bcde");
    assert_shows(&h.screen(), &format!("Nothing pasted: too long, this field holds at most {ONE_LINE_MAX_CHARS}"));
    assert_eq!(register_inputs(&h)[1].chars().count(), ONE_LINE_MAX_CHARS - 3, "nothing half inserted");
    h.type_text("bcd");
    assert_eq!(register_inputs(&h)[1].chars().count(), ONE_LINE_MAX_CHARS);
    h.type_text("e");
    assert_shows(&h.screen(), &format!("Too long: at most {ONE_LINE_MAX_CHARS} characters."));
    assert!(register_inputs(&h)[1].ends_with("bcd"));
    // Deleting is always possible, and then typing again.
    h.press(KeyCode::Backspace).type_text("z");
    assert!(register_inputs(&h)[1].ends_with("bcz"));
    // The message is in the interviewer's language.
    let mut h = Harness::with(Lang::Fr, Some("Samira"), 80, 24);
    h.type_text("n").tab().paste(&"a".repeat(ONE_LINE_MAX_CHARS + 1));
    assert_shows(&h.screen(), &format!("Rien n'est collé : trop long, ce champ contient au plus {ONE_LINE_MAX_CHARS}"));
}

#[test]
fn notes_take_tens_of_thousands_of_characters_and_no_more() {
    let mut h = layers_form(Lang::En);
    for _ in 0..5 {
        h.enter();
    }
    let page = "Atelier de menuiserie, cinq ans.\n".repeat(NOTES_MAX_CHARS / 33);
    let have = page.chars().count();
    h.paste(&page);
    h.paste(&"x".repeat(NOTES_MAX_CHARS - have + 1));
    assert_shows(&h.screen(), "Nothing pasted");
    h.paste(&"x".repeat(NOTES_MAX_CHARS - have));
    h.tab();
    let Some(Answer::Text(notes)) = draft_answer(&h, "notes") else { panic!() };
    assert_eq!(notes.chars().count(), NOTES_MAX_CHARS);
}

#[test]
fn a_form_s_own_lower_limit_holds_while_typing() {
    let mut h = layers_form(Lang::En);
    h.enter().enter();
    assert_shows(&h.screen(), "Short remark");
    h.type_text("0123456789A");
    assert_shows(&h.screen(), "Too long: at most 10 characters.");
    h.enter();
    assert_eq!(draft_answer(&h, "remark"), Some(Answer::Text("0123456789".into())));
}

#[test]
fn a_date_typed_through_the_arabic_layer_gets_the_date_message() {
    let mut h = Harness::new();
    h.type_text("n").tab().tab().press(KeyCode::F(2)).type_text("07/03/1990").tab();
    assert_eq!(register_inputs(&h)[2], "07ظ03ظ1990");
    assert_shows(&h.screen(), "Not a date");
    // On the change-of-stage screen too.
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("t").type_text("2").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.press(KeyCode::F(2)).type_text("15/09/2024").tab().type_text("Admis").ctrl('s');
    assert_shows(&h.screen(), "Not a date");
}

// ---- Review of the keyboard layer and the limits ----

#[test]
fn removing_a_repeat_item_does_not_carry_its_layer_into_the_next_item() {
    let mut h = Harness::with_forms(&["forms/valid_training.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    // Enrolment: trade 1, a start date, hours and fee left empty; then two sessions.
    h.type_text("1").enter().type_text("16/11/2026").enter().enter().enter();
    h.type_text("17/11/2026").enter().enter();
    h.press(KeyCode::PageUp).ctrl('n').type_text("18/11/2026").enter();
    // Back to the first session's date, F2 there, then remove that session.
    h.press(KeyCode::PageUp);
    let Screen::Wizard(w) = &h.app.state.screen else { panic!("in the wizard") };
    assert_eq!((w.item, w.field().map(|f| f.id.as_str())), (Some(0), Some("session_date")));
    h.press(KeyCode::F(2));
    assert!(h.app.state.arabic_keyboard());
    assert!(tag(&mut h).is_some());
    h.ctrl('d').type_text("y");
    let Screen::Wizard(w) = &h.app.state.screen else { panic!("in the wizard") };
    assert_eq!((w.item, w.field().map(|f| f.id.as_str())), (Some(0), Some("session_date")));
    let screen = h.screen();
    assert_shows(&screen, "18/11/2026");
    assert_shows(&screen, "F2 keyboard: as typed");
    assert_hides(&screen, "F2 keyboard: Arabic");
    assert_eq!(tag(&mut h), None, "the other session's date shows no Arabic tag:\n{screen}");
    assert!(!h.app.state.arabic_keyboard());
    // What is typed there is typed as is.
    h.press(KeyCode::Home).press(KeyCode::Delete).press(KeyCode::Delete).type_text("20").enter();
    let interview = h.store().all_interviews().unwrap().pop().unwrap();
    let Some(Answer::Repeat(items)) = interview.answers.get("sessions") else { panic!("{:?}", interview.answers) };
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].get("session_date"),
        Some(&Answer::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()))
    );
}

/// The text the focused wizard input holds.
fn editor_text(h: &Harness) -> String {
    let Screen::Wizard(w) = &h.app.state.screen else { panic!("in the wizard") };
    match &w.editor {
        daftar::app::Editor::Text(input) => input.text().to_string(),
        _ => panic!("a text question"),
    }
}

#[test]
fn a_paste_the_input_takes_the_form_takes_and_the_other_way_round() {
    let mut h = layers_form(Lang::En);
    h.enter().enter();
    assert_shows(&h.screen(), "Short remark");
    let field = {
        let Screen::Wizard(w) = &h.app.state.screen else { panic!("in the wizard") };
        w.field().cloned().unwrap()
    };
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
    // (text, whether a field of max_length 10 takes it): lengths are characters as stored.
    let samples = [
        ("بَ".repeat(6), false),           // 6 graphemes, 12 characters
        ("بَ".repeat(5), true),            // 10 characters
        (format!("{family}abc"), true),   // one grapheme of 7 characters, and 3
        (format!("{family}abcd"), false), // 11
        ("e\u{301}".repeat(10), true),    // decomposed: 20 as pasted, 10 as stored (NFC)
        ("é".repeat(11), false),
    ];
    for (text, fits) in &samples {
        for _ in 0..12 {
            h.press(KeyCode::Backspace);
        }
        assert_eq!(editor_text(&h), "");
        h.paste(text);
        let input_took = !editor_text(&h).is_empty();
        let form_took = daftar::form::parse_text_answer(&field, text).is_ok();
        assert_eq!((input_took, form_took), (*fits, *fits), "{text:?}: input, form");
        if !fits {
            assert_shows(&h.screen(), "Nothing pasted: too long, this field holds at most 10 characters.");
        }
    }
    // What the input holds is what the form keeps: the decomposed paste, stored in NFC.
    h.paste(&"e\u{301}".repeat(10)).enter();
    assert_eq!(draft_answer(&h, "remark"), Some(Answer::Text("é".repeat(10))));
}

#[test]
fn a_resumed_draft_holding_an_answer_past_the_limit_is_not_committed_again_until_shortened() {
    let mut h = layers_form(Lang::En);
    h.type_text("x").enter().press(KeyCode::Esc);
    // A draft written before the limits existed (or by another program): its answers are
    // kept whole, never cut, but none goes through again at that length.
    let mut draft = h.store().all_interviews().unwrap().pop().unwrap();
    draft.answers.insert("remark".into(), Answer::Text("0123456789ABCDEF".into()));
    let long_name = "س".repeat(ONE_LINE_MAX_CHARS + 5);
    draft.answers.insert("mother_name".into(), Answer::Text(long_name.clone()));
    let long_notes = "n".repeat(NOTES_MAX_CHARS + 1);
    draft.answers.insert("notes".into(), Answer::Text(long_notes.clone()));
    h.store().save_draft(&draft).unwrap();
    let mut h = h.reopen();
    h.type_text("/").type_text("Said").enter().enter();
    pick_layers_form(&mut h, Lang::En);
    assert_shows(&h.screen(), "resuming it");
    // The question it stopped at, then the over-long remark: shown whole, refused on Enter.
    h.enter();
    assert_eq!(editor_text(&h), "0123456789ABCDEF");
    h.enter();
    assert_shows(&h.screen(), "Too long: at most 10 characters.");
    assert_shows(&h.screen(), "Short remark");
    // Nor can it be carried to another page, or kept by quitting without a question.
    h.press(KeyCode::PageDown);
    assert_shows(&h.screen(), "Too long: at most 10 characters.");
    assert_eq!(editor_text(&h), "0123456789ABCDEF");
    h.ctrl('q');
    assert!(matches!(h.app.state.overlay, Some(Overlay::Confirm(_))));
    assert!(!h.app.state.quit);
    h.type_text("n");
    for _ in 0..6 {
        h.press(KeyCode::Backspace);
    }
    h.enter();
    assert_eq!(draft_answer(&h, "remark"), Some(Answer::Text("0123456789".into())));
    // Daftar's own limits hold the same way: notes past 20,000, a name past 300.
    h.enter().enter();
    assert_shows(&h.screen(), "▶ Notes");
    h.enter();
    assert_shows(&h.screen(), &format!("Too long: at most {NOTES_MAX_CHARS} characters."));
    for _ in 0..5 {
        h.shift_tab();
    }
    assert_shows(&h.screen(), &format!("Too long: at most {NOTES_MAX_CHARS} characters."));
    assert_shows(&h.screen(), "▶ Notes");
    h.press(KeyCode::Backspace).shift_tab().shift_tab().shift_tab().shift_tab().shift_tab();
    assert_shows(&h.screen(), "▶ Mother's name in Arabic");
    h.enter();
    assert_shows(&h.screen(), &format!("Too long: at most {ONE_LINE_MAX_CHARS} characters."));
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers.get("mother_name"), Some(&Answer::Text(long_name)), "kept whole, not cut");
    assert_eq!(draft.answers.get("notes"), Some(&Answer::Text("n".repeat(NOTES_MAX_CHARS))), "once shortened");
}

/// The change-of-stage screen's date and reason as typed.
fn stage_inputs(h: &Harness) -> (String, String) {
    let Screen::StageChange(form) = &h.app.state.screen else { panic!("on the change-of-stage screen") };
    (form.date.text().to_string(), form.reason.text().to_string())
}

#[test]
fn ctrl_q_on_the_change_of_stage_screen_asks_before_dropping_what_was_typed() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("t");
    // Nothing typed yet (the date offered is today's): Ctrl-Q quits at once.
    h.ctrl('q');
    assert!(h.app.state.quit);
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("t").type_text("2").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("15/09/2026").tab().type_text("Fin de peine");
    h.ctrl('q');
    assert!(!h.app.state.quit, "a typed change of stage is not dropped without a word");
    let screen = h.screen();
    assert_shows(&screen, "Quit and discard the change of stage not yet recorded?");
    h.type_text("n");
    assert!(!h.app.state.quit);
    assert!(h.app.state.overlay.is_none());
    assert_eq!(stage_inputs(&h), ("15/09/2026".into(), "Fin de peine".into()));
    // While the screen is hidden the question waits for a larger terminal.
    h.resize(70, 20).ctrl('q');
    assert!(!h.app.state.quit);
    assert!(matches!(h.app.state.overlay, Some(Overlay::Confirm(_))));
    h.ctrl('q').type_text("y").enter();
    assert!(!h.app.state.quit, "a yes to a question nobody could see is not taken");
    h.resize(80, 24);
    assert_shows(&h.screen(), "Quit and discard the change of stage not yet recorded?");
    h.press(KeyCode::Esc);
    assert!(h.app.state.overlay.is_none());
    assert_eq!(stage_inputs(&h), ("15/09/2026".into(), "Fin de peine".into()));
    // And a yes quits, recording nothing.
    h.ctrl('q').type_text("y");
    assert!(h.app.state.quit);
    let participant = participants(&h).pop().unwrap();
    assert!(h.store().stages_of(&participant.id).unwrap().is_empty());
}
