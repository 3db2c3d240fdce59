//! Reading a form definition from TOML and checking all of it, reporting every mistake with its
//! line and column in words a coordinator can act on: malformed TOML, unknown keys (with a
//! "did you mean"), duplicate ids, missing translations, choice lists that do not exist,
//! limits that do not fit the kind, and conditions that do not parse or type-check. The format
//! is documented in docs/forms.md.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::condition::{self, FieldInfo, Type};
use super::problem::Problem;
use super::{
    CalcType, Choice, DateLimit, Field, FieldKind, FollowUp, FormDef, Initial, Measure, Repeat, Section, StageChange,
    Tr,
};
use crate::domain::limits::{NOTES_MAX_CHARS, ONE_LINE_MAX_CHARS};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::store::{Answer, Stage};
use crate::text::Dir;

/// The forms compiled into the binary, by file name.
const BUILTIN: &[(&str, &str)] = &[
    ("intake.toml", include_str!("builtin/intake.toml")),
    ("intake_v1.toml", include_str!("builtin/intake_v1.toml")),
    ("progress.toml", include_str!("builtin/progress.toml")),
    ("aftercare.toml", include_str!("builtin/aftercare.toml")),
    ("aftercare_v1.toml", include_str!("builtin/aftercare_v1.toml")),
    ("closure.toml", include_str!("builtin/closure.toml")),
    ("closure_v1.toml", include_str!("builtin/closure_v1.toml")),
];

/// One mistake in a form definition, where it is; its message is said in a language by
/// [`FormError::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub line: usize,
    pub column: usize,
    pub message: Problem,
}

impl FormError {
    /// "LINE:COLUMN: message" in `lang`, values isolated (commands print it through
    /// `i18n::plain`).
    pub fn text(&self, lang: Lang) -> String {
        format!("{}:{}: {}", self.line, self.column, self.message.text(lang))
    }
}

/// In English, as `daftar forms check` prints it without `--lang`.
impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The built-in forms' sources, by file name.
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    BUILTIN
}

/// Every built-in form, checked. A broken built-in form is a bug in this build, reported as an
/// error rather than a panic.
pub fn builtin_forms() -> Result<Vec<Arc<FormDef>>> {
    BUILTIN.iter().map(|(name, text)| load_form(name, text).map(Arc::new)).collect()
}

/// Parses and checks one form definition; `origin` names it in the error.
pub fn load_form(origin: &str, text: &str) -> Result<FormDef> {
    check_form(text).map_err(|errors| Error::Form {
        id: origin.to_string(),
        detail: errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
    })
}

/// Parses and checks one form definition, returning every mistake found.
pub fn check_form(text: &str) -> Result<FormDef, Vec<FormError>> {
    super::checked::count_check();
    let mut loader = Loader { text, errors: Vec::new() };
    let form = match DeTable::parse(text) {
        Ok(table) => loader.form(&table),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            loader.error(span, P::new(T::FlNotToml).with("detail", first_line(e.message())));
            None
        }
    };
    let mut errors = loader.errors;
    errors.sort_by_key(|(span, _)| span.start);
    match (form, errors.is_empty()) {
        (Some(form), true) => Ok(form),
        _ => {
            // Where each line starts, found once: an error's line is then a binary search, not
            // a count of the line breaks before it.
            let starts: Vec<usize> =
                std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
            Err(errors.into_iter().map(|(span, message)| locate(text, &starts, span.start, message)).collect())
        }
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim_end_matches('.')
}

