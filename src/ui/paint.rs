//! Every piece of text reaches the screen through a [`Painter`], which lays it out with the
//! text layer in the chosen display mode: reordered and shaped for terminals that do no bidi,
//! aligned right when it reads right to left, and mirrored as a whole when the interface is
//! Arabic. Screens never write strings into the buffer themselves.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::theme;
use crate::app::{AppState, TextInput};
use crate::text::{self, BidiMode, Dir, VisualLine};

/// Ends every text that is cut: on the right of a left-to-right line, on the left of a
/// right-to-left one.
pub const ELLIPSIS: &str = "…";

/// A run of text with its style; a line is a slice of them, laid out as one paragraph.
pub type Piece<'a> = (&'a str, Style);

/// `text` isolated in the paragraph direction `dir` (LRI, RLI or FSI ... PDI), for a value drawn
/// inside a line of other text: it is then ordered exactly as in its own editor, whatever
/// surrounds it. The text layer draws nothing for the isolates.
pub fn isolated(text: &str, dir: Dir) -> String {
    let open = match dir {
        Dir::Ltr => '\u{2066}',
        Dir::Rtl => '\u{2067}',
        Dir::Auto => '\u{2068}',
    };
    format!("{open}{text}\u{2069}")
}

#[derive(Clone, Copy, Debug)]
pub struct Painter {
    pub mode: BidiMode,
    /// The interface reads right to left (Arabic): columns and labels are mirrored.
    pub rtl: bool,
    /// Keys typed into the focused input go through the Arabic layer: the tag the input then
    /// shows.
    pub arabic_layer: Option<&'static str>,
}

impl Painter {
    pub fn new(state: &AppState) -> Painter {
        Painter {
            mode: state.bidi,
            rtl: state.lang.is_rtl(),
            arabic_layer: state.arabic_keyboard().then(|| crate::i18n::T::KeyboardTag.get(state.lang)),
        }
    }

    /// Direction of the interface's own words (catalog strings, form labels).
    pub fn ui_dir(&self) -> Dir {
        if self.rtl { Dir::Rtl } else { Dir::Ltr }
    }

    /// Lays out `pieces` as one paragraph no wider than `width` (wrapped), returning the
    /// display lines and, per logical grapheme, the style of the piece it came from.
    fn lay(&self, pieces: &[Piece], dir: Dir, width: usize) -> (Vec<VisualLine>, Vec<Style>, String) {
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
        (text::layout_display(&full, dir, width.max(1), self.mode), styles, full)
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
                    // Against what is drawn there already (a selected row, an input's underline).
                    let under = buf.cell((area.x + col as u16, y)).map_or(Style::new(), |c| c.style());
                    style = theme::marked(under.patch(style));
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
        let (lines, styles, full) = self.lay(pieces, dir, area.width as usize);
        if let Some(line) = lines.first() {
            let cut = (lines.len() > 1).then_some((full.as_str(), dir));
            self.draw_row(buf, area, area.y, line, &styles, cut, end);
        }
    }

