//! The interview wizard: one page per section (per item in a repeat group) with the focused
//! question's editor, then the review page (also used, read-only, for a finalized interview).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::Clear;

use super::paint::{Painter, Piece, isolated};
use super::{theme, widgets};
use crate::app::keymap::{Context, key_for};
use crate::app::wizard::{Stop, current, stops};
use crate::app::{Action, layout};
use crate::app::{AppState, Editor, Page, ReviewLine, Screen, Wizard, review_lines};
use crate::form::engine::{self, Issue, Place};
use crate::form::{Choice, Field, FieldKind, Refusal, format_answer};
use crate::i18n::{Lang, T};
use crate::text::Dir;

pub fn draw(state: &AppState, painter: &Painter, w: &Wizard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [heading, gauge, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let all = stops(&w.form, &w.interview.answers, state.today);
    let questions: Vec<Place> = all
        .iter()
        .filter_map(|s| match s {
            Stop::Field(p) => Some(*p),
            Stop::EmptyGroup(_) => None,
        })
        .collect();
    let done = questions.iter().filter(|p| engine::get(&w.form, &w.interview.answers, **p).is_some()).count();
    let where_ = match w.page {
        Page::Section(s) => {
            let title = w.form.sections[s].title.get(lang);
            let n = w.form.sections.len().to_string();
            let i = (s + 1).to_string();
            let colon = T::Colon.get(lang);
            let mut text = format!("{}{colon}{title}", T::SectionOf.fill(lang, &[("i", &i), ("n", &n)]));
            if let Some(item) = w.item {
                let count = engine::items(&w.form, &w.interview.answers, s).len();
                let (i, n) = ((item + 1).to_string(), count.to_string());
                text = format!(
                    "{}{colon}{}",
                    T::SectionOf.fill(lang, &[("i", &(s + 1).to_string()), ("n", &w.form.sections.len().to_string())]),
                    T::RepeatItem.fill(lang, &[("title", &title), ("i", &i), ("n", &n)])
                );
            }
            text
        }
        Page::Review if w.read_only => match w.versions.as_deref() {
            Some(v) => {
                let (i, n) = ((v.shown + 1).to_string(), v.all.len().to_string());
                let version = T::CorrVersionOf.fill(lang, &[("i", &i), ("n", &n)]);
                format!("{} ({}, {version})", T::ReviewTitle.get(lang), T::ReadOnly.get(lang))
            }
            None => format!("{} ({})", T::ReviewTitle.get(lang), T::ReadOnly.get(lang)),
        },
        Page::Review if w.amending.is_some() => {
            format!("{} ({})", T::ReviewTitle.get(lang), T::CorrAmendingShort.get(lang))
        }
        Page::Review => T::ReviewTitle.get(lang).to_string(),
    };
    let columns = painter.columns(heading, &[Constraint::Fill(1), Constraint::Length(36)]);
    let buf = frame.buffer_mut();
    painter.ui_text(buf, columns[0], &where_, theme::heading());
    // Name and file number drawn apart, so a number after an Arabic name cannot join its run.
    let file_width = painter.width(&w.participant.file_number, Dir::Ltr) as u16 + 3;
    let who = painter.columns(columns[1], &[Constraint::Fill(1), Constraint::Length(file_width)]);
    painter.text(buf, who[0], &crate::domain::display_name(&w.participant.name_ar), Style::new(), Dir::Rtl);
    painter.text(buf, who[1], &w.participant.file_number, theme::hint(), Dir::Ltr);
    let total = questions.len();
    let label = T::Answered.fill(lang, &[("done", &done.to_string()), ("total", &total.to_string())]);
    let ratio = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    match w.review.as_deref() {
        // Opened from a work list: its review state (and the supervisor's comment) in place
        // of the gauge, which says nothing about a finalized interview.
        Some(panel) => review_state_line(state, painter, panel, frame, gauge),
        None => painter.gauge(frame.buffer_mut(), gauge, ratio, &label),
    }
    match w.page {
        Page::Section(s) => section(state, painter, w, s, frame, rest),
        Page::Review => review(state, painter, w, frame, rest),
    }
    if let Some(amending) = w.amending.as_deref().filter(|a| a.asking) {
        amendment_reason(state, painter, amending, frame, rest);
    }
    if let Some(panel) = w.review.as_deref().filter(|p| p.asking.is_some()) {
        review_comment(state, painter, panel, frame, rest);
    }
}

/// "Review: returned · <the supervisor's comment>".
fn review_state_line(
    state: &AppState,
    painter: &Painter,
    panel: &crate::app::ReviewPanel,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let word = panel.review.state.word().get(lang);
    let text = match panel.review.comment.as_deref() {
        Some(comment) => T::RevPanelComment.fill(lang, &[("state", word), ("comment", &one_line(comment))]),
        None => T::RevPanel.fill(lang, &[("state", word)]),
    };
    let style = if panel.review.state.is_locked() { theme::heading() } else { theme::hint() };
    painter.ui_text(frame.buffer_mut(), area, &text, style);
}

/// The comment of a return (or the reason of an unlock), asked in a box at the foot.
fn review_comment(state: &AppState, painter: &Painter, panel: &crate::app::ReviewPanel, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let height = 4.min(area.height);
    let boxed = Rect { y: area.y + area.height - height, height, ..area };
    frame.render_widget(ratatui::widgets::Clear, boxed);
    let label = match panel.asking {
        Some(crate::store::ReviewDecision::Unlock) => T::RevUnlockLabel,
        _ => T::RevCommentLabel,
    };
    let block = painter.block(label.get(lang));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [line, ask] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    let active = state.overlay.is_none();
    painter.input(frame, line, &panel.comment, theme::input(active), active);
    painter.ui_text(frame.buffer_mut(), ask, &crate::ui::reason_hint(lang), theme::hint());
}

/// The reason of an amendment, asked in a box at the foot of the review once finalizing it
/// was asked.
fn amendment_reason(
    state: &AppState,
    painter: &Painter,
    amending: &crate::app::wizard::Amending,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let height = 4.min(area.height);
    let boxed = Rect { y: area.y + area.height - height, height, ..area };
    frame.render_widget(ratatui::widgets::Clear, boxed);
    let block = painter.block(T::CorrReasonLabel.get(lang));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [line, ask] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    let active = state.overlay.is_none();
    painter.input(frame, line, &amending.reason, theme::input(active), active);
    painter.ui_text(frame.buffer_mut(), ask, &crate::ui::reason_hint(lang), theme::hint());
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ⏎ ")
}

/// The fields a page shows: asked questions, guidance notes and calculated values.
fn page_fields(state: &AppState, w: &Wizard, s: usize) -> Vec<usize> {
    let section = &w.form.sections[s];
    let judged = engine::effective(&w.form, &w.interview.answers, state.today);
    (0..section.fields.len())
        .filter(|&f| engine::relevant(&w.form, &judged, Place { section: s, item: w.item, field: f }, state.today))
        .collect()
}

fn section(state: &AppState, painter: &Painter, w: &Wizard, s: usize, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let sec = &w.form.sections[s];
    let block = painter.block_in(&sec.title.get(lang), area.width);
    if sec.repeat.is_some() && w.item.is_none() {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let key = |action| key_for(Context::EmptyGroup, action, lang);
        let text = T::RepeatEmpty.fill(lang, &[("add", &key(Action::AddItem)), ("next", &key(Action::NextSection))]);
        let empty = [(text.as_str(), theme::heading())];
        painter.paragraph(frame.buffer_mut(), Rect { y: inner.y + 1, ..inner }, &empty, painter.ui_dir());
        return;
    }
    let shown = page_fields(state, w, s);
    let list_height = (shown.len() as u16 + 2).min(area.height / 2);
    let [list_area, editor_area] = Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let answers: Vec<Option<String>> = shown
        .iter()
        .map(|&f| {
            let field = &sec.fields[f];
            let place = Place { section: s, item: w.item, field: f };
            engine::get(&w.form, &w.interview.answers, place).map(|a| shown_answer(field, a, lang))
        })
        .collect();
    let labels: Vec<String> = shown.iter().map(|&f| sec.fields[f].label.get(lang).into_owned()).collect();
    let items: Vec<Vec<Piece>> = shown
        .iter()
        .zip(&answers)
        .zip(&labels)
        .map(|((&f, a), label)| question_line(painter, &sec.fields[f], label, a.as_deref(), f == w.focus, lang))
        .collect();
    let selected = shown.iter().position(|&f| f == w.focus);
    painter.list(frame.buffer_mut(), inner, &items, painter.ui_dir(), selected);
    if let Some(field) = w.field() {
        editor(state, painter, w, field, frame, editor_area);
    }
}

/// The text of an answer as the review and question lists show it: on one line, isolated in the
/// field's own direction, so it reads exactly as in its editor (the same paragraph direction,
/// whatever the interface's language and the label before it).
fn shown_answer(field: &Field, answer: &crate::store::Answer, lang: Lang) -> String {
    isolated(&one_line(&format_answer(field, answer, lang)), field.dir)
}

/// "▶ Label *: answer" as pieces, the answer in bold or a dim dash when there is none; a note
/// is its text alone; a calculated value is marked as such. `answer` is already isolated.
fn question_line<'a>(
    painter: &Painter,
    field: &Field,
    label: &'a str,
    answer: Option<&'a str>,
    focused: bool,
    lang: Lang,
) -> Vec<Piece<'a>> {
    let marker = if focused { painter.pointer() } else { "  " };
    if matches!(field.kind, FieldKind::Note) {
        return vec![(marker, Style::new()), (label, theme::hint())];
    }
    let mut pieces = vec![(marker, Style::new()), (label, Style::new())];
    if field.required {
        pieces.push((" *", theme::hint()));
    }
    pieces.push((T::Colon.get(lang), Style::new()));
    pieces.push(match answer {
        Some(a) => (a, theme::heading()),
        None => (T::NoAnswer.get(lang), theme::hint()),
    });
    if matches!(field.kind, FieldKind::Calculated { .. }) {
        pieces.push(("  ", Style::new()));
        pieces.push((T::Calculated.get(lang), theme::hint()));
    }
    pieces
}

