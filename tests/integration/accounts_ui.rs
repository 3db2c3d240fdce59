//! Issue 10, the interface's side of the policy: every key that performs a policy action works
//! or is refused with the reason for each role, help and hints list only what the role may do;
//! the accounts screen (administrators) and the settings (one's own password; the store-wide
//! idle time and display mode for administrators).

use chrono::Utc;
use daftar::app::{AccountsMode, Action, Msg, Screen, SettingsPart, update};
use daftar::auth::{ExposeSecret, Role, SecretString};
use daftar::i18n::{Lang, T};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

const REFUSED_DASHBOARD: &str = "Refused (interviewer): the dashboard needs supervisor or above.";

/// The status line's text, if any, without the isolates around the values placed in it.
fn status(h: &Harness) -> String {
    h.app.state.status.as_ref().map(|s| daftar::i18n::plain(&s.text).into_owned()).unwrap_or_default()
}

/// The help overlay of the screen shown, drawn, then closed.
fn help_screen(h: &mut Harness) -> String {
    h.press(KeyCode::F(1));
    let screen = h.screen();
    h.press(KeyCode::Esc);
    screen
}

/// A store with one participant and a draft intake of theirs written by `author`, for the
/// rights to resume one's own and another's draft.
fn with_draft_by(author: daftar::store::Author) -> impl FnOnce(&daftar::store::Store) {
    move |store| {
        let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(7), 0, today());
        store.register(&participant, today()).unwrap();
        save_draft_by(store, author);
    }
}

/// Saves a draft intake of the store's first participant, written by `author`.
fn save_draft_by(store: &daftar::store::Store, author: daftar::store::Author) {
    let participant = store.participants().unwrap().remove(0);
    let (forms, _) = daftar::app::forms::load(store).unwrap();
    let form = forms.iter().find(|f| f.id == "intake").unwrap();
    let draft = daftar::app::wizard::new_interview(form, &participant, &[], author, today());
    store.save_draft(&draft).unwrap();
}

/// A draft nobody logged in wrote: one from before accounts, by a typed name.
fn someone_else() -> daftar::store::Author {
    daftar::store::Author::BeforeAccounts("Someone Else".into())
}

#[test]
fn every_home_and_record_key_works_or_is_refused_by_role() {
    // (role, may change stage and see the dashboard, may manage accounts)
    for (role, supervises, administers) in
        [(Role::Interviewer, false, false), (Role::Supervisor, true, false), (Role::Administrator, true, true)]
    {
        let mut h = Harness::logged_in_prepared(Lang::En, role, 80, 24, with_draft_by(someone_else()));
        let who = format!("{role:?}");

        // Register a participant: every role.
        h.type_text("n");
        assert!(matches!(h.app.state.screen, Screen::Register(_)), "{who}: n registers");
        h.press(KeyCode::Esc);

        // The dashboard: supervisors and administrators.
        h.type_text("d");
        if supervises {
            assert!(matches!(h.app.state.screen, Screen::Dashboard(_)), "{who}: d opens the dashboard");
            h.press(KeyCode::Esc);
        } else {
            assert!(matches!(h.app.state.screen, Screen::Home(_)), "{who}: d is refused");
            assert_eq!(status(&h), REFUSED_DASHBOARD);
            assert_shows(&h.screen(), REFUSED_DASHBOARD);
        }

        // The accounts: administrators.
        h.type_text("a");
        if administers {
            assert!(matches!(h.app.state.screen, Screen::Accounts(_)), "{who}: a opens the accounts");
            h.press(KeyCode::Esc);
        } else {
            assert!(matches!(h.app.state.screen, Screen::Home(_)), "{who}: a is refused");
            let expected = format!("Refused ({}): managing accounts needs administrator or above.", role.name());
            assert_eq!(status(&h), expected);
        }

        // The settings: every role, with only the parts the role may use.
        h.type_text("s");
        let Screen::Settings(settings) = &h.app.state.screen else { panic!("{who}: s opens the settings") };
        let expected_part = if administers { SettingsPart::Mode } else { SettingsPart::Password };
        assert_eq!(settings.part, expected_part, "{who}");
        let screen = h.screen();
        assert_shows(&screen, "My password");
        if administers {
            assert_shows(&screen, "Display mode (store default)");
            assert_shows(&screen, "Idle time");
        } else {
            assert_hides(&screen, "Display mode");
            assert_hides(&screen, "Idle time");
            // There is no other part to go to.
            h.press(KeyCode::PageDown);
            assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.part == SettingsPart::Password));
        }
        h.press(KeyCode::Esc);

        // The record: a new interview for every role, a change of stage for supervisors.
        h.enter();
        assert!(matches!(h.app.state.screen, Screen::Record(_)), "{who}: Enter opens the record");
        h.type_text("t");
        if supervises {
            assert!(matches!(h.app.state.screen, Screen::StageChange(_)), "{who}: t changes the stage");
            h.press(KeyCode::Esc);
        } else {
            assert!(matches!(h.app.state.screen, Screen::Record(_)), "{who}: t is refused");
            assert_eq!(status(&h), "Refused (interviewer): a change of stage needs supervisor or above.");
        }

        // Another interviewer's draft: supervisors resume it, an interviewer is refused.
        h.enter();
        if supervises {
            assert!(matches!(h.app.state.screen, Screen::Wizard(_)), "{who}: another's draft resumes");
            h.ctrl('q');
        } else {
            assert!(matches!(h.app.state.screen, Screen::Record(_)), "{who}: another's draft is refused");
            assert_eq!(status(&h), "Refused (interviewer): another interviewer's draft needs supervisor or above.");
            h.type_text("n");
            assert!(matches!(h.app.state.overlay, Some(daftar::app::Overlay::PickForm { .. })), "{who}: n interviews");
            // The intake has a draft already, another's: choosing the form does not resume it.
            h.enter();
            assert!(matches!(h.app.state.screen, Screen::Record(_)), "{who}: another's draft is not resumed");
            assert_eq!(status(&h), "Refused (interviewer): another interviewer's draft needs supervisor or above.");
        }
    }
}

