//! The interview wizard: one section per page with the focused question's editor, then the
//! review page (also used, read-only, for a finalized interview).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, List, ListItem, ListState, Paragraph, Wrap};

use super::{theme, widgets};
use crate::app::{AppState, Editor, Page, ReviewLine, Wizard};
use crate::form::{Field, FieldKind, format_answer};
use crate::i18n::{Lang, T};

pub fn draw(state: &AppState, w: &Wizard, frame: &mut Frame, area: Rect) {
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
    let who = format!("{} · {}", w.participant.name_ar, w.participant.file_number);
    let [l, r] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(widgets::width(&who) as u16 + 1)]).areas(heading);
    frame.render_widget(Paragraph::new(Span::styled(where_, theme::heading())), l);
    frame.render_widget(Paragraph::new(who), r);
    let label = T::Answered.fill(lang, &[("done", &done.to_string()), ("total", &total.to_string())]);
    let ratio = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    frame.render_widget(Gauge::default().ratio(ratio).label(label).gauge_style(theme::selected()), gauge);
    match w.page {
        Page::Section(s) => section(state, w, s, frame, rest),
        Page::Review => review(state, w, frame, rest),
    }
}

fn section(state: &AppState, w: &Wizard, s: usize, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let fields = &w.form.sections[s].fields;
    let list_height = (fields.len() as u16 + 2).min(area.height / 2);
    let [list_area, editor_area] = Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let items: Vec<ListItem> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let answer = w.interview.answers.get(&f.id).map(|a| one_line(&format_answer(f, a, lang)));
            ListItem::new(question_line(f, answer, i == w.focus, lang))
        })
        .collect();
    let mut list_state = ListState::default().with_selected(Some(w.focus));
    frame.render_stateful_widget(
        List::new(items).block(theme::block(w.form.sections[s].title.get(lang))).highlight_style(theme::selected()),
        list_area,
        &mut list_state,
    );
    if let Some(field) = fields.get(w.focus) {
        editor(state, w, field, frame, editor_area);
    }
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ⏎ ")
}

fn question_line(field: &Field, answer: Option<String>, focused: bool, lang: Lang) -> Line<'static> {
    let mark = if field.required { format!(" {}", T::RequiredMark.get(lang)) } else { String::new() };
    let mut spans = vec![
        Span::raw(if focused { "▶ " } else { "  " }),
        Span::raw(format!("{}{mark}", field.label.get(lang))),
        Span::raw(": "),
    ];
    spans.push(match answer {
        Some(a) => Span::styled(a, theme::heading()),
        None => Span::styled(T::NoAnswer.get(lang), theme::hint()),
    });
    Line::from(spans)
}

