//! The history of a participant (supervisors and administrators, `h` on the record): every
//! version and event concerning them, their interviews, stage changes and drafts, newest first:
//! when, who, what (the audit screen's words: [`super::audit::action_word`]), why, and each
//! change's before → after under the field's label in the interface's language.
//!
//! The entries come from the audit trail's index by record
//! ([`crate::store::Store::record_history`]): every entry about a participant's records names
//! the participant first, so one prefix of the index lists them all, a page of [`PAGE`] at a
//! time, without reading the rest of the log. Opening it is not noted in the trail once more:
//! the record it is opened from was noted as opened.

use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::rights::permit;
use crate::app::state::Screen;
use crate::app::update::Effect;
use crate::i18n::T;
use crate::store::audit::{AuditAction, AuditEntry, AuditPage};
use crate::store::{Id, Status};

use super::record::Record;

/// How many entries a page holds.
pub const PAGE: usize = 100;

/// What is shown: the list, or the selected entry's detail scrolled this many lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryMode {
    List,
    Detail(usize),
}

pub struct History {
    /// The record it was opened from (Esc goes back to it; its interviews are opened from here).
    pub record: Box<Record>,
    /// The entries read so far, newest first.
    pub entries: Vec<AuditEntry>,
    pub selected: usize,
    pub mode: HistoryMode,
    /// Older entries remain before this sequence number.
    pub more_before: Option<u64>,
    /// A page has been asked for and has not come yet.
    pub loading: bool,
}

impl History {
    pub fn current(&self) -> Option<&AuditEntry> {
        self.entries.get(self.selected)
    }

    pub fn participant(&self) -> &crate::store::Participant {
        self.record.participant()
    }
}

/// The history page asked of the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryQuery {
    pub participant: Id,
    pub before: Option<u64>,
}

/// The screen's part that has the keyboard, for the keymap.
pub fn context(history: &History) -> crate::app::keymap::Context {
    match history.mode {
        HistoryMode::List => crate::app::keymap::Context::History,
        HistoryMode::Detail(_) => crate::app::keymap::Context::HistoryDetail,
    }
}

/// `h` on the record: the participant's history, its newest page asked of the store.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    if !permit(state, crate::auth::Action::ViewHistory) {
        return Vec::new();
    }
    let Screen::Record(record) = std::mem::replace(&mut state.screen, Screen::Home(Default::default())) else {
        return Vec::new();
    };
    let participant = record.participant().id.clone();
    state.screen = Screen::History(Box::new(History {
        record,
        entries: Vec::new(),
        selected: 0,
        mode: HistoryMode::List,
        more_before: None,
        loading: true,
    }));
    vec![Effect::LoadHistory(Box::new(HistoryQuery { participant, before: None }))]
}

/// A page came from the store.
pub fn loaded(state: &mut AppState, participant: &Id, page: AuditPage) {
    let Screen::History(history) = &mut state.screen else { return };
    if &history.participant().id != participant {
        return;
    }
    history.loading = false;
    history.entries.extend(page.entries);
    history.more_before = page.more_before;
    history.selected = history.selected.min(history.entries.len().saturating_sub(1));
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    if action != Action::Back && !permit(state, crate::auth::Action::ViewHistory) {
        return Vec::new();
    }
    let Screen::History(history) = &mut state.screen else { return Vec::new() };
    let count = history.entries.len();
    match history.mode {
        HistoryMode::List => match action {
            Action::Back => return back(state),
            Action::Up => history.selected = history.selected.saturating_sub(1),
            Action::PageUp => history.selected = history.selected.saturating_sub(10),
            Action::Down | Action::PageDown => {
                let step = if action == Action::Down { 1 } else { 10 };
                history.selected = (history.selected + step).min(count.saturating_sub(1));
                return more(history);
            }
            Action::Open if history.current().is_some() => history.mode = HistoryMode::Detail(0),
            Action::OpenVersion => return open_version(state),
            _ => {}
        },
        HistoryMode::Detail(scroll) => match action {
            Action::Back => history.mode = HistoryMode::List,
            Action::Up => history.mode = HistoryMode::Detail(scroll.saturating_sub(1)),
            Action::Down => history.mode = HistoryMode::Detail(scroll + 1),
            Action::PageUp => history.mode = HistoryMode::Detail(scroll.saturating_sub(10)),
            Action::PageDown => history.mode = HistoryMode::Detail(scroll + 10),
            Action::Open | Action::OpenVersion => return open_version(state),
            _ => {}
        },
    }
    Vec::new()
}

/// Back to the record the history was opened from.
fn back(state: &mut AppState) -> Vec<Effect> {
    if let Screen::History(history) = std::mem::replace(&mut state.screen, Screen::Home(Default::default())) {
        state.screen = Screen::Record(history.record);
    }
    Vec::new()
}

