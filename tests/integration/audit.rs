//! Issue 11, item 4: the audit trail. Each audited action, through the keys or the binary,
//! leaves its entry (account, action, records, before/after); a refused change leaves none;
//! `daftar audit verify` detects an entry flipped, deleted, swapped, forged or cut (with an
//! anchored head) on the real store file, and names it; a clean store and a store from before
//! the audit trail verify.

use daftar::auth::Role;
use daftar::store::Store;
use daftar::store::audit::{AuditAction, AuditEntry, AuditHead, Break};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// The trail as stored. Its entries are sealed: while the app's session is locked or logged
/// out, they are read with the administrator's key, and the store is left locked as it was.
fn entries(store: &Store) -> Vec<AuditEntry> {
    crate::support::with_admin_key(store, |store| store.audit_entries().map(|e| e.unwrap()).collect())
}

fn of(store: &Store, action: AuditAction) -> Vec<AuditEntry> {
    entries(store).into_iter().filter(|e| e.action() == Some(action)).collect()
}

fn after(entry: &AuditEntry, field: &str) -> Option<String> {
    entry.changes.iter().find(|c| c.field == field).and_then(|c| c.after.clone())
}

fn before(entry: &AuditEntry, field: &str) -> Option<String> {
    entry.changes.iter().find(|c| c.field == field).and_then(|c| c.before.clone())
}

fn verified(store: &Store) -> u64 {
    crate::support::with_admin_key(store, |store| {
        store.verify_audit(None).unwrap().unwrap_or_else(|b| panic!("broken: {b:?}")).count
    })
}

#[test]
fn registering_finalizing_a_stage_change_a_record_opened_and_locks_through_the_keys_are_each_in_the_trail() {
    let mut h = Harness::logged_in(Role::Supervisor);
    let me = h.app.state.session.as_ref().unwrap().account.clone();
    assert_eq!(of(h.store(), AuditAction::LoggedIn).last().unwrap().account.as_ref(), Some(&me));
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    assert_shows(&h.screen(), "Participant registered.");
    let p = h.store().participants().unwrap().remove(0);
    let registered = of(h.store(), AuditAction::ParticipantRegistered);
    assert_eq!(registered.len(), 1);
    let r = &registered[0];
    assert_eq!((r.account.as_ref(), r.records.clone()), (Some(&me), vec![p.id.to_string()]));
    assert_eq!(after(r, "name_ar").as_deref(), Some("أحمد بن علي"));
    assert_eq!(after(r, "name_latin").as_deref(), Some("Ahmed Ben Ali"));
    assert_eq!(after(r, "date_of_birth").as_deref(), Some("1990-03-07"));
    assert_eq!(after(r, "file_number").as_deref(), Some("F-2024/0153"));
    // The record opened on screen after the registration: who read what.
    let opened = of(h.store(), AuditAction::RecordOpened);
    assert_eq!(
        opened.last().map(|e| (e.account.clone(), e.records.clone())),
        Some((Some(me.clone()), vec![p.id.to_string()]))
    );
    // Draft answers are not audited one by one; finalizing is, with the answers.
    answer_every_intake_section(&mut h);
    assert!(of(h.store(), AuditAction::InterviewFinalized).is_empty());
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
    let interview = h.store().all_interviews().unwrap().remove(0);
    let finalized = of(h.store(), AuditAction::InterviewFinalized);
    assert_eq!(finalized.len(), 1);
    let f = &finalized[0];
    assert_eq!(f.account.as_ref(), Some(&me));
    assert_eq!(f.records, vec![p.id.to_string(), interview.id.to_string()]);
    assert_eq!(after(f, "form"), Some(format!("{}@{}", interview.form_id, interview.form_version)));
    assert!(after(f, "nationality").unwrap().contains("Marocaine"), "{f:?}");
    // A change of stage, with its reason.
    h.type_text("t").type_text("2").tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("15/09/2024").tab().type_text("Admis après la commission").ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
    let staged = of(h.store(), AuditAction::StageChanged);
    assert_eq!(staged.len(), 1);
    let s = &staged[0];
    let event = h.store().stages_of(&p.id).unwrap().remove(0);
    assert_eq!((s.account.as_ref(), s.records.clone()), (Some(&me), vec![p.id.to_string(), event.id.to_string()]));
    assert_eq!((before(s, "stage").as_deref(), after(s, "stage").as_deref()), (Some("intake"), Some("in_programme")));
    assert_eq!(after(s, "date").as_deref(), Some("2024-09-15"));
    assert_eq!(s.reason.as_deref(), Some("Admis après la commission"));
    // Locked by its key, then (after the password) by the idle time.
    h.ctrl('l');
    let locks = of(h.store(), AuditAction::IdleLocked);
    assert_eq!(locks.len(), 1);
    assert_eq!((locks[0].account.as_ref(), after(&locks[0], "by_key").as_deref()), (Some(&me), Some("true")));
    h.type_text(ADMIN_PASSWORD).enter();
    assert!(h.app.state.lock.is_none());
    let t0 = chrono::Utc::now();
    h.tick(t0).press(KeyCode::Left).tick(t0 + chrono::Duration::minutes(11));
    assert!(h.app.state.lock.is_some());
    let locks = of(h.store(), AuditAction::IdleLocked);
    assert_eq!(after(locks.last().unwrap(), "idle_minutes").as_deref(), Some("10"));
    // Every entry numbered from 0 without a gap, and the chain verifies.
    // (Read and verified under one key: the administrator's login that reads is not counted twice.)
    let (all, count) = crate::support::with_admin_key(h.store(), |store| (entries(store), verified(store)));
    assert!(all.iter().enumerate().all(|(i, e)| e.seq == i as u64));
    assert_eq!(all[0].action(), Some(AuditAction::TrailStarted));
    assert_eq!(count, all.len() as u64);
}

