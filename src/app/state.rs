//! Everything the screen shows, in one [`AppState`]. Only `update` changes it; the view reads it.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;

use super::input::TextInput;
use super::keymap::Context;
use super::msg::ParticipantRow;
use crate::form::{FieldKind, FormDef, Refusal};
use crate::i18n::{Lang, T};
use crate::store::{Interview, Participant};
use crate::text::{BidiMode, Dir};

pub struct AppState {
    pub lang: Lang,
    /// Shown on the help screen so an administrator can find the data.
    pub store_path: String,
    pub interviewer: String,
    pub forms: Vec<Arc<FormDef>>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Today's date, injected so tests do not depend on the clock.
    pub today: NaiveDate,
    /// Who reorders and shapes right-to-left text: Daftar or the terminal.
    pub bidi: BidiMode,
    /// The keyboard layer chosen per kind of input (true: the Arabic layer); a kind not in the
    /// map starts in the Arabic layer only when it is [`InputKind::Arabic`].
    pub keyboards: std::collections::BTreeMap<InputKind, bool>,
}

/// Kinds of text input, for remembering the keyboard layer the interviewer chose for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Declared Arabic (right to left): starts in the Arabic layer.
    Arabic,
    /// Free text in any script.
    Text,
    /// Numbers, dates and identifiers.
    Number,
}

impl InputKind {
    /// The kind of an input by its declared direction and whether it holds numbers.
    pub fn of(dir: Dir, numeric: bool) -> InputKind {
        match (dir, numeric) {
            (_, true) => InputKind::Number,
            (Dir::Rtl, false) => InputKind::Arabic,
            _ => InputKind::Text,
        }
    }
}

/// A one-line message at the bottom of the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub enum Overlay {
    Help { scroll: usize },
    Confirm(Confirm),
}

/// A yes/no question, and what a yes does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    DiscardRegistration,
    DiscardFieldEdit,
    QuitDiscardRegistration,
    Finalize,
}

impl Confirm {
    pub fn question(self) -> T {
        match self {
            Confirm::DiscardRegistration | Confirm::DiscardFieldEdit => T::ConfirmDiscard,
            Confirm::QuitDiscardRegistration => T::ConfirmQuitDiscard,
            Confirm::Finalize => T::ConfirmFinalize,
        }
    }
}

pub enum Screen {
    /// Asks the interviewer's name once, on the first run.
    FirstRun(TextInput),
    /// The display mode chooser, with a sample line in each mode.
    Settings {
        selected: usize,
    },
    Home(Home),
    Register(Box<Register>),
    Record(Record),
    Wizard(Box<Wizard>),
}

#[derive(Default)]
pub struct Home {
    pub rows: Vec<ParticipantRow>,
    pub filter: TextInput,
    pub filtering: bool,
    pub selected: usize,
}

impl Home {
    /// The rows the filter lets through, in display order.
    pub fn visible(&self) -> Vec<&ParticipantRow> {
        let needle = self.filter.text().trim().to_lowercase();
        self.rows
            .iter()
            .filter(|r| {
                needle.is_empty() || {
                    let p = &r.participant;
                    [&p.name_ar, &p.name_latin, &p.file_number, &p.facility]
                        .iter()
                        .any(|s| s.to_lowercase().contains(&needle))
                }
            })
            .collect()
    }
}

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

    /// Arabic names right to left; dates and file numbers left to right, even among Arabic.
    pub fn dir(self) -> Dir {
        match self {
            RegisterField::NameAr => Dir::Rtl,
            RegisterField::Facility => Dir::Auto,
            _ => Dir::Ltr,
        }
    }

    pub fn input_kind(self) -> InputKind {
        InputKind::of(self.dir(), matches!(self, RegisterField::DateOfBirth | RegisterField::EntryDate))
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
    pub focus: usize,
    /// A submission is on its way to the store; ignore a second Ctrl-S.
    pub submitting: bool,
}

