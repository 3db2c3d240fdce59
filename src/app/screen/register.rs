//! The registration of a new participant: six fields checked as they are left (the rules are
//! the domain's), then on submitting; a file number already taken, a possible duplicate person
//! and a name mixing writing systems are caught before anything is written.

use chrono::Utc;

use super::home;
use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::state::{Confirm, KeyboardRule, Overlay, Screen, Status};
use crate::app::update::{Effect, complain};
use crate::domain::participant;
use crate::form::Refusal;
use crate::i18n::T;
use crate::store::{Id, Participant, RECORD_FORMAT};
use crate::text::Dir;

/// The fields of the registration form, in screen order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegisterField {
    NameAr,
    NameLatin,
    DateOfBirth,
    FileNumber,
    Facility,
    EntryDate,
}

impl RegisterField {
    pub const ALL: [RegisterField; 6] = [
        RegisterField::NameAr,
        RegisterField::NameLatin,
        RegisterField::DateOfBirth,
        RegisterField::FileNumber,
        RegisterField::Facility,
        RegisterField::EntryDate,
    ];

    /// The last field: moving on from it submits the form.
    pub const LAST: RegisterField = RegisterField::EntryDate;

    /// The field after this one; the last stays.
    pub fn next(self) -> RegisterField {
        RegisterField::ALL[(self as usize + 1).min(RegisterField::ALL.len() - 1)]
    }

    /// The field before this one; the first stays.
    pub fn prev(self) -> RegisterField {
        RegisterField::ALL[(self as usize).saturating_sub(1)]
    }

    /// Arabic names right to left; dates and file numbers left to right, even among Arabic.
    pub fn dir(self) -> Dir {
        match self {
            RegisterField::NameAr => Dir::Rtl,
            RegisterField::Facility => Dir::Auto,
            _ => Dir::Ltr,
        }
    }

    pub fn keyboard_rule(self) -> KeyboardRule {
        KeyboardRule::of(self.dir(), matches!(self, RegisterField::DateOfBirth | RegisterField::EntryDate))
    }

    /// The field's name in the keyboard memory.
    pub(in crate::app) fn name(self) -> &'static str {
        match self {
            RegisterField::NameAr => "register/name_ar",
            RegisterField::NameLatin => "register/name_latin",
            RegisterField::DateOfBirth => "register/date_of_birth",
            RegisterField::FileNumber => "register/file_number",
            RegisterField::Facility => "register/facility",
            RegisterField::EntryDate => "register/entry_date",
        }
    }

    pub fn label(self) -> T {
        match self {
            RegisterField::NameAr => T::FieldNameAr,
            RegisterField::NameLatin => T::FieldNameLatin,
            RegisterField::DateOfBirth => T::FieldDob,
            RegisterField::FileNumber => T::FieldFileNo,
            RegisterField::Facility => T::FieldFacility,
            RegisterField::EntryDate => T::FieldEntryDate,
        }
    }
}

pub struct Register {
    pub inputs: [TextInput; 6],
    pub errors: [Option<Refusal>; 6],
    /// The field the keys go to.
    pub focus: RegisterField,
    /// A submission is on its way to the store; ignore a second Ctrl-S.
    pub submitting: bool,
    /// The participant about to be registered and the one already registered who may be the
    /// same person, while the interviewer is asked to confirm.
    pub possible_duplicate: Option<Box<(Participant, crate::store::Person)>>,
    /// The word of a name that mixes writing systems, while the interviewer is asked to confirm.
    pub mixed_script: Option<String>,
    /// The names (Arabic, Latin) the interviewer confirmed despite a mixed-script word.
    pub mixed_script_accepted: Option<(String, String)>,
    /// The form corrects a registered participant (opened from the record) instead of
    /// registering a new one.
    pub editing: Option<Box<Editing>>,
}

/// A correction of a participant's details: the same form, rules and questions as a
/// registration, then a reason, then a new version of the details (see
/// `Store::edit_participant`).
pub struct Editing {
    /// The details as the record showed them.
    pub original: Participant,
    /// The version of the details the correction is made from.
    pub based_on: u32,
    /// The texts the form was opened with: the form is dirty once one differs.
    pub prefilled: [String; 6],
    /// The corrected details, checked, while the reason is asked.
    pub ready: Option<Participant>,
    /// The reason being typed (shown once the details passed every check).
    pub reason: TextInput,
    /// Another session's correction met first ([`conflict`]): what it changed, who and when,
    /// shown under the form until this one is saved.
    pub conflict: Option<String>,
}

