//! The records Daftar keeps, as serde structs. Each carries a `format` number so that a record
//! written by a newer Daftar is refused with a message instead of being misread.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The format written by this build for participants, interviews and drafts.
pub const RECORD_FORMAT: u32 = 1;

/// A random identifier (UUID v4, 32 hex digits). Used as sled key, so no personal data ever
/// appears in a key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    pub fn new_random() -> Id {
        Id(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id as Daftar writes it, read from a file (an import): a random UUID version 4 in 32
    /// lowercase hex digits, its version and variant bits set. Anything else is refused, not
    /// normalised: an uppercase or all-zero id was not written by Daftar, and two spellings of
    /// one id must never become two participants or one.
    pub fn parse(text: &str) -> Option<Id> {
        let uuid = uuid::Uuid::try_parse(text).ok()?;
        let canonical = uuid.simple().to_string();
        let v4 = uuid.get_version() == Some(uuid::Version::Random) && uuid.get_variant() == uuid::Variant::RFC4122;
        (v4 && canonical == text).then_some(Id(canonical))
    }

    /// The id stored under a sled key, if the key is one Daftar wrote.
    pub fn from_key(key: &[u8]) -> Option<Id> {
        let s = std::str::from_utf8(key).ok()?;
        (s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Id(s.to_string()))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person in the programme, as registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub format: u32,
    pub id: Id,
    pub name_ar: String,
    pub name_latin: String,
    pub date_of_birth: NaiveDate,
    pub file_number: String,
    pub facility: String,
    pub entry_date: NaiveDate,
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
}

/// Whether an interview can still change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Final,
}

/// One answer, typed by the kind of field that produced it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    Integer(i64),
    Date(NaiveDate),
    Choice(String),
    Choices(Vec<String>),
    YesNo(bool),
    Scale(i64),
    Decimal(f64),
    /// The items of a repeat group, each with its own answers by field id.
    Repeat(Vec<BTreeMap<String, Answer>>),
}

/// Where the interviewer was in a draft, so it resumes on the same question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub section: usize,
    pub field: usize,
    /// The item of a repeat group the interviewer was on.
    #[serde(default)]
    pub item: usize,
}

/// An interview: a draft while being taken, final once finalized. Drafts and finals share this
/// type and live in different trees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub format: u32,
    pub id: Id,
    pub participant_id: Id,
    pub form_id: String,
    pub form_version: u32,
    pub interviewer: String,
    pub status: Status,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub answers: BTreeMap<String, Answer>,
    #[serde(default)]
    pub position: Position,
    /// Set when finalized: the next interview this one schedules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<Due>,
    /// Set when finalized: the answers reports use.
    #[serde(default)]
    pub measures: Measures,
}

impl Interview {
    /// The date shown in lists: the day it took place when the form records it, else the local
    /// day it was finalized, else the local day it was last touched.
    pub fn shown_date(&self) -> NaiveDate {
        self.measures
            .date
            .unwrap_or_else(|| self.finalized_at.unwrap_or(self.updated_at).with_timezone(&chrono::Local).date_naive())
    }
}

pub use crate::domain::stage::Stage;

/// One change of stage: when it took effect, why, and who recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageEvent {
    pub format: u32,
    pub id: Id,
    pub participant_id: Id,
    pub from: Stage,
    pub stage: Stage,
    pub date: NaiveDate,
    pub reason: String,
    pub interviewer: String,
    pub recorded_at: DateTime<Utc>,
}

/// The next interview a participant is due for, as scheduled by a finalized interview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub date: NaiveDate,
    pub form_id: String,
}

/// What a finalized interview says in the terms reports use (see `measure` in docs/forms.md):
/// kept with the interview so charts and statistics never need the form again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// The day the interview or session took place, when the form records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The programme axis a session was about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_axis: Option<String>,
    /// Whether the participant attended the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attended: Option<bool>,
    /// Scale indicators by axis (`self`, `texts`, `society`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, i64>,
}

/// The part of a participant that lists, search and duplicate checks need.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: Id,
    pub name_ar: String,
    pub name_latin: String,
    pub date_of_birth: NaiveDate,
    pub entry_date: NaiveDate,
    pub file_number: String,
    pub facility: String,
}

impl Person {
    /// Who they are, for [`crate::domain::same_person`].
    pub fn identity(&self) -> crate::domain::identity::Identity<'_> {
        crate::domain::identity::Identity {
            name_ar: &self.name_ar,
            name_latin: &self.name_latin,
            date_of_birth: self.date_of_birth,
        }
    }
}

impl Participant {
    /// Who they are, for [`crate::domain::same_person`].
    pub fn identity(&self) -> crate::domain::identity::Identity<'_> {
        crate::domain::identity::Identity {
            name_ar: &self.name_ar,
            name_latin: &self.name_latin,
            date_of_birth: self.date_of_birth,
        }
    }
}

impl From<&Participant> for Person {
    fn from(p: &Participant) -> Person {
        Person {
            id: p.id.clone(),
            name_ar: p.name_ar.clone(),
            name_latin: p.name_latin.clone(),
            date_of_birth: p.date_of_birth,
            entry_date: p.entry_date,
            file_number: p.file_number.clone(),
            facility: p.facility.clone(),
        }
    }
}

/// Everything the home screen, search and due lists need about a participant, kept up to date
/// with every write. Derived data: [`crate::store::Store::rebuild_index`] recomputes it from the
/// records. Stored compactly (see `store::index`), since all of them are read at start.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub participant: Person,
    pub stage: Stage,
    pub stage_since: NaiveDate,
    pub last_interview: Option<NaiveDate>,
    pub last_activity: DateTime<Utc>,
    pub next_due: Option<Due>,
    /// The date of the interview that scheduled `next_due`: an interview entered later but
    /// dated earlier (a backlog) does not replace it.
    pub next_due_from: Option<NaiveDate>,
    /// Names, file number and facility folded for search (see `text::fold`), so that loading
    /// the home screen does no folding.
    pub search: SearchKey,
}

/// Folded search words of a participant, by field (ranking weighs them differently); words are
/// separated by single spaces, so a search splits them without looking at characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchKey {
    pub names: String,
    /// The whole file number, folded.
    pub file: String,
    /// The parts of the file number between its separators ("f 2024 0153").
    pub file_parts: String,
    pub facility: String,
}

/// The words of a folded text, space-separated: letters and digits, everything else a break.
fn words(folded: &str) -> String {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

impl SearchKey {
    pub fn of(p: &Person) -> SearchKey {
        let fold = crate::text::fold;
        let file = fold(&p.file_number);
        SearchKey {
            names: words(&format!("{} {}", fold(&p.name_ar), fold(&p.name_latin))),
            file_parts: words(&file),
            file: file.split_whitespace().collect(),
            facility: words(&fold(&p.facility)),
        }
    }
}
