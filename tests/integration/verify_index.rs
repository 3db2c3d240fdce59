//! Session 18 (bench11): `audit verify`'s cheaper check of the index by record. The index is
//! read on its own thread and its rows compared with the log's by a digest of their key bytes;
//! these tests hold that it still finds what the digest alone must find (a row moved, so that
//! the count of rows is right), a row whose id is not text, and a missing row deep in a long
//! log, and that a broken chain is reported as such whatever the index holds.

use std::path::{Path, PathBuf};

use daftar::store::Store;
use daftar::store::audit::{AuditAction, AuditEvent, Break, Broken};
use tempfile::TempDir;

use crate::support::*;

/// A closed store with two participants registered and the first one's record opened; returns
/// its path, the first participant's id and the sequence number of its registration.
fn store_with_two(dir: &Path) -> (PathBuf, String, u64) {
    let path = dir.join("store");
    create_store(&path);
    let store = Store::open_existing(&path).unwrap();
    let mut rng = daftar::synth::Rng::new(5);
    let mut ids = Vec::new();
    for i in 0..2 {
        let p = daftar::synth::participant(&mut rng, i, today());
        store.register(&p, today()).unwrap();
        ids.push(p.id);
    }
    store.record_opened(&ids[0]).unwrap();
    let first = ids[0].to_string();
    let registered = store.record_history(&first, None, 100).unwrap().entries.last().unwrap().seq;
    (path, first, registered)
}

fn index_row(record: &[u8], seq: u64) -> Vec<u8> {
    let mut key = b"audit-by/".to_vec();
    key.extend_from_slice(&(record.len() as u16).to_be_bytes());
    key.extend_from_slice(record);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn with_raw_db(path: &Path, change: impl FnOnce(&sled::Db)) {
    let db = crate::support::raw_sled(path);
    change(&db);
    db.flush().unwrap();
}

fn verify(path: &Path) -> Result<u64, Broken> {
    let store = Store::open_existing(path).unwrap();
    let head = store.audit_head().unwrap();
    store.verify_audit(head.as_ref()).unwrap().map(|v| v.count)
}

#[test]
fn a_row_moved_to_an_entry_that_does_not_name_it_is_found_missing_where_it_was() {
    let dir = TempDir::new().unwrap();
    let (path, first, registered) = store_with_two(dir.path());
    assert!(verify(&path).is_ok());
    // As many rows as before: only what they are tells them apart.
    with_raw_db(&path, |db| {
        let meta = db.open_tree("meta").unwrap();
        assert!(meta.remove(index_row(first.as_bytes(), registered)).unwrap().is_some());
        meta.insert(index_row(first.as_bytes(), 0), &[][..]).unwrap();
    });
    assert_eq!(verify(&path), Err(Broken { seq: registered, what: Break::IndexMissing { record: first.clone() } }));
    // Put back where it was, the row at entry 0 (the trail's start names no one) is too many.
    with_raw_db(&path, |db| {
        db.open_tree("meta").unwrap().insert(index_row(first.as_bytes(), registered), &[][..]).unwrap();
    });
    assert_eq!(verify(&path), Err(Broken { seq: 0, what: Break::IndexExtra { record: first } }));
}

#[test]
fn a_row_whose_id_is_not_text_is_named_as_a_row_too_many() {
    let dir = TempDir::new().unwrap();
    let (path, _, _) = store_with_two(dir.path());
    let row = index_row(&[0xff, 0xfe], 1);
    with_raw_db(&path, |db| {
        db.open_tree("meta").unwrap().insert(&row, &[][..]).unwrap();
    });
    let hex: String = row.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(verify(&path), Err(Broken { seq: 0, what: Break::IndexExtra { record: hex } }));
}

#[test]
fn a_broken_chain_is_reported_as_such_whatever_the_index_holds() {
    let dir = TempDir::new().unwrap();
    let (path, first, registered) = store_with_two(dir.path());
    with_raw_db(&path, |db| {
        db.open_tree("meta").unwrap().remove(index_row(first.as_bytes(), registered)).unwrap();
        let audit = db.open_tree("audit").unwrap();
        let mut value = audit.get(registered.to_be_bytes()).unwrap().unwrap().to_vec();
        let last = value.len() - 40;
        value[last] ^= 1;
        audit.insert(registered.to_be_bytes(), value).unwrap();
    });
    assert_eq!(verify(&path), Err(Broken { seq: registered, what: Break::MacMismatch }));
}

#[test]
fn in_a_long_log_one_row_missing_deep_inside_is_named() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    {
        let store = Store::open_existing(&path).unwrap();
        // Two records an entry, the first one named twice (one row for it).
        daftar::store::audit::write_synthetic_log(&store, 20_000, |seq| {
            AuditEvent::new(AuditAction::RecordOpened)
                .record(format!("p{}", seq % 997))
                .record(format!("i{seq}"))
                .record(format!("p{}", seq % 997))
        })
        .unwrap();
    }
    let count = verify(&path).unwrap();
    assert!(count > 20_000, "{count}");
    let seq = 13_579;
    let record = format!("p{}", seq % 997);
    with_raw_db(&path, |db| {
        let meta = db.open_tree("meta").unwrap();
        let rows = meta.scan_prefix(b"audit-by/").count();
        assert!(rows >= 40_000, "{rows}");
        assert!(meta.contains_key(index_row(record.as_bytes(), seq)).unwrap(), "the entry {seq} has its row");
        meta.remove(index_row(record.as_bytes(), seq)).unwrap();
    });
    assert_eq!(verify(&path), Err(Broken { seq, what: Break::IndexMissing { record } }));
}
