//! `update`: the only function that changes [`AppState`]. It does no I/O; what must touch the
//! store is returned as [`Effect`]s, whose results come back as messages.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::Utc;

use super::input::TextInput;
use super::msg::{Action, Msg};
use super::state::{
    AppState, Confirm, Editor, Home, InputKind, Overlay, Page, Record, Register, RegisterField, Screen, Status, Wizard,
};
use crate::form::{Field, FieldKind, FormDef, Refusal, parse_date, parse_text_answer};
use crate::i18n::T;
use crate::store::{Answer, Id, Interview, Participant, Position, RECORD_FORMAT, Status as InterviewStatus};
use crate::text::{BidiMode, Step, arabic_key};

/// Work for the store, run by the app loop after `update` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadHome,
    LoadRecord(Id),
    Register(Box<Participant>),
    SaveInterviewer(String),
    SaveDraft(Box<Interview>),
    Finalize(Box<Interview>),
    SaveBidiMode(BidiMode),
    SaveKeyboards(BTreeMap<InputKind, bool>),
}

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            state.size = (w, h);
            Vec::new()
        }
        Msg::Terminate => quit(state, true),
        Msg::Action(action) => {
            state.status = None;
            on_action(state, action)
        }
        Msg::Type(text) => {
            state.status = None;
            let mapped = match (state.arabic_keyboard(), text.chars().next()) {
                (true, Some(c)) if text.chars().count() == 1 => arabic_key(c).map(str::to_string),
                _ => None,
            };
            type_text(state, &mapped.unwrap_or(text));
            Vec::new()
        }
        Msg::Paste(text) => {
            state.status = None;
            type_text(state, &text);
            Vec::new()
        }
        Msg::SettingsSaved => {
            say(state, T::SettingsSaved);
            Vec::new()
        }
        Msg::HomeLoaded(rows) => {
            if let Screen::Home(home) = &mut state.screen {
                home.rows = rows;
                home.selected = home.selected.min(home.visible().len().saturating_sub(1));
            } else {
                state.screen = Screen::Home(Home { rows, ..Home::default() });
            }
            Vec::new()
        }
        Msg::RecordLoaded(participant, mut interviews) => {
            interviews.sort_by_key(|i| std::cmp::Reverse(i.updated_at));
            state.screen = Screen::Record(Record { participant: *participant, interviews, selected: 0 });
            Vec::new()
        }
        Msg::Registered(participant) => {
            say(state, T::RegisterSaved);
            vec![Effect::LoadRecord(participant.id)]
        }
        Msg::RegisterRefused(file) => {
            if let Screen::Register(reg) = &mut state.screen {
                let at = RegisterField::FileNumber as usize;
                reg.errors[at] = Some(Refusal { message: T::ErrDuplicateFileNo, args: vec![("file", file.clone())] });
                reg.focus = at;
                reg.submitting = false;
            }
            state.status =
                Some(Status { text: T::ErrDuplicateFileNo.fill(state.lang, &[("file", &file)]), error: true });
            Vec::new()
        }
        Msg::InterviewerSaved(name) => {
            state.interviewer = name;
            state.screen = Screen::Home(Home::default());
            vec![Effect::LoadHome]
        }
        Msg::Saved => Vec::new(),
        Msg::Finalized(interview) => {
            say(state, T::Finalized);
            vec![Effect::LoadRecord(interview.participant_id)]
        }
        Msg::Missing(what) => {
            complain(state, what.get(state.lang).to_string());
            Vec::new()
        }
        Msg::StoreFailed(err) => {
            state.quit = false;
            if let Screen::Register(reg) = &mut state.screen {
                reg.submitting = false;
            }
            state.status = Some(Status { text: T::ErrStore.fill(state.lang, &[("err", &err)]), error: true });
            Vec::new()
        }
    }
}

fn say(state: &mut AppState, text: T) {
    state.status = Some(Status { text: text.get(state.lang).to_string(), error: false });
}

fn complain(state: &mut AppState, text: String) {
    state.status = Some(Status { text, error: true });
}

fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    if let Some(overlay) = &mut state.overlay {
        match (overlay, action) {
            (_, Action::Quit) => {
                state.overlay = None;
                return quit(state, false);
            }
            (Overlay::Help { .. }, Action::Help | Action::Back) => state.overlay = None,
            (Overlay::Help { scroll }, Action::Down) => *scroll += 1,
            (Overlay::Help { scroll }, Action::Up) => *scroll = scroll.saturating_sub(1),
            (Overlay::Confirm(confirm), Action::Yes) => {
                let confirm = *confirm;
                state.overlay = None;
                return confirmed(state, confirm);
            }
            (Overlay::Confirm(_), Action::No) => state.overlay = None,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Help => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Action::Quit => return quit(state, false),
        Action::Left | Action::Right | Action::Home | Action::End | Action::Backspace | Action::Delete
            if focused_input(state).is_some() =>
        {
            let (mode, width) = (state.bidi, crate::ui::notes_width(state.size));
            if let Some(input) = focused_input(state) {
                edit(input, action, mode, width);
            }
            clear_focused_error(state);
            return Vec::new();
        }
        Action::Up | Action::Down if focused_input(state).is_some_and(|i| i.is_multiline()) => {
            let (mode, width) = (state.bidi, crate::ui::notes_width(state.size));
            if let Some(input) = focused_input(state) {
                edit(input, action, mode, width);
            }
            return Vec::new();
        }
        Action::ToggleKeyboard => {
            if let Some(kind) = state.focused_input_kind() {
                let arabic = state.arabic_keyboard();
                state.keyboards.insert(kind, !arabic);
                return vec![Effect::SaveKeyboards(state.keyboards.clone())];
            }
            return Vec::new();
        }
        Action::NewLine => {
            type_text(state, "\n");
            return Vec::new();
        }
        _ => {}
    }
    match &mut state.screen {
        Screen::FirstRun(input) => {
            if action == Action::Submit {
                let name = input.text().trim().to_string();
                if name.is_empty() {
                    complain(state, T::ErrRequired.get(state.lang).to_string());
                } else {
                    return vec![Effect::SaveInterviewer(name)];
                }
            }
            Vec::new()
        }
        Screen::Home(_) if action == Action::NewParticipant => {
            state.screen = Screen::Register(Box::default());
            Vec::new()
        }
        Screen::Home(_) if action == Action::Settings => {
            let selected = BidiMode::ALL.iter().position(|m| *m == state.bidi).unwrap_or(0);
            state.screen = Screen::Settings { selected };
            Vec::new()
        }
        Screen::Settings { selected } => match action {
            Action::Up => {
                *selected = selected.saturating_sub(1);
                Vec::new()
            }
            Action::Down => {
                *selected = (*selected + 1).min(BidiMode::ALL.len() - 1);
                Vec::new()
            }
            Action::Open => {
                state.bidi = BidiMode::ALL[*selected];
                vec![Effect::SaveBidiMode(state.bidi)]
            }
            Action::Back => go_home(state),
            _ => Vec::new(),
        },
        Screen::Home(home) => on_home(home, action),
        Screen::Register(_) => on_register(state, action),
        Screen::Record(_) => on_record(state, action),
        Screen::Wizard(_) => on_wizard(state, action),
    }
}

/// The text input that has the keyboard focus, if the focus is on one.
fn focused_input(state: &mut AppState) -> Option<&mut TextInput> {
    match &mut state.screen {
        Screen::FirstRun(input) => Some(input),
        Screen::Home(home) if home.filtering => Some(&mut home.filter),
        Screen::Register(reg) => reg.inputs.get_mut(reg.focus),
        Screen::Wizard(w) if !w.read_only && matches!(w.page, Page::Section(_)) => match &mut w.editor {
            Editor::Text(input) => Some(input),
            _ => None,
        },
        _ => None,
    }
}

fn clear_focused_error(state: &mut AppState) {
    match &mut state.screen {
        Screen::Register(reg) => reg.errors[reg.focus] = None,
        Screen::Wizard(w) => w.error = None,
        Screen::Home(home) => home.selected = 0,
        _ => {}
    }
}

fn edit(input: &mut TextInput, action: Action, mode: BidiMode, width: usize) {
    match action {
        Action::Left => input.move_visual(Step::Left, mode, width),
        Action::Right => input.move_visual(Step::Right, mode, width),
        Action::Up => input.move_visual(Step::Up, mode, width),
        Action::Down => input.move_visual(Step::Down, mode, width),
        Action::Home => input.home(),
        Action::End => input.end(),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        _ => {}
    }
}

