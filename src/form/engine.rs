//! The form engine: applies a [`FormDef`] to the answers of an interview. It says which
//! questions are asked (relevance), whether an answer is acceptable (limits, constraints),
//! computes calculated fields, lists what stands in the way of finalizing, and removes the
//! answers of questions that turned out not to apply. Pure functions over the answers.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::condition::{Env, Value};
use super::{Answers, CalcType, DateLimit, FieldKind, FormDef, Initial, Refusal, Section, format_date};
use crate::i18n::{Lang, T};
use crate::store::{Answer, Stage, StageEvent};

/// Where a question is: its section, the item of a repeat group, and its index in the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub section: usize,
    /// The item of a repeat group; None outside repeat groups.
    pub item: Option<usize>,
    pub field: usize,
}

/// Something that prevents finalizing, as the review page lists it.
#[derive(Clone, Debug, PartialEq)]
pub enum Issue {
    /// A required question without an answer.
    Missing(Place),
    /// An answer that breaks a limit or a constraint (perhaps since another answer changed).
    Invalid(Place, Refusal),
    /// A repeat group with fewer items than its minimum.
    TooFew {
        section: usize,
        min: usize,
    },
    TooMany {
        section: usize,
        max: usize,
    },
}

impl Issue {
    /// The question to go to in order to fix it.
    pub fn place(&self) -> Place {
        match self {
            Issue::Missing(p) | Issue::Invalid(p, _) => *p,
            Issue::TooFew { section, .. } | Issue::TooMany { section, .. } => {
                Place { section: *section, item: None, field: 0 }
            }
        }
    }
}

/// The value of an answer as conditions see it.
pub fn value_of(answer: Option<&Answer>) -> Value {
    match answer {
        None => Value::Null,
        Some(Answer::Text(t)) => Value::Text(t.clone()),
        Some(Answer::Integer(i) | Answer::Scale(i)) => Value::Integer(*i),
        Some(Answer::Decimal(d)) => Value::Decimal(*d),
        Some(Answer::Date(d)) => Value::Date(*d),
        Some(Answer::Choice(c)) => Value::Text(c.clone()),
        Some(Answer::Choices(c)) => Value::Choices(c.clone()),
        Some(Answer::YesNo(b)) => Value::Bool(*b),
        Some(Answer::Repeat(items)) => Value::Count(items.len()),
    }
}

/// The items of repeat group `section` (empty when it has none yet).
pub fn items<'a>(form: &FormDef, answers: &'a Answers, section: usize) -> &'a [Answers] {
    match form.sections.get(section).and_then(|s| answers.get(&s.id)) {
        Some(Answer::Repeat(items)) => items,
        _ => &[],
    }
}

/// The answers a question's place lives in: the interview's, or its repeat item's.
fn scope<'a>(form: &FormDef, answers: &'a Answers, place: Place) -> Option<&'a Answers> {
    match place.item {
        None => Some(answers),
        Some(i) => items(form, answers, place.section).get(i),
    }
}

pub fn get<'a>(form: &FormDef, answers: &'a Answers, place: Place) -> Option<&'a Answer> {
    let field = form.sections.get(place.section)?.fields.get(place.field)?;
    scope(form, answers, place)?.get(&field.id)
}

/// Sets (or with None, removes) the answer at `place`. Returns whether anything changed.
pub fn set(form: &FormDef, answers: &mut Answers, place: Place, answer: Option<Answer>) -> bool {
    let Some(section) = form.sections.get(place.section) else { return false };
    let Some(field) = section.fields.get(place.field) else { return false };
    let target = match place.item {
        None => answers,
        Some(i) => match answers.get_mut(&section.id) {
            Some(Answer::Repeat(items)) => match items.get_mut(i) {
                Some(item) => item,
                None => return false,
            },
            _ => return false,
        },
    };
    match answer {
        // An answer of another type than the question takes is never stored.
        Some(a) if !super::answer::fits(&field.kind, &a) => false,
        Some(a) => target.insert(field.id.clone(), a.clone()) != Some(a),
        None => target.remove(&field.id).is_some(),
    }
}

