//! Issue 9, item 6 (the last gap): the import's memory is bounded whatever the file's size. What
//! the check remembers of earlier rows goes to scratch files once it outgrows its budget; here
//! the budget is made tiny (`DAFTAR_TEST_IMPORT_BUDGET`, a knob of test builds only) so that
//! everything spills, and the import must say exactly what it says in memory: the same
//! problems and warnings, in the same order, with the same earlier lines, names and files, and
//! import the same participants. The scratch directory is gone afterwards.

use crate::support::{AS_ADMIN, copy_dir, create_store, daftar_command, give_admin, output_with_stdin};

const HEADER: &str = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n";

/// `n` rows; with `repeats`, every seventh row repeats the file number of a row far before it.
/// Every thirteenth row is the same person as a row far before it, under another file number
/// (a warning), and a few are the same person as someone already in the store (see [`seed`]).
fn rows(n: usize, repeats: bool) -> String {
    let mut out = String::from(HEADER);
    for i in 0..n {
        let (mut file, mut name, mut born) = (format!("F-{i:05}"), format!("Said {i}"), 1 + i % 28);
        if repeats && i % 7 == 3 && i > 500 {
            file = format!("f-{:05}", i - 499);
        }
        if i % 13 == 6 && i > 900 {
            (name, born) = (format!("Said {}", i - 877), 1 + (i - 877) % 28);
        }
        if i % 101 == 50 {
            (name, born) = (format!("Karim {}", i % 3), 5);
        }
        out.push_str(&format!("سعيد {i},{name},{born:02}/03/1990,{file},Salé,01/02/2020\n"));
    }
    out
}

/// A store with an administrator and three people the rows may repeat.
fn seed(path: &std::path::Path, dir: &std::path::Path) {
    create_store(path);
    give_admin(path);
    let csv = dir.join("seed.csv");
    let seed: String = std::iter::once(HEADER.to_string())
        .chain((0..3).map(|k| format!("كريم,Karim {k},05/03/1990,S-{k},Salé,01/02/2020\n")))
        .collect();
    std::fs::write(&csv, seed).unwrap();
    let out = import(path, &csv, None);
    assert!(out.status.success(), "{out:?}");
}

fn import(store: &std::path::Path, csv: &std::path::Path, budget: Option<&str>) -> std::process::Output {
    let mut command = daftar_command(store);
    if let Some(budget) = budget {
        command.env("DAFTAR_TEST_IMPORT_BUDGET", budget);
    }
    output_with_stdin(
        command.args(AS_ADMIN).args(["import", "participants", csv.to_str().unwrap()]),
        &format!("{}\n", crate::support::ADMIN_PASSWORD),
    )
}

/// The names in `dir` that are scratch directories of an import.
fn scratch_left(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".daftar-import-"))
        .collect()
}

#[test]
fn an_import_spilled_to_disk_says_and_does_exactly_what_one_in_memory_does() {
    let dir = tempfile::tempdir().unwrap();
    let (in_memory, spilled) = (dir.path().join("a/store"), dir.path().join("b/store"));
    std::fs::create_dir_all(in_memory.parent().unwrap()).unwrap();
    seed(&in_memory, dir.path());
    copy_dir(&in_memory, &spilled);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&spilled, std::fs::Permissions::from_mode(0o700)).unwrap();
    for repeats in [true, false] {
        let csv = dir.path().join("people.csv");
        std::fs::write(&csv, rows(3_000, repeats)).unwrap();
        let kept = import(&in_memory, &csv, None);
        let small = import(&spilled, &csv, Some("1"));
        let words = |o: &std::process::Output| {
            (
                o.status.code(),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        let (code, stdout, stderr) = words(&kept);
        if repeats {
            assert_eq!(code, Some(1), "{stdout}{stderr}");
            assert!(
                stdout.contains(":2504: file_number: file number f-02003 is the same as on line 2005\n"),
                "{stdout}"
            );
            assert!(stderr.contains("problems found; nothing was imported"), "{stderr}");
        } else {
            assert_eq!(code, Some(0), "{stdout}{stderr}");
            assert!(stdout.contains("this may be the same person as on line"), "{stdout}");
            assert!(stdout.contains("(file S-"), "a person of the store is named: {stdout}");
            assert!(stdout.contains("imported 3000 participants"), "{stdout}");
        }
        let (small_code, small_out, small_err) = words(&small);
        let differ = stdout.lines().zip(small_out.lines()).find(|(a, b)| a != b);
        assert_eq!(differ, None, "the same words, in the same order");
        assert_eq!((small_code, small_out.lines().count(), small_err), (code, stdout.lines().count(), stderr));
        for store in [&in_memory, &spilled] {
            assert!(scratch_left(store.parent().unwrap()).is_empty(), "no scratch directory is left");
        }
    }
    let people = |path: &std::path::Path| {
        let mut files: Vec<String> =
            crate::support::open_as_admin(path).people().unwrap().into_iter().map(|p| p.file_number).collect();
        files.sort();
        files
    };
    let imported = people(&in_memory);
    assert_eq!(imported.len(), 3_003);
    assert_eq!(people(&spilled), imported);
}

#[test]
fn the_store_guard_spilled_to_disk_still_refuses_a_file_number_taken_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    seed(&path, dir.path());
    let store = crate::support::open_as_admin(&path);
    let today = crate::support::today();
    let person = |k: usize, file: &str| daftar::store::Participant {
        format: daftar::store::RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        name_ar: "حسن".into(),
        name_latin: format!("Hassan {k}"),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1980, 1, 1 + (k % 28) as u32).unwrap(),
        file_number: file.into(),
        facility: "Salé".into(),
        entry_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        registered_at: chrono::Utc::now(),
        registered_by: daftar::store::Author::BeforeAccounts("test".into()),
    };
    // A guard of one entry in memory: the store's numbers and the import's are on disk.
    let mut import = store.begin_import_within(today, 1).unwrap();
    for k in 0..300 {
        import.add(person(k, &format!("G-{k}"))).unwrap();
    }
    for taken in ["s-1", "g-7"] {
        let refused = import.add(person(999, taken));
        assert!(matches!(refused, Err(daftar::error::Error::DuplicateFileNumber(_))), "{taken}: {refused:?}");
    }
    assert_eq!(import.commit().unwrap(), 300);
    assert_eq!(store.people().unwrap().len(), 303);
    assert!(scratch_left(dir.path()).is_empty());
}
