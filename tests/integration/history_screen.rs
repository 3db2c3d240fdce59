//! Issue 11, Build 3 (session 17, history11): the history of a participant. The audit log's
//! index by record (every entry naming a participant, read without scanning the log), kept in
//! the entry's own transaction, built once for a store from before it, checked by
//! `daftar audit verify`, carried by the history export; and the history screen over it.

use std::path::{Path, PathBuf};

use daftar::store::Store;
use daftar::store::audit::{AuditAction, AuditEntry};
use tempfile::TempDir;

use crate::support::*;

/// A closed store with its administrator and three participants, the first one's record
/// opened twice; returns its path and the first participant's id.
fn store_with_three(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("store");
    create_store(&path);
    give_admin(&path);
    let store = Store::open_existing(&path).unwrap();
    let mut ids = Vec::new();
    let mut rng = daftar::synth::Rng::new(11);
    for i in 0..3 {
        let p = daftar::synth::participant(&mut rng, i, today());
        store.register(&p, today()).unwrap();
        ids.push(p.id);
    }
    store.record_opened(&ids[0]).unwrap();
    store.record_opened(&ids[1]).unwrap();
    store.record_opened(&ids[0]).unwrap();
    (path, ids[0].to_string())
}

fn actions(entries: &[AuditEntry]) -> Vec<Option<AuditAction>> {
    entries.iter().map(AuditEntry::action).collect()
}

/// The entries of the whole log that name `record`, newest first: what the index must give.
fn by_scanning(store: &Store, record: &str) -> Vec<AuditEntry> {
    let mut all: Vec<AuditEntry> =
        store.audit_entries().map(Result::unwrap).filter(|e| e.records.iter().any(|r| r == record)).collect();
    all.reverse();
    all
}

fn index_row(record: &str, seq: u64) -> Vec<u8> {
    let mut key = b"audit-by/".to_vec();
    key.extend_from_slice(&(record.len() as u16).to_be_bytes());
    key.extend_from_slice(record.as_bytes());
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn tamper_meta(path: &Path, change: impl FnOnce(&sled::Tree)) {
    let db = sled::open(path).unwrap();
    change(&db.open_tree("meta").unwrap());
    db.flush().unwrap();
}

fn verify(path: &Path) -> (Option<i32>, String) {
    let out = daftar_admin(path, &["audit", "verify"]);
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_index_gives_a_participants_entries_newest_first_a_page_at_a_time() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let store = Store::open_existing(&path).unwrap();
    let page = store.record_history(&first, None, 100).unwrap();
    assert_eq!(
        actions(&page.entries),
        vec![
            Some(AuditAction::RecordOpened),
            Some(AuditAction::RecordOpened),
            Some(AuditAction::ParticipantRegistered)
        ]
    );
    assert_eq!(page.entries, by_scanning(&store, &first));
    assert_eq!(page.more_before, None);
    // Two at a time: the next page starts before the last entry of the one before.
    let one = store.record_history(&first, None, 2).unwrap();
    assert_eq!(one.entries.len(), 2);
    let before = one.more_before.expect("more remain");
    let two = store.record_history(&first, Some(before), 2).unwrap();
    assert_eq!([one.entries, two.entries].concat(), page.entries);
    assert_eq!(two.more_before, None);
}

#[test]
fn verify_reports_a_deleted_index_row_and_a_row_too_many_naming_the_entry() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let (code, out) = verify(&path);
    assert_eq!(code, Some(0), "{out}");
    let registered = {
        let store = Store::open_existing(&path).unwrap();
        store.record_history(&first, None, 100).unwrap().entries.last().unwrap().seq
    };
    tamper_meta(&path, |meta| {
        assert!(meta.remove(index_row(&first, registered)).unwrap().is_some(), "the row was there");
    });
    let (code, out) = verify(&path);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!("entry {registered}: names the record {first}, but the index by record has no row")),
        "{out}"
    );
    // Put back, then a row that no entry calls for: the first entry (the trail's start) names
    // no participant.
    tamper_meta(&path, |meta| {
        meta.insert(index_row(&first, registered), &[][..]).unwrap();
        meta.insert(index_row(&first, 0), &[][..]).unwrap();
    });
    let (code, out) = verify(&path);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("entry 0: the index by record has a row for {first}")), "{out}");
}

#[test]
fn a_store_from_before_the_index_gets_it_built_at_open_and_verifies() {
    let dir = TempDir::new().unwrap();
    let (path, first) = store_with_three(dir.path());
    let expected = by_scanning(&Store::open_existing(&path).unwrap(), &first);
    // As a store written before the index: no row, no marker.
    tamper_meta(&path, |meta| {
        let rows: Vec<_> = meta.scan_prefix(b"audit-by/").keys().map(Result::unwrap).collect();
        assert!(rows.len() >= 6, "{}", rows.len());
        for row in rows {
            meta.remove(row).unwrap();
        }
        meta.remove(b"audit-indexed").unwrap();
    });
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(store.record_history(&first, None, 100).unwrap().entries, expected);
    drop(store);
    let (code, out) = verify(&path);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn the_index_agrees_with_the_log_after_a_history_export_and_import() {
    let dir = TempDir::new().unwrap();
    let (src, first) = store_with_three(dir.path());
    let file = dir.path().join("history.jsonl");
    let out = daftar_admin(&src, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dst = dir.path().join("dst");
    let out = daftar_as(&dst, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let source = Store::open_existing(&src).unwrap().record_history(&first, None, 100).unwrap();
    let target = Store::open_existing(&dst).unwrap();
    assert_eq!(target.record_history(&first, None, 100).unwrap().entries, source.entries);
    assert_eq!(source.entries, by_scanning(&target, &first));
    drop(target);
    let (code, out) = verify(&dst);
    assert_eq!(code, Some(0), "{out}");
}
