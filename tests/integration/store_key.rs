//! The store's data key and its wraps (issue 12, first step): made with the first
//! administrator, opened by a login, dropped by the lock and the logout, rewrapped by password
//! changes and resets, deleted with a disabled account, and reachable with the recovery key
//! when every administrator password is lost.

use chrono::{DateTime, Utc};
use daftar::auth::{LoggedIn, Role, SecretString};
use daftar::error::Error;
use daftar::store::{KeyProblem, Store};

use crate::support::{ADMIN, ADMIN_PASSWORD, daftar_command, output_with_stdin, recovery_key_on};

fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().with_timezone(&Utc)
}

fn key_problem(e: Error) -> KeyProblem {
    match e {
        Error::Key(p) => p,
        other => panic!("expected a key problem, got {other}"),
    }
}

#[test]
fn the_first_administrator_makes_the_key_and_only_a_login_opens_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (store, _, recovery) =
        Store::create_with_admin(&path, ADMIN, "Amina", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0()).unwrap();
    assert!(store.is_encrypted().unwrap());
    assert!(store.holds_key(), "the creator holds the new key");
    assert_eq!(recovery.groups().len(), 8);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert!(!store.holds_key(), "opening a store opens no key");
    // A wrong password opens nothing.
    assert!(store.log_in(ADMIN, &pw("not the password at all"), t0()).is_err());
    assert!(!store.holds_key());
    store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap();
    assert!(store.holds_key());
    // The lock and the logout drop it; a clone (the signal watchdog's handle) loses it too.
    let clone = store.clone();
    store.locked(Some(10)).unwrap();
    assert!(!store.holds_key() && !clone.holds_key());
    store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap();
    assert!(clone.holds_key());
    store.logged_out().unwrap();
    assert!(!store.holds_key());
}

#[test]
fn password_changes_resets_disabling_and_enabling_keep_exactly_the_right_accounts_able_to_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = Store::create_with_admin(
        &dir.path().join("store"),
        ADMIN,
        "Amina",
        &pw(ADMIN_PASSWORD),
        &pw(ADMIN_PASSWORD),
        t0(),
    )
    .unwrap();
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    // A new account gets its wrap under its temporary password.
    let (sara, temporary) = store.add_account(&admin, "sara", "سارة", Role::Supervisor, t0()).unwrap();
    assert!(store.has_wrap(&sara.id).unwrap());
    store.drop_key();
    let LoggedIn::MustChangePassword(s) = store.log_in("sara", &temporary, t0()).unwrap() else { panic!() };
    assert!(store.holds_key(), "the temporary password opens the key");
    // A password change rewraps: the new one opens it, the old one no longer logs in.
    let own = pw("the ledger is kept well");
    store.change_password(&s, &temporary, &own, &own, t0()).unwrap();
    store.drop_key();
    assert!(store.log_in("sara", &temporary, t0()).is_err());
    assert!(!store.holds_key());
    store.log_in("sara", &own, t0()).unwrap();
    assert!(store.holds_key());
    // An administrator's reset writes a new wrap from the key the administrator holds.
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    let reset = store.reset_password(&admin, "sara", t0()).unwrap();
    store.drop_key();
    store.log_in("sara", &reset, t0()).unwrap();
    assert!(store.holds_key());
    // Disabling deletes the wrap; a reset of the disabled account writes none (its temporary
    // password opens nothing); enabling gives a temporary password with a new one.
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    store.disable_account(&admin, "sara").unwrap();
    assert!(!store.has_wrap(&sara.id).unwrap());
    let while_disabled = store.reset_password(&admin, "sara", t0()).unwrap();
    assert!(!store.has_wrap(&sara.id).unwrap(), "a reset gives a disabled account no wrap");
    let (_, again) = store.enable_account(&admin, "sara", t0()).unwrap();
    let again = again.expect("a temporary password, since the wrap was gone");
    assert!(store.has_wrap(&sara.id).unwrap());
    store.drop_key();
    assert!(store.log_in("sara", &while_disabled, t0()).is_err(), "the reset's password from while disabled is gone");
    store.log_in("sara", &again, t0()).unwrap();
    assert!(store.holds_key());
    // Enabling an account already enabled changes no password.
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    assert!(store.enable_account(&admin, "sara", t0()).unwrap().1.is_none());
}

