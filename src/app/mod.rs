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
mod input;
pub mod keymap;
pub mod layout;
mod msg;
mod screen;
pub use screen::wizard;
pub mod search;
mod state;
mod update;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyEventKind};

pub use authors::Authors;
pub use input::TextInput;
pub use msg::{Action, Msg};
pub use screen::dashboard::Dashboard;
pub use screen::first_run::FirstRun;
pub use screen::home::{Home, HomeTab};
pub use screen::progress::Progress;
pub use screen::record::{Entry, Record};
pub use screen::register::{Register, RegisterField};
pub use screen::settings::Settings;
pub use screen::stage::{StageFocus, StageForm};
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

/// The state together with the store its effects run against.
pub struct App {
    pub state: AppState,
    store: Store,
}

impl App {
    /// Opens the first screen, Home. `bidi` is the display mode asked for on the command line
    /// or in the environment; without one, the mode saved on the settings screen, else `app`.
    pub fn new(store: Store, lang: Lang, today: NaiveDate, bidi: Option<BidiMode>) -> Result<App> {
        let authors = Authors::of(&store.accounts()?);
        let (forms, broken) = forms::load(&store)?;
        let bidi = match bidi {
            Some(mode) => mode,
            None => store.bidi_mode()?.unwrap_or_default(),
        };
        let keyboards = store.keyboards()?;
        let screen = Screen::Home(Home::default());
        let state = AppState {
            lang,
            session: None,
            store_path: store.path().display().to_string(),
            authors,
            forms,
            screen,
            overlay: None,
            status: None,
            size: (80, 24),
            quit: false,
            today,
            bidi,
            keyboards,
            keyboard_here: None,
            directory: Vec::new(),
            search: Default::default(),
            due_lists: Default::default(),
            store_failed: false,
            pending: None,
            unsaved: None,
            directory_loaded: false,
            // A setting that cannot be read only leaves the help without the line.
            last_backup: store.last_backup().ok().flatten(),
            backup_dir: crate::store::backup::default_dir(store.path()).display().to_string(),
        };
        let mut state = state;
        if !broken.is_empty() {
            let text = T::FormsBroken.fill(lang, &[("forms", &broken.join(", "))]);
            state.status = Some(Status { text, error: true });
        }
        if let Ok(Some(failure)) = store.backup_failure() {
            let when = failure.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
            let key = keymap::key_for(keymap::Context::Home, Action::Help, lang);
            let text = T::BakAutoFailed.fill(lang, &[("when", &when), ("error", &failure.error), ("key", &key)]);
            state.status = Some(Status { text, error: true });
        }
        let mut app = App { state, store };
        if matches!(app.state.screen, Screen::Home(_)) {
            app.run_effects(vec![Effect::LoadHome]);
        }
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Logs `username` in with `password` at `now` (the store judges: lockout, disabled,
    /// temporary password). On success the session is the app's, so every right is asked of
    /// it; the answer says whether the password was a temporary one that must be changed before
    /// anything else. The caller drops the password as soon as this returns.
    pub fn login(
        &mut self,
        username: &str,
        password: &crate::auth::SecretString,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        let logged_in = self.store.log_in(username, password, now)?;
        let must_change = matches!(logged_in, crate::auth::login::LoggedIn::MustChangePassword(_));
        self.state.session = Some(logged_in.into_session());
        self.run_effects(vec![Effect::LoadAuthors]);
        Ok(must_change)
    }

    /// Feeds one terminal event through the keymap. Key releases and repeats of the release
    /// kind are ignored, so a key acts once on every terminal.
    pub fn handle_event(&mut self, event: Event) {
        let msg = match event {
            Event::Key(key) if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat => {
                keymap::map_key(self.state.context(), &key)
            }
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
        let effects = update(&mut self.state, msg);
        self.run_effects(effects);
    }

    fn run_effects(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            let result = run_effect(&mut self.store, effect, self.state.today);
            queue.extend(update(&mut self.state, result));
        }
    }
}

/// Performs one effect against the store and says how it went. `today` is the app's own day
/// (`state.today`), so the store judges dates on the same clock as the screen. A failed write
/// comes back as [`Msg::WriteFailed`], after the store has been opened again from the disk, so
/// nothing the write left in memory can be read back as if it were saved, and a retry can
/// succeed once the disk has room.
fn run_effect(store: &mut Store, effect: Effect, today: chrono::NaiveDate) -> Msg {
    let writes = effect.writes();
    if store.is_detached()
        && let Err(e) = store.reopen()
    {
        return if writes { Msg::WriteFailed(e.write_failure()) } else { Msg::StoreFailed(e.to_string()) };
    }
    let outcome = match effect {
        Effect::LoadHome => store.summaries().map(Msg::HomeLoaded),
        Effect::LoadRecord(id) => match (store.participant(&id), store.summary(&id)) {
            (Ok(Some(participant)), Ok(Some(summary))) => store.interviews_of(&id).and_then(|interviews| {
                let stages = store.stages_of(&id)?;
                Ok(Msg::RecordLoaded(Box::new((participant, summary)), interviews, stages))
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
        Effect::LoadSessionCounts => store
            .session_counts()
            .map(|sessions| Msg::DashboardLoaded(Box::new(Dashboard { sessions, ..Dashboard::default() }))),
        Effect::Register(participant) => match store.register(&participant, today) {
            Ok(()) => Ok(Msg::Registered(participant)),
            Err(Error::DuplicateFileNumber(file)) => Ok(Msg::RegisterRefused(file)),
            Err(e) => Err(e),
        },
        Effect::SaveDraft(draft) => store.save_draft(&draft).map(|()| Msg::Saved),
        Effect::Finalize(interview, stage) => match store.finalize_with_stage(&interview, stage.as_deref(), today) {
            Ok(recorded) => Ok(Msg::Finalized(interview, recorded.map(Box::new))),
            Err(Error::Stage(reason)) => Ok(Msg::FinalizeRefused(reason)),
            Err(e) => Err(e),
        },
        Effect::SaveBidiMode(mode) => store.set_bidi_mode(mode).map(|()| Msg::SettingsSaved(mode)),
        Effect::SaveKeyboards(layers) => store.set_keyboards(&layers).map(|()| Msg::KeyboardsSaved(layers)),
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