#[test]
fn an_interviewer_resumes_their_own_draft() {
    // The draft's recorded interviewer is this store's interviewer (see `Harness::prepared`).
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Interviewer, 80, 24, |store| {
        let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(7), 0, today());
        store.register(&participant, today()).unwrap();
    });
    // The draft names the interviewer's own account (the account exists only once logged in).
    save_draft_by(h.store(), h.author());
    h.enter().enter();
    assert!(matches!(h.app.state.screen, Screen::Wizard(_)), "own draft resumes: {}", status(&h));
}

#[test]
fn help_and_hints_list_only_the_keys_the_role_may_use() {
    let mut h = Harness::logged_in(Role::Interviewer);
    let help = help_screen(&mut h);
    assert_shows(&help, "register a new participant");
    assert_shows(&help, "settings: your password");
    assert_hides(&help, "dashboard");
    assert_hides(&help, "accounts");
    let hints = daftar::app::keymap::hints(daftar::app::keymap::Context::Home, Lang::En, Some(Role::Interviewer));
    assert!(hints.iter().all(|(_, t)| *t != T::KeyDashboard && *t != T::KeyAccounts), "{hints:?}");
    assert!(hints.iter().any(|(_, t)| *t == T::KeyNewParticipant));

    let mut h = Harness::logged_in(Role::Supervisor);
    let help = help_screen(&mut h);
    assert_shows(&help, "dashboard");
    assert_hides(&help, "accounts");

    let mut h = Harness::logged_in(Role::Administrator);
    let help = help_screen(&mut h);
    assert_shows(&help, "dashboard");
    assert_shows(&help, "accounts");
    // The accounts screen's own hints, on its bottom line.
    h.type_text("a");
    let screen = h.screen();
    assert_shows(&screen, "add an account");
    assert_shows(&screen, "disable the account");

    // On a record, the change of stage is hinted and helped to supervisors only.
    let hints = daftar::app::keymap::hints(daftar::app::keymap::Context::Record, Lang::En, Some(Role::Interviewer));
    assert!(hints.iter().all(|(_, t)| *t != T::KeyChangeStage));
    let help =
        daftar::app::keymap::help_entries(daftar::app::keymap::Context::Record, Lang::Fr, Some(Role::Supervisor));
    assert!(help.iter().any(|(k, t)| k == "t" && *t == T::KeyChangeStage));
    let help =
        daftar::app::keymap::help_entries(daftar::app::keymap::Context::Record, Lang::Fr, Some(Role::Interviewer));
    assert!(help.iter().all(|(_, t)| *t != T::KeyChangeStage));
}

