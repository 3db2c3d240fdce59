//! Reading participants from a file (`daftar import participants`): JSONL as `daftar export`
//! writes it, or CSV with a header row. Pure: it reads text and the people already in the
//! store, and returns either the participants to add or every problem, by line, in line order.
//! The store then writes the participants in one transaction ([`crate::store::Store::import_participants`]).
//!
//! Each row is checked with the domain's definition of a valid participant
//! ([`crate::domain::participant`]) and compared with the domain's rule for the same person and
//! the same file number ([`crate::domain::identity`]), exactly as registration does. One bad row
//! and nothing is imported; rows describing someone already in the store are skipped, so
//! importing a file twice adds nothing the second time.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::participant::{self, Field};
use crate::domain::{file_number_key, identity_key, same_person};
use crate::form::Refusal;
use crate::i18n::{Lang, T};
use crate::store::{Id, Participant, Person, RECORD_FORMAT};

/// A problem (or a warning) on one line of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub line: usize,
    /// The column it is about, when it is about one.
    pub column: Option<&'static str>,
    pub problem: Refusal,
}

impl RowError {
    fn new(line: usize, column: Option<&'static str>, message: T, args: Vec<(&'static str, String)>) -> RowError {
        RowError { line, column, problem: Refusal::with(message, args) }
    }

    /// The message in `lang`, after its column: `date_of_birth: This date is in the future.`
    pub fn text(&self, lang: Lang) -> String {
        let message = match &self.problem {
            Refusal::Catalog { message: T::ImpUnknownColumn, args } => {
                let hint =
                    |v: &str| if v.is_empty() { String::new() } else { T::ImpDidYouMean.fill(lang, &[("word", v)]) };
                let args: Vec<(&str, String)> =
                    args.iter().map(|(k, v)| (*k, if *k == "hint" { hint(v) } else { v.clone() })).collect();
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                T::ImpUnknownColumn.fill(lang, &args)
            }
            problem => problem.text(lang),
        };
        match self.column {
            Some(column) => format!("{column}: {message}"),
            None => message,
        }
    }
}

/// What an import will do (or did).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    pub added: usize,
    /// Rows describing a participant the store already has.
    pub already_present: usize,
    /// Interview and stage lines of a JSONL export, which this command does not import.
    pub other_lines: usize,
    /// What was accepted but is worth a look (a name mixing scripts), in line order.
    pub warnings: Vec<RowError>,
}

/// The participants to add, and the report.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub new: Vec<Participant>,
    pub report: ImportReport,
}

/// One row as read, before it is checked.
#[derive(Default)]
struct Row {
    line: usize,
    id: Option<String>,
    fields: [String; 6],
    registered_at: Option<DateTime<Utc>>,
    registered_by: Option<String>,
}

fn columns() -> String {
    Field::ALL.map(Field::column).join(", ")
}