#[test]
fn a_refused_registration_and_a_refused_stage_change_write_no_entry() {
    let mut h = Harness::logged_in(Role::Supervisor);
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    assert_shows(&h.screen(), "Participant registered.");
    let p = h.store().participants().unwrap().remove(0);
    let count = h.store().audit_len().unwrap() as usize;
    // The same file number again: refused, and nothing in the trail.
    let mut twin = p.clone();
    twin.id = daftar::store::Id::new_random();
    assert!(h.store().register(&twin, today()).is_err());
    assert_eq!(h.store().audit_len().unwrap() as usize, count);
    // A stage change the rules refuse (in the future).
    let mut event = daftar::store::StageEvent {
        format: daftar::store::RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        participant_id: p.id.clone(),
        from: daftar::store::Stage::Intake,
        stage: daftar::store::Stage::InProgramme,
        date: today() + chrono::Duration::days(5),
        reason: String::new(),
        interviewer: h.author(),
        recorded_at: chrono::Utc::now(),
    };
    assert!(h.store().record_stage(&event, today()).is_err());
    assert_eq!(h.store().audit_len().unwrap() as usize, count);
    // A write the disk refuses: neither the record nor its entry.
    h.store().fail_writes_with(Some(std::io::ErrorKind::StorageFull));
    event.date = today();
    assert!(h.store().record_stage(&event, today()).is_err());
    h.store().fail_writes_with(None);
    let dir = h.close();
    let store = open_as_admin(&dir.path().join("store"));
    assert!(store.stages_of(&p.id).unwrap().is_empty());
    assert!(of(&store, AuditAction::StageChanged).is_empty());
    verified(&store);
}

