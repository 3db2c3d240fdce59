//! A participant's record: who they are, and their timeline of interviews and stage changes,
//! newest first; from it the interviewer opens an interview, takes a new one, changes the
//! stage or looks at the progress charts.

use chrono::NaiveDate;

use super::home::{Home, upsert};
use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::{Overlay, Screen};
use crate::app::update::Effect;
use crate::i18n::T;
use crate::store::{Interview, Participant, Stage, StageEvent, Status, Summary};

/// How many versions each record has (the participant's and each interview's, by id): 1 for
/// a record never corrected.
pub type VersionCounts = std::collections::BTreeMap<crate::store::Id, u32>;

pub struct Record {
    /// Versions of the participant and of each interview (see [`VersionCounts`]).
    pub versions: VersionCounts,
    pub participant: Participant,
    pub summary: Summary,
    pub interviews: Vec<Interview>,
    pub stages: Vec<StageEvent>,
    /// Interviews and stage changes together, newest first.
    pub timeline: Vec<Entry>,
    pub selected: usize,
    /// The review of each finalized interview reviewed, by id (one not in it is submitted).
    pub reviews: std::collections::BTreeMap<crate::store::Id, crate::store::Review>,
}

/// One line of a participant's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Index into the record's interviews.
    Interview(usize),
    /// Index into the record's stage changes.
    Stage(usize),
}

impl Record {
    pub fn new(
        participant: Participant,
        summary: Summary,
        interviews: Vec<Interview>,
        stages: Vec<StageEvent>,
    ) -> Record {
        let mut timeline: Vec<(NaiveDate, chrono::DateTime<chrono::Utc>, Entry)> = interviews
            .iter()
            .enumerate()
            .map(|(i, iv)| (iv.shown_date(), iv.updated_at, Entry::Interview(i)))
            .chain(stages.iter().enumerate().map(|(i, e)| (e.date, e.recorded_at, Entry::Stage(i))))
            .collect();
        timeline.sort_by_key(|t| std::cmp::Reverse((t.0, t.1)));
        let timeline = timeline.into_iter().map(|t| t.2).collect();
        Record {
            versions: VersionCounts::new(),
            participant,
            summary,
            interviews,
            stages,
            timeline,
            selected: 0,
            reviews: Default::default(),
        }
    }

    pub fn with_reviews(self, reviews: std::collections::BTreeMap<crate::store::Id, crate::store::Review>) -> Record {
        Record { reviews, ..self }
    }

    pub fn with_versions(self, versions: VersionCounts) -> Record {
        Record { versions, ..self }
    }

    /// How many versions the record `id` has (1 when never corrected).
    pub fn versions_of(&self, id: &crate::store::Id) -> u32 {
        self.versions.get(id).copied().unwrap_or(1).max(1)
    }

    pub fn participant(&self) -> &Participant {
        &self.participant
    }
}

