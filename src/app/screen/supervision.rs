//! Supervision in the interface: the work lists of Home ("To review", "Returned", "Drafts"),
//! and the review panel of an interview opened from them (read-only, with the keys to approve,
//! return with a comment, unlock with a reason, or amend a returned one).
//!
//! The lists come from the store's review index (never a scan of the interviews) through
//! [`Effect::LoadWork`]; who sees which items is the policy's answer, asked here.

use chrono::{DateTime, Utc};

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::{Effect, complain};
use crate::auth::Action as Right;
use crate::i18n::T;
use crate::store::{Author, Id, Interview, Participant, QueueItem, Review, ReviewDecision, ReviewState};

/// How many lines of a review list are read: the oldest ones (the tab's count is the whole
/// number, kept by the store). A store of a million interviews from before supervision has
/// them all submitted; Home reads the first of them, not all.
pub const LIST_LIMIT: usize = 1_000;

/// What the store read for the work lists, before it is filtered for the account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkLists {
    pub to_review: Vec<QueueItem>,
    /// Returned interviews with the supervisor's comment.
    pub returned: Vec<(QueueItem, Option<String>)>,
    pub drafts: Vec<Interview>,
    /// How many interviews are in each review state.
    pub counts: crate::store::ReviewCounts,
}

/// One line of a work list.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkItem {
    pub interview: Id,
    pub participant: Id,
    pub name_ar: String,
    pub name_latin: String,
    pub file_number: String,
    pub form_id: String,
    /// When it entered the list (submitted, returned; for a draft: last saved).
    pub since: DateTime<Utc>,
    /// The supervisor's comment, for a returned interview.
    pub comment: Option<String>,
    /// Who took it (to review) or started it (a draft: whether discarding it is one's own or
    /// anyone's).
    pub author: Option<Author>,
}

/// The work lists as this account sees them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Work {
    pub loaded: bool,
    pub to_review: Vec<WorkItem>,
    pub returned: Vec<WorkItem>,
    pub drafts: Vec<WorkItem>,
    /// The numbers the tabs' titles show: (to review, returned), the whole lists' (the lists
    /// hold at most [`LIST_LIMIT`] lines).
    pub totals: (u64, u64),
}

/// Whether the logged-in account may do `right` (no complaint: for filtering lists).
fn may(state: &AppState, right: Right) -> bool {
    state.session.as_ref().is_some_and(|s| s.check(right).is_ok())
}

fn is_mine(state: &AppState, author: &Author) -> bool {
    match (author, state.session.as_ref()) {
        (Author::Account(id), Some(session)) => *id == session.account,
        _ => false,
    }
}

/// The lists just read: kept for Home, filtered for the account (supervisors see every
/// returned interview and every draft; an interviewer their own), names from the directory.
pub fn loaded(state: &mut AppState, lists: WorkLists) {
    let wanted: std::collections::HashSet<&Id> = lists
        .to_review
        .iter()
        .map(|q| &q.participant)
        .chain(lists.returned.iter().map(|(q, _)| &q.participant))
        .chain(lists.drafts.iter().map(|d| &d.participant_id))
        .collect();
    let names: std::collections::HashMap<&Id, (String, String, String)> = state
        .directory
        .iter()
        .filter(|s| wanted.contains(&s.participant.id))
        .map(|s| {
            let p = &s.participant;
            (&p.id, (p.name_ar.clone(), p.name_latin.clone(), p.file_number.clone()))
        })
        .collect();
    let item = |interview: &Id, participant: &Id, form: &str, since, comment: Option<String>| {
        let (name_ar, name_latin, file_number) = names.get(participant).cloned().unwrap_or_default();
        WorkItem {
            interview: interview.clone(),
            participant: participant.clone(),
            name_ar,
            name_latin,
            file_number,
            form_id: form.to_string(),
            since,
            comment,
            author: None,
        }
    };
    let sees_all = may(state, Right::Review);
    let sees_all_drafts = may(state, Right::ResumeAnyDraft);
    let to_review = if sees_all {
        lists
            .to_review
            .iter()
            .map(|q| WorkItem {
                author: Some(q.interviewer.clone()),
                ..item(&q.interview, &q.participant, "", q.since, None)
            })
            .collect()
    } else {
        Vec::new()
    };
    let returned: Vec<WorkItem> = lists
        .returned
        .iter()
        .filter(|(q, _)| sees_all || is_mine(state, &q.interviewer))
        .map(|(q, comment)| item(&q.interview, &q.participant, "", q.since, comment.clone()))
        .collect();
    let mut drafts: Vec<WorkItem> = lists
        .drafts
        .iter()
        .filter(|d| sees_all_drafts || is_mine(state, &d.interviewer))
        .map(|d| WorkItem {
            author: Some(d.interviewer.clone()),
            ..item(&d.id, &d.participant_id, &d.form_id, d.updated_at, None)
        })
        .collect();
    drafts.sort_by_key(|d| std::cmp::Reverse(d.since));
    let totals = if sees_all { (lists.counts.submitted, lists.counts.returned) } else { (0, returned.len() as u64) };
    state.work = Work { loaded: true, to_review, returned, drafts, totals };
    super::home::refresh_home(state);
}

/// The review panel of an interview opened from a work list.
#[derive(Clone, Debug)]
pub struct ReviewPanel {
    pub review: Review,
    /// How many versions the interview has (an amendment is made from the newest).
    pub versions: u32,
    /// The decision whose comment or reason is being typed.
    pub asking: Option<ReviewDecision>,
    pub comment: TextInput,
    pub submitting: bool,
}

impl ReviewPanel {
    pub fn new(review: Review, versions: u32) -> ReviewPanel {
        ReviewPanel { review, versions, asking: None, comment: TextInput::new(""), submitting: false }
    }
}

