//! Form definitions: the questions of an interview, grouped in sections, with their kinds,
//! limits, conditions and labels in the three languages. Forms are data (TOML, see
//! docs/forms.md) so a coordinator can change them without a programmer; the built-in ones are
//! shipped inside the binary. `load` reads and checks a definition, `engine` applies it to the
//! answers of an interview (relevance, validation, calculations), `answer` turns typed text
//! into typed answers.

mod answer;
pub mod checked;
pub mod condition;
pub mod engine;
mod load;
pub mod problem;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use answer::{
    Refusal, ascii_digits, date_refusal, format_answer, format_date, parse_date, parse_decimal, parse_integer,
    parse_text_answer,
};
use condition::Expr;
pub use load::{FormError, builtin_forms, builtin_sources, check_form, load_form, suggest as suggest_word};
pub use problem::Problem;

use crate::i18n::Lang;
use crate::store::{Answer, Stage};
use crate::text::Dir;

/// A text in the three languages; a missing one falls back to another, marked.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tr {
    pub en: Option<String>,
    pub fr: Option<String>,
    pub ar: Option<String>,
}

impl Tr {
    /// The text in `lang`, or in the first language present (English, French, Arabic) with a
    /// marker such as "[en] " in front, so that a missing translation is visible.
    pub fn get(&self, lang: Lang) -> Cow<'_, str> {
        let of = |l: Lang| match l {
            Lang::En => self.en.as_deref(),
            Lang::Fr => self.fr.as_deref(),
            Lang::Ar => self.ar.as_deref(),
        };
        if let Some(text) = of(lang) {
            return Cow::Borrowed(text);
        }
        Lang::ALL.iter().find_map(|l| of(*l).map(|t| Cow::Owned(format!("[{l}] {t}")))).unwrap_or(Cow::Borrowed(""))
    }

    /// A text given in the three languages.
    pub fn new(en: &str, fr: &str, ar: &str) -> Tr {
        Tr { en: Some(en.into()), fr: Some(fr.into()), ar: Some(ar.into()) }
    }
}

/// One option of a choice field: the stored value and its label.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: Tr,
}

/// The type a calculated field produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CalcType {
    Integer,
    Decimal,
    Text,
    Date,
    YesNo,
}

/// A date limit: a fixed day, or the day the interview is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateLimit {
    Fixed(NaiveDate),
    Today,
}

impl DateLimit {
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            DateLimit::Fixed(d) => d,
            DateLimit::Today => today,
        }
    }
}

/// What a field asks for; decides its editor, its parsing and how its answer is stored.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum FieldKind {
    /// One line of free text, with optional length limits and pattern.
    Text {
        min_length: Option<usize>,
        max_length: Option<usize>,
        #[serde(with = "pattern_serde")]
        pattern: Option<(regex::Regex, Tr)>,
    },
    /// Several lines of free text.
    Notes {
        max_length: Option<usize>,
    },
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Decimal {
        min: Option<f64>,
        max: Option<f64>,
    },
    /// A calendar date typed dd/mm/yyyy.
    Date {
        min: Option<DateLimit>,
        max: Option<DateLimit>,
    },
    Single(Vec<Choice>),
    /// Several choices; `min`/`max` bound how many may be ticked.
    Multiple {
        choices: Vec<Choice>,
        min: Option<usize>,
        max: Option<usize>,
    },
    YesNo,
    /// A whole number between `min` and `max` picked on a scale, its ends optionally named.
    Scale {
        min: i64,
        max: i64,
        min_label: Option<Tr>,
        max_label: Option<Tr>,
    },
    /// Read-only guidance for the interviewer: the label is the text; no answer.
    Note,
    /// Read-only, computed from other answers.
    Calculated {
        expr: Expr,
        ty: CalcType,
    },
}

impl FieldKind {
    /// Whether the field is edited by typing text (as opposed to picking).
    pub fn is_typed(&self) -> bool {
        match self {
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. } => true,
            FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. } => false,
        }
    }

    /// Whether the interviewer answers this field (notes and calculations are not answered).
    pub fn is_answered(&self) -> bool {
        match self {
            FieldKind::Note | FieldKind::Calculated { .. } => false,
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. } => true,
        }
    }

    /// Whether the answer is a number or a date (written left to right, in digits).
    pub fn is_numeric(&self) -> bool {
        match self {
            FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Date { .. } => true,
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. } => false,
        }
    }

    /// The lowest and highest value of a scale; None for every other kind.
    pub fn scale_range(&self) -> Option<(i64, i64)> {
        match self {
            FieldKind::Scale { min, max, .. } => Some((*min, *max)),
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Note
            | FieldKind::Calculated { .. } => None,
        }
    }

    /// The most characters (Unicode scalar values, as [`crate::domain::limits`] counts them)
    /// an answer typed into this field may have: the form's `max_length` when it sets one
    /// (the loader allows only a lower one), else Daftar's limit for one line or for notes.
    /// None for fields that are not typed. The text input stops at it while typing and
    /// pasting; the engine refuses a stored answer over it (an old draft, an import).
    pub fn max_chars(&self) -> Option<usize> {
        use crate::domain::limits::{NOTES_MAX_CHARS, ONE_LINE_MAX_CHARS};
        match self {
            FieldKind::Text { max_length, .. } => {
                Some(max_length.unwrap_or(ONE_LINE_MAX_CHARS).min(ONE_LINE_MAX_CHARS))
            }
            FieldKind::Notes { max_length } => Some(max_length.unwrap_or(NOTES_MAX_CHARS).min(NOTES_MAX_CHARS)),
            FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Date { .. } => Some(ONE_LINE_MAX_CHARS),
            FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. } => None,
        }
    }

    /// The options of a choice field.
    pub fn choices(&self) -> &[Choice] {
        match self {
            FieldKind::Single(c) | FieldKind::Multiple { choices: c, .. } => c,
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. } => &[],
        }
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Field {
    pub id: String,
    pub label: Tr,
    pub hint: Option<Tr>,
    pub kind: FieldKind,
    pub required: bool,
    /// Base direction of the answer: `rtl` for Arabic text, `ltr` for numbers and dates, `auto`
    /// (from the first strong character) for free text.
    pub dir: Dir,
    /// Asked only when this holds.
    pub relevant: Option<Expr>,
    /// Must hold for the answer to be accepted, with the message shown when it does not.
    pub constraint: Option<(Expr, Tr)>,
    /// The answer a new interview (or a new repeat item) starts with.
    pub default: Option<Initial>,
    /// What the answer means to reports and charts, if anything.
    pub measure: Option<Measure>,
}

