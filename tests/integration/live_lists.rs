//! Live lists (issue 13): what another session commits reaches the screens that show it.
//! The app's half is tested here on a folder's store written through a second handle, as
//! another process would write a database; the database's half (the announcement, from other
//! connections only) in `pg_kv`.

use daftar::app::Msg;
use daftar::auth::Role;
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_hides, assert_shows, today};

fn changed(h: &mut Harness, trees: &[&str]) {
    h.app.dispatch(Msg::ChangedElsewhere(trees.iter().map(|t| t.to_string()).collect()));
}

#[test]
fn a_participant_registered_elsewhere_appears_on_home_and_the_status_line_says_so() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let screen = h.screen();
    assert_shows(&screen, "No participants yet");
    let mut other = daftar::synth::participant(&mut daftar::synth::Rng::new(5), 0, today());
    other.name_latin = "Khadija Idrissi".into();
    h.store().clone().register(&other, today()).unwrap();
    assert_hides(&h.screen(), "Khadija Idrissi");
    changed(&mut h, &["participants", "summaries", "file_numbers", "meta", "audit"]);
    let screen = h.screen();
    assert_shows(&screen, "Khadija Idrissi");
    assert_shows(&screen, "Updated: another session changed the register.");
    assert_shows(&screen, "All (1)");
}

#[test]
fn an_open_record_is_read_again_and_a_change_nothing_shows_reloads_nothing() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, |store| {
        let p = daftar::synth::participant(&mut daftar::synth::Rng::new(8), 0, today());
        store.register(&p, today()).unwrap();
    });
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert_shows(&screen, "Participant record");
    assert_shows(&screen, "Stage: Intake");
    let id = h.store().summaries().unwrap()[0].participant.id.clone();
    let event = daftar::store::StageEvent {
        format: daftar::store::RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        participant_id: id,
        from: daftar::store::Stage::Intake,
        stage: daftar::store::Stage::InProgramme,
        date: today(),
        reason: "seen by the committee".into(),
        interviewer: h.author(),
        recorded_at: chrono::Utc::now(),
    };
    h.store().clone().record_stage(&event, today()).unwrap();
    changed(&mut h, &["stages", "summaries"]);
    let screen = h.screen();
    assert_shows(&screen, "Participant record");
    assert_shows(&screen, "Updated: another session changed the register.");
    assert_hides(&screen, "Stage: Intake");

    // Changes to what no screen shows (an account's login) reload nothing and say nothing.
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    let before = h.screen();
    changed(&mut h, &["account_logins", "audit", "meta"]);
    assert_eq!(h.screen(), before);
}
