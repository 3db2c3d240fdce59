//! What a valid participant is, written once: registration checks each field with it as the
//! interviewer types, `daftar import` checks every row with it, and editing will. A value one
//! path accepts is never refused by another, so Daftar's own export always imports.

use chrono::NaiveDate;

use super::limits::{AGE_AT_ENTRY_MAX, AGE_AT_ENTRY_MIN, ONE_LINE_MAX_CHARS, earliest_date};
use crate::form::{Refusal, format_date};
use crate::i18n::T;

/// The details of a participant, in screen order (also the order of import columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    NameAr,
    NameLatin,
    DateOfBirth,
    FileNumber,
    Facility,
    EntryDate,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::NameAr, Field::NameLatin, Field::DateOfBirth, Field::FileNumber, Field::Facility, Field::EntryDate];

    /// The column that holds it in an import file and in the export.
    pub fn column(self) -> &'static str {
        match self {
            Field::NameAr => "name_ar",
            Field::NameLatin => "name_latin",
            Field::DateOfBirth => "date_of_birth",
            Field::FileNumber => "file_number",
            Field::Facility => "facility",
            Field::EntryDate => "entry_date",
        }
    }
}

/// A participant's details as typed or read, one text per [`Field`] in [`Field::ALL`] order.
pub type Entry<'a> = [&'a str; 6];

/// A participant's details once checked: clean one-line texts and real dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub name_ar: String,
    pub name_latin: String,
    pub date_of_birth: NaiveDate,
    pub file_number: String,
    pub facility: String,
    pub entry_date: NaiveDate,
}

/// A problem with one field.
pub type Problem = (Field, Refusal);

/// Checks every field of `entry` and how the dates stand to each other and to `today`.
/// Returns the details, or every problem in field order.
pub fn check(entry: &Entry, today: NaiveDate) -> Result<Details, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut text = |field: Field| match check_text(field, entry[field as usize]) {
        Ok(t) => t,
        Err(r) => {
            problems.push((field, r));
            String::new()
        }
    };
    let (name_ar, name_latin, file_number, facility) =
        (text(Field::NameAr), text(Field::NameLatin), text(Field::FileNumber), text(Field::Facility));
    let mut day = |field: Field| match check_date(entry[field as usize], today) {
        Ok(d) => Some(d),
        Err(r) => {
            problems.push((field, r));
            None
        }
    };
    let (dob, entry_date) = (day(Field::DateOfBirth), day(Field::EntryDate));
    if let (Some(dob), Some(entry_date)) = (dob, entry_date)
        && let Err(problem) = check_dates(dob, entry_date)
    {
        problems.push(problem);
    }
    problems.sort_by_key(|(field, _)| *field as usize);
    match (dob, entry_date) {
        (Some(date_of_birth), Some(entry_date)) if problems.is_empty() => {
            Ok(Details { name_ar, name_latin, date_of_birth, file_number, facility, entry_date })
        }
        _ => Err(problems),
    }
}

/// The problems of `entry` that belong to `field` (as shown under that field on the register
/// screen).
pub fn check_field(entry: &Entry, field: Field, today: NaiveDate) -> Option<Refusal> {
    match check(entry, today) {
        Ok(_) => None,
        Err(problems) => problems.into_iter().find(|(f, _)| *f == field).map(|(_, r)| r),
    }
}

/// A one-line text field: not empty, no control characters, at most [`ONE_LINE_MAX_CHARS`];
/// a file number only of the characters [`file_number_char`] allows. Returns it trimmed, NFC.
pub fn check_text(field: Field, raw: &str) -> Result<String, Refusal> {
    let clean = check_one_line(raw)?;
    if field == Field::FileNumber
        && let Some(bad) = clean.chars().find(|c| !file_number_char(*c))
    {
        return Err(Refusal::with(T::ErrFileNumberChars, vec![("char", char_name(bad))]));
    }
    Ok(clean)
}

/// Any one-line text the register records (a name, a facility, who registered someone): not
/// empty, no control or bidi control characters, at most [`ONE_LINE_MAX_CHARS`]. Returns it
/// trimmed, NFC.
pub fn check_one_line(raw: &str) -> Result<String, Refusal> {
    // A long paste is refused before any work proportional to its length.
    if raw.chars().nth(ONE_LINE_MAX_CHARS * 4).is_some() {
        return Err(Refusal::with(T::ErrTooLong, vec![("n", ONE_LINE_MAX_CHARS.to_string())]));
    }
    let value = raw.trim();
    if value.is_empty() {
        return Err(Refusal::new(T::ErrRequired));
    }
    let clean = crate::text::sanitize(value, crate::text::Lines::Single)
        .map_err(|e| Refusal::with(T::ErrControlChar, vec![("code", format!("U+{:04X}", u32::from(e.ch)))]))?;
    if clean.chars().nth(ONE_LINE_MAX_CHARS).is_some() {
        return Err(Refusal::with(T::ErrTooLong, vec![("n", ONE_LINE_MAX_CHARS.to_string())]));
    }
    Ok(clean)
}

