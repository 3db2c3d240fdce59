//! Screens and messages (issue 8, review fixes): a value wider than its input is never cut
//! without a sign, the closure drafts begun under an older form close the file, and the
//! dashboard's month bars are told apart without colour.

use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_shows};

const LONG_NAME: &str = "Mohamed Abderrahmane Benali El Idrissi Ouazzani Tazi Alaoui";

/// The row of the last drawn screen showing `needle`, as text, with its index.
fn row_with(h: &mut Harness, needle: &str) -> (u16, String) {
    let screen = h.screen();
    let (y, line) = screen.lines().enumerate().find(|(_, l)| l.contains(needle)).unwrap_or_else(|| {
        panic!("{needle:?} not on screen:\n{screen}");
    });
    (y as u16, line.to_string())
}

#[test]
fn a_long_latin_name_shows_its_start_and_an_ellipsis_once_the_focus_leaves() {
    let mut h = Harness::new();
    h.type_text("n").paste("سعيد").tab().type_text(LONG_NAME).tab();
    // Unfocused: the start of the name, `…` where it goes on (the right), not its tail.
    let (_, line) = row_with(&mut h, "Full name in Latin");
    assert!(line.contains("Mohamed Abderrahmane Benali"), "{line:?}");
    assert!(!line.contains("Alaoui"), "{line:?}");
    let shown = line.trim_end().trim_end_matches('│').trim_end();
    assert!(shown.ends_with('…'), "{line:?}");
    // Focused again, the cursor at the end: the hidden start is marked on the left edge of
    // the field, and the cursor is not on the mark.
    h.shift_tab();
    let (y, line) = row_with(&mut h, "Alaoui");
    assert!(!line.contains("Mohamed Abd"), "{line:?}");
    let mark = h.find("…").unwrap_or_else(|| panic!("no … on screen:\n{}", h.screen()));
    assert_eq!(mark.1, y, "the mark is on the name's row");
    let (start, _) = h.find("Alaoui").unwrap();
    let cursor = h.cursor();
    assert_eq!(cursor.1, y);
    assert!(cursor.0 > start, "cursor after the text: {cursor:?}");
    assert_ne!(cursor.0, mark.0);
    // Home to the start: the start is shown, the hidden end marked on the right.
    h.press(KeyCode::Home);
    let (_, line) = row_with(&mut h, "Mohamed Abderrahmane");
    assert!(line.trim_end().trim_end_matches('│').trim_end().ends_with('…'), "{line:?}");
    assert_shows(&h.screen(), "Full name in Latin");
}
