//! Cursor geometry and movement for a bidi-aware text input: the text stays in logical order,
//! the cursor moves over what is shown.
//!
//! The model. A cursor position `p` is a grapheme boundary, `0..=n`; it belongs to the display
//! line whose graphemes contain it, or to the line it ends when that line ends a paragraph.
//! The terminal cursor is drawn *on the cell of grapheme `p`*, the one the next keystroke pushes
//! aside: in a right-aligned right-to-left paragraph that cell is where a typed Arabic letter
//! appears, just as in left-to-right text. At the end of a paragraph the cursor is one column
//! past the text on the paragraph's end side: right of it for LTR, left of it for RTL.
//!
//! A field is `width + 1` columns wide: lines hold at most `width` columns (lay them out with
//! that width, or with `usize::MAX` and [`keep_visible`] for a one-line field that scrolls) and
//! the extra column takes the end-of-paragraph cursor, on the right for LTR and on the left for
//! RTL, whose lines are right-aligned.
//!
//! Each line's *stops* are its cells from left to right, plus the end stop for a line that ends
//! a paragraph. Left and Right move to the neighbouring stop, so they follow what is shown
//! across direction runs; past the edge of a line they go to the neighbouring line in reading
//! order (the next line for Right in LTR and Left in RTL). Invariants, checked by property
//! tests on random mixed text: every position maps to a column in `0..=width` (given no
//! grapheme wider than `width`) and back to itself, except the position between lam and alef of
//! a ligature, which shares the ligature's cell and maps back to the lam; Right then Left (and
//! Left then Right) returns to the starting stop unless the first move was blocked at the end
//! of the text; Right from the leftmost stop of the first line (LTR) or of the last line (RTL)
//! visits every stop once, then stays; in a scrolled one-line field, [`keep_visible`] keeps the
//! cursor column in `0..=width`.

use super::layout::VisualLine;

/// A cursor key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// To the stop shown on the left.
    Left,
    /// To the stop shown on the right.
    Right,
    /// To the nearest stop in the same column on the line above.
    Up,
    /// To the nearest stop in the same column on the line below.
    Down,
}

/// Index into `lines` of the display line that shows position `p`.
pub fn cursor_line(lines: &[VisualLine], p: usize) -> usize {
    lines.partition_point(|l| l.graphemes.start <= p).saturating_sub(1)
}

/// Field column of `line`'s leftmost cell: 0 for LTR, right-aligned for RTL, or shifted left by
/// `scroll` columns when the line (with its end stop) is wider than the field. Negative when the
/// line starts left of the field: print only the cells that land in `0..=width`.
pub fn line_x(line: &VisualLine, width: usize, scroll: usize) -> isize {
    let field = width.saturating_add(1);
    if span(line) <= field {
        if line.rtl { (field - line.width) as isize } else { 0 }
    } else {
        end_left(line) - scroll as isize
    }
}

/// Field column of the terminal cursor for position `p` (see the module doc), or `None` when
/// `p` is not on `line` or is scrolled out of the field.
pub fn cursor_col(line: &VisualLine, p: usize, width: usize, scroll: usize) -> Option<usize> {
    let col = line_x(line, width, scroll) + col_in_line(line, p)?;
    usize::try_from(col).ok().filter(|&c| c <= width)
}

/// Position whose cursor is drawn at field column `col` of `line`, if any: the inverse of
/// [`cursor_col`].
pub fn position_at(line: &VisualLine, col: usize, width: usize, scroll: usize) -> Option<usize> {
    let x = line_x(line, width, scroll);
    stops(line).into_iter().find(|&(c, _)| x + c == col as isize).map(|(_, p)| p)
}

/// New horizontal scroll of a one-line field `width + 1` columns wide so that position `p` is
/// visible, moving as little as possible from `scroll`; 0 when the line fits.
pub fn keep_visible(line: &VisualLine, p: usize, width: usize, scroll: usize) -> usize {
    let field = width.saturating_add(1);
    let Some(col) = col_in_line(line, p) else {
        return scroll;
    };
    if span(line) <= field {
        return 0;
    }
    let virtual_col = (col + end_left(line)) as usize;
    scroll.clamp(virtual_col.saturating_sub(width), virtual_col).min(span(line) - field)
}

/// Position after pressing `step` at position `p`; `width` is the field's as in [`cursor_col`]
/// (used by Up and Down to keep the column). Returns `p` when there is nowhere to go.
pub fn move_visual(lines: &[VisualLine], p: usize, step: Step, width: usize) -> usize {
    let k = cursor_line(lines, p);
    let Some(line) = lines.get(k) else {
        return p;
    };
    let neighbour = |up: bool| if up { k.checked_sub(1) } else { Some(k + 1) };
    match step {
        Step::Left | Step::Right => {
            let right = step == Step::Right;
            let line_stops = stops(line);
            let here = stop_index(line, &line_stops, p);
            let next = if right { here.map(|i| i + 1) } else { here.and_then(|i| i.checked_sub(1)) };
            if let Some(&(_, q)) = next.and_then(|i| line_stops.get(i)) {
                return q;
            }
            // Past the edge: on to the next line in reading order, or back to the previous one.
            let forward = right != line.rtl;
            let target = neighbour(!forward).and_then(|t| lines.get(t));
            target
                .and_then(|t| {
                    let stops = stops(t);
                    if right { stops.first() } else { stops.last() }.copied()
                })
                .map_or(p, |(_, q)| q)
        }
        Step::Up | Step::Down => {
            let Some(target) = neighbour(step == Step::Up).and_then(|t| lines.get(t)) else {
                return p;
            };
            let col = line_x(line, width, 0) + col_in_line(line, p).unwrap_or(0);
            let x = line_x(target, width, 0);
            stops(target).into_iter().min_by_key(|&(c, _)| (x + c - col).abs()).map_or(p, |(_, q)| q)
        }
    }
}

/// Columns of the line including its end stop.
fn span(line: &VisualLine) -> usize {
    line.width + usize::from(line.ends_paragraph)
}

/// 1 when the end stop is left of the cells (RTL), shifting every cell right by one.
fn end_left(line: &VisualLine) -> isize {
    isize::from(line.rtl && line.ends_paragraph)
}

/// Column of position `p` from the line's leftmost cell: -1 for the end stop of an RTL line.
fn col_in_line(line: &VisualLine, p: usize) -> Option<isize> {
    if line.ends_paragraph && p == line.graphemes.end {
        return Some(if line.rtl { -1 } else { line.width as isize });
    }
    line.col_of(p).map(|c| c as isize)
}

/// `(column from the leftmost cell, position)` of each stop, from left to right.
fn stops(line: &VisualLine) -> Vec<(isize, usize)> {
    let mut stops = Vec::with_capacity(line.cells.len() + 1);
    let end = line.ends_paragraph.then_some(line.graphemes.end);
    if let (true, Some(p)) = (line.rtl, end) {
        stops.push((-1, p));
    }
    let mut col = 0;
    for cell in &line.cells {
        stops.push((col, cell.graphemes.start));
        col += cell.width as isize;
    }
    if let (false, Some(p)) = (line.rtl, end) {
        stops.push((col, p));
    }
    stops
}

/// The stop showing `p`: its own, or its ligature's.
fn stop_index(line: &VisualLine, stops: &[(isize, usize)], p: usize) -> Option<usize> {
    let col = col_in_line(line, p)?;
    stops.iter().position(|&(c, _)| c == col)
}
