//! Session 16: the security review's leftovers (issue 10): the interface serves `daftar
//! backup` only while someone who may take backups is at its keyboard; look-alike and
//! invisible usernames; password fields emptied after a refusal; no core dumps; drafts
//! recorded before accounts.

use std::path::Path;

use daftar::auth::Role;
use tempfile::TempDir;

use crate::pty::Session;
use crate::support::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `daftar backup DEST` in `lang` while the interface holds the store (the request goes to it).
fn ask_backup(store: &Path, dest: &Path, lang: &str) -> std::process::Output {
    daftar(store, &["--lang", lang, "backup", dest.to_str().unwrap()])
}

#[track_caller]
fn assert_refused_and_nothing_written(out: &std::process::Output, dest: &Path, words: &str) {
    assert!(!out.status.success(), "served: {out:?}");
    assert!(stderr(out).contains(words), "{}", stderr(out));
    assert!(!dest.exists(), "something was written at {}", dest.display());
}

#[test]
#[cfg(target_os = "linux")]
fn the_interface_serves_a_backup_request_only_to_an_administrator_at_its_keyboard() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = daftar::store::Store::open(&store_path).unwrap();
        give_account(&store, Role::Interviewer);
    }
    let nobody_en = daftar::i18n::T::BakNobodyAtInterface.get(daftar::i18n::Lang::En);
    let nobody_fr = daftar::i18n::T::BakNobodyAtInterface.get(daftar::i18n::Lang::Fr);
    let mut s = Session::start_raw(&store_path, &["--lang", "en"]);
    s.wait_for("Username");
    // The login screen shows at once, while the store is opened behind it: the request goes
    // to the interface only once it holds the store.
    wait_until_held(&store_path, s.pid());

    // The login screen: nobody is logged in.
    let dest = dir.path().join("at-login");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);
    // The refusal is in the language of whoever asks.
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "fr"), &dest, nobody_fr);

    // An interviewer may not take backups.
    let (interviewer, _) = account_of(Role::Interviewer);
    s.send(interviewer);
    s.send("\r");
    s.send(ADMIN_PASSWORD);
    s.send("\r");
    s.wait_for("Ilyas Interviewer");
    let dest = dir.path().join("as-interviewer");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);

    // An administrator may: the backup is taken, and the status line says where and when.
    s.send("o");
    s.wait_for("Username");
    s.log_in(daftar::i18n::Lang::En);
    s.wait_for("Test Administrator");
    let dest = dir.path().join("as-admin");
    let out = ask_backup(&store_path, &dest, "en");
    assert!(out.status.success(), "{}", stderr(&out));
    daftar::store::backup::verify(&dest).unwrap();
    s.wait_for("Backup taken for daftar backup at");
    s.wait_for("as-admin");

    // Idle-locked (Ctrl-L): the administrator is not at the keyboard.
    s.send("\x0c");
    s.wait_for("Locked");
    let dest = dir.path().join("while-locked");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);

    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn a_served_backup_is_said_on_the_status_line_without_moving_the_focus() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("n").paste("Said").tab().paste("Sai");
    let focus = |h: &Harness| match &h.app.state.screen {
        daftar::app::Screen::Register(reg) => reg.focus,
        _ => panic!("not on the register screen"),
    };
    let before = focus(&h);
    let at = chrono::Utc::now();
    h.app.dispatch(daftar::app::Msg::BackupServed("/media/usb/b1".into(), at));
    let time = at.with_timezone(&chrono::Local).format("%H:%M").to_string();
    let screen = h.screen();
    assert_shows(&screen, &format!("Backup taken for daftar backup at {time}: /media/usb/b1"));
    assert_eq!(focus(&h), before);
    // The next key goes on in the same field.
    h.type_text("d");
    let daftar::app::Screen::Register(reg) = &h.app.state.screen else { panic!("left the register screen") };
    assert_eq!(reg.inputs[before as usize].text(), "Said");
}

// ---- L2: look-alike and invisible usernames ----

fn refused_text(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "accepted: {}", String::from_utf8_lossy(&out.stdout));
    stderr(out)
}

