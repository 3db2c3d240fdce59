//! The first run: on a path with no store, or on a store from before accounts (the upgrade),
//! the first account, an administrator, is made here: username, full name (any script), the
//! password and the password again. Enter moves on; the last Enter makes the store together
//! with its administrator in one step (nothing is written before, and no store is left
//! half-made: [`crate::store::Store::create_with_admin`]), then logs in.
//!
//! Each field is checked when Enter leaves it, and all of them again at the end, by the same
//! rules the accounts core applies; a refusal is shown under its field and nothing is written.

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::secret::{Secret, SecretInput};
use crate::app::state::Screen;
use crate::app::update::Effect;
use crate::auth::account::{check_full_name, check_username};
use crate::auth::{AccountProblem, PasswordProblem, password};

use super::login::Problem;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FirstRunField {
    #[default]
    Username,
    FullName,
    Password,
    Again,
}

impl FirstRunField {
    pub const ALL: [FirstRunField; 4] =
        [FirstRunField::Username, FirstRunField::FullName, FirstRunField::Password, FirstRunField::Again];

    pub fn next(self) -> FirstRunField {
        FirstRunField::ALL[(self as usize + 1).min(3)]
    }

    pub fn prev(self) -> FirstRunField {
        FirstRunField::ALL[(self as usize).saturating_sub(1)]
    }

    pub fn is_secret(self) -> bool {
        matches!(self, FirstRunField::Password | FirstRunField::Again)
    }
}

#[derive(Default)]
pub struct FirstRun {
    pub username: TextInput,
    pub full_name: TextInput,
    pub password: SecretInput,
    pub again: SecretInput,
    pub focus: FirstRunField,
    /// The refusal shown under each field, by [`FirstRunField`].
    pub errors: [Option<Problem>; 4],
    /// The store exists (made before accounts): only its first administrator is added.
    pub upgrade: bool,
    /// The store and its administrator are being made: keys wait for the answer.
    pub creating: bool,
}

impl FirstRun {
    pub fn secret_mut(&mut self) -> Option<&mut SecretInput> {
        match self.focus {
            FirstRunField::Password => Some(&mut self.password),
            FirstRunField::Again => Some(&mut self.again),
            _ => None,
        }
    }

    /// The refusal of `field` as it stands, by the accounts core's rules.
    fn check(&self, field: FirstRunField) -> Option<Problem> {
        let username = check_username(self.username.text());
        match field {
            FirstRunField::Username => username.err().map(Problem::Account),
            FirstRunField::FullName => check_full_name(self.full_name.text()).err().map(Problem::Account),
            FirstRunField::Password => {
                let name = username.unwrap_or_default();
                password::check_new(&self.password.secret().to_secret_string(), &name).err().map(Problem::Password)
            }
            FirstRunField::Again => {
                (self.password.secret() != self.again.secret()).then_some(Problem::Password(PasswordProblem::Mismatch))
            }
        }
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::FirstRun(first) = &mut state.screen else { return Vec::new() };
    if first.creating {
        return Vec::new();
    }
    match action {
        Action::NextField => first.focus = first.focus.next(),
        Action::PrevField => first.focus = first.focus.prev(),
        Action::Backspace => {
            if let Some(field) = first.secret_mut() {
                field.backspace();
                edited(first);
            }
        }
        Action::Submit => {
            let here = first.focus;
            first.errors[here as usize] = first.check(here);
            if first.errors[here as usize].is_some() {
                ask_passwords_again(first, here);
                return Vec::new();
            }
            if here != FirstRunField::Again {
                first.focus = here.next();
                return Vec::new();
            }
            // Everything once more, as it stands: the first refusal takes the focus.
            for field in FirstRunField::ALL {
                first.errors[field as usize] = first.check(field);
            }
            if let Some(field) = FirstRunField::ALL.into_iter().find(|f| first.errors[*f as usize].is_some()) {
                first.focus = field;
                ask_passwords_again(first, field);
                return Vec::new();
            }
            first.creating = true;
            return vec![Effect::CreateStore {
                username: first.username.text().trim().to_string(),
                full_name: first.full_name.text().trim().to_string(),
                password: first.password.secret(),
                again: first.again.secret(),
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// Typed or pasted text for the focused password field.
pub fn type_secret(state: &mut AppState, text: Secret) {
    let Screen::FirstRun(first) = &mut state.screen else { return };
    let focus = first.focus;
    let Some(field) = first.secret_mut() else { return };
    let refused = field.insert(text).err().map(Problem::Typed);
    first.errors[focus as usize] = refused;
}

/// A password field was refused (too short, common, containing the username, the two
/// differing): both are emptied (their buffers zeroed) and the focus goes to the first, so the
/// next try starts empty. The username and the full name stay as typed.
fn ask_passwords_again(first: &mut FirstRun, refused: FirstRunField) {
    if refused.is_secret() {
        first.password.clear();
        first.again.clear();
        first.focus = FirstRunField::Password;
    }
}

/// Clears the refusal of the field being edited (the person is correcting it).
pub fn edited(first: &mut FirstRun) {
    first.errors[first.focus as usize] = None;
}

/// The store answered: Ok opens Home (the administrator is logged in); a refusal goes under the
/// field it is about, and the passwords are asked again.
pub fn answered(state: &mut AppState, outcome: Result<bool, Problem>) -> Vec<Effect> {
    let Screen::FirstRun(first) = &mut state.screen else { return Vec::new() };
    first.creating = false;
    match outcome {
        Ok(_) => super::login::logged_in(state),
        Err(problem) => {
            let field = match &problem {
                Problem::Account(
                    AccountProblem::UsernameEmpty
                    | AccountProblem::UsernameBadChar(_)
                    | AccountProblem::UsernameInvisible(..)
                    | AccountProblem::UsernameStartsWithMark
                    | AccountProblem::UsernameLookalike
                    | AccountProblem::UsernameTooLong
                    | AccountProblem::UsernameTaken,
                ) => FirstRunField::Username,
                Problem::Account(
                    AccountProblem::FullNameEmpty | AccountProblem::FullNameBadChar | AccountProblem::FullNameTooLong,
                ) => FirstRunField::FullName,
                Problem::Password(PasswordProblem::Mismatch) => FirstRunField::Again,
                _ => FirstRunField::Password,
            };
            first.password.clear();
            first.again.clear();
            first.errors[field as usize] = Some(problem);
            first.focus = if field.is_secret() { FirstRunField::Password } else { field };
            Vec::new()
        }
    }
}
