//! Arabic on screen, through the app: golden screens in each display mode, the cursor in
//! right-to-left and mixed fields, the Arabic keyboard layer, pasted and dangerous input, and
//! the settings screen that chooses the mode.

use std::path::PathBuf;

use daftar::i18n::Lang;
use daftar::store::Answer;
use daftar::text::BidiMode;
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_hides, assert_shows, shown};

/// Compares `screen` with tests/data/golden/`name`.txt; `DAFTAR_BLESS=1` rewrites the file
/// (then look at it before committing it).
#[track_caller]
fn golden(name: &str, screen: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden").join(format!("{name}.txt"));
    if std::env::var_os("DAFTAR_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, screen).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with DAFTAR_BLESS=1 to create it", path.display()));
    assert_eq!(screen, expected, "screen differs from {}; screen is:\n{screen}", path.display());
}

const NAME_AR: &str = "محمد بن علي (الابن)";
const NAME_LATIN: &str = "Mohamed Ben Ali « Hamid »";
const FACILITY: &str = "سجن سلا 2 (الجناح ب)";

fn mode_name(mode: BidiMode) -> String {
    mode.to_string()
}

/// The register form filled with mixed Arabic, French, digits and brackets, before saving.
fn filled_register(lang: Lang, mode: BidiMode) -> Harness {
    let mut h = Harness::with_mode(lang, Some("Samira"), 80, 24, Some(mode));
    h.type_text("n");
    for value in [NAME_AR, NAME_LATIN, "٠٧/٠٣/١٩٩٠", "2024/0153", FACILITY] {
        h.paste(value).tab();
    }
    h.paste("01/09/2024");
    // Back to the Arabic name, so the cursor shows in a right-to-left field.
    for _ in 0..5 {
        h.shift_tab();
    }
    h
}

#[test]
fn golden_register_form_in_each_mode() {
    for mode in BidiMode::ALL {
        let mut h = filled_register(Lang::En, mode);
        golden(&format!("register_en_{}", mode_name(mode)), &h.screen());
    }
    let mut h = filled_register(Lang::Ar, BidiMode::App);
    golden("register_ar_app", &h.screen());
}

/// A review page with mixed answers in every field kind that shows text.
fn review_with_answers(lang: Lang, mode: BidiMode) -> Harness {
    let mut h = filled_register(lang, mode);
    h.ctrl('s');
    h.start_intake();
    h.paste("مغربية").enter().paste("AB123456").enter().paste("Salé (سلا)").enter().type_text("13").enter();
    h.paste("2019/153 (ج)").enter().type_text("1").enter().paste("٦٠").enter();
    h.paste("سجن سلا 2").enter().paste("15/01/2019").enter();
    for _ in 0..5 {
        h.press(KeyCode::PageDown);
    }
    h.paste("تحسن بنسبة 40% منذ (يناير) — progrès réel").tab();
    for _ in 0..2 {
        h.press(KeyCode::PageDown);
    }
    h
}

#[test]
fn golden_review_page_in_each_mode() {
    for mode in BidiMode::ALL {
        let mut h = review_with_answers(Lang::En, mode);
        let screen = h.screen();
        assert_shows(&screen, "Review");
        golden(&format!("review_en_{}", mode_name(mode)), &screen);
    }
    let mut h = review_with_answers(Lang::Ar, BidiMode::App);
    golden("review_ar_app", &h.screen());
}

