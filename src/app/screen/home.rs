//! Home: the participants in three lists (all, overdue, due this week) searched as you type,
//! and the directory they are drawn from, kept in the state so that neither the lists nor the
//! search read the store.

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::search;
use crate::app::state::{DueState, Screen, due};
use crate::app::update::Effect;
use crate::store::Summary;

/// Which list the home screen shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HomeTab {
    /// Every participant, most recent activity first.
    #[default]
    All,
    /// Participants whose next interview is past due, most overdue first.
    Overdue,
    /// Participants due in the next seven days, soonest first.
    DueSoon,
}

impl HomeTab {
    pub const ALL: [HomeTab; 3] = [HomeTab::All, HomeTab::Overdue, HomeTab::DueSoon];
}

#[derive(Default)]
pub struct Home {
    pub filter: TextInput,
    pub filtering: bool,
    pub tab: HomeTab,
    /// Indexes into the directory of the participants shown, in display order.
    pub shown: Vec<u32>,
    /// How many participants each tab holds (before the filter).
    pub counts: [usize; 3],
    pub selected: usize,
}

/// Puts a participant's fresh summary in the directory, keeping it sorted by activity.
pub fn upsert(state: &mut AppState, summary: Summary) {
    if let Some(at) = state.directory.iter().position(|s| s.participant.id == summary.participant.id) {
        state.directory.remove(at);
    }
    let at = state.directory.partition_point(|s| s.last_activity > summary.last_activity);
    state.directory.insert(at, summary);
    index_directory(state);
}

/// Rebuilds what is derived from the directory: the search index and the due lists.
fn index_directory(state: &mut AppState) {
    state.search = search::SearchIndex::build(&state.directory);
    let mut overdue = Vec::new();
    let mut soon = Vec::new();
    for (i, s) in state.directory.iter().enumerate() {
        match due(s, state.today) {
            Some((date, DueState::Overdue(_))) => overdue.push((date, i as u32)),
            Some((date, DueState::Soon(_))) => soon.push((date, i as u32)),
            _ => {}
        }
    }
    overdue.sort_unstable();
    soon.sort_unstable();
    state.due_lists = [overdue, soon];
}

/// A new local day: what is due or overdue is reckoned again from it.
pub fn new_day(state: &mut AppState, today: chrono::NaiveDate) {
    state.today = today;
    index_directory(state);
    refresh_home(state);
}

/// Replaces the directory with `summaries` (at start).
pub fn load_directory(state: &mut AppState, mut summaries: Vec<Summary>) {
    summaries.sort_by(|a, b| b.last_activity.cmp(&a.last_activity).then(a.participant.id.cmp(&b.participant.id)));
    state.directory = summaries;
    state.directory_loaded = true;
    index_directory(state);
    refresh_home(state);
}

/// Recomputes what Home shows from the directory, the tab and the filter.
pub fn refresh_home(state: &mut AppState) {
    let Screen::Home(home) = &mut state.screen else { return };
    let [overdue, soon] = &state.due_lists;
    home.counts = [state.directory.len(), overdue.len(), soon.len()];
    home.shown = match home.tab {
        HomeTab::All => state.search.rank(home.filter.text()),
        tab => {
            let list = if tab == HomeTab::Overdue { overdue } else { soon };
            if home.filter.is_empty() {
                list.iter().map(|(_, i)| *i).collect()
            } else {
                let wanted: std::collections::HashSet<u32> =
                    state.search.rank(home.filter.text()).into_iter().collect();
                list.iter().map(|(_, i)| *i).filter(|i| wanted.contains(i)).collect()
            }
        }
    };
    home.selected = home.selected.min(home.shown.len().saturating_sub(1));
}

pub fn go_home(state: &mut AppState) -> Vec<Effect> {
    state.screen = Screen::Home(Home::default());
    refresh_home(state);
    Vec::new()
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::Home(home) = &mut state.screen else { return Vec::new() };
    let count = home.shown.len();
    match action {
        Action::Up => home.selected = home.selected.saturating_sub(1),
        Action::Down => home.selected = (home.selected + 1).min(count.saturating_sub(1)),
        Action::Filter => home.filtering = true,
        Action::FilterDone => home.filtering = false,
        Action::NextTab => {
            let next = (HomeTab::ALL.iter().position(|t| *t == home.tab).unwrap_or(0) + 1) % HomeTab::ALL.len();
            home.tab = HomeTab::ALL[next];
            home.selected = 0;
            refresh_home(state);
        }
        Action::Back if home.filtering => {
            home.filter = Default::default();
            home.filtering = false;
            home.selected = 0;
            refresh_home(state);
        }
        Action::Open => {
            if let Some(&i) = home.shown.get(home.selected) {
                return vec![Effect::LoadRecord(state.directory[i as usize].participant.id.clone())];
            }
        }
        Action::Dashboard => {
            if !crate::app::rights::permit(state, crate::auth::Action::ViewDashboard) {
                return Vec::new();
            }
            state.screen = Screen::Dashboard(Box::new(super::dashboard::dashboard(state)));
            return vec![Effect::LoadSessionCounts];
        }
        Action::NewParticipant => {
            if !crate::app::rights::permit(state, crate::auth::Action::RegisterParticipant) {
                return Vec::new();
            }
            super::register::open(state)
        }
        Action::Accounts => return super::accounts::open(state),
        Action::Audit => return super::audit::open(state),
        Action::Settings => return super::settings::open(state),
        _ => {}
    }
    Vec::new()
}
