//! The interview wizard: its state (the page, the focused question and its editor), moving
//! through the questions that are asked, committing each answer through the form engine,
//! repeat-group items, the review page and finalizing. [`on_key`] works on the [`Wizard`]
//! alone; [`on_action`] ties it to the app: confirmations, the status line, and a change held
//! back until the store has saved its draft. Still pure: changes the state and returns effects.
//!
//! The wizard's focus is the index of a question within its section (`Wizard::focus`): the
//! questions come from the form, so there is no fixed set of parts to name in an enum.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};

use crate::app::AppState;
use crate::app::forms;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::{AfterSave, Confirm, Overlay, Pending, Screen};
use crate::app::update::{Effect, complain, say, say_text};
use crate::form::engine::{self, Issue, Place};
use crate::form::{Field, FieldKind, FormDef, Refusal, format_answer, parse_text_answer};
use crate::i18n::{Lang, T};
use crate::store::{Answer, Author, Id, Interview, Participant, Position, RECORD_FORMAT, StageEvent, Status};

/// Which page of the wizard is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Section(usize),
    Review,
}

/// The uncommitted value of the focused field, in the form its kind edits.
#[derive(Clone, Debug, PartialEq)]
pub enum Editor {
    Text(TextInput),
    Choice { highlight: usize, chosen: Option<usize> },
    Multiple { highlight: usize, ticked: BTreeSet<usize> },
    YesNo(Option<bool>),
    Scale(Option<i64>),
}

#[derive(Clone)]
pub struct Wizard {
    pub form: Arc<FormDef>,
    pub participant: Participant,
    pub interview: Interview,
    pub page: Page,
    /// The item of a repeat group shown; None outside repeat groups and on a group's empty
    /// page.
    pub item: Option<usize>,
    /// The focused question within the section.
    pub focus: usize,
    pub editor: Editor,
    /// How many times a question was loaded into `editor`: names the focus for the keyboard
    /// layer ([`FocusId::Wizard`](crate::app::FocusId::Wizard)).
    pub editor_loads: u64,
    pub error: Option<Refusal>,
    /// A finalized interview, shown but not editable.
    pub read_only: bool,
    /// Selected line of the review page.
    pub review_selected: usize,
    /// The interviewer was told once that the focused required question is empty; the next
    /// Enter moves on.
    pub warned: bool,
    /// The wizard is on a copy of a finalized interview being amended: nothing is saved as a
    /// draft; finalizing asks a reason and stores the next version.
    pub amending: Option<Box<Amending>>,
    /// The versions of an amended interview shown read-only, and which one is on screen.
    pub versions: Option<Box<Versions>>,
    /// Opened from a work list of Home: its review state and the supervisor's keys.
    pub review: Option<Box<super::supervision::ReviewPanel>>,
}

/// Every version of an amended interview, for its read-only view: ←/→ show an earlier or later
/// one, exactly as it was stored.
#[derive(Clone, Debug)]
pub struct Versions {
    pub all: Vec<(crate::store::Version, Interview)>,
    /// Index into `all` of the version shown.
    pub shown: usize,
}

/// The read-only wizard gets every version of its interview, and shows the newest.
pub fn show_versions(w: &mut Wizard, all: Vec<(crate::store::Version, Interview)>) {
    if all.len() < 2 {
        return;
    }
    let shown = all.len() - 1;
    w.versions = Some(Box::new(Versions { all, shown }));
}

/// The read-only wizard gets every version of its interview and shows version `n` (opened from
/// the history), exactly as it was stored; the newest when there is no such version.
pub fn show_version(w: &mut Wizard, all: Vec<(crate::store::Version, Interview)>, n: u32) {
    let at = all.iter().position(|(v, _)| v.n == n);
    show_versions(w, all);
    if let (Some(versions), Some(at)) = (&mut w.versions, at) {
        versions.shown = at;
        if let Some((_, interview)) = versions.all.get(at) {
            w.interview = interview.clone();
        }
    }
}

/// Which version of an amended interview is on screen: its number, when, who, and why.
pub(in crate::app) fn version_words(state: &AppState) -> Option<String> {
    let Screen::Wizard(w) = &state.screen else { return None };
    let versions = w.versions.as_deref()?;
    let (version, _) = versions.all.get(versions.shown)?;
    let lang = state.lang;
    let when = version.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string();
    let who = state.authors.name(&version.by, lang);
    let (i, n) = (version.n.to_string(), versions.all.len().to_string());
    let mut args = vec![("i", i.as_str()), ("n", n.as_str()), ("when", when.as_str()), ("who", who.as_str())];
    Some(match &version.reason {
        Some(reason) => {
            args.push(("reason", reason));
            T::CorrVersionBy.fill(lang, &args)
        }
        None => T::CorrVersionFirst.fill(lang, &args),
    })
}

/// ←/→ in the read-only view of an amended interview: the version before or after.
fn step_version(w: &mut Wizard, later: bool) {
    let Some(versions) = &mut w.versions else { return };
    let last = versions.all.len().saturating_sub(1);
    versions.shown = if later { (versions.shown + 1).min(last) } else { versions.shown.saturating_sub(1) };
    if let Some((_, interview)) = versions.all.get(versions.shown) {
        w.interview = interview.clone();
        w.review_selected = 0;
    }
}

