//! The login screen, shown at every start and after logging out: the username, then the
//! password (masked), Enter logs in. Nothing else can be reached from it (Esc and Ctrl-Q quit).
//! A temporary password, once accepted, leads to choosing a new one, twice, before anything
//! else. The store judges every login ([`crate::store::Store::log_in`]): one message for an
//! unknown username and a wrong password, the lock's end, a disabled account.
//!
//! The password typed is a [`SecretInput`]; Enter hands a copy to the key derivation in an
//! [`Effect`] and the field is emptied as soon as the answer comes back.

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::secret::{Secret, SecretInput, SecretRefusal};
use crate::app::state::Screen;
use crate::app::update::{Effect, say};
use crate::auth::{AccountProblem, LoginRefusal, PasswordProblem};
use crate::i18n::{Lang, T};

/// Why a login, a new password or a new account was refused, kept as what it is and put in
/// words in the interface's language when drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Login(LoginRefusal),
    Account(AccountProblem),
    Password(PasswordProblem),
    Typed(SecretRefusal),
    /// Something broke (the store, the disk): its message, already in words.
    Failed(String),
}

impl Problem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Login(refusal) => refusal.text(lang),
            Problem::Account(problem) => problem.text(lang),
            Problem::Password(problem) => problem.text(lang),
            Problem::Typed(SecretRefusal::TooLong) => PasswordProblem::TooLong.text(lang),
            Problem::Typed(SecretRefusal::Control) => T::LoginPasswordControl.get(lang).to_string(),
            Problem::Failed(text) => text.clone(),
        }
    }

    /// The problem an error of the store or the accounts core stands for.
    pub fn of(error: crate::error::Error, lang: Lang) -> Problem {
        use crate::error::Error;
        match error {
            Error::Login(refusal) => Problem::Login(refusal),
            Error::Account(problem) => Problem::Account(problem),
            Error::Password(problem) => Problem::Password(problem),
            other => Problem::Failed(other.localized(lang)),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoginFocus {
    #[default]
    Username,
    Password,
}

/// The fields of the new password asked after a temporary one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChangeFocus {
    #[default]
    New,
    Again,
}

/// A temporary password was accepted: the new one, asked twice. The temporary password is
/// kept (zeroed when this is dropped) because the change must prove it once more.
#[derive(Default)]
pub struct MustChange {
    pub temporary: SecretInput,
    pub new: SecretInput,
    pub again: SecretInput,
    pub focus: ChangeFocus,
}

#[derive(Default)]
pub struct Login {
    pub username: TextInput,
    pub password: SecretInput,
    pub focus: LoginFocus,
    /// The last refusal, shown under the password.
    pub problem: Option<Problem>,
    /// A login (or a change of password) is being judged: Enter waits for its answer.
    pub checking: bool,
    /// After a temporary password: the new one must be chosen first.
    pub change: Option<MustChange>,
}

impl Login {
    /// The password field that has the focus, if the focus is on one.
    pub fn secret_mut(&mut self) -> Option<&mut SecretInput> {
        match (&mut self.change, self.focus) {
            (Some(change), _) => Some(match change.focus {
                ChangeFocus::New => &mut change.new,
                ChangeFocus::Again => &mut change.again,
            }),
            (None, LoginFocus::Password) => Some(&mut self.password),
            (None, LoginFocus::Username) => None,
        }
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::Login(login) = &mut state.screen else { return Vec::new() };
    if login.checking {
        return Vec::new();
    }
    if let Some(change) = &mut login.change {
        match action {
            Action::NextField | Action::PrevField => {
                change.focus = if change.focus == ChangeFocus::New { ChangeFocus::Again } else { ChangeFocus::New };
            }
            Action::Backspace => {
                if let Some(field) = login.secret_mut() {
                    field.backspace();
                }
            }
            Action::Submit if change.focus == ChangeFocus::New && !change.new.is_empty() => {
                let rule =
                    crate::auth::password::check_new(&change.new.secret().to_secret_string(), login.username.text());
                login.problem = rule.err().map(Problem::Password);
                if login.problem.is_none() {
                    change.focus = ChangeFocus::Again;
                } else {
                    // Refused: typed again from nothing (the buffer is zeroed).
                    change.new.clear();
                    change.again.clear();
                }
            }
            Action::Submit if change.focus == ChangeFocus::Again => {
                login.checking = true;
                return vec![Effect::ChangePassword {
                    current: change.temporary.secret(),
                    new: change.new.secret(),
                    again: change.again.secret(),
                }];
            }
            _ => {}
        }
        return Vec::new();
    }
    match (action, login.focus) {
        (Action::NextField | Action::PrevField, _) => {
            login.focus = if login.focus == LoginFocus::Username { LoginFocus::Password } else { LoginFocus::Username };
        }
        (Action::Submit, LoginFocus::Username) => {
            if login.username.is_empty() {
                login.problem = Some(Problem::Account(AccountProblem::UsernameEmpty));
            } else {
                login.problem = None;
                login.focus = LoginFocus::Password;
            }
        }
        (Action::Backspace, LoginFocus::Password) => {
            login.password.backspace();
            login.problem = None;
        }
        (Action::Submit, LoginFocus::Password) => {
            if login.username.is_empty() {
                login.problem = Some(Problem::Account(AccountProblem::UsernameEmpty));
                login.focus = LoginFocus::Username;
                return Vec::new();
            }
            if login.password.is_empty() {
                return Vec::new();
            }
            login.checking = true;
            login.problem = None;
            return vec![Effect::LogIn {
                username: login.username.text().trim().to_string(),
                password: login.password.secret(),
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// Typed or pasted text for the focused password field of the login screen.
pub fn type_secret(state: &mut AppState, text: Secret) {
    let Screen::Login(login) = &mut state.screen else { return };
    if login.checking {
        return;
    }
    let Some(field) = login.secret_mut() else { return };
    match field.insert(text) {
        Ok(()) => login.problem = None,
        Err(refusal) => login.problem = Some(Problem::Typed(refusal)),
    }
}

/// The store answered a login or a change of password on the login screen: Ok(true) is a
/// temporary password accepted, which must now be changed; Ok(false) opens Home.
pub fn answered(state: &mut AppState, outcome: Result<bool, Problem>) -> Vec<Effect> {
    let Screen::Login(login) = &mut state.screen else { return Vec::new() };
    login.checking = false;
    match outcome {
        Ok(true) => {
            let temporary = std::mem::take(&mut login.password);
            login.problem = None;
            login.change = Some(MustChange { temporary, ..MustChange::default() });
            Vec::new()
        }
        Ok(false) => logged_in(state),
        Err(problem) => {
            match &mut login.change {
                // The new password refused: asked again, twice.
                Some(change) => {
                    change.new.clear();
                    change.again.clear();
                    change.focus = ChangeFocus::New;
                }
                None => {
                    login.password.clear();
                    login.focus = LoginFocus::Password;
                }
            }
            login.problem = Some(problem);
            Vec::new()
        }
    }
}

/// A session has begun: Home opens and the directory is read.
pub fn logged_in(state: &mut AppState) -> Vec<Effect> {
    state.last_key = state.clock;
    let mut effects = super::home::go_home(state);
    if let Some(status) = state.start_status.take() {
        state.status = Some(status);
    }
    effects.push(Effect::LoadHome);
    effects
}

/// Logs out: the draft is saved first (as quitting does), then the session ends, every
/// participant is forgotten, and the login screen asks again.
pub fn log_out(state: &mut AppState) -> Vec<Effect> {
    let mut effects = super::lock::save_draft(state);
    if state.session.is_some() {
        effects.push(Effect::NoteLogOut);
    }
    state.session = None;
    state.lock = None;
    state.overlay = None;
    state.pending = None;
    state.directory = Vec::new();
    state.work = Default::default();
    state.directory_loaded = false;
    state.search = Default::default();
    state.due_lists = Default::default();
    state.authors = Default::default();
    state.resume = None;
    state.screen = Screen::Login(Login::default());
    say(state, T::LoggedOut);
    effects
}
