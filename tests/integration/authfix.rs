//! The security review's findings on the accounts core (issue 10): each test failed before its
//! fix. Key derivations use the production parameters, so each test makes few.

use chrono::{DateTime, Utc};
use daftar::auth::{Action, LoggedIn, LoginRefusal, Role, SecretString, Session};
use daftar::error::Error;
use daftar::store::Store;

use crate::support::{ADMIN, ADMIN_PASSWORD};

fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().with_timezone(&Utc)
}

const OWN: &str = "tea by the window 9";

/// A new store with its administrator, and the admin's session.
fn store_with_admin(dir: &tempfile::TempDir) -> (Store, Session) {
    let path = dir.path().join("store");
    let (store, _, _) =
        Store::create_with_admin(&path, ADMIN, "Amina Benali", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0()).unwrap();
    let session = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    (store, session)
}

/// Adds `username` with `role` and gives it its own password ([`OWN`]): the session of that
/// password.
fn add_with_own_password(store: &Store, admin: &Session, username: &str, role: Role) -> Session {
    let (_, temporary) = store.add_account(admin, username, "Someone", role, t0()).unwrap();
    let first = store.log_in(username, &temporary, t0()).unwrap().into_session();
    store.change_password(&first, &temporary, &pw(OWN), &pw(OWN), t0()).unwrap()
}

fn is_refused<T: std::fmt::Debug>(r: daftar::error::Result<T>) -> bool {
    matches!(r, Err(Error::Refused { .. }))
}

/// H3: a session opened before its account was demoted or disabled keeps no right the account
/// lost: the store reads the account again for every action.
#[test]
fn a_live_session_loses_the_rights_its_account_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a) = store_with_admin(&dir);
    let b = add_with_own_password(&store, &a, "bashir", Role::Administrator);
    store.set_role(&a, "bashir", Role::Interviewer).unwrap();
    // B's session was an administrator's when it opened.
    assert!(is_refused(store.set_role(&b, "bashir", Role::Administrator)));
    assert!(is_refused(store.reset_password(&b, ADMIN, t0())));
    assert!(is_refused(store.add_account(&b, "x", "X", Role::Administrator, t0())));
    assert!(is_refused(store.unlock_account(&b, ADMIN)));
    assert!(is_refused(store.set_idle_minutes(&b, 5)));
    // What an interviewer may do, it still may.
    // Disabled: not even its own password can be changed.
    store.disable_account(&a, "bashir").unwrap();
    assert!(is_refused(store.change_password(
        &b,
        &pw(OWN),
        &pw("new words for me 7"),
        &pw("new words for me 7"),
        t0()
    )));
    // The app asks the store whether its session is still what it was.
    let mut b = b;
    assert!(b.may(Action::ViewRecords));
    assert!(!store.refresh_session(&mut b).unwrap());
    for action in Action::ALL {
        assert!(!b.may(action), "{action:?}");
    }
    // Enabled again as an interviewer: a refreshed session has an interviewer's rights.
    // Enabled again, with a temporary password (its key wrap went with the disabling).
    let (_, temporary) = store.enable_account(&a, "bashir", t0()).unwrap();
    let temporary = temporary.unwrap();
    let first = store.log_in("bashir", &temporary, t0()).unwrap().into_session();
    let mut b2 = store.change_password(&first, &temporary, &pw(OWN), &pw(OWN), t0()).unwrap();
    store.set_role(&a, "bashir", Role::Supervisor).unwrap();
    assert!(!b2.may(Action::ViewDashboard));
    assert!(store.refresh_session(&mut b2).unwrap());
    assert!(b2.may(Action::ViewDashboard));
    assert!(!b2.may(Action::ManageAccounts));
}

/// M1: a login with a temporary password gives a session that may only change it; the session
/// `change_password` returns may do what the role may.
#[test]
fn a_temporary_password_session_may_only_change_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a) = store_with_admin(&dir);
    let (_, temporary) = store.add_account(&a, "bashir", "Bashir", Role::Administrator, t0()).unwrap();
    let logged_in = store.log_in("bashir", &temporary, t0()).unwrap();
    assert!(matches!(logged_in, LoggedIn::MustChangePassword(_)));
    let first = logged_in.into_session();
    assert!(first.must_change_password);
    for action in Action::ALL {
        assert_eq!(first.may(action), action == Action::ChangeOwnPassword, "{action:?}");
    }
    assert!(is_refused(store.add_account(&first, "x", "X", Role::Administrator, t0())));
    assert!(is_refused(store.reset_password(&first, ADMIN, t0())));
    let refusal = store.set_idle_minutes(&first, 5).unwrap_err().localized(daftar::i18n::Lang::En);
    assert!(refusal.contains("temporary"), "{refusal}");
    let own = store.change_password(&first, &temporary, &pw(OWN), &pw(OWN), t0()).unwrap();
    assert!(!own.must_change_password);
    assert!(own.may(Action::ManageAccounts));
    store.set_idle_minutes(&own, 5).unwrap();
}

