//! Issue 8, screens and messages: a value looks the same in its editor and on the review
//! page; long answers can be read whole; values in translated sentences keep their own
//! direction; key names come from the keymap in the interface's language; empty tabs say what
//! they mean; cut text ends in `…`; the Arabic interface is mirrored; styles carry meaning in
//! monochrome.

use daftar::i18n::{Lang, T};
use daftar::text::{BidiMode, Dir, render_lines};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

use crate::support::{Harness, answer_every_intake_section, assert_hides, assert_shows, shown};

/// A harness on the review page of an intake whose nationality is `answer` (pasted, in the
/// first question), in `lang`.
fn review_with(lang: Lang, answer: &str) -> Harness {
    let mut h = Harness::with(lang, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake().paste(answer).enter();
    for _ in 0..10 {
        h.press(KeyCode::PageDown);
    }
    h
}

/// A finalized intake with every section answered, opened read-only (the keys of the full
/// flow test in app_flow.rs).
fn read_only() -> Harness {
    let mut h = Harness::new();
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    answer_every_intake_section(&mut h);
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
    h.enter();
    h
}

#[test]
fn an_answer_reads_the_same_in_its_editor_and_on_the_review_page() {
    // As typed through the Arabic layer, whose Shift-9 and Shift-0 give ")" and "(".
    let answer = "مغربية )2026(";
    let editor_text = render_lines(answer, BidiMode::App, Dir::Auto, None).concat();
    let mut h = Harness::with(Lang::En, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake().paste(answer);
    assert_shows(&h.screen(), &editor_text);
    h.enter();
    for _ in 0..10 {
        h.press(KeyCode::PageDown);
    }
    let review = h.screen();
    assert_shows(&review, "Review");
    assert_shows(&review, &format!("Nationality *: {editor_text}"));
    // The same in the Arabic interface, whose lines read right to left.
    let mut h = review_with(Lang::Ar, answer);
    assert_shows(&h.screen(), &editor_text);
}

#[test]
fn a_long_answer_wraps_when_selected_and_opens_whole() {
    let long = format!("{} END", "Marocaine et aussi algérienne par sa mère ".repeat(6));
    let mut h = review_with(Lang::En, &long);
    // The nationality line is the first answer after the issues: select it.
    for _ in 0..13 {
        h.press(KeyCode::Down);
    }
    let review = h.screen();
    assert_shows(&review, "Nationality *: Marocaine");
    // Unselected lines are one row, cut with a visible mark.
    h.press(KeyCode::Up);
    let unselected = h.screen();
    assert!(unselected.lines().any(|l| l.contains("Nationality *: Marocaine") && l.contains('…')), "{unselected}");
    assert_hides(&unselected, "END");
    h.press(KeyCode::Down);
    // `v` opens the whole answer; Esc closes it.
    h.type_text("v");
    let whole = h.screen();
    assert_shows(&whole, "Whole answer");
    assert_shows(&whole, "END");
    assert_shows(&whole, "Nationality");
    h.press(KeyCode::Esc);
    assert_hides(&h.screen(), "Whole answer");
    assert_shows(&h.screen(), "Nationality *: Marocaine");
}

#[test]
fn the_read_only_view_scrolls_at_the_first_page_down_and_enter_shows_an_answer() {
    let mut h = read_only();
    let screen = h.screen();
    let opened = screen.contains("(read-only)");
    assert!(opened, "no finalized interview opened:\n{}", h.screen());
    let first = h.screen();
    h.press(KeyCode::PageDown);
    let second = h.screen();
    let body = |s: &str| s.lines().skip(4).take(17).collect::<Vec<_>>().join("\n");
    assert_ne!(body(&first), body(&second), "one PgDn must show other lines:\n{first}\n{second}");
    h.press(KeyCode::PageUp);
    assert_eq!(body(&h.screen()), body(&first));
    h.enter();
    assert_shows(&h.screen(), "Whole answer");
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "(read-only)");
}

#[test]
fn the_store_path_and_a_file_number_keep_their_direction_in_arabic_sentences() {
    let mut h = Harness::with(Lang::Ar, Some("Samira"), 80, 24);
    let path = h.app.state.store_path.clone();
    h.press(KeyCode::F(1));
    let help = h.screen();
    // The path reads left to right, as it is written, next to the Arabic words.
    assert!(help.contains(&path), "the store path {path} is not shown left to right:\n{help}");
    h.press(KeyCode::Esc);
    // A duplicate file number, inside an Arabic message: it reads as written (unisolated, the
    // bidi algorithm would show "153/B" as "B/153" in a right-to-left sentence).
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "153/B").ctrl('s');
    h.press(KeyCode::Esc);
    h.register("سعيد العلوي", "Said Alaoui", "08/03/1990", "153/B").ctrl('s');
    let screen = h.screen();
    let registered = shown("مسجل");
    let line = screen.lines().find(|l| l.contains(&registered)).unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("153/B"), "the file number is not shown as written: {line}");
    let plain = T::ErrDuplicateFileNo.fill_plain(Lang::Ar, &[("file", "153/B")]);
    let unisolated = render_lines(&plain, BidiMode::App, Dir::Rtl, None).concat();
    assert!(!unisolated.contains("153/B"), "the check would pass without isolation: {unisolated}");
}

