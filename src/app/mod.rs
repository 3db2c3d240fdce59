//! The application core: state, messages, the keymap and `update`, plus [`App`], which ties
//! them to a store. Nothing here draws or reads the terminal, so every screen can be driven
//! by tests with key events.
//!
//! The layout follows `ui/`, one file per screen, so a new screen is one new file on each side:
//! - `screen/`: one module per screen (`first_run`, `home`, `register`, `record`, `stage`,
//!   `progress`, `dashboard`, `wizard`, `settings`), each with that screen's state, its focus
//!   as an enum with `next()`/`prev()` where it has several focusable parts, and its
//!   `on_action(state, action) -> Vec<Effect>`;
//! - `update.rs`: the only entry that changes the state; it answers the store's messages,
//!   handles the overlays (help, confirmations, the form picker, the whole answer) and the
//!   editing keys every text input shares, then hands the key to the screen shown;
//! - `state.rs`: [`AppState`], the [`Screen`] and [`Overlay`] it shows, and what the screens
//!   share (the focused input and its keyboard rule, the status line, the save in flight);
//! - `keymap.rs` (keys to actions, per context), `msg.rs`, `input.rs` (the text input),
//!   `search.rs`, `forms.rs`, `layout.rs` (the sizes the view and `update` both need).

mod authors;
pub mod forms;
mod holding;
mod input;
pub mod keymap;
pub mod layout;
mod msg;
pub mod rights;
mod screen;
pub mod secret;
pub use screen::wizard;
pub mod search;
mod state;
mod update;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyEventKind};

pub use authors::Authors;
pub use input::TextInput;
pub use msg::{Action, EditConflict, Msg};
pub use screen::accounts::{AccountRow, Accounts, AccountsMode, AddFocus, Shown as ShownPassword};
pub use screen::audit as audit_screen;
pub use screen::dashboard::Dashboard;
pub use screen::first_run::{FirstRun, FirstRunField};
pub use screen::history as history_screen;
pub use screen::home::{DraftDiscard, Home, HomeTab, tabs_of as home_tabs, work_list};
pub use screen::lock::Lock;
pub use screen::login::{ChangeFocus, Login, LoginFocus, MustChange, Problem};
pub use screen::progress::Progress;
pub use screen::record::{Asking, Entry, FixOf, Record};
pub use screen::recovery::RecoveryCover;
pub use screen::register::{Editing, Register, RegisterField};
pub use screen::settings::{PasswordField, Settings, SettingsPart, parts as settings_parts};
pub use screen::stage::{StageFix, StageFocus, StageForm};
pub use screen::supervision::{ReviewPanel, Work, WorkItem};
pub use screen::wizard::{Editor, Page, ReviewLine, Wizard, review_lines};
pub use state::{
    AfterSave, AppState, Confirm, DueState, FocusId, FocusedInput, KeyboardRule, MIN_SIZE, Overlay, Pending, Screen,
    Status, due, too_small,
};
pub use update::{Effect, update};

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::store::Store;
use crate::text::BidiMode;

/// The state together with the store its effects run against. On the very first run there is
/// no store yet: it is made, with its administrator, by the first-run screen
/// ([`Effect::CreateStore`]), at `path`.
pub struct App {
    pub state: AppState,
    store: Option<Store>,
    path: std::path::PathBuf,
    /// The store being opened on another thread while the login screen waits for the
    /// username and password (see [`App::opening`]).
    opening: Option<std::sync::mpsc::Receiver<Result<Store>>>,
    /// The display mode asked for on the command line, if any: it wins over the store's.
    bidi_asked: Option<BidiMode>,
    /// Why the store being opened could not be, once known at a login's Enter: the interface
    /// ends with it at the next [`App::poll_opening`].
    failed_open: Option<Error>,
    /// The encryption of a store from before encryption, running on a thread of its own since
    /// its administrator logged in ([`App::encrypt`]).
    encrypting: Option<Encrypting>,
    /// The last write, while it failed on a lost connection: tried again at each tick while
    /// [`AppState::retrying`].
    retry: Option<Effect>,
}

/// An encryption running behind the login screen: its result to come, and its progress.
struct Encrypting {
    done: std::sync::mpsc::Receiver<Result<crate::store::Encrypted>>,
    progress: std::sync::Arc<(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64)>,
}

impl App {
    /// Opens on the login screen, or on the first run when the store has no account yet (a
    /// store from before accounts). Only a successful login loads Home. `bidi` is the display
    /// mode asked for on the command line or in the environment; without one, the mode saved on
    /// the settings screen, else `app`.
    pub fn new(store: Store, lang: Lang, today: NaiveDate, bidi: Option<BidiMode>) -> Result<App> {
        let path = store.path().to_path_buf();
        let mut app = App {
            state: blank_state(lang, today, bidi.unwrap_or_default(), &path),
            store: None,
            path,
            opening: None,
            bidi_asked: bidi,
            failed_open: None,
            encrypting: None,
            retry: None,
        };
        let screen = if store.has_accounts()? {
            Screen::Login(Default::default())
        } else {
            Screen::FirstRun(FirstRun { upgrade: true, ..FirstRun::default() })
        };
        app.state.screen = screen;
        app.adopt(store, bidi)?;
        Ok(app)
    }