fn type_text(state: &mut AppState, text: &str) {
    let lang = state.lang;
    let Some(input) = focused_input(state) else { return };
    match input.insert(text) {
        Ok(()) => clear_focused_error(state),
        Err(refused) => {
            let what = match refused.ch {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => T::ErrLineBreak.get(lang).to_string(),
                c => format!("U+{:04X}", u32::from(c)),
            };
            complain(state, T::ErrControl.fill(lang, &[("what", &what)]));
        }
    }
}

/// Ctrl-Q, SIGTERM or SIGHUP: save the draft being taken, then leave. A registration not yet
/// saved is only dropped after the interviewer confirms (a signal cannot ask).
fn quit(state: &mut AppState, forced: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    match &mut state.screen {
        Screen::Register(reg) if reg.is_dirty() && !forced => {
            state.overlay = Some(Overlay::Confirm(Confirm::QuitDiscardRegistration));
            return effects;
        }
        Screen::Wizard(w) if !w.read_only => {
            // An invalid value in the field being typed cannot be saved; everything committed
            // before it already is.
            let _ = commit(w);
            effects.push(Effect::SaveDraft(Box::new(w.interview.clone())));
        }
        _ => {}
    }
    state.quit = true;
    effects
}

fn confirmed(state: &mut AppState, confirm: Confirm) -> Vec<Effect> {
    match confirm {
        Confirm::DiscardRegistration => go_home(state),
        Confirm::QuitDiscardRegistration => {
            state.quit = true;
            Vec::new()
        }
        Confirm::DiscardFieldEdit => match &state.screen {
            Screen::Wizard(w) => vec![Effect::LoadRecord(w.participant.id.clone())],
            _ => Vec::new(),
        },
        Confirm::Finalize => match &mut state.screen {
            Screen::Wizard(w) => {
                let mut interview = w.interview.clone();
                interview.status = InterviewStatus::Final;
                let now = Utc::now();
                interview.finalized_at = Some(now);
                interview.updated_at = now;
                vec![Effect::Finalize(Box::new(interview))]
            }
            _ => Vec::new(),
        },
    }
}

fn go_home(state: &mut AppState) -> Vec<Effect> {
    state.screen = Screen::Home(Home::default());
    vec![Effect::LoadHome]
}