fn locate(text: &str, starts: &[usize], offset: usize, message: Problem) -> FormError {
    let offset = offset.min(text.len());
    // The lines starting at or before `offset`; the last of them holds it.
    let line = starts.partition_point(|&s| s <= offset).max(1);
    let start = starts.get(line - 1).copied().unwrap_or(0);
    let column = text.get(start..offset).map_or(0, |l| l.chars().count()) + 1;
    FormError { line, column, message }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = if len <= 3 { 1 } else { (len / 3).clamp(2, 3) };
    candidates.into_iter().map(|c| (distance(word, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

type P = Problem;

/// The phrase naming the field `id`, the section `id`, or the key `key` of an owner.
fn field_words(id: &str) -> P {
    P::new(T::FlField).with("id", id)
}

fn section_words(id: &str) -> P {
    P::new(T::FlSection).with("id", id)
}

fn key_of(key: &str, owner: &P) -> P {
    P::new(T::FlKeyOf).with("key", key).words("owner", owner.clone())
}

fn quoted(key: &str) -> P {
    P::new(T::FlQuoted).with("key", key)
}

const FORM_KEYS: &[&str] = &["id", "version", "title", "follow_up", "stage", "choices", "section"];
/// The stages a form's `stage` or a date `default = { stage = … }` may name, as stored.
const STAGES: &[(&str, Stage)] = &[
    ("intake", Stage::Intake),
    ("in_programme", Stage::InProgramme),
    ("released", Stage::Released),
    ("aftercare", Stage::Aftercare),
    ("closed", Stage::Closed),
];
const SECTION_KEYS: &[&str] = &["id", "title", "relevant", "repeat", "field"];
const FIELD_KEYS: &[&str] = &[
    "id",
    "kind",
    "label",
    "hint",
    "required",
    "dir",
    "relevant",
    "constraint",
    "constraint_message",
    "default",
    "choices",
    "min",
    "max",
    "min_length",
    "max_length",
    "pattern",
    "pattern_message",
    "min_label",
    "max_label",
    "calculation",
    "type",
    "measure",
];
const MEASURES: &[&str] =
    &["date", "session_axis", "attendance", "indicator_self", "indicator_texts", "indicator_society"];
const KINDS: &[&str] =
    &["text", "notes", "integer", "decimal", "date", "single", "multiple", "yesno", "scale", "note", "calculated"];
const CALC_TYPES: &[&str] = &["integer", "decimal", "text", "date", "yesno"];
/// The date limit and default that mean the day of the interview.
const TODAY: &str = "today";

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

/// A condition waiting for every field to be known before it is compiled.
struct Pending {
    /// Where the expression's text starts in the file.
    span: Range<usize>,
    source: String,
    /// The repeat section the condition is inside, if any: its fields are visible too.
    scope: Option<usize>,
    target: Target,
}

#[derive(Clone, Copy)]
enum Target {
    SectionRelevant(usize),
    FieldRelevant(usize, usize),
    Constraint(usize, usize),
    /// The last flag says whether the field's type is known (else any result type is taken,
    /// the missing type being reported already).
    Calculation(usize, usize, CalcType, bool),
}

struct Loader<'t> {
    text: &'t str,
    errors: Vec<(Range<usize>, Problem)>,
}

impl Loader<'_> {
    fn error(&mut self, span: Range<usize>, message: Problem) {
        self.errors.push((span, message));
    }

    /// Reports keys of `table` that are not in `allowed`.
    fn known_keys(&mut self, table: &Table, allowed: &[&str], what: &P) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let hint = suggest(name, allowed.iter().copied());
                self.error(
                    key.span(),
                    P::new(T::FlUnknownKey).with("key", name).words("what", what.clone()).hint(hint),
                );
            }
        }
    }

    fn get<'a, 'i>(table: &'a Table<'i>, key: &str) -> Option<&'a Value<'i>> {
        table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    fn string(&mut self, table: &Table, key: &str, what: &P) -> Option<(String, Range<usize>)> {
        match Self::get(table, key) {
            None => None,
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Some((s.to_string(), v.span())),
                _ => {
                    self.error(v.span(), P::new(T::FlNotText).with("key", key).words("what", what.clone()));
                    None
                }
            },
        }
    }

    fn integer(&mut self, value: &Value, key: &str) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().or_else(|| {
                self.error(value.span(), P::new(T::FlTooLarge).with("key", key));
                None
            }),
            _ => {
                self.error(value.span(), P::new(T::FlNotWhole).with("key", key));
                None
            }
        }
    }

    fn number(&mut self, value: &Value, key: &str) -> Option<f64> {
        match value.get_ref() {
            DeValue::Integer(_) => self.integer(value, key).map(|i| i as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
            _ => {
                self.error(value.span(), P::new(T::FlNotNumber).with("key", key));
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str) -> bool {
        match Self::get(table, key) {
            None => false,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    self.error(v.span(), P::new(T::FlNotBool).with("key", key));
                    false
                }
            },
        }
    }

    fn ident(&mut self, table: &Table, table_span: Range<usize>, what: &P) -> Option<(String, Range<usize>)> {
        let Some((id, span)) = self.string(table, "id", what) else {
            self.error(table_span, P::new(T::FlNeedsId).words("what", what.clone()));
            return None;
        };
        let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.error(span.clone(), P::new(T::FlBadId).with("id", &id));
        }
        Some((id, span))
    }

    /// A text in the three languages; `required` reports its absence.
    fn tr(&mut self, table: &Table, key: &str, owner: &P, owner_span: &Range<usize>, required: bool) -> Option<Tr> {
        let of = |t: T| P::new(t).with("key", key).words("owner", owner.clone());
        let Some(value) = Self::get(table, key) else {
            if required {
                self.error(owner_span.clone(), of(T::FlNeedsTr));
            }
            return None;
        };
        let DeValue::Table(texts) = value.get_ref() else {
            self.error(value.span(), of(T::FlTrNotTable));
            return None;
        };
        self.known_keys(texts, &["en", "fr", "ar"], &of(T::FlTrLanguages));
        let mut tr = Tr::default();
        for (lang, slot) in [("en", &mut tr.en), ("fr", &mut tr.fr), ("ar", &mut tr.ar)] {
            if let Some((text, span)) = self.string(texts, lang, owner) {
                if text.trim().is_empty() {
                    self.error(span, of(T::FlTrEmpty).with("lang", lang));
                } else if let Some(message) = self.stored_text(&text, crate::text::Lines::Single) {
                    self.error(span, of(T::FlTrBadText).with("lang", lang).words("message", message));
                } else {
                    *slot = Some(text);
                }
            }
        }
        if tr.en.is_none() && tr.fr.is_none() && tr.ar.is_none() {
            self.error(value.span(), of(T::FlTrNone));
            return None;
        }
        Some(tr)
    }

    /// Why `text` may not be shown or stored as it is, if it may not: a control character (a
    /// line break in one line), or a bidi control. Stored text has no bidi controls (Daftar
    /// orders text itself), and an invisible override in a label would show it in another
    /// order than the one it is read in, so it is refused rather than silently dropped.
    fn stored_text(&self, text: &str, lines: crate::text::Lines) -> Option<Problem> {
        let code = |c: char| format!("{:04X}", u32::from(c));
        if let Some((index, c)) = text.chars().enumerate().find(|(_, c)| is_bidi_mark(*c)) {
            return Some(P::new(T::FlBidiControl).with("code", code(c)).with("index", index));
        }
        crate::text::sanitize(text, lines)
            .err()
            .map(|e| P::new(T::FlControlChar).with("code", code(e.ch)).with("index", e.index))
    }

    fn form(&mut self, doc: &Spanned<Table>) -> Option<FormDef> {
        let table = doc.get_ref();
        let whole = doc.span();
        let the_form = P::new(T::FlTheForm);
        self.known_keys(table, FORM_KEYS, &the_form);
        let id = self.ident(table, 0..0, &the_form);
        let version = match Self::get(table, "version") {
            None => {
                self.error(0..0, P::new(T::FlNeedsVersion));
                None
            }
            Some(v) => match self.integer(v, "version") {
                Some(n) if (1..=u32::MAX as i64).contains(&n) => Some(n as u32),
                Some(_) => {
                    self.error(v.span(), P::new(T::FlVersionZero));
                    None
                }
                None => None,
            },
        };
        let title = self.tr(table, "title", &the_form, &(0..0), true);
        let choices = self.choices(table);
        let sections = match Self::get(table, "section") {
            None => {
                self.error(whole.end..whole.end, P::new(T::FlNoSections));
                Vec::new()
            }
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => items.iter().filter_map(|s| self.section(s, &choices)).collect(),
                _ => {
                    self.error(v.span(), P::new(T::FlSectionNotTables));
                    Vec::new()
                }
            },
        };
        let mut form = FormDef {
            id: id.map(|(id, _)| id).unwrap_or_default(),
            version: version.unwrap_or(1),
            title: title.unwrap_or_default(),
            sections: sections.into_iter().map(|(s, _)| s).collect(),
            follow_up: None,
            stage: None,
            source: self.text.to_string(),
        };
        self.unique_ids(table);
        self.conditions(table, &mut form);
        form.follow_up = self.follow_up(table, &form);
        form.stage = self.stage_change(table, &form);
        Some(form)
    }

    fn choices(&mut self, table: &Table) -> BTreeMap<String, (Vec<Choice>, Range<usize>)> {
        let mut lists = BTreeMap::new();
        let Some(value) = Self::get(table, "choices") else { return lists };
        let DeValue::Table(named) = value.get_ref() else {
            self.error(value.span(), P::new(T::FlChoicesNotTable));
            return lists;
        };
        for (name, list) in named.iter() {
            let name_str = name.get_ref().to_string();
            let DeValue::Array(items) = list.get_ref() else {
                self.error(list.span(), P::new(T::FlChoiceListNotList).with("list", &name_str));
                continue;
            };
            let mut seen = HashSet::new();
            let mut choices = Vec::new();
            for item in items.iter() {
                let owner = P::new(T::FlAChoiceOf).with("list", &name_str);
                let DeValue::Table(t) = item.get_ref() else {
                    self.error(item.span(), P::new(T::FlChoiceNotTable).words("owner", owner));
                    continue;
                };
                self.known_keys(t, &["value", "label"], &owner);
                let Some((value, span)) = self.string(t, "value", &owner) else {
                    self.error(item.span(), P::new(T::FlChoiceNeedsValue).words("owner", owner));
                    continue;
                };
                if value.is_empty() || !value.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                    self.error(span.clone(), P::new(T::FlChoiceValueChars).with("value", &value));
                }
                if !seen.insert(value.clone()) {
                    self.error(span, P::new(T::FlChoiceValueTwice).with("value", &value).with("list", &name_str));
                    continue;
                }
                let label = self.tr(t, "label", &owner, &item.span(), true).unwrap_or_default();
                choices.push(Choice { value, label });
            }
            if choices.is_empty() {
                self.error(list.span(), P::new(T::FlChoiceListEmpty).with("list", &name_str));
            }
            lists.insert(name_str, (choices, name.span()));
        }
        lists
    }

    fn section(
        &mut self,
        value: &Value,
        choices: &BTreeMap<String, (Vec<Choice>, Range<usize>)>,
    ) -> Option<(Section, Range<usize>)> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(value.span(), P::new(T::FlSectionNotTables));
            return None;
        };
        let span = value.span();
        let a_section = P::new(T::FlASection);
        self.known_keys(table, SECTION_KEYS, &a_section);
        let (id, id_span) = self.ident(table, span.clone(), &a_section)?;
        let owner = section_words(&id);
        let title = self.tr(table, "title", &owner, &id_span, true).unwrap_or_default();
        let repeat = Self::get(table, "repeat").and_then(|v| self.repeat(v, &owner));
        let fields = match Self::get(table, "field") {
            None => {
                self.error(id_span.clone(), P::new(T::FlNoFields).words("owner", owner.clone()));
                Vec::new()
            }
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => items.iter().filter_map(|f| self.field(f, choices)).collect(),
                _ => {
                    self.error(v.span(), P::new(T::FlFieldsNotTables).words("owner", owner.clone()));
                    Vec::new()
                }
            },
        };
        if repeat.is_some()
            && let Some(f) = fields.iter().find(|f| matches!(f.default, Some(Initial::StageDate(_))))
        {
            self.error(id_span.clone(), P::new(T::FlStageDefaultInRepeat).with("id", &f.id).words("owner", owner));
        }
        Some((Section { id, title, fields, relevant: None, repeat }, span))
    }

    fn repeat(&mut self, value: &Value, owner: &P) -> Option<Repeat> {
        let DeValue::Table(t) = value.get_ref() else {
            self.error(value.span(), P::new(T::FlRepeatNotTable).words("owner", owner.clone()));
            return None;
        };
        self.known_keys(t, &["min", "max"], &key_of("repeat", owner));
        let min = Self::get(t, "min").and_then(|v| self.integer(v, "min")).unwrap_or(0);
        let max = Self::get(t, "max").and_then(|v| self.integer(v, "max")).unwrap_or(50);
        if min < 0 || max < 1 || min > max {
            self.error(value.span(), P::new(T::FlRepeatBounds).words("owner", owner.clone()));
        }
        // Still a repeat group, so conditions using it do not report it missing too.
        let max = max.max(1) as usize;
        Some(Repeat { min: (min.max(0) as usize).min(max), max })
    }

    fn field(&mut self, value: &Value, choices: &BTreeMap<String, (Vec<Choice>, Range<usize>)>) -> Option<Field> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(value.span(), P::new(T::FlFieldNotTable));
            return None;
        };
        let span = value.span();
        let a_field = P::new(T::FlAField);
        self.known_keys(table, FIELD_KEYS, &a_field);
        let (id, id_span) = self.ident(table, span.clone(), &a_field)?;
        let owner = field_words(&id);
        let label = self.tr(table, "label", &owner, &id_span, true).unwrap_or_default();
        let hint = self.tr(table, "hint", &owner, &id_span, false);
        let Some((kind_name, kind_span)) = self.string(table, "kind", &owner) else {
            self.error(id_span, P::new(T::FlNeedsKind).words("owner", owner).with("kinds", KINDS.join(", ")));
            return None;
        };
        let kind = self.kind(table, &kind_name, kind_span, &owner, choices)?;
        let required = self.boolean(table, "required");
        if required && !kind.is_answered() {
            let key = Self::get(table, "required").map_or(id_span.clone(), Value::span);
            self.error(key, P::new(T::FlRequiredNoAnswer).words("owner", owner.clone()).with("kind", &kind_name));
        }
        let dir = match self.string(table, "dir", &owner) {
            None if kind.is_numeric() || matches!(kind, FieldKind::Scale { .. }) => Dir::Ltr,
            None => Dir::Auto,
            Some((name, span)) => name.parse().unwrap_or_else(|_| {
                self.error(span, P::new(T::FlBadDir).words("owner", owner.clone()));
                Dir::Auto
            }),
        };
        let default = Self::get(table, "default").and_then(|v| self.default(v, &kind, &owner));
        for (key, applies) in [
            ("min_length", matches!(kind, FieldKind::Text { .. })),
            ("max_length", matches!(kind, FieldKind::Text { .. } | FieldKind::Notes { .. })),
            ("pattern", matches!(kind, FieldKind::Text { .. })),
            ("pattern_message", matches!(kind, FieldKind::Text { .. })),
            ("min_label", matches!(kind, FieldKind::Scale { .. })),
            ("max_label", matches!(kind, FieldKind::Scale { .. })),
            ("calculation", matches!(kind, FieldKind::Calculated { .. })),
            ("type", matches!(kind, FieldKind::Calculated { .. })),
            ("choices", matches!(kind, FieldKind::Single(_) | FieldKind::Multiple { .. })),
            ("default", kind.is_answered()),
            ("constraint", kind.is_answered()),
            (
                "min",
                !matches!(
                    kind,
                    FieldKind::Text { .. } | FieldKind::Notes { .. } | FieldKind::Single(_) | FieldKind::YesNo
                ) && kind.is_answered(),
            ),
        ] {
            let key_max = if key == "min" { "max" } else { key };
            for key in [key, key_max] {
                if !applies && let Some(v) = Self::get(table, key) {
                    let message =
                        P::new(T::FlNotForKind).with("key", key).words("owner", owner.clone()).with("kind", &kind_name);
                    self.error(v.span(), message);
                }
            }
        }
        if Self::get(table, "constraint_message").is_some() && Self::get(table, "constraint").is_none() {
            let span = Self::get(table, "constraint_message").map_or(0..0, Value::span);
            self.error(span, P::new(T::FlMessageNoConstraint).words("owner", owner.clone()));
        }
        let measure = self.string(table, "measure", &owner).and_then(|(name, span)| {
            let measure = match name.as_str() {
                "date" if matches!(kind, FieldKind::Date { .. }) => Measure::Date,
                "session_axis" if matches!(&kind, FieldKind::Single(c) if c.iter().all(|c| super::AXES.contains(&c.value.as_str()))) => {
                    Measure::SessionAxis
                }
                "attendance" if matches!(kind, FieldKind::Single(_) | FieldKind::YesNo) => Measure::Attendance,
                n if n.starts_with("indicator_")
                    && MEASURES.contains(&n)
                    && matches!(kind, FieldKind::Scale { .. } | FieldKind::Integer { .. }) =>
                {
                    Measure::Indicator(n.trim_start_matches("indicator_").to_string())
                }
                n if MEASURES.contains(&n) => {
                    let needs = match n {
                        "date" => T::FlNeedsDateField,
                        "session_axis" => T::FlNeedsAxis,
                        "attendance" => T::FlNeedsAttendance,
                        _ => T::FlNeedsScale,
                    };
                    let message =
                        P::new(T::FlMeasureNeeds).with("measure", n).words("owner", owner.clone()).words("needs", P::new(needs));
                    self.error(span, message);
                    return None;
                }
                other => {
                    let message = P::new(T::FlUnknownMeasure)
                        .with("measure", other)
                        .words("owner", owner.clone())
                        .with("all", MEASURES.join(", "))
                        .hint(suggest(other, MEASURES.iter().copied()));
                    self.error(span, message);
                    return None;
                }
            };
            Some(measure)
        });
        Some(Field { id, label, hint, kind, required, dir, relevant: None, constraint: None, default, measure })
    }

    fn kind(
        &mut self,
        table: &Table,
        name: &str,
        span: Range<usize>,
        owner: &P,
        choices: &BTreeMap<String, (Vec<Choice>, Range<usize>)>,
    ) -> Option<FieldKind> {
        let int = |this: &mut Self, key: &str| Self::get(table, key).and_then(|v| this.integer(v, key));
        let count = |this: &mut Self, key: &str| {
            let v = Self::get(table, key)?;
            let n = this.integer(v, key)?;
            if n < 0 {
                this.error(v.span(), P::new(T::FlNegative).with("key", key).words("owner", owner.clone()));
                return None;
            }
            Some(n as usize)
        };
        let list = |this: &mut Self| -> Option<Vec<Choice>> {
            let Some((list, list_span)) = this.string(table, "choices", owner) else {
                this.error(span.clone(), P::new(T::FlNeedsChoices).words("owner", owner.clone()).with("kind", name));
                return None;
            };
            match choices.get(&list) {
                Some((c, _)) => Some(c.clone()),
                None => {
                    let hint = suggest(&list, choices.keys().map(String::as_str));
                    this.error(list_span, P::new(T::FlNoChoiceList).with("list", &list).hint(hint));
                    // Keep the field, so conditions naming it do not report it missing too.
                    Some(Vec::new())
                }
            }
        };
        let kind = match name {
            "text" => {
                let pattern = match self.string(table, "pattern", owner) {
                    None => None,
                    Some((p, pspan)) => match regex::Regex::new(&p)
                        .and_then(|_| regex::Regex::new(&format!("^(?:{p})$")))
                    {
                        Ok(re) => {
                            let message = self.tr(table, "pattern_message", owner, &pspan, true).unwrap_or_default();
                            Some((re, message))
                        }
                        Err(e) => {
                            let detail = e.to_string();
                            // The regex crate's own words for what is wrong, as it gives them.
                            let message = P::new(T::FlBadPattern).words("owner", owner.clone());
                            let message = match detail.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")) {
                                Some(reason) => message.with("reason", reason),
                                None => message.words("reason", P::new(T::FlPatternNoParse)),
                            };
                            self.error(pspan, message);
                            None
                        }
                    },
                };
                let (min_length, max_length) = (count(self, "min_length"), count(self, "max_length"));
                if let (Some(a), Some(b)) = (min_length, max_length)
                    && a > b
                {
                    self.error(span.clone(), P::new(T::FlMinLengthAboveMax).words("owner", owner.clone()));
                }
                let one_line = T::FlOneLine;
                let max_length = self.at_most(table, "max_length", max_length, ONE_LINE_MAX_CHARS, owner, one_line);
                let min_length = self.at_most(table, "min_length", min_length, ONE_LINE_MAX_CHARS, owner, one_line);
                FieldKind::Text { min_length, max_length, pattern }
            }
            "notes" => {
                let max_length = count(self, "max_length");
                FieldKind::Notes {
                    max_length: self.at_most(table, "max_length", max_length, NOTES_MAX_CHARS, owner, T::FlNotesWord),
                }
            }
            "integer" => {
                let (min, max) = (int(self, "min"), int(self, "max"));
                self.ordered(min.map(|v| v as f64), max.map(|v| v as f64), &span, owner);
                FieldKind::Integer { min, max }
            }
            "decimal" => {
                let num = |this: &mut Self, key: &str| Self::get(table, key).and_then(|v| this.number(v, key));
                let (min, max) = (num(self, "min"), num(self, "max"));
                self.ordered(min, max, &span, owner);
                FieldKind::Decimal { min, max }
            }
            "date" => {
                let limit = |this: &mut Self, key: &str| {
                    let (text, lspan) = this.string(table, key, owner)?;
                    date_limit(&text).or_else(|| {
                        this.error(lspan, P::new(T::FlBadDateLimit).with("key", key).words("owner", owner.clone()));
                        None
                    })
                };
                FieldKind::Date { min: limit(self, "min"), max: limit(self, "max") }
            }
            "single" => FieldKind::Single(list(self)?),
            "multiple" => {
                let choices = list(self)?;
                let (min, max) = (count(self, "min"), count(self, "max"));
                if max.is_some_and(|m| m == 0 || m > choices.len()) || min.is_some_and(|m| m > choices.len()) {
                    let message = P::new(T::FlMultipleBounds).words("owner", owner.clone()).with("n", choices.len());
                    self.error(span.clone(), message);
                }
                self.ordered(min.map(|v| v as f64), max.map(|v| v as f64), &span, owner);
                FieldKind::Multiple { choices, min, max }
            }
            "yesno" => FieldKind::YesNo,
            "scale" => {
                let (min, max) = (int(self, "min").unwrap_or(1), int(self, "max").unwrap_or(5));
                if min >= max || max - min > 20 {
                    self.error(span.clone(), P::new(T::FlScaleBounds).words("owner", owner.clone()));
                }
                let min_label = self.tr(table, "min_label", owner, &span, false);
                let max_label = self.tr(table, "max_label", owner, &span, false);
                FieldKind::Scale { min, max, min_label, max_label }
            }
            "note" => FieldKind::Note,
            "calculated" => {
                let ty = match self.string(table, "type", owner) {
                    None => {
                        let message = P::new(T::FlCalcNeedsType)
                            .words("owner", owner.clone())
                            .with("types", CALC_TYPES.join(", "));
                        self.error(span.clone(), message);
                        CalcType::Text
                    }
                    Some((t, tspan)) => calc_type(&t).unwrap_or_else(|| {
                        let message = P::new(T::FlUnknownCalcType)
                            .with("ty", &t)
                            .words("owner", owner.clone())
                            .with("types", CALC_TYPES.join(", "))
                            .hint(suggest(&t, CALC_TYPES.iter().copied()));
                        self.error(tspan, message);
                        CalcType::Text
                    }),
                };
                if Self::get(table, "calculation").is_none() {
                    self.error(span.clone(), P::new(T::FlCalcNeedsCalculation).words("owner", owner.clone()));
                }
                // The expression is compiled once every field is known; a placeholder until then.
                let placeholder = condition::compile("true", &BTreeMap::new(), None, None).ok()?;
                FieldKind::Calculated { expr: placeholder, ty }
            }
            other => {
                let message = P::new(T::FlUnknownKind)
                    .with("kind", other)
                    .words("owner", owner.clone())
                    .with("kinds", KINDS.join(", "))
                    .hint(suggest(other, KINDS.iter().copied()));
                self.error(span, message);
                return None;
            }
        };
        Some(kind)
    }

    /// `value` of `key`, refused when above Daftar's own `limit` (a form may only lower it).
    fn at_most(
        &mut self,
        table: &Table,
        key: &str,
        value: Option<usize>,
        limit: usize,
        owner: &P,
        what: T,
    ) -> Option<usize> {
        match value {
            Some(n) if n > limit => {
                let span = Self::get(table, key).map_or(0..0, Value::span);
                let message = P::new(T::FlAboveLimit)
                    .with("key", key)
                    .words("owner", owner.clone())
                    .with("n", n)
                    .with("limit", limit)
                    .words("what", P::new(what));
                self.error(span, message);
                None
            }
            other => other,
        }
    }

    fn ordered(&mut self, min: Option<f64>, max: Option<f64>, span: &Range<usize>, owner: &P) {
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            self.error(span.clone(), P::new(T::FlMinAboveMax).words("owner", owner.clone()));
        }
    }

    fn default(&mut self, value: &Value, kind: &FieldKind, owner: &P) -> Option<Initial> {
        if let (FieldKind::Date { .. }, DeValue::Table(t)) = (kind, value.get_ref()) {
            self.known_keys(t, &["stage"], &key_of("default", owner));
            let (name, span) = self.string(t, "stage", &key_of("default", owner))?;
            return match STAGES.iter().find(|(n, _)| *n == name) {
                Some((_, stage)) => Some(Initial::StageDate(*stage)),
                None => {
                    let hint = suggest(&name, STAGES.iter().map(|(n, _)| *n));
                    let all = STAGES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
                    let message =
                        P::new(T::FlDefaultNoStage).words("owner", owner.clone()).with("stage", &name).with("all", all);
                    self.error(span, message.hint(hint));
                    None
                }
            };
        }
        self.default_answer(value, kind, owner).map(|a| match a {
            Answer::Text(t) if t == TODAY && matches!(kind, FieldKind::Date { .. }) => Initial::Today,
            a => Initial::Answer(a),
        })
    }

    fn default_answer(&mut self, value: &Value, kind: &FieldKind, owner: &P) -> Option<Answer> {
        let wrong = |this: &mut Self, expected: T| {
            let message = P::new(T::FlDefaultMustBe).words("owner", owner.clone()).words("expected", P::new(expected));
            this.error(value.span(), message);
            None
        };
        match (kind, value.get_ref()) {
            (FieldKind::Text { .. } | FieldKind::Notes { .. }, DeValue::String(s)) => {
                let lines = match kind {
                    FieldKind::Notes { .. } => crate::text::Lines::Multi,
                    FieldKind::Text { .. }
                    | FieldKind::Integer { .. }
                    | FieldKind::Decimal { .. }
                    | FieldKind::Date { .. }
                    | FieldKind::Single(_)
                    | FieldKind::Multiple { .. }
                    | FieldKind::YesNo
                    | FieldKind::Scale { .. }
                    | FieldKind::Note
                    | FieldKind::Calculated { .. } => crate::text::Lines::Single,
                };
                if let Some(message) = self.stored_text(s, lines) {
                    self.error(
                        value.span(),
                        P::new(T::FlDefaultBadText).words("owner", owner.clone()).words("message", message),
                    );
                    return None;
                }
                // Stored as typed text is: in NFC.
                let text = crate::text::sanitize(s, lines).unwrap_or_else(|_| s.to_string());
                if let Some(max) = kind.max_chars()
                    && crate::domain::limits::text_length(&text) > max
                {
                    let n = crate::domain::limits::text_length(&text);
                    let message =
                        P::new(T::FlDefaultTooLong).words("owner", owner.clone()).with("n", n).with("max", max);
                    self.error(value.span(), message);
                    return None;
                }
                Some(Answer::Text(text))
            }
            (FieldKind::Integer { .. }, DeValue::Integer(_)) => self.integer(value, "default").map(Answer::Integer),
            (FieldKind::Scale { min, max, .. }, DeValue::Integer(_)) => {
                let v = self.integer(value, "default")?;
                if (*min..=*max).contains(&v) { Some(Answer::Scale(v)) } else { wrong(self, T::FlExpScaleValue) }
            }
            (FieldKind::Decimal { .. }, DeValue::Integer(_) | DeValue::Float(_)) => {
                self.number(value, "default").map(Answer::Decimal)
            }
            (FieldKind::Date { .. }, DeValue::String(s)) if s.as_ref() == TODAY => Some(Answer::Text(TODAY.into())),
            (FieldKind::Date { .. }, DeValue::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => Some(Answer::Date(d)),
                Err(_) => wrong(self, T::FlExpDate),
            },
            (FieldKind::YesNo, DeValue::Boolean(b)) => Some(Answer::YesNo(*b)),
            (FieldKind::Single(choices), DeValue::String(s)) => {
                if choices.iter().any(|c| c.value == s.as_ref()) {
                    Some(Answer::Choice(s.to_string()))
                } else {
                    let hint = suggest(s, choices.iter().map(|c| c.value.as_str()));
                    let message = P::new(T::FlDefaultNotChoice).words("owner", owner.clone()).with("value", s);
                    self.error(value.span(), message.hint(hint));
                    None
                }
            }
            (FieldKind::Multiple { choices, .. }, DeValue::Array(items)) => {
                let mut values = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) if choices.iter().any(|c| c.value == s.as_ref()) => {
                            values.push(s.to_string())
                        }
                        _ => {
                            self.error(item.span(), P::new(T::FlDefaultItemNotChoice).words("owner", owner.clone()));
                        }
                    }
                }
                Some(Answer::Choices(values))
            }
            (FieldKind::Text { .. } | FieldKind::Notes { .. }, _) => wrong(self, T::FlExpText),
            (FieldKind::Integer { .. } | FieldKind::Scale { .. }, _) => wrong(self, T::FlExpWhole),
            (FieldKind::Decimal { .. }, _) => wrong(self, T::FlExpNumber),
            (FieldKind::Date { .. }, _) => wrong(self, T::FlExpDate),
            (FieldKind::YesNo, _) => wrong(self, T::FlExpBool),
            (FieldKind::Single(_), _) => wrong(self, T::FlExpChoice),
            (FieldKind::Multiple { .. }, _) => wrong(self, T::FlExpChoices),
            (FieldKind::Note | FieldKind::Calculated { .. }, _) => None,
        }
    }

    /// Reports section and field ids used twice (fields and sections share one namespace, since
    /// conditions name both).
    fn unique_ids(&mut self, table: &Table) {
        let mut seen: HashSet<String> = HashSet::new();
        let Some(DeValue::Array(sections)) = Self::get(table, "section").map(|v| v.get_ref()) else { return };
        for section in sections.iter() {
            let DeValue::Table(s) = section.get_ref() else { continue };
            let mut ids = Vec::new();
            if let Some(v) = Self::get(s, "id") {
                ids.push(v);
            }
            if let Some(DeValue::Array(fields)) = Self::get(s, "field").map(|v| v.get_ref()) {
                for f in fields.iter() {
                    if let DeValue::Table(f) = f.get_ref()
                        && let Some(v) = Self::get(f, "id")
                    {
                        ids.push(v);
                    }
                }
            }
            for v in ids {
                if let DeValue::String(id) = v.get_ref()
                    && !seen.insert(id.to_string())
                {
                    self.error(v.span(), P::new(T::FlIdTwice).with("id", id));
                }
            }
        }
    }

    /// Compiles every relevance, constraint and calculation now that all fields are known, then
    /// looks for calculated fields that depend on each other in a circle.
    fn conditions(&mut self, table: &Table, form: &mut FormDef) {
        let mut pending = Vec::new();
        let Some(DeValue::Array(sections)) = Self::get(table, "section").map(|v| v.get_ref()) else { return };
        let mut s_index = 0;
        for section in sections.iter() {
            let DeValue::Table(s) = section.get_ref() else { continue };
            // Sections refused while loading are not in the form; keep the indexes aligned.
            let Some(sec) = form.sections.get(s_index) else { break };
            if Self::get(s, "id").and_then(|v| match v.get_ref() {
                DeValue::String(id) => Some(id.to_string()),
                _ => None,
            }) != Some(sec.id.clone())
            {
                continue;
            }
            let scope = sec.repeat.map(|_| s_index);
            if let Some(v) = Self::get(s, "relevant") {
                self.expression(v, scope, Target::SectionRelevant(s_index), &mut pending);
            }
            if let Some(DeValue::Array(fields)) = Self::get(s, "field").map(|v| v.get_ref()) {
                let mut f_index = 0;
                for f in fields.iter() {
                    let DeValue::Table(f) = f.get_ref() else { continue };
                    let id = match Self::get(f, "id").map(|v| v.get_ref()) {
                        Some(DeValue::String(id)) => id.to_string(),
                        _ => continue,
                    };
                    let Some(field) = form.sections[s_index].fields.get(f_index) else { break };
                    if field.id != id {
                        continue;
                    }
                    if let Some(v) = Self::get(f, "relevant") {
                        self.expression(v, scope, Target::FieldRelevant(s_index, f_index), &mut pending);
                    }
                    if let Some(v) = Self::get(f, "constraint") {
                        self.expression(v, scope, Target::Constraint(s_index, f_index), &mut pending);
                    }
                    if let (Some(v), FieldKind::Calculated { ty, .. }) = (Self::get(f, "calculation"), &field.kind) {
                        let typed = matches!(Self::get(f, "type").map(|t| t.get_ref()), Some(DeValue::String(t)) if calc_type(t).is_some());
                        let target = Target::Calculation(s_index, f_index, *ty, typed);
                        self.expression(v, scope, target, &mut pending);
                    }
                    f_index += 1;
                }
            }
            s_index += 1;
        }
        let messages: BTreeMap<(usize, usize), Option<Tr>> = self.constraint_messages(sections, form);
        // What a condition may name depends only on its group: built once per group, not once
        // per condition (that was quadratic in the number of questions). Compiling changes no
        // field's type, so the maps stay true while the loop fills in the form.
        let mut visible: HashMap<Option<usize>, BTreeMap<String, FieldInfo>> = HashMap::new();
        for p in pending {
            let fields = visible.entry(p.scope).or_insert_with(|| visible_fields(form, p.scope));
            let (current, expect) = match p.target {
                Target::Constraint(s, f) => (field_info(form, &form.sections[s].fields[f]), Some(Type::Bool)),
                Target::Calculation(_, _, ty, typed) => (None, typed.then(|| calc_condition_type(ty))),
                _ => (None, Some(Type::Bool)),
            };
            match condition::compile(&p.source, fields, current.as_ref(), expect) {
                Err(e) => {
                    // The expression sits inside quotes: offsets inside it start one byte later.
                    let start = p.span.start + 1 + e.span.start;
                    let message = in_other_group(form, p.scope, &e.message).unwrap_or(e.message);
                    self.error(start..start + e.span.len(), P::new(T::FlInCondition).words("message", message));
                }
                Ok(expr) => match p.target {
                    Target::SectionRelevant(s) => form.sections[s].relevant = Some(expr),
                    Target::FieldRelevant(s, f) => form.sections[s].fields[f].relevant = Some(expr),
                    Target::Constraint(s, f) => {
                        let message = messages.get(&(s, f)).cloned().flatten().unwrap_or_else(|| {
                            Tr::new(
                                &format!("This answer breaks the rule: {}", p.source),
                                &format!("Cette réponse enfreint la règle : {}", p.source),
                                &format!("هذه الإجابة تخالف القاعدة: {}", p.source),
                            )
                        });
                        form.sections[s].fields[f].constraint = Some((expr, message));
                    }
                    Target::Calculation(s, f, ty, _) => {
                        form.sections[s].fields[f].kind = FieldKind::Calculated { expr, ty }
                    }
                },
            }
        }
        self.cycles(form, sections);
        self.relevance_cycles(form, sections);
    }

    /// Refuses questions whose relevance depends on itself, through other questions'
    /// relevance, their sections' relevance or calculations: an unanswered question is empty,
    /// so such questions would never be asked (and `forms check` would not say why).
    fn relevance_cycles(&mut self, form: &FormDef, sections: &toml::de::DeArray) {
        // Edges from a question (or a section, or a calculated field) to what decides whether
        // it is asked or what it holds. Only the first kind can make a circle of questions
        // never asked; circles of calculations alone are reported by `cycles`.
        let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut relevance: BTreeSet<(&str, &str)> = BTreeSet::new();
        for section in &form.sections {
            if let Some(expr) = &section.relevant {
                for dep in expr.fields() {
                    graph.entry(section.id.as_str()).or_default().insert(dep.as_str());
                    relevance.insert((section.id.as_str(), dep.as_str()));
                }
            }
            for field in &section.fields {
                if section.relevant.is_some() {
                    graph.entry(field.id.as_str()).or_default().insert(section.id.as_str());
                }
                if let Some(expr) = &field.relevant {
                    for dep in expr.fields() {
                        graph.entry(field.id.as_str()).or_default().insert(dep.as_str());
                        relevance.insert((field.id.as_str(), dep.as_str()));
                    }
                }
                if let FieldKind::Calculated { expr, .. } = &field.kind {
                    for dep in expr.fields() {
                        graph.entry(field.id.as_str()).or_default().insert(dep.as_str());
                    }
                }
            }
        }
        let mut reported: HashSet<BTreeSet<&str>> = HashSet::new();
        // A way back from `to` to `from` exists only inside one strongly connected part: the
        // search for it (a walk of the graph) is done only then, not for every condition.
        let component = components(&graph);
        for &(from, to) in &relevance {
            if from != to && (!component.contains_key(from) || component.get(from) != component.get(to)) {
                continue;
            }
            let Some(back) = path(&graph, to, from) else { continue };
            let mut cycle = vec![from];
            cycle.extend(back);
            let members: BTreeSet<&str> = cycle.iter().copied().collect();
            if !reported.insert(members) {
                continue;
            }
            let span = relevant_span(sections, from).unwrap_or(0..0);
            self.error(span, P::new(T::FlRelevanceCycle).with("cycle", cycle.join(" → ")));
        }
    }

    fn expression(&mut self, value: &Value, scope: Option<usize>, target: Target, pending: &mut Vec<Pending>) {
        match value.get_ref() {
            DeValue::String(s) => {
                pending.push(Pending { span: value.span(), source: s.to_string(), scope, target });
            }
            _ => self.error(value.span(), P::new(T::FlConditionNotText)),
        }
    }

    fn constraint_messages(
        &mut self,
        sections: &toml::de::DeArray,
        form: &FormDef,
    ) -> BTreeMap<(usize, usize), Option<Tr>> {
        let mut messages = BTreeMap::new();
        // Each field's table, found once by its id (the first with that id, as before).
        let mut tables: HashMap<&str, &Table> = HashMap::new();
        for sv in sections.iter() {
            let DeValue::Table(st) = sv.get_ref() else { continue };
            let Some(DeValue::Array(fields)) = Self::get(st, "field").map(|v| v.get_ref()) else { continue };
            for fv in fields.iter() {
                if let DeValue::Table(ft) = fv.get_ref()
                    && let Some(DeValue::String(id)) = Self::get(ft, "id").map(|v| v.get_ref())
                {
                    tables.entry(id.as_ref()).or_insert(ft);
                }
            }
        }
        for (s, section) in form.sections.iter().enumerate() {
            for (f, field) in section.fields.iter().enumerate() {
                if let Some(ft) = tables.get(field.id.as_str()) {
                    let owner = field_words(&field.id);
                    let message = self.tr(ft, "constraint_message", &owner, &(0..0), false);
                    messages.insert((s, f), message);
                }
            }
        }
        messages
    }

    fn cycles(&mut self, form: &FormDef, sections: &toml::de::DeArray) {
        let calculated: BTreeMap<&str, &BTreeSet<String>> = form
            .fields()
            .filter_map(|(_, _, f)| match &f.kind {
                FieldKind::Calculated { expr, .. } => Some((f.id.as_str(), expr.fields())),
                FieldKind::Text { .. }
                | FieldKind::Notes { .. }
                | FieldKind::Integer { .. }
                | FieldKind::Decimal { .. }
                | FieldKind::Date { .. }
                | FieldKind::Single(_)
                | FieldKind::Multiple { .. }
                | FieldKind::YesNo
                | FieldKind::Scale { .. }
                | FieldKind::Note => None,
            })
            .collect();
        let mut reported = HashSet::new();
        // Fields from which no circle can be reached, found once: a long chain of calculations
        // is walked once, not once from each of its fields.
        let mut clear: HashSet<&str> = HashSet::new();
        for start in calculated.keys() {
            if let Some(cycle) = find_cycle(start, &calculated, &mut clear)
                && reported.insert(cycle.iter().copied().collect::<BTreeSet<_>>())
            {
                let span = calculation_span(sections, start).unwrap_or(0..0);
                self.error(span, P::new(T::FlCalcCycle).with("cycle", cycle.join(" → ")));
            }
        }
    }

    /// The `stage = { to, date, reason }` a form declares: finalizing one of its interviews
    /// records that change of stage. The date and the first reason field must be answered in
    /// every interview (required, no `relevant` on them or their section), outside repeat
    /// groups, so the change can always be recorded.
    fn stage_change(&mut self, table: &Table, form: &FormDef) -> Option<StageChange> {
        let value = Self::get(table, "stage")?;
        let shape = P::new(T::FlStageShape);
        let missing = |key: &str| P::new(T::FlStageMissing).words("shape", shape.clone()).with("key", key);
        let DeValue::Table(t) = value.get_ref() else {
            self.error(value.span(), shape);
            return None;
        };
        let stage = quoted("stage");
        self.known_keys(t, &["to", "date", "reason"], &stage);
        let to = match self.string(t, "to", &stage) {
            None => {
                self.error(value.span(), missing("to"));
                None
            }
            Some((name, span)) => match STAGES.iter().find(|(n, _)| *n == name) {
                Some((_, Stage::Intake)) => {
                    self.error(span, P::new(T::FlStageIntake));
                    None
                }
                Some((_, stage)) => Some(*stage),
                None => {
                    let hint = suggest(&name, STAGES.iter().skip(1).map(|(n, _)| *n));
                    self.error(span, P::new(T::FlStageUnknown).with("stage", &name).hint(hint));
                    None
                }
            },
        };
        let date = match self.string(t, "date", &stage) {
            None => {
                self.error(value.span(), missing("date"));
                None
            }
            Some((id, span)) => {
                let found = self.always_asked(
                    form,
                    &id,
                    span.clone(),
                    T::FlStageDate,
                    |k| matches!(k, FieldKind::Date { .. }),
                    T::FlNeedsDateField,
                );
                // A change of stage never takes effect in the future: the field must say so.
                let bounded = |f: &Field| matches!(&f.kind, FieldKind::Date { max: Some(DateLimit::Today), .. });
                match found {
                    Some(id) if !form.field(&id).is_some_and(bounded) => {
                        self.error(span, P::new(T::FlStageDateFuture).with("id", &id));
                        None
                    }
                    other => other,
                }
            }
        };
        let mut reason = Vec::new();
        match Self::get(t, "reason") {
            None => self.error(value.span(), missing("reason")),
            Some(v) => {
                let names: Vec<&Value> = match v.get_ref() {
                    DeValue::String(_) => vec![v],
                    DeValue::Array(items) if !items.is_empty() => items.iter().collect(),
                    _ => {
                        self.error(v.span(), P::new(T::FlStageReasonShape));
                        Vec::new()
                    }
                };
                for (i, name) in names.into_iter().enumerate() {
                    let DeValue::String(id) = name.get_ref() else {
                        self.error(name.span(), P::new(T::FlStageReasonNotText));
                        continue;
                    };
                    let (id, span) = (id.to_string(), name.span());
                    let text_like = |k: &FieldKind| {
                        matches!(
                            k,
                            FieldKind::Text { .. }
                                | FieldKind::Notes { .. }
                                | FieldKind::Single(_)
                                | FieldKind::Multiple { .. }
                        )
                    };
                    let what = T::FlKindsTextLike;
                    let found = if i == 0 {
                        self.always_asked(form, &id, span, T::FlStageReason, text_like, what)
                    } else {
                        self.outside_groups(form, &id, span, T::FlStageReason, text_like, what)
                    };
                    reason.extend(found);
                }
            }
        }
        Some(StageChange { to: to?, date: date?, reason }).filter(|s| !s.reason.is_empty())
    }

    /// The field `id` if it exists, is of the kind `fits` accepts and is outside repeat groups.
    fn outside_groups(
        &mut self,
        form: &FormDef,
        id: &str,
        span: Range<usize>,
        what: T,
        fits: impl Fn(&FieldKind) -> bool,
        kind_words: T,
    ) -> Option<String> {
        let Some(field) = form.field(id) else {
            let hint = suggest(id, form.fields().map(|(_, _, f)| f.id.as_str()));
            self.error(span, P::new(T::FlNamesNoField).words("what", P::new(what)).with("id", id).hint(hint));
            return None;
        };
        if !fits(&field.kind) || form.section_of(id).is_some_and(|s| s.repeat.is_some()) {
            let message = P::new(T::FlFieldOutsideGroups)
                .words("what", P::new(what))
                .with("id", id)
                .words("kinds", P::new(kind_words));
            self.error(span, message);
            return None;
        }
        Some(id.to_string())
    }

    /// As [`Loader::outside_groups`], and the field is answered in every interview: required,
    /// with no `relevant` on it or on its section.
    fn always_asked(
        &mut self,
        form: &FormDef,
        id: &str,
        span: Range<usize>,
        what: T,
        fits: impl Fn(&FieldKind) -> bool,
        kind_words: T,
    ) -> Option<String> {
        let id = self.outside_groups(form, id, span.clone(), what, fits, kind_words)?;
        let field = form.field(&id)?;
        let conditional = field.relevant.is_some() || form.section_of(&id).is_some_and(|s| s.relevant.is_some());
        if !field.required || conditional {
            self.error(span, P::new(T::FlFieldAlwaysAsked).words("what", P::new(what)).with("id", &id));
            return None;
        }
        Some(id)
    }

    fn follow_up(&mut self, table: &Table, form: &FormDef) -> Option<FollowUp> {
        let value = Self::get(table, "follow_up")?;
        let DeValue::Table(t) = value.get_ref() else {
            self.error(value.span(), P::new(T::FlFollowUpShape));
            return None;
        };
        let follow_up = quoted("follow_up");
        self.known_keys(t, &["field", "every_days", "form"], &follow_up);
        let next_form = self.string(t, "form", &follow_up).map(|(f, _)| f);
        let every_days = Self::get(t, "every_days").and_then(|v| match self.integer(v, "every_days") {
            Some(n) if (1..=3650).contains(&n) => Some(n as u32),
            Some(_) => {
                self.error(v.span(), P::new(T::FlEveryDays));
                None
            }
            None => None,
        });
        let (field, span) = self.string(t, "field", &follow_up)?;
        match form.field(&field).map(|f| &f.kind) {
            Some(FieldKind::Date { .. }) if form.section_of(&field).is_some_and(|s| s.repeat.is_none()) => {
                Some(FollowUp { field, every_days, form: next_form })
            }
            Some(_) => {
                self.error(span, P::new(T::FlFollowUpNotDate).with("id", &field));
                None
            }
            None => {
                let hint = suggest(&field, form.fields().map(|(_, _, f)| f.id.as_str()));
                self.error(span, P::new(T::FlNamesNoField).words("what", follow_up).with("id", &field).hint(hint));
                None
            }
        }
    }
}