fn editor(state: &AppState, painter: &Painter, w: &Wizard, field: &Field, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = painter.block_in(&field.label.get(lang), area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hint = field.hint.as_ref().map(|h| h.get(lang).into_owned()).unwrap_or_default();
    let how = how_to_answer(state.screen_context(), &field.kind, lang);
    let hint_rows =
        if hint.is_empty() { 0 } else { painter.height(&[(&hint, Style::new())], painter.ui_dir(), inner.width) };
    let error_rows = if w.error.is_some() { 2 } else { 1 };
    // The hint takes the rows it needs, leaving the answer at least three (one for a line).
    let body_rows = if field.kind.is_typed() && !matches!(field.kind, FieldKind::Notes { .. }) { 1 } else { 3 };
    let room = inner.height.saturating_sub(error_rows + 1 + body_rows);
    let [hint_area, body, error_area, how_area] = Layout::vertical([
        Constraint::Length(hint_rows.min(room)),
        Constraint::Fill(1),
        Constraint::Length(error_rows),
        Constraint::Length(1),
    ])
    .areas(inner);
    let buf = frame.buffer_mut();
    painter.paragraph(buf, hint_area, &[(&hint, theme::hint())], painter.ui_dir());
    if let Some(refusal) = &w.error {
        let text = match refusal {
            // The key that moves on is the keymap's for this kind of question (not Enter in notes).
            Refusal::Catalog { message: T::ErrRequiredAgain, .. } => {
                let key = key_for(state.screen_context(), Action::NextField, lang);
                T::ErrRequiredAgain.fill(lang, &[("key", &key)])
            }
            other => other.text(lang),
        };
        painter.paragraph(buf, error_area, &[(&text, theme::error())], painter.ui_dir());
    }
    painter.ui_text(buf, how_area, &how, theme::hint());
    let focused = state.overlay.is_none();
    match (&w.editor, &field.kind) {
        (Editor::Text(input), FieldKind::Notes { .. }) => {
            painter.notes(frame, body, input, theme::input(focused), focused)
        }
        (
            Editor::Text(input),
            FieldKind::Text { .. } | FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Date { .. },
        ) => {
            let line = Rect { height: 1, ..body };
            painter.input(frame, line, input, theme::input(focused), focused);
        }
        (Editor::Choice { highlight, chosen }, FieldKind::Single(choices)) => {
            options(painter, frame, body, choices, &|i| *chosen == Some(i), *highlight, false, lang)
        }
        (Editor::Multiple { highlight, ticked }, FieldKind::Multiple { choices, .. }) => {
            options(painter, frame, body, choices, &|i| ticked.contains(&i), *highlight, true, lang)
        }
        (Editor::YesNo(value), FieldKind::YesNo) => {
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
        (Editor::Scale(value), FieldKind::Scale { min, max, min_label, max_label }) => {
            let labels: Vec<String> =
                (*min..=*max).map(|v| if *value == Some(v) { format!("[{v}]") } else { format!(" {v} ") }).collect();
            let mut pieces: Vec<Piece> = Vec::new();
            for (v, label) in (*min..=*max).zip(&labels) {
                let style = if *value == Some(v) { theme::selected() } else { Style::new() };
                pieces.push((label, style));
                pieces.push(("   ", Style::new()));
            }
            let buf = frame.buffer_mut();
            painter.line(buf, Rect { height: 1, ..body }, &pieces, painter.ui_dir());
            let ends: Vec<String> = [min_label, max_label]
                .iter()
                .map(|l| l.as_ref().map(|l| l.get(lang).into_owned()).unwrap_or_default())
                .collect();
            if body.height > 1 && ends.iter().any(|e| !e.is_empty()) {
                let text = format!("{min}: {}   {max}: {}", ends[0], ends[1]);
                painter.ui_text(buf, Rect { y: body.y + 1, height: 1, ..body }, &text, theme::hint());
            }
        }
        // An editor of another kind than the field's (the wizard never makes one), or a field
        // without an editor: nothing to draw. Every kind is named, so a new one must be placed.
        (
            Editor::Text(_) | Editor::Choice { .. } | Editor::Multiple { .. } | Editor::YesNo(_) | Editor::Scale(_),
            FieldKind::Text { .. }
            | FieldKind::Notes { .. }
            | FieldKind::Integer { .. }
            | FieldKind::Decimal { .. }
            | FieldKind::Date { .. }
            | FieldKind::Single(_)
            | FieldKind::Multiple { .. }
            | FieldKind::YesNo
            | FieldKind::Scale { .. }
            | FieldKind::Note
            | FieldKind::Calculated { .. },
        ) => {}
    }
}

/// The line under a question saying how to answer it, with the keys of `context` named by the
/// keymap in `lang`.
fn how_to_answer(context: Context, kind: &FieldKind, lang: Lang) -> String {
    let key = |action| key_for(context, action, lang);
    let template = match kind {
        FieldKind::Single(_) => T::HintChoice,
        FieldKind::Multiple { .. } => T::HintMulti,
        FieldKind::Scale { .. } => T::HintScale,
        FieldKind::YesNo => T::HintYesNo,
        FieldKind::Notes { .. } => T::HintNotes,
        FieldKind::Text { .. }
        | FieldKind::Integer { .. }
        | FieldKind::Decimal { .. }
        | FieldKind::Date { .. }
        | FieldKind::Note
        | FieldKind::Calculated { .. } => return String::new(),
    };
    let keys = [
        ("up", key(Action::Up)),
        ("down", key(Action::Down)),
        ("left", key(Action::Left)),
        ("right", key(Action::Right)),
        ("choose", key(Action::Toggle)),
        ("digits", key(Action::Pick(0))),
        ("yes", key(Action::Yes)),
        ("no", key(Action::No)),
        ("next", key(Action::NextField)),
        ("newline", key(Action::NewLine)),
    ];
    let args: Vec<(&str, &str)> = keys.iter().map(|(k, v)| (*k, v.as_str())).collect();
    template.fill(lang, &args)
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

/// The text of one review line.
fn review_text(state: &AppState, painter: &Painter, w: &Wizard, line: &ReviewLine) -> Vec<(String, Style)> {
    let lang = state.lang;
    let form = &w.form;
    let field = |p: &Place| &form.sections[p.section].fields[p.field];
    let where_ = |p: &Place| {
        let title = form.sections[p.section].title.get(lang).into_owned();
        match p.item {
            Some(i) => format!("  ({title} {})", i + 1),
            None => format!("  ({title})"),
        }
    };
    match line {
        ReviewLine::IssuesHeading => vec![(T::ReviewIssues.get(lang).into(), theme::error())],
        ReviewLine::NoIssues => vec![(T::ReviewNoIssues.get(lang).into(), theme::heading())],
        ReviewLine::Issue(Issue::Missing(p)) => vec![
            ("  ! ".into(), theme::error()),
            (field(p).label.get(lang).into_owned(), Style::new()),
            (format!("{}{}", T::Colon.get(lang), T::IssueMissing.get(lang)), theme::error()),
            (where_(p), theme::hint()),
        ],
        ReviewLine::Issue(Issue::Invalid(p, refusal)) => vec![
            ("  ! ".into(), theme::error()),
            (field(p).label.get(lang).into_owned(), Style::new()),
            (format!("{}{}", T::Colon.get(lang), refusal.text(lang)), theme::error()),
            (where_(p), theme::hint()),
        ],
        ReviewLine::Issue(Issue::TooFew { section, min }) | ReviewLine::Issue(Issue::TooMany { section, max: min }) => {
            let title = form.sections[*section].title.get(lang).into_owned();
            let message =
                if matches!(line, ReviewLine::Issue(Issue::TooFew { .. })) { T::TooFewItems } else { T::TooManyItems };
            vec![
                ("  ! ".into(), theme::error()),
                (message.fill(lang, &[("title", &title), ("n", &min.to_string())]), theme::error()),
            ]
        }
        ReviewLine::Section(s) => vec![(form.sections[*s].title.get(lang).into_owned(), theme::heading())],
        ReviewLine::Item(s, i) => {
            let title = form.sections[*s].title.get(lang).into_owned();
            let n = engine::items(form, &w.interview.answers, *s).len();
            let text =
                T::RepeatItem.fill(lang, &[("title", &title), ("i", &(i + 1).to_string()), ("n", &n.to_string())]);
            vec![(format!(" {text}"), theme::heading())]
        }
        ReviewLine::Answer(p) => {
            let fd = field(p);
            let answer = engine::get(form, &w.interview.answers, *p).map(|a| shown_answer(fd, a, lang));
            let label = fd.label.get(lang).into_owned();
            question_line(painter, fd, &label, answer.as_deref(), false, lang)
                .into_iter()
                .map(|(t, s)| (t.to_string(), s))
                .collect()
        }
    }
}

/// The review page, one page of lines at a time (see [`layout::review_page`]): every line on
/// one row, cut with `…`, except the selected one, which wraps over up to
/// [`layout::REVIEW_SELECTED_ROWS`] rows; Enter (read-only) or the show key opens the rest.
fn review(state: &AppState, painter: &Painter, w: &Wizard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let lines = review_lines(w, state.today);
    let targets: Vec<usize> = (0..lines.len()).filter(|&n| lines[n].target().is_some()).collect();
    let selected_line = targets.get(w.review_selected).copied().unwrap_or(0);
    let title = if w.read_only { T::ReviewAnswers } else { T::ReviewTitle };
    // Who took it, by the full name of their account (or the name recorded before accounts).
    let by = T::InterviewBy.fill(lang, &[("name", &state.authors.name(&w.interview.interviewer, lang))]);
    let block = painter.block_in(&format!("{} · {by}", title.get(lang)), area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let offset = layout::review_offset(selected_line, state.size);
    let buf = frame.buffer_mut();
    let mut y = inner.y;
    for (n, line) in lines.iter().enumerate().skip(offset) {
        if y >= inner.bottom() {
            break;
        }
        let text = review_text(state, painter, w, line);
        let pieces: Vec<Piece> = text.iter().map(|(s, st)| (s.as_str(), *st)).collect();
        let rows = if n == selected_line { layout::REVIEW_SELECTED_ROWS as u16 } else { 1 };
        let row = Rect { y, height: rows.min(inner.bottom() - y), ..inner };
        if n == selected_line {
            let used = painter.height(&pieces, painter.ui_dir(), row.width).clamp(1, row.height);
            let row = Rect { height: used, ..row };
            buf.set_style(row, theme::selected());
            painter.paragraph(buf, row, &pieces, painter.ui_dir());
            y += used;
        } else {
            painter.line(buf, row, &pieces, painter.ui_dir());
            y += 1;
        }
    }
    let _ = current(w);
}

/// The whole answer of the review line at `place`, wrapped over the screen and scrolled
/// `scroll` rows: the label, then the answer in the field's own direction.
pub fn whole_answer(state: &AppState, painter: &Painter, place: Place, scroll: usize, frame: &mut Frame, body: Rect) {
    let lang = state.lang;
    let Screen::Wizard(w) = &state.screen else { return };
    let Some(field) = w.form.sections.get(place.section).and_then(|s| s.fields.get(place.field)) else { return };
    let area = widgets::centered(body, body.width.saturating_sub(2), body.height);
    frame.render_widget(Clear, area);
    let block = painter.block(T::AnswerTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let label = field.label.get(lang);
    painter.paragraph(buf, Rect { height: 1, ..inner }, &[(&label, theme::heading())], painter.ui_dir());
    let text = engine::get(&w.form, &w.interview.answers, place)
        .map(|a| format_answer(field, a, lang))
        .unwrap_or_else(|| T::NoAnswer.get(lang).to_string());
    let body = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    painter.scrolled(buf, body, &text, field.dir, scroll);
}