#[test]
fn a_refusal_is_said_in_the_interface_language() {
    let mut h = Harness::logged_in_prepared(Lang::Fr, Role::Interviewer, 80, 24, |_| {});
    h.type_text("d");
    assert_eq!(status(&h), "Refusé (enquêteur) : le tableau de bord demande superviseur ou plus.");
    let mut h = Harness::logged_in_prepared(Lang::Ar, Role::Interviewer, 80, 24, |_| {});
    h.type_text("d");
    assert!(status(&h).contains("مرفوض"), "{}", status(&h));
    assert!(status(&h).contains("مشرف"), "{}", status(&h));
}

#[test]
fn update_refuses_a_policy_action_whatever_path_brings_it() {
    // The display mode part is never shown to an interviewer; even if the state were put there,
    // Enter saves nothing.
    let mut h = Harness::logged_in(Role::Interviewer);
    h.type_text("s");
    if let Screen::Settings(settings) = &mut h.app.state.screen {
        settings.part = SettingsPart::Mode;
    }
    let effects = update(&mut h.app.state, Msg::Action(Action::Open));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(status(&h).starts_with("Refused (interviewer): the store-wide settings"), "{}", status(&h));
    // The dashboard and the accounts, sent as messages rather than keys, are refused as well.
    h.press(KeyCode::Esc);
    assert!(update(&mut h.app.state, Msg::Action(Action::Dashboard)).is_empty());
    assert!(matches!(h.app.state.screen, Screen::Home(_)));
    assert!(update(&mut h.app.state, Msg::Action(Action::Accounts)).is_empty());
    assert!(matches!(h.app.state.screen, Screen::Home(_)));
}

