//! Screens and messages (issue 8, review fixes): a value wider than its input is never cut
//! without a sign, the closure drafts begun under an older form close the file, and the
//! dashboard's month bars are told apart without colour.

use daftar::app::Screen;
use daftar::store::{Answer, Position, Stage, Status};
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_shows, today};

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

/// A draft of `form_id` version `version` for the participant of the record shown, saved with
/// the store's API as an older Daftar would have left it, at `position`.
fn old_draft(
    h: &Harness,
    form_id: &str,
    version: u32,
    answers: &[(&str, Answer)],
    position: Position,
) -> daftar::store::Interview {
    let Screen::Record(record) = &h.app.state.screen else { panic!("not on a record") };
    let now = chrono::Utc::now();
    let draft = daftar::store::Interview {
        format: daftar::store::RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        participant_id: record.participant.id.clone(),
        form_id: form_id.to_string(),
        form_version: version,
        interviewer: h.author(),
        status: Status::Draft,
        started_at: now,
        updated_at: now,
        finalized_at: None,
        answers: answers.iter().map(|(k, a)| (k.to_string(), a.clone())).collect(),
        position,
        next_due: None,
        measures: Default::default(),
    };
    h.store().save_draft(&draft).unwrap();
    draft
}

/// Back to Home and into the (only) record again, so it shows what the store holds.
fn reopen_record(h: &mut Harness) {
    h.press(KeyCode::Esc).press(KeyCode::Enter);
    assert!(matches!(h.app.state.screen, Screen::Record(_)), "{}", h.screen());
}

#[test]
fn a_closure_draft_begun_under_version_1_closes_the_file_when_finalized() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let review = Position { section: 3, field: 0, item: 0 };
    let answers = [
        ("closure_date", Answer::Date(today())),
        ("reason", Answer::Choice("transferred".into())),
        ("outcome_self", Answer::Scale(3)),
        ("outcome_texts", Answer::Scale(4)),
        ("outcome_society", Answer::Scale(2)),
        ("summary", Answer::Text("Parcours achevé — أتم المسار".into())),
    ];
    let draft = old_draft(&h, "closure", 1, &answers, review);
    reopen_record(&mut h);
    // Resumed from the record: every answer fits version 2, so it moves there, and says so.
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert_shows(&screen, "Draft moved to form version 2");
    assert_shows(&screen, "Nothing stands in the way of finalizing.");
    let stored = h.store().draft(&draft.id).unwrap().unwrap();
    assert_eq!(stored.form_version, 2, "the move is saved");
    assert_eq!(stored.answers, draft.answers, "no answer changed");
    h.type_text("f").type_text("y");
    let screen = h.screen();
    assert_shows(&screen, "Interview finalized. The stage changed with it.");
    assert_shows(&screen, "Stage: Closed since 29/11/2026");
    let Screen::Record(record) = &h.app.state.screen else { panic!("not on the record:\n{screen}") };
    let id = record.participant.id.clone();
    assert_eq!(h.store().summary(&id).unwrap().unwrap().stage, Stage::Closed);
    let events = h.store().stages_of(&id).unwrap();
    assert_eq!(
        events.last().map(|e| (e.stage, e.reason.as_str())),
        Some((Stage::Closed, "Transfer to another facility"))
    );
    let finals = h.store().interviews_of(&id).unwrap();
    assert_eq!(finals.iter().map(|i| (i.status, i.form_version)).collect::<Vec<_>>(), [(Status::Final, 2)]);
}

#[test]
fn a_draft_whose_answers_do_not_fit_the_newer_version_stays_on_its_own() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    // Intake version 1 took any national ID; version 2 wants letters then digits.
    let answers = [("nationality", Answer::Text("Marocaine".into())), ("national_id", Answer::Text("12345".into()))];
    let draft = old_draft(&h, "intake", 1, &answers, Position::default());
    reopen_record(&mut h);
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert_shows(&screen, "Draft kept on form version 1: some answers do not fit version 2.");
    let Screen::Wizard(w) = &h.app.state.screen else { panic!("not in the wizard:\n{screen}") };
    assert_eq!(w.form.version, 1);
    assert_eq!(w.interview.form_version, 1);
    assert_eq!(h.store().draft(&draft.id).unwrap().unwrap().form_version, 1);
    // A draft that fits is moved, from the picker too: the same rule wherever it is resumed.
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-2");
    let answers = [("national_id", Answer::Text("AB12345".into()))];
    let draft = old_draft(&h, "intake", 1, &answers, Position::default());
    reopen_record(&mut h);
    h.start_intake();
    assert_shows(&h.screen(), "Draft moved to form version 2");
    assert_eq!(h.store().draft(&draft.id).unwrap().unwrap().form_version, 2);
}

#[test]
fn the_dashboard_tells_the_axes_apart_by_pattern_not_only_by_colour() {
    use ratatui::style::Color;
    let patterns = ["█", "▒", "░"];
    let colours = [Color::Cyan, Color::Yellow, Color::Magenta];
    for lang in [daftar::i18n::Lang::En, daftar::i18n::Lang::Ar] {
        let mut h = Harness::prepared(lang, Some("S"), 80, 24, None, |store| {
            daftar::synth::fill(store, 4, 40, 3, today(), &mut |_| {}).unwrap();
        });
        h.type_text("d");
        let screen = h.screen();
        // The legend shows each axis's pattern beside its name.
        for (pattern, name) in patterns.iter().zip(["Oneself", "Religious texts", "Society"]) {
            if lang == daftar::i18n::Lang::En {
                assert_shows(&screen, &format!("{pattern}{pattern} {name}"));
            } else {
                assert_shows(&screen, &format!("{pattern}{pattern}"));
            }
        }
        let Screen::Dashboard(board) = &h.app.state.screen else { panic!("not on the dashboard:\n{screen}") };
        let sessions = board.sessions.clone();
        // Every month shown: each axis's bar is filled with its own pattern, in its colour,
        // from the base line up as far as its count, in the order the legend reads.
        let mut months: Vec<(i32, u32)> = sessions.iter().map(|(_, y, m, _)| (*y, *m)).collect();
        months.sort_unstable();
        months.dedup();
        let mut seen = [false; 3];
        for (y, m) in months.iter().rev().take(6) {
            let Some((lx, ly)) = h.find(&format!("{m:02}/{y}")) else { continue };
            for (a, axis) in daftar::form::AXES.iter().enumerate() {
                let n = sessions.iter().find(|s| s.0 == *axis && s.1 == *y && s.2 == *m).map_or(0, |s| s.3);
                let column = if lang == daftar::i18n::Lang::Ar { 2 - a as u16 } else { a as u16 };
                let x = lx - 1 + column * 3;
                let base = h.row(ly - 1);
                for dx in 0..3 {
                    let symbol = &base[(x + dx) as usize];
                    if n == 0 {
                        assert_eq!(symbol, " ", "{lang:?} {m}/{y} {axis}:\n{screen}");
                    } else {
                        assert_eq!(symbol, patterns[a], "{lang:?} {m}/{y} {axis}:\n{screen}");
                        assert_eq!(h.style_at(x + dx, ly - 1).fg, Some(colours[a]));
                        seen[a] = true;
                    }
                }
            }
        }
        assert_eq!(seen, [true; 3], "every pattern drawn:\n{screen}");
    }
}
