//! The audit screen (supervisors and administrators): the audit trail newest first, one line
//! per entry, an entry's detail with its field-level before → after, and a filter by account,
//! participant, action and dates typed from the keyboard.
//!
//! The log may hold millions of entries: the screen never loads it whole. It asks the store for
//! a page read backwards from the newest entry ([`crate::store::Store::audit_page`]), at most
//! [`PAGE`] entries kept and [`SCAN`] read, and asks for the next, older page when the
//! selection reaches the end of what it holds. Each opening of the screen, and each filter
//! applied, is itself an entry in the trail (with the filter), written by the store when it
//! reads the first page.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::rights::permit;
use crate::app::state::{KeyboardRule, Screen};
use crate::app::update::{Effect, complain};
use crate::auth::AccountId;
use crate::i18n::{Lang, T};
use crate::store::audit::{AuditAction, AuditEntry, AuditFilter, AuditPage};
use crate::text::Dir;

/// How many entries a page keeps.
pub const PAGE: usize = 200;
/// How many entries a page reads at most, whatever the filter keeps of them.
pub const SCAN: usize = 20_000;

/// What is asked of the store: a page of the log before `before` (None: from the newest), and
/// whether this read is an opening or a new filter, to be noted in the trail with `noted`.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditQuery {
    pub filter: AuditFilter,
    pub before: Option<u64>,
    /// The filter as typed (field, text), for the entry noting this view; None: a further
    /// page of a view already noted.
    pub noted: Option<Vec<(&'static str, String)>>,
}

/// The field of the filter form that has the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterFocus {
    Account,
    Participant,
    Action,
    From,
    Until,
}

impl FilterFocus {
    pub const ALL: [FilterFocus; 5] =
        [FilterFocus::Account, FilterFocus::Participant, FilterFocus::Action, FilterFocus::From, FilterFocus::Until];

    pub fn next(self) -> FilterFocus {
        let at = FilterFocus::ALL.iter().position(|f| *f == self).unwrap_or(0);
        FilterFocus::ALL[(at + 1) % FilterFocus::ALL.len()]
    }

    pub fn prev(self) -> FilterFocus {
        let at = FilterFocus::ALL.iter().position(|f| *f == self).unwrap_or(0);
        FilterFocus::ALL[(at + FilterFocus::ALL.len() - 1) % FilterFocus::ALL.len()]
    }

    pub fn label(self) -> T {
        match self {
            FilterFocus::Account => T::AuditFilterAccount,
            FilterFocus::Participant => T::AuditFilterParticipant,
            FilterFocus::Action => T::AuditFilterAction,
            FilterFocus::From => T::AuditFilterFrom,
            FilterFocus::Until => T::AuditFilterUntil,
        }
    }

    /// The name the entry noting a view gives this part of the filter.
    fn field(self) -> &'static str {
        match self {
            FilterFocus::Account => "account",
            FilterFocus::Participant => "participant",
            FilterFocus::Action => "action",
            FilterFocus::From => "from",
            FilterFocus::Until => "until",
        }
    }
}

/// The filter as typed, one input per part.
pub struct FilterForm {
    pub inputs: [TextInput; 5],
    pub focus: FilterFocus,
    /// Why the last filter could not be applied, shown under the form.
    pub error: Option<String>,
}

impl FilterForm {
    fn new() -> FilterForm {
        let text = || TextInput::new("").with_max_chars(80);
        let date = || TextInput::with_dir("", Dir::Ltr).with_max_chars(10);
        FilterForm { inputs: [text(), text(), text(), date(), date()], focus: FilterFocus::Account, error: None }
    }

    pub fn input(&self, focus: FilterFocus) -> &TextInput {
        &self.inputs[FilterFocus::ALL.iter().position(|f| *f == focus).unwrap_or(0)]
    }

    fn input_mut(&mut self, focus: FilterFocus) -> &mut TextInput {
        &mut self.inputs[FilterFocus::ALL.iter().position(|f| *f == focus).unwrap_or(0)]
    }

