//! Issue 10, through the keys on a TestBackend: the first run (the store and its administrator),
//! the login at every start (wrong, unknown, locked, disabled, temporary, expired), the idle lock
//! and its resume with injected ticks, Ctrl-L, logging out, and that no password reaches a file.
//! Every key derivation here is a real one (64 MiB, t=3, p=4): the tests keep them few.

use chrono::{DateTime, Duration, Utc};
use daftar::app::{FirstRunField, Screen};
use daftar::auth::{Role, SecretString};
use daftar::i18n::Lang;
use daftar::store::{Answer, Store};
use ratatui::crossterm::event::KeyCode;

use crate::support::{ADMIN, ADMIN_PASSWORD, Harness, assert_hides, assert_shows, buffer_text, shown};

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T09:00:00Z").unwrap().with_timezone(&Utc)
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

/// Deletes `n` characters before the cursor (or of a password field).
fn backspaces(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.press(KeyCode::Backspace);
    }
}

fn on_home(h: &Harness) -> bool {
    matches!(h.app.state.screen, Screen::Home(_))
}

fn on_login(h: &Harness) -> bool {
    matches!(h.app.state.screen, Screen::Login(_))
}

// ---- The first run ----

#[test]
fn the_first_run_refuses_each_bad_input_under_its_field_and_writes_nothing_until_it_is_right() {
    let mut h = Harness::first_run_of_a_new_store(Lang::En);
    let path = h.store_path();
    let screen = h.screen();
    assert_shows(&screen, "This creates the register and its first account, its administrator.");
    assert_shows(&screen, "Username");
    assert_shows(&screen, "Full name");
    h.enter();
    assert_shows(&h.screen(), "The username is empty.");
    h.type_text("ami na").enter();
    assert_shows(&h.screen(), "The username may not hold spaces or control characters (character 4).");
    backspaces(&mut h, 6);
    h.type_text("amina").enter();
    assert_eq!(first_run_focus(&h), FirstRunField::FullName);
    h.enter();
    assert_shows(&h.screen(), "The full name is empty.");
    h.paste("أمينة بن علي").enter();
    assert_eq!(first_run_focus(&h), FirstRunField::Password);
    h.type_text("too short").enter();
    let screen = h.screen();
    assert_shows(&screen, "The password must have at least 12 characters.");
    // A refused password is emptied (session 16): the next try starts from an empty field.
    assert_hides(&screen, "•");
    assert_hides(&screen, "too short");
    h.type_text("1qaz2wsx3edc").enter();
    assert_shows(&h.screen(), "This password is among the most common ones; choose another.");
    h.type_text("AMINA keeps the register").enter();
    assert_shows(&h.screen(), "The password must not contain the username.");
    h.type_text("lantern orchard 7 river").enter();
    assert_eq!(first_run_focus(&h), FirstRunField::Again);
    h.type_text("lantern orchard 7 rivers").enter();
    assert_shows(&h.screen(), "The two passwords differ.");
    assert!(!path.exists(), "nothing is written while any field is refused");
    assert!(h.app.store().is_none());
    // Corrected, both typed again: the store is made with its administrator, who is logged in
    // on Home.
    assert_eq!(first_run_focus(&h), FirstRunField::Password);
    h.type_text("lantern orchard 7 river").enter().type_text("lantern orchard 7 river").enter();
    // The recovery key is shown once, over everything, until its last group is typed back.
    let screen = h.screen();
    assert_shows(&screen, "The store's recovery key, shown only this once.");
    let key = crate::support::recovery_key_on(&screen).unwrap();
    let first_group = key.split('-').next().unwrap().to_string();
    h.type_text(&first_group).enter();
    let screen = h.screen();
    assert_shows(&screen, "That is not its last group.");
    assert_eq!(crate::support::recovery_key_on(&screen).as_deref(), Some(key.as_str()), "still shown");
    assert!(h.store().holds_key());
    assert_eq!(h.type_back_recovery_key(), key);
    let screen = h.screen();
    assert!(crate::support::recovery_key_on(&screen).is_none(), "shown only once: {screen}");
    assert!(on_home(&h), "{screen}");
    assert_shows(&screen, "No participants yet");
    let session = h.app.state.session.as_ref().unwrap();
    assert_eq!((session.username.as_str(), session.role), ("amina", Role::Administrator));
    let account = h.store().account_by_username("amina").unwrap().unwrap();
    assert_eq!(account.full_name, "أمينة بن علي");
    assert_eq!(h.store().accounts().unwrap().len(), 1);
}

