//! Home: every participant (most recent activity first), or those overdue or due this week;
//! `/` searches as you type. Only the rows on screen are laid out, so the list costs the same
//! with ten participants or a hundred thousand.

use crate::domain::display_name;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::paint::{Painter, Piece, isolated};
use super::{theme, widgets};
use crate::app::keymap::{self, Context};
use crate::app::{Action, AppState, DueState, Home, HomeTab, due};
use crate::form::format_date;
use crate::i18n::{Lang, T};
use crate::store::Summary;
use crate::text::Dir;

/// "3 days late", "today", "in 4 days".
pub fn due_words(state: DueState, lang: Lang) -> String {
    match state {
        DueState::Overdue(n) => T::DueLate.fill(lang, &[("n", &n.to_string())]),
        DueState::Soon(0) => T::DueToday.get(lang).to_string(),
        DueState::Soon(n) | DueState::Later(n) => T::DueIn.fill(lang, &[("n", &n.to_string())]),
    }
}

/// A tab's name with its count, as its tab and (but for All) its list's box are titled.
fn tab_label(state: &AppState, home: &Home, tab: HomeTab) -> String {
    let (word, n) = match tab {
        HomeTab::All => (T::TabAll, home.counts[0]),
        HomeTab::Overdue => (T::TabOverdue, home.counts[1]),
        HomeTab::DueSoon => (T::TabDueSoon, home.counts[2]),
        HomeTab::ToReview => (T::TabToReview, state.work.totals.0 as usize),
        HomeTab::Returned => (T::TabReturned, state.work.totals.1 as usize),
        HomeTab::Drafts => (T::TabDrafts, state.work.drafts.len()),
    };
    word.fill(state.lang, &[("n", &n.to_string())])
}

fn tabs(state: &AppState, painter: &Painter, home: &Home, frame: &mut Frame, area: Rect) {
    let tabs = crate::app::home_tabs(state);
    let labels: Vec<String> = tabs.iter().map(|tab| format!(" {} ", tab_label(state, home, *tab))).collect();
    // When they do not all fit (six tabs at 80 columns), the first ones are left out until the
    // tab shown fits, so its title and count are always on screen.
    let shown_at = tabs.iter().position(|t| *t == home.tab).unwrap_or(0);
    let width = |i: usize| painter.width(&labels[i], painter.ui_dir()) + 1;
    let mut first = 0;
    while first < shown_at && (first..tabs.len()).map(width).sum::<usize>() > area.width as usize {
        first += 1;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for (tab, label) in tabs.iter().zip(&labels).skip(first) {
        let style = if *tab == home.tab { theme::selected() } else { theme::hint() };
        pieces.push((label, style));
        pieces.push((" ", Style::new()));
    }
    painter.line(frame.buffer_mut(), area, &pieces, painter.ui_dir());
}

pub fn draw(state: &AppState, painter: &Painter, home: &Home, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let show_filter = home.filtering || !home.filter.is_empty();
    let [tab_area, list_area, filter_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(if show_filter { 1 } else { 0 }),
    ])
    .areas(area);
    tabs(state, painter, home, frame, tab_area);
    // The list's box says which list it is: "Participants" for everyone, else the tab's name.
    let title = match home.tab {
        HomeTab::All => T::HomeTitle.get(lang).to_string(),
        tab => tab_label(state, home, tab),
    };
    let block = painter.block(&title);
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    if home.shown.is_empty() {
        // Say what the list means: a filter that matches nobody, or a tab with nobody in it.
        let message = if state.directory.is_empty() {
            let key = keymap::key_for(Context::Home, Action::NewParticipant, lang);
            T::HomeEmpty.fill(lang, &[("key", &key)])
        } else if !home.filter.text().trim().is_empty() {
            T::HomeNoMatch.get(lang).to_string()
        } else {
            match home.tab {
                HomeTab::Overdue => T::TabOverdueEmpty.get(lang).to_string(),
                HomeTab::DueSoon => T::TabDueSoonEmpty.get(lang).to_string(),
                HomeTab::All => T::HomeNoMatch.get(lang).to_string(),
                HomeTab::ToReview => T::TabToReviewEmpty.get(lang).to_string(),
                HomeTab::Returned => T::TabReturnedEmpty.get(lang).to_string(),
                HomeTab::Drafts => T::TabDraftsEmpty.get(lang).to_string(),
            }
        };
        let text_area = widgets::centered(inner, 64, 3);
        painter.paragraph(frame.buffer_mut(), text_area, &[(&message, theme::heading())], painter.ui_dir());
    } else if home.tab.is_work() {
        work_rows(state, painter, home, frame, inner);
    } else {
        let last = if home.tab == HomeTab::All { T::ColLastInterview } else { T::ColDue };
        let header = [T::ColNameAr, T::ColNameLatin, T::ColFileNo, last].map(|t| t.get(lang));
        let height = inner.height.saturating_sub(1) as usize;
        let offset = (home.selected + 1).saturating_sub(height);
        let rows: Vec<Vec<(String, Dir)>> = home.shown[offset..(offset + height).min(home.shown.len())]
            .iter()
            .map(|&i| row(state, &state.directory[i as usize], home.tab))
            .collect();
        let widths = [Constraint::Fill(3), Constraint::Fill(3), Constraint::Length(13), Constraint::Length(26)];
        painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, Some(home.selected - offset));
    }
    if let Some(asking) = &home.discarding {
        super::reason_box(state, painter, (T::FixDiscardTitle, T::FixDiscardAsk), &asking.reason, frame, list_area);
    }
    if show_filter {
        let prompt = T::FilterPrompt.get(lang);
        let prompt_width = painter.width(prompt, painter.ui_dir()) as u16;
        let columns = painter.columns(filter_area, &[Constraint::Length(prompt_width), Constraint::Fill(1)]);
        painter.ui_text(frame.buffer_mut(), columns[0], prompt, theme::heading());
        painter.input(frame, columns[1], &home.filter, theme::input(home.filtering), home.filtering);
    }
}

