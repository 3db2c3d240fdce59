//! The first run: the interviewer's name, asked once on a store that has none and recorded
//! with every interview.

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::{Effect, complain};
use crate::i18n::T;

/// The name being typed.
#[derive(Default)]
pub struct FirstRun {
    pub name: TextInput,
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::FirstRun(first) = &mut state.screen else { return Vec::new() };
    if action == Action::Submit {
        let name = first.name.text().trim().to_string();
        if name.is_empty() {
            complain(state, T::ErrRequired.get(state.lang).to_string());
        } else {
            return vec![Effect::SaveInterviewer(name)];
        }
    }
    Vec::new()
}

/// The store has the name: Home opens, and the directory is read.
pub fn saved(state: &mut AppState, name: String) -> Vec<Effect> {
    state.unsaved = None;
    state.interviewer = name;
    let mut effects = super::home::go_home(state);
    effects.push(Effect::LoadHome);
    effects
}