fn first_run_focus(h: &Harness) -> FirstRunField {
    match &h.app.state.screen {
        Screen::FirstRun(first) => first.focus,
        _ => panic!("not on the first run"),
    }
}

#[test]
fn the_first_run_speaks_french_and_arabic() {
    let mut h = Harness::first_run_of_a_new_store(Lang::Fr);
    h.enter();
    assert_shows(&h.screen(), "Le nom d'utilisateur est vide.");
    h.type_text("amina").enter().paste("Amina").enter().type_text("court").enter();
    assert_shows(&h.screen(), "Le mot de passe doit avoir au moins 12 caractères.");
    let mut h = Harness::first_run_of_a_new_store(Lang::Ar);
    h.enter();
    assert_shows(&h.screen(), &shown("اسم المستخدم فارغ."));
}

#[test]
fn a_store_from_before_accounts_gets_its_administrator_on_the_first_run_and_keeps_its_records() {
    let mut h = Harness::prepared(Lang::En, None, 80, 24, None, |store| {
        let p = daftar::synth::participant(&mut daftar::synth::Rng::new(4), 1, crate::support::today());
        store.register(&p, crate::support::today()).unwrap();
    });
    let name = h.store().participants().unwrap()[0].name_latin.clone();
    let screen = h.screen();
    assert_shows(&screen, "This register was made before accounts");
    assert_hides(&screen, &name);
    h.first_run("amina", "Amina Benali", ADMIN_PASSWORD);
    assert_shows(&h.screen(), &name);
    assert!(h.store().account_by_username("amina").unwrap().is_some());
}

// ---- The login ----

/// A store with its administrator and one registered participant, on the login screen.
fn at_login() -> (Harness, String) {
    let p = daftar::synth::participant(&mut daftar::synth::Rng::new(7), 1, crate::support::today());
    // Read before: the login screen holds no key, so the store cannot be read now.
    let name = p.name_latin.clone();
    let h = Harness::at_login(Lang::En, move |store| {
        store.register(&p, crate::support::today()).unwrap();
    });
    (h, name)
}

#[test]
fn no_key_gets_past_the_login_screen() {
    let (mut h, name) = at_login();
    let screen = h.screen();
    assert!(on_login(&h));
    assert_shows(&screen, "Log in");
    assert_hides(&screen, &name);
    // Home's keys type into the username; Tab, arrows, a paste, F1 and Esc change no screen.
    h.type_text("nd/s").tab().press(KeyCode::Down).press(KeyCode::Enter);
    h.press(KeyCode::F(1)).press(KeyCode::Esc).paste("x");
    assert!(on_login(&h));
    assert!(h.app.state.session.is_none());
    assert!(!h.app.state.directory_loaded && h.app.state.directory.is_empty(), "nothing is read before a login");
    assert_hides(&h.screen(), &name);
    // Esc quits.
    h.tab().press(KeyCode::Esc);
    assert!(h.app.state.quit);
}

#[test]
fn a_wrong_password_and_an_unknown_username_say_the_same_and_the_password_is_masked() {
    let (mut h, name) = at_login();
    h.tick(t0());
    h.type_text(ADMIN).enter().type_text("not the password at all");
    let screen = h.screen();
    assert_shows(&screen, "•••••••••••••••••••••••");
    assert_hides(&screen, "not the password");
    h.enter();
    let wrong = h.screen();
    assert_shows(&wrong, "Wrong username or password.");
    assert!(on_login(&h) && h.app.state.session.is_none());
    // The password field is empty again; the username stays.
    assert_hides(&wrong, "•");
    h.shift_tab();
    backspaces(&mut h, ADMIN.len());
    h.type_text("nobody").enter().type_text(ADMIN_PASSWORD).enter();
    let unknown = h.screen();
    assert_shows(&unknown, "Wrong username or password.");
    assert_eq!(message_row(&wrong), message_row(&unknown), "the same message in the same place");
    // Right at last: Home, with the participant.
    h.shift_tab();
    backspaces(&mut h, 6);
    h.log_in_keys(ADMIN, ADMIN_PASSWORD);
    assert!(on_home(&h));
    assert_shows(&h.screen(), &name);
}

