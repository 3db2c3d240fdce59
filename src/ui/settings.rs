//! The display-mode chooser: the same sample line drawn in each mode, so the interviewer picks
//! the one that reads right on this terminal without knowing what bidi is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::Painter;
use super::theme;
use crate::app::Action;
use crate::app::AppState;
use crate::app::keymap::Context;
use crate::i18n::T;
use crate::text::{BidiMode, Dir};

pub fn draw(state: &AppState, painter: &Painter, selected: usize, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = painter.block(T::SettingsTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro, modes] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
    let buf = frame.buffer_mut();
    let key = crate::app::keymap::key_for(Context::Settings, Action::Open, state.lang);
    let text = T::SettingsIntro.fill(lang, &[("key", &key)]);
    painter.paragraph(buf, intro, &[(text.as_str(), theme::heading())], painter.ui_dir());
    for (i, mode) in BidiMode::ALL.iter().enumerate() {
        let top = modes.y + 5 * i as u16;
        if top + 4 > modes.bottom() {
            break;
        }
        let name = match mode {
            BidiMode::App => T::ModeApp,
            BidiMode::Reorder => T::ModeReorder,
            BidiMode::Terminal => T::ModeTerminal,
        };
        let title = Rect { y: top, height: 2, ..modes };
        let in_use = if *mode == state.bidi { format!("[{}] ", T::ModeInUse.get(lang)) } else { String::new() };
        let marker = if i == selected { painter.pointer() } else { "  " };
        let style = if i == selected { theme::selected() } else { theme::heading() };
        let pieces = [(marker, style), (in_use.as_str(), style), (name.get(lang), style)];
        painter.paragraph(buf, title, &pieces, painter.ui_dir());
        // The sample is drawn by a painter in the mode it illustrates, as that mode would send it.
        let sample = Painter { mode: *mode, rtl: true, arabic_layer: None };
        let sample_row = Rect { x: modes.x + 4, y: top + 2, width: modes.width.saturating_sub(8), height: 1 };
        sample.text(buf, sample_row, T::SettingsSample.get(lang), Style::new(), Dir::Rtl);
    }
}