fn login_refusal(r: daftar::error::Result<LoggedIn>) -> LoginRefusal {
    match r {
        Err(Error::Login(refusal)) => refusal,
        other => panic!("expected a refused login, got {other:?}"),
    }
}

/// H2: an unknown username locks after five failures exactly as an account does, with the
/// same words, and survives a restart; a disabled account says so only to its password.
#[test]
fn an_unknown_username_locks_like_an_account_and_disabled_needs_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a) = store_with_admin(&dir);
    let wrong = pw("not the password at all");
    for _ in 1..5 {
        assert_eq!(login_refusal(store.log_in("nobody", &wrong, t0())), LoginRefusal::WrongCredentials);
        assert_eq!(login_refusal(store.log_in(ADMIN, &wrong, t0())), LoginRefusal::WrongCredentials);
    }
    let unknown = login_refusal(store.log_in("nobody", &wrong, t0()));
    let real = login_refusal(store.log_in(ADMIN, &wrong, t0()));
    assert!(matches!(unknown, LoginRefusal::Locked { .. }), "{unknown:?}");
    assert_eq!(unknown, real);
    for lang in daftar::i18n::Lang::ALL {
        assert_eq!(unknown.text(lang), real.text(lang));
    }
    // Kept across a restart, under a name nobody can read back: the folded name is hashed.
    let path = store.path().to_path_buf();
    drop(store);
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(login_refusal(store.log_in("NOBODY", &pw(ADMIN_PASSWORD), t0())), unknown);
    for file in crate::support::files(&path) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"nobody"), "{} names the unknown user", file.display());
    }
    // A disabled account: a wrong password is only a wrong password; the right one is told.
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0() + chrono::Duration::minutes(16)).unwrap().into_session();
    drop(a);
    let b = add_with_own_password(&store, &admin, "bashir", Role::Interviewer);
    drop(b);
    store.disable_account(&admin, "bashir").unwrap();
    assert_eq!(login_refusal(store.log_in("bashir", &wrong, t0())), LoginRefusal::WrongCredentials);
    assert_eq!(login_refusal(store.log_in("bashir", &pw(OWN), t0())), LoginRefusal::Disabled);
}

/// M2: a wrong current password when changing it counts toward the lockout; the fifth locks
/// the account, which a login then finds locked.
#[test]
fn wrong_current_passwords_lock_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a) = store_with_admin(&dir);
    let new = pw("new words for me 7");
    let wrong = pw("not the password at all");
    for _ in 1..5 {
        let r = store.change_password(&a, &wrong, &new, &new, t0());
        assert!(matches!(r, Err(Error::Account(daftar::auth::AccountProblem::WrongCurrentPassword))), "{r:?}");
    }
    let r = store.change_password(&a, &wrong, &new, &new, t0());
    let Err(Error::Login(LoginRefusal::Locked { until })) = r else { panic!("expected the lock, got {r:?}") };
    assert_eq!(until, t0() + daftar::auth::login::LOCK_FOR);
    // Written: the right password at a login, and at a change, both meet the lock.
    assert_eq!(login_refusal(store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0())), LoginRefusal::Locked { until });
    assert!(matches!(
        store.change_password(&a, &pw(ADMIN_PASSWORD), &new, &new, t0()),
        Err(Error::Login(LoginRefusal::Locked { .. }))
    ));
}

/// Runs `daftar init` on `store` as a provisioning script would, with [`ADMIN_PASSWORD`] on
/// standard input.
fn init_store(store: &std::path::Path) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .args(["init", "--admin", ADMIN, "--name", "Amina", "--password-stdin", "--store"])
        .arg(store)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{ADMIN_PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every file under `dir` is its owner's only, and every directory too.
fn assert_private(dir: &std::path::Path) {
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for file in crate::support::files(dir) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        let parent = file.parent().unwrap();
        assert_eq!(mode(parent), 0o700, "{}", parent.display());
    }
}

