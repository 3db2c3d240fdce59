//! The view: draws [`AppState`] into a ratatui frame. It only reads state; one file per screen.
//! All text goes through [`paint::Painter`], so Arabic is ordered and shaped everywhere.

mod accounts;
mod audit;
mod help;
mod history;
mod home;
mod login;
pub mod paint;
mod progress;
mod record;
mod register;
mod settings;
mod stage;
mod theme;
mod widgets;
mod wizard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Clear;

use crate::app::{AppState, Overlay, Screen, keymap};
use crate::i18n::T;
use paint::Painter;

/// The smallest terminal the layout is designed for.
pub const MIN_SIZE: (u16, u16) = crate::app::MIN_SIZE;

pub fn view(state: &AppState, frame: &mut Frame) {
    let area = frame.area();
    let painter = Painter::new(state);
    // Hidden whenever `update` ignores keys (the size it was told), and whenever the frame
    // itself is too small for the layout.
    if state.too_small() || crate::app::too_small((area.width, area.height)) {
        let text = T::TooSmall.fill(state.lang, &[("w", &area.width.to_string()), ("h", &area.height.to_string())]);
        painter.paragraph(frame.buffer_mut(), area, &[(&text, theme::heading())], painter.ui_dir());
        return;
    }
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    title_bar(state, &painter, frame, top);
    if let Some(lock) = &state.lock {
        // Nothing of the screen under the cover is drawn, no overlay and no message either.
        login::draw_lock(state, &painter, lock, frame, body);
        status_line(state, &painter, frame, bottom);
        return;
    }
    if let Some(cover) = &state.recovery {
        login::draw_recovery(state, &painter, cover, frame, body);
        status_line(state, &painter, frame, bottom);
        return;
    }
    match &state.screen {
        Screen::FirstRun(first) => login::draw_first_run(state, &painter, first, frame, body),
        Screen::Login(login) => login::draw_login(state, &painter, login, frame, body),
        Screen::Settings(settings) => settings::draw(state, &painter, settings, frame, body),
        Screen::Accounts(accounts) => accounts::draw(state, &painter, accounts, frame, body),
        Screen::Audit(log) => audit::draw(state, &painter, log, frame, body),
        Screen::History(h) => history::draw(state, &painter, h, frame, body),
        Screen::Home(home) => home::draw(state, &painter, home, frame, body),
        Screen::Register(reg) => register::draw(state, &painter, reg, frame, body),
        Screen::Record(record) => record::draw(state, &painter, record, frame, body),
        Screen::Wizard(w) => wizard::draw(state, &painter, w, frame, body),
        Screen::StageChange(form) => stage::draw(state, &painter, form, frame, body),
        Screen::Progress(p) => progress::draw_progress(state, &painter, p, frame, body),
        Screen::Dashboard(board) => progress::draw_dashboard(state, &painter, board, frame, body),
    }
    status_line(state, &painter, frame, bottom);
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help::draw(state, &painter, *scroll, frame, body),
        Some(Overlay::Confirm(confirm)) => confirm_box(state, &painter, *confirm, frame, body),
        Some(Overlay::PickForm { selected }) => pick_form(state, &painter, *selected, frame, body),
        Some(Overlay::Answer { place, scroll }) => wizard::whole_answer(state, &painter, *place, *scroll, frame, body),
        None => {}
    }
}