    /// Opens the first-run screen for a store still to be made at `path` (which must not exist,
    /// or be an empty directory): nothing is written until its last Enter.
    pub fn first_run(path: &std::path::Path, lang: Lang, today: NaiveDate, bidi: Option<BidiMode>) -> App {
        let mut state = blank_state(lang, today, bidi.unwrap_or_default(), path);
        state.screen = Screen::FirstRun(FirstRun::default());
        App {
            state,
            store: None,
            path: path.to_path_buf(),
            opening: None,
            bidi_asked: bidi,
            failed_open: None,
            encrypting: None,
            retry: None,
        }
    }

    /// Opens on the login screen at once while the store at `path` is opened (and its whole log
    /// verified, which takes about a second at 100,000 participants) by `open` on a thread of
    /// its own: the person types their username and password meanwhile. The store is taken as
    /// soon as it is open ([`App::poll_opening`]), or waited for at the login's Enter. A store
    /// without accounts (from before them) turns the screen into the first run's upgrade.
    pub fn opening(
        path: &std::path::Path,
        lang: Lang,
        today: NaiveDate,
        bidi: Option<BidiMode>,
        open: impl FnOnce() -> Result<Store> + Send + 'static,
    ) -> App {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(open());
        });
        let mut state = blank_state(lang, today, bidi.unwrap_or_default(), path);
        state.screen = Screen::Login(Default::default());
        state.opening = true;
        App {
            state,
            store: None,
            path: path.to_path_buf(),
            opening: Some(rx),
            bidi_asked: bidi,
            failed_open: None,
            encrypting: None,
            retry: None,
        }
    }

    /// Takes the store if it has been opened meanwhile: Ok(true) when it was taken now. An
    /// open that failed (in use, damaged, not a store…) comes back as its error, for the
    /// caller to end the interface with.
    pub fn poll_opening(&mut self) -> Result<bool> {
        if let Some(e) = self.failed_open.take() {
            return Err(e);
        }
        if self.encrypting.is_some() {
            return Ok(self.poll_encryption());
        }
        let Some(rx) = &self.opening else { return Ok(false) };
        match rx.try_recv() {
            Ok(opened) => self.take_opened(opened).map(|()| true),
            Err(std::sync::mpsc::TryRecvError::Empty) => Ok(false),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.take_opened(Err(Error::NoStore(self.path.clone()))).map(|()| true)
            }
        }
    }

    /// Waits for the store being opened, if it is not yet.
    fn wait_for_store(&mut self) -> Result<()> {
        let Some(rx) = &self.opening else { return Ok(()) };
        let opened = rx.recv().unwrap_or_else(|_| Err(Error::NoStore(self.path.clone())));
        self.take_opened(opened)
    }

    fn take_opened(&mut self, opened: Result<Store>) -> Result<()> {
        self.opening = None;
        self.state.opening = false;
        let store = opened?;
        if !store.has_accounts()? {
            self.state.screen = Screen::FirstRun(FirstRun { upgrade: true, ..FirstRun::default() });
        }
        let bidi = self.bidi_asked;
        self.adopt(store, bidi)
    }

    /// Takes the store and reads what the screens need of it.
    fn adopt(&mut self, store: Store, bidi: Option<BidiMode>) -> Result<()> {
        let lang = self.state.lang;
        let state = &mut self.state;
        // The accounts of an encrypted store are sealed: read at the login (`take_session`).
        let readable = store.holds_key() || !store.is_encrypted()?;
        state.authors = if readable { Authors::of(&store.accounts()?) } else { Authors::of(&[]) };
        let (forms, broken) = forms::load(&store)?;
        state.forms = forms;
        state.bidi = match bidi {
            Some(mode) => mode,
            None => store.bidi_mode()?.unwrap_or_default(),
        };
        state.keyboards = store.keyboards()?;
        state.idle_minutes = store.idle_minutes()?;
        // A setting that cannot be read only leaves the help without the line.
        state.last_backup = store.last_backup().ok().flatten();
        if !broken.is_empty() {
            let text = T::FormsBroken.fill(lang, &[("forms", &broken.join(", "))]);
            state.start_status = Some(Status { text, error: true });
        }
        if let Ok(Some(failure)) = store.backup_failure() {
            let when = failure.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
            let key = keymap::key_for(keymap::Context::Home, Action::Help, lang);
            let text = T::BakAutoFailed.fill(lang, &[("when", &when), ("error", &failure.error), ("key", &key)]);
            state.start_status = Some(Status { text, error: true });
        }
        self.store = Some(store);
        Ok(())
    }

    /// The store, once there is one (always, but on the first run of a new store).
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Where the store is, or will be made.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Logs `username` in with `password` at `now` (the store judges: lockout, disabled,
    /// temporary password). On success the session is the app's, so every right is asked of
    /// it, and Home opens unless the password was a temporary one, which must be changed before
    /// anything else (the answer says so). The caller drops the password as soon as this
    /// returns.
    pub fn login(
        &mut self,
        username: &str,
        password: &crate::auth::SecretString,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        let must_change = self.log_in(username, password, now)?;
        // A store being encrypted by this login: its end opens Home ([`App::poll_opening`]).
        if !must_change && self.encrypting.is_none() {
            let effects = screen::login::logged_in(&mut self.state);
            self.run_effects(effects);
        }
        Ok(must_change)
    }

    /// The login itself: the session becomes the app's.
    fn log_in(
        &mut self,
        username: &str,
        password: &crate::auth::SecretString,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        self.wait_for_store()?;
        let store = self.store.as_ref().ok_or_else(|| Error::NoStore(self.path.clone()))?;
        let logged_in = store.log_in(username, password, now)?;
        if !store.is_encrypted()? && logged_in.session().role == crate::auth::Role::Administrator {
            // A store from before encryption: its first administrator login encrypts it.
            drop(logged_in);
            self.encrypt(username, password, now);
            return Ok(false);
        }
        Ok(self.take_session(logged_in))
    }

    /// Encrypts the store (from before encryption) for the administrator `username`, on a
    /// thread of its own, the login screen showing its progress ([`App::poll_opening`] takes
    /// the result). The app lets go of the store first: the encryption opens it itself, and
    /// replaces it whole. Killed meanwhile, the store stays as it was.
    fn encrypt(&mut self, username: &str, password: &crate::auth::SecretString, now: chrono::DateTime<chrono::Utc>) {
        if let Some(store) = self.store.take() {
            // The watchdog's handle would keep the store's lock.
            store.watch_slot().lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
            drop(store);
        }
        let progress: std::sync::Arc<(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64)> =
            std::sync::Arc::default();
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, username, password) = (self.path.clone(), username.to_string(), password.clone());
        let counter = std::sync::Arc::clone(&progress);
        std::thread::spawn(move || {
            let mut report = |done: u64, total: u64| {
                counter.0.store(done, std::sync::atomic::Ordering::Relaxed);
                counter.1.store(total, std::sync::atomic::Ordering::Relaxed);
            };
            let _ = tx.send(Store::encrypt_plain(&path, &username, &password, now, &mut report));
        });
        self.state.encrypting = Some((0, 0));
        self.encrypting = Some(Encrypting { done: rx, progress });
    }

    /// Follows the encryption: true when the screen changed (progress, or the end). At the end,
    /// the encrypted store is taken and its session is the app's, and the recovery key and the
    /// temporary passwords are shown once; a failure is said on the login screen, the store
    /// opened again as it was.
    fn poll_encryption(&mut self) -> bool {
        let Some(encrypting) = &self.encrypting else { return false };
        let outcome = match encrypting.done.try_recv() {
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                let (done, total) = (&encrypting.progress.0, &encrypting.progress.1);
                let now = Some((
                    done.load(std::sync::atomic::Ordering::Relaxed),
                    total.load(std::sync::atomic::Ordering::Relaxed),
                ));
                let changed = now != self.state.encrypting;
                self.state.encrypting = now;
                return changed;
            }
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(Error::NoStore(self.path.clone())),
        };
        self.encrypting = None;
        self.state.encrypting = None;
        let lang = self.state.lang;
        match outcome {
            Ok(crate::store::Encrypted { store, recovery, temporary, logged_in }) => {
                let bidi = self.bidi_asked;
                let answer = match self.adopt(store, bidi) {
                    Ok(()) => {
                        let mut cover = screen::recovery::RecoveryCover::new(recovery);
                        cover.temporary = temporary;
                        self.state.recovery = Some(cover);
                        Ok(self.take_session(logged_in))
                    }
                    Err(e) => Err(screen::login::Problem::of(e, lang)),
                };
                // As the login's own answer would have come: to the login or the first-run screen.
                self.dispatch(Msg::Authenticated(answer));
            }
            Err(e) => {
                // The store is as it was: opened again, and the login screen says why.
                match Store::open(&self.path) {
                    Ok(store) => {
                        let bidi = self.bidi_asked;
                        let _ = self.adopt(store, bidi);
                    }
                    Err(reopen) => self.failed_open = Some(reopen),
                }
                self.dispatch(Msg::Authenticated(Err(screen::login::Problem::of(e, lang))));
            }
        }
        true
    }

    /// Waits for an encryption started by a login to end (for tests and benches, which have
    /// no event loop to poll it).
    pub fn wait_for_encryption(&mut self) {
        while self.encrypting.is_some() {
            self.poll_encryption();
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// The session of a login made on the app's store before the app was given it (a test that
    /// fills the store as that account first): the app goes on as [`App::login`] would.
    pub fn adopt_login(&mut self, logged_in: crate::auth::login::LoggedIn) -> bool {
        let must_change = self.take_session(logged_in);
        if !must_change {
            let effects = screen::login::logged_in(&mut self.state);
            self.run_effects(effects);
        }
        must_change
    }

    /// Makes `logged_in`'s session the app's; whether its password must be changed first.
    fn take_session(&mut self, logged_in: crate::auth::login::LoggedIn) -> bool {
        let must_change = matches!(logged_in, crate::auth::login::LoggedIn::MustChangePassword(_));
        self.state.session = Some(logged_in.into_session());
        self.run_effects(vec![Effect::LoadAuthors]);
        must_change
    }

    /// The time effects judge logins by: the last tick's, else the system's.
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.unwrap_or_else(chrono::Utc::now)
    }

    /// Runs an effect that concerns who is logged in: the app holds the session (and, for a
    /// new store, the store) it gives. Each password is dropped, zeroed, when this returns.
    fn authenticate(&mut self, effect: Effect) -> Msg {
        let lang = self.state.lang;
        let now = self.now();
        let outcome = match effect {
            Effect::CreateStore { username, full_name, password, again } => {
                let (pw, again) = (password.to_secret_string(), again.to_secret_string());
                self.create_store(&username, &full_name, &pw, &again, now)
                    .and_then(|()| self.log_in(&username, &pw, now))
            }
            Effect::LogIn { username, password } => self.log_in(&username, &password.to_secret_string(), now),
            Effect::ChangePassword { current, new, again } => match (&self.store, &self.state.session) {
                (Some(store), Some(session)) => store
                    .change_password(
                        session,
                        &current.to_secret_string(),
                        &new.to_secret_string(),
                        &again.to_secret_string(),
                        now,
                    )
                    .map(|session| {
                        self.state.session = Some(session);
                        false
                    }),
                _ => Err(Error::NoStore(self.path.clone())),
            },
            Effect::Unlock(password) => self.unlock(&password.to_secret_string(), now),
            _ => return Msg::StoreFailed(String::new()),
        };
        if outcome.is_ok() && self.encrypting.is_some() {
            // The login started the encryption: its end answers the login screen.
            return Msg::Noted;
        }
        Msg::Authenticated(outcome.map_err(|e| screen::login::Problem::of(e, lang)))
    }

    /// The store with its first administrator: a new store made whole at once, or the first
    /// account of a store from before accounts.
    fn create_store(
        &mut self,
        username: &str,
        full_name: &str,
        pw: &crate::auth::SecretString,
        again: &crate::auth::SecretString,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        if let Some(store) = &self.store {
            let (_, recovery) = store.create_first_admin(username, full_name, pw, again, now)?;
            // A store with records is encrypted at the login that follows, which shows its key.
            self.state.recovery = recovery.map(screen::recovery::RecoveryCover::new);
            return Ok(());
        }
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                action: "creating",
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let (store, _, recovery) = Store::create_with_admin(&self.path, username, full_name, pw, again, now)?;
        self.state.recovery = Some(screen::recovery::RecoveryCover::new(recovery));
        let bidi = Some(self.state.bidi);
        self.adopt(store, bidi)
    }

    /// The locked session's password: only the same account lifts the lock, and a failure
    /// counts toward its lockout as a failed login does.
    fn unlock(&mut self, pw: &crate::auth::SecretString, now: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        let (Some(store), Some(session)) = (&self.store, &self.state.session) else {
            return Err(Error::NoStore(self.path.clone()));
        };
        let logged_in = store.log_in(&session.username, pw, now)?;
        if logged_in.session().account != session.account {
            // Another account's password opened the key: it is not this session's to hold.
            store.drop_key();
            return Err(Error::Login(crate::auth::LoginRefusal::WrongCredentials));
        }
        self.state.session = Some(logged_in.into_session());
        Ok(false)
    }

    /// Feeds one terminal event through the keymap. Key releases and repeats of the release
    /// kind are ignored, so a key acts once on every terminal.
    pub fn handle_event(&mut self, event: Event) {
        let msg = match event {
            Event::Key(key) if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat => {
                let context = self.state.context();
                match keymap::map_key(context, &key) {
                    // A key of a password goes on only as a secret.
                    Some(Msg::Type(text)) if context.is_secret() => Some(Msg::SecretText(secret::Secret::new(text))),
                    other => other,
                }
            }
            Event::Paste(text) if self.state.context().is_secret() => Some(Msg::SecretText(secret::Secret::new(text))),
            Event::Paste(text) if self.state.context().is_typing() => Some(Msg::Paste(text)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            _ => None,
        };
        if let Some(msg) = msg {
            self.dispatch(msg);
        }
    }

    /// Runs a message through `update`, then its effects, then their results, until quiet.
    pub fn dispatch(&mut self, msg: Msg) {
        let tick = matches!(msg, Msg::Tick(_));
        let effects = update(&mut self.state, msg);
        self.run_effects(effects);
        // A write that failed on a lost connection, tried again while no key has come.
        if tick
            && self.state.retrying
            && let Some(write) = self.retry.take()
        {
            self.run_effects(vec![write]);
        }
    }

    fn run_effects(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if matches!(effect, Effect::LogIn { .. }) && self.opening.is_some() {
                // Enter before the store was open: wait for it. A failed open ends the
                // interface with its error; a store without accounts asks for its first one.
                if let Err(e) = self.wait_for_store() {
                    self.failed_open = Some(e);
                    continue;
                }
                if !matches!(self.state.screen, Screen::Login(_)) {
                    continue;
                }
            }
            let result = match (effect, &mut self.store) {
                (
                    effect @ (Effect::CreateStore { .. }
                    | Effect::LogIn { .. }
                    | Effect::ChangePassword { .. }
                    | Effect::Unlock(_)),
                    _,
                ) => self.authenticate(effect),
                (
                    effect @ (Effect::LoadAccounts
                    | Effect::Account(..)
                    | Effect::ChangeOwnPassword(_)
                    | Effect::LoadIdleMinutes
                    | Effect::SaveIdleMinutes(_)
                    | Effect::LoadAudit(_)
                    | Effect::LoadHistory(_)),
                    Some(store),
                ) => run_account_effect(store, effect, &mut self.state.session, self.state.lang),
                (effect, Some(store)) => {
                    let write = effect.writes().then(|| effect.clone());
                    let result = run_effect(store, effect, self.state.today, self.state.lang);
                    if let Some(write) = write {
                        // The last write, kept only while it may be tried again.
                        self.retry = match &result {
                            Msg::WriteFailed(failure) if failure.retried() => Some(write),
                            _ => None,
                        };
                    }
                    result
                }
                (_, None) => Msg::StoreFailed(Error::NoStore(self.path.clone()).localized(self.state.lang)),
            };
            queue.extend(update(&mut self.state, result));
        }
    }
}

