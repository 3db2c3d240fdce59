//! Clear errors, and nothing written, for a store in use, a directory that is not a store and a
//! damaged store; through the library and through the real binary (one line, exit code 1).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use daftar::error::Error;
use daftar::store::Store;
use tempfile::TempDir;

use crate::support::{create_store, daftar_admin};

/// Every file under `dir` with its bytes, to prove a refused open wrote nothing.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for (k, v) in snapshot(&path) {
                out.insert(format!("{}/{k}", path.file_name().unwrap().to_string_lossy()), v);
            }
        } else {
            out.insert(path.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&path).unwrap());
        }
    }
    out
}

#[track_caller]
fn assert_one_line_error(output: &std::process::Output, needles: &[&str]) {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line expected: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    }
}

#[test]
fn a_store_held_by_another_process_is_refused_by_name() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    let held = Store::open(&path).unwrap();
    let err = Store::open(&path).err().expect("second open refused");
    assert!(matches!(err, Error::StoreInUse(_)), "{err}");
    let output = daftar_admin(&path, &["export"]);
    assert_one_line_error(&output, &[&path.display().to_string(), "in use"]);
    let output = daftar_admin(&path, &["--lang", "fr", "export"]);
    assert_one_line_error(&output, &[&path.display().to_string(), "utilisée par un autre processus daftar"]);
    drop(held);
    assert!(Store::open(&path).is_ok(), "free again once closed");
}

#[test]
fn a_directory_that_is_not_a_store_is_left_alone() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("notes.txt"), "not a store").unwrap();
    let before = snapshot(dir.path());
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, Error::NotAStore { .. }), "{err}");
    let output = daftar_admin(dir.path(), &["export"]);
    assert_one_line_error(&output, &[&dir.path().display().to_string(), "not a daftar store"]);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_file_is_not_a_store() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("store");
    fs::write(&file, "x").unwrap();
    let output = daftar_admin(&file, &["export"]);
    assert_one_line_error(&output, &["not a daftar store", "file"]);
    assert_eq!(fs::read(&file).unwrap(), b"x");
}

#[test]
fn a_damaged_store_is_reported_and_not_written() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    {
        drop(Store::open(&path).unwrap());
    }
    let db = path.join("db");
    let len = fs::metadata(&db).unwrap().len() as usize;
    fs::write(&db, vec![0xA5; len.max(4096)]).unwrap();
    let before = snapshot(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, Error::Damaged { offset: 0, .. }), "{err}");
    let output = daftar_admin(&path, &["export"]);
    assert_one_line_error(&output, &[&path.display().to_string(), "damaged"]);
    assert_eq!(snapshot(&path), before);
}

#[test]
fn a_store_with_a_garbled_conf_is_reported() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    drop(Store::open(&path).unwrap());
    fs::write(path.join("conf"), b"\x00\x01garbage").unwrap();
    let before = snapshot(&path);
    let output = daftar_admin(&path, &["export"]);
    assert_one_line_error(&output, &["damaged"]);
    assert_eq!(snapshot(&path), before);
}

#[test]
fn export_to_a_file_is_complete_or_absent() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    drop(Store::open(&path).unwrap());
    let out = dir.path().join("all.jsonl");
    let output = daftar_admin(&path, &["export", "--format", "jsonl", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "");
    let missing = dir.path().join("no/such/dir/all.jsonl");
    let output = daftar_admin(&path, &["export", "--out", missing.to_str().unwrap()]);
    assert_one_line_error(&output, &["no/such/dir"]);
    assert!(!missing.exists());
    let output = daftar_admin(&path, &["export", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(2), "clap refuses an unknown format");
}

#[test]
fn daftar_store_in_the_environment_chooses_the_store() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("elsewhere");
    // Only the interface creates a store; a command reads the one DAFTAR_STORE points to.
    create_store(&path);
    crate::support::give_admin(&path);
    let output = crate::support::output_as_admin(
        Command::new(env!("CARGO_BIN_EXE_daftar")).env("DAFTAR_STORE", &path).arg("export"),
    );
    assert!(output.status.success(), "{output:?}");
    let missing = dir.path().join("nowhere");
    let output =
        Command::new(env!("CARGO_BIN_EXE_daftar")).env("DAFTAR_STORE", &missing).arg("export").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere"), "{output:?}");
}