/// The characters a file number may hold: ASCII letters and digits, Arabic-Indic digits (both
/// sets), `-` and `/`. Nothing that can look like one of them while being another.
pub fn file_number_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}')
}

/// A character as a message names it: itself and its code point, so an invisible one shows.
fn char_name(c: char) -> String {
    let shown = super::identity::display_name(&c.to_string()).into_owned();
    format!("{shown} (U+{:04X})", u32::from(c))
}

/// A recorded date: written dd/mm/yyyy in any digits (or yyyy-mm-dd, as exported), on the
/// calendar, not before [`earliest_date`] and not after `today`.
pub fn check_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Refusal::new(T::ErrRequired));
    }
    let date = match crate::form::parse_date(text) {
        Some(d) => d,
        None => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| crate::form::date_refusal(text))?,
    };
    if date < earliest_date() {
        return Err(Refusal::with(T::ErrDateTooEarly, vec![("date", format_date(earliest_date()))]));
    }
    if date > today {
        return Err(Refusal::new(T::ErrDateFuture));
    }
    Ok(date)
}

/// How a date of birth and a date of entry must stand to each other: entry not before birth,
/// and an age at entry within [`AGE_AT_ENTRY_MIN`]..=[`AGE_AT_ENTRY_MAX`].
pub fn check_dates(date_of_birth: NaiveDate, entry_date: NaiveDate) -> Result<(), Problem> {
    let Some(age) = entry_date.years_since(date_of_birth) else {
        return Err((Field::EntryDate, Refusal::new(T::ErrEntryBeforeBirth)));
    };
    if !(AGE_AT_ENTRY_MIN..=AGE_AT_ENTRY_MAX).contains(&age) {
        let args = vec![
            ("age", age.to_string()),
            ("min", AGE_AT_ENTRY_MIN.to_string()),
            ("max", AGE_AT_ENTRY_MAX.to_string()),
        ];
        return Err((Field::DateOfBirth, Refusal::with(T::ErrAgeAtEntry, args)));
    }
    Ok(())
}

/// What is allowed but worth a second look: a name with a word that mixes writing systems
/// (`Saіd` with a Cyrillic і), which may be a copy made to look like someone else.
pub fn warnings(details: &Details) -> Vec<Problem> {
    [(Field::NameAr, &details.name_ar), (Field::NameLatin, &details.name_latin)]
        .into_iter()
        .filter_map(|(field, name)| {
            super::identity::mixed_script_word(name)
                .map(|word| (field, Refusal::with(T::WarnMixedScript, vec![("word", word.to_string())])))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn keys(entry: &Entry) -> Vec<(Field, T)> {
        match check(entry, today()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|(f, r)| match r {
                    Refusal::Catalog { message, .. } => (f, message),
                    other => panic!("{other:?}"),
                })
                .collect(),
        }
    }

    #[test]
    fn a_plain_participant_is_valid() {
        let d = check(&["سعيد", "Said", "07/03/1990", "F-1", "Salé", "01/02/2020"], today()).unwrap();
        assert_eq!(d.date_of_birth, NaiveDate::from_ymd_opt(1990, 3, 7).unwrap());
        assert_eq!(d.file_number, "F-1");
    }

    #[test]
    fn dates_are_checked_against_each_other_and_the_calendar() {
        let entry = ["س", "S", "07/03/1990", "F-1", "x", "01/01/1980"];
        assert_eq!(keys(&entry), vec![(Field::EntryDate, T::ErrEntryBeforeBirth)]);
        let entry = ["س", "S", "07/03/1850", "F-1", "x", "01/01/2020"];
        assert_eq!(keys(&entry), vec![(Field::DateOfBirth, T::ErrDateTooEarly)]);
        let entry = ["س", "S", "07/03/1901", "F-1", "x", "01/01/2020"];
        assert_eq!(keys(&entry), vec![(Field::DateOfBirth, T::ErrAgeAtEntry)]);
        let entry = ["س", "S", "01/01/0001", "F-1", "x", "01/01/2020"];
        assert_eq!(keys(&entry), vec![(Field::DateOfBirth, T::ErrDateTooEarly)]);
        let entry = ["س", "S", "31/02/1990", "F-1", "x", "01/01/2030"];
        assert_eq!(keys(&entry), vec![(Field::DateOfBirth, T::ErrDateNoDay), (Field::EntryDate, T::ErrDateFuture)]);
    }

    #[test]
    fn texts_are_limited_and_file_numbers_kept_to_a_safe_set() {
        let long = "x".repeat(ONE_LINE_MAX_CHARS + 1);
        let entry = ["س", long.as_str(), "07/03/1990", "А-1", "", "01/01/2020"];
        assert_eq!(
            keys(&entry),
            vec![
                (Field::NameLatin, T::ErrTooLong),
                (Field::FileNumber, T::ErrFileNumberChars),
                (Field::Facility, T::ErrRequired)
            ]
        );
        assert!(check_text(Field::FileNumber, "Q-7/2").is_ok());
        assert!(check_text(Field::FileNumber, "٢٠٢٤/١٥٣").is_ok());
        assert!(check_text(Field::FileNumber, "A\u{2011}1001").is_err());
    }
}