/// Adds an item (with its defaults) to repeat group `section`; returns its index, or None at
/// the group's maximum.
pub fn add_item(form: &FormDef, answers: &mut Answers, section: usize, today: NaiveDate) -> Option<usize> {
    let sec = form.sections.get(section)?;
    let max = sec.repeat?.max;
    let entry = answers.entry(sec.id.clone()).or_insert_with(|| Answer::Repeat(Vec::new()));
    let Answer::Repeat(list) = entry else { return None };
    if list.len() >= max {
        return None;
    }
    list.push(initial_item(sec, today));
    Some(list.len() - 1)
}

/// Removes item `item` of repeat group `section`.
pub fn remove_item(form: &FormDef, answers: &mut Answers, section: usize, item: usize) -> bool {
    let Some(sec) = form.sections.get(section) else { return false };
    match answers.get_mut(&sec.id) {
        Some(Answer::Repeat(list)) if item < list.len() => {
            list.remove(item);
            true
        }
        _ => false,
    }
}

/// What `${name}`, `.` and `today()` mean for a condition asked at one place.
struct Scope<'a> {
    form: &'a FormDef,
    answers: &'a Answers,
    /// The repeat item the condition is in, with its section.
    item: Option<(usize, &'a Answers)>,
    current: Option<&'a Answer>,
    today: NaiveDate,
}

impl Env for Scope<'_> {
    fn value(&self, field: &str) -> Value {
        if let Some((section, item)) = self.item
            && self.form.sections[section].fields.iter().any(|f| f.id == field)
        {
            return value_of(item.get(field));
        }
        value_of(self.answers.get(field))
    }

    fn current(&self) -> Value {
        value_of(self.current)
    }

    fn today(&self) -> NaiveDate {
        self.today
    }
}

fn env<'a>(
    form: &'a FormDef,
    answers: &'a Answers,
    section: usize,
    item: Option<usize>,
    current: Option<&'a Answer>,
    today: NaiveDate,
) -> Scope<'a> {
    let item = item.and_then(|i| items(form, answers, section).get(i)).map(|a| (section, a));
    Scope { form, answers, item, current, today }
}

/// Whether section `s` (for item `item` of a repeat group) is asked.
pub fn section_relevant(form: &FormDef, answers: &Answers, s: usize, today: NaiveDate) -> bool {
    let Some(section) = form.sections.get(s) else { return false };
    section.relevant.as_ref().is_none_or(|expr| expr.eval_bool(&env(form, answers, s, None, None, today)))
}

/// Whether the question at `place` is asked: its section is, and its own condition holds.
pub fn relevant(form: &FormDef, answers: &Answers, place: Place, today: NaiveDate) -> bool {
    if !section_relevant(form, answers, place.section, today) {
        return false;
    }
    let Some(field) = form.sections[place.section].fields.get(place.field) else { return false };
    field
        .relevant
        .as_ref()
        .is_none_or(|expr| expr.eval_bool(&env(form, answers, place.section, place.item, None, today)))
}

/// Checks `answer` for the question at `place`: that it is of the question's type, then the
/// kind's limits and the field's constraint (with the other answers as they are). Whether it
/// is required is not checked here. Used on what the interviewer enters and, through
/// [`issues`], on every stored answer (defaults and drafts made under an older form too).
pub fn check(
    form: &FormDef,
    answers: &Answers,
    place: Place,
    answer: Option<&Answer>,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let Some(field) = form.sections.get(place.section).and_then(|s| s.fields.get(place.field)) else { return Ok(()) };
    let Some(answer) = answer else { return Ok(()) };
    if !super::answer::fits(&field.kind, answer) {
        return Err(Refusal::new(T::ErrWrongKind));
    }
    super::answer::limits(field, answer)?;
    match (&field.kind, answer) {
        (FieldKind::Date { min, max }, Answer::Date(d)) => {
            if let Some(limit) = min.map(|l| l.resolve(today))
                && *d < limit
            {
                return Err(Refusal::with(T::ErrDateBefore, vec![("date", format_date(limit))]));
            }
            if let Some(limit) = max.map(|l| l.resolve(today))
                && *d > limit
            {
                let message = if matches!(max, Some(DateLimit::Today)) { T::ErrDateFuture } else { T::ErrDateAfter };
                return Err(Refusal::with(message, vec![("date", format_date(limit))]));
            }
        }
        (FieldKind::Multiple { min, max, .. }, Answer::Choices(values)) => {
            if let Some(m) = min
                && values.len() < *m
            {
                return Err(Refusal::with(T::ErrTooFewTicked, vec![("n", m.to_string())]));
            }
            if let Some(m) = max
                && values.len() > *m
            {
                return Err(Refusal::with(T::ErrTooManyTicked, vec![("n", m.to_string())]));
            }
        }
        // Every other kind's limits need nothing but the answer (`answer::limits`, above).
        (
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. },
            _,
        ) => {}
    }
    if let Some((expr, message)) = &field.constraint {
        let scope = env(form, answers, place.section, place.item, Some(answer), today);
        if !expr.eval_bool(&scope) {
            return Err(Refusal::Form(message.clone()));
        }
    }
    Ok(())
}

