//! The participant record: identity and the interviews taken so far.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{theme, widgets};
use crate::app::{AppState, Record};
use crate::form::format_date;
use crate::i18n::T;
use crate::store::Status;

pub fn draw(state: &AppState, record: &Record, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let p = &record.participant;
    let [identity, list] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let block = theme::block(T::RecordTitle.get(lang));
    let field = |label: T, value: String| {
        Line::from(vec![Span::styled(format!("{}: ", label.get(lang)), theme::hint()), Span::raw(value)])
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(p.name_ar.clone(), theme::heading()),
            Span::raw("  ·  "),
            Span::styled(p.name_latin.clone(), theme::heading()),
        ]),
        Line::from(vec![
            Span::styled(format!("{}: ", T::ColFileNo.get(lang)), theme::hint()),
            Span::raw(p.file_number.clone()),
            Span::raw("   "),
            Span::styled(format!("{}: ", T::RecordBorn.get(lang)), theme::hint()),
            Span::raw(format_date(p.date_of_birth)),
        ]),
        Line::from(
            [
                field(T::RecordFacility, p.facility.clone()).spans,
                vec![Span::raw("   ")],
                field(T::RecordEntered, format_date(p.entry_date)).spans,
            ]
            .concat(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), identity);

    let block = theme::block(T::RecordInterviews.get(lang));
    if record.interviews.is_empty() {
        let inner = block.inner(list);
        frame.render_widget(block, list);
        frame.render_widget(
            Paragraph::new(T::RecordNoInterviews.get(lang)).wrap(Wrap { trim: true }),
            widgets::centered(inner, 64, 3),
        );
        return;
    }
    let header = Row::new([T::ColForm, T::ColDate, T::ColStatus, T::ColInterviewer].map(|t| Cell::from(t.get(lang))))
        .style(theme::heading());
    let rows = record.interviews.iter().map(|i| {
        let form =
            state.forms.iter().find(|f| f.id == i.form_id).map_or(i.form_id.clone(), |f| f.title.get(lang).to_string());
        let status = match i.status {
            Status::Draft => T::StatusDraft,
            Status::Final => T::StatusFinal,
        };
        Row::new([form, format_date(i.shown_date()), status.get(lang).to_string(), i.interviewer.clone()])
    });
    let widths = [Constraint::Fill(3), Constraint::Length(12), Constraint::Length(12), Constraint::Fill(2)];
    let table = Table::new(rows, widths).header(header).block(block).row_highlight_style(theme::selected());
    let mut table_state = TableState::new().with_selected(Some(record.selected));
    frame.render_stateful_widget(table, list, &mut table_state);
}