/// H1: a store made by the binary, its salvage and its export are readable by their owner
/// only, even under a umask of 022; a store opened to others is warned about.
#[test]
fn the_store_its_salvage_and_its_export_are_private() {
    use crate::support::daftar_as;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init_store(&store);
    assert_private(&store);
    // The files sled makes later (a snapshot at the next open) are private too.
    let listed = daftar_as(&store, ADMIN, ADMIN_PASSWORD, &["users", "list"]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    assert!(!String::from_utf8_lossy(&listed.stderr).contains("Warning"));
    assert_private(&store);
    let export = dir.path().join("export.jsonl");
    let out = daftar_as(&store, ADMIN, ADMIN_PASSWORD, &["export", "--out", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&export), 0o600);
    let salvaged = dir.path().join("salvaged");
    let out = daftar_as(
        &store,
        ADMIN,
        ADMIN_PASSWORD,
        &["store", "salvage", store.to_str().unwrap(), salvaged.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_private(&salvaged);
    // Opened to others by hand: every command says so.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o755)).unwrap();
    let listed = daftar_as(&store, ADMIN, ADMIN_PASSWORD, &["users", "list"]);
    let warned = String::from_utf8_lossy(&listed.stderr);
    assert!(warned.contains("can be read by other accounts") && warned.contains("755"), "{warned}");
}

/// M3: a salvage asks the password before it writes DEST, and a wrong one leaves nothing.
#[test]
fn salvage_logs_in_against_the_source_before_writing_anything() {
    use crate::support::daftar_as;
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init_store(&store);
    let dest = dir.path().join("salvaged");
    let (src_arg, dest_arg) = (store.to_str().unwrap(), dest.to_str().unwrap());
    let wrong = daftar_as(&store, ADMIN, "not the password at all", &["store", "salvage", src_arg, dest_arg]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Wrong username or password"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("store")]);
    // While the password is awaited, DEST does not exist.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .args(["--user", ADMIN, "--password-stdin", "store", "salvage", src_arg, dest_arg])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(!dest.exists());
    child.stdin.take().unwrap().write_all(format!("{ADMIN_PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_private(&dest);
}

/// L7: a restore logs in against the backup's accounts before it writes the store.
#[test]
fn restore_logs_in_against_the_backups_accounts() {
    use crate::support::{daftar, daftar_as};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init_store(&store);
    let backup = dir.path().join("backup");
    let made = daftar_as(&store, ADMIN, ADMIN_PASSWORD, &["backup", backup.to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let target = dir.path().join("restored");
    let nobody = daftar(&target, &["restore", backup.to_str().unwrap()]);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("--user"), "{}", String::from_utf8_lossy(&nobody.stderr));
    let wrong = daftar_as(&target, ADMIN, "not the password at all", &["restore", backup.to_str().unwrap()]);
    assert!(!wrong.status.success());
    assert!(!target.exists());
    let hidden = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'));
    assert_eq!(hidden.count(), 0);
    let right = daftar_as(&target, ADMIN, ADMIN_PASSWORD, &["restore", backup.to_str().unwrap()]);
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
    assert_private(&target);
}

/// L6: a store that had accounts and lost them is damaged: `init` does not give it a new
/// first administrator, and commands say why.
#[test]
fn a_store_that_lost_its_accounts_is_damaged_not_new() {
    use crate::support::daftar;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init_store(&store);
    {
        let db = crate::support::raw_sled(&store);
        db.open_tree("accounts").unwrap().clear().unwrap();
        db.open_tree("account_names").unwrap().clear().unwrap();
        db.flush().unwrap();
    }
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .args(["init", "--admin", "intruder", "--name", "I", "--password-stdin", "--store"])
        .arg(&store)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("had accounts and none of them can be read"), "{said}");
    let listed = daftar(&store, &["--user", "intruder", "--password-stdin", "users", "list"]);
    assert!(String::from_utf8_lossy(&listed.stderr).contains("had accounts"));
    let opened = Store::open_existing(&store).unwrap();
    assert!(matches!(opened.has_accounts(), Err(Error::Account(daftar::auth::AccountProblem::AccountsLost(_)))));
}

/// L5: an administrator whose temporary password expired cannot log in, so it does not count
/// as the administrator that must remain.
#[test]
fn an_admin_with_an_expired_temporary_password_is_not_the_last_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a) = store_with_admin(&dir);
    // Added at t0: its 72 hours ran out long before now.
    store.add_account(&a, "bashir", "Bashir", Role::Administrator, t0()).unwrap();
    let r = store.disable_account(&a, ADMIN);
    assert!(matches!(r, Err(Error::Account(daftar::auth::AccountProblem::LastAdministrator))), "{r:?}");
}
