//! Accounts, login, lockout and the policy through every command (issue 10). Every key
//! derivation here uses the production parameters (64 MiB, t=3, p=4), so they are few; time
//! is injected, so no test waits for the lock to end.

use chrono::{DateTime, Duration, Utc};
use daftar::auth::kdf::{KdfParams, derivations_on_this_thread};
use daftar::auth::login::{LOCK_FOR, MAX_FAILURES};
use daftar::auth::{AccountProblem, LoggedIn, LoginRefusal, PasswordProblem, Role, SecretString, Session};
use daftar::error::Error;
use daftar::store::Store;

use crate::support::{ADMIN, ADMIN_PASSWORD, Harness, create_store, daftar, daftar_as, daftar_command, data};

fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().with_timezone(&Utc)
}

/// A new store with its administrator (one derivation), and the admin's session (one more).
fn store_with_admin(dir: &tempfile::TempDir) -> (Store, Session) {
    let path = dir.path().join("store");
    let (store, admin, _) =
        Store::create_with_admin(&path, ADMIN, "Amina Benali أمينة", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0())
            .unwrap();
    assert_eq!(admin.role, Role::Administrator);
    let session = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), t0()).unwrap().into_session();
    (store, session)
}

fn login_refusal(r: daftar::error::Result<LoggedIn>) -> LoginRefusal {
    match r {
        Err(Error::Login(refusal)) => refusal,
        other => panic!("expected a refused login, got {other:?}"),
    }
}

fn account_problem<T: std::fmt::Debug>(r: daftar::error::Result<T>) -> AccountProblem {
    match r {
        Err(Error::Account(p)) => p,
        other => panic!("expected an account refusal, got {other:?}"),
    }
}

#[test]
fn a_new_store_is_created_with_its_administrator_and_current_params() {
    let dir = tempfile::tempdir().unwrap();
    let (store, session) = store_with_admin(&dir);
    assert_eq!(session.role, Role::Administrator);
    assert_eq!(session.full_name, "Amina Benali أمينة");
    let accounts = store.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    let c = &accounts[0].credential;
    assert_eq!(c.params, KdfParams::CURRENT);
    assert!(c.params.m_kib >= 65_536 && c.params.t >= 3 && c.params.p >= 4);
    assert_ne!(c.salt, [0; 16]);
    // No temporary copy is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("store")]);
    // A second creation at the same place is refused.
    let again = Store::create_with_admin(store.path(), "other", "O", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), t0());
    assert_eq!(account_problem(again.map(|_| ())), AccountProblem::StoreHasAccounts);
}

#[test]
fn a_refused_first_account_leaves_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let before = derivations_on_this_thread();
    let short = Store::create_with_admin(&path, "amina", "Amina", &pw("short"), &pw("short"), t0());
    assert!(matches!(short, Err(Error::Password(PasswordProblem::TooShort))));
    let differ =
        Store::create_with_admin(&path, "amina", "Amina", &pw("river stone 42 tea"), &pw("river stone 42 te"), t0());
    assert!(matches!(differ, Err(Error::Password(PasswordProblem::Mismatch))));
    let bad =
        Store::create_with_admin(&path, "amina b", "Amina", &pw("river stone 42 tea"), &pw("river stone 42 tea"), t0());
    assert!(matches!(bad, Err(Error::Account(AccountProblem::UsernameBadChar(6)))));
    let huge = "x".repeat(1 << 20);
    let paste = Store::create_with_admin(&path, "amina", "Amina", &pw(&huge), &pw(&huge), t0());
    assert!(matches!(paste, Err(Error::Password(PasswordProblem::TooLong))));
    // Refused before any derivation, and nothing written.
    assert_eq!(derivations_on_this_thread(), before);
    assert!(!path.exists());
}