fn message_row(screen: &str) -> String {
    screen.lines().find(|l| l.contains("Wrong username or password.")).unwrap_or_default().to_string()
}

#[test]
fn five_failures_lock_the_account_with_its_end_in_local_time_until_the_clock_passes_it() {
    let (mut h, _) = at_login();
    h.tick(t0());
    h.type_text(ADMIN).enter();
    for _ in 0..4 {
        h.type_text("wrong password here").enter();
        assert_shows(&h.screen(), "Wrong username or password.");
    }
    h.type_text("wrong password here").enter();
    let until = (t0() + Duration::minutes(15)).with_timezone(&chrono::Local).format("%H:%M").to_string();
    let locked = h.screen();
    assert_shows(&locked, "This account is locked after too many failed logins, until");
    assert_shows(&locked, &until);
    assert_shows(&locked, "An administrator can unlock it now.");
    // The right password, while locked, is refused the same way.
    h.tick(t0() + Duration::minutes(14));
    h.type_text(ADMIN_PASSWORD).enter();
    assert_shows(&h.screen(), &until);
    assert!(h.app.state.session.is_none());
    // Once the clock has passed the lock's end, the login goes through.
    h.tick(t0() + Duration::minutes(16));
    h.type_text(ADMIN_PASSWORD).enter();
    assert!(on_home(&h), "{}", h.screen());
}

#[test]
fn a_disabled_account_is_refused_with_its_message() {
    let mut h = Harness::at_login_with(Lang::En, Role::Interviewer, |store| {
        let admin = store.log_in(ADMIN, &secret(ADMIN_PASSWORD), Utc::now()).unwrap().into_session();
        store.disable_account(&admin, "ilyas").unwrap();
    });
    h.log_in_keys("ilyas", ADMIN_PASSWORD);
    assert_shows(&h.screen(), "This account is disabled. Ask an administrator.");
    assert!(on_login(&h) && h.app.state.session.is_none());
}

#[test]
fn a_temporary_password_must_be_changed_before_anything_else() {
    let temporary = std::cell::RefCell::new(String::new());
    let mut h = Harness::at_login(Lang::En, |store| {
        let admin = store.log_in(ADMIN, &secret(ADMIN_PASSWORD), Utc::now()).unwrap().into_session();
        let (_, pw) = store.add_account(&admin, "nadia", "Nadia N", Role::Interviewer, Utc::now()).unwrap();
        use daftar::auth::ExposeSecret;
        *temporary.borrow_mut() = pw.expose_secret().to_string();
    });
    let temporary = temporary.into_inner();
    h.log_in_keys("nadia", &temporary);
    let screen = h.screen();
    assert_shows(&screen, "Choose your password");
    assert_shows(&screen, "Your password was temporary");
    // Nothing else is reachable: Home's keys go into the password, Esc quits.
    h.type_text("short").enter();
    assert_shows(&h.screen(), "The password must have at least 12 characters.");
    assert!(on_login(&h));
    backspaces(&mut h, 5);
    h.type_text("an own long password 9").enter().type_text("an own long password 9").enter();
    assert!(on_home(&h), "{}", h.screen());
    let account = h.store().account_by_username("nadia").unwrap().unwrap();
    assert!(!account.must_change_password);
    // The new password is the one that logs in now.
    let store = h.store();
    assert!(store.log_in("nadia", &secret("an own long password 9"), Utc::now()).is_ok());
}

#[test]
fn an_expired_temporary_password_is_refused_with_its_message() {
    let temporary = std::cell::RefCell::new(String::new());
    let mut h = Harness::at_login(Lang::En, |store| {
        let admin = store.log_in(ADMIN, &secret(ADMIN_PASSWORD), Utc::now()).unwrap().into_session();
        let long_ago = Utc::now() - Duration::hours(73);
        let (_, pw) = store.add_account(&admin, "nadia", "Nadia N", Role::Interviewer, long_ago).unwrap();
        use daftar::auth::ExposeSecret;
        *temporary.borrow_mut() = pw.expose_secret().to_string();
    });
    h.log_in_keys("nadia", &temporary.into_inner());
    let screen = h.screen();
    // Wrapped under the password field, never cut.
    assert_shows(&screen, "This temporary password has expired.");
    assert_shows(&screen, "Ask an administrator for a new");
    assert!(h.app.state.session.is_none());
}

