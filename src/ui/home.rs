//! Home: the participants, most recent activity first, with a `/` filter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::paint::Painter;
use super::{theme, widgets};
use crate::app::{AppState, Home};
use crate::form::format_date;
use crate::i18n::T;
use crate::text::Dir;

pub fn draw(state: &AppState, painter: &Painter, home: &Home, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let show_filter = home.filtering || !home.filter.is_empty();
    let [list_area, filter_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(if show_filter { 1 } else { 0 })]).areas(area);
    let block = painter.block(T::HomeTitle.get(lang));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let visible = home.visible();
    if visible.is_empty() {
        let message = if home.rows.is_empty() { T::HomeEmpty } else { T::HomeNoMatch };
        let text_area = widgets::centered(inner, 64, 3);
        painter.paragraph(frame.buffer_mut(), text_area, &[(message.get(lang), theme::heading())], painter.ui_dir());
    } else {
        let header = [T::ColNameAr, T::ColNameLatin, T::ColFileNo, T::ColLastInterview].map(|t| t.get(lang));
        let rows: Vec<Vec<(String, Dir)>> = visible
            .iter()
            .map(|r| {
                let p = &r.participant;
                let last = r.last_interview.map(format_date).unwrap_or_else(|| T::NoAnswer.get(lang).to_string());
                vec![
                    (p.name_ar.clone(), Dir::Rtl),
                    (p.name_latin.clone(), Dir::Ltr),
                    (p.file_number.clone(), Dir::Ltr),
                    (last, Dir::Ltr),
                ]
            })
            .collect();
        let widths = [Constraint::Fill(3), Constraint::Fill(3), Constraint::Length(14), Constraint::Length(15)];
        painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, Some(home.selected));
    }
    if show_filter {
        let prompt = T::FilterPrompt.get(lang);
        let prompt_width = painter.visual(prompt, painter.ui_dir()).chars().count() as u16;
        let columns = painter.columns(filter_area, &[Constraint::Length(prompt_width), Constraint::Fill(1)]);
        painter.ui_text(frame.buffer_mut(), columns[0], prompt, theme::heading());
        painter.input(frame, columns[1], &home.filter, theme::input(home.filtering), home.filtering);
    }
}
