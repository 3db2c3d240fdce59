//! The recovery key of a store just made: shown once, over everything, until the administrator
//! types back its last group, to show it is written down (issue 12). It is the only way into
//! the store when every administrator password is lost (`daftar keys recover`), and nothing
//! else can open the store: it is never shown again. Ctrl-Q still quits (the key is then lost
//! to this screen, as a closed terminal would lose it; README says to print it first).

use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::screen::login::Problem;
use crate::app::secret::{Secret, SecretInput};
use crate::app::update::Effect;
use crate::crypto::RecoveryKey;
use crate::i18n::T;

/// The cover showing the recovery key.
pub struct RecoveryCover {
    pub key: RecoveryKey,
    /// The last group as typed back (not echoed).
    pub typed: SecretInput,
    pub problem: Option<Problem>,
    /// The typed group was not the last one: said under the field.
    pub wrong_problem: Option<Problem>,
    /// After an encryption: the other accounts' temporary passwords, shown once with the key.
    pub temporary: Vec<(String, crate::auth::SecretString)>,
}

impl RecoveryCover {
    pub fn new(key: RecoveryKey) -> RecoveryCover {
        RecoveryCover { key, typed: SecretInput::default(), problem: None, wrong_problem: None, temporary: Vec::new() }
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let lang = state.lang;
    let Some(cover) = &mut state.recovery else { return Vec::new() };
    match action {
        Action::Backspace => cover.typed.backspace(),
        Action::Submit => {
            if cover.key.is_last_group(cover.typed.secret().expose()) {
                // Dropped here, and with it the only copy of the key in this process.
                state.recovery = None;
            } else {
                cover.wrong_problem = Some(Problem::Failed(T::InitLastGroupWrong.get(lang).to_string()));
                cover.typed.clear();
            }
        }
        _ => {}
    }
    Vec::new()
}

pub fn type_secret(state: &mut AppState, text: Secret) {
    let Some(cover) = &mut state.recovery else { return };
    cover.wrong_problem = None;
    cover.problem = cover.typed.insert(text).err().map(Problem::Typed);
}