    /// The parts typed, as (field, text), for the trail.
    fn typed(&self) -> Vec<(&'static str, String)> {
        FilterFocus::ALL
            .iter()
            .map(|f| (f.field(), self.input(*f).text().trim().to_string()))
            .filter(|(_, text)| !text.is_empty())
            .collect()
    }
}

/// What the audit screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditMode {
    List,
    /// The filter form over the list.
    Filter,
    /// The selected entry's detail, scrolled this many lines.
    Detail(usize),
}

pub struct AuditLog {
    /// The entries read so far, newest first.
    pub entries: Vec<AuditEntry>,
    pub selected: usize,
    pub mode: AuditMode,
    pub form: FilterForm,
    /// The filter the entries were read with.
    pub filter: AuditFilter,
    /// Older entries remain to be read before this sequence number.
    pub more_before: Option<u64>,
    /// A page has been asked for and has not come yet.
    pub loading: bool,
    /// How many entries the pages read so far went through.
    pub scanned: usize,
    /// The directory index of each participant by id, to name the participant an entry
    /// concerns.
    pub participants: HashMap<String, u32>,
}

impl AuditLog {
    pub fn current(&self) -> Option<&AuditEntry> {
        self.entries.get(self.selected)
    }

    /// Whether a filter other than "everything" is in force.
    pub fn filtered(&self) -> bool {
        self.filter != AuditFilter::default()
    }
}

/// The screen's part that has the keyboard, for the keymap.
pub fn context(log: &AuditLog) -> crate::app::keymap::Context {
    use crate::app::keymap::Context;
    match log.mode {
        AuditMode::List => Context::AuditLog,
        AuditMode::Filter => Context::AuditFilter,
        AuditMode::Detail(_) => Context::AuditDetail,
    }
}

/// The filter input that has the focus, with its keyboard rule: names in any script start in
/// the layer last chosen there, dates are typed as they are.
pub fn focused(log: &AuditLog) -> Option<(&'static str, crate::app::FocusId, KeyboardRule)> {
    if log.mode != AuditMode::Filter {
        return None;
    }
    let rule = match log.form.focus {
        FilterFocus::From | FilterFocus::Until => KeyboardRule::AsTyped,
        _ => KeyboardRule::Remembered,
    };
    let name = match log.form.focus {
        FilterFocus::Account => "audit/account",
        FilterFocus::Participant => "audit/participant",
        FilterFocus::Action => "audit/action",
        FilterFocus::From => "audit/from",
        FilterFocus::Until => "audit/until",
    };
    Some((name, crate::app::FocusId::AuditFilter(log.form.focus), rule))
}

/// The input named by [`focused`], to edit.
pub fn focused_mut(log: &mut AuditLog) -> Option<&mut TextInput> {
    (log.mode == AuditMode::Filter).then(|| log.form.input_mut(log.form.focus))
}

