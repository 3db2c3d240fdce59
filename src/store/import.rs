//! `daftar import participants`: reading participants from JSONL (as `daftar export` writes
//! it) or CSV with a header row. Every row is checked before anything is written; one bad row
//! and nothing is imported. Rows already in the store (same file number, same person) are
//! skipped, so importing a file twice adds nothing the second time.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

use super::{Id, Participant, RECORD_FORMAT, Store, normalise_file_number};
use crate::error::Result;
use crate::form::parse_date;

/// A row refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    /// Rows describing a participant the store already has.
    pub already_present: usize,
    /// Interview and stage lines of a JSONL export, which this command does not import.
    pub other_lines: usize,
}

const COLUMNS: [&str; 6] = ["name_ar", "name_latin", "date_of_birth", "file_number", "facility", "entry_date"];

/// One row as read, before it is checked.
#[derive(Default)]
struct Row {
    line: usize,
    id: Option<String>,
    fields: HashMap<String, String>,
    registered_at: Option<chrono::DateTime<Utc>>,
    registered_by: Option<String>,
}

/// A date as dd/mm/yyyy (any digits) or yyyy-mm-dd (as exported).
fn date(text: &str) -> Option<NaiveDate> {
    parse_date(text).or_else(|| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
}

fn read_jsonl(text: &str, report: &mut ImportReport, errors: &mut Vec<RowError>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(raw) {
            Ok(v) => v,
            Err(e) => {
                errors.push(RowError { line, message: format!("not a JSON object: {e}") });
                continue;
            }
        };
        match value.get("record").and_then(|r| r.as_str()) {
            Some("participant") => {}
            Some("interview" | "stage") => {
                report.other_lines += 1;
                continue;
            }
            _ => {
                errors.push(RowError {
                    line,
                    message: "not a participant line: \"record\" must be \"participant\"".into(),
                });
                continue;
            }
        }
        let mut row = Row { line, ..Row::default() };
        for column in COLUMNS {
            match value.get(column) {
                Some(serde_json::Value::String(s)) => {
                    row.fields.insert(column.into(), s.clone());
                }
                Some(serde_json::Value::Null) | None => {}
                Some(_) => errors.push(RowError { line, message: format!("{column} must be text") }),
            }
        }
        row.id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
        row.registered_at = value.get("registered_at").and_then(|v| serde_json::from_value(v.clone()).ok());
        row.registered_by = value.get("registered_by").and_then(|v| v.as_str()).map(str::to_string);
        rows.push(row);
    }
    rows
}

fn read_csv(text: &str, errors: &mut Vec<RowError>) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase()).collect(),
        Err(e) => {
            errors.push(RowError { line: 1, message: format!("cannot read the header row: {e}") });
            return Vec::new();
        }
    };
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            let hint = crate::form::suggest_word(h, COLUMNS.iter().copied())
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            errors.push(RowError {
                line: 1,
                message: format!("unknown column '{h}'{hint}; the columns are {}", COLUMNS.join(", ")),
            });
        }
    }
    for column in COLUMNS {
        if !headers.iter().any(|h| h == column) {
            errors.push(RowError { line: 1, message: format!("the header row has no '{column}' column") });
        }
    }
    if !errors.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError { line, message: format!("cannot read this row: {e}") });
            }
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                let fields = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
                rows.push(Row { line, fields, ..Row::default() });
            }
        }
    }
    rows
}