/// The next, older page, when the selection nears the end of what is held and more remain.
fn more(history: &mut History) -> Vec<Effect> {
    let near_end = history.selected + 10 >= history.entries.len();
    match history.more_before {
        Some(before) if near_end && !history.loading => {
            history.loading = true;
            let participant = history.participant().id.clone();
            vec![Effect::LoadHistory(Box::new(HistoryQuery { participant, before: Some(before) }))]
        }
        _ => Vec::new(),
    }
}

/// The interview an entry is a version of (its finalization or an amendment): its id, the
/// entry's second record.
pub fn version_entry(entry: &AuditEntry) -> Option<&str> {
    match entry.action() {
        Some(AuditAction::InterviewFinalized | AuditAction::InterviewAmended) => {
            entry.records.get(1).map(String::as_str)
        }
        _ => None,
    }
}

/// Enter on an interview's version: the interview opens read-only, at the version this entry
/// stored, exactly as it was (←/→ then go through the others).
fn open_version(state: &mut AppState) -> Vec<Effect> {
    let Screen::History(history) = &state.screen else { return Vec::new() };
    let Some(entry) = history.current() else { return Vec::new() };
    let Some(id) = version_entry(entry) else {
        crate::app::update::complain(state, T::HistNotAVersion.get(state.lang).to_string());
        return Vec::new();
    };
    let seq = entry.seq;
    let interview = history.record.interviews.iter().find(|i| i.id.as_str() == id && i.status == Status::Final);
    let Some(interview) = interview.cloned() else {
        crate::app::update::complain(state, T::HistNotAVersion.get(state.lang).to_string());
        return Vec::new();
    };
    let participant = history.participant().clone();
    let id = interview.id.clone();
    let mut effects = super::wizard::open_interview(state, participant, interview);
    if matches!(state.screen, Screen::Wizard(_)) {
        effects.push(Effect::LoadVersionAt(id, seq));
    }
    effects
}

/// A field's label for an entry of the history: a participant's field as registration names
/// it; an interview's answer by the question's label in the form version the entry names
/// (`form` is `id@version`), whatever versions were installed since; otherwise as the audit
/// screen names it.
pub fn field_label(state: &AppState, entry: &AuditEntry, field: &str) -> String {
    if field == "version" {
        return T::HistFieldVersion.get(state.lang).to_string();
    }
    if let Some(question) = entry_question(state, entry, field) {
        return question.label.get(state.lang).into_owned();
    }
    super::audit::field_label(state, field)
}

/// The question `field` of the form version the entry names (its "form" change), if any.
fn entry_question<'a>(state: &'a AppState, entry: &AuditEntry, field: &str) -> Option<&'a crate::form::Field> {
    if field == "form" {
        return None;
    }
    let form = entry.changes.iter().find(|c| c.field == "form").and_then(|c| c.after.as_deref())?;
    let (id, version) = form.rsplit_once('@')?;
    let version = version.parse::<u32>().ok()?;
    state.forms.iter().find(|f| f.id == id && f.version == version)?.field(field)
}

/// The fields the store's audit entries write as dates (`YYYY-MM-DD`): a participant's birth
/// and programme entry, a stage change's date and the stage's start.
const DATE_FIELDS: [&str; 4] = ["date_of_birth", "entry_date", "date", "stage_since"];

/// A value of a change as the interviewer reads it: an interview's answer (stored in the entry
/// as the answer's JSON) as the form shows it, and the store's dates, as dates are shown
/// everywhere else (dd/mm/yyyy); anything else as written.
pub fn value_words(state: &AppState, entry: &AuditEntry, field: &str, value: Option<&str>) -> Option<String> {
    let value = value?;
    let answer = entry_question(state, entry, field)
        .and_then(|q| serde_json::from_str::<crate::store::Answer>(value).ok().map(|a| (q, a)))
        .map(|(q, a)| crate::form::format_answer(q, &a, state.lang));
    let date =
        || DATE_FIELDS.contains(&field).then(|| chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()).flatten();
    Some(answer.or_else(|| date().map(crate::form::format_date)).unwrap_or_else(|| value.to_string()))
}

/// The words of a change of an entry of the history: before → after, each isolated, the arrow
/// pointing the way the interface reads.
pub fn change_words(before: Option<&str>, after: Option<&str>, rtl: bool) -> String {
    let arrow = if rtl { "←" } else { "→" };
    let (before, after) = (before.unwrap_or("∅"), after.unwrap_or("∅"));
    format!("{} {arrow} {}", crate::i18n::isolate(before), crate::i18n::isolate(after))
}
