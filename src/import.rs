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

use crate::domain::identity::{DigestSet, Digests};
use crate::domain::participant::{self, Field};
use crate::domain::{file_number_key, identity_key, same_person};
use crate::form::Refusal;
use crate::i18n::{Lang, T};
use crate::store::spill::{DEFAULT_BUDGET, Scratch, SpillRecords, SpillSet};
use crate::store::{Author, Id, Participant, Person, RECORD_FORMAT};

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
}

fn columns() -> String {
    Field::ALL.map(Field::column).join(", ")
}

/// Checks `text` (JSONL when its first character is `{`, else CSV) against itself and against
/// `existing`, calling `progress(done, total)` as it goes. Returns what to add, or every problem
/// in line order (a row's problems never hide another row's). Holds every row in memory: for
/// tests and small files; `daftar import` streams with [`check`].
pub fn plan(
    text: &str,
    existing: &[Person],
    today: NaiveDate,
    author: &Author,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Plan, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut new = Vec::new();
    let outcome = check(
        text.as_bytes(),
        existing,
        today,
        author,
        &mut |done| progress(done, done),
        &mut |e| errors.push(e),
        &mut |p| {
            new.push(p);
            Ok(())
        },
    );
    match outcome {
        Ok(outcome) if errors.is_empty() => {
            Ok(Plan { report: ImportReport { added: new.len(), ..outcome.report }, new })
        }
        Ok(_) => Err(errors),
        // Text in memory cannot fail to read, and the sink above never fails.
        Err(_) => Err(errors),
    }
}

/// What [`check`] found once the whole file was read.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub report: ImportReport,
    /// Problems passed to `problem`: when there is any, no participant should be kept.
    pub problems: usize,
    /// Rows read (not counting the header, blank lines and lines that are not participants).
    pub rows: usize,
}

/// Why [`check`] stopped before the end of the file.
#[derive(Debug)]
pub enum Stopped {
    /// The file could not be read; [`std::io::ErrorKind::InvalidData`] when it is not UTF-8.
    Read(std::io::Error),
    /// `add` failed (the store refused or could not write).
    Add(crate::error::Error),
    /// What the check remembers of earlier rows could not be written to or read from its
    /// scratch directory (`path`).
    Scratch { path: std::path::PathBuf, source: std::io::Error },
}

/// Reads `source` once, a line at a time (JSONL when its first character is `{`, else CSV),
/// and checks each row against the rows before it and against `existing`. Every problem goes to
/// `problem` as soon as its row is read, in line order and within a line in column order;
/// every participant to add goes to `add`, as long as no problem has been found (after the
/// first problem nothing is worth writing). Memory: the longest line, plus what it remembers
/// of every row (its file number key, its id when it gives one, and the identity keys of its
/// names with its Latin name and file number for the same-person warning, see [`Seen`]) up to
/// [`DEFAULT_BUDGET`], past which that goes to scratch files in the system's temporary
/// directory ([`check_within`] chooses the budget and the place).
pub fn check(
    source: impl std::io::BufRead,
    existing: &[Person],
    today: NaiveDate,
    author: &Author,
    progress: &mut dyn FnMut(usize),
    problem: &mut dyn FnMut(RowError),
    add: &mut dyn FnMut(Participant) -> crate::error::Result<()>,
) -> Result<Outcome, Stopped> {
    let memory = Memory { budget: DEFAULT_BUDGET, scratch: Scratch::new(std::env::temp_dir()) };
    check_within(source, existing, today, author, &memory, progress, problem, add)
}

/// The shares of [`Memory::budget`]: four for the checker, one for the store's guard.
pub const SHARES: usize = 5;

/// How much memory [`check_within`] may keep of the rows it has read, and where it puts the
/// rest (see [`crate::store::spill`]).
pub struct Memory {
    /// Bytes for the whole import, in five equal shares: the file numbers, the ids, the names,
    /// the words a warning quotes, and (not the checker's) the store's own guard against a file
    /// number taken twice ([`crate::store::Store::begin_import_within`]).
    pub budget: usize,
    pub scratch: std::rc::Rc<Scratch>,
}

