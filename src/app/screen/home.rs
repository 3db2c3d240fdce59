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
    /// Submitted interviews waiting for a supervisor, oldest first (supervisors).
    ToReview,
    /// Interviews returned by a supervisor, with the comment: one's own (all for supervisors).
    Returned,
    /// Drafts: one's own (all for supervisors), latest first.
    Drafts,
}

impl HomeTab {
    pub const ALL: [HomeTab; 6] =
        [HomeTab::All, HomeTab::Overdue, HomeTab::DueSoon, HomeTab::ToReview, HomeTab::Returned, HomeTab::Drafts];

    /// Whether the tab lists interviews of the work lists (not participants).
    pub fn is_work(self) -> bool {
        matches!(self, HomeTab::ToReview | HomeTab::Returned | HomeTab::Drafts)
    }
}

/// The tabs the logged-in account has: the review queue only for those who may review.
pub fn tabs_of(state: &AppState) -> Vec<HomeTab> {
    HomeTab::ALL.into_iter().filter(|t| *t != HomeTab::ToReview || state.may(crate::auth::Action::Review)).collect()
}

/// The work list a work tab shows.
pub fn work_list(state: &AppState, tab: HomeTab) -> &[super::supervision::WorkItem] {
    match tab {
        HomeTab::ToReview => &state.work.to_review,
        HomeTab::Returned => &state.work.returned,
        HomeTab::Drafts => &state.work.drafts,
        HomeTab::All | HomeTab::Overdue | HomeTab::DueSoon => &[],
    }
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
    /// The reason asked before the draft selected on the Drafts tab is discarded.
    pub discarding: Option<DraftDiscard>,
}

/// A draft of the Drafts tab to discard (`x`): its reason is asked in a box on Home; entering
/// it and pressing the key that saves is the confirmation, Esc leaves nothing written.
pub struct DraftDiscard {
    pub draft: crate::store::Id,
    pub participant: crate::store::Id,
    pub reason: TextInput,
    /// Sent to the store, waiting for its answer.
    pub submitting: bool,
}

/// `x` on the Drafts tab: asks the reason to discard the selected draft, when the account may
/// (its own: [`crate::auth::Action::DiscardOwnDraft`]; anyone's:
/// [`crate::auth::Action::DiscardAnyDraft`]); otherwise the status line says why.
fn ask_discard(state: &mut AppState) {
    let Screen::Home(home) = &state.screen else { return };
    let selected = home.shown.get(home.selected).and_then(|i| state.work.drafts.get(*i as usize));
    let Some(item) = selected.cloned() else {
        crate::app::update::complain(state, crate::i18n::T::FixSelectLine.get(state.lang).to_string());
        return;
    };
    let own = match (&item.author, state.session.as_ref()) {
        (Some(crate::store::Author::Account(id)), Some(session)) => *id == session.account,
        _ => false,
    };
    let right = if own { crate::auth::Action::DiscardOwnDraft } else { crate::auth::Action::DiscardAnyDraft };
    if !own && !state.may(right) {
        crate::app::update::complain(state, crate::i18n::T::FixNotYourDraft.get(state.lang).to_string());
        return;
    }
    if !crate::app::rights::permit(state, right) {
        return;
    }
    state.status = None;
    if let Screen::Home(home) = &mut state.screen {
        home.discarding = Some(DraftDiscard {
            draft: item.interview,
            participant: item.participant,
            reason: TextInput::new(""),
            submitting: false,
        });
    }
}

/// The keys while a discard's reason is asked: the key that saves sends it (an empty reason
/// refused here, nothing sent), Esc drops it.
fn on_discarding(state: &mut AppState, action: Action) -> Vec<Effect> {
    let (author, may_any, lang) = (state.author(), state.may(crate::auth::Action::DiscardAnyDraft), state.lang);
    let Screen::Home(home) = &mut state.screen else { return Vec::new() };
    let Some(asking) = &mut home.discarding else { return Vec::new() };
    match action {
        Action::Back => home.discarding = None,
        Action::Submit if !asking.submitting => {
            let reason = asking.reason.text().trim().to_string();
            if reason.is_empty() {
                crate::app::update::complain(state, crate::i18n::T::CorrReasonRequired.get(lang).to_string());
                return Vec::new();
            }
            let Some(by) = author else { return Vec::new() };
            asking.submitting = true;
            let fix = super::record::Fix {
                participant: asking.participant.clone(),
                record: asking.draft.clone(),
                by,
                reason,
            };
            return vec![Effect::DiscardDraft(Box::new(fix), may_any)];
        }
        _ => {}
    }
    Vec::new()
}

/// The store answered a discard asked on Home, whether done or refused (the draft was
/// finalized or discarded elsewhere meanwhile): the box closes and the lists are to be read
/// again, so the row leaves and the count drops. False when no discard was asked on Home.
pub fn discard_answered(state: &mut AppState) -> bool {
    let Screen::Home(home) = &mut state.screen else { return false };
    home.discarding.take().is_some()
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
    let work = &state.work;
    home.counts = [state.directory.len(), overdue.len(), soon.len()];
    home.shown = match home.tab {
        HomeTab::All => state.search.rank(home.filter.text()),
        // The work lists are short (the index keeps them): shown whole, in their order.
        tab @ (HomeTab::ToReview | HomeTab::Returned | HomeTab::Drafts) => {
            let n = match tab {
                HomeTab::ToReview => work.to_review.len(),
                HomeTab::Returned => work.returned.len(),
                _ => work.drafts.len(),
            };
            (0..n as u32).collect()
        }
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
    if home.discarding.is_some() {
        return on_discarding(state, action);
    }
    let count = home.shown.len();
    match action {
        Action::VoidOrDiscard if home.tab == HomeTab::Drafts => ask_discard(state),
        Action::Up => home.selected = home.selected.saturating_sub(1),
        Action::Down => home.selected = (home.selected + 1).min(count.saturating_sub(1)),
        Action::Filter => home.filtering = true,
        Action::FilterDone => home.filtering = false,
        Action::NextTab | Action::PrevTab => {
            let tab = home.tab;
            let tabs = tabs_of(state);
            let (at, len) = (tabs.iter().position(|t| *t == tab).unwrap_or(0), tabs.len().max(1));
            let next = if action == Action::PrevTab { (at + len - 1) % len } else { (at + 1) % len };
            let next = tabs.get(next).copied().unwrap_or_default();
            let Screen::Home(home) = &mut state.screen else { return Vec::new() };
            home.tab = next;
            home.selected = 0;
            refresh_home(state);
            // The work lists are read again each time one is shown: others work meanwhile.
            if next.is_work() {
                return vec![Effect::LoadWork];
            }
        }
        Action::Back if home.filtering => {
            home.filter = Default::default();
            home.filtering = false;
            home.selected = 0;
            refresh_home(state);
        }
        Action::Open if home.tab.is_work() => {
            let (tab, selected) = (home.tab, home.shown.get(home.selected).copied());
            if let Some(item) = selected.and_then(|i| work_list(state, tab).get(i as usize)) {
                return vec![Effect::OpenWork(item.interview.clone())];
            }
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
