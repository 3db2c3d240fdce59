//! Turning what the interviewer typed into a typed [`Answer`], and an answer back into text.
//! Digits may be Western, Arabic-Indic or Extended Arabic-Indic; a decimal may use a dot, a
//! comma (French) or the Arabic decimal separator.

use chrono::NaiveDate;

use super::{Field, FieldKind, Tr};
use crate::i18n::{Lang, T};
use crate::store::Answer;

/// Why a value was refused: a catalog message with its arguments, or a message written in
/// the form (a constraint's or a pattern's).
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    Catalog {
        message: T,
        args: Vec<(&'static str, String)>,
    },
    Form(Tr),
    /// A message that exists only in English (from the store, for an administrator).
    Plain(String),
}

impl Refusal {
    pub fn new(message: T) -> Refusal {
        Refusal::Catalog { message, args: Vec::new() }
    }

    pub fn with(message: T, args: Vec<(&'static str, String)>) -> Refusal {
        Refusal::Catalog { message, args }
    }

    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::Catalog { message, args } => {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                message.fill(lang, &args)
            }
            Refusal::Form(tr) => tr.get(lang).into_owned(),
            Refusal::Plain(text) => text.clone(),
        }
    }
}

/// Parses the text typed into a text, notes, integer, decimal or date field. Empty text means
/// no answer. Limits of the kind are checked here too (see [`limits`]); constraints by the
/// engine.
pub fn parse_text_answer(field: &Field, raw: &str) -> Result<Option<Answer>, Refusal> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let answer = match &field.kind {
        FieldKind::Text { .. } => Answer::Text(trimmed.to_string()),
        FieldKind::Notes { .. } => Answer::Text(raw.trim_end().to_string()),
        FieldKind::Integer { .. } => {
            Answer::Integer(parse_integer(trimmed).ok_or_else(|| Refusal::new(T::ErrInteger))?)
        }
        FieldKind::Decimal { .. } => {
            Answer::Decimal(parse_decimal(trimmed).ok_or_else(|| Refusal::new(T::ErrDecimal))?)
        }
        FieldKind::Date { .. } => Answer::Date(parse_date(trimmed).ok_or_else(|| date_refusal(trimmed))?),
        // Not typed: picked, or not answered at all.
        FieldKind::Single(_)
        | FieldKind::Multiple { .. }
        | FieldKind::YesNo
        | FieldKind::Scale { .. }
        | FieldKind::Note
        | FieldKind::Calculated { .. } => return Ok(None),
    };
    limits(field, &answer)?;
    Ok(Some(answer))
}

/// Whether an answer is of the type the field's kind takes.
pub fn fits(kind: &FieldKind, answer: &Answer) -> bool {
    match kind {
        FieldKind::Text { .. } | FieldKind::Notes { .. } => matches!(answer, Answer::Text(_)),
        FieldKind::Integer { .. } => matches!(answer, Answer::Integer(_)),
        FieldKind::Decimal { .. } => matches!(answer, Answer::Decimal(_)),
        FieldKind::Date { .. } => matches!(answer, Answer::Date(_)),
        FieldKind::Single(_) => matches!(answer, Answer::Choice(_)),
        FieldKind::Multiple { .. } => matches!(answer, Answer::Choices(_)),
        FieldKind::YesNo => matches!(answer, Answer::YesNo(_)),
        FieldKind::Scale { .. } => matches!(answer, Answer::Scale(_)),
        // A note has no answer; a calculation's type is checked when it is computed.
        FieldKind::Note => false,
        FieldKind::Calculated { .. } => true,
    }
}

/// Checks an answer against the limits of its field's kind that need nothing but the answer:
/// lengths and pattern of text, ranges of numbers and scales, that a choice is one of the
/// form's. Date limits (which depend on today) and ticked counts are the engine's.
pub fn limits(field: &Field, answer: &Answer) -> Result<(), Refusal> {
    let range = |min: Option<String>, max: Option<String>| {
        let show = |v: Option<String>| v.unwrap_or_else(|| "…".to_string());
        Refusal::with(T::ErrIntegerRange, vec![("min", show(min)), ("max", show(max))])
    };
    let too_long = |n: usize| Refusal::with(T::ErrTooLong, vec![("n", n.to_string())]);
    let known = |value: &str| field.kind.choices().iter().any(|c| c.value == value);
    // Lengths are counted as every limit counts them (`text_length`); the most is the form's
    // limit or, without one, Daftar's (see `FieldKind::max_chars`).
    let length = crate::domain::limits::text_length;
    match (&field.kind, answer) {
        (FieldKind::Text { min_length, pattern, .. }, Answer::Text(text)) => {
            let length = length(text);
            if let Some(m) = min_length.filter(|m| length < *m) {
                return Err(Refusal::with(T::ErrTooShort, vec![("n", m.to_string())]));
            }
            if let Some(m) = field.max_chars().filter(|m| length > *m) {
                return Err(too_long(m));
            }
            if let Some((re, message)) = pattern
                && !re.is_match(text)
            {
                return Err(Refusal::Form(message.clone()));
            }
        }
        (FieldKind::Notes { .. }, Answer::Text(text)) => {
            if let Some(m) = field.max_chars().filter(|m| length(text) > *m) {
                return Err(too_long(m));
            }
        }
        (FieldKind::Integer { min, max }, Answer::Integer(v))
            if min.is_some_and(|m| *v < m) || max.is_some_and(|m| *v > m) =>
        {
            return Err(range(min.map(|v| v.to_string()), max.map(|v| v.to_string())));
        }
        (FieldKind::Decimal { min, max }, Answer::Decimal(v))
            if min.is_some_and(|m| *v < m) || max.is_some_and(|m| *v > m) =>
        {
            return Err(range(min.map(format_number), max.map(format_number)));
        }
        (FieldKind::Scale { min, max, .. }, Answer::Scale(v)) if v < min || v > max => {
            return Err(range(Some(min.to_string()), Some(max.to_string())));
        }
        (FieldKind::Single(_), Answer::Choice(v)) if !known(v) => {
            return Err(Refusal::with(T::ErrUnknownChoice, vec![("value", v.clone())]));
        }
        (FieldKind::Multiple { .. }, Answer::Choices(vs)) => {
            if let Some(v) = vs.iter().find(|v| !known(v)) {
                return Err(Refusal::with(T::ErrUnknownChoice, vec![("value", v.clone())]));
            }
        }
        // An answer of another type is refused before (`fits`); other kinds have no limits.
        (
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. },
            _,
        ) => {}
    }
    Ok(())
}