/// [`check`], remembering the rows read within `memory.budget` bytes whatever the file's size:
/// past it, in files of a private directory (see [`crate::store::spill`]). The problems, the
/// warnings and their words are the same whatever the budget.
#[allow(clippy::too_many_arguments)]
pub fn check_within(
    source: impl std::io::BufRead,
    existing: &[Person],
    today: NaiveDate,
    author: &Author,
    memory: &Memory,
    progress: &mut dyn FnMut(usize),
    problem: &mut dyn FnMut(RowError),
    add: &mut dyn FnMut(Participant) -> crate::error::Result<()>,
) -> Result<Outcome, Stopped> {
    let mut lines = Lines::new(source);
    let jsonl = lines.starts_with_brace();
    let mut checker = Checker::new(existing, today, author, memory, problem, add);
    if jsonl {
        read_jsonl(&mut lines, &mut checker, progress)?;
    } else {
        read_csv(&mut lines, &mut checker, progress)?;
    }
    if let Some(e) = lines.failed.take() {
        return Err(Stopped::Read(e));
    }
    Ok(Outcome { report: checker.report, problems: checker.problems, rows: checker.rows })
}

/// The lines of a file read one at a time, each with its line break, so that memory holds only
/// the longest. A read failure ends the lines and is kept in `failed`.
struct Lines<R> {
    reader: R,
    /// Lines read ahead (to find the format), given back before any other.
    ahead: std::collections::VecDeque<String>,
    failed: Option<std::io::Error>,
    first: bool,
}

impl<R: std::io::BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Lines { reader, ahead: Default::default(), failed: None, first: true }
    }

    fn next_line(&mut self) -> Option<String> {
        if let Some(line) = self.ahead.pop_front() {
            return Some(line);
        }
        if self.failed.is_some() {
            return None;
        }
        let mut bytes = Vec::new();
        match self.reader.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(_) => match String::from_utf8(bytes) {
                Ok(mut line) => {
                    // A byte-order mark is not part of the text.
                    if std::mem::take(&mut self.first) && line.starts_with('\u{feff}') {
                        line.drain(..'\u{feff}'.len_utf8());
                    }
                    Some(line)
                }
                Err(e) => {
                    self.failed = Some(std::io::Error::new(std::io::ErrorKind::InvalidData, e));
                    None
                }
            },
            Err(e) => {
                self.failed = Some(e);
                None
            }
        }
    }

    /// Whether the first character that is not white space is `{` (the lines read to find it
    /// are given back).
    fn starts_with_brace(&mut self) -> bool {
        while let Some(line) = self.next_line() {
            let first = line.trim_start().chars().next();
            self.ahead.push_back(line);
            if let Some(c) = first {
                return c == '{';
            }
        }
        false
    }
}

/// The characters of [`Lines`], one after another.
struct Chars<'a, R> {
    lines: &'a mut Lines<R>,
    line: String,
    at: usize,
}

impl<R: std::io::BufRead> Iterator for Chars<'_, R> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.line[self.at..].chars().next() {
                self.at += c.len_utf8();
                return Some(c);
            }
            self.line = self.lines.next_line()?;
            self.at = 0;
        }
    }
}

/// The state of a check between rows: what earlier rows and the store hold.
struct Checker<'a, 'b> {
    today: NaiveDate,
    author: &'a Author,
    now: DateTime<Utc>,
    report: ImportReport,
    problems: usize,
    rows: usize,
    /// The store's people by file number key and by id (see [`Checker::in_store`]).
    by_file: DigestSet,
    by_id: DigestSet,
    /// Every row's file number key and id, as [`Digests`] of them, with the line that gave it
    /// first: kept for the whole file, in memory up to a fifth of the budget each (16 bytes
    /// a row and the table's spare room, whatever its text), past it in a scratch file.
    digests: Digests,
    files: SpillSet,
    ids: SpillSet,
    // The same-person rule, kept O(n): people are indexed by date of birth and the identity key
    // of each name, so a row is compared only with those that share both. The store's people
    // born on a day are keyed only when a row is born that day (an identity key costs some
    // microseconds; a small import into a large store keys few of them).
    // A row is keyed by digests of (date of birth, identity key); the first row under a key
    // keeps only its line and its Latin name and file number, for the warning's words, in
    // `first_rows`. `people` holds, per key, who was seen first (see [`Seen::STORE`]): 16 bytes
    // a key. Both keep to a fifth of the budget each, then spill (see [`crate::store::spill`]).
    people: SpillSet,
    first_rows: SpillRecords,
    scratch: std::rc::Rc<Scratch>,
    existing: &'a [Person],
    /// The store's people by date of birth, as their places in `existing`.
    born_on: HashMap<NaiveDate, Vec<u32>>,
    problem: &'b mut dyn FnMut(RowError),
    add: &'b mut dyn FnMut(Participant) -> crate::error::Result<()>,
}

