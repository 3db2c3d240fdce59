//! Following participants over time: stages, scheduling and due lists, search and duplicate
//! warnings, import, progress charts and the dashboard, through the app's keys and the binary.

use chrono::NaiveDate;
use daftar::app::{DueState, Screen, due};
use daftar::form::engine;
use daftar::i18n::Lang;
use daftar::store::{Due, Stage, Store};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

use crate::support::{Harness, assert_hides, assert_shows, create_store, daftar_admin, shown, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn registered() -> Harness {
    let mut h = Harness::new();
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h
}

#[test]
fn stage_changes_are_recorded_with_date_reason_and_interviewer() {
    let mut h = registered();
    assert_shows(&h.screen(), "Stage: Intake since 01/09/2024");
    h.type_text("t");
    let screen = h.screen();
    assert_shows(&screen, "Change the programme stage");
    assert_shows(&screen, "2. (•) In programme");
    // The same stage is refused; so is a date before the current stage or a missing reason.
    h.type_text("1").ctrl('s');
    assert_shows(&h.screen(), "The participant is already at this stage.");
    h.type_text("2").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("01/01/2024").ctrl('s');
    assert_shows(&h.screen(), "Before the current stage began (01/09/2024).");
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("15/09/2024").ctrl('s');
    assert_shows(&h.screen(), "Required: please fill this in.");
    h.type_text("Admis après la commission");
    h.ctrl('s');
    let screen = h.screen();
    assert_shows(&screen, "Stage recorded.");
    assert_shows(&screen, "Stage: In programme since 15/09/2024");
    assert_shows(&screen, "Intake → In programme: Admis après");
    let Screen::Record(record) = &h.app.state.screen else { panic!() };
    let id = record.participant.id.clone();
    let events = h.store().stages_of(&id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].from, events[0].stage), (Stage::Intake, Stage::InProgramme));
    assert_eq!(events[0].date, day(2024, 9, 15));
    assert_eq!(events[0].interviewer, h.author());
    assert_eq!(h.store().summary(&id).unwrap().unwrap().stage, Stage::InProgramme);
    // Onwards to release; the timeline lists both changes, newest first.
    h.type_text("t").type_text("3").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("01/03/2026").tab().type_text("Fin de peine").enter();
    let screen = h.screen();
    assert_shows(&screen, "Stage: Released since 01/03/2026");
    let released = screen.find("In programme → Released").unwrap();
    let admitted = screen.find("Intake → In programme").unwrap();
    assert!(released < admitted, "newest first:\n{screen}");
    // A future date is refused.
    h.type_text("t").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("01/01/2030").tab().type_text("x").enter();
    assert_shows(&h.screen(), "This date is in the future.");
}

#[test]
fn due_dates_across_month_and_year_boundaries() {
    let summary = |next: NaiveDate, stage: Stage| {
        let mut s = crate::support::summary_for_tests();
        s.next_due = Some(Due { date: next, form_id: "progress".into() });
        s.stage = stage;
        s
    };
    let on = |s: &daftar::store::Summary, today: NaiveDate| due(s, today).map(|(_, state)| state);
    assert_eq!(on(&summary(day(2027, 1, 2), Stage::InProgramme), day(2026, 12, 29)), Some(DueState::Soon(4)));
    assert_eq!(on(&summary(day(2026, 12, 31), Stage::InProgramme), day(2027, 1, 1)), Some(DueState::Overdue(1)));
    assert_eq!(on(&summary(day(2026, 3, 1), Stage::Aftercare), day(2026, 2, 28)), Some(DueState::Soon(1)));
    assert_eq!(on(&summary(day(2028, 3, 1), Stage::Aftercare), day(2028, 2, 28)), Some(DueState::Soon(2)));
    assert_eq!(on(&summary(day(2027, 1, 5), Stage::InProgramme), day(2026, 12, 29)), Some(DueState::Later(7)));
    assert_eq!(on(&summary(day(2026, 11, 29), Stage::InProgramme), day(2026, 11, 29)), Some(DueState::Soon(0)));
    assert_eq!(on(&summary(day(2020, 1, 1), Stage::Closed), day(2026, 11, 29)), None, "a closed file is due nothing");
    // The default interval counts calendar days across months, years and 29 February.
    let forms = daftar::form::builtin_forms().unwrap();
    let progress = forms.iter().find(|f| f.id == "progress").unwrap();
    let none = Default::default();
    assert_eq!(engine::schedule(progress, &none, day(2026, 1, 31)).unwrap().date, day(2026, 3, 2));
    assert_eq!(engine::schedule(progress, &none, day(2027, 12, 15)).unwrap().date, day(2028, 1, 14));
    assert_eq!(engine::schedule(progress, &none, day(2028, 2, 10)).unwrap().date, day(2028, 3, 11));
    // The intake schedules the first progress session.
    let intake = forms.iter().find(|f| f.id == "intake" && f.version == 2).unwrap();
    let due = engine::schedule(intake, &none, day(2026, 12, 25)).unwrap();
    assert_eq!((due.date, due.form_id.as_str()), (day(2027, 1, 8), "progress"));
}