/// An amendment of a finalized interview in progress (see `Store::amend_interview`).
#[derive(Clone, Debug)]
pub struct Amending {
    /// The interview as it was finalized (the version amended).
    pub original: Interview,
    /// The version the amendment is made from.
    pub based_on: u32,
    /// Finalizing asked for the reason: the keys go to it.
    pub asking: bool,
    pub reason: crate::app::TextInput,
    /// The amendment is on its way to the store: a second Enter does nothing.
    pub submitting: bool,
}

impl Wizard {
    /// The focused question; None on the review page and on a repeat group's empty page.
    pub fn field(&self) -> Option<&crate::form::Field> {
        let Page::Section(s) = self.page else { return None };
        let section = self.form.sections.get(s)?;
        if section.repeat.is_some() && self.item.is_none() {
            return None;
        }
        section.fields.get(self.focus)
    }
}

/// One line of the review page.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewLine {
    /// "To fix before finalizing", followed by one `Issue` line each.
    IssuesHeading,
    /// Shown instead of the issues when there are none.
    NoIssues,
    Issue(Issue),
    /// A section title, followed by its `Answer` lines (or `Item` lines in a repeat group).
    Section(usize),
    /// The heading of item `.1` of repeat group `.0`.
    Item(usize, usize),
    Answer(Place),
}

impl ReviewLine {
    /// The question a line points at, for lines the interviewer can select and jump to.
    pub fn target(&self) -> Option<Place> {
        match self {
            ReviewLine::Issue(issue) => Some(issue.place()),
            ReviewLine::Answer(place) => Some(*place),
            _ => None,
        }
    }
}

/// The review page: what stands in the way of finalizing first (not in a read-only interview),
/// then every question asked with its answer, section by section and item by item.
pub fn review_lines(w: &Wizard, today: NaiveDate) -> Vec<ReviewLine> {
    let form = &w.form;
    let answers = &w.interview.answers;
    // What is asked is judged on the answers finalizing would keep.
    let judged = &engine::effective(form, answers, today);
    let mut lines = Vec::new();
    if !w.read_only {
        let issues = engine::issues(form, answers, today);
        if issues.is_empty() {
            lines.push(ReviewLine::NoIssues);
        } else {
            lines.push(ReviewLine::IssuesHeading);
            lines.extend(issues.into_iter().map(ReviewLine::Issue));
        }
    }
    for (s, section) in form.sections.iter().enumerate() {
        if !w.read_only && !engine::section_relevant(form, judged, s, today) {
            continue;
        }
        let items: Vec<Option<usize>> = match section.repeat {
            None => vec![None],
            Some(_) => (0..engine::items(form, answers, s).len()).map(Some).collect(),
        };
        lines.push(ReviewLine::Section(s));
        for item in items {
            if let Some(i) = item {
                lines.push(ReviewLine::Item(s, i));
            }
            for (f, field) in section.fields.iter().enumerate() {
                let place = Place { section: s, item, field: f };
                let shown = if w.read_only {
                    engine::get(form, answers, place).is_some()
                } else {
                    !matches!(field.kind, crate::form::FieldKind::Note) && engine::relevant(form, judged, place, today)
                };
                if shown {
                    lines.push(ReviewLine::Answer(place));
                }
            }
        }
    }
    lines
}

/// A place the cursor can rest on: an asked question, or the page of a repeat group that has
/// no items yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Field(Place),
    EmptyGroup(usize),
}

impl Stop {
    /// Order of stops through the form: section, item, field.
    fn key(self) -> (usize, usize, usize) {
        match self {
            Stop::Field(p) => (p.section, p.item.unwrap_or(0), p.field),
            Stop::EmptyGroup(s) => (s, 0, 0),
        }
    }

    /// The page the stop is on: its section and item.
    fn page(self) -> (usize, Option<usize>) {
        match self {
            Stop::Field(p) => (p.section, p.item),
            Stop::EmptyGroup(s) => (s, None),
        }
    }
}

/// Every stop of the interview as it stands: the questions asked, in order (judged on the
/// answers finalizing would keep, see [`engine::effective`]).
pub fn stops(form: &FormDef, answers: &crate::form::Answers, today: NaiveDate) -> Vec<Stop> {
    let answers = &engine::effective(form, answers, today);
    let mut out = Vec::new();
    for (s, section) in form.sections.iter().enumerate() {
        if !engine::section_relevant(form, answers, s, today) {
            continue;
        }
        let items: Vec<Option<usize>> = match section.repeat {
            None => vec![None],
            Some(_) => {
                let n = engine::items(form, answers, s).len();
                if n == 0 {
                    out.push(Stop::EmptyGroup(s));
                }
                (0..n).map(Some).collect()
            }
        };
        for item in items {
            for (f, field) in section.fields.iter().enumerate() {
                let place = Place { section: s, item, field: f };
                if field.kind.is_answered() && engine::relevant(form, answers, place, today) {
                    out.push(Stop::Field(place));
                }
            }
        }
    }
    out
}

