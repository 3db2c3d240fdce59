//! Every piece of text reaches the screen through a [`Painter`], which lays it out with the
//! text layer in the chosen display mode: reordered and shaped for terminals that do no bidi,
//! aligned right when it reads right to left, and mirrored as a whole when the interface is
//! Arabic. Screens never write strings into the buffer themselves.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::theme;
use crate::app::{AppState, TextInput};
use crate::text::{self, BidiMode, Dir, VisualLine};

/// A run of text with its style; a line is a slice of them, laid out as one paragraph.
pub type Piece<'a> = (&'a str, Style);

#[derive(Clone, Copy, Debug)]
pub struct Painter {
    pub mode: BidiMode,
    /// The interface reads right to left (Arabic): columns and labels are mirrored.
    pub rtl: bool,
}

impl Painter {
    pub fn new(state: &AppState) -> Painter {
        Painter { mode: state.bidi, rtl: state.lang.is_rtl() }
    }

    /// Direction of the interface's own words (catalog strings, form labels).
    pub fn ui_dir(&self) -> Dir {
        if self.rtl { Dir::Rtl } else { Dir::Ltr }
    }

    /// Lays out `pieces` as one paragraph no wider than `width` (wrapped), returning the
    /// display lines and, per logical grapheme, the style of the piece it came from.
    fn lay(&self, pieces: &[Piece], dir: Dir, width: usize) -> (Vec<VisualLine>, Vec<Style>) {
        let mut full = String::new();
        let mut bounds = Vec::with_capacity(pieces.len());
        for (text, style) in pieces {
            full.push_str(&text.replace('\n', " "));
            bounds.push((full.len(), *style));
        }
        let styles = text::graphemes(&full)
            .iter()
            .map(|(start, _)| bounds.iter().find(|(end, _)| start < end).map_or(Style::new(), |(_, s)| *s))
            .collect();
        (text::layout(&full, dir, width.max(1), self.mode), styles)
    }

    /// Draws one display line at `x` (which may be left of `area`: only cells inside it are
    /// drawn), styling each cell like the piece it came from.
    fn draw_line(&self, buf: &mut Buffer, area: Rect, y: u16, x: isize, line: &VisualLine, styles: &[Style]) {
        let mut col = x;
        for cell in &line.cells {
            let right = col + cell.width as isize;
            if col >= 0 && right <= area.width as isize {
                let mut style = styles.get(cell.graphemes.start).copied().unwrap_or_default();
                if cell.marker {
                    style = style.patch(theme::marker());
                }
                let x = area.x + col as u16;
                match buf.cell_mut((x, y)) {
                    // One column of one cluster (nearly every cell): written as it is, without
                    // ratatui splitting and measuring it again.
                    Some(target) if cell.width == 1 => {
                        target.set_symbol(line.cell_text(cell)).set_style(style);
                    }
                    _ => {
                        buf.set_stringn(x, y, line.cell_text(cell), cell.width, style);
                    }
                }
            }
            col = right;
        }
    }

    /// The first display line of `pieces` on the first row of `area`: right-aligned when it
    /// reads right to left or the interface does; what does not fit is left out.
    pub fn line(&self, buf: &mut Buffer, area: Rect, pieces: &[Piece], dir: Dir) {
        self.line_at(buf, area, pieces, dir, false);
    }

    /// Like [`Painter::line`], but against the far side of `area` (the left in Arabic), for
    /// what closes a row, such as the interviewer's name in the title bar.
    pub fn line_end(&self, buf: &mut Buffer, area: Rect, pieces: &[Piece], dir: Dir) {
        self.line_at(buf, area, pieces, dir, true);
    }

    fn line_at(&self, buf: &mut Buffer, area: Rect, pieces: &[Piece], dir: Dir, end: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let (lines, styles) = self.lay(pieces, dir, area.width as usize);
        if let Some(line) = lines.first() {
            let right = (line.rtl || self.rtl) != end;
            let x = if right { area.width as isize - line.width as isize } else { 0 };
            self.draw_line(buf, area, area.y, x, line, &styles);
        }
    }

    /// One text in one style on the first row of `area`.
    pub fn text(&self, buf: &mut Buffer, area: Rect, text: &str, style: Style, dir: Dir) {
        self.line(buf, area, &[(text, style)], dir);
    }

    /// Interface words (catalog or form labels) on the first row of `area`.
    pub fn ui_text(&self, buf: &mut Buffer, area: Rect, text: &str, style: Style) {
        self.line(buf, area, &[(text, style)], self.ui_dir());
    }

    /// `pieces` wrapped over the rows of `area`; returns how many rows it took.
    pub fn paragraph(&self, buf: &mut Buffer, area: Rect, pieces: &[Piece], dir: Dir) -> u16 {
        if area.width == 0 {
            return 0;
        }
        let (lines, styles) = self.lay(pieces, dir, area.width as usize);
        let mut rows = 0;
        for (line, y) in lines.iter().zip(area.y..area.bottom()) {
            let x = if line.rtl || self.rtl { area.width as isize - line.width as isize } else { 0 };
            self.draw_line(buf, area, y, x, line, &styles);
            rows += 1;
        }
        rows
    }