#[test]
fn arabic_is_joined_and_ordered_on_screen_and_stored_logically() {
    let mut h = filled_register(Lang::En, BidiMode::App);
    let screen = h.screen();
    // Shaped and reordered: the brackets mirrored, the digits left to right.
    assert_shows(&screen, &shown(NAME_AR));
    assert_shows(&screen, "(ﻦﺑﻻﺍ) ﻲﻠﻋ ﻦﺑ ﺪﻤﺤﻣ");
    assert_shows(&screen, "٠٧/٠٣/١٩٩٠");
    assert_shows(&screen, &shown(FACILITY));
    assert_hides(&screen, NAME_AR);
    assert_hides(&screen, "ﻦﺑﻻﺍ(");
    h.ctrl('s');
    assert_shows(&h.screen(), "(ﻦﺑﻻﺍ) ﻲﻠﻋ ﻦﺑ ﺪﻤﺤﻣ");
    let p = h.store().participants().unwrap().pop().unwrap();
    assert_eq!(p.name_ar, NAME_AR, "stored in logical order");
    assert_eq!(p.date_of_birth.to_string(), "1990-03-07", "Arabic-Indic digits parse");
    // In terminal mode the terminal gets logical text to reorder itself.
    let mut h = filled_register(Lang::En, BidiMode::Terminal);
    assert_shows(&h.screen(), NAME_AR);
}

#[test]
fn the_cursor_sits_left_of_the_last_arabic_letter_typed() {
    let mut h = Harness::new();
    h.type_text("n").paste("سلام");
    h.screen();
    let (x, y) = h.cursor();
    let row = h.row(y);
    // Right-aligned in its box: the text ends at the box's right edge, the cursor is in the
    // column just left of the first letter shown (the lam-alef ligature makes it 3 cells).
    let first = row.iter().position(|s| s == "ﻡ").expect("the final meem is shown leftmost");
    assert_eq!(row[first..first + 3].concat(), "ﻡﻼﺳ");
    assert_eq!(x as usize, first - 1, "row: {}", row.concat());
    // Harakat do not move the cursor: they sit on their letter.
    h.paste("\u{64E}");
    h.screen();
    assert_eq!(h.cursor(), (x, y));
    // Right moves onto the last letter shown on the right of the cursor (the meem).
    h.press(KeyCode::Right);
    h.screen();
    assert_eq!(h.cursor(), (x + 1, y));
    // Home and End are logical: Home goes to the first letter, shown at the right end.
    h.press(KeyCode::Home);
    h.screen();
    assert_eq!(h.cursor(), (first as u16 + 2, y));
    h.press(KeyCode::End);
    h.screen();
    assert_eq!(h.cursor(), (x, y));
    // Backspace deletes the grapheme before the cursor in logical order: meem with its fatha.
    h.press(KeyCode::Backspace);
    let Some(daftar::app::Screen::Register(reg)) = Some(&h.app.state.screen) else { panic!() };
    assert_eq!(reg.inputs[0].text(), "سلا");
}

#[test]
fn a_long_answer_scrolls_and_keeps_the_cursor_in_the_field() {
    let mut h = Harness::new();
    h.type_text("n").tab();
    let long = "Mohamed Ben Ali dit « Hamid », né à Salé, connu sous plusieurs noms ".repeat(2);
    h.type_text(&long);
    h.screen();
    let (x, y) = h.cursor();
    assert!(x < 79, "cursor inside the box: {x}");
    let row = h.row(y).concat();
    assert!(row.contains("plusieurs noms"), "the end of the text is visible: {row}");
    h.press(KeyCode::Home);
    h.screen();
    let row = h.row(y).concat();
    assert!(row.contains("Mohamed Ben"), "Home scrolls back to the start: {row}");
}

#[test]
fn the_arabic_layer_maps_a_us_keyboard_and_follows_the_field() {
    let mut h = Harness::new();
    h.type_text("n");
    assert_shows(&h.screen(), "F2 keyboard: Arabic");
    h.type_text("lpl] fk ugd");
    h.press(KeyCode::F(2));
    assert_shows(&h.screen(), "F2 keyboard: as typed");
    h.type_text(" 2");
    h.tab();
    // The Latin name starts as typed; switching it on holds only in this field.
    assert_shows(&h.screen(), "F2 keyboard: as typed");
    h.type_text("Mohamed");
    h.ctrl('t').type_text("hgl");
    h.paste("xyz");
    assert_eq!(h.app.state.focused_input().map(|f| f.rule), Some(daftar::app::KeyboardRule::AsTyped));
    assert!(h.app.state.arabic_keyboard());
    for _ in 0..4 {
        h.tab();
    }
    h.shift_tab().shift_tab().shift_tab().shift_tab();
    // Back in the Latin name: as typed again; and the Arabic name starts in Arabic again.
    assert_shows(&h.screen(), "F2 keyboard: as typed");
    h.shift_tab();
    assert_shows(&h.screen(), "F2 keyboard: Arabic");
    let Some(daftar::app::Screen::Register(reg)) = Some(&h.app.state.screen) else { panic!() };
    assert_eq!(reg.inputs[0].text(), "محمد بن علي 2");
    assert_eq!(reg.inputs[1].text(), "Mohamedالمxyz", "pasted text is never mapped");
    let saved = h.store().keyboards::<String>().unwrap();
    assert!(saved.is_empty(), "no left-to-right or right-to-left field is remembered: {saved:?}");
}