/// A new draft of `form` for `participant`, with the form's defaults; `stages` are the
/// participant's stage changes, for defaults that offer a stage's date (the release date).
pub fn new_interview(
    form: &FormDef,
    participant: &Participant,
    stages: &[StageEvent],
    interviewer: Author,
    today: NaiveDate,
) -> Interview {
    let now = Utc::now();
    Interview {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: participant.id.clone(),
        form_id: form.id.clone(),
        form_version: form.version,
        interviewer,
        status: Status::Draft,
        started_at: now,
        updated_at: now,
        finalized_at: None,
        answers: engine::initial_answers(form, today, &engine::stage_dates(stages)),
        position: Position::default(),
        next_due: None,
        measures: Default::default(),
    }
}

/// The wizard on an interview: a final one read-only on its answers, a draft where it stopped.
pub fn open(form: Arc<FormDef>, participant: Participant, interview: Interview, today: NaiveDate) -> Wizard {
    let read_only = interview.status == Status::Final;
    let position = interview.position;
    let mut w = Wizard {
        form,
        participant,
        interview,
        page: Page::Review,
        item: None,
        focus: 0,
        editor: Editor::YesNo(None),
        editor_loads: 0,
        error: None,
        read_only,
        review_selected: 0,
        warned: false,
        amending: None,
        versions: None,
        review: None,
    };
    if !read_only {
        let all = stops(&w.form, &w.interview.answers, today);
        let saved = (position.section, position.item, position.field);
        let stop = if position.section >= w.form.sections.len() {
            None
        } else {
            all.iter().find(|s| s.key() >= saved).or(all.last()).copied()
        };
        go(&mut w, stop);
    }
    w
}

/// Puts the wizard on `stop` (None: the review page) and loads that question's editor.
fn go(w: &mut Wizard, stop: Option<Stop>) {
    w.review_selected = 0;
    w.error = None;
    w.warned = false;
    match stop {
        None => {
            w.page = Page::Review;
            w.item = None;
            w.focus = 0;
            w.interview.position = Position { section: w.form.sections.len(), field: 0, item: 0 };
        }
        Some(Stop::EmptyGroup(s)) => {
            w.page = Page::Section(s);
            w.item = None;
            w.focus = 0;
            w.interview.position = Position { section: s, field: 0, item: 0 };
        }
        Some(Stop::Field(p)) => {
            w.page = Page::Section(p.section);
            w.item = p.item;
            w.focus = p.field;
            w.interview.position = Position { section: p.section, field: p.field, item: p.item.unwrap_or(0) };
        }
    }
    load_editor(w);
}

/// The stop the wizard is on, if it is on one.
pub fn current(w: &Wizard) -> Option<Stop> {
    let Page::Section(s) = w.page else { return None };
    let repeat = w.form.sections[s].repeat.is_some();
    match (repeat, w.item) {
        (true, None) => Some(Stop::EmptyGroup(s)),
        (_, item) => Some(Stop::Field(Place { section: s, item, field: w.focus })),
    }
}

/// Sets the editor from the focused question's stored answer.
fn load_editor(w: &mut Wizard) {
    w.editor_loads = w.editor_loads.wrapping_add(1);
    let Some(Stop::Field(place)) = current(w) else { return };
    let field = &w.form.sections[place.section].fields[place.field];
    let answer = engine::get(&w.form, &w.interview.answers, place);
    let position = |value: &str| field.kind.choices().iter().position(|c| c.value == value);
    let shown = |a: Option<&Answer>| a.map(|a| format_answer(field, a, Lang::En)).unwrap_or_default();
    w.editor = match (&field.kind, answer) {
        (FieldKind::Single(_), Some(Answer::Choice(v))) => {
            let chosen = position(v);
            Editor::Choice { highlight: chosen.unwrap_or(0), chosen }
        }
        (FieldKind::Single(_), _) => Editor::Choice { highlight: 0, chosen: None },
        (FieldKind::Multiple { .. }, Some(Answer::Choices(vs))) => {
            Editor::Multiple { highlight: 0, ticked: vs.iter().filter_map(|v| position(v)).collect() }
        }
        (FieldKind::Multiple { .. }, _) => Editor::Multiple { highlight: 0, ticked: BTreeSet::new() },
        (FieldKind::YesNo, Some(Answer::YesNo(b))) => Editor::YesNo(Some(*b)),
        (FieldKind::YesNo, _) => Editor::YesNo(None),
        (FieldKind::Scale { .. }, Some(Answer::Scale(v))) => Editor::Scale(Some(*v)),
        (FieldKind::Scale { .. }, _) => Editor::Scale(None),
        (FieldKind::Notes { .. }, a) => Editor::Text(TextInput::multiline(&shown(a), field.dir)),
        (
            FieldKind::Text { .. } | FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Date { .. },
            a,
        ) => Editor::Text(TextInput::with_dir(&shown(a), field.dir)),
        // Not stops: never edited. An empty line, so nothing can be typed into them unseen.
        (FieldKind::Note | FieldKind::Calculated { .. }, _) => Editor::Text(TextInput::with_dir("", field.dir)),
    };
    // A form's own lower limit holds while typing and pasting, not only when the answer is kept.
    if let (Editor::Text(input), Some(max)) = (&mut w.editor, field.max_chars()) {
        *input = std::mem::take(input).with_max_chars(max);
    }
}