#[test]
fn users_add_refuses_invisible_mark_only_and_look_alike_usernames() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    create_store(&path);
    let add = |name: &str, lang: &str| {
        daftar_admin(&path, &["--lang", lang, "users", "add", name, "--role", "interviewer", "--name", "X"])
    };
    let out = add("amina", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    let accounts = || crate::support::open_as_admin(&path).accounts().unwrap().len();
    let before = accounts();
    for (name, words) in [
        // A Hangul filler alone looks blank.
        ("\u{3164}", "invisible or formatting character (U+3164, character 1)"),
        ("ka\u{34F}rim", "(U+034F, character 3)"),
        ("karim\u{E0041}", "(U+E0041, character 6)"),
        ("karim\u{FE0F}", "(U+FE0F, character 6)"),
        ("\u{301}\u{301}", "begins with a combining mark"),
        // Cyrillic а (U+0430), then Latin "amina" in capitals with a Cyrillic і.
        ("\u{430}mina", "looks the same as one already taken"),
        ("AM\u{456}NA", "looks the same as one already taken"),
    ] {
        assert!(refused_text(&add(name, "en")).contains(words), "{name:?}: {}", stderr(&add(name, "en")));
    }
    assert!(refused_text(&add("\u{430}mina", "fr")).contains("ressemble à s'y méprendre"));
    assert!(refused_text(&add("\u{430}mina", "ar")).contains("يشبه اسمًا مستعملًا"));
    assert!(refused_text(&add("\u{3164}", "ar")).contains("U+3164"));
    assert_eq!(accounts(), before, "nothing was written");
    // Arabic usernames, and letters with their marks, are usernames.
    assert!(add("أَمينة", "en").status.success());
}

#[test]
fn the_accounts_screen_refuses_a_look_alike_and_an_invisible_username() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("a");
    let before = h.store().accounts().unwrap().len();
    // Cyrillic а in place of the Latin a of "admin".
    h.type_text("a").paste("\u{430}dmin").tab().type_text("Adam").tab().type_text("1").ctrl('s');
    let text = daftar::i18n::plain(&h.app.state.status.as_ref().unwrap().text).into_owned();
    assert_eq!(
        text,
        "This username looks the same as one already taken (letters of another script, or look-alike characters): choose another."
    );
    h.press(ratatui::crossterm::event::KeyCode::Esc);
    h.type_text("a").paste("ka\u{34F}rim").tab().type_text("Karim").tab().type_text("1").ctrl('s');
    let text = daftar::i18n::plain(&h.app.state.status.as_ref().unwrap().text).into_owned();
    assert!(text.contains("invisible or formatting character (U+034F, character 3)"), "{text}");
    assert_eq!(h.store().accounts().unwrap().len(), before, "nothing was written");
}

#[test]
fn the_first_run_refuses_a_blank_looking_username_in_the_interface_language() {
    let mut h = Harness::first_run_of_a_new_store(daftar::i18n::Lang::Ar);
    h.paste("\u{3164}").enter();
    let screen = h.screen();
    assert_shows(&screen, &shown("يحتوي اسم المستخدم على محرف غير مرئي"));
    let mut h = Harness::first_run_of_a_new_store(daftar::i18n::Lang::En);
    h.paste("\u{64E}").enter();
    assert_shows(&h.screen(), "The username begins with a combining mark");
    assert!(!h.store_path().join("conf").exists(), "no store was made");
}

// ---- Item 3: refused passwords are asked again from empty fields ----

fn login_state(h: &Harness) -> &daftar::app::Login {
    match &h.app.state.screen {
        daftar::app::Screen::Login(login) => login,
        _ => panic!("not on the login screen"),
    }
}

fn first_run_state(h: &Harness) -> &daftar::app::FirstRun {
    match &h.app.state.screen {
        daftar::app::Screen::FirstRun(first) => first,
        _ => panic!("not on the first run"),
    }
}

#[test]
fn a_refused_login_empties_the_password_and_keeps_the_username() {
    let mut h = Harness::at_login(daftar::i18n::Lang::En, |_| {});
    h.log_in_keys(ADMIN, "wrong password, long enough");
    assert_shows(&h.screen(), "Wrong username or password.");
    let login = login_state(&h);
    assert!(login.password.is_empty(), "the password field kept {} characters", login.password.chars());
    assert_eq!(login.username.text(), ADMIN);
    assert_eq!(login.focus, daftar::app::LoginFocus::Password);
    // The next try types the whole password into an empty field, and it logs in.
    h.type_text(ADMIN_PASSWORD).enter();
    assert!(h.app.state.session.is_some(), "{}", h.screen());
}

#[test]
fn the_first_run_empties_both_passwords_after_each_refusal() {
    use daftar::app::FirstRunField;
    let mut h = Harness::first_run_of_a_new_store(daftar::i18n::Lang::En);
    h.type_text("amina").enter().paste("Amina Benali").enter();
    // Too short.
    h.type_text("short").enter();
    assert_shows(&h.screen(), "at least 12 characters");
    let first = first_run_state(&h);
    assert!(first.password.is_empty() && first.again.is_empty());
    assert_eq!((first.focus, first.username.text()), (FirstRunField::Password, "amina"));
    // Common.
    h.type_text("1qaz2wsx3edc").enter();
    assert!(first_run_state(&h).password.is_empty(), "a common password stayed");
    assert_eq!(first_run_state(&h).focus, FirstRunField::Password);
    // Containing the username.
    h.type_text("my name is amina, ok").enter();
    assert!(first_run_state(&h).password.is_empty(), "a password with the username stayed");
    // The two differ: both are typed again.
    h.type_text(ADMIN_PASSWORD).enter().type_text("lantern orchard 7 rivers").enter();
    assert_shows(&h.screen(), "The two passwords differ.");
    let first = first_run_state(&h);
    assert!(first.password.is_empty() && first.again.is_empty(), "the passwords stayed after a mismatch");
    assert_eq!(first.focus, FirstRunField::Password);
    assert_eq!(first.full_name.text(), "Amina Benali");
    // Typed again from empty fields, the store is made.
    h.type_text(ADMIN_PASSWORD).enter().type_text(ADMIN_PASSWORD).enter();
    assert!(h.app.state.session.is_some(), "{}", h.screen());
}