/// Opens the audit screen (those the policy lets view the trail) and reads its newest page;
/// the opening is noted in the trail.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    if !permit(state, crate::auth::Action::ViewAudit) {
        return Vec::new();
    }
    let participants =
        state.directory.iter().enumerate().map(|(i, s)| (s.participant.id.to_string(), i as u32)).collect();
    state.screen = Screen::Audit(Box::new(AuditLog {
        entries: Vec::new(),
        selected: 0,
        mode: AuditMode::List,
        form: FilterForm::new(),
        filter: AuditFilter::default(),
        more_before: None,
        loading: true,
        scanned: 0,
        participants,
    }));
    vec![Effect::LoadAudit(Box::new(AuditQuery { filter: AuditFilter::default(), before: None, noted: Some(vec![]) }))]
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    if action != Action::Back && !permit(state, crate::auth::Action::ViewAudit) {
        return Vec::new();
    }
    let Screen::Audit(log) = &mut state.screen else { return Vec::new() };
    let count = log.entries.len();
    match log.mode {
        AuditMode::List => match action {
            Action::Back => return super::home::go_home(state),
            Action::Up => log.selected = log.selected.saturating_sub(1),
            Action::PageUp => log.selected = log.selected.saturating_sub(10),
            Action::Down | Action::PageDown => {
                let step = if action == Action::Down { 1 } else { 10 };
                log.selected = (log.selected + step).min(count.saturating_sub(1));
                return more(log);
            }
            Action::Open if log.current().is_some() => log.mode = AuditMode::Detail(0),
            Action::Filter => {
                log.form.error = None;
                log.mode = AuditMode::Filter;
            }
            _ => {}
        },
        AuditMode::Filter => match action {
            Action::Back => log.mode = AuditMode::List,
            Action::NextField => log.form.focus = log.form.focus.next(),
            Action::PrevField => log.form.focus = log.form.focus.prev(),
            Action::Submit => return apply(state),
            _ => {}
        },
        AuditMode::Detail(scroll) => match action {
            Action::Back => log.mode = AuditMode::List,
            Action::Up => log.mode = AuditMode::Detail(scroll.saturating_sub(1)),
            Action::Down => log.mode = AuditMode::Detail(scroll + 1),
            Action::PageUp => log.mode = AuditMode::Detail(scroll.saturating_sub(10)),
            Action::PageDown => log.mode = AuditMode::Detail(scroll + 10),
            _ => {}
        },
    }
    Vec::new()
}

/// The next, older page, when the selection is near the end of what is held and more remain.
fn more(log: &mut AuditLog) -> Vec<Effect> {
    let near_end = log.selected + 10 >= log.entries.len();
    match log.more_before {
        Some(before) if near_end && !log.loading => {
            log.loading = true;
            vec![Effect::LoadAudit(Box::new(AuditQuery {
                filter: log.filter.clone(),
                before: Some(before),
                noted: None,
            }))]
        }
        _ => Vec::new(),
    }
}

/// The filter as typed, turned into what the store matches: accounts by full name, participants
/// by the home screen's search (file number or name), actions by their name in the interface's
/// language, dates as the register takes them. A part that matches nothing is refused with a
/// message under the form, and nothing is read.
fn apply(state: &mut AppState) -> Vec<Effect> {
    let lang = state.lang;
    let Screen::Audit(log) = &state.screen else { return Vec::new() };
    let text = |f: FilterFocus| log.form.input(f).text().trim().to_string();
    let mut filter = AuditFilter::default();
    let refuse = |state: &mut AppState, text: String| {
        if let Screen::Audit(log) = &mut state.screen {
            log.form.error = Some(text.clone());
        }
        complain(state, text);
        Vec::new()
    };
    let account = text(FilterFocus::Account);
    if !account.is_empty() {
        let ids: std::collections::BTreeSet<AccountId> = state.authors.matching(&account).into_iter().collect();
        if ids.is_empty() {
            return refuse(state, T::AuditNoAccount.fill(lang, &[("text", &account)]));
        }
        filter.accounts = Some(ids);
    }
    let participant = text(FilterFocus::Participant);
    if !participant.is_empty() {
        let ids: std::collections::BTreeSet<String> = state
            .search
            .rank(&participant)
            .into_iter()
            .filter_map(|i| state.directory.get(i as usize))
            .map(|s| s.participant.id.to_string())
            .collect();
        if ids.is_empty() {
            return refuse(state, T::AuditNoParticipant.fill(lang, &[("text", &participant)]));
        }
        filter.records = Some(ids);
    }
    let action = text(FilterFocus::Action);
    if !action.is_empty() {
        let actions = actions_matching(&action, lang);
        if actions.is_empty() {
            return refuse(state, T::AuditNoAction.fill(lang, &[("text", &action)]));
        }
        filter.actions = Some(actions);
    }
    for (focus, end) in [(FilterFocus::From, false), (FilterFocus::Until, true)] {
        let typed = text(focus);
        if typed.is_empty() {
            continue;
        }
        let Some(day) = parse_day(&typed) else {
            return refuse(state, T::AuditBadDate.fill(lang, &[("text", &typed)]));
        };
        let at = start_of(if end { day.succ_opt().unwrap_or(day) } else { day });
        if end { filter.until = Some(at) } else { filter.from = Some(at) }
    }
    if let (Some(from), Some(until)) = (filter.from, filter.until)
        && until <= from
    {
        return refuse(state, T::AuditDatesReversed.get(lang).to_string());
    }
    let Screen::Audit(log) = &mut state.screen else { return Vec::new() };
    let noted = log.form.typed();
    log.form.error = None;
    log.mode = AuditMode::List;
    log.filter = filter.clone();
    log.entries.clear();
    log.selected = 0;
    log.more_before = None;
    log.scanned = 0;
    log.loading = true;
    vec![Effect::LoadAudit(Box::new(AuditQuery { filter, before: None, noted: Some(noted) }))]
}

