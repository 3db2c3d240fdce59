//! The help overlay: the keys of the screen underneath, generated from the keymap, and where
//! the store lives.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::Clear;

use super::paint::Painter;
use super::{theme, widgets};
use crate::app::Action;
use crate::app::keymap::Context;
use crate::app::{AppState, keymap};
use crate::i18n::T;
use crate::text::Dir;

pub fn draw(state: &AppState, painter: &Painter, scroll: usize, frame: &mut Frame, body: Rect) {
    let lang = state.lang;
    let entries = keymap::help_entries(state.screen_context(), lang, crate::app::rights::role_of(state));
    let key_width = entries.iter().map(|(k, _)| widgets::width(k)).max().unwrap_or(4).min(30) as u16;
    let area = widgets::centered(body, body.width.saturating_sub(4), body.height);
    frame.render_widget(Clear, area);
    let block = painter.block(T::HelpTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let store = T::HelpStore.fill(lang, &[("path", &state.store_path)]);
    let backups = T::HelpBackupDir.fill(lang, &[("path", &state.backup_dir)]);
    let last = match &state.last_backup {
        Some(mark) => {
            let when = mark.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
            // Its name alone when it is in the directory shown above, else its whole path.
            let path = std::path::Path::new(&mark.path);
            let name = match (path.parent(), path.file_name()) {
                (Some(parent), Some(name)) if parent == std::path::Path::new(&state.backup_dir) => {
                    name.to_string_lossy().into_owned()
                }
                _ => mark.path.clone(),
            };
            T::HelpBackupLast.fill(lang, &[("when", &when), ("name", &name)])
        }
        None => T::HelpBackupNone.get(lang).to_string(),
    };
    let rows = entries.len() + 5;
    let scroll = scroll.min(rows.saturating_sub(inner.height as usize));
    let buf = frame.buffer_mut();
    for (i, y) in (scroll..rows).zip(inner.y..inner.bottom()) {
        let row = Rect { y, height: 1, ..inner };
        if let Some((keys, help)) = entries.get(i) {
            let columns = painter.columns(row, &[Constraint::Length(key_width), Constraint::Fill(1)]);
            painter.text(buf, columns[0], keys, theme::heading(), Dir::Ltr);
            painter.ui_text(buf, columns[1], super::key_word(state, *help).get(lang), Style::new());
        } else if i == entries.len() + 1 {
            painter.ui_text(buf, row, &store, Style::new());
        } else if i == entries.len() + 2 {
            painter.ui_text(buf, row, &backups, Style::new());
        } else if i == entries.len() + 3 {
            painter.ui_text(buf, row, &last, Style::new());
        } else if i == entries.len() + 4 {
            let key = |action| crate::app::keymap::key_for(Context::Help, action, lang);
            let close = T::HelpClose.fill(lang, &[("back", &key(Action::Back)), ("help", &key(Action::Help))]);
            painter.ui_text(buf, row, &close, theme::hint());
        }
    }
}