#[test]
fn logins_failures_a_lockout_and_account_changes_are_in_the_trail_and_no_typed_username_is_kept() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    give_admin(&path);
    let store = Store::open_existing(&path).unwrap();
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    let now = chrono::Utc::now();
    let admin = store.log_in(ADMIN, &pw, now).unwrap().into_session();
    let (account, _) = store.add_account(&admin, "karim", "Karim", Role::Interviewer, now).unwrap();
    store.set_role(&admin, "karim", Role::Supervisor).unwrap();
    store.disable_account(&admin, "karim").unwrap();
    store.enable_account(&admin, "karim", now).unwrap();
    store.set_idle_minutes(&admin, 7).unwrap();
    let added = of(&store, AuditAction::AccountAdded);
    let karim = added.iter().find(|e| e.records == vec![account.id.to_string()]).unwrap();
    assert_eq!(karim.account.as_ref(), Some(&admin.account));
    assert_eq!(
        (after(karim, "username").as_deref(), after(karim, "role").as_deref()),
        (Some("karim"), Some("interviewer"))
    );
    let role = &of(&store, AuditAction::RoleChanged)[0];
    assert_eq!(
        (before(role, "role").as_deref(), after(role, "role").as_deref()),
        (Some("interviewer"), Some("supervisor"))
    );
    let disabled = &of(&store, AuditAction::AccountDisabled)[0];
    assert_eq!(
        (before(disabled, "status").as_deref(), after(disabled, "status").as_deref()),
        (Some("active"), Some("disabled"))
    );
    assert_eq!(of(&store, AuditAction::AccountEnabled).len(), 1);
    let idle = &of(&store, AuditAction::SettingChanged)[0];
    assert_eq!(
        (idle.records.clone(), after(idle, "idle_minutes").as_deref()),
        (vec!["idle_minutes".to_string()], Some("7"))
    );
    // Five failures for a name no account has (it may be a password typed in the wrong
    // field): four failures and the lockout, under a keyed digest, never the name.
    let typed = "correct horse battery";
    for _ in 0..5 {
        assert!(store.log_in(typed, &pw, now).is_err());
    }
    let failed = of(&store, AuditAction::LoginFailed);
    let locked = of(&store, AuditAction::LockedOut);
    assert_eq!((failed.len(), locked.len()), (4, 1));
    assert!(failed.iter().chain(&locked).all(|e| e.account.is_none() && e.unknown_user.is_some()));
    assert!(failed.iter().all(|e| e.unknown_user == locked[0].unknown_user));
    // A wrong password for a known account, then the administrator unlocks nothing locked.
    assert!(store.log_in("karim", &pw, now).is_err());
    let wrong = of(&store, AuditAction::LoginFailed).pop().unwrap();
    assert_eq!(
        (wrong.account.as_ref(), after(&wrong, "refusal").as_deref()),
        (Some(&account.id), Some("wrong credentials"))
    );
    store.unlock_account(&admin, "karim").unwrap();
    let unlocked = &of(&store, AuditAction::AccountUnlocked)[0];
    assert_eq!(
        (before(unlocked, "failed_in_a_row").as_deref(), after(unlocked, "failed_in_a_row").as_deref()),
        (Some("1"), Some("0"))
    );
    verified(&store);
    drop(store);
    // The typed name is in no file of the store.
    for entry in walk(&path) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!bytes.windows(typed.len()).any(|w| w == typed.as_bytes()), "{} holds the typed name", entry.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn commands_export_import_install_rebuild_and_audit_are_each_in_the_trail() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\nسعيد,Said,07/03/1990,F-9,Salé,01/02/2020\nمريم,Meryem,01/01/1991,F-10,Salé,01/02/2020\n",
    )
    .unwrap();
    let form = data("forms/valid_training.toml");
    for args in [
        vec!["import", "participants", csv.to_str().unwrap()],
        vec!["forms", "install", form.to_str().unwrap()],
        vec!["index", "rebuild"],
        vec!["export"],
        vec!["audit", "export"],
    ] {
        let out = daftar_admin(&path, &args);
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    let store = open_as_admin(&path);
    let admin = store.account_by_username(ADMIN).unwrap().unwrap().id;
    let imported = &of(&store, AuditAction::Imported)[0];
    assert_eq!((imported.account.as_ref(), after(imported, "participants").as_deref()), (Some(&admin), Some("2")));
    let installed = of(&store, AuditAction::FormInstalled);
    let training = installed.iter().find(|e| e.records == vec!["training".to_string()]).unwrap();
    assert_eq!(training.account.as_ref(), Some(&admin));
    assert_eq!(
        (after(training, "version").as_deref(), after(training, "builtin").as_deref()),
        (Some("1"), Some("false"))
    );
    assert!(of(&store, AuditAction::IndexRebuilt).iter().any(|e| e.account.as_ref() == Some(&admin)));
    let exported = &of(&store, AuditAction::Exported)[0];
    assert_eq!((exported.account.as_ref(), after(exported, "lines").as_deref()), (Some(&admin), Some("2")));
    assert_eq!(of(&store, AuditAction::AuditExported)[0].account.as_ref(), Some(&admin));
    // Five commands, five logins, and the login that reads the trail here.
    assert_eq!(of(&store, AuditAction::LoggedIn).len(), 6);
    verified(&store);
}

