//! Everything the screen shows, in one [`AppState`]. Only `update` changes it; the view reads it.
//! Each screen's own state is in its file under `screen/`; here are the types they share.

use std::sync::Arc;

use chrono::NaiveDate;

use super::input::TextInput;
use super::keymap::Context;
use super::screen::dashboard::Dashboard;
use super::screen::first_run::{FirstRun, FirstRunField};
use super::screen::home::Home;
use super::screen::progress::Progress;
use super::screen::record::Record;
use super::screen::register::{Register, RegisterField};
use super::screen::settings::Settings;
use super::screen::stage::{StageFocus, StageForm};
use super::screen::wizard::{Editor, Page, Wizard};
use crate::form::engine::Place;
use crate::form::{FieldKind, FormDef};
use crate::i18n::{Lang, T};
use crate::store::{Stage, Summary};
use crate::text::{BidiMode, Dir};

pub struct AppState {
    pub lang: Lang,
    /// Who is logged in; None until a login succeeds. Every right is asked of it through
    /// [`AppState::may`].
    pub session: Option<crate::auth::Session>,
    /// Shown on the help screen so an administrator can find the data.
    pub store_path: String,
    /// The full names of the accounts, by id, for the authors of records.
    pub authors: super::authors::Authors,
    pub forms: Vec<Arc<FormDef>>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Today's date, injected so tests do not depend on the clock.
    pub today: NaiveDate,
    /// Who reorders and shapes right-to-left text: Daftar or the terminal.
    pub bidi: BidiMode,
    /// Every participant's summary, most recent activity first: the home lists and search
    /// work on it without reading the store.
    pub directory: Vec<Summary>,
    /// Home's work lists (to review, returned, drafts), as this account sees them.
    pub work: super::screen::supervision::Work,
    /// The directory's search words, in the directory's order.
    pub search: super::search::SearchIndex,
    /// The overdue and due-this-week lists as (due date, directory index), soonest first;
    /// computed when the directory changes, not at each keystroke.
    pub due_lists: [Vec<(NaiveDate, u32)>; 2],
    /// A write or read failed this session: the directory may differ from the store, so it is
    /// not saved as the summaries copy at exit.
    pub store_failed: bool,
    /// A change sent to the store and not yet confirmed by it: the screen shows it only once
    /// the store says it is on disk ([`Msg::Saved`](super::Msg::Saved)).
    pub pending: Option<Pending>,
    /// The last write failed and nothing has been saved since: its message stays in the status
    /// line until a write succeeds.
    pub unsaved: Option<crate::error::WriteFailure>,
    /// The directory has been read from the store this session; until then it is empty and
    /// must not be saved as the summaries copy.
    pub directory_loaded: bool,
    /// The keyboard layer remembered for each `auto` field (true: the Arabic layer), by the
    /// field's [`FocusedInput::name`]; saved in the store. Only fields whose rule is
    /// [`KeyboardRule::Remembered`] read it, so no memory can make a left-to-right field start
    /// in Arabic (an older store's entries, kept per kind of input, name no field and are
    /// ignored).
    pub keyboards: std::collections::BTreeMap<String, bool>,
    /// The layer chosen with the keyboard key in the focused right-to-left or left-to-right
    /// field, with that field's [`FocusedInput::at`]: it holds only while the focus stays
    /// there (`update` drops it when the focus moves) and is never saved.
    pub keyboard_here: Option<(FocusId, bool)>,
    /// The last automatic backup (read from the store at start), for the help screen.
    pub last_backup: Option<crate::store::backup::BackupMark>,
    /// Where automatic backups go, for the help screen.
    pub backup_dir: String,
    // ---- issue 10: login, first run and idle lock ----
    /// The time of the last [`Msg::Tick`](super::Msg::Tick): the only clock `update` reads.
    pub clock: Option<chrono::DateTime<chrono::Utc>>,
    /// The clock when the last key came (None before the first tick).
    pub last_key: Option<chrono::DateTime<chrono::Utc>>,
    /// Minutes without a key before the screen locks (the store's setting).
    pub idle_minutes: u32,
    /// The idle lock's cover, while the session is locked: it takes every key.
    pub lock: Option<super::screen::lock::Lock>,
    /// The recovery key of a store just made, shown once over everything until its last group
    /// is typed back ([`super::screen::recovery`]).
    pub recovery: Option<super::screen::recovery::RecoveryCover>,
    /// A message from the start (broken forms, a failed backup), shown once logged in.
    pub start_status: Option<Status>,
    /// The store is still being opened (and verified) behind the login screen: see
    /// [`super::App::opening`].
    pub opening: bool,
    /// A store from before encryption being encrypted after its administrator logged in:
    /// values done and in all, drawn on the login screen ([`super::App::poll_opening`]).
    pub encrypting: Option<(u64, u64)>,
    // ---- session 19: the idle lock drops what was decrypted ----
    /// Where to put the person back once the screen dropped at the idle lock is read again
    /// after the unlock ([`super::screen::lock::forget`]); taken by the first record loaded.
    pub resume: Option<Resume>,
    // ---- issue 13: draft holds ----
    /// The draft this session holds on a shared store, kept in step with the screen by
    /// [`super::holding::follow`].
    pub held: Option<super::holding::HeldDraft>,
    /// The last write failed on a lost connection and is tried again at each tick while no
    /// key comes ([`super::App::dispatch`]); a key sets it back.
    pub retrying: bool,
}