fn identity_keys(ar: &str, latin: &str) -> Vec<String> {
    [ar, latin].into_iter().filter(|n| !n.trim().is_empty()).map(identity_key).collect()
}

impl<'a, 'b> Checker<'a, 'b> {
    fn new(
        existing: &'a [Person],
        today: NaiveDate,
        author: &'a Author,
        memory: &Memory,
        problem: &'b mut dyn FnMut(RowError),
        add: &'b mut dyn FnMut(Participant) -> crate::error::Result<()>,
    ) -> Self {
        let share = memory.budget / SHARES;
        let set = || SpillSet::new(share, memory.scratch.clone());
        let mut born_on: HashMap<NaiveDate, Vec<u32>> = HashMap::new();
        let digests = Digests::new();
        let (mut by_file, mut by_id) = (DigestSet::default(), DigestSet::default());
        // A store of more than 2^31 people would not fit in memory anyway.
        for (i, e) in existing.iter().enumerate().take(Seen::STORE as usize) {
            born_on.entry(e.date_of_birth).or_default().push(i as u32);
            by_file.first(digests.of(file_number_key(&e.file_number).as_str()), i as u32);
            by_id.first(digests.of(e.id.as_str()), i as u32);
        }
        Checker {
            today,
            author,
            now: Utc::now(),
            report: ImportReport::default(),
            problems: 0,
            rows: 0,
            by_file,
            by_id,
            digests,
            files: set(),
            ids: set(),
            people: set(),
            first_rows: SpillRecords::new(share, memory.scratch.clone()),
            scratch: memory.scratch.clone(),
            existing,
            born_on,
            problem,
            add,
        }
    }