/// Checks one row and makes it a participant, or says everything wrong with it.
fn check(row: &Row, today: NaiveDate, interviewer: &str) -> std::result::Result<Participant, Vec<String>> {
    let mut problems = Vec::new();
    let mut text = |column: &str| {
        let value = row.fields.get(column).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            problems.push(format!("{column} is empty"));
            return String::new();
        }
        match crate::text::sanitize(value, crate::text::Lines::Single) {
            Ok(clean) => clean,
            Err(e) => {
                problems.push(format!("{column}: {e}"));
                String::new()
            }
        }
    };
    let (name_ar, name_latin, file_number, facility) =
        (text("name_ar"), text("name_latin"), text("file_number"), text("facility"));
    let (dob_text, entry_text) = (text("date_of_birth"), text("entry_date"));
    let mut day = |column: &str, value: &str| {
        if value.is_empty() {
            return None;
        }
        match date(value) {
            None => {
                problems.push(format!("{column} '{value}' is not a date (dd/mm/yyyy)"));
                None
            }
            Some(d) if d > today => {
                problems.push(format!("{column} {value} is in the future"));
                None
            }
            Some(d) => Some(d),
        }
    };
    let dob = day("date_of_birth", &dob_text);
    let entry = day("entry_date", &entry_text);
    if let (Some(b), Some(e)) = (dob, entry)
        && e < b
    {
        problems.push("entry_date is before date_of_birth".into());
    }
    let id = match &row.id {
        None => Id::new_random(),
        Some(id) => match Id::from_key(id.as_bytes()) {
            Some(id) => id,
            None => {
                problems.push(format!("id '{id}' is not a daftar id"));
                Id::new_random()
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Participant {
        format: RECORD_FORMAT,
        id,
        name_ar,
        name_latin,
        date_of_birth: dob.unwrap_or(today),
        file_number,
        facility,
        entry_date: entry.unwrap_or(today),
        registered_at: row.registered_at.unwrap_or_else(Utc::now),
        registered_by: row.registered_by.clone().unwrap_or_else(|| interviewer.to_string()),
    })
}

/// Participants checked and ready to import, each with the line it came from.
pub type Rows = Vec<(usize, Participant)>;

/// Reads and checks every row of `text` (JSONL when its first character is `{`, else CSV),
/// calling `progress(done, total)` as it goes. Returns the participants with their line
/// numbers, or every row error.
pub fn parse_participants(
    text: &str,
    today: NaiveDate,
    interviewer: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> std::result::Result<(Rows, ImportReport), Vec<RowError>> {
    let mut report = ImportReport::default();
    let mut errors = Vec::new();
    let rows = if text.trim_start().starts_with('{') {
        read_jsonl(text, &mut report, &mut errors)
    } else {
        read_csv(text, &mut errors)
    };
    let mut participants = Vec::with_capacity(rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<Id, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if i % 10_000 == 0 {
            progress(i, rows.len());
        }
        match check(row, today, interviewer) {
            Err(problems) => errors.extend(problems.into_iter().map(|message| RowError { line: row.line, message })),
            Ok(p) => {
                if row.id.is_some()
                    && let Some(first) = ids.insert(p.id.clone(), row.line)
                {
                    errors.push(RowError { line: row.line, message: format!("id {} is also on line {first}", p.id) });
                }
                let key = normalise_file_number(&p.file_number);
                if let Some(first) = seen.insert(key, row.line) {
                    errors.push(RowError {
                        line: row.line,
                        message: format!("file number {} is also on line {first}", p.file_number),
                    });
                }
                participants.push((row.line, p));
            }
        }
    }
    progress(rows.len(), rows.len());
    if errors.is_empty() { Ok((participants, report)) } else { Err(errors) }
}

impl Store {
    /// Imports checked participants all together, or none: a row whose file number belongs to
    /// a different participant in the store is an error; one describing a participant already
    /// there (same id, or same names and date of birth) is skipped.
    pub fn import_participants(
        &self,
        rows: Rows,
        mut report: ImportReport,
    ) -> Result<std::result::Result<ImportReport, Vec<RowError>>> {
        let people: Vec<super::Person> = self.summaries_from_tree()?.into_iter().map(|s| s.participant).collect();
        let by_file: HashMap<String, &super::Person> =
            people.iter().map(|p| (normalise_file_number(&p.file_number), p)).collect();
        let by_id: HashMap<&Id, &super::Person> = people.iter().map(|p| (&p.id, p)).collect();
        let mut errors = Vec::new();
        let mut new = Vec::new();
        for (line, p) in rows {
            // An id already in the store must describe the same person: never overwrite one.
            if let Some(e) = by_id.get(&p.id)
                && (normalise_file_number(&e.file_number) != normalise_file_number(&p.file_number)
                    || e.name_ar != p.name_ar
                    || e.name_latin != p.name_latin
                    || e.date_of_birth != p.date_of_birth)
            {
                errors.push(RowError {
                    line,
                    message: format!(
                        "id {} is already in the store with different details; nothing is overwritten",
                        p.id
                    ),
                });
                continue;
            }
            match by_file.get(&normalise_file_number(&p.file_number)) {
                None => new.push(p),
                Some(e)
                    if e.id == p.id
                        || (e.name_ar == p.name_ar
                            && e.name_latin == p.name_latin
                            && e.date_of_birth == p.date_of_birth) =>
                {
                    report.already_present += 1
                }
                Some(_) => errors.push(RowError {
                    line,
                    message: format!("file number {} is already registered to a different participant", p.file_number),
                }),
            }
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        report.added = new.len();
        self.insert_participants(&new)?;
        self.flush()?;
        Ok(Ok(report))
    }
}
