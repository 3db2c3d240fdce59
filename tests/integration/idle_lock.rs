//! The idle lock drops everything decrypted (issue 12, session 19): the store its key, the app
//! the Home list, the search index, the accounts' names and the open record; the unlock reads
//! them again, back where the person was. The interview being taken stays under the cover
//! (login.rs tests that its answer being typed is saved first and kept).

use ratatui::crossterm::event::KeyCode;

use daftar::app::Screen;
use daftar::crypto::keys_alive;

use crate::support::{ADMIN_PASSWORD, Harness, assert_hides, assert_shows};

const NAME_AR: &str = "زبرجد القرطبي";
const NAME_LATIN: &str = "Zabarjad Qurtubi";
const FILE: &str = "Z-7781/4409";

/// `keys_alive` counts the keys of the whole process, and the other tests hold theirs: the
/// test runs again alone in a child process, and there it checks the count.
fn alone(name: &str) -> bool {
    if std::env::var_os("DAFTAR_TEST_ALONE").is_some() {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1"])
        .env("DAFTAR_TEST_ALONE", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} alone:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    false
}

/// Nothing of the participant is left in what the app holds.
fn forgotten(h: &Harness) {
    let state = &h.app.state;
    assert!(state.directory.is_empty() && !state.directory_loaded, "the Home list is kept");
    assert!(state.search.is_empty(), "the search index is kept");
    assert!(state.work.to_review.is_empty() && state.work.returned.is_empty(), "the work lists are kept");
    assert!(state.due_lists.iter().all(Vec::is_empty));
    assert_eq!(state.authors, Default::default(), "the accounts' names are kept");
    assert!(!matches!(state.screen, Screen::Record(_) | Screen::History(_)), "the open record is kept");
    if let Screen::Home(home) = &state.screen {
        assert!(home.shown.is_empty());
    }
}

#[test]
fn the_idle_lock_drops_what_was_decrypted_and_the_unlock_reads_it_again() {
    if !alone("idle_lock::the_idle_lock_drops_what_was_decrypted_and_the_unlock_reads_it_again") {
        return;
    }
    let mut h = Harness::new();
    h.register(NAME_AR, NAME_LATIN, "07/03/1990", FILE);
    let screen = h.screen();
    assert_shows(&screen, "Participant record");
    assert_shows(&screen, NAME_LATIN);
    assert!(keys_alive() >= 1 && h.store().holds_key());

    // Locked on the record.
    h.ctrl('l');
    assert!(h.app.state.lock.is_some());
    assert_eq!(keys_alive(), 0, "a key is still alive under the lock");
    assert!(!h.store().holds_key());
    forgotten(&h);
    let screen = h.screen();
    assert_hides(&screen, NAME_LATIN);
    assert_hides(&screen, FILE);
    // The unlock reads the record again, and Home behind it.
    h.type_text(ADMIN_PASSWORD).enter();
    assert!(h.app.state.lock.is_none() && h.store().holds_key());
    assert!(matches!(h.app.state.screen, Screen::Record(_)), "back on the record");
    let screen = h.screen();
    assert_shows(&screen, "Participant record");
    assert_shows(&screen, NAME_LATIN);
    assert_shows(&screen, FILE);
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), NAME_LATIN);

    // Locked on Home, with a filter typed: the filter stays, the list comes back.
    h.type_text("/").type_text("Zabar");
    h.press(KeyCode::Enter);
    h.ctrl('l');
    assert_eq!(keys_alive(), 0);
    forgotten(&h);
    h.type_text(ADMIN_PASSWORD).enter();
    let screen = h.screen();
    assert!(matches!(h.app.state.screen, Screen::Home(_)));
    assert_shows(&screen, NAME_LATIN);
    assert_eq!(h.app.state.directory.len(), 1);
    assert!(!h.app.state.search.is_empty());
}