/// The value of a calculated field as an answer of its type.
fn calculated_answer(value: Value, ty: CalcType) -> Option<Answer> {
    match (ty, value) {
        (CalcType::Integer, Value::Integer(i)) => Some(Answer::Integer(i)),
        (CalcType::Integer, Value::Decimal(d)) if d.is_finite() => Some(Answer::Integer(d.trunc() as i64)),
        (CalcType::Integer, Value::Count(n)) => Some(Answer::Integer(n as i64)),
        (CalcType::Decimal, Value::Decimal(d)) if d.is_finite() => Some(Answer::Decimal(d)),
        (CalcType::Decimal, Value::Integer(i)) => Some(Answer::Decimal(i as f64)),
        (CalcType::Text, Value::Text(t)) => Some(Answer::Text(t)),
        (CalcType::Date, Value::Date(d)) => Some(Answer::Date(d)),
        (CalcType::YesNo, Value::Bool(b)) => Some(Answer::YesNo(b)),
        _ => None,
    }
}

/// Recomputes every calculated field, inside repeat items too. Calculated fields may depend on
/// each other (never in a circle: the loader refuses that), so this repeats until nothing
/// changes, at most once per calculated field.
pub fn calculate(form: &FormDef, answers: &mut Answers, today: NaiveDate) {
    let calculated: Vec<(usize, usize)> = form
        .fields()
        .filter(|(_, _, f)| matches!(f.kind, FieldKind::Calculated { .. }))
        .map(|(s, f, _)| (s, f))
        .collect();
    for _ in 0..=calculated.len() {
        let mut changed = false;
        for &(s, f) in &calculated {
            let FieldKind::Calculated { expr, ty } = &form.sections[s].fields[f].kind else { continue };
            let places: Vec<Place> = match form.sections[s].repeat {
                None => vec![Place { section: s, item: None, field: f }],
                Some(_) => {
                    (0..items(form, answers, s).len()).map(|i| Place { section: s, item: Some(i), field: f }).collect()
                }
            };
            for place in places {
                let value = expr.eval(&env(form, answers, s, place.item, None, today));
                changed |= set(form, answers, place, calculated_answer(value, *ty));
            }
        }
        if !changed {
            break;
        }
    }
}

/// Every place of the form, repeat items expanded, in order.
pub fn places(form: &FormDef, answers: &Answers) -> Vec<Place> {
    let mut out = Vec::new();
    for (s, section) in form.sections.iter().enumerate() {
        let item_list: Vec<Option<usize>> = match section.repeat {
            None => vec![None],
            Some(_) => (0..items(form, answers, s).len()).map(Some).collect(),
        };
        for item in item_list {
            out.extend((0..section.fields.len()).map(|field| Place { section: s, item, field }));
        }
    }
    out
}

/// What stands in the way of finalizing: required questions unanswered, answers that break a
/// limit or constraint, repeat groups with too few or too many items. Only questions that are
/// asked count, judged on the [`effective`] answers: exactly what finalizing would keep.
pub fn issues(form: &FormDef, answers: &Answers, today: NaiveDate) -> Vec<Issue> {
    let answers = &effective(form, answers, today);
    let mut found = Vec::new();
    for (s, section) in form.sections.iter().enumerate() {
        if let Some(repeat) = section.repeat
            && section_relevant(form, answers, s, today)
        {
            let n = items(form, answers, s).len();
            if n < repeat.min {
                found.push(Issue::TooFew { section: s, min: repeat.min });
            }
            if n > repeat.max {
                found.push(Issue::TooMany { section: s, max: repeat.max });
            }
        }
    }
    for place in places(form, answers) {
        let field = &form.sections[place.section].fields[place.field];
        if !field.kind.is_answered() || !relevant(form, answers, place, today) {
            continue;
        }
        match get(form, answers, place) {
            None if field.required => found.push(Issue::Missing(place)),
            None => {}
            Some(answer) => {
                if let Err(refusal) = check(form, answers, place, Some(answer), today) {
                    found.push(Issue::Invalid(place, refusal));
                }
            }
        }
    }
    found.sort_by_key(|i| {
        let p = i.place();
        (p.section, p.item, p.field)
    });
    found
}

