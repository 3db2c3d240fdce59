//! `daftar export`: every participant, interview and stage change as JSON lines, so the data
//! can always leave the program. Text is written in logical order, dates in ISO 8601.

use std::io::Write;

use serde::Serialize;

use super::{Interview, Participant, StageEvent, Store};
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
    let mut stages: Vec<StageEvent> = super::read_all(&store.stages, "stage change")?;
    stages.sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
    let write_err = |e: std::io::Error| Error::Io { action: "writing the export to", path: "output".into(), source: e };
    let mut count = 0;
    let lines = participants
        .iter()
        .map(Line::Participant)
        .chain(interviews.iter().map(Line::Interview))
        .chain(stages.iter().map(Line::Stage));
    for line in lines {
        let json = serde_json::to_string(&line)
            .map_err(|e| Error::Storage { action: "encoding the export", detail: e.to_string() })?;
        writeln!(out, "{json}").map_err(write_err)?;
        count += 1;
    }
    out.flush().map_err(write_err)?;
    Ok(count)
}
