//! Forms and stage changes (issue 8): finalizing a closure closes the file in the same write, a
//! refused change keeps the draft, the aftercare follow-up offers the release date already
//! recorded (driven through the app's keys); and what the loader now lets through or refuses
//! (a long flat `or`; relevance circles, control and bidi characters are in broken/).

use chrono::NaiveDate;
use daftar::app::Screen;
use daftar::i18n::Lang;
use daftar::store::{Answer, Stage, Status};
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_hides, assert_shows, daftar, data};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// On a participant's record: records a change to stage `n` (1-5) on `date` for `reason`.
fn change_stage(h: &mut Harness, n: u8, date: &str, reason: &str) {
    h.type_text("t").type_text(&n.to_string()).tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(date).tab().type_text(reason).ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
}

/// On a participant's record: takes the closure (form 4 of the picker) up to its review page,
/// closing on the default date (today) for the choice `reason` (1-8).
fn closure_to_review(h: &mut Harness, reason: &str) {
    h.type_text("n").type_text("4");
    assert_shows(&h.screen(), "Closure date");
    h.enter().type_text(reason).enter();
    for _ in 0..3 {
        h.type_text("3").enter();
    }
    h.paste("Parcours achevé — أتم المسار").tab().tab();
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
}

fn participant_id(h: &Harness) -> daftar::store::Id {
    let Screen::Record(record) = &h.app.state.screen else { panic!("not on a record:\n") };
    record.participant.id.clone()
}

#[test]
fn a_finalized_closure_closes_the_file_and_nobody_is_reminded() {
    // A store where three participants are overdue.
    let mut h = Harness::prepared(Lang::En, Some("Samira"), 80, 24, None, |store| {
        daftar::synth::fill(store, 3, 12, 7, day(2026, 9, 1), &mut |_| {}).unwrap();
    });
    h.press(KeyCode::Tab);
    assert_shows(&h.screen(), "Overdue (3)");
    h.press(KeyCode::Enter);
    let id = participant_id(&h);
    closure_to_review(&mut h, "2");
    h.type_text("f").type_text("y");
    let screen = h.screen();
    assert_shows(&screen, "Interview finalized. The stage changed with it.");
    assert_shows(&screen, "Stage: Closed since 29/11/2026");
    assert_shows(&screen, "→ Closed: Transfer to");
    // One store write made both: the interview is final, the stage change is there.
    let events = h.store().stages_of(&id).unwrap();
    let last = events.last().unwrap();
    assert_eq!((last.stage, last.date), (Stage::Closed, day(2026, 11, 29)));
    assert_eq!(last.reason, "Transfer to another facility");
    assert_eq!(last.interviewer, h.author());
    let summary = h.store().summary(&id).unwrap().unwrap();
    assert_eq!(last.from, events[events.len() - 2].stage, "from is the stage the file was at");
    assert_eq!(summary.stage, Stage::Closed);
    let closures: Vec<_> =
        h.store().interviews_of(&id).unwrap().into_iter().filter(|i| i.form_id == "closure").collect();
    assert_eq!(closures.len(), 1);
    assert_eq!(closures[0].status, Status::Final);
    // Home no longer lists them as overdue or due; they are still in All.
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert_shows(&screen, "All (3)");
    assert_shows(&screen, "Overdue (2)");
    assert_shows(&screen, "Due this week (0)");
    // And after a restart, from the store alone.
    let mut h = h.reopen();
    let screen = h.screen();
    assert_shows(&screen, "Overdue (2)");
}

#[test]
fn closing_with_the_other_reason_records_its_text() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let id = participant_id(&h);
    h.type_text("n").type_text("4").enter().type_text("8").enter();
    h.type_text("Départ à l'étranger").enter();
    for _ in 0..3 {
        h.type_text("3").enter();
    }
    h.paste("Fin").tab().tab();
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Stage: Closed since 29/11/2026");
    let events = h.store().stages_of(&id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].from, events[0].stage), (Stage::Intake, Stage::Closed));
    assert_eq!(events[0].reason, "Other — Départ à l'étranger");
}

#[test]
fn a_closure_the_stage_rules_refuse_is_not_finalized_and_its_draft_is_kept() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let id = participant_id(&h);
    // The file was closed by hand already.
    change_stage(&mut h, 5, "20/11/2026", "Décès");
    closure_to_review(&mut h, "1");
    h.type_text("f").type_text("y");
    let screen = h.screen();
    // The refusal comes from the stage rules (domain::stage), in the catalog's words.
    assert_shows(&screen, "Not finalized, draft kept: The participant is already at this stage.");
    // Still on the review page, nothing half-written.
    assert!(matches!(h.app.state.screen, Screen::Wizard(_)));
    let closures: Vec<_> =
        h.store().interviews_of(&id).unwrap().into_iter().filter(|i| i.form_id == "closure").collect();
    assert_eq!(closures.len(), 1);
    assert_eq!(closures[0].status, Status::Draft);
    assert_eq!(closures[0].answers.get("reason"), Some(&Answer::Choice("completed".into())));
    assert_eq!(h.store().stages_of(&id).unwrap().len(), 1, "no second stage change");
    assert!(h.store().summary(&id).unwrap().unwrap().last_interview.is_none(), "no interview counted");
    // A closure dated before the current stage began is refused the same way.
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-2");
    change_stage(&mut h, 2, "28/11/2026", "Admis");
    h.type_text("n").type_text("4");
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("01/11/2026").enter().type_text("1").enter();
    for _ in 0..3 {
        h.type_text("3").enter();
    }
    h.paste("Fin").tab().tab();
    h.type_text("f").type_text("y");
    let screen = h.screen();
    assert_shows(&screen, "Not finalized, draft kept: Before the current stage began (28/11/2026).");
    assert_hides(&screen, "Stage: Closed");
}

