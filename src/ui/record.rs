//! The participant record: identity, programme stage, the next interview due, and the
//! timeline of stage changes and interviews, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};

use super::home::due_words;
use super::paint::{Painter, isolated};
use super::{theme, widgets};
use crate::app::keymap::{self, Context};
use crate::app::{Action, AppState, Entry, Record, due};
use crate::form::format_date;
use crate::i18n::{Lang, T};
use crate::store::{Stage, Status};
use crate::text::Dir;

pub fn stage_name(stage: Stage) -> T {
    match stage {
        Stage::Intake => T::StageIntake,
        Stage::InProgramme => T::StageInProgramme,
        Stage::Released => T::StageReleased,
        Stage::Aftercare => T::StageAftercare,
        Stage::Closed => T::StageClosed,
    }
}

/// A form's title by id (newest version), or the id when the form is not known.
pub fn form_title(state: &AppState, id: &str, lang: Lang) -> String {
    state
        .forms
        .iter()
        .filter(|f| f.id == id)
        .max_by_key(|f| f.version)
        .map_or(id.to_string(), |f| f.title.get(lang).into_owned())
}

/// Rows taken by [`identity`], borders included.
pub const IDENTITY_HEIGHT: u16 = 7;

/// Name, file number, birth date, facility, entry date, stage and next interview due: the
/// header of the record and of the screens opened from it.
pub fn identity(state: &AppState, painter: &Painter, record: &Record, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let summary = &record.summary;
    let p = &summary.participant;
    let block = painter.block(T::RecordTitle.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([Constraint::Length(1); 5]).split(inner);
    let buf = frame.buffer_mut();
    let names = painter.columns(rows[0], &[Constraint::Fill(1), Constraint::Fill(1)]);
    painter.text(buf, names[0], &crate::domain::display_name(&p.name_ar), theme::heading(), Dir::Rtl);
    painter.text(buf, names[1], &crate::domain::display_name(&p.name_latin), theme::heading(), Dir::Ltr);
    let label = |t: T| format!("{}{}", t.get(lang), T::Colon.get(lang));
    // "Label: value", the value isolated in its own direction after the label's words.
    let pair = |buf: &mut ratatui::buffer::Buffer, area: Rect, l: T, value: &str, dir: Dir| {
        let l = label(l);
        let value = isolated(value, dir);
        painter.line(buf, area, &[(&l, theme::hint()), (&value, Style::new())], painter.ui_dir());
    };
    let cols = painter.columns(rows[1], &[Constraint::Fill(1), Constraint::Fill(1)]);
    pair(buf, cols[0], T::ColFileNo, &p.file_number, Dir::Ltr);
    pair(buf, cols[1], T::RecordBorn, &format_date(p.date_of_birth), Dir::Ltr);
    let cols = painter.columns(rows[2], &[Constraint::Fill(1), Constraint::Fill(1)]);
    pair(buf, cols[0], T::RecordFacility, &p.facility, Dir::Auto);
    pair(buf, cols[1], T::RecordEntered, &format_date(p.entry_date), Dir::Ltr);
    let stage = T::StageSince
        .fill(lang, &[("stage", stage_name(summary.stage).get(lang)), ("date", &format_date(summary.stage_since))]);
    pair(buf, rows[3], T::StageLabel, &stage, painter.ui_dir());
    let next = match (due(summary, state.today), &summary.next_due) {
        (Some((date, when)), Some(d)) => T::NextDue.fill(
            lang,
            &[
                ("form", &form_title(state, &d.form_id, lang)),
                ("date", &format_date(date)),
                ("when", &due_words(when, lang)),
            ],
        ),
        _ => T::NothingDue.get(lang).to_string(),
    };
    let style = match due(summary, state.today) {
        Some((_, crate::app::DueState::Overdue(_))) => theme::error(),
        _ => Style::new(),
    };
    painter.ui_text(buf, rows[4], &next, style);
}

pub fn draw(state: &AppState, painter: &Painter, record: &Record, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let [head, list] = Layout::vertical([Constraint::Length(IDENTITY_HEIGHT), Constraint::Fill(1)]).areas(area);
    identity(state, painter, record, frame, head);
    // A name from before accounts is marked in the list; the title says what the mark means.
    let mut authors =
        record.interviews.iter().map(|i| &i.interviewer).chain(record.stages.iter().map(|e| &e.interviewer));
    let title = if authors.any(|a| a.account().is_none()) {
        format!("{} · {}", T::RecordInterviews.get(lang), T::AuthorBeforeAccountsLegend.get(lang))
    } else {
        T::RecordInterviews.get(lang).to_string()
    };
    let block = painter.block_in(&title, list.width);
    let inner = block.inner(list);
    frame.render_widget(block, list);
    if record.timeline.is_empty() {
        let text_area = widgets::centered(inner, 64, 3);
        let key = keymap::key_for(Context::Record, Action::NewInterview, lang);
        let text = T::RecordNoInterviews.fill(lang, &[("key", &key)]);
        let message = [(text.as_str(), theme::heading())];
        painter.paragraph(frame.buffer_mut(), text_area, &message, painter.ui_dir());
        return;
    }
    let header = [T::ColDate, T::ColForm, T::ColStatus, T::ColInterviewer].map(|t| t.get(lang));
    let rows: Vec<Vec<(String, Dir)>> = record
        .timeline
        .iter()
        .map(|entry| match *entry {
            Entry::Interview(i) => {
                let iv = &record.interviews[i];
                let status = match iv.status {
                    Status::Draft => T::StatusDraft,
                    Status::Final => T::StatusFinal,
                };
                vec![
                    (format_date(iv.shown_date()), Dir::Ltr),
                    (form_title(state, &iv.form_id, lang), painter.ui_dir()),
                    (status_words(record, iv, status, lang), painter.ui_dir()),
                    (state.authors.name_in_list(&iv.interviewer, lang), Dir::Auto),
                ]
            }
            Entry::Stage(i) => {
                let e = &record.stages[i];
                // A voided change stays, struck through and named so (many terminals do not
                // draw strike-through).
                let label = if record.is_voided(i) { T::FixVoidedWord } else { T::StageLabel };
                let text = T::StageChange.fill(
                    lang,
                    &[
                        ("from", stage_name(e.from).get(lang)),
                        ("to", stage_name(e.stage).get(lang)),
                        ("reason", &e.reason),
                    ],
                );
                vec![
                    (format_date(e.date), Dir::Ltr),
                    (text, painter.ui_dir()),
                    (label.get(lang).to_string(), painter.ui_dir()),
                    (state.authors.name_in_list(&e.interviewer, lang), Dir::Auto),
                ]
            }
        })
        .collect();
    // A third of the room for the interviewer, and at 80 columns the 18 a full name such as
    // "Samira El Idrissi" needs; the form (or the stage change and its reason) gets the rest.
    // The date takes 10 columns, the status 9 (more for "amended" and its number of
    // versions and the review state, up to 38), and 2 between each.
    let status = rows
        .iter()
        .filter_map(|row| row.get(2))
        .map(|(text, dir)| painter.width(text, *dir) as u16)
        .max()
        .unwrap_or(0)
        .clamp(9, 38);
    let room = inner.width.saturating_sub(10 + status + 3 * 2);
    let who = (room / 3).max(18.min(room / 2));
    let widths = [Constraint::Length(10), Constraint::Fill(1), Constraint::Length(status), Constraint::Length(who)];
    painter.table(frame.buffer_mut(), inner, &widths, &header, &rows, Some(record.selected));
    // The rows of voided stage changes struck through, as the table placed them.
    let height = usize::from(inner.height.saturating_sub(1));
    let offset = (record.selected + 1).saturating_sub(height);
    for (row, entry) in record.timeline.iter().enumerate().skip(offset).take(height) {
        if let Entry::Stage(i) = *entry
            && record.is_voided(i)
        {
            let line = Rect { y: inner.y + 1 + (row - offset) as u16, height: 1, ..inner };
            frame.buffer_mut().set_style(line, Style::new().add_modifier(Modifier::CROSSED_OUT));
        }
    }
    if let Some(asking) = &record.asking {
        let question = match asking.of {
            crate::app::FixOf::VoidStage(_) => (T::FixVoidTitle, T::FixVoidAsk),
            crate::app::FixOf::DiscardDraft(_) => (T::FixDiscardTitle, T::FixDiscardAsk),
        };
        crate::ui::reason_box(state, painter, question, &asking.reason, frame, list);
    }
}

/// An interview's status in the timeline: draft, final, or, once amended, "amended" with how
/// many versions it has.
/// A finalized interview shows its review state in place of "final" (a reviewed interview is
/// final; the form column keeps its room at 80 columns): "submitted", "returned",
/// "approved, locked", "unlocked"; after "amended" and its versions once amended.
fn status_words(record: &Record, interview: &crate::store::Interview, status: T, lang: Lang) -> String {
    let review = match (interview.status, record.reviews.get(&interview.id)) {
        (crate::store::Status::Draft, _) => None,
        (_, Some(r)) => Some(r.state.word().get(lang)),
        (_, None) => Some(crate::store::ReviewState::Submitted.word().get(lang)),
    };
    match (record.versions_of(&interview.id), review) {
        (n, Some(review)) if n > 1 => format!("{} · {review}", T::CorrAmended.count(lang, n as usize)),
        (n, None) if n > 1 => T::CorrAmended.count(lang, n as usize),
        (_, Some(review)) => review.to_string(),
        (_, None) => status.get(lang).to_string(),
    }
}
