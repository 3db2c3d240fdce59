//! The cursor model of `daftar::text::cursor`: examples an interviewer would check by eye, then
//! its invariants as property tests over random mixed text.

use daftar::text::{
    BidiMode, Dir, Step, VisualLine, cursor_col, cursor_line, keep_visible, layout, move_visual, position_at,
};
use proptest::prelude::*;

fn lines(text: &str, width: usize) -> Vec<VisualLine> {
    layout(text, Dir::Auto, width, BidiMode::App)
}

/// Field column of the cursor at `p` in a wrapped field `width + 1` columns wide.
fn col(text: &str, width: usize, p: usize) -> usize {
    let lines = lines(text, width);
    cursor_col(&lines[cursor_line(&lines, p)], p, width, 0).unwrap()
}

#[test]
fn rtl_cursor_sits_left_of_the_last_letter_typed() {
    // "مرحبا" right-aligned in an 11-column field: cells at columns 6..=10, logical start right.
    assert_eq!(col("مرحبا", 10, 0), 10);
    assert_eq!(col("مرحبا", 10, 4), 6);
    assert_eq!(col("مرحبا", 10, 5), 5);
}

#[test]
fn ltr_cursor_sits_right_of_the_last_letter_typed() {
    assert_eq!(col("abc", 10, 0), 0);
    assert_eq!(col("abc", 10, 3), 3);
}

#[test]
fn a_full_rtl_line_keeps_its_end_cursor_in_the_reserved_column() {
    assert_eq!(col("مرحبا", 5, 5), 0);
    assert_eq!(col("مرحبا", 5, 0), 5);
}

#[test]
fn inside_a_lam_alef_ligature_the_cursor_stays_on_the_ligature() {
    // سلام: graphemes س ل ا م; ل and ا share one cell.
    assert_eq!(col("سلام", 10, 1), col("سلام", 10, 2));
    assert_eq!(col("سلام", 10, 1), 9);
    assert_eq!(move_visual(&lines("سلام", 10), 2, Step::Left, 10), 3);
}

#[test]
fn harakat_do_not_take_a_cursor_stop() {
    // كِتَابٌ: 4 graphemes, each letter with its haraka.
    let l = lines("كِتَابٌ", 10);
    assert_eq!(l[0].width, 4);
    assert_eq!(col("كِتَابٌ", 10, 4), 6);
}

#[test]
fn left_and_right_follow_what_is_shown_across_runs() {
    // LTR paragraph "ab سلم cd" shows "ab ملس cd".
    let l = lines("ab سلم cd", 20);
    assert_eq!(l[0].to_string(), "ab ﻢﻠﺳ cd");
    let rights: Vec<usize> = std::iter::successors(Some(0), |&p| {
        let q = move_visual(&l, p, Step::Right, 20);
        (q != p).then_some(q)
    })
    .collect();
    assert_eq!(rights, [0, 1, 2, 5, 4, 3, 6, 7, 8, 9]);
}

#[test]
fn left_and_right_cross_lines_in_reading_order() {
    // RTL note of two paragraphs: Left past the left edge goes to the next line's right end.
    let l = lines("سلم\nبت", 10);
    assert_eq!(move_visual(&l, 3, Step::Left, 10), 4);
    assert_eq!(move_visual(&l, 4, Step::Right, 10), 3);
    let l = lines("ab\ncd", 10);
    assert_eq!(move_visual(&l, 2, Step::Right, 10), 3);
    assert_eq!(move_visual(&l, 3, Step::Left, 10), 2);
    assert_eq!(move_visual(&l, 5, Step::Right, 10), 5);
}

#[test]
fn up_and_down_keep_the_column() {
    let l = lines("abcd efgh", 5);
    assert_eq!(l.len(), 2);
    assert_eq!(move_visual(&l, 2, Step::Down, 5), 7);
    assert_eq!(move_visual(&l, 7, Step::Up, 5), 2);
    assert_eq!(move_visual(&l, 2, Step::Up, 5), 2);
}

#[test]
fn wrapped_position_belongs_to_the_next_line() {
    let l = lines("abcd efgh", 5);
    assert_eq!(cursor_line(&l, 5), 1);
    assert_eq!(cursor_line(&l, 4), 0);
    assert_eq!(cursor_line(&l, 9), 1);
}

#[test]
fn a_long_line_scrolls_to_keep_the_cursor_visible() {
    let text = "abcdefghijklmnopqrstuvwxyz";
    let l = &lines(text, usize::MAX)[0];
    let scroll = keep_visible(l, 26, 9, 0);
    assert_eq!(scroll, 17);
    assert_eq!(cursor_col(l, 26, 9, scroll), Some(9));
    assert_eq!(keep_visible(l, 20, 9, scroll), 17);
    assert_eq!(keep_visible(l, 3, 9, scroll), 3);
}