#[test]
fn audit_export_writes_json_lines_for_administrators_only() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    let out_file = dir.path().join("audit.jsonl");
    let out = daftar_admin(&path, &["audit", "export", "--out", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&out_file).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["action"], "trail_started");
    assert_eq!(lines[0]["seq"], 0);
    let login = lines.iter().find(|l| l["action"] == "logged_in").unwrap();
    assert_eq!(login["username"], ADMIN);
    assert_eq!(login["mac"].as_str().unwrap().len(), 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("audit entries written to"), "{out:?}");
    // A supervisor may see the head and verify, not export.
    {
        let store = open_as_admin(&path);
        give_account(&store, Role::Supervisor);
    }
    let (sara, _) = account_of(Role::Supervisor);
    let out = daftar_as(&path, sara, ADMIN_PASSWORD, &["audit", "export"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("refused"), "{out:?}");
    let out = daftar_as(&path, sara, ADMIN_PASSWORD, &["audit", "head"]);
    assert!(out.status.success(), "{out:?}");
    // An interviewer may do neither.
    {
        let store = open_as_admin(&path);
        give_account(&store, Role::Interviewer);
    }
    let (ilyas, _) = account_of(Role::Interviewer);
    let out = daftar_as(&path, ilyas, ADMIN_PASSWORD, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("refused"), "{out:?}");
}

// ---- Tamper tests, on the store's own file ----

/// A store with a dozen entries or more, closed, and its head as `daftar audit head` printed it.
fn store_with_a_log(dir: &std::path::Path) -> (std::path::PathBuf, AuditHead) {
    let path = dir.join("store");
    create_store(&path);
    give_admin(&path);
    {
        let store = open_as_admin(&path);
        for i in 0..6 {
            let mut rng = daftar::synth::Rng::new(i);
            let p = daftar::synth::participant(&mut rng, i as usize, today());
            store.register(&p, today()).unwrap();
        }
    }
    let out = daftar_admin(&path, &["audit", "head"]);
    assert!(out.status.success(), "{out:?}");
    let printed = String::from_utf8(out.stdout.clone()).unwrap();
    let head: AuditHead = printed.trim().parse().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Write it down"), "{out:?}");
    (path, head)
}

/// Opens the store's audit and meta trees with sled directly, as someone with the files would.
fn tamper(path: &std::path::Path, change: impl FnOnce(&sled::Tree, &sled::Tree)) {
    let db = crate::support::raw_sled(path);
    let audit = db.open_tree("audit").unwrap();
    let meta = db.open_tree("meta").unwrap();
    change(&audit, &meta);
    db.flush().unwrap();
}

fn key(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

/// Runs `daftar audit verify` (with `--head` when given) and returns its exit code and stderr.
fn verify(path: &std::path::Path, head: Option<&AuditHead>) -> (Option<i32>, String, String) {
    let text = head.map(|h| h.to_string());
    let mut args = vec!["audit", "verify"];
    if let Some(text) = &text {
        args.extend(["--head", text.as_str()]);
    }
    let out = daftar_admin(path, &args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_clean_store_verifies_with_and_without_its_anchored_head() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, head) = store_with_a_log(dir.path());
    let (code, out, err) = verify(&path, Some(&head));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("The audit trail is intact:") && out.contains("entries per second"), "{out}");
    assert!(out.contains(&format!("It holds the head given, entry {}, unchanged.", head.seq)), "{out}");
    let (code, out, _) = verify(&path, None);
    assert_eq!(code, Some(0), "{out}");
    // In French and Arabic too.
    let out = daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["--lang", "ar", "audit", "verify"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("سجل التدقيق سليم"), "{out:?}");
}