/// Whether every answer `answers` holds, taken with form version `old`, fits version `new`
/// unchanged: each is stored under a field id that `new` has too, in the same place (at the top
/// level, or in the items of a repeat group of the same id, no more items than the group's
/// maximum), the field is of the same kind in both versions, and the answer passes the new
/// field's checks ([`check`], the other answers as they are). Then a draft can move to `new`
/// without a single answer changing (see "Versions" in docs/forms.md).
pub fn answers_fit(old: &FormDef, new: &FormDef, answers: &Answers, today: NaiveDate) -> bool {
    let same_kind = |id: &str, field: &super::Field| {
        old.field(id).is_some_and(|o| std::mem::discriminant(&o.kind) == std::mem::discriminant(&field.kind))
    };
    // The place of field `id` in section `s` of `new`, if it is there.
    let place_in = |s: usize, item: Option<usize>, id: &str| {
        let field = new.sections[s].fields.iter().position(|f| f.id == id)?;
        Some((Place { section: s, item, field }, &new.sections[s].fields[field]))
    };
    let fits = |place: Place, field: &super::Field, answer: &Answer| {
        same_kind(&field.id, field) && check(new, answers, place, Some(answer), today).is_ok()
    };
    answers.iter().all(|(id, answer)| match answer {
        Answer::Repeat(list) => {
            let Some(s) = new.sections.iter().position(|sec| sec.id == *id) else { return false };
            let was_group = old.sections.iter().any(|sec| sec.id == *id && sec.repeat.is_some());
            let Some(repeat) = new.sections[s].repeat.filter(|_| was_group) else { return false };
            list.len() <= repeat.max
                && list.iter().enumerate().all(|(i, item)| {
                    item.iter().all(|(fid, a)| place_in(s, Some(i), fid).is_some_and(|(p, f)| fits(p, f, a)))
                })
        }
        _ => (0..new.sections.len())
            .filter(|s| new.sections[*s].repeat.is_none())
            .find_map(|s| place_in(s, None, id))
            .is_some_and(|(p, f)| fits(p, f, answer)),
    })
}

/// The answers as they would be kept on finalizing (see [`prune`]). Relevance is judged on
/// these, so that an answer to a question no longer asked does not decide what else is asked.
pub fn effective(form: &FormDef, answers: &Answers, today: NaiveDate) -> Answers {
    let mut kept = answers.clone();
    prune(form, &mut kept, today);
    kept
}

/// Removes the answers of questions that are not asked (and of repeat groups that are not),
/// then recomputes calculations: what a finalized interview keeps.
pub fn prune(form: &FormDef, answers: &mut Answers, today: NaiveDate) {
    // Removing one answer can make another question irrelevant: repeat until stable.
    for _ in 0..=form.fields().count() {
        let mut changed = false;
        for (s, section) in form.sections.iter().enumerate() {
            if section.repeat.is_some() && !section_relevant(form, answers, s, today) {
                changed |= answers.remove(&section.id).is_some();
            }
        }
        for place in places(form, answers) {
            let field = &form.sections[place.section].fields[place.field];
            if field.kind.is_answered() && !relevant(form, answers, place, today) {
                changed |= set(form, answers, place, None);
            }
        }
        if !changed {
            break;
        }
    }
    calculate(form, answers, today);
}

/// The answer a default gives; None for a stage's date the participant has no change to.
fn initial(value: &Initial, today: NaiveDate, stage_dates: &BTreeMap<Stage, NaiveDate>) -> Option<Answer> {
    match value {
        Initial::Answer(a) => Some(a.clone()),
        Initial::Today => Some(Answer::Date(today)),
        Initial::StageDate(stage) => stage_dates.get(stage).copied().map(Answer::Date),
    }
}