#[test]
fn unknown_user_and_wrong_password_are_one_refusal_after_one_derivation_each() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = store_with_admin(&dir);
    let before = derivations_on_this_thread();
    let unknown = login_refusal(store.log_in("nobody", &pw(ADMIN_PASSWORD), t0()));
    assert_eq!(derivations_on_this_thread(), before + 1);
    let wrong = login_refusal(store.log_in(ADMIN, &pw("not the password at all"), t0()));
    assert_eq!(derivations_on_this_thread(), before + 2);
    assert_eq!(unknown, LoginRefusal::WrongCredentials);
    assert_eq!(wrong, unknown);
    for lang in daftar::i18n::Lang::ALL {
        assert_eq!(unknown.text(lang), wrong.text(lang));
    }
    // A bad username is an unknown one, with the same cost.
    assert_eq!(login_refusal(store.log_in("has space", &pw("x"), t0())), LoginRefusal::WrongCredentials);
    assert_eq!(derivations_on_this_thread(), before + 3);
    // A 1 MB paste is refused before any hashing.
    let huge = "x".repeat(1 << 20);
    assert_eq!(login_refusal(store.log_in(ADMIN, &pw(&huge), t0())), LoginRefusal::TooLong);
    assert_eq!(derivations_on_this_thread(), before + 3);
    // Usernames compare case-folded.
    assert!(store.log_in("ADMIN", &pw(ADMIN_PASSWORD), t0()).is_ok());
}

#[test]
fn five_failures_lock_for_fifteen_minutes_across_a_restart_and_an_admin_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let (store, admin) = store_with_admin(&dir);
    let (karim, temporary) = store.add_account(&admin, "karim", "Karim", Role::Interviewer, t0()).unwrap();
    let own = "tea by the window 9";
    let s = store.log_in("karim", &temporary, t0()).unwrap();
    let LoggedIn::MustChangePassword(s) = s else { panic!("a temporary password must be changed") };
    store.change_password(&s, &temporary, &pw(own), &pw(own), t0()).unwrap();
    for i in 1..MAX_FAILURES {
        assert_eq!(
            login_refusal(store.log_in("karim", &pw("wrong guess number"), t0())),
            LoginRefusal::WrongCredentials,
            "{i}"
        );
    }
    let until = t0() + LOCK_FOR;
    assert_eq!(login_refusal(store.log_in("karim", &pw("wrong guess number"), t0())), LoginRefusal::Locked { until });
    assert_eq!(LOCK_FOR, Duration::minutes(15));
    // The lock is said with its end.
    let words = LoginRefusal::Locked { until }.text(daftar::i18n::Lang::En);
    let local = until.with_timezone(&chrono::Local).format("%H:%M").to_string();
    assert!(words.contains(&local), "{words}");
    // It survives closing and opening the store.
    let path = store.path().to_path_buf();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.login_failures_of("karim").unwrap().unwrap().1, Some(until));
    let _ = &karim;
    // The right password is refused while locked, without saying it was right.
    let before = derivations_on_this_thread();
    assert_eq!(
        login_refusal(store.log_in("karim", &pw(own), t0() + Duration::minutes(14))),
        LoginRefusal::Locked { until }
    );
    assert_eq!(derivations_on_this_thread(), before + 1);
    // After 15 minutes it works again, and resets the count.
    assert!(matches!(store.log_in("karim", &pw(own), until + Duration::seconds(1)), Ok(LoggedIn::Ready(_))));
    assert_eq!(store.account(&karim.id).unwrap().unwrap().failed_in_a_row, 0);
    // Locked again, then unlocked at once by an administrator.
    let later = until + Duration::minutes(1);
    for _ in 0..MAX_FAILURES {
        let _ = store.log_in("karim", &pw("wrong guess number"), later);
    }
    assert!(store.account(&karim.id).unwrap().unwrap().locked_at(later).is_some());
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), later).unwrap().into_session();
    store.unlock_account(&admin, "Karim").unwrap();
    assert!(matches!(store.log_in("karim", &pw(own), later), Ok(LoggedIn::Ready(_))));
}