/// What of a screen dropped at the idle lock comes back after the unlock, once its record is
/// read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// The record, on this line of its timeline.
    Record { selected: usize },
    /// The record's history, opened again on it.
    History,
}

/// The smallest terminal the screens are laid out for. Below it the view shows only a request
/// to enlarge the terminal, and `update` ignores every key but Ctrl-Q.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Whether a terminal of `size` (columns, rows) is too small for the screens. The view and
/// `update` both ask this, so a key is ignored exactly while its screen is hidden.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

/// How a text field picks its keyboard layer when it gets the focus: the layer follows the
/// field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyboardRule {
    /// A right-to-left field: starts in the Arabic layer.
    Arabic,
    /// A left-to-right field (Latin names, file and identity numbers, dates, numbers): always
    /// starts as typed.
    AsTyped,
    /// A field whose direction follows its text (`auto`): starts in the layer last chosen in
    /// it, as typed the first time.
    Remembered,
}

impl KeyboardRule {
    /// The rule of a field by its declared direction and whether it holds numbers or dates,
    /// which are always typed left to right.
    pub fn of(dir: Dir, numeric: bool) -> KeyboardRule {
        match (dir, numeric) {
            (_, true) | (Dir::Ltr, false) => KeyboardRule::AsTyped,
            (Dir::Rtl, false) => KeyboardRule::Arabic,
            (Dir::Auto, false) => KeyboardRule::Remembered,
        }
    }
}

/// The text field that has the keyboard focus, as the keyboard layer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusedInput {
    /// Names the field the same way in every session: the key of its remembered layer.
    pub name: String,
    /// Names this focus: it differs as soon as the focus is on another input.
    pub at: FocusId,
    pub rule: KeyboardRule,
}

/// Which text input has the focus, and since when: a layer chosen with the keyboard key holds
/// for one `FocusId` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusId {
    FirstRun(FirstRunField),
    LoginUsername,
    HomeFilter,
    Register(RegisterField),
    StageDate,
    StageReason,
    /// The wizard's text editor, named by [`Wizard::editor_loads`]: every question loaded into
    /// the editor is a new focus, even at the same place (the next item of a repeat group
    /// moving up into the place of one removed, the same question left and come back to).
    Wizard(u64),
    AccountUsername,
    AccountFullName,
    SettingsIdle,
    AuditFilter(super::screen::audit::FilterFocus),
    /// The reason asked before a correction is saved.
    CorrectionReason,
    /// The comment (returning) or reason (unlocking) of a supervisor's decision.
    ReviewComment,
}

/// A one-line message at the bottom of the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub enum Overlay {
    Help {
        scroll: usize,
    },
    Confirm(Confirm),
    /// The forms a new interview can be taken with, newest versions.
    PickForm {
        selected: usize,
    },
    /// The whole answer of a review line, wrapped and scrolled `scroll` rows down.
    Answer {
        place: Place,
        scroll: usize,
    },
}

