//! Issue 9, item 6: import and form checking at scale. An import killed half-way leaves
//! nothing of itself; a problem far down a large file is still reported by line, with nothing
//! imported; `forms check` stays near linear on large forms and long calculated chains.

use std::time::{Duration, Instant};

use crate::support::{create_store, daftar_admin};

const HEADER: &str = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n";

/// `n` valid rows, each a different person.
fn rows(n: usize) -> String {
    let mut out = String::from(HEADER);
    for i in 0..n {
        let (d, m, y) = (1 + i % 28, 1 + i % 12, 1960 + i % 30);
        out.push_str(&format!("سعيد {i},Said {i},{d:02}/{m:02}/{y},F-{i:07},Salé,01/02/2020\n"));
    }
    out
}

#[test]
fn an_import_killed_mid_way_leaves_nothing_and_can_be_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let before = std::fs::metadata(store.join("db")).unwrap().len();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, rows(60_000)).unwrap();
    crate::support::give_admin(&store);
    let before = std::fs::metadata(store.join("db")).unwrap().len().max(before);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .arg("--store")
        .arg(&store)
        .args(crate::support::AS_ADMIN)
        .args(["import", "participants", csv.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    crate::support::send_password(&mut child);
    // Killed once batches have reached the data file, well before the end.
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::metadata(store.join("db")).map_or(0, |m| m.len()) < before + (2 << 20) {
        assert!(child.try_wait().unwrap().is_none(), "the import ended before it could be killed");
        assert!(Instant::now() < deadline, "the import never wrote");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // A copy opened with sled alone shows the rows the import had written, waiting.
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&store).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let written = {
        let db = crate::support::raw_sled(&copy);
        let participants: Vec<Vec<u8>> =
            db.open_tree("participants").unwrap().iter().keys().map(|k| k.unwrap().to_vec()).collect();
        // The list is sealed (its entries cannot be read without the key, and a login would
        // undo the import): one entry per batch of 2,000 rows (store::import's BATCH).
        let pending = db.open_tree("import-pending").unwrap().len();
        assert!(
            !participants.is_empty() && participants.len() < 60_000,
            "killed mid-way: {} written",
            participants.len()
        );
        // A batch's ids are listed before its rows are written, so the list may hold a batch
        // whose rows never reached the disk, never the other way round.
        assert!(
            participants.len() <= pending * 2_000,
            "every written participant is listed as pending: {} rows, {pending} batches",
            participants.len()
        );
        participants.len()
    };
    // Reopened, the store has nothing of the import.
    {
        let s = crate::support::open_as_admin(&store);
        assert!(s.people().unwrap().is_empty(), "{written} rows of a killed import are gone");
        assert!(s.summaries().unwrap().is_empty());
        assert!(s.participants().unwrap().is_empty());
    }
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "imported 60000 participants; already in the store: 0");
    let s = crate::support::open_as_admin(&store);
    assert_eq!(s.people().unwrap().len(), 60_000);
    assert_eq!(s.summaries().unwrap().len(), 60_000);
}

#[test]
fn problems_far_down_a_large_file_are_reported_in_line_order_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let mut text = rows(30_000);
    // Line 25,002 repeats the file number of line 2; the last line has an impossible date.
    text.push_str("سعيد,Said,07/03/1990,F-0000000,Salé,01/02/2020\n");
    text = text.replacen("F-0025000", "F-0000000", 1);
    text.push_str("علي,Ali,31/02/1990,F-9999999,Salé,01/02/2020\n");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, text).unwrap();
    let out = daftar_admin(&store, &["import", "participants", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let name = csv.display().to_string();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with(&format!("{name}:25002: file_number: ")), "{stdout}");
    assert!(lines[1].starts_with(&format!("{name}:30002: file_number: ")), "{stdout}");
    assert!(lines[2].starts_with(&format!("{name}:30003: date_of_birth: ")), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problems found; nothing was imported"), "{out:?}");
    let s = crate::support::open_as_admin(&store);
    assert!(s.people().unwrap().is_empty(), "the 25,000 rows written before the first problem are undone");
}

/// Large forms and long chains of calculations are checked and accepted, whole: the time it
/// takes is the bench's to measure (`cargo bench --bench import_forms -- check`, with its goals),
/// never a test's, on machines shared and noisy.
#[test]
fn forms_check_takes_large_forms_and_long_calculated_chains() {
    for (what, text) in [
        ("2,000 questions", daftar::synth::big_form(2_000, false)),
        ("20,000 questions", daftar::synth::big_form(20_000, false)),
        ("a 5,000-step chain", daftar::synth::big_form(5_000, true)),
    ] {
        let checked = daftar::form::check_form(&text);
        assert!(checked.is_ok(), "{what}: {:?}", checked.err().map(|e| e[0].to_string()));
    }
    // A circle through the whole chain is still found and named.
    let circle =
        daftar::synth::big_form(50, true).replace("calculation = \"${q0} + 1\"", "calculation = \"${q49} + 1\"");
    let errors = daftar::form::check_form(&circle).unwrap_err();
    assert!(
        errors.iter().any(|e| e.to_string().contains("q49")),
        "{:?}",
        errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
    );
}