#[test]
fn disabled_temporary_and_expired_accounts_are_refused_as_they_should() {
    let dir = tempfile::tempdir().unwrap();
    let (store, admin) = store_with_admin(&dir);
    let (_, temporary) = store.add_account(&admin, "sara", "سارة", Role::Supervisor, t0()).unwrap();
    // An expired temporary password: 72 hours.
    let late = t0() + Duration::hours(73);
    assert_eq!(login_refusal(store.log_in("sara", &temporary, late)), LoginRefusal::TemporaryExpired);
    // A reset gives a new one, which must be changed.
    let temporary = store.reset_password(&admin, "sara", late).unwrap();
    let LoggedIn::MustChangePassword(s) = store.log_in("sara", &temporary, late).unwrap() else { panic!() };
    assert!(matches!(
        store.change_password(
            &s,
            &pw("not the temporary one"),
            &pw("a new long secret"),
            &pw("a new long secret"),
            late
        ),
        Err(Error::Account(AccountProblem::WrongCurrentPassword))
    ));
    assert!(matches!(
        store.change_password(&s, &temporary, &pw("a new long secret"), &pw("a new long secreT"), late),
        Err(Error::Password(PasswordProblem::Mismatch))
    ));
    assert!(matches!(
        store.change_password(&s, &temporary, &pw("sara is my name"), &pw("sara is my name"), late),
        Err(Error::Password(PasswordProblem::ContainsUsername))
    ));
    store.change_password(&s, &temporary, &pw("a new long secret"), &pw("a new long secret"), late).unwrap();
    // Disabled: refused; said to be disabled only to the right password (a wrong one is only
    // wrong, so nobody learns without the password that the account exists and is disabled).
    store.disable_account(&admin, "sara").unwrap();
    assert_eq!(login_refusal(store.log_in("sara", &pw("a new long secret"), late)), LoginRefusal::Disabled);
    assert_eq!(login_refusal(store.log_in("sara", &pw("a wrong long secret"), late)), LoginRefusal::WrongCredentials);
    // Enabled again: its key wrap went with the disabling, so its old password opens nothing
    // and it is given a temporary one, which logs in and must be changed.
    let (_, temporary) = store.enable_account(&admin, "sara", late).unwrap();
    let temporary = temporary.expect("a store with a key gives a temporary password on enabling");
    assert_eq!(login_refusal(store.log_in("sara", &pw("a new long secret"), late)), LoginRefusal::WrongCredentials);
    let LoggedIn::MustChangePassword(s) = store.log_in("sara", &temporary, late).unwrap() else { panic!() };
    store.change_password(&s, &temporary, &pw("a new long secret"), &pw("a new long secret"), late).unwrap();
    assert!(matches!(store.log_in("sara", &pw("a new long secret"), late), Ok(LoggedIn::Ready(_))));
}

#[test]
fn the_last_administrator_stays_and_usernames_are_unique_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, admin) = store_with_admin(&dir);
    assert_eq!(account_problem(store.disable_account(&admin, ADMIN)), AccountProblem::LastAdministrator);
    assert_eq!(account_problem(store.set_role(&admin, ADMIN, Role::Supervisor)), AccountProblem::LastAdministrator);
    assert_eq!(
        account_problem(store.add_account(&admin, "ADMIN", "Other", Role::Interviewer, t0())),
        AccountProblem::UsernameTaken
    );
    assert_eq!(
        account_problem(store.add_account(&admin, "", "Other", Role::Interviewer, t0())),
        AccountProblem::UsernameEmpty
    );
    assert_eq!(
        account_problem(store.add_account(&admin, "a b", "Other", Role::Interviewer, t0())),
        AccountProblem::UsernameBadChar(2)
    );
    assert_eq!(
        account_problem(store.add_account(&admin, "tab\there", "Other", Role::Interviewer, t0())),
        AccountProblem::UsernameBadChar(4)
    );
    assert_eq!(
        account_problem(store.add_account(&admin, "omar", " ", Role::Interviewer, t0())),
        AccountProblem::FullNameEmpty
    );
    assert_eq!(account_problem(store.disable_account(&admin, "ghost")), AccountProblem::NoSuchAccount("ghost".into()));
    assert_eq!(daftar::auth::account::parse_role("boss"), Err(AccountProblem::UnknownRole("boss".into())));
    // With a second administrator, the first may be demoted; accounts are never deleted. (Added
    // now: one whose temporary password expired could not log in, and does not count.)
    let (_, _) = store.add_account(&admin, "omar", "Omar", Role::Administrator, Utc::now()).unwrap();
    store.set_role(&admin, ADMIN, Role::Supervisor).unwrap();
    assert_eq!(store.accounts().unwrap().len(), 2);
    assert_eq!(store.idle_minutes().unwrap(), 10);
}