impl Field {
    /// See [`FieldKind::max_chars`].
    pub fn max_chars(&self) -> Option<usize> {
        self.kind.max_chars()
    }
}

/// A field's meaning for reports (`measure = "…"` in the form file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// The day the interview or session took place.
    Date,
    /// The programme axis a session was about (a single choice: self, texts or society).
    SessionAxis,
    /// Whether the participant attended (yes/no, or the choice `attended`).
    Attendance,
    /// A score on one axis: `indicator_self`, `indicator_texts`, `indicator_society`.
    Indicator(String),
}

/// The programme's three axes, as measures and statistics name them.
pub const AXES: [&str; 3] = ["self", "texts", "society"];

/// A default answer: fixed, the day the interview is taken, or the day the participant's
/// latest change to a stage took effect (`default = { stage = "released" }`), so a date the
/// register already holds is offered instead of asked again.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Initial {
    Answer(#[serde(with = "answer_serde")] Answer),
    Today,
    StageDate(Stage),
}

/// The change of stage finalizing an interview of this form records (`stage = { … }` in the
/// form file): the closure closes the file. Recorded in the same store transaction as the
/// interview, so there is never one without the other.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StageChange {
    /// The stage the participant moves to.
    pub to: Stage,
    /// The date field (outside repeat groups, required, always asked) the change takes effect on.
    pub date: String,
    /// The fields whose answers, as the interviewer reads them, make the reason; the first is
    /// required and always asked.
    pub reason: Vec<String>,
}

/// A repeat group's bounds on its number of items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Repeat {
    pub min: usize,
    pub max: usize,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Tr,
    pub fields: Vec<Field>,
    pub relevant: Option<Expr>,
    /// Present for a repeat group: the section is filled once per item.
    pub repeat: Option<Repeat>,
}

/// Which date field schedules the next interview, the interval used when it is empty, and
/// which form the next interview is taken with (this one when not given).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FollowUp {
    pub field: String,
    pub every_days: Option<u32>,
    pub form: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FormDef {
    pub id: String,
    pub version: u32,
    pub title: Tr,
    pub sections: Vec<Section>,
    pub follow_up: Option<FollowUp>,
    /// The change of stage finalizing an interview records, if any.
    pub stage: Option<StageChange>,
    /// The TOML it was read from, kept in the store with every version in use. Not part of the
    /// checked result kept in the store's cache (see [`checked`]): it is the key of that cache.
    #[serde(skip)]
    pub source: String,
}

impl FormDef {
    /// Every field with its section and field index, in order (repeat sections included).
    pub fn fields(&self) -> impl Iterator<Item = (usize, usize, &Field)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| sec.fields.iter().enumerate().map(move |(f, field)| (s, f, field)))
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().map(|(_, _, f)| f).find(|f| f.id == id)
    }

    /// The section a field is in.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.fields.iter().any(|f| f.id == id))
    }
}

/// The answers of one interview: top-level fields by id, repeat groups as lists of items.
pub type Answers = BTreeMap<String, Answer>;

/// A text field's pattern as the cache of checked forms ([`checked`]) keeps it: the compiled
/// expression as its text, compiled again when read (a pattern that no longer compiles makes
/// the entry unreadable, so the form is checked again).
mod pattern_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Tr;

    pub fn serialize<S: Serializer>(pattern: &Option<(regex::Regex, Tr)>, s: S) -> Result<S::Ok, S::Error> {
        pattern.as_ref().map(|(re, message)| (re.as_str(), message)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(regex::Regex, Tr)>, D::Error> {
        match Option::<(String, Tr)>::deserialize(d)? {
            None => Ok(None),
            Some((text, message)) => {
                regex::Regex::new(&text).map(|re| Some((re, message))).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// A default answer as the cache of checked forms ([`checked`]) keeps it: in the store's own
/// JSON form of answers, as text, since the compact encoding the cache uses cannot read the
/// store's tagged answers.
mod answer_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::store::Answer;

    pub fn serialize<S: Serializer>(answer: &Answer, s: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(answer).map_err(serde::ser::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        serde_json::from_str(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