/// Arabic-Indic and Extended Arabic-Indic digits as ASCII, everything else unchanged.
pub fn ascii_digits(s: &str) -> String {
    crate::text::normalize_digits(s)
}

pub fn parse_integer(s: &str) -> Option<i64> {
    ascii_digits(s.trim()).parse().ok()
}

/// A number written with a dot, a comma or the Arabic decimal separator (٫), in any digits.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let ascii = ascii_digits(s.trim()).replace(['٫', ','], ".");
    if ascii.is_empty() || !ascii.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    ascii.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A date written dd/mm/yyyy (also with - or . between the parts), in any of the digit sets.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let (d, m, y) = crate::text::parse_date_dmy(s.trim())?;
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
}

/// Why `s` is not a date: a day or month that does not exist when it is written dd/mm/yyyy
/// (31/02/1990), else how to write one.
pub fn date_refusal(s: &str) -> Refusal {
    let ascii = ascii_digits(s.trim());
    let parts: Vec<&str> = ascii.split(['/', '-', '.']).collect();
    let number = |p: &str, max: usize| (1..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if let [d, m, y] = parts[..]
        && number(d, 2)
        && number(m, 2)
        && y.len() == 4
        && number(y, 4)
    {
        let (d, m, y): (u32, u32, i32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0), y.parse().unwrap_or(0));
        if !(1..=12).contains(&m) {
            return Refusal::new(T::ErrDateNoMonth);
        }
        let first = NaiveDate::from_ymd_opt(y, m, 1);
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
        if let (Some(first), Some(next)) = (first, next) {
            let days = (next - first).num_days();
            if d == 0 || i64::from(d) > days {
                return Refusal::with(T::ErrDateNoDay, vec![("n", days.to_string())]);
            }
        }
    }
    Refusal::new(T::ErrDate)
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A decimal without a useless ".0" and without float noise.
pub fn format_number(value: f64) -> String {
    let text = format!("{value:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An answer as the interviewer reads it, choice values shown by their label.
pub fn format_answer(field: &Field, answer: &Answer, lang: Lang) -> String {
    let label_of = |value: &str| {
        field
            .kind
            .choices()
            .iter()
            .find(|c| c.value == value)
            .map_or(value.to_string(), |c| c.label.get(lang).into_owned())
    };
    match answer {
        Answer::Text(t) => t.clone(),
        Answer::Integer(i) => i.to_string(),
        Answer::Decimal(v) => format_number(*v),
        Answer::Date(d) => format_date(*d),
        Answer::Choice(v) => label_of(v),
        Answer::Choices(vs) => {
            let comma = if lang.is_rtl() { "، " } else { ", " };
            vs.iter().map(|v| label_of(v)).collect::<Vec<_>>().join(comma)
        }
        Answer::YesNo(true) => T::Yes.get(lang).to_string(),
        Answer::YesNo(false) => T::No.get(lang).to_string(),
        Answer::Scale(v) => match field.kind.scale_range() {
            Some((_, max)) => format!("{v}/{max}"),
            None => v.to_string(),
        },
        Answer::Repeat(items) => T::Items.fill(lang, &[("n", &items.len().to_string())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_every_digit_set() {
        let d = NaiveDate::from_ymd_opt(1990, 3, 7);
        assert_eq!(parse_date("07/03/1990"), d);
        assert_eq!(parse_date("7/3/1990"), d);
        assert_eq!(parse_date("٠٧/٠٣/١٩٩٠"), d);
        assert_eq!(parse_date("۰۷/۰۳/۱۹۹۰"), d);
        assert_eq!(parse_date("31/02/1990"), None);
        assert_eq!(parse_date("1990/03/07"), None);
        assert_eq!(parse_date("07/03/90"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn numbers_parse_in_every_digit_set_and_separator() {
        assert_eq!(parse_integer("١٢"), Some(12));
        assert_eq!(parse_integer(" 42 "), Some(42));
        assert_eq!(parse_integer("4x"), None);
        assert_eq!(parse_decimal("12,5"), Some(12.5));
        assert_eq!(parse_decimal("١٢٫٥"), Some(12.5));
        assert_eq!(parse_decimal("1500.75"), Some(1500.75));
        assert_eq!(parse_decimal("1e3"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(format_number(1500.0), "1500");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
    }
}