#[test]
fn a_flipped_byte_in_an_entry_is_a_seal_that_does_not_open_named_by_its_number() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, head) = store_with_a_log(dir.path());
    tamper(&path, |audit, _| {
        let mut value = audit.get(key(4)).unwrap().unwrap().to_vec();
        // A byte of the sealed entry (its text, under the seal).
        let at = value.len() - 40;
        value[at] ^= 0x01;
        audit.insert(key(4), value).unwrap();
    });
    let (code, _, err) = verify(&path, Some(&head));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("The audit trail is broken: entry 4: its seal does not open"), "{err}");
}

#[test]
fn a_deleted_entry_is_a_gap_named_by_its_number() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, _) = store_with_a_log(dir.path());
    tamper(&path, |audit, _| {
        audit.remove(key(3)).unwrap();
    });
    let (code, _, err) = verify(&path, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("entry 3 is missing (a gap: the next entry is 4)"), "{err}");
}

#[test]
fn two_swapped_entries_are_reordered_named_by_the_first() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, _) = store_with_a_log(dir.path());
    tamper(&path, |audit, _| {
        let (a, b) = (audit.get(key(5)).unwrap().unwrap(), audit.get(key(6)).unwrap().unwrap());
        audit.insert(key(5), b).unwrap();
        audit.insert(key(6), a).unwrap();
    });
    let (code, _, err) = verify(&path, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("entry 5: reordered (its place holds entry 6)"), "{err}");
}

#[test]
fn a_forged_entry_inserted_in_the_middle_or_added_after_the_head_is_detected_and_named() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, _) = store_with_a_log(dir.path());
    // In the middle: the entries from 2 on moved up by one, the head moved with them, and a
    // forged entry (another one's bytes with the number 2 written in) in the gap.
    tamper(&path, |audit, meta| {
        let all: Vec<(u64, Vec<u8>)> = audit
            .iter()
            .map(|kv| kv.unwrap())
            .map(|(k, v)| (u64::from_be_bytes(k.as_ref().try_into().unwrap()), v.to_vec()))
            .collect();
        for (seq, value) in all.iter().rev().filter(|(seq, _)| *seq >= 2) {
            audit.insert(key(seq + 1), value.clone()).unwrap();
        }
        // Another entry's bytes with a byte changed: its seal opens nowhere.
        let mut forged = all[1].1.clone();
        forged[1] ^= 2;
        audit.insert(key(2), forged).unwrap();
        let mut head = meta.get("audit-head").unwrap().unwrap().to_vec();
        let seq = u64::from_be_bytes(head[..8].try_into().unwrap()) + 1;
        head[..8].copy_from_slice(&seq.to_be_bytes());
        meta.insert("audit-head", head).unwrap();
    });
    let (code, _, err) = verify(&path, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("entry 2: its seal does not open"), "{err}");
    // After the head: the next append would go where the forged entry is. Daftar writes
    // nothing over it, and verify still runs (its login written nowhere) and names it.
    let dir = tempfile::TempDir::new().unwrap();
    let (path, head) = store_with_a_log(dir.path());
    tamper(&path, |audit, _| {
        let copy = audit.get(key(head.seq)).unwrap().unwrap();
        audit.insert(key(head.seq + 1), copy).unwrap();
    });
    let (code, _, err) = verify(&path, None);
    assert_eq!(code, Some(1), "{err}");
    let next = head.seq + 1;
    assert!(
        err.contains(&format!("entry {next}: reordered"))
            || err.contains(&format!("entry {next}: its seal does not open")),
        "{err}"
    );
    let out = daftar_admin(&path, &["export"]);
    assert_eq!(out.status.code(), Some(1), "a login must not write over the forged entry: {out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("already has an entry {next} after its head")),
        "{out:?}"
    );
}

