//! Draft holds on PostgreSQL (issue 13): a draft is typed into by one session at a time. A
//! second session is told who holds it, and none of its saves, finalizing or discarding
//! writes anything; a hold ends when its session lets go, or by itself when that session has
//! stopped. A draft discarded in one session is never brought back by another's save.

use chrono::{Duration, Utc};
use daftar::auth::{Role, SecretString};
use daftar::error::Error;
use daftar::store::holds::HOLD_FOR;
use daftar::store::{Author, Interview, Status, Store};

use crate::pg_cluster;
use crate::pty::Session;
use crate::support::*;

fn password() -> SecretString {
    SecretString::from(ADMIN_PASSWORD.to_string())
}

fn open(url: &str) -> Store {
    Store::on_database(pg_cluster::connect(url).unwrap(), pg_cluster::connect(url).unwrap(), url).unwrap()
}

/// A new store in a database of the test cluster with its administrator and an interviewer
/// ([`account_of`]), a participant, and an intake draft of the interviewer's, saved in a
/// session that then let go of it. Returns the database's address and the draft.
fn team_store(cluster: &pg_cluster::Cluster) -> (String, Interview) {
    let (url, store) = pg_cluster::team_store(cluster);
    let (interviewer, _) = account_of(Role::Interviewer);
    let session = store.log_in(interviewer, &password(), Utc::now()).unwrap().into_session();
    let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(13), 0, today());
    store.register(&participant, today()).unwrap();
    let (forms, _) = daftar::app::forms::load(&store).unwrap();
    let form = forms.iter().find(|f| f.id == "intake").unwrap();
    let draft = daftar::app::wizard::new_interview(form, &participant, &[], Author::Account(session.account), today());
    store.save_draft(&draft).unwrap();
    store.let_go_of_draft(&draft.id).unwrap();
    (url, draft)
}

/// A session on the store at `url`, logged in as `username`.
fn session(url: &str, username: &str) -> Store {
    let store = open(url);
    store.log_in(username, &password(), Utc::now()).unwrap();
    store
}

#[track_caller]
fn assert_held_by(result: daftar::error::Result<impl std::fmt::Debug>, username: &str) {
    match result {
        Err(Error::DraftHeld { by, since, until }) => {
            assert_eq!(by.as_deref(), Some(username));
            // `since` is when the session first took it; each renewal moves `until` on.
            assert!(until - since >= HOLD_FOR, "a hold lasts at least {HOLD_FOR}: {since} to {until}");
        }
        other => panic!("not refused as held by {username}: {other:?}"),
    }
}

#[test]
fn a_draft_is_held_by_one_session_at_a_time_and_the_other_writes_nothing() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let (url, draft) = team_store(cluster);
    let (interviewer, _) = account_of(Role::Interviewer);
    let first = session(&url, interviewer);
    let second = session(&url, ADMIN);
    let now = Utc::now();

    first.hold_draft(&draft.id, now).unwrap();
    // Renewing one's own hold is no refusal.
    first.hold_draft(&draft.id, now + Duration::seconds(30)).unwrap();
    assert_held_by(second.hold_draft(&draft.id, now), interviewer);

    // Nothing the second session does to the draft is written.
    let mut typed = draft.clone();
    typed.answers.insert("nationality".into(), daftar::store::Answer::Text("Tunisienne".into()));
    typed.updated_at = Utc::now();
    assert_held_by(second.save_draft(&typed), interviewer);
    let admin = Author::Account(second.actor().unwrap());
    assert_held_by(second.discard_draft(&draft.id, &admin, true, "started for the wrong person"), interviewer);
    let mut final_copy = typed.clone();
    final_copy.status = Status::Final;
    final_copy.finalized_at = Some(Utc::now());
    assert_held_by(second.finalize(&final_copy), interviewer);
    assert_eq!(first.draft(&draft.id).unwrap().as_ref(), Some(&draft), "the draft is as the first session left it");
    assert!(first.interview(&draft.id).unwrap().is_none(), "not finalized");

    // The holder's own saves go on, and renew the hold.
    first.save_draft(&typed).unwrap();
    assert_eq!(second.draft(&draft.id).unwrap().unwrap().answers, typed.answers);

    // Let go of, the draft is the other session's to take; the first is then refused by name.
    first.let_go_of_draft(&draft.id).unwrap();
    second.hold_draft(&draft.id, Utc::now()).unwrap();
    assert_held_by(first.save_draft(&typed), ADMIN);
    assert_held_by(first.hold_draft(&draft.id, Utc::now()), ADMIN);
    // Letting go of another session's hold leaves it alone.
    first.let_go_of_draft(&draft.id).unwrap();
    assert_held_by(first.hold_draft(&draft.id, Utc::now()), ADMIN);

    // Finalizing by the holder ends the hold with the draft.
    second.finalize(&final_copy).unwrap();
    assert!(second.interview(&draft.id).unwrap().is_some());
    assert!(
        !matches!(first.hold_draft(&draft.id, Utc::now()), Err(Error::DraftHeld { .. })),
        "a finalized draft is held by nobody"
    );
}

