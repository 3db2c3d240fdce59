//! Pieces shared by the screens: measuring text, centring a box, and drawing a text input with
//! its cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::app::TextInput;

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A box of at most `w` x `h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Draws a one-line input into `area`, scrolled so the cursor stays visible, and places the
/// terminal cursor when focused.
pub fn input_line(frame: &mut Frame, area: Rect, input: &TextInput, focused: bool) {
    if area.width == 0 {
        return;
    }
    let graphemes: Vec<&str> = input.text().graphemes(true).collect();
    let cursor_col: usize = graphemes[..input.cursor()].iter().map(|g| width(g)).sum();
    let room = area.width as usize - 1;
    let scroll = cursor_col.saturating_sub(room);
    let mut col = 0;
    let mut shown = String::new();
    for g in &graphemes {
        let w = width(g);
        if col >= scroll && col + w <= scroll + area.width as usize {
            shown.push_str(g);
        }
        col += w;
    }
    frame.render_widget(Paragraph::new(Line::from(shown)).style(theme::input(focused)), area);
    if focused {
        frame.set_cursor_position(Position { x: area.x + (cursor_col - scroll) as u16, y: area.y });
    }
}

/// Draws a multi-line notes input, one text line per row, scrolled to keep the cursor's row
/// visible.
pub fn input_notes(frame: &mut Frame, area: Rect, input: &TextInput, focused: bool) {
    let before: String = input.text().graphemes(true).take(input.cursor()).collect();
    let cursor_row = before.matches('\n').count();
    let cursor_col = width(before.rsplit('\n').next().unwrap_or(""));
    let rows = area.height as usize;
    let scroll = (cursor_row + 1).saturating_sub(rows);
    let lines: Vec<Line> =
        input.text().split('\n').skip(scroll).take(rows).map(|l| Line::from(l.to_string())).collect();
    frame.render_widget(Paragraph::new(lines).style(theme::input(focused)), area);
    if focused {
        let x = area.x + (cursor_col as u16).min(area.width.saturating_sub(1));
        frame.set_cursor_position(Position { x, y: area.y + (cursor_row - scroll) as u16 });
    }
}