/// A clearer message when a condition names a field of a repeat group it is not inside.
fn in_other_group(form: &FormDef, scope: Option<usize>, message: &Problem) -> Option<Problem> {
    if message.key() != T::FcUnknownField {
        return None;
    }
    let field = message.value("field")?;
    let name = field.strip_prefix("${")?.strip_suffix('}')?;
    let (s, section) = form.sections.iter().enumerate().find(|(_, s)| s.fields.iter().any(|f| f.id == name))?;
    (section.repeat.is_some() && scope != Some(s)).then(|| {
        let group = &section.id;
        P::new(T::FlOtherGroup).with("field", field).with("group", group).with("count", format!("count(${{{group}}})"))
    })
}

/// Every character that steers the bidi algorithm invisibly: embeddings, overrides and
/// isolates (see `text::is_bidi_control`), and the marks LRM, RLM and ALM.
fn is_bidi_mark(c: char) -> bool {
    crate::text::sanitize::is_bidi_control(c) || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn date_limit(text: &str) -> Option<DateLimit> {
    if text == "today" {
        return Some(DateLimit::Today);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(DateLimit::Fixed)
}

fn calc_type(name: &str) -> Option<CalcType> {
    Some(match name {
        "integer" => CalcType::Integer,
        "decimal" => CalcType::Decimal,
        "text" => CalcType::Text,
        "date" => CalcType::Date,
        "yesno" => CalcType::YesNo,
        _ => return None,
    })
}

pub(crate) fn calc_condition_type(ty: CalcType) -> Type {
    match ty {
        CalcType::Integer => Type::Integer,
        CalcType::Decimal => Type::Decimal,
        CalcType::Text => Type::Text,
        CalcType::Date => Type::Date,
        CalcType::YesNo => Type::Bool,
    }
}

/// What the condition checker knows of a field; None for notes, which have no value.
pub(crate) fn field_info(_form: &FormDef, field: &Field) -> Option<FieldInfo> {
    let values = |c: &[Choice]| c.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
    Some(match &field.kind {
        FieldKind::Text { .. } | FieldKind::Notes { .. } => FieldInfo::new(Type::Text),
        FieldKind::Integer { .. } | FieldKind::Scale { .. } => FieldInfo::new(Type::Integer),
        FieldKind::Decimal { .. } => FieldInfo::new(Type::Decimal),
        FieldKind::Date { .. } => FieldInfo::new(Type::Date),
        // A list that failed to load (reported already) is not checked against.
        FieldKind::Single(c) if c.is_empty() => FieldInfo::new(Type::Choice),
        FieldKind::Multiple { choices, .. } if choices.is_empty() => FieldInfo::new(Type::Choices),
        FieldKind::Single(c) => FieldInfo::with_choices(Type::Choice, values(c)),
        FieldKind::Multiple { choices, .. } => FieldInfo::with_choices(Type::Choices, values(choices)),
        FieldKind::YesNo => FieldInfo::new(Type::Bool),
        FieldKind::Calculated { ty, .. } => FieldInfo::new(calc_condition_type(*ty)),
        FieldKind::Note => return None,
    })
}

/// The fields a condition may name: those outside repeat groups, the repeat groups themselves
/// (for `count`), and the fields of the group `scope` the condition is in.
pub(crate) fn visible_fields(form: &FormDef, scope: Option<usize>) -> BTreeMap<String, FieldInfo> {
    let mut fields = BTreeMap::new();
    for (s, section) in form.sections.iter().enumerate() {
        if section.repeat.is_some() {
            fields.insert(section.id.clone(), FieldInfo::new(Type::Repeat));
            if scope != Some(s) {
                continue;
            }
        }
        for field in &section.fields {
            if let Some(info) = field_info(form, field) {
                fields.insert(field.id.clone(), info);
            }
        }
    }
    fields
}

/// The first circle met walking the calculations from `node` depth first, deps in order, if
/// any. Iterative (a chain of 100,000 calculations must not overflow the stack); `clear` holds
/// the fields already known to reach no circle, and gains those this walk proves so.
fn find_cycle<'a>(
    node: &'a str,
    graph: &BTreeMap<&'a str, &'a BTreeSet<String>>,
    clear: &mut HashSet<&'a str>,
) -> Option<Vec<&'a str>> {
    let (start, deps) = graph.get_key_value(node)?;
    if clear.contains(start) {
        return None;
    }
    let mut path: Vec<&'a str> = vec![start];
    let mut on_path: HashSet<&'a str> = HashSet::from([*start]);
    let mut stack = vec![deps.iter()];
    while let Some(deps) = stack.last_mut() {
        let Some(dep) = deps.next() else {
            stack.pop();
            if let Some(done) = path.pop() {
                on_path.remove(done);
                clear.insert(done);
            }
            continue;
        };
        let Some((dep, next)) = graph.get_key_value(dep.as_str()) else { continue };
        if on_path.contains(dep) {
            let at = path.iter().position(|p| p == dep).unwrap_or(0);
            let mut cycle = path[at..].to_vec();
            cycle.push(dep);
            return Some(cycle);
        }
        if clear.contains(dep) {
            continue;
        }
        path.push(dep);
        on_path.insert(dep);
        stack.push(next.iter());
    }
    None
}

