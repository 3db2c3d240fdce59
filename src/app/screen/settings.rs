//! The settings screen: the display mode (who reorders and shapes right-to-left text), chosen
//! from a list and saved in the store.

use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::Effect;
use crate::text::BidiMode;

pub struct Settings {
    /// Index into [`BidiMode::ALL`].
    pub selected: usize,
}

/// Opens the settings on the mode in use.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    let selected = BidiMode::ALL.iter().position(|m| *m == state.bidi).unwrap_or(0);
    state.screen = Screen::Settings(Settings { selected });
    Vec::new()
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::Settings(Settings { selected }) = &mut state.screen else { return Vec::new() };
    match action {
        Action::Up => {
            *selected = selected.saturating_sub(1);
            Vec::new()
        }
        Action::Down => {
            *selected = (*selected + 1).min(BidiMode::ALL.len() - 1);
            Vec::new()
        }
        Action::Open => vec![Effect::SaveBidiMode(BidiMode::ALL[*selected])],
        Action::Back => super::home::go_home(state),
        _ => Vec::new(),
    }
}