#[test]
fn the_recovery_key_sets_a_lost_administrator_password_and_names_a_mistyped_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (store, _, recovery) =
        Store::create_with_admin(&path, ADMIN, "Amina", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0()).unwrap();
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    let (_, temporary) = store.add_account(&admin, "ilyas", "Ilyas", Role::Interviewer, t0()).unwrap();
    drop(admin);
    drop(store);
    let store = Store::open(&path).unwrap();
    let shown = recovery.display().to_string();
    let new = pw("a fresh start at dawn 5");
    // Group 4 mistyped: named. A group's check is 5 bits, so about one typo in 32 passes it
    // (and is then refused as "does not open", below); the key is random, so take the first
    // replacement its check catches rather than one fixed letter that fails one run in 32.
    let typed = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        .chars()
        .filter(|&c| shown.chars().nth(19) != Some(c))
        .map(|c| shown.chars().enumerate().map(|(i, d)| if i == 19 { c } else { d }).collect::<String>())
        .find(|typed| {
            matches!(daftar::crypto::RecoveryKey::parse(typed), Err(daftar::crypto::RecoveryError::Mistyped { .. }))
        })
        .expect("some replacement fails group 4's check");
    match key_problem(store.recover_admin(&typed, ADMIN, &new, &new).unwrap_err()) {
        KeyProblem::RecoveryMistyped(e) => assert!(e.to_string().contains('4'), "{e}"),
        other => panic!("{other:?}"),
    }
    // Another store's key is refused as such.
    let other = daftar::crypto::RecoveryKey::generate().unwrap();
    assert_eq!(
        key_problem(store.recover_admin(&other.display(), ADMIN, &new, &new).unwrap_err()),
        KeyProblem::RecoveryWrong
    );
    // Only an administrator's password is set with it.
    assert!(store.recover_admin(&shown, "ilyas", &new, &new).is_err());
    // Typed in lower case with spaces: accepted.
    let sloppy = shown.to_lowercase().replace('-', " ");
    store.recover_admin(&sloppy, ADMIN, &new, &new).unwrap();
    assert!(!store.holds_key(), "recovery opens the key only to write the new wrap");
    assert!(store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).is_err(), "the lost password no longer opens it");
    store.log_in(ADMIN, &new, t0()).unwrap();
    assert!(store.holds_key());
    // Every other account still opens with its own password.
    store.drop_key();
    store.log_in("ilyas", &temporary, t0()).unwrap();
    assert!(store.holds_key());
    let recovered = store.audit_entries().map(Result::unwrap).any(|e| {
        e.action_name == "password_reset"
            && e.changes.iter().any(|c| c.field == "with" && c.after.as_deref() == Some("the recovery key"))
    });
    assert!(recovered, "the recovery is in the audit trail");
}

#[test]
fn init_prints_the_recovery_key_once_and_keys_recover_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let out = output_with_stdin(
        daftar_command(&path).args(["init", "--admin", ADMIN, "--name", "Amina", "--password-stdin"]),
        &format!("{ADMIN_PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("recovery key, shown only this once"), "{stdout}");
    let key = recovery_key_on(&stdout).expect("the key is printed");
    // A mistyped group is named, in the command's words, and nothing changes.
    // Its second character changed (to one it is not: a key can hold an X there).
    let wrong = if &key[1..2] == "X" { "Y" } else { "X" };
    let bad = format!("{}{wrong}{}", &key[..1], &key[2..]);
    let out = output_with_stdin(
        daftar_command(&path).args(["keys", "recover", "--user", ADMIN, "--password-stdin"]),
        &format!("{bad}\na fresh start at dawn 5\n"),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Group 1") || stderr.contains("recovery key does not open"), "{stderr}");
    let out = output_with_stdin(
        daftar_command(&path).args(["keys", "recover", "--user", ADMIN, "--password-stdin"]),
        &format!("{key}\na fresh start at dawn 5\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("has a new password"));
    let store = Store::open(&path).unwrap();
    store.log_in(ADMIN, &pw("a fresh start at dawn 5"), t0()).unwrap();
    assert!(store.holds_key());
}

/// Opens a closed store's trees with sled directly, as someone with the files would.
fn tamper(path: &std::path::Path, change: impl FnOnce(&sled::Db)) {
    let db = crate::support::raw_sled(path);
    change(&db);
    db.flush().unwrap();
}

#[test]
fn a_deleted_key_ring_or_a_planted_wrap_is_refused_never_taken_as_plain_or_as_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let other = dir.path().join("other");
    drop(Store::create_with_admin(&path, ADMIN, "Amina", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0()).unwrap());
    // Another store made with the same username and password: its wrap opens with that password,
    // but holds another key.
    let (store, admin, _) =
        Store::create_with_admin(&other, ADMIN, "Amina", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0()).unwrap();
    let admin_id = admin.id.to_string();
    drop(store);
    let planted =
        crate::support::raw_sled(&other).open_tree("wraps").unwrap().get(admin_id.as_bytes()).unwrap().unwrap();
    // The first store's administrator id differs: plant the other wrap under it, re-bound to
    // nothing (its associated data names the other account, so it must not open either way).
    let first_admin = {
        let store = Store::open(&path).unwrap();
        store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session().account.to_string()
    };
    let saved =
        crate::support::raw_sled(&path).open_tree("wraps").unwrap().get(first_admin.as_bytes()).unwrap().unwrap();
    tamper(&path, |db| {
        db.open_tree("wraps").unwrap().insert(first_admin.as_bytes(), planted.clone()).unwrap();
    });
    {
        let store = Store::open(&path).unwrap();
        let refused = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap_err();
        assert_eq!(key_problem(refused), KeyProblem::WrapAltered(ADMIN.into()));
        assert!(!store.holds_key(), "a planted wrap gives no key");
    }
    // The key ring deleted: the store is refused as altered, never opened as a plain one.
    tamper(&path, |db| {
        db.open_tree("wraps").unwrap().insert(first_admin.as_bytes(), saved.clone()).unwrap();
        db.open_tree("meta").unwrap().remove("keyring").unwrap();
    });
    let refused = Store::open(&path).err().expect("a store whose key ring is gone is refused");
    assert!(refused.to_string().contains("key ring"), "{refused}");
}
