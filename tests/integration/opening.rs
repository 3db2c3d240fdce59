//! The login screen shows at once while the store is opened (and its whole log verified) on a
//! thread of its own (`App::opening`, as `daftar` starts on an existing store).

use std::sync::mpsc;

use daftar::app::{App, Screen};
use daftar::error::Error;
use daftar::i18n::Lang;
use daftar::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use crate::support::{ADMIN, ADMIN_PASSWORD, buffer_text, give_account, today};

/// A store on disk with its administrator, closed again.
fn store_with_admin() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    let store = Store::open(&path).unwrap();
    give_account(&store, daftar::auth::Role::Administrator);
    drop(store);
    (dir, path)
}

/// An app opening `path` whose open waits until the returned sender says go.
fn opening_on_signal(
    path: &std::path::Path,
    result: impl FnOnce() -> daftar::error::Result<Store> + Send + 'static,
) -> (App, mpsc::Sender<()>) {
    let (go, wait) = mpsc::channel::<()>();
    let app = App::opening(path, Lang::En, today(), None, move || {
        let _ = wait.recv();
        result()
    });
    (app, go)
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| daftar::ui::view(&app.state, frame)).unwrap();
    buffer_text(terminal.backend().buffer())
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_event(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn enter(app: &mut App) {
    app.handle_event(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
}

/// Polls until the store is taken (the open runs on another thread).
fn poll_until_taken(app: &mut App) {
    for _ in 0..500 {
        if app.poll_opening().unwrap() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the store was never taken");
}

#[test]
fn the_login_screen_shows_while_the_store_opens_and_works_once_it_is_open() {
    let (_dir, path) = store_with_admin();
    let opened = path.clone();
    let (mut app, go) = opening_on_signal(&path, move || Store::open(&opened));
    app.handle_event(Event::Resize(80, 24));
    let shown = screen(&app);
    assert!(shown.contains("Log in"), "{shown}");
    assert!(shown.contains("being opened and checked"), "{shown}");
    assert!(app.store().is_none());
    assert!(!app.poll_opening().unwrap(), "nothing to take before the open ends");
    // The username is typed while the store is still opening.
    type_keys(&mut app, ADMIN);
    go.send(()).unwrap();
    poll_until_taken(&mut app);
    assert!(app.store().is_some());
    let shown = screen(&app);
    assert!(!shown.contains("being opened"), "{shown}");
    enter(&mut app);
    type_keys(&mut app, ADMIN_PASSWORD);
    enter(&mut app);
    assert!(matches!(app.state.screen, Screen::Home(_)), "{}", screen(&app));
}

#[test]
fn an_enter_before_the_store_is_open_waits_for_it_then_logs_in() {
    let (_dir, path) = store_with_admin();
    let opened = path.clone();
    let (mut app, go) = opening_on_signal(&path, move || Store::open(&opened));
    app.handle_event(Event::Resize(80, 24));
    type_keys(&mut app, ADMIN);
    enter(&mut app);
    type_keys(&mut app, ADMIN_PASSWORD);
    // The open is let go only after a while: the Enter below has to wait for it.
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let _ = go.send(());
    });
    enter(&mut app);
    assert!(app.store().is_some());
    assert!(matches!(app.state.screen, Screen::Home(_)), "{}", screen(&app));
}

#[test]
fn a_failed_open_ends_the_interface_with_its_error_and_a_login_typed_meanwhile_goes_nowhere() {
    let (_dir, path) = store_with_admin();
    let in_use = path.clone();
    let (mut app, go) = opening_on_signal(&path, move || Err(Error::StoreInUse(in_use)));
    type_keys(&mut app, ADMIN);
    enter(&mut app);
    type_keys(&mut app, ADMIN_PASSWORD);
    go.send(()).unwrap();
    enter(&mut app);
    assert!(app.store().is_none());
    assert!(!matches!(app.state.screen, Screen::Home(_)));
    match app.poll_opening() {
        Err(Error::StoreInUse(p)) => assert_eq!(p, path),
        other => panic!("expected the open's error, got {other:?}"),
    }

    // The same error, found by the loop's poll before any Enter.
    let in_use = path.clone();
    let (mut app, go) = opening_on_signal(&path, move || Err(Error::StoreInUse(in_use)));
    go.send(()).unwrap();
    let mut found = None;
    for _ in 0..500 {
        match app.poll_opening() {
            Ok(false) => std::thread::sleep(std::time::Duration::from_millis(10)),
            other => {
                found = Some(other);
                break;
            }
        }
    }
    assert!(matches!(found, Some(Err(Error::StoreInUse(_)))), "{found:?}");
}

#[test]
fn a_store_from_before_accounts_turns_the_login_into_the_first_run_upgrade() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store");
    drop(Store::open(&path).unwrap());
    let opened = path.clone();
    let (mut app, go) = opening_on_signal(&path, move || Store::open(&opened));
    type_keys(&mut app, "someone");
    enter(&mut app);
    type_keys(&mut app, "some password here");
    go.send(()).unwrap();
    // The login's Enter finds a store with no account: the first run asks for its first one.
    enter(&mut app);
    assert!(matches!(&app.state.screen, Screen::FirstRun(f) if f.upgrade), "{}", screen(&app));
    assert!(!app.store().unwrap().has_accounts().unwrap(), "nothing was written by the login typed");
}

#[test]
fn the_backup_directory_given_on_the_command_line_is_kept_once_the_store_is_open() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);
    let backups = dir.path().join("bk");
    let backups = backups.to_str().unwrap();
    let mut s = crate::pty::Session::start_with(&store, &["--lang", "en", "--backup-dir", backups]);
    s.wait_for("No participants yet");
    s.send("?");
    s.wait_for(&format!("Backups: {backups}"));
    s.send(crate::pty::CTRL_Q);
    s.send(crate::pty::CTRL_Q);
    s.wait_exit();
}
