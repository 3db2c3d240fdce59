//! The proof that nothing personal lies plain on the disk (issue 12, session 19): a full
//! session on a fresh encrypted store (a registration and its correction through the keys, a
//! finalized interview with answers in Arabic, French and English, its review returned with a
//! comment, its amendment with a reason, a stage change with a note, an export written outside
//! the store); then every file under the store's directory is searched, byte for byte (as
//! `grep -a` would), for every distinctive word, in UTF-8, UTF-16LE and UTF-16BE. Then the store
//! is reopened and written to until sled rewrites its segments, and searched again. The store's
//! directory is its owner's only (0700), and every file in it too (0600).
//!
//! A failure names each word found, its encoding, the file and the offset: those are what the
//! store still keeps plain.

use std::path::Path;

use chrono::Utc;
use daftar::store::{
    Answer, Id, Interview, Measures, Position, RECORD_FORMAT, ReviewDecision, Stage, StageEvent, Status,
};

use crate::support::{ADMIN, ADMIN_PASSWORD, Harness, assert_shows, install, open_as_admin, today};

const NAME_AR: &str = "زبرجد القرطبي";
const NAME_LATIN: &str = "Zabarjad Qurtubi";
const NAME_CORRECTED: &str = "Zabarjadine Qurtubiyya";
const FILE: &str = "ZQ-7781/4409";
const CORRECTION_REASON: &str = "erreur de translittération zinzolin";
const TOPIC_AR: &str = "ياقوت المغازل";
const TOPIC_FR: &str = "menuiserie ébène ouvragée";
const TOPIC_EN: &str = "quillwork lanterns";
const AMEND_REASON: &str = "hours misheard vermilion";
const STAGE_NOTE: &str = "transféré au quartier cobalt";
const RETURN_COMMENT: &str = "please recheck the obsidian dates";

const MARKERS: &[&str] = &[
    NAME_AR,
    NAME_LATIN,
    NAME_CORRECTED,
    FILE,
    CORRECTION_REASON,
    TOPIC_AR,
    TOPIC_FR,
    TOPIC_EN,
    AMEND_REASON,
    STAGE_NOTE,
    RETURN_COMMENT,
];

/// The markers found under `dir`, each named with `when`.
fn nothing_plain(dir: &Path, when: &str, problems: &mut Vec<String>) {
    problems.extend(crate::support::plain_under(dir, MARKERS).into_iter().map(|found| format!("{when}: {found}")));
}

/// The store's directory is 0700, every directory in it 0700, every file 0600: what is not.
fn private(dir: &Path, when: &str, problems: &mut Vec<String>) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut wrong = Vec::new();
    if mode(dir) != 0o700 {
        wrong.push(format!("{}: {:o}", dir.display(), mode(dir)));
    }
    fn walk(dir: &Path, mode: &dyn Fn(&Path) -> u32, wrong: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let want = if path.is_dir() { 0o700 } else { 0o600 };
            if mode(&path) != want {
                wrong.push(format!("{}: {:o} (want {want:o})", path.display(), mode(&path)));
            }
            if path.is_dir() {
                walk(&path, mode, wrong);
            }
        }
    }
    walk(dir, &mode, &mut wrong);
    problems.extend(wrong.into_iter().map(|w| format!("{when}: not its owner's only: {w}")));
}

fn db_size(dir: &Path) -> u64 {
    std::fs::metadata(dir.join("db")).unwrap().len()
}