/// The answer the editor holds now, or why it cannot be accepted.
fn editor_answer(field: &Field, editor: &Editor) -> Result<Option<Answer>, Refusal> {
    let value = |i: usize| field.kind.choices().get(i).map(|c| c.value.clone());
    Ok(match editor {
        Editor::Text(input) => return parse_text_answer(field, input.text()),
        Editor::Choice { chosen, .. } => chosen.and_then(value).map(Answer::Choice),
        Editor::Multiple { ticked, .. } if ticked.is_empty() => None,
        Editor::Multiple { ticked, .. } => Some(Answer::Choices(ticked.iter().filter_map(|i| value(*i)).collect())),
        Editor::YesNo(b) => b.map(Answer::YesNo),
        Editor::Scale(v) => v.map(Answer::Scale),
    })
}

/// Whether the editor holds something other than the stored answer.
pub fn is_dirty(w: &Wizard) -> bool {
    let Some(Stop::Field(place)) = current(w) else { return false };
    let field = &w.form.sections[place.section].fields[place.field];
    match editor_answer(field, &w.editor) {
        Ok(answer) => answer.as_ref() != engine::get(&w.form, &w.interview.answers, place),
        Err(_) => true,
    }
}

/// Writes the focused question's answer into the interview after the kind's limits and the
/// form's constraint accept it. A required question left empty is refused once when moving
/// forward (`forward`), then let through. Returns false when the wizard must stay (the message
/// is set beside the question).
pub fn commit(w: &mut Wizard, today: NaiveDate, forward: bool) -> bool {
    let Some(Stop::Field(place)) = current(w) else { return true };
    let form = Arc::clone(&w.form);
    // Only a question that is asked takes an answer (the wizard stands on others only briefly,
    // for instance when the answer that asked it has just been removed).
    if !engine::relevant(&form, &engine::effective(&form, &w.interview.answers, today), place, today)
        || !form.sections[place.section].fields[place.field].kind.is_answered()
    {
        w.error = None;
        return true;
    }
    let field = &form.sections[place.section].fields[place.field];
    let answer = match editor_answer(field, &w.editor) {
        Ok(answer) => answer,
        Err(refusal) => {
            w.error = Some(refusal);
            return false;
        }
    };
    if let Err(refusal) = engine::check(&form, &w.interview.answers, place, answer.as_ref(), today) {
        w.error = Some(refusal);
        return false;
    }
    if answer.is_none() && field.required && forward && !w.warned {
        w.error = Some(Refusal::new(T::ErrRequiredAgain));
        w.warned = true;
        return false;
    }
    if engine::set(&form, &mut w.interview.answers, place, answer) {
        engine::calculate(&form, &mut w.interview.answers, today);
        w.interview.updated_at = Utc::now();
    }
    w.error = None;
    true
}

fn save(w: &Wizard) -> Vec<Effect> {
    vec![Effect::SaveDraft(Box::new(w.interview.clone()))]
}

/// Commits, then moves to the stop `pick` chooses among the stops as they now are (given the
/// index of the first stop at or after where the wizard was), and saves the draft.
fn move_by(
    w: &mut Wizard,
    today: NaiveDate,
    forward: bool,
    pick: impl Fn(&[Stop], Option<usize>) -> Option<Stop>,
) -> Vec<Effect> {
    if !commit(w, today, forward) {
        return Vec::new();
    }
    let all = stops(&w.form, &w.interview.answers, today);
    let here = current(w).map(Stop::key);
    let at = here.and_then(|k| all.iter().position(|s| s.key() >= k));
    let target = pick(&all, at);
    go(w, target);
    save(w)
}

/// The first stop of each page, in order.
fn page_starts(all: &[Stop]) -> Vec<usize> {
    (0..all.len()).filter(|&i| i == 0 || all[i - 1].page() != all[i].page()).collect()
}