#[test]
fn the_tail_cut_with_the_head_rewritten_is_caught_by_the_anchored_head() {
    let dir = tempfile::TempDir::new().unwrap();
    let (path, head) = store_with_a_log(dir.path());
    // The newest four entries removed, and the store's own head set back to the last kept
    // one, as someone covering their tracks would: only the head written down shows it. The
    // entries are sealed, so the MAC of the last kept one is one they saw while logged in.
    let keep = head.seq - 4;
    let kept_mac = {
        let store = open_as_admin(&path);
        store.audit_entries().map(Result::unwrap).find(|e| e.seq == keep).unwrap().mac
    };
    tamper(&path, |audit, meta| {
        for seq in keep + 1..=head.seq + 10 {
            audit.remove(key(seq)).unwrap();
        }
        let mut stored = keep.to_be_bytes().to_vec();
        stored.extend_from_slice(&kept_mac);
        meta.insert("audit-head", stored).unwrap();
        // And the rows of the index by record that point at the entries cut (left there,
        // they would show the cut: see history_screen.rs).
        let rows: Vec<_> = meta
            .scan_prefix(b"audit-by/")
            .keys()
            .map(Result::unwrap)
            .filter(|k| u64::from_be_bytes(k[k.len() - 8..].try_into().unwrap()) > keep)
            .collect();
        for row in rows {
            meta.remove(row).unwrap();
        }
    });
    let (code, out, err) = verify(&path, None);
    assert_eq!(code, Some(0), "without the anchor the cut log is consistent: {out}{err}");
    let (code, _, err) = verify(&path, Some(&head));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("truncated before the given head"), "{err}");
    assert!(err.contains(&format!("the log ends before entry {}", head.seq)), "{err}");
    // Cut without setting the head back: the store's own head shows it.
    let dir = tempfile::TempDir::new().unwrap();
    let (path, head) = store_with_a_log(dir.path());
    tamper(&path, |audit, _| {
        audit.remove(key(head.seq)).unwrap();
    });
    // The login of the check itself is appended after the head: the cut entry is a gap.
    let (code, _, err) = verify(&path, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("entry {} is missing", head.seq)), "{err}");
}

#[test]
fn a_malformed_head_is_refused_before_the_password() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    let out = daftar(&path, &["audit", "verify", "--head", "12"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--head must be SEQ:MAC"), "{out:?}");
}

#[test]
fn a_store_from_before_the_audit_trail_gets_its_genesis_entry_and_verifies() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = crate::support::store_before_accounts(dir.path());
    let participants = {
        let store = Store::open_existing(&path).unwrap();
        let all = entries(&store);
        assert_eq!(all[0].action(), Some(AuditAction::TrailStarted));
        assert_eq!(after(&all[0], "existing_store").as_deref(), Some("true"));
        assert_eq!(after(&all[0], "store_format").as_deref(), Some("1"));
        verified(&store);
        store.participants().unwrap().len()
    };
    assert!(participants > 0, "the old records are kept");
    // Opened again: no second genesis, nothing rewritten.
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(of(&store, AuditAction::TrailStarted).len(), 1);
    assert_eq!(store.participants().unwrap().len(), participants);
    drop(store);
    let out = daftar_admin(&path, &["audit", "verify"]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn the_verify_break_reports_name_each_kind_in_three_languages() {
    for what in [Break::MacMismatch, Break::Missing { next: 9 }, Break::Reordered { holds: 3 }] {
        let broken = daftar::store::audit::Broken { seq: 7, what };
        for lang in [daftar::i18n::Lang::En, daftar::i18n::Lang::Fr, daftar::i18n::Lang::Ar] {
            assert!(broken.text(lang).contains('7'), "{lang:?}: {}", broken.text(lang));
        }
    }
}

#[test]
fn a_record_opened_while_the_disk_refuses_writes_is_shown_and_noted_once_it_can_be() {
    let mut h = Harness::logged_in(Role::Interviewer);
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    assert_shows(&h.screen(), "Participant registered.");
    let p = h.store().participants().unwrap().remove(0);
    let opened = |h: &Harness| of(h.store(), AuditAction::RecordOpened).len();
    let before = opened(&h);
    h.store().fail_writes_with(Some(std::io::ErrorKind::StorageFull));
    h.store().record_opened(&p.id).unwrap();
    let late = chrono::Utc::now();
    assert_eq!(opened(&h), before, "nothing could be written");
    h.store().fail_writes_with(None);
    h.store().record_opened(&p.id).unwrap();
    let all = of(h.store(), AuditAction::RecordOpened);
    assert_eq!(all.len(), before + 2, "the late entry is written before the next one");
    assert!(all[before].at < late && late <= all[before + 1].at, "the late entry keeps the time it happened");
    assert_eq!(all[before].account, h.app.state.session.as_ref().map(|s| s.account.clone()));
    verified(h.store());
}

#[test]
fn logging_out_is_in_the_trail_and_the_store_then_acts_for_nobody() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let me = h.app.state.session.as_ref().unwrap().account.clone();
    assert_eq!(h.store().actor(), Some(me.clone()));
    h.type_text("o");
    assert!(h.app.state.session.is_none());
    let out = of(h.store(), AuditAction::LoggedOut);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].account, Some(me));
    assert_eq!(h.store().actor(), None);
}

