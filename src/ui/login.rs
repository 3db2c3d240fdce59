//! The login screen, the first run (the store's first account), the new password after a
//! temporary one, and the idle lock's cover. Passwords are drawn as one dot per character.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Clear;

use super::paint::Painter;
use super::{theme, widgets};
use crate::app::secret::SecretInput;
use crate::app::{AppState, ChangeFocus, FirstRun, FirstRunField, Lock, Login, LoginFocus, Problem, TextInput, keymap};
use crate::i18n::T;

/// What a row of a form holds.
enum Value<'a> {
    Text(&'a TextInput),
    Masked(&'a SecretInput),
}

struct Row<'a> {
    label: &'a str,
    value: Value<'a>,
    focused: bool,
    problem: Option<&'a Problem>,
}

impl<'a> Row<'a> {
    /// A labelled field of a form that has one problem at a time, shown under the field that
    /// has the focus.
    fn field(label: &'a str, value: Value<'a>, focused: bool, problem: Option<&'a Problem>) -> Row<'a> {
        Row { label, value, focused, problem: problem.filter(|_| focused) }
    }
}

/// A boxed form: a sentence above, then one row per field with its refusal under it.
fn form(state: &AppState, painter: &Painter, frame: &mut Frame, area: Rect, title: &str, intro: &str, rows: &[Row]) {
    let lang = state.lang;
    let width = area.width.min(76);
    let text_width = width.saturating_sub(6);
    let intro_height = painter.height(&[(intro, Default::default())], painter.ui_dir(), width.saturating_sub(2));
    // A refusal may take more than one line: it is wrapped under its field, never cut.
    let problems: Vec<Option<String>> = rows.iter().map(|r| r.problem.map(|p| p.text(lang))).collect();
    let problem_heights: Vec<u16> = problems
        .iter()
        .map(|p| {
            p.as_ref().map_or(1, |t| painter.height(&[(t, Default::default())], painter.ui_dir(), text_width).max(1))
        })
        .collect();
    let rows_height: u16 = problem_heights.iter().map(|h| h + 1).sum();
    let height = (intro_height + 1 + rows_height + 2).min(area.height);
    let boxed = widgets::centered(area, width, height);
    let block = painter.block(title);
    let inner = block.inner(boxed);
    frame.render_widget(Clear, boxed);
    frame.render_widget(block, boxed);
    let mut constraints = vec![Constraint::Length(intro_height), Constraint::Length(1)];
    constraints.extend(problem_heights.iter().map(|h| Constraint::Length(h + 1)));
    let areas = Layout::vertical(constraints).split(inner);
    painter.paragraph(frame.buffer_mut(), areas[0], &[(intro, Default::default())], painter.ui_dir());
    let label_width = rows.iter().map(|r| painter.width(r.label, painter.ui_dir())).max().unwrap_or(10) as u16 + 4;
    let label_width = label_width.min(inner.width * 2 / 5);
    for (i, row) in rows.iter().enumerate() {
        let [line, error] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(areas[i + 2]);
        let columns = painter.columns(line, &[Constraint::Length(label_width), Constraint::Fill(1)]);
        let style = if row.focused { theme::heading() } else { Default::default() };
        let marker = if row.focused { painter.pointer() } else { "  " };
        painter.line(frame.buffer_mut(), columns[0], &[(marker, style), (row.label, style)], painter.ui_dir());
        let active = row.focused && state.overlay.is_none();
        match &row.value {
            Value::Text(input) => painter.input(frame, columns[1], input, theme::input(active), active),
            Value::Masked(secret) => {
                let dots = TextInput::new(&"•".repeat(secret.chars()));
                painter.input(frame, columns[1], &dots, theme::input(active), active);
            }
        }
        if let Some(text) = &problems[i] {
            let message = Rect { x: error.x + 2, width: error.width.saturating_sub(4), ..error };
            painter.paragraph(frame.buffer_mut(), message, &[(text, theme::error())], painter.ui_dir());
        }
    }
}

pub fn draw_login(state: &AppState, painter: &Painter, login: &Login, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    // One problem at a time, under the field that has the focus.
    let field = |label: T, value, focused| Row::field(label.get(lang), value, focused, login.problem.as_ref());
    if let Some(change) = &login.change {
        let rows = [
            field(T::NewPasswordLabel, Value::Masked(&change.new), change.focus == ChangeFocus::New),
            field(T::PasswordAgainLabel, Value::Masked(&change.again), change.focus == ChangeFocus::Again),
        ];
        let title = T::MustChangeTitle.get(lang);
        return form(state, painter, frame, area, title, T::MustChangeIntro.get(lang), &rows);
    }
    let rows = [
        field(T::LoginUsername, Value::Text(&login.username), login.focus == LoginFocus::Username),
        field(T::LoginPassword, Value::Masked(&login.password), login.focus == LoginFocus::Password),
    ];
    let intro = match (state.encrypting, login.checking, state.opening) {
        (Some((done, total)), _, _) => {
            T::LoginEncrypting.fill(lang, &[("done", &done.to_string()), ("total", &total.to_string())])
        }
        (None, true, _) => T::LoginChecking.get(lang).to_string(),
        (None, false, true) => T::LoginOpening.get(lang).to_string(),
        (None, false, false) => T::LoginIntro.get(lang).to_string(),
    };
    form(state, painter, frame, area, T::LoginTitle.get(lang), &intro, &rows);
}

pub fn draw_first_run(state: &AppState, painter: &Painter, first: &FirstRun, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let label = |field: FirstRunField| match field {
        FirstRunField::Username => T::LoginUsername.get(lang),
        FirstRunField::FullName => T::FirstRunFullName.get(lang),
        FirstRunField::Password => T::FirstRunPassword.get(lang),
        FirstRunField::Again => T::PasswordAgainLabel.get(lang),
    };
    let rows = FirstRunField::ALL.map(|field| Row {
        label: label(field),
        value: match field {
            FirstRunField::Username => Value::Text(&first.username),
            FirstRunField::FullName => Value::Text(&first.full_name),
            FirstRunField::Password => Value::Masked(&first.password),
            FirstRunField::Again => Value::Masked(&first.again),
        },
        focused: first.focus == field,
        problem: first.errors[field as usize].as_ref(),
    });
    let intro = match (first.creating, first.upgrade) {
        (true, _) => T::FirstRunCreating,
        (false, true) => T::FirstRunUpgrade,
        (false, false) => T::FirstRunIntro,
    };
    form(state, painter, frame, area, T::FirstRunTitle.get(lang), intro.get(lang), &rows);
}

/// The idle lock's cover: the whole body is cleared first, so nothing of the screen under it
/// (a participant's name, an answer) stays visible.
pub fn draw_lock(state: &AppState, painter: &Painter, lock: &Lock, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    frame.render_widget(Clear, area);
    let user = state.session.as_ref().map(|s| crate::i18n::isolate(&s.username)).unwrap_or_default();
    let quit = keymap::key_for(keymap::Context::Locked, crate::app::Action::Quit, lang);
    let intro =
        format!("{} {}", T::LockIntro.fill(lang, &[("user", &user)]), T::LockOther.fill(lang, &[("key", &quit)]));
    let rows = [Row::field(T::LoginPassword.get(lang), Value::Masked(&lock.password), true, lock.problem.as_ref())];
    let intro = if lock.checking { T::LoginChecking.get(lang).to_string() } else { intro };
    form(state, painter, frame, area, T::LockTitle.get(lang), &intro, &rows);
}

/// The recovery key of a store just made, over everything, with its last group to type back.
pub fn draw_recovery(
    state: &AppState,
    painter: &Painter,
    cover: &crate::app::RecoveryCover,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    frame.render_widget(Clear, area);
    let shown = TextInput::new(cover.key.display().as_str());
    let problem = cover.problem.as_ref().or(cover.wrong_problem.as_ref());
    let temporary: Vec<(String, TextInput)> = cover
        .temporary
        .iter()
        .map(|(user, password)| (user.clone(), TextInput::new(secrecy::ExposeSecret::expose_secret(password))))
        .collect();
    let mut rows = vec![Row::field(T::RecoveryKeyLabel.get(lang), Value::Text(&shown), false, None)];
    rows.extend(temporary.iter().map(|(user, password)| Row::field(user, Value::Text(password), false, None)));
    rows.push(Row::field(T::RecoveryLastGroupLabel.get(lang), Value::Masked(&cover.typed), true, problem));
    let mut intro = format!("{} {}", T::InitRecoveryKey.get(lang), T::InitAskLastGroup.get(lang).trim_end());
    if !temporary.is_empty() {
        intro = format!("{} {intro}", T::EncryptTemporary.get(lang));
    }
    form(state, painter, frame, area, T::RecoveryTitle.get(lang), &intro, &rows);
}