#[test]
fn catalog_strings_name_keys_only_through_placeholders() {
    let forbidden = [
        "Enter",
        "Entrée",
        "Esc",
        "Échap",
        "(y/n)",
        "(o/n)",
        "y/n",
        "o/n",
        "Tab",
        "Ctrl",
        "PgDn",
        "PgUp",
        "Space",
        "Espace",
        "Shift",
        "Maj-",
        "F1",
        "F2",
        "↑/↓",
        "←/→",
        "1-9",
        "y أو n",
        "y:",
        "o :",
        "المسافة",
    ];
    for key in T::ALL {
        if format!("{key:?}").starts_with("KeyName") {
            continue;
        }
        for lang in Lang::ALL {
            // "Entrée au programme" is the date of entry, not a key.
            let text = key.get(lang).replace("Entrée au programme", "");
            for word in forbidden {
                // As a word: "Entered" is not the key.
                let spelled = text.match_indices(word).any(|(at, _)| {
                    !text[at + word.len()..].starts_with(|c: char| c.is_alphabetic())
                        && !text[..at].ends_with(|c: char| c.is_alphabetic())
                });
                assert!(!spelled, "{key:?} in {lang} spells the key {word:?} by hand: {text}");
            }
        }
    }
}

#[test]
fn a_french_screen_names_every_key_in_french() {
    let mut h = Harness::with(Lang::Fr, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake();
    // A choice question: the hint under it and the status line name the keys as help does.
    h.type_text("Marocaine").enter().enter().type_text("Tanger").enter();
    let screen = h.screen();
    assert_shows(&screen, "Espace ou 1-9 cocher · Entrée suivant");
    assert_hides(&screen, "Enter");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    let confirm = h.screen();
    assert_hides(&confirm, "(y/n)");
    assert_hides(&confirm, "Enter");
}

#[test]
fn a_required_note_names_the_key_that_moves_on_from_notes() {
    let mut h = Harness::with(Lang::En, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake();
    // Motivation and consent: its first question is a required notes field.
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
    }
    assert_shows(&h.screen(), "Why does the participant want to join?");
    h.tab();
    let screen = h.screen();
    assert_shows(&screen, "press Tab again");
    assert_hides(&screen, "press Enter again");
    // A one-line question names Enter, which moves on there.
    let mut h = Harness::with(Lang::En, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake().enter();
    assert_shows(&h.screen(), "press Enter again");
}

#[test]
fn empty_tabs_say_what_they_mean() {
    let mut h = Harness::with(Lang::En, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.press(KeyCode::Esc);
    h.tab();
    let overdue = h.screen();
    assert_shows(&overdue, "Nobody is overdue.");
    assert_hides(&overdue, "No participant matches the filter.");
    h.tab();
    assert_shows(&h.screen(), "Nobody is due this week.");
    h.tab().type_text("/zzz");
    assert_shows(&h.screen(), "No participant matches the filter.");
}

#[test]
fn cut_text_ends_in_an_ellipsis_on_its_reading_side() {
    let long_latin = "Mohamed Abderrahmane Ben Abdelkader El Idrissi Alaoui";
    let long_arabic = "محمد عبد الرحمن بن عبد القادر الإدريسي العلوي";
    for lang in [Lang::En, Lang::Ar] {
        let mut h = Harness::with(lang, Some("Samira"), 80, 24);
        h.register(long_arabic, long_latin, "07/03/1990", "A-1001").ctrl('s');
        h.press(KeyCode::Esc);
        let home = h.screen();
        let row = home.lines().find(|l| l.contains("A-1001")).unwrap_or_default().to_string();
        assert!(row.contains("Mohamed …") || row.contains("Mohamed Abderr"), "{lang}: {home}");
        assert!(row.contains('…'), "{lang}: {home}");
        assert!(!row.contains("Alaoui"), "{lang}: {home}");
        // The Arabic name, cut, ends on its left with the mark.
        let arabic_start = shown("محمد عبد الرحمن");
        let start = row.find(&arabic_start).unwrap_or_else(|| panic!("{lang}: {home}"));
        let before = row[..start].trim_end_matches(|c: char| c != '…' && !c.is_whitespace());
        assert!(row[..start].contains('…') || before.ends_with('…'), "{lang}: {row}");
    }
}

#[test]
fn the_arabic_interface_fills_the_gauge_from_the_right_and_points_at_labels() {
    let mut h = Harness::with(Lang::Ar, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake().type_text("Marocaine").enter().enter().type_text("Tanger").enter();
    let screen = h.screen();
    let row = h.row(2);
    assert_eq!(row.last().map(String::as_str), Some("█"), "{row:?}");
    assert_ne!(row.first().map(String::as_str), Some("█"), "{row:?}");
    // The focused question's mark stands at the right edge and points left, at its label.
    assert!(screen.contains("◀│") || screen.contains('◀'), "{screen}");
    assert!(!screen.contains('▶'), "{screen}");
    // The current stage's arrow points back at its name, on the right of the arrow.
    h.press(KeyCode::Esc);
    let _ = h.screen();
    h.ctrl('q');
    let mut h = Harness::with(Lang::Ar, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.type_text("t");
    let stage = h.screen();
    let line = stage.lines().find(|l| l.contains('→') || l.contains('←')).unwrap_or_default();
    assert!(line.contains(&format!("→ {}", shown("الاستقبال"))), "{stage}");
}

#[test]
fn in_monochrome_an_error_differs_from_a_heading_and_a_marker_shows_in_an_input() {
    let mut h = Harness::with(Lang::En, Some("Samira"), 80, 24);
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake().enter();
    let screen = h.screen();
    let buffer = h.buffer();
    let find = |needle: &str| {
        let y = screen.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {screen}"));
        let x = screen.lines().nth(y).unwrap().chars().take_while(|_| true).collect::<String>().find(needle).unwrap();
        let col = screen.lines().nth(y).unwrap()[..x].chars().count();
        buffer[(col as u16, y as u16)].modifier
    };
    let error = find("Required.");
    let heading = find("Section 1 of 8");
    assert!(heading.contains(Modifier::BOLD));
    assert!(!heading.contains(Modifier::UNDERLINED));
    assert!(error.contains(Modifier::BOLD) && error.contains(Modifier::UNDERLINED), "{error:?}");
    assert_ne!(error, heading);
    // An invisible character pasted into an input shows as a marker unlike the input's text.
    h.paste("ab\u{200B}c");
    let screen = h.screen();
    let buffer = h.buffer();
    let y = screen.lines().position(|l| l.contains("ab␦c")).unwrap_or_else(|| panic!("{screen}"));
    let line = screen.lines().nth(y).unwrap();
    let col = line[..line.find("ab␦c").unwrap()].chars().count() as u16;
    let text = buffer[(col, y as u16)].modifier;
    let marker = buffer[(col + 2, y as u16)].modifier;
    assert!(text.contains(Modifier::UNDERLINED), "{text:?}");
    assert_ne!(text, marker, "the marker looks like the input's text");
}

#[test]
fn the_whole_answer_scrolls_and_stops_at_its_last_page() {
    let mut h = Harness::new();
    h.register("سعيد العلمي", "Said Alami", "07/03/1990", "A-1001").ctrl('s');
    h.start_intake();
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
    }
    assert_shows(&h.screen(), "Why does the participant want to join?");
    let notes: Vec<String> = (1..=40).map(|i| format!("line {i:02} of the motivation")).collect();
    h.paste(&notes.join("\n")).tab();
    for _ in 0..10 {
        h.press(KeyCode::PageDown);
    }
    let mut found = false;
    for _ in 0..40 {
        h.type_text("v");
        let screen = h.screen();
        if screen.contains("Whole answer") && screen.contains("line 01 of") {
            found = true;
            break;
        }
        h.press(KeyCode::Esc).press(KeyCode::Down);
    }
    assert!(found, "the notes answer was never opened:\n{}", h.screen());
    assert_hides(&h.screen(), "line 40 of");
    for _ in 0..10 {
        h.press(KeyCode::PageDown);
    }
    let end = h.screen();
    assert_shows(&end, "line 40 of");
    // Past the end, one Up already moves.
    h.press(KeyCode::Up);
    let up = h.screen();
    assert_ne!(end, up);
    assert_shows(&up, "line 39 of");
    assert_hides(&up, "line 40 of");
}
