//! The change of stage, over a participant's record: the new stage, the date it took effect
//! and why. The stage and date rules are the domain's, asked here before the store asks them
//! again.
//!
//! The same form corrects a stage change (supervisors, `c` on its line of the record): it
//! starts from that change, its rules are judged from the stage before it, and once it is valid
//! the reason of the correction is asked; the store then voids the old change and records the
//! corrected one in one transaction ([`crate::store::Store::correct_stage`]).

use chrono::{NaiveDate, Utc};

use super::record::{self, Record};
use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::Screen;
use crate::app::update::Effect;
use crate::domain::{StageRefusal, stage};
use crate::form::{Refusal, parse_date};
use crate::i18n::T;
use crate::store::{Id, RECORD_FORMAT, Stage, StageEvent};

/// The change-of-stage form, over a participant's record.
pub struct StageForm {
    pub record: Record,
    /// Index into [`Stage::ALL`].
    pub stage: usize,
    pub date: TextInput,
    pub reason: TextInput,
    pub focus: StageFocus,
    pub error: Option<Refusal>,
    /// The stage change being corrected, when the form corrects one.
    pub correcting: Option<Box<StageFix>>,
}

/// A stage change being corrected: the form started from it, and its rules are judged from the
/// stage before it (as if it were voided).
pub struct StageFix {
    /// The change corrected, as stored.
    pub old: StageEvent,
    /// The stage the old change started from, and since when: the last change counted before
    /// it, or intake since the entry date.
    pub from: Stage,
    pub since: NaiveDate,
    /// Whether the reason of the correction is being asked (the form is valid).
    pub asking: bool,
    pub reason: TextInput,
    /// Sent to the store, waiting for its answer.
    pub submitting: bool,
}

/// A stage change corrected, as sent to the store.
#[derive(Clone, Debug, PartialEq)]
pub struct StageCorrection {
    pub participant: Id,
    /// The change corrected.
    pub old: Id,
    /// Its corrected stage, date and note (the store gives it its id, `from` and author).
    pub corrected: StageEvent,
    pub by: crate::store::Author,
    pub reason: String,
}

impl StageForm {
    /// Whether a date or a reason was typed, which quitting would lose: the date offered is
    /// `today`'s, the reason starts empty; a correction, whether anything differs from the
    /// change it started from.
    pub fn is_dirty(&self, today: NaiveDate) -> bool {
        if let Some(fix) = &self.correcting {
            return Stage::ALL.get(self.stage) != Some(&fix.old.stage)
                || self.date.text().trim() != crate::form::format_date(fix.old.date)
                || self.reason.text().trim() != fix.old.reason.trim()
                || !fix.reason.is_empty();
        }
        !self.reason.is_empty() || self.date.text().trim() != crate::form::format_date(today)
    }

    /// The stage the change starts from, and since when: the participant's current stage, or,
    /// for a correction, the stage before the change corrected.
    fn current(&self) -> (Stage, NaiveDate) {
        match &self.correcting {
            Some(fix) => (fix.from, fix.since),
            None => (self.record.summary.stage, self.record.summary.stage_since),
        }
    }
}

/// `c` on a stage change of the record (supervisors): the form, started from that change.
/// A voided change cannot be corrected; one that others depend on can, but only its date and
/// note (the store says so if the stage is changed).
pub fn open_correction(state: &mut AppState) {
    if !crate::app::rights::permit(state, crate::auth::Action::CorrectStage) {
        return;
    }
    let Screen::Record(record) = &state.screen else { return };
    let Some(record::Entry::Stage(i)) = record.timeline.get(record.selected).copied() else {
        crate::app::update::complain(state, T::StageFixSelect.get(state.lang).to_string());
        return;
    };
    if record.is_voided(i) {
        crate::app::update::complain(state, T::FixAlreadyVoided.get(state.lang).to_string());
        return;
    }
    let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Default::default())) else {
        return;
    };
    let old = record.stages[i].clone();
    let before = record.stages[..i].iter().enumerate().rev().find(|(j, _)| !record.is_voided(*j)).map(|(_, e)| e);
    let (from, since) = before.map_or((Stage::Intake, record.participant.entry_date), |e| (e.stage, e.date));
    let date = crate::form::format_date(old.date);
    state.screen = Screen::StageChange(Box::new(StageForm {
        stage: Stage::ALL.iter().position(|s| *s == old.stage).unwrap_or(0),
        date: TextInput::with_dir(&date, crate::text::Dir::Ltr),
        reason: TextInput::new(&old.reason),
        focus: StageFocus::Stage,
        error: None,
        correcting: Some(Box::new(StageFix {
            old,
            from,
            since,
            asking: false,
            reason: TextInput::new(""),
            submitting: false,
        })),
        record: *record,
    }));
}

/// The keys while the reason of a correction is asked: the key that saves sends it (an empty
/// reason refused here, nothing sent); Esc goes back to the form, nothing written.
fn on_asking(state: &mut AppState, action: Action) -> Vec<Effect> {
    let author = state.author();
    let lang = state.lang;
    let Screen::StageChange(form) = &mut state.screen else { return Vec::new() };
    let stage = Stage::ALL[form.stage];
    let date = parse_date(form.date.text());
    let note = form.reason.text().trim().to_string();
    let participant = form.record.participant.id.clone();
    let Some(fix) = &mut form.correcting else { return Vec::new() };
    match action {
        Action::Back => fix.asking = false,
        Action::Submit if !fix.submitting => {
            let reason = fix.reason.text().trim().to_string();
            if reason.is_empty() {
                crate::app::update::complain(state, T::CorrReasonRequired.get(lang).to_string());
                return Vec::new();
            }
            let (Some(by), Some(date)) = (author, date) else { return Vec::new() };
            fix.submitting = true;
            let corrected = StageEvent {
                format: RECORD_FORMAT,
                id: Id::new_random(),
                participant_id: participant.clone(),
                from: fix.from,
                stage,
                date,
                reason: note,
                interviewer: by.clone(),
                recorded_at: Utc::now(),
            };
            let old = fix.old.id.clone();
            return vec![Effect::CorrectStage(Box::new(StageCorrection { participant, old, corrected, by, reason }))];
        }
        _ => {}
    }
    Vec::new()
}

