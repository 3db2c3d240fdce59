//! The view: draws [`AppState`] into a ratatui frame. It only reads state; one file per screen,
//! with shared pieces in `widgets`.

mod help;
mod home;
mod record;
mod register;
mod theme;
mod widgets;
mod wizard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::{AppState, Overlay, Screen, keymap};
use crate::i18n::T;

/// The smallest terminal the layout is designed for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

pub fn view(state: &AppState, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = T::TooSmall.fill(state.lang, &[("w", &area.width.to_string()), ("h", &area.height.to_string())]);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    title_bar(state, frame, top);
    match &state.screen {
        Screen::FirstRun(input) => register::first_run(state, input, frame, body),
        Screen::Home(home) => home::draw(state, home, frame, body),
        Screen::Register(reg) => register::draw(state, reg, frame, body),
        Screen::Record(record) => record::draw(state, record, frame, body),
        Screen::Wizard(w) => wizard::draw(state, w, frame, body),
    }
    status_line(state, frame, bottom);
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help::draw(state, *scroll, frame, body),
        Some(Overlay::Confirm(confirm)) => confirm_box(state, confirm.question(), frame, body),
        None => {}
    }
}

fn title_bar(state: &AppState, frame: &mut Frame, area: Rect) {
    let screen = match &state.screen {
        Screen::FirstRun(_) => T::FirstRunTitle.get(state.lang).to_string(),
        Screen::Home(_) => T::HomeTitle.get(state.lang).to_string(),
        Screen::Register(_) => T::RegisterTitle.get(state.lang).to_string(),
        Screen::Record(_) => T::RecordTitle.get(state.lang).to_string(),
        Screen::Wizard(w) => w.form.title.get(state.lang).to_string(),
    };
    let left = format!(" {} · {}", T::AppName.get(state.lang), screen);
    let right = format!("{} ", state.interviewer);
    let [l, r] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(widgets::width(&right) as u16)]).areas(area);
    frame.render_widget(Paragraph::new(left).style(theme::title_bar()), l);
    frame.render_widget(Paragraph::new(right).style(theme::title_bar()), r);
}

/// The bottom line: the last message if there is one, else the main keys of the screen.
fn status_line(state: &AppState, frame: &mut Frame, area: Rect) {
    let line = match &state.status {
        Some(status) => Line::from(Span::styled(status.text.clone(), theme::status(status.error))),
        None => {
            let mut spans = Vec::new();
            for (key, help) in keymap::hints(state.context()) {
                if widgets::width(&line_text(&spans)) + widgets::width(&key) + widgets::width(help.get(state.lang)) + 4
                    > area.width as usize
                {
                    break;
                }
                spans.push(Span::styled(format!(" {key} "), theme::key()));
                spans.push(Span::raw(format!(" {}  ", help.get(state.lang))));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn confirm_box(state: &AppState, question: T, frame: &mut Frame, body: Rect) {
    let text = question.get(state.lang);
    let area = widgets::centered(body, 64, 5);
    frame.render_widget(Clear, area);
    let block = theme::dialog_block("");
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), area);
}

fn line_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.content.as_ref()).collect()
}