/// The temporary password on the accounts screen's page, if it shows one.
fn shown_password(h: &Harness) -> Option<String> {
    match &h.app.state.screen {
        Screen::Accounts(a) => match &a.mode {
            AccountsMode::Shown(shown) => Some(shown.password.expose_secret().to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Selects the account `username` on the accounts list.
fn select(h: &mut Harness, username: &str) {
    for _ in 0..10 {
        h.press(KeyCode::Up);
    }
    for _ in 0..10 {
        let Screen::Accounts(a) = &h.app.state.screen else { panic!("not on the accounts screen") };
        if a.current().is_some_and(|r| r.username == username) {
            return;
        }
        h.press(KeyCode::Down);
    }
    panic!("{username} is not listed");
}

#[test]
fn the_accounts_screen_adds_disables_guards_the_last_administrator_unlocks_and_resets() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("a");
    let screen = h.screen();
    assert_shows(&screen, "Test Administrator");
    assert_shows(&screen, "administrator");
    assert_shows(&screen, "active");

    // Add an interviewer whose full name is in Arabic.
    h.type_text("a").type_text("karim").tab().paste("كريم العلوي").tab().type_text("1").ctrl('s');
    let temporary = shown_password(&h).expect("the temporary password is shown");
    let screen = h.screen();
    assert_shows(&screen, &temporary);
    assert_shows(&screen, "Temporary password, shown");
    assert_shows(&screen, "Hand it to");
    assert_shows(&screen, &shown("كريم العلوي"));
    h.press(KeyCode::Esc);
    assert_eq!(shown_password(&h), None, "shown once: leaving the page drops it");
    let screen = h.screen();
    assert_hides(&screen, &temporary);
    assert_shows(&screen, "karim");
    assert_shows(&screen, &shown("كريم العلوي"));
    assert_shows(&screen, "temporary password");
    let karim = h.store().account_by_username("karim").unwrap().unwrap();
    assert_eq!((karim.role, karim.full_name.as_str()), (Role::Interviewer, "كريم العلوي"));

    // The temporary password logs in, and must be changed.
    let accounts = h.store().accounts().unwrap().len();
    let pw = SecretString::from(temporary.clone());
    let now = Utc::now();
    let must_change = h.store().log_in("karim", &pw, now).unwrap();
    assert!(matches!(must_change, daftar::auth::LoggedIn::MustChangePassword(_)));

    // A taken username, a username with a space, an empty full name: refused, nothing written.
    h.type_text("a").type_text("Karim").tab().type_text("Karim Alaoui").ctrl('s');
    assert_eq!(status(&h), "This username is already taken.");
    assert_shows(&h.screen(), "This username is already taken.");
    h.press(KeyCode::Esc).type_text("a").type_text("ka rim").tab().type_text("Karim").ctrl('s');
    assert_eq!(status(&h), "The username may not hold spaces or control characters (character 3).");
    h.press(KeyCode::Esc).type_text("a").type_text("nadia").ctrl('s');
    assert_eq!(status(&h), "The full name is empty.");
    h.press(KeyCode::Esc);
    assert_eq!(h.store().accounts().unwrap().len(), accounts);

    // Disable asks first; no keeps it; yes disables, and the login is refused.
    select(&mut h, "karim");
    h.type_text("d");
    assert_shows(&h.screen(), "Disable the account");
    h.type_text("n");
    assert!(h.store().account_by_username("karim").unwrap().unwrap().is_active());
    h.type_text("d").type_text("y");
    assert_eq!(status(&h), "karim is disabled.");
    assert!(!h.store().account_by_username("karim").unwrap().unwrap().is_active());
    assert_shows(&h.screen(), "disabled");
    let refused = h.store().log_in("karim", &pw, now);
    assert!(matches!(refused, Err(daftar::error::Error::Login(daftar::auth::LoginRefusal::Disabled))), "{refused:?}");
    // Enabled again: its key wrap went with the disabling, so it gets a new temporary password,
    // shown once as a reset's is; the one before opens nothing.
    h.type_text("e");
    let enabled = shown_password(&h).expect("a new temporary password is shown on enabling");
    assert_shows(&h.screen(), "New temporary password for");
    h.enter();
    assert!(h.store().account_by_username("karim").unwrap().unwrap().is_active());
    assert!(h.store().log_in("karim", &pw, now).is_err(), "the password from before the disabling no longer works");
    let pw = SecretString::from(enabled);
    assert!(matches!(h.store().log_in("karim", &pw, now).unwrap(), daftar::auth::LoggedIn::MustChangePassword(_)));

    // The last active administrator can be neither disabled nor demoted.
    select(&mut h, ADMIN);
    h.type_text("d").type_text("y");
    assert_eq!(status(&h), "The last active administrator can be neither disabled nor given another role.");
    h.type_text("r").type_text("1").enter();
    assert_eq!(status(&h), "The last active administrator can be neither disabled nor given another role.");
    let admin = h.store().account_by_username(ADMIN).unwrap().unwrap();
    assert!(admin.is_active() && admin.role == Role::Administrator);

    // Set role.
    select(&mut h, "karim");
    h.type_text("r").type_text("2").enter();
    assert_eq!(status(&h), "karim is now supervisor.");
    assert_eq!(h.store().account_by_username("karim").unwrap().unwrap().role, Role::Supervisor);

    // Five wrong logins lock karim; the list shows it; unlock ends it at once.
    let wrong = SecretString::from("not karim's password".to_string());
    for _ in 0..5 {
        assert!(h.store().log_in("karim", &wrong, Utc::now()).is_err());
    }
    h.press(KeyCode::Esc).type_text("a");
    select(&mut h, "karim");
    assert_shows(&h.screen(), "locked until");
    h.type_text("u");
    assert_eq!(status(&h), "karim is unlocked.");
    assert_hides(&h.screen(), "locked until");
    assert_eq!(h.store().account_by_username("karim").unwrap().unwrap().locked_until, None);

    // Reset asks first, then shows a new temporary password that logs in and must be changed.
    h.type_text("p");
    assert_shows(&h.screen(), "Reset the password of");
    h.type_text("y");
    let reset = shown_password(&h).expect("the new temporary password is shown");
    assert_ne!(reset, temporary);
    assert_shows(&h.screen(), "New temporary password for");
    h.enter();
    assert!(h.store().log_in("karim", &pw, Utc::now()).is_err(), "the old password no longer works");
    let logged = h.store().log_in("karim", &SecretString::from(reset), Utc::now()).unwrap();
    assert!(matches!(logged, daftar::auth::LoggedIn::MustChangePassword(_)));
}

#[test]
fn a_temporary_password_from_the_accounts_screen_logs_the_app_in_and_must_be_changed() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("a").type_text("a").type_text("yasmine").tab().type_text("Yasmine Idrissi").tab().type_text("2");
    h.ctrl('s');
    let temporary = shown_password(&h).expect("shown");
    h.enter().press(KeyCode::Esc).press(KeyCode::Esc);
    // Logged out, yasmine logs in with it on the login screen and must choose her own first
    // (a session on a temporary password may do nothing else).
    h.type_text("o").log_in_keys("yasmine", &temporary);
    assert_shows(&h.screen(), "Your password was temporary");
    assert_eq!(h.app.state.session.as_ref().unwrap().role, Role::Supervisor);
    h.type_text("a harbour lantern of her own").enter().type_text("a harbour lantern of her own").enter();
    assert!(matches!(h.app.state.screen, Screen::Home(_)), "{}", h.screen());
    // As a supervisor now: the dashboard opens, the accounts do not.
    h.type_text("d");
    assert!(matches!(h.app.state.screen, Screen::Dashboard(_)));
    h.press(KeyCode::Esc).type_text("a");
    assert!(matches!(h.app.state.screen, Screen::Home(_)));
}

/// Types the three passwords of a change on the settings' password part and submits with Enter
/// on the last field.
fn change_password(h: &mut Harness, current: &str, new: &str, again: &str) {
    h.paste(current).tab().paste(new).tab().paste(again).enter();
}

#[test]
fn the_settings_change_ones_own_password() {
    let mut h = Harness::logged_in(Role::Interviewer);
    h.type_text("s");
    let screen = h.screen();
    assert_shows(&screen, "Current password");
    assert_shows(&screen, "At least 12 characters");

    // Typed passwords are masked.
    h.type_text("secret");
    let screen = h.screen();
    assert_hides(&screen, "secret");
    assert_shows(&screen, "••••••");
    for _ in 0..6 {
        h.press(KeyCode::Backspace);
    }

    // A 1 MB paste is refused whole by the field.
    h.paste(&"x".repeat(1 << 20));
    assert_eq!(status(&h), "Nothing pasted: too long, this field holds at most 1024 characters.");
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.password.inputs[0].is_empty()));

    let new = "a quiet harbour at dawn";
    change_password(&mut h, ADMIN_PASSWORD, new, "a quiet harbour at dusk");
    assert_eq!(status(&h), "The two passwords differ.");
    change_password(&mut h, ADMIN_PASSWORD, "too short", "too short");
    assert_eq!(status(&h), "The password must have at least 12 characters.");
    change_password(&mut h, "not my password at all", new, new);
    assert_eq!(status(&h), "The current password is wrong.");
    assert_shows(&h.screen(), "The current password is wrong.");
    // Every try empties the fields: no password stays on the screen's state.
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.password.inputs.iter().all(|i| i.is_empty())));
    change_password(&mut h, ADMIN_PASSWORD, new, new);
    assert_eq!(status(&h), "Your password is changed.");

    // The new password logs in; the old one no longer does.
    let (user, _) = account_of(Role::Interviewer);
    assert!(h.app.login(user, &SecretString::from(ADMIN_PASSWORD.to_string()), Utc::now()).is_err());
    assert!(!h.app.login(user, &SecretString::from(new.to_string()), Utc::now()).unwrap());
}