/// Handles the wizard's keys; `lang` decides which way Left/Right run on a scale.
pub fn on_key(w: &mut Wizard, action: Action, today: NaiveDate, lang: Lang) -> Outcome {
    if w.read_only {
        let targets = review_targets(w, today).len();
        match action {
            Action::Up => w.review_selected = w.review_selected.saturating_sub(1),
            Action::Down => w.review_selected = (w.review_selected + 1).min(targets.saturating_sub(1)),
            Action::PageUp => w.review_selected = w.review_selected.saturating_sub(10),
            Action::PageDown => w.review_selected = (w.review_selected + 10).min(targets.saturating_sub(1)),
            Action::Back => return Outcome::Leave,
            _ => {}
        }
        return Outcome::Effects(Vec::new());
    }
    let here = current(w);
    let effects = match (action, here) {
        (Action::RemoveItem, Some(Stop::Field(Place { item: Some(_), .. }))) => return Outcome::AskRemoveItem,
        (Action::NextField, Some(_)) => move_by(w, today, true, |all, at| match (at, here) {
            // Where the wizard was is still a stop: the next one. Otherwise the first after it.
            (Some(i), Some(h)) if all[i] == h => all.get(i + 1).copied(),
            (Some(i), _) => all.get(i).copied(),
            (None, _) => None,
        }),
        (Action::PrevField | Action::PrevSection, None) => {
            move_by(w, today, false, |all, _| page_starts(all).last().and_then(|&i| all.get(i)).copied())
        }
        (Action::PrevField, _) => move_by(w, today, false, |all, at| match at {
            Some(i) => all.get(i.saturating_sub(1)).copied(),
            None => all.last().copied(),
        }),
        (Action::NextSection, _) => move_by(w, today, false, |all, _| {
            let h = here?;
            page_starts(all).into_iter().map(|i| all[i]).find(|s| s.key() > h.key() && s.page() != h.page())
        }),
        (Action::PrevSection, _) => move_by(w, today, false, |all, _| {
            let starts: Vec<Stop> = page_starts(all).into_iter().map(|i| all[i]).collect();
            let Some(h) = here else { return starts.last().copied() };
            match starts.iter().rev().find(|s| s.key() <= h.key()) {
                Some(this_page) => starts.iter().rev().find(|s| s.key() < this_page.key()).or(Some(this_page)).copied(),
                None => starts.first().copied(),
            }
        }),
        (Action::AddItem, Some(stop)) => {
            let (section, _) = stop.page();
            if w.form.sections[section].repeat.is_none() || !commit(w, today, false) {
                return Outcome::Effects(Vec::new());
            }
            let form = Arc::clone(&w.form);
            match engine::add_item(&form, &mut w.interview.answers, section, today) {
                None => {
                    let max = form.sections[section].repeat.map_or(0, |r| r.max);
                    return Outcome::Say(T::RepeatFull, vec![("n", max.to_string())], Vec::new());
                }
                Some(item) => {
                    engine::calculate(&form, &mut w.interview.answers, today);
                    w.interview.updated_at = Utc::now();
                    let all = stops(&form, &w.interview.answers, today);
                    if let Some(first) = all.iter().find(|s| s.page() == (section, Some(item))).copied() {
                        go(w, Some(first));
                        save(w)
                    } else {
                        // The item exists but none of its questions is asked: on to what is.
                        go(w, all.iter().find(|s| s.key() > (section, item, usize::MAX)).copied());
                        return Outcome::Say(T::ItemNothingAsked, Vec::new(), save(w));
                    }
                }
            }
        }
        (Action::Back, _) if is_dirty(w) => return Outcome::AskDiscard,
        (Action::Back, _) => return Outcome::Leave,
        (_, None) => return review_action(w, action, today),
        (_, Some(_)) => {
            edit_choice(w, action, lang.is_rtl());
            Vec::new()
        }
    };
    Outcome::Effects(effects)
}