#[test]
fn account_operations_ask_the_policy_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let (store, admin) = store_with_admin(&dir);
    let (_, temporary) = store.add_account(&admin, "karim", "Karim", Role::Interviewer, t0()).unwrap();
    let karim = store.log_in("karim", &temporary, t0()).unwrap().into_session();
    assert!(matches!(store.add_account(&karim, "x", "X", Role::Administrator, t0()), Err(Error::Refused { .. })));
    assert!(matches!(store.set_role(&karim, "karim", Role::Administrator), Err(Error::Refused { .. })));
    assert!(matches!(store.unlock_account(&karim, "karim"), Err(Error::Refused { .. })));
    assert!(matches!(store.set_idle_minutes(&karim, 5), Err(Error::Refused { .. })));
    assert_eq!(account_problem(store.set_idle_minutes(&admin, 61)), AccountProblem::IdleMinutesOutOfRange);
    assert_eq!(account_problem(store.set_idle_minutes(&admin, 0)), AccountProblem::IdleMinutesOutOfRange);
    store.set_idle_minutes(&admin, 25).unwrap();
    assert_eq!(store.idle_minutes().unwrap(), 25);
}

// ---- the commands ----

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `daftar init` with the password on standard input.
fn init(store: &std::path::Path, admin: &str, name: &str, password: &str) -> std::process::Output {
    let args = ["init", "--admin", admin, "--name", name, "--password-stdin"];
    crate::support::output_with_stdin(daftar_command(store).args(args), &format!("{password}\n"))
}

#[test]
fn init_creates_upgrades_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    // A 1 MB paste is refused with the limit's words, and no store is made.
    let huge = "x".repeat(1 << 20);
    assert!(refused(&init(&path, "amina", "Amina", &huge)).contains("at most 1024 characters"));
    // Cut inside a character, it is still too long, not "not UTF-8".
    let arabic = "ك".repeat(1 << 19);
    assert!(refused(&init(&path, "amina", "Amina", &arabic)).contains("at most 1024 characters"));
    assert!(refused(&init(&path, "amina", "Amina", "amina is here ok")).contains("must not contain the username"));
    assert!(refused(&init(&path, "amina", "Amina", "1qaz2wsx3edc")).contains("most common"));
    assert!(refused(&init(&path, "ami na", "Amina", ADMIN_PASSWORD)).contains("spaces or control characters"));
    assert!(!path.exists());
    assert!(ok(&init(&path, "amina", "أمينة بن علي", ADMIN_PASSWORD)).contains("Created the store"));
    assert!(refused(&init(&path, "omar", "Omar", ADMIN_PASSWORD)).contains("already has accounts"));
    // A store from before accounts: commands say how to give it one, init upgrades it.
    let old = dir.path().join("old");
    create_store(&old);
    let said = refused(&daftar_as(&old, "amina", ADMIN_PASSWORD, &["export"]));
    assert!(said.contains("has no account yet") && said.contains("daftar init"), "{said}");
    assert!(ok(&init(&old, "amina", "Amina", ADMIN_PASSWORD)).contains("now has its first administrator"));
    ok(&daftar_as(&old, "amina", ADMIN_PASSWORD, &["export"]));
}

#[test]
fn a_command_without_user_says_how_to_give_one_and_text_needs_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    crate::support::give_admin(&path);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("DAFTAR_USER")
        .arg("--store")
        .arg(&path)
        .arg("export")
        .output()
        .unwrap();
    let said = refused(&out);
    assert!(said.contains("--user") && said.contains("DAFTAR_USER") && said.contains("compte"), "{said}");
    // forms check reads no store and needs no login.
    ok(&daftar(&path, &["forms", "check", data("forms/valid_training.toml").to_str().unwrap()]));
}

