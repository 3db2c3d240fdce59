//! The participant side of `update`: the home lists (all, overdue, due this week) searched as
//! you type, the record with its timeline of stages and interviews, the change-of-stage form,
//! the progress charts and the dashboard. Pure, like the rest of `update`.

use chrono::Utc;

use super::msg::Action;
use super::screen::home::{Home, upsert};
use super::state::{AppState, Entry, Overlay, Record, Screen, StageForm};
use super::update::Effect;
use crate::domain::{StageRefusal, stage};
use crate::form::{Refusal, parse_date};
use crate::i18n::T;
use crate::store::{Id, RECORD_FORMAT, Stage, StageEvent};

/// The record of a participant, just read from the store.
pub fn record_loaded(state: &mut AppState, record: Record) {
    upsert(state, record.summary.clone());
    state.screen = Screen::Record(Box::new(record));
}

pub fn on_record(state: &mut AppState, action: Action) -> Vec<Effect> {
    let today = state.today;
    let Screen::Record(record) = &mut state.screen else { return Vec::new() };
    match action {
        Action::Up => record.selected = record.selected.saturating_sub(1),
        Action::Down => record.selected = (record.selected + 1).min(record.timeline.len().saturating_sub(1)),
        Action::Back => return super::screen::home::go_home(state),
        Action::NewInterview => state.overlay = Some(Overlay::PickForm { selected: 0 }),
        Action::ChangeStage => {
            let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Home::default())) else {
                return Vec::new();
            };
            let current = Stage::ALL.iter().position(|s| *s == record.summary.stage).unwrap_or(0);
            let next = (current + 1).min(Stage::ALL.len() - 1);
            let date = crate::form::format_date(today);
            state.screen = Screen::StageChange(Box::new(StageForm {
                record: *record,
                stage: next,
                date: super::TextInput::with_dir(&date, crate::text::Dir::Ltr),
                reason: super::TextInput::new(""),
                focus: 0,
                error: None,
            }));
        }
        Action::Progress => {
            let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Home::default())) else {
                return Vec::new();
            };
            state.screen = Screen::Progress(Box::new(super::screen::progress::Progress { record: *record, axis: 0 }));
        }
        Action::Open => {
            if let Some(Entry::Interview(i)) = record.timeline.get(record.selected).copied() {
                let interview = record.interviews[i].clone();
                let participant = record.participant().clone();
                return super::update::open_interview(state, participant, interview);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Back from a screen over a record to the record itself.
pub fn back_to_record(state: &mut AppState) {
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

pub fn on_stage(state: &mut AppState, action: Action) -> Vec<Effect> {
    let (today, interviewer) = (state.today, state.interviewer.clone());
    let Screen::StageChange(form) = &mut state.screen else { return Vec::new() };
    match action {
        Action::Up | Action::Left if form.focus == 0 => form.stage = form.stage.saturating_sub(1),
        Action::Down | Action::Right if form.focus == 0 => form.stage = (form.stage + 1).min(Stage::ALL.len() - 1),
        Action::Pick(k) if form.focus == 0 && (1..=Stage::ALL.len()).contains(&(k as usize)) => {
            form.stage = k as usize - 1
        }
        Action::NextField if form.focus < 2 => form.focus += 1,
        Action::PrevField => form.focus = form.focus.saturating_sub(1),
        Action::NextField | Action::Submit => {
            let summary = &form.record.summary;
            let stage = Stage::ALL[form.stage];
            let date = parse_date(form.date.text());
            // The stage and date rules are the domain's (the store asks the same); the screen
            // adds only that the date is readable and a reason given.
            let refusal = match date {
                None if stage == summary.stage => Some((0, StageRefusal::SameStage.refusal())),
                None => Some((1, crate::form::date_refusal(form.date.text()))),
                Some(d) => match stage::check(summary.stage, summary.stage_since, stage, d, today) {
                    Err(r) => Some((if r.is_about_stage() { 0 } else { 1 }, r.refusal())),
                    Ok(()) if form.reason.is_empty() => Some((2, Refusal::new(T::ErrRequired))),
                    Ok(()) => None,
                },
            };
            if let Some((focus, refusal)) = refusal {
                form.focus = focus;
                form.error = Some(refusal);
                return Vec::new();
            }
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
        Action::Back => back_to_record(state),
        _ => {}
    }
    Vec::new()
}
