//! The terminal: raw mode and the alternate screen on the way in, restored on every way out
//! (normal exit, error, panic, SIGTERM, SIGHUP). This is the one place that reads events.
//!
//! Signals are answered by [`Lifeline`], whatever the main thread is doing: the main loop
//! looks for them between events and saves the draft as Ctrl-Q does; if it is busy (a huge
//! record being read, a long start), a watchdog thread does it in its place after
//! [`GRACE`], from the copy of the wizard the loop publishes after every event, then restores
//! the terminal and ends the process, which releases the store's lock.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use crate::app::{App, Msg, Screen, Wizard};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::store::Store;
use crate::text::BidiMode;

/// How often the loop looks for a termination signal while waiting for a key.
const SIGNAL_POLL: Duration = Duration::from_millis(100);
/// How often the loop tells the app the time ([`Msg::Tick`]).
const TICK: Duration = Duration::from_secs(1);

fn io_err(action: &'static str) -> impl Fn(io::Error) -> Error {
    move |source| Error::Io { action, path: "the terminal".into(), source }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once, and from the
/// panic hook; errors are ignored because the terminal may already be gone (SIGHUP).
pub fn restore() {
    restore_on(&mut io::stdout().lock());
}

fn restore_on(out: &mut impl Write) {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.write_all(IMPLICIT_BIDI);
    let _ = out.flush();
}

/// ECMA-48 BDSM, as the terminal bidi recommendation uses it: explicit mode (CSI 8 l) tells a
/// terminal that reorders by itself that Daftar has already ordered the text; implicit mode
/// (CSI 8 h) gives it back its own bidi, for the shell after us and for `terminal` mode.
const EXPLICIT_BIDI: &[u8] = b"\x1b[8l";
const IMPLICIT_BIDI: &[u8] = b"\x1b[8h";

fn bidi_sequence(mode: BidiMode) -> &'static [u8] {
    if mode == BidiMode::Terminal { IMPLICIT_BIDI } else { EXPLICIT_BIDI }
}

/// Restores the terminal when dropped, so an early return or `?` cannot leave it raw; from
/// then on the watchdog leaves the terminal alone.
struct Guard<'a>(&'a Lifeline);

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        restore();
        self.0.shared.terminal.store(false, Ordering::SeqCst);
    }
}