fn title_bar(state: &AppState, painter: &Painter, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let screen = match &state.screen {
        _ if state.lock.is_some() => T::LockTitle.get(lang),
        _ if state.recovery.is_some() => T::RecoveryTitle.get(lang),
        Screen::FirstRun(_) => T::FirstRunTitle.get(lang),
        Screen::Login(_) => T::LoginTitle.get(lang),
        Screen::Settings(_) => T::SettingsTitle.get(lang),
        Screen::Home(_) => T::HomeTitle.get(lang),
        Screen::Register(reg) if reg.editing.is_some() => T::EditTitle.get(lang),
        Screen::Register(_) => T::RegisterTitle.get(lang),
        Screen::Record(_) => T::RecordTitle.get(lang),
        Screen::Wizard(w) => &w.form.title.get(lang),
        Screen::StageChange(form) if form.correcting.is_some() => T::StageFixTitle.get(lang),
        Screen::StageChange(_) => T::StageTitle.get(lang),
        Screen::Progress(_) => T::ProgressTitle.get(lang),
        Screen::Dashboard(_) => T::DashboardTitle.get(lang),
        Screen::Accounts(_) => T::AccountsTitle.get(lang),
        Screen::Audit(_) => T::AuditTitle.get(lang),
        Screen::History(_) => T::HistScreen.get(lang),
    };
    let buf = frame.buffer_mut();
    buf.set_style(area, theme::title_bar());
    let inner = Rect { x: area.x + 1, width: area.width.saturating_sub(2), ..area };
    let columns = painter.columns(inner, &[Constraint::Fill(1), Constraint::Length(30)]);
    let title = format!("{} · {}", T::AppName.get(lang), screen);
    painter.ui_text(buf, columns[0], &title, theme::title_bar());
    let who = state.session.as_ref().map_or("", |s| s.full_name.as_str());
    let name = [(who, theme::title_bar())];
    painter.line_end(buf, columns[1], &name, crate::text::Dir::Auto);
}

/// The bottom line: the last message if there is one, else the keyboard layer (in a text
/// field) and the main keys of the screen.
fn status_line(state: &AppState, painter: &Painter, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let buf = frame.buffer_mut();
    if let Some(status) = state.status.as_ref().filter(|_| state.lock.is_none()) {
        painter.ui_text(buf, area, &status.text, theme::status(status.error));
        return;
    }
    let keyboard = state.typing_in_input().then(|| {
        let key = crate::app::keymap::key_for(state.context(), crate::app::Action::ToggleKeyboard, lang);
        let message = if state.arabic_keyboard() { T::KeyboardArabic } else { T::KeyboardAsTyped };
        message.fill(lang, &[("key", &key)])
    });
    let mut room = area.width as usize;
    let mut texts: Vec<(String, ratatui::style::Style)> = Vec::new();
    if let Some(keyboard) = keyboard {
        room = room.saturating_sub(widgets::width(&keyboard) + 3);
        texts.push((format!(" {keyboard} "), theme::key()));
        texts.push(("  ".into(), Default::default()));
    }
    for (key, help) in keymap::hints(state.context(), lang, crate::app::rights::role_of(state)) {
        if help == T::KeyKeyboard {
            continue;
        }
        let help = key_word(state, help);
        let needed = widgets::width(&key) + widgets::width(help.get(lang)) + 5;
        if needed > room {
            break;
        }
        room -= needed;
        texts.push((format!(" {key} "), theme::key()));
        texts.push((format!(" {}  ", help.get(lang)), Default::default()));
    }
    let pieces: Vec<paint::Piece> = texts.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    painter.line(buf, area, &pieces, painter.ui_dir());
}

