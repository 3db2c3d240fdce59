//! Geometry shared by the screens.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Display width in terminal cells of text that needs no shaping (key names, digits).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A box of at most `w` x `h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}