/// Takes a progress session for the participant on the record with the given next date.
fn progress_session(h: &mut Harness, axis: &str, score: &str, next: &str) {
    h.type_text("n").type_text("2");
    h.enter().type_text(axis).enter().type_text("1").enter().enter().type_text("1").enter().type_text("60").enter();
    h.type_text(score).enter().type_text(score).enter().type_text(score).enter().type_text("4").enter();
    h.paste("Plus ouvert — أكثر انفتاحا").tab().tab().tab();
    h.type_text(next).enter();
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
}

#[test]
fn a_finalized_session_schedules_the_next_and_home_lists_who_is_due() {
    let mut h = registered();
    // Today is 29/11/2026 in tests: due on 02/12 is this week.
    progress_session(&mut h, "1", "3", "02/12/2026");
    assert_shows(&h.screen(), "Next: Progress session on 02/12/2026 (in 3 days)");
    h.press(KeyCode::Esc);
    h.register("سعيد العمراني", "Said El Amrani", "01/01/1985", "F-2");
    progress_session(&mut h, "2", "2", "");
    // No date given: 30 days after the session (29/11/2026).
    assert_shows(&h.screen(), "Next: Progress session on 29/12/2026 (in 30 days)");
    h.press(KeyCode::Esc);
    h.register("يوسف", "Youssef", "02/02/1992", "F-3");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert_shows(&screen, "All (3)");
    assert_shows(&screen, "Overdue (0)");
    assert_shows(&screen, "Due this week (1)");
    h.press(KeyCode::Tab).press(KeyCode::Tab);
    let screen = h.screen();
    assert_shows(&screen, "02/12/2026 in 3 days");
    assert_shows(&screen, "Ahmed Ben Ali");
    assert_hides(&screen, "Said El Amrani");
    // A store where a session was due last month: overdue.
    let mut late = Harness::prepared(Lang::En, Some("S"), 80, 24, None, |store| {
        daftar::synth::fill(store, 3, 12, 7, day(2026, 9, 1), &mut |_| {}).unwrap();
    });
    late.press(KeyCode::Tab);
    let screen = late.screen();
    assert_shows(&screen, "Overdue (3)");
    assert_shows(&screen, "days late");
}

#[test]
fn search_folds_arabic_and_latin_and_ranks_the_file_number_first() {
    let mut h = Harness::new();
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h.press(KeyCode::Esc);
    h.register("فاطمة الزهراء", "Fatima Zahra", "01/01/1985", "AHMED");
    h.press(KeyCode::Esc);
    h.register("عبد الله", "Hélène Abdallah", "01/01/1980", "F-7");
    h.press(KeyCode::Esc);
    // Without hamza and in upper case: both Ahmeds, the file number "AHMED" first.
    h.type_text("/").paste("احمد");
    let Screen::Home(home) = &h.app.state.screen else { panic!() };
    let names: Vec<&str> =
        home.shown.iter().map(|i| h.app.state.directory[*i as usize].participant.name_latin.as_str()).collect();
    assert_eq!(names, ["Ahmed Ben Ali"]);
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("ahmed");
    let Screen::Home(home) = &h.app.state.screen else { panic!() };
    let names: Vec<&str> =
        home.shown.iter().map(|i| h.app.state.directory[*i as usize].participant.name_latin.as_str()).collect();
    assert_eq!(names, ["Fatima Zahra", "Ahmed Ben Ali"]);
    // Accents, ta marbuta and digits in any script.
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("helene");
    assert_shows(&h.screen(), "Hélène Abdallah");
    for _ in 0..6 {
        h.press(KeyCode::Backspace);
    }
    h.paste("فاطمه");
    assert_shows(&h.screen(), "Fatima Zahra");
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.paste("٠١٥٣");
    let screen = h.screen();
    assert_shows(&screen, "Ahmed Ben Ali");
    assert_hides(&screen, "Fatima Zahra");
}