/// What the app must do after a wizard key.
pub enum Outcome {
    Effects(Vec<Effect>),
    /// Back to the participant's record.
    Leave,
    /// Ask before dropping the edit in progress.
    AskDiscard,
    /// Ask before finalizing.
    AskFinalize,
    /// Ask before removing the repeat item shown.
    AskRemoveItem,
    /// A message in the status line, and what must be done besides.
    Say(T, Vec<(&'static str, String)>, Vec<Effect>),
    Complain(T, Vec<(&'static str, String)>),
}

fn review_action(w: &mut Wizard, action: Action, today: NaiveDate) -> Outcome {
    let targets = review_targets(w, today);
    match action {
        Action::Up => w.review_selected = w.review_selected.saturating_sub(1),
        Action::Down => w.review_selected = (w.review_selected + 1).min(targets.len().saturating_sub(1)),
        Action::Open => {
            if let Some(place) = targets.get(w.review_selected).copied() {
                let all = stops(&w.form, &w.interview.answers, today);
                let stop = all.iter().find(|s| s.key() >= (place.section, place.item.unwrap_or(0), place.field));
                go(w, stop.copied().or(all.last().copied()));
                return Outcome::Effects(save(w));
            }
        }
        Action::Finalize => {
            let issues = engine::issues(&w.form, &w.interview.answers, today);
            if issues.is_empty() {
                return Outcome::AskFinalize;
            }
            return Outcome::Complain(T::CannotFinalize, vec![("n", issues.len().to_string())]);
        }
        Action::KeepDraft => return Outcome::Effects(save(w)),
        _ => {}
    }
    Outcome::Effects(Vec::new())
}

/// The interview as it is finalized: answers of questions not asked removed, calculations
/// brought up to date, status final.
pub fn finalized(w: &Wizard, today: NaiveDate) -> Interview {
    let mut interview = w.interview.clone();
    engine::prune(&w.form, &mut interview.answers, today);
    let now = Utc::now();
    interview.status = Status::Final;
    interview.finalized_at = Some(now);
    interview.updated_at = now;
    interview.measures = engine::measures(&w.form, &interview.answers);
    interview.next_due = engine::schedule(&w.form, &interview.answers, interview.measures.date.unwrap_or(today));
    interview
}

/// The change of stage finalizing `interview` (as [`finalized`] made it) records, when its form
/// declares one (see `stage` in docs/forms.md): to the form's stage, on its date field's
/// answer, with its reason fields' answers as the reason. Its `from` is filled in by the store
/// from the participant's stage as it writes. Refused, with the catalog message, when the date
/// has no answer.
pub fn stage_event(
    w: &Wizard,
    interview: &Interview,
    interviewer: Author,
    lang: Lang,
) -> Result<Option<StageEvent>, Refusal> {
    let Some((stage, date, reason)) = engine::stage_change(&w.form, &interview.answers, lang) else { return Ok(None) };
    let Some(date) = date else {
        let field = w.form.stage.as_ref().and_then(|s| w.form.field(&s.date));
        let name = field.map(|f| f.label.get(lang).into_owned()).unwrap_or_default();
        return Err(Refusal::with(T::FinalizeStageNoDate, vec![("field", name)]));
    };
    Ok(Some(StageEvent {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: interview.participant_id.clone(),
        from: crate::store::Stage::default(),
        stage,
        date,
        reason,
        interviewer,
        recorded_at: interview.finalized_at.unwrap_or_else(Utc::now),
    }))
}

/// Removes the repeat item shown and moves to its neighbour.
pub fn remove_item(w: &mut Wizard, today: NaiveDate) -> Vec<Effect> {
    let (Page::Section(section), Some(item)) = (w.page, w.item) else { return Vec::new() };
    let form = Arc::clone(&w.form);
    if !engine::remove_item(&form, &mut w.interview.answers, section, item) {
        return Vec::new();
    }
    engine::calculate(&form, &mut w.interview.answers, today);
    w.interview.updated_at = Utc::now();
    let all = stops(&form, &w.interview.answers, today);
    let left = engine::items(&form, &w.interview.answers, section).len();
    let target = all
        .iter()
        .find(|s| s.page() == (section, Some(item.min(left.saturating_sub(1)))) && left > 0)
        .or_else(|| all.iter().find(|s| s.page().0 == section))
        .copied();
    go(w, target);
    save(w)
}

/// The questions the review page lets the interviewer select and jump to, in order.
pub fn review_targets(w: &Wizard, today: NaiveDate) -> Vec<Place> {
    review_lines(w, today).into_iter().filter_map(|l| l.target()).collect()
}

/// Choice, yes/no and scale editing keys.
fn edit_choice(w: &mut Wizard, action: Action, rtl: bool) {
    let Some(field) = w.field() else { return };
    let options = field.kind.choices().len();
    let (min, max) = field.kind.scale_range().unwrap_or((0, 0));
    // On a right-to-left screen the scale runs from the right: Left raises the value.
    let action = match (rtl, action) {
        (true, Action::Left) => Action::Right,
        (true, Action::Right) => Action::Left,
        _ => action,
    };
    match (&mut w.editor, action) {
        (Editor::Choice { highlight, .. } | Editor::Multiple { highlight, .. }, Action::Up) => {
            *highlight = highlight.saturating_sub(1)
        }
        (Editor::Choice { highlight, .. } | Editor::Multiple { highlight, .. }, Action::Down) => {
            *highlight = (*highlight + 1).min(options.saturating_sub(1))
        }
        (Editor::Choice { highlight, chosen }, Action::Toggle) => {
            *chosen = if *chosen == Some(*highlight) { None } else { Some(*highlight) }
        }
        (Editor::Choice { highlight, chosen }, Action::Pick(n)) if (n as usize) <= options => {
            *highlight = n as usize - 1;
            *chosen = Some(*highlight);
        }
        (Editor::Multiple { highlight, ticked }, Action::Toggle) => toggle(ticked, *highlight),
        (Editor::Multiple { highlight, ticked }, Action::Pick(n)) if (n as usize) <= options => {
            *highlight = n as usize - 1;
            toggle(ticked, *highlight);
        }
        (Editor::YesNo(v), Action::Yes) => *v = Some(true),
        (Editor::YesNo(v), Action::No) => *v = Some(false),
        (Editor::YesNo(v), Action::Left | Action::Right) => *v = Some(!v.unwrap_or(false)),
        (Editor::Scale(v), Action::Pick(n)) if (min..=max).contains(&(n as i64)) => *v = Some(n as i64),
        (Editor::Scale(v), Action::Left) => *v = Some(v.map_or(min, |x| (x - 1).max(min))),
        (Editor::Scale(v), Action::Right) => *v = Some(v.map_or(min, |x| (x + 1).min(max))),
        _ => {}
    }
    w.error = None;
    w.warned = false;
}

fn toggle(set: &mut BTreeSet<usize>, item: usize) {
    if !set.remove(&item) {
        set.insert(item);
    }
}

/// The wizard screen's keys, after the overlays and the shared editing keys.
pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let (today, lang) = (state.today, state.lang);
    let size = state.size;
    let Screen::Wizard(w) = &mut state.screen else { return Vec::new() };
    let participant = w.participant.id.clone();
    if w.review.is_some()
        && let Some(effects) = super::supervision::on_action(state, action)
    {
        return effects;
    }
    let Screen::Wizard(w) = &mut state.screen else { return Vec::new() };
    if let Some(overlay) = review_keys(w, action, today, size) {
        state.overlay = Some(overlay);
        return Vec::new();
    }
    if w.read_only && matches!(action, Action::PageUp | Action::PageDown) {
        return Vec::new();
    }
    if let Some(amending) = &mut w.amending {
        if amending.asking {
            match action {
                Action::Submit | Action::NextField => return save_amendment(state),
                Action::Back => amending.asking = false,
                _ => {}
            }
            return Vec::new();
        }
        // An amendment is no draft: it is kept by finalizing it, or left with Esc.
        if action == Action::KeepDraft {
            let back = crate::app::keymap::key_for(crate::app::keymap::Context::Review, Action::Back, lang);
            complain(state, T::CorrNoDraft.fill(lang, &[("back", &back)]));
            return Vec::new();
        }
    }
    let before = (**w).clone();
    if w.read_only && w.versions.is_some() && matches!(action, Action::Left | Action::Right) {
        step_version(w, action == Action::Right);
        if let Some(text) = version_words(state) {
            say_text(state, text);
        }
        return Vec::new();
    }
    match on_key(w, action, today, lang) {
        Outcome::Effects(effects) => {
            if action == Action::KeepDraft {
                return hold(state, before, effects, vec![Effect::ReloadRecord(participant)], Some(T::DraftSaved));
            }
            hold(state, before, effects, Vec::new(), None)
        }
        Outcome::Leave => {
            state.unsaved = None;
            vec![Effect::ReloadRecord(participant)]
        }
        Outcome::AskDiscard => {
            state.overlay = Some(Overlay::Confirm(Confirm::DiscardFieldEdit));
            Vec::new()
        }
        Outcome::AskFinalize => {
            // Finalizing an amendment asks its reason instead of the usual question.
            match &mut w.amending {
                Some(amending) => amending.asking = true,
                None => state.overlay = Some(Overlay::Confirm(Confirm::Finalize)),
            }
            Vec::new()
        }
        Outcome::AskRemoveItem => {
            state.overlay = Some(Overlay::Confirm(Confirm::RemoveItem));
            Vec::new()
        }
        Outcome::Say(text, args, effects) => {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            state.status = Some(crate::app::Status { text: text.fill(lang, &args), error: false });
            hold(state, before, effects, Vec::new(), None)
        }
        Outcome::Complain(text, args) => {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            complain(state, text.fill(lang, &args));
            Vec::new()
        }
    }
}

/// The review and read-only pages' own keys: the whole answer of the selected line (in an
/// overlay, returned), and paging by whole pages of the view, so one Page Down shows new lines.
fn review_keys(w: &mut Wizard, action: Action, today: NaiveDate, size: (u16, u16)) -> Option<Overlay> {
    if w.page != Page::Review {
        return None;
    }
    let lines = review_lines(w, today);
    let targets: Vec<usize> = (0..lines.len()).filter(|&n| lines[n].target().is_some()).collect();
    let selected_line = targets.get(w.review_selected).copied().unwrap_or(0);
    let page = crate::app::layout::review_page(size);
    if action == Action::ShowAnswer || (action == Action::Open && w.read_only) {
        let place = lines.get(selected_line).and_then(ReviewLine::target)?;
        return Some(Overlay::Answer { place, scroll: 0 });
    }
    match action {
        Action::PageDown if w.read_only => {
            let next = crate::app::layout::review_offset(selected_line, size) + page;
            let at = targets.iter().position(|&n| n >= next);
            w.review_selected = at.unwrap_or(targets.len().saturating_sub(1));
        }
        Action::PageUp if w.read_only => {
            let previous = crate::app::layout::review_offset(selected_line, size).saturating_sub(page);
            w.review_selected = targets.iter().position(|&n| n >= previous).unwrap_or(0);
        }
        _ => {}
    }
    None
}

/// Holds back the wizard change a key made until the store has saved its draft: the screen
/// goes back to `before` (what is on disk) and the change waits in [`AppState::pending`].
pub(in crate::app) fn hold(
    state: &mut AppState,
    before: Wizard,
    effects: Vec<Effect>,
    then: Vec<Effect>,
    said: Option<T>,
) -> Vec<Effect> {
    let saves = effects.iter().any(|e| matches!(e, Effect::SaveDraft(_)));
    let Screen::Wizard(w) = &mut state.screen else { return effects };
    if w.amending.is_some() {
        // An amendment is held in memory until it is finalized: no draft of it is written.
        let kept = effects.into_iter().filter(|e| !matches!(e, Effect::SaveDraft(_)));
        return kept.chain(then).collect();
    }
    if !saves {
        return effects.into_iter().chain(then).collect();
    }
    let after = std::mem::replace(&mut **w, before);
    state.pending = Some(Pending { wizard: Box::new(after), opens: false, then, say: said, after: AfterSave::Stay });
    effects
}

pub(in crate::app) fn open_interview(
    state: &mut AppState,
    participant: Participant,
    mut interview: Interview,
) -> Vec<Effect> {
    // Every way to a draft comes here (the record's timeline, a form whose draft exists): the
    // policy says whose drafts this account may resume.
    if interview.status == Status::Draft {
        let right = if super::record::is_own_draft(state, &interview) {
            crate::auth::Action::ResumeOwnDraft
        } else {
            crate::auth::Action::ResumeAnyDraft
        };
        if !crate::app::rights::permit(state, right) {
            return Vec::new();
        }
    }
    // A draft moves to the newest version of its form when all its answers fit it.
    let moved = forms::move_draft(&state.forms, &mut interview, state.today);
    let Some(form) = form_taken_with(state, &interview) else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    match moved {
        forms::DraftVersion::Newest => {}
        forms::DraftVersion::Moved { to, .. } => {
            say_text(state, T::DraftMovedVersion.fill(state.lang, &[("to", &to.to_string())]));
            effects.push(Effect::SaveDraft(Box::new(interview.clone())));
        }
        forms::DraftVersion::Kept { kept, newest } => {
            let (kept, newest) = (kept.to_string(), newest.to_string());
            say_text(state, T::DraftKeptVersion.fill(state.lang, &[("kept", &kept), ("newest", &newest)]));
        }
    }
    state.screen = Screen::Wizard(Box::new(open(form, participant, interview, state.today)));
    effects
}

/// Starts an interview with form `index` of the picker (the newest version of each form), or
/// resumes this participant's draft of that form.
pub(in crate::app) fn start_form(state: &mut AppState, index: usize) -> Vec<Effect> {
    let Screen::Record(record) = &state.screen else { return Vec::new() };
    let Some(form) = forms::latest(&state.forms).get(index).cloned() else { return Vec::new() };
    let participant = record.participant().clone();
    let draft = record.interviews.iter().find(|i| i.form_id == form.id && i.status == Status::Draft).cloned();
    if let Some(draft) = draft {
        // Said first: what opening it says about its version, or why it cannot, comes after.
        say(state, T::DraftExists);
        return open_interview(state, participant, draft);
    }
    let Some(author) = state.author() else {
        complain(state, T::AuthorNoSession.get(state.lang).to_string());
        return Vec::new();
    };
    let interview = new_interview(&form, &participant, &record.stages, author, state.today);
    let effects = vec![Effect::SaveDraft(Box::new(interview.clone()))];
    // The wizard opens once the store has the new draft (see `saved`).
    let wizard = Box::new(open(form, participant, interview, state.today));
    state.pending = Some(Pending { wizard, opens: true, then: Vec::new(), say: None, after: AfterSave::Stay });
    effects
}

/// Opens the wizard on a copy of the finalized `interview` to amend it (version `based_on`),
/// with the form version it was taken with, whatever versions were installed since. Nothing is
/// written until the amendment is finalized with its reason.
pub(in crate::app) fn open_amendment(
    state: &mut AppState,
    participant: Participant,
    interview: Interview,
    based_on: u32,
) -> Vec<Effect> {
    let Some(form) = form_taken_with(state, &interview) else {
        return Vec::new();
    };
    let copy = Interview { status: Status::Draft, position: Position::default(), ..interview.clone() };
    let mut w = open(form, participant, copy, state.today);
    w.amending = Some(Box::new(Amending {
        original: interview,
        based_on,
        asking: false,
        reason: crate::app::TextInput::new(""),
        submitting: false,
    }));
    say(state, T::CorrAmending);
    state.screen = Screen::Wizard(Box::new(w));
    Vec::new()
}

/// Enter on the reason of an amendment: the amended interview goes to the store as the next
/// version, or an empty reason is refused with a message (nothing written).
fn save_amendment(state: &mut AppState) -> Vec<Effect> {
    let (today, lang) = (state.today, state.lang);
    let Some(by) = state.author() else {
        complain(state, T::AuthorNoSession.get(lang).to_string());
        return Vec::new();
    };
    if !crate::app::rights::permit(state, crate::auth::Action::AmendInterview) {
        return Vec::new();
    }
    let Screen::Wizard(w) = &mut state.screen else { return Vec::new() };
    let Some(amending) = w.amending.as_deref() else { return Vec::new() };
    if amending.submitting {
        return Vec::new();
    }
    let reason = amending.reason.text().trim().to_string();
    if reason.is_empty() {
        complain(state, T::CorrReasonRequired.get(lang).to_string());
        return Vec::new();
    }
    let mut record = finalized(w, today);
    // Still the interview finalized then: when, and by whom, stay; the version says who amended.
    record.finalized_at = amending.original.finalized_at;
    record.position = amending.original.position;
    let based_on = amending.based_on;
    if let Some(amending) = &mut w.amending {
        amending.submitting = true;
    }
    let correction = crate::app::update::Correction { record, based_on, by, reason };
    vec![Effect::AmendInterview(Box::new(correction))]
}

/// The form (at its version) `interview` was taken with; when it is not installed, says so.
pub(in crate::app) fn form_taken_with(
    state: &mut AppState,
    interview: &Interview,
) -> Option<std::sync::Arc<crate::form::FormDef>> {
    let form = state.forms.iter().find(|f| f.id == interview.form_id && f.version == interview.form_version).cloned();
    if form.is_none() {
        let version = interview.form_version.to_string();
        let text = T::FormMissing.fill(state.lang, &[("form", &interview.form_id), ("version", &version)]);
        complain(state, text);
    }
    form
}
