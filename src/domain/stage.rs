//! Where a participant is in the programme, and which changes of stage are allowed: written
//! once, asked by the change-of-stage screen, by the store before it records a change, and by
//! anything else that changes a stage (a finalized closure interview).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::limits::earliest_date;
use crate::form::{Refusal, format_date};
use crate::i18n::T;

/// Where a participant is in the programme. Changes are recorded as stage events in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Intake,
    InProgramme,
    Released,
    Aftercare,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Intake, Stage::InProgramme, Stage::Released, Stage::Aftercare, Stage::Closed];
}

/// Why a change of stage is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageRefusal {
    /// The participant is already at that stage.
    SameStage,
    /// The change is dated after today.
    InFuture,
    /// The change is dated before the current stage began (the date it began).
    BeforeCurrent(NaiveDate),
    /// The change is dated before [`earliest_date`].
    TooEarly,
}

impl StageRefusal {
    /// The message for the interviewer, from the catalog.
    pub fn refusal(self) -> Refusal {
        match self {
            StageRefusal::SameStage => Refusal::new(T::ErrStageSame),
            StageRefusal::InFuture => Refusal::new(T::ErrDateFuture),
            StageRefusal::BeforeCurrent(since) => Refusal::with(T::ErrStageBefore, vec![("date", format_date(since))]),
            StageRefusal::TooEarly => Refusal::with(T::ErrDateTooEarly, vec![("date", format_date(earliest_date()))]),
        }
    }

    /// Whether the refusal is about the stage chosen (else it is about the date).
    pub fn is_about_stage(self) -> bool {
        self == StageRefusal::SameStage
    }
}

impl std::fmt::Display for StageRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.refusal().text(crate::i18n::Lang::En))
    }
}

/// Whether a participant at stage `current` since `since` may move to `to` on `date`: to
/// another stage, on a date from the day the current stage began up to `today`.
pub fn check(
    current: Stage,
    since: NaiveDate,
    to: Stage,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), StageRefusal> {
    if to == current {
        return Err(StageRefusal::SameStage);
    }
    if date > today {
        return Err(StageRefusal::InFuture);
    }
    if date < earliest_date() {
        return Err(StageRefusal::TooEarly);
    }
    if date < since {
        return Err(StageRefusal::BeforeCurrent(since));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_change_goes_elsewhere_between_the_current_stage_and_today() {
        let (since, today) = (day(2026, 1, 1), day(2026, 12, 1));
        assert_eq!(check(Stage::Intake, since, Stage::InProgramme, day(2026, 2, 1), today), Ok(()));
        assert_eq!(check(Stage::Intake, since, Stage::InProgramme, since, today), Ok(()));
        assert_eq!(check(Stage::Intake, since, Stage::Intake, since, today), Err(StageRefusal::SameStage));
        assert_eq!(check(Stage::Intake, since, Stage::Closed, day(2027, 1, 1), today), Err(StageRefusal::InFuture));
        assert_eq!(
            check(Stage::Intake, since, Stage::Closed, day(2025, 1, 1), today),
            Err(StageRefusal::BeforeCurrent(since))
        );
        assert_eq!(check(Stage::Intake, day(1, 1, 1), Stage::Closed, day(1, 1, 2), today), Err(StageRefusal::TooEarly));
    }
}