/// The record of a participant, just read from the store.
pub fn loaded(state: &mut AppState, record: Record) {
    upsert(state, record.summary.clone());
    state.screen = Screen::Record(Box::new(record));
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let today = state.today;
    let Screen::Record(record) = &mut state.screen else { return Vec::new() };
    match action {
        Action::Up => record.selected = record.selected.saturating_sub(1),
        Action::Down => record.selected = (record.selected + 1).min(record.timeline.len().saturating_sub(1)),
        Action::Back => return super::home::go_home(state),
        Action::NewInterview => {
            if !crate::app::rights::permit(state, crate::auth::Action::TakeInterview) {
                return Vec::new();
            }
            state.overlay = Some(Overlay::PickForm { selected: 0 });
        }
        Action::ChangeStage => {
            if !crate::app::rights::permit(state, crate::auth::Action::ChangeStage) {
                return Vec::new();
            }
            let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Home::default())) else {
                return Vec::new();
            };
            let current = Stage::ALL.iter().position(|s| *s == record.summary.stage).unwrap_or(0);
            let next = (current + 1).min(Stage::ALL.len() - 1);
            let date = crate::form::format_date(today);
            state.screen = Screen::StageChange(Box::new(super::stage::StageForm {
                record: *record,
                stage: next,
                date: TextInput::with_dir(&date, crate::text::Dir::Ltr),
                reason: TextInput::new(""),
                focus: super::stage::StageFocus::Stage,
                error: None,
            }));
        }
        Action::AmendInterview => {
            if !crate::app::rights::permit(state, crate::auth::Action::AmendInterview) {
                return Vec::new();
            }
            let Screen::Record(record) = &state.screen else { return Vec::new() };
            let selected = match record.timeline.get(record.selected).copied() {
                Some(Entry::Interview(i)) => record.interviews.get(i).filter(|iv| iv.status == Status::Final).cloned(),
                _ => None,
            };
            let Some(interview) = selected else {
                crate::app::update::complain(state, T::CorrSelectFinal.get(state.lang).to_string());
                return Vec::new();
            };
            // An approved interview is locked until a supervisor unlocks it (the store refuses
            // it too, whatever path asks).
            if record.reviews.get(&interview.id).is_some_and(|r| r.state.is_locked()) {
                crate::app::update::complain(state, T::RevLocked.get(state.lang).to_string());
                return Vec::new();
            }
            let (participant, based_on) = (record.participant.clone(), record.versions_of(&interview.id));
            return super::wizard::open_amendment(state, participant, interview, based_on);
        }
        Action::EditParticipant => {
            if !crate::app::rights::permit(state, crate::auth::Action::EditParticipant) {
                return Vec::new();
            }
            let Screen::Record(record) = &state.screen else { return Vec::new() };
            let (participant, based_on) = (record.participant.clone(), record.versions_of(&record.participant.id));
            super::register::open_edit(state, participant, based_on);
        }
        Action::Progress => {
            let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Home::default())) else {
                return Vec::new();
            };
            state.screen = Screen::Progress(Box::new(super::progress::Progress { record: *record, axis: 0 }));
        }
        Action::Open => {
            if let Some(Entry::Interview(i)) = record.timeline.get(record.selected).copied() {
                let interview = record.interviews[i].clone();
                let participant = record.participant().clone();
                // An amended interview: every version is read, to be shown one at a time.
                let amended = interview.status == Status::Final && record.versions_of(&interview.id) > 1;
                let id = interview.id.clone();
                let review = (interview.status == Status::Final).then(|| {
                    record.reviews.get(&id).cloned().unwrap_or_else(|| crate::store::Review::submitted(&interview))
                });
                let versions = record.versions_of(&id);
                let mut effects = super::wizard::open_interview(state, participant, interview);
                // Its review state, and the supervisor's keys, as from Home's work lists.
                if let (Screen::Wizard(w), Some(review)) = (&mut state.screen, review) {
                    w.review = Some(Box::new(super::supervision::ReviewPanel::new(review, versions)));
                }
                if amended {
                    effects.push(Effect::LoadVersions(id));
                }
                return effects;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Whether `interview` is a draft the logged-in account started: resuming it is
/// [`ResumeOwnDraft`](crate::auth::Action::ResumeOwnDraft), anyone else's
/// [`ResumeAnyDraft`](crate::auth::Action::ResumeAnyDraft). The draft names its author's
/// account, compared by id. A draft from before accounts names only a name once typed, which
/// proves nothing about who is logged in now (anyone could have the same full name): it is
/// nobody's own, so resuming it is [`ResumeAnyDraft`](crate::auth::Action::ResumeAnyDraft),
/// for supervisors and administrators only.
pub(in crate::app) fn is_own_draft(state: &AppState, interview: &Interview) -> bool {
    match (&interview.interviewer, state.session.as_ref()) {
        (crate::store::Author::Account(id), Some(session)) => *id == session.account,
        (crate::store::Author::BeforeAccounts(_), _) | (_, None) => false,
    }
}

/// Back from a screen over a record to the record itself.
pub(in crate::app) fn back_to_record(state: &mut AppState) {
    let record = match std::mem::replace(&mut state.screen, Screen::Home(Home::default())) {
        Screen::StageChange(form) => form.record,
        Screen::Progress(progress) => progress.record,
        other => {
            state.screen = other;
            return;
        }
    };
    state.screen = Screen::Record(Box::new(record));
}
