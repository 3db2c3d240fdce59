//! The accounts screen (administrators): every account with its role and state, and the same
//! operations as `daftar users …` (add, disable, enable, set role, reset password, unlock),
//! each done by the store, which refuses what the commands refuse. A temporary password is
//! shown once, on its own page, and dropped when the administrator leaves it.

use chrono::{DateTime, Utc};

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::rights::{permit, role_word};
use crate::app::state::{Confirm, KeyboardRule, Overlay, Screen};
use crate::app::update::{Effect, complain, say_text};
use crate::auth::{Account, ExposeSecret, Role, SecretString};
use crate::i18n::T;
use crate::text::Dir;

/// One account as the list shows it: nothing of its credential.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    /// The end of a lock that still lasts.
    pub locked_until: Option<DateTime<Utc>>,
    /// The password is a temporary one, to be changed at the next login.
    pub must_change: bool,
}

impl AccountRow {
    pub fn of(account: &Account, now: DateTime<Utc>) -> AccountRow {
        AccountRow {
            username: account.username.clone(),
            full_name: account.full_name.clone(),
            role: account.role,
            active: account.is_active(),
            locked_until: account.locked_at(now),
            must_change: account.must_change_password,
        }
    }
}

/// A password carried from the store to the screen (a temporary one) or from the screen to the
/// store (a change): never shown in `Debug`, zeroed when dropped.
#[derive(Clone)]
pub struct Secret(pub SecretString);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

/// What is asked of the store for an account named by its username.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountOp {
    Add { full_name: String, role: Role },
    Disable,
    Enable,
    SetRole(Role),
    ResetPassword,
    Unlock,
}

/// What the store did.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountDone {
    Added { username: String, full_name: String, role: Role, password: Secret },
    Reset { username: String, full_name: String, password: Secret },
    Disabled(String),
    Enabled(String),
    RoleSet(String, Role),
    Unlocked(String),
}

/// The field of the new-account form that has the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddFocus {
    Username,
    FullName,
    Role,
}

impl AddFocus {
    pub fn next(self) -> AddFocus {
        match self {
            AddFocus::Username => AddFocus::FullName,
            AddFocus::FullName => AddFocus::Role,
            AddFocus::Role => AddFocus::Username,
        }
    }

    pub fn prev(self) -> AddFocus {
        self.next().next()
    }
}

/// The new account being typed.
pub struct AddForm {
    pub username: TextInput,
    pub full_name: TextInput,
    /// Index into [`Role::ALL`].
    pub role: usize,
    pub focus: AddFocus,
    /// The store's refusal of the last try, shown under the form.
    pub error: Option<String>,
}

/// A temporary password on screen, until the administrator says it is noted.
pub struct Shown {
    pub username: String,
    pub full_name: String,
    pub role: Option<Role>,
    pub password: SecretString,
}

/// What the accounts screen is showing.
pub enum AccountsMode {
    List,
    Add(Box<AddForm>),
    /// Choosing the role of the selected account; index into [`Role::ALL`].
    Role(usize),
    Shown(Box<Shown>),
}

pub struct Accounts {
    pub rows: Vec<AccountRow>,
    pub selected: usize,
    pub mode: AccountsMode,
}

impl Accounts {
    /// The selected account's row.
    pub fn current(&self) -> Option<&AccountRow> {
        self.rows.get(self.selected)
    }
}

/// The screen's part that has the keyboard, for the keymap.
pub fn context(accounts: &Accounts) -> crate::app::keymap::Context {
    use crate::app::keymap::Context;
    match &accounts.mode {
        AccountsMode::List => Context::Accounts,
        AccountsMode::Add(form) if form.focus == AddFocus::Role => Context::AccountRole,
        AccountsMode::Add(_) => Context::AccountText,
        AccountsMode::Role(_) => Context::AccountSetRole,
        AccountsMode::Shown(_) => Context::TempPassword,
    }
}