/// The day each stage began for a participant, from their stage changes: the latest change to
/// each stage counts. What `default = { stage = … }` offers.
pub fn stage_dates(events: &[StageEvent]) -> BTreeMap<Stage, NaiveDate> {
    let mut dates = BTreeMap::new();
    let mut sorted: Vec<&StageEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.date, e.recorded_at));
    for event in sorted {
        dates.insert(event.stage, event.date);
    }
    dates
}

/// The answers a new interview starts with: every default outside repeat groups, and the
/// minimum number of items of each repeat group. `stage_dates` (see [`stage_dates`]) are the
/// participant's, for defaults that offer a stage's date.
pub fn initial_answers(form: &FormDef, today: NaiveDate, stage_dates: &BTreeMap<Stage, NaiveDate>) -> Answers {
    let mut answers = Answers::new();
    for section in &form.sections {
        match section.repeat {
            None => {
                for field in &section.fields {
                    if let Some(value) = field.default.as_ref().and_then(|d| initial(d, today, stage_dates)) {
                        answers.insert(field.id.clone(), value);
                    }
                }
            }
            Some(repeat) if repeat.min > 0 => {
                let list = (0..repeat.min).map(|_| initial_item(section, today)).collect();
                answers.insert(section.id.clone(), Answer::Repeat(list));
            }
            Some(_) => {}
        }
    }
    calculate(form, &mut answers, today);
    answers
}

/// A new item of a repeat group, with its defaults.
pub fn initial_item(section: &Section, today: NaiveDate) -> Answers {
    let none = BTreeMap::new();
    section
        .fields
        .iter()
        .filter_map(|f| f.default.as_ref().and_then(|d| initial(d, today, &none)).map(|a| (f.id.clone(), a)))
        .collect()
}

/// What the answers say in the terms reports use, read from the fields the form tags with a
/// `measure` (outside repeat groups).
pub fn measures(form: &FormDef, answers: &Answers) -> crate::store::Measures {
    use super::Measure;
    let mut out = crate::store::Measures::default();
    for section in form.sections.iter().filter(|s| s.repeat.is_none()) {
        for field in &section.fields {
            let (Some(measure), Some(answer)) = (&field.measure, answers.get(&field.id)) else { continue };
            match (measure, answer) {
                (Measure::Date, Answer::Date(d)) => out.date = Some(*d),
                (Measure::SessionAxis, Answer::Choice(axis)) => out.session_axis = Some(axis.clone()),
                (Measure::Attendance, Answer::YesNo(b)) => out.attended = Some(*b),
                (Measure::Attendance, Answer::Choice(v)) => out.attended = Some(v == "attended"),
                (Measure::Indicator(axis), Answer::Scale(v) | Answer::Integer(v)) => {
                    out.indicators.insert(axis.clone(), *v);
                }
                _ => {}
            }
        }
    }
    out
}

/// The change of stage an interview of `form` records when finalized with these (final)
/// answers: its stage, the day it takes effect and its reason, the answers of the form's
/// reason fields as the interviewer reads them (in `lang`), joined. None when the form declares
/// none; the date is None only if its field is unanswered (the loader makes it required).
pub fn stage_change(form: &FormDef, answers: &Answers, lang: Lang) -> Option<(Stage, Option<NaiveDate>, String)> {
    let change = form.stage.as_ref()?;
    let date = match answers.get(&change.date) {
        Some(Answer::Date(d)) => Some(*d),
        _ => None,
    };
    let parts: Vec<String> = change
        .reason
        .iter()
        .filter_map(|id| Some(super::format_answer(form.field(id)?, answers.get(id)?, lang)))
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
        .collect();
    Some((change.to, date, parts.join(" — ")))
}