    /// Draws `line` on row `y` of `area`, against the reading side of its own text, or at the
    /// far side of the interface's reading direction when `end`, whatever the text's own
    /// direction (an Arabic name at the end of an English title bar sits at its right edge).
    /// `cut` is the paragraph the line was laid out from, with its direction, when text follows
    /// that is not shown: the line is then cut in logical order ([`Painter::cut_line`]), so it
    /// shows the start of its text and `…` at its reading end. Every cut text is marked so.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &self,
        buf: &mut Buffer,
        area: Rect,
        y: u16,
        line: &VisualLine,
        styles: &[Style],
        cut: Option<(&str, Dir)>,
        end: bool,
    ) {
        let right = if end { !self.rtl } else { line.rtl || self.rtl };
        let x = |width: usize| if right { area.width as isize - width as isize } else { 0 };
        match cut {
            None => self.draw_line(buf, area, y, x(line.width), line, styles),
            Some((text, dir)) => {
                let (line, styles) = self.cut_line(text, dir, line, styles, area.width as usize);
                self.draw_line(buf, area, y, x(line.width), &line, &styles);
            }
        }
    }

    /// `line`, one display line of paragraph `text` (laid out in `dir`), cut to `width` columns
    /// in logical order: its logically last graphemes are dropped until what is left, followed
    /// by `…`, fits; that is laid out again. So what is shown is always a prefix of the text, and
    /// `…` comes where it reads last: the right of left-to-right text, the left of right-to-left
    /// text, and inside a value isolated in its own direction when the cut falls in the value.
    /// (Dropping cells from the visual end instead would drop the first letters of a
    /// left-to-right value inside a right-to-left line.) Returns the line and the style of each
    /// of its graphemes; `…` takes the style of the last grapheme shown, without underline.
    fn cut_line(
        &self,
        text: &str,
        dir: Dir,
        line: &VisualLine,
        styles: &[Style],
        width: usize,
    ) -> (VisualLine, Vec<Style>) {
        let graphemes = text::graphemes(text);
        let byte = |g: usize| graphemes.get(g).map_or(text.len(), |(b, _)| *b);
        let first = line.graphemes.start;
        let start = byte(first);
        // Isolates opened before this line and not closed go on ordering it.
        let mut open = String::new();
        for c in text.get(..start).unwrap_or_default().chars() {
            match c {
                '\u{2066}'..='\u{2068}' => open.push(c),
                '\u{2069}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        // The paragraph direction the line was laid out in (its text alone might resolve
        // otherwise); in Terminal mode lines carry none and the terminal decides.
        let dir = match self.mode {
            BidiMode::Terminal => dir,
            BidiMode::App | BidiMode::Reorder => {
                if line.rtl {
                    Dir::Rtl
                } else {
                    Dir::Ltr
                }
            }
        };
        // A word wider than the whole row, which wrapping moved to the next line, is broken
        // wherever it is drawn: it begins on this row, so that the row shows some of it (a
        // file number after its label) rather than the label and `…` alone.
        let mut end = line.graphemes.end;
        // No more of it is looked at than a row could show (every shown grapheme takes a
        // column), so a huge pasted word costs no more than a short one.
        let most = end.saturating_add(2 * width + 4).min(graphemes.len());
        let word_end = (end..most).find(|&g| graphemes[g].1 == " ").unwrap_or(most);
        let word = text.get(byte(end)..byte(word_end)).unwrap_or_default();
        let extended = word_end > end && self.width(&format!("{open}{word}"), dir) > width;
        if extended {
            end = word_end;
        }
        // A first guess from the cells' widths, so that laying out again is usually done once.
        let laid;
        let cells = if extended {
            let kept = text.get(start..byte(end)).unwrap_or_default();
            laid = text::layout_display(&format!("{open}{kept}"), dir, usize::MAX, self.mode);
            laid.first().map_or(&[][..], |l| l.cells.as_slice())
        } else {
            line.cells.as_slice()
        };
        // Columns per grapheme from `first` on (the cells of `laid` count the isolates in
        // `open` as graphemes before the line's first).
        let skipped = if extended { open.chars().count() } else { first };
        let mut columns = vec![0; end - first];
        for cell in cells {
            if let Some(c) = cell.graphemes.start.checked_sub(skipped).and_then(|g| columns.get_mut(g)) {
                *c += cell.width;
            }
        }
        let mut k = end;
        let mut kept_width: usize = columns.iter().sum();
        while k > first && kept_width + 1 > width {
            k -= 1;
            kept_width -= columns[k - first];
        }
        let opens_isolate =
            |g: usize| graphemes.get(g).is_some_and(|(_, s)| matches!(s, &"\u{2066}" | &"\u{2067}" | &"\u{2068}"));
        loop {
            // An isolate opened just before the cut holds nothing shown: `…` goes outside it.
            while k > first && opens_isolate(k - 1) {
                k -= 1;
            }
            let kept = text.get(start..byte(k)).unwrap_or_default();
            let candidate = format!("{open}{kept}{ELLIPSIS}");
            let mut lines = text::layout_display(&candidate, dir, usize::MAX, self.mode);
            let fits = lines.first().is_none_or(|l| l.width <= width);
            if fits || k == first {
                let mark = k.checked_sub(1).and_then(|g| styles.get(g)).copied().unwrap_or_default();
                let mark = mark.remove_modifier(Modifier::UNDERLINED);
                let kept_at = open.len();
                let mark_at = open.len() + kept.len();
                let cut_styles = text::graphemes(&candidate)
                    .iter()
                    .map(|(b, _)| {
                        if *b >= mark_at {
                            mark
                        } else if *b < kept_at {
                            Style::new()
                        } else {
                            let source = start + (b - kept_at);
                            let g = graphemes.partition_point(|(s, _)| *s <= source).saturating_sub(1);
                            styles.get(g).copied().unwrap_or_default()
                        }
                    })
                    .collect();
                let line = if lines.is_empty() { line.clone() } else { lines.swap_remove(0) };
                return (line, cut_styles);
            }
            k -= 1;
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
        let (lines, styles, full) = self.lay(pieces, dir, area.width as usize);
        let mut rows = 0;
        for (line, y) in lines.iter().zip(area.y..area.bottom()) {
            let cut = (y + 1 == area.bottom() && lines.len() > rows as usize + 1).then_some((full.as_str(), dir));
            self.draw_row(buf, area, y, line, &styles, cut, false);
            rows += 1;
        }
        rows
    }

    /// The rows `pieces` would take when wrapped to `width`.
    pub fn height(&self, pieces: &[Piece], dir: Dir, width: u16) -> u16 {
        self.lay(pieces, dir, width as usize).0.len() as u16
    }

    /// The mark before the selected or focused line, pointing at its label: `▶` left to
    /// right, `◀` in an Arabic interface, where the label is on its left.
    pub fn pointer(&self) -> &'static str {
        if self.rtl { "◀ " } else { "▶ " }
    }

    /// The arrow after a label that points back at it ("the current one"), mirrored with the
    /// interface: arrows are not mirrored by the bidi algorithm.
    pub fn back_arrow(&self) -> &'static str {
        if self.rtl { " →" } else { " ←" }
    }

    /// A progress gauge on the first row of `area`, filled from the reading side (the right in
    /// Arabic) over `ratio` of its width, with `label` centred on it.
    pub fn gauge(&self, buf: &mut Buffer, area: Rect, ratio: f64, label: &str) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let row = Rect { height: 1, ..area };
        let filled = (ratio.clamp(0.0, 1.0) * f64::from(area.width)).floor() as u16;
        let x = if self.rtl { row.right() - filled } else { row.x };
        let bar = Rect { x, width: filled, ..row };
        for col in bar.left()..bar.right() {
            buf.set_stringn(col, row.y, "█", 1, Style::new());
        }
        let width = self.width(label, self.ui_dir()).min(area.width as usize);
        let left = (area.width as usize - width) / 2;
        let middle = Rect { x: area.x + left as u16, width: width as u16, ..row };
        self.line(buf, middle, &[(label, Style::new())], self.ui_dir());
        // The label reads in reverse video where it stands on the bar, as on ratatui's gauge.
        buf.set_style(middle.intersection(bar), theme::selected());
    }

    /// `text` wrapped to the width of `area` in direction `dir`, from row `scroll` on (kept
    /// so the last page stays full), every paragraph of it: for reading a long value whole.
    pub fn scrolled(&self, buf: &mut Buffer, area: Rect, text: &str, dir: Dir, scroll: usize) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let lines = text::layout(text, dir, area.width as usize, self.mode);
        let styles = vec![Style::new(); text::graphemes(text).len()];
        let first = scroll.min(lines.len().saturating_sub(area.height as usize));
        for (line, y) in lines.iter().skip(first).zip(area.y..area.bottom()) {
            self.draw_row(buf, area, y, line, &styles, None, false);
        }
    }

    /// Columns `text` takes on one line, measured by the text layer as it will be drawn.
    pub fn width(&self, text: &str, dir: Dir) -> usize {
        text::layout_display(&text.replace('\n', " "), dir, usize::MAX, self.mode).first().map_or(0, |l| l.width)
    }

    /// `text` as a terminal must receive it to show it right, for ratatui widgets that print a
    /// string left to right themselves (block titles, gauge labels).
    pub fn visual(&self, text: &str, dir: Dir) -> String {
        text::layout_display(&text.replace('\n', " "), dir, usize::MAX, self.mode)
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

    /// Like [`Painter::block`] for a block `width` columns wide: a title longer than the top
    /// border ends in `…` on its reading side instead of being cut without a sign (form
    /// titles and question labels can be long).
    pub fn block_in(&self, title: &str, width: u16) -> Block<'static> {
        let room = width.saturating_sub(2) as usize;
        let dir = self.ui_dir();
        if self.width(title, dir) <= room {
            return self.block(title);
        }
        let lines = text::layout_display(&title.replace('\n', " "), dir, room.saturating_sub(1).max(1), self.mode);
        let first = lines.first().map(ToString::to_string).unwrap_or_default();
        let rtl = lines.first().is_some_and(|l| l.rtl);
        let cut = if rtl { format!("{ELLIPSIS}{first}") } else { format!("{first}{ELLIPSIS}") };
        let title = Line::from(cut);
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
    /// While the focused input types through the Arabic layer, a tag at its far end says so.
    /// A value wider than the field is never cut without a sign: unfocused, it shows its start
    /// and `…` at its reading end (cut in logical order, as every cut line is); focused, each
    /// side scrolled out of view shows `…` in its edge column, the view moved by one column
    /// when the cursor would stand there.
    pub fn input(&self, frame: &mut ratatui::Frame, area: Rect, input: &TextInput, style: Style, focused: bool) {
        if area.width < 2 {
            return;
        }
        let area = self.layer_tag(frame.buffer_mut(), area, focused).unwrap_or(area);
        let width = area.width as usize - 1;
        let buf = frame.buffer_mut();
        buf.set_style(area, style);
        let dir = self.input_dir(input, focused);
        let lines = text::layout(input.text(), dir, usize::MAX, self.mode);
        let Some(line) = lines.first() else { return };
        let styles = vec![style; text::graphemes(input.text()).len()];
        if !focused {
            // No cursor to keep room for: the whole field shows the value.
            let field = area.width as usize;
            let cut = (line.width > field).then(|| self.cut_line(input.text(), dir, line, &styles, field));
            let (line, styles) = cut.as_ref().map_or((line, styles.as_slice()), |(l, s)| (l, s.as_slice()));
            let x = if line.rtl { field as isize - line.width as isize } else { 0 };
            self.draw_line(buf, area, area.y, x, line, styles);
            return;
        }
        let mut scroll = text::keep_visible(line, input.cursor(), width, 0);
        let hidden = |scroll: usize| {
            let x = text::line_x(line, width, scroll);
            (x < 0, x + line.width as isize > area.width as isize)
        };
        // The cursor never stands on a `…`: the view moves one column away from a hidden side.
        let col = text::cursor_col(line, input.cursor(), width, scroll);
        let (left, right) = hidden(scroll);
        if left && col == Some(0) {
            scroll = scroll.saturating_sub(1);
        } else if right && col == Some(width) {
            scroll += 1;
        }
        let col = text::cursor_col(line, input.cursor(), width, scroll);
        let (left, right) = hidden(scroll);
        let left = left && col != Some(0);
        let right = right && col != Some(width);
        // The text is drawn between the marks, so no cell (a wide one) is half covered.
        let inner = Rect {
            x: area.x + u16::from(left),
            width: area.width - u16::from(left) - u16::from(right && area.width > 1),
            ..area
        };
        self.draw_line(buf, inner, area.y, text::line_x(line, width, scroll) - isize::from(left), line, &styles);
        // Not underlined, as at the end of every cut line: the text stops there.
        let mark = style.remove_modifier(Modifier::UNDERLINED);
        if left {
            buf.set_stringn(area.x, area.y, ELLIPSIS, 1, mark);
        }
        if right {
            buf.set_stringn(area.right() - 1, area.y, ELLIPSIS, 1, mark);
        }
        if let Some(col) = col {
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
        // The tag takes the last row, so the lines keep the width `update` moves over.
        let tag_row = Rect { y: area.bottom() - 1, height: 1, ..area };
        let tagged = area.height > 1 && self.layer_tag(buf, tag_row, focused).is_some();
        let area = if tagged { Rect { height: area.height - 1, ..area } } else { area };
        let lines = text::layout(input.text(), self.input_dir(input, focused), width, self.mode);
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
    /// Draws the Arabic-layer tag at the far end of `row` (the right, or the left in an Arabic
    /// interface) when the focused input types through that layer, in the key style so it
    /// shows in monochrome; returns what is left of `row` for the text, None when no tag.
    fn layer_tag(&self, buf: &mut Buffer, row: Rect, focused: bool) -> Option<Rect> {
        let tag = format!(" {} ", self.arabic_layer.filter(|_| focused)?);
        let tag_width = text::layout(&tag, Dir::Ltr, usize::MAX, self.mode).first().map_or(3, |l| l.width) as u16;
        if row.width < tag_width + 4 {
            return None;
        }
        let rest = row.width - tag_width;
        let (tag_area, text_area) = if self.rtl {
            (Rect { width: tag_width, ..row }, Rect { x: row.x + tag_width, width: rest, ..row })
        } else {
            (Rect { x: row.x + rest, width: tag_width, ..row }, Rect { width: rest, ..row })
        };
        buf.set_style(tag_area, theme::key());
        self.text(buf, tag_area, &tag, theme::key(), Dir::Ltr);
        Some(text_area)
    }

    /// The direction `input` is laid out in. An empty field whose direction follows its text
    /// takes the interface's, or right to left when the next key types Arabic, so its cursor
    /// waits where the first letter will appear.
    fn input_dir(&self, input: &TextInput, focused: bool) -> Dir {
        match input.dir() {
            Dir::Auto if input.text().is_empty() && (self.rtl || (focused && self.arabic_layer.is_some())) => Dir::Rtl,
            dir => dir,
        }
    }

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

#[cfg(test)]
mod tests {
    use ratatui::widgets::Widget;

    use super::*;

    fn row(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect()
    }

    #[test]
    fn a_cut_line_ends_in_an_ellipsis_on_its_reading_side() {
        let painter = Painter { mode: BidiMode::App, rtl: false, arabic_layer: None };
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        painter.text(&mut buf, area, "Mohamed Abderrahmane", Style::new(), Dir::Ltr);
        assert_eq!(row(&buf, 0), "Mohamed …   ");
        let mut buf = Buffer::empty(area);
        painter.text(&mut buf, area, "محمد عبد الرحمن", Style::new(), Dir::Rtl);
        let shown = row(&buf, 0);
        assert!(shown.trim_start().starts_with('…'), "{shown:?}");
        // What fits is not marked.
        let mut buf = Buffer::empty(area);
        painter.text(&mut buf, area, "Mohamed", Style::new(), Dir::Ltr);
        assert!(!row(&buf, 0).contains('…'));
    }

    #[test]
    fn a_line_end_sits_at_the_interfaces_far_side_whatever_the_texts_direction() {
        for (ui_rtl, text) in
            [(false, "Ilyas Benali"), (false, "سارة بن علي"), (true, "Ilyas Benali"), (true, "سارة بن علي")]
        {
            let painter = Painter { mode: BidiMode::App, rtl: ui_rtl, arabic_layer: None };
            let area = Rect::new(0, 0, 20, 1);
            let mut buf = Buffer::empty(area);
            painter.line_end(&mut buf, area, &[(text, Style::new())], Dir::Auto);
            let shown = row(&buf, 0);
            let at_right = shown.ends_with(|c: char| c != ' ') && shown.starts_with(' ');
            assert_eq!(at_right, !ui_rtl, "{text:?} in an interface rtl={ui_rtl}: {shown:?}");
        }
    }

    /// `pieces` drawn by `painter` on one row `width` wide, in direction `dir`.
    fn drawn(painter: Painter, width: u16, text: &str, dir: Dir) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        painter.text(&mut buf, area, text, Style::new(), dir);
        row(&buf, 0)
    }

    // Reorder mode draws letters unshaped, so what is shown can be spelled out in the tests.
    const LTR_UI: Painter = Painter { mode: BidiMode::Reorder, rtl: false, arabic_layer: None };
    const RTL_UI: Painter = Painter { mode: BidiMode::Reorder, rtl: true, arabic_layer: None };

    #[test]
    fn a_cut_keeps_the_first_letter_of_a_left_to_right_value_in_a_right_to_left_line() {
        // The reviewer's case: the A was dropped and `…` put before the B.
        let app = Painter { mode: BidiMode::App, rtl: true, arabic_layer: None };
        let value = crate::i18n::isolate("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assert_eq!(drawn(app, 20, &value, Dir::Rtl), "ABCDEFGHIJKLMNOPQRS…");
        // On the last row of a paragraph, inside a value opened on the row before: the value's
        // direction still holds, `…` at the value's end.
        let text = crate::i18n::fill("ملف {n}", &[("n", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")]);
        let area = Rect::new(0, 0, 10, 2);
        let mut buf = Buffer::empty(area);
        RTL_UI.paragraph(&mut buf, area, &[(&text, Style::new())], Dir::Rtl);
        assert_eq!((row(&buf, 0), row(&buf, 1)), ("       فلم".to_string(), "ABCDEFGHI…".to_string()));
    }

    #[test]
    fn a_cut_keeps_the_first_letter_of_a_right_to_left_value_in_a_left_to_right_line() {
        let line = crate::i18n::fill("{n} (name)", &[("n", "سعيدبنأحمدالطويل")]);
        // The first letters, read from the right, `…` on their left where they read on.
        assert_eq!(drawn(LTR_UI, 10, &line, Dir::Ltr), "…محأنبديعس");
    }

    #[test]
    fn a_word_wider_than_the_row_begins_on_it() {
        // A file number after its label is broken on the label's row rather than moved to a
        // row that is not shown; a word that would fit a row of its own still moves.
        let line = crate::i18n::fill("الملف: {n}", &[("n", "Q-7/2-ABCDEFGHIJKLMNOP")]);
        assert_eq!(drawn(RTL_UI, 20, &line, Dir::Rtl), "Q-7/2-ABCDEF… :فلملا");
        let line = crate::i18n::fill("File: {n}", &[("n", "Q-7/2-ABCDEFGHIJKLMNOP")]);
        assert_eq!(drawn(LTR_UI, 20, &line, Dir::Ltr), "File: Q-7/2-ABCDEFG…");
        assert_eq!(drawn(LTR_UI, 20, "File: Q-7/2-ABCDEFGHIJKL", Dir::Ltr), "File: …             ");
    }

    #[test]
    fn a_cut_of_one_direction_keeps_the_start() {
        // Pure right to left: the first letters on the right, `…` on the left.
        assert_eq!(drawn(RTL_UI, 8, "سعيدبنأحمدالطويل", Dir::Rtl), "…أنبديعس");
        // Pure left to right.
        assert_eq!(drawn(LTR_UI, 8, "ABCDEFGHIJKL", Dir::Ltr), "ABCDEFG…");
        // Mixed, no isolate: a right-to-left line starting with a Latin word broken mid-word.
        let shown = drawn(RTL_UI, 10, "Q-7/2-ABCDEFGHIJسعيد", Dir::Rtl);
        assert!(shown.contains("Q-7/2-ABC"), "{shown:?}");
        assert!(shown.contains('…'), "{shown:?}");
        // Mixed, Arabic first in a left-to-right line.
        let shown = drawn(LTR_UI, 10, "سعيدبنأحمدABC", Dir::Ltr);
        assert!(shown.contains("حأنبديعس"), "{shown:?}");
        assert!(shown.contains('…'), "{shown:?}");
    }

    #[test]
    fn a_cut_before_a_wide_character_leaves_it_whole_or_out() {
        // 漢 takes two columns: it does not fit beside `…`, and is never half drawn.
        assert_eq!(drawn(LTR_UI, 10, "ABCDEFGH漢字", Dir::Ltr), "ABCDEFGH… ");
        let value = crate::i18n::isolate("ABCDEFGH漢字ABC");
        assert_eq!(drawn(RTL_UI, 10, &value, Dir::Rtl), " ABCDEFGH…");
    }

    /// `input` drawn by `painter` in a field `width` wide: the row and the cursor's column.
    fn input_row(painter: Painter, width: u16, input: &TextInput, focused: bool) -> (String, Option<u16>, Buffer) {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 1)).unwrap();
        let mut cursor = None;
        terminal
            .draw(|frame| {
                painter.input(frame, frame.area(), input, theme::input(focused), focused);
            })
            .unwrap();
        if focused {
            cursor = Some(terminal.get_cursor_position().unwrap().x);
        }
        let buf = terminal.backend().buffer().clone();
        (row(&buf, 0), cursor, buf)
    }

    #[test]
    fn an_input_wider_than_its_field_is_marked_where_it_is_cut() {
        // Right to left, unfocused: its first letters on the right, `…` on the left, not
        // underlined like the text: the text stops there, in monochrome too.
        let input = TextInput::with_dir("سعيدبنأحمدالطويل", Dir::Rtl);
        let (shown, _, buf) = input_row(RTL_UI, 8, &input, false);
        assert_eq!(shown, "…أنبديعس");
        assert!(!buf[(0, 0)].style().add_modifier.contains(Modifier::UNDERLINED));
        assert!(buf[(1, 0)].style().add_modifier.contains(Modifier::UNDERLINED));
        // Focused, the cursor at the end (on the left): the hidden start is marked on the
        // right, and the cursor is not on a mark.
        let (shown, cursor, _) = input_row(RTL_UI, 8, &input, true);
        assert!(shown.ends_with('…'), "{shown:?}");
        assert!(shown.contains("ليوطلا"), "{shown:?}");
        assert_ne!(cursor, Some(7));
        // Left to right with the cursor in the middle: both sides hidden, both marked.
        let mut input = TextInput::with_dir("ABCDEFGHIJKLMNOPQRSTUVWXYZ", Dir::Ltr);
        input.set_cursor(13);
        let (shown, cursor, buf) = input_row(LTR_UI, 8, &input, true);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown:?}");
        assert!(!buf[(7, 0)].style().add_modifier.contains(Modifier::UNDERLINED));
        assert!(shown.contains('N'), "{shown:?}");
        assert!(cursor.is_some_and(|c| (1..7).contains(&c)), "{cursor:?}");
        // What fits is not marked.
        let (shown, _, _) = input_row(LTR_UI, 8, &TextInput::with_dir("ABCDEF", Dir::Ltr), false);
        assert_eq!(shown, "ABCDEF  ");
    }

    #[test]
    fn a_long_block_title_ends_in_an_ellipsis() {
        let painter = Painter { mode: BidiMode::App, rtl: false, arabic_layer: None };
        let area = Rect::new(0, 0, 20, 3);
        let mut buf = Buffer::empty(area);
        painter.block_in("Why does the participant want to join?", area.width).render(area, &mut buf);
        let top = row(&buf, 0);
        assert!(top.contains('…'), "{top:?}");
    }

    #[test]
    fn isolates_order_a_value_and_are_not_drawn() {
        let painter = Painter { mode: BidiMode::App, rtl: true, arabic_layer: None };
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        let text = crate::i18n::fill("المخزن: {path}", &[("path", "/tmp/ux/s2")]);
        painter.ui_text(&mut buf, area, &text, Style::new());
        let shown = row(&buf, 0);
        assert!(shown.contains("/tmp/ux/s2 :"), "{shown:?}");
        assert!(!shown.contains(crate::text::layout::INVISIBLE_MARKER), "{shown:?}");
    }
}