/// Runs the interface until the interviewer quits or a signal asks us to stop.
/// `clock` gives the time for [`Msg::Tick`], sent about every [`TICK`] (the idle lock's only
/// clock); the tests' clock in debug builds.
pub fn run(app: &mut App, lifeline: &Lifeline, clock: &dyn Fn() -> Result<DateTime<Utc>>) -> Result<()> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic of sled's that the store catches on a damaged store leaves the screen be.
        if !crate::store::panicking_quietly() {
            restore();
            previous_hook(info);
        }
    }));

    lifeline.shared.terminal.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode().map_err(io_err("entering raw mode on"))?;
    let _guard = Guard(lifeline);
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste).map_err(io_err("setting up"))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(io_err("opening"))?;
    let mut bidi = app.state.bidi;
    io::stdout().write_all(bidi_sequence(bidi)).map_err(io_err("setting up"))?;
    let size = terminal.size().map_err(io_err("measuring"))?;
    app.dispatch(Msg::Resize(size.width, size.height));
    app.dispatch(Msg::Tick(clock()?));
    let mut ticked = std::time::Instant::now();

    if cfg!(debug_assertions) && std::env::var_os("DAFTAR_DEBUG_PANIC").is_some() {
        // Lets the tests check that a panic restores the terminal; debug builds only.
        terminal.draw(|frame| crate::ui::view(&app.state, frame)).map_err(io_err("drawing on"))?;
        panic!("DAFTAR_DEBUG_PANIC is set");
    }
    let events = spawn_reader();
    // What other sessions commit to a store in a database, once the store is open.
    let mut changes: Option<mpsc::Receiver<Vec<String>>> = None;
    lifeline.publish(app);
    while !app.state.quit {
        if app.state.bidi != bidi {
            bidi = app.state.bidi;
            io::stdout().write_all(bidi_sequence(bidi)).map_err(io_err("writing to"))?;
        }
        terminal.draw(|frame| crate::ui::view(&app.state, frame)).map_err(io_err("drawing on"))?;
        loop {
            if lifeline.stopping() {
                app.dispatch(Msg::Terminate);
                return Ok(());
            }
            // The store opened behind the login screen: taken as soon as it is open; an open
            // that failed ends the interface with its error.
            if app.poll_opening()? {
                lifeline.publish(app);
                break;
            }
            if lifeline.tell_served(app) {
                break;
            }
            if changes.is_none() {
                changes = app.store().and_then(spawn_listener);
            }
            if let Some(trees) = changes.as_ref().and_then(|rx| rx.try_recv().ok()) {
                app.dispatch(Msg::ChangedElsewhere(trees));
                lifeline.publish(app);
                break;
            }
            match events.recv_timeout(SIGNAL_POLL) {
                Ok(event) => {
                    app.handle_event(event);
                    lifeline.publish(app);
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if ticked.elapsed() >= TICK {
                        ticked = std::time::Instant::now();
                        // A clock that cannot be read now (the tests' file being rewritten)
                        // is read again at the next tick.
                        if let Ok(now) = clock() {
                            let (locked, retrying) = (app.state.lock.is_some(), app.state.retrying);
                            app.dispatch(Msg::Tick(now));
                            // A write tried again at this tick shows how it went.
                            if app.state.lock.is_some() != locked || retrying {
                                lifeline.publish(app);
                                break;
                            }
                        }
                    }
                    let today = chrono::Local::now().date_naive();
                    if today != app.state.today {
                        app.dispatch(Msg::NewDay(today));
                        lifeline.publish(app);
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // The terminal went away (a dropped SSH link): save and leave.
                    app.dispatch(Msg::Terminate);
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// Waits on its own thread for what other processes commit to `store` (a store in a database;
/// None for a folder's) and sends the names of the trees changed, at most about once a second.
/// A listener that fails (the server restarted) is made again, every few seconds until it can.
fn spawn_listener(store: &crate::store::Store) -> Option<mpsc::Receiver<Vec<String>>> {
    let mut connections = store.connections();
    let mut listener = store.changes()?;
    let store = store.clone();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            // The store connected again (its writes found the server gone): listen again, to
            // leave out its new connections rather than the old ones.
            if store.connections() != connections {
                connections = store.connections();
                listener = Err(crate::error::Error::Usage(String::new()));
            }
            match &mut listener {
                Ok(l) => match l.wait(Duration::from_secs(1)) {
                    Ok(trees) if trees.is_empty() => {}
                    Ok(trees) => {
                        if tx.send(trees).is_err() {
                            return;
                        }
                    }
                    Err(_) => listener = Err(crate::error::Error::Usage(String::new())),
                },
                Err(_) => {
                    std::thread::sleep(Duration::from_secs(2));
                    match store.changes() {
                        Some(again) => listener = again,
                        None => return,
                    }
                    // Made on the connections the store has now (it may have just connected).
                    connections = store.connections();
                }
            }
        }
    });
    Some(rx)
}

/// Reads terminal events on their own thread. Reading can block for good (crossterm spins on
/// a hung-up terminal), so the main loop must stay free to notice SIGHUP and save the draft.
/// The channel closes when reading fails.
fn spawn_reader() -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    rx
}

/// How long the main loop has to answer a signal before the watchdog acts in its place.
pub const GRACE: Duration = Duration::from_millis(800);
/// How long the watchdog waits for a write in progress on the main thread to end.
const WRITE_WAIT: Duration = Duration::from_millis(1500);
/// How long the watchdog gives to accepting the answer being typed (the form's checks and
/// calculations, as Ctrl-Q runs them).
const COMMIT_WAIT: Duration = Duration::from_millis(700);
/// How long the watchdog gives to restoring the terminal (a stalled link can block writes).
const RESTORE_WAIT: Duration = Duration::from_millis(500);

/// Answers SIGTERM and SIGHUP within about a second whatever the main thread is doing (see the
/// module's documentation). Start it before anything that can take long, opening the store
/// included.
pub struct Lifeline {
    shared: Arc<Shared>,
}

struct Shared {
    signalled: AtomicBool,
    /// Where the watchdog's handle on the open store is, once there is one: the store's own
    /// slot ([`Store::watch_slot`]), which the store empties while it opens itself again.
    store: Mutex<Arc<Mutex<Option<Store>>>>,
    /// The wizard as the last event left it: what quitting now would save.
    draft: Mutex<Option<Snapshot>>,
    /// Raw mode and the alternate screen are on: the watchdog must restore them.
    terminal: AtomicBool,
    /// The interviewer's language, for the one line the watchdog may have to print.
    lang: Mutex<Lang>,
    /// The account logged in at the keyboard and not idle-locked, as the last event left it:
    /// a `daftar backup` request is served only for one the policy lets take backups.
    at_keyboard: Mutex<Option<crate::auth::AccountId>>,
    /// Backups taken for `daftar backup` requests that the status line has not said yet:
    /// where, and when.
    served: Mutex<Vec<(std::path::PathBuf, DateTime<Utc>)>>,
}

/// Why the watchdog could not save the draft.
#[derive(Debug)]
enum NotSaved {
    /// A write of the main thread did not end within [`WRITE_WAIT`].
    DiskStuck,
    /// Accepting the answer being typed did not end within [`COMMIT_WAIT`].
    CommitSlow,
    Store(Error),
}

impl NotSaved {
    fn text(&self, lang: Lang) -> String {
        match self {
            NotSaved::DiskStuck => T::SigDiskStuck.get(lang).to_string(),
            NotSaved::CommitSlow => T::SigCommitSlow.get(lang).to_string(),
            NotSaved::Store(e) => e.localized(lang),
        }
    }
}

struct Snapshot {
    wizard: Box<Wizard>,
    today: NaiveDate,
    /// The store's write count when the copy was taken: a write since means the main thread
    /// saved something newer than this copy, which must then not be written over it.
    writes: u64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Lifeline {
    /// Watches SIGTERM and SIGHUP from now on.
    pub fn start() -> Result<Lifeline> {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        let mut signals =
            signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]).map_err(io_err("watching signals on"))?;
        let shared = Arc::new(Shared::new());
        let watched = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("daftar-signals".into())
            .spawn(move || {
                if signals.forever().next().is_some() {
                    watched.signalled.store(true, Ordering::SeqCst);
                    std::thread::sleep(GRACE);
                    // The main loop has not finished in time: act in its place.
                    let failed = watched.rescue().err();
                    watched.restore_terminal();
                    if let Some(reason) = failed {
                        let lang = *lock(&watched.lang);
                        let line = T::SigNotSaved.fill_plain(lang, &[("reason", &reason.text(lang))]);
                        eprintln!("daftar: {line}");
                        std::process::exit(1);
                    }
                    std::process::exit(0);
                }
            })
            .map_err(io_err("watching signals on"))?;
        Ok(Lifeline { shared })
    }

    /// A signal asked Daftar to stop.
    pub fn stopping(&self) -> bool {
        self.shared.signalled.load(Ordering::SeqCst)
    }

    /// Gives the watchdog a handle on the open store, and the language to speak.
    pub fn watch(&self, store: &Store, lang: Lang) {
        let slot = store.watch_slot();
        *lock(&slot) = Some(store.clone());
        *lock(&self.shared.store) = slot;
        *lock(&self.shared.lang) = lang;
    }

    /// What the interface offers a `daftar backup` request now (see
    /// [`crate::store::backup::serve`]): the store as it holds it, only while an account the
    /// policy lets take backups ([`crate::auth::Action::Backup`]), read afresh from the store, is
    /// logged in and not idle-locked; a refusal otherwise; Closing once released.
    pub fn backup_offer(&self) -> impl Fn() -> crate::store::backup::Offer + Send + 'static {
        use crate::store::backup::Offer;
        let shared = Arc::clone(&self.shared);
        move || {
            let at_keyboard = lock(&shared.at_keyboard).clone();
            let slot = shared.slot();
            let store = lock(&slot);
            let Some(store) = store.as_ref() else { return Offer::Closing };
            let Some(id) = at_keyboard else { return Offer::NobodyMay };
            // As the account is stored now: demoted or disabled since the login, it may not.
            let may = store.account(&id).ok().flatten().is_some_and(|a| {
                crate::auth::policy::check_session(
                    a.role,
                    a.must_change_password,
                    a.is_active(),
                    crate::auth::Action::Backup,
                )
                .is_ok()
            });
            if may { Offer::Ready(store.backup_source()) } else { Offer::NobodyMay }
        }
    }

    /// What the backup server calls for each backup it took for a request, so that the status
    /// line says so ([`Msg::BackupServed`]).
    pub fn backup_served(&self) -> impl Fn(&std::path::Path, DateTime<Utc>) + Send + 'static {
        let shared = Arc::clone(&self.shared);
        move |dest, at| lock(&shared.served).push((dest.to_path_buf(), at))
    }

    /// Tells the app of the backups taken for requests since it was last told: true when there
    /// were some (the screen is to be drawn again).
    fn tell_served(&self, app: &mut App) -> bool {
        let served = std::mem::take(&mut *lock(&self.shared.served));
        let any = !served.is_empty();
        for (dest, at) in served {
            app.dispatch(Msg::BackupServed(dest.display().to_string(), at));
        }
        any
    }

    /// Takes the handle back, so that the store closes when the interface drops it.
    pub fn release(&self) {
        lock(&self.shared.slot()).take();
        lock(&self.shared.draft).take();
    }

    /// Publishes what quitting now would save: a copy of the wizard being filled in, if any.
    /// A clone of the interview and the field being typed, taken after every event.
    fn publish(&self, app: &App) {
        let snapshot = match (&app.state.screen, app.store()) {
            // An amendment is no draft: it is written only when finalized, with its reason.
            (Screen::Wizard(w), Some(store)) if !w.read_only && w.amending.is_none() => {
                Some(Snapshot { wizard: w.clone(), today: app.state.today, writes: store.writes() })
            }
            _ => None,
        };
        *lock(&self.shared.draft) = snapshot;
        // Who may grant a backup request: nobody on the login screen or under the idle lock.
        *lock(&self.shared.at_keyboard) =
            app.state.session.as_ref().filter(|_| app.state.lock.is_none()).map(|s| s.account.clone());
        // The store as the interface holds it now: after a failed write it opens it again, and
        // a handle on the old one kept here would keep sled's lock and stop that. On a first
        // run, the store the first-run screen has just made is watched from now on.
        let Some(store) = app.store() else { return };
        let slot = self.shared.slot();
        if !Arc::ptr_eq(&slot, &store.watch_slot()) {
            self.watch(store, app.state.lang);
            return;
        }
        let mut watched = lock(&slot);
        if watched.is_some() {
            *watched = Some(store.clone());
        }
    }
}