/// The text input that has the focus on the screen, with its keyboard rule: the username is
/// typed as it is, the full name (any script) starts in the layer last chosen in it.
pub fn focused(accounts: &Accounts) -> Option<(&'static str, crate::app::FocusId, KeyboardRule)> {
    use crate::app::FocusId;
    match &accounts.mode {
        AccountsMode::Add(form) => match form.focus {
            AddFocus::Username => Some(("accounts/username", FocusId::AccountUsername, KeyboardRule::AsTyped)),
            AddFocus::FullName => Some(("accounts/full-name", FocusId::AccountFullName, KeyboardRule::Remembered)),
            AddFocus::Role => None,
        },
        _ => None,
    }
}

/// The input named by [`focused`], to edit.
pub fn focused_mut(accounts: &mut Accounts) -> Option<&mut TextInput> {
    match &mut accounts.mode {
        AccountsMode::Add(form) => match form.focus {
            AddFocus::Username => Some(&mut form.username),
            AddFocus::FullName => Some(&mut form.full_name),
            AddFocus::Role => None,
        },
        _ => None,
    }
}

/// Opens the accounts screen (administrators only) and reads the accounts.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    if !permit(state, crate::auth::Action::ManageAccounts) {
        return Vec::new();
    }
    state.screen = Screen::Accounts(Box::new(Accounts { rows: Vec::new(), selected: 0, mode: AccountsMode::List }));
    vec![Effect::LoadAccounts]
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    // Every key here but leaving is an account operation: the policy is asked first, so no
    // path reaches the store's accounts for a role that may not manage them.
    if action != Action::Back && !permit(state, crate::auth::Action::ManageAccounts) {
        return Vec::new();
    }
    let Screen::Accounts(accounts) = &mut state.screen else { return Vec::new() };
    let count = accounts.rows.len();
    let username = accounts.current().map(|r| r.username.clone());
    match &mut accounts.mode {
        AccountsMode::List => match action {
            Action::Up => accounts.selected = accounts.selected.saturating_sub(1),
            Action::Down => accounts.selected = (accounts.selected + 1).min(count.saturating_sub(1)),
            Action::Back => return super::home::go_home(state),
            Action::AddAccount => {
                accounts.mode = AccountsMode::Add(Box::new(AddForm {
                    username: TextInput::with_dir("", Dir::Ltr).with_max_chars(crate::auth::account::USERNAME_MAX),
                    full_name: TextInput::new("").with_max_chars(crate::auth::account::FULL_NAME_MAX),
                    role: 0,
                    focus: AddFocus::Username,
                    error: None,
                }))
            }
            Action::SetRole => {
                if let Some(row) = accounts.current() {
                    let at = Role::ALL.iter().position(|r| *r == row.role).unwrap_or(0);
                    accounts.mode = AccountsMode::Role(at);
                }
            }
            Action::DisableAccount if username.is_some() => {
                state.overlay = Some(Overlay::Confirm(Confirm::DisableAccount))
            }
            Action::ResetPassword if username.is_some() => {
                state.overlay = Some(Overlay::Confirm(Confirm::ResetPassword))
            }
            Action::EnableAccount => return operate(username, AccountOp::Enable),
            Action::Unlock => return operate(username, AccountOp::Unlock),
            _ => {}
        },
        AccountsMode::Add(form) => match action {
            Action::Back => accounts.mode = AccountsMode::List,
            Action::NextField => form.focus = form.focus.next(),
            Action::PrevField => form.focus = form.focus.prev(),
            Action::Up => form.role = form.role.saturating_sub(1),
            Action::Down => form.role = (form.role + 1).min(Role::ALL.len() - 1),
            Action::Pick(n) if (1..=Role::ALL.len()).contains(&(n as usize)) => form.role = n as usize - 1,
            Action::Submit => {
                let role = Role::ALL[form.role];
                let op = AccountOp::Add { full_name: form.full_name.text().to_string(), role };
                return vec![Effect::Account(form.username.text().to_string(), op)];
            }
            _ => {}
        },
        AccountsMode::Role(at) => match action {
            Action::Back => accounts.mode = AccountsMode::List,
            Action::Up => *at = at.saturating_sub(1),
            Action::Down => *at = (*at + 1).min(Role::ALL.len() - 1),
            Action::Pick(n) if (1..=Role::ALL.len()).contains(&(n as usize)) => *at = n as usize - 1,
            Action::Submit => {
                let role = Role::ALL[*at];
                accounts.mode = AccountsMode::List;
                return operate(username, AccountOp::SetRole(role));
            }
            _ => {}
        },
        // Leaving the page drops the password: it is never shown again.
        AccountsMode::Shown(_) => {
            if action == Action::Back {
                accounts.mode = AccountsMode::List;
            }
        }
    }
    Vec::new()
}

