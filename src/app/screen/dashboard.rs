//! The dashboard: the programme at a glance. What the directory already knows is counted at
//! once; the sessions recorded per axis and month come from the store.

use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::state::{DueState, Screen, due};
use crate::app::update::Effect;
use crate::store::Stage;

/// The programme at a glance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    /// Participants per stage, in [`Stage::ALL`] order.
    pub per_stage: [usize; 5],
    pub overdue: usize,
    pub due_soon: usize,
    /// Sessions recorded: (axis, year, month, count).
    pub sessions: Vec<(String, i32, u32, u64)>,
    /// Finalized interviews per review state (kept by the store as they change).
    pub reviews: crate::store::ReviewCounts,
}

/// What the dashboard shows that the directory already knows; session counts come from the
/// store.
pub(in crate::app) fn dashboard(state: &AppState) -> Dashboard {
    let mut board = Dashboard::default();
    for s in &state.directory {
        if let Some(i) = Stage::ALL.iter().position(|st| *st == s.stage) {
            board.per_stage[i] += 1;
        }
        match due(s, state.today) {
            Some((_, DueState::Overdue(_))) => board.overdue += 1,
            Some((_, DueState::Soon(_))) => board.due_soon += 1,
            _ => {}
        }
    }
    board
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    if action == Action::Back { super::home::go_home(state) } else { Vec::new() }
}

/// The session counts the store has read, for the dashboard being shown.
pub fn loaded(state: &mut AppState, counts: Dashboard) {
    if let Screen::Dashboard(board) = &mut state.screen {
        board.sessions = counts.sessions;
        board.reviews = counts.reviews;
    }
}
