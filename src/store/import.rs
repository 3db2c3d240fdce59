//! Writing imported participants: the file was read and every row checked by
//! [`crate::import`]; the store writes them all in one transaction, or none.

use std::collections::HashSet;

use super::{Participant, Person, Store, normalise_file_number};
use crate::error::{Error, Result};

impl Store {
    /// Everyone registered, read from the records' summaries (never from the start-up copy), for
    /// an import to be checked against.
    pub fn people(&self) -> Result<Vec<Person>> {
        Ok(self.summaries_from_tree()?.into_iter().map(|s| s.participant).collect())
    }

    /// Writes participants checked by [`crate::import::plan`], all together, or none. As a
    /// last guard, a participant the domain's rules refuse on `today` (see
    /// [`super::index::participant_problems`]) and a file number already in the store or twice
    /// among them are refused.
    pub fn import_participants(&self, participants: &[Participant], today: chrono::NaiveDate) -> Result<()> {
        let _write = self.gate.enter()?;
        for p in participants {
            super::index::check_participant(p, today)?;
        }
        let mut taken: HashSet<String> = self.people()?.iter().map(|p| normalise_file_number(&p.file_number)).collect();
        for p in participants {
            if !taken.insert(normalise_file_number(&p.file_number)) {
                return Err(Error::DuplicateFileNumber(p.file_number.clone()));
            }
        }
        self.insert_participants(participants)?;
        self.flush()
    }
}