/// A yes/no question, and what a yes does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    DiscardRegistration,
    DiscardFieldEdit,
    QuitDiscardRegistration,
    /// Quit although the question being answered holds a value that cannot be accepted.
    QuitDiscardAnswer,
    /// Quit although a change of stage is typed and not yet recorded.
    QuitDiscardStage,
    /// Quit although the store could not save the answer being given (the disk is full…).
    QuitUnsaved,
    /// Quit although an amendment is not finalized (it is not kept).
    QuitDiscardAmendment,
    Finalize,
    RemoveItem,
    /// Register although someone with the same name and birth date is already registered.
    RegisterDuplicate,
    /// Register although a word of the name mixes writing systems.
    RegisterMixedScript,
    /// Disable the account selected on the accounts screen.
    DisableAccount,
    /// Give the account selected on the accounts screen a new temporary password.
    ResetPassword,
}

impl Confirm {
    pub fn question(self) -> T {
        match self {
            Confirm::DiscardRegistration | Confirm::DiscardFieldEdit => T::ConfirmDiscard,
            Confirm::QuitDiscardRegistration => T::ConfirmQuitDiscard,
            Confirm::QuitDiscardAnswer => T::ConfirmQuitDiscardAnswer,
            Confirm::QuitDiscardStage => T::ConfirmQuitDiscardStage,
            Confirm::QuitUnsaved => T::ConfirmQuitUnsaved,
            Confirm::QuitDiscardAmendment => T::CorrConfirmQuitAmendment,
            Confirm::Finalize => T::ConfirmFinalize,
            Confirm::RemoveItem => T::ConfirmRemoveItem,
            Confirm::RegisterDuplicate => T::DuplicatePerson,
            Confirm::RegisterMixedScript => T::ConfirmMixedScript,
            Confirm::DisableAccount => T::ConfirmDisableAccount,
            Confirm::ResetPassword => T::ConfirmResetPassword,
        }
    }
}

pub enum Screen {
    /// The store's first account, an administrator, on a new store or one from before accounts.
    FirstRun(FirstRun),
    /// Who is at the keyboard: at every start and after logging out.
    Login(super::screen::login::Login),
    /// One's own password; for administrators also the display mode default (a sample line in
    /// each mode) and the idle time.
    Settings(Box<Settings>),
    Home(Home),
    Register(Box<Register>),
    Record(Box<Record>),
    Wizard(Box<Wizard>),
    StageChange(Box<StageForm>),
    Progress(Box<Progress>),
    Dashboard(Box<Dashboard>),
    /// The accounts (administrators).
    Accounts(Box<super::screen::accounts::Accounts>),
    /// The audit trail (supervisors and administrators).
    Audit(Box<super::screen::audit::AuditLog>),
    /// The history of a participant (supervisors and administrators).
    History(Box<super::screen::history::History>),
}

/// How a participant stands with their next interview on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueState {
    /// Past due by this many days.
    Overdue(i64),
    /// Due in this many days (0: today), within the coming week.
    Soon(i64),
    /// Due in this many days, after the coming week.
    Later(i64),
}

/// When a participant's next interview is due and how that stands today; None when nothing is
/// scheduled or the participant's file is closed.
pub fn due(summary: &Summary, today: NaiveDate) -> Option<(NaiveDate, DueState)> {
    if summary.stage == Stage::Closed {
        return None;
    }
    let date = summary.next_due.as_ref()?.date;
    let days = (date - today).num_days();
    let state = match days {
        d if d < 0 => DueState::Overdue(-d),
        d if d < 7 => DueState::Soon(d),
        d => DueState::Later(d),
    };
    Some((date, state))
}

impl AppState {
    /// Whether the logged-in account may do `action` (the policy's answer); nobody may do
    /// anything before a login, and a temporary password allows only changing it. The session
    /// holds the account as last read: call `Store::refresh_session` on it after any change to
    /// an account and on resuming from the idle lock (the store's own checks read it anyway).
    pub fn may(&self, action: crate::auth::Action) -> bool {
        self.session.as_ref().is_some_and(|s| s.may(action))
    }

    /// The author of what is written now: the logged-in account; None before a login, when
    /// nothing may be written.
    pub fn author(&self) -> Option<crate::store::Author> {
        self.session.as_ref().map(|s| crate::store::Author::Account(s.account.clone()))
    }

