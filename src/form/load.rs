//! Reading a form definition from TOML and checking it: unique ids, known kinds, existing
//! choice lists. The built-in forms are compiled into the binary from `builtin/`.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;

use super::{Choice, Field, FieldKind, FormDef, Section, Tr};
use crate::error::{Error, Result};
use crate::text::Dir;

const BUILTIN: &[(&str, &str)] = &[("intake.toml", include_str!("builtin/intake.toml"))];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    id: String,
    version: u32,
    title: Tr,
    #[serde(default)]
    choices: BTreeMap<String, Vec<Choice>>,
    #[serde(rename = "section")]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: Tr,
    #[serde(rename = "field")]
    fields: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
    kind: String,
    label: Tr,
    hint: Option<Tr>,
    #[serde(default)]
    required: bool,
    choices: Option<String>,
    min: Option<i64>,
    max: Option<i64>,
    dir: Option<String>,
}

/// Every built-in form, checked. A broken built-in form is a bug in this build, reported as an
/// error rather than a panic.
pub fn builtin_forms() -> Result<Vec<Arc<FormDef>>> {
    BUILTIN.iter().map(|(name, text)| load_form(name, text).map(Arc::new)).collect()
}

/// Parses and checks one form definition; `origin` names it in messages.
pub fn load_form(origin: &str, text: &str) -> Result<FormDef> {
    let fail = |detail: String| Error::Form { id: origin.to_string(), detail };
    let raw: RawForm = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
    let mut ids = HashSet::new();
    let mut sections = Vec::new();
    for raw_section in raw.sections {
        let mut fields = Vec::new();
        for f in raw_section.fields {
            if !ids.insert(f.id.clone()) {
                return Err(fail(format!("field id '{}' is used twice", f.id)));
            }
            let choices = || -> Result<Vec<Choice>> {
                let name = f.choices.as_ref().ok_or_else(|| fail(format!("field '{}' needs a choices list", f.id)))?;
                raw.choices.get(name).cloned().ok_or_else(|| fail(format!("field '{}': no choice list '{name}'", f.id)))
            };
            let kind = match f.kind.as_str() {
                "text" => FieldKind::Text,
                "notes" => FieldKind::Notes,
                "integer" => FieldKind::Integer { min: f.min, max: f.max },
                "date" => FieldKind::Date,
                "single" => FieldKind::Single(choices()?),
                "multiple" => FieldKind::Multiple(choices()?),
                "yesno" => FieldKind::YesNo,
                "scale" => FieldKind::Scale { min: f.min.unwrap_or(1), max: f.max.unwrap_or(5) },
                other => return Err(fail(format!("field '{}': unknown kind '{other}'", f.id))),
            };
            let dir = match f.dir.as_deref() {
                None if matches!(kind, FieldKind::Integer { .. } | FieldKind::Date | FieldKind::Scale { .. }) => {
                    Dir::Ltr
                }
                None => Dir::Auto,
                Some(name) => name.parse().map_err(|e| fail(format!("field '{}': {e}", f.id)))?,
            };
            fields.push(Field { id: f.id, label: f.label, hint: f.hint, kind, required: f.required, dir });
        }
        sections.push(Section { id: raw_section.id, title: raw_section.title, fields });
    }
    Ok(FormDef { id: raw.id, version: raw.version, title: raw.title, sections })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_forms_load() {
        let forms = builtin_forms().expect("built-in forms load");
        let intake = forms.iter().find(|f| f.id == "intake").expect("intake form");
        assert!(intake.sections.len() >= 7);
        for kind in ["text", "notes", "integer", "date", "single", "multiple", "yesno", "scale"] {
            let found = intake.fields().any(|(_, _, f)| {
                matches!(
                    (&f.kind, kind),
                    (FieldKind::Text, "text")
                        | (FieldKind::Notes, "notes")
                        | (FieldKind::Integer { .. }, "integer")
                        | (FieldKind::Date, "date")
                        | (FieldKind::Single(_), "single")
                        | (FieldKind::Multiple(_), "multiple")
                        | (FieldKind::YesNo, "yesno")
                        | (FieldKind::Scale { .. }, "scale")
                )
            });
            assert!(found, "intake has no {kind} field");
        }
    }

    #[test]
    fn duplicate_field_ids_are_refused() {
        let text = r#"
            id = "x"
            version = 1
            title = { en = "X", fr = "X", ar = "X" }
            [[section]]
            id = "s"
            title = { en = "S", fr = "S", ar = "S" }
            [[section.field]]
            id = "a"
            kind = "text"
            label = { en = "A", fr = "A", ar = "A" }
            [[section.field]]
            id = "a"
            kind = "text"
            label = { en = "A", fr = "A", ar = "A" }
        "#;
        let err = load_form("x.toml", text).expect_err("duplicate refused");
        assert!(err.to_string().contains("field id 'a' is used twice"), "{err}");
    }
}
