//! The accounts screen: the accounts in a table (full names in any script, through the text
//! layer), the new-account form, the role chooser, and the page that shows a temporary
//! password once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::Painter;
use super::{theme, widgets};
use crate::app::keymap::{Context, key_for};
use crate::app::rights::role_word;
use crate::app::{AccountRow, Accounts, AccountsMode, Action, AddFocus, AppState, ShownPassword};
use crate::auth::{ExposeSecret, Role};
use crate::i18n::{Lang, T};
use crate::text::Dir;

/// What the state column says: active or disabled, locked until when, a temporary password.
fn state_words(row: &AccountRow, lang: Lang) -> String {
    let mut words = vec![if row.active { T::UsersActive } else { T::UsersDisabledWord }.get(lang).to_string()];
    if let Some(until) = row.locked_until {
        // A lock lasts minutes: its time alone, with the date only when it ends another day.
        let local = until.with_timezone(&chrono::Local);
        let format = if local.date_naive() == chrono::Local::now().date_naive() { "%H:%M" } else { "%Y-%m-%d %H:%M" };
        let time = local.format(format).to_string();
        words.push(T::UsersLockedUntil.fill(lang, &[("time", &time)]));
    }
    if row.must_change {
        words.push(T::UsersTemporary.get(lang).to_string());
    }
    words.join(", ")
}

pub fn draw(state: &AppState, painter: &Painter, accounts: &Accounts, frame: &mut Frame, area: Rect) {
    match &accounts.mode {
        AccountsMode::Shown(shown) => return temporary(state, painter, shown, frame, area),
        AccountsMode::Add(_) | AccountsMode::List | AccountsMode::Role(_) => {}
    }
    let lang = state.lang;
    let form_height = match &accounts.mode {
        AccountsMode::Add(_) => 9,
        AccountsMode::Role(_) => 6,
        _ => 0,
    };
    let [list, below] = Layout::vertical([Constraint::Fill(1), Constraint::Length(form_height)]).areas(area);
    let block = painter.block(T::AccountsTitle.get(lang));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let header = [T::AccColUsername, T::AccColFullName, T::AccColRole, T::AccColState].map(|t| t.get(lang));
    let rows: Vec<Vec<(String, Dir)>> = accounts
        .rows
        .iter()
        .map(|r| {
            vec![
                (r.username.clone(), Dir::Auto),
                (r.full_name.clone(), Dir::Auto),
                (role_word(r.role).get(lang).to_string(), painter.ui_dir()),
                (state_words(r, lang), painter.ui_dir()),
            ]
        })
        .collect();
    let widths = [Constraint::Length(13), Constraint::Fill(2), Constraint::Length(15), Constraint::Fill(3)];
    let selected = matches!(accounts.mode, AccountsMode::List | AccountsMode::Role(_)).then_some(accounts.selected);
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, selected);
    match &accounts.mode {
        AccountsMode::Add(form) => {
            let block = painter.block(T::AccAddTitle.get(lang));
            let inner = block.inner(below);
            frame.render_widget(block, below);
            let [user, name, role, error] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(Role::ALL.len() as u16 + 1),
                Constraint::Length(1),
            ])
            .areas(inner);
            let label = |focus: AddFocus| {
                let mark = if form.focus == focus { painter.pointer() } else { "  " };
                let style = if form.focus == focus { theme::heading() } else { Style::new() };
                (mark, style)
            };
            for (row, focus, title, input) in [
                (user, AddFocus::Username, T::AccColUsername, &form.username),
                (name, AddFocus::FullName, T::AccColFullName, &form.full_name),
            ] {
                let columns = painter.columns(row, &[Constraint::Length(18), Constraint::Fill(1)]);
                let (mark, style) = label(focus);
                painter.line(
                    frame.buffer_mut(),
                    columns[0],
                    &[(mark, style), (title.get(lang), style)],
                    painter.ui_dir(),
                );
                let active = form.focus == focus && state.overlay.is_none();
                painter.input(frame, columns[1], input, theme::input(active), active);
            }
            let (mark, style) = label(AddFocus::Role);
            let columns = painter.columns(role, &[Constraint::Length(18), Constraint::Fill(1)]);
            let role_title = Rect { height: 1, ..columns[0] };
            painter.line(
                frame.buffer_mut(),
                role_title,
                &[(mark, style), (T::AccColRole.get(lang), style)],
                painter.ui_dir(),
            );
            roles(state, painter, form.role, frame, columns[1]);
            if let Some(text) = &form.error {
                painter.ui_text(frame.buffer_mut(), error, text, theme::error());
            }
        }
        AccountsMode::Role(at) => {
            let user = accounts.current().map(|r| r.username.as_str()).unwrap_or_default();
            let block = painter.block(&T::AccRoleTitle.fill(lang, &[("user", user)]));
            let inner = block.inner(below);
            frame.render_widget(block, below);
            let [list, hint] = Layout::vertical([Constraint::Length(3), Constraint::Length(1)]).areas(inner);
            roles(state, painter, *at, frame, list);
            let key = key_for(Context::AccountSetRole, Action::Submit, lang);
            painter.ui_text(frame.buffer_mut(), hint, &T::AccRoleHint.fill(lang, &[("key", &key)]), theme::hint());
        }
        AccountsMode::List | AccountsMode::Shown(_) => {}
    }
}

/// The three roles, numbered, the one chosen (`at`) marked.
fn roles(state: &AppState, painter: &Painter, at: usize, frame: &mut Frame, area: Rect) {
    let texts: Vec<String> =
        Role::ALL.iter().enumerate().map(|(i, r)| format!("{}. {}", i + 1, role_word(*r).get(state.lang))).collect();
    let items: Vec<Vec<super::paint::Piece>> = texts.iter().map(|t| vec![(t.as_str(), Style::new())]).collect();
    painter.list(frame.buffer_mut(), area, &items, painter.ui_dir(), Some(at));
}

/// The temporary password, shown once, with whom to hand it to.
fn temporary(state: &AppState, painter: &Painter, shown: &ShownPassword, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let boxed = widgets::centered(area, 72, 12);
    let block = painter.block(T::AccountsTitle.get(lang));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [intro, _, password, _, note] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let who = format!("{} ({})", shown.username, shown.full_name);
    let text = match shown.role {
        Some(role) => T::UsersAdded.fill(lang, &[("user", &who), ("role", role_word(role).get(lang))]),
        None => T::UsersReset.fill(lang, &[("user", &who)]),
    };
    painter.paragraph(frame.buffer_mut(), intro, &[(text.as_str(), theme::heading())], painter.ui_dir());
    let row = widgets::centered(password, 24, 1);
    painter.text(frame.buffer_mut(), row, shown.password.expose_secret(), theme::selected(), Dir::Ltr);
    let hand = T::AccHandOver.fill(lang, &[("user", &shown.full_name)]);
    painter.paragraph(frame.buffer_mut(), note, &[(hand.as_str(), theme::hint())], painter.ui_dir());
}
