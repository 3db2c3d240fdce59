//! The records Daftar keeps, as serde structs. Each carries a `format` number so that a record
//! written by a newer Daftar is refused with a message instead of being misread.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The format written by this build for participants, interviews, drafts and stage changes.
/// Format 2 names each record's author by account ([`Author`]); format 1 records (before
/// accounts) name it by the text typed on the first run, and still read (see [`Stored`]).
pub const RECORD_FORMAT: u32 = 2;

/// The last format whose records name their author by a typed name, not an account.
pub const FORMAT_BEFORE_ACCOUNTS: u32 = 1;

/// Who wrote a record: the account logged in when it was written, or, for a record written
/// before Daftar had accounts, the interviewer's name as it was typed then (kept as it was,
/// shown as recorded before accounts). Stored as `{"account":"<id>"}` or
/// `{"before_accounts":"<name>"}`; a record of format 1 holds a bare name, read as the latter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Account(crate::auth::AccountId),
    BeforeAccounts(String),
}

impl Author {
    /// The account that wrote it, for a record written with accounts.
    pub fn account(&self) -> Option<&crate::auth::AccountId> {
        match self {
            Author::Account(id) => Some(id),
            Author::BeforeAccounts(_) => None,
        }
    }
}

/// A record kept in a tree of the store, read through `store::decode`: it says which of its
/// fields names its author, so that a record of a format before accounts
/// ([`FORMAT_BEFORE_ACCOUNTS`]), where that field is a bare name, reads as
/// [`Author::BeforeAccounts`]. The format number decides, never the shape of the value: a
/// record of format 2 whose author is a bare name is refused as unreadable.
pub trait Stored: serde::de::DeserializeOwned {
    /// The field naming the author, for records that have one.
    const AUTHOR_FIELD: Option<&'static str> = None;
    /// Sets the record's format number (records are upgraded to the current format as they
    /// are read, so that what is written back is always written in it).
    fn set_format(&mut self, _format: u32) {}
}

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

/// Reads a record of type `V` from its stored bytes, by its format number: a record of a
/// format before accounts has its bare author name read as [`Author::BeforeAccounts`]; the
/// result is in the current format ([`RECORD_FORMAT`]). Does not refuse a newer format (the
/// store does, naming the record).
pub fn decode_record<V: Stored>(bytes: &[u8]) -> Result<V, serde_json::Error> {
    #[derive(Deserialize)]
    struct FormatOnly {
        format: u32,
    }
    let Some(field) = V::AUTHOR_FIELD else { return serde_json::from_slice(bytes) };
    let format = serde_json::from_slice::<FormatOnly>(bytes)?.format;
    let mut record: V = if format <= FORMAT_BEFORE_ACCOUNTS {
        let mut value: serde_json::Value = serde_json::from_slice(bytes)?;
        match value.get_mut(field) {
            Some(author @ serde_json::Value::String(_)) => {
                let name = author.take();
                *author = serde_json::json!({ "before_accounts": name });
            }
            _ => {
                let problem = format!("`{field}` of a record of format {format} must be the name of its interviewer");
                return Err(serde::de::Error::custom(problem));
            }
        }
        serde_json::from_value(value)?
    } else {
        serde_json::from_slice(bytes)?
    };
    record.set_format(format.max(RECORD_FORMAT));
    Ok(record)
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
    pub registered_by: Author,
}

impl Stored for Participant {
    const AUTHOR_FIELD: Option<&'static str> = Some("registered_by");
    fn set_format(&mut self, format: u32) {
        self.format = format;
    }
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
    /// Who started it (resuming a draft does not change it).
    pub interviewer: Author,
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

impl Stored for Interview {
    const AUTHOR_FIELD: Option<&'static str> = Some("interviewer");
    fn set_format(&mut self, format: u32) {
        self.format = format;
    }
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
    pub interviewer: Author,
    pub recorded_at: DateTime<Utc>,
}

impl Stored for StageEvent {
    const AUTHOR_FIELD: Option<&'static str> = Some("interviewer");
    fn set_format(&mut self, format: u32) {
        self.format = format;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    fn participant_json(format: u32, registered_by: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "format": format, "id": "23f3e41d5677435eb04ddaf91a34d108", "name_ar": "سعيد",
            "name_latin": "Said", "date_of_birth": "1990-01-01", "file_number": "A-1", "facility": "Salé",
            "entry_date": "2020-01-01", "registered_at": "2026-01-01T09:00:00Z", "registered_by": registered_by,
        }))
        .unwrap()
    }

    #[test]
    fn a_record_of_format_1_names_its_author_by_the_name_typed_then() {
        let old: Participant = decode_record(&participant_json(1, "Samira".into())).unwrap();
        assert_eq!(old.registered_by, Author::BeforeAccounts("Samira".into()));
        assert_eq!(old.format, RECORD_FORMAT, "read into the current format, so it is written back in it");
        let stage = serde_json::json!({
            "format": 1, "id": ID, "participant_id": ID, "from": "intake", "stage": "in_programme",
            "date": "2024-09-15", "reason": "x", "interviewer": "Samira", "recorded_at": "2026-01-01T09:00:00Z",
        });
        let stage: StageEvent = decode_record(&serde_json::to_vec(&stage).unwrap()).unwrap();
        assert_eq!(stage.interviewer, Author::BeforeAccounts("Samira".into()));
    }

    #[test]
    fn the_format_number_decides_how_the_author_reads() {
        let account = crate::auth::AccountId::from_key(ID.as_bytes()).unwrap();
        let new: Participant = decode_record(&participant_json(2, serde_json::json!({ "account": ID }))).unwrap();
        assert_eq!(new.registered_by, Author::Account(account));
        // A record of format 2 whose author is a bare name was not written by Daftar.
        assert!(decode_record::<Participant>(&participant_json(2, "Samira".into())).is_err());
        // Nor one of format 1 whose author is already an account.
        assert!(decode_record::<Participant>(&participant_json(1, serde_json::json!({ "account": ID }))).is_err());
        // Written and read back, both kinds are the same.
        for author in [Author::BeforeAccounts("سميرة".into()), new.registered_by.clone()] {
            let p = Participant { registered_by: author, ..new.clone() };
            assert_eq!(decode_record::<Participant>(&serde_json::to_vec(&p).unwrap()).unwrap(), p);
        }
    }
}
