//! The history of a participant: its entries newest first in a table (when, who, what, why,
//! and the fields changed, labelled in the interface's language), and one entry's detail with
//! each field's before → after. Names and values in any script go through the text layer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

use super::audit::{short_time, time};
use super::paint::Painter;
use super::theme;
use crate::app::AppState;
use crate::app::audit_screen as audit;
use crate::app::history_screen::{self as history, History, HistoryMode};
use crate::i18n::T;
use crate::store::audit::AuditEntry;
use crate::text::Dir;

/// The participant's name as the title shows it: Arabic in Arabic, Latin otherwise (the other
/// when one is empty), and the file number.
fn whose(state: &AppState, h: &History) -> String {
    let p = h.participant();
    let name = match (state.lang, p.name_ar.is_empty(), p.name_latin.is_empty()) {
        (crate::i18n::Lang::Ar, false, _) | (_, false, true) => &p.name_ar,
        _ => &p.name_latin,
    };
    T::HistTitle.fill(state.lang, &[("name", name), ("file", &p.file_number)])
}

/// The fields an entry changed, by their labels, for the list.
fn fields(state: &AppState, entry: &AuditEntry) -> String {
    let labels: Vec<String> = entry
        .changes
        .iter()
        .filter(|c| c.field != "form")
        .map(|c| history::field_label(state, entry, &c.field))
        .collect();
    labels.join(", ")
}

pub fn draw(state: &AppState, painter: &Painter, h: &History, frame: &mut Frame, area: Rect) {
    if let HistoryMode::Detail(scroll) = h.mode
        && let Some(entry) = h.current()
    {
        return detail(state, painter, h, entry, scroll, frame, area);
    }
    let lang = state.lang;
    let [list, summary] = ratatui::layout::Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let block = painter.block(&whose(state, h));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    // Only the rows in view are laid out, scrolled with the selection on the last row.
    let height = inner.height.saturating_sub(1) as usize;
    let offset = (h.selected + 1).saturating_sub(height);
    let header: Vec<&str> =
        [T::AuditColTime, T::AuditColWho, T::AuditColAction, T::AuditColReason].iter().map(|t| t.get(lang)).collect();
    // The fields changed are listed where the room allows (the detail always has them).
    let wide = inner.width >= 110;
    let mut header = header;
    let mut widths = vec![Constraint::Length(11), Constraint::Fill(3), Constraint::Fill(5), Constraint::Fill(2)];
    if wide {
        header.push(T::HistColFields.get(lang));
        widths.push(Constraint::Fill(3));
    }
    let rows: Vec<Vec<(String, Dir)>> = h
        .entries
        .iter()
        .skip(offset)
        .take(height)
        .map(|e| {
            let mut row = vec![
                (short_time(e), Dir::Ltr),
                (audit::who(state, e), Dir::Auto),
                (audit::action_text(e, lang), painter.ui_dir()),
                (e.reason.clone().unwrap_or_default(), Dir::Auto),
            ];
            if wide {
                row.push((fields(state, e), painter.ui_dir()));
            }
            row
        })
        .collect();
    let selected = (!h.entries.is_empty()).then_some(h.selected.saturating_sub(offset));
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, selected);
    if h.entries.is_empty() {
        super::audit::empty_line(painter, frame, inner, if h.loading { T::AuditLoading } else { T::HistEmpty }, lang);
    }
    let more = h.more_before.is_some();
    let words = super::audit::shown_words(h.entries.len(), more, crate::app::keymap::Context::History, lang);
    painter.ui_text(frame.buffer_mut(), summary, &words, theme::hint());
}

/// The entry: when, who, what, why; then each field's change under its label, scrolled
/// `scroll` lines down; for an interview's version, how to open it as it was.
fn detail(
    state: &AppState,
    painter: &Painter,
    h: &History,
    entry: &AuditEntry,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let block = painter.block(&whose(state, h));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let none = T::AuditNone.get(lang).to_string();
    let mut lines: Vec<(String, String, Dir)> = vec![
        (T::AuditColTime.get(lang).into(), time(entry), Dir::Ltr),
        (T::AuditColWho.get(lang).into(), audit::who(state, entry), Dir::Auto),
        (T::AuditColAction.get(lang).into(), audit::action_text(entry, lang), painter.ui_dir()),
        (T::AuditColReason.get(lang).into(), entry.reason.clone().unwrap_or_else(|| none.clone()), Dir::Auto),
    ];
    if history::version_entry(entry).is_some() {
        let key = crate::app::keymap::key_for(
            crate::app::keymap::Context::HistoryDetail,
            crate::app::Action::OpenVersion,
            lang,
        );
        lines.push((String::new(), T::HistOpenVersion.fill(lang, &[("key", &key)]), painter.ui_dir()));
    }
    lines.push((String::new(), String::new(), Dir::Auto));
    if entry.changes.is_empty() {
        lines.push((T::AuditNoChanges.get(lang).into(), String::new(), Dir::Auto));
    }
    let rtl = painter.ui_dir() == Dir::Rtl;
    for change in &entry.changes {
        let before = history::value_words(state, entry, &change.field, change.before.as_deref());
        let after = history::value_words(state, entry, &change.field, change.after.as_deref());
        let value = history::change_words(before.as_deref(), after.as_deref(), rtl);
        lines.push((history::field_label(state, entry, &change.field), value, painter.ui_dir()));
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