/// The part of the change-of-stage form the keys go to, in screen order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageFocus {
    /// The list of stages.
    Stage,
    /// The date the change took effect.
    Date,
    /// Why the stage changes.
    Reason,
}

impl StageFocus {
    /// The part after this one; the last stays.
    pub fn next(self) -> StageFocus {
        match self {
            StageFocus::Stage => StageFocus::Date,
            StageFocus::Date | StageFocus::Reason => StageFocus::Reason,
        }
    }

    /// The part before this one; the first stays.
    pub fn prev(self) -> StageFocus {
        match self {
            StageFocus::Stage | StageFocus::Date => StageFocus::Stage,
            StageFocus::Reason => StageFocus::Date,
        }
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let correcting = matches!(&state.screen, Screen::StageChange(f) if f.correcting.is_some());
    if matches!(&state.screen, Screen::StageChange(f) if f.correcting.as_ref().is_some_and(|c| c.asking)) {
        return on_asking(state, action);
    }
    let right = if correcting { crate::auth::Action::CorrectStage } else { crate::auth::Action::ChangeStage };
    if matches!(action, Action::NextField | Action::Submit) && !crate::app::rights::permit(state, right) {
        return Vec::new();
    }
    let (today, author) = (state.today, state.author());
    let Screen::StageChange(form) = &mut state.screen else { return Vec::new() };
    match action {
        Action::Up | Action::Left if form.focus == StageFocus::Stage => form.stage = form.stage.saturating_sub(1),
        Action::Down | Action::Right if form.focus == StageFocus::Stage => {
            form.stage = (form.stage + 1).min(Stage::ALL.len() - 1)
        }
        Action::Pick(k) if form.focus == StageFocus::Stage && (1..=Stage::ALL.len()).contains(&(k as usize)) => {
            form.stage = k as usize - 1
        }
        Action::NextField if form.focus != StageFocus::Reason => form.focus = form.focus.next(),
        Action::PrevField => form.focus = form.focus.prev(),
        Action::NextField | Action::Submit => {
            let (current, since) = form.current();
            let summary = &form.record.summary;
            let stage = Stage::ALL[form.stage];
            let date = parse_date(form.date.text());
            // The stage and date rules are the domain's (the store asks the same); the screen
            // adds only that the date is readable and a reason given.
            let refusal = match date {
                None if stage == current => Some((StageFocus::Stage, StageRefusal::SameStage.refusal())),
                None => Some((StageFocus::Date, crate::form::date_refusal(form.date.text()))),
                Some(d) => match stage::check(current, since, stage, d, today) {
                    Err(r) => {
                        Some((if r.is_about_stage() { StageFocus::Stage } else { StageFocus::Date }, r.refusal()))
                    }
                    Ok(()) if form.reason.is_empty() => Some((StageFocus::Reason, Refusal::new(T::ErrRequired))),
                    Ok(()) => None,
                },
            };
            if let Some((focus, refusal)) = refusal {
                form.focus = focus;
                form.error = Some(refusal);
                return Vec::new();
            }
            // A correction: once valid, and changing something, its reason is asked.
            if let Some(fix) = &mut form.correcting {
                let note = form.reason.text().trim();
                if stage == fix.old.stage && date == Some(fix.old.date) && note == fix.old.reason.trim() {
                    form.error = Some(Refusal::new(T::CorrNoChange));
                    return Vec::new();
                }
                fix.asking = true;
                return Vec::new();
            }
            let Some(interviewer) = author else {
                let text = T::AuthorNoSession.get(state.lang).to_string();
                crate::app::update::complain(state, text);
                return Vec::new();
            };
            let event = StageEvent {
                format: RECORD_FORMAT,
                id: Id::new_random(),
                participant_id: summary.participant.id.clone(),
                from: summary.stage,
                stage,
                date: date.unwrap_or(today),
                reason: form.reason.text().trim().to_string(),
                interviewer,
                recorded_at: Utc::now(),
            };
            return vec![Effect::RecordStage(Box::new(event))];
        }
        Action::Back => record::back_to_record(state),
        _ => {}
    }
    Vec::new()
}

/// The store refused the change (the stage or its date): the focus goes to what is wrong.
pub fn refused(state: &mut AppState, reason: StageRefusal) {
    if let Screen::StageChange(form) = &mut state.screen {
        form.focus = if reason.is_about_stage() { StageFocus::Stage } else { StageFocus::Date };
        form.error = Some(reason.refusal());
        if let Some(fix) = &mut form.correcting {
            fix.asking = false;
            fix.submitting = false;
        }
    }
}

/// The store refused a correction (a stage others depend on, a date past the next change…):
/// back to the form, its reason kept, the refusal under it.
pub fn correction_refused(state: &mut AppState, refusal: &crate::store::CorrectionRefusal) -> bool {
    let lang = state.lang;
    let Screen::StageChange(form) = &mut state.screen else { return false };
    let Some(fix) = &mut form.correcting else { return false };
    fix.asking = false;
    fix.submitting = false;
    // In the interface's language of the moment (the refusal carries its arguments).
    form.error = Some(Refusal::Plain(refusal.text(lang)));
    true
}