/// Every raw value of `trees` in the store's files at `path` (closed), as someone with the
/// disk would read them.
fn raw_values(path: &std::path::Path, trees: &[&str]) -> Vec<(String, Vec<u8>)> {
    let db = crate::support::raw_sled(path);
    let mut all = Vec::new();
    for name in trees {
        for item in db.open_tree(name).unwrap().iter() {
            let (_, value) = item.unwrap();
            all.push((name.to_string(), value.to_vec()));
        }
    }
    all
}

#[test]
fn a_failed_login_on_a_locked_store_is_queued_then_chained_at_the_next_login_and_no_name_is_plain() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    give_admin(&path);
    let (username, full_name, typed) = ("zubayda.q", "Zubayda Qadiri Distinct", "mistyped.name.zq");
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    let zubayda = {
        let store = open_as_admin(&path);
        let admin = store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap().into_session();
        store.add_account(&admin, username, full_name, Role::Supervisor, chrono::Utc::now()).unwrap().0
    };
    let store = Store::open_existing(&path).unwrap();
    assert!(!store.holds_key());
    let count = store.audit_len().unwrap() as usize;
    // Refused while no key is held: a wrong password for an account, a name no account has.
    let wrong = daftar::auth::SecretString::from("not the password at all".to_string());
    let started = chrono::Utc::now();
    assert!(store.log_in(username, &wrong, chrono::Utc::now()).is_err());
    assert!(store.log_in(typed, &pw, chrono::Utc::now()).is_err());
    assert_eq!(store.audit_len().unwrap() as usize, count, "nothing can be chained without the key");
    assert_eq!(store.audit_pending_len().unwrap(), 2);
    drop(store);
    // Nothing personal in any raw value of these trees: names, full names, typed names.
    let trees = ["accounts", "account_names", "account_logins", "audit", "audit_pending", "meta", "login_failures"];
    for (tree, value) in raw_values(&path, &trees) {
        for word in [username, full_name, typed, ADMIN, "Test Administrator"] {
            assert!(!value.windows(word.len()).any(|w| w == word.as_bytes()), "{tree} holds {word}");
        }
    }
    // The next login chains them, in order, marked queued, with their own times, before its own.
    let store = Store::open_existing(&path).unwrap();
    let me = store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap().into_session();
    assert_eq!(store.audit_pending_len().unwrap(), 0);
    let all = entries(&store);
    let tail = &all[count..];
    assert_eq!(tail.len(), 3, "{tail:?}");
    assert_eq!(tail[0].action(), Some(AuditAction::LoginFailed));
    assert_eq!(tail[0].account.as_ref(), Some(&zubayda.id));
    assert_eq!(tail[1].action(), Some(AuditAction::LoginFailed));
    assert!(tail[1].account.is_none() && tail[1].unknown_user.is_some());
    for queued in &tail[..2] {
        assert_eq!(after(queued, "queued").as_deref(), Some("true"));
        assert_eq!(after(queued, "queued_time_refused"), None);
        assert!(queued.at >= started && queued.at <= tail[2].at);
    }
    assert_eq!((tail[2].action(), tail[2].account.as_ref()), (Some(AuditAction::LoggedIn), Some(&me.account)));
    verified(&store);
    // After a login the accounts read back whole from their sealed records.
    let accounts = store.accounts().unwrap();
    let back = accounts.iter().find(|a| a.id == zubayda.id).unwrap();
    assert_eq!((back.username.as_str(), back.full_name.as_str(), back.role), (username, full_name, Role::Supervisor));
    assert_eq!(back.failed_in_a_row, 1, "the failure counted before the key was held");
}