    /// The person of the store whose file number key is `key` (`by_id`: whose id is `key`).
    /// The sets hold digests with the person's place in `existing`, 16 bytes a person; a
    /// digest found is checked against that person, so two keys sharing one never match.
    fn in_store(&self, key: &str, by_id: bool) -> Option<&'a Person> {
        let set = if by_id { &self.by_id } else { &self.by_file };
        let e = self.existing.get(set.get(self.digests.of(key))? as usize)?;
        let same = if by_id { e.id.as_str() == key } else { file_number_key(&e.file_number) == key };
        same.then_some(e)
    }

    /// Why the check stops when its scratch files fail.
    fn spill_failed(&self, source: std::io::Error) -> Stopped {
        Stopped::Scratch { path: self.scratch.path().to_path_buf(), source }
    }

    /// Passes on the problems of one line, in column order.
    fn report_line(&mut self, mut errors: Vec<RowError>) {
        let rank =
            |e: &RowError| Field::ALL.iter().position(|f| Some(f.column()) == e.column).unwrap_or(Field::ALL.len());
        errors.sort_by_key(rank);
        self.problems += errors.len();
        for e in errors {
            (self.problem)(e);
        }
    }

    /// Checks one row; `errors` holds the problems its reading found.
    fn row(&mut self, row: Row, mut errors: Vec<RowError>) -> Result<(), Stopped> {
        self.rows += 1;
        let line = row.line;
        let entry: participant::Entry = std::array::from_fn(|f| row.fields[f].as_str());
        let details = participant::check(&entry, self.today).map_err(|problems| {
            for (field, problem) in problems {
                errors.push(RowError { line, column: Some(field.column()), problem });
            }
        });
        let id = match &row.id {
            None => Some(Id::new_random()),
            Some(text) => match Id::parse(text) {
                Some(id) => {
                    if let Some(first) =
                        self.ids.first(self.digests.of(text), line_u32(line)).map_err(|e| self.spill_failed(e))?
                    {
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
        let first = if key.is_empty() {
            None
        } else {
            self.files.first(self.digests.of(&key), line_u32(line)).map_err(|e| self.spill_failed(e))?
        };
        if let Some(first) = first {
            errors.push(RowError::new(
                line,
                column,
                T::ImpDuplicateFile,
                vec![("file", file.to_string()), ("line", first.to_string())],
            ));
        }
        let (Ok(details), Some(id)) = (details, id) else {
            if let Some(other) = self.in_store(&key, false).filter(|_| !key.is_empty())
                && row.id.as_deref() != Some(other.id.as_str())
            {
                errors.push(RowError::new(
                    line,
                    column,
                    T::ImpFileTaken,
                    vec![("file", file.to_string()), ("other", other.file_number.clone())],
                ));
            }
            self.report_line(errors);
            return Ok(());
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
            registered_at: row.registered_at.unwrap_or(self.now),
            registered_by: self.author.clone(),
        };
        // An id already in the store must describe the same person: never overwrite one.
        if let Some(e) = self.in_store(p.id.as_str(), true)
            && (file_number_key(&e.file_number) != key
                || e.name_ar != p.name_ar
                || e.name_latin != p.name_latin
                || e.date_of_birth != p.date_of_birth)
        {
            errors.push(RowError::new(line, Some("id"), T::ImpIdDiffers, vec![("id", p.id.to_string())]));
            self.report_line(errors);
            return Ok(());
        }
        match self.in_store(&key, false) {
            Some(e) if e.id == p.id || same_person(e.identity(), p.identity()) => self.report.already_present += 1,
            Some(e) => errors.push(RowError::new(
                line,
                column,
                T::ImpFileTaken,
                vec![("file", file.to_string()), ("other", e.file_number.clone())],
            )),
            None => {
                for (field, problem) in participant::warnings(&details) {
                    self.report.warnings.push(RowError { line, column: Some(field.column()), problem });
                }
                for i in self.born_on.remove(&p.date_of_birth).unwrap_or_default() {
                    let Some(e) = self.existing.get(i as usize) else { continue };
                    for key in identity_keys(&e.name_ar, &e.name_latin) {
                        let digest = self.digests.of((e.date_of_birth, key));
                        self.people.first(digest, Seen::STORE | i).map_err(|e| self.spill_failed(e))?;
                    }
                }
                let keys: Vec<u128> = identity_keys(&p.name_ar, &p.name_latin)
                    .into_iter()
                    .map(|k| self.digests.of((p.date_of_birth, k)))
                    .collect();
                let mut earlier = None;
                let mut unseen = Vec::new();
                for &key in &keys {
                    match self.people.get(key).map_err(|e| self.spill_failed(e))? {
                        Some(n) => {
                            earlier.get_or_insert(n);
                        }
                        None if !unseen.contains(&key) => unseen.push(key),
                        None => {}
                    }
                }
                if let Some(seen) = earlier.and_then(|n| Seen::of(n, self.existing)) {
                    let warning =
                        seen.warning(&self.first_rows, line, p.date_of_birth).map_err(|e| self.spill_failed(e))?;
                    self.report.warnings.push(warning);
                }
                if !unseen.is_empty() {
                    let row =
                        self.first_rows.push(line, &p.name_latin, &p.file_number).map_err(|e| self.spill_failed(e))?;
                    // Past 2^31 rows, rows are no longer remembered for this warning.
                    if row < Seen::STORE {
                        for key in unseen {
                            self.people.insert_new(key, row).map_err(|e| self.spill_failed(e))?;
                        }
                    }
                }
                self.report.added += 1;
                if self.problems == 0 && errors.is_empty() {
                    (self.add)(p).map_err(Stopped::Add)?;
                }
            }
        }
        self.report_line(errors);
        Ok(())
    }
}

/// A line number as the checker keeps it (a file of more than 4 billion lines gives wrong line
/// numbers in messages, nothing worse).
fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Someone a row may be the same person as: in the store, or on an earlier row (its number in
/// the checker's `first_rows`).
enum Seen<'a> {
    Store(&'a Person),
    Row(u32),
}

impl<'a> Seen<'a> {
    /// In a [`DigestSet`]'s number: set for someone in the store (the rest is their place in
    /// the store's list), clear for a row (the rest is its number in `first_rows`).
    const STORE: u32 = 1 << 31;

    fn of(number: u32, existing: &'a [Person]) -> Option<Seen<'a>> {
        if number & Seen::STORE == 0 {
            Some(Seen::Row(number))
        } else {
            existing.get((number & !Seen::STORE) as usize).map(Seen::Store)
        }
    }

    fn warning(&self, first_rows: &SpillRecords, line: usize, born: NaiveDate) -> std::io::Result<RowError> {
        let date = crate::form::format_date(born);
        match self {
            Seen::Store(p) => {
                let name = if p.name_latin.trim().is_empty() { &p.name_ar } else { &p.name_latin };
                Ok(RowError::new(
                    line,
                    None,
                    T::ImpSamePersonStore,
                    vec![("name", name.clone()), ("date", date), ("file", p.file_number.clone())],
                ))
            }
            Seen::Row(row) => {
                let (first_line, name, file) = first_rows.get(*row)?;
                Ok(RowError::new(
                    line,
                    None,
                    T::ImpSamePersonRow,
                    vec![("line", first_line.to_string()), ("name", name), ("date", date), ("file", file)],
                ))
            }
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

fn read_jsonl<R: std::io::BufRead>(
    lines: &mut Lines<R>,
    checker: &mut Checker,
    progress: &mut dyn FnMut(usize),
) -> Result<(), Stopped> {
    let now = checker.now;
    let mut line = 0;
    while let Some(text) = lines.next_line() {
        line += 1;
        let raw = text.strip_suffix('\n').unwrap_or(&text);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let mut errors = Vec::new();
        let value = match serde_json::from_str::<UniqueObject>(raw) {
            Ok(UniqueObject { repeated: Some(key), .. }) => {
                checker.report_line(vec![RowError::new(line, None, T::ImpRepeatedKey, vec![("key", key)])]);
                continue;
            }
            Ok(UniqueObject { map, .. }) => serde_json::Value::Object(map),
            Err(e) => {
                checker.report_line(vec![RowError::new(line, None, T::ImpNotJson, vec![("err", e.to_string())])]);
                continue;
            }
        };
        match value.get("record").and_then(|r| r.as_str()) {
            Some("participant") => {}
            Some("interview" | "stage") => {
                checker.report.other_lines += 1;
                continue;
            }
            _ => {
                checker.report_line(vec![RowError::new(line, None, T::ImpNotParticipant, Vec::new())]);
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
            // Checked like any text, but not kept: the importing account is the author.
            Some(serde_json::Value::String(s)) => {
                if let Err(problem) = participant::check_one_line(s) {
                    errors.push(RowError { line, column: Some("registered_by"), problem })
                }
            }
            Some(_) => errors.push(RowError::new(line, Some("registered_by"), T::ImpNotText, Vec::new())),
        }
        checker.row(row, errors)?;
        if checker.rows.is_multiple_of(10_000) {
            progress(checker.rows);
        }
    }
    Ok(())
}

fn read_csv<R: std::io::BufRead>(
    lines: &mut Lines<R>,
    checker: &mut Checker,
    progress: &mut dyn FnMut(usize),
) -> Result<(), Stopped> {
    let mut chars = Chars { lines, line: String::new(), at: 0 }.peekable();
    // A second byte-order mark is dropped too.
    chars.next_if_eq(&'\u{feff}');
    let mut line = 1;
    // Until a record is read, the problems after line 1 wait: a file without any is empty, and
    // that is a problem of line 1.
    let mut before = Vec::new();
    let header = loop {
        match next_csv_record(&mut chars, &mut line) {
            Some(Ok(record)) => break Some(record),
            Some(Err(e)) if e.line == 1 => checker.report_line(vec![e]),
            Some(Err(e)) => before.push(e),
            None => break None,
        }
    };
    if header.is_none() {
        checker.report_line(vec![RowError::new(1, None, T::ImpEmpty, Vec::new())]);
    }
    for e in before {
        checker.report_line(vec![e]);
    }
    let Some((header_line, header)) = header else {
        return Ok(());
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let names = Field::ALL.map(Field::column);
    let mut usable = true;
    let mut errors = Vec::new();
    for (i, h) in header.iter().enumerate() {
        // A column named twice would let one cell silently replace the other.
        if let Some(first) = header[..i].iter().position(|earlier| earlier == h) {
            errors.push(RowError::new(
                header_line,
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
                header_line,
                None,
                T::ImpUnknownColumn,
                vec![("column", h.clone()), ("hint", hint.to_string()), ("columns", columns())],
            ));
            usable = false;
        }
    }
    for column in names {
        if !header.iter().any(|h| h == column) {
            errors.push(RowError::new(header_line, None, T::ImpMissingColumn, vec![("column", column.to_string())]));
            usable = false;
        }
    }
    checker.report_line(errors);
    // An unusable header still lets every record be read, for the problems of its quotes.
    let mut next = |chars: &mut std::iter::Peekable<Chars<R>>, checker: &mut Checker| loop {
        match next_csv_record(chars, &mut line)? {
            Ok(record) => return Some(record),
            Err(e) => checker.report_line(vec![e]),
        }
    };
    let at: Vec<Option<usize>> = header.iter().map(|name| names.iter().position(|c| c == name)).collect();
    while let Some((line, cells)) = next(&mut chars, checker) {
        if !usable || (cells.len() == 1 && cells[0].trim().is_empty()) {
            continue;
        }
        if cells.len() != header.len() {
            checker.report_line(vec![RowError::new(
                line,
                None,
                T::ImpCellCount,
                vec![("n", cells.len().to_string()), ("total", header.len().to_string())],
            )]);
            continue;
        }
        let mut row = Row { line, ..Row::default() };
        for (at, cell) in at.iter().zip(cells) {
            if let Some(at) = at {
                row.fields[*at] = cell;
            }
        }
        checker.row(row, Vec::new())?;
        if checker.rows.is_multiple_of(10_000) {
            progress(checker.rows);
        }
    }
    Ok(())
}

/// Reads the next CSV record (RFC 4180: `,` between cells, `"` around a cell that holds `,`,
/// `"` or a line break, `""` for a quote inside one), with the line it starts on; `None` at the
/// end. Stricter than most readers, on purpose: text after a closing quote (`"سعيد"x`), a quote
/// inside an unquoted cell and an unclosed quote are problems, never silently joined into a
/// value. A record with a problem is given as that problem; an unclosed quote ends the file.
#[allow(clippy::type_complexity)]
fn next_csv_record(
    chars: &mut std::iter::Peekable<impl Iterator<Item = char>>,
    line: &mut usize,
) -> Option<Result<(usize, Vec<String>), RowError>> {
    chars.peek()?;
    let start = *line;
    let mut cells = Vec::new();
    let mut bad = None;
    loop {
        let mut cell = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Some(Err(RowError::new(start, None, T::ImpUnclosedQuote, Vec::new()))),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => {
                        if c == '\n' {
                            *line += 1;
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
        *line += 1;
        break;
    }
    Some(match bad {
        Some(message) => Err(RowError::new(start, None, message, Vec::new())),
        None => Ok((start, cells)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn problems(text: &str) -> Vec<(usize, T)> {
        match plan(text, &[], today(), &importer(), &mut |_, _| {}) {
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
        let plan = plan(&ok, &[], today(), &importer(), &mut |_, _| {}).unwrap();
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

    /// The account running the import in these tests.
    fn importer() -> Author {
        Author::Account(crate::auth::AccountId::from_key(b"0123456789abcdef0123456789abcdef").unwrap())
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
        assert!(plan(&jsonl(""), &[], today(), &importer(), &mut |_, _| {}).is_ok());
    }

    #[test]
    fn jsonl_is_read_after_a_bom_and_its_format_times_author_and_id_checked() {
        let ok = plan(&format!("\u{feff}{}", jsonl("")), &[], today(), &importer(), &mut |_, _| {}).unwrap();
        // The importing account is the author, whatever the file says.
        assert_eq!(ok.new[0].registered_by, importer());
        let with = |from: &str, to: &str| jsonl("").replace(from, to);
        assert_eq!(problems(&with("\"format\":1", "\"format\":99")), vec![(1, T::ImpUnknownFormat)]);
        assert_eq!(problems(&with("\"format\":1", "\"format\":\"1\"")), vec![(1, T::ImpUnknownFormat)]);
        assert_eq!(problems(&with("2026-01-01T09:00:00Z", "2090-01-01T09:00:00Z")), vec![(1, T::ImpTimeFuture)]);
        assert_eq!(problems(&with("2026-01-01T09:00:00Z", "yesterday")), vec![(1, T::ImpBadTime)]);
        let long = "x".repeat(2000);
        assert_eq!(problems(&with("\"Samira\"", &format!("\"{long}\""))), vec![(1, T::ErrTooLong)]);
        assert_eq!(problems(&with("\"Samira\"", "\"Sam\\u001bira\"")), vec![(1, T::ErrControlChar)]);
        // A bidi override is dropped, as from any text: not a problem.
        let clean = plan(&with("\"Samira\"", "\"\u{202E}Samira\""), &[], today(), &importer(), &mut |_, _| {}).unwrap();
        assert_eq!(clean.new[0].registered_by, importer());
        for id in
            ["23F3E41D5677435EB04DDAF91A34D108", "00000000000000000000000000000000", "23f3e41d5677135eb04ddaf91a34d108"]
        {
            assert_eq!(problems(&with("23f3e41d5677435eb04ddaf91a34d108", id)), vec![(1, T::ImpBadId)], "{id}");
        }
    }

    #[test]
    fn a_warning_names_the_first_row_from_the_compact_record_of_rows() {
        // Rows before and between, so that the first row's name and file are found by offset.
        let text = format!(
            "{HEADER}نادية,Nadia,01/01/1980,F-100,Salé,01/02/2020\n\
             سعيد,Said Benali,07/03/1990,F-2024/0153,Salé,01/02/2020\n\
             كريم,Karim,02/02/1982,F-7,Salé,01/02/2020\n\
             حسن,Said Benali,07/03/1990,F-9,Salé,01/02/2020\n"
        );
        let planned = plan(&text, &[], today(), &importer(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(planned.report.warnings.len(), 1, "{:?}", planned.report.warnings);
        let text = planned.report.warnings[0].text(Lang::En);
        let words = crate::i18n::plain(&text);
        assert!(words.contains("line 3: Said Benali, born 07/03/1990 (file F-2024/0153)"), "{words}");
        assert_eq!(planned.report.warnings[0].line, 5);
    }

    #[test]
    fn the_same_person_under_another_file_number_is_a_warning() {
        let text =
            format!("{HEADER}سعيد,Said,07/03/1990,F-1,Salé,01/02/2020\nسعید,Hassan,07/03/1990,F-9,Salé,01/02/2020\n");
        let plan1 = plan(&text, &[], today(), &importer(), &mut |_, _| {}).unwrap();
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
        let plan2 = plan(&again, &existing, today(), &importer(), &mut |_, _| {}).unwrap();
        assert_eq!(plan2.report.warnings.len(), 1, "{:?}", plan2.report.warnings);
        assert_eq!(plan2.report.warnings[0].line, 2);
        assert!(
            crate::i18n::plain(&plan2.report.warnings[0].text(Lang::En)).contains("file F-1"),
            "{:?}",
            plan2.report.warnings
        );
    }

    #[test]
    fn a_huge_name_is_refused_for_its_length_alone() {
        // 10 MB in one cell: refused by its length, and nothing else is judged of it (its speed
        // is the import bench's business, not a test's).
        let huge = "x".repeat(10 << 20);
        let text = format!("{HEADER}س,{huge},07/03/1990,F-1,x,01/02/2020\n");
        assert_eq!(problems(&text), vec![(2, T::ErrTooLong)]);
    }

    type Lined = Vec<(usize, String)>;

    /// Every problem and warning of `text`, in the order given, as (line, English text), and
    /// whether the check moved anything to disk: with `budget` bytes for what it remembers.
    fn findings(text: &str, existing: &[Person], budget: usize) -> (Lined, Lined, bool) {
        let parent = tempfile::tempdir().unwrap();
        let memory = Memory { budget, scratch: Scratch::new(parent.path()) };
        let mut problems = Vec::new();
        let outcome = check_within(
            text.as_bytes(),
            existing,
            today(),
            &importer(),
            &memory,
            &mut |_| {},
            &mut |e| problems.push((e.line, e.text(Lang::En))),
            &mut |_| Ok(()),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let warnings = outcome.report.warnings.iter().map(|w| (w.line, w.text(Lang::En))).collect();
        let used = memory.scratch.used();
        let dir = memory.scratch.path().to_path_buf();
        drop(memory);
        assert!(!used || !dir.exists(), "the scratch directory is removed with the check");
        (problems, warnings, used)
    }

    /// A file of `n` rows where, every few rows, one repeats the file number, the id or the
    /// person of a row far before it (so that the earlier one is on disk when spilling).
    fn repeating_rows(n: usize, jsonl: bool) -> String {
        let mut out = if jsonl { String::new() } else { HEADER.to_string() };
        for i in 0..n {
            let (file, name, born) = match i % 7 {
                3 if i > 20 => (format!("f-{}", i - 17), format!("Person {i}"), 1 + i % 28),
                5 if i > 30 => (format!("F-{i}"), format!("Person {}", i - 29), 1 + (i - 29) % 28),
                _ => (format!("F-{i}"), format!("Person {i}"), 1 + i % 28),
            };
            let id = if i % 11 == 4 && i > 40 { i - 33 } else { i };
            if jsonl {
                let id = format!("{:032x}", 0x23f3_e41d_5677_4000_8000_0000_0000_0000_u128 + id as u128);
                out.push_str(&format!(
                    "{{\"record\":\"participant\",\"id\":\"{id}\",\"name_ar\":\"سعيد {i}\",\"name_latin\":\"{name}\",\"date_of_birth\":\"1990-01-{born:02}\",\"file_number\":\"{file}\",\"facility\":\"Salé\",\"entry_date\":\"2020-01-01\"}}\n"
                ));
            } else {
                out.push_str(&format!("سعيد {i},{name},{born:02}/01/1990,{file},Salé,01/02/2020\n"));
            }
        }
        out
    }

    #[test]
    fn spilling_to_disk_changes_no_problem_nor_warning_nor_their_order() {
        for jsonl in [false, true] {
            let text = repeating_rows(600, jsonl);
            let (problems, warnings, used) = findings(&text, &[], DEFAULT_BUDGET);
            assert!(!used, "a small file stays in memory");
            assert!(problems.iter().any(|(_, t)| t.contains("is the same as on line")), "{problems:?}");
            assert!(warnings.iter().any(|(_, t)| t.contains("same person as on line")), "{warnings:?} {problems:?}");
            if jsonl {
                assert!(problems.iter().any(|(_, t)| t.contains("is also on line")), "{problems:?}");
            }
            // Room for a handful of entries: spilled over and over.
            for budget in [1, 400, 4_000] {
                let (p, w, used) = findings(&text, &[], budget);
                assert!(used, "{budget}");
                assert_eq!(p, problems, "jsonl {jsonl}, budget {budget}");
                assert_eq!(w, warnings, "jsonl {jsonl}, budget {budget}");
            }
        }
    }

    #[test]
    fn spilling_keeps_the_comparison_with_the_store() {
        // The first rows, which have no problem, become the store.
        let text = repeating_rows(300, false);
        let clean: String =
            text.lines().take(1).chain(text.lines().skip(1).take(20)).map(|l| format!("{l}\n")).collect();
        let store: Vec<Person> = plan(&clean, &[], today(), &importer(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e:?}"))
            .new
            .iter()
            .map(Person::from)
            .collect();
        assert_eq!(store.len(), 20);
        // The same people again, under other file numbers, and rows taking their numbers.
        let again: String = std::iter::once(HEADER.to_string())
            .chain((0..20).map(|i| format!("حسن,Person {i},{:02}/01/1990,G-{i},Salé,01/02/2020\n", 1 + i % 28)))
            .chain((0..20).map(|i| format!("حسن,Other {i},03/03/1991,f-{i},Salé,01/02/2020\n")))
            .collect();
        let (problems, warnings, _) = findings(&again, &store, DEFAULT_BUDGET);
        assert_eq!(warnings.len(), 20, "{warnings:?}");
        assert_eq!(problems.len(), 20, "{problems:?}");
        let (p, w, used) = findings(&again, &store, 1);
        assert!(used);
        assert_eq!((p, w), (problems, warnings));
    }
}