/// An interview opened from a work list, as the store read it.
#[derive(Clone, Debug)]
pub struct OpenedWork {
    pub participant: Participant,
    pub interview: Interview,
    pub review: Option<Review>,
    pub versions: u32,
}

/// A supervisor's decision to save.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRequest {
    pub interview: Id,
    pub decision: ReviewDecision,
    pub by: Author,
    pub comment: String,
}

/// Opens what a work list's Enter asked for: a draft is resumed (the policy decides whose), a
/// finalized interview shown read-only with its review panel.
pub fn opened(state: &mut AppState, opened: OpenedWork) -> Vec<Effect> {
    let OpenedWork { participant, interview, review, versions } = opened;
    let effects = super::wizard::open_interview(state, participant, interview);
    if let (Screen::Wizard(w), Some(review)) = (&mut state.screen, review)
        && w.read_only
    {
        w.review = Some(Box::new(ReviewPanel::new(review, versions)));
    }
    effects
}

/// The review panel's keys, before the read-only view's own; None: not a panel key.
pub fn on_action(state: &mut AppState, action: Action) -> Option<Vec<Effect>> {
    let lang = state.lang;
    let Screen::Wizard(w) = &mut state.screen else { return None };
    let panel = w.review.as_deref_mut()?;
    if let Some(decision) = panel.asking {
        match action {
            Action::Submit | Action::NextField => {
                if panel.submitting {
                    return Some(Vec::new());
                }
                let text = panel.comment.text().trim().to_string();
                if text.is_empty() {
                    let word =
                        if decision == ReviewDecision::Return { T::RevCommentRequired } else { T::CorrReasonRequired };
                    complain(state, word.get(lang).to_string());
                    return Some(Vec::new());
                }
                let Some(by) = state.session.as_ref().map(|s| Author::Account(s.account.clone())) else {
                    return Some(Vec::new());
                };
                panel.submitting = true;
                let interview = panel.review.interview.clone();
                return Some(vec![Effect::Review(Box::new(ReviewRequest { interview, decision, by, comment: text }))]);
            }
            Action::Back => {
                panel.asking = None;
                panel.comment = TextInput::new("");
            }
            _ => {}
        }
        return Some(Vec::new());
    }
    let state_now = panel.review.state;
    match action {
        Action::Approve | Action::ReturnInterview => {
            if !crate::app::rights::permit(state, Right::Review) {
                return Some(Vec::new());
            }
            let Screen::Wizard(w) = &mut state.screen else { return None };
            let panel = w.review.as_deref_mut()?;
            if state_now != ReviewState::Submitted {
                let text = T::RevWrongState.fill(lang, &[("state", state_now.word().get(lang))]);
                complain(state, text);
                return Some(Vec::new());
            }
            if is_mine_review(&panel.review, state.session.as_ref()) {
                complain(state, T::RevOwnInterview.get(lang).to_string());
                return Some(Vec::new());
            }
            if action == Action::ReturnInterview {
                panel.asking = Some(ReviewDecision::Return);
                return Some(Vec::new());
            }
            let Some(by) = state.session.as_ref().map(|s| Author::Account(s.account.clone())) else {
                return Some(Vec::new());
            };
            panel.submitting = true;
            let interview = panel.review.interview.clone();
            Some(vec![Effect::Review(Box::new(ReviewRequest {
                interview,
                decision: ReviewDecision::Approve,
                by,
                comment: String::new(),
            }))])
        }
        Action::UnlockInterview => {
            if !crate::app::rights::permit(state, Right::UnlockInterview) {
                return Some(Vec::new());
            }
            let Screen::Wizard(w) = &mut state.screen else { return None };
            let panel = w.review.as_deref_mut()?;
            if state_now != ReviewState::Approved {
                let text = T::RevWrongState.fill(lang, &[("state", state_now.word().get(lang))]);
                complain(state, text);
                return Some(Vec::new());
            }
            panel.asking = Some(ReviewDecision::Unlock);
            Some(Vec::new())
        }
        Action::AmendInterview => {
            if !crate::app::rights::permit(state, Right::AmendInterview) {
                return Some(Vec::new());
            }
            if state_now.is_locked() {
                complain(state, T::RevLocked.get(lang).to_string());
                return Some(Vec::new());
            }
            let Screen::Wizard(w) = &state.screen else { return None };
            let based_on = w.review.as_ref().map_or(1, |p| p.versions);
            let (participant, interview) = (w.participant.clone(), w.interview.clone());
            Some(super::wizard::open_amendment(state, participant, interview, based_on))
        }
        _ => None,
    }
}

fn is_mine_review(review: &Review, session: Option<&crate::auth::Session>) -> bool {
    match (&review.interviewer, session) {
        (Author::Account(id), Some(session)) => *id == session.account,
        _ => false,
    }
}

/// A decision saved: said on the status line, and back to Home with the lists read again.
pub fn reviewed(state: &mut AppState, review: Review) -> Vec<Effect> {
    let word = match review.state {
        ReviewState::Approved => T::RevDoneApproved,
        ReviewState::Returned => T::RevDoneReturned,
        ReviewState::Unlocked => T::RevDoneUnlocked,
        ReviewState::Submitted => T::RevStateSubmitted,
    };
    let mut effects = super::home::go_home(state);
    crate::app::update::say_text(state, word.get(state.lang).to_string());
    effects.push(Effect::LoadWork);
    effects
}

/// A decision refused by the store: the panel may be used again.
pub fn refused(state: &mut AppState) {
    if let Screen::Wizard(w) = &mut state.screen
        && let Some(panel) = &mut w.review
    {
        panel.submitting = false;
    }
}
