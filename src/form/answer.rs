//! Turning what the interviewer typed into a typed [`Answer`], and an answer back into text.

use chrono::NaiveDate;

use super::{Field, FieldKind};
use crate::i18n::{Lang, T};
use crate::store::Answer;

/// Why a typed value was refused, as a catalog message with its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub message: T,
    pub args: Vec<(&'static str, String)>,
}

impl Refusal {
    fn new(message: T) -> Refusal {
        Refusal { message, args: Vec::new() }
    }

    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.message.fill(lang, &args)
    }
}

/// Parses the text typed into a text, notes, integer or date field. Empty text means no answer.
pub fn parse_text_answer(field: &Field, raw: &str) -> Result<Option<Answer>, Refusal> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match &field.kind {
        FieldKind::Text => Ok(Some(Answer::Text(trimmed.to_string()))),
        FieldKind::Notes => Ok(Some(Answer::Text(raw.trim_end().to_string()))),
        FieldKind::Integer { min, max } => {
            let value = parse_integer(trimmed).ok_or_else(|| Refusal::new(T::ErrInteger))?;
            if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
                let show = |v: Option<i64>| v.map_or("…".to_string(), |v| v.to_string());
                return Err(Refusal {
                    message: T::ErrIntegerRange,
                    args: vec![("min", show(*min)), ("max", show(*max))],
                });
            }
            Ok(Some(Answer::Integer(value)))
        }
        FieldKind::Date => parse_date(trimmed).map(|d| Some(Answer::Date(d))).ok_or_else(|| Refusal::new(T::ErrDate)),
        _ => Ok(None),
    }
}

/// Arabic-Indic and Extended Arabic-Indic digits as ASCII, everything else unchanged.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

pub fn parse_integer(s: &str) -> Option<i64> {
    ascii_digits(s.trim()).parse().ok()
}

/// A date written dd/mm/yyyy (also with - or . between the parts), in any of the digit sets.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let ascii = ascii_digits(s.trim());
    let parts: Vec<&str> = ascii.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    if y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An answer as the interviewer reads it, choice values shown by their label.
pub fn format_answer(field: &Field, answer: &Answer, lang: Lang) -> String {
    let label_of = |value: &str| match &field.kind {
        FieldKind::Single(choices) | FieldKind::Multiple(choices) => {
            choices.iter().find(|c| c.value == value).map_or(value.to_string(), |c| c.label.get(lang).to_string())
        }
        _ => value.to_string(),
    };
    match answer {
        Answer::Text(t) => t.clone(),
        Answer::Integer(i) => i.to_string(),
        Answer::Date(d) => format_date(*d),
        Answer::Choice(v) => label_of(v),
        Answer::Choices(vs) => {
            let comma = if lang.is_rtl() { "، " } else { ", " };
            vs.iter().map(|v| label_of(v)).collect::<Vec<_>>().join(comma)
        }
        Answer::YesNo(true) => T::Yes.get(lang).to_string(),
        Answer::YesNo(false) => T::No.get(lang).to_string(),
        Answer::Scale(v) => match &field.kind {
            FieldKind::Scale { max, .. } => format!("{v}/{max}"),
            _ => v.to_string(),
        },
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
    fn integers_parse_in_every_digit_set() {
        assert_eq!(parse_integer("١٢"), Some(12));
        assert_eq!(parse_integer(" 42 "), Some(42));
        assert_eq!(parse_integer("4x"), None);
    }
}
