//! The settings screen, one part at a time under a line naming the parts the account may use:
//! the display-mode chooser (the same sample line drawn in each mode, so the administrator
//! picks the one that reads right on this terminal without knowing what bidi is), the idle
//! time, and one's own password, masked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::{Painter, Piece};
use super::theme;
use crate::app::keymap::Context;
use crate::app::{Action, AppState, PasswordField, Settings, SettingsPart, TextInput};
use crate::i18n::T;
use crate::text::{BidiMode, Dir};

pub fn draw(state: &AppState, painter: &Painter, settings: &Settings, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [tabs, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let parts = crate::app::settings_parts(state);
    let labels: Vec<String> = parts.iter().map(|p| format!(" {} ", p.title().get(lang))).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for (part, label) in parts.iter().zip(&labels) {
        let style = if *part == settings.part { theme::selected() } else { theme::hint() };
        pieces.push((label, style));
        pieces.push(("  ", Style::new()));
    }
    painter.line(frame.buffer_mut(), tabs, &pieces, painter.ui_dir());
    let block = painter.block(settings.part.title().get(lang));
    let inner = block.inner(rest);
    frame.render_widget(block, rest);
    match settings.part {
        SettingsPart::Mode => modes(state, painter, settings.selected, frame, inner),
        SettingsPart::Idle => idle(state, painter, settings, frame, inner),
        SettingsPart::Password => password(state, painter, settings, frame, inner),
    }
}

fn modes(state: &AppState, painter: &Painter, selected: usize, frame: &mut Frame, inner: Rect) {
    let lang = state.lang;
    let [intro, modes] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
    let buf = frame.buffer_mut();
    let key = crate::app::keymap::key_for(Context::Settings, Action::Open, state.lang);
    let text = T::SettingsIntro.fill(lang, &[("key", &key)]);
    painter.paragraph(buf, intro, &[(text.as_str(), theme::heading())], painter.ui_dir());
    for (i, mode) in BidiMode::ALL.iter().enumerate() {
        let top = modes.y + 5 * i as u16;
        if top + 4 > modes.bottom() {
            break;
        }
        let name = match mode {
            BidiMode::App => T::ModeApp,
            BidiMode::Reorder => T::ModeReorder,
            BidiMode::Terminal => T::ModeTerminal,
        };
        let title = Rect { y: top, height: 2, ..modes };
        let in_use = if *mode == state.bidi { format!("[{}] ", T::ModeInUse.get(lang)) } else { String::new() };
        let marker = if i == selected { painter.pointer() } else { "  " };
        let style = if i == selected { theme::selected() } else { theme::heading() };
        let pieces = [(marker, style), (in_use.as_str(), style), (name.get(lang), style)];
        painter.paragraph(buf, title, &pieces, painter.ui_dir());
        // The sample is drawn by a painter in the mode it illustrates, as that mode would send it.
        let sample = Painter { mode: *mode, rtl: true, arabic_layer: None };
        let sample_row = Rect { x: modes.x + 4, y: top + 2, width: modes.width.saturating_sub(8), height: 1 };
        sample.text(buf, sample_row, T::SettingsSample.get(lang), Style::new(), Dir::Rtl);
    }
}

fn idle(state: &AppState, painter: &Painter, settings: &Settings, frame: &mut Frame, inner: Rect) {
    let lang = state.lang;
    let [intro, _, field] =
        Layout::vertical([Constraint::Length(3), Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    let now = settings.idle_now.map(|n| n.to_string()).unwrap_or_else(|| "…".into());
    let text = T::SettingsIdleIntro.fill(lang, &[("n", &now)]);
    painter.paragraph(frame.buffer_mut(), intro, &[(text.as_str(), theme::heading())], painter.ui_dir());
    let columns = painter.columns(field, &[Constraint::Length(20), Constraint::Length(6), Constraint::Fill(1)]);
    painter.ui_text(frame.buffer_mut(), columns[0], T::SettingsIdleLabel.get(lang), theme::heading());
    let active = state.overlay.is_none();
    painter.input(frame, columns[1], &settings.idle, theme::input(active), active);
}

/// The password fields, each shown as one dot per character typed: never the password.
fn password(state: &AppState, painter: &Painter, settings: &Settings, frame: &mut Frame, inner: Rect) {
    let lang = state.lang;
    let pw = &settings.password;
    let mut rows = vec![Constraint::Length(2), Constraint::Length(1)];
    rows.extend(PasswordField::ALL.map(|_| Constraint::Length(2)));
    let areas = Layout::vertical(rows).split(inner);
    painter.paragraph(frame.buffer_mut(), areas[0], &[(T::PwRulesHint.get(lang), theme::hint())], painter.ui_dir());
    let label_width =
        PasswordField::ALL.iter().map(|f| painter.width(f.label().get(lang), painter.ui_dir())).max().unwrap_or(20)
            as u16
            + 4;
    for (i, field) in PasswordField::ALL.iter().enumerate() {
        let [line, error] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(areas[i + 2]);
        let focused = pw.focus == *field;
        let columns = painter.columns(line, &[Constraint::Length(label_width), Constraint::Fill(1)]);
        let style = if focused { theme::heading() } else { Style::new() };
        let marker = if focused { painter.pointer() } else { "  " };
        painter.line(
            frame.buffer_mut(),
            columns[0],
            &[(marker, style), (field.label().get(lang), style)],
            painter.ui_dir(),
        );
        let active = focused && state.overlay.is_none();
        painter.input(frame, columns[1], &masked(pw.input(*field)), theme::input(active), active);
        if let Some((at, text)) = &pw.error
            && at == field
        {
            let message = Rect { x: error.x + 2, width: error.width.saturating_sub(4), ..error };
            painter.ui_text(frame.buffer_mut(), message, text, theme::error());
        }
    }
}

/// What a password input shows: a dot for each character, the cursor where it is.
pub fn masked(input: &crate::app::secret::SecretInput) -> TextInput {
    // One dot a character, the cursor after the last (a password field has no other place).
    TextInput::with_dir(&"•".repeat(input.chars()), Dir::Ltr)
}
