//! The form loader's and the condition language's messages follow `--lang`: `daftar forms
//! check` and `forms install` say every mistake in French or Arabic, at the same positions as
//! in English, and no message is left as a bare English sentence.

use tempfile::TempDir;

use crate::support::{create_store, daftar_admin, data};

/// Every broken definition of tests/data/forms/broken, sorted.
fn broken_files() -> Vec<String> {
    let dir = data("forms/broken");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    files
}

/// The lines `daftar --lang LANG forms check FILES…` prints, with the directory cut off.
fn check(lang: &str, files: &[String]) -> (Vec<String>, String, Option<i32>) {
    let dir = TempDir::new().unwrap();
    let mut args = vec!["--lang", lang, "forms", "check"];
    args.extend(files.iter().map(String::as_str));
    let out = daftar_admin(&dir.path().join("store"), &args);
    let prefix = format!("{}/", data("forms/broken").display());
    let lines = String::from_utf8(out.stdout).unwrap().lines().map(|l| l.replace(&prefix, "")).collect();
    (lines, String::from_utf8(out.stderr).unwrap(), out.status.code())
}

fn some(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| data(&format!("forms/broken/{n}")).to_str().unwrap().to_string()).collect()
}

#[test]
fn forms_check_speaks_french() {
    let files = some(&[
        "04-unknown_kind.toml",
        "09-condition_unknown_field.toml",
        "10-condition_wrong_type.toml",
        "22-default_not_a_choice.toml",
        "47-max_length_above_the_limit.toml",
    ]);
    let (lines, stderr, code) = check("fr", &files);
    assert_eq!(
        lines,
        [
            "04-unknown_kind.toml:45:8: type inconnu 'integr' pour le champ 'hours' ; utilisez l'un de text, notes, integer, decimal, date, single, multiple, yesno, scale, note, calculated (vouliez-vous dire 'integer' ?)",
            "09-condition_unknown_field.toml:32:13: dans cette condition : champ inconnu ${trad} (vouliez-vous dire ${trade} ?)",
            "10-condition_wrong_type.toml:74:20: dans cette condition : `>=` compare des nombres ou des dates, mais 'monday' est du texte (un texte ne se compare qu'avec = ou !=)",
            "22-default_not_a_choice.toml:27:11: 'default' dans le champ 'trade' : 'weldin' n'est pas l'un de ses choix (vouliez-vous dire 'welding' ?)",
            "47-max_length_above_the_limit.toml:32:14: 'max_length' dans le champ 'trade_other' vaut 5000, au-delà de la limite de Daftar de 300 caractères pour une ligne ; un formulaire ne peut fixer qu'une limite plus basse",
        ]
    );
    assert_eq!(code, Some(1));
    assert_eq!(stderr.trim(), "daftar: 5 fichiers de formulaire sur 5 ont des erreurs");
}

#[test]
fn forms_check_speaks_arabic_with_values_kept_as_written() {
    let files = some(&["04-unknown_kind.toml", "09-condition_unknown_field.toml", "33-calculation_wrong_type.toml"]);
    let (lines, _, code) = check("ar", &files);
    assert_eq!(
        lines,
        [
            "04-unknown_kind.toml:45:8: نوع غير معروف 'integr' في الحقل 'hours'؛ استعمل واحدا من text, notes, integer, decimal, date, single, multiple, yesno, scale, note, calculated (هل تقصد 'integer'؟)",
            "09-condition_unknown_field.toml:32:13: في هذا الشرط: حقل غير معروف ${trad} (هل تقصد ${trade}؟)",
            "33-calculation_wrong_type.toml:92:16: في هذا الشرط: يجب أن تكون النتيجة من نوع عدد صحيح، لكن 'many' نص",
        ]
    );
    assert_eq!(code, Some(1));
}

/// Under French and Arabic, every message of every broken form is at the same place as in
/// English and says something else: none is left in English. The parts that are the file's
/// own words (ids, keys, kinds) or a library's (the TOML parser's, the regex crate's) are
/// written as they are, so they are cut out before looking for English words.
#[test]
fn no_loader_message_is_left_in_english() {
    let files = broken_files();
    let (english, _, _) = check("en", &files);
    assert!(english.len() >= 50, "{english:?}");
    let english_words = [
        "must", "needs", "unknown", "the", "is", "of", "with", "cannot", "field", "choice", "not", "but", "in", "has",
        "names", "no", "use", "one", "write", "expected", "above", "circle", "depend", "each", "other",
    ];
    for lang in ["fr", "ar"] {
        let (lines, stderr, code) = check(lang, &files);
        assert_eq!(code, Some(1));
        assert_eq!(lines.len(), english.len(), "{lang}: {lines:#?}");
        assert!(!stderr.contains(" of ") && !stderr.contains("have errors"), "{lang}: {stderr}");
        for (line, en) in lines.iter().zip(&english) {
            // FILE:LINE:COLUMN: is the same; the message is not.
            let (parts, en_parts): (Vec<&str>, Vec<&str>) =
                (line.splitn(4, ':').collect(), en.splitn(4, ':').collect());
            let ((place, message), (en_place, en_message)) = (parts.split_at(3), en_parts.split_at(3));
            assert_eq!(place, en_place, "{lang}: {line}");
            assert_ne!(message, en_message, "{lang}: {line}");
            assert!(
                !line.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
                "{lang}: isolates printed: {line}"
            );
            if lang == "ar" {
                assert!(message[0].contains(|c| ('\u{0621}'..='\u{064A}').contains(&c)), "no Arabic in {line}");
            }
            let own_words = strip_quoted(message[0]);
            let own_words = own_words
                .split_once("TOML")
                .map_or(own_words.as_str(), |(before, _)| before)
                .split(" régulière valide")
                .next()
                .unwrap_or_default()
                .split("تعبيرا نمطيا صالحا")
                .next()
                .unwrap_or_default()
                .to_string();
            for word in own_words.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                assert!(!english_words.contains(&word), "{lang}: English word {word:?} in {line}");
            }
        }
    }
}

/// `text` without what is between quotes ('…', "…", `…`), after `${`, or a list of the file's
/// words (`use one of text, notes, …`): those are the form's own words, kept as written.
fn strip_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '$' && chars.peek() == Some(&'{') => quote = Some('}'),
            None => out.push(c),
        }
    }
    // Lists of kinds, types, stages and measures, and the languages en, fr, ar.
    for list in [
        "text, notes, integer, decimal, date, single, multiple, yesno, scale, note, calculated",
        "integer, decimal, text, date, yesno",
        "in_programme, released, aftercare",
        "date, session_axis, attendance, indicator_self, indicator_texts, indicator_society",
    ] {
        out = out.replace(list, "");
    }
    out
}

#[test]
fn forms_install_refuses_a_broken_form_in_the_interface_language() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    create_store(&store);
    let broken = data("forms/broken/04-unknown_kind.toml");
    let out = daftar_admin(&store, &["--lang", "fr", "forms", "install", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("daftar: le formulaire a des erreurs et n'a pas été installé :\n"), "{stderr}");
    assert!(stderr.contains("04-unknown_kind.toml:45:8: type inconnu 'integr' pour le champ 'hours' ;"), "{stderr}");
    let out = daftar_admin(&store, &["--lang", "ar", "forms", "install", broken.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("04-unknown_kind.toml:45:8: نوع غير معروف 'integr' في الحقل 'hours'؛"), "{stderr}");
    assert!(!stderr.contains(['\u{2068}', '\u{2069}']), "{stderr}");
}