#[test]
fn a_megabyte_pasted_into_the_password_is_refused_without_any_hashing() {
    let (mut h, _) = at_login();
    h.type_text(ADMIN).enter();
    h.paste(&"x".repeat(1 << 20));
    let screen = h.screen();
    assert_shows(&screen, "The password may have at most 1024 characters.");
    assert_hides(&screen, "•");
    h.enter();
    assert!(h.app.state.session.is_none());
    let (failed_in_a_row, _) = h.store().login_failures_of(ADMIN).unwrap().unwrap();
    assert_eq!(failed_in_a_row, 0, "no login was tried");
    // (`last_login` is sealed with the account now, unreadable on the login screen: the count of
    // failures, plain, is what shows no login was tried.)
}

#[test]
fn the_login_screen_works_in_french_and_arabic() {
    let mut h = Harness::at_login(Lang::Fr, |_| {});
    assert_shows(&h.screen(), "Nom d'utilisateur");
    h.log_in_keys(ADMIN, "mauvais mot de passe");
    assert_shows(&h.screen(), "Nom d'utilisateur ou mot de passe incorrect.");
    let mut h = Harness::at_login(Lang::Ar, |_| {});
    assert_shows(&h.screen(), &shown("اسم المستخدم"));
    // Latin keys stay as typed in the username and the password (no Arabic layer there).
    h.log_in_keys(ADMIN, ADMIN_PASSWORD);
    assert!(on_home(&h), "{}", h.screen());
}

// ---- The idle lock ----

/// Logged in as the administrator (password [`ADMIN_PASSWORD`]), a participant registered and
/// an intake open with "Tunisi" typed into its first question, not yet accepted; the clock at
/// [`t0`].
fn typing_in_an_intake() -> Harness {
    let mut h = Harness::new();
    h.tick(t0());
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153").start_intake();
    h.type_text("Tunisi");
    assert_shows(&h.screen(), "Tunisi");
    h
}

fn saved_nationality(h: &Harness) -> Option<Answer> {
    crate::support::with_admin_key(h.store(), |store| store.all_interviews().unwrap())
        .pop()
        .and_then(|d| d.answers.get("nationality").cloned())
}

/// Whether the whole drawn screen shows nothing of the participant.
fn covered(h: &mut Harness) -> String {
    let screen = h.screen();
    let text = buffer_text(&h.buffer());
    for name in ["Ahmed", "Ben Ali", "Tunisi", "F-2024/0153", "Nationality"] {
        assert!(!text.contains(name), "{name:?} visible on the lock screen:\n{text}");
    }
    assert!(!text.contains(&shown("أحمد بن علي")) && !text.contains("أحمد"), "{text}");
    screen
}

#[test]
fn idle_time_covers_the_screen_saves_the_draft_and_the_password_resumes_exactly_there() {
    let mut h = typing_in_an_intake();
    // A key at 5 minutes starts the idle time again.
    h.tick(t0() + Duration::minutes(5));
    h.press(KeyCode::Left).press(KeyCode::Right);
    h.tick(t0() + Duration::minutes(14));
    assert!(h.app.state.lock.is_none(), "9 minutes since the last key");
    assert_eq!(saved_nationality(&h), None);
    h.tick(t0() + Duration::minutes(15));
    assert!(h.app.state.lock.is_some(), "10 minutes since the last key");
    let screen = covered(&mut h);
    assert_shows(&screen, "This session is locked. Only admin can continue it, with their password.");
    assert_eq!(saved_nationality(&h), Some(Answer::Text("Tunisi".into())), "the draft is saved first");
    // A wrong password counts toward the lockout, as a login does.
    h.type_text("somebody else's guess").enter();
    assert_shows(&covered(&mut h), "Wrong username or password.");
    assert_eq!(h.store().login_failures_of(ADMIN).unwrap().unwrap().0, 1);
    // The right one: back on the same question with the same text, and typing goes on.
    h.type_text(ADMIN_PASSWORD).enter();
    assert!(h.app.state.lock.is_none());
    let screen = h.screen();
    assert_shows(&screen, "▶ Nationality");
    assert_shows(&screen, "Tunisi");
    assert_eq!(h.store().account_by_username(ADMIN).unwrap().unwrap().failed_in_a_row, 0);
    h.type_text("enne").enter();
    assert_eq!(saved_nationality(&h), Some(Answer::Text("Tunisienne".into())));
}

