//! The progress screens: one participant's scores on each axis across interviews, as a bar
//! chart, with attendance; and the dashboard of the whole programme. Charts run from the right
//! in an Arabic interface, as the text does.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup};

use super::paint::Painter;
use super::record::{IDENTITY_HEIGHT, identity, stage_name};
use super::theme;
use crate::app::{AppState, Dashboard, Progress};
use crate::form::AXES;
use crate::i18n::T;
use crate::store::{Stage, Status};

pub fn axis_name(axis: usize) -> T {
    [T::AxisSelf, T::AxisTexts, T::AxisSociety][axis.min(2)]
}

pub fn draw_progress(state: &AppState, painter: &Painter, progress: &Progress, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [head, title, chart, attendance] = Layout::vertical([
        Constraint::Length(IDENTITY_HEIGHT),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    identity(state, painter, &progress.record, frame, head);
    let axis = AXES[progress.axis];
    let heading = T::ProgressAxis
        .fill(lang, &[("i", &(progress.axis + 1).to_string()), ("axis", axis_name(progress.axis).get(lang))]);
    painter.ui_text(frame.buffer_mut(), title, &heading, theme::heading());
    let mut points: Vec<(chrono::NaiveDate, i64)> = progress
        .record
        .interviews
        .iter()
        .filter(|i| i.status == Status::Final)
        .filter_map(|i| i.measures.indicators.get(axis).map(|v| (i.shown_date(), *v)))
        .collect();
    points.sort();
    let block = painter.block(T::ProgressTitle.get(lang));
    let inner = block.inner(chart);
    if points.is_empty() {
        frame.render_widget(block, chart);
        painter.ui_text(frame.buffer_mut(), inner, T::ProgressNone.get(lang), theme::hint());
    } else {
        // As many of the latest scores as fit, five columns each.
        let fit = (inner.width as usize / 6).max(1);
        let shown = &points[points.len().saturating_sub(fit)..];
        let mut bars: Vec<Bar> = shown
            .iter()
            .map(|(date, v)| {
                Bar::default()
                    .value((*v).max(0) as u64)
                    .label(Line::from(format!("{:02}/{:02}", date.day(), date.month())))
                    .text_value(v.to_string())
            })
            .collect();
        // Right to left, the bars stand against the right edge, the latest on the left.
        let used = (bars.len() as u16 * 6).saturating_sub(1).min(inner.width);
        let area = if painter.rtl {
            bars.reverse();
            Rect { x: inner.right() - used, width: used, ..inner }
        } else {
            Rect { width: used, ..inner }
        };
        frame.render_widget(block, chart);
        let widget = BarChart::default().bar_width(5).bar_gap(1).max(5).data(BarGroup::default().bars(&bars));
        frame.render_widget(widget.bar_style(theme::heading()).value_style(theme::selected()), area);
    }
    let sessions: Vec<bool> = progress
        .record
        .interviews
        .iter()
        .filter(|i| i.status == Status::Final)
        .filter_map(|i| i.measures.attended)
        .collect();
    let attended = sessions.iter().filter(|a| **a).count();
    let text = T::Attendance.fill(lang, &[("n", &attended.to_string()), ("total", &sessions.len().to_string())]);
    painter.ui_text(frame.buffer_mut(), attendance, &text, Style::new());
}

/// Colours of the three axes in the dashboard (the legend names them too).
const AXIS_COLORS: [Color; 3] = [Color::Cyan, Color::Yellow, Color::Magenta];

pub fn draw_dashboard(state: &AppState, painter: &Painter, board: &Dashboard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [stages, follow, legend, chart] =
        Layout::vertical([Constraint::Length(7), Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)])
            .areas(area);
    let block = painter.block(T::PerStage.get(lang));
    let inner = block.inner(stages);
    frame.render_widget(block, stages);
    let most = board.per_stage.iter().copied().max().unwrap_or(0).max(1);
    // The stage names' column is as wide as the longest name, measured by the text layer.
    let name_width = Stage::ALL.iter().map(|s| painter.width(stage_name(*s).get(lang), painter.ui_dir())).max();
    let name_width = (name_width.unwrap_or(18) as u16).min(inner.width / 3);
    let bar_room = inner.width.saturating_sub(name_width + 2 + 16) as usize;
    let buf = frame.buffer_mut();
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let row = Rect { y: inner.y + i as u16, height: 1, ..inner };
        if row.y >= inner.bottom() {
            break;
        }
        let columns = painter.columns(row, &[Constraint::Length(name_width), Constraint::Fill(1)]);
        painter.ui_text(buf, columns[0], stage_name(*stage).get(lang), Style::new());
        let count = board.per_stage[i];
        let bar = "█".repeat((count * bar_room).div_ceil(most).min(bar_room));
        let number = format!(" {count}");
        painter.line(buf, columns[1], &[(&bar, theme::heading()), (&number, Style::new())], painter.ui_dir());
    }
    let text = T::FollowUps.fill(lang, &[("late", &board.overdue.to_string()), ("soon", &board.due_soon.to_string())]);
    let style = if board.overdue > 0 { theme::error() } else { theme::heading() };
    painter.ui_text(buf, follow, &text, style);
    let short = [T::AxisSelfShort, T::AxisTextsShort, T::AxisSocietyShort];
    let names: Vec<String> = short.iter().map(|t| format!("■ {}   ", t.get(lang))).collect();
    let pieces: Vec<(&str, Style)> =
        names.iter().zip(AXIS_COLORS).map(|(n, c)| (n.as_str(), Style::new().fg(c))).collect();
    painter.line(buf, legend, &pieces, painter.ui_dir());
    // The last months with sessions, one group of three bars (one per axis) each.
    let mut months: Vec<(i32, u32)> = board.sessions.iter().map(|(_, y, m, _)| (*y, *m)).collect();
    months.sort_unstable();
    months.dedup();
    let block = painter.block(T::SessionsPerMonth.get(lang));
    let fit = (block.inner(chart).width as usize / 13).max(1);
    let months = &months[months.len().saturating_sub(fit)..];
    let mut groups: Vec<BarGroup> = months
        .iter()
        .map(|&(y, m)| {
            let bars: Vec<Bar> = AXES
                .iter()
                .zip(AXIS_COLORS)
                .map(|(axis, color)| {
                    let n = board
                        .sessions
                        .iter()
                        .find(|(a, yy, mm, _)| a == axis && *yy == y && *mm == m)
                        .map_or(0, |s| s.3);
                    Bar::default()
                        .value(n)
                        .style(Style::new().fg(color))
                        .value_style(Style::new().fg(Color::Black).bg(color))
                })
                .collect();
            BarGroup::default().label(Line::from(format!("{m:02}/{y}"))).bars(&bars)
        })
        .collect();
    let inner = block.inner(chart);
    let used = (groups.len() as u16 * 12).saturating_sub(3).min(inner.width);
    // Right to left, the months stand against the right edge, the latest on the left.
    let area = if painter.rtl {
        groups.reverse();
        Rect { x: inner.right() - used, width: used, ..inner }
    } else {
        Rect { width: used, ..inner }
    };
    frame.render_widget(block, chart);
    let mut widget = BarChart::default().bar_width(3).bar_gap(0).group_gap(3);
    for group in groups {
        widget = widget.data(group);
    }
    frame.render_widget(widget, area);
}