    /// The rows `pieces` would take when wrapped to `width`.
    pub fn height(&self, pieces: &[Piece], dir: Dir, width: u16) -> u16 {
        self.lay(pieces, dir, width as usize).0.len() as u16
    }

    /// `text` as a terminal must receive it to show it right, for ratatui widgets that print a
    /// string left to right themselves (block titles, gauge labels).
    pub fn visual(&self, text: &str, dir: Dir) -> String {
        text::layout(&text.replace('\n', " "), dir, usize::MAX, self.mode)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// A bordered block titled in the interface language, the title on the reading side.
    pub fn block(&self, title: &str) -> Block<'static> {
        let title = Line::from(self.visual(title, self.ui_dir()));
        let title = if self.rtl { title.right_aligned() } else { title };
        Block::new().borders(Borders::ALL).title(title)
    }

    /// `area` split into columns, the first on the reading side (the right, in Arabic).
    pub fn columns(&self, area: Rect, widths: &[Constraint]) -> Vec<Rect> {
        let mut columns: Vec<Rect> = Layout::horizontal(widths.iter().copied()).spacing(2).split(area).to_vec();
        if self.rtl {
            columns = columns.iter().map(|c| Rect { x: area.x + (area.right() - c.right()), ..*c }).collect();
        }
        columns
    }

    /// A one-line text input: scrolled so the cursor stays visible, the cursor placed on the
    /// cell the next keystroke pushes aside. The last column is kept for the cursor at the end.
    pub fn input(&self, frame: &mut ratatui::Frame, area: Rect, input: &TextInput, style: Style, focused: bool) {
        if area.width < 2 {
            return;
        }
        let width = area.width as usize - 1;
        let buf = frame.buffer_mut();
        buf.set_style(area, style);
        let lines = text::layout(input.text(), input.dir(), usize::MAX, self.mode);
        let Some(line) = lines.first() else { return };
        let scroll = text::keep_visible(line, input.cursor(), width, 0);
        let styles = vec![style; text::graphemes(input.text()).len()];
        self.draw_line(buf, area, area.y, text::line_x(line, width, scroll), line, &styles);
        if focused && let Some(col) = text::cursor_col(line, input.cursor(), width, scroll) {
            frame.set_cursor_position(Position { x: area.x + col as u16, y: area.y });
        }
    }

    /// A multi-line notes input, wrapped to the width of `area` less the cursor's column and
    /// scrolled to keep the cursor's line visible.
    pub fn notes(&self, frame: &mut ratatui::Frame, area: Rect, input: &TextInput, style: Style, focused: bool) {
        if area.width < 2 || area.height == 0 {
            return;
        }
        let width = area.width as usize - 1;
        let buf = frame.buffer_mut();
        buf.set_style(area, style);
        let lines = text::layout(input.text(), input.dir(), width, self.mode);
        let cursor_line = text::cursor_line(&lines, input.cursor());
        let first = (cursor_line + 1).saturating_sub(area.height as usize);
        let styles = vec![style; text::graphemes(input.text()).len()];
        for (line, y) in lines.iter().skip(first).zip(area.y..area.bottom()) {
            let row = Rect { y, ..area };
            self.draw_line(buf, row, y, text::line_x(line, width, 0), line, &styles);
        }
        if focused
            && let Some(line) = lines.get(cursor_line)
            && let Some(col) = text::cursor_col(line, input.cursor(), width, 0)
        {
            let y = area.y + (cursor_line - first) as u16;
            frame.set_cursor_position(Position { x: area.x + col as u16, y });
        }
    }
}

impl Painter {
    /// One line per item, scrolled so `selected` is visible and drawn in the selection style.
    pub fn list(&self, buf: &mut Buffer, area: Rect, items: &[Vec<Piece>], dir: Dir, selected: Option<usize>) {
        let height = area.height as usize;
        let offset = selected.map_or(0, |s| (s + 1).saturating_sub(height));
        for (i, item) in items.iter().enumerate().skip(offset).take(height) {
            let row = Rect { y: area.y + (i - offset) as u16, height: 1, ..area };
            if Some(i) == selected {
                buf.set_style(row, theme::selected());
            }
            self.line(buf, row, item, dir);
        }
    }

    /// A table: a header row in the interface language, then rows of cells each with its own
    /// direction; columns mirrored in an Arabic interface; scrolled to keep `selected` visible.
    pub fn table(
        &self,
        buf: &mut Buffer,
        area: Rect,
        widths: &[Constraint],
        header: &[&str],
        rows: &[Vec<(String, Dir)>],
        selected: Option<usize>,
    ) {
        if area.height == 0 {
            return;
        }
        let head = Rect { height: 1, ..area };
        for (title, column) in header.iter().zip(self.columns(head, widths)) {
            self.ui_text(buf, column, title, theme::heading());
        }
        let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
        let height = body.height as usize;
        let offset = selected.map_or(0, |s| (s + 1).saturating_sub(height));
        for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
            let line = Rect { y: body.y + (i - offset) as u16, height: 1, ..body };
            if Some(i) == selected {
                buf.set_style(line, theme::selected());
            }
            for ((text, dir), column) in row.iter().zip(self.columns(line, widths)) {
                self.text(buf, column, text, Style::new(), *dir);
            }
        }
    }
}