#[test]
fn the_same_name_and_birth_date_asks_before_registering_again() {
    let mut h = registered();
    h.press(KeyCode::Esc);
    h.register("احمد بن علي", "AHMED BEN ALI", "07/03/1990", "F-9");
    let screen = h.screen();
    assert_shows(&screen, "/ Ahmed Ben Ali, born 07/03/1990, is already");
    assert_shows(&screen, "registered (file F-2024/0153). Register anyway? (y/n)");
    h.type_text("n");
    assert_shows(&h.screen(), "Register a participant");
    assert_eq!(h.store().summaries().unwrap().len(), 1);
    h.ctrl('s').type_text("y");
    assert_shows(&h.screen(), "Participant registered.");
    assert_eq!(h.store().summaries().unwrap().len(), 2);
}

#[test]
fn import_is_all_or_nothing_and_idempotent() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n\
         أحمد بن علي,Ahmed Ben Ali,07/03/1990,F-1,سجن سلا 2,01/09/2024\n\
         \"سعيد, الابن\",Said,1985-01-01,F-2,Tanger 2,02/09/2024\n\
         يوسف,Youssef,31/02/1992,F-3,Fès,03/09/2024\n\
         عمر,Omar,01/01/1980,F-1,Fès,\n",
    )
    .unwrap();
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let file = csv.display();
    // Every problem, in line order: the bad date on line 4 does not hide the file number of
    // line 5, which is line 2's.
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec![
            format!("{file}:4: date_of_birth: That day does not exist: this month has 29 days."),
            format!("{file}:5: file_number: file number F-1 is the same as on line 2"),
            format!("{file}:5: entry_date: Required: please fill this in."),
        ],
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problems found; nothing was imported"), "{out:?}");
    let s = crate::support::open_as_admin(&store);
    assert!(s.summaries().unwrap().is_empty(), "one bad row imports nothing");
    drop(s);
    // Fixed, it imports; a second time it adds nothing.
    let fixed = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("31/02/1992", "28/02/1992")
        .replace("عمر,Omar,01/01/1980,F-1,Fès,\n", "");
    std::fs::write(&csv, fixed).unwrap();
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "imported 3 participants; already in the store: 0");
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "imported 0 participants; already in the store: 3");
    let s = crate::support::open_as_admin(&store);
    let all = s.summaries().unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|p| p.participant.name_ar == "سعيد, الابن"));
    drop(s);
    // The export of this store (a stage change included) imports into another one,
    // identically, and only once.
    {
        let s = crate::support::open_as_admin(&store);
        let someone = s.summaries().unwrap()[0].participant.id.clone();
        let event = daftar::store::StageEvent {
            format: daftar::store::RECORD_FORMAT,
            id: daftar::store::Id::new_random(),
            participant_id: someone,
            from: Stage::Intake,
            stage: Stage::InProgramme,
            date: day(2024, 10, 1),
            reason: "commission".into(),
            interviewer: daftar::store::Author::BeforeAccounts("Samira".into()),
            recorded_at: chrono::Utc::now(),
        };
        s.record_stage(&event, today()).unwrap();
    }
    let other = dir.path().join("other");
    create_store(&other);
    let export = dir.path().join("all.jsonl");
    assert!(daftar_admin(&store, &["export", "--out", export.to_str().unwrap()]).status.success());
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(exported.lines().last().unwrap().starts_with(r#"{"record":"stage""#), "{exported}");
    let out = daftar_admin(&other, &["import", "participants", export.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "imported 3 participants; already in the store: 0; interview and stage lines not imported (participants only): 1"
    );
    let out = daftar_admin(&other, &["import", "participants", export.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("imported 0 participants; already in the store: 3"));
    let (a, b) = (crate::support::open_as_admin(&store), crate::support::open_as_admin(&other));
    let mut left = a.participants().unwrap();
    let mut right = b.participants().unwrap();
    left.sort_by(|x, y| x.id.cmp(&y.id));
    right.sort_by(|x, y| x.id.cmp(&y.id));
    // Identical but for the author: in each store, the account that imported them.
    let author_of =
        |s: &Store| daftar::store::Author::Account(s.account_by_username(crate::support::ADMIN).unwrap().unwrap().id);
    assert!(left.iter().all(|p| p.registered_by == author_of(&a)));
    assert!(right.iter().all(|p| p.registered_by == author_of(&b)));
    for p in left.iter_mut().chain(right.iter_mut()) {
        p.registered_by = daftar::store::Author::BeforeAccounts(String::new());
    }
    assert_eq!(left, right);
    drop((a, b));
    // A row whose file number belongs to someone else is refused, and nothing is imported.
    let conflict = dir.path().join("conflict.csv");
    std::fs::write(
        &conflict,
        "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\nمحمد,Mohamed,01/01/1970,F-1,Fès,01/01/2020\nكريم,Karim,01/01/1971,F-8,Fès,01/01/2020\n",
    )
    .unwrap();
    let out = daftar_admin(&store, &["import", "participants", conflict.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("conflict.csv:2: file_number: file number F-1 is already registered to a different participant"),
        "{out:?}"
    );
    assert_eq!(crate::support::open_as_admin(&store).summaries().unwrap().len(), 3);
    // A header that is not ours is refused by name.
    std::fs::write(&conflict, "nom,name_latin\nx,y\n").unwrap();
    let out = daftar_admin(&store, &["import", "participants", conflict.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(":1: unknown column “nom”"), "{out:?}");
}

/// A store with a few participants and their interviews, generated.
fn generated(lang: Lang) -> Harness {
    Harness::prepared(lang, Some("S"), 80, 24, None, |store| {
        daftar::synth::fill(store, 4, 40, 3, today(), &mut |_| {}).unwrap();
    })
}

#[test]
fn progress_charts_show_each_axis_and_attendance_at_80x24() {
    let mut h = generated(Lang::En);
    h.enter();
    h.type_text("p");
    let screen = h.screen();
    assert_shows(&screen, "Axis 1 of 3: Reconciliation with oneself");
    assert_shows(&screen, "Attendance: ");
    let Screen::Progress(progress) = &h.app.state.screen else { panic!("{screen}") };
    let scores: Vec<_> = progress.record.interviews.iter().filter_map(|i| i.measures.indicators.get("self")).collect();
    assert!(!scores.is_empty());
    // The first score (from the intake) is labelled with its date under its bar.
    let first = progress
        .record
        .interviews
        .iter()
        .filter(|i| i.measures.indicators.contains_key("self"))
        .map(|i| i.shown_date())
        .min()
        .unwrap();
    assert_shows(&screen, &first.format("%d/%m").to_string());
    h.press(KeyCode::Right);
    assert_shows(&h.screen(), "Axis 2 of 3: Reconciliation with religious texts");
    h.type_text("3");
    assert_shows(&h.screen(), "Axis 3 of 3: Reconciliation with society");
    // Left goes back; from the first axis it wraps round to the last.
    h.press(KeyCode::Left);
    assert_shows(&h.screen(), "Axis 2 of 3: Reconciliation with religious texts");
    h.press(KeyCode::Left).press(KeyCode::Left);
    assert_shows(&h.screen(), "Axis 3 of 3: Reconciliation with society");
    // Help is one key away here too.
    h.type_text("?");
    assert_shows(&h.screen(), "other axis");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Participant record");
}

#[test]
fn in_arabic_the_chart_runs_from_the_right() {
    let mut h = generated(Lang::Ar);
    h.enter().type_text("p");
    let screen = h.screen();
    assert_shows(&screen, &shown("المحور 1 من 3: المصالحة مع الذات"));
    let Screen::Progress(progress) = &h.app.state.screen else { panic!() };
    let mut dates: Vec<_> = progress
        .record
        .interviews
        .iter()
        .filter(|i| i.measures.indicators.contains_key("self"))
        .map(|i| i.shown_date())
        .collect();
    dates.sort();
    let label = |d: &NaiveDate| d.format("%d/%m").to_string();
    let row = screen
        .lines()
        .find(|l| l.contains(&label(&dates[0])) && l.contains(&label(&dates[1])))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        row.trim_end_matches('│').ends_with(&format!("{} ", label(&dates[0])))
            || row.contains(&format!("{}│", label(&dates[0]))),
        "{screen}"
    );
    let oldest = row.find(&label(&dates[0])).unwrap();
    let newest = row.find(&label(dates.last().unwrap())).unwrap_or_else(|| panic!("{dates:?}\n{screen}"));
    assert!(oldest > newest, "the oldest score is on the right:\n{screen}");
}

#[test]
fn the_dashboard_counts_stages_follow_ups_and_sessions_per_month() {
    let mut h = generated(Lang::En);
    h.type_text("d");
    let screen = h.screen();
    assert_shows(&screen, "Participants per stage");
    assert_shows(&screen, "Follow-ups: ");
    assert_shows(&screen, "Sessions per axis per month");
    let Screen::Dashboard(board) = &h.app.state.screen else { panic!() };
    assert_eq!(board.per_stage.iter().sum::<usize>(), 4);
    let sessions: u64 = board.sessions.iter().map(|s| s.3).sum();
    let expected =
        h.store().all_interviews().unwrap().iter().filter(|i| i.measures.session_axis.is_some()).count() as u64;
    assert_eq!(sessions, expected);
    let (_, y, m, _) = board.sessions.last().unwrap();
    assert_shows(&screen, &format!("{m:02}/{y}"));
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "All (4)");
}

#[test]
fn the_index_is_rebuilt_identically_from_the_records() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("s")).unwrap();
    daftar::synth::fill(&store, 20, 150, 11, today(), &mut |_| {}).unwrap();
    let mut before = store.summaries().unwrap();
    let counts = store.session_counts().unwrap();
    store.rebuild_index().unwrap();
    let mut after = store.summaries().unwrap();
    before.sort_by(|a, b| a.participant.id.cmp(&b.participant.id));
    after.sort_by(|a, b| a.participant.id.cmp(&b.participant.id));
    assert_eq!(before, after);
    assert_eq!(store.session_counts().unwrap(), counts);
    let some = &before[0].participant.id;
    assert!(!store.interviews_of(some).unwrap().is_empty());
}

#[test]
fn import_never_overwrites_a_participant_by_id_nor_takes_an_id_twice() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "\u{feff}name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n\
         أحمد بن علي,Ahmed Ben Ali,07/03/1990,F-1,Fès,01/09/2024\n",
    )
    .unwrap();
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert!(out.status.success(), "a byte order mark is not part of the header: {out:?}");
    let export = dir.path().join("all.jsonl");
    assert!(daftar_admin(&store, &["export", "--out", export.to_str().unwrap()]).status.success());
    let line = std::fs::read_to_string(&export).unwrap().lines().next().unwrap().to_string();
    // The same id with another person's details.
    let changed = dir.path().join("changed.jsonl");
    std::fs::write(&changed, line.replace("Ahmed Ben Ali", "Karim Alaoui").replace("F-1", "F-77") + "\n").unwrap();
    let out = daftar_admin(&store, &["import", "participants", changed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("is already in the store with different details"), "{out:?}");
    let s = crate::support::open_as_admin(&store);
    let all = s.participants().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name_latin, "Ahmed Ben Ali", "nothing was overwritten");
    drop(s);
    // One id on two lines of a file, with different file numbers.
    let twice = dir.path().join("twice.jsonl");
    let second = line.replace("F-1", "F-2");
    std::fs::write(&twice, format!("{line}\n{second}\n")).unwrap();
    let other = dir.path().join("other");
    create_store(&other);
    let out = daftar_admin(&other, &["import", "participants", twice.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("is also on line 1"), "{out:?}");
}

#[test]
fn a_change_of_stage_brings_the_participant_to_the_top_of_home() {
    let mut h = registered();
    h.press(KeyCode::Esc);
    h.register("سعيد", "Said Amrani", "01/01/1985", "F-2");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.find("Said Amrani").unwrap() < screen.find("Ahmed Ben Ali").unwrap(), "{screen}");
    h.type_text("/").type_text("ahmed").enter().enter();
    h.type_text("t").type_text("2").tab().tab().type_text("Commission").ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.find("Ahmed Ben Ali").unwrap() < screen.find("Said Amrani").unwrap(), "{screen}");
}