#[test]
fn a_hold_left_by_a_session_that_stopped_ends_by_itself() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let (url, draft) = team_store(cluster);
    let (interviewer, _) = account_of(Role::Interviewer);
    let now = Utc::now();
    {
        let gone = session(&url, interviewer);
        gone.hold_draft(&draft.id, now).unwrap();
        // Dropped without letting go, as a killed process leaves it.
    }
    let next = session(&url, ADMIN);
    assert_held_by(next.hold_draft(&draft.id, now + HOLD_FOR - Duration::seconds(1)), interviewer);
    next.hold_draft(&draft.id, now + HOLD_FOR + Duration::seconds(1)).unwrap();
}

#[test]
fn a_draft_discarded_in_one_session_is_not_brought_back_by_another_save() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let (url, draft) = team_store(cluster);
    let (interviewer, _) = account_of(Role::Interviewer);
    let typing = session(&url, interviewer);
    let supervisor = session(&url, ADMIN);
    typing.save_draft(&draft).unwrap();
    typing.let_go_of_draft(&draft.id).unwrap();
    let admin = Author::Account(supervisor.actor().unwrap());
    supervisor.discard_draft(&draft.id, &admin, true, "started for the wrong person").unwrap();

    let mut typed = draft.clone();
    typed.answers.insert("nationality".into(), daftar::store::Answer::Text("Marocaine".into()));
    assert!(matches!(typing.save_draft(&typed), Err(Error::DraftDiscarded)), "the save is refused");
    assert!(supervisor.draft(&draft.id).unwrap().is_none(), "the discarded draft stays discarded");
    assert!(supervisor.interviews_of(&draft.participant_id).unwrap().is_empty(), "and out of the participant's list");
}

#[test]
fn a_draft_discarded_is_not_brought_back_in_a_folder_either() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    give_admin(&path);
    let store = open_as_admin(&path);
    let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(5), 0, today());
    store.register(&participant, today()).unwrap();
    let (forms, _) = daftar::app::forms::load(&store).unwrap();
    let form = forms.iter().find(|f| f.id == "intake").unwrap();
    let admin = Author::Account(store.actor().unwrap());
    let draft = daftar::app::wizard::new_interview(form, &participant, &[], admin.clone(), today());
    store.save_draft(&draft).unwrap();
    store.discard_draft(&draft.id, &admin, true, "a duplicate").unwrap();
    assert!(matches!(store.save_draft(&draft), Err(Error::DraftDiscarded)));
    assert!(store.draft(&draft.id).unwrap().is_none());
}

/// Two interfaces on one database: the second opening a draft the first is typing into is
/// told who holds it and stays on the record; once the first leaves the draft, the second
/// opens it with every answer the first saved.
#[test]
fn a_draft_open_in_one_interface_is_refused_in_another_with_who_holds_it() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let (url, _) = team_store(cluster);
    let store = std::path::Path::new(&url);
    let env = [("DAFTAR_TEST_FSYNC_OFF", "accept")];
    let (interviewer, full_name) = account_of(Role::Interviewer);

    let mut first = Session::start_raw_with_env(store, &["--lang", "en"], &env);
    first.wait_for("Username");
    first.send(interviewer);
    first.send("\r");
    first.send(ADMIN_PASSWORD);
    first.send("\r");
    first.wait_for(full_name);
    first.send("\r"); // the participant's record
    first.wait_for("draft");
    first.send("\r"); // the draft
    first.wait_for("Section 1 of 8");
    first.send("Marocaine");
    first.send("\r");
    first.wait_for("1 of 32 answered");

    let mut second = Session::start_raw_with_env(store, &["--lang", "en"], &env);
    second.log_in(daftar::i18n::Lang::En);
    second.wait_for("Test Administrator");
    second.send("\r");
    second.wait_for("draft");
    second.send("\r");
    second.wait_for(&format!("Held by {interviewer} in another session"));
    assert!(second.contents().contains("Participant record"), "stays on the record:\n{}", second.contents());

    // The first leaves the draft: the second now opens it, as the first saved it.
    first.send("\x1b");
    first.wait_for("Participant record");
    second.send("\r");
    second.wait_for("1 of 32 answered");
    second.wait_for("Nationality *: Marocaine");

    // And the first is now the one told.
    first.send("\r");
    first.wait_for(&format!("Held by {ADMIN} in another session"));

    for s in [&mut first, &mut second] {
        s.send("\x11");
        assert_eq!(s.wait_exit(), Some(0));
    }
    // Quitting let go: a third session takes the draft at once.
    let third = session(&url, ADMIN);
    let draft = third.drafts().unwrap().into_iter().next().expect("the draft");
    third.hold_draft(&draft.id, Utc::now()).unwrap();
}