/// Checks `text` (JSONL when its first character is `{`, else CSV) against itself and against
/// `existing`, calling `progress(done, total)` as it goes. Returns what to add, or every problem
/// in line order (a row's problems never hide another row's).
pub fn plan(
    text: &str,
    existing: &[Person],
    today: NaiveDate,
    interviewer: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Plan, Vec<RowError>> {
    let mut report = ImportReport::default();
    let mut errors = Vec::new();
    // A byte-order mark is not part of the text: strip it before deciding the format.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let now = Utc::now();
    let rows = if text.trim_start().starts_with('{') {
        read_jsonl(text, &mut report, &mut errors, now)
    } else {
        read_csv(text, &mut errors)
    };
    let by_file: HashMap<String, &Person> = existing.iter().map(|p| (file_number_key(&p.file_number), p)).collect();
    let by_id: HashMap<&Id, &Person> = existing.iter().map(|p| (&p.id, p)).collect();
    let mut files: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut new = Vec::with_capacity(rows.len());
    // The same-person rule, kept O(n): people are indexed by date of birth and the identity key
    // of each name, so a row is compared only with those that share both. The store's people
    // born on a day are keyed only when a row is born that day (an identity key costs some
    // microseconds; a small import into a large store keys few of them).
    let mut people: HashMap<(NaiveDate, String), Seen> = HashMap::new();
    let identity_keys = |ar: &str, latin: &str| {
        [ar, latin].into_iter().filter(|n| !n.trim().is_empty()).map(identity_key).collect::<Vec<_>>()
    };
    let mut born_on: HashMap<NaiveDate, Vec<&Person>> = HashMap::new();
    for e in existing {
        born_on.entry(e.date_of_birth).or_default().push(e);
    }
    for (i, row) in rows.iter().enumerate() {
        if i % 10_000 == 0 {
            progress(i, rows.len());
        }
        let line = row.line;
        let entry: participant::Entry = std::array::from_fn(|f| row.fields[f].as_str());
        let details = participant::check(&entry, today).map_err(|problems| {
            for (field, problem) in problems {
                errors.push(RowError { line, column: Some(field.column()), problem });
            }
        });
        let id = match &row.id {
            None => Some(Id::new_random()),
            Some(text) => match Id::parse(text) {
                Some(id) => {
                    if let Some(first) = ids.insert(text.clone(), line) {
                        errors.push(RowError::new(
                            line,
                            Some("id"),
                            T::ImpDuplicateId,
                            vec![("id", text.clone()), ("line", first.to_string())],
                        ));
                    }
                    Some(id)
                }
                None => {
                    errors.push(RowError::new(line, Some("id"), T::ImpBadId, vec![("id", text.clone())]));
                    None
                }
            },
        };
        // File numbers are compared even on a row with other problems, so that a bad date on
        // one row never hides the duplicate of another.
        let file = row.fields[Field::FileNumber as usize].trim();
        let key = file_number_key(file);
        let column = Some(Field::FileNumber.column());
        if !key.is_empty()
            && let Some(first) = files.insert(key.clone(), line)
        {
            errors.push(RowError::new(
                line,
                column,
                T::ImpDuplicateFile,
                vec![("file", file.to_string()), ("line", first.to_string())],
            ));
        }
        let (Ok(details), Some(id)) = (details, id) else {
            if let Some(other) = by_file.get(&key).filter(|_| !key.is_empty())
                && row.id.as_deref() != Some(other.id.as_str())
            {
                errors.push(RowError::new(
                    line,
                    column,
                    T::ImpFileTaken,
                    vec![("file", file.to_string()), ("other", other.file_number.clone())],
                ));
            }
            continue;
        };
        let p = Participant {
            format: RECORD_FORMAT,
            id,
            name_ar: details.name_ar.clone(),
            name_latin: details.name_latin.clone(),
            date_of_birth: details.date_of_birth,
            file_number: details.file_number.clone(),
            facility: details.facility.clone(),
            entry_date: details.entry_date,
            registered_at: row.registered_at.unwrap_or(now),
            registered_by: row.registered_by.clone().unwrap_or_else(|| interviewer.to_string()),
        };
        // An id already in the store must describe the same person: never overwrite one.
        if let Some(e) = by_id.get(&p.id)
            && (file_number_key(&e.file_number) != key
                || e.name_ar != p.name_ar
                || e.name_latin != p.name_latin
                || e.date_of_birth != p.date_of_birth)
        {
            errors.push(RowError::new(line, Some("id"), T::ImpIdDiffers, vec![("id", p.id.to_string())]));
            continue;
        }
        match by_file.get(&key) {
            Some(e) if e.id == p.id || same_person(e.identity(), p.identity()) => report.already_present += 1,
            Some(e) => errors.push(RowError::new(
                line,
                column,
                T::ImpFileTaken,
                vec![("file", file.to_string()), ("other", e.file_number.clone())],
            )),
            None => {
                for (field, problem) in participant::warnings(&details) {
                    report.warnings.push(RowError { line, column: Some(field.column()), problem });
                }
                for e in born_on.remove(&p.date_of_birth).unwrap_or_default() {
                    for key in identity_keys(&e.name_ar, &e.name_latin) {
                        people.entry((e.date_of_birth, key)).or_insert(Seen::Store(e));
                    }
                }
                let keys = identity_keys(&p.name_ar, &p.name_latin);
                let earlier = keys.iter().find_map(|k| people.get(&(p.date_of_birth, k.clone())));
                if let Some(seen) = earlier {
                    report.warnings.push(seen.warning(line, p.date_of_birth));
                }
                for key in keys {
                    people.entry((p.date_of_birth, key)).or_insert(Seen::Row {
                        line,
                        name: p.name_latin.clone(),
                        file: p.file_number.clone(),
                    });
                }
                new.push(p);
            }
        }
    }
    progress(rows.len(), rows.len());
    if errors.is_empty() {
        report.added = new.len();
        Ok(Plan { new, report })
    } else {
        // In line order, and within a line in column order.
        let rank =
            |e: &RowError| Field::ALL.iter().position(|f| Some(f.column()) == e.column).unwrap_or(Field::ALL.len());
        errors.sort_by_key(|e| (e.line, rank(e)));
        Err(errors)
    }
}

/// Someone a row may be the same person as: in the store, or on an earlier row.
enum Seen<'a> {
    Store(&'a Person),
    Row { line: usize, name: String, file: String },
}

impl Seen<'_> {
    fn warning(&self, line: usize, born: NaiveDate) -> RowError {
        let date = crate::form::format_date(born);
        match self {
            Seen::Store(p) => {
                let name = if p.name_latin.trim().is_empty() { &p.name_ar } else { &p.name_latin };
                RowError::new(
                    line,
                    None,
                    T::ImpSamePersonStore,
                    vec![("name", name.clone()), ("date", date), ("file", p.file_number.clone())],
                )
            }
            Seen::Row { line: first, name, file } => RowError::new(
                line,
                None,
                T::ImpSamePersonRow,
                vec![("line", first.to_string()), ("name", name.clone()), ("date", date), ("file", file.clone())],
            ),
        }
    }
}

