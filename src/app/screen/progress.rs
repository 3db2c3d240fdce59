//! The progress charts of one participant, over their record: one axis at a time, chosen with
//! the arrows (from the right in an Arabic interface) or its number.

use super::record::Record;
use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::Effect;
use crate::form::AXES;

/// The progress charts of one participant: scale indicators per axis across interviews.
pub struct Progress {
    pub record: Record,
    /// Index into `form::AXES`.
    pub axis: usize,
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let rtl = state.lang.is_rtl();
    let Screen::Progress(progress) = &mut state.screen else { return Vec::new() };
    let n = AXES.len();
    match action {
        // In an Arabic interface the axes run from the right: Left goes on.
        Action::Right | Action::Left if (action == Action::Right) != rtl => progress.axis = (progress.axis + 1) % n,
        Action::Right | Action::Left => progress.axis = (progress.axis + n - 1) % n,
        Action::Pick(k) if (1..=n).contains(&(k as usize)) => progress.axis = k as usize - 1,
        Action::Back => super::record::back_to_record(state),
        _ => {}
    }
    Vec::new()
}
