//! The participant record: identity and the interviews taken so far.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::paint::Painter;
use super::{theme, widgets};
use crate::app::{AppState, Record};
use crate::form::format_date;
use crate::i18n::T;
use crate::store::Status;
use crate::text::Dir;

pub fn draw(state: &AppState, painter: &Painter, record: &Record, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let p = &record.participant;
    let [identity, list] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let block = painter.block(T::RecordTitle.get(lang));
    let inner = block.inner(identity);
    frame.render_widget(block, identity);
    let rows = Layout::vertical([Constraint::Length(1); 3]).split(inner);
    let buf = frame.buffer_mut();
    let names = painter.columns(rows[0], &[Constraint::Fill(1), Constraint::Fill(1)]);
    painter.text(buf, names[0], &p.name_ar, theme::heading(), Dir::Rtl);
    painter.text(buf, names[1], &p.name_latin, theme::heading(), Dir::Ltr);
    let label = |t: T| format!("{}: ", t.get(lang));
    let (file, born, facility, entered) =
        (label(T::ColFileNo), label(T::RecordBorn), label(T::RecordFacility), label(T::RecordEntered));
    let cols = painter.columns(rows[1], &[Constraint::Fill(1), Constraint::Fill(1)]);
    painter.line(buf, cols[0], &[(&file, theme::hint()), (&p.file_number, Default::default())], painter.ui_dir());
    let dob = format_date(p.date_of_birth);
    painter.line(buf, cols[1], &[(&born, theme::hint()), (&dob, Default::default())], painter.ui_dir());
    let cols = painter.columns(rows[2], &[Constraint::Fill(1), Constraint::Fill(1)]);
    painter.line(buf, cols[0], &[(&facility, theme::hint()), (&p.facility, Default::default())], painter.ui_dir());
    let entry = format_date(p.entry_date);
    painter.line(buf, cols[1], &[(&entered, theme::hint()), (&entry, Default::default())], painter.ui_dir());

    let block = painter.block(T::RecordInterviews.get(lang));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    if record.interviews.is_empty() {
        let text_area = widgets::centered(inner, 64, 3);
        let message = [(T::RecordNoInterviews.get(lang), theme::heading())];
        painter.paragraph(frame.buffer_mut(), text_area, &message, painter.ui_dir());
        return;
    }
    let header = [T::ColForm, T::ColDate, T::ColStatus, T::ColInterviewer].map(|t| t.get(lang));
    let rows: Vec<Vec<(String, Dir)>> = record
        .interviews
        .iter()
        .map(|i| {
            let form = state
                .forms
                .iter()
                .find(|f| f.id == i.form_id)
                .map_or(i.form_id.clone(), |f| f.title.get(lang).to_string());
            let status = match i.status {
                Status::Draft => T::StatusDraft,
                Status::Final => T::StatusFinal,
            };
            vec![
                (form, painter.ui_dir()),
                (format_date(i.shown_date()), Dir::Ltr),
                (status.get(lang).to_string(), painter.ui_dir()),
                (i.interviewer.clone(), Dir::Auto),
            ]
        })
        .collect();
    let widths = [Constraint::Fill(3), Constraint::Length(12), Constraint::Length(12), Constraint::Fill(2)];
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, Some(record.selected));
}