    /// What the key that saves a reason does, for the hints and the help: the reason box is one
    /// context ([`Context::Reason`]) for every correction, review comment, void and discard,
    /// and its word follows what the box asks.
    pub fn reason_save_word(&self) -> crate::i18n::T {
        use crate::i18n::T;
        match &self.screen {
            Screen::Home(h) if h.discarding.is_some() => T::KeySaveDiscard,
            Screen::Record(r) => match r.asking.as_ref().map(|a| a.of) {
                Some(super::screen::record::FixOf::VoidStage(_)) => T::KeySaveVoid,
                Some(super::screen::record::FixOf::DiscardDraft(_)) => T::KeySaveDiscard,
                None => T::KeySaveCorrection,
            },
            Screen::StageChange(f) if f.correcting.is_some() => T::KeySaveStageFix,
            Screen::Wizard(w) => match w.review.as_ref().and_then(|r| r.asking) {
                Some(crate::store::ReviewDecision::Return) => T::KeySaveReturn,
                Some(crate::store::ReviewDecision::Unlock) => T::KeySaveUnlock,
                Some(crate::store::ReviewDecision::Approve) | None => T::KeySaveCorrection,
            },
            _ => T::KeySaveCorrection,
        }
    }

    /// The keyboard context: which bindings the keymap applies now.
    pub fn context(&self) -> Context {
        if self.lock.is_some() {
            return Context::Locked;
        }
        if self.recovery.is_some() {
            return Context::RecoveryKey;
        }
        match &self.overlay {
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::PickForm { .. }) => Context::PickForm,
            Some(Overlay::Answer { .. }) => Context::AnswerView,
            None => self.screen_context(),
        }
    }

    /// The context of the screen under any overlay; the help screen lists its keys.
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::FirstRun(first) if first.focus.is_secret() => Context::NewPassword,
            Screen::FirstRun(_) => Context::FirstRun,
            Screen::Login(login) if login.change.is_some() => Context::NewPassword,
            Screen::Login(login) if login.focus == super::screen::login::LoginFocus::Password => Context::LoginPassword,
            Screen::Login(_) => Context::Login,
            Screen::Settings(settings) => super::screen::settings::context(settings),
            Screen::Accounts(accounts) => super::screen::accounts::context(accounts),
            Screen::Audit(log) => super::screen::audit::context(log),
            Screen::History(history) => super::screen::history::context(history),
            Screen::Home(h) if h.discarding.is_some() => Context::Reason,
            Screen::Home(h) if h.filtering => Context::HomeFilter,
            Screen::Home(h) if h.tab == super::screen::home::HomeTab::Drafts => Context::HomeDrafts,
            Screen::Home(_) => Context::Home,
            Screen::Register(reg) if reg.asks_reason() => Context::Reason,
            Screen::Register(_) => Context::Register,
            Screen::Record(r) if r.asking.is_some() => Context::Reason,
            Screen::Record(_) => Context::Record,
            Screen::StageChange(f) if f.correcting.as_ref().is_some_and(|c| c.asking) => Context::Reason,
            Screen::StageChange(f) if f.focus == StageFocus::Stage => Context::StageChoice,
            Screen::StageChange(_) => Context::StageText,
            Screen::Progress(_) => Context::Progress,
            Screen::Dashboard(_) => Context::Dashboard,
            Screen::Wizard(w) if w.amending.as_ref().is_some_and(|a| a.asking) => Context::Reason,
            Screen::Wizard(w) if w.review.as_ref().is_some_and(|r| r.asking.is_some()) => Context::Reason,
            Screen::Wizard(w) if w.read_only => Context::ReadOnly,
            Screen::Wizard(w) if w.page == Page::Review => Context::Review,
            Screen::Wizard(w) => match w.field().map(|f| &f.kind) {
                None => Context::EmptyGroup,
                Some(FieldKind::Notes { .. }) => Context::NotesField,
                Some(FieldKind::Single(_)) => Context::ChoiceField,
                Some(FieldKind::Multiple { .. }) => Context::MultiField,
                Some(FieldKind::YesNo) => Context::YesNoField,
                Some(FieldKind::Scale { .. }) => Context::ScaleField,
                Some(
                    FieldKind::Text { .. }
                    | FieldKind::Integer { .. }
                    | FieldKind::Decimal { .. }
                    | FieldKind::Date { .. },
                ) => Context::TextField,
                // Not stops: the wizard only passes over them, with nothing to type.
                Some(FieldKind::Note | FieldKind::Calculated { .. }) => Context::TextField,
            },
        }
    }
}

impl AppState {
    /// Whether keys go into a text input now (one has the focus and no overlay covers it): the
    /// footer then names the keyboard layer.
    pub fn typing_in_input(&self) -> bool {
        self.overlay.is_none() && self.focused_input().is_some()
    }

