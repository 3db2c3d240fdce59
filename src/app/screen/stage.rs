//! The change of stage, over a participant's record: the new stage, the date it took effect
//! and why. The stage and date rules are the domain's, asked here before the store asks them
//! again.

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
}

impl StageForm {
    /// Whether a date or a reason was typed, which quitting would lose: the date offered is
    /// `today`'s, the reason starts empty.
    pub fn is_dirty(&self, today: NaiveDate) -> bool {
        !self.reason.is_empty() || self.date.text().trim() != crate::form::format_date(today)
    }
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
    if matches!(action, Action::NextField | Action::Submit)
        && !crate::app::rights::permit(state, crate::auth::Action::ChangeStage)
    {
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
            let summary = &form.record.summary;
            let stage = Stage::ALL[form.stage];
            let date = parse_date(form.date.text());
            // The stage and date rules are the domain's (the store asks the same); the screen
            // adds only that the date is readable and a reason given.
            let refusal = match date {
                None if stage == summary.stage => Some((StageFocus::Stage, StageRefusal::SameStage.refusal())),
                None => Some((StageFocus::Date, crate::form::date_refusal(form.date.text()))),
                Some(d) => match stage::check(summary.stage, summary.stage_since, stage, d, today) {
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
    }
}
