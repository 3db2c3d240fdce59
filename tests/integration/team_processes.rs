//! A team on one database, in real processes (issue 13): eight processes register
//! participants and commit answers at once, all eight race for one file number, and one more is
//! killed with SIGKILL in the middle of its writes. Afterwards every answer is there, the file
//! number went to exactly one, nothing is half-written, and the audit chain is one linear,
//! verified chain.
//!
//! Each process is this test binary run again on [`one_member_of_the_team`], which does
//! nothing unless it is given a database (`DAFTAR_TEST_TEAM`).

use std::process::{Command, Stdio};

use chrono::Utc;
use daftar::auth::{Role, SecretString};
use daftar::error::Error;
use daftar::store::{Answer, Author, Status, Store};

use crate::pg_cluster;
use crate::support::*;

const PROCESSES: usize = 8;
const PARTICIPANTS_EACH: usize = 3;
const ANSWERS_EACH: usize = 5;
const RACED_FILE: &str = "RACE-2026/1";

fn password() -> SecretString {
    SecretString::from(ADMIN_PASSWORD.to_string())
}

fn open(url: &str) -> Store {
    Store::on_database(pg_cluster::connect(url).unwrap(), pg_cluster::connect(url).unwrap(), url).unwrap()
}

/// One process of the team (run by the tests below, in a process of its own): as the
/// interviewer, registers [`PARTICIPANTS_EACH`] participants, takes an intake of each with
/// [`ANSWERS_EACH`] answers committed one at a time, finalizes it, then tries the raced file
/// number; says on standard output what it did. `DAFTAR_TEST_TEAM_FOREVER` makes it register
/// without end (for the process that is killed).
#[test]
#[ignore = "one process of the team: run by the team tests, in a process of its own"]
fn one_member_of_the_team() {
    let Ok(url) = std::env::var("DAFTAR_TEST_TEAM") else { return };
    let member: usize = std::env::var("DAFTAR_TEST_TEAM_MEMBER").unwrap().parse().unwrap();
    let forever = std::env::var_os("DAFTAR_TEST_TEAM_FOREVER").is_some();
    let store = open(&url);
    let (interviewer, _) = account_of(Role::Interviewer);
    let session = store.log_in(interviewer, &password(), Utc::now()).unwrap().into_session();
    let (forms, _) = daftar::app::forms::load(&store).unwrap();
    let form = forms.iter().find(|f| f.id == "intake").unwrap().clone();
    let mut rng = daftar::synth::Rng::new(1000 + member as u64);
    let mut n = 0;
    while forever || n < PARTICIPANTS_EACH {
        let mut participant = daftar::synth::participant(&mut rng, n, today());
        participant.file_number = format!("T-{member}/{n}");
        store.register(&participant, today()).unwrap();
        let author = Author::Account(session.account.clone());
        let mut draft = daftar::app::wizard::new_interview(&form, &participant, &[], author, today());
        for a in 0..ANSWERS_EACH {
            draft.answers.insert(format!("q{a}"), Answer::Text(format!("member {member} participant {n} answer {a}")));
            draft.updated_at = Utc::now();
            store.save_draft(&draft).unwrap();
        }
        let mut final_copy = draft.clone();
        final_copy.status = Status::Final;
        final_copy.finalized_at = Some(Utc::now());
        store.finalize(&final_copy).unwrap();
        println!("finalized {}", final_copy.id);
        n += 1;
    }
    let mut raced = daftar::synth::participant(&mut rng, 99, today());
    raced.file_number = RACED_FILE.into();
    match store.register(&raced, today()) {
        Ok(()) => println!("won the race"),
        Err(Error::DuplicateFileNumber(_)) => println!("refused in the race"),
        Err(e) => panic!("the race: {e}"),
    }
}

fn member(url: &str, n: usize) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["team_processes::one_member_of_the_team", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env("DAFTAR_TEST_TEAM", url)
        .env("DAFTAR_TEST_TEAM_MEMBER", n.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn eight_processes_at_once_lose_nothing_share_one_file_number_once_and_keep_one_chain() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let (url, _) = pg_cluster::team_store(cluster);
    // One more, killed in the middle of its writes.
    let mut killed = member(&url, PROCESSES).env("DAFTAR_TEST_TEAM_FOREVER", "1").spawn().unwrap();
    let members: Vec<_> = (0..PROCESSES).map(|n| member(&url, n).spawn().unwrap()).collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    killed.kill().unwrap(); // SIGKILL
    killed.wait().unwrap();

    let mut finalized = Vec::new();
    let (mut won, mut refused) = (0, 0);
    for child in members {
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "a member failed:\n{said}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("1 passed"), "the member did not run:\n{said}");
        // The harness's "test … " may open the first line.
        let ids = said.lines().filter_map(|l| l.split_once("finalized ").map(|(_, id)| id.trim().to_string()));
        finalized.extend(ids);
        won += said.matches("won the race").count();
        refused += said.matches("refused in the race").count();
    }
    assert_eq!(finalized.len(), PROCESSES * PARTICIPANTS_EACH);
    assert_eq!((won, refused), (1, PROCESSES - 1), "the raced file number went to exactly one");

    let store = open(&url);
    store.log_in(ADMIN, &password(), Utc::now()).unwrap();
    // Every interview each process was told was finalized is there, with its answers.
    for id in &finalized {
        let id = daftar::store::Id::from_key(id.as_bytes()).unwrap();
        let interview = store.interview(&id).unwrap().expect("a finalized interview is in the database");
        assert_eq!(interview.answers.len(), ANSWERS_EACH, "every answer of {id}");
    }
    // Nothing half-written, the killed process's writes among them: every participant has its
    // summary and its file number, and every draft or interview its participant.
    let summaries = store.summaries().unwrap();
    assert!(summaries.len() > PROCESSES * PARTICIPANTS_EACH, "the killed process registered some");
    for summary in &summaries {
        let participant = store.participant(&summary.participant.id).unwrap().expect("a summary's participant");
        assert_eq!(store.summary(&participant.id).unwrap().as_ref(), Some(summary));
        for interview in store.interviews_of(&participant.id).unwrap() {
            assert_eq!(interview.participant_id, participant.id);
        }
    }
    // One linear chain: consecutive sequence numbers, verified link by link.
    let verified = store.verify_audit(None).unwrap().expect("the audit chain verifies");
    let entries: Vec<_> = store.audit_entries().collect::<daftar::error::Result<_>>().unwrap();
    for (n, entry) in entries.iter().enumerate() {
        assert_eq!(entry.seq, entries[0].seq + n as u64, "the chain is one line");
    }
    let registered = entries.iter().filter(|e| e.action_name == "participant_registered").count();
    assert_eq!(registered, summaries.len(), "one registration entry for each participant");
    let finals = entries.iter().filter(|e| e.action_name == "interview_finalized").count();
    assert!(finals >= finalized.len());
    assert_eq!(verified.count, entries.len() as u64, "every entry is in the verified chain");
}
