//! The forms an app session offers: every version in the store, the built-in ones added to it
//! on first sight, so that an interview always reopens with the definition it was taken with.

use std::sync::Arc;

use crate::error::Result;
use crate::form::{FormDef, builtin_sources, load_form};
use crate::store::{FormRecord, RECORD_FORMAT, Store};

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
        match load_form(&record.id, &record.source) {
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