fn operate(username: Option<String>, op: AccountOp) -> Vec<Effect> {
    username.map(|name| vec![Effect::Account(name, op)]).unwrap_or_default()
}

/// A yes to "disable …?" or "reset the password of …?".
pub fn confirmed(state: &mut AppState, confirm: Confirm) -> Vec<Effect> {
    if !permit(state, crate::auth::Action::ManageAccounts) {
        return Vec::new();
    }
    let Screen::Accounts(accounts) = &state.screen else { return Vec::new() };
    let username = accounts.current().map(|r| r.username.clone());
    match confirm {
        Confirm::DisableAccount => operate(username, AccountOp::Disable),
        Confirm::ResetPassword => operate(username, AccountOp::ResetPassword),
        _ => Vec::new(),
    }
}

/// The accounts, read from the store. A temporary password on screen keeps its account
/// selected.
pub fn loaded(state: &mut AppState, rows: Vec<AccountRow>) {
    let Screen::Accounts(accounts) = &mut state.screen else { return };
    let keep = match &accounts.mode {
        AccountsMode::Shown(shown) => Some(shown.username.clone()),
        _ => accounts.current().map(|r| r.username.clone()),
    };
    accounts.rows = rows;
    accounts.selected = keep
        .and_then(|name| accounts.rows.iter().position(|r| r.username == name))
        .unwrap_or(accounts.selected)
        .min(accounts.rows.len().saturating_sub(1));
}

/// The store did what was asked: a temporary password is shown, anything else said, and the
/// list read again.
pub fn done(state: &mut AppState, done: AccountDone) -> Vec<Effect> {
    state.unsaved = None;
    let lang = state.lang;
    let Screen::Accounts(accounts) = &mut state.screen else { return Vec::new() };
    let message = match done {
        AccountDone::Added { username, full_name, role, password } => {
            accounts.mode =
                AccountsMode::Shown(Box::new(Shown { username, full_name, role: Some(role), password: password.0 }));
            None
        }
        AccountDone::Reset { username, full_name, password } => {
            accounts.mode =
                AccountsMode::Shown(Box::new(Shown { username, full_name, role: None, password: password.0 }));
            None
        }
        AccountDone::Disabled(user) => Some(T::UsersDisabled.fill(lang, &[("user", &user)])),
        AccountDone::Enabled(user) => Some(T::UsersEnabled.fill(lang, &[("user", &user)])),
        AccountDone::RoleSet(user, role) => {
            Some(T::UsersRoleSet.fill(lang, &[("user", &user), ("role", role_word(role).get(lang))]))
        }
        AccountDone::Unlocked(user) => Some(T::UsersUnlocked.fill(lang, &[("user", &user)])),
    };
    if let Some(text) = message {
        say_text(state, text);
    }
    vec![Effect::LoadAccounts]
}

/// The store refused (a bad or taken username, the last administrator…): nothing was written;
/// the form stays as typed, with the reason under it and in the status line.
pub fn refused(state: &mut AppState, text: String) {
    if let Screen::Accounts(accounts) = &mut state.screen
        && let AccountsMode::Add(form) = &mut accounts.mode
    {
        form.error = Some(text.clone());
    }
    complain(state, text);
}
