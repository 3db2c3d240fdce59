//! The keymap: the one table that says which key does what on which screen. Key handling and the
//! help overlay are both derived from [`BINDINGS`], so they cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::{Action, Msg};
use crate::i18n::{Lang, T};

/// Where the keyboard focus is; decides which bindings apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    FirstRun,
    Home,
    HomeFilter,
    Register,
    Record,
    TextField,
    NotesField,
    ChoiceField,
    MultiField,
    YesNoField,
    ScaleField,
    Review,
    ReadOnly,
    Help,
    Confirm,
    Settings,
    /// The page of a repeat group that has no items yet.
    EmptyGroup,
    /// The list of forms to start an interview with.
    PickForm,
    /// The stage list of the change-of-stage form.
    StageChoice,
    /// The date and reason of the change-of-stage form.
    StageText,
    Progress,
    Dashboard,
    /// The whole answer of a review line, over the review or read-only page.
    AnswerView,
    // ---- issue 10: login, first run and idle lock ----
    /// The username on the login screen.
    Login,
    /// The password on the login screen.
    LoginPassword,
    /// A new password: on the first run, or after a temporary one.
    NewPassword,
    /// The idle lock's cover.
    Locked,
    /// The recovery key shown once after the store is made, its last group typed back.
    RecoveryKey,
    /// The list of accounts (administrators).
    Accounts,
    /// The username or full name of a new account.
    AccountText,
    /// The role of a new account.
    AccountRole,
    /// The role being given to an account.
    AccountSetRole,
    /// A one-time temporary password, shown once.
    TempPassword,
    /// The store-wide idle minutes on the settings screen.
    SettingsIdle,
    /// The fields of one's own password change on the settings screen.
    SettingsPassword,
    // ---- session 16: audit screen ----
    /// The audit trail's list of entries.
    AuditLog,
    /// The audit screen's filter (account, participant, action, dates).
    AuditFilter,
    /// One audit entry's detail.
    AuditDetail,
    // ---- session 17: history11 ----
    /// The history of a participant: its entries.
    History,
    /// One entry of a participant's history, in detail.
    HistoryDetail,
    /// The reason asked before a correction is saved.
    Reason,
    // ---- session 18: fix11 ----
    /// Home on its Drafts tab: every key of [`Context::Home`], and those of the drafts
    /// (see [`Context::extends`]).
    HomeDrafts,
}

impl Context {
    /// Whether printable keys type text here (so letter shortcuts do not apply).
    pub fn is_typing(self) -> bool {
        TYPING.contains(&self) || self.is_secret()
    }

    /// Whether keys typed here go into a password field: masked, never through a message that
    /// could print them ([`crate::app::Msg::SecretText`]).
    pub fn is_secret(self) -> bool {
        SECRET.contains(&self)
    }

    /// The context whose bindings this one has too, before its own: Home's Drafts tab is Home
    /// with the keys of a draft added, so that no binding of Home needs to name it.
    pub fn extends(self) -> Option<Context> {
        match self {
            HomeDrafts => Some(Home),
            _ => None,
        }
    }
}

impl Binding {
    /// Whether the binding applies in `context`: named there, or in the context it extends.
    fn applies(&self, context: Context) -> bool {
        self.contexts.contains(&context) || context.extends().is_some_and(|c| self.contexts.contains(&c))
    }
}

/// A key, or a family of keys, that a binding answers to.
#[derive(Clone, Copy, Debug)]
pub enum KeyPat {
    Key(KeyCode, KeyModifiers),
    /// The digits 1-9, giving [`Action::Pick`].
    Digits,
    /// Any printable character, typed into the field.
    Typing,
}

pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [KeyPat],
    /// None for [`KeyPat::Typing`], which produces text rather than an action.
    pub action: Option<Action>,
    pub help: T,
    /// Shown in the one-line key hints at the bottom of the screen.
    pub hint: bool,
    /// The policy action the binding performs, if not every role may: help and hints show it
    /// only to a role the policy allows, and `update` refuses it to the others.
    pub needs: Option<crate::auth::Action>,
}

impl Binding {
    /// The same binding, performing the policy action `action`.
    const fn needs(mut self, action: crate::auth::Action) -> Binding {
        self.needs = Some(action);
        self
    }

    /// Whether `role` may use the binding (None: nobody is logged in, so only bindings that
    /// perform no policy action).
    fn allowed_to(&self, role: Option<crate::auth::Role>) -> bool {
        match (self.needs, role) {
            (None, _) => true,
            (Some(action), Some(role)) => crate::auth::allowed(role, action),
            (Some(_), None) => false,
        }
    }
}

use Context::*;

