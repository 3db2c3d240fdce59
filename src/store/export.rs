//! `daftar export`: every participant, interview and stage change as JSON lines, so the data
//! can always leave the program. Text is written in logical order, dates in ISO 8601.
//!
//! Each record names its author as text: the username of the account that wrote it (in
//! `registered_by` for a participant, `interviewer` for an interview or a stage change); for a
//! record from before accounts, the name then typed, with `"recorded_before_accounts": true`.
//! An account the store no longer has (a damaged store) is written by its id.

use std::io::Write;

use serde::Serialize;

use std::collections::HashMap;

use super::{Author, Interview, Participant, StageEvent, Store};
use crate::auth::AccountId;
use crate::error::{Error, Result};

#[derive(Serialize)]
#[serde(tag = "record", rename_all = "lowercase")]
enum Line<'a> {
    Participant(&'a Participant),
    Interview(&'a Interview),
    Stage(&'a StageEvent),
}

/// Writes one JSON object per line: participants first, then interviews (drafts included, with
/// their status), then stage changes, each group in a stable order. Returns the number of lines.
pub fn export_jsonl(store: &Store, out: &mut dyn Write) -> Result<usize> {
    let mut participants = store.participants()?;
    participants.sort_by(|a, b| a.registered_at.cmp(&b.registered_at).then(a.id.cmp(&b.id)));
    let mut interviews = store.all_interviews()?;
    interviews.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    let mut stages: Vec<StageEvent> = super::read_all(&store.sealer()?, &store.stages, super::STAGES, "stage change")?;
    stages.sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
    let usernames: HashMap<AccountId, String> = store.accounts()?.into_iter().map(|a| (a.id, a.username)).collect();
    let write_err = |e: std::io::Error| Error::Io { action: "writing the export to", path: "output".into(), source: e };
    let mut count = 0;
    let lines = participants
        .iter()
        .map(Line::Participant)
        .chain(interviews.iter().map(Line::Interview))
        .chain(stages.iter().map(Line::Stage));
    let encoding = |e: serde_json::Error| Error::Storage { action: "encoding the export", detail: e.to_string() };
    for line in lines {
        let (field, author) = match line {
            Line::Participant(p) => ("registered_by", &p.registered_by),
            Line::Interview(i) => ("interviewer", &i.interviewer),
            Line::Stage(e) => ("interviewer", &e.interviewer),
        };
        // Through an ordered list of keys, so the line keeps the record's order of fields.
        let Ordered(mut entries) =
            serde_json::to_string(&line).and_then(|j| serde_json::from_str(&j)).map_err(encoding)?;
        let (text, before_accounts) = match author {
            Author::Account(id) => (usernames.get(id).cloned().unwrap_or_else(|| id.to_string()), false),
            Author::BeforeAccounts(name) => (name.clone(), true),
        };
        if let Some(entry) = entries.iter_mut().find(|(k, _)| k == field) {
            entry.1 = text.into();
        }
        if before_accounts {
            entries.push(("recorded_before_accounts".into(), true.into()));
        }
        let json = serde_json::to_string(&Ordered(entries)).map_err(encoding)?;
        writeln!(out, "{json}").map_err(write_err)?;
        count += 1;
    }
    out.flush().map_err(write_err)?;
    Ok(count)
}

/// Writes the audit trail, oldest entry first, one JSON object per line: `seq`, `at` (RFC 3339,
/// UTC), `account` (its id) and `username`, `unknown_user` (the keyed digest of a username no
/// account has), `action` (its stable name), `records`, `changes` (`field`, `before`,
/// `after`), `reason`, and `mac` (hex). Entries are written as stored; `daftar audit verify`
/// checks them. Returns the number of lines.
pub fn export_audit_jsonl(store: &Store, out: &mut dyn Write) -> Result<usize> {
    #[derive(Serialize)]
    struct AuditLine<'a> {
        seq: u64,
        at: String,
        account: Option<&'a str>,
        username: Option<&'a str>,
        unknown_user: Option<String>,
        action: &'a str,
        records: &'a [String],
        changes: &'a [super::audit::Change],
        reason: Option<&'a str>,
        mac: String,
    }
    let usernames: HashMap<AccountId, String> = store.accounts()?.into_iter().map(|a| (a.id, a.username)).collect();
    let write_err = |e: std::io::Error| Error::Io { action: "writing the export to", path: "output".into(), source: e };
    let encoding = |e: serde_json::Error| Error::Storage { action: "encoding the export", detail: e.to_string() };
    let mut count = 0;
    for entry in store.audit_entries() {
        let entry = entry?;
        let line = AuditLine {
            seq: entry.seq,
            at: entry.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            account: entry.account.as_ref().map(|a| a.as_str()),
            username: entry.account.as_ref().and_then(|a| usernames.get(a)).map(String::as_str),
            unknown_user: entry.unknown_user.map(|d| super::audit::hex(&d)),
            action: &entry.action_name,
            records: &entry.records,
            changes: &entry.changes,
            reason: entry.reason.as_deref(),
            mac: super::audit::hex(&entry.mac),
        };
        let json = serde_json::to_string(&line).map_err(encoding)?;
        writeln!(out, "{json}").map_err(write_err)?;
        count += 1;
    }
    out.flush().map_err(write_err)?;
    Ok(count)
}

/// A JSON object's entries in the order they were written (serde_json's own map sorts them).
struct Ordered(Vec<(String, serde_json::Value)>);

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}