/// The strongly connected parts of `graph` (Tarjan's algorithm, iterative): a number per node;
/// two nodes share one when each leads to the other.
fn components<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> HashMap<&'a str, usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut component: HashMap<&str, usize> = HashMap::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut on_stack: HashSet<&str> = HashSet::new();
    let empty = BTreeSet::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for &root in graph.keys() {
        if index.contains_key(root) {
            continue;
        }
        let mut work: Vec<(&str, std::collections::btree_set::Iter<&str>)> = Vec::new();
        index.insert(root, next_index);
        low.insert(root, next_index);
        next_index += 1;
        stack.push(root);
        on_stack.insert(root);
        work.push((root, graph.get(root).unwrap_or(&empty).iter()));
        while let Some((node, edges)) = work.last_mut() {
            let node = *node;
            if let Some(&next) = edges.next() {
                if !index.contains_key(next) {
                    index.insert(next, next_index);
                    low.insert(next, next_index);
                    next_index += 1;
                    stack.push(next);
                    on_stack.insert(next);
                    work.push((next, graph.get(next).unwrap_or(&empty).iter()));
                } else if on_stack.contains(next) {
                    let l = low[node].min(index[next]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, next_component);
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// The shortest way from `start` to `goal` in `graph`, both ends included (just `[goal]`
/// when they are one node).
fn path<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>, start: &'a str, goal: &'a str) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
    while let Some(node) = queue.pop_front() {
        if node == goal {
            let mut out = vec![node];
            let mut at = node;
            while let Some(prev) = came_from.get(at) {
                out.push(prev);
                at = prev;
            }
            out.reverse();
            return Some(out);
        }
        for next in graph.get(node).into_iter().flatten() {
            if seen.insert(next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Where the `relevant` of the section or field `id` is written.
fn relevant_span(sections: &toml::de::DeArray, id: &str) -> Option<Range<usize>> {
    let is =
        |t: &Table| matches!(Loader::get(t, "id").map(|v| v.get_ref()), Some(DeValue::String(x)) if x.as_ref() == id);
    sections.iter().find_map(|s| {
        let DeValue::Table(st) = s.get_ref() else { return None };
        if is(st) {
            return Loader::get(st, "relevant").map(Value::span);
        }
        match Loader::get(st, "field").map(|v| v.get_ref()) {
            Some(DeValue::Array(fields)) => fields.iter().find_map(|f| match f.get_ref() {
                DeValue::Table(ft) if is(ft) => Loader::get(ft, "relevant").map(Value::span),
                _ => None,
            }),
            _ => None,
        }
    })
}

fn calculation_span(sections: &toml::de::DeArray, id: &str) -> Option<Range<usize>> {
    sections.iter().find_map(|s| match s.get_ref() {
        DeValue::Table(st) => match Loader::get(st, "field").map(|v| v.get_ref()) {
            Some(DeValue::Array(fields)) => fields.iter().find_map(|f| match f.get_ref() {
                DeValue::Table(ft)
                    if matches!(Loader::get(ft, "id").map(|v| v.get_ref()), Some(DeValue::String(x)) if x.as_ref() == id) =>
                {
                    Loader::get(ft, "calculation").map(Value::span)
                }
                _ => None,
            }),
            _ => None,
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_forms_load() {
        let forms = builtin_forms().unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = forms.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["intake", "intake", "progress", "aftercare", "aftercare", "closure", "closure"]);
    }

    #[test]
    fn the_closure_closes_and_the_aftercare_offers_the_release_date() {
        let forms = builtin_forms().unwrap_or_else(|e| panic!("{e}"));
        let find = |id: &str, v: u32| forms.iter().find(|f| f.id == id && f.version == v).unwrap();
        let stage = find("closure", 2).stage.clone().unwrap();
        assert_eq!(stage.to, Stage::Closed);
        assert_eq!(
            (stage.date.as_str(), stage.reason.as_slice()),
            ("closure_date", &["reason".to_string(), "reason_other".to_string()][..])
        );
        assert!(find("closure", 1).stage.is_none(), "version 1 stays as it was");
        let release = find("aftercare", 2).field("release_date").unwrap();
        assert_eq!(release.default, Some(Initial::StageDate(Stage::Released)));
        assert_eq!(find("aftercare", 1).field("release_date").unwrap().default, None);
    }

    #[test]
    fn suggestions_find_close_words() {
        assert_eq!(suggest("lable", FIELD_KEYS.iter().copied()), Some("label"));
        assert_eq!(suggest("requird", FIELD_KEYS.iter().copied()), Some("required"));
        assert_eq!(suggest("zzzzzz", FIELD_KEYS.iter().copied()), None);
    }
}
