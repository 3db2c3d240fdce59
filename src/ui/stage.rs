//! The change-of-stage form: the new stage, the date it took effect and why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::Painter;
use super::record::{IDENTITY_HEIGHT, identity, stage_name};
use super::theme;
use crate::app::{AppState, StageFocus, StageForm};
use crate::i18n::T;
use crate::store::Stage;

pub fn draw(state: &AppState, painter: &Painter, form: &StageForm, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [head, body] = Layout::vertical([Constraint::Length(IDENTITY_HEIGHT), Constraint::Fill(1)]).areas(area);
    identity(state, painter, &form.record, frame, head);
    let title = if form.correcting.is_some() { T::StageFixTitle } else { T::StageTitle };
    let block = painter.block(title.get(lang));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let [stages, _, date, reason, _, error] = Layout::vertical([
        Constraint::Length(Stage::ALL.len() as u16 + 1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let buf = frame.buffer_mut();
    let title_style = if form.focus == StageFocus::Stage { theme::heading() } else { Style::new() };
    painter.ui_text(buf, Rect { height: 1, ..stages }, T::StageNew.get(lang), title_style);
    let names: Vec<String> = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = if i == form.stage { "(•)" } else { "( )" };
            let current = if *s == form.record.summary.stage { painter.back_arrow() } else { "" };
            format!("  {}. {mark} {}{current}", i + 1, stage_name(*s).get(lang))
        })
        .collect();
    let items: Vec<Vec<(&str, Style)>> = names.iter().map(|n| vec![(n.as_str(), Style::new())]).collect();
    let list = Rect { y: stages.y + 1, height: stages.height - 1, ..stages };
    painter.list(buf, list, &items, painter.ui_dir(), (form.focus == StageFocus::Stage).then_some(form.stage));
    let active = state.overlay.is_none();
    for (area, label, input, at) in
        [(date, T::StageDate, &form.date, StageFocus::Date), (reason, T::StageReason, &form.reason, StageFocus::Reason)]
    {
        let focused = form.focus == at;
        let columns = painter.columns(area, &[Constraint::Length(34), Constraint::Fill(1)]);
        let style = if focused { theme::heading() } else { Style::new() };
        painter.ui_text(frame.buffer_mut(), columns[0], label.get(lang), style);
        painter.input(frame, columns[1], input, theme::input(focused && active), focused && active);
    }
    if let Some(refusal) = &form.error {
        // Wrapped: a correction's refusals say what may still be corrected, longer than a line.
        let text = refusal.text(lang);
        painter.paragraph(frame.buffer_mut(), error, &[(&text, theme::error())], painter.ui_dir());
    }
    if let Some(fix) = form.correcting.as_ref().filter(|f| f.asking) {
        crate::ui::reason_box(state, painter, (T::CorrReasonLabel, T::StageFixAsk), &fix.reason, frame, body);
    }
}
