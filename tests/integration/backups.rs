//! Backups and restore: a backup taken while another thread commits holds everything committed
//! before it began and restores to a store that opens; restore refuses a non-empty place and a
//! damaged backup and writes nothing then; automatic backups are one a day, the last 7 kept;
//! the help shows the last one.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Local, TimeZone};
use daftar::i18n::Lang;
use daftar::store::backup::{self, Automatic, BackupMark};
use daftar::store::{Id, Participant, RECORD_FORMAT, Store};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

use crate::support::{ADMIN, ADMIN_PASSWORD, Harness, assert_shows, create_store, daftar_admin, daftar_as};

fn participant(file: &str) -> Participant {
    let date = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    // A plausible participant: the store refuses one its rules refuse (domain::participant).
    let entered = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    Participant {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        name_ar: "سعيد العلوي".into(),
        name_latin: "Said Alaoui".into(),
        date_of_birth: date,
        file_number: file.into(),
        facility: "Salé".into(),
        entry_date: entered,
        registered_at: chrono::Utc::now(),
        registered_by: daftar::store::Author::BeforeAccounts("Samira".into()),
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir`, with its bytes, for "nothing was written" checks.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.push((p.clone(), Vec::new()));
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_taken_during_writes_restores_everything_committed_before_it_began() {
    let dir = TempDir::new().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    for i in 0..300 {
        store.register(&participant(&format!("F-{i}")), Local::now().date_naive()).unwrap();
    }
    let committed: Arc<Mutex<Vec<Id>>> = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, committed, stop) = (Arc::clone(&store), Arc::clone(&committed), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let p = participant(&format!("W-{n}"));
                store.register(&p, Local::now().date_naive()).unwrap();
                // Recorded only once the store said it is committed.
                committed.lock().unwrap().push(p.id);
                n += 1;
            }
        })
    };
    while committed.lock().unwrap().len() < 50 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before: Vec<Id> = committed.lock().unwrap().clone();
    let target = dir.path().join("backup");
    let manifest = store.backup(&target, &mut |_, _| {}).unwrap();
    let during = committed.lock().unwrap().len();
    while committed.lock().unwrap().len() < during + 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(committed.lock().unwrap().len() > before.len(), "the writer kept committing around the backup");
    assert_eq!(backup::verify(&target).unwrap(), manifest, "the backup verifies as written");
    assert_eq!(manifest.store_id, store.store_id().unwrap());

    let restored = dir.path().join("restored");
    let out = daftar_as(&restored, ADMIN, ADMIN_PASSWORD, &["restore", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("checksums verified"), "{}", stdout(&out));
    let copy = Store::open_existing(&restored).unwrap();
    let ids: std::collections::HashSet<Id> = copy.participants().unwrap().into_iter().map(|p| p.id).collect();
    for id in &before {
        assert!(ids.contains(id), "participant {id} was committed before the backup began");
    }
    assert!(ids.len() >= 300 + before.len());
    // A point in time: every participant came with its summary (one transaction), none without.
    assert_eq!(copy.summaries().unwrap().len(), ids.len());
    assert!(manifest.entries() as usize >= ids.len() * 2, "records and summaries are both in it");
}

#[test]
fn backup_and_restore_through_the_binary_give_back_the_same_register() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = Store::open(&store_path).unwrap();
        for i in 0..40 {
            store.register(&participant(&format!("F-{i}")), Local::now().date_naive()).unwrap();
        }
    }
    let target = dir.path().join("b1");
    let out = daftar_admin(&store_path, &["backup", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Backup written and verified"), "{}", stdout(&out));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(target.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], 1);
    assert_eq!(manifest["kind"], "daftar-backup");
    assert!(manifest["data_sha256"].as_str().unwrap().len() == 64);
    // Readable by its owner only: it holds the whole register.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o700);
        assert_eq!(mode(&target.join("data")), 0o600);
        assert_eq!(mode(&target.join("manifest.json")), 0o600);
    }
    // The records are copied as stored, sealed: the backup holds no name in the clear (the
    // restore below gives them back whole).
    let data = std::fs::read(target.join("data")).unwrap();
    let stored = crate::support::open_as_admin(&store_path).participants().unwrap();
    let name = stored[0].name_latin.as_bytes();
    assert!(!name.is_empty() && !data.windows(name.len()).any(|w| w == name), "a name in the clear in the backup");

    let restored = dir.path().join("restored");
    let out = daftar_as(&restored, ADMIN, ADMIN_PASSWORD, &["restore", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let export = |p: &Path| stdout(&daftar_admin(p, &["export"]));
    assert_eq!(export(&restored), export(&store_path));
    assert_eq!(export(&restored).lines().count(), 40);
    // Never inside the store itself.
    let inside = store_path.join("b");
    let out = daftar_admin(&store_path, &["backup", inside.to_str().unwrap()]);
    assert!(stderr(&out).contains("is inside the store"), "{}", stderr(&out));
    assert!(!inside.exists());
    // A backup is never written over something.
    let out = daftar_admin(&store_path, &["backup", target.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already exists and is not empty"), "{}", stderr(&out));
}

#[test]
fn a_backup_of_a_store_in_use_is_taken_by_the_process_that_holds_it_while_it_writes() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    let store = Arc::new(Store::open(&store_path).unwrap());
    for i in 0..200 {
        store.register(&participant(&format!("F-{i}")), Local::now().date_naive()).unwrap();
    }
    // This process plays the interface: it holds the store, serves backups and keeps writing.
    let stop = Arc::new(AtomicBool::new(false));
    let server = {
        let (source, path, stop) = (store.backup_source(), store_path.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            backup::serve(&move || backup::Offer::Ready(source.clone()), &path, &stop, &|_, _| {})
        })
    };
    let committed: Arc<Mutex<Vec<Id>>> = Arc::new(Mutex::new(Vec::new()));
    let writer = {
        let (store, committed, stop) = (Arc::clone(&store), Arc::clone(&committed), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let p = participant(&format!("W-{n}"));
                store.register(&p, Local::now().date_naive()).unwrap();
                committed.lock().unwrap().push(p.id);
                n += 1;
            }
        })
    };
    while committed.lock().unwrap().len() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before: Vec<Id> = committed.lock().unwrap().clone();
    let target = dir.path().join("b");
    let out = daftar_admin(&store_path, &["backup", target.to_str().unwrap()]);
    let after = committed.lock().unwrap().len();
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    server.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Backup written and verified"), "{}", stdout(&out));
    assert!(after > before.len(), "the holder kept writing while the command ran");
    assert!(!backup::requests_dir(&store_path).exists(), "no request is left");
    drop(store);

    let restored = dir.path().join("restored");
    backup::restore(&target, &restored, &mut |_, _| {}).unwrap();
    let copy = Store::open_existing(&restored).unwrap();
    let ids: std::collections::HashSet<Id> = copy.participants().unwrap().into_iter().map(|p| p.id).collect();
    for id in &before {
        assert!(ids.contains(id), "participant {id} was committed before the backup began");
    }
    assert_eq!(copy.summaries().unwrap().len(), ids.len(), "no write is half in it");
}

#[test]
fn a_store_held_by_a_process_that_does_not_answer_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    let held = Store::open(&store_path).unwrap();
    let target = dir.path().join("b");
    let out = daftar_admin(&store_path, &["backup", target.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("did not take the backup request"), "{}", stderr(&out));
    assert!(stderr(&out).contains("store.backups"), "{}", stderr(&out));
    assert!(!target.exists());
    assert!(!backup::requests_dir(&store_path).exists(), "the request was withdrawn");
    drop(held);
}

#[test]
fn the_interface_serves_a_backup_while_open_and_makes_its_own_at_quit() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = Store::open(&store_path).unwrap();
        store.register(&participant("F-7"), Local::now().date_naive()).unwrap();
    }
    let mut s = crate::pty::Session::start(&store_path, "en");
    s.wait_for("Said Alaoui");
    let target = dir.path().join("while-open");
    let out = daftar_admin(&store_path, &["backup", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));
    let copy = dir.path().join("copy");
    backup::restore(&target, &copy, &mut |_, _| {}).unwrap();
    assert_eq!(crate::support::open_as_admin(&copy).participants().unwrap()[0].file_number, "F-7");
    let made: Vec<_> =
        std::fs::read_dir(dir.path().join("store.backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(made.len(), 1, "{made:?}");
    backup::verify(&made[0]).unwrap();
    let mark = Store::open_existing(&store_path).unwrap().last_backup().unwrap().unwrap();
    assert_eq!(mark.path, made[0].display().to_string());
}

#[test]
fn restore_refuses_a_non_empty_place_and_an_existing_store_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    create_store(&store_path);
    let target = dir.path().join("b");
    assert!(daftar_admin(&store_path, &["backup", target.to_str().unwrap()]).status.success());

    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "keep me").unwrap();
    let before = snapshot(dir.path());
    for place in [&busy, &store_path] {
        let out = daftar_as(place, ADMIN, ADMIN_PASSWORD, &["--lang", "fr", "restore", target.to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("existe déjà et n'est pas vide"), "{}", stderr(&out));
    }
    assert_eq!(snapshot(dir.path()), before, "nothing was written anywhere");
    // An empty directory is an empty place.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = daftar_as(&empty, ADMIN, ADMIN_PASSWORD, &["restore", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    Store::open_existing(&empty).unwrap();
}

#[test]
fn a_damaged_backup_is_refused_by_its_checksums_and_nothing_is_restored() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = Store::open(&store_path).unwrap();
        for i in 0..20 {
            store.register(&participant(&format!("F-{i}")), Local::now().date_naive()).unwrap();
        }
    }
    let target = dir.path().join("b");
    assert!(daftar_admin(&store_path, &["backup", target.to_str().unwrap()]).status.success());
    let data_path = target.join("data");
    let good = std::fs::read(&data_path).unwrap();
    let mut offsets = vec![good.len() / 2, good.len() - 20, 40];
    offsets.dedup();
    for at in offsets {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        std::fs::write(&data_path, &bad).unwrap();
        let before = snapshot(dir.path());
        let restored = dir.path().join("restored");
        let out = daftar_as(&restored, ADMIN, ADMIN_PASSWORD, &["--lang", "ar", "restore", target.to_str().unwrap()]);
        assert!(!out.status.success(), "a flip at {at} is refused");
        assert!(stderr(&out).contains("تالفة"), "{}", stderr(&out));
        assert!(!restored.exists());
        assert_eq!(snapshot(dir.path()), before, "nothing was written for the flip at {at}");
    }
    // A cut file too.
    std::fs::write(&data_path, &good[..good.len() - 7]).unwrap();
    let out = daftar_as(&dir.path().join("restored"), ADMIN, ADMIN_PASSWORD, &["restore", target.to_str().unwrap()]);
    assert!(stderr(&out).contains("is damaged"), "{}", stderr(&out));
    std::fs::write(&data_path, &good).unwrap();
    assert!(
        daftar_as(&dir.path().join("restored"), ADMIN, ADMIN_PASSWORD, &["restore", target.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn automatic_backups_are_one_a_day_and_the_last_seven_are_kept() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    store.register(&participant("F-1"), Local::now().date_naive()).unwrap();
    let backups = backup::default_dir(store.path());
    assert_eq!(backups, dir.path().join("store.backups"));
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(backups.join("README.txt"), "not a backup").unwrap();
    let day = |d: u32, h: u32| Local.with_ymd_and_hms(2026, 11, d, h, 30, 0).unwrap();
    for d in 1..=10 {
        let made = backup::automatic(&store, &backups, day(d, 9), &mut |_, _| {}).unwrap();
        assert!(matches!(made, Automatic::Made(_)), "day {d}: {made:?}");
        let again = backup::automatic(&store, &backups, day(d, 17), &mut |_, _| {}).unwrap();
        assert!(matches!(again, Automatic::AlreadyToday(_)), "day {d}, second quit: {again:?}");
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let expected: Vec<String> =
        (4..=10).map(|d| format!("2026-11-{d:02}-093000")).chain(["README.txt".into()]).collect();
    assert_eq!(names, expected);
    for name in &names[..7] {
        backup::verify(&backups.join(name)).unwrap();
    }
    let mark = store.last_backup().unwrap().unwrap();
    assert_eq!(mark.at, day(10, 9).with_timezone(&chrono::Utc));
    assert_eq!(mark.path, backups.join("2026-11-10-093000").display().to_string());
}

#[test]
fn a_failed_automatic_backup_is_reported_at_the_next_start_and_loses_nothing() {
    let dir = TempDir::new().unwrap();
    // The backup directory's place is taken by a file: the backup cannot be made.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "a file").unwrap();
    let when = Local.with_ymd_and_hms(2026, 11, 28, 18, 0, 0).unwrap();
    let mut h = Harness::prepared(Lang::En, Some("Samira"), 80, 24, None, |store| {
        store.register(&participant("F-1"), Local::now().date_naive()).unwrap();
        assert!(backup::automatic(store, &blocked, when, &mut |_, _| {}).is_err());
        assert!(store.backup_failure().unwrap().is_some());
    });
    assert_eq!(std::fs::read(&blocked).unwrap(), b"a file");
    assert_eq!(h.store().participants().unwrap().len(), 1);
    let screen = h.screen();
    assert_shows(&screen, "Automatic backup of 2026-11-28 18:00 failed; no data lost");
    assert_shows(&screen, "2026-11-28 18:00");
    // The next one that works clears it.
    let good = dir.path().join("good");
    backup::automatic(h.store(), &good, when, &mut |_, _| {}).unwrap();
    assert!(h.store().backup_failure().unwrap().is_none());
}

#[test]
fn the_help_shows_when_the_last_backup_was_made_and_where() {
    let at = Local.with_ymd_and_hms(2026, 11, 28, 18, 5, 0).unwrap();
    let mark = BackupMark { at: at.with_timezone(&chrono::Utc), path: "/srv/b/2026-11-28-180500".into() };
    for (lang, words) in [(Lang::En, "Last backup"), (Lang::Ar, "آخر نسخة احتياطية")] {
        let mut h = Harness::prepared(lang, Some("Samira"), 80, 24, None, |store| {
            store.record_backup(Ok(&mark)).unwrap();
        });
        h.press(KeyCode::F(1));
        let screen = h.screen();
        assert_shows(&screen, &crate::support::shown(words));
        assert_shows(&screen, "2026-11-28 18:05");
        assert_shows(&screen, "/srv/b/2026-11-28-180500");
    }
    let mut h = Harness::new();
    h.press(KeyCode::F(1));
    let screen = h.screen();
    assert_shows(&screen, "No backup yet");
    assert_shows(&screen, "store.backups");
}

#[test]
fn a_signal_ends_the_interface_without_waiting_for_a_backup() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = Store::open(&store_path).unwrap();
        store.register(&participant("F-8"), Local::now().date_naive()).unwrap();
    }
    let mut s = crate::pty::Session::start(&store_path, "en");
    s.wait_for("Said Alaoui");
    s.signal("TERM");
    assert_eq!(s.wait_exit(), Some(0));
    // Not waited for, nor begun: nothing of a backup beside the store, whole or partial.
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["store"], "no backup is made on the way out of a signal");
    assert!(Store::open_existing(&store_path).unwrap().last_backup().unwrap().is_none());
}