    /// The text input the focus is on, whether or not an overlay covers it. The one place that
    /// decides it: [`AppState::focused_text_mut`] edits the input named here, so the layer is
    /// always that of the input receiving the keys.
    pub fn focused_input(&self) -> Option<FocusedInput> {
        let fixed = |name: &str, at, rule| Some(FocusedInput { name: name.to_string(), at, rule });
        if self.lock.is_some() {
            return None;
        }
        match &self.screen {
            // Neither is remembered: on a new store there is nowhere to remember it yet.
            Screen::FirstRun(first) => match first.focus {
                FirstRunField::Username => {
                    fixed("first-run/username", FocusId::FirstRun(first.focus), KeyboardRule::AsTyped)
                }
                FirstRunField::FullName => {
                    fixed("first-run/full-name", FocusId::FirstRun(first.focus), KeyboardRule::AsTyped)
                }
                FirstRunField::Password | FirstRunField::Again => None,
            },
            Screen::Login(login)
                if login.change.is_none() && login.focus == super::screen::login::LoginFocus::Username =>
            {
                fixed("login/username", FocusId::LoginUsername, KeyboardRule::AsTyped)
            }
            Screen::Home(h) if h.discarding.is_some() => {
                fixed("correction/reason", FocusId::CorrectionReason, KeyboardRule::Remembered)
            }
            Screen::Home(h) if h.filtering => fixed("home/filter", FocusId::HomeFilter, KeyboardRule::Remembered),
            Screen::Register(reg) if reg.asks_reason() => {
                fixed("correction/reason", FocusId::CorrectionReason, KeyboardRule::Remembered)
            }
            Screen::Register(reg) => {
                let field = reg.focus;
                fixed(field.name(), FocusId::Register(field), field.keyboard_rule())
            }
            Screen::Accounts(accounts) => {
                let (name, at, rule) = super::screen::accounts::focused(accounts)?;
                fixed(name, at, rule)
            }
            Screen::Audit(log) => {
                let (name, at, rule) = super::screen::audit::focused(log)?;
                fixed(name, at, rule)
            }
            Screen::Settings(settings) => match settings.part {
                super::screen::settings::SettingsPart::Mode => None,
                super::screen::settings::SettingsPart::Idle => {
                    fixed("settings/idle", FocusId::SettingsIdle, KeyboardRule::AsTyped)
                }
                // A password field is no text input: its keys come as secrets.
                super::screen::settings::SettingsPart::Password => None,
            },
            Screen::StageChange(f) if f.correcting.as_ref().is_some_and(|c| c.asking) => {
                fixed("correction/reason", FocusId::CorrectionReason, KeyboardRule::Remembered)
            }
            Screen::StageChange(f) if f.focus == StageFocus::Date => {
                fixed("stage/date", FocusId::StageDate, KeyboardRule::AsTyped)
            }
            Screen::StageChange(f) if f.focus == StageFocus::Reason => {
                fixed("stage/reason", FocusId::StageReason, KeyboardRule::Remembered)
            }
            Screen::Wizard(w) if w.amending.as_ref().is_some_and(|a| a.asking) => {
                fixed("correction/reason", FocusId::CorrectionReason, KeyboardRule::Remembered)
            }
            Screen::Record(r) if r.asking.is_some() => {
                fixed("correction/reason", FocusId::CorrectionReason, KeyboardRule::Remembered)
            }
            Screen::Wizard(w) if w.review.as_ref().is_some_and(|r| r.asking.is_some()) => {
                fixed("review/comment", FocusId::ReviewComment, KeyboardRule::Remembered)
            }
            Screen::Wizard(w) if !w.read_only && matches!(w.page, Page::Section(_)) => {
                let Editor::Text(_) = &w.editor else { return None };
                let field = w.field().filter(|f| f.kind.is_typed())?;
                let rule = KeyboardRule::of(field.dir, field.kind.is_numeric());
                fixed(&format!("form/{}/{}", w.form.id, field.id), FocusId::Wizard(w.editor_loads), rule)
            }
            _ => None,
        }
    }