/// A JSON object read with every key once: a line naming a key twice is refused, where
/// serde_json's own map would silently keep the last value.
struct UniqueObject {
    map: serde_json::Map<String, serde_json::Value>,
    /// The first key named twice.
    repeated: Option<String>,
}

impl<'de> serde::Deserialize<'de> for UniqueObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = UniqueObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<UniqueObject, A::Error> {
                let mut out = UniqueObject { map: serde_json::Map::new(), repeated: None };
                while let Some(key) = access.next_key::<String>()? {
                    let value: serde_json::Value = access.next_value()?;
                    if out.map.contains_key(&key) {
                        out.repeated.get_or_insert(key);
                    } else {
                        out.map.insert(key, value);
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The record formats this build reads.
const KNOWN_FORMATS: std::ops::RangeInclusive<u64> = 1..=RECORD_FORMAT as u64;

fn read_jsonl(text: &str, report: &mut ImportReport, errors: &mut Vec<RowError>, now: DateTime<Utc>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value = match serde_json::from_str::<UniqueObject>(raw) {
            Ok(UniqueObject { repeated: Some(key), .. }) => {
                errors.push(RowError::new(line, None, T::ImpRepeatedKey, vec![("key", key)]));
                continue;
            }
            Ok(UniqueObject { map, .. }) => serde_json::Value::Object(map),
            Err(e) => {
                errors.push(RowError::new(line, None, T::ImpNotJson, vec![("err", e.to_string())]));
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
                errors.push(RowError::new(line, None, T::ImpNotParticipant, Vec::new()));
                continue;
            }
        }
        match value.get("format") {
            None => {}
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|n| KNOWN_FORMATS.contains(&n)) => {}
            Some(other) => errors.push(RowError::new(
                line,
                Some("format"),
                T::ImpUnknownFormat,
                vec![("found", other.to_string()), ("supported", RECORD_FORMAT.to_string())],
            )),
        }
        let mut row = Row { line, ..Row::default() };
        for field in Field::ALL {
            match value.get(field.column()) {
                Some(serde_json::Value::String(s)) => row.fields[field as usize] = s.clone(),
                Some(serde_json::Value::Null) | None => {}
                Some(_) => errors.push(RowError::new(line, Some(field.column()), T::ImpNotText, Vec::new())),
            }
        }
        row.id = value.get("id").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
        match value.get("registered_at") {
            None | Some(serde_json::Value::Null) => {}
            Some(v) => match serde_json::from_value::<DateTime<Utc>>(v.clone()) {
                Ok(at) if at > now => {
                    errors.push(RowError::new(line, Some("registered_at"), T::ImpTimeFuture, Vec::new()))
                }
                Ok(at) if at.date_naive() < crate::domain::limits::earliest_date() => errors.push(RowError::new(
                    line,
                    Some("registered_at"),
                    T::ErrDateTooEarly,
                    vec![("date", crate::form::format_date(crate::domain::limits::earliest_date()))],
                )),
                Ok(at) => row.registered_at = Some(at),
                Err(_) => errors.push(RowError::new(
                    line,
                    Some("registered_at"),
                    T::ImpBadTime,
                    vec![("text", v.as_str().map_or_else(|| v.to_string(), str::to_string))],
                )),
            },
        }
        match value.get("registered_by") {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => match participant::check_one_line(s) {
                Ok(clean) => row.registered_by = Some(clean),
                Err(problem) => errors.push(RowError { line, column: Some("registered_by"), problem }),
            },
            Some(_) => errors.push(RowError::new(line, Some("registered_by"), T::ImpNotText, Vec::new())),
        }
        rows.push(row);
    }
    rows
}

fn read_csv(text: &str, errors: &mut Vec<RowError>) -> Vec<Row> {
    let records = csv_records(text, errors);
    let Some((header_line, header)) = records.first() else {
        errors.push(RowError::new(1, None, T::ImpEmpty, Vec::new()));
        return Vec::new();
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let names = Field::ALL.map(Field::column);
    let mut usable = true;
    for (i, h) in header.iter().enumerate() {
        // A column named twice would let one cell silently replace the other.
        if let Some(first) = header[..i].iter().position(|earlier| earlier == h) {
            errors.push(RowError::new(
                *header_line,
                None,
                T::ImpRepeatedColumn,
                vec![("column", h.clone()), ("first", (first + 1).to_string()), ("second", (i + 1).to_string())],
            ));
            usable = false;
            continue;
        }
        if !names.contains(&h.as_str()) {
            // The suggestion is put into words when the message is (see RowError::text).
            let hint = crate::form::suggest_word(h, names.iter().copied()).unwrap_or_default();
            errors.push(RowError::new(
                *header_line,
                None,
                T::ImpUnknownColumn,
                vec![("column", h.clone()), ("hint", hint.to_string()), ("columns", columns())],
            ));
            usable = false;
        }
    }
    for column in names {
        if !header.iter().any(|h| h == column) {
            errors.push(RowError::new(*header_line, None, T::ImpMissingColumn, vec![("column", column.to_string())]));
            usable = false;
        }
    }
    if !usable {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for (line, cells) in records.into_iter().skip(1) {
        if cells.len() == 1 && cells[0].trim().is_empty() {
            continue;
        }
        if cells.len() != header.len() {
            errors.push(RowError::new(
                line,
                None,
                T::ImpCellCount,
                vec![("n", cells.len().to_string()), ("total", header.len().to_string())],
            ));
            continue;
        }
        let mut row = Row { line, ..Row::default() };
        for (name, cell) in header.iter().zip(cells) {
            if let Some(at) = names.iter().position(|c| c == name) {
                row.fields[at] = cell;
            }
        }
        rows.push(row);
    }
    rows
}

/// Splits CSV (RFC 4180: `,` between cells, `"` around a cell that holds `,`, `"` or a line
/// break, `""` for a quote inside one) into records, each with the line it starts on. Stricter
/// than most readers, on purpose: text after a closing quote (`"سعيد"x`), a quote inside an
/// unquoted cell and an unclosed quote are problems, never silently joined into a value. A
/// record with a problem is left out.
fn csv_records(text: &str, errors: &mut Vec<RowError>) -> Vec<(usize, Vec<String>)> {
    let mut records = Vec::new();
    let mut chars = text.strip_prefix('\u{feff}').unwrap_or(text).chars().peekable();
    let mut line = 1;
    'records: while chars.peek().is_some() {
        let start = line;
        let mut cells = Vec::new();
        let mut bad = None;
        loop {
            let mut cell = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        None => {
                            errors.push(RowError::new(start, None, T::ImpUnclosedQuote, Vec::new()));
                            break 'records;
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            cell.push(c);
                        }
                    }
                }
                if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                    bad.get_or_insert(T::ImpTextAfterQuote);
                }
            }
            while let Some(&c) = chars.peek() {
                if matches!(c, ',' | '\n' | '\r') {
                    break;
                }
                if c == '"' {
                    bad.get_or_insert(T::ImpQuoteInCell);
                }
                cell.push(c);
                chars.next();
            }
            cells.push(cell);
            match chars.next() {
                Some(',') => continue,
                Some('\r') => {
                    chars.next_if_eq(&'\n');
                }
                _ => {}
            }
            line += 1;
            break;
        }
        match bad {
            Some(message) => errors.push(RowError::new(start, None, message, Vec::new())),
            None => records.push((start, cells)),
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn problems(text: &str) -> Vec<(usize, T)> {
        match plan(text, &[], today(), "t", &mut |_, _| {}) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| match e.problem {
                    Refusal::Catalog { message, .. } => (e.line, message),
                    other => panic!("{other:?}"),
                })
                .collect(),
        }
    }

    const HEADER: &str = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n";

    #[test]
    fn quoted_cells_are_read_and_text_after_a_quote_refused() {
        let ok = format!("{HEADER}\"سعيد, بن\",\"Said \"\"S\"\"\",07/03/1990,F-1,Salé,01/02/2020\r\n");
        let plan = plan(&ok, &[], today(), "t", &mut |_, _| {}).unwrap();
        assert_eq!(plan.new[0].name_ar, "سعيد, بن");
        assert_eq!(plan.new[0].name_latin, "Said \"S\"");
        let bad = format!("{HEADER}\"سعيد\"x,Said,07/03/1990,F-1,Salé,01/02/2020\n");
        assert_eq!(problems(&bad), vec![(2, T::ImpTextAfterQuote)]);
        let bad = format!("{HEADER}سع\"يد,Said,07/03/1990,F-1,Salé,01/02/2020\n");
        assert_eq!(problems(&bad), vec![(2, T::ImpQuoteInCell)]);
        let bad = format!("{HEADER}\"سعيد,Said,07/03/1990,F-1,Salé,01/02/2020\n");
        assert_eq!(problems(&bad), vec![(2, T::ImpUnclosedQuote)]);
    }

    #[test]
    fn every_problem_is_reported_in_line_order() {
        let text = format!(
            "{HEADER}س,S,31/02/1990,F-1,x,01/02/2020\nس,T,07/03/1990,f-1,x,01/02/2020\nس,U,07/03/1990,F-2,x,01/02/2050\n"
        );
        assert_eq!(problems(&text), vec![(2, T::ErrDateNoDay), (3, T::ImpDuplicateFile), (4, T::ErrDateFuture)]);
    }

    fn jsonl(extra: &str) -> String {
        format!(
            "{{\"record\":\"participant\",\"format\":1,\"id\":\"23f3e41d5677435eb04ddaf91a34d108\",\"name_ar\":\"سعيد\",\"name_latin\":\"Said\",\"date_of_birth\":\"1990-01-01\",\"file_number\":\"A-1001\",\"facility\":\"Salé\",\"entry_date\":\"2020-01-01\",\"registered_at\":\"2026-01-01T09:00:00Z\",\"registered_by\":\"Samira\"{extra}}}\n"
        )
    }

    #[test]
    fn a_column_or_key_given_twice_is_refused() {
        let text = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date,name_latin\n\
                    سعيد,Said,07/03/1990,F-1,Salé,01/02/2020,Ahmed\n";
        assert_eq!(problems(text), vec![(1, T::ImpRepeatedColumn)]);
        assert_eq!(problems(&jsonl(",\"name_latin\":\"Ahmed\"")), vec![(1, T::ImpRepeatedKey)]);
        assert!(plan(&jsonl(""), &[], today(), "t", &mut |_, _| {}).is_ok());
    }

    #[test]
    fn jsonl_is_read_after_a_bom_and_its_format_times_author_and_id_checked() {
        let ok = plan(&format!("\u{feff}{}", jsonl("")), &[], today(), "t", &mut |_, _| {}).unwrap();
        assert_eq!(ok.new[0].registered_by, "Samira");
        let with = |from: &str, to: &str| jsonl("").replace(from, to);
        assert_eq!(problems(&with("\"format\":1", "\"format\":99")), vec![(1, T::ImpUnknownFormat)]);
        assert_eq!(problems(&with("\"format\":1", "\"format\":\"1\"")), vec![(1, T::ImpUnknownFormat)]);
        assert_eq!(problems(&with("2026-01-01T09:00:00Z", "2090-01-01T09:00:00Z")), vec![(1, T::ImpTimeFuture)]);
        assert_eq!(problems(&with("2026-01-01T09:00:00Z", "yesterday")), vec![(1, T::ImpBadTime)]);
        let long = "x".repeat(2000);
        assert_eq!(problems(&with("\"Samira\"", &format!("\"{long}\""))), vec![(1, T::ErrTooLong)]);
        assert_eq!(problems(&with("\"Samira\"", "\"Sam\\u001bira\"")), vec![(1, T::ErrControlChar)]);
        // A bidi override is dropped, as from any text.
        let clean = plan(&with("\"Samira\"", "\"\u{202E}Samira\""), &[], today(), "t", &mut |_, _| {}).unwrap();
        assert_eq!(clean.new[0].registered_by, "Samira");
        for id in
            ["23F3E41D5677435EB04DDAF91A34D108", "00000000000000000000000000000000", "23f3e41d5677135eb04ddaf91a34d108"]
        {
            assert_eq!(problems(&with("23f3e41d5677435eb04ddaf91a34d108", id)), vec![(1, T::ImpBadId)], "{id}");
        }
    }

    #[test]
    fn the_same_person_under_another_file_number_is_a_warning() {
        let text =
            format!("{HEADER}سعيد,Said,07/03/1990,F-1,Salé,01/02/2020\nسعید,Hassan,07/03/1990,F-9,Salé,01/02/2020\n");
        let plan1 = plan(&text, &[], today(), "t", &mut |_, _| {}).unwrap();
        assert_eq!(plan1.new.len(), 2);
        let warned: Vec<(usize, T)> = plan1
            .report
            .warnings
            .iter()
            .map(|w| match &w.problem {
                Refusal::Catalog { message, .. } => (w.line, *message),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(warned, vec![(3, T::ImpSamePersonRow)]);
        let existing = vec![Person::from(&plan1.new[0])];
        let again =
            format!("{HEADER}سعيد,Said,07/03/1990,F-7,Salé,01/02/2020\nعلي,Ali,07/03/1990,F-8,Salé,01/02/2020\n");
        let plan2 = plan(&again, &existing, today(), "t", &mut |_, _| {}).unwrap();
        assert_eq!(plan2.report.warnings.len(), 1, "{:?}", plan2.report.warnings);
        assert_eq!(plan2.report.warnings[0].line, 2);
        assert!(
            crate::i18n::plain(&plan2.report.warnings[0].text(Lang::En)).contains("file F-1"),
            "{:?}",
            plan2.report.warnings
        );
    }

    #[test]
    fn a_huge_name_is_refused_quickly() {
        let huge = "x".repeat(10 << 20);
        let text = format!("{HEADER}س,{huge},07/03/1990,F-1,x,01/02/2020\n");
        let started = std::time::Instant::now();
        assert_eq!(problems(&text), vec![(2, T::ErrTooLong)]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
