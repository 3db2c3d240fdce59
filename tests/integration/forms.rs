//! Forms as data: the loader's messages on broken definitions, `daftar forms` (check, list,
//! install), and the engine through the app's keys — skipped questions, clearing on finalize,
//! repeat groups, calculated fields, constraints — and an old interview after an upgrade.

use daftar::form::check_form;
use daftar::store::{Answer, Status, Store};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

use crate::support::{Harness, assert_hides, assert_shows, create_store, daftar, daftar_admin, data, install};

#[test]
fn broken_definitions_report_each_mistake_with_its_line() {
    let dir = data("forms/broken");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "at least 25 broken definitions, found {}", files.len());
    let mut seen = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let errors = check_form(&text).err().unwrap_or_else(|| panic!("{name} should not load"));
        assert!(!errors.is_empty());
        for e in errors {
            seen.push(format!("{name}:{e}"));
        }
    }
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(seen, expected, "messages differ from tests/data/forms/broken/expected.txt");
}

#[test]
fn a_complete_form_loads_with_every_feature() {
    let text = std::fs::read_to_string(data("forms/valid_training.toml")).unwrap();
    let form = check_form(&text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((form.id.as_str(), form.version), ("training", 1));
    assert_eq!(form.sections.len(), 3);
    assert_eq!(form.sections[1].repeat.map(|r| (r.min, r.max)), Some((1, 3)));
    assert_eq!(form.follow_up.as_ref().map(|f| f.field.as_str()), Some("next_visit"));
    assert!(form.field("trade_other").unwrap().relevant.is_some());
    assert!(form.field("hours").unwrap().constraint.is_some());
}

#[test]
fn a_missing_translation_falls_back_with_a_marker() {
    let text = std::fs::read_to_string(data("forms/valid_training.toml"))
        .unwrap()
        .replace(r#"label = { en = "Topic", fr = "Sujet", ar = "الموضوع" }"#, r#"label = { en = "Topic" }"#);
    let form = check_form(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let label = &form.field("session_topic").unwrap().label;
    assert_eq!(label.get(daftar::i18n::Lang::Fr), "[en] Topic");
    assert_eq!(label.get(daftar::i18n::Lang::En), "Topic");
}

#[test]
fn forms_check_prints_file_line_column_and_exits_1_on_any_error() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    let valid = data("forms/valid_training.toml");
    let broken = data("forms/broken/09-condition_unknown_field.toml");
    let out = daftar(&store, &["forms", "check", valid.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty());
    let out = daftar(&store, &["forms", "check", valid.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        format!("{}:32:13: in this condition: unknown field ${{trad}} (did you mean ${{trade}}?)", broken.display())
    );
    let missing = dir.path().join("nowhere.toml");
    let out = daftar(&store, &["forms", "check", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nowhere.toml"), "{out:?}");
    let binary = dir.path().join("binary.toml");
    std::fs::write(&binary, b"id = \"\xff\"").unwrap();
    let out = daftar(&store, &["forms", "check", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not UTF-8"), "{out:?}");
}

#[test]
fn the_built_in_forms_pass_forms_check() {
    let dir = TempDir::new().unwrap();
    let builtin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/form/builtin");
    let mut args = vec!["forms".to_string(), "check".to_string()];
    for entry in std::fs::read_dir(builtin).unwrap() {
        args.push(entry.unwrap().path().display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = daftar_admin(&dir.path().join("store"), &args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_coordinator_installs_a_form_and_it_is_offered_at_once() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let form = data("forms/valid_training.toml");
    let out = daftar_admin(&store, &["forms", "install", form.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "installed form “training” version 1");
    let list = String::from_utf8(daftar_admin(&store, &["forms", "list"]).stdout).unwrap();
    assert!(list.contains("training\tv1\tinstalled\tVocational training"), "{list}");
    assert!(list.contains("intake\tv2\tbuilt-in\tIntake interview"), "{list}");
    // The same version again, and a broken form, are refused and change nothing.
    let out = daftar_admin(&store, &["forms", "install", form.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 1 is not newer than the version 1"), "{out:?}");
    let broken = data("forms/broken/04-unknown_kind.toml");
    let out = daftar_admin(&store, &["forms", "install", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown kind 'integr'"), "{out:?}");
    assert_eq!(String::from_utf8(daftar_admin(&store, &["forms", "list"]).stdout).unwrap(), list);
    // A newer version installs; the list marks the older one.
    let v2 = data("forms/training_v2.toml");
    assert_eq!(daftar_admin(&store, &["forms", "install", v2.to_str().unwrap()]).status.code(), Some(0));
    let list = String::from_utf8(daftar_admin(&store, &["forms", "list"]).stdout).unwrap();
    assert!(list.contains("training\tv1\tinstalled\tVocational training  (older version)"), "{list}");
    // The interviewer sees it among the forms of a new interview.
    let mut h = Harness::with_forms(&["forms/valid_training.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n");
    let screen = h.screen();
    assert_shows(&screen, "Which form?");
    assert_shows(&screen, "5. Vocational training");
}

/// Opens the training form (the fifth offered) for a newly registered participant.
fn training() -> Harness {
    let mut h = Harness::with_forms(&["forms/valid_training.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    h
}

#[test]
fn questions_are_skipped_by_relevance_and_their_answers_cleared_on_finalize() {
    let mut h = training();
    let screen = h.screen();
    assert_shows(&screen, "Section 1 of 3: Enrolment");
    assert_shows(&screen, "Ask to see the training certificate.");
    // "Which trade?" is asked only for "other".
    assert_hides(&screen, "Which trade?");
    h.type_text("3").enter();
    assert_shows(&h.screen(), "▶ Which trade?");
    h.type_text("Boulangerie").enter();
    // Change the trade: the question disappears, its answer is kept in the draft…
    h.shift_tab().shift_tab().type_text("2").enter();
    let screen = h.screen();
    assert_hides(&screen, "Which trade?");
    assert_shows(&screen, "▶ Start date");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["trade_other"], Answer::Text("Boulangerie".into()));
    // …and removed when the interview is finalized.
    h.type_text("01/09/2026").enter().type_text("40").enter().type_text("12,5").enter();
    h.type_text("15/09/2026").enter().enter().enter();
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
    h.type_text("f").type_text("y");
    let done = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(done.status, Status::Final);
    assert!(!done.answers.contains_key("trade_other"), "{:?}", done.answers);
    assert_eq!(done.answers["fee"], Answer::Decimal(12.5));
}

#[test]
fn constraints_and_limits_are_checked_when_an_answer_is_committed() {
    let mut h = training();
    h.type_text("1").enter();
    h.type_text("01/12/2026").enter();
    assert_shows(&h.screen(), "This date is in the future.");
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("16/11/2026").enter();
    // Two weeks since the start: at most 40 * (2 + 1) = 120 hours.
    h.type_text("500").enter();
    assert_shows(&h.screen(), "More than 40 hours a week since the start.");
    for _ in 0..3 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("90").enter().type_text("douze").enter();
    assert_shows(&h.screen(), "Not a number (write it like 12.5 or 12,5).");
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("١٢٫٥").enter();
    // The session date must not be before the start.
    h.type_text("01/01/2026").enter();
    assert_shows(&h.screen(), "Before the training started.");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["hours"], Answer::Integer(90));
    assert_eq!(draft.answers["fee"], Answer::Decimal(12.5));
}

#[test]
fn repeat_groups_add_and_remove_items_within_their_bounds() {
    let mut h = training();
    h.type_text("1").enter().type_text("16/11/2026").enter().enter().enter();
    // The group starts with its minimum of one item, defaults filled.
    let screen = h.screen();
    assert_shows(&screen, "Sessions attended: 1 of 1");
    assert_shows(&screen, "Topic: Atelier");
    h.type_text("17/11/2026").enter().enter();
    // Past the group's last item: the next section, with the count calculated live.
    assert_shows(&h.screen(), "Sessions recorded: 1  calculated");
    h.press(KeyCode::PageUp);
    h.ctrl('n');
    assert_shows(&h.screen(), "Sessions attended: 2 of 2");
    h.type_text("18/11/2026").enter();
    h.ctrl('n');
    h.type_text("19/11/2026").enter();
    h.ctrl('n');
    assert_shows(&h.screen(), "This group has its maximum of 3 items.");
    // Remove the item shown, after confirming.
    h.ctrl('d');
    assert_shows(&h.screen(), "Remove this item and its answers?");
    h.type_text("y");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    let Answer::Repeat(items) = &draft.answers["sessions"] else { panic!("{:?}", draft.answers) };
    let dates: Vec<&Answer> = items.iter().map(|i| &i["session_date"]).collect();
    assert_eq!(dates.len(), 2);
    assert_eq!(draft.answers["session_count"], Answer::Integer(2));
    // A group below its minimum is reported on the review page.
    h.ctrl('d').type_text("y").ctrl('d').type_text("y");
    for _ in 0..3 {
        h.press(KeyCode::PageDown);
    }
    assert_shows(&h.screen(), "! Sessions attended: at least 1 needed");
}

#[test]
fn calculated_fields_update_as_answers_change() {
    let mut h = training();
    h.type_text("1").enter().type_text("01/11/2026").enter();
    // 28 days before today (29/11/2026): four weeks.
    assert_shows(&h.screen(), "Weeks since start: 4  calculated");
    h.shift_tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("15/11/2026").enter();
    assert_shows(&h.screen(), "Weeks since start: 2  calculated");
}

#[test]
fn an_old_interview_opens_as_taken_after_its_form_is_upgraded() {
    let mut h = training();
    h.type_text("1").enter().type_text("16/11/2026").enter().type_text("10").enter().type_text("100").enter();
    h.type_text("17/11/2026").enter().enter().enter();
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
    // The coordinator installs version 2: "Trade" becomes "Craft learnt", the fee is dropped.
    let store: &Store = h.store();
    install(store, "forms/training_v2.toml");
    let mut h2 = h.reopen();
    h2.type_text("/").type_text("Said").enter().enter();
    h2.enter();
    let screen = h2.screen();
    assert_shows(&screen, "(read-only)");
    assert_shows(&screen, "Trade *: Carpentry");
    assert_shows(&screen, "Fee paid (dirhams): 100");
    assert_hides(&screen, "Craft learnt");
    // A new interview takes the new version.
    h2.press(KeyCode::Esc).type_text("n").type_text("5");
    let screen = h2.screen();
    assert_shows(&screen, "Craft learnt");
    let newest = h2.store().all_interviews().unwrap().into_iter().find(|i| i.status == Status::Draft).unwrap();
    assert_eq!((newest.form_id.as_str(), newest.form_version), ("training", 2));
}

/// Answers every question of the form open in `h` with values its kind accepts (trying a few
/// when a constraint refuses one), until the review page; returns how many were answered.
fn answer_everything(h: &mut Harness) -> usize {
    use daftar::app::{Page, Screen};
    use daftar::form::FieldKind;
    let mut answered = 0;
    for _ in 0..400 {
        let Screen::Wizard(w) = &h.app.state.screen else { panic!("left the wizard") };
        if w.page == Page::Review {
            return answered;
        }
        let Some(field) = w.field().cloned() else {
            // An empty repeat group: add one item.
            h.ctrl('n');
            continue;
        };
        let tries: Vec<String> = match &field.kind {
            FieldKind::Text { .. } | FieldKind::Notes { .. } => vec!["AB123456".into()],
            FieldKind::Integer { min, .. } => vec![min.unwrap_or(1).max(1).to_string(), "60".into(), "0".into()],
            FieldKind::Decimal { .. } => vec!["1500,5".into()],
            FieldKind::Date { .. } => vec!["29/11/2026".into(), "29/12/2026".into(), "01/01/2020".into()],
            FieldKind::Single(_) | FieldKind::Multiple { .. } => vec!["1".into()],
            FieldKind::YesNo => vec!["y".into()],
            FieldKind::Scale { min, .. } => vec![(min + 2).to_string()],
            FieldKind::Note | FieldKind::Calculated { .. } => unreachable!("not a stop"),
        };
        let before = h.app.state.context();
        let mut moved = false;
        for value in tries {
            if field.kind.is_typed() {
                // Clear whatever the field holds (a default), then type.
                h.press(KeyCode::End);
                for _ in 0..40 {
                    h.press(KeyCode::Backspace);
                }
            }
            if matches!(field.kind, FieldKind::Notes { .. }) {
                h.type_text(&value).tab();
            } else {
                h.type_text(&value).enter();
            }
            let Screen::Wizard(w) = &h.app.state.screen else { panic!() };
            if w.error.is_none() {
                moved = true;
                break;
            }
        }
        assert!(moved, "no value accepted for {} ({before:?}):\n{}", field.id, h.screen());
        answered += 1;
    }
    panic!("the form never reached its review page")
}

#[test]
fn every_built_in_form_can_be_taken_end_to_end_with_the_keyboard() {
    for (n, title) in
        [(1, "Intake interview"), (2, "Progress session"), (3, "Release and aftercare follow-up"), (4, "Closure")]
    {
        let mut h = Harness::new();
        h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text(&n.to_string());
        assert_shows(&h.screen(), title);
        let answered = answer_everything(&mut h);
        assert!(answered >= 5, "{title}: only {answered} questions");
        assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
        h.type_text("f").type_text("y");
        assert_shows(&h.screen(), "Interview finalized.");
        let done = h.store().all_interviews().unwrap().pop().unwrap();
        assert_eq!(done.status, Status::Final, "{title}");
    }
}

#[test]
fn adding_an_item_whose_questions_are_not_asked_moves_on_and_says_so() {
    let mut h = Harness::with_forms(&["forms/visits.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    assert_shows(&h.screen(), "Follow-up made");
    // By phone: the rooms are not asked.
    h.type_text("2").enter();
    assert_shows(&h.screen(), "Rooms seen");
    h.ctrl('n');
    let screen = h.screen();
    assert_shows(&screen, "Item added; none of its questions are asked now.");
    // Nothing follows the group: the review page, with nothing to type into.
    assert_shows(&screen, "Nothing stands in the way of finalizing.");
    h.type_text("Salon");
    let draft = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["rooms"], Answer::Repeat(vec![Default::default()]), "{:?}", draft.answers);
    h.type_text("f").type_text("y");
    let done = h.store().all_interviews().unwrap().pop().unwrap();
    assert_eq!(done.status, Status::Final);
}