const ALL: &[Context] = &[
    FirstRun,
    Home,
    HomeFilter,
    Register,
    Record,
    TextField,
    NotesField,
    ChoiceField,
    MultiField,
    YesNoField,
    ScaleField,
    Review,
    ReadOnly,
    Help,
    Confirm,
    Settings,
    EmptyGroup,
    PickForm,
    StageChoice,
    StageText,
    Progress,
    Dashboard,
    AnswerView,
    Login,
    LoginPassword,
    NewPassword,
    Locked,
    RecoveryKey,
    Accounts,
    AccountText,
    AccountRole,
    AccountSetRole,
    TempPassword,
    SettingsIdle,
    SettingsPassword,
    AuditLog,
    AuditFilter,
    AuditDetail,
    Reason,
    History,
    HistoryDetail,
    HomeDrafts,
];
const TYPING: &[Context] = &[
    FirstRun,
    HomeFilter,
    Register,
    TextField,
    NotesField,
    StageText,
    Login,
    AccountText,
    SettingsIdle,
    AuditFilter,
    Reason,
];
/// Where the keys go into a password field.
const SECRET: &[Context] = &[LoginPassword, NewPassword, Locked, RecoveryKey, SettingsPassword];
/// Where someone is logged in and at work: Ctrl-L locks there.
const SESSION: &[Context] = &[
    Home,
    HomeFilter,
    Register,
    Record,
    TextField,
    NotesField,
    ChoiceField,
    MultiField,
    YesNoField,
    ScaleField,
    Review,
    ReadOnly,
    Help,
    Confirm,
    Settings,
    EmptyGroup,
    PickForm,
    StageChoice,
    StageText,
    Progress,
    Dashboard,
    AnswerView,
    Accounts,
    AccountText,
    AccountRole,
    AccountSetRole,
    TempPassword,
    SettingsIdle,
    SettingsPassword,
    AuditLog,
    AuditFilter,
    AuditDetail,
    Reason,
    History,
    HistoryDetail,
];
/// The parts of the settings screen.
const SETTINGS: &[Context] = &[Settings, SettingsIdle, SettingsPassword];
const WIZARD: &[Context] = &[TextField, NotesField, ChoiceField, MultiField, YesNoField, ScaleField];
/// Wherever a repeat group's item can be added.
const GROUP_PAGES: &[Context] = &[TextField, NotesField, ChoiceField, MultiField, YesNoField, ScaleField, EmptyGroup];
const NOT_TYPING: &[Context] = &[
    Home,
    Record,
    ChoiceField,
    MultiField,
    YesNoField,
    ScaleField,
    Review,
    ReadOnly,
    Help,
    Settings,
    EmptyGroup,
    PickForm,
    StageChoice,
    Progress,
    Dashboard,
    AnswerView,
    Accounts,
    AccountRole,
    AccountSetRole,
    TempPassword,
    AuditLog,
    AuditDetail,
    History,
    HistoryDetail,
];
const LISTS: &[Context] = &[
    Home,
    HomeFilter,
    Record,
    NotesField,
    ChoiceField,
    MultiField,
    Review,
    ReadOnly,
    Help,
    Settings,
    PickForm,
    StageChoice,
    AnswerView,
    Accounts,
    AccountRole,
    AccountSetRole,
    AuditLog,
    AuditDetail,
    History,
    HistoryDetail,
];
const NONE: KeyModifiers = KeyModifiers::NONE;

const fn key(code: KeyCode) -> KeyPat {
    KeyPat::Key(code, NONE)
}