impl Default for Register {
    fn default() -> Register {
        Register {
            inputs: RegisterField::ALL.map(|f| TextInput::with_dir("", f.dir())),
            errors: Default::default(),
            focus: 0,
            submitting: false,
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

pub struct Record {
    pub participant: Participant,
    /// Newest first.
    pub interviews: Vec<Interview>,
    pub selected: usize,
}

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

pub struct Wizard {
    pub form: Arc<FormDef>,
    pub participant: Participant,
    pub interview: Interview,
    pub page: Page,
    /// The focused field within the section.
    pub focus: usize,
    pub editor: Editor,
    pub error: Option<Refusal>,
    /// A finalized interview, shown but not editable.
    pub read_only: bool,
    /// Selected line of the review page.
    pub review_selected: usize,
}

impl Wizard {
    pub fn field(&self) -> Option<&crate::form::Field> {
        match self.page {
            Page::Section(s) => self.form.sections.get(s)?.fields.get(self.focus),
            Page::Review => None,
        }
    }
}

impl AppState {
    /// The keyboard context: which bindings the keymap applies now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Help { .. }) => Context::Help,
            None => self.screen_context(),
        }
    }

    /// The context of the screen under any overlay; the help screen lists its keys.
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::FirstRun(_) => Context::FirstRun,
            Screen::Settings { .. } => Context::Settings,
            Screen::Home(h) if h.filtering => Context::HomeFilter,
            Screen::Home(_) => Context::Home,
            Screen::Register(_) => Context::Register,
            Screen::Record(_) => Context::Record,
            Screen::Wizard(w) if w.read_only => Context::ReadOnly,
            Screen::Wizard(w) => match w.field().map(|f| &f.kind) {
                None => Context::Review,
                Some(FieldKind::Notes) => Context::NotesField,
                Some(FieldKind::Single(_)) => Context::ChoiceField,
                Some(FieldKind::Multiple(_)) => Context::MultiField,
                Some(FieldKind::YesNo) => Context::YesNoField,
                Some(FieldKind::Scale { .. }) => Context::ScaleField,
                Some(_) => Context::TextField,
            },
        }
    }
}

/// One line of the review page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewLine {
    /// "Missing required answers", followed by one `Missing` line each.
    MissingHeading,
    /// Shown instead of the missing list when nothing required is missing.
    NothingMissing,
    Missing(usize, usize),
    /// A section title, followed by its `Answer` lines.
    Section(usize),
    Answer(usize, usize),
}

impl ReviewLine {
    /// The question a line points at, for lines the interviewer can select and jump to.
    pub fn target(self) -> Option<(usize, usize)> {
        match self {
            ReviewLine::Missing(s, f) | ReviewLine::Answer(s, f) => Some((s, f)),
            _ => None,
        }
    }
}

impl Wizard {
    /// The review page: missing required answers first (not in a read-only interview, which
    /// has none), then every question with its answer, section by section.
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        let mut lines = Vec::new();
        if !self.read_only {
            let missing = self.form.missing_required(&self.interview.answers);
            if missing.is_empty() {
                lines.push(ReviewLine::NothingMissing);
            } else {
                lines.push(ReviewLine::MissingHeading);
                lines.extend(missing.into_iter().map(|(s, f)| ReviewLine::Missing(s, f)));
            }
        }
        for (s, section) in self.form.sections.iter().enumerate() {
            lines.push(ReviewLine::Section(s));
            lines.extend((0..section.fields.len()).map(|f| ReviewLine::Answer(s, f)));
        }
        lines
    }

    /// The questions the review page lets the interviewer select, in order.
    pub fn review_targets(&self) -> Vec<(usize, usize)> {
        self.review_lines().into_iter().filter_map(ReviewLine::target).collect()
    }
}

impl AppState {
    /// The kind of the text input that has the focus, if one has.
    pub fn focused_input_kind(&self) -> Option<InputKind> {
        if self.overlay.is_some() {
            return None;
        }
        match &self.screen {
            Screen::FirstRun(_) => Some(InputKind::Text),
            Screen::Home(h) if h.filtering => Some(InputKind::Text),
            Screen::Register(reg) => Some(RegisterField::ALL[reg.focus].input_kind()),
            Screen::Wizard(w) if !w.read_only => w
                .field()
                .filter(|f| f.kind.is_typed())
                .map(|f| InputKind::of(f.dir, matches!(f.kind, FieldKind::Integer { .. } | FieldKind::Date))),
            _ => None,
        }
    }

    /// Whether keys typed into the focused input go through the Arabic layer.
    pub fn arabic_keyboard(&self) -> bool {
        self.focused_input_kind()
            .is_some_and(|kind| self.keyboards.get(&kind).copied().unwrap_or(kind == InputKind::Arabic))
    }
}