fn confirm_box(state: &AppState, painter: &Painter, confirm: crate::app::Confirm, frame: &mut Frame, body: Rect) {
    let lang = state.lang;
    let yes = keymap::key_for(keymap::Context::Confirm, crate::app::Action::Yes, lang);
    let no = keymap::key_for(keymap::Context::Confirm, crate::app::Action::No, lang);
    let mut question = confirm.question().fill(lang, &[("yes", &yes), ("no", &no)]);
    if let Screen::Register(reg) = &state.screen
        && let Some(pair) = &reg.possible_duplicate
    {
        let same = &pair.1;
        let name = format!(
            "{} / {}",
            crate::i18n::isolate(&crate::domain::display_name(&same.name_ar)),
            crate::i18n::isolate(&crate::domain::display_name(&same.name_latin))
        );
        let date = crate::form::format_date(same.date_of_birth);
        let args = [("name", name.as_str()), ("date", &date), ("file", &same.file_number), ("yes", &yes), ("no", &no)];
        question = confirm.question().fill(lang, &args);
    }
    if let Screen::Register(reg) = &state.screen
        && let Some(word) = &reg.mixed_script
    {
        question =
            confirm.question().fill(lang, &[("word", &crate::domain::display_name(word)), ("yes", &yes), ("no", &no)]);
    }
    if confirm == crate::app::Confirm::QuitUnsaved
        && let Screen::Wizard(w) = &state.screen
    {
        let why = state.unsaved.as_ref().map(|f| f.message(lang)).unwrap_or_default();
        let what = w.field().map(|f| crate::i18n::isolate(&f.label.get(lang))).unwrap_or_default();
        question = confirm.question().fill(lang, &[("why", &why), ("what", &what), ("yes", &yes), ("no", &no)]);
    }
    if let Screen::Accounts(accounts) = &state.screen
        && let Some(row) = accounts.current()
    {
        question = confirm.question().fill(lang, &[("user", &row.username), ("yes", &yes), ("no", &no)]);
    }
    let area = widgets::centered(body, 64, 6);
    frame.render_widget(Clear, area);
    let block = painter.block("");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    painter.paragraph(frame.buffer_mut(), inner, &[(&question, theme::heading())], painter.ui_dir());
}

/// The forms a new interview can be taken with (the newest version of each), numbered.
fn pick_form(state: &AppState, painter: &Painter, selected: usize, frame: &mut Frame, body: Rect) {
    let forms = crate::app::forms::latest(&state.forms);
    let area = widgets::centered(body, 60, forms.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = painter.block(T::PickFormTitle.get(state.lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let texts: Vec<String> =
        forms.iter().enumerate().map(|(i, f)| format!("{}. {}", i + 1, f.title.get(state.lang))).collect();
    let items: Vec<Vec<paint::Piece>> = texts.iter().map(|t| vec![(t.as_str(), Default::default())]).collect();
    painter.list(frame.buffer_mut(), inner, &items, painter.ui_dir(), Some(selected));
}

/// The words of a key's action as this screen shows them: the key that saves a reason says
/// what it saves ([`AppState::reason_save_word`]); on the correction of a stage change, the key
/// that records it checks it and asks the reason.
pub(crate) fn key_word(state: &AppState, help: T) -> T {
    match help {
        T::KeySaveCorrection => state.reason_save_word(),
        T::KeySaveStage if matches!(&state.screen, Screen::StageChange(f) if f.correcting.is_some()) => {
            T::KeyStageFixNext
        }
        _ => help,
    }
}

/// The hint under the reason of a correction, its keys named from the keymap.
/// The reason of a correction (a void, a discard, a corrected stage change), asked in a box
/// titled `title` at the foot of `area`, under `question`, what saving it will do.
pub(crate) fn reason_box(
    state: &AppState,
    painter: &Painter,
    (title, question): (T, T),
    reason: &crate::app::TextInput,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = state.lang;
    let height = 5.min(area.height);
    let boxed = Rect { y: area.y + area.height - height, height, ..area };
    frame.render_widget(Clear, boxed);
    let block = painter.block(title.get(lang));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [what, line, ask] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    painter.ui_text(frame.buffer_mut(), what, question.get(lang), theme::heading());
    let active = state.overlay.is_none();
    painter.input(frame, line, reason, theme::input(active), active);
    painter.ui_text(frame.buffer_mut(), ask, &reason_hint(lang), theme::hint());
}

pub(crate) fn reason_hint(lang: crate::i18n::Lang) -> String {
    use crate::app::keymap::{Context, key_for};
    let save = key_for(Context::Reason, crate::app::Action::Submit, lang);
    let back = key_for(Context::Reason, crate::app::Action::Back, lang);
    crate::i18n::T::CorrReasonAsk.fill(lang, &[("save", &save), ("back", &back)])
}