/// The state before any store is read: no session, no participant, the login screen.
fn blank_state(lang: Lang, today: NaiveDate, bidi: BidiMode, path: &std::path::Path) -> AppState {
    AppState {
        lang,
        session: None,
        store_path: path.display().to_string(),
        authors: Default::default(),
        forms: Vec::new(),
        screen: Screen::Login(Default::default()),
        overlay: None,
        status: None,
        size: (80, 24),
        quit: false,
        today,
        bidi,
        keyboards: Default::default(),
        keyboard_here: None,
        directory: Vec::new(),
        work: Default::default(),
        search: Default::default(),
        due_lists: Default::default(),
        store_failed: false,
        pending: None,
        unsaved: None,
        directory_loaded: false,
        last_backup: None,
        backup_dir: crate::store::backup::default_dir(path).display().to_string(),
        clock: None,
        last_key: None,
        idle_minutes: crate::store::IDLE_MINUTES_DEFAULT,
        lock: None,
        recovery: None,
        encrypting: None,
        start_status: None,
        opening: false,
        resume: None,
        held: None,
        retrying: false,
    }
}

/// Performs an effect on the accounts or the store-wide settings as the session logged in (the
/// store asks the policy again). A refusal (a taken username, the last administrator, a
/// password the rules refuse…) comes back in the interface's language and writes nothing; a
/// write that fails comes back as [`Msg::WriteFailed`], as in [`run_effect`]. A password
/// change replaces the session with the one of the new password.
fn run_account_effect(
    store: &mut Store,
    effect: Effect,
    session: &mut Option<crate::auth::Session>,
    lang: Lang,
) -> Msg {
    use screen::accounts::{AccountDone, AccountOp, AccountRow, Secret};
    let Some(by) = session.as_ref() else { return Msg::AccountRefused(T::RefusedNotLoggedIn.get(lang).to_string()) };
    let writes = effect.writes();
    if store.is_detached()
        && let Err(e) = store.reopen()
    {
        return if writes { Msg::WriteFailed(e.write_failure()) } else { Msg::StoreFailed(e.to_string()) };
    }
    let now = chrono::Utc::now();
    let outcome = match effect {
        Effect::LoadAccounts => {
            store.accounts().map(|all| Msg::AccountsLoaded(all.iter().map(|a| AccountRow::of(a, now)).collect()))
        }
        Effect::Account(username, op) => match op {
            AccountOp::Add { full_name, role } => {
                store.add_account(by, &username, &full_name, role, now).map(|(account, password)| {
                    let (username, full_name) = (account.username, account.full_name);
                    Msg::AccountDone(AccountDone::Added { username, full_name, role, password: Secret(password) })
                })
            }
            AccountOp::Disable => {
                store.disable_account(by, &username).map(|a| AccountDone::Disabled(a.username)).map(Msg::AccountDone)
            }
            AccountOp::Enable => {
                store.enable_account(by, &username, now).map(|(a, temporary)| match temporary {
                    // A new wrap needed a password: shown once, as a reset's is.
                    Some(password) => Msg::AccountDone(AccountDone::Reset {
                        username: a.username,
                        full_name: a.full_name,
                        password: Secret(password),
                    }),
                    None => Msg::AccountDone(AccountDone::Enabled(a.username)),
                })
            }
            AccountOp::SetRole(role) => {
                store.set_role(by, &username, role).map(|a| Msg::AccountDone(AccountDone::RoleSet(a.username, role)))
            }
            AccountOp::ResetPassword => store.reset_password(by, &username, now).and_then(|password| {
                let full_name = store.account_by_username(&username)?.map(|a| a.full_name).unwrap_or_default();
                Ok(Msg::AccountDone(AccountDone::Reset { username, full_name, password: Secret(password) }))
            }),
            AccountOp::Unlock => {
                store.unlock_account(by, &username).map(|a| AccountDone::Unlocked(a.username)).map(Msg::AccountDone)
            }
        },
        Effect::ChangeOwnPassword(submit) => {
            match store.change_password(by, &submit.current.0, &submit.new.0, &submit.again.0, now) {
                Ok(new_session) => {
                    *session = Some(new_session);
                    Ok(Msg::PasswordChanged)
                }
                Err(Error::Account(crate::auth::AccountProblem::WrongCurrentPassword)) => Ok(Msg::PasswordRefused(
                    PasswordField::Current,
                    crate::auth::AccountProblem::WrongCurrentPassword.text(lang),
                )),
                Err(Error::Password(problem)) => {
                    let field = if problem == crate::auth::PasswordProblem::Mismatch {
                        PasswordField::Again
                    } else {
                        PasswordField::New
                    };
                    Ok(Msg::PasswordRefused(field, problem.text(lang)))
                }
                Err(e) => Err(e),
            }
        }
        Effect::LoadIdleMinutes => store.idle_minutes().map(Msg::IdleMinutesLoaded),
        Effect::SaveIdleMinutes(minutes) => {
            store.set_idle_minutes(by, minutes).map(|()| Msg::IdleMinutesSaved(minutes))
        }
        Effect::LoadAudit(query) => by
            .check(crate::auth::Action::ViewAudit)
            .map_err(|refused| Error::Refused { user: by.username.clone(), refused })
            .and_then(|()| {
                if let Some(typed) = &query.noted {
                    store.note(screen::audit::viewed(typed, &query.filter))?;
                }
                let page = store.audit_page(query.before, &query.filter, screen::audit::PAGE, screen::audit::SCAN)?;
                Ok(Msg::AuditLoaded(Box::new(page)))
            }),
        Effect::LoadHistory(query) => by
            .check(crate::auth::Action::ViewHistory)
            .map_err(|refused| Error::Refused { user: by.username.clone(), refused })
            .and_then(|()| {
                let page = store.record_history(query.participant.as_str(), query.before, screen::history::PAGE)?;
                Ok(Msg::HistoryLoaded(query.participant.clone(), Box::new(page)))
            }),
        other => return Msg::StoreFailed(format!("{other:?} is not an account effect")),
    };
    let msg = outcome.unwrap_or_else(|e| match e {
        Error::Refused { refused, .. } => Msg::AccountRefused(rights::refusal_text(refused, lang)),
        Error::Account(_) | Error::Password(_) | Error::Login(_) => Msg::AccountRefused(e.localized(lang)),
        e if !writes || store.writes_closed() => Msg::StoreFailed(e.to_string()),
        e => {
            let _ = store.reopen();
            Msg::WriteFailed(e.write_failure())
        }
    });
    // The account as stored now (its role, disabled, a password to change) is the session's:
    // the keys and hints follow it, and an account that can no longer log in ends the session.
    if let Some(session) = session.as_mut()
        && let Ok(false) = store.refresh_session(session)
    {
        return Msg::SessionEnded;
    }
    msg
}