impl Default for Register {
    fn default() -> Register {
        Register {
            inputs: RegisterField::ALL.map(|f| TextInput::with_dir("", f.dir())),
            errors: Default::default(),
            focus: RegisterField::NameAr,
            submitting: false,
            possible_duplicate: None,
            mixed_script: None,
            mixed_script_accepted: None,
            editing: None,
        }
    }
}

impl Register {
    pub fn input(&self, field: RegisterField) -> &TextInput {
        &self.inputs[field as usize]
    }

    pub fn is_dirty(&self) -> bool {
        match &self.editing {
            Some(editing) => self.inputs.iter().zip(&editing.prefilled).any(|(i, text)| i.text() != text),
            None => self.inputs.iter().any(|i| !i.is_empty()),
        }
    }

    /// Whether the reason of a correction is being asked (the keys go to it).
    pub fn asks_reason(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.ready.is_some())
    }
}

/// Opens the registration form on `participant`'s details, to correct them (version
/// `based_on`).
pub fn open_edit(state: &mut AppState, participant: Participant, based_on: u32) {
    let prefilled = texts_of(&participant);
    let inputs = RegisterField::ALL.map(|f| TextInput::with_dir(&prefilled[f as usize], f.dir()));
    let editing =
        Editing { original: participant, based_on, prefilled, ready: None, reason: TextInput::new(""), conflict: None };
    state.screen =
        Screen::Register(Box::new(Register { inputs, editing: Some(Box::new(editing)), ..Register::default() }));
}

/// The person's correction met another's, saved first: the form now starts from the other's
/// version. Each field the person changed keeps their text; every other field takes the other
/// version's. The status line says who changed what and when, and stays until the next save:
/// Ctrl-S saves the person's changes on top, Esc drops them.
pub fn conflict(state: &mut AppState, conflict: crate::app::EditConflict) -> Vec<Effect> {
    let lang = state.lang;
    let who = state.authors.name(&conflict.by, lang);
    let Screen::Register(reg) = &mut state.screen else { return Vec::new() };
    let Some(editing) = &mut reg.editing else { return Vec::new() };
    let theirs = texts_of(&conflict.current);
    let (mut changed, mut both) = (Vec::new(), Vec::new());
    for field in RegisterField::ALL {
        let i = field as usize;
        let (base, mine) = (&editing.prefilled[i], reg.inputs[i].text().to_string());
        if theirs[i] == *base {
            continue;
        }
        changed.push(field.label().get(lang));
        if mine == *base {
            reg.inputs[i] = TextInput::with_dir(&theirs[i], field.dir());
        } else if mine != theirs[i] {
            both.push(field.label().get(lang));
        }
    }
    editing.original = conflict.current;
    editing.prefilled = theirs;
    editing.based_on = conflict.now;
    editing.ready = None;
    reg.submitting = false;
    let when = conflict.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string();
    let sep = T::ListSeparator.get(lang);
    let key = |action| crate::app::keymap::key_for(crate::app::keymap::Context::Register, action, lang);
    let (save, back) = (key(crate::app::Action::Submit), key(crate::app::Action::Back));
    let fields = changed.join(sep);
    let mut text = T::CorrConflict
        .fill(lang, &[("who", &who), ("when", &when), ("fields", &fields), ("save", &save), ("back", &back)]);
    if !both.is_empty() {
        text.push(' ');
        text.push_str(&T::CorrConflictBoth.fill(lang, &[("fields", &both.join(sep))]));
    }
    editing.conflict = Some(text);
    crate::app::update::complain(state, T::CorrConflictShort.fill(lang, &[("who", &who)]));
    Vec::new()
}

/// The texts the form shows for `p`'s details.
fn texts_of(p: &Participant) -> [String; 6] {
    let date = crate::form::format_date;
    [
        p.name_ar.clone(),
        p.name_latin.clone(),
        date(p.date_of_birth),
        p.file_number.clone(),
        p.facility.clone(),
        date(p.entry_date),
    ]
}