/// Pieces of random text: Arabic letters, harakat, lam-alef, Latin, digits of three kinds,
/// spaces, brackets, punctuation and paragraph breaks.
const PIECES: &[&str] = &[
    "ب", "ت", "ن", "ي", "م", "س", "ل", "ا", "ع", "ه", "ر", "و", "د", "ء", "ة", "ى", "ـ", "لا", "لأ", "لإ", "لآ", "بَ", "سِّ",
    "كُ", "مٌ", "a", "b", "Z", "é", "ç", "0", "7", "٠", "٣", "۵", " ", " ", " ", "(", ")", "[", "]", ".", ",", "!", "؟",
    "،", ":", "/", "-", "%", "«", "»",
];

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

fn dir() -> impl Strategy<Value = Dir> {
    prop::sample::select(&[Dir::Ltr, Dir::Rtl, Dir::Auto][..])
}

/// The stop position that shows `p`: `p` itself, or the lam for the alef of a ligature.
fn stop_of(lines: &[VisualLine], p: usize) -> usize {
    let line = &lines[cursor_line(lines, p)];
    line.cells.iter().find(|c| c.graphemes.contains(&p)).map_or(p, |c| c.graphemes.start)
}

fn count(text: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::graphemes(text, true).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Every position has a column in 0..=width on its line, and that column maps back to it
    /// (to the lam for the position inside a lam-alef ligature).
    #[test]
    fn positions_and_columns_map_both_ways(text in mixed_text(), width in 1usize..24, dir in dir()) {
        let lines = layout(&text, dir, width, BidiMode::App);
        for p in 0..=count(&text) {
            let line = &lines[cursor_line(&lines, p)];
            prop_assert!(line.graphemes.start <= p && p <= line.graphemes.end);
            let col = cursor_col(line, p, width, 0);
            prop_assert!(col.is_some_and(|c| c <= width), "p={p} col={col:?}");
            prop_assert_eq!(position_at(line, col.unwrap_or(0), width, 0), Some(stop_of(&lines, p)));
        }
    }

    /// Each grapheme is in exactly one cell, and the line's two maps agree on it.
    #[test]
    fn cells_cover_every_grapheme_once(text in mixed_text(), width in 1usize..24, dir in dir()) {
        let lines = layout(&text, dir, width, BidiMode::App);
        let mut seen = vec![0; count(&text)];
        for line in &lines {
            prop_assert!(line.width <= width);
            for cell in &line.cells {
                for g in cell.graphemes.clone() {
                    seen[g] += 1;
                    let col = line.col_of(g);
                    prop_assert_eq!(col.and_then(|c| line.grapheme_at(c)), Some(cell.graphemes.start));
                }
            }
        }
        prop_assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    }

    /// Right then Left comes back, and Left then Right too, unless the first move hit an edge.
    #[test]
    fn right_then_left_returns(text in mixed_text(), width in 1usize..24, dir in dir()) {
        let lines = layout(&text, dir, width, BidiMode::App);
        for p in 0..=count(&text) {
            let p = stop_of(&lines, p);
            let r = move_visual(&lines, p, Step::Right, width);
            if r != p {
                prop_assert_eq!(move_visual(&lines, r, Step::Left, width), p);
            }
            let l = move_visual(&lines, p, Step::Left, width);
            if l != p {
                prop_assert_eq!(move_visual(&lines, l, Step::Right, width), p);
            }
        }
    }

    /// From the visual start (leftmost stop of the first line, or of the last line when the
    /// text is RTL), repeated Right visits every stop once and then stays put.
    #[test]
    fn repeated_right_reaches_every_position(text in mixed_text(), width in 1usize..24, dir in dir()) {
        let lines = layout(&text, dir, width, BidiMode::App);
        let first = if lines[0].rtl { lines.len() - 1 } else { 0 };
        let start = (0..=width)
            .find_map(|c| position_at(&lines[first], c, width, 0))
            .unwrap();
        let mut stops: Vec<usize> = (0..=count(&text)).map(|p| stop_of(&lines, p)).collect();
        stops.dedup();
        let mut visited = vec![start];
        loop {
            let p = *visited.last().unwrap_or(&start);
            let q = move_visual(&lines, p, Step::Right, width);
            if q == p || visited.len() > stops.len() {
                break;
            }
            visited.push(q);
        }
        visited.sort_unstable();
        prop_assert_eq!(visited, stops);
    }

    /// In a one-line field that scrolls, the cursor column never leaves 0..=width.
    #[test]
    fn scrolled_cursor_stays_in_the_field(
        text in mixed_text(),
        width in 1usize..24,
        dir in dir(),
        moves in prop::collection::vec(0usize..50, 1..20),
    ) {
        let text = text.replace('\n', " ");
        let line = &layout(&text, dir, usize::MAX, BidiMode::App)[0];
        let n = count(&text);
        let mut scroll = 0;
        for p in moves.into_iter().map(|m| m % (n + 1)) {
            scroll = keep_visible(line, p, width, scroll);
            let col = cursor_col(line, p, width, scroll);
            prop_assert!(col.is_some_and(|c| c <= width), "p={p} scroll={scroll} col={col:?}");
        }
    }
}