/// A day typed as dd/mm/yyyy (any digits) or yyyy-mm-dd.
fn parse_day(text: &str) -> Option<NaiveDate> {
    crate::form::parse_date(text)
        .or_else(|| NaiveDate::parse_from_str(&crate::text::digits::normalize_digits(text), "%Y-%m-%d").ok())
}

/// The start of `day` in the local time zone, as the screen shows times.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match midnight.and_local_timezone(chrono::Local).earliest() {
        Some(local) => local.with_timezone(&Utc),
        None => midnight.and_utc(),
    }
}

/// The actions whose words in `lang` (or in English, or whose stable name) contain `text`,
/// folded.
pub fn actions_matching(text: &str, lang: Lang) -> Vec<AuditAction> {
    let wanted = crate::text::fold::fold(text);
    AuditAction::ALL
        .into_iter()
        .filter(|a| {
            let word = action_word(*a);
            [word.get(lang), word.get(Lang::En), a.name()].iter().any(|w| crate::text::fold::fold(w).contains(&wanted))
        })
        .collect()
}

/// The entry noting a view of the trail: the filter as typed, and the participants it
/// matched (a view of someone's trail is a read of their record's history).
pub fn viewed(typed: &[(&'static str, String)], filter: &AuditFilter) -> crate::store::audit::AuditEvent {
    let mut event = crate::store::audit::AuditEvent::new(AuditAction::AuditViewed);
    for (field, text) in typed {
        event = event.set(field, text.clone());
    }
    for id in filter.records.iter().flatten().take(50) {
        event = event.record(id);
    }
    event
}

/// A page came from the store.
pub fn loaded(state: &mut AppState, page: AuditPage) {
    let Screen::Audit(log) = &mut state.screen else { return };
    log.loading = false;
    log.entries.extend(page.entries);
    log.more_before = page.more_before;
    log.scanned += page.scanned;
    log.selected = log.selected.min(log.entries.len().saturating_sub(1));
}

/// An action's words in the interface's language.
pub fn action_word(action: AuditAction) -> T {
    use AuditAction::*;
    match action {
        TrailStarted => T::AuditActTrailStarted,
        ParticipantRegistered => T::AuditActParticipantRegistered,
        InterviewFinalized => T::AuditActInterviewFinalized,
        StageChanged => T::AuditActStageChanged,
        RecordOpened => T::AuditActRecordOpened,
        LoggedIn => T::AuditActLoggedIn,
        LoggedOut => T::AuditActLoggedOut,
        LoginFailed => T::AuditActLoginFailed,
        LockedOut => T::AuditActLockedOut,
        IdleLocked => T::AuditActIdleLocked,
        AccountAdded => T::AuditActAccountAdded,
        AccountDisabled => T::AuditActAccountDisabled,
        AccountEnabled => T::AuditActAccountEnabled,
        RoleChanged => T::AuditActRoleChanged,
        PasswordReset => T::AuditActPasswordReset,
        PasswordChanged => T::AuditActPasswordChanged,
        AccountUnlocked => T::AuditActAccountUnlocked,
        SettingChanged => T::AuditActSettingChanged,
        Imported => T::AuditActImported,
        FormInstalled => T::AuditActFormInstalled,
        IndexRebuilt => T::AuditActIndexRebuilt,
        Exported => T::AuditActExported,
        AuditHeadRead => T::AuditActHeadRead,
        AuditVerified => T::AuditActVerified,
        AuditExported => T::AuditActAuditExported,
        AuditViewed => T::AuditActViewed,
        ParticipantEdited => T::AuditActParticipantEdited,
        InterviewAmended => T::AuditActInterviewAmended,
        StageVoided => T::AuditActStageVoided,
        DraftDiscarded => T::AuditActDraftDiscarded,
        InterviewApproved => T::AuditActInterviewApproved,
        InterviewReturned => T::AuditActInterviewReturned,
        InterviewUnlocked => T::AuditActInterviewUnlocked,
        InterviewResubmitted => T::AuditActInterviewResubmitted,
        StageCorrected => T::AuditActStageCorrected,
        StoreEncrypted => T::AuditActStoreEncrypted,
        KeyRotated => T::AuditActKeyRotated,
        QueuedUnreadable => T::AuditActQueuedUnreadable,
    }
}

/// The words an entry's action is shown with: its name in the interface's language, or, for an
/// action this build does not know (a newer one), its stored name.
pub fn action_text(entry: &AuditEntry, lang: Lang) -> String {
    match entry.action() {
        Some(action) => action_word(action).get(lang).to_string(),
        None => entry.action_name.clone(),
    }
}

/// Who did it, as the screen shows it: the account's full name; a failed login under an
/// unknown username; the store itself (no account: the trail's first entry, a command run
/// before any account).
pub fn who(state: &AppState, entry: &AuditEntry) -> String {
    match (&entry.account, &entry.unknown_user) {
        (Some(id), _) => match state.authors.full_name(id) {
            Some(name) => name.to_string(),
            None => T::AuthorUnknownAccount.fill(state.lang, &[("id", id.as_str())]),
        },
        (None, Some(_)) => T::AuditUnknownUser.get(state.lang).to_string(),
        (None, None) => T::AuditNobody.get(state.lang).to_string(),
    }
}

/// The participant an entry concerns, by name (Latin, and Arabic when the interface is
/// Arabic), when one of its records is a participant of the directory.
pub fn participant(state: &AppState, log: &AuditLog, entry: &AuditEntry) -> Option<String> {
    let summary =
        entry.records.iter().find_map(|r| log.participants.get(r)).and_then(|i| state.directory.get(*i as usize))?;
    let p = &summary.participant;
    let name = match (state.lang, p.name_ar.is_empty(), p.name_latin.is_empty()) {
        (Lang::Ar, false, _) | (_, false, true) => &p.name_ar,
        _ => &p.name_latin,
    };
    Some(name.clone())
}

/// A field of a change, in the interface's language where Daftar knows it: a participant's
/// field, a question of an installed form; otherwise its id.
pub fn field_label(state: &AppState, field: &str) -> String {
    let known = match field {
        "name_ar" => Some(T::FieldNameAr),
        "name_latin" => Some(T::FieldNameLatin),
        "date_of_birth" => Some(T::FieldDob),
        "file_number" => Some(T::FieldFileNo),
        "facility" => Some(T::FieldFacility),
        "entry_date" => Some(T::FieldEntryDate),
        "stage" => Some(T::AuditFieldStage),
        "date" => Some(T::AuditFieldDate),
        "form" => Some(T::AuditFieldForm),
        "stage_note" => Some(T::AuditFieldStageNote),
        "full_name" => Some(T::AccColFullName),
        "username" => Some(T::AccColUsername),
        "role" => Some(T::AccColRole),
        _ => None,
    };
    if let Some(t) = known {
        return t.get(state.lang).to_string();
    }
    for form in &state.forms {
        if let Some(question) = form.field(field) {
            return question.label.get(state.lang).into_owned();
        }
    }
    field.to_string()
}
