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

/// The voided stage changes of a participant, by stage change id.
pub type Voids = std::collections::BTreeMap<crate::store::Id, crate::store::StageVoid>;

/// What the reason asked on the record is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixOf {
    /// Voiding the stage change at this index of the record's stage changes.
    VoidStage(usize),
    /// Discarding the draft at this index of the record's interviews.
    DiscardDraft(usize),
}

/// The reason asked before a stage change is voided or a draft discarded: entering it and
/// pressing the key that saves is the confirmation; Esc leaves nothing written.
pub struct Asking {
    pub of: FixOf,
    pub reason: TextInput,
    /// Sent to the store, waiting for its answer.
    pub submitting: bool,
}

/// A stage change to void or a draft to discard, as sent to the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub participant: crate::store::Id,
    /// The stage change or the draft.
    pub record: crate::store::Id,
    pub by: crate::store::Author,
    pub reason: String,
}

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
    /// The stage changes voided (they stay in the timeline, struck through).
    pub voids: Voids,
    /// The reason being asked for a void or a discard.
    pub asking: Option<Asking>,
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
            voids: Voids::new(),
            asking: None,
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

    /// Whether the stage change at `i` of the record's stage changes is voided.
    pub fn is_voided(&self, i: usize) -> bool {
        self.stages.get(i).is_some_and(|e| self.voids.contains_key(&e.id))
    }
}

/// The keys while the reason of a void or a discard is asked: the key that saves sends it (an
/// empty reason refused here, nothing sent), Esc drops it.
fn on_asking(state: &mut AppState, action: Action) -> Vec<Effect> {
    let author = state.author();
    let may_any = state.may(crate::auth::Action::DiscardAnyDraft);
    let Screen::Record(record) = &mut state.screen else { return Vec::new() };
    let Some(asking) = &mut record.asking else { return Vec::new() };
    match action {
        Action::Back => record.asking = None,
        Action::Submit if !asking.submitting => {
            let reason = asking.reason.text().trim().to_string();
            if reason.is_empty() {
                crate::app::update::complain(state, T::CorrReasonRequired.get(state.lang).to_string());
                return Vec::new();
            }
            let Some(by) = author else { return Vec::new() };
            let participant = record.participant.id.clone();
            let of = asking.of;
            asking.submitting = true;
            return match of {
                FixOf::VoidStage(i) => {
                    let Some(e) = record.stages.get(i) else { return Vec::new() };
                    let fix = Fix { participant, record: e.id.clone(), by, reason };
                    vec![Effect::VoidStage(Box::new(fix))]
                }
                FixOf::DiscardDraft(i) => {
                    let Some(d) = record.interviews.get(i) else { return Vec::new() };
                    let fix = Fix { participant, record: d.id.clone(), by, reason };
                    vec![Effect::DiscardDraft(Box::new(fix), may_any)]
                }
            };
        }
        _ => {}
    }
    Vec::new()
}

/// `x` on the record: asks the reason to void the selected stage change (supervisors) or to
/// discard the selected draft (its author, or a supervisor for anyone's).
fn void_or_discard(state: &mut AppState) {
    let Screen::Record(record) = &state.screen else { return };
    let voided = |i: usize| record.is_voided(i);
    let of = match record.timeline.get(record.selected).copied() {
        Some(Entry::Stage(i)) => FixOf::VoidStage(i),
        Some(Entry::Interview(i)) if record.interviews.get(i).is_some_and(|iv| iv.status == Status::Draft) => {
            FixOf::DiscardDraft(i)
        }
        _ => {
            crate::app::update::complain(state, T::FixSelectLine.get(state.lang).to_string());
            return;
        }
    };
    let already = matches!(of, FixOf::VoidStage(i) if voided(i));
    let own = match of {
        FixOf::DiscardDraft(i) => record.interviews.get(i).is_some_and(|d| is_own_draft(state, d)),
        FixOf::VoidStage(_) => false,
    };
    match of {
        FixOf::VoidStage(_) => {
            if !crate::app::rights::permit(state, crate::auth::Action::CorrectStage) {
                return;
            }
            if already {
                crate::app::update::complain(state, T::FixAlreadyVoided.get(state.lang).to_string());
                return;
            }
        }
        FixOf::DiscardDraft(_) => {
            let right = if own { crate::auth::Action::DiscardOwnDraft } else { crate::auth::Action::DiscardAnyDraft };
            if !own && !state.may(right) {
                crate::app::update::complain(state, T::FixNotYourDraft.get(state.lang).to_string());
                return;
            }
            if !crate::app::rights::permit(state, right) {
                return;
            }
        }
    }
    // The box at the foot of the timeline says what it will do (see `ui::record`).
    state.status = None;
    if let Screen::Record(record) = &mut state.screen {
        record.asking = Some(Asking { of, reason: TextInput::new(""), submitting: false });
    }
}

/// The record of a participant, just read from the store.
pub fn loaded(state: &mut AppState, record: Record) -> Vec<Effect> {
    upsert(state, record.summary.clone());
    state.screen = Screen::Record(Box::new(record));
    // Read again after the idle lock dropped it: back where the person was.
    match state.resume.take() {
        Some(crate::app::state::Resume::Record { selected }) => {
            if let Screen::Record(record) = &mut state.screen {
                record.selected = selected.min(record.timeline.len().saturating_sub(1));
            }
            Vec::new()
        }
        Some(crate::app::state::Resume::History) => super::history::open(state),
        None => Vec::new(),
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let today = state.today;
    let Screen::Record(record) = &mut state.screen else { return Vec::new() };
    if record.asking.is_some() {
        return on_asking(state, action);
    }
    match action {
        Action::VoidOrDiscard => void_or_discard(state),
        Action::CorrectStage => super::stage::open_correction(state),
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
                correcting: None,
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
        Action::History => return super::history::open(state),
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
