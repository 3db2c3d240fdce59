//! Form definitions: the questions of an interview, grouped in sections, with their kinds and
//! labels in the three languages. Forms are data (TOML) so a coordinator can change them
//! without a programmer; the built-in ones are shipped inside the binary.

mod answer;
mod load;

use std::collections::BTreeMap;

pub use answer::{Refusal, ascii_digits, format_answer, format_date, parse_date, parse_integer, parse_text_answer};
pub use load::{builtin_forms, load_form};

use crate::i18n::Lang;
use crate::store::Answer;
use crate::text::Dir;

/// A text in the three languages.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tr {
    pub en: String,
    pub fr: String,
    pub ar: String,
}

impl Tr {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Ar => &self.ar,
        }
    }
}

/// One option of a choice field: the stored value and its label.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Tr,
}

/// What a field asks for; decides its editor, its parsing and how its answer is stored.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// One line of free text.
    Text,
    /// Several lines of free text.
    Notes,
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A calendar date typed dd/mm/yyyy.
    Date,
    Single(Vec<Choice>),
    Multiple(Vec<Choice>),
    YesNo,
    /// A whole number between `min` and `max` picked on a scale (1-5 by default).
    Scale {
        min: i64,
        max: i64,
    },
}

impl FieldKind {
    /// Whether the field is edited by typing text (as opposed to picking).
    pub fn is_typed(&self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::Notes | FieldKind::Integer { .. } | FieldKind::Date)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub id: String,
    pub label: Tr,
    pub hint: Option<Tr>,
    pub kind: FieldKind,
    pub required: bool,
    /// Base direction of the answer: `rtl` for Arabic text, `ltr` for numbers and dates, `auto`
    /// (from the first strong character) for free text.
    pub dir: Dir,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: Tr,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormDef {
    pub id: String,
    pub version: u32,
    pub title: Tr,
    pub sections: Vec<Section>,
}

impl FormDef {
    pub fn field_count(&self) -> usize {
        self.sections.iter().map(|s| s.fields.len()).sum()
    }

    /// Every field with its section and field index, in order.
    pub fn fields(&self) -> impl Iterator<Item = (usize, usize, &Field)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| sec.fields.iter().enumerate().map(move |(f, field)| (s, f, field)))
    }

    /// The required fields without an answer, as (section, field) positions.
    pub fn missing_required(&self, answers: &BTreeMap<String, Answer>) -> Vec<(usize, usize)> {
        self.fields().filter(|(_, _, f)| f.required && !answers.contains_key(&f.id)).map(|(s, i, _)| (s, i)).collect()
    }

    /// How many of the form's fields have an answer.
    pub fn answered(&self, answers: &BTreeMap<String, Answer>) -> usize {
        self.fields().filter(|(_, _, f)| answers.contains_key(&f.id)).count()
    }
}
