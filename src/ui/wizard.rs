//! The interview wizard: one section per page with the focused question's editor, then the
//! review page (also used, read-only, for a finalized interview).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::Gauge;

use super::paint::{Painter, Piece};
use super::theme;
use crate::app::{AppState, Editor, Page, ReviewLine, Wizard};
use crate::form::{Choice, Field, FieldKind, format_answer};
use crate::i18n::{Lang, T};
use crate::text::Dir;

pub fn draw(state: &AppState, painter: &Painter, w: &Wizard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [heading, gauge, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let total = w.form.field_count();
    let done = w.form.answered(&w.interview.answers);
    let where_ = match w.page {
        Page::Section(s) => {
            let n = w.form.sections.len().to_string();
            let i = (s + 1).to_string();
            format!("{}: {}", T::SectionOf.fill(lang, &[("i", &i), ("n", &n)]), w.form.sections[s].title.get(lang))
        }
        Page::Review if w.read_only => format!("{} ({})", T::ReviewTitle.get(lang), T::ReadOnly.get(lang)),
        Page::Review => T::ReviewTitle.get(lang).to_string(),
    };
    let columns = painter.columns(heading, &[Constraint::Fill(1), Constraint::Length(36)]);
    let buf = frame.buffer_mut();
    painter.ui_text(buf, columns[0], &where_, theme::heading());
    // Name and file number drawn apart, so a number after an Arabic name cannot join its run.
    let file_width = painter.visual(&w.participant.file_number, Dir::Ltr).chars().count() as u16 + 3;
    let who = painter.columns(columns[1], &[Constraint::Fill(1), Constraint::Length(file_width)]);
    painter.text(buf, who[0], &w.participant.name_ar, Style::new(), Dir::Rtl);
    painter.text(buf, who[1], &w.participant.file_number, theme::hint(), Dir::Ltr);
    let label = T::Answered.fill(lang, &[("done", &done.to_string()), ("total", &total.to_string())]);
    let ratio = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    let gauge_widget = Gauge::default().ratio(ratio).label(painter.visual(&label, painter.ui_dir()));
    frame.render_widget(gauge_widget.gauge_style(theme::selected()), gauge);
    match w.page {
        Page::Section(s) => section(state, painter, w, s, frame, rest),
        Page::Review => review(state, painter, w, frame, rest),
    }
}

fn section(state: &AppState, painter: &Painter, w: &Wizard, s: usize, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let fields = &w.form.sections[s].fields;
    let list_height = (fields.len() as u16 + 2).min(area.height / 2);
    let [list_area, editor_area] = Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let block = painter.block(w.form.sections[s].title.get(lang));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let answers: Vec<Option<String>> =
        fields.iter().map(|f| w.interview.answers.get(&f.id).map(|a| one_line(&format_answer(f, a, lang)))).collect();
    let items: Vec<Vec<Piece>> = fields
        .iter()
        .zip(&answers)
        .enumerate()
        .map(|(i, (f, a))| question_line(f, a.as_deref(), i == w.focus, lang))
        .collect();
    painter.list(frame.buffer_mut(), inner, &items, painter.ui_dir(), Some(w.focus));
    if let Some(field) = fields.get(w.focus) {
        editor(state, painter, w, field, frame, editor_area);
    }
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ⏎ ")
}

/// "▶ Label *: answer" as pieces, the answer in bold or a dim dash when there is none.
fn question_line<'a>(field: &'a Field, answer: Option<&'a str>, focused: bool, lang: Lang) -> Vec<Piece<'a>> {
    let mut pieces = vec![(if focused { "▶ " } else { "  " }, Style::new()), (field.label.get(lang), Style::new())];
    if field.required {
        pieces.push((" *", theme::hint()));
    }
    pieces.push((": ", Style::new()));
    pieces.push(match answer {
        Some(a) => (a, theme::heading()),
        None => (T::NoAnswer.get(lang), theme::hint()),
    });
    pieces
}

fn editor(state: &AppState, painter: &Painter, w: &Wizard, field: &Field, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = painter.block(field.label.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hint = field.hint.as_ref().map(|h| h.get(lang)).unwrap_or_default();
    let how = match field.kind {
        FieldKind::Single(_) => T::HintChoice.get(lang),
        FieldKind::Multiple(_) => T::HintMulti.get(lang),
        FieldKind::Scale { .. } => T::HintScale.get(lang),
        FieldKind::YesNo => T::HintYesNo.get(lang),
        FieldKind::Notes => T::HintNotes.get(lang),
        _ => "",
    };
    let hint_rows =
        if hint.is_empty() { 0 } else { painter.height(&[(hint, Style::new())], painter.ui_dir(), inner.width) };
    let [hint_area, body, error_area, how_area] = Layout::vertical([
        Constraint::Length(hint_rows.min(2)),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let buf = frame.buffer_mut();
    painter.paragraph(buf, hint_area, &[(hint, theme::hint())], painter.ui_dir());
    if let Some(refusal) = &w.error {
        painter.ui_text(buf, error_area, &refusal.text(lang), theme::error());
    }
    painter.ui_text(buf, how_area, how, theme::hint());
    let focused = state.overlay.is_none();
    match (&w.editor, &field.kind) {
        (Editor::Text(input), FieldKind::Notes) => painter.notes(frame, body, input, theme::input(focused), focused),
        (Editor::Text(input), _) => {
            let line = Rect { height: 1, ..body };
            painter.input(frame, line, input, theme::input(focused), focused);
        }
        (Editor::Choice { highlight, chosen }, FieldKind::Single(choices)) => {
            options(painter, frame, body, choices, &|i| *chosen == Some(i), *highlight, false, lang)
        }
        (Editor::Multiple { highlight, ticked }, FieldKind::Multiple(choices)) => {
            options(painter, frame, body, choices, &|i| ticked.contains(&i), *highlight, true, lang)
        }
        (Editor::YesNo(value), _) => {
            let mark = |b: bool| if *value == Some(b) { "(•) " } else { "( ) " };
            let style = |b: bool| if *value == Some(b) { theme::selected() } else { Style::new() };
            let pieces = [
                (mark(true), style(true)),
                (T::Yes.get(lang), style(true)),
                ("     ", Style::new()),
                (mark(false), style(false)),
                (T::No.get(lang), style(false)),
            ];
            painter.line(frame.buffer_mut(), body, &pieces, painter.ui_dir());
        }
        (Editor::Scale(value), FieldKind::Scale { min, max }) => {
            let labels: Vec<String> =
                (*min..=*max).map(|v| if *value == Some(v) { format!("[{v}]") } else { format!(" {v} ") }).collect();
            let mut pieces: Vec<Piece> = Vec::new();
            for (v, label) in (*min..=*max).zip(&labels) {
                let style = if *value == Some(v) { theme::selected() } else { Style::new() };
                pieces.push((label, style));
                pieces.push(("   ", Style::new()));
            }
            painter.line(frame.buffer_mut(), body, &pieces, painter.ui_dir());
        }
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn options(
    painter: &Painter,
    frame: &mut Frame,
    area: Rect,
    choices: &[Choice],
    marked: &dyn Fn(usize) -> bool,
    highlight: usize,
    multi: bool,
    lang: Lang,
) {
    let texts: Vec<String> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = match (multi, marked(i)) {
                (true, true) => "[x]",
                (true, false) => "[ ]",
                (false, true) => "(•)",
                (false, false) => "( )",
            };
            format!("{}. {mark} {}", i + 1, c.label.get(lang))
        })
        .collect();
    let items: Vec<Vec<Piece>> = texts.iter().map(|t| vec![(t.as_str(), Style::new())]).collect();
    painter.list(frame.buffer_mut(), area, &items, painter.ui_dir(), Some(highlight));
}

fn review(state: &AppState, painter: &Painter, w: &Wizard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let lines = w.review_lines();
    let field = |s: usize, f: usize| &w.form.sections[s].fields[f];
    let answers: Vec<Option<String>> = lines
        .iter()
        .map(|line| match *line {
            ReviewLine::Answer(s, f) => {
                let fd = field(s, f);
                w.interview.answers.get(&fd.id).map(|a| one_line(&format_answer(fd, a, lang)))
            }
            ReviewLine::Missing(s, _) => Some(format!("  ({})", w.form.sections[s].title.get(lang))),
            _ => None,
        })
        .collect();
    let mut selected_line = 0;
    let mut target = 0;
    let items: Vec<Vec<Piece>> = lines
        .iter()
        .zip(&answers)
        .enumerate()
        .map(|(n, (line, answer))| {
            if line.target().is_some() {
                if target == w.review_selected {
                    selected_line = n;
                }
                target += 1;
            }
            match *line {
                ReviewLine::MissingHeading => vec![(T::ReviewMissing.get(lang), theme::error())],
                ReviewLine::NothingMissing => vec![(T::ReviewNothingMissing.get(lang), theme::heading())],
                ReviewLine::Missing(s, f) => vec![
                    ("  ! ", theme::error()),
                    (field(s, f).label.get(lang), Style::new()),
                    (answer.as_deref().unwrap_or_default(), theme::hint()),
                ],
                ReviewLine::Section(s) => vec![(w.form.sections[s].title.get(lang), theme::heading())],
                ReviewLine::Answer(s, f) => question_line(field(s, f), answer.as_deref(), false, lang),
            }
        })
        .collect();
    let title = if w.read_only { T::ReviewAnswers } else { T::ReviewTitle };
    let block = painter.block(title.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    painter.list(frame.buffer_mut(), inner, &items, painter.ui_dir(), Some(selected_line));
}