#[test]
fn nothing_personal_lies_plain_in_the_stores_files_after_a_full_session() {
    // The store made as the interface's first run makes it (no template copied), keys typed.
    let mut h = Harness::first_run_of_a_new_store(daftar::i18n::Lang::En);
    h.first_run(ADMIN, "Test Administrator", ADMIN_PASSWORD);
    let path = h.store_path();
    assert!(h.store().is_encrypted().unwrap() && h.store().holds_key());
    install(h.store(), "forms/valid_training.toml");
    let by = h.author();

    // Registered through the keys, then corrected through the keys with a reason.
    h.register(NAME_AR, NAME_LATIN, "07/03/1990", FILE);
    assert_shows(&h.screen(), "Participant registered.");
    h.type_text("e").tab();
    h.press(ratatui::crossterm::event::KeyCode::End);
    for _ in 0..40 {
        h.press(ratatui::crossterm::event::KeyCode::Backspace);
    }
    h.type_text(NAME_CORRECTED);
    h.ctrl('s');
    h.paste(CORRECTION_REASON).enter();
    assert_shows(&h.screen(), "Correction saved as version 2.");
    let participant = h.store().participants().unwrap().into_iter().find(|p| p.file_number == FILE).unwrap();
    assert_eq!(participant.name_latin, NAME_CORRECTED);

    // An interview, its review returned with a comment, its amendment with a reason, a stage
    // change with a note: written as the session's account.
    let store = h.store().clone();
    let start = today() - chrono::Duration::days(30);
    let sessions: Vec<_> = [TOPIC_AR, TOPIC_FR, TOPIC_EN]
        .iter()
        .enumerate()
        .map(|(i, topic)| {
            [
                ("session_date".to_string(), Answer::Date(start + chrono::Duration::days(i as i64 + 1))),
                ("session_topic".to_string(), Answer::Text((*topic).into())),
            ]
            .into()
        })
        .collect();
    let now = Utc::now();
    let interview = Interview {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: participant.id.clone(),
        form_id: "training".into(),
        form_version: 1,
        // Taken by an interviewer of before accounts: a reviewer does not review their own.
        interviewer: daftar::store::Author::BeforeAccounts("Samira".into()),
        status: Status::Final,
        started_at: now,
        updated_at: now,
        finalized_at: Some(now),
        answers: [
            ("trade".to_string(), Answer::Choice("carpentry".into())),
            ("start".to_string(), Answer::Date(start)),
            ("hours".to_string(), Answer::Integer(10)),
            ("sessions".to_string(), Answer::Repeat(sessions)),
        ]
        .into(),
        position: Position::default(),
        next_due: None,
        measures: Measures::default(),
    };
    store.finalize(&interview).unwrap();
    store.review_interview(&interview.id, ReviewDecision::Return, &by, RETURN_COMMENT).unwrap();
    let mut amended = interview.clone();
    amended.answers.insert("hours".into(), Answer::Integer(12));
    store.amend_interview(&amended, 1, &by, AMEND_REASON).unwrap();
    let from = store.summary(&participant.id).unwrap().unwrap().stage;
    let event = StageEvent {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: participant.id.clone(),
        from,
        stage: Stage::InProgramme,
        date: today(),
        reason: STAGE_NOTE.into(),
        interviewer: by.clone(),
        recorded_at: Utc::now(),
    };
    store.record_stage(&event, today()).unwrap();

    // An export, written outside the store: it holds them all (it is meant to).
    let export = path.parent().unwrap().join("export.jsonl");
    let mut out = Vec::new();
    daftar::store::export_jsonl(&store, &mut out).unwrap();
    std::fs::write(&export, &out).unwrap();
    let text = String::from_utf8(out).unwrap();
    for marker in [NAME_AR, NAME_CORRECTED, FILE, TOPIC_AR, TOPIC_FR, TOPIC_EN, STAGE_NOTE] {
        assert!(text.contains(marker), "the export holds {marker:?}");
    }
    drop(store);
    let dir = h.close();
    assert!(export.starts_with(dir.path()) && !export.starts_with(&path));

    // Every problem is gathered, so that one run tells all that is still plain.
    let mut problems = Vec::new();
    nothing_plain(&path, "after the session", &mut problems);
    private(&path, "after the session", &mut problems);

    // Reopened, written to until sled rewrites its segments, closed: still nothing plain.
    let before = db_size(&path);
    {
        let store = open_as_admin(&path);
        daftar::synth::fill(&store, 400, 1600, 1912, today(), &mut |_| {}).unwrap();
        // The same participant's record rewritten many times: old versions become garbage
        // that sled reclaims in place.
        let mut draft = daftar::app::wizard::new_interview(
            daftar::app::forms::load(&store).unwrap().0.iter().find(|f| f.id == "intake").unwrap(),
            &participant,
            &[],
            daftar::store::Author::Account(store.accounts().unwrap()[0].id.clone()),
            today(),
        );
        for i in 0..300 {
            draft.answers.insert("nationality".into(), Answer::Text(format!("{TOPIC_EN} {i}")));
            store.save_draft(&draft).unwrap();
        }
    }
    let after = db_size(&path);
    eprintln!("sled's file: {before} bytes after the session, {after} after the writes");
    assert!(after > before, "the writes grew sled's file ({before} → {after})");
    nothing_plain(&path, "after sled rewrote its segments", &mut problems);
    private(&path, "after sled rewrote its segments", &mut problems);
    assert!(problems.is_empty(), "{} problem(s) in the store's files:\n{}", problems.len(), problems.join("\n"));
}
