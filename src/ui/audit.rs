//! The audit screen: the entries in a table, newest first (names in any script through the
//! text layer), a line saying how many are shown and the filter, the filter form, and one
//! entry's detail with each field's before → after.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::Painter;
use super::theme;
use crate::app::AppState;
use crate::app::audit_screen::{self as audit, AuditLog, AuditMode, FilterFocus};
use crate::i18n::T;
use crate::store::audit::AuditEntry;
use crate::text::Dir;

/// An entry's time as the screen shows it, in local time.
pub(super) fn time(entry: &AuditEntry) -> String {
    entry.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}

/// An entry's time in the list: month, day and time in this year; the date alone before it
/// (the detail has the whole time).
pub(super) fn short_time(entry: &AuditEntry) -> String {
    use chrono::Datelike;
    let local = entry.at.with_timezone(&chrono::Local);
    let format = if local.year() == chrono::Local::now().year() { "%m-%d %H:%M" } else { "%Y-%m-%d" };
    local.format(format).to_string()
}

pub fn draw(state: &AppState, painter: &Painter, log: &AuditLog, frame: &mut Frame, area: Rect) {
    if let AuditMode::Detail(scroll) = log.mode
        && let Some(entry) = log.current()
    {
        return detail(state, painter, log, entry, scroll, frame, area);
    }
    let lang = state.lang;
    let form_height = if log.mode == AuditMode::Filter { 8 } else { 0 };
    let [list, summary, below] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1), Constraint::Length(form_height)]).areas(area);
    let block = painter.block(T::AuditTitle.get(lang));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    // Only the rows in view are laid out (the list may hold thousands of entries), scrolled as
    // the table scrolls: the selection on its last row.
    let height = inner.height.saturating_sub(1) as usize;
    let offset = (log.selected + 1).saturating_sub(height);
    let in_view = log.entries.iter().skip(offset).take(height);
    // The reason column is there when an entry in view has a reason; otherwise its room goes to
    // the names.
    let reasons = in_view.clone().any(|e| e.reason.is_some());
    let mut header = vec![T::AuditColTime, T::AuditColWho, T::AuditColAction, T::AuditColParticipant];
    let mut widths = vec![
        Constraint::Length(11),
        Constraint::Fill(4),
        Constraint::Fill(5),
        Constraint::Fill(if reasons { 3 } else { 4 }),
    ];
    if reasons {
        header.push(T::AuditColReason);
        widths.push(Constraint::Fill(2));
    }
    let header: Vec<&str> = header.iter().map(|t| t.get(lang)).collect();
    let rows: Vec<Vec<(String, Dir)>> = in_view
        .map(|e| {
            let mut row = vec![
                (short_time(e), Dir::Ltr),
                (audit::who(state, e), Dir::Auto),
                (audit::action_text(e, lang), painter.ui_dir()),
                (audit::participant(state, log, e).unwrap_or_default(), Dir::Auto),
            ];
            if reasons {
                row.push((e.reason.clone().unwrap_or_default(), Dir::Auto));
            }
            row
        })
        .collect();
    let selected =
        (log.mode == AuditMode::List && !log.entries.is_empty()).then_some(log.selected.saturating_sub(offset));
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, selected);
    if log.entries.is_empty() {
        empty_line(painter, frame, inner, if log.loading { T::AuditLoading } else { T::AuditEmpty }, lang);
    }
    let more = log.more_before.is_some();
    let mut words = shown_words(log.entries.len(), more, crate::app::keymap::Context::AuditLog, lang);
    let typed: Vec<String> = FilterFocus::ALL
        .iter()
        .filter(|f| log.filtered() && !log.form.input(**f).text().trim().is_empty())
        .map(|f| format!("{} {}", f.label().get(lang), crate::i18n::isolate(log.form.input(*f).text().trim())))
        .collect();
    if !typed.is_empty() {
        words = format!("{words} · {}", T::AuditFilteredBy.fill(lang, &[("filter", &typed.join(" · "))]));
    }
    painter.ui_text(frame.buffer_mut(), summary, &words, theme::hint());
    if log.mode == AuditMode::Filter {
        filter_form(state, painter, log, frame, below);
    }
}