#[test]
fn an_administrator_sets_the_idle_time_and_the_display_mode_default() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("s").press(KeyCode::PageDown);
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.part == SettingsPart::Idle));
    let screen = h.screen();
    assert_shows(&screen, "1 to 60 (now 10)");
    for bad in ["0", "61", "x"] {
        h.press(KeyCode::End).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text(bad).enter();
        assert_eq!(status(&h), "The idle time must be between 1 and 60 minutes.", "{bad}");
    }
    assert_eq!(h.store().idle_minutes().unwrap(), 10);
    h.press(KeyCode::End).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("25").enter();
    assert_eq!(status(&h), "Idle time saved: 25 minutes.");
    assert_eq!(h.store().idle_minutes().unwrap(), 25);
    // PgDn goes on to one's own password, then back round to the display mode.
    h.press(KeyCode::PageDown);
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.part == SettingsPart::Password));
    h.press(KeyCode::PageDown).press(KeyCode::Down).enter();
    assert_eq!(h.store().bidi_mode().unwrap(), Some(daftar::text::BidiMode::Reorder));
}

#[test]
fn an_account_not_written_for_a_full_disk_says_so_and_is_added_once_there_is_room() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("a");
    h.store().fail_writes_with(Some(std::io::ErrorKind::StorageFull));
    h.type_text("a").type_text("leila").tab().type_text("Leila Amrani").ctrl('s');
    assert_eq!(status(&h), "Not saved: the disk is full. Free some space, then try again.");
    assert_eq!(shown_password(&h), None, "no password is shown for an account that is not there");
    assert!(h.store().account_by_username("leila").unwrap().is_none());
    h.store().fail_writes_with(None);
    h.ctrl('s');
    assert!(shown_password(&h).is_some());
    assert!(h.store().account_by_username("leila").unwrap().is_some());
}