/// Leaves a correction without writing anything: back to the record.
fn leave_edit(state: &mut AppState) -> Vec<Effect> {
    let Screen::Register(reg) = &state.screen else { return Vec::new() };
    match &reg.editing {
        Some(editing) => {
            state.unsaved = None;
            vec![Effect::ReloadRecord(editing.original.id.clone())]
        }
        None => home::go_home(state),
    }
}

/// The reason is asked for the checked correction `ready`.
pub(in crate::app) fn ask_reason(reg: &mut Register, ready: Participant) {
    if let Some(editing) = &mut reg.editing {
        editing.ready = Some(ready);
    }
}

/// Enter or Ctrl-S on the reason: the correction goes to the store, or an empty reason is
/// refused with a message (nothing written).
fn save_correction(state: &mut AppState) -> Vec<Effect> {
    let lang = state.lang;
    let Some(by) = state.author() else {
        complain(state, T::AuthorNoSession.get(lang).to_string());
        return Vec::new();
    };
    let Screen::Register(reg) = &mut state.screen else { return Vec::new() };
    if reg.submitting {
        return Vec::new();
    }
    let Some(editing) = &mut reg.editing else { return Vec::new() };
    let reason = editing.reason.text().trim().to_string();
    if reason.is_empty() {
        complain(state, T::CorrReasonRequired.get(lang).to_string());
        return Vec::new();
    }
    let Some(record) = editing.ready.clone() else { return Vec::new() };
    reg.submitting = true;
    let correction = crate::app::update::Correction { record, based_on: editing.based_on, by, reason };
    vec![Effect::EditParticipant(Box::new(correction))]
}