/// The next interview these answers schedule: the form's follow-up date field when answered,
/// else `every_days` after `taken` (the day of this interview).
pub fn schedule(form: &FormDef, answers: &Answers, taken: NaiveDate) -> Option<crate::store::Due> {
    let follow_up = form.follow_up.as_ref()?;
    let date = match answers.get(&follow_up.field) {
        Some(Answer::Date(d)) => *d,
        _ => taken.checked_add_days(chrono::Days::new(u64::from(follow_up.every_days?)))?,
    };
    Some(crate::store::Due { date, form_id: follow_up.form.clone().unwrap_or_else(|| form.id.clone()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = r#"
id = "t"
version = 1
title = { en = "T" }

[choices]
xy = [ { value = "x", label = { en = "X" } }, { value = "y", label = { en = "Y" } } ]

[[section]]
id = "s"
title = { en = "S" }

[[section.field]]
id = "q1"
kind = "single"
choices = "xy"
label = { en = "Q1" }

[[section.field]]
id = "q2"
kind = "single"
choices = "xy"
relevant = "${q1} = 'x'"
label = { en = "Q2" }

[[section.field]]
id = "q3"
kind = "text"
required = true
relevant = "${q2} != 'x'"
label = { en = "Q3" }

[[section.field]]
id = "level"
kind = "scale"
min = 1
max = 5
label = { en = "Level" }

[[section.field]]
id = "count"
kind = "integer"
max = 10
label = { en = "Count" }
"#;

    fn form() -> FormDef {
        crate::form::check_form(FORM).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn place(field: usize) -> Place {
        Place { section: 0, item: None, field }
    }

    #[test]
    fn an_answer_no_longer_asked_does_not_decide_what_else_is_asked() {
        let form = form();
        let mut answers = Answers::new();
        answers.insert("q1".into(), Answer::Choice("x".into()));
        answers.insert("q2".into(), Answer::Choice("x".into()));
        assert!(!relevant(&form, &answers, place(2), today()), "q2 = x: q3 is not asked");
        assert!(issues(&form, &answers, today()).is_empty());
        // q1 changes: q2 is no longer asked, its answer kept in the draft but not counted.
        answers.insert("q1".into(), Answer::Choice("y".into()));
        assert_eq!(issues(&form, &answers, today()), vec![Issue::Missing(place(2))], "q3 is asked and unanswered");
        let mut kept = answers.clone();
        prune(&form, &mut kept, today());
        assert!(!kept.contains_key("q2"));
        assert_eq!(effective(&form, &answers, today()), kept);
    }

    #[test]
    fn stored_answers_outside_the_kinds_limits_are_issues() {
        let form = form();
        let mut answers = Answers::new();
        answers.insert("q3".into(), Answer::Text("ok".into()));
        answers.insert("level".into(), Answer::Scale(9));
        answers.insert("count".into(), Answer::Integer(11));
        answers.insert("q1".into(), Answer::Choice("z".into()));
        let found = issues(&form, &answers, today());
        let invalid: Vec<usize> = found
            .iter()
            .filter_map(|i| match i {
                Issue::Invalid(p, _) => Some(p.field),
                _ => None,
            })
            .collect();
        assert_eq!(invalid, vec![0, 3, 4], "{found:?}");
    }

    #[test]
    fn an_answer_of_another_type_is_refused_and_never_stored() {
        let form = form();
        let mut answers = Answers::new();
        let wrong = Answer::Text("3".into());
        assert!(check(&form, &answers, place(4), Some(&wrong), today()).is_err());
        assert!(!set(&form, &mut answers, place(4), Some(wrong)));
        assert!(answers.is_empty());
        assert!(set(&form, &mut answers, place(4), Some(Answer::Integer(3))));
    }

    #[test]
    fn answers_fit_a_newer_version_only_unchanged() {
        let old = form();
        let newer = |changed: &str| {
            let text = FORM.replace("version = 1", "version = 2");
            crate::form::check_form(&text.replace("id = \"count\"\nkind = \"integer\"\nmax = 10", changed)).unwrap()
        };
        let same = newer("id = \"count\"\nkind = \"integer\"\nmax = 10");
        let mut answers = Answers::new();
        answers.insert("q1".into(), Answer::Choice("x".into()));
        answers.insert("count".into(), Answer::Integer(7));
        assert!(answers_fit(&old, &same, &answers, today()));
        // A lower limit the answer breaks; another kind under the same id; the id gone.
        assert!(!answers_fit(&old, &newer("id = \"count\"\nkind = \"integer\"\nmax = 5"), &answers, today()));
        assert!(!answers_fit(&old, &newer("id = \"count\"\nkind = \"decimal\"\nmax = 10"), &answers, today()));
        assert!(!answers_fit(&old, &newer("id = \"total\"\nkind = \"integer\"\nmax = 10"), &answers, today()));
        // An answer the old version had no field for is not carried over either.
        answers.insert("gone".into(), Answer::Text("?".into()));
        assert!(!answers_fit(&old, &same, &answers, today()));
    }
}