// ---- Faults: the server stops or restarts while an interface is open ----

/// The interviewer's interface on the draft of [`team_store`], its first answer saved.
fn typing_on_the_draft(url: &str) -> Session {
    let (interviewer, full_name) = account_of(Role::Interviewer);
    let env = [("DAFTAR_TEST_FSYNC_OFF", "accept")];
    let mut s = Session::start_raw_with_env(std::path::Path::new(url), &["--lang", "en"], &env);
    s.wait_for("Username");
    s.send(interviewer);
    s.send("\r");
    s.send(ADMIN_PASSWORD);
    s.send("\r");
    s.wait_for(full_name);
    s.send("\r");
    s.wait_for("draft");
    s.send("\r");
    s.wait_for("Section 1 of 8");
    s.send("Marocaine");
    s.send("\r");
    s.wait_for("1 of 32 answered");
    s
}

/// The draft's answers and the audit trail, read in a session of the administrator's.
fn answers_and_trail(url: &str) -> (Interview, Vec<daftar::store::audit::AuditEntry>) {
    let store = session(url, ADMIN);
    let draft = store.drafts().unwrap().into_iter().next().expect("the draft");
    store.verify_audit(None).unwrap().expect("the audit chain verifies");
    let trail = store.audit_entries().collect::<daftar::error::Result<Vec<_>>>().unwrap();
    (draft, trail)
}

#[test]
fn an_answer_entered_while_the_server_is_down_stays_in_its_field_and_is_saved_once_it_is_back() {
    let Some(cluster) = pg_cluster::private() else { return };
    let (url, _) = team_store(&cluster);
    let mut s = typing_on_the_draft(&url);

    cluster.stop();
    s.send("AB123456");
    s.send("\r");
    s.wait_for("Not saved: the database connection was lost. Trying again; the answer stays.");
    assert!(s.contents().contains("1 of 32 answered"), "the focus did not move on:\n{}", s.contents());
    assert!(s.contents().contains("AB123456"), "the answer stays in its field:\n{}", s.contents());

    // Back, the interface saves it by itself: no key is pressed.
    cluster.start_again();
    s.wait_for_within("Saved: the database connection is back.", std::time::Duration::from_secs(30));
    s.wait_for("2 of 32 answered");
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));

    let (draft, _) = answers_and_trail(&url);
    assert_eq!(draft.answers.len(), 2, "both answers are in the database: {:?}", draft.answers);
}

#[test]
fn a_server_restart_under_an_open_interface_loses_nothing_and_doubles_nothing() {
    let Some(cluster) = pg_cluster::private() else { return };
    let (url, _) = team_store(&cluster);
    let mut s = typing_on_the_draft(&url);

    cluster.restart();
    s.send("AB123456");
    s.send("\r");
    // The first write after the restart finds its connection closed; the next tick tries it
    // again on a new one.
    s.wait_for_within("2 of 32 answered", std::time::Duration::from_secs(30));
    s.send("\x1b");
    s.wait_for("Participant record");
    s.send("\x1b");
    s.wait_for("All (1)");

    // A registration across a restart: written once, with one audit entry.
    cluster.restart();
    s.send("n");
    s.wait_for("Register a participant");
    for (text, next) in [
        ("حسن التازي", "\t"),
        ("Hassan Tazi", "\t"),
        ("05/07/1988", "\t"),
        ("RB-2026/124", "\t"),
        ("Kenitra", "\t"),
        ("02/11/2026", "\x13"),
    ] {
        s.send(text);
        s.send(next);
    }
    s.wait_for_within("Participant registered.", std::time::Duration::from_secs(30));
    // Its own registration, on its new connections, is not taken for another session's.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let elsewhere = daftar::i18n::T::ChangedElsewhere.get(daftar::i18n::Lang::En);
    assert!(!s.contents().contains(elsewhere), "its own write reported as another's:\n{}", s.contents());
    assert!(s.contents().contains("Participant registered."), "{}", s.contents());
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));

    let (draft, trail) = answers_and_trail(&url);
    assert_eq!(draft.answers.len(), 2, "every answer is in the database: {:?}", draft.answers);
    let store = session(&url, ADMIN);
    assert_eq!(store.summaries().unwrap().len(), 2, "the participant is registered once");
    let registered = trail.iter().filter(|e| e.action_name == "participant_registered").count();
    assert_eq!(registered, 2, "one entry for each registration");
}
