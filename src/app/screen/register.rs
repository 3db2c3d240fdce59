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
        }
    }
}

impl Register {
    pub fn input(&self, field: RegisterField) -> &TextInput {
        &self.inputs[field as usize]
    }

    pub fn is_dirty(&self) -> bool {
        self.inputs.iter().any(|i| !i.is_empty())
    }
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
        Action::Back => return home::go_home(state),
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
    if !crate::app::rights::permit(state, crate::auth::Action::RegisterParticipant) {
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
    if let Some(taken) =
        state.directory.iter().map(|s| &s.participant).find(|p| crate::domain::file_number_key(&p.file_number) == key)
    {
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
    let participant = Participant {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        name_ar: details.name_ar,
        name_latin: details.name_latin,
        date_of_birth: details.date_of_birth,
        file_number: details.file_number,
        facility: details.facility,
        entry_date: details.entry_date,
        registered_at: Utc::now(),
        registered_by: author,
    };
    if let Some(same) =
        state.directory.iter().find(|s| crate::domain::same_person(s.participant.identity(), participant.identity()))
    {
        reg.possible_duplicate = Some(Box::new((participant, same.participant.clone())));
        state.overlay = Some(Overlay::Confirm(Confirm::RegisterDuplicate));
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