fn row(state: &AppState, s: &Summary, tab: HomeTab) -> Vec<(String, Dir)> {
    let p = &s.participant;
    let last = match tab {
        HomeTab::All => s.last_interview.map(format_date).unwrap_or_else(|| T::NoAnswer.get(state.lang).to_string()),
        _ => match due(s, state.today) {
            Some((date, when)) => {
                format!("{} {}", isolated(&format_date(date), Dir::Ltr), due_words(when, state.lang))
            }
            None => String::new(),
        },
    };
    vec![
        (display_name(&p.name_ar).into_owned(), Dir::Rtl),
        (display_name(&p.name_latin).into_owned(), Dir::Ltr),
        (display_name(&p.file_number).into_owned(), Dir::Ltr),
        (last, if tab == HomeTab::All { Dir::Ltr } else { Dir::Auto }),
    ]
}

/// A work list: whose interview and since when, with the supervisor's comment (Returned), the
/// file number and the interviewer who took it (To review: the review list does not hold the
/// form), or the form and, for whoever sees everyone's drafts, the interviewer who started it
/// (Drafts; else the file number).
fn work_rows(state: &AppState, painter: &Painter, home: &Home, frame: &mut Frame, inner: Rect) {
    let lang = state.lang;
    let list = crate::app::work_list(state, home.tab);
    let everyones_drafts = home.tab == HomeTab::Drafts && state.may(crate::auth::Action::ResumeAnyDraft);
    let middle: &[T] = match home.tab {
        HomeTab::Returned => &[T::ColComment],
        HomeTab::Drafts if everyones_drafts => &[T::ColForm, T::ColInterviewer],
        HomeTab::Drafts => &[T::ColForm, T::ColFileNo],
        _ => &[T::ColFileNo, T::ColInterviewer],
    };
    let header: Vec<&str> =
        [T::ColNameAr, T::ColNameLatin].iter().chain(middle).chain(&[T::ColSince]).map(|t| t.get(lang)).collect();
    let height = inner.height.saturating_sub(1) as usize;
    let offset = (home.selected + 1).saturating_sub(height);
    let rows: Vec<Vec<(String, Dir)>> = home.shown[offset..(offset + height).min(home.shown.len())]
        .iter()
        .filter_map(|&i| list.get(i as usize))
        .map(|item| {
            let since = format_date(item.since.with_timezone(&chrono::Local).date_naive());
            let mut row = vec![
                (display_name(&item.name_ar).into_owned(), Dir::Rtl),
                (display_name(&item.name_latin).into_owned(), Dir::Ltr),
            ];
            for column in middle {
                row.push(match column {
                    T::ColComment => (display_name(item.comment.as_deref().unwrap_or("")).into_owned(), Dir::Auto),
                    T::ColForm => (super::record::form_title(state, &item.form_id, lang), painter.ui_dir()),
                    T::ColInterviewer => {
                        let name = item.author.as_ref().map(|a| state.authors.name_in_list(a, lang));
                        (name.unwrap_or_default(), Dir::Auto)
                    }
                    _ => (display_name(&item.file_number).into_owned(), Dir::Ltr),
                });
            }
            row.push((since, Dir::Ltr));
            row
        })
        .collect();
    let mut widths = vec![Constraint::Fill(2), Constraint::Fill(2)];
    widths.extend(middle.iter().map(|column| match column {
        T::ColComment => Constraint::Fill(4),
        T::ColFileNo => Constraint::Length(13),
        // Room for a full name such as "Ilyas Interviewer", as on the record's timeline.
        T::ColInterviewer => Constraint::Length(18),
        _ => Constraint::Fill(2),
    }));
    widths.push(Constraint::Length(11));
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, Some(home.selected - offset));
}
