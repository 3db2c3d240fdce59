//! The few layout rules `update` needs to move a cursor or a page the way the view draws it.
//! They live in the app, not the view, so dependencies run app -> ui only: the view calls them
//! too, and the two cannot disagree.

/// Width given to the text layer for a notes field on a terminal of `size`: the editor box
/// spans the screen inside its borders, less the column kept for the cursor. `update` moves
/// the cursor up and down over the same lines the view draws.
pub fn notes_width(size: (u16, u16)) -> usize {
    size.0.saturating_sub(3).max(1) as usize
}

/// Rows the wizard's title, status line, heading, gauge and the review box's borders take.
const REVIEW_CHROME: u16 = 6;

/// Most rows the selected line of the review page takes when its text wraps; the rest of the
/// whole answer is one Enter away.
pub const REVIEW_SELECTED_ROWS: usize = 4;

/// Review lines per page on a terminal of `size`: every line takes one row except the selected
/// one, which may take [`REVIEW_SELECTED_ROWS`]. The review page shows whole pages, so Page
/// Down always shows new lines.
pub fn review_page(size: (u16, u16)) -> usize {
    (size.1.saturating_sub(REVIEW_CHROME) as usize).saturating_sub(REVIEW_SELECTED_ROWS - 1).max(1)
}

/// The first line shown when line `selected` is selected: the start of its page.
pub fn review_offset(selected: usize, size: (u16, u16)) -> usize {
    let page = review_page(size);
    selected / page * page
}

/// Rows of text the whole-answer overlay shows on a terminal of `size`: the body between the
/// title and status lines, less its borders and the question's label line.
pub fn answer_rows(size: (u16, u16)) -> usize {
    (size.1.saturating_sub(5) as usize).max(1)
}

/// Columns of text in the whole-answer overlay on a terminal of `size`: the box spans the body
/// less a column each side, inside its borders.
pub fn answer_width(size: (u16, u16)) -> usize {
    (size.0.saturating_sub(4) as usize).max(1)
}
