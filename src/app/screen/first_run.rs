//! The first run. It used to ask the interviewer's name, recorded with every interview; records
//! now name the account logged in (issue 10), so the name is no longer asked or kept, and the
//! screen is not opened (the login helper's first run replaces it).

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::Effect;

/// The name being typed.
#[derive(Default)]
pub struct FirstRun {
    pub name: TextInput,
}

/// Enter goes on to Home, where the directory is read; nothing typed here is kept.
pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::FirstRun(_) = &state.screen else { return Vec::new() };
    if action == Action::Submit {
        let mut effects = super::home::go_home(state);
        effects.push(Effect::LoadHome);
        return effects;
    }
    Vec::new()
}