/// Every command that reads or writes the store, for each role: refused or allowed as the
/// policy says, and the refusal names the role needed.
#[test]
fn every_command_asks_the_policy_for_every_role() {
    use daftar::auth::{Action, allowed};
    let dir = tempfile::tempdir().unwrap();
    let (store, admin) = store_with_admin(&dir);
    let path = store.path().to_path_buf();
    let mut users = vec![(Role::Administrator, ADMIN.to_string(), ADMIN_PASSWORD.to_string())];
    for (role, name) in [(Role::Interviewer, "ines"), (Role::Supervisor, "samir")] {
        let (_, temporary) = store.add_account(&admin, name, name, role, t0()).unwrap();
        let s = store.log_in(name, &temporary, t0()).unwrap().into_session();
        let own = format!("{name} chose this long one");
        let own = own.replacen(name, "someone", 1);
        store.change_password(&s, &temporary, &pw(&own), &pw(&own), t0()).unwrap();
        users.push((role, name.to_string(), own));
    }
    drop(store);
    // A header only: an import that adds nothing, so every role's run finds the same store.
    let participants = dir.path().join("people.csv");
    std::fs::write(&participants, "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n").unwrap();
    let form = data("forms/valid_training.toml");
    for (role, user, password) in &users {
        let backup_dir = dir.path().join(format!("backup-{user}"));
        let salvaged = dir.path().join(format!("salvaged-{user}"));
        let commands: Vec<(Action, Vec<String>)> = vec![
            (Action::Export, vec!["export".into()]),
            (Action::ListForms, vec!["forms".into(), "list".into()]),
            (Action::RebuildIndex, vec!["index".into(), "rebuild".into()]),
            (Action::Backup, vec!["backup".into(), backup_dir.display().to_string()]),
            (
                Action::Backup,
                vec!["store".into(), "salvage".into(), path.display().to_string(), salvaged.display().to_string()],
            ),
            (Action::ManageAccounts, vec!["users".into(), "list".into()]),
            (Action::InstallForms, vec!["forms".into(), "install".into(), form.display().to_string()]),
            (Action::Import, vec!["import".into(), "participants".into(), participants.display().to_string()]),
        ];
        for (action, args) in commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = daftar_as(&path, user, password, &args);
            if allowed(*role, action) {
                ok(&out);
            } else {
                let said = refused(&out);
                assert!(said.contains("Refused") && said.contains(role.name()), "{user} {args:?}: {said}");
                assert!(!salvaged.exists(), "a refused salvage leaves nothing");
                assert!(!backup_dir.exists() || std::fs::read_dir(&backup_dir).unwrap().next().is_none());
            }
        }
    }
}

#[test]
fn users_commands_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    ok(&init(&path, ADMIN, "Admin", ADMIN_PASSWORD));
    let added = ok(&daftar_as(
        &path,
        ADMIN,
        ADMIN_PASSWORD,
        &["users", "add", "karim", "--role", "interviewer", "--name", "كريم"],
    ));
    let temporary = added.lines().last().unwrap().to_string();
    assert_eq!(temporary.len(), 19, "{added}");
    assert!(
        refused(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "add", "x", "--role", "boss", "--name", "X"]))
            .contains("Unknown role boss")
    );
    assert!(
        refused(&daftar_as(
            &path,
            ADMIN,
            ADMIN_PASSWORD,
            &["users", "add", "Karim", "--role", "supervisor", "--name", "K"]
        ))
        .contains("already taken")
    );
    assert!(
        refused(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "disable", ADMIN]))
            .contains("last active administrator")
    );
    // A temporary password cannot run a command before it is changed.
    assert!(refused(&daftar_as(&path, "karim", &temporary, &["forms", "list"])).contains("temporary"));
    // What the role may never do is refused as such, temporary password or not.
    assert!(refused(&daftar_as(&path, "karim", &temporary, &["export"])).contains("Refused: karim is interviewer"));
    ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "set-role", "karim", "supervisor"]));
    ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "disable", "karim"]));
    assert!(refused(&daftar_as(&path, "karim", &temporary, &["export"])).contains("disabled"));
    ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "enable", "karim"]));
    let reset = ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "reset-password", "karim"]));
    let second = reset.lines().last().unwrap();
    assert_ne!(second, temporary);
    let list = ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "list"]));
    assert!(list.contains("karim\tsupervisor\tactive\tكريم\ttemporary password"), "{list}");
    // Five wrong passwords lock; the lock is said with its end; unlock ends it.
    for _ in 0..5 {
        refused(&daftar_as(&path, "karim", "not it at all, sorry", &["export"]));
    }
    let said = refused(&daftar_as(&path, "karim", second, &["export"]));
    assert!(said.contains("locked") && said.contains("until"), "{said}");
    assert!(ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "list"])).contains("locked until"));
    ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["users", "unlock", "karim"]));
    assert!(refused(&daftar_as(&path, "karim", second, &["forms", "list"])).contains("temporary"));
}