fn on_home(home: &mut Home, action: Action) -> Vec<Effect> {
    let count = home.visible().len();
    match action {
        Action::Up => home.selected = home.selected.saturating_sub(1),
        Action::Down => home.selected = (home.selected + 1).min(count.saturating_sub(1)),
        Action::Filter => home.filtering = true,
        Action::FilterDone => home.filtering = false,
        Action::Back if home.filtering => {
            home.filter = TextInput::default();
            home.filtering = false;
            home.selected = 0;
        }
        Action::Open => {
            if let Some(row) = home.visible().get(home.selected) {
                return vec![Effect::LoadRecord(row.participant.id.clone())];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn on_register(state: &mut AppState, action: Action) -> Vec<Effect> {
    let today = state.today;
    let Screen::Register(reg) = &mut state.screen else {
        return Vec::new();
    };
    let last = RegisterField::ALL.len() - 1;
    match action {
        Action::NextField if reg.focus == last => return submit_registration(state),
        Action::NextField => {
            reg.errors[reg.focus] = check_register_field(reg, RegisterField::ALL[reg.focus], today, false);
            reg.focus += 1;
        }
        Action::PrevField => {
            reg.errors[reg.focus] = check_register_field(reg, RegisterField::ALL[reg.focus], today, false);
            reg.focus = reg.focus.saturating_sub(1);
        }
        Action::Submit => return submit_registration(state),
        Action::Back if reg.is_dirty() => state.overlay = Some(Overlay::Confirm(Confirm::DiscardRegistration)),
        Action::Back => return go_home(state),
        _ => {}
    }
    Vec::new()
}

/// The message for one registration field, if its value is not acceptable. Missing values
/// are only reported when `submitting`, so tabbing through an empty form stays quiet.
fn check_register_field(
    reg: &Register,
    field: RegisterField,
    today: chrono::NaiveDate,
    submitting: bool,
) -> Option<Refusal> {
    let text = reg.input(field).text().trim();
    if text.is_empty() {
        return submitting.then(|| Refusal { message: T::ErrRequired, args: Vec::new() });
    }
    match field {
        RegisterField::DateOfBirth | RegisterField::EntryDate => match parse_date(text) {
            None => Some(Refusal { message: T::ErrDate, args: Vec::new() }),
            Some(date) if date > today => Some(Refusal { message: T::ErrDateFuture, args: Vec::new() }),
            Some(_) => None,
        },
        _ => None,
    }
}

fn submit_registration(state: &mut AppState) -> Vec<Effect> {
    let today = state.today;
    let interviewer = state.interviewer.clone();
    let lang = state.lang;
    let Screen::Register(reg) = &mut state.screen else {
        return Vec::new();
    };
    if reg.submitting {
        return Vec::new();
    }
    for field in RegisterField::ALL {
        reg.errors[field as usize] = check_register_field(reg, field, today, true);
    }
    if let Some(first) = reg.errors.iter().position(Option::is_some) {
        reg.focus = first;
        state.status = Some(Status { text: T::ErrFixFields.get(lang).to_string(), error: true });
        return Vec::new();
    }
    let text = |f: RegisterField| reg.input(f).text().trim().to_string();
    let date = |f: RegisterField| parse_date(reg.input(f).text()).unwrap_or(today);
    let participant = Participant {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        name_ar: text(RegisterField::NameAr),
        name_latin: text(RegisterField::NameLatin),
        date_of_birth: date(RegisterField::DateOfBirth),
        file_number: text(RegisterField::FileNumber),
        facility: text(RegisterField::Facility),
        entry_date: date(RegisterField::EntryDate),
        registered_at: Utc::now(),
        registered_by: interviewer,
    };
    reg.submitting = true;
    vec![Effect::Register(Box::new(participant))]
}

fn on_record(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Screen::Record(record) = &mut state.screen else {
        return Vec::new();
    };
    match action {
        Action::Up => record.selected = record.selected.saturating_sub(1),
        Action::Down => record.selected = (record.selected + 1).min(record.interviews.len().saturating_sub(1)),
        Action::Back => return go_home(state),
        Action::Open => {
            if let Some(interview) = record.interviews.get(record.selected).cloned() {
                let participant = record.participant.clone();
                return open_interview(state, participant, interview);
            }
        }
        Action::NewIntake => {
            let existing =
                record.interviews.iter().find(|i| i.form_id == "intake" && i.status == InterviewStatus::Draft).cloned();
            let participant = record.participant.clone();
            if let Some(draft) = existing {
                let effects = open_interview(state, participant, draft);
                say(state, T::DraftExists);
                return effects;
            }
            let Some(form) = state.forms.iter().find(|f| f.id == "intake").cloned() else {
                complain(state, T::FormMissing.fill(state.lang, &[("form", "intake"), ("version", "")]));
                return Vec::new();
            };
            let now = Utc::now();
            let interview = Interview {
                format: RECORD_FORMAT,
                id: Id::new_random(),
                participant_id: participant.id.clone(),
                form_id: form.id.clone(),
                form_version: form.version,
                interviewer: state.interviewer.clone(),
                status: InterviewStatus::Draft,
                started_at: now,
                updated_at: now,
                finalized_at: None,
                answers: Default::default(),
                position: Position::default(),
            };
            let effects = vec![Effect::SaveDraft(Box::new(interview.clone()))];
            state.screen = Screen::Wizard(Box::new(new_wizard(form, participant, interview, false)));
            return effects;
        }
        _ => {}
    }
    Vec::new()
}

fn open_interview(state: &mut AppState, participant: Participant, interview: Interview) -> Vec<Effect> {
    let form = state.forms.iter().find(|f| f.id == interview.form_id && f.version == interview.form_version).cloned();
    let Some(form) = form else {
        let version = interview.form_version.to_string();
        let text = T::FormMissing.fill(state.lang, &[("form", &interview.form_id), ("version", &version)]);
        complain(state, text);
        return Vec::new();
    };
    let read_only = interview.status == InterviewStatus::Final;
    state.screen = Screen::Wizard(Box::new(new_wizard(form, participant, interview, read_only)));
    Vec::new()
}

fn new_wizard(form: Arc<FormDef>, participant: Participant, interview: Interview, read_only: bool) -> Wizard {
    let position = interview.position;
    let page = if read_only || position.section >= form.sections.len() {
        Page::Review
    } else {
        Page::Section(position.section)
    };
    let mut wizard = Wizard {
        form,
        participant,
        interview,
        page,
        focus: position.field,
        editor: Editor::YesNo(None),
        error: None,
        read_only,
        review_selected: 0,
    };
    if let Page::Section(s) = wizard.page {
        wizard.focus = wizard.focus.min(wizard.form.sections[s].fields.len().saturating_sub(1));
    }
    load_editor(&mut wizard);
    wizard
}

/// Sets the editor from the focused field's stored answer.
fn load_editor(w: &mut Wizard) {
    w.error = None;
    let Some(field) = w.field() else { return };
    let answer = w.interview.answers.get(&field.id);
    let position = |choices: &[crate::form::Choice], value: &str| choices.iter().position(|c| c.value == value);
    w.editor = match (&field.kind, answer) {
        (FieldKind::Single(choices), Some(Answer::Choice(v))) => {
            let chosen = position(choices, v);
            Editor::Choice { highlight: chosen.unwrap_or(0), chosen }
        }
        (FieldKind::Single(_), _) => Editor::Choice { highlight: 0, chosen: None },
        (FieldKind::Multiple(choices), Some(Answer::Choices(vs))) => {
            Editor::Multiple { highlight: 0, ticked: vs.iter().filter_map(|v| position(choices, v)).collect() }
        }
        (FieldKind::Multiple(_), _) => Editor::Multiple { highlight: 0, ticked: BTreeSet::new() },
        (FieldKind::YesNo, Some(Answer::YesNo(b))) => Editor::YesNo(Some(*b)),
        (FieldKind::YesNo, _) => Editor::YesNo(None),
        (FieldKind::Scale { .. }, Some(Answer::Scale(v))) => Editor::Scale(Some(*v)),
        (FieldKind::Scale { .. }, _) => Editor::Scale(None),
        (FieldKind::Notes, a) => Editor::Text(TextInput::multiline(&shown(field, a), field.dir)),
        (_, a) => Editor::Text(TextInput::with_dir(&shown(field, a), field.dir)),
    };
}

fn shown(field: &Field, answer: Option<&Answer>) -> String {
    answer.map(|a| crate::form::format_answer(field, a, crate::i18n::Lang::En)).unwrap_or_default()
}

/// The answer the editor holds now, or the reason it cannot be accepted.
fn editor_answer(field: &Field, editor: &Editor) -> Result<Option<Answer>, Refusal> {
    let choice_value = |i: usize| match &field.kind {
        FieldKind::Single(c) | FieldKind::Multiple(c) => c.get(i).map(|c| c.value.clone()),
        _ => None,
    };
    Ok(match editor {
        Editor::Text(input) => return parse_text_answer(field, input.text()),
        Editor::Choice { chosen, .. } => chosen.and_then(choice_value).map(Answer::Choice),
        Editor::Multiple { ticked, .. } if ticked.is_empty() => None,
        Editor::Multiple { ticked, .. } => {
            Some(Answer::Choices(ticked.iter().filter_map(|i| choice_value(*i)).collect()))
        }
        Editor::YesNo(b) => b.map(Answer::YesNo),
        Editor::Scale(v) => v.map(Answer::Scale),
    })
}

/// Writes the focused field's editor into the interview. Err when the value is refused (the
/// message is set beside the field).
fn commit(w: &mut Wizard) -> Result<(), ()> {
    let Some(field) = w.field().cloned() else { return Ok(()) };
    match editor_answer(&field, &w.editor) {
        Err(refusal) => {
            w.error = Some(refusal);
            Err(())
        }
        Ok(answer) => {
            let changed = match answer {
                Some(a) => w.interview.answers.insert(field.id.clone(), a.clone()) != Some(a),
                None => w.interview.answers.remove(&field.id).is_some(),
            };
            if changed {
                w.interview.updated_at = Utc::now();
            }
            w.error = None;
            Ok(())
        }
    }
}

/// Whether the focused field's editor holds something other than its stored answer.
fn editor_is_dirty(w: &Wizard) -> bool {
    let Some(field) = w.field() else { return false };
    match editor_answer(field, &w.editor) {
        Ok(answer) => answer.as_ref() != w.interview.answers.get(&field.id),
        Err(_) => true,
    }
}

/// Commits the current field and moves to `page`/`focus`, saving the draft there.
fn move_to(w: &mut Wizard, page: Page, focus: usize) -> Vec<Effect> {
    if commit(w).is_err() {
        return Vec::new();
    }
    w.page = page;
    w.focus = focus;
    w.review_selected = 0;
    w.interview.position = match page {
        Page::Section(s) => Position { section: s, field: focus },
        Page::Review => Position { section: w.form.sections.len(), field: 0 },
    };
    load_editor(w);
    vec![Effect::SaveDraft(Box::new(w.interview.clone()))]
}

fn on_wizard(state: &mut AppState, action: Action) -> Vec<Effect> {
    let lang = state.lang;
    let Screen::Wizard(w) = &mut state.screen else {
        return Vec::new();
    };
    let sections = w.form.sections.len();
    let targets = w.review_targets().len();
    if w.read_only {
        match action {
            Action::Up => w.review_selected = w.review_selected.saturating_sub(1),
            Action::Down => w.review_selected = (w.review_selected + 1).min(targets.saturating_sub(1)),
            Action::PageUp => w.review_selected = w.review_selected.saturating_sub(10),
            Action::PageDown => w.review_selected = (w.review_selected + 10).min(targets.saturating_sub(1)),
            Action::Back => return vec![Effect::LoadRecord(w.participant.id.clone())],
            _ => {}
        }
        return Vec::new();
    }
    let Page::Section(s) = w.page else {
        match action {
            Action::Up => w.review_selected = w.review_selected.saturating_sub(1),
            Action::Down => w.review_selected = (w.review_selected + 1).min(targets.saturating_sub(1)),
            Action::Open => {
                if let Some((sec, field)) = w.review_targets().get(w.review_selected) {
                    return move_to(w, Page::Section(*sec), *field);
                }
            }
            Action::PrevSection | Action::PrevField => {
                let last = sections - 1;
                let focus = w.form.sections[last].fields.len().saturating_sub(1);
                return move_to(w, Page::Section(last), focus);
            }
            Action::Finalize => {
                let missing = w.form.missing_required(&w.interview.answers).len();
                if missing == 0 {
                    state.overlay = Some(Overlay::Confirm(Confirm::Finalize));
                } else {
                    complain(state, T::CannotFinalize.fill(lang, &[("n", &missing.to_string())]));
                }
            }
            Action::KeepDraft => {
                let effects = vec![
                    Effect::SaveDraft(Box::new(w.interview.clone())),
                    Effect::LoadRecord(w.participant.id.clone()),
                ];
                say(state, T::DraftSaved);
                return effects;
            }
            Action::Back => return vec![Effect::LoadRecord(w.participant.id.clone())],
            _ => {}
        }
        return Vec::new();
    };
    let field_count = w.form.sections[s].fields.len();
    match action {
        Action::NextField if w.focus + 1 < field_count => move_to(w, Page::Section(s), w.focus + 1),
        Action::NextField | Action::NextSection if s + 1 < sections => move_to(w, Page::Section(s + 1), 0),
        Action::NextField | Action::NextSection => move_to(w, Page::Review, 0),
        Action::PrevField if w.focus > 0 => move_to(w, Page::Section(s), w.focus - 1),
        Action::PrevField if s > 0 => {
            let focus = w.form.sections[s - 1].fields.len().saturating_sub(1);
            move_to(w, Page::Section(s - 1), focus)
        }
        Action::PrevSection => move_to(w, Page::Section(s.saturating_sub(1)), 0),
        Action::Back if editor_is_dirty(w) => {
            state.overlay = Some(Overlay::Confirm(Confirm::DiscardFieldEdit));
            Vec::new()
        }
        Action::Back => vec![Effect::LoadRecord(w.participant.id.clone())],
        _ => {
            edit_choice(w, action, lang.is_rtl());
            Vec::new()
        }
    }
}

/// Choice, yes/no and scale editing keys.
fn edit_choice(w: &mut Wizard, action: Action, rtl: bool) {
    // On a right-to-left screen the scale runs from the right: Left raises the value.
    let action = match (rtl, action) {
        (true, Action::Left) => Action::Right,
        (true, Action::Right) => Action::Left,
        _ => action,
    };
    let Some(field) = w.field() else { return };
    let options = match &field.kind {
        FieldKind::Single(c) | FieldKind::Multiple(c) => c.len(),
        _ => 0,
    };
    let (min, max) = match field.kind {
        FieldKind::Scale { min, max } => (min, max),
        _ => (0, 0),
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
}

fn toggle(set: &mut BTreeSet<usize>, item: usize) {
    if !set.remove(&item) {
        set.insert(item);
    }
}