#[test]
fn a_refused_new_password_after_a_temporary_one_is_asked_again_from_empty_fields() {
    let temporary = std::sync::Mutex::new(String::new());
    let mut h = Harness::at_login(daftar::i18n::Lang::En, |store| {
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        let admin = store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap().into_session();
        let (_, t) = store.add_account(&admin, "karim", "Karim", Role::Interviewer, chrono::Utc::now()).unwrap();
        use daftar::auth::ExposeSecret;
        *temporary.lock().unwrap() = t.expose_secret().to_string();
    });
    let temporary = temporary.into_inner().unwrap();
    h.log_in_keys("karim", &temporary);
    let change = |h: &Harness| {
        let login = login_state(h);
        let change = login.change.as_ref().expect("asked for a new password");
        (change.new.chars(), change.again.chars(), change.focus)
    };
    assert_eq!(change(&h), (0, 0, daftar::app::ChangeFocus::New));
    h.type_text("too short").enter();
    assert_shows(&h.screen(), "at least 12 characters");
    assert_eq!(change(&h), (0, 0, daftar::app::ChangeFocus::New), "the refused password stayed");
    h.type_text("a new password for karim").enter();
    assert_shows(&h.screen(), "username");
    assert_eq!(change(&h), (0, 0, daftar::app::ChangeFocus::New));
    h.type_text("quiet harbour 9 lantern").enter().type_text("quiet harbour 9 lanterns").enter();
    assert_shows(&h.screen(), "The two passwords differ.");
    assert_eq!(change(&h), (0, 0, daftar::app::ChangeFocus::New));
    h.type_text("quiet harbour 9 lantern").enter().type_text("quiet harbour 9 lantern").enter();
    assert!(h.app.state.session.is_some(), "{}", h.screen());
}

// ---- Item 4: no core dumps ----

#[test]
#[cfg(target_os = "linux")]
fn the_running_interface_writes_no_core_file() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    create_store(&store_path);
    give_admin(&store_path);
    let mut s = Session::start_raw(&store_path, &["--lang", "en"]);
    s.wait_for("Username");
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", s.pid())).unwrap();
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(fields[4..6], ["0", "0"], "{core}");
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));
}

// ---- Item 5: drafts recorded before accounts are nobody's own ----

#[test]
fn a_draft_from_before_accounts_is_resumed_only_by_supervisors_and_administrators() {
    for (role, may) in [(Role::Interviewer, false), (Role::Supervisor, true), (Role::Administrator, true)] {
        // The name typed before accounts is this very account's full name: still nobody's own.
        let (_, full_name) = account_of(role);
        let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, role, 80, 24, |store| {
            let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(7), 0, today());
            store.register(&participant, today()).unwrap();
            let (forms, _) = daftar::app::forms::load(store).unwrap();
            let form = forms.iter().find(|f| f.id == "intake").unwrap();
            let old = daftar::store::Author::BeforeAccounts(full_name.to_string());
            let draft = daftar::app::wizard::new_interview(form, &participant, &[], old, today());
            store.save_draft(&draft).unwrap();
        });
        let status = |h: &Harness| {
            h.app.state.status.as_ref().map(|s| daftar::i18n::plain(&s.text).into_owned()).unwrap_or_default()
        };
        // From the record's timeline, and by choosing the form the draft is of.
        h.enter().enter();
        if may {
            assert!(matches!(h.app.state.screen, daftar::app::Screen::Wizard(_)), "{role:?}: {}", status(&h));
            continue;
        }
        assert!(matches!(h.app.state.screen, daftar::app::Screen::Record(_)), "{role:?} resumed it");
        let refused = "Refused (interviewer): another interviewer's draft needs supervisor or above.";
        assert_eq!(status(&h), refused);
        h.type_text("n").enter();
        assert!(matches!(h.app.state.screen, daftar::app::Screen::Record(_)), "{role:?} resumed it by its form");
        assert_eq!(status(&h), refused);
    }
}