#[test]
fn ctrl_l_locks_at_once_and_help_shows_it() {
    let mut h = Harness::new();
    h.press(KeyCode::F(1));
    assert_shows(&h.screen(), "Ctrl-L");
    h.press(KeyCode::Esc);
    let mut h = typing_in_an_intake();
    h.ctrl('l');
    assert!(h.app.state.lock.is_some());
    covered(&mut h);
    assert_eq!(saved_nationality(&h), Some(Answer::Text("Tunisi".into())));
    // No key reaches the screen under the cover.
    h.press(KeyCode::Esc).press(KeyCode::PageDown).ctrl('l');
    assert!(h.app.state.lock.is_some());
    h.type_text(ADMIN_PASSWORD).enter();
    assert_shows(&h.screen(), "Tunisi");
    assert!(matches!(h.app.state.screen, Screen::Wizard(_)));
}

#[test]
fn nobody_else_can_continue_a_locked_session_and_quitting_keeps_the_draft() {
    let mut h = Harness::at_login(Lang::En, |store| {
        let admin = store.log_in(ADMIN, &secret(ADMIN_PASSWORD), Utc::now()).unwrap().into_session();
        let (_, temporary) = store.add_account(&admin, "nadia", "Nadia N", Role::Interviewer, Utc::now()).unwrap();
        let first = store.log_in("nadia", &temporary, Utc::now()).unwrap().into_session();
        let own = secret("an own long password 9");
        store.change_password(&first, &temporary, &own, &own, Utc::now()).unwrap();
    });
    h.log_in_keys(ADMIN, ADMIN_PASSWORD);
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153").start_intake();
    h.type_text("Tunisi").ctrl('l');
    // Nadia's own password does not open the administrator's session.
    h.type_text("an own long password 9").enter();
    assert_shows(&covered(&mut h), "Wrong username or password.");
    assert!(h.app.state.lock.is_some());
    assert_eq!(h.app.state.session.as_ref().unwrap().username, ADMIN);
    // She can only quit; the draft is kept.
    assert_shows(&h.screen(), "Someone else? Press Ctrl-Q to quit; the draft is kept.");
    h.ctrl('q');
    assert!(h.app.state.quit);
    assert_eq!(saved_nationality(&h), Some(Answer::Text("Tunisi".into())));
    // After the restart, she logs in as herself.
    let mut h = h.reopen_at_login();
    h.log_in_keys("nadia", "an own long password 9");
    assert!(on_home(&h));
    assert_eq!(h.app.state.session.as_ref().unwrap().username, "nadia");
}

#[test]
fn logging_out_saves_the_draft_forgets_the_participants_and_asks_who_is_next() {
    let mut h = typing_in_an_intake();
    // Accepted (and saved), then back to the record and Home.
    h.enter().press(KeyCode::Esc).press(KeyCode::Esc);
    assert!(on_home(&h), "{}", h.screen());
    assert_shows(&h.screen(), "Ahmed Ben Ali");
    h.type_text("o");
    let screen = h.screen();
    assert!(on_login(&h));
    assert_shows(&screen, "Logged out.");
    assert_hides(&screen, "Ahmed");
    assert!(h.app.state.session.is_none() && h.app.state.directory.is_empty());
    assert!(!h.app.state.directory_loaded, "an empty directory is never saved as the summaries copy");
    assert_eq!(saved_nationality(&h), Some(Answer::Text("Tunisi".into())));
    h.log_in_keys(ADMIN, ADMIN_PASSWORD);
    assert_shows(&h.screen(), "Ahmed Ben Ali");
}

// ---- No password on disk ----

