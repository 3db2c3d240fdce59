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
use crate::text::Dir;

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

/// What each axis's bars are filled with in the dashboard, and shown beside its name in the
/// legend: solid, medium shade, light shade. The axes are told apart by pattern as well as by
/// colour, so the chart reads on a monochrome terminal.
const AXIS_PATTERNS: [&str; 3] = ["█", "▒", "░"];

/// Columns of one bar of the month chart, and of the gap between months.
const BAR_WIDTH: u16 = 3;
const MONTH_GAP: u16 = 3;

pub fn draw_dashboard(state: &AppState, painter: &Painter, board: &Dashboard, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [stages, follow, reviews, legend, chart] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
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
    let r = &board.reviews;
    let text = T::DashReviews.fill(
        lang,
        &[
            ("submitted", &r.submitted.to_string()),
            ("returned", &r.returned.to_string()),
            ("approved", &r.approved.to_string()),
        ],
    );
    painter.ui_text(buf, reviews, &text, theme::heading());
    let short = [T::AxisSelfShort, T::AxisTextsShort, T::AxisSocietyShort];
    let names: Vec<String> =
        short.iter().zip(AXIS_PATTERNS).map(|(t, pattern)| format!("{pattern}{pattern} {}   ", t.get(lang))).collect();
    let pieces: Vec<(&str, Style)> =
        names.iter().zip(AXIS_COLORS).map(|(n, c)| (n.as_str(), Style::new().fg(c))).collect();
    painter.line(buf, legend, &pieces, painter.ui_dir());
    // The last months with sessions, one group of three bars (one per axis) each.
    let mut months: Vec<(i32, u32)> = board.sessions.iter().map(|(_, y, m, _)| (*y, *m)).collect();
    months.sort_unstable();
    months.dedup();
    let block = painter.block(T::SessionsPerMonth.get(lang));
    let inner = block.inner(chart);
    frame.render_widget(block, chart);
    let group = BAR_WIDTH * 3 + MONTH_GAP;
    if inner.width < group - MONTH_GAP || inner.height < 2 {
        return;
    }
    let fit = ((inner.width + MONTH_GAP) / group).max(1) as usize;
    let months = &months[months.len().saturating_sub(fit)..];
    let count = |axis: &str, y: i32, m: u32| {
        board.sessions.iter().find(|(a, yy, mm, _)| a == axis && *yy == y && *mm == m).map_or(0, |s| s.3)
    };
    let most = months.iter().flat_map(|&(y, m)| AXES.iter().map(move |a| count(a, y, m))).max().unwrap_or(0).max(1);
    // The last row holds the months; the tallest bar leaves a row above it for its number.
    let rows = inner.height.saturating_sub(1);
    let room = u64::from(rows.saturating_sub(1));
    let buf = frame.buffer_mut();
    for (g, &(y, m)) in months.iter().enumerate() {
        // Right to left, the months run from the right edge (the latest on the left), and the
        // axes of a month from the right, as the legend reads.
        let g = g as u16;
        let x = if painter.rtl { inner.right() + MONTH_GAP - (g + 1) * group } else { inner.x + g * group };
        for (a, axis) in AXES.iter().enumerate() {
            let column = if painter.rtl { 2 - a as u16 } else { a as u16 };
            let bar = Rect { x: x + column * BAR_WIDTH, y: inner.y, width: BAR_WIDTH, height: 1 };
            let n = count(axis, y, m);
            let height = if n == 0 { 0 } else { (n * room).div_ceil(most).max(1) as u16 };
            let style = Style::new().fg(AXIS_COLORS[a]);
            for r in 0..height.min(rows) {
                let row = inner.y + rows - 1 - r;
                for col in bar.left()..bar.right() {
                    buf.set_stringn(col, row, AXIS_PATTERNS[a], 1, style);
                }
            }
            // Its number just above it; no bar and no number when there were none.
            if n > 0 && height < rows {
                let number = n.to_string();
                let width = (painter.width(&number, Dir::Ltr) as u16).min(BAR_WIDTH);
                let at = Rect { x: bar.x + (BAR_WIDTH - width) / 2, y: inner.y + rows - 1 - height, width, ..bar };
                painter.text(buf, at, &number, Style::new(), Dir::Ltr);
            }
        }
        if rows < inner.height {
            let label = format!("{m:02}/{y}");
            let months_width = BAR_WIDTH * 3;
            let width = (painter.width(&label, Dir::Ltr) as u16).min(months_width);
            let at = Rect { x: x + (months_width - width) / 2, y: inner.y + rows, width, height: 1 };
            painter.text(buf, at, &label, theme::hint(), Dir::Ltr);
        }
    }
}