/// Performs one effect against the store and says how it went. `today` is the app's own day
/// (`state.today`), so the store judges dates on the same clock as the screen. A failed write
/// comes back as [`Msg::WriteFailed`], after the store has been opened again from the disk, so
/// nothing the write left in memory can be read back as if it were saved, and a retry can
/// succeed once the disk has room.
/// Home's work lists as the store keeps them: the review index's lists (returned ones with
/// the supervisor's comment) and every draft.
fn work_lists(store: &Store) -> Result<crate::app::screen::supervision::WorkLists> {
    use crate::store::ReviewState;
    let to_review = store.review_list(ReviewState::Submitted, crate::app::screen::supervision::LIST_LIMIT)?;
    let mut returned = Vec::new();
    for item in store.review_list(ReviewState::Returned, crate::app::screen::supervision::LIST_LIMIT)? {
        let comment = store.review_of(&item.interview)?.and_then(|r| r.comment);
        returned.push((item, comment));
    }
    let drafts = store.drafts()?;
    let counts = store.review_counts()?;
    Ok(crate::app::screen::supervision::WorkLists { to_review, returned, drafts, counts })
}

/// An interview of a work list (a draft or a finalized one), with what its view needs.
fn open_work(store: &Store, id: &crate::store::Id) -> Result<Msg> {
    let (interview, review) = match store.interview(id)? {
        Some(interview) => (interview, store.review_of(id)?),
        None => match store.draft(id)? {
            Some(draft) => (draft, None),
            None => return Ok(Msg::CorrectionRefused(crate::store::CorrectionRefusal::Missing)),
        },
    };
    let Some(participant) = store.participant(&interview.participant_id)? else {
        return Ok(Msg::CorrectionRefused(crate::store::CorrectionRefusal::Missing));
    };
    // Who read what: opening an interview is opening its participant's record.
    store.record_opened(&participant.id)?;
    let versions = store.version_count(id)?;
    let opened = crate::app::screen::supervision::OpenedWork { participant, interview, review, versions };
    Ok(Msg::WorkOpened(Box::new(opened)))
}