impl Shared {
    fn new() -> Shared {
        Shared {
            signalled: AtomicBool::new(false),
            store: Mutex::default(),
            draft: Mutex::new(None),
            terminal: AtomicBool::new(false),
            lang: Mutex::new(Lang::En),
            at_keyboard: Mutex::new(None),
            served: Mutex::new(Vec::new()),
        }
    }

    /// The slot holding the watchdog's handle on the store (empty before [`Lifeline::watch`]).
    fn slot(&self) -> Arc<Mutex<Option<Store>>> {
        Arc::clone(&lock(&self.store))
    }

    /// Saves the published draft in the main thread's place, once no other write can happen.
    /// What can be lost: a value typed in the question being answered that its checks refuse
    /// (Ctrl-Q would ask; a signal cannot), or, if accepting it takes longer than
    /// [`COMMIT_WAIT`], that value only; every answer accepted before is already on disk.
    fn rescue(&self) -> std::result::Result<(), NotSaved> {
        let Some(store) = lock(&self.slot()).clone() else { return Ok(()) };
        let Some(last) = store.close_writes(WRITE_WAIT) else { return Err(NotSaved::DiskStuck) };
        let Some(snapshot) = lock(&self.draft).take() else { return Ok(()) };
        if snapshot.writes != last.writes_before() {
            // The main thread saved since the copy was taken: what it saved is newer.
            return Ok(());
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut wizard = snapshot.wizard;
            crate::app::wizard::commit(&mut wizard, snapshot.today, false);
            let _ = tx.send(wizard.interview);
        });
        let draft = rx.recv_timeout(COMMIT_WAIT).map_err(|_| NotSaved::CommitSlow)?;
        last.save_draft(&draft).map_err(NotSaved::Store)
    }

    /// Restores the terminal if the interface had set it up, holding standard output so that
    /// the main thread cannot draw after it.
    fn restore_terminal(&self) {
        if !self.terminal.load(Ordering::SeqCst) {
            return;
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = io::stdout().lock();
            restore_on(&mut out);
            let _ = tx.send(());
            // Keep standard output until the process ends.
            loop {
                std::thread::park();
            }
        });
        let _ = rx.recv_timeout(RESTORE_WAIT);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::store::Answer;

    fn key(app: &mut App, code: KeyCode) {
        app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            key(app, KeyCode::Char(c));
        }
    }

    /// An app on the first question of an intake interview, and a lifeline watching its store
    /// (no signal is involved: the tests call what the watchdog calls).
    fn in_a_wizard(dir: &tempfile::TempDir) -> (App, Lifeline) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let pw = crate::auth::SecretString::from("lantern orchard 7 river".to_string());
        // Logged in as an administrator: taking an interview is a right the policy gives.
        store.create_first_admin("samira", "Samira", &pw, &pw, chrono::Utc::now()).unwrap();
        store.register(&crate::synth::participant(&mut crate::synth::Rng::new(3), 0, today), today).unwrap();
        let mut app = App::new(store, Lang::En, today, None).unwrap();
        app.login("samira", &pw, chrono::Utc::now()).unwrap();
        app.dispatch(Msg::Resize(80, 24));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('n'));
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.state.screen, Screen::Wizard(_)), "not in the wizard");
        let lifeline = Lifeline { shared: Arc::new(Shared::new()) };
        lifeline.watch(app.store().unwrap(), Lang::En);
        (app, lifeline)
    }

    fn saved_nationality(app: &App) -> Option<Answer> {
        let Screen::Wizard(w) = &app.state.screen else { panic!("not in the wizard") };
        app.store().unwrap().draft(&w.interview.id).unwrap().and_then(|d| d.answers.get("nationality").cloned())
    }

    #[test]
    fn the_watchdog_saves_the_answer_being_typed_when_the_main_thread_is_busy() {
        let dir = tempfile::TempDir::new().unwrap();
        let (mut app, lifeline) = in_a_wizard(&dir);
        type_text(&mut app, "Tunisienne");
        lifeline.publish(&app);
        assert_eq!(saved_nationality(&app), None, "typed, not yet accepted");
        // The main thread is now busy; the watchdog acts in its place.
        lifeline.shared.rescue().unwrap();
        assert_eq!(saved_nationality(&app), Some(Answer::Text("Tunisienne".into())));
        // And nothing the main thread still does is written after it.
        type_text(&mut app, " du Sud");
        key(&mut app, KeyCode::Enter);
        assert_eq!(saved_nationality(&app), Some(Answer::Text("Tunisienne".into())));
    }

    #[test]
    fn the_watchdog_never_writes_an_older_copy_over_what_the_main_thread_saved() {
        let dir = tempfile::TempDir::new().unwrap();
        let (mut app, lifeline) = in_a_wizard(&dir);
        type_text(&mut app, "Tunis");
        lifeline.publish(&app);
        // The main thread goes on, accepts and saves a newer answer, then becomes busy before
        // it publishes again.
        type_text(&mut app, "ienne");
        key(&mut app, KeyCode::Enter);
        assert_eq!(saved_nationality(&app), Some(Answer::Text("Tunisienne".into())));
        lifeline.shared.rescue().unwrap();
        assert_eq!(saved_nationality(&app), Some(Answer::Text("Tunisienne".into())));
    }
}
