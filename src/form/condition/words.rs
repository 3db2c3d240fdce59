//! Small helpers for error messages: "did you mean" suggestions and human positions.

use crate::form::problem::Problem;
use crate::i18n::T;

/// The candidate most likely meant by a mistyped `word`: an exact match ignoring case first,
/// then the closest within an edit distance of about a third of the word's length (swapped
/// neighbours count as one edit). Ties go to the earliest candidate.
pub(super) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == word.to_lowercase()) {
        return Some(same);
    }
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&lower, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance between `a` and `b`, in characters: insertions,
/// deletions, substitutions and swaps of two neighbours each cost one.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j] = distance between a[..i] and b[..j]; three rows are enough.
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut row: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(row[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()]
}

/// Where byte `offset` of `src` is, for a person: "column 5", or "line 2, column 3" when the
/// expression spans several lines. Columns count characters from 1.
pub(super) fn position(src: &str, offset: usize) -> Problem {
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    if src.contains('\n') {
        Problem::new(T::FcLineColumn).with("line", line).with("column", column)
    } else {
        Problem::new(T::FcColumn).with("column", column)
    }
}

/// "first", "second", "third" for a zero-based argument index.
pub(super) fn ordinal(index: usize) -> Problem {
    match index {
        0 => Problem::new(T::FcFirst),
        1 => Problem::new(T::FcSecond),
        2 => Problem::new(T::FcThird),
        n => Problem::new(T::FcNth).with("n", n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("chlidren", "children"), 1);
        assert_eq!(edit_distance("housng", "housing"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("عمر", "عمرو"), 1);
    }

    #[test]
    fn suggestions() {
        let names = ["age", "children", "consent"];
        assert_eq!(did_you_mean("chlidren", names), Some("children"));
        assert_eq!(did_you_mean("CONSENT", names), Some("consent"));
        assert_eq!(did_you_mean("ag", names), Some("age"));
        assert_eq!(did_you_mean("income", names), None);
        assert_eq!(did_you_mean("x", []), None);
        // The earliest of equally close candidates wins.
        assert_eq!(did_you_mean("ab", ["ac", "ad"]), Some("ac"));
    }

    #[test]
    fn positions() {
        assert_eq!(position("abc", 0).to_string(), "column 1");
        assert_eq!(position("é = x", 3).to_string(), "column 3");
        assert_eq!(position("a\nbc", 3).to_string(), "line 2, column 2");
        assert_eq!(position("abc", 99).to_string(), "column 4");
    }
}
