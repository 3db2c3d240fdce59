//! Search as you type over every participant: names in Arabic and Latin script, file numbers
//! and facility, compared after folding (harakat, hamza forms, ta marbuta, accents, case and
//! Arabic-Indic digits do not matter, see `text::fold`). Each word of the query must start a
//! word of the participant; matches are ranked, an exact file number first. The folded keys are
//! stored with each summary, so a keystroke costs one pass over them and no folding.

use crate::store::{SearchKey, Summary};
use crate::text::fold;

/// How much a query word is worth where it matched.
#[derive(Clone, Copy)]
struct Weights {
    exact: u32,
    prefix: u32,
}

const FILE: Weights = Weights { exact: 60, prefix: 30 };
const NAME: Weights = Weights { exact: 20, prefix: 12 };
const FACILITY: Weights = Weights { exact: 6, prefix: 4 };

/// Words of a folded text (which has no marks left): split on anything that is not a letter or
/// a digit, so that
/// "f-2024/0153" is found by "2024" or "0153" as well as by the whole.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn best(word: &str, text: &str, weights: Weights) -> u32 {
    let mut best = 0;
    for candidate in words(text) {
        if candidate == word {
            return weights.exact;
        }
        if candidate.starts_with(word) {
            best = weights.prefix;
        }
    }
    best
}

/// The score of one participant for the query's words, or 0 when a word matches nothing.
fn score(key: &SearchKey, query: &[String]) -> u32 {
    let mut total = 0;
    for word in query {
        // The whole file number typed: nothing can be a better match.
        let whole_file = if key.file == *word { FILE.exact * 2 } else { 0 };
        let points = whole_file.max(best(word, &key.file, FILE)).max(best(word, &key.names, NAME)).max(best(
            word,
            &key.facility,
            FACILITY,
        ));
        if points == 0 {
            return 0;
        }
        total += points;
    }
    total
}

/// The indexes of the participants in `all` that match `query`, best first; among equals the
/// order of `all` (most recent activity first) is kept. An empty query matches everyone.
pub fn rank(all: &[Summary], query: &str) -> Vec<u32> {
    let folded = fold(query);
    let query: Vec<String> = words(&folded).map(str::to_string).collect();
    if query.is_empty() {
        return (0..all.len() as u32).collect();
    }
    let mut hits: Vec<(u32, u32)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((score(&s.search, &query), i as u32)).filter(|(p, _)| *p > 0))
        .collect();
    hits.sort_unstable_by_key(|&(points, i)| (std::cmp::Reverse(points), i));
    hits.into_iter().map(|(_, i)| i).collect()
}

/// Whether two people may be the same: the same date of birth and, once folded, the same name
/// in Arabic or in Latin script.
pub fn same_person(a: &crate::store::Participant, b: &crate::store::Participant) -> bool {
    a.date_of_birth == b.date_of_birth
        && ((!a.name_ar.trim().is_empty() && fold(&a.name_ar) == fold(&b.name_ar))
            || (!a.name_latin.trim().is_empty() && fold(&a.name_latin) == fold(&b.name_latin)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Id, Participant, RECORD_FORMAT};

    fn person(ar: &str, latin: &str, file: &str, facility: &str) -> Summary {
        let date = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        let p = Participant {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            name_ar: ar.into(),
            name_latin: latin.into(),
            date_of_birth: date,
            file_number: file.into(),
            facility: facility.into(),
            entry_date: date,
            registered_at: chrono::Utc::now(),
            registered_by: "t".into(),
        };
        crate::store::Summary {
            format: RECORD_FORMAT,
            search: SearchKey::of(&p),
            participant: p,
            stage: Default::default(),
            stage_since: date,
            last_interview: None,
            last_activity: chrono::Utc::now(),
            next_due: None,
        }
    }

    #[test]
    fn arabic_folding_finds_names_whatever_the_hamza_and_harakat() {
        let all =
            vec![person("أحمد بن عليّ", "Ahmed Ben Ali", "F-1", "سلا"), person("فاطمة الزهراء", "Fatima", "F-2", "طنجة")];
        assert_eq!(rank(&all, "احمد"), vec![0]);
        assert_eq!(rank(&all, "علي"), vec![0]);
        assert_eq!(rank(&all, "فاطمه"), vec![1]);
        assert_eq!(rank(&all, "الزهرا"), vec![1]);
        assert_eq!(rank(&all, "ahmed ben"), vec![0]);
        assert_eq!(rank(&all, "AHM"), vec![0]);
        assert!(rank(&all, "ahmed fatima").is_empty(), "every word must match");
    }

    #[test]
    fn accents_case_and_digits_do_not_matter() {
        let all = vec![person("", "Hélène Benoît", "2024/٠١٥٣", "Salé")];
        assert_eq!(rank(&all, "helene"), vec![0]);
        assert_eq!(rank(&all, "BENOIT"), vec![0]);
        assert_eq!(rank(&all, "sale"), vec![0]);
        assert_eq!(rank(&all, "0153"), vec![0]);
        assert_eq!(rank(&all, "٢٠٢٤"), vec![0]);
    }

    #[test]
    fn an_exact_file_number_ranks_first_then_names_then_facility() {
        let all = vec![
            person("", "Salem Kabir", "F-9", "Rabat"),
            person("", "Omar", "F-10", "Salem"),
            person("", "Karim Salem", "SALEM", "Fès"),
            person("", "Salemi", "F-11", "Fès"),
        ];
        assert_eq!(rank(&all, "salem"), vec![2, 0, 3, 1]);
    }

    #[test]
    fn the_same_folded_name_and_birth_date_is_a_possible_duplicate() {
        let a = person("أحمد", "Ahmed", "F-1", "x");
        let b = person("احمد", "Ahmad", "F-2", "y");
        assert!(same_person(&a.participant, &b.participant));
        let mut c = b.participant.clone();
        c.date_of_birth = chrono::NaiveDate::from_ymd_opt(1991, 1, 1).unwrap_or_default();
        assert!(!same_person(&a.participant, &c));
    }
}