#[test]
fn the_aftercare_follow_up_offers_the_recorded_release_date() {
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let id = participant_id(&h);
    change_stage(&mut h, 2, "15/09/2024", "Admis");
    change_stage(&mut h, 3, "15/10/2026", "Fin de peine");
    h.type_text("n").type_text("3");
    assert_shows(&h.screen(), "Follow-up date");
    // Follow-up date (today), type of contact, type of release: then the release date.
    h.enter().type_text("1").enter().type_text("1").enter();
    let screen = h.screen();
    assert_shows(&screen, "Release date");
    assert_shows(&screen, "15/10/2026");
    let draft = h.store().interviews_of(&id).unwrap().pop().unwrap();
    assert_eq!(draft.answers.get("release_date"), Some(&Answer::Date(day(2026, 10, 15))));
    // Without a recorded release nothing is offered: the question is asked.
    let mut h = Harness::new();
    h.register("يوسف", "Youssef", "02/02/1992", "F-2");
    let id = participant_id(&h);
    h.type_text("n").type_text("3");
    let draft = h.store().interviews_of(&id).unwrap().pop().unwrap();
    assert_eq!(draft.answers.get("release_date"), None);
}

#[test]
fn a_flat_or_of_a_hundred_terms_is_not_too_deep() {
    let path = data("forms/valid_long_or.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let form = daftar::form::check_form(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let fee = form.field("fee").unwrap();
    assert_eq!(fee.relevant.as_ref().unwrap().source().matches(" or ").count(), 99);
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("store");
    drop(daftar::store::Store::open(&store).unwrap());
    let out = daftar(&store, &["forms", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Asked exactly when one of the hundred alternatives holds.
    let mut h = Harness::with_forms(&["forms/valid_long_or.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    assert_shows(&h.screen(), "Trade");
    h.type_text("1").enter();
    h.type_text("01/09/2026").enter();
    h.type_text("99").enter();
    assert_shows(&h.screen(), "Fee paid (dirhams)");
    let Screen::Wizard(w) = &h.app.state.screen else { panic!() };
    assert_eq!(w.field().map(|f| f.id.as_str()), Some("fee"));
    h.shift_tab();
    for _ in 0..3 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("100").enter();
    let Screen::Wizard(w) = &h.app.state.screen else { panic!() };
    assert_ne!(w.field().map(|f| f.id.as_str()), Some("fee"), "100 is none of them: not asked");
}

#[test]
fn a_stored_answer_over_the_length_limit_is_refused_on_review() {
    use daftar::domain::limits::{NOTES_MAX_CHARS, ONE_LINE_MAX_CHARS};
    let mut h = Harness::new();
    h.register("سعيد", "Said", "01/01/1985", "F-1");
    let id = participant_id(&h);
    // A progress session answered up to its review page, left as a draft.
    h.type_text("n").type_text("2");
    h.enter().type_text("1").enter().type_text("1").enter().enter().type_text("1").enter().type_text("60").enter();
    h.type_text("3").enter().type_text("3").enter().type_text("3").enter().type_text("4").enter();
    h.paste("Plus ouvert").tab().tab().tab().enter();
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
    h.press(KeyCode::Esc);
    // An old draft (or an import) carrying answers longer than any field may take.
    let mut draft = h.store().interviews_of(&id).unwrap().pop().unwrap();
    draft.answers.insert("observed_change".into(), Answer::Text("ن".repeat(NOTES_MAX_CHARS + 1)));
    draft.answers.insert("facilitator".into(), Answer::Text("x".repeat(ONE_LINE_MAX_CHARS + 1)));
    h.store().save_draft(&draft).unwrap();
    let mut h = h.reopen();
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert_shows(&screen, &format!("Too long: at most {NOTES_MAX_CHARS} characters."));
    // The form's own lower limit applies to the facilitator.
    assert_shows(&screen, "Too long: at most 120 characters.");
    h.type_text("f");
    assert_shows(&h.screen(), "Cannot finalize: 2 problems to fix first");
    assert_eq!(h.store().interviews_of(&id).unwrap().pop().unwrap().status, Status::Draft);
}
