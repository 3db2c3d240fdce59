//! The help overlay: the keys of the screen underneath, generated from the keymap, and where
//! the store lives.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{theme, widgets};
use crate::app::{AppState, keymap};
use crate::i18n::T;

pub fn draw(state: &AppState, scroll: usize, frame: &mut Frame, body: Rect) {
    let lang = state.lang;
    let entries = keymap::help_entries(state.screen_context());
    let key_width = entries.iter().map(|(k, _)| widgets::width(k)).max().unwrap_or(4).min(30);
    let mut lines: Vec<Line> = entries
        .iter()
        .map(|(keys, help)| {
            Line::from(vec![
                Span::styled(format!("{keys:>key_width$}"), theme::heading()),
                Span::raw("  "),
                Span::raw(help.get(lang)),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(T::HelpStore.fill(lang, &[("path", &state.store_path)])));
    lines.push(Line::from(Span::styled(T::HelpClose.get(lang), theme::hint())));
    let area = widgets::centered(body, body.width.saturating_sub(4), body.height);
    let room = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(room));
    frame.render_widget(Clear, area);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible).block(theme::dialog_block(T::HelpTitle.get(lang))), area);
}
