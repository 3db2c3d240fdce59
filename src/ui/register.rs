//! The registration form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::paint::Painter;
use super::theme;
use crate::app::{AppState, Register, RegisterField};
use crate::i18n::T;

pub fn draw(state: &AppState, painter: &Painter, reg: &Register, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let title = if reg.editing.is_some() { T::EditTitle } else { T::RegisterTitle };
    let block = painter.block(title.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width =
        RegisterField::ALL.iter().map(|f| painter.width(f.label().get(lang), painter.ui_dir())).max().unwrap_or(20)
            as u16
            + 4;
    let label_width = label_width.min(inner.width * 3 / 5);
    let [fields, reason_area] = Layout::vertical([Constraint::Length(12), Constraint::Fill(1)]).areas(inner);
    let rows = Layout::vertical(RegisterField::ALL.map(|_| Constraint::Length(2))).split(fields);
    let asks_reason = reg.asks_reason();
    for (i, field) in RegisterField::ALL.iter().enumerate() {
        let focused = reg.focus as usize == i && !asks_reason;
        let [line, error] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(rows[i]);
        let columns = painter.columns(line, &[Constraint::Length(label_width), Constraint::Fill(1)]);
        let style = if focused { theme::heading() } else { Default::default() };
        let marker = if focused { painter.pointer() } else { "  " };
        let pieces = [(marker, style), (field.label().get(lang), style), (" *", theme::hint())];
        painter.line(frame.buffer_mut(), columns[0], &pieces, painter.ui_dir());
        let active = focused && state.overlay.is_none();
        painter.input(frame, columns[1], &reg.inputs[i], theme::input(active), active);
        if let Some(refusal) = &reg.errors[i] {
            let message = Rect { x: error.x + 2, width: error.width.saturating_sub(4), ..error };
            painter.ui_text(frame.buffer_mut(), message, &refusal.text(lang), theme::error());
        }
    }
    if let Some(editing) = reg.editing.as_deref().filter(|_| asks_reason) {
        draw_reason(state, painter, editing, label_width, frame, reason_area);
    } else if let Some(conflict) = reg.editing.as_deref().and_then(|e| e.conflict.as_deref()) {
        let area = Rect { x: reason_area.x + 2, width: reason_area.width.saturating_sub(4), ..reason_area };
        painter.paragraph(frame.buffer_mut(), area, &[(conflict, theme::error())], painter.ui_dir());
    }
}

/// The reason of a correction, asked under the form once its details passed every check.
fn draw_reason(
    state: &AppState,
    painter: &Painter,
    editing: &crate::app::Editing,
    label_width: u16,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let [line, ask] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let columns = painter.columns(line, &[Constraint::Length(label_width), Constraint::Fill(1)]);
    let style = theme::heading();
    let pieces = [(painter.pointer(), style), (T::CorrReasonLabel.get(lang), style), (" *", theme::hint())];
    painter.line(frame.buffer_mut(), columns[0], &pieces, painter.ui_dir());
    let active = state.overlay.is_none();
    painter.input(frame, columns[1], &editing.reason, theme::input(active), active);
    let message = Rect { x: ask.x + 2, width: ask.width.saturating_sub(4), ..ask };
    painter.ui_text(frame.buffer_mut(), message, &crate::ui::reason_hint(lang), theme::hint());
}
