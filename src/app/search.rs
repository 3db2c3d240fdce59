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

/// Words of a folded query: split on anything that is not a letter or a digit, as the stored
/// keys were (so "f-2024/0153" is found by "2024" or "0153" as well as by the whole).
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The folded search words of every participant of the directory, in one contiguous buffer so
/// that a keystroke scans memory in order: per participant `names \x01 file parts \x01 facility
/// \x01 whole file number`, the entries back to back. Rebuilt when the directory changes.
#[derive(Default)]
pub struct SearchIndex {
    text: String,
    /// Where each participant's entry starts in `text`, plus the end of the last one.
    starts: Vec<u32>,
    /// Where the file parts, the facility and the whole file number start in each entry.
    fields: Vec<[u32; 3]>,
}

/// Below this many participants a search runs on one thread.
const PARALLEL_FROM: usize = 20_000;

impl SearchIndex {
    pub fn build(all: &[Summary]) -> SearchIndex {
        let size = all.iter().map(|s| key_len(&s.search) + 4).sum();
        let mut text = String::with_capacity(size);
        let mut starts = Vec::with_capacity(all.len() + 1);
        let mut fields = Vec::with_capacity(all.len());
        for s in all {
            starts.push(text.len() as u32);
            let k = &s.search;
            let mut at = [0u32; 3];
            for (i, part) in [&k.names, &k.file_parts, &k.facility, &k.file].into_iter().enumerate() {
                if i > 0 {
                    text.push('\u{1}');
                    at[i - 1] = text.len() as u32;
                }
                text.push_str(part);
            }
            fields.push(at);
        }
        starts.push(text.len() as u32);
        SearchIndex { text, starts, fields }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The points each participant earns for one query word: for every place the word occurs
    /// at the start of a stored word (found with one SIMD scan over the whole buffer), the
    /// weight of the field it is in; the best place counts.
    fn word_points(&self, word: &str, range: std::ops::Range<usize>, points: &mut [u32]) {
        let bytes = self.text.as_bytes();
        let (from, to) = (self.starts[range.start] as usize, self.starts[range.end] as usize);
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let mut entry = range.start;
        for found in finder.find_iter(&bytes[from..to]) {
            let at = from + found;
            while self.starts[entry + 1] as usize <= at {
                entry += 1;
            }
            let (start, end) = (self.starts[entry] as usize, self.starts[entry + 1] as usize);
            if at != start && !matches!(bytes[at - 1], b' ' | 1) {
                continue;
            }
            let after = at + word.len();
            let whole_word = after == end || matches!(bytes[after], b' ' | 1);
            let [parts, facility, file] = self.fields[entry].map(|f| f as usize);
            let weights = if at < parts {
                NAME
            } else if at < facility {
                FILE
            } else if at < file {
                FACILITY
            } else if at == file && after == end {
                // The whole file number typed: nothing can be a better match.
                Weights { exact: FILE.exact * 2, prefix: 0 }
            } else {
                continue;
            };
            let earned = if whole_word { weights.exact } else { weights.prefix };
            let slot = &mut points[entry - range.start];
            *slot = (*slot).max(earned);
        }
    }

    /// The matches in `range` as (total points, index): every word must match somewhere.
    fn hits(&self, range: std::ops::Range<usize>, query: &[String]) -> Vec<(u32, u32)> {
        let mut total = vec![0u32; range.len()];
        let mut word = vec![0u32; range.len()];
        for (k, w) in query.iter().enumerate() {
            word.iter_mut().for_each(|p| *p = 0);
            self.word_points(w, range.clone(), &mut word);
            for (t, p) in total.iter_mut().zip(&word) {
                *t = if *p == 0 || (k > 0 && *t == 0) { 0 } else { *t + p };
            }
        }
        total.iter().enumerate().filter(|(_, t)| **t > 0).map(|(i, t)| (*t, (range.start + i) as u32)).collect()
    }

    /// The participants (indexes into the directory the index was built from) that match
    /// `query`, best first; among equals the directory's order (most recent activity first) is
    /// kept. An empty query matches everyone. A large directory is searched on two threads.
    pub fn rank(&self, query: &str) -> Vec<u32> {
        let folded = fold(query);
        let query: Vec<String> = words(&folded).map(str::to_string).collect();
        let n = self.len();
        if query.is_empty() {
            return (0..n as u32).collect();
        }
        let mut hits = if n < PARALLEL_FROM {
            self.hits(0..n, &query)
        } else {
            let half = n / 2;
            let query = &query;
            std::thread::scope(|scope| {
                let second = scope.spawn(move || self.hits(half..n, query));
                let mut first = self.hits(0..half, query);
                first.extend(second.join().unwrap_or_default());
                first
            })
        };
        hits.sort_unstable_by_key(|&(points, i)| (std::cmp::Reverse(points), i));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

fn key_len(k: &SearchKey) -> usize {
    k.names.len() + k.file_parts.len() + k.facility.len() + k.file.len()
}

/// [`SearchIndex::rank`] over `all`, building the index for this one search.
pub fn rank(all: &[Summary], query: &str) -> Vec<u32> {
    SearchIndex::build(all).rank(query)
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
            registered_by: crate::store::Author::BeforeAccounts("t".into()),
        };
        let person = crate::store::Person::from(&p);
        crate::store::Summary {
            search: SearchKey::of(&person),
            participant: person,
            stage: Default::default(),
            stage_since: date,
            last_interview: None,
            last_activity: chrono::Utc::now(),
            next_due: None,
            next_due_from: None,
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
        let as_participant = |s: &Summary| Participant {
            format: RECORD_FORMAT,
            id: s.participant.id.clone(),
            name_ar: s.participant.name_ar.clone(),
            name_latin: s.participant.name_latin.clone(),
            date_of_birth: s.participant.date_of_birth,
            file_number: s.participant.file_number.clone(),
            facility: s.participant.facility.clone(),
            entry_date: s.participant.entry_date,
            registered_at: s.last_activity,
            registered_by: crate::store::Author::BeforeAccounts("t".into()),
        };
        assert!(crate::domain::same_person(a.participant.identity(), as_participant(&b).identity()));
        let mut c = as_participant(&b);
        c.date_of_birth = chrono::NaiveDate::from_ymd_opt(1991, 1, 1).unwrap_or_default();
        assert!(!crate::domain::same_person(a.participant.identity(), c.identity()));
    }
}