/// Whether `needle` appears in any file under `dir`, whatever the file.
fn in_any_file(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path).unwrap().windows(needle.len()).any(|w| w == needle) {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn the_password_is_in_no_file_under_the_store_after_a_first_run_a_login_and_an_unlock() {
    const PASSWORD: &str = "zebra quartz lantern 93";
    let mut h = Harness::first_run_of_a_new_store(Lang::En);
    h.tick(t0());
    h.first_run("amina", "Amina Benali", PASSWORD);
    assert!(on_home(&h));
    h.type_text("o").log_in_keys("amina", PASSWORD);
    assert!(on_home(&h));
    h.tick(t0() + Duration::minutes(11));
    assert!(h.app.state.lock.is_some());
    h.type_text(PASSWORD).enter();
    assert!(h.app.state.lock.is_none());
    let path = h.store_path();
    let dir = h.close();
    let _ = Store::open(&path).unwrap();
    for needle in [PASSWORD.as_bytes(), b"zebra quartz"] {
        assert_eq!(in_any_file(dir.path(), needle), Vec::<std::path::PathBuf>::new());
    }
    // The accounts are sealed: the full name is in no file either, and the scan finds what is
    // there (a tree's name, which sled keeps plain).
    assert_eq!(in_any_file(dir.path(), b"Amina Benali"), Vec::<std::path::PathBuf>::new());
    assert!(!in_any_file(dir.path(), b"account_logins").is_empty());
}

// ---- The real binary, with the tests' clock ----

#[test]
fn the_binary_locks_out_waits_out_the_lock_goes_idle_and_resumes_with_the_clock_injected() {
    use crate::pty::Session;
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("store");
    // Made as a provisioning script would.
    let mut init = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"));
    init.env("LANG", "C.UTF-8").arg("--store").arg(&store);
    init.args(["init", "--admin", ADMIN, "--name", "Test Administrator", "--password-stdin"]);
    let out = crate::support::output_with_stdin(&mut init, &format!("{ADMIN_PASSWORD}\n"));
    assert!(out.status.success(), "{out:?}");
    {
        let s = crate::support::open_as_admin(&store);
        let p = daftar::synth::participant(&mut daftar::synth::Rng::new(11), 1, crate::support::today());
        s.register(&p, crate::support::today()).unwrap();
    }
    let name = crate::support::open_as_admin(&store).participants().unwrap()[0].name_latin.clone();
    let clock = dir.path().join("clock");
    let set_clock = |at: DateTime<Utc>| std::fs::write(&clock, at.to_rfc3339()).unwrap();
    set_clock(t0());
    let env = format!("@{}", clock.display());
    let mut s = Session::start_raw_with_env(&store, &["--lang", "en"], &[("DAFTAR_TEST_NOW", &env)]);
    s.wait_for("Who is at the keyboard?");
    s.send(ADMIN);
    s.send("\r");
    for _ in 0..4 {
        s.send("a wrong password");
        s.send("\r");
        s.wait_for("Wrong username or password.");
    }
    s.send("a wrong password");
    s.send("\r");
    let until = (t0() + Duration::minutes(15)).with_timezone(&chrono::Local).format("%H:%M").to_string();
    s.wait_for(&format!("locked after too many failed logins, until {until}"));
    // The lock is waited out by moving the clock past it.
    set_clock(t0() + Duration::minutes(16));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    s.send(ADMIN_PASSWORD);
    s.send("\r");
    s.wait_for(&name);
    // Into an intake, with an answer being typed.
    s.send("\r");
    s.wait_for("Interviews");
    s.send("n");
    s.wait_for("Which form?");
    s.send("\r");
    s.wait_for("Section 1 of 8");
    s.send("Tunisi");
    s.wait_for("Tunisi");
    // Idle past the store's ten minutes: covered, nothing personal on screen.
    set_clock(t0() + Duration::minutes(30));
    s.wait_for("This session is locked.");
    s.wait_for("Someone else?");
    // The frame finished drawing.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = s.contents();
    for hidden in [name.as_str(), "Tunisi", "Nationality"] {
        assert!(!screen.contains(hidden), "{hidden:?} visible while locked:\n{screen}");
    }
    s.send(ADMIN_PASSWORD);
    s.send("\r");
    // The whole frame redrawn: the question, its text, and no cover left.
    let start = std::time::Instant::now();
    let back = |screen: &str| {
        screen.contains("▶ Nationality") && screen.contains("Tunisi") && !screen.contains("Someone else?")
    };
    while !back(&s.contents()) && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(back(&s.contents()), "{}", s.contents());
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));
    let draft = crate::support::open_as_admin(&store).all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["nationality"], Answer::Text("Tunisi".into()));
}