/// Opens an empty registration form.
pub fn open(state: &mut AppState) {
    state.screen = Screen::Register(Box::default());
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let today = state.today;
    let Screen::Register(reg) = &mut state.screen else {
        return Vec::new();
    };
    if reg.asks_reason() {
        match action {
            Action::NextField | Action::Submit => return save_correction(state),
            Action::Back => {
                if let Some(editing) = &mut reg.editing {
                    editing.ready = None;
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::NextField if reg.focus == RegisterField::LAST => return submit(state),
        Action::NextField => {
            leave_register_field(reg, today);
            reg.focus = reg.focus.next();
        }
        Action::PrevField => {
            leave_register_field(reg, today);
            reg.focus = reg.focus.prev();
        }
        Action::Submit => return submit(state),
        Action::Back if reg.is_dirty() => state.overlay = Some(Overlay::Confirm(Confirm::DiscardRegistration)),
        Action::Back => return leave_edit(state),
        _ => {}
    }
    Vec::new()
}

/// Checks the field being left; leaving a date also checks the other date, as the two are
/// checked against each other (entry not before birth, a plausible age at entry).
fn leave_register_field(reg: &mut Register, today: chrono::NaiveDate) {
    let field = reg.focus;
    reg.errors[field as usize] = check_register_field(reg, field, today, false);
    let other = match field {
        RegisterField::DateOfBirth => Some(RegisterField::EntryDate),
        RegisterField::EntryDate => Some(RegisterField::DateOfBirth),
        _ => None,
    };
    if let Some(other) = other {
        reg.errors[other as usize] = check_register_field(reg, other, today, false);
    }
}

/// What has been typed into the registration form, as the domain reads a participant.
fn register_entry(reg: &Register) -> participant::Entry<'_> {
    RegisterField::ALL.map(|f| reg.input(f).text())
}

/// The message for one registration field, if its value is not acceptable (the rules are the
/// domain's: [`participant::check`]). Missing values are only reported when `submitting`, so
/// tabbing through an empty form stays quiet.
fn check_register_field(
    reg: &Register,
    field: RegisterField,
    today: chrono::NaiveDate,
    submitting: bool,
) -> Option<Refusal> {
    if reg.input(field).text().trim().is_empty() {
        return submitting.then(|| Refusal::new(T::ErrRequired));
    }
    participant::check_field(&register_entry(reg), participant::Field::ALL[field as usize], today)
}

pub(in crate::app) fn submit(state: &mut AppState) -> Vec<Effect> {
    let editing = matches!(&state.screen, Screen::Register(reg) if reg.editing.is_some());
    let right = if editing { crate::auth::Action::EditParticipant } else { crate::auth::Action::RegisterParticipant };
    if !crate::app::rights::permit(state, right) {
        return Vec::new();
    }
    let today = state.today;
    let lang = state.lang;
    let Some(author) = state.author() else {
        complain(state, T::AuthorNoSession.get(lang).to_string());
        return Vec::new();
    };
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
        reg.focus = RegisterField::ALL[first];
        state.status = Some(Status { text: T::ErrFixFields.get(lang).to_string(), error: true });
        return Vec::new();
    }
    let details = match participant::check(&register_entry(reg), today) {
        Ok(details) => details,
        Err(problems) => {
            for (field, refusal) in problems {
                reg.errors[field as usize] = Some(refusal);
            }
            return Vec::new();
        }
    };
    // A file number that only looks new (`А-1001` beside `A-1001`) is refused before any
    // question, naming the number and the person it collides with.
    let key = crate::domain::file_number_key(&details.file_number);
    // A correction is compared with everyone else: its own file number is no collision.
    let itself = reg.editing.as_ref().map(|e| e.original.id.clone());
    let others = || state.directory.iter().map(|s| &s.participant).filter(|p| Some(&p.id) != itself.as_ref());
    if let Some(taken) = others().find(|p| crate::domain::file_number_key(&p.file_number) == key) {
        let name = if taken.name_latin.trim().is_empty() { &taken.name_ar } else { &taken.name_latin };
        let args = vec![
            ("file", details.file_number.clone()),
            ("other", taken.file_number.clone()),
            ("name", crate::domain::display_name(name).into_owned()),
        ];
        let refusal = Refusal::with(T::ErrFileNumberTaken, args);
        let at = RegisterField::FileNumber;
        state.status = Some(Status { text: refusal.text(lang), error: true });
        reg.errors[at as usize] = Some(refusal);
        reg.focus = at;
        return Vec::new();
    }
    let accepted = (details.name_ar.clone(), details.name_latin.clone());
    if reg.mixed_script_accepted.as_ref() != Some(&accepted)
        && let Some((_, Refusal::Catalog { args, .. })) = participant::warnings(&details).into_iter().next()
    {
        reg.mixed_script = args.into_iter().find(|(k, _)| *k == "word").map(|(_, v)| v);
        state.overlay = Some(Overlay::Confirm(Confirm::RegisterMixedScript));
        return Vec::new();
    }
    let (id, registered_at, registered_by) = match &reg.editing {
        Some(e) => (e.original.id.clone(), e.original.registered_at, e.original.registered_by.clone()),
        None => (Id::new_random(), Utc::now(), author),
    };
    let participant = Participant {
        format: RECORD_FORMAT,
        id,
        name_ar: details.name_ar,
        name_latin: details.name_latin,
        date_of_birth: details.date_of_birth,
        file_number: details.file_number,
        facility: details.facility,
        entry_date: details.entry_date,
        registered_at,
        registered_by,
    };
    if let Some(editing) = &reg.editing
        && (Participant { format: RECORD_FORMAT, ..editing.original.clone() }) == participant
    {
        complain(state, T::CorrNoChange.get(lang).to_string());
        return Vec::new();
    }
    // The look-alike check of registration; a correction is not compared with itself, and
    // one that keeps the name and birth date asks nothing new.
    let same_as_before =
        reg.editing.as_ref().is_some_and(|e| crate::domain::same_person(e.original.identity(), participant.identity()));
    if !same_as_before
        && let Some(same) = state
            .directory
            .iter()
            .filter(|s| Some(&s.participant.id) != itself.as_ref())
            .find(|s| crate::domain::same_person(s.participant.identity(), participant.identity()))
    {
        reg.possible_duplicate = Some(Box::new((participant, same.participant.clone())));
        state.overlay = Some(Overlay::Confirm(Confirm::RegisterDuplicate));
        return Vec::new();
    }
    if reg.editing.is_some() {
        ask_reason(reg, participant);
        return Vec::new();
    }
    reg.submitting = true;
    vec![Effect::Register(Box::new(participant))]
}

/// The store refused the file number: it belongs to someone registered meanwhile.
pub fn refused(state: &mut AppState, file: String) {
    if let Screen::Register(reg) = &mut state.screen {
        let at = RegisterField::FileNumber;
        reg.errors[at as usize] = Some(Refusal::with(T::ErrDuplicateFileNo, vec![("file", file.clone())]));
        reg.focus = at;
        reg.submitting = false;
    }
    state.status = Some(Status { text: T::ErrDuplicateFileNo.fill(state.lang, &[("file", &file)]), error: true });
}