    /// The text input [`AppState::focused_input`] names, to edit.
    pub fn focused_text_mut(&mut self) -> Option<&mut TextInput> {
        let at = self.focused_input()?.at;
        match (at, &mut self.screen) {
            (FocusId::FirstRun(FirstRunField::Username), Screen::FirstRun(first)) => Some(&mut first.username),
            (FocusId::FirstRun(FirstRunField::FullName), Screen::FirstRun(first)) => Some(&mut first.full_name),
            (FocusId::LoginUsername, Screen::Login(login)) => Some(&mut login.username),
            (FocusId::HomeFilter, Screen::Home(home)) => Some(&mut home.filter),
            (FocusId::Register(_), Screen::Register(reg)) => reg.inputs.get_mut(reg.focus as usize),
            (FocusId::CorrectionReason, Screen::Register(reg)) => reg.editing.as_mut().map(|e| &mut e.reason),
            (FocusId::CorrectionReason, Screen::Wizard(w)) => w.amending.as_mut().map(|a| &mut a.reason),
            (FocusId::CorrectionReason, Screen::Record(r)) => r.asking.as_mut().map(|a| &mut a.reason),
            (FocusId::CorrectionReason, Screen::Home(h)) => h.discarding.as_mut().map(|d| &mut d.reason),
            (FocusId::CorrectionReason, Screen::StageChange(f)) => f.correcting.as_mut().map(|c| &mut c.reason),
            (FocusId::ReviewComment, Screen::Wizard(w)) => w.review.as_mut().map(|r| &mut r.comment),
            (FocusId::AccountUsername | FocusId::AccountFullName, Screen::Accounts(accounts)) => {
                super::screen::accounts::focused_mut(accounts)
            }
            (FocusId::SettingsIdle, Screen::Settings(settings)) => super::screen::settings::focused_mut(settings),
            (FocusId::AuditFilter(_), Screen::Audit(log)) => super::screen::audit::focused_mut(log),
            (FocusId::StageDate, Screen::StageChange(form)) => Some(&mut form.date),
            (FocusId::StageReason, Screen::StageChange(form)) => Some(&mut form.reason),
            (FocusId::Wizard(_), Screen::Wizard(w)) => match &mut w.editor {
                Editor::Text(input) => Some(input),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether keys typed into the focused input go through the Arabic layer.
    pub fn arabic_keyboard(&self) -> bool {
        if self.overlay.is_some() {
            return false;
        }
        self.focused_input().is_some_and(|f| self.layer_of(&f))
    }

    /// The layer of `input` (true: Arabic): chosen in it since it got the focus, else the one
    /// its rule starts with.
    pub fn layer_of(&self, input: &FocusedInput) -> bool {
        match input.rule {
            KeyboardRule::Remembered => self.keyboards.get(&input.name).copied().unwrap_or(false),
            KeyboardRule::Arabic | KeyboardRule::AsTyped => match &self.keyboard_here {
                Some((at, arabic)) if *at == input.at => *arabic,
                _ => input.rule == KeyboardRule::Arabic,
            },
        }
    }

    /// Whether the terminal is too small for the screens: only the request to enlarge it shows.
    pub fn too_small(&self) -> bool {
        too_small(self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layer_rule_follows_the_direction_and_numbers_are_always_as_typed() {
        assert_eq!(KeyboardRule::of(Dir::Rtl, false), KeyboardRule::Arabic);
        assert_eq!(KeyboardRule::of(Dir::Ltr, false), KeyboardRule::AsTyped);
        assert_eq!(KeyboardRule::of(Dir::Auto, false), KeyboardRule::Remembered);
        for dir in [Dir::Rtl, Dir::Ltr, Dir::Auto] {
            assert_eq!(KeyboardRule::of(dir, true), KeyboardRule::AsTyped);
        }
        let rules = RegisterField::ALL.map(RegisterField::keyboard_rule);
        use KeyboardRule::*;
        assert_eq!(rules, [Arabic, AsTyped, AsTyped, AsTyped, Remembered, AsTyped]);
    }
}

/// The wizard as it will be once the store has saved its draft, and what follows the save.
#[derive(Clone)]
pub struct Pending {
    pub wizard: Box<Wizard>,
    /// A new interview: the wizard opens (from the participant's record) only once saved.
    pub opens: bool,
    /// Effects to run once saved (the record shown after "keep as draft").
    pub then: Vec<super::Effect>,
    /// Said in the status line once saved.
    pub say: Option<T>,
    pub after: AfterSave,
}

/// What a save made on the way out leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    /// Ctrl-Q: quit once saved.
    Quit,
    /// Ctrl-Q with an answer that cannot be accepted: ask before losing it, once the rest is saved.
    AskDiscardAnswer,
    /// A signal: quit whatever the store says.
    Forced,
}
