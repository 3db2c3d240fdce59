//! The registration form, and the first-run question for the interviewer's name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{theme, widgets};
use crate::app::{AppState, Register, RegisterField, TextInput};
use crate::i18n::T;

pub fn draw(state: &AppState, reg: &Register, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = theme::block(T::RegisterTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width =
        RegisterField::ALL.iter().map(|f| widgets::width(f.label().get(lang))).max().unwrap_or(20) as u16 + 4;
    let label_width = label_width.min(inner.width * 3 / 5);
    let rows = Layout::vertical(RegisterField::ALL.map(|_| Constraint::Length(2))).split(inner);
    for (i, field) in RegisterField::ALL.iter().enumerate() {
        let focused = reg.focus == i;
        let [line, error] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(rows[i]);
        let [label, input] = Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(line);
        let marker = if focused { "▶ " } else { "  " };
        let style = if focused { theme::heading() } else { Default::default() };
        let text = Line::from(vec![
            Span::styled(marker, style),
            Span::styled(field.label().get(lang), style),
            Span::styled(format!(" {}", T::RequiredMark.get(lang)), theme::hint()),
        ]);
        frame.render_widget(Paragraph::new(text), label);
        widgets::input_line(frame, input, &reg.inputs[i], focused && state.overlay.is_none());
        if let Some(refusal) = &reg.errors[i] {
            let [_, message] = Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(error);
            frame.render_widget(Paragraph::new(refusal.text(lang)).style(theme::error()), message);
        }
    }
}

pub fn first_run(state: &AppState, input: &TextInput, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = theme::block(T::FirstRunTitle.get(lang));
    let inner = widgets::centered(area, 70, 6);
    let content = block.inner(inner);
    frame.render_widget(block, inner);
    let [question, _, answer] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1)]).areas(content);
    frame.render_widget(Paragraph::new(T::FirstRunAsk.get(lang)), question);
    widgets::input_line(frame, answer, input, state.overlay.is_none());
}
