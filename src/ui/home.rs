//! Home: the participants, most recent activity first, with a `/` filter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{theme, widgets};
use crate::app::{AppState, Home};
use crate::form::format_date;
use crate::i18n::T;

pub fn draw(state: &AppState, home: &Home, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let show_filter = home.filtering || !home.filter.is_empty();
    let [list_area, filter_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(if show_filter { 1 } else { 0 })]).areas(area);
    let block = theme::block(T::HomeTitle.get(lang));
    let visible = home.visible();
    if visible.is_empty() {
        let message = if home.rows.is_empty() { T::HomeEmpty } else { T::HomeNoMatch };
        let inner = block.inner(list_area);
        frame.render_widget(block, list_area);
        frame.render_widget(
            Paragraph::new(message.get(lang)).wrap(Wrap { trim: true }),
            widgets::centered(inner, 60, 3),
        );
    } else {
        let header = Row::new(
            [T::ColNameAr, T::ColNameLatin, T::ColFileNo, T::ColLastInterview].map(|t| Cell::from(t.get(lang))),
        )
        .style(theme::heading());
        let rows = visible.iter().map(|r| {
            let p = &r.participant;
            Row::new([
                p.name_ar.clone(),
                p.name_latin.clone(),
                p.file_number.clone(),
                r.last_interview.map(format_date).unwrap_or_else(|| T::NoAnswer.get(lang).to_string()),
            ])
        });
        let widths = [Constraint::Fill(3), Constraint::Fill(3), Constraint::Length(14), Constraint::Length(15)];
        let table = Table::new(rows, widths).header(header).block(block).row_highlight_style(theme::selected());
        let mut table_state = TableState::new().with_selected(Some(home.selected));
        frame.render_stateful_widget(table, list_area, &mut table_state);
    }
    if show_filter {
        let prompt = T::FilterPrompt.get(lang);
        let [p, input] = Layout::horizontal([Constraint::Length(widgets::width(prompt) as u16), Constraint::Fill(1)])
            .areas(filter_area);
        frame.render_widget(Paragraph::new(Line::from(prompt)), p);
        widgets::input_line(frame, input, &home.filter, home.filtering);
    }
}
