//! Session 16, issue 11 item 5: `daftar export --with-history` carries every record as stored,
//! the accounts and the audit trail; `daftar import history` restores them into a new store
//! with the chain intact (it verifies back to the source's head, entry for entry), and refuses
//! a store that is not empty, a cut file and a tampered entry, writing nothing.

use std::path::{Path, PathBuf};

use daftar::store::Store;
use daftar::store::audit::{AuditEntry, AuditHead};
use tempfile::TempDir;

use crate::support::*;

/// A closed store at `dir/src` with its administrator, two participants (one registered by
/// the administrator, through the store's actor) and a record opened: entries of several kinds.
fn source(dir: &Path) -> PathBuf {
    let path = dir.join("src");
    let store = Store::open(&path).unwrap();
    give_account(&store, daftar::auth::Role::Administrator);
    let mut rng = daftar::synth::Rng::new(11);
    let mut first = daftar::synth::participant(&mut rng, 0, today());
    first.name_ar = "سعيد العلمي".into();
    store.register(&first, today()).unwrap();
    store.register(&daftar::synth::participant(&mut rng, 1, today()), today()).unwrap();
    store.record_opened(&first.id).unwrap();
    drop(store);
    path
}

fn entries(store: &Store) -> Vec<AuditEntry> {
    store.audit_entries().map(Result::unwrap).collect()
}

/// The history export of `src`, written by the binary, and its header's head.
fn export(src: &Path, file: &Path) -> AuditHead {
    let out = daftar_admin(src, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(file).unwrap();
    let header: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(header["daftar_history"], 1);
    header["source_head"].as_str().unwrap().parse().unwrap()
}

fn import(target: &Path, file: &Path) -> std::process::Output {
    daftar_as(target, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()])
}

#[test]
fn an_export_with_history_imports_into_a_new_store_with_the_chain_intact() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let file = dir.path().join("history.jsonl");
    let head = export(&src, &file);
    let dst = dir.path().join("dst");
    let out = import(&dst, &file);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("verifies back to the source's head"));
    // Read logged in (the entries are sealed): the login is an entry after the export's head.
    let source = crate::support::open_as_admin(&src);
    // The head is the source's as it was written (the export itself is noted after it, in the
    // source only): read before any login, which is an entry of its own.
    assert_eq!(Store::open_existing(&dst).unwrap().audit_head().unwrap(), Some(head));
    // The chain verifies back to it on the target (read with a login, whose entry follows it).
    let target = crate::support::open_as_admin(&dst);
    let verified = target.verify_audit(Some(&head)).unwrap().unwrap();
    assert_eq!(verified.head.map(|h| h.seq), Some(head.seq + 1), "the source's head, then the login");
    // Entry for entry, the source's log up to that head.
    let from: Vec<AuditEntry> = entries(&source).into_iter().take(head.seq as usize + 1).collect();
    let to: Vec<AuditEntry> = entries(&target).into_iter().take(head.seq as usize + 1).collect();
    assert_eq!(to, from);
    // The accounts and the records, as they were (but for the last login, which each store's
    // login just set).
    let accounts = |s: &Store| -> Vec<_> {
        s.accounts().unwrap().into_iter().map(|a| (a.id, a.username, a.full_name, a.role, a.created)).collect()
    };
    assert_eq!(accounts(&target), accounts(&source));
    let names = |s: &Store| {
        let mut all: Vec<(String, String)> =
            s.participants().unwrap().into_iter().map(|p| (p.id.to_string(), p.name_ar)).collect();
        all.sort();
        all
    };
    assert_eq!(names(&target), names(&source));
    assert!(names(&target).iter().any(|(_, n)| n == "سعيد العلمي"));
    drop((source, target));
    // The binary agrees: the target verifies back to the source's head.
    let out = daftar_admin(&dst, &["audit", "verify", "--head", &head.to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_history_export_is_refused_by_a_store_that_is_not_empty_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let file = dir.path().join("history.jsonl");
    export(&src, &file);
    let other = dir.path().join("other");
    create_store(&other);
    give_admin(&other);
    // How many entries, from the plain head (the entries are sealed: no login needed for this).
    let before = Store::open_existing(&other).unwrap().audit_head().unwrap().map_or(0, |h| h.seq as usize + 1);
    let out = import(&other, &file);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not empty") && err.contains("new store"), "{err}");
    // Nor through the participants' import.
    let out = daftar_admin(&other, &["import", "participants", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a history export"), "{err}");
    let store = crate::support::open_as_admin(&other);
    assert!(store.participants().unwrap().is_empty());
    let after: Vec<AuditEntry> = entries(&store);
    // The refused commands' own entries, if any, and this test's own login.
    assert!(after.len() <= before + 3, "only the refused commands' own entries, if any");
    assert!(after.iter().all(|e| e.action() != Some(daftar::store::audit::AuditAction::Imported)));
}

#[test]
fn a_cut_or_tampered_history_export_is_refused_and_leaves_nothing() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let file = dir.path().join("history.jsonl");
    export(&src, &file);
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Cut: its last line gone.
    let cut = dir.path().join("cut.jsonl");
    std::fs::write(&cut, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let dst = dir.path().join("dst");
    let out = import(&dst, &cut);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("incomplete or edited"));
    assert!(!dst.exists());
    // Tampered: one byte of an audit entry's canonical bytes changed.
    let at = lines.iter().position(|l| l.contains(r#""tree":"audit""#)).unwrap() + 2;
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let line = &mut edited[at];
    let hex_at = line.find(r#""value_hex":""#).unwrap() + r#""value_hex":""#.len() + 6;
    let flipped = if &line[hex_at..hex_at + 1] == "0" { "1" } else { "0" };
    line.replace_range(hex_at..hex_at + 1, flipped);
    let tampered = dir.path().join("tampered.jsonl");
    std::fs::write(&tampered, edited.join("\n") + "\n").unwrap();
    let out = import(&dst, &tampered);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not verify"), "{err}");
    assert!(!dst.exists());
    // A file that is no history export at all.
    let plain = dir.path().join("plain.jsonl");
    let out = daftar_admin(&src, &["export", "--out", plain.to_str().unwrap()]);
    assert!(out.status.success());
    let out = import(&dst, &plain);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a history export"));
    assert!(!dst.exists());
    // Nothing of the failed imports is left beside the target.
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["cut.jsonl", "history.jsonl", "plain.jsonl", "src", "tampered.jsonl"]);
}