fn run_effect(store: &mut Store, effect: Effect, today: chrono::NaiveDate, lang: Lang) -> Msg {
    let writes = effect.writes();
    if store.is_detached()
        && let Err(e) = store.reopen()
    {
        return if writes { Msg::WriteFailed(e.write_failure()) } else { Msg::StoreFailed(e.to_string()) };
    }
    let outcome = match effect {
        Effect::LoadHome => store.summaries().map(Msg::HomeLoaded),
        Effect::LoadRecord(ref id) | Effect::ReloadRecord(ref id) => match (store.participant(id), store.summary(id)) {
            (Ok(Some(participant)), Ok(Some(summary))) => store.interviews_of(id).and_then(|interviews| {
                let id = id.clone();
                let stages = store.stages_of(&id)?;
                // Who read what: a record is shown only once its opening is in the audit trail;
                // once per visit, not at each reload after a change made from it.
                if matches!(effect, Effect::LoadRecord(_)) {
                    store.record_opened(&id)?;
                }
                let mut versions = screen::record::VersionCounts::new();
                for record in std::iter::once(&id).chain(interviews.iter().map(|i| &i.id)) {
                    versions.insert(record.clone(), store.version_count(record)?);
                }
                let voids = store.stage_voids(&id)?;
                // Only the reviewed ones: a finalized interview not in it is submitted.
                let reviews = store.reviews_of(&id)?;
                Ok(Msg::RecordLoaded(Box::new((participant, summary)), interviews, stages, versions, voids, reviews))
            }),
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => Ok(Msg::Missing(T::ParticipantMissing)),
        },
        Effect::RecordStage(event) => match store.record_stage(&event, today) {
            Ok(()) => Ok(Msg::StageRecorded(event)),
            Err(Error::Stage(reason)) => Ok(Msg::StageRefused(reason)),
            Err(e) => Err(e),
        },
        Effect::LoadAuthors => store.accounts().map(|accounts| Msg::AuthorsLoaded(Authors::of(&accounts))),
        Effect::LoadSessionCounts => store.session_counts().and_then(|sessions| {
            let reviews = store.review_counts()?;
            Ok(Msg::DashboardLoaded(Box::new(Dashboard { sessions, reviews, ..Dashboard::default() })))
        }),
        Effect::Register(participant) => match store.register(&participant, today) {
            Ok(()) => Ok(Msg::Registered(participant)),
            Err(Error::DuplicateFileNumber(file)) => Ok(Msg::RegisterRefused(file)),
            Err(e) => Err(e),
        },
        Effect::SaveDraft(draft) => match store.save_draft(&draft) {
            Ok(()) => Ok(Msg::Saved),
            // Refused, not failed: the store is fine, and nothing is opened again.
            Err(e @ (Error::DraftHeld { .. } | Error::DraftDiscarded)) => Ok(Msg::WriteFailed(e.write_failure())),
            Err(e) => Err(e),
        },
        Effect::TakeDraft(id) => match store.hold_draft(&id, chrono::Utc::now()).and_then(|()| store.draft(&id)) {
            Ok(Some(stored)) => Ok(Msg::DraftTaken(Box::new(stored))),
            Ok(None) => Ok(Msg::DraftHeld(id, T::DraftGone.get(lang).to_string())),
            Err(e @ Error::DraftHeld { .. }) => Ok(Msg::DraftHeld(id, e.localized(lang))),
            // Not taken (the connection is down): every save of the draft takes it in passing,
            // refused if another session has it meanwhile.
            Err(_) => Ok(Msg::Noted),
        },
        Effect::HoldDraft(id) => match store.hold_draft(&id, chrono::Utc::now()) {
            Ok(()) => Ok(Msg::Noted),
            Err(e @ Error::DraftHeld { .. }) => Ok(Msg::DraftHeld(id, e.localized(lang))),
            Err(_) => Ok(Msg::Noted),
        },
        // Not let go of: the hold ends by itself (see `crate::store::holds`).
        Effect::LetGoOfDraft(id) => {
            let _ = store.let_go_of_draft(&id);
            Ok(Msg::Noted)
        }
        Effect::EditParticipant(c) => match store.edit_participant(&c.record, c.based_on, &c.by, &c.reason, today) {
            Ok(n) => Ok(Msg::Corrected(c.record.id.clone(), n)),
            Err(Error::DuplicateFileNumber(file)) => Ok(Msg::RegisterRefused(file)),
            // Someone else corrected it meanwhile: their version, and who made it, to show
            // and to put the person's own changes on top of.
            Err(Error::Correction(crate::store::CorrectionRefusal::Stale { now, .. })) => (|| {
                let current = store.participant(&c.record.id)?;
                let by = store
                    .versions(crate::store::VersionOf::Participant, &c.record.id)?
                    .into_iter()
                    .find(|v| v.n == now)
                    .map(|v| (v.by, v.at));
                Ok(match (current, by) {
                    (Some(current), Some((by, at))) => {
                        Msg::EditConflict(Box::new(EditConflict { current, now, by, at }))
                    }
                    _ => Msg::CorrectionRefused(crate::store::CorrectionRefusal::Stale { based_on: c.based_on, now }),
                })
            })(),
            Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
            Err(e) => Err(e),
        },
        Effect::LoadVersions(id) => store.versions(crate::store::VersionOf::Interview, &id).and_then(|versions| {
            let read: Result<Vec<_>> = versions.into_iter().map(|v| v.interview().map(|i| (v, i))).collect();
            read.map(|versions| Msg::VersionsLoaded(id, versions))
        }),
        Effect::LoadVersionAt(id, seq) => {
            store.versions(crate::store::VersionOf::Interview, &id).and_then(|versions| {
                let n = store.version_of_entry(&id, seq)?;
                let read: Result<Vec<_>> = versions.into_iter().map(|v| v.interview().map(|i| (v, i))).collect();
                read.map(|versions| Msg::VersionAtLoaded(id, versions, n))
            })
        }
        Effect::LoadWork => work_lists(store).map(|lists| Msg::WorkLoaded(Box::new(lists))),
        Effect::OpenWork(id) => open_work(store, &id),
        Effect::Review(r) => match store.review_interview(&r.interview, r.decision, &r.by, &r.comment) {
            Ok(review) => Ok(Msg::Reviewed(Box::new(review))),
            Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
            Err(e) => Err(e),
        },
        Effect::AmendInterview(c) => match store.amend_interview(&c.record, c.based_on, &c.by, &c.reason) {
            Ok(n) => Ok(Msg::Corrected(c.record.id.clone(), n)),
            Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
            Err(e) => Err(e),
        },
        Effect::VoidStage(fix) => match store.void_stage(&fix.participant, &fix.record, &fix.by, &fix.reason) {
            Ok(()) => Ok(Msg::Fixed(fix.participant.clone(), T::FixVoided)),
            Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
            Err(e) => Err(e),
        },
        Effect::DiscardDraft(fix, any) => match store.discard_draft(&fix.record, &fix.by, any, &fix.reason) {
            Ok(()) => Ok(Msg::Fixed(fix.participant.clone(), T::FixDiscarded)),
            Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
            Err(e @ Error::DraftHeld { .. }) => Ok(Msg::DraftHeld(fix.record.clone(), e.localized(lang))),
            Err(e) => Err(e),
        },
        Effect::CorrectStage(c) => {
            match store.correct_stage(&c.participant, &c.old, &c.corrected, &c.by, &c.reason, today) {
                Ok(new) => Ok(Msg::StageCorrected(Box::new(new))),
                Err(Error::Correction(refusal)) => Ok(Msg::CorrectionRefused(refusal)),
                Err(Error::Stage(reason)) => Ok(Msg::StageRefused(reason)),
                Err(e) => Err(e),
            }
        }
        Effect::Finalize(interview, stage) => match store.finalize_with_stage(&interview, stage.as_deref(), today) {
            Ok(recorded) => Ok(Msg::Finalized(interview, recorded.map(Box::new))),
            Err(Error::Stage(reason)) => Ok(Msg::FinalizeRefused(reason)),
            Err(e) => Err(e),
        },
        Effect::SaveBidiMode(mode) => store.set_bidi_mode(mode).map(|()| Msg::SettingsSaved(mode)),
        Effect::SaveKeyboards(layers) => store.set_keyboards(&layers).map(|()| Msg::KeyboardsSaved(layers)),
        Effect::NoteLock { idle_minutes } => store.locked(idle_minutes).map(|()| Msg::Noted),
        Effect::NoteLogOut => store.logged_out().map(|()| Msg::Noted),
        // Run by the app itself ([`App::authenticate`]), which holds the session.
        Effect::CreateStore { .. } | Effect::LogIn { .. } | Effect::ChangePassword { .. } | Effect::Unlock(_) => {
            Ok(Msg::StoreFailed(String::new()))
        }
        // Run as the session by `run_account_effect`; never sent here.
        Effect::LoadAccounts
        | Effect::Account(..)
        | Effect::ChangeOwnPassword(_)
        | Effect::LoadIdleMinutes
        | Effect::SaveIdleMinutes(_)
        | Effect::LoadAudit(_)
        | Effect::LoadHistory(_) => Ok(Msg::StoreFailed("an account effect without its session".into())),
    };
    outcome.unwrap_or_else(|e| {
        // A process that is stopping closed the store to writes: nothing to open again.
        if !writes || store.writes_closed() {
            return Msg::StoreFailed(e.to_string());
        }
        // Whether or not it opens again now, the next effect tries again (see `is_detached`).
        let _ = store.reopen();
        Msg::WriteFailed(e.write_failure())
    })
}