fn filter_form(state: &AppState, painter: &Painter, log: &AuditLog, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let block = painter.block(T::AuditFilterTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([Constraint::Length(1); 6]).split(inner);
    for (i, focus) in FilterFocus::ALL.iter().enumerate() {
        let columns = painter.columns(rows[i], &[Constraint::Length(32), Constraint::Fill(1)]);
        let here = log.form.focus == *focus;
        let mark = if here { painter.pointer() } else { "  " };
        let style = if here { theme::heading() } else { Style::new() };
        painter.line(
            frame.buffer_mut(),
            columns[0],
            &[(mark, style), (focus.label().get(lang), style)],
            painter.ui_dir(),
        );
        let active = here && state.overlay.is_none();
        painter.input(frame, columns[1], log.form.input(*focus), theme::input(active), active);
    }
    if let Some(text) = &log.form.error {
        painter.ui_text(frame.buffer_mut(), rows[5], text, theme::error());
    }
}

/// The entry: when, who, what, on whom, why, the records it names, then each field's change,
/// scrolled `scroll` lines down.
fn detail(
    state: &AppState,
    painter: &Painter,
    log: &AuditLog,
    entry: &AuditEntry,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let block = painter.block(&T::AuditDetailTitle.fill(lang, &[("seq", &entry.seq.to_string())]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let none = T::AuditNone.get(lang).to_string();
    let mut lines: Vec<(String, String, Dir)> = vec![
        (T::AuditColTime.get(lang).into(), time(entry), Dir::Ltr),
        (T::AuditColWho.get(lang).into(), audit::who(state, entry), Dir::Auto),
        (T::AuditColAction.get(lang).into(), audit::action_text(entry, lang), painter.ui_dir()),
    ];
    if let Some(name) = audit::participant(state, log, entry) {
        lines.push((T::AuditColParticipant.get(lang).into(), name, Dir::Auto));
    }
    lines.push((T::AuditColReason.get(lang).into(), entry.reason.clone().unwrap_or_else(|| none.clone()), Dir::Auto));
    let records = if entry.records.is_empty() { none.clone() } else { entry.records.join(", ") };
    lines.push((T::AuditDetailRecords.get(lang).into(), records, Dir::Ltr));
    lines.push((String::new(), String::new(), Dir::Auto));
    if entry.changes.is_empty() {
        lines.push((T::AuditNoChanges.get(lang).into(), String::new(), Dir::Auto));
    }
    for change in &entry.changes {
        let before = change.before.clone().unwrap_or_else(|| "∅".into());
        let after = change.after.clone().unwrap_or_else(|| "∅".into());
        let arrow = if painter.ui_dir() == Dir::Rtl { "←" } else { "→" };
        let value = format!("{} {arrow} {}", crate::i18n::isolate(&before), crate::i18n::isolate(&after));
        lines.push((audit::field_label(state, &change.field), value, painter.ui_dir()));
    }
    let height = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(height));
    for (row, (label, value, dir)) in lines.iter().skip(scroll).take(height).enumerate() {
        let area = Rect { y: inner.y + row as u16, height: 1, ..inner };
        let columns = painter.columns(area, &[Constraint::Length(28), Constraint::Fill(1)]);
        painter.ui_text(frame.buffer_mut(), columns[0], label, theme::heading());
        painter.text(frame.buffer_mut(), columns[1], value, Style::new(), *dir);
    }
}

/// The line under a table's header saying it has no entries (or that they are being read).
pub fn empty_line(painter: &Painter, frame: &mut Frame, inner: Rect, text: T, lang: crate::i18n::Lang) {
    if inner.height > 1 {
        let empty = Rect { y: inner.y + 1, height: 1, ..inner };
        painter.ui_text(frame.buffer_mut(), empty, text.get(lang), theme::hint());
    }
}

/// "n entries shown", and the key that reads more when there are older ones (`more`).
pub fn shown_words(n: usize, more: bool, context: crate::app::keymap::Context, lang: crate::i18n::Lang) -> String {
    let key = crate::app::keymap::key_for(context, crate::app::Action::PageDown, lang);
    if more { T::AuditShownMore } else { T::AuditShown }.fill(lang, &[("n", &n.to_string()), ("key", &key)])
}
