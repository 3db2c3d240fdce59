//! The forms an app session offers: every version in the store, the built-in ones added to it
//! on first sight, so that an interview always reopens with the definition it was taken with.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::error::Result;
use crate::form::{FormDef, builtin_sources, engine, load_form};
use crate::store::{FormRecord, Interview, Position, RECORD_FORMAT, Status, Store};

/// Every form version known to the store, after storing the built-in forms not yet in it.
/// Versions that no longer load (a definition this build reads more strictly) are named in the
/// second list instead of failing the start.
pub fn load(store: &Store) -> Result<(Vec<Arc<FormDef>>, Vec<String>)> {
    for (name, source) in builtin_sources() {
        let form = load_form(name, source)?;
        if store.form_record(&form.id, form.version)?.is_none() {
            store.save_form(&FormRecord {
                format: RECORD_FORMAT,
                id: form.id.clone(),
                version: form.version,
                source: source.to_string(),
                installed_at: chrono::Utc::now(),
                builtin: true,
            })?;
        }
    }
    let mut forms = Vec::new();
    let mut broken = Vec::new();
    for record in store.forms()? {
        match store.checked_form(&record) {
            Ok(form) => forms.push(Arc::new(form)),
            Err(_) => broken.push(format!("{} v{}", record.id, record.version)),
        }
    }
    Ok((forms, broken))
}

/// The newest version of each form, in the order of the built-in forms, then by id.
pub fn latest(forms: &[Arc<FormDef>]) -> Vec<Arc<FormDef>> {
    let mut latest: Vec<Arc<FormDef>> = Vec::new();
    for form in forms {
        match latest.iter_mut().find(|f| f.id == form.id) {
            Some(existing) if existing.version < form.version => *existing = Arc::clone(form),
            Some(_) => {}
            None => latest.push(Arc::clone(form)),
        }
    }
    let order = |id: &str| builtin_sources().iter().position(|(name, _)| name.trim_end_matches(".toml") == id);
    latest.sort_by(|a, b| {
        order(&a.id).unwrap_or(usize::MAX).cmp(&order(&b.id).unwrap_or(usize::MAX)).then(a.id.cmp(&b.id))
    });
    latest
}

/// What opening a draft did about its form's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftVersion {
    /// Nothing to do: the draft is on the newest version (or is no draft).
    Newest,
    /// Moved from version `from` to the newest, `to`: every answer fits it unchanged.
    Moved { from: u32, to: u32 },
    /// Left on its version, `kept`: some answer does not fit the newest, `newest`.
    Kept { kept: u32, newest: u32 },
}

/// The rule for drafts begun under an older version of their form (see "Versions" in
/// docs/forms.md): when a newer version exists and every answer the draft holds fits it
/// unchanged ([`engine::answers_fit`]), the draft moves to the newest version, so finalizing
/// it does what that version declares (a closure then closes the file); otherwise it stays on
/// its version. The place where the interviewer stopped follows its question by id. Finalized
/// interviews never change version.
pub fn move_draft(forms: &[Arc<FormDef>], interview: &mut Interview, today: NaiveDate) -> DraftVersion {
    if interview.status != Status::Draft {
        return DraftVersion::Newest;
    }
    let Some(newest) = latest(forms).into_iter().find(|f| f.id == interview.form_id) else {
        return DraftVersion::Newest;
    };
    let Some(old) = forms.iter().find(|f| f.id == interview.form_id && f.version == interview.form_version) else {
        return DraftVersion::Newest;
    };
    if newest.version <= old.version {
        return DraftVersion::Newest;
    }
    if !engine::answers_fit(old, &newest, &interview.answers, today) {
        return DraftVersion::Kept { kept: old.version, newest: newest.version };
    }
    interview.position = moved_position(old, &newest, interview.position);
    let from = interview.form_version;
    interview.form_version = newest.version;
    DraftVersion::Moved { from, to: newest.version }
}

/// Where `position` (in `old`) is in `new`: the same question by id, the same section by id
/// (its first question) when the question is gone, the review page from the review page, and
/// the start when the section is gone too.
fn moved_position(old: &FormDef, new: &FormDef, position: Position) -> Position {
    let Some(section) = old.sections.get(position.section) else {
        return Position { section: new.sections.len(), field: 0, item: 0 };
    };
    let Some(s) = new.sections.iter().position(|sec| sec.id == section.id) else { return Position::default() };
    let field = section
        .fields
        .get(position.field)
        .and_then(|f| new.sections[s].fields.iter().position(|n| n.id == f.id))
        .unwrap_or(0);
    Position { section: s, field, item: position.item }
}