#[test]
fn the_lock_is_waited_out_with_the_injected_clock_of_a_debug_build() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    ok(&init(&path, ADMIN, "Admin", ADMIN_PASSWORD));
    let at = |when: &str, password: &str| {
        let mut command = daftar_command(&path);
        command.env("DAFTAR_TEST_NOW", when).args(["--user", ADMIN, "--password-stdin", "users", "list"]);
        crate::support::output_with_stdin(&mut command, &format!("{password}\n"))
    };
    for _ in 0..5 {
        refused(&at("2026-03-01T09:00:00Z", "not it at all, sorry"));
    }
    assert!(refused(&at("2026-03-01T09:14:00Z", ADMIN_PASSWORD)).contains("locked"));
    ok(&at("2026-03-01T09:15:01Z", ADMIN_PASSWORD));
}

/// The password is given on standard input only: it is in no file under the store, in no
/// argument or environment variable of the process, and in no output.
#[test]
fn the_password_is_in_no_file_no_argument_and_no_output() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let secret = "unmistakable zebra 4417 phrase";
    ok(&init(&path, ADMIN, "Admin", secret));
    let mut child = daftar_command(&path)
        .args(["--user", ADMIN, "--password-stdin", "users", "add", "karim", "--role", "interviewer", "--name", "K"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let proc_dir = std::path::PathBuf::from(format!("/proc/{}", child.id()));
    let cmdline = std::fs::read(proc_dir.join("cmdline")).unwrap_or_default();
    let environ = std::fs::read(proc_dir.join("environ")).unwrap_or_default();
    child.stdin.take().unwrap().write_all(format!("{secret}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let temporary = ok(&out).lines().last().unwrap().to_string();
    let needles = [secret.as_bytes(), temporary.as_bytes()];
    assert!(!String::from_utf8_lossy(&cmdline).contains(secret));
    assert!(!String::from_utf8_lossy(&environ).contains(secret));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
    let mut files = vec![path.clone()];
    let mut seen = 0;
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&p).unwrap().read_to_end(&mut bytes).unwrap();
        seen += 1;
        for needle in needles {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{} holds a password", p.display());
        }
    }
    assert!(seen > 0);
}

#[test]
fn a_store_from_before_accounts_is_upgraded_by_init_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::store_before_accounts(dir.path());
    let said = refused(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["export"]));
    assert!(said.contains("has no account yet") && said.contains("daftar init"), "{said}");
    assert!(ok(&init(&path, ADMIN, "Admin", ADMIN_PASSWORD)).contains("now has its first administrator"));
    let export = ok(&daftar_as(&path, ADMIN, ADMIN_PASSWORD, &["export"]));
    assert!(export.contains("\"file_number\":\"F-0153\"") && export.contains("سعيد العلمي"), "{export}");
    assert!(refused(&init(&path, "other", "Other", ADMIN_PASSWORD)).contains("already has accounts"));
    let store = crate::support::open_as_admin(&path);
    // Its participant keeps the interviewer's name of the old store, as recorded before accounts.
    let said = store.participants().unwrap().remove(0);
    assert_eq!(said.registered_by, daftar::store::Author::BeforeAccounts("Fatima Zahra".into()));
    assert_eq!(store.accounts().unwrap().len(), 1);
}

#[test]
fn the_app_asks_the_policy_of_the_session_it_logged_in() {
    use daftar::auth::Action;
    let h = Harness::logged_in(Role::Interviewer);
    let session = h.app.state.session.as_ref().unwrap();
    assert_eq!(session.full_name, "Ilyas Interviewer");
    assert_eq!(session.role, Role::Interviewer);
    assert!(h.app.state.may(Action::TakeInterview));
    assert!(!h.app.state.may(Action::ChangeStage));
    assert!(!h.app.state.may(Action::ManageAccounts));
}
