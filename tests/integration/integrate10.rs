//! Issue 10, where the login branch and the accounts screen meet: the settings' password fields
//! are password fields as the login's are, the idle time saved in the settings is the session's
//! at once, and an account change is followed by the session (refreshed, or ended).

use chrono::{Duration, Utc};
use daftar::app::keymap::Context;
use daftar::app::{Screen, SettingsPart};
use daftar::auth::Role;
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

fn status(h: &Harness) -> String {
    h.app.state.status.as_ref().map(|s| daftar::i18n::plain(&s.text).into_owned()).unwrap_or_default()
}

fn password_chars(h: &Harness) -> usize {
    let Screen::Settings(s) = &h.app.state.screen else { panic!("not on the settings") };
    s.password.inputs[s.password.focus as usize].chars()
}

#[test]
fn the_settings_password_fields_take_keys_only_as_secrets() {
    let mut h = Harness::logged_in(Role::Interviewer);
    h.type_text("s");
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.part == SettingsPart::Password));
    assert_eq!(h.app.state.context(), Context::SettingsPassword);
    assert!(h.app.state.context().is_secret(), "keys of a password go on only as secrets");
    assert!(h.app.state.focused_input().is_none(), "no text input holds a password");
    h.type_text("abcd");
    assert_eq!(password_chars(&h), 4);
    assert_shows(&h.screen(), "••••");
    h.press(KeyCode::Backspace);
    assert_eq!(password_chars(&h), 3);
    // A control character is refused whole; the field is unchanged.
    h.paste("x\u{7}y");
    assert_eq!(password_chars(&h), 3);
    assert!(!status(&h).is_empty(), "the refusal is said");
}

#[test]
fn the_idle_time_an_administrator_saves_locks_this_session_at_once() {
    let mut h = Harness::logged_in(Role::Administrator);
    let start = Utc::now();
    h.tick(start);
    h.type_text("s").press(KeyCode::PageDown);
    assert!(matches!(&h.app.state.screen, Screen::Settings(s) if s.part == SettingsPart::Idle));
    h.press(KeyCode::End).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("2").enter();
    assert_eq!(status(&h), "Idle time saved: 2 minutes.");
    assert_eq!(h.app.state.idle_minutes, 2);
    h.tick(start + Duration::seconds(90));
    assert!(h.app.state.lock.is_none(), "not yet two minutes");
    h.tick(start + Duration::minutes(3));
    assert!(h.app.state.lock.is_some(), "two minutes without a key lock the screen, not ten");
}

/// The accounts screen of the test administrator, with a second administrator (so the first
/// may be disabled or demoted).
fn with_a_second_administrator() -> Harness {
    let mut h = Harness::logged_in(Role::Administrator);
    let by = h.app.state.session.as_ref().unwrap();
    h.store().add_account(by, "nadia", "Nadia Second", Role::Administrator, Utc::now()).unwrap();
    h.type_text("a");
    assert!(matches!(h.app.state.screen, Screen::Accounts(_)));
    for _ in 0..5 {
        h.press(KeyCode::Up);
    }
    for _ in 0..5 {
        let Screen::Accounts(a) = &h.app.state.screen else { panic!("not on the accounts screen") };
        if a.current().is_some_and(|r| r.username == ADMIN) {
            return h;
        }
        h.press(KeyCode::Down);
    }
    panic!("{ADMIN} is not listed");
}

#[test]
fn disabling_ones_own_account_ends_the_session() {
    let mut h = with_a_second_administrator();
    h.type_text("d").type_text("y");
    assert!(h.app.state.session.is_none(), "a disabled account's session ends");
    assert!(matches!(h.app.state.screen, Screen::Login(_)), "the login screen asks again");
    // The account is sealed and no key is held: its password tells it is disabled.
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    assert!(matches!(
        h.store().log_in(ADMIN, &pw, chrono::Utc::now()),
        Err(daftar::error::Error::Login(daftar::auth::LoginRefusal::Disabled))
    ));
}

#[test]
fn giving_oneself_another_role_changes_the_sessions_rights_at_once() {
    let mut h = with_a_second_administrator();
    h.type_text("r").type_text("2").enter();
    assert_eq!(h.app.state.session.as_ref().map(|s| s.role), Some(Role::Supervisor));
    // The accounts are now refused to this session, at once.
    h.press(KeyCode::Esc).type_text("a");
    assert!(matches!(h.app.state.screen, Screen::Home(_)), "a supervisor has no accounts screen");
    // And so after logging in again.
    h.log_in_as(Role::Administrator);
    assert_eq!(h.app.state.session.as_ref().map(|s| s.role), Some(Role::Supervisor));
}

#[test]
fn the_saved_idle_time_is_said_in_the_plural_form_of_each_language() {
    let mut h = Harness::logged_in(Role::Administrator);
    h.type_text("s").press(KeyCode::PageDown);
    h.press(KeyCode::End).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("1").enter();
    assert_eq!(status(&h), "Idle time saved: 1 minute.");
    h.press(KeyCode::End).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("25").enter();
    assert_eq!(status(&h), "Idle time saved: 25 minutes.");
    for (n, fr, ar) in [
        (1, "Délai enregistré : 1 minute.", "حُفظت مدة الخمول: دقيقة واحدة."),
        (2, "Délai enregistré : 2 minutes.", "حُفظت مدة الخمول: دقيقتان."),
        (5, "Délai enregistré : 5 minutes.", "حُفظت مدة الخمول: 5 دقائق."),
        (25, "Délai enregistré : 25 minutes.", "حُفظت مدة الخمول: 25 دقيقة."),
    ] {
        assert_eq!(daftar::i18n::T::SettingsIdleSaved.count(daftar::i18n::Lang::Fr, n), fr);
        assert_eq!(daftar::i18n::T::SettingsIdleSaved.count(daftar::i18n::Lang::Ar, n), ar);
    }
}
