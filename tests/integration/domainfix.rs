//! Issue 8, domain rules, import and commands, after review: a repeated column or key, the store's
//! own check of every participant, the same person under another file number, a closed output's
//! exit status, command messages in the interface's language, JSONL edge cases, the look-alike
//! file number on the register screen.

use std::process::{Command, Stdio};

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use daftar::store::{Id, Participant, RECORD_FORMAT};

use crate::support::*;

const HEADER: &str = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn daftar_in(lang: &str, store: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    daftar_admin(store, &all)
}

/// A directory with an empty store at `store` and `name` holding `text`.
fn store_and_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    (dir, store, file)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn participant(ar: &str, latin: &str, born: NaiveDate, file: &str, entry: NaiveDate) -> Participant {
    Participant {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        name_ar: ar.into(),
        name_latin: latin.into(),
        date_of_birth: born,
        file_number: file.into(),
        facility: "Salé".into(),
        entry_date: entry,
        registered_at: chrono::Utc::now(),
        registered_by: daftar::store::Author::BeforeAccounts("Samira".into()),
    }
}

#[test]
fn a_column_named_twice_or_a_key_given_twice_is_refused_and_nothing_lost() {
    let csv = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date,name_latin\n\
               سعيد,Said,07/03/1990,F-1,Salé,01/02/2020,Ahmed\n";
    let (dir, store, file) = store_and_file("p.csv", csv);
    let out = daftar_admin(&store, &["import", "participants", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stdout(&out).contains("p.csv:1: the header row names the column “name_latin” twice (columns 2 and 7)"),
        "{out:?}"
    );
    let jsonl = dir.path().join("p.jsonl");
    std::fs::write(
        &jsonl,
        "{\"record\":\"participant\",\"name_ar\":\"سعيد\",\"name_latin\":\"Said\",\"name_latin\":\"Ahmed\",\
         \"date_of_birth\":\"1990-01-01\",\"file_number\":\"A-1001\",\"facility\":\"Salé\",\"entry_date\":\"2020-01-01\"}\n",
    )
    .unwrap();
    let out = daftar_in("fr", &store, &["import", "participants", jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stdout(&out).contains("p.jsonl:1: la clé « name_latin » figure deux fois sur cette ligne"), "{out:?}");
    assert!(crate::support::open_as_admin(&store).participants().unwrap().is_empty());
}

#[test]
fn the_store_refuses_what_the_rules_refuse_and_an_export_names_old_records_that_break_them() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    let today = chrono::Local::now().date_naive();
    let legacy = [
        participant("سعيد", "Said", day(1990, 1, 1), "A 1001", day(2020, 1, 1)),
        participant("علي", "Ali", day(1850, 1, 1), "B-1", day(2020, 1, 1)),
        participant("حسن", "Hassan", day(1990, 1, 1), "C-1", day(1980, 1, 1)),
    ];
    // Given its administrator (and its key) first: the records are then sealed as written.
    crate::support::create_store(&path);
    crate::support::give_admin(&path);
    {
        let store = crate::support::open_as_admin(&path);
        for p in &legacy {
            let err = store.register(p, today).unwrap_err();
            assert!(matches!(err, daftar::error::Error::BreaksRules { .. }), "{}: {err}", p.file_number);
        }
        assert!(store.participants().unwrap().is_empty());
        // As an earlier Daftar, with looser rules, could have written them.
        store.bulk_insert(&legacy, &[], &[]).unwrap();
        store.register(&participant("يوسف", "Youssef", day(1990, 1, 1), "D-1", day(2020, 1, 1)), today).unwrap();
        store.rebuild_index().unwrap();
    }
    let export = dir.path().join("all.jsonl");
    let out = daftar_admin(&path, &["export", "--out", export.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    // Everything is exported; the three that will not import are named.
    assert_eq!(std::fs::read_to_string(&export).unwrap().lines().count(), 4);
    let err = stderr(&out);
    // The three, and the one-line warning of a plaintext export (issue 12).
    assert_eq!(err.lines().count(), 4, "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("warning: this export is not encrypted")).count(), 1, "{err}");
    for (p, problem) in
        legacy.iter().zip(["file_number: Not allowed:", "date_of_birth: Too early", "entry_date: The programme"])
    {
        let line = err.lines().find(|l| l.contains(p.id.as_str())).unwrap_or_else(|| panic!("{err}"));
        assert!(line.starts_with("warning: participant ") && line.contains(problem), "{line}");
    }
    let out = daftar_in("fr", &path, &["index", "rebuild"]);
    assert!(stdout(&out).contains("(dossier B-1) enfreint les règles actuelles"), "{out:?}");
    assert!(stdout(&out).contains("participants enfreignant les règles du registre : 3"), "{out:?}");
    // Import refuses them by line, and imports nothing.
    let empty = dir.path().join("empty");
    create_store(&empty);
    let out = daftar_admin(&empty, &["import", "participants", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let lines: Vec<String> = stdout(&out).lines().map(|l| l.split_once(".jsonl:").unwrap().1.to_string()).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("1: file_number:") && lines[1].starts_with("2: date_of_birth:"), "{lines:?}");
    assert!(lines[2].starts_with("3: entry_date:"), "{lines:?}");
    assert!(crate::support::open_as_admin(&empty).participants().unwrap().is_empty());
}

#[test]
fn import_warns_of_the_same_person_under_another_file_number() {
    let csv = format!("{HEADER}سعيد,Said,07/03/1990,F-1,Salé,01/02/2020\nسعيد,Said,07/03/1990,F-9,Salé,01/02/2020\n");
    let (dir, store, file) = store_and_file("p.csv", &csv);
    let out = daftar_admin(&store, &["import", "participants", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout(&out)
            .contains("p.csv:3: warning: this may be the same person as on line 2: Said, born 07/03/1990 (file F-1)"),
        "{out:?}"
    );
    assert!(stdout(&out).contains("imported 2 participants; already in the store: 0; 1 warning"), "{out:?}");
    // Against the store: a Farsi yeh makes no other name.
    let again = dir.path().join("again.csv");
    std::fs::write(&again, format!("{HEADER}سعید,Hassan,07/03/1990,F-5,Salé,01/02/2020\n")).unwrap();
    let out = daftar_in("ar", &store, &["import", "participants", again.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout(&out)
            .contains("again.csv:2: تنبيه: قد يكون هذا Said، المزداد في 07/03/1990، الموجود في المخزن (الملف F-"),
        "{out:?}"
    );
    assert!(stdout(&out).contains("استورد مشارك واحد؛ موجود في المخزن من قبل: 0؛ تنبيه واحد"), "{out:?}");
}

/// Runs daftar with its standard output closed before it writes (as `| head -0` does).
fn with_output_closed(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    give_admin(store);
    let mut child = Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .arg("--store")
        .arg(store)
        .args(AS_ADMIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    send_password(&mut child);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_output_keeps_the_exit_status_of_the_command() {
    let bad = format!("{HEADER}س,A,07/03/1990,F-1,x,01/01/2050\nس,B,07/03/1990,F-2,x,01/01/2050\n");
    let (dir, store, file) = store_and_file("bad.csv", &bad);
    let out = with_output_closed(&store, &["import", "participants", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).is_empty(), "{out:?}");
    let form = data("forms/broken/05-duplicate_field_id.toml");
    let out = with_output_closed(&store, &["forms", "check", form.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).is_empty(), "{out:?}");
    // Through a real pipe too.
    let script = format!(
        "set -o pipefail; {} | head -0",
        shell_as_admin(&format!(
            "'{}' --store '{}' --user admin --password-stdin import participants '{}'",
            env!("CARGO_BIN_EXE_daftar"),
            store.display(),
            file.display()
        ))
    );
    let out = Command::new("bash").arg("-c").arg(&script).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // A good import whose report nobody reads still imports, and succeeds.
    let good = dir.path().join("good.csv");
    std::fs::write(&good, format!("{HEADER}س,A,07/03/1990,F-1,x,01/01/2020\n")).unwrap();
    let out = with_output_closed(&store, &["import", "participants", good.to_str().unwrap()]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{out:?}");
    assert_eq!(crate::support::open_as_admin(&store).participants().unwrap().len(), 1);
}

#[test]
fn file_errors_and_the_import_summary_follow_the_language() {
    let (dir, store, file) = store_and_file("p.csv", &format!("{HEADER}س,A,07/03/1990,F-1,x,01/01/2020\n"));
    let missing = dir.path().join("nonexist.csv");
    let out = daftar_in("fr", &store, &["import", "participants", missing.to_str().unwrap()]);
    assert_eq!(
        stderr(&out).trim(),
        format!("daftar: lecture de {} : fichier ou dossier introuvable", missing.display())
    );
    let out = daftar_in("ar", &store, &["import", "participants", missing.to_str().unwrap()]);
    assert_eq!(stderr(&out).trim(), format!("daftar: قراءة {}: لا يوجد ملف أو مجلد بهذا الاسم", missing.display()));
    let nowhere = dir.path().join("no/x.jsonl");
    let out = daftar_in("fr", &store, &["export", "--out", nowhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).starts_with("daftar: création de ") && stderr(&out).contains("fichier ou dossier introuvable"),
        "{out:?}"
    );
    let out = daftar_in("fr", &store, &["forms", "check", missing.to_str().unwrap()]);
    assert!(stdout(&out).contains("lecture de") && !stdout(&out).contains("reading"), "{out:?}");
    // A store path that is a file, or a directory holding other files.
    let out = daftar_in("fr", &file, &["export"]);
    assert!(stderr(&out).contains("(c'est un fichier, pas un dossier)"), "{out:?}");
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "x").unwrap();
    let out = daftar_in("ar", &other, &["export"]);
    assert!(stderr(&out).contains("(فيه ملفات أخرى)"), "{out:?}");
    let out = daftar_in("ar", &store, &["import", "participants", file.to_str().unwrap()]);
    assert_eq!(stdout(&out).trim(), "استورد مشارك واحد؛ موجود في المخزن من قبل: 0", "{out:?}");
}

#[test]
fn jsonl_edge_cases_are_refused_by_line_or_read_as_meant() {
    let line = |extra: &str, id: &str| {
        format!(
            "{{\"record\":\"participant\",\"format\":1,\"id\":\"{id}\",\"name_ar\":\"سعيد\",\"name_latin\":\"Said\",\
             \"date_of_birth\":\"1990-01-01\",\"file_number\":\"A-1001\",\"facility\":\"Salé\",\"entry_date\":\"2020-01-01\"{extra}}}\n"
        )
    };
    let id = "23f3e41d5677435eb04ddaf91a34d108";
    let cases = [
        (line(",\"format\":99", id).replace("\"format\":1,", ""), "1: format: format 99 is not one this daftar reads"),
        (line(",\"registered_at\":\"2090-01-01T00:00:00Z\"", id), "1: registered_at: this time is in the future"),
        (line(",\"registered_at\":\"soon\"", id), "1: registered_at: “soon” is not a date and time"),
        (line(&format!(",\"registered_by\":\"{}\"", "x".repeat(2000)), id), "1: registered_by: Too long"),
        (line(",\"registered_by\":\"S\\u001b\"", id), "1: registered_by: Not accepted: the control character U+001B"),
        (line("", &id.to_uppercase()), "1: id: id “23F3E41D5677435EB04DDAF91A34D108” is not a daftar id"),
        (line("", &"0".repeat(32)), "is not a daftar id"),
    ];
    for (text, expected) in cases {
        let (_dir, store, file) = store_and_file("p.jsonl", &text);
        let out = daftar_admin(&store, &["import", "participants", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{expected}: {out:?}");
        assert!(stdout(&out).contains(expected), "{expected}: {out:?}");
    }
    // A byte-order mark before JSONL: still JSONL.
    let (_dir, store, file) =
        store_and_file("p.jsonl", &format!("\u{feff}{}", line(",\"registered_by\":\"Samira\"", id)));
    let out = daftar_admin(&store, &["import", "participants", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let store = crate::support::open_as_admin(&store);
    let p = store.participants().unwrap().remove(0);
    // The file's registered_by is checked, not kept: the importing account is the author.
    let admin = store.account_by_username(crate::support::ADMIN).unwrap().unwrap();
    assert_eq!((p.id.as_str(), &p.registered_by), (id, &daftar::store::Author::Account(admin.id)));
}

#[test]
fn a_look_alike_file_number_is_refused_on_the_register_screen_before_any_question() {
    for (lang, expected) in [
        (daftar::i18n::Lang::En, "File number a-١٠٠١ is already registered as A-1001: Said."),
        (daftar::i18n::Lang::Fr, "Le numéro de dossier a-١٠٠١ est déjà inscrit sous A-1001 : Said."),
        (daftar::i18n::Lang::Ar, "A-1001"),
    ] {
        let mut h = Harness::with(lang, Some("Samira"), 100, 30);
        h.register("سعيد", "Said", "01/01/1985", "A-1001");
        h.press(KeyCode::Esc);
        // The same person (the same-person question would come first before the fix).
        h.register("سعيد", "Said", "01/01/1985", "a-١٠٠١");
        let screen = h.screen();
        assert!(screen.contains(expected), "{screen}");
        assert!(h.app.state.overlay.is_none(), "no question is asked: {screen}");
        assert_eq!(h.store().participants().unwrap().len(), 1);
    }
}