#[test]
fn pasted_bidi_controls_are_stripped_and_control_characters_refused() {
    let mut h = Harness::new();
    h.type_text("n");
    // Trojan Source: an override that would show "cba" for "abc" is dropped.
    h.paste("\u{202E}علي\u{202C}");
    h.tab().paste("Ali\u{7}");
    let screen = h.screen();
    assert_shows(&screen, "Not accepted: U+0007.");
    h.paste("Ali\nBen");
    assert_shows(&h.screen(), "Not accepted: a line break (only notes take several lines).");
    h.paste("Ali");
    let Some(daftar::app::Screen::Register(reg)) = Some(&h.app.state.screen) else { panic!() };
    assert_eq!(reg.inputs[0].text(), "علي");
    assert_eq!(reg.inputs[1].text(), "Ali", "refused pastes change nothing");
}

#[test]
fn lrm_and_rlm_in_data_are_shown_as_markers() {
    let mut h = Harness::new();
    h.type_text("n").tab().paste("Ali\u{200F} Ben\u{200E}");
    let screen = h.screen();
    assert_shows(&screen, "Ali↰ Ben↱");
}

#[test]
fn notes_wrap_and_reorder_per_line() {
    let mut h = Harness::new();
    h.register(NAME_AR, NAME_LATIN, "07/03/1990", "F-1").start_intake();
    for _ in 0..4 {
        h.press(KeyCode::PageDown);
    }
    h.type_text("3").enter().enter();
    let first = "عمل في النجارة مدة خمس سنوات في ورشة (الحي الصناعي) ثم في البناء مع أخيه الأكبر قبل أن يعتقل سنة 2019";
    let second = "Atelier de menuiserie — 5 ans";
    h.paste(first).enter().paste(second);
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let editor = lines.iter().position(|l| l.contains("┌Work history")).expect("the notes editor") + 2;
    // Wrapped in logical order, each line reordered and right-aligned: the first words are at
    // the right end of the first line, the year is on the second.
    assert!(lines[editor].ends_with(&format!("{}│", shown("عمل في النجارة"))), "{screen}");
    assert!(lines[editor + 1].contains("2019"), "{screen}");
    assert!(lines[editor + 1].ends_with("│"), "{screen}");
    assert!(lines[editor + 2].contains(second), "{screen}");
    h.tab();
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["work_history"], Answer::Text(format!("{first}\n{second}")));
}

#[test]
fn the_settings_screen_shows_each_mode_and_keeps_the_choice() {
    let mut h = Harness::new();
    h.type_text("s");
    let screen = h.screen();
    assert_shows(&screen, "Pick the line that reads correctly on this terminal, then press Enter.");
    let sample = "دفتر المتابعة (ملف رقم 2024/153) جاهز";
    assert_shows(&screen, &shown(sample));
    assert_shows(&screen, sample);
    assert_shows(&screen, "app: Daftar orders and joins the letters");
    assert_shows(&screen, "[in use]");
    h.press(KeyCode::Down).enter();
    assert_eq!(h.app.state.bidi, BidiMode::Reorder);
    assert_eq!(h.store().bidi_mode().unwrap(), Some(BidiMode::Reorder));
    assert_shows(&h.screen(), "Display mode saved.");
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "No participants yet");
}