fn editor(state: &AppState, w: &Wizard, field: &Field, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = theme::block(field.label.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hint = field.hint.as_ref().map(|h| h.get(lang).to_string()).unwrap_or_default();
    let how = match field.kind {
        FieldKind::Single(_) => T::HintChoice.get(lang),
        FieldKind::Multiple(_) => T::HintMulti.get(lang),
        FieldKind::Scale { .. } => T::HintScale.get(lang),
        FieldKind::YesNo => T::HintYesNo.get(lang),
        FieldKind::Notes => T::HintNotes.get(lang),
        _ => "",
    };
    let [hint_area, body, error_area, how_area] = Layout::vertical([
        Constraint::Length(if hint.is_empty() { 0 } else { 1 }),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(hint, theme::hint())).wrap(Wrap { trim: true }), hint_area);
    if let Some(refusal) = &w.error {
        frame.render_widget(Paragraph::new(refusal.text(lang)).style(theme::error()), error_area);
    }
    frame.render_widget(Paragraph::new(Span::styled(how, theme::hint())), how_area);
    let focused = state.overlay.is_none();
    let mut options =
        |choices: &[crate::form::Choice], marked: &dyn Fn(usize) -> bool, highlight: usize, multi: bool| {
            let items: Vec<ListItem> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mark = match (multi, marked(i)) {
                        (true, true) => "[x]",
                        (true, false) => "[ ]",
                        (false, true) => "(•)",
                        (false, false) => "( )",
                    };
                    ListItem::new(format!("{}. {mark} {}", i + 1, c.label.get(lang)))
                })
                .collect();
            let mut list_state = ListState::default().with_selected(Some(highlight));
            frame.render_stateful_widget(List::new(items).highlight_style(theme::selected()), body, &mut list_state);
        };
    match (&w.editor, &field.kind) {
        (Editor::Text(input), FieldKind::Notes) => widgets::input_notes(frame, body, input, focused),
        (Editor::Text(input), _) => {
            let [line, _] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
            widgets::input_line(frame, line, input, focused);
        }
        (Editor::Choice { highlight, chosen }, FieldKind::Single(choices)) => {
            options(choices, &|i| *chosen == Some(i), *highlight, false)
        }
        (Editor::Multiple { highlight, ticked }, FieldKind::Multiple(choices)) => {
            options(choices, &|i| ticked.contains(&i), *highlight, true)
        }
        (Editor::YesNo(value), _) => {
            let pick = |b: bool, t: T| {
                let style = if *value == Some(b) { theme::selected() } else { Default::default() };
                let mark = if *value == Some(b) { "(•)" } else { "( )" };
                Span::styled(format!(" {mark} {} ", t.get(lang)), style)
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![pick(true, T::Yes), Span::raw("   "), pick(false, T::No)])),
                body,
            );
        }
        (Editor::Scale(value), FieldKind::Scale { min, max }) => {
            let spans: Vec<Span> = (*min..=*max)
                .map(|v| {
                    if *value == Some(v) {
                        Span::styled(format!("[{v}]"), theme::selected())
                    } else {
                        Span::raw(format!(" {v} "))
                    }
                })
                .flat_map(|s| [s, Span::raw("  ")])
                .collect();
            frame.render_widget(Paragraph::new(Line::from(spans)), body);
        }
        _ => {}
    }
}

fn review(state: &AppState, w: &Wizard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let lines = w.review_lines();
    let mut selected_line = 0;
    let mut target = 0;
    let items: Vec<ListItem> = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            if line.target().is_some() {
                if target == w.review_selected {
                    selected_line = n;
                }
                target += 1;
            }
            let field = |s: usize, f: usize| &w.form.sections[s].fields[f];
            match *line {
                ReviewLine::MissingHeading => ListItem::new(Span::styled(T::ReviewMissing.get(lang), theme::error())),
                ReviewLine::NothingMissing => {
                    ListItem::new(Span::styled(T::ReviewNothingMissing.get(lang), theme::heading()))
                }
                ReviewLine::Missing(s, f) => ListItem::new(Line::from(vec![
                    Span::styled("  ! ", theme::error()),
                    Span::raw(field(s, f).label.get(lang).to_string()),
                    Span::styled(format!("  ({})", w.form.sections[s].title.get(lang)), theme::hint()),
                ])),
                ReviewLine::Section(s) => {
                    ListItem::new(Span::styled(w.form.sections[s].title.get(lang).to_string(), theme::heading()))
                }
                ReviewLine::Answer(s, f) => {
                    let fd = field(s, f);
                    let answer = w.interview.answers.get(&fd.id).map(|a| one_line(&format_answer(fd, a, lang)));
                    ListItem::new(question_line(fd, answer, false, lang))
                }
            }
        })
        .collect();
    let title = if w.read_only { T::ReviewAnswers } else { T::ReviewTitle };
    let mut list_state = ListState::default().with_selected(Some(selected_line));
    frame.render_stateful_widget(
        List::new(items).block(theme::block(title.get(lang))).highlight_style(theme::selected()),
        area,
        &mut list_state,
    );
}