const fn ctrl(c: char) -> KeyPat {
    KeyPat::Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

const fn ch(c: char) -> KeyPat {
    KeyPat::Key(KeyCode::Char(c), NONE)
}

const fn bind(contexts: &'static [Context], keys: &'static [KeyPat], action: Action, help: T) -> Binding {
    Binding { contexts, keys, action: Some(action), help, hint: false, needs: None }
}

const fn hint(contexts: &'static [Context], keys: &'static [KeyPat], action: Action, help: T) -> Binding {
    Binding { contexts, keys, action: Some(action), help, hint: true, needs: None }
}

/// Every binding, most specific first: the first match wins.
pub static BINDINGS: &[Binding] = &[
    // Dialogs answer before anything else.
    bind(&[Confirm], &[ch('y'), ch('o'), ch('Y'), ch('O'), key(KeyCode::Enter)], Action::Yes, T::KeyConfirmYes),
    bind(&[Confirm], &[ch('n'), ch('N'), key(KeyCode::Esc)], Action::No, T::KeyConfirmNo),
    hint(ALL, &[key(KeyCode::F(1))], Action::Help, T::KeyHelp),
    bind(NOT_TYPING, &[ch('?')], Action::Help, T::KeyHelp),
    hint(ALL, &[ctrl('q')], Action::Quit, T::KeyQuit),
    bind(&[Help], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // Home. On the Drafts tab, its own key first (the hints show it before Home's).
    hint(&[HomeDrafts], &[ch('x')], Action::VoidOrDiscard, T::KeyDiscardDraft)
        .needs(crate::auth::Action::DiscardOwnDraft),
    hint(&[Home], &[ch('n')], Action::NewParticipant, T::KeyNewParticipant)
        .needs(crate::auth::Action::RegisterParticipant),
    hint(&[Home], &[ch('/')], Action::Filter, T::KeyFilter),
    hint(&[Home, HomeFilter], &[key(KeyCode::Tab)], Action::NextTab, T::KeyNextTab),
    bind(&[Home, HomeFilter], &[key(KeyCode::BackTab)], Action::PrevTab, T::KeyPrevTab),
    hint(&[Home], &[ch('d')], Action::Dashboard, T::KeyDashboard).needs(crate::auth::Action::ViewDashboard),
    hint(&[Home], &[ch('a')], Action::Accounts, T::KeyAccounts).needs(crate::auth::Action::ManageAccounts),
    hint(&[Home], &[ch('l')], Action::Audit, T::KeyAuditScreen).needs(crate::auth::Action::ViewAudit),
    hint(&[Home], &[ch('s')], Action::Settings, T::KeySettings),
    hint(&[Settings], &[key(KeyCode::Enter)], Action::Open, T::KeyUseMode)
        .needs(crate::auth::Action::ChangeStoreSettings),
    hint(&[Home, Record], &[key(KeyCode::Enter)], Action::Open, T::KeyOpen),
    bind(&[Home], &[ch('q')], Action::Quit, T::KeyQuit),
    hint(&[HomeFilter], &[key(KeyCode::Enter)], Action::FilterDone, T::KeyFilterDone),
    hint(&[HomeFilter], &[key(KeyCode::Esc)], Action::Back, T::KeyFilterClear),
    // Record.
    hint(&[Record], &[ch('n')], Action::NewInterview, T::KeyNewInterview).needs(crate::auth::Action::TakeInterview),
    hint(&[Record], &[ch('t')], Action::ChangeStage, T::KeyChangeStage).needs(crate::auth::Action::ChangeStage),
    hint(&[Record], &[ch('p')], Action::Progress, T::KeyProgress),
    hint(&[Record], &[ch('e')], Action::EditParticipant, T::KeyEditParticipant)
        .needs(crate::auth::Action::EditParticipant),
    hint(&[Record], &[ch('a')], Action::AmendInterview, T::KeyAmendInterview)
        .needs(crate::auth::Action::AmendInterview),
    hint(&[Record], &[ch('h')], Action::History, T::KeyHistory).needs(crate::auth::Action::ViewHistory),
    hint(&[Record], &[ch('x')], Action::VoidOrDiscard, T::KeyVoidOrDiscard).needs(crate::auth::Action::DiscardOwnDraft),
    hint(&[Record], &[ch('c')], Action::CorrectStage, T::KeyCorrectStage).needs(crate::auth::Action::CorrectStage),
    // Change of stage.
    hint(&[StageChoice, StageText], &[ctrl('s')], Action::Submit, T::KeySaveStage)
        .needs(crate::auth::Action::ChangeStage),
    hint(&[StageChoice, StageText], &[key(KeyCode::Tab), key(KeyCode::Enter)], Action::NextField, T::KeyNextField),
    hint(&[StageChoice, StageText], &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    bind(&[StageChoice], &[KeyPat::Digits], Action::Pick(0), T::KeyPickNumber),
    hint(&[StageChoice, StageText], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // Progress charts and dashboard.
    hint(&[Progress], &[key(KeyCode::Left)], Action::Left, T::KeyOtherAxis),
    bind(&[Progress], &[key(KeyCode::Right)], Action::Right, T::KeyOtherAxis),
    bind(&[Progress], &[KeyPat::Digits], Action::Pick(0), T::KeyPickNumber),
    hint(&[Progress, Dashboard], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    hint(&[PickForm], &[key(KeyCode::Enter)], Action::Open, T::KeyOpen),
    bind(&[PickForm], &[KeyPat::Digits], Action::Pick(0), T::KeyPickNumber),
    bind(&[PickForm], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // ---- issue 10: login, first run and idle lock ----
    hint(&[Login, LoginPassword], &[key(KeyCode::Enter)], Action::Submit, T::KeyLogIn),
    hint(&[FirstRun, NewPassword], &[key(KeyCode::Enter)], Action::Submit, T::KeyNextOrCreate),
    hint(&[Locked], &[key(KeyCode::Enter)], Action::Submit, T::KeyUnlock),
    hint(&[RecoveryKey], &[key(KeyCode::Enter)], Action::Submit, T::KeyRecoveryTyped),
    hint(&[Login, LoginPassword, FirstRun, NewPassword], &[key(KeyCode::Tab)], Action::NextField, T::KeyNextField),
    bind(&[Login, LoginPassword, FirstRun, NewPassword], &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    hint(&[Login, LoginPassword], &[key(KeyCode::Esc)], Action::Quit, T::KeyQuit),
    Binding {
        contexts: SECRET,
        keys: &[KeyPat::Typing],
        action: None,
        help: T::KeyTypePassword,
        hint: false,
        needs: None,
    },
    bind(SECRET, &[key(KeyCode::Backspace)], Action::Backspace, T::KeyEditText),
    bind(SESSION, &[ctrl('l')], Action::Lock, T::KeyLock),
    bind(&[Home], &[ch('o')], Action::LogOut, T::KeyLogOut),
    // Register.
    hint(&[Register], &[ctrl('s')], Action::Submit, T::KeySubmit).needs(crate::auth::Action::RegisterParticipant),
    hint(
        &[Register],
        &[key(KeyCode::Tab), key(KeyCode::Enter), key(KeyCode::Down)],
        Action::NextField,
        T::KeyNextField,
    ),
    hint(&[Register], &[key(KeyCode::BackTab), key(KeyCode::Up)], Action::PrevField, T::KeyPrevField),
    // The reason of a correction.
    hint(&[Reason], &[key(KeyCode::Enter), ctrl('s')], Action::Submit, T::KeySaveCorrection),
    hint(&[Reason], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // Interview wizard.
    hint(&[NotesField], &[key(KeyCode::Enter)], Action::NewLine, T::KeyNewLine),
    hint(GROUP_PAGES, &[key(KeyCode::Tab), key(KeyCode::Enter)], Action::NextField, T::KeyNextField),
    hint(GROUP_PAGES, &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    hint(GROUP_PAGES, &[key(KeyCode::PageDown)], Action::NextSection, T::KeyNextSection),
    bind(GROUP_PAGES, &[key(KeyCode::PageUp)], Action::PrevSection, T::KeyPrevSection),
    bind(GROUP_PAGES, &[ctrl('n')], Action::AddItem, T::KeyAddItem),
    bind(WIZARD, &[ctrl('d')], Action::RemoveItem, T::KeyRemoveItem),
    bind(&[ChoiceField, MultiField], &[key(KeyCode::Char(' '))], Action::Toggle, T::KeyChoose),
    bind(&[ChoiceField, MultiField, ScaleField], &[KeyPat::Digits], Action::Pick(0), T::KeyPickNumber),
    bind(&[YesNoField], &[ch('y'), ch('o'), ch('Y'), ch('O')], Action::Yes, T::KeyYesNo),
    bind(&[YesNoField], &[ch('n'), ch('N')], Action::No, T::KeyYesNo),
    bind(&[YesNoField, ScaleField], &[key(KeyCode::Left)], Action::Left, T::KeyScaleMove),
    bind(&[YesNoField, ScaleField], &[key(KeyCode::Right)], Action::Right, T::KeyScaleMove),
    // Review.
    hint(&[Review], &[ch('f')], Action::Finalize, T::KeyFinalize).needs(crate::auth::Action::TakeInterview),
    hint(&[Review], &[ch('d')], Action::KeepDraft, T::KeyKeepDraft),
    bind(&[Review], &[key(KeyCode::Enter)], Action::Open, T::KeyJump),
    bind(&[Review], &[key(KeyCode::PageUp)], Action::PrevSection, T::KeyPrevSection),
    hint(&[ReadOnly], &[key(KeyCode::Enter), ch('v')], Action::Open, T::KeyShowAnswer),
    // ---- session 17: supervision (an interview opened from Home's work lists) ----
    hint(&[ReadOnly], &[ch('A')], Action::Approve, T::KeyApprove).needs(crate::auth::Action::Review),
    hint(&[ReadOnly], &[ch('R')], Action::ReturnInterview, T::KeyReturnInterview).needs(crate::auth::Action::Review),
    hint(&[ReadOnly], &[ch('U')], Action::UnlockInterview, T::KeyUnlockInterview)
        .needs(crate::auth::Action::UnlockInterview),
    hint(&[ReadOnly], &[ch('a')], Action::AmendInterview, T::KeyAmendInterview)
        .needs(crate::auth::Action::AmendInterview),
    hint(&[ReadOnly], &[key(KeyCode::Left)], Action::Left, T::KeyOtherVersion),
    bind(&[ReadOnly], &[key(KeyCode::Right)], Action::Right, T::KeyOtherVersion),
    bind(&[Review], &[ch('v')], Action::ShowAnswer, T::KeyShowAnswer),
    bind(&[ReadOnly, AnswerView], &[key(KeyCode::PageUp)], Action::PageUp, T::KeyScroll),
    hint(&[ReadOnly, AnswerView], &[key(KeyCode::PageDown)], Action::PageDown, T::KeyScroll),
    hint(&[AnswerView], &[key(KeyCode::Esc), key(KeyCode::Enter)], Action::Back, T::KeyClose),
    // Accounts (administrators).
    hint(&[Accounts], &[ch('a')], Action::AddAccount, T::KeyAddAccount).needs(crate::auth::Action::ManageAccounts),
    hint(&[Accounts], &[ch('d')], Action::DisableAccount, T::KeyDisableAccount)
        .needs(crate::auth::Action::ManageAccounts),
    hint(&[Accounts], &[ch('e')], Action::EnableAccount, T::KeyEnableAccount)
        .needs(crate::auth::Action::ManageAccounts),
    hint(&[Accounts], &[ch('r')], Action::SetRole, T::KeySetRole).needs(crate::auth::Action::ManageAccounts),
    hint(&[Accounts], &[ch('p')], Action::ResetPassword, T::KeyResetPassword)
        .needs(crate::auth::Action::ManageAccounts),
    hint(&[Accounts], &[ch('u')], Action::Unlock, T::KeyUnlock).needs(crate::auth::Action::ManageAccounts),
    hint(&[AccountRole, AccountSetRole], &[key(KeyCode::Enter), ctrl('s')], Action::Submit, T::KeySaveAccount)
        .needs(crate::auth::Action::ManageAccounts),
    hint(&[AccountText], &[ctrl('s')], Action::Submit, T::KeySaveAccount).needs(crate::auth::Action::ManageAccounts),
    hint(&[AccountText], &[key(KeyCode::Tab), key(KeyCode::Enter)], Action::NextField, T::KeyNextField),
    bind(&[AccountRole], &[key(KeyCode::Tab)], Action::NextField, T::KeyNextField),
    hint(&[AccountText, AccountRole], &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    bind(&[AccountRole, AccountSetRole], &[KeyPat::Digits], Action::Pick(0), T::KeyPickNumber),
    hint(&[AccountText, AccountRole, AccountSetRole, Accounts], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    hint(&[TempPassword], &[key(KeyCode::Enter), key(KeyCode::Esc)], Action::Back, T::KeyPasswordHandedOver),
    // The audit screen (supervisors and administrators).
    hint(&[AuditLog], &[key(KeyCode::Enter)], Action::Open, T::KeyAuditDetail).needs(crate::auth::Action::ViewAudit),
    hint(&[AuditLog], &[ch('/'), ch('f')], Action::Filter, T::KeyAuditFilter).needs(crate::auth::Action::ViewAudit),
    bind(&[AuditLog, AuditDetail], &[key(KeyCode::PageUp)], Action::PageUp, T::KeyScroll),
    hint(&[AuditLog, AuditDetail], &[key(KeyCode::PageDown)], Action::PageDown, T::KeyScroll),
    hint(&[AuditFilter], &[key(KeyCode::Enter), ctrl('s')], Action::Submit, T::KeyAuditApply)
        .needs(crate::auth::Action::ViewAudit),
    hint(&[AuditFilter], &[key(KeyCode::Tab)], Action::NextField, T::KeyNextField),
    hint(&[AuditFilter], &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    hint(&[AuditLog, AuditFilter, AuditDetail], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // The history of a participant (supervisors and administrators).
    hint(&[History], &[key(KeyCode::Enter)], Action::Open, T::KeyAuditDetail).needs(crate::auth::Action::ViewHistory),
    hint(&[History, HistoryDetail], &[ch('v')], Action::OpenVersion, T::KeyHistoryVersion)
        .needs(crate::auth::Action::ViewHistory),
    bind(&[HistoryDetail], &[key(KeyCode::Enter)], Action::OpenVersion, T::KeyHistoryVersion)
        .needs(crate::auth::Action::ViewHistory),
    bind(&[History, HistoryDetail], &[key(KeyCode::PageUp)], Action::PageUp, T::KeyScroll),
    hint(&[History, HistoryDetail], &[key(KeyCode::PageDown)], Action::PageDown, T::KeyScroll),
    hint(&[History, HistoryDetail], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // Settings: the parts, the idle time, one's own password.
    // Only administrators have more than one part.
    hint(SETTINGS, &[key(KeyCode::PageDown)], Action::NextSection, T::KeySettingsPart)
        .needs(crate::auth::Action::ChangeStoreSettings),
    bind(SETTINGS, &[key(KeyCode::PageUp)], Action::PrevSection, T::KeySettingsPart)
        .needs(crate::auth::Action::ChangeStoreSettings),
    hint(&[SettingsIdle], &[key(KeyCode::Enter), ctrl('s')], Action::Submit, T::KeySaveIdle)
        .needs(crate::auth::Action::ChangeStoreSettings),
    hint(&[SettingsPassword], &[ctrl('s')], Action::Submit, T::KeyChangePassword)
        .needs(crate::auth::Action::ChangeOwnPassword),
    hint(&[SettingsPassword], &[key(KeyCode::Tab), key(KeyCode::Enter)], Action::NextField, T::KeyNextField),
    hint(&[SettingsPassword], &[key(KeyCode::BackTab)], Action::PrevField, T::KeyPrevField),
    hint(&[SettingsIdle, SettingsPassword], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    // Lists and scrolling.
    bind(LISTS, &[key(KeyCode::Up)], Action::Up, T::KeyUpDown),
    bind(LISTS, &[key(KeyCode::Down)], Action::Down, T::KeyUpDown),
    // Text editing.
    hint(TYPING, &[key(KeyCode::F(2)), ctrl('t')], Action::ToggleKeyboard, T::KeyKeyboard),
    Binding { contexts: TYPING, keys: &[KeyPat::Typing], action: None, help: T::KeyEditText, hint: false, needs: None },
    bind(TYPING, &[key(KeyCode::Left)], Action::Left, T::KeyCursor),
    bind(TYPING, &[key(KeyCode::Right)], Action::Right, T::KeyCursor),
    bind(TYPING, &[key(KeyCode::Home)], Action::Home, T::KeyCursor),
    bind(TYPING, &[key(KeyCode::End)], Action::End, T::KeyCursor),
    bind(TYPING, &[key(KeyCode::Backspace)], Action::Backspace, T::KeyEditText),
    bind(TYPING, &[key(KeyCode::Delete)], Action::Delete, T::KeyEditText),
    hint(&[Home, Register, Record, Review, ReadOnly, Settings], &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
    hint(GROUP_PAGES, &[key(KeyCode::Esc)], Action::Back, T::KeyBack),
];

fn matches(pat: &KeyPat, event: &KeyEvent) -> bool {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    match (pat, event.code) {
        (KeyPat::Key(KeyCode::BackTab, _), KeyCode::BackTab) => true,
        (KeyPat::Key(KeyCode::Char(want), m), KeyCode::Char(got)) => *want == got && *m == mods,
        (KeyPat::Key(code, m), got) => *code == got && *m == event.modifiers,
        (KeyPat::Digits, KeyCode::Char('1'..='9')) => mods.is_empty(),
        (KeyPat::Typing, KeyCode::Char(_)) => !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
        _ => false,
    }
}

/// The message a key press sends in a context, if any.
pub fn map_key(context: Context, event: &KeyEvent) -> Option<Msg> {
    let binding =
        BINDINGS.iter().filter(|b| b.applies(context)).find(|b| b.keys.iter().any(|pat| matches(pat, event)))?;
    match (event.code, binding.action) {
        (KeyCode::Char(c), _) if binding.keys.iter().any(|p| matches!(p, KeyPat::Typing)) => {
            Some(Msg::Type(c.to_string()))
        }
        (KeyCode::Char(c @ '1'..='9'), Some(Action::Pick(_))) => Some(Msg::Action(Action::Pick(c as u8 - b'0'))),
        (_, Some(action)) => Some(Msg::Action(action)),
        (_, None) => None,
    }
}

/// The name of a key as the English manual shows it.
pub fn key_label(pat: &KeyPat) -> String {
    key_name(pat, Lang::En)
}

/// The name of a key in the interface's language, as help, hints and messages show it: the
/// words come from the catalog, so no sentence spells a key by hand.
pub fn key_name(pat: &KeyPat, lang: Lang) -> String {
    let word = |t: T| t.get(lang).to_string();
    match pat {
        KeyPat::Digits => "1-9".into(),
        KeyPat::Typing => word(T::KeyNameTyping),
        KeyPat::Key(code, mods) => match code {
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => word(T::KeyNameSpace),
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                format!("{}-{}", word(T::KeyNameCtrl), c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => word(T::KeyNameEnter),
            KeyCode::Esc => word(T::KeyNameEsc),
            KeyCode::Tab => word(T::KeyNameTab),
            KeyCode::BackTab => word(T::KeyNameShiftTab),
            KeyCode::PageDown => word(T::KeyNamePageDown),
            KeyCode::PageUp => word(T::KeyNamePageUp),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => word(T::KeyNameHome),
            KeyCode::End => word(T::KeyNameEnd),
            KeyCode::Backspace => word(T::KeyNameBackspace),
            KeyCode::Delete => word(T::KeyNameDelete),
            other => format!("{other:?}"),
        },
    }
}

/// The keys that act in any of `contexts`, each description once with all its keys. A key that
/// an earlier binding of the same context takes (Enter in a notes field) is left out.
fn entries(contexts: &[Context], lang: Lang, include: impl Fn(&Binding) -> bool) -> Vec<(String, T)> {
    let mut entries: Vec<(String, T)> = Vec::new();
    for (i, binding) in BINDINGS.iter().enumerate() {
        if !include(binding) {
            continue;
        }
        for context in contexts.iter().filter(|c| binding.applies(**c)) {
            let keys: Vec<String> = live_keys(i, *context).into_iter().map(|pat| key_name(pat, lang)).collect();
            if keys.is_empty() {
                continue;
            }
            match entries.iter_mut().find(|(_, help)| *help == binding.help) {
                Some((existing, _)) => {
                    for k in keys {
                        if !existing.split(" / ").any(|e| e == k) {
                            existing.push_str(" / ");
                            existing.push_str(&k);
                        }
                    }
                }
                None => entries.push((keys.join(" / "), binding.help)),
            }
        }
    }
    entries
}

/// The keys of binding `i` that still reach it in `context`: those no earlier binding of the
/// context takes.
fn live_keys(i: usize, context: Context) -> Vec<&'static KeyPat> {
    let earlier: Vec<String> =
        BINDINGS[..i].iter().filter(|b| b.applies(context)).flat_map(|b| b.keys.iter().map(key_label)).collect();
    BINDINGS[i].keys.iter().filter(|k| !earlier.contains(&key_label(k))).collect()
}

/// The key that does `action` in `context`, named in `lang`: for messages and hints that name
/// a key, so that they follow the keymap. Of the binding's keys that reach it there, a yes is
/// the letter of the language's word (`o` for « oui »), anything else Enter when it is one (the
/// key people reach for); otherwise the first.
pub fn key_for(context: Context, action: Action, lang: Lang) -> String {
    let Some(i) = BINDINGS.iter().position(|b| b.action == Some(action) && b.applies(context)) else {
        return String::new();
    };
    let keys = live_keys(i, context);
    let is = |pat: &&KeyPat, code: KeyCode| matches!(pat, KeyPat::Key(c, _) if *c == code);
    let yes = if lang == Lang::Fr { 'o' } else { 'y' };
    let pick = keys
        .iter()
        .find(|k| action == Action::Yes && is(k, KeyCode::Char(yes)))
        .or_else(|| keys.iter().find(|k| action != Action::Yes && is(k, KeyCode::Enter)))
        .or(keys.first());
    pick.map_or_else(String::new, |pat| key_name(pat, lang))
}

/// The policy action that `action` performs in `context`, if the keymap says it needs one:
/// `update` asks the policy before doing it, whatever key or path it came from.
pub fn needs(context: Context, action: Action) -> Option<crate::auth::Action> {
    BINDINGS.iter().filter(|b| b.action == Some(action) && b.applies(context)).find_map(|b| b.needs)
}

/// The roles that may use the binding of `help` in `contexts`, as README's keys tables name
/// them after the action; empty when every role may.
fn who(contexts: &[Context], help: T) -> String {
    let needs =
        BINDINGS.iter().find(|b| b.help == help && contexts.iter().any(|c| b.applies(*c))).and_then(|b| b.needs);
    let Some(action) = needs else { return String::new() };
    let roles: Vec<&str> =
        crate::auth::Role::ALL.into_iter().filter(|r| crate::auth::allowed(*r, action)).map(|r| r.name()).collect();
    if roles.len() == crate::auth::Role::ALL.len() { String::new() } else { format!(" *({} only)*", roles.join(", ")) }
}

/// The keys of a context for the help screen, named in `lang`: those `role` may use (see
/// [`Binding::needs`]).
pub fn help_entries(context: Context, lang: Lang, role: Option<crate::auth::Role>) -> Vec<(String, T)> {
    entries(&[context], lang, |b| b.allowed_to(role))
}

/// The short key hints for the bottom line of a screen, named in `lang`: those `role` may use.
pub fn hints(context: Context, lang: Lang, role: Option<crate::auth::Role>) -> Vec<(String, T)> {
    let (global, specific): (Vec<&Binding>, Vec<&Binding>) =
        BINDINGS.iter().filter(|b| b.hint && b.applies(context) && b.allowed_to(role)).partition(|b| b.contexts == ALL);
    specific.into_iter().chain(global).map(|b| (key_name(&b.keys[0], lang), b.help)).collect()
}

/// The keys of every screen as Markdown, in English: README.md embeds this text and a test
/// checks it is current, so the manual cannot drift from the keymap.
pub fn markdown() -> String {
    let sections: [(&str, &[Context]); 36] = [
        ("Everywhere", &[]),
        ("Login", &[Login, LoginPassword]),
        ("First run, and a new password after a temporary one", &[FirstRun, NewPassword]),
        ("Locked screen", &[Locked]),
        ("The recovery key, shown once when the store is made", &[RecoveryKey]),
        ("Home", &[Home]),
        ("Home, on the Drafts tab (and every key of Home)", &[HomeDrafts]),
        ("Settings: display mode (administrators)", &[Settings]),
        ("Settings: idle time (administrators)", &[SettingsIdle]),
        ("Settings: your password", &[SettingsPassword]),
        ("Home, while filtering", &[HomeFilter]),
        ("Register a participant", &[Register]),
        ("Participant record", &[Record]),
        ("Interview: text, number and date fields", &[TextField]),
        ("Interview: notes fields", &[NotesField]),
        ("Interview: choice fields", &[ChoiceField, MultiField]),
        ("Interview: yes/no and scale fields", &[YesNoField, ScaleField]),
        ("Interview: a repeat group with no items yet", &[EmptyGroup]),
        ("Choosing the form of a new interview", &[PickForm]),
        ("Change of stage", &[StageChoice, StageText]),
        ("Progress charts", &[Progress]),
        ("Dashboard", &[Dashboard]),
        ("Review page", &[Review]),
        ("Finalized interview (read-only)", &[ReadOnly]),
        ("The reason of a correction", &[Reason]),
        ("A whole answer, opened from the review page", &[AnswerView]),
        ("Accounts (administrators)", &[Accounts]),
        ("Accounts: username and full name", &[AccountText]),
        ("Accounts: the role of a new account", &[AccountRole]),
        ("Accounts: giving an account another role", &[AccountSetRole]),
        ("Accounts: a temporary password shown", &[TempPassword]),
        ("Audit trail (supervisors and administrators)", &[AuditLog]),
        ("Audit trail: the filter", &[AuditFilter]),
        ("Audit trail: an entry's detail", &[AuditDetail]),
        ("History of a participant (supervisors and administrators)", &[History]),
        ("History of a participant: an entry's detail", &[HistoryDetail]),
    ];
    let mut out = String::new();
    for (title, contexts) in sections {
        out.push_str(&format!("\n**{title}**\n\n| keys | action |\n| --- | --- |\n"));
        // Ctrl-L acts wherever someone is at work: listed once, with the keys of everywhere.
        let everywhere = |b: &Binding| b.contexts == ALL || b.contexts == SESSION;
        // A context that extends another lists only its own keys (the other has its table).
        let rows = if contexts.is_empty() {
            entries(&[Home], Lang::En, everywhere)
        } else {
            entries(contexts, Lang::En, |b| !everywhere(b) && contexts.iter().any(|c| b.contexts.contains(c)))
        };
        for (keys, help) in rows {
            let who = who(if contexts.is_empty() { &[Home] } else { contexts }, help);
            out.push_str(&format!("| {} | {}{who} |\n", keys.replace('|', "\\|"), help.get(Lang::En)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_type_in_text_fields_and_act_elsewhere() {
        let n = press(KeyCode::Char('n'), NONE);
        assert!(matches!(map_key(Home, &n), Some(Msg::Action(Action::NewParticipant))));
        assert!(matches!(map_key(Register, &n), Some(Msg::Type(t)) if t == "n"));
        let q = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert!(matches!(map_key(Record, &q), Some(Msg::Action(Action::Help))));
        assert!(matches!(map_key(TextField, &q), Some(Msg::Type(t)) if t == "?"));
    }

    #[test]
    fn enter_makes_a_new_line_only_in_notes() {
        let enter = press(KeyCode::Enter, NONE);
        assert!(matches!(map_key(NotesField, &enter), Some(Msg::Action(Action::NewLine))));
        assert!(matches!(map_key(TextField, &enter), Some(Msg::Action(Action::NextField))));
    }

    #[test]
    fn all_lists_every_context() {
        // This match stops compiling when a context is added, pointing here: add it to ALL.
        let position = |c: Context| match c {
            FirstRun | Home | HomeFilter | Register | Record | TextField | NotesField | ChoiceField | MultiField
            | YesNoField | ScaleField | Review | ReadOnly | Help | Confirm | Settings | EmptyGroup | PickForm
            | StageChoice | StageText | Progress | Dashboard | AnswerView | Login | LoginPassword | NewPassword
            | Locked | RecoveryKey | Accounts | AccountText | AccountRole | AccountSetRole | TempPassword
            | SettingsIdle | SettingsPassword | AuditLog | AuditFilter | AuditDetail | Reason | History
            | HistoryDetail | HomeDrafts => ALL.iter().position(|a| *a == c),
        };
        for c in [
            FirstRun,
            Home,
            HomeFilter,
            Register,
            Record,
            TextField,
            NotesField,
            ChoiceField,
            MultiField,
            YesNoField,
            ScaleField,
            Review,
            ReadOnly,
            Help,
            Confirm,
            Settings,
            EmptyGroup,
            PickForm,
            StageChoice,
            StageText,
            Progress,
            Dashboard,
            AnswerView,
            Login,
            LoginPassword,
            NewPassword,
            Locked,
            RecoveryKey,
            Accounts,
            AccountText,
            AccountRole,
            AccountSetRole,
            TempPassword,
            SettingsIdle,
            SettingsPassword,
            AuditLog,
            AuditFilter,
            AuditDetail,
            Reason,
            History,
            HistoryDetail,
            HomeDrafts,
        ] {
            assert!(position(c).is_some(), "{c:?} is missing from ALL");
        }
    }

    #[test]
    fn ctrl_q_and_f1_work_everywhere() {
        for context in ALL {
            assert!(matches!(
                map_key(*context, &press(KeyCode::Char('q'), KeyModifiers::CONTROL)),
                Some(Msg::Action(Action::Quit))
            ));
            assert!(matches!(map_key(*context, &press(KeyCode::F(1), NONE)), Some(Msg::Action(Action::Help))));
        }
    }

    #[test]
    fn digits_pick_options() {
        let three = press(KeyCode::Char('3'), NONE);
        assert!(matches!(map_key(ChoiceField, &three), Some(Msg::Action(Action::Pick(3)))));
    }

    #[test]
    fn keys_are_named_in_the_interface_language_as_they_act() {
        assert_eq!(key_for(TextField, Action::NextField, Lang::Fr), "Entrée");
        // Enter makes a new line in notes: what moves on there is Tab.
        assert_eq!(key_for(NotesField, Action::NextField, Lang::En), "Tab");
        assert_eq!(key_for(NotesField, Action::NewLine, Lang::Fr), "Entrée");
        assert_eq!(key_for(Confirm, Action::Yes, Lang::Fr), "o");
        assert_eq!(key_for(Confirm, Action::Yes, Lang::En), "y");
        assert_eq!(key_for(Confirm, Action::No, Lang::Fr), "n");
        assert_eq!(key_for(ChoiceField, Action::Toggle, Lang::Fr), "Espace");
        assert!(hints(ReadOnly, Lang::Fr, None).iter().any(|(k, _)| k == "Échap"));
        assert!(help_entries(Register, Lang::Fr, None).iter().any(|(k, _)| k.contains("Maj-Tab")));
    }

    #[test]
    fn help_lists_every_key_of_the_context() {
        let entries = help_entries(TextField, Lang::En, None);
        assert!(
            entries
                .iter()
                .any(|(keys, help)| keys.contains("Tab") && keys.contains("Enter") && *help == T::KeyNextField)
        );
        assert!(entries.iter().any(|(keys, _)| keys == "F1"));
        assert!(entries.iter().any(|(keys, _)| keys == "Shift-Tab"));
    }
}
